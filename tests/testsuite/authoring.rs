//! The authoring loop: `build --watch` and `serve` rebuild on the edits editors really make,
//! keep the last good site on a bad edit, and end with exactly what a clean build writes.

use std::time::Duration;

use crate::prelude::*;
use crate::site_test::live::tree;

fn two_case_site() -> SiteTest {
    let mut site = SiteTest::new();
    let mut a = CaseBuilder::default();
    a.title("あわら市の手上げ式DX推進員")
        .published("2024-03-01");
    let mut b = CaseBuilder::default();
    b.title("北見市の書かない窓口")
        .municipality("北見市")
        .prefecture("北海道")
        .published("2024-05-01");
    site.case("awara", a).case("kitami", b);
    site
}

fn case_text(title: &str) -> String {
    let mut c = CaseBuilder::default();
    c.title(title);
    c.text()
}

/// A clean build of the same site, into a folder of its own.
fn clean_build(site: &SiteTest) -> std::collections::BTreeMap<String, Vec<u8>> {
    let other = site.tmp().join("clean");
    let root = site.root().to_string_lossy().into_owned();
    let out = other.to_string_lossy().into_owned();
    site.run(&["build", "--root", &root, "--output", &out])
        .assert_success();
    tree(&other)
}

#[track_caller]
fn assert_same_as_clean_build(site: &SiteTest, live: &crate::site_test::live::Live) {
    live.settle(Duration::from_millis(700));
    let incremental = tree(&live.out);
    let clean = clean_build(site);
    let only_inc: Vec<_> = incremental
        .keys()
        .filter(|k| !clean.contains_key(*k))
        .collect();
    let only_clean: Vec<_> = clean
        .keys()
        .filter(|k| !incremental.contains_key(*k))
        .collect();
    assert!(
        only_inc.is_empty() && only_clean.is_empty(),
        "files differ: only incremental {only_inc:?}, only clean {only_clean:?}\n{}",
        live.transcript()
    );
    let differing: Vec<_> = clean
        .iter()
        .filter(|(k, v)| incremental[*k] != **v)
        .map(|(k, _)| k)
        .collect();
    assert!(
        differing.is_empty(),
        "bytes differ from a clean build: {differing:?}\n{}",
        live.transcript()
    );
}

#[test]
fn incremental_rebuilds_equal_a_clean_build() {
    let mut site = two_case_site();
    let live = site.watch(&[]);
    live.wait_file_contains("cases/awara/index.html", "あわら市の手上げ式DX推進員");

    // Edit a case's title: its page, the lists and its neighbour change.
    site.write(
        "content/cases/awara.md",
        case_text("あわら市の推進員制度(改訂)"),
    );
    live.wait_file_contains("cases/awara/index.html", "あわら市の推進員制度(改訂)");
    live.wait_file_contains("cases/index.html", "あわら市の推進員制度(改訂)");

    // A new case, in a folder with an image beside it.
    let mut c = CaseBuilder::default();
    c.title("新しい事例")
        .tags(&["新タグ"])
        .body("図: ![流れ](flow.svg)\n");
    site.write(
        "content/cases/newcase/flow.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.write("content/cases/newcase/index.md", c.text());
    live.wait_file_contains("cases/newcase/index.html", "新しい事例");
    live.wait_until("the image is copied", || {
        live.out.join("cases/newcase/flow.svg").is_file()
    });
    live.wait_until("the new tag has a page", || {
        live.out.join("tags/新タグ/index.html").is_file()
    });

    // A new image dropped beside a case later.
    site.write("content/cases/newcase/photo.png", b"\x89PNG\r\n\x1a\n");
    live.wait_until("the dropped image is copied", || {
        live.out.join("cases/newcase/photo.png").is_file()
    });

    // Delete a case: its page and its now empty term pages go.
    site.remove("content/cases/kitami.md");
    live.wait_until("the deleted case's page is gone", || {
        !live.out.join("cases/kitami/index.html").exists()
    });

    // Rename a case folder: the old URL goes, the new one comes.
    std::fs::rename(
        site.root().join("content/cases/newcase"),
        site.root().join("content/cases/renamed"),
    )
    .unwrap();
    live.wait_until("the renamed case is built", || {
        live.out.join("cases/renamed/index.html").is_file()
    });
    live.wait_until("the old folder is gone", || {
        !live.out.join("cases/newcase").exists()
    });

    // Move a case from a file into a folder of its own.
    std::fs::create_dir_all(site.root().join("content/cases/awara")).unwrap();
    std::fs::rename(
        site.root().join("content/cases/awara.md"),
        site.root().join("content/cases/awara/index.md"),
    )
    .unwrap();
    site.write(
        "content/cases/awara/chart.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    live.wait_until("the moved case has its image", || {
        live.out.join("cases/awara/chart.svg").is_file()
    });

    // A template change re-renders every page.
    let base = site.root().join("themes/default/templates/base.html");
    let text = std::fs::read_to_string(&base)
        .unwrap()
        .replace("</footer>", "<p>テンプレート変更</p></footer>");
    std::fs::write(&base, text).unwrap();
    live.wait_file_contains("cases/renamed/index.html", "テンプレート変更");
    live.wait_file_contains("index.html", "テンプレート変更");

    assert_same_as_clean_build(&site, &live);
}

/// Edits that keep every case in its place (text, title, summary, sources) are patched into
/// the kept model instead of rebuilding it; edits that move a case (a new date, a new tag)
/// are not. Both must end as a clean build would, with no
/// template change at the end to hide a page the patch forgot.
#[test]
fn patched_edits_equal_a_clean_build() {
    let mut site = SiteTest::new();
    site.config("paginate", "3");
    let case = |k: usize| {
        let mut c = CaseBuilder::default();
        c.title(&format!("事例{k:02} 窓口の改善"))
            .published(&format!("2024-04-{:02}", 1 + k / 2))
            .tags(if k.is_multiple_of(3) {
                &["LINE", "RPA"][..]
            } else {
                &["LINE"][..]
            })
            .summary(&format!("事例{k:02}の要約。"));
        c
    };
    for k in 0..12 {
        site.case(&format!("c{k:02}"), case(k));
    }
    let live = site.watch(&[]);
    live.wait_file_contains("cases/c05/index.html", "事例05 窓口の改善");

    // A new title: the case page, list pages, term pages, related lists and neighbours.
    let mut c = case(5);
    c.title("事例05 書かない窓口");
    site.write("content/cases/c05.md", c.text());
    live.wait_file_contains("cases/c05/index.html", "事例05 書かない窓口");
    live.wait_file_contains("tags/LINE/page/3/index.html", "事例05 書かない窓口");

    // A new summary, new sources and a longer body.
    let mut c = case(3);
    c.summary("要約を書き直した。")
        .source("市の報告書", "https://example.jp/report")
        .body("本文を書き直した。\n\n## 新しい節\n\n追記。\n");
    site.write("content/cases/c03.md", c.text());
    live.wait_file_contains("cases/c03/index.html", "新しい節");
    live.wait_file_contains("cases/page/4/index.html", "要約を書き直した。");

    // Two saves in one burst.
    let mut a = case(8);
    a.title("事例08 電子申請");
    let mut b = case(10);
    b.body("別の本文。\n");
    site.write("content/cases/c08.md", a.text());
    site.write("content/cases/c10.md", b.text());
    live.wait_file_contains("cases/c08/index.html", "事例08 電子申請");
    live.wait_file_contains("cases/c10/index.html", "別の本文。");
    assert_same_as_clean_build(&site, &live);

    // A new date moves the case.
    let mut c = case(7);
    c.title("事例07 先頭へ").published("2024-05-01");
    site.write("content/cases/c07.md", c.text());
    live.wait_file_contains("cases/index.html", "事例07 先頭へ");

    // A new tag: new term page, other related lists.
    let mut c = case(4);
    c.tags(&["LINE", "RPA"]);
    site.write("content/cases/c04.md", c.text());
    live.wait_until("c04 is listed under RPA", || {
        tree(&live.out)
            .iter()
            .filter(|(k, _)| k.starts_with("tags/RPA/"))
            .any(|(_, v)| String::from_utf8_lossy(v).contains("cases/c04/"))
    });

    assert_same_as_clean_build(&site, &live);
}

#[test]
fn a_bad_edit_keeps_the_last_good_site_and_a_fix_clears_it() {
    let mut site = two_case_site();
    let live = site.watch(&[]);
    let before = std::fs::read(live.out.join("cases/awara/index.html")).unwrap();

    let mut bad = CaseBuilder::default();
    bad.title("壊れた編集").prefecture("福井");
    site.write("content/cases/awara.md", bad.text());
    live.wait_line("is not a prefecture");
    let line = live.wait_line("content/cases/awara.md:");
    assert!(line.contains(":4:") || line.contains("awara.md:"), "{line}");
    live.wait_line("公開用のフォルダーは前の状態のまま");
    assert_eq!(
        std::fs::read(live.out.join("cases/awara/index.html")).unwrap(),
        before,
        "the output changed after a bad edit"
    );

    site.write("content/cases/awara.md", case_text("直した編集"));
    live.wait_file_contains("cases/awara/index.html", "直した編集");
    assert_same_as_clean_build(&site, &live);
}

#[test]
fn editor_save_patterns_and_temporary_files() {
    let site = two_case_site();
    let live = site.watch(&[]);
    let cases = site.root().join("content/cases");

    // Atomic save: write a temporary file, then rename it over the case.
    std::fs::write(cases.join(".awara.md.tmp"), case_text("アトミック保存")).unwrap();
    std::fs::rename(cases.join(".awara.md.tmp"), cases.join("awara.md")).unwrap();
    live.wait_file_contains("cases/awara/index.html", "アトミック保存");

    // Vim: a swap file and its write test file, then the real write.
    std::fs::write(cases.join(".awara.md.swp"), b"swap").unwrap();
    std::fs::write(cases.join("4913"), b"").unwrap();
    std::fs::remove_file(cases.join("4913")).unwrap();
    std::fs::write(cases.join("awara.md~"), case_text("バックアップ")).unwrap();
    std::fs::write(cases.join("awara.md"), case_text("ヴィムで保存")).unwrap();
    live.wait_file_contains("cases/awara/index.html", "ヴィムで保存");

    // VS Code: several writes in a burst (truncate, then content).
    std::fs::write(cases.join("kitami.md"), "").unwrap();
    std::fs::write(cases.join("kitami.md"), case_text("VS Codeで保存")).unwrap();
    live.wait_file_contains("cases/kitami/index.html", "VS Codeで保存");

    live.settle(Duration::from_millis(500));
    let files = tree(&live.out);
    assert!(
        files
            .keys()
            .all(|k| !k.contains(".swp") && !k.ends_with('~') && !k.contains("4913")),
        "temporary files reached the output: {:?}",
        files.keys().collect::<Vec<_>>()
    );
    assert!(
        !live.transcript().contains("error"),
        "a temporary file caused an error:\n{}",
        live.transcript()
    );
    assert_same_as_clean_build(&site, &live);
}

#[test]
fn a_temporary_file_of_any_name_made_and_renamed_away_is_not_a_change() {
    let site = two_case_site();
    let live = site.watch(&[]);
    let cases = site.root().join("content/cases");
    // `sed -i` writes `sedXXXXXX` beside the file, then renames it over the case: no
    // temporary-file pattern knows the name, but it is made and gone within the save.
    std::fs::write(
        cases.join("sedAb12Cd"),
        case_text("名前の分からない一時ファイル"),
    )
    .unwrap();
    std::fs::rename(cases.join("sedAb12Cd"), cases.join("awara.md")).unwrap();
    let line = live.wait_line("反映しました");
    assert!(
        line.contains("反映しました: content/cases/awara.md("),
        "the rebuild should name the case only: {line}"
    );
    live.wait_file_contains("cases/awara/index.html", "名前の分からない一時ファイル");
    assert_same_as_clean_build(&site, &live);
}

#[test]
fn polling_watcher_sees_changes() {
    let mut site = two_case_site();
    let live = site.watch(&["--poll"]);
    site.write("content/cases/awara.md", case_text("ポーリングで検出"));
    live.wait_file_contains("cases/awara/index.html", "ポーリングで検出");
}

#[test]
fn each_rebuild_prints_one_line_with_what_changed_and_the_time() {
    let mut site = two_case_site();
    let live = site.watch(&[]);
    site.write("content/cases/awara.md", case_text("一行の報告"));
    let line = live.wait_line("反映しました");
    assert!(line.contains("content/cases/awara.md"), "{line}");
    assert!(line.contains(" ms"), "{line}");
    // Only the pages that show the case are rendered again, not all of them.
    // 「…(15 ページ中 3 ページを作り直し、…」
    let number_before = |marker: &str| -> usize {
        line.split(marker)
            .next()
            .and_then(|r| r.rsplit(['(', ' ']).find(|w| !w.is_empty()))
            .and_then(|n| n.parse().ok())
            .unwrap_or_else(|| panic!("no number before {marker:?} in {line}"))
    };
    let total = number_before(" ページ中");
    let rendered = number_before(" ページを作り直し");
    assert!(rendered > 0 && rendered < total, "{line}");
}

#[test]
fn serve_serves_the_site_with_live_reload_and_error_reports() {
    let mut site = two_case_site();
    site.config("base_url", "https://example.jp/dx/");
    let live = site.serve();

    let (status, head, body) = live.get("/dx/cases/awara/");
    assert_eq!(status, 200, "{head}");
    assert!(
        head.to_ascii_lowercase()
            .contains("content-type: text/html; charset=utf-8"),
        "{head}"
    );
    let html = String::from_utf8(body).unwrap();
    assert!(
        html.contains("/__yokoten/livereload.js"),
        "the served page has no reload script"
    );
    assert!(
        !std::fs::read_to_string(live.out.join("cases/awara/index.html"))
            .unwrap()
            .contains("__yokoten"),
        "the reload script reached the files on disk"
    );

    // Japanese paths, percent-encoded; folders without a slash redirect; CSS and 404.
    let (status, _, _) = live.get(&format!("/dx/categories/{}/", percent_encode("人材育成")));
    assert_eq!(status, 200);
    let (status, head, _) = live.get("/dx/cases/awara");
    assert_eq!(status, 301, "{head}");
    assert!(head.contains("Location: /dx/cases/awara/"), "{head}");
    let (status, head, _) = live.get("/dx/assets/style.css");
    assert_eq!(status, 200);
    assert!(head.to_ascii_lowercase().contains("text/css"), "{head}");
    let (status, _, _) = live.get("/dx/no/such/page/");
    assert_eq!(status, 404);
    let (status, head, _) = live.get("/");
    assert_eq!(status, 301, "{head}");

    // The reload endpoint reports each rebuild, and a build error with file and line.
    let (_, _, first) = live.get("/__yokoten/poll");
    let v0 = String::from_utf8(first).unwrap();
    let mut bad = CaseBuilder::default();
    bad.prefecture("東京");
    site.write("content/cases/awara.md", bad.text());
    live.wait_line("プレビューは前の正しい状態のまま");
    let (_, _, now) = live.get("/__yokoten/poll");
    let now = String::from_utf8(now).unwrap();
    assert_ne!(now, v0);
    assert!(
        now.contains("content/cases/awara.md:") && now.contains("東京都"),
        "{now}"
    );
    let (status, _, _) = live.get("/dx/cases/awara/");
    assert_eq!(status, 200, "the last good site is still served");

    site.write("content/cases/awara.md", case_text("修正済み"));
    live.wait_file_contains("cases/awara/index.html", "修正済み");
    live.settle(Duration::from_millis(300));
    let (_, _, fixed) = live.get("/__yokoten/poll");
    assert!(String::from_utf8(fixed).unwrap().contains("\"error\":null"));
}

#[test]
fn serve_moves_to_a_free_port_when_the_default_is_taken() {
    let site = two_case_site();
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port().to_string();
    let root = site.root().to_string_lossy().into_owned();
    let out = site.out().to_string_lossy().into_owned();
    let mut child = std::process::Command::new(env!("CARGO_BIN_EXE_yokoten"))
        .args(["serve", "--root", &root, "--output", &out, "--port", &port])
        .stdout(std::process::Stdio::piped())
        .spawn()
        .unwrap();
    let mut reader = std::io::BufReader::new(child.stdout.take().unwrap());
    let mut first = String::new();
    std::io::BufRead::read_line(&mut reader, &mut first).unwrap();
    let _ = child.kill();
    let _ = child.wait();
    assert!(
        first.contains(&format!("ポート {port} は使われている")),
        "{first}"
    );
}
