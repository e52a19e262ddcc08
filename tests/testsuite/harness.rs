//! The checks of `SiteTest` itself must be able to fail: a broken link, a link outside the
//! base path and a dangling fragment are caught; a failing assertion really panics.

use std::panic::{catch_unwind, AssertUnwindSafe};

use crate::prelude::*;

#[track_caller]
fn panics(f: impl FnOnce()) -> String {
    let err = catch_unwind(AssertUnwindSafe(f)).expect_err("the check should have failed");
    err.downcast_ref::<String>()
        .cloned()
        .or_else(|| err.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}

fn built(body: &str, base_url: &str) -> Run {
    let mut site = SiteTest::new();
    site.config("base_url", base_url)
        .case("awara", CaseBuilder::default().body(body));
    let run = site.build();
    run.assert_success();
    run
}

/// A site whose output holds `html` as a static page: a broken link written in Markdown
/// fails the build, so the harness's own checks are tried on a link it cannot refuse.
fn built_with_static(html: &str, base_url: &str) -> Run {
    let mut site = SiteTest::new();
    site.config("base_url", base_url)
        .case("awara", CaseBuilder::default())
        .write("static/probe/index.html", html);
    let run = site.build();
    run.assert_success();
    run
}

#[test]
fn links_check_catches_a_missing_page() {
    let run = built_with_static(
        "<a href=\"/cases/no-such-case/\">なし</a>",
        "https://example.jp/",
    );
    let msg = panics(|| {
        run.assert_links_ok();
    });
    assert!(msg.contains("/cases/no-such-case/"), "{msg}");
}

#[test]
fn links_check_catches_a_link_outside_the_base_path() {
    // /cases/awara/ exists on disk, but under base_url https://example.jp/dx/ it is /dx/cases/awara/.
    let run = built_with_static("<a href=\"/cases/awara/\">外</a>", "https://example.jp/dx/");
    let msg = panics(|| {
        run.assert_links_ok();
    });
    assert!(msg.contains("outside"), "{msg}");
}

#[test]
fn links_check_decodes_percent_encoding_and_absolute_urls() {
    let enc = percent_encode("人材育成");
    let run = built(&format!("[分野](/dx/categories/{enc}/) [絶対](https://example.jp/dx/categories/{enc}/) [相対](../../categories/{enc}/)\n"), "https://example.jp/dx/");
    run.assert_links_ok();
    assert_eq!(
        run.resolve("cases/awara/index.html", &format!("/dx/categories/{enc}/"))
            .as_deref(),
        Ok("categories/人材育成/index.html")
    );
    assert!(run
        .resolve("cases/awara/index.html", "/dx/categories/%E4%BA%BA/")
        .is_err());
}

#[test]
fn fragment_check_catches_a_dangling_anchor() {
    let run = built_with_static(
        "<a href=\"#no-such-id\">どこにもない</a>",
        "https://example.jp/",
    );
    let msg = panics(|| {
        run.assert_fragments_ok();
    });
    assert!(msg.contains("no-such-id"), "{msg}");
}

#[test]
fn failing_assertions_panic() {
    let run = built("本文\n", "https://example.jp/");
    panics(|| {
        run.assert_failure();
    });
    panics(|| {
        run.assert_file_contains("cases/awara/index.html", "この文字列はどこにもない");
    });
    panics(|| {
        run.assert_exists("cases/nothing/index.html");
    });
    panics(|| {
        run.stderr_contains("error");
    });
}
