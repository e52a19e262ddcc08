//! Editors read Japanese: every line the tool prints (progress, summaries, errors, hints,
//! `--help`, usage errors) is Japanese by default, and English only when asked for with
//! `--lang en` or `YOKOTEN_LANG=en` (never because of `LANG`).

use crate::prelude::*;

fn is_japanese(c: char) -> bool {
    matches!(c, '\u{3041}'..='\u{30FF}' | '\u{4E00}'..='\u{9FFF}')
}

/// Lines of `text` that speak English: not blank, no Japanese, and not a quote of the
/// editor's file in a report (the gutter `│`, the `┌─` location, the caret line).
fn english_lines(text: &str) -> Vec<String> {
    text.lines()
        .filter(|l| !l.trim().is_empty())
        .filter(|l| !l.chars().any(is_japanese))
        .filter(|l| !(l.contains('│') || l.contains("┌─") || l.trim_start().starts_with('^')))
        // `--help` puts a long option's spelling (`  -p, --port <PORT>`) alone on its line,
        // its Japanese description on the next: a spelling is not a sentence.
        .filter(|l| !is_flag_spelling(l))
        .map(str::to_string)
        .collect()
}

fn is_flag_spelling(line: &str) -> bool {
    let t = line.trim();
    (t.starts_with('-') || t.starts_with('<') || t.starts_with('['))
        && t.split_whitespace().all(|w| {
            w.starts_with('-') || w.starts_with('<') || w.starts_with('[') || w.ends_with(',')
        })
}

#[track_caller]
fn assert_all_japanese(what: &str, run: &Run) {
    let mut bad = english_lines(&run.stdout);
    bad.extend(english_lines(&run.stderr));
    assert!(
        bad.is_empty(),
        "{what}: lines without Japanese:\n{}\n--- stdout ---\n{}\n--- stderr ---\n{}",
        bad.join("\n"),
        run.stdout,
        run.stderr
    );
}

fn bad_prefecture_site() -> (SiteTest, CaseBuilder) {
    let mut site = SiteTest::with_two_cases();
    let mut bad = CaseBuilder::default();
    bad.prefecture("福井");
    site.case("bad", bad.clone());
    (site, bad)
}

#[test]
fn a_failing_build_is_reported_in_japanese_at_file_line_and_column() {
    let (site, bad) = bad_prefecture_site();
    let run = site.build();
    run.assert_failure().assert_error_at(
        "content/cases/bad.md",
        line_of(&bad.text(), "prefecture:"),
        13,
        &[
            "エラー[prefecture]",
            "項目 `prefecture`",
            "ヒント:",
            "福井県",
        ],
    );
    run.stderr_contains("1 件の問題が見つかりました")
        .stderr_lacks("error")
        .stderr_lacks("hint:");
    assert!(!run.out.exists(), "a failed first build wrote an output");
}

#[test]
fn english_only_on_request() {
    let (site, _) = bad_prefecture_site();
    let root = site.root().to_string_lossy().into_owned();
    let check = |run: Run| {
        run.assert_failure()
            .stderr_contains("error[prefecture]")
            .stderr_contains("hint:")
            .stderr_contains("1 problem found")
            .stderr_lacks("エラー");
    };
    check(site.run(&["check", "--root", &root, "--lang", "en"]));
    check(site.run(&["--lang=en", "check", "--root", &root]));
    check(site.run_env(&["check", "--root", &root], &[("YOKOTEN_LANG", "en")]));
    // The system's language is not the editor's: a container or CI machine says English.
    let run = site.run_env(
        &["check", "--root", &root],
        &[("LANG", "en_US.UTF-8"), ("LC_ALL", "C")],
    );
    run.assert_failure().stderr_contains("エラー[prefecture]");
    // And `--lang ja` wins over the environment.
    let run = site.run_env(
        &["check", "--root", &root, "--lang", "ja"],
        &[("YOKOTEN_LANG", "en")],
    );
    run.assert_failure().stderr_contains("エラー[prefecture]");
}

#[test]
fn english_counts_are_grammatical() {
    let mut site = SiteTest::new();
    site.case("awara", CaseBuilder::default());
    let root = site.root().to_string_lossy().into_owned();
    let out = site.out().to_string_lossy().into_owned();
    let run = site.run(&["build", "--root", &root, "--output", &out, "--lang", "en"]);
    run.assert_success().stdout_contains("built 1 case, ");
    let run = site.run(&["check", "--root", &root, "--lang", "en"]);
    run.assert_success().stdout_contains("checked 1 case, ");
    let mut bad = CaseBuilder::default();
    bad.prefecture("福井");
    site.case("awara", bad);
    let run = site.run(&["check", "--root", &root, "--lang", "en"]);
    run.assert_failure().stderr_contains("1 problem found");
}

#[test]
fn every_line_of_an_editors_session_is_japanese() {
    let scratch = SiteTest::new();
    let init = scratch.run_in(scratch.tmp(), &["init", "newsite"]);
    init.assert_success();
    assert_all_japanese("init", &init);
    let root = scratch.tmp().join("newsite");
    let site = SiteTest::at(&root);
    let new = site.run_in(&root, &["new", "case", "kitami-kakanai"]);
    new.assert_success();
    assert_all_japanese("new case", &new);
    let build = site.build_with(&["--drafts"]);
    build.assert_success().stdout_contains("完成しました");
    assert_all_japanese("build", &build);
    let check = site.check();
    check.assert_success().stdout_contains("確認しました");
    assert_all_japanese("check", &check);

    let (bad, _) = bad_prefecture_site();
    let failed = bad.build();
    failed.assert_failure();
    assert_all_japanese("a failed build", &failed);

    for args in [
        &["--help"][..],
        &["build", "--help"],
        &["serve", "--help"],
        &["check", "--help"],
        &["init", "--help"],
        &["new", "case", "--help"],
    ] {
        let run = site.run_in(&root, args);
        run.assert_success().stdout_contains("使い方:");
        assert_all_japanese(&args.join(" "), &run);
        for english in [
            "Usage:",
            "Options:",
            "[default:",
            "[possible values:",
            "Print help",
        ] {
            assert!(
                !run.stdout.contains(english),
                "{args:?} --help says {english:?}:\n{}",
                run.stdout
            );
        }
    }
}

#[test]
fn help_describes_each_command_truthfully() {
    let site = SiteTest::new();
    let help = |args: &[&str]| {
        let run = site.run(args);
        run.assert_success();
        run.stdout.clone()
    };
    // `check` writes nothing and builds for no host: it takes no --base-url.
    assert!(!help(&["check", "--help"]).contains("--base-url"));
    assert!(help(&["build", "--help"]).contains("--base-url"));
    // `serve` writes into a private temporary folder unless told otherwise; `build` into public/.
    let serve = help(&["serve", "--help"]);
    assert!(serve.contains("一時フォルダー"), "{serve}");
    assert!(
        !serve.contains("省略するとサイトのフォルダーの public/"),
        "{serve}"
    );
    assert!(help(&["build", "--help"]).contains("public/"));
    // The name of a new case may be Japanese, and the help says so.
    assert!(help(&["new", "case", "--help"]).contains("日本語も可"));
    // English help on request.
    let en = help(&["build", "--help", "--lang", "en"]);
    assert!(en.contains("Usage:") && en.contains("Options:"), "{en}");
}

#[test]
fn usage_mistakes_are_explained_in_japanese_with_exit_code_2() {
    let site = SiteTest::new();
    let cases: [(&[&str], &[&str]); 5] = [
        (
            &["buld"],
            &["`buld` というコマンドはありません", "もしかして `build`"],
        ),
        (
            &["build", "--frce"],
            &[
                "`--frce` というオプションはありません",
                "もしかして `--force`",
            ],
        ),
        (
            &["serve", "--port", "abc"],
            &["--port", "`abc` は使えません"],
        ),
        (
            &["--color", "sometimes", "build"],
            &["`sometimes` は使えません", "使える値: auto, always, never"],
        ),
        (&["new", "case"], &["<SLUG> を指定してください"]),
    ];
    for (args, needles) in cases {
        let run = site.run(args);
        run.assert_code(2);
        for n in needles {
            assert!(
                run.stderr.contains(n),
                "{args:?} should say {n:?}:\n{}",
                run.stderr
            );
        }
        assert!(
            run.stderr.contains("--help"),
            "{args:?}: no pointer to --help"
        );
        assert_all_japanese(&args.join(" "), &run);
    }
    // In English, clap's own words.
    site.run(&["buld", "--lang", "en"])
        .assert_code(2)
        .stderr_contains("unrecognized subcommand");
}

#[test]
fn the_watch_loop_speaks_japanese_and_says_what_it_keeps() {
    let mut site = SiteTest::with_two_cases();
    let live = site.watch(&[]);
    live.wait_line("変更を見張っています");
    let mut bad = CaseBuilder::default();
    bad.prefecture("福井");
    site.write("content/cases/awara.md", bad.text());
    let line = live.wait_line("反映できませんでした");
    // `build --watch` has an output folder, not a preview.
    assert!(
        line.contains("公開用のフォルダーは前の状態のまま"),
        "{line}"
    );
    assert!(!line.contains("プレビュー"), "{line}");
    site.write("content/cases/awara.md", CaseBuilder::default().text());
    let line = live.wait_line("反映しました");
    assert!(line.contains("content/cases/awara.md"), "{line}");
    let lines = live.lines().join("\n");
    assert!(
        english_lines(&lines).is_empty(),
        "English in the watch session:\n{lines}"
    );
}
