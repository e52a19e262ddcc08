//! Files beside the content: a case folder's images, site templates overriding the theme's,
//! site static files.

use crate::prelude::*;

/// A tiny PNG (1x1, transparent).
const PNG: &[u8] = &[
    0x89, 0x50, 0x4E, 0x47, 0x0D, 0x0A, 0x1A, 0x0A, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x48, 0x44, 0x52,
    0x00, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x01, 0x08, 0x06, 0x00, 0x00, 0x00, 0x1F, 0x15, 0xC4,
    0x89, 0x00, 0x00, 0x00, 0x0D, 0x49, 0x44, 0x41, 0x54, 0x78, 0x9C, 0x63, 0x00, 0x01, 0x00, 0x00,
    0x05, 0x00, 0x01, 0x0D, 0x0A, 0x2D, 0xB4, 0x00, 0x00, 0x00, 0x00, 0x49, 0x45, 0x4E, 0x44, 0xAE,
    0x42, 0x60, 0x82,
];

#[test]
fn case_folder_files_are_copied_beside_the_page() {
    let mut site = SiteTest::new();
    site.case_dir(
        "kitami",
        CaseBuilder::default().body("![窓口の流れ](image.png)\n\n[報告書(PDF)](docs/報告書.pdf)\n\n<img src=\"./image.png\" alt=\"再掲\">\n"),
    )
    .write("content/cases/kitami/image.png", PNG)
    .write("content/cases/kitami/docs/報告書.pdf", b"%PDF-1.4\n%test\n")
    .write("content/cases/kitami/.image.png.swp", b"editor junk");
    let run = site.build();
    run.assert_success();
    assert_eq!(
        run.bytes("cases/kitami/image.png"),
        PNG,
        "the image must be copied byte for byte"
    );
    assert_eq!(
        run.bytes("cases/kitami/docs/報告書.pdf"),
        b"%PDF-1.4\n%test\n"
    );
    run.assert_missing("cases/kitami/.image.png.swp")
        .assert_missing("cases/kitami/index.md");

    let page = "cases/kitami/index.html";
    let html = run.html(page);
    let imgs: Vec<&str> = html.find("img").filter_map(|t| t.attr("src")).collect();
    assert!(!imgs.is_empty(), "the image is not on the page");
    for src in imgs {
        assert_eq!(
            run.resolve(page, &run.internalise(src).unwrap()).as_deref(),
            Ok("cases/kitami/image.png"),
            "<img src={src}>"
        );
    }
    let pdf = html
        .find("a")
        .filter_map(|t| t.attr("href"))
        .find(|h| percent_decode(h).ends_with("報告書.pdf"))
        .expect("the PDF link");
    assert_eq!(
        run.resolve(page, &run.internalise(pdf).unwrap()).as_deref(),
        Ok("cases/kitami/docs/報告書.pdf")
    );
    run.assert_links_ok();
}

#[test]
fn case_folder_files_work_under_a_base_path() {
    let mut site = SiteTest::new();
    site.config("base_url", "https://example.jp/dx/")
        .case_dir("kitami", CaseBuilder::default().body("![図](image.png)\n"))
        .write("content/cases/kitami/image.png", PNG);
    let run = site.build();
    run.assert_success().assert_links_ok();
    assert_eq!(run.bytes("cases/kitami/image.png"), PNG);
}

#[test]
fn site_templates_override_theme_templates() {
    let mut site = SiteTest::new();
    let theme_case =
        std::fs::read_to_string(site.root().join("themes/default/templates/case.html")).unwrap();
    let marked = theme_case.replacen(
        "<article class=\"case\">",
        "<article class=\"case\"><p id=\"site-override\">サイト独自</p>",
        1,
    );
    assert_ne!(
        marked, theme_case,
        "the theme's case.html has no <article class=\"case\"> to mark"
    );
    site.write("templates/case.html", marked)
        .write("templates/404.html", "{% extends \"base.html\" %}{% block title %}迷子{% endblock title %}{% block content %}<p id=\"own-404\">見つかりません</p>{% endblock content %}")
        .case("awara", CaseBuilder::default());
    let run = site.build();
    run.assert_success()
        .assert_file_contains("cases/awara/index.html", "id=\"site-override\"")
        .assert_file_contains("404.html", "id=\"own-404\"")
        .assert_file_lacks("index.html", "site-override")
        .assert_links_ok();
    // The theme's own files are untouched; the override lives only in the site.
    let theme_now =
        std::fs::read_to_string(site.root().join("themes/default/templates/case.html")).unwrap();
    assert_eq!(theme_now, theme_case);
}

#[test]
fn site_static_files_are_copied_and_win_over_the_theme() {
    let mut site = SiteTest::new();
    site.case("awara", CaseBuilder::default())
        .write("static/robots.txt", "User-agent: *\nAllow: /\n")
        .write(
            "static/images/ロゴ.svg",
            "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        )
        .write("themes/default/static/theme-only.txt", "theme")
        .write("themes/default/static/shared.txt", "from the theme")
        .write("static/shared.txt", "from the site");
    let run = site.build();
    run.assert_success();
    assert_eq!(run.read("robots.txt"), "User-agent: *\nAllow: /\n");
    run.assert_exists("images/ロゴ.svg");
    assert_eq!(run.read("theme-only.txt"), "theme");
    assert_eq!(
        run.read("shared.txt"),
        "from the site",
        "site static/ should win over the theme's"
    );
}

#[test]
fn broken_template_is_a_content_error() {
    let mut site = SiteTest::new();
    site.case("awara", CaseBuilder::default()).write(
        "templates/case.html",
        "{% extends \"base.html\" %}{% block content %}{{ case.title }{% endblock content %}",
    );
    let run = site.build();
    run.assert_failure().stderr_contains("case.html");
    assert!(
        !run.out.exists(),
        "nothing should be written when a template is broken"
    );
}

#[test]
fn site_without_free_pages_has_no_broken_links() {
    // content/pages/ is optional in the contract, so the theme may not link pages that
    // do not exist (such as /about/).
    let mut site = SiteTest::new();
    site.remove("content/pages")
        .case("awara", CaseBuilder::default());
    let run = site.build();
    run.assert_success().assert_links_ok();
    site.check().assert_success();
}

#[test]
fn site_with_no_case_file_is_an_error_and_keeps_the_published_site() {
    // A checkout with content/cases emptied (a bad merge, a wrong folder) would otherwise
    // publish an empty site over the good one.
    let mut site = SiteTest::new();
    site.case("awara", CaseBuilder::default());
    let before = site.build();
    before.assert_success();
    let snapshot = before.snapshot();
    site.remove("content/cases/awara.md");
    let run = site.build();
    run.assert_failure()
        .stderr_contains("content/cases")
        .stderr_contains("事例のファイルが 1 つもありません");
    assert_eq!(run.snapshot(), snapshot, "the published site changed");
    site.check().assert_failure();

    // A draft is a case file: the site builds (with no published case).
    site.case("awara", CaseBuilder::default().draft(true));
    let run = site.build();
    run.assert_success()
        .assert_links_ok()
        .assert_exists("index.html")
        .assert_exists("cases/index.html");
    let feed =
        markup::parse_xml(&run.read("atom.xml")).expect("atom.xml is XML even with no entries");
    assert!(feed.all("entry").is_empty());
}

#[test]
fn missing_content_folder_is_an_error_and_keeps_the_published_site() {
    let mut site = SiteTest::new();
    site.case("awara", CaseBuilder::default());
    let before = site.build();
    before.assert_success();
    let snapshot = before.snapshot();
    site.remove("content");
    let run = site.build();
    run.assert_failure()
        .stderr_contains("content フォルダーがありません");
    assert_eq!(run.snapshot(), snapshot, "the published site changed");
}
