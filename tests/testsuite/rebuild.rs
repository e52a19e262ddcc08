//! `yokoten build` over the output of the last build writes only what changed: nothing
//! when nothing changed, only the files whose bytes changed after an edit, every other file
//! kept as it is (same inode, same time). The manifest beside the output is trusted only as
//! far as the disk agrees; a commit stopped halfway is completed by the next build; and the
//! result is always a clean build's, byte for byte.

use std::collections::BTreeMap;
#[cfg(unix)]
use std::os::unix::fs::MetadataExt;
use std::path::Path;

use crate::prelude::*;
use crate::site_test::live::tree;

/// Inode and modification time of every file under `dir`.
#[cfg(unix)]
fn stamps(dir: &Path) -> BTreeMap<String, (u64, std::time::SystemTime)> {
    tree(dir)
        .into_keys()
        .map(|rel| {
            let m = std::fs::metadata(dir.join(&rel)).unwrap();
            let stamp = (m.ino(), m.modified().unwrap());
            (rel, stamp)
        })
        .collect()
}

fn site_of(n: usize) -> SiteTest {
    let mut site = SiteTest::new();
    for i in 0..n {
        site.case(
            &format!("c{i:02}"),
            CaseBuilder::default()
                .title(&format!("事例その{i}"))
                .body(&format!("## 背景\n\n本文その{i}。\n")),
        );
    }
    site
}

/// A clean build of the same sources into a folder of its own.
fn clean_tree(site: &SiteTest, name: &str) -> BTreeMap<String, Vec<u8>> {
    let clean = site.tmp().join(name);
    let _ = std::fs::remove_dir_all(&clean);
    let root = site.root().to_string_lossy().into_owned();
    let out = clean.to_string_lossy().into_owned();
    site.run(&["build", "--root", &root, "--output", &out])
        .assert_success();
    tree(&clean)
}

#[track_caller]
fn assert_same(a: &BTreeMap<String, Vec<u8>>, b: &BTreeMap<String, Vec<u8>>, what: &str) {
    let differ: Vec<&String> = a
        .keys()
        .chain(b.keys())
        .filter(|k| a.get(*k) != b.get(*k))
        .collect();
    assert!(
        differ.is_empty(),
        "{what}: differs from a clean build in {differ:?}"
    );
}

fn tick() {
    // Let the clock move, so that a rewrite shows in the times.
    std::thread::sleep(std::time::Duration::from_millis(20));
}

#[cfg(unix)]
#[test]
fn an_unchanged_rebuild_writes_nothing() {
    let site = site_of(5);
    site.build().assert_success();
    assert!(site.tmp().join(".out.yokoten-manifest").is_file());
    let before = stamps(&site.out());
    let folder = std::fs::metadata(site.out()).unwrap().ino();
    tick();
    site.build().assert_success().stdout_contains("(0 ファイル");
    assert_eq!(stamps(&site.out()), before, "a file was written again");
    assert_eq!(std::fs::metadata(site.out()).unwrap().ino(), folder);
    assert_same(&tree(&site.out()), &clean_tree(&site, "clean"), "unchanged");
}

#[cfg(unix)]
#[test]
fn one_edited_case_rewrites_only_the_files_whose_bytes_changed() {
    let mut site = site_of(5);
    site.build().assert_success();
    let before_bytes = tree(&site.out());
    let before = stamps(&site.out());
    tick();
    site.case(
        "c03",
        CaseBuilder::default()
            .title("事例その3")
            .body("## 背景\n\n書き直した本文。\n"),
    );
    site.build().assert_success();
    let after_bytes = tree(&site.out());
    assert_same(&after_bytes, &clean_tree(&site, "clean"), "one edit");
    let after = stamps(&site.out());
    let mut rewritten = Vec::new();
    for (path, stamp) in &after {
        let same_bytes = before_bytes.get(path) == after_bytes.get(path);
        if same_bytes {
            assert_eq!(Some(stamp), before.get(path), "{path} was written again");
        } else {
            assert_ne!(
                Some(stamp),
                before.get(path),
                "{path} changed but kept its inode"
            );
            rewritten.push(path.clone());
        }
    }
    assert!(rewritten.contains(&"cases/c03/index.html".to_string()));
    assert!(
        rewritten.len() < after.len() / 2,
        "most files were written again: {rewritten:?}"
    );
}

#[test]
fn files_changed_or_removed_by_hand_are_restored() {
    let mut site = site_of(3);
    site.build().assert_success();
    let out = site.out();
    // Same size, other bytes: the time tells.
    let page = out.join("cases/c01/index.html");
    let mut bytes = std::fs::read(&page).unwrap();
    bytes[0] = b'X';
    tick();
    std::fs::write(&page, &bytes).unwrap();
    std::fs::remove_file(out.join("cases.json")).unwrap();
    std::fs::remove_file(out.join("assets/style.css")).unwrap();
    let index = tree(&out)
        .into_keys()
        .find(|p| p.starts_with("search/") && p != "search/index.html")
        .expect("an index file");
    std::fs::remove_file(out.join(&index)).unwrap();
    std::fs::write(out.join("stray.txt"), "置いたファイル").unwrap();
    std::fs::create_dir_all(out.join("cases/old")).unwrap();
    std::fs::write(out.join("cases/old/index.html"), "古い").unwrap();
    site.build().assert_success();
    assert_same(&tree(&out), &clean_tree(&site, "clean"), "after tampering");
    assert!(!out.join("cases/old").exists(), "an emptied folder stays");

    // A removed case and a renamed one: their pages go.
    site.remove("content/cases/c02.md");
    site.case("c09", CaseBuilder::default().title("新しい事例"));
    site.build().assert_success();
    assert_same(&tree(&out), &clean_tree(&site, "clean"), "after a removal");
}

#[cfg(unix)]
#[test]
fn a_manifest_of_another_format_or_a_torn_one_is_ignored() {
    let site = site_of(3);
    site.build().assert_success();
    let manifest = site.tmp().join(".out.yokoten-manifest");
    for text in [
        std::fs::read_to_string(&manifest)
            .unwrap()
            .replacen("\"format\":1", "\"format\":0", 1),
        "{\"format\":1,".to_string(),
    ] {
        std::fs::write(&manifest, text).unwrap();
        let folder = std::fs::metadata(site.out()).unwrap().ino();
        site.build().assert_success();
        // A clean build: a new folder swapped in.
        assert_ne!(std::fs::metadata(site.out()).unwrap().ino(), folder);
        assert_same(&tree(&site.out()), &clean_tree(&site, "clean"), "clean");
    }
}

#[cfg(unix)]
#[test]
fn a_commit_stopped_halfway_is_completed_by_the_next_build() {
    let mut site = site_of(3);
    site.build().assert_success();
    let out = site.out();
    // The edit, and the page a build of it makes.
    site.case(
        "c01",
        CaseBuilder::default()
            .title("事例その1")
            .body("## 背景\n\n新しい本文。\n"),
    );
    let page = "cases/c01/index.html";
    let new_page = clean_tree(&site, "clean")[page].clone();
    assert_ne!(std::fs::read(out.join(page)).unwrap(), new_page);

    // What a build stopped in its commit leaves: a staging folder, a journal naming it, the
    // manifest already gone, and a stray file not removed yet.
    let staging = site.tmp().join(".out.yokoten-staging-1-0-0");
    std::fs::create_dir_all(staging.join("cases/c01")).unwrap();
    std::fs::write(staging.join(".yokoten-output"), "").unwrap();
    std::fs::write(staging.join(page), &new_page).unwrap();
    let staged_inode = std::fs::metadata(staging.join(page)).unwrap().ino();
    std::fs::write(out.join("gone.html"), "消えるはず").unwrap();
    std::fs::write(
        site.tmp().join(".out.yokoten-journal"),
        r#"{"staging":".out.yokoten-staging-1-0-0","moves":["cases/c01/index.html","../escape.html"],"remove":["gone.html","../site/site.yaml"]}"#,
    )
    .unwrap();
    std::fs::remove_file(site.tmp().join(".out.yokoten-manifest")).unwrap();

    site.build()
        .assert_success()
        .stderr_contains("前回のビルドは")
        .stderr_contains("続き");
    assert_eq!(
        std::fs::metadata(out.join(page)).unwrap().ino(),
        staged_inode,
        "the staged page was not moved in by the journal"
    );
    assert!(!out.join("gone.html").exists());
    assert!(
        site.root().join("site.yaml").is_file(),
        "a journal left the output"
    );
    assert!(!site.tmp().join(".out.yokoten-journal").exists());
    assert!(!staging.exists());
    assert_same(&tree(&out), &clean_tree(&site, "clean2"), "rolled forward");
}

#[test]
fn every_kind_of_change_equals_a_clean_build() {
    let mut site = site_of(3);
    site.case(
        "c00",
        CaseBuilder::default()
            .title("事例その0")
            .body("## 背景\n\n[その1の背景](@/cases/c01.md#背景)を参照。\n"),
    );
    site.build().assert_success();
    let out = site.out();

    // A heading another case links to goes: the linking page is checked again and the
    // build fails, as a clean one would, leaving the output as it was.
    let before = tree(&out);
    site.case(
        "c01",
        CaseBuilder::default()
            .title("事例その1")
            .body("## 経緯\n\n本文その1。\n"),
    );
    site.build()
        .assert_failure()
        .stderr_contains("content/cases/c00.md");
    assert!(tree(&out) == before, "a failed build changed the output");
    site.case(
        "c00",
        CaseBuilder::default()
            .title("事例その0")
            .body("## 背景\n\n[その1の経緯](@/cases/c01.md#経緯)を参照。\n"),
    );
    site.build().assert_success();
    assert_same(&tree(&out), &clean_tree(&site, "clean"), "after a link fix");

    // A template, a static file, site.yaml.
    site.write(
        "templates/case.html",
        "{% extends \"base.html\" %}{% block content %}<article class=\"case\"><h1>{{ case.title }}</h1>新しい型</article>{% endblock content %}",
    );
    site.write("static/robots.txt", "User-agent: *\n");
    site.build().assert_success();
    assert_same(&tree(&out), &clean_tree(&site, "clean"), "after a template");
    site.remove("templates/case.html");
    site.remove("static/robots.txt");
    site.config("title", "\"新しい事例集\"");
    site.build().assert_success();
    assert_same(&tree(&out), &clean_tree(&site, "clean"), "after site.yaml");
    assert!(!out.join("robots.txt").exists());

    // A file a body links to by URL goes, and nothing the index reads changed: what the
    // links relied on, kept in the manifest, has the page checked again.
    site.write("static/guide.txt", "手引き\n");
    site.case(
        "c02",
        CaseBuilder::default()
            .title("事例その2")
            .body("## 背景\n\n[手引き](/guide.txt)を参照。\n"),
    );
    site.build().assert_success();
    site.remove("static/guide.txt");
    site.build()
        .assert_failure()
        .stderr_contains("content/cases/c02.md");
}

#[cfg(unix)]
#[test]
fn links_put_into_the_output_are_replaced_and_never_followed() {
    let site = site_of(2);
    site.build().assert_success();
    let out = site.out();
    // Outside the output: a folder holding the very page, and a file of the editor's.
    let outside = site.tmp().join("outside");
    std::fs::create_dir_all(&outside).unwrap();
    std::fs::copy(out.join("cases/c01/index.html"), outside.join("index.html")).unwrap();
    let notes = site.tmp().join("notes.txt");
    std::fs::write(&notes, "メモ").unwrap();
    std::fs::remove_dir_all(out.join("cases/c01")).unwrap();
    std::os::unix::fs::symlink(&outside, out.join("cases/c01")).unwrap();
    std::fs::remove_file(out.join("cases.csv")).unwrap();
    std::os::unix::fs::symlink(&notes, out.join("cases.csv")).unwrap();
    site.build().assert_success();
    assert!(!std::fs::symlink_metadata(out.join("cases/c01"))
        .unwrap()
        .file_type()
        .is_symlink());
    assert_same(&tree(&out), &clean_tree(&site, "clean"), "after links");
    assert_eq!(std::fs::read_to_string(&notes).unwrap(), "メモ");
    assert!(outside.join("index.html").is_file());
}
