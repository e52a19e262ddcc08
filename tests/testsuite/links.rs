//! Links that cannot break: links by source file (`../cases/a.md`, `@/cases/a.md`) and to
//! headings (`#見出し`) resolve to the right URL under any base path, whatever the target's
//! `slug:`; a link that leads nowhere fails `build`, `check`, watch and serve at the file,
//! line and column where it is written; `check --external` reports the addresses that do
//! not open.

use std::io::{Read, Write};
use std::net::TcpListener;
use std::time::Duration;

use crate::prelude::*;

/// A case of あわら市 with a heading, published at `cases/awara-dx/` (a `slug:` other than
/// its file name), and a page about the site.
fn site_with_target(base_url: &str) -> SiteTest {
    let mut site = SiteTest::new();
    site.config("base_url", base_url).case(
        "awara",
        CaseBuilder::default()
            .slug("awara-dx")
            .body("## 背景と課題\n\n文。\n\n## 「手上げ式」の導入\n\n文。\n"),
    );
    site
}

/// A case `kitami` whose body is `body`; its file text.
fn linking_case(site: &mut SiteTest, body: &str) -> String {
    let mut c = CaseBuilder::default();
    c.title("書かない窓口")
        .municipality("北見市")
        .prefecture("北海道")
        .body(body);
    site.case("kitami", &mut c);
    c.text()
}

/// (line, column) of `needle` in `text`, 1-based, the column in characters.
fn place(text: &str, needle: &str) -> (usize, usize) {
    let line = line_of(text, needle);
    let l = text.lines().nth(line - 1).unwrap();
    let col = l[..l.find(needle).unwrap()].chars().count() + 1;
    (line, col)
}

const KITAMI: &str = "content/cases/kitami.md";

#[test]
fn links_by_file_resolve_under_a_base_path_whatever_the_slug() {
    let mut site = site_with_target("https://example.jp/dx/");
    linking_case(
        &mut site,
        "[相対](awara.md) [上から](../cases/awara.md) [根から](@/cases/awara.md) [ページ](@/pages/about.md) [見出し](awara.md#背景と課題)\n",
    );
    let run = site.build();
    run.assert_success().assert_links_ok().assert_fragments_ok();
    let html = run.read("cases/kitami/index.html");
    let anchored = format!(
        "href=\"/dx/cases/awara-dx/#{}\"",
        percent_encode("背景と課題")
    );
    for href in [
        "href=\"/dx/cases/awara-dx/\"",
        "href=\"/dx/about/\"",
        anchored.as_str(),
    ] {
        assert!(html.contains(href), "{href} not in:\n{html}");
    }
    assert!(
        !html.contains(".md"),
        "a .md link was left as written:\n{html}"
    );
}

#[test]
fn links_by_file_resolve_under_a_japanese_base_path() {
    let mut site = site_with_target("https://example.jp/事例集/");
    linking_case(&mut site, "[あわら](@/cases/awara.md#「手上げ式」の導入)\n");
    let run = site.build();
    run.assert_success().assert_links_ok().assert_fragments_ok();
    let html = run.read("cases/kitami/index.html");
    assert!(
        html.contains(&format!(
            "cases/awara-dx/#{}\"",
            percent_encode("手上げ式の導入")
        )),
        "the heading's text should lead to its id:\n{html}"
    );
}

#[test]
fn a_case_folder_is_named_by_its_index_md_or_by_the_folder() {
    let mut site = site_with_target("https://example.jp/dx/");
    site.case_dir(
        "sabae",
        CaseBuilder::default()
            .municipality("鯖江市")
            .body("[戻る](../awara.md)\n\n## 取り組みの内容\n\n文。\n"),
    );
    linking_case(
        &mut site,
        "[一](sabae/index.md) [二](@/cases/sabae) [三](@/cases/sabae/) [四](@/cases/sabae/index.md#取り組みの内容)\n",
    );
    let run = site.build();
    run.assert_success().assert_links_ok().assert_fragments_ok();
    let html = run.read("cases/kitami/index.html");
    assert!(
        html.matches("href=\"/dx/cases/sabae/").count() >= 4,
        "{html}"
    );
    assert!(
        !html.contains(".md"),
        "a .md link was left as written:\n{html}"
    );
    run.assert_file_contains("cases/sabae/index.html", "href=\"/dx/cases/awara-dx/\"");
}

#[test]
fn file_names_compare_in_one_unicode_form() {
    // ガイド written decomposed (カ + ゛, as macOS names files) on disk, composed in the link;
    // and the other way round.
    let nfd = "\u{30AB}\u{3099}イド";
    let nfc = "\u{30AC}イド";
    let mut site = SiteTest::new();
    site.config("base_url", "https://example.jp/dx/")
        .case(nfd, CaseBuilder::default().slug("guide"))
        .case(
            nfc.replace("イド", "ム").as_str(),
            CaseBuilder::default().slug("gamu"),
        );
    linking_case(
        &mut site,
        &format!("[案内](@/cases/{nfc}.md) [ゲーム](@/cases/\u{30AB}\u{3099}ム.md)\n"),
    );
    let run = site.build();
    run.assert_success().assert_links_ok();
    let html = run.read("cases/kitami/index.html");
    assert!(html.contains("href=\"/dx/cases/guide/\""), "{html}");
    assert!(html.contains("href=\"/dx/cases/gamu/\""), "{html}");
}

#[test]
fn a_link_to_a_missing_file_fails_the_build_where_it_is_written() {
    let mut site = site_with_target("https://example.jp/dx/");
    linking_case(&mut site, "本文です。\n");
    site.build().assert_success();
    let before = dir_snapshot(&site.out());
    // Written percent-encoded: reported as the editor reads it.
    let text = linking_case(
        &mut site,
        "前の文。\n\n詳しくは [あわら市](../cases/awra.md) と [別](../cases/%E3%81%AA%E3%81%84.md) を見てください。\n",
    );
    let run = site.build();
    let (line, col) = place(&text, "../cases/awra.md");
    run.assert_code(1).assert_error_at(
        KITAMI,
        line,
        col,
        &[
            "リンク先のページが見つかりません: ../cases/awra.md",
            "もしかして ../cases/awara.md ですか?",
        ],
    );
    assert!(
        run.stderr
            .contains("エラー: リンク先のページが見つかりません: ../cases/ない.md\n"),
        "{}",
        run.stderr
    );
    assert_eq!(
        dir_snapshot(&site.out()),
        before,
        "a failed build changed the output"
    );
    // `check` says the same.
    site.check()
        .assert_code(1)
        .assert_error_at(KITAMI, line, col, &["../cases/awra.md"]);
}

#[test]
fn plain_url_links_to_pages_that_do_not_exist_fail_too() {
    let mut site = site_with_target("https://example.jp/dx/");
    let text = linking_case(
        &mut site,
        "[ある](../../about/) [ない](../../aboutt/)\n[根から](/about/)\n",
    );
    let run = site.build();
    let (line, col) = place(&text, "../../aboutt/");
    run.assert_code(1)
        .assert_error_at(KITAMI, line, col, &["../../aboutt/", "@/pages/about.md"]);
    // `/about/` is outside the site published under /dx/.
    let (line, col) = place(&text, "(/about/)");
    let col = col + 1;
    run.assert_error_at(KITAMI, line, col, &["/dx/", "/about/"]);
    assert_eq!(
        run.diagnostics()
            .iter()
            .filter(|d| d.starts_with("エラー"))
            .count(),
        2
    );
}

#[test]
fn anchors_must_name_a_heading() {
    let mut site = site_with_target("https://example.jp/dx/");
    let text = linking_case(
        &mut site,
        "[ここ](#取り組みの内容) [あちら](awara.md#背景と課)\n[ここにない](#効果)\n\n## 取り組みの内容\n\n文。\n",
    );
    let run = site.build();
    let (line, col) = place(&text, "awara.md#背景と課)");
    run.assert_code(1).assert_error_at(
        KITAMI,
        line,
        col,
        &[
            "この見出しがありません: awara.md#背景と課",
            "もしかして awara.md#背景と課題 ですか?",
        ],
    );
    let (line, col) = place(&text, "#効果");
    run.assert_error_at(KITAMI, line, col, &["#効果"]);
    // Fixed: the same-page link and the other page's heading both work.
    linking_case(
        &mut site,
        "[ここ](#取り組みの内容) [あちら](awara.md#背景と課題)\n\n## 取り組みの内容\n\n文。\n",
    );
    site.build().assert_success().assert_fragments_ok();
}

#[test]
fn a_link_to_a_draft_fails_unless_drafts_are_built() {
    let mut site = SiteTest::new();
    site.config("base_url", "https://example.jp/dx/")
        .case("awara", CaseBuilder::default().draft(true));
    let text = linking_case(&mut site, "[下書き](awara.md)\n");
    let (line, col) = place(&text, "awara.md");
    site.build().assert_code(1).assert_error_at(
        KITAMI,
        line,
        col,
        &["下書き", "awara.md", "--drafts"],
    );
    let run = site.build_with(&["--drafts"]);
    run.assert_success();
    run.assert_file_contains("cases/kitami/index.html", "href=\"/dx/cases/awara/\"");
}

#[test]
fn links_never_reach_outside_the_content_folder() {
    let mut site = site_with_target("https://example.jp/dx/");
    let secret = site.tmp().join("secret.md");
    std::fs::write(&secret, "---\ntitle: 秘密\n---\nroot:x:0:0\n").unwrap();
    let text = linking_case(
        &mut site,
        "[a](../../../etc/passwd.md) [b](@/../secret.md) [c](@/../../secret.md) [d](../../../../../../../../etc/passwd.md#x) [e](@//etc/passwd.md)\n",
    );
    let run = site.build();
    run.assert_code(1);
    let (line, col) = place(&text, "../../../etc/passwd.md");
    run.assert_error_at(KITAMI, line, col, &["content フォルダーの外"]);
    // `@//etc/passwd.md` is content/etc/passwd.md, which does not exist.
    run.assert_error_in(KITAMI, &["@//etc/passwd.md", "見つかりません"]);
    assert!(!run.stderr.contains("root:x"), "{}", run.stderr);
    // Characters the pipeline drops, before a broken link: reported, never a crash.
    linking_case(
        &mut site,
        "\u{FDD0}\u{FDEF}あ\u{FEFF} [x](\u{FDD0}な\u{FDD1}い.md)\n",
    );
    site.build()
        .assert_code(1)
        .stderr_contains("見つかりません");
    // A symbolic link inside content/cases to a file outside the site is not followed.
    #[cfg(unix)]
    {
        linking_case(&mut site, "[秘密](hidden.md)\n");
        std::os::unix::fs::symlink(&secret, site.root().join("content/cases/hidden.md")).unwrap();
        let run = site.build();
        run.assert_code(1);
        assert!(!run.stderr.contains("root:x"), "{}", run.stderr);
        assert!(
            !site.out().exists() || !list_files(&site.out()).iter().any(|f| f.contains("hidden"))
        );
    }
}

#[test]
fn watch_reports_a_broken_link_and_recovers_when_it_is_fixed() {
    let mut site = site_with_target("https://example.jp/dx/");
    linking_case(&mut site, "[あわら](awara.md)\n");
    let live = site.watch(&[]);
    live.wait_file_contains("cases/kitami/index.html", "/dx/cases/awara-dx/");
    let page = std::fs::read(live.out.join("cases/kitami/index.html")).unwrap();
    let text = {
        let mut c = CaseBuilder::default();
        c.title("書かない窓口")
            .municipality("北見市")
            .prefecture("北海道")
            .body("[あわら](awra.md)\n");
        c.text()
    };
    live.after(Duration::from_millis(50), || {
        site.write(KITAMI, &text);
    });
    let (line, col) = place(&text, "awra.md");
    live.wait_line(&format!("{KITAMI}:{line}:{col}"));
    live.wait_line("反映できませんでした");
    // The previous output is kept.
    assert_eq!(
        std::fs::read(live.out.join("cases/kitami/index.html")).unwrap(),
        page
    );
    linking_case(&mut site, "[あわら](awara.md#背景と課題)\n");
    live.wait_file_contains(
        "cases/kitami/index.html",
        &format!("/dx/cases/awara-dx/#{}", percent_encode("背景と課題")),
    );
}

/// The places (`file:line:col`) of the errors of a report.
fn locations(report: &str) -> Vec<String> {
    let mut v: Vec<String> = report
        .lines()
        .filter_map(|l| l.split_once("┌─ ").map(|(_, at)| at.trim().to_string()))
        .collect();
    v.sort();
    v.dedup();
    v
}

#[test]
fn what_a_link_relies_on_is_rechecked_in_incremental_builds() {
    let mut site = site_with_target("https://example.jp/dx/");
    let text = linking_case(
        &mut site,
        "[あわら](awara.md) [背景](@/cases/awara.md#背景と課題)\n",
    );
    let live = site.watch(&[]);
    live.wait_file_contains("cases/kitami/index.html", "/dx/cases/awara-dx/");
    let clean = |site: &SiteTest| {
        let out = site.tmp().join("clean");
        site.run(&[
            "build",
            "--root",
            &site.root().to_string_lossy(),
            "--output",
            &out.to_string_lossy(),
        ])
    };

    // The target's heading is reworded (an edit that moves nothing else).
    let n = live.lines().len();
    live.after(Duration::from_millis(50), || {
        site.case(
            "awara",
            CaseBuilder::default()
                .slug("awara-dx")
                .body("## 背景\n\n文。\n"),
        );
    });
    let want = clean(&site);
    want.assert_code(1);
    let (line, col) = place(&text, "@/cases/awara.md#背景と課題");
    want.assert_error_at(KITAMI, line, col, &["背景と課題"]);
    assert_eq!(
        locations(&live.lines()[n..].join("\n")),
        locations(&want.stderr),
        "{}",
        live.transcript()
    );

    // The target is deleted: both links break, in serve as in a clean build.
    let n = live.lines().len();
    live.after(Duration::from_millis(50), || {
        site.remove("content/cases/awara.md");
    });
    let want = clean(&site);
    want.assert_code(1);
    assert_eq!(locations(&want.stderr).len(), 2, "{}", want.stderr);
    assert_eq!(
        locations(&live.lines()[n..].join("\n")),
        locations(&want.stderr),
        "{}",
        live.transcript()
    );

    // It comes back with its heading: the page is whole again.
    site.case(
        "awara",
        CaseBuilder::default()
            .slug("awara-dx")
            .body("## 背景と課題\n\n文。\n"),
    );
    live.wait_line("反映しました");
    clean(&site).assert_success();
    live.wait_until("serve's page equals the clean build's", || {
        std::fs::read(live.out.join("cases/kitami/index.html")).ok()
            == std::fs::read(site.tmp().join("clean/cases/kitami/index.html")).ok()
    });
}

/// A local server: `/ok` answers 200, `/gone` 404, `/slow` never answers.
fn local_server() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let port = listener.local_addr().unwrap().port();
    std::thread::spawn(move || {
        for stream in listener.incoming() {
            let Ok(mut stream) = stream else { continue };
            std::thread::spawn(move || {
                let mut buf = [0u8; 2048];
                let n = stream.read(&mut buf).unwrap_or(0);
                let request = String::from_utf8_lossy(&buf[..n]).to_string();
                let status = if request.starts_with("GET /ok") {
                    "200 OK"
                } else if request.starts_with("GET /slow") {
                    std::thread::sleep(Duration::from_secs(30));
                    return;
                } else {
                    "404 Not Found"
                };
                let _ = write!(
                    stream,
                    "HTTP/1.1 {status}\r\nContent-Length: 2\r\nConnection: close\r\n\r\nok"
                );
            });
        }
    });
    port
}

#[test]
fn check_external_reports_each_address_that_does_not_open() {
    let port = local_server();
    let base = format!("http://127.0.0.1:{port}");
    let mut site = SiteTest::new();
    let mut c = CaseBuilder::default();
    c.source("あわら市の資料", &format!("{base}/ok"))
        .body(&format!(
            "[消えた資料]({base}/gone) と {base}/slow を見てください。\n"
        ));
    site.case("awara", &mut c);
    let text = c.text();
    let run = site.run(&[
        "check",
        "--external",
        "--timeout",
        "1",
        "--root",
        &site.root().to_string_lossy(),
    ]);
    run.assert_code(1);
    let (line, col) = place(&text, "/gone");
    let col = col - base.chars().count();
    run.stderr_contains(&format!(
        "content/cases/awara.md:{line}:{col}: リンク先が開けません (HTTP 404): {base}/gone"
    ));
    run.stderr_contains(&format!("リンク先が 1 秒たっても応答しません: {base}/slow"))
        .stderr_contains("3 件のうち 2 件が開けません")
        .stderr_lacks(&format!("{base}/ok"));
    // Without --external nothing goes out.
    site.check().assert_success();
}

#[test]
fn serve_shows_a_broken_link_in_the_overlay_and_keeps_the_last_good_site() {
    let mut site = site_with_target("https://example.jp/dx/");
    linking_case(&mut site, "[あわら](awara.md)\n");
    let live = site.serve();
    live.wait_file_contains("cases/kitami/index.html", "/cases/awara-dx/");
    let text = linking_case(&mut site, "[あわら](awara.md#ない見出し)\n");
    live.wait_line("プレビューは前の正しい状態のまま");
    let (line, col) = place(&text, "awara.md#ない見出し");
    let (_, _, poll) = live.get("/__yokoten/poll");
    let poll = String::from_utf8(poll).unwrap();
    assert!(
        poll.contains(&format!("{KITAMI}:{line}:{col}")) && poll.contains("この見出しがありません"),
        "{poll}"
    );
    let (status, _, page) = live.get("/dx/cases/kitami/");
    assert_eq!(status, 200, "the last good page is still served");
    assert!(!String::from_utf8_lossy(&page).contains("ない見出し"));
}
