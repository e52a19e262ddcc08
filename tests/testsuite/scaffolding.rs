//! `init` and `new case` cannot embarrass an editor: the sample is a draft and publishes
//! nothing, a new case takes its URL from its file name, slugs are checked as the help says,
//! and text left over from the template is pointed out before it is published.

use crate::prelude::*;

/// Line and column (characters, from 1) of the first `needle` in `text`.
fn position_of(text: &str, needle: &str) -> (usize, usize) {
    let line = line_of(text, needle);
    let l = text.lines().nth(line - 1).unwrap();
    let col = l[..l.find(needle).unwrap()].chars().count() + 1;
    (line, col)
}

fn fresh_site(name: &str) -> (SiteTest, std::path::PathBuf) {
    let scratch = SiteTest::new();
    scratch
        .run_in(scratch.tmp(), &["init", name])
        .assert_success();
    let root = scratch.tmp().join(name);
    (scratch, root)
}

#[test]
fn the_sample_case_is_a_marked_draft_and_publishes_nothing_of_itself() {
    let (_scratch, root) = fresh_site("newsite");
    let sample = std::fs::read_to_string(root.join("content/cases/sample-case.md")).unwrap();
    assert!(sample.contains("\ndraft: true"), "{sample}");
    assert!(
        sample.contains("見本"),
        "the sample says it is a sample:\n{sample}"
    );

    let site = SiteTest::at(&root);
    let run = site.build();
    run.assert_success()
        .assert_missing("cases/sample-case/index.html");
    for f in run.files() {
        if f.ends_with(".html") || f.ends_with(".xml") || f.ends_with(".json") {
            let text = String::from_utf8_lossy(&run.bytes(&f)).into_owned();
            for placeholder in ["ここに", "\"https://example.jp/\"", "タグ1"] {
                assert!(!text.contains(placeholder), "{f} publishes {placeholder:?}");
            }
        }
    }
    // With --drafts the editor previews it, warned about the text still to replace.
    let run = site.build_with(&["--drafts"]);
    run.assert_success()
        .assert_exists("cases/sample-case/index.html");
}

#[test]
fn init_over_a_site_is_a_usage_mistake_and_changes_nothing() {
    let (scratch, root) = fresh_site("twice");
    let before = std::fs::read(root.join("site.yaml")).unwrap();
    let again = scratch.run_in(scratch.tmp(), &["init", "twice"]);
    again
        .assert_code(2)
        .stderr_contains("もうサイトのファイルがあります")
        .stderr_contains("上書きしないよう");
    assert_eq!(std::fs::read(root.join("site.yaml")).unwrap(), before);
}

#[test]
fn a_new_case_takes_its_url_from_its_file_name() {
    let (_scratch, root) = fresh_site("urls");
    let site = SiteTest::at(&root);
    site.run_in(&root, &["new", "case", "kitami"])
        .assert_success();
    let text = std::fs::read_to_string(root.join("content/cases/kitami.md")).unwrap();
    assert!(
        !text.lines().any(|l| l.starts_with("slug:")),
        "new case writes no active slug: line:\n{text}"
    );
    // A copy under another name is another case, not a clash.
    std::fs::write(root.join("content/cases/kitami-2.md"), &text).unwrap();
    let run = site.build_with(&["--drafts"]);
    run.assert_success()
        .assert_exists("cases/kitami/index.html")
        .assert_exists("cases/kitami-2/index.html");

    // Renaming the file moves the page.
    std::fs::rename(
        root.join("content/cases/kitami-2.md"),
        root.join("content/cases/kitami-kakanai.md"),
    )
    .unwrap();
    let run = site.build_with(&["--drafts"]);
    run.assert_success()
        .assert_exists("cases/kitami-kakanai/index.html")
        .assert_missing("cases/kitami-2/index.html");
}

#[test]
fn slugs_are_checked_as_the_help_says() {
    let (_scratch, root) = fresh_site("slugs");
    let site = SiteTest::at(&root);
    let help = site.run_in(&root, &["new", "case", "--help"]);
    help.assert_success().stdout_contains("日本語も可");

    site.run_in(&root, &["new", "case", "北見市-dx"])
        .assert_success();
    site.build_with(&["--drafts"])
        .assert_success()
        .assert_exists("cases/北見市-dx/index.html");

    for bad in ["a b", "a/b", "../evil", "a.b", "a_b"] {
        let before = list_files(&root);
        let run = site.run_in(&root, &["new", "case", bad]);
        run.assert_code(2).stderr_contains("使えません");
        assert_eq!(list_files(&root), before, "`new case {bad}` wrote a file");
    }
}

#[test]
fn a_system_refusal_is_explained_in_japanese() {
    let (_scratch, root) = fresh_site("refused");
    // content/cases is a file: nothing can be written under it.
    std::fs::remove_dir_all(root.join("content/cases")).unwrap();
    std::fs::write(root.join("content/cases"), "not a folder").unwrap();
    let run = SiteTest::at(&root).run_in(&root, &["new", "case", "kitami"]);
    run.assert_code(1).stderr_lacks("os error");
    assert!(
        run.stderr.contains("もうあります") || run.stderr.contains("フォルダーではなく"),
        "{}",
        run.stderr
    );
}

#[test]
fn text_left_from_the_template_is_pointed_out_in_build_and_check() {
    let (_scratch, root) = fresh_site("leftover");
    let site = SiteTest::at(&root);
    site.run_in(&root, &["new", "case", "kitami"])
        .assert_success();
    let file = root.join("content/cases/kitami.md");
    // The editor publishes the case (removes the draft line) but forgets the summary and
    // the source.
    let text = std::fs::read_to_string(&file)
        .unwrap()
        .replace(
            "title: ここに事例のタイトルを書きます",
            "title: 北見市の書かない窓口",
        )
        .replace("\ndraft: true\n", "\n");
    std::fs::write(&file, &text).unwrap();
    let shown = "content/cases/kitami.md";
    let (line, col) = position_of(&text, "ここに一、二文の要約を書きます。");
    let (url_line, url_col) = position_of(&text, "https://example.jp/");

    for run in [site.build(), site.check()] {
        run.assert_success()
            .assert_error_at(
                shown,
                line,
                col,
                &["ここに一、二文の要約を書きます。", "書き換えて"],
            )
            .assert_error_at(shown, url_line, url_col, &["example.jp"]);
        assert!(
            run.error_at(shown, line).starts_with("注意"),
            "a warning, not an error"
        );
        run.stderr_lacks("ここに事例のタイトルを書きます");
    }
    // Comments quoting the template's words, and drafts, are left alone.
    let draft = text.replacen("---\n", "---\ndraft: true\n", 1);
    std::fs::write(&file, draft).unwrap();
    site.build().assert_success().stderr_lacks("ここに");
}

#[test]
fn the_authoring_loop_points_at_template_text_on_each_save() {
    let mut site = SiteTest::with_two_cases();
    let live = site.watch(&[]);
    live.wait_line("変更を見張っています");
    // A body edit: the case's page alone is redone (the patch path), and the warning
    // comes with it as with a full build.
    let mut case = CaseBuilder::default();
    case.body("ここに、事例の導入となる短い段落を書きます。\n\n## 背景\n");
    site.write("content/cases/awara.md", case.text());
    let line = live.wait_line("ひな形の文");
    assert!(line.contains("ここに、事例の導入となる"), "{line}");
    live.wait_line("反映しました");
    assert!(
        live.transcript().contains("content/cases/awara.md:"),
        "{}",
        live.transcript()
    );
}

#[test]
fn the_example_address_of_init_is_pointed_out_until_replaced() {
    let (_scratch, root) = fresh_site("address");
    let site = SiteTest::at(&root);
    let yaml = std::fs::read_to_string(root.join("site.yaml")).unwrap();
    let (line, col) = position_of(&yaml, "https://example.jp/");
    for run in [site.build(), site.check()] {
        run.assert_success().assert_error_at(
            "site.yaml",
            line,
            col,
            &["見本のアドレス", "base_url"],
        );
        assert!(run.error_at("site.yaml", line).starts_with("注意"));
    }
    // Given on the command line, or replaced in site.yaml, the address is the editor's.
    site.build_with(&["--base-url", "https://www.city.awara.lg.jp/dx/"])
        .assert_success()
        .stderr_lacks("見本のアドレス");
    std::fs::write(
        root.join("site.yaml"),
        yaml.replace("https://example.jp/dx/", "https://www.city.awara.lg.jp/dx/"),
    )
    .unwrap();
    site.build().assert_success().stderr_lacks("見本のアドレス");
}

#[test]
fn a_new_site_ignores_what_build_writes_and_keeps_an_editors_gitignore() {
    let (_scratch, root) = fresh_site("git");
    let ignore = std::fs::read_to_string(root.join(".gitignore")).unwrap();
    let site = SiteTest::at(&root);
    site.run_in(&root, &["build"]).assert_success();
    site.run_in(&root, &["build"]).assert_success();
    // Everything build left outside content the editor wrote is covered by a pattern.
    for entry in std::fs::read_dir(&root).unwrap() {
        let name = entry.unwrap().file_name().to_string_lossy().into_owned();
        let mine = ["site.yaml", "content", "themes", ".gitignore"].contains(&name.as_str());
        let ignored = name == "public"
            || (name.starts_with('.')
                && name.contains(".yokoten-")
                && ignore.contains("/.*.yokoten-*"));
        assert!(
            mine || ignored,
            "{name} is neither the editor's nor ignored:\n{ignore}"
        );
    }
    assert!(ignore.contains("/public/"));

    // In a folder that has its own .gitignore (a repository), init leaves it as it is.
    let scratch = SiteTest::new();
    let dir = scratch.tmp().join("repo");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(dir.join(".gitignore"), "*.pdf\n").unwrap();
    scratch
        .run_in(scratch.tmp(), &["init", "repo"])
        .assert_success();
    assert_eq!(
        std::fs::read_to_string(dir.join(".gitignore")).unwrap(),
        "*.pdf\n"
    );
}
