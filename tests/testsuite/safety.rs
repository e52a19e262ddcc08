//! Attacks on the editor's files, as a careless editor or a hostile pull request would make
//! them, each reproduced through the real binary: yokoten never deletes, mixes or leaks a
//! file, and never hangs, whatever the output path, the links or the files in the site.
//! (The server's attacks are in `serve_safety`, YAML's in `front_matter_safety`.)

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::Duration;

use crate::prelude::*;
use crate::site_test::live::{tree, Live};

type Tree = std::collections::BTreeMap<String, Vec<u8>>;

/// Build with this `--output` (relative paths from the site folder).
fn build_to(site: &SiteTest, output: &str, extra: &[&str]) -> Run {
    let mut args = vec!["build", "--output", output];
    args.extend_from_slice(extra);
    site.run(&args)
}

#[track_caller]
fn assert_same_tree(before: &Tree, dir: &Path, what: &str) {
    let after = tree(dir);
    let changed: Vec<&String> = before
        .keys()
        .chain(after.keys())
        .filter(|k| before.get(*k) != after.get(*k))
        .collect();
    assert!(changed.is_empty(), "{what}: changed {changed:?}");
}

#[cfg(unix)]
fn symlink(target: impl AsRef<Path>, link: impl AsRef<Path>) {
    std::fs::create_dir_all(link.as_ref().parent().unwrap()).unwrap();
    std::os::unix::fs::symlink(target, link).unwrap();
}

// ---------------------------------------------------------------------------------------
// 1. Never delete what yokoten did not make.

#[test]
fn an_output_that_is_holds_or_lies_in_a_source_is_refused_and_nothing_is_deleted() {
    let site = SiteTest::with_two_cases();
    #[cfg(unix)]
    symlink(site.root(), site.tmp().join("link-to-site"));
    let before = tree(site.root());
    let outside = tree(site.tmp());
    let mut outputs = vec![
        // The folder holding the site: `--output ..` deleted the site's sources.
        "..".to_string(),
        ".".to_string(),
        "x/../content".to_string(),
        "content/cases".to_string(),
        "themes/default".to_string(),
        "site.yaml".to_string(),
        site.tmp().to_string_lossy().into_owned(),
    ];
    if cfg!(unix) {
        outputs.push("../link-to-site".into());
        outputs.push("../link-to-site/content".into());
    }
    for output in &outputs {
        let run = build_to(&site, output, &[]);
        run.assert_code(1);
        run.stderr_contains("出力先");
        assert_same_tree(&before, site.root(), &format!("--output {output}"));
    }
    // Not even with --force.
    build_to(&site, "..", &["--force"]).assert_code(1);
    assert_same_tree(&before, site.root(), "--output .. --force");
    let after: Vec<String> = tree(site.tmp()).into_keys().collect();
    let was: Vec<String> = outside.into_keys().collect();
    assert_eq!(after, was, "files appeared or vanished beside the site");
}

#[test]
fn a_folder_of_other_files_is_kept_unless_forced_and_a_file_is_never_replaced() {
    let site = SiteTest::with_two_cases();
    let docs = site.tmp().join("docs");
    std::fs::create_dir_all(&docs).unwrap();
    std::fs::write(docs.join("議事録.txt"), "大事な記録").unwrap();
    let docs_s = docs.to_string_lossy().into_owned();
    let run = build_to(&site, &docs_s, &[]);
    run.assert_code(1)
        .stderr_contains("yokoten が作ったのではないファイル")
        .stderr_contains("議事録.txt")
        .stderr_contains("--force");
    assert_eq!(
        std::fs::read_to_string(docs.join("議事録.txt")).unwrap(),
        "大事な記録"
    );

    // A plain file as the output: never replaced, --force or not.
    let notes = site.tmp().join("notes.txt");
    std::fs::write(&notes, "メモ").unwrap();
    for extra in [&[][..], &["--force"][..]] {
        build_to(&site, "../notes.txt", extra)
            .assert_code(1)
            .stderr_contains("ファイルです");
        assert_eq!(std::fs::read_to_string(&notes).unwrap(), "メモ");
    }

    // Asked for, the folder is replaced by the site.
    let run = build_to(&site, &docs_s, &["--force"]);
    run.assert_success()
        .assert_exists("cases/awara/index.html")
        .assert_exists(".yokoten-output")
        .assert_missing("議事録.txt");
}

#[test]
fn an_output_an_earlier_yokoten_wrote_is_adopted() {
    let site = SiteTest::with_two_cases();
    let run = site.build();
    run.assert_success().assert_exists(".yokoten-output");
    // As written before the marker existed.
    std::fs::remove_file(site.out().join(".yokoten-output")).unwrap();
    site.build()
        .assert_success()
        .assert_exists(".yokoten-output");
    // An empty folder is fine too.
    let empty = site.tmp().join("empty");
    std::fs::create_dir(&empty).unwrap();
    build_to(&site, &empty.to_string_lossy(), &[]).assert_success();
}

// ---------------------------------------------------------------------------------------
// 2. One build at a time.

/// `build --watch` of `site`, and a `build` of the same output started behind it, once it
/// says it waits.
fn build_behind_a_watch(site: &SiteTest) -> (Live, Live) {
    let watch = site.watch(&[]);
    let out = site.out().to_string_lossy().into_owned();
    let root = site.root().to_string_lossy().into_owned();
    let second = site.spawn_env(
        &["build", "--root", &root, "--output", &out],
        site.out(),
        &[],
    );
    second.wait_line("終わるまで待ちます");
    (watch, second)
}

#[cfg(unix)]
#[test]
fn a_second_build_waits_for_the_one_writing_the_same_output() {
    let site = SiteTest::with_two_cases();
    let (mut watch, mut second) = build_behind_a_watch(&site);
    std::thread::sleep(Duration::from_millis(800));
    assert!(
        !second.lines().iter().any(|l| l.starts_with("完成しました")),
        "the second build wrote while the watcher held the output:\n{}",
        second.transcript()
    );
    watch.interrupt();
    assert_eq!(watch.wait_exit(), Some(130));
    assert_eq!(second.wait_exit(), Some(0), "{}", second.transcript());
    second.wait_line("完成しました");
}

#[test]
fn builds_of_two_sites_into_one_output_at_once_leave_one_whole_site() {
    let a = SiteTest::with_two_cases();
    let mut b = SiteTest::new();
    b.case(
        "miyakonojo",
        CaseBuilder::default()
            .title("マイナンバーカードの申請を支える")
            .municipality("都城市")
            .prefecture("宮崎県"),
    );
    for s in [&a, &b] {
        s.build_with(&["--base-url", "https://example.jp/"])
            .assert_success();
    }
    let want_a = tree(&a.out());
    let want_b = tree(&b.out());
    let shared = a.tmp().join("shared-out");
    let shared_s = shared.to_string_lossy().into_owned();
    for _round in 0..3 {
        let children: Vec<std::process::Child> = [&a, &b]
            .iter()
            .map(|s| {
                Command::new(env!("CARGO_BIN_EXE_yokoten"))
                    .args([
                        "build",
                        "--base-url",
                        "https://example.jp/",
                        "--output",
                        &shared_s,
                    ])
                    .current_dir(s.root())
                    .stdout(Stdio::null())
                    .stderr(Stdio::null())
                    .spawn()
                    .unwrap()
            })
            .collect();
        for mut c in children {
            assert!(c.wait().unwrap().success());
        }
        let got = tree(&shared);
        assert!(
            got == want_a || got == want_b,
            "the output mixes the two sites"
        );
    }
    let beside: Vec<String> = std::fs::read_dir(a.tmp())
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.contains("staging") || n.contains("-old-"))
        .collect();
    assert!(beside.is_empty(), "working folders left: {beside:?}");
}

#[cfg(unix)]
#[test]
fn serve_works_in_a_private_folder_it_removes_on_exit() {
    use std::os::unix::fs::PermissionsExt;
    let site = SiteTest::with_two_cases();
    let tmpdir = site.tmp().join("system-tmp");
    // Another local user's folder with a guessable name and their page in it.
    let planted = tmpdir.join("yokoten-serve-0000000000000000");
    std::fs::create_dir_all(&planted).unwrap();
    std::fs::write(planted.join("evil.html"), "<script>steal()</script>").unwrap();
    let port = crate::site_test::live::free_port().to_string();
    let root = site.root().to_string_lossy().into_owned();
    let mut live = site.spawn_env(
        &["serve", "--root", &root, "--port", &port],
        PathBuf::new(),
        &[("TMPDIR", &tmpdir)],
    );
    live.wait_line("変更を見張っています");
    let line = live.wait_line("プレビュー: http://127.0.0.1:");
    live.port = line
        .rsplit(':')
        .next()
        .and_then(|p| p.split('/').next())
        .and_then(|p| p.parse().ok());
    let (status, _, body) = live.get("/");
    assert_eq!(status, 200);
    assert!(String::from_utf8_lossy(&body).contains("書かない窓口"));
    assert_eq!(
        live.get("/evil.html").0,
        404,
        "serve published a planted file"
    );
    let own: Vec<PathBuf> = std::fs::read_dir(&tmpdir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p != &planted)
        .collect();
    assert_eq!(own.len(), 1, "serve's own folder: {own:?}");
    let mode = std::fs::metadata(&own[0]).unwrap().permissions().mode();
    assert_eq!(mode & 0o777, 0o700, "serve's folder is readable by others");
    assert!(
        !site.root().join("public").exists(),
        "serve wrote into public/"
    );
    live.interrupt();
    assert_eq!(live.wait_exit(), Some(130));
    assert!(!own[0].exists(), "serve left its folder behind");
    assert!(
        planted.join("evil.html").exists(),
        "serve removed a folder it did not make"
    );
}

// ---------------------------------------------------------------------------------------
// 3. A closed content boundary.

#[cfg(unix)]
#[test]
fn links_out_of_the_site_are_refused_and_nothing_leaks() {
    const SECRET: &str = "-----BEGIN OPENSSH PRIVATE KEY----- b3BlbnNzaC1rZXktdjEAAAA";
    let mut site = SiteTest::with_two_cases();
    let private = site.tmp().join("home/.ssh");
    std::fs::create_dir_all(&private).unwrap();
    std::fs::write(private.join("id_ed25519"), SECRET).unwrap();
    site.build().assert_success();

    type Attack = Box<dyn Fn(&mut SiteTest)>;
    let attacks: Vec<(&str, Attack)> = vec![
        (
            "content/cases/evil",
            Box::new(|s: &mut SiteTest| {
                // A case folder that is a link to the home folder, with an index.md there.
                let home = s.tmp().join("home");
                std::fs::write(home.join("index.md"), CaseBuilder::default().text()).unwrap();
                symlink(&home, s.root().join("content/cases/evil"));
            }),
        ),
        (
            "content/cases/awara/key.txt",
            Box::new(|s: &mut SiteTest| {
                s.remove("content/cases/awara.md");
                s.case_dir("awara", CaseBuilder::default());
                symlink(
                    s.tmp().join("home/.ssh/id_ed25519"),
                    s.root().join("content/cases/awara/key.txt"),
                );
            }),
        ),
        (
            "static",
            Box::new(|s: &mut SiteTest| {
                symlink(s.tmp().join("home/.ssh"), s.root().join("static"))
            }),
        ),
        (
            // Folders in the middle of a path: the whole cases folder, the pages, the theme.
            "content/cases",
            Box::new(|s: &mut SiteTest| {
                let elsewhere = s.tmp().join("elsewhere-cases");
                std::fs::create_dir_all(&elsewhere).unwrap();
                std::fs::write(elsewhere.join("x.md"), CaseBuilder::default().text()).unwrap();
                s.remove("content/cases");
                symlink(&elsewhere, s.root().join("content/cases"));
            }),
        ),
        (
            "content/pages",
            Box::new(|s: &mut SiteTest| {
                let elsewhere = s.tmp().join("elsewhere-pages");
                std::fs::create_dir_all(&elsewhere).unwrap();
                std::fs::write(
                    elsewhere.join("about.md"),
                    "---\ntitle: x\n---\nBEGIN OPENSSH",
                )
                .unwrap();
                s.remove("content/pages");
                symlink(&elsewhere, s.root().join("content/pages"));
            }),
        ),
        (
            "themes/default",
            Box::new(|s: &mut SiteTest| {
                let elsewhere = s.tmp().join("elsewhere-theme");
                crate::site_test::copy_dir(&s.root().join("themes/default"), &elsewhere);
                std::fs::write(elsewhere.join("static/key.txt"), "BEGIN OPENSSH").unwrap();
                s.remove("themes/default");
                symlink(&elsewhere, s.root().join("themes/default"));
            }),
        ),
        (
            // A folder that holds itself twice: 2^32 folders to walk if followed.
            "content/cases/awara/a",
            Box::new(|s: &mut SiteTest| {
                s.remove("content/cases/awara.md");
                s.case_dir("awara", CaseBuilder::default());
                symlink(".", s.root().join("content/cases/awara/a"));
                symlink(".", s.root().join("content/cases/awara/b"));
            }),
        ),
        (
            "content/cases/passwd.md",
            Box::new(|s: &mut SiteTest| {
                symlink("/etc/passwd", s.root().join("content/cases/passwd.md"))
            }),
        ),
        (
            "content/cases/git.md",
            Box::new(|s: &mut SiteTest| {
                // Inside the site, but in .git, where a checkout keeps its token.
                s.write(
                    ".git/config",
                    "[http] extraheader = AUTHORIZATION: basic c2VjcmV0",
                );
                symlink(
                    s.root().join(".git/config"),
                    s.root().join("content/cases/git.md"),
                );
            }),
        ),
    ];
    for (name, attack) in attacks {
        let mut s = SiteTest::with_two_cases();
        std::fs::create_dir_all(s.tmp().join("home/.ssh")).unwrap();
        std::fs::write(s.tmp().join("home/.ssh/id_ed25519"), SECRET).unwrap();
        s.build().assert_success();
        let before = tree(&s.out());
        attack(&mut s);
        let run = s.build();
        run.assert_code(1)
            .stderr_contains(name)
            .stderr_contains("リンク")
            .stderr_lacks("root:")
            .stderr_lacks("BEGIN OPENSSH")
            .stderr_lacks("AUTHORIZATION");
        assert_same_tree(&before, &s.out(), name);
    }

    // A link that stays inside the site is followed.
    site.write(
        "shared/common.md",
        CaseBuilder::default().title("共有の事例").text(),
    );
    symlink(
        site.root().join("shared/common.md"),
        site.root().join("content/cases/common.md"),
    );
    site.build()
        .assert_success()
        .assert_file_contains("cases/common/index.html", "共有の事例");
}

#[test]
fn a_theme_is_a_folder_name_never_a_path() {
    // A theme outside the site, with templates that would publish what they like.
    let site = SiteTest::with_two_cases();
    let outside = site.tmp().join("evil-theme");
    crate::site_test::copy_dir(&site.root().join("themes/default"), &outside);
    let evil = outside.to_string_lossy().into_owned();
    for theme in [
        "../../evil-theme",
        evil.as_str(),
        "..",
        "default/../../evil-theme",
    ] {
        let mut site = SiteTest::with_two_cases();
        crate::site_test::copy_dir(&outside, &site.tmp().join("evil-theme"));
        site.config("theme", &format!("\"{theme}\""));
        let run = site.build();
        run.assert_code(1)
            .stderr_contains("site.yaml")
            .stderr_contains("theme");
        assert!(!run.out.exists(), "theme {theme}: something was written");
    }
}

#[cfg(unix)]
#[test]
fn special_files_named_like_cases_are_refused_without_hanging() {
    let mut site = SiteTest::with_two_cases();
    let fifo = site.root().join("content/cases/pipe.md");
    let c = std::ffi::CString::new(fifo.to_str().unwrap()).unwrap();
    // SAFETY: a valid C string; mkfifo only creates the file.
    assert_eq!(unsafe { libc::mkfifo(c.as_ptr(), 0o644) }, 0);
    symlink("/dev/zero", site.root().join("content/cases/zero.md"));
    let run_in_time = |site: &SiteTest| {
        let root = site.root().to_string_lossy().into_owned();
        let out = site.out().to_string_lossy().into_owned();
        let mut live = site.spawn_env(
            &["build", "--root", &root, "--output", &out],
            site.out(),
            &[],
        );
        let code = live.wait_exit();
        (code, live.transcript())
    };
    let (code, transcript) = run_in_time(&site);
    assert_eq!(code, Some(1), "{transcript}");
    assert!(transcript.contains("content/cases/pipe.md"), "{transcript}");
    assert!(transcript.contains("content/cases/zero.md"), "{transcript}");
    site.remove("content/cases/zero.md");
    let (code, _) = run_in_time(&site);
    assert_eq!(code, Some(1));
}

// ---------------------------------------------------------------------------------------
// 4. Published files are inert.

#[test]
fn files_beside_a_case_that_could_run_are_refused() {
    let attacks: [(&str, &[u8]); 6] = [
        ("evil.html", b"<script>alert(document.cookie)</script>"),
        ("app.js", b"fetch('/x')"),
        (
            "pic.svg",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"><script>alert(1)</script></svg>",
        ),
        (
            "onload.svg",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\" onload=\"alert(1)\"/>",
        ),
        ("photo.png", b"<html><script>alert(1)</script></html>"),
        ("index.html", b"<h1>not the case page</h1>"),
    ];
    for (name, bytes) in attacks {
        let mut site = SiteTest::with_two_cases();
        site.remove("content/cases/awara.md")
            .case_dir("awara", CaseBuilder::default())
            .write(format!("content/cases/awara/{name}"), bytes);
        let run = site.build();
        run.assert_code(1)
            .stderr_contains(&format!("content/cases/awara/{name}"));
        assert!(!run.out.exists(), "{name}: the site was written");
    }
}

#[test]
fn pages_carry_a_content_security_policy_and_no_inline_script_or_style() {
    let mut site = SiteTest::with_two_cases();
    site.case(
        "table",
        CaseBuilder::default()
            .title("表のある事例")
            .body("| 左 | 中 | 右 |\n|:--|:-:|--:|\n| a | b | c |\n"),
    );
    let run = site.build();
    run.assert_success();
    for page in run.html_files() {
        let html = run.read(&page);
        assert!(
            html.contains("http-equiv=\"Content-Security-Policy\"")
                && html.contains("script-src 'self'")
                && html.contains("style-src 'self'"),
            "{page} has no CSP"
        );
        assert!(!html.contains(" style=\""), "{page} has an inline style");
        for script in html.split("<script").skip(1) {
            let tag = &script[..script.find('>').unwrap()];
            assert!(
                tag.contains("src=") || tag.contains("application/ld+json"),
                "{page} has an inline script: <script{tag}>"
            );
        }
    }
    run.assert_file_contains("cases/table/index.html", "class=\"align-center\"");
}

// ---------------------------------------------------------------------------------------
// 5. Safe exports.

#[test]
fn csv_cells_never_start_a_spreadsheet_formula() {
    let mut site = SiteTest::new();
    site.case(
        "formula",
        CaseBuilder::default()
            .title("=HYPERLINK(\"https://evil.example/\",\"詳しくはこちら\")")
            .summary("+1+cmd|' /C calc'!A0")
            .tags(&["@SUM(1+1)", "-2"]),
    );
    let run = site.build();
    run.assert_success();
    let csv = run.read("cases.csv");
    let mut reader = csv::Reader::from_reader(csv.trim_start_matches('\u{feff}').as_bytes());
    let row = reader.records().next().unwrap().unwrap();
    for cell in row.iter() {
        assert!(
            !cell.starts_with(['=', '+', '-', '@', '\t', '\r']),
            "a cell starts a formula: {cell:?}"
        );
    }
    assert!(row
        .iter()
        .any(|c| c == "'=HYPERLINK(\"https://evil.example/\",\"詳しくはこちら\")"));
    // The JSON catalogue keeps the text as written.
    run.assert_file_contains("cases.json", "=HYPERLINK");
}

#[test]
fn feeds_stay_well_formed_xml_whatever_the_text() {
    let mut site = SiteTest::with_two_cases();
    // As YAML escapes, which the YAML reader turns into the characters themselves.
    site.case(
        "odd",
        CaseBuilder::default()
            .raw("title", "\"題名\\uFFFFと\\uFFFE\"")
            .raw("summary", "\"要約\\u0001です\""),
    );
    let run = site.build();
    // Refused at validation, or published with the characters dropped: never broken XML.
    if run.code == Some(0) {
        for feed in ["atom.xml", "sitemap.xml", "categories/人材育成/atom.xml"] {
            let text = run.read(feed);
            markup::parse_xml(&text).unwrap_or_else(|e| panic!("{feed} is not well-formed: {e}"));
            // (The harness's parser is lenient about characters; XML 1.0 is not.)
            assert!(
                text.chars().all(yokoten::escape::xml_allowed),
                "{feed} holds a character XML forbids"
            );
        }
    } else {
        run.assert_code(1).stderr_contains("content/cases/odd.md");
    }
}

// ---------------------------------------------------------------------------------------
// 6. Bounded work.

#[test]
fn bodies_nested_too_deeply_are_refused_at_their_line() {
    for (name, body) in [
        (
            "quotes",
            format!("はじめに\n\n{} 深い\n", ">".repeat(100_000)),
        ),
        ("lists", format!("はじめに\n\n{}x\n", "- ".repeat(100_000))),
        ("html", format!("はじめに\n\n{}\n", "<div>".repeat(100_000))),
    ] {
        let mut site = SiteTest::with_two_cases();
        let mut c = CaseBuilder::default();
        c.body(&body);
        site.case("deep", &mut c);
        let line = line_of(&c.text(), "はじめに") + 2;
        let run = site.build();
        run.assert_code(1)
            .assert_error("content/cases/deep.md", line, &["深すぎます"]);
        assert!(!run.out.exists(), "{name}");
    }
}

// ---------------------------------------------------------------------------------------
// 7. Atomic in every mode.

/// A site of `n` cases (`c000`, `c001`…): big enough that a build takes a moment.
fn site_of(n: usize) -> SiteTest {
    let mut site = SiteTest::new();
    for i in 0..n {
        site.case(
            &format!("c{i:03}"),
            CaseBuilder::default().title(&format!("事例その{i}")),
        );
    }
    site
}

/// A change of the case template: every case page is rendered and written again.
fn new_case_template(site: &mut SiteTest) {
    site.write("templates/case.html", "{% extends \"base.html\" %}{% block content %}<article class=\"case\"><h1>{{ case.title }}</h1>新しい型</article>{% endblock content %}");
}

#[cfg(unix)]
#[test]
fn ctrl_c_during_a_build_leaves_the_published_site_whole() {
    let mut site = site_of(400);
    site.build().assert_success();
    new_case_template(&mut site);
    let root = site.root().to_string_lossy().into_owned();
    let out = site.out().to_string_lossy().into_owned();
    for delay in [30, 120, 400] {
        let before = tree(&site.out());
        let mut live = site.spawn_env(
            &["build", "--root", &root, "--output", &out],
            site.out(),
            &[],
        );
        std::thread::sleep(Duration::from_millis(delay));
        live.interrupt();
        let code = live.wait_exit();
        let now = tree(&site.out());
        match code {
            // Stopped: the site is exactly the one before.
            Some(130) => assert!(now == before, "an interrupted build changed the site"),
            // Done before the signal: the whole new site.
            Some(0) => {
                assert!(now.keys().eq(before.keys()));
                let page = String::from_utf8_lossy(&now["cases/c399/index.html"]).into_owned();
                assert!(page.contains("新しい型"));
            }
            other => panic!("exit {other:?}:\n{}", live.transcript()),
        }
        let leftovers: Vec<String> = std::fs::read_dir(site.tmp())
            .unwrap()
            .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
            .filter(|n| n.contains("staging") || n.contains("-old-"))
            .collect();
        assert!(leftovers.is_empty(), "left {leftovers:?}");
    }
}

/// No page of a live output is ever empty or half-written, and no temporary file is left.
#[track_caller]
fn assert_whole(out: &Path) {
    for (path, bytes) in tree(out) {
        assert!(!path.contains("yokoten-tmp"), "temporary file left: {path}");
        if path.ends_with(".html") {
            let text = String::from_utf8_lossy(&bytes);
            assert!(text.trim_end().ends_with("</html>"), "{path} is cut short");
        }
    }
}

#[cfg(unix)]
#[test]
fn ctrl_c_during_watch_finishes_the_rebuild() {
    let mut site = site_of(200);
    let mut live = site.watch(&[]);
    new_case_template(&mut site);
    live.wait_until("the rebuild starts", || {
        std::fs::read_to_string(site.out().join("cases/c000/index.html"))
            .is_ok_and(|t| t.contains("新しい型"))
            || live.lines().iter().any(|l| l.starts_with("反映しました"))
    });
    live.interrupt();
    assert_eq!(live.wait_exit(), Some(130), "{}", live.transcript());
    assert_whole(&site.out());
    let watched = tree(&site.out());
    let clean_out = site.tmp().join("clean");
    let clean_s = clean_out.to_string_lossy().into_owned();
    site.run(&["build", "--output", &clean_s]).assert_success();
    assert!(
        watched == tree(&clean_out),
        "after Ctrl+C the output differs from a clean build"
    );
}

/// Put a folder where the file `rel` of the output is, so that writing it fails (for root
/// too), and give the file's old bytes back when asked.
fn obstruct(out: &Path, rel: &str) -> PathBuf {
    let path = out.join(rel);
    let _ = std::fs::remove_file(&path);
    std::fs::create_dir_all(path.join("obstacle")).unwrap();
    path
}

/// The files of a site but its search index's data (which the authoring loop writes in the
/// background, a moment after the pages).
fn pages(t: &Tree) -> Tree {
    t.iter()
        .filter(|(k, _)| !k.starts_with("search/") || *k == "search/index.html")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

#[test]
fn random_edits_with_failed_writes_end_equal_to_a_clean_build() {
    let steps: usize = std::env::var("YOKOTEN_RANDOM_STEPS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(24);
    // Fixed in CI; `YOKOTEN_RANDOM_SEED` and `YOKOTEN_RANDOM_STEPS` for longer runs.
    let seed = std::env::var("YOKOTEN_RANDOM_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(0x5eed_1234_abcd_0001);
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut site = SiteTest::new();
    let titles = [
        "窓口の改善",
        "書かない窓口",
        "手上げ式の推進員",
        "AIの議事録",
    ];
    let prefs = ["福井県", "北海道", "宮崎県", "長野県"];
    // Each case's current (valid) text, so that a broken edit can be fixed again.
    let mut cases: std::collections::BTreeMap<String, CaseBuilder> = (0..6)
        .map(|i| {
            let mut c = CaseBuilder::default();
            c.title(titles[i % 4]);
            (format!("c{i}"), c)
        })
        .collect();
    for (n, c) in &cases {
        site.case(n, c.clone());
    }
    let live: Live = site.watch(&[]);
    let out = live.out.clone();
    let mut obstacles: Vec<PathBuf> = Vec::new();
    let mut next = 6;
    // Apply one change and wait for the rebuild it causes.
    let rebuild = |change: &mut dyn FnMut()| live.after(Duration::from_millis(150), change);
    for step in 0..steps {
        let names: Vec<String> = cases.keys().cloned().collect();
        let name = names[rng.usize(..names.len())].clone();
        let roll = rng.usize(..10);
        // Before some edits of a case's text, block its page, which the edit rewrites: the
        // write fails, and a later rebuild must write it again.
        if roll <= 3 && rng.usize(..2) == 0 {
            obstacles.push(obstruct(&out, &format!("cases/{name}/index.html")));
        }
        match roll {
            0..=3 => {
                let c = cases.get_mut(&name).unwrap();
                c.title(titles[rng.usize(..4)])
                    .prefecture(prefs[rng.usize(..4)])
                    .body(&format!("本文 {step}\n"));
                let text = c.text();
                rebuild(&mut || {
                    site.case_file(&format!("{name}.md"), &text);
                });
            }
            4 => {
                let new = format!("c{next}");
                next += 1;
                let mut c = CaseBuilder::default();
                c.title(titles[rng.usize(..4)]);
                let text = c.text();
                cases.insert(new.clone(), c);
                rebuild(&mut || {
                    site.case_file(&format!("{new}.md"), &text);
                });
            }
            5 if cases.len() > 2 => {
                cases.remove(&name);
                rebuild(&mut || {
                    site.remove(format!("content/cases/{name}.md"));
                });
            }
            6 => {
                let c = cases.get_mut(&name).unwrap();
                c.draft(rng.usize(..2) == 0);
                let text = c.text();
                rebuild(&mut || {
                    site.case_file(&format!("{name}.md"), &text);
                });
            }
            7 => {
                // A broken edit, then its fix.
                let mut broken = cases[&name].clone();
                broken.prefecture("福井");
                let (bad, good) = (broken.text(), cases[&name].text());
                rebuild(&mut || {
                    site.case_file(&format!("{name}.md"), &bad);
                });
                rebuild(&mut || {
                    site.case_file(&format!("{name}.md"), &good);
                });
            }
            8 => {
                rebuild(&mut || {
                    site.write("static/note.txt", format!("step {step}"));
                });
            }
            _ => {
                let c = cases.get_mut(&name).unwrap();
                c.tags(&["勉強会", titles[rng.usize(..4)]]);
                let text = c.text();
                rebuild(&mut || {
                    site.case_file(&format!("{name}.md"), &text);
                });
            }
        }
        // Now and then the obstacles go (as a virus scanner lets go of a file), and the
        // next change, which touches no case, must write what failed: compared with a clean
        // build at once, before later edits could rewrite those pages by chance.
        if !obstacles.is_empty() && rng.usize(..2) == 0 {
            for o in obstacles.drain(..) {
                let _ = std::fs::remove_dir_all(&o);
            }
            rebuild(&mut || {
                site.write("static/note.txt", format!("after step {step}"));
            });
            let clean = site.tmp().join("clean");
            let clean_s = clean.to_string_lossy().into_owned();
            site.run(&["build", "--output", &clean_s]).assert_success();
            let (got, want) = (pages(&tree(&out)), pages(&tree(&clean)));
            let differ: Vec<&String> = want
                .keys()
                .chain(got.keys())
                .filter(|k| got.get(*k) != want.get(*k))
                .collect();
            if let Some(first) = differ.first() {
                let (g, w) = (
                    String::from_utf8_lossy(got.get(*first).map_or(&[][..], |v| v)).into_owned(),
                    String::from_utf8_lossy(want.get(*first).map_or(&[][..], |v| v)).into_owned(),
                );
                let lines: Vec<String> = g
                    .lines()
                    .zip(w.lines())
                    .filter(|(a, b)| a != b)
                    .take(3)
                    .map(|(a, b)| format!("  watch: {a}\n  clean: {b}"))
                    .collect();
                panic!(
                    "step {step}: after a failed write, these differ from a clean build: {differ:?}\n{}\n{}",
                    lines.join("\n"),
                    live.transcript()
                );
            }
        }
    }
    for o in obstacles.drain(..) {
        let _ = std::fs::remove_dir_all(&o);
    }
    // One more change that touches no case: the pages that failed must be written now.
    rebuild(&mut || {
        site.write("static/note.txt", "last");
    });
    let clean_out = site.tmp().join("clean");
    let clean_s = clean_out.to_string_lossy().into_owned();
    site.run(&["build", "--output", &clean_s]).assert_success();
    let want = tree(&clean_out);
    // The pages come at once, the search index in the background a moment later.
    let start = std::time::Instant::now();
    loop {
        let got = tree(&out);
        if got == want {
            break;
        }
        if start.elapsed() > crate::site_test::live::PATIENCE {
            let differ: Vec<&String> = want
                .keys()
                .chain(got.keys())
                .filter(|k| got.get(*k) != want.get(*k))
                .collect();
            panic!(
                "after random edits and failed writes, these differ from a clean build: {differ:?}\n{}",
                live.transcript()
            );
        }
        std::thread::sleep(Duration::from_millis(100));
    }
    assert_whole(&out);
    assert!(
        live.transcript().contains("書き込めなかったファイル"),
        "no write failed: the obstacles tested nothing"
    );
}

// ---------------------------------------------------------------------------------------
// 10. No silent emptiness, no panic on a closed pipe, no control characters echoed.

#[test]
fn a_closed_stdout_ends_the_build_quietly_with_its_status() {
    let site = SiteTest::with_two_cases();
    let root = site.root().to_string_lossy().into_owned();
    let out = site.out().to_string_lossy().into_owned();
    let mut child = Command::new(env!("CARGO_BIN_EXE_yokoten"))
        .args(["build", "--root", &root, "--output", &out])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    // `yokoten build | head -0`: the reader is gone before the summary is printed.
    drop(child.stdout.take());
    let output = child.wait_with_output().unwrap();
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert_eq!(output.status.code(), Some(0), "{stderr}");
    assert!(!stderr.contains("panicked"), "{stderr}");
    assert!(site.out().join("cases/awara/index.html").is_file());

    // `yokoten build 2>&1 | head -0` with an error to report: both closed, the status stays.
    let mut broken = SiteTest::with_two_cases();
    broken.case("bad", CaseBuilder::default().prefecture("福井"));
    let mut child = Command::new(env!("CARGO_BIN_EXE_yokoten"))
        .args([
            "build",
            "--root",
            &broken.root().to_string_lossy(),
            "--output",
            &out,
        ])
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    drop(child.stdout.take());
    drop(child.stderr.take());
    assert_eq!(child.wait().unwrap().code(), Some(1));
}

#[test]
fn control_characters_from_content_never_reach_the_terminal() {
    let mut site = SiteTest::with_two_cases();
    // Written raw into the file, on a line a report shows: terminal sequences that clear
    // the screen, retitle the window and ring the bell, and a right-to-left override.
    site.case(
        "esc",
        CaseBuilder::default().body(&format!(
            "{}\u{1b}[2J\u{1b}]0;pwned\u{7}\u{0}深い\u{202e}\n",
            "> ".repeat(100)
        )),
    );
    let run = site.build();
    run.assert_code(1).stderr_contains("content/cases/esc.md");
    for c in run.stderr.chars() {
        assert!(
            !yokoten::escape::is_unsafe_for_terminal(c),
            "raw {:?} in the report:\n{}",
            c,
            run.stderr
        );
    }
    run.stderr_contains("\\u{1b}");
}

#[test]
fn init_and_new_case_never_write_over_a_file() {
    let site = SiteTest::with_two_cases();
    // A folder with an editor's page but no site.yaml (say, it was renamed).
    let dir = site.tmp().join("old-site");
    std::fs::create_dir_all(dir.join("content/pages")).unwrap();
    std::fs::write(dir.join("content/pages/about.md"), "編集者の文章").unwrap();
    let run = site.run_in(site.tmp(), &["init", "old-site"]);
    run.assert_code(2).stderr_contains("content/pages/about.md");
    assert_eq!(
        std::fs::read_to_string(dir.join("content/pages/about.md")).unwrap(),
        "編集者の文章"
    );
    assert!(!dir.join("site.yaml").exists(), "init wrote part of a site");

    // `new case` over a link to a place elsewhere writes nothing through it.
    #[cfg(unix)]
    {
        let target = site.tmp().join("elsewhere/.bashrc");
        std::fs::create_dir_all(target.parent().unwrap()).unwrap();
        symlink(&target, site.root().join("content/cases/linked.md"));
        site.run(&["new", "case", "linked"]).assert_code(2);
        assert!(!target.exists(), "new case wrote through a link");
    }
}

#[test]
fn a_category_named_dot_dot_cannot_take_the_home_page() {
    let mut site = SiteTest::with_two_cases();
    site.categories(&["人材育成", ".."]);
    let run = site.build();
    run.assert_code(1).stderr_contains("site.yaml");
    assert!(!run.out.exists());
}

#[test]
fn an_output_with_a_git_checkout_in_it_is_not_replaced() {
    // `git worktree add public gh-pages`: the worktree's .git is the editor's, not ours.
    let site = SiteTest::with_two_cases();
    site.build().assert_success();
    std::fs::write(
        site.out().join(".git"),
        "gitdir: ../site/.git/worktrees/public",
    )
    .unwrap();
    let run = site.build();
    run.assert_code(1)
        .stderr_contains(".git")
        .stderr_contains("--force");
    assert!(site.out().join(".git").exists());
    site.build_with(&["--force"]).assert_success();
}

#[test]
fn files_that_would_be_one_on_windows_and_macos_are_refused() {
    let mut site = SiteTest::with_two_cases();
    site.remove("content/cases/kitami.md")
        .case_dir("kitami", CaseBuilder::default().title("書かない窓口"))
        .write("content/cases/kitami/Photo.png", b"\x89PNG\r\n\x1a\n")
        .write("content/cases/kitami/photo.png", b"\x89PNG\r\n\x1a\n");
    let run = site.build();
    run.assert_code(1)
        .stderr_contains("cases/kitami/Photo.png")
        .stderr_contains("cases/kitami/photo.png");
    assert!(!run.out.exists());
}

#[cfg(unix)]
#[test]
fn ctrl_c_while_waiting_for_another_build_stops_the_wait() {
    let site = SiteTest::with_two_cases();
    let (mut watch, mut second) = build_behind_a_watch(&site);
    second.interrupt();
    assert_eq!(second.wait_exit(), Some(130), "{}", second.transcript());
    watch.interrupt();
    assert_eq!(watch.wait_exit(), Some(130));
}
