//! `tests/run.sh`, the one test command, works wherever cargo puts its files and stops
//! with the name of the stage that failed. Run here with a stand-in `cargo` on PATH, so the
//! script's own logic is tested in a second, not the whole suite again.

use crate::prelude::*;
use std::process::Command;

/// Run tests/run.sh with a fake `cargo` whose behaviour is the shell snippet `body`
/// (`$1` is the cargo subcommand).
fn run_script_with_cargo(body: &str) -> (Option<i32>, String, String) {
    let site = SiteTest::new();
    let bin = site.tmp().join("fake-bin");
    std::fs::create_dir_all(&bin).unwrap();
    let cargo = bin.join("cargo");
    std::fs::write(&cargo, format!("#!/bin/sh\n{body}\n")).unwrap();
    #[cfg(unix)]
    {
        use std::os::unix::fs::PermissionsExt;
        std::fs::set_permissions(&cargo, std::fs::Permissions::from_mode(0o755)).unwrap();
    }
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let out = Command::new("bash")
        .arg(repo_root().join("tests/run.sh"))
        .env("PATH", path)
        .output()
        .expect("bash runs");
    (
        out.status.code(),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[cfg(unix)]
#[test]
fn a_failing_stage_stops_the_run_and_is_named() {
    let (code, stdout, stderr) = run_script_with_cargo("exit 3");
    assert_ne!(code, Some(0));
    assert!(
        stderr.contains("the stage \"cargo test (unit + integration)\" failed"),
        "{stderr}"
    );
    assert!(
        !stdout.contains("browser tests"),
        "a later stage ran:\n{stdout}"
    );
    assert!(!stdout.contains("all tests passed"), "{stdout}");
}

#[cfg(unix)]
#[test]
fn the_binary_is_looked_up_where_cargo_says() {
    let site = SiteTest::new();
    let elsewhere = site.tmp().join("my-target");
    let (code, _stdout, stderr) = run_script_with_cargo(&format!(
        r#"case "$1" in
  metadata) echo '{{"target_directory": "{}"}}' ;;
  *) exit 0 ;;
esac"#,
        elsewhere.display()
    ));
    assert_ne!(code, Some(0));
    let wanted = format!("no binary at {}/debug/yokoten", elsewhere.display());
    assert!(stderr.contains(&wanted), "{stderr}");
    assert!(stderr.contains("find cargo's target folder"), "{stderr}");
}

#[test]
fn the_browser_tests_take_the_binary_and_sites_from_the_script() {
    let dir = repo_root().join("tests/js");
    for entry in std::fs::read_dir(&dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "js") {
            let text = std::fs::read_to_string(&path).unwrap();
            assert!(
                !text.contains("target/debug") && !text.contains("'target', 'debug'"),
                "{} hardcodes cargo's target folder",
                path.display()
            );
        }
    }
    let fixture = std::fs::read_to_string(dir.join("fixture.js")).unwrap();
    assert!(fixture.contains("YOKOTEN_TARGET_DIR"));
}
