//! `yokoten init` and `yokoten new case`: writing a new site or a new case file.

use std::path::Path;

use crate::messages;
use crate::names::valid_slug;

/// Why `init` or `new case` wrote nothing.
#[derive(Debug)]
pub struct Failure {
    pub message: String,
    pub hint: Option<String>,
    /// The command asked for something that cannot be (exit 2), not a disk error (exit 1).
    pub usage: bool,
}

impl Failure {
    fn io(message: String) -> Failure {
        Failure {
            message,
            hint: None,
            usage: false,
        }
    }
    fn usage(message: String, hint: Option<String>) -> Failure {
        Failure {
            message,
            hint,
            usage: true,
        }
    }
}

include!(concat!(env!("OUT_DIR"), "/theme_files.rs"));

/// site.yaml of a new site; `{base_url}` is `config::INIT_BASE_URL`, which `build` points
/// out until it is replaced.
const SITE_YAML: &str = "\
# サイトの設定 / site settings
title: 自治体DX事例集
base_url: {base_url}
language: ja
theme: default
description: 自治体のDX事例を集め、ほかのまちでも真似できるよう整理したサイトです。
paginate: 20
categories:
  - 人材育成
  - 推進体制
  - 窓口DX
  - オンライン申請
  - データ利活用
  - 防災
  - 業務効率化
";

const ABOUT: &str = "\
---
title: このサイトについて
---
このサイトは自治体のDX事例を集めたものです。事例は `content/cases/` に1件1ファイルで書きます。
";

/// Today's date (Japan time) as YYYY-MM-DD, without a date crate: civil-from-days.
pub fn today() -> String {
    let secs = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
        + 9 * 3600;
    let z = secs.div_euclid(86_400) + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let d = doy - (153 * mp + 2) / 5 + 1;
    let m = if mp < 10 { mp + 3 } else { mp - 9 };
    let y = yoe + era * 400 + i64::from(m <= 2);
    format!("{y:04}-{m:02}-{d:02}")
}

/// The text of a new case: every field, each with a comment saying what goes there.
pub fn case_template(slug: &str, date: &str, category: &str) -> String {
    let mut t = String::from("---\n");
    // One comment and one line per field of the schema, in its order.
    for f in crate::content::FIELDS {
        let example = f
            .example
            .replace("{date}", date)
            .replace("{category}", category)
            .replace("{slug}", slug);
        t.push_str(&format!("# {}\n", f.help));
        let line = if example.starts_with('\n') {
            format!("{}:{example}", f.key)
        } else {
            format!("{}: {example}", f.key)
        };
        if f.example_commented {
            for l in line.lines() {
                t.push_str(&format!("# {l}\n"));
            }
        } else {
            t.push_str(&line);
            t.push('\n');
        }
    }
    t.push_str(crate::content::leftovers::BODY_TEMPLATE);
    t
}

/// Write a new site into `dir`, which may exist but must hold none of the files a new site
/// has: nothing an editor wrote is ever replaced (checked first, and again as each file is
/// made, so that a file or link appearing meanwhile is not written through either).
/// Its sample case is a draft, so that a site published straight after `init` shows none
/// of the placeholder text.
pub fn init(dir: &Path) -> Result<Vec<String>, Failure> {
    let template = case_template("sample-case", &today(), "人材育成");
    let sample = format!(
        "---\n{}{}",
        messages::scaffold::sample_comment(),
        template.strip_prefix("---\n").unwrap_or(&template)
    );
    let site_yaml = SITE_YAML.replace("{base_url}", crate::config::INIT_BASE_URL);
    let mut files: Vec<(String, &[u8])> = vec![
        ("site.yaml".into(), site_yaml.as_bytes()),
        ("content/cases/sample-case.md".into(), sample.as_bytes()),
        ("content/pages/about.md".into(), ABOUT.as_bytes()),
    ];
    files.extend(
        THEME_FILES
            .iter()
            .map(|(rel, bytes)| (format!("themes/default/{rel}"), *bytes)),
    );
    let there: Vec<&str> = files
        .iter()
        .filter(|(rel, _)| std::fs::symlink_metadata(dir.join(rel)).is_ok())
        .map(|(rel, _)| rel.as_str())
        .collect();
    if !there.is_empty() {
        return Err(Failure::usage(
            messages::scaffold::init_exists(&dir.display().to_string(), there[0], there.len()),
            Some(messages::scaffold::init_exists_hint()),
        ));
    }
    let mut written = Vec::new();
    for (rel, bytes) in &files {
        create_new(&dir.join(rel), bytes)?;
        written.push(rel.clone());
    }
    // For a site kept in git: the output and the files yokoten keeps beside it (lock,
    // manifest, staging) are not the editor's. A .gitignore already there is the editor's:
    // left alone, and no reason to refuse the new site.
    if std::fs::symlink_metadata(dir.join(".gitignore")).is_err() {
        create_new(&dir.join(".gitignore"), GITIGNORE.as_bytes())?;
        written.push(".gitignore".into());
    }
    Ok(written)
}

/// The .gitignore of a new site: what `build` writes, and the files it keeps beside the
/// output folder (`.public.yokoten-lock`, `.public.yokoten-manifest`, staging folders).
const GITIGNORE: &str = "/public/\n/.*.yokoten-*\n";

/// Write a file that must not exist yet (not even as a link: `create_new` never follows one).
fn create_new(path: &Path, bytes: &[u8]) -> Result<(), Failure> {
    use std::io::Write;
    let failed = |p: &Path, e: std::io::Error| {
        Failure::io(messages::scaffold::cannot_write(
            &p.display().to_string(),
            &crate::diagnostics::io_cause(&e),
        ))
    };
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p).map_err(|e| failed(p, e))?;
    }
    std::fs::OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(path)
        .and_then(|mut f| f.write_all(bytes))
        .map_err(|e| failed(path, e))
}

/// Write `content/cases/<slug>.md` under `root`; returns its path.
pub fn new_case(
    root: &Path,
    slug: &str,
    first_category: &str,
) -> Result<std::path::PathBuf, Failure> {
    if !valid_slug(slug) {
        return Err(Failure::usage(messages::scaffold::bad_slug(slug), None));
    }
    let dir = root.join("content/cases");
    let file = dir.join(format!("{slug}.md"));
    for there in [file.clone(), dir.join(slug).join("index.md")] {
        if std::fs::symlink_metadata(&there).is_ok() {
            let shown = there.strip_prefix(root).unwrap_or(&there);
            return Err(Failure::usage(
                messages::scaffold::case_exists(slug, &shown.display().to_string()),
                None,
            ));
        }
    }
    create_new(
        &file,
        case_template(slug, &today(), first_category).as_bytes(),
    )?;
    Ok(file)
}

#[cfg(test)]
mod tests {
    #[test]
    fn today_is_a_date() {
        let t = super::today();
        assert!(crate::content::valid_date(&t), "{t}");
    }
}
