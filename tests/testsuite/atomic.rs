//! A build writes into a staging folder and swaps it in only when everything is written, so
//! a failed build leaves the previous site exactly as it was and nothing beside it.

use crate::prelude::*;

/// The entries of a folder, but the output's lock file and manifest: the lock stays beside
/// the output once a build has written it (like Hugo's `.hugo_build.lock`), since deleting
/// a lock file would let two builds hold "the" lock at once; the manifest says what the
/// last build wrote, for the next one.
fn entries(dir: &std::path::Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n != ".out.yokoten-lock" && n != ".out.yokoten-manifest")
        .collect();
    v.sort();
    v
}

#[test]
fn failed_build_leaves_previous_output_untouched() {
    let mut site = SiteTest::with_two_cases();
    let first = site.build();
    first.assert_success();
    let before = first.snapshot();
    assert!(
        before.len() > 10,
        "expected a whole site, got {} files",
        before.len()
    );

    // Let the clock move so that any rewrite would show in the mtimes.
    std::thread::sleep(std::time::Duration::from_millis(20));
    site.case("kitami", CaseBuilder::default().prefecture("北海"));
    let second = site.build();
    second
        .assert_failure()
        .stderr_contains("content/cases/kitami.md");

    let after = second.snapshot();
    let before_names: Vec<&String> = before.keys().collect();
    let after_names: Vec<&String> = after.keys().collect();
    assert_eq!(
        before_names, after_names,
        "the set of output files changed after a failed build"
    );
    for (path, (bytes, mtime)) in &before {
        let (b2, m2) = &after[path];
        assert!(bytes == b2, "{path} changed after a failed build");
        assert_eq!(
            mtime, m2,
            "{path} was rewritten (mtime changed) by a failed build"
        );
    }
    assert_eq!(
        entries(site.tmp()),
        vec!["out", "site"],
        "a failed build left staging folders beside the output"
    );
}

#[test]
fn rebuild_replaces_output_and_leaves_nothing_beside_it() {
    let mut site = SiteTest::new();
    site.case("awara", CaseBuilder::default()).case(
        "kitami",
        CaseBuilder::default()
            .title("書かない窓口")
            .municipality("北見市")
            .prefecture("北海道")
            .tags(&["書かない窓口"]),
    );
    site.build()
        .assert_success()
        .assert_exists("cases/kitami/index.html")
        .assert_exists("tags/書かない窓口/index.html");

    // A stray file in the output and a removed case: the new build is the site, exactly.
    std::fs::write(site.out().join("stray.txt"), "old").unwrap();
    site.remove("content/cases/kitami.md");
    let run = site.build();
    run.assert_success()
        .assert_exists("cases/awara/index.html")
        .assert_missing("cases/kitami/index.html")
        .assert_missing("tags/書かない窓口/index.html")
        .assert_missing("stray.txt")
        .assert_links_ok();
    assert_eq!(
        entries(site.tmp()),
        vec!["out", "site"],
        "a build left folders beside the output"
    );
}

#[test]
fn default_output_is_public_in_the_site() {
    let mut site = SiteTest::new();
    site.case("awara", CaseBuilder::default());
    let run = site.run(&["build"]);
    run.assert_success();
    assert!(
        site.root().join("public/cases/awara/index.html").is_file(),
        "`yokoten build` in the site folder writes public/"
    );
    let r2 = site.run_in(site.tmp(), &["build", "--root", "site"]);
    r2.assert_success();
    assert!(
        site.root().join("public/index.html").is_file(),
        "`--root DIR` writes DIR/public/"
    );
}

#[test]
fn output_inside_content_is_refused() {
    let mut site = SiteTest::new();
    site.case("awara", CaseBuilder::default());
    let inside = site
        .root()
        .join("content/out")
        .to_string_lossy()
        .into_owned();
    let root = site.root().to_string_lossy().into_owned();
    let run = site.run(&["build", "--root", &root, "--output", &inside]);
    assert_ne!(
        run.code,
        Some(0),
        "building into content/ must be refused:\n{}",
        run.stderr
    );
    assert!(
        site.root().join("content/cases/awara.md").is_file(),
        "the site's content was damaged"
    );
    let site_root = site.root().to_string_lossy().into_owned();
    let run = site.run(&["build", "--root", &root, "--output", &site_root]);
    assert_ne!(
        run.code,
        Some(0),
        "building over the site itself must be refused"
    );
    assert!(
        site.root().join("site.yaml").is_file()
            && site.root().join("content/cases/awara.md").is_file()
    );
}
