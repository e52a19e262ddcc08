//! The command line: `init`, `new case`, `check`.

use crate::prelude::*;

#[test]
fn init_creates_a_site_that_builds_and_checks() {
    let scratch = SiteTest::new();
    let r = scratch.run_in(scratch.tmp(), &["init", "newsite"]);
    r.assert_success().stdout_contains("newsite");
    let root = scratch.tmp().join("newsite");
    assert!(root.join("site.yaml").is_file(), "init wrote no site.yaml");
    assert!(
        root.join("themes/default/templates").is_dir(),
        "init wrote no default theme"
    );
    let cases = read_cases(&root);
    assert!(!cases.is_empty(), "init wrote no sample case");

    let site = SiteTest::at(&root);
    let run = site.build();
    run.assert_success().assert_links_ok();
    for c in cases.iter().filter(|c| !c.draft) {
        run.assert_exists(&format!("cases/{}/index.html", c.slug));
    }
    site.check().assert_success();
    // Building inside the new folder with no arguments works too.
    site.run_in(&root, &["build"]).assert_success();
    assert!(root.join("public/index.html").is_file());
}

#[test]
fn init_does_not_overwrite_a_site() {
    let mut site = SiteTest::new();
    site.case("awara", CaseBuilder::default());
    let before = dir_snapshot(site.root());
    let root = site.root().to_string_lossy().into_owned();
    let r = site.run_in(site.tmp(), &["init", &root]);
    assert_ne!(r.code, Some(0), "init over an existing site should fail");
    assert_eq!(
        dir_snapshot(site.root()),
        before,
        "init changed an existing site"
    );
}

#[test]
fn new_case_writes_a_draft_that_parses() {
    let mut site = SiteTest::new();
    site.case("awara", CaseBuilder::default());
    site.run(&["new", "case", "my-case"]).assert_success();
    let file = site.root().join("content/cases/my-case.md");
    assert!(file.is_file(), "new case wrote no content/cases/my-case.md");
    let info = read_cases(site.root())
        .into_iter()
        .find(|c| c.slug == "my-case")
        .expect("the new case is readable");
    assert!(info.draft, "a new case starts as `draft: true`");
    assert!(
        !info.title.is_empty() && !info.summary.is_empty(),
        "a new case has every required field filled in"
    );

    let run = site.build();
    run.assert_success()
        .assert_missing("cases/my-case/index.html");
    let run = site.build_with(&["--drafts"]);
    run.assert_success()
        .assert_exists("cases/my-case/index.html")
        .assert_links_ok();
    let html = run.html("cases/my-case/index.html");
    let article = html
        .first_with("article", &[("class", "case")])
        .expect("article.case");
    assert_eq!(
        html.text_of_first_within(article, "h1"),
        Some(info.title.clone())
    );

    // A second `new case` with the same name keeps the first file.
    let before = std::fs::read(&file).unwrap();
    let again = site.run(&["new", "case", "my-case"]);
    assert_ne!(
        again.code,
        Some(0),
        "new case over an existing file should fail"
    );
    assert_eq!(std::fs::read(&file).unwrap(), before);
}

#[test]
fn new_case_refuses_bad_slugs() {
    let site = SiteTest::new();
    for bad in ["../evil", "a/b", "a b"] {
        let r = site.run(&["new", "case", bad]);
        assert_ne!(r.code, Some(0), "new case {bad:?} should fail");
    }
    let files = list_files(site.tmp());
    assert!(
        !files
            .iter()
            .any(|f| f.contains("evil") || f.ends_with("b.md")),
        "a file was written for a bad slug: {files:?}"
    );
}

#[test]
fn check_lists_every_problem_and_writes_nothing() {
    let mut site = SiteTest::new();
    let mut bad_pref = CaseBuilder::default();
    bad_pref.prefecture("福井");
    let mut bad_cat = CaseBuilder::default();
    bad_cat.categories(&["人財育成"]);
    site.case("a", bad_pref.clone())
        .case("b", CaseBuilder::default().title("正しい事例"))
        .case("c", bad_cat.clone());
    let before = dir_snapshot(site.tmp());
    let run = site.check();
    run.assert_failure()
        .assert_error(
            "content/cases/a.md",
            line_of(&bad_pref.text(), "prefecture:"),
            &["福井県"],
        )
        .assert_error(
            "content/cases/c.md",
            line_of(&bad_cat.text(), "categories:"),
            &["人材育成"],
        );
    assert_eq!(
        dir_snapshot(site.tmp()),
        before,
        "check wrote or changed files"
    );
    assert!(!site.root().join("public").exists());
}

#[test]
fn check_on_a_good_site_succeeds_and_writes_nothing() {
    let mut site = SiteTest::new();
    site.case("awara", CaseBuilder::default());
    let before = dir_snapshot(site.tmp());
    site.check().assert_success();
    site.run(&["check"]).assert_success();
    assert_eq!(dir_snapshot(site.tmp()), before, "check wrote files");
}

#[test]
fn check_fails_on_broken_internal_links() {
    let mut site = SiteTest::new();
    site.case(
        "awara",
        CaseBuilder::default()
            .body("[存在しない事例](/cases/no-such-case/)\n\n![なし](missing.png)\n"),
    );
    let file = "content/cases/awara.md";
    let run = site.check();
    run.assert_failure()
        .assert_error_at(file, 10, 11, &["/cases/no-such-case/"])
        .assert_error_at(file, 12, 7, &["missing.png"]);
    // A build fails the same way, and publishes nothing.
    let run = site.build();
    run.assert_code(1)
        .assert_error_at(file, 10, 11, &["/cases/no-such-case/"]);
    assert!(
        !site.out().exists(),
        "a failed build made the output folder"
    );
}
