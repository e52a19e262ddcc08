//! `SiteTest`: the one helper every integration test uses (modelled on mdBook's
//! `tests/testsuite/book_test.rs`). It writes a small site into a temporary folder
//! (site.yaml with valid defaults, the repository's default theme, an about page, and the
//! cases a test asks for), runs the real `yokoten` binary on it, and returns a [`Run`] with
//! the exit code, stdout, stderr and assertions on the files written.
//!
//! ```ignore
//! SiteTest::new()
//!     .case("awara", CaseBuilder::default().prefecture("福井"))
//!     .build()
//!     .assert_failure()
//!     .assert_error("content/cases/awara.md", 4, &["福井県"]);
//! ```

pub mod live;
pub mod markup;

use std::collections::{BTreeMap, BTreeSet};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::Command;
use std::rc::Rc;
use std::time::SystemTime;

use tempfile::TempDir;

pub use markup::Html;

/// The repository root (the bundled site lives there too).
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Quote a string as a YAML double-quoted scalar (JSON escaping is valid YAML).
pub fn yaml_str(s: &str) -> String {
    let mut out = String::from("\"");
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

fn yaml_list(items: &[&str]) -> String {
    format!(
        "[{}]",
        items
            .iter()
            .map(|s| yaml_str(s))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

/// The front matter and body of one case. Every required field has a valid default, so a
/// test states only what it varies. Field values are kept as raw YAML, in order.
#[derive(Debug, Clone)]
pub struct CaseBuilder {
    fields: Vec<(String, String)>,
    body: String,
}

impl Default for CaseBuilder {
    fn default() -> Self {
        let mut c = CaseBuilder {
            fields: Vec::new(),
            body: "導入の段落です。\n\n## 取り組みの内容\n\n職員が勉強会を開きました。\n".into(),
        };
        c.title("職員の手上げ式でDX推進員を募る")
            .municipality("あわら市")
            .prefecture("福井県")
            .published("2024-03-01")
            .categories(&["人材育成"])
            .tags(&["勉強会"])
            .summary("あわら市は手上げ式でDX推進員を募りました。");
        c
    }
}

impl CaseBuilder {
    /// Set a field to raw YAML text (replacing it in place if present).
    pub fn raw(&mut self, key: &str, yaml: &str) -> &mut Self {
        match self.fields.iter_mut().find(|(k, _)| k == key) {
            Some(f) => f.1 = yaml.to_string(),
            None => self.fields.push((key.to_string(), yaml.to_string())),
        }
        self
    }
    pub fn without(&mut self, key: &str) -> &mut Self {
        self.fields.retain(|(k, _)| k != key);
        self
    }
    pub fn title(&mut self, s: &str) -> &mut Self {
        self.raw("title", &yaml_str(s))
    }
    pub fn municipality(&mut self, s: &str) -> &mut Self {
        self.raw("municipality", &yaml_str(s))
    }
    pub fn prefecture(&mut self, s: &str) -> &mut Self {
        self.raw("prefecture", &yaml_str(s))
    }
    /// Written unquoted, the way editors write dates.
    pub fn published(&mut self, s: &str) -> &mut Self {
        self.raw("published", s)
    }
    pub fn updated(&mut self, s: &str) -> &mut Self {
        self.raw("updated", s)
    }
    pub fn categories(&mut self, c: &[&str]) -> &mut Self {
        self.raw("categories", &yaml_list(c))
    }
    pub fn tags(&mut self, t: &[&str]) -> &mut Self {
        self.raw("tags", &yaml_list(t))
    }
    pub fn summary(&mut self, s: &str) -> &mut Self {
        self.raw("summary", &yaml_str(s))
    }
    pub fn population(&mut self, n: u64) -> &mut Self {
        self.raw("population", &n.to_string())
    }
    pub fn slug(&mut self, s: &str) -> &mut Self {
        self.raw("slug", &yaml_str(s))
    }
    pub fn draft(&mut self, d: bool) -> &mut Self {
        self.raw("draft", if d { "true" } else { "false" })
    }
    pub fn source(&mut self, title: &str, url: &str) -> &mut Self {
        self.raw(
            "source",
            &format!("\n  title: {}\n  url: {}", yaml_str(title), yaml_str(url)),
        )
    }
    pub fn body(&mut self, b: &str) -> &mut Self {
        self.body = b.to_string();
        self
    }
    /// The file's text.
    pub fn text(&self) -> String {
        let mut s = String::from("---\n");
        for (k, v) in &self.fields {
            if v.starts_with('\n') {
                let _ = writeln!(s, "{k}:{v}");
            } else {
                let _ = writeln!(s, "{k}: {v}");
            }
        }
        s.push_str("---\n");
        s.push_str(&self.body);
        s
    }
}

/// Builder calls chain on `&mut CaseBuilder`; tests pass the result by reference or value.
impl From<&mut CaseBuilder> for CaseBuilder {
    fn from(c: &mut CaseBuilder) -> Self {
        c.clone()
    }
}

const DEFAULT_CATEGORIES: [&str; 5] = ["人材育成", "推進体制", "窓口DX", "防災", "業務効率化"];

/// A site in a temporary folder, or (with [`SiteTest::at`]) an existing site read in place.
pub struct SiteTest {
    tmp: Rc<TempDir>,
    root: PathBuf,
    owned: bool,
    config: Vec<(String, String)>,
}

impl SiteTest {
    /// Two cases in two prefectures: awara (the builder's defaults, 福井県) and kitami
    /// (北海道, titled 書かない窓口), the smallest site whose pages link to each other.
    pub fn with_two_cases() -> Self {
        let mut site = SiteTest::new();
        site.case("awara", CaseBuilder::default()).case(
            "kitami",
            CaseBuilder::default()
                .title("書かない窓口")
                .municipality("北見市")
                .prefecture("北海道"),
        );
        site
    }

    /// A valid site with no cases yet: site.yaml, themes/default (copied from the
    /// repository) and content/pages/about.md (the theme's navigation links to /about/).
    pub fn new() -> Self {
        let tmp = Rc::new(
            tempfile::Builder::new()
                .prefix("yokoten-test-")
                .tempdir()
                .expect("temp dir"),
        );
        let root = tmp.path().join("site");
        std::fs::create_dir_all(root.join("content/cases")).unwrap();
        copy_dir(
            &repo_root().join("themes/default"),
            &root.join("themes/default"),
        );
        let mut site = SiteTest {
            tmp,
            root,
            owned: true,
            config: Vec::new(),
        };
        site.config("title", "テスト事例集")
            .config("base_url", "https://example.jp/")
            .config("language", "ja")
            .config("theme", "default")
            .config("description", "統合テスト用のサイトです。")
            .categories(&DEFAULT_CATEGORIES)
            .page("about", "このサイトについて", "テスト用のサイトです。\n");
        site
    }

    /// An existing site folder, used read-only: builds write to a temporary --output.
    pub fn at(root: impl Into<PathBuf>) -> Self {
        let tmp = Rc::new(
            tempfile::Builder::new()
                .prefix("yokoten-test-")
                .tempdir()
                .expect("temp dir"),
        );
        SiteTest {
            tmp,
            root: root.into(),
            owned: false,
            config: Vec::new(),
        }
    }

    /// [`SiteTest::new`] with the files of `tests/fixtures/<name>/` copied over it.
    pub fn from_fixture(name: &str) -> Self {
        let site = SiteTest::new();
        let dir = repo_root().join("tests/fixtures").join(name);
        assert!(dir.is_dir(), "no fixture {}", dir.display());
        copy_dir(&dir, &site.root);
        site
    }

    pub fn root(&self) -> &Path {
        &self.root
    }

    /// The temporary folder holding the site (`site/`) and the build output (`out/`).
    pub fn tmp(&self) -> &Path {
        self.tmp.path()
    }

    /// Where [`SiteTest::build`] writes the site.
    pub fn out(&self) -> PathBuf {
        self.tmp.path().join("out")
    }

    fn writable(&self) {
        assert!(self.owned, "SiteTest::at() sites are read-only");
    }

    /// Set a site.yaml key to raw YAML (a value starting with a newline is a block).
    pub fn config(&mut self, key: &str, yaml: &str) -> &mut Self {
        self.writable();
        match self.config.iter_mut().find(|(k, _)| k == key) {
            Some(f) => f.1 = yaml.to_string(),
            None => self.config.push((key.to_string(), yaml.to_string())),
        }
        let mut text = String::from("# written by tests/testsuite/site_test.rs\n");
        for (k, v) in &self.config {
            if v.starts_with('\n') {
                let _ = writeln!(text, "{k}:{v}");
            } else {
                let _ = writeln!(text, "{k}: {v}");
            }
        }
        self.write("site.yaml", text)
    }

    pub fn categories(&mut self, names: &[&str]) -> &mut Self {
        let block: String = names.iter().map(|n| format!("\n  - {n}")).collect();
        self.config("categories", &block)
    }

    /// Replace site.yaml with this text.
    pub fn site_yaml(&mut self, text: &str) -> &mut Self {
        self.config.clear();
        self.write("site.yaml", text)
    }

    /// `content/cases/<name>.md`.
    pub fn case(&mut self, name: &str, case: impl Into<CaseBuilder>) -> &mut Self {
        let text = case.into().text();
        self.write(format!("content/cases/{name}.md"), text)
    }

    /// `content/cases/<name>/index.md` (files beside it go with [`SiteTest::write`]).
    pub fn case_dir(&mut self, name: &str, case: impl Into<CaseBuilder>) -> &mut Self {
        let text = case.into().text();
        self.write(format!("content/cases/{name}/index.md"), text)
    }

    /// `content/cases/<file>` with exactly these bytes.
    pub fn case_file(&mut self, file: &str, bytes: impl AsRef<[u8]>) -> &mut Self {
        self.write(format!("content/cases/{file}"), bytes)
    }

    /// `content/pages/<name>.md`.
    pub fn page(&mut self, name: &str, title: &str, body: &str) -> &mut Self {
        self.write(
            format!("content/pages/{name}.md"),
            format!("---\ntitle: {}\n---\n{body}", yaml_str(title)),
        )
    }

    /// Any file under the site root.
    pub fn write(&mut self, rel: impl AsRef<Path>, bytes: impl AsRef<[u8]>) -> &mut Self {
        self.writable();
        let path = self.root.join(rel);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(&path, bytes).unwrap_or_else(|e| panic!("write {}: {e}", path.display()));
        self
    }

    pub fn remove(&mut self, rel: impl AsRef<Path>) -> &mut Self {
        self.writable();
        let path = self.root.join(rel);
        if path.is_dir() {
            std::fs::remove_dir_all(&path).unwrap();
        } else {
            std::fs::remove_file(&path).unwrap();
        }
        self
    }

    /// `yokoten build --root <site> --output <tmp>/out`.
    pub fn build(&self) -> Run {
        self.build_with(&[])
    }

    /// [`SiteTest::build`] with more arguments (`--drafts`, `--base-url URL`).
    pub fn build_with(&self, extra: &[&str]) -> Run {
        let root = self.root.to_string_lossy().into_owned();
        let out = self.out().to_string_lossy().into_owned();
        let mut args = vec!["build", "--root", &root, "--output", &out];
        args.extend_from_slice(extra);
        self.run(&args)
    }

    /// `yokoten check --root <site>`.
    pub fn check(&self) -> Run {
        let root = self.root.to_string_lossy().into_owned();
        self.run(&["check", "--root", &root])
    }

    /// Run the binary with these arguments in the site folder.
    pub fn run(&self, args: &[&str]) -> Run {
        let cwd = if self.owned {
            self.root.clone()
        } else {
            self.tmp.path().to_path_buf()
        };
        self.run_in(&cwd, args)
    }

    /// Run the binary with these arguments in `cwd`.
    pub fn run_in(&self, cwd: &Path, args: &[&str]) -> Run {
        self.run_env_in(cwd, args, &[])
    }

    /// Run the binary with these arguments and environment variables in the site folder.
    pub fn run_env(&self, args: &[&str], env: &[(&str, &str)]) -> Run {
        let cwd = if self.owned {
            self.root.clone()
        } else {
            self.tmp.path().to_path_buf()
        };
        self.run_env_in(&cwd, args, env)
    }

    fn run_env_in(&self, cwd: &Path, args: &[&str], env: &[(&str, &str)]) -> Run {
        // The messages are Japanese unless a test asks otherwise, whatever the machine says.
        let output = Command::new(env!("CARGO_BIN_EXE_yokoten"))
            .args(args)
            .current_dir(cwd)
            .env("NO_COLOR", "1")
            .env_remove("RUST_LOG")
            .env_remove("YOKOTEN_LANG")
            .envs(env.iter().copied())
            .output()
            .expect("run the yokoten binary");
        let args: Vec<String> = args.iter().map(|s| s.to_string()).collect();
        let value_of = |flag: &str| {
            args.iter()
                .position(|a| a == flag)
                .and_then(|i| args.get(i + 1))
                .cloned()
        };
        let out = value_of("--output")
            .or_else(|| value_of("-o"))
            .map_or_else(|| self.out(), PathBuf::from);
        let base_url = value_of("--base-url").unwrap_or_else(|| site_base_url(&self.root));
        Run {
            _tmp: Some(self.tmp.clone()),
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            root: self.root.clone(),
            out,
            base_url: with_slash(&base_url),
            args,
        }
    }
}

fn with_slash(s: &str) -> String {
    if s.ends_with('/') {
        s.to_string()
    } else {
        format!("{s}/")
    }
}

/// `base_url` from a site.yaml, read the simple way (top-level `base_url: ...` line).
fn site_base_url(root: &Path) -> String {
    let text = std::fs::read_to_string(root.join("site.yaml")).unwrap_or_default();
    text.lines()
        .find_map(|l| l.strip_prefix("base_url:"))
        .map(|v| v.trim().trim_matches(|c| c == '"' || c == '\'').to_string())
        .unwrap_or_else(|| "http://invalid/".into())
}

/// The path of a base URL, starting and ending with `/`.
pub fn base_path(base_url: &str) -> String {
    let after_scheme = base_url.split_once("://").map_or(base_url, |(_, r)| r);
    match after_scheme.find('/') {
        Some(i) => with_slash(&after_scheme[i..]),
        None => "/".into(),
    }
}

pub fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for e in std::fs::read_dir(from).unwrap_or_else(|e| panic!("read {}: {e}", from.display())) {
        let e = e.unwrap();
        let target = to.join(e.file_name());
        if e.file_type().unwrap().is_dir() {
            copy_dir(&e.path(), &target);
        } else {
            std::fs::copy(e.path(), &target).unwrap();
        }
    }
}

/// Every file under `dir` with its bytes, for "nothing changed" assertions.
pub fn dir_snapshot(dir: &Path) -> Vec<(String, Vec<u8>)> {
    list_files(dir)
        .into_iter()
        .map(|f| {
            let b = std::fs::read(dir.join(&f)).unwrap();
            (f, b)
        })
        .collect()
}

/// Every file under `dir`, as `/`-separated paths relative to it.
pub fn list_files(dir: &Path) -> BTreeSet<String> {
    fn walk(base: &Path, dir: &Path, out: &mut BTreeSet<String>) {
        let Ok(rd) = std::fs::read_dir(dir) else {
            return;
        };
        for e in rd {
            let e = e.unwrap();
            let p = e.path();
            if e.file_type().unwrap().is_dir() {
                walk(base, &p, out);
            } else {
                let rel = p.strip_prefix(base).unwrap();
                let parts: Vec<String> = rel
                    .components()
                    .map(|c| c.as_os_str().to_str().expect("UTF-8 file name").to_string())
                    .collect();
                out.insert(parts.join("/"));
            }
        }
    }
    let mut out = BTreeSet::new();
    walk(dir, dir, &mut out);
    out
}

/// The repository's own site, built once per test process into
/// `$CARGO_TARGET_TMPDIR/testsuite-bundled/out` (it takes a second or two in debug builds,
/// and several tests look at it). Tests must only read it.
pub fn bundled() -> Run {
    struct Built {
        args: Vec<String>,
        code: Option<i32>,
        stdout: String,
        stderr: String,
        out: PathBuf,
        base_url: String,
    }
    static BUILT: std::sync::OnceLock<Built> = std::sync::OnceLock::new();
    let b = BUILT.get_or_init(|| {
        let dir = PathBuf::from(env!("CARGO_TARGET_TMPDIR")).join("testsuite-bundled");
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        let out = dir.join("out");
        let run = SiteTest::at(repo_root()).run(&[
            "build",
            "--root",
            repo_root().to_str().unwrap(),
            "--output",
            out.to_str().unwrap(),
        ]);
        Built {
            args: run.args.clone(),
            code: run.code,
            stdout: run.stdout.clone(),
            stderr: run.stderr.clone(),
            out,
            base_url: run.base_url.clone(),
        }
    });
    Run {
        _tmp: None,
        args: b.args.clone(),
        code: b.code,
        stdout: b.stdout.clone(),
        stderr: b.stderr.clone(),
        root: repo_root(),
        out: b.out.clone(),
        base_url: b.base_url.clone(),
    }
}

/// One finished run of the binary, and the site it built.
pub struct Run {
    /// Keeps the temporary site alive as long as the run is looked at.
    _tmp: Option<Rc<TempDir>>,
    pub args: Vec<String>,
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    /// The site folder.
    pub root: PathBuf,
    /// The output folder.
    pub out: PathBuf,
    /// The base URL the site was built for, ending with `/`.
    pub base_url: String,
}

/// A link found in the built site: the page (output path) and the attribute value.
#[derive(Debug, Clone)]
pub struct Link {
    pub page: String,
    pub tag: String,
    pub href: String,
}

impl Run {
    fn describe(&self) -> String {
        format!(
            "yokoten {}\nexit code: {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.args.join(" "),
            self.code,
            self.stdout,
            self.stderr
        )
    }

    #[track_caller]
    pub fn assert_code(&self, code: i32) -> &Self {
        assert_eq!(
            self.code,
            Some(code),
            "expected exit code {code}\n{}",
            self.describe()
        );
        self
    }

    #[track_caller]
    pub fn assert_success(&self) -> &Self {
        self.assert_code(0)
    }

    /// Exit code 1: content errors.
    #[track_caller]
    pub fn assert_failure(&self) -> &Self {
        self.assert_code(1)
    }

    #[track_caller]
    pub fn stderr_contains(&self, needle: &str) -> &Self {
        assert!(
            self.stderr.contains(needle),
            "stderr should contain {needle:?}\n{}",
            self.describe()
        );
        self
    }

    #[track_caller]
    pub fn stderr_lacks(&self, needle: &str) -> &Self {
        assert!(
            !self.stderr.contains(needle),
            "stderr should not contain {needle:?}\n{}",
            self.describe()
        );
        self
    }

    #[track_caller]
    pub fn stdout_contains(&self, needle: &str) -> &Self {
        assert!(
            self.stdout.contains(needle),
            "stdout should contain {needle:?}\n{}",
            self.describe()
        );
        self
    }

    /// The path of an output file.
    pub fn path(&self, rel: &str) -> PathBuf {
        self.out.join(rel)
    }

    pub fn exists(&self, rel: &str) -> bool {
        self.path(rel).is_file()
    }

    #[track_caller]
    pub fn assert_exists(&self, rel: &str) -> &Self {
        assert!(
            self.exists(rel),
            "{rel} should have been written under {}\n{}",
            self.out.display(),
            self.describe()
        );
        self
    }

    #[track_caller]
    pub fn assert_missing(&self, rel: &str) -> &Self {
        assert!(
            !self.path(rel).exists(),
            "{rel} should not exist under {}",
            self.out.display()
        );
        self
    }

    #[track_caller]
    pub fn bytes(&self, rel: &str) -> Vec<u8> {
        std::fs::read(self.path(rel)).unwrap_or_else(|e| {
            let near: Vec<String> = self
                .files()
                .into_iter()
                .filter(|f| f.starts_with(rel.split('/').next().unwrap_or("")))
                .take(20)
                .collect();
            panic!(
                "cannot read {rel}: {e}; files there: {near:?}\n{}",
                self.describe()
            )
        })
    }

    #[track_caller]
    pub fn read(&self, rel: &str) -> String {
        String::from_utf8(self.bytes(rel)).unwrap_or_else(|_| panic!("{rel} is not UTF-8"))
    }

    #[track_caller]
    pub fn assert_file_contains(&self, rel: &str, needle: &str) -> &Self {
        let text = self.read(rel);
        assert!(
            text.contains(needle),
            "{rel} should contain {needle:?}; it has:\n{}",
            excerpt(&text)
        );
        self
    }

    #[track_caller]
    pub fn assert_file_lacks(&self, rel: &str, needle: &str) -> &Self {
        let text = self.read(rel);
        assert!(
            !text.contains(needle),
            "{rel} should not contain {needle:?}"
        );
        self
    }

    #[track_caller]
    pub fn html(&self, rel: &str) -> Html {
        Html::parse(self.read(rel))
    }

    /// Every file of the output, `/`-separated, relative to it.
    pub fn files(&self) -> BTreeSet<String> {
        list_files(&self.out)
    }

    pub fn html_files(&self) -> Vec<String> {
        self.files()
            .into_iter()
            .filter(|f| f.ends_with(".html"))
            .collect()
    }

    /// Bytes and modification time of every output file.
    pub fn snapshot(&self) -> BTreeMap<String, (Vec<u8>, SystemTime)> {
        self.files()
            .into_iter()
            .map(|f| {
                let p = self.path(&f);
                let mtime = std::fs::metadata(&p).and_then(|m| m.modified()).unwrap();
                (f, (std::fs::read(&p).unwrap(), mtime))
            })
            .collect()
    }

    pub fn base_path(&self) -> String {
        base_path(&self.base_url)
    }

    /// Every `href`/`src` of every HTML page that points inside the site: root-relative and
    /// relative links, and absolute links under base_url (rewritten to root-relative).
    /// Fragments on the same page and other hosts are left out.
    pub fn internal_links(&self) -> Vec<Link> {
        let mut out = Vec::new();
        for page in self.html_files() {
            let html = self.html(&page);
            for (tag, href) in html.links() {
                if let Some(h) = self.internalise(href) {
                    out.push(Link {
                        page: page.clone(),
                        tag: tag.name.clone(),
                        href: h,
                    });
                }
            }
        }
        out
    }

    /// `Some(link)` if `href` points inside the site (absolute links under base_url become
    /// root-relative), `None` for other hosts, other schemes and same-page fragments.
    pub fn internalise(&self, href: &str) -> Option<String> {
        let href = href.trim();
        if href.is_empty() || href.starts_with('#') {
            return None;
        }
        if let Some(rest) = href.strip_prefix(&self.base_url) {
            return Some(format!("{}{rest}", self.base_path()));
        }
        let has_scheme = href.find(':').is_some_and(|i| {
            let s = &href[..i];
            !s.is_empty()
                && s.chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'))
                && !href[..i].contains('/')
        });
        if has_scheme || href.starts_with("//") {
            return None;
        }
        Some(href.to_string())
    }

    /// Where an internal link lands: `Ok(output path)` if that file exists, else `Err(why)`.
    pub fn resolve(&self, page: &str, href: &str) -> Result<String, String> {
        let base_path = self.base_path();
        match yokoten::links::resolve(page, href, &base_path) {
            None => Err("not an internal link".into()),
            Some(Err(why)) => Err(why),
            Some(Ok(target)) => {
                let candidates = if target.is_empty() || target.ends_with('/') {
                    vec![format!("{target}index.html")]
                } else {
                    vec![target.clone(), format!("{target}/index.html")]
                };
                candidates
                    .into_iter()
                    .find(|c| self.out.join(c).is_file())
                    .ok_or_else(|| format!("no file {target} in the output"))
            }
        }
    }

    /// All internal links of all pages resolve to files of the output (percent-decoded,
    /// under the base path).
    #[track_caller]
    pub fn assert_links_ok(&self) -> &Self {
        let links = self.internal_links();
        assert!(
            !links.is_empty(),
            "no internal links found at all under {}",
            self.out.display()
        );
        let mut broken = Vec::new();
        for l in &links {
            if let Err(why) = self.resolve(&l.page, &l.href) {
                broken.push(format!("{}: <{}> {} ({why})", l.page, l.tag, l.href));
            }
        }
        broken.sort();
        broken.dedup();
        assert!(
            broken.is_empty(),
            "{} broken internal links (of {} checked), e.g.:\n{}",
            broken.len(),
            links.len(),
            broken
                .iter()
                .take(25)
                .cloned()
                .collect::<Vec<_>>()
                .join("\n")
        );
        self
    }

    /// Every link with a `#fragment` (on the same page or another page of the site) lands on
    /// an element with that `id` (or an `<a name>`) on its target page.
    #[track_caller]
    pub fn assert_fragments_ok(&self) -> &Self {
        let mut ids: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
        let mut ids_of = |page: &str| -> BTreeSet<String> {
            ids.entry(page.to_string())
                .or_insert_with(|| {
                    let html = self.html(page);
                    html.tags
                        .iter()
                        .filter_map(|t| {
                            t.attr("id")
                                .or_else(|| if t.name == "a" { t.attr("name") } else { None })
                        })
                        .map(str::to_string)
                        .collect()
                })
                .clone()
        };
        let mut checked = 0;
        let mut broken = Vec::new();
        for page in self.html_files() {
            let html = self.html(&page);
            for (tag, href) in html.links() {
                let Some((path, frag)) = href.split_once('#') else {
                    continue;
                };
                let frag = markup::percent_decode(frag);
                if frag.is_empty() || frag == "top" {
                    continue;
                }
                let target = if path.is_empty() {
                    page.clone()
                } else {
                    let Some(internal) = self.internalise(path) else {
                        continue;
                    };
                    match self.resolve(&page, &internal) {
                        Ok(t) if t.ends_with(".html") => t,
                        _ => continue, // a missing page is assert_links_ok's business
                    }
                };
                checked += 1;
                if !ids_of(&target).contains(&frag) {
                    broken.push(format!(
                        "{page}: <{}> {href} (no id=\"{frag}\" on {target})",
                        tag.name
                    ));
                }
            }
        }
        broken.sort();
        broken.dedup();
        assert!(
            broken.is_empty(),
            "{} fragment links (of {checked}) land on no element, e.g.:\n{}",
            broken.len(),
            broken
                .iter()
                .take(25)
                .cloned()
                .collect::<Vec<_>>()
                .join("\n")
        );
        self
    }

    /// The report blocks of stderr: each starts at a line beginning with `error` or
    /// `warning` (English), `エラー` or `注意` (Japanese).
    pub fn diagnostics(&self) -> Vec<String> {
        let mut blocks: Vec<String> = Vec::new();
        for line in self.stderr.lines() {
            let head = ["error", "warning", "エラー", "注意"];
            if head.iter().any(|h| line.starts_with(h)) || blocks.is_empty() {
                blocks.push(String::new());
            }
            let b = blocks.last_mut().unwrap();
            b.push_str(line);
            b.push('\n');
        }
        blocks
    }

    /// The report block that points at `file:line:<col>` (col any number).
    #[track_caller]
    pub fn error_at(&self, file: &str, line: usize) -> String {
        let loc = format!("{file}:{line}:");
        self.diagnostics()
            .into_iter()
            .find(|b| {
                b.match_indices(&loc)
                    .any(|(i, _)| b[i + loc.len()..].starts_with(|c: char| c.is_ascii_digit()))
            })
            .unwrap_or_else(|| panic!("no error reported at {loc}<col>\n{}", self.describe()))
    }

    /// There is an error at `file:line:col` whose report shows the offending source line with
    /// a caret under it and mentions every one of `needles` (message, field, hint).
    #[track_caller]
    pub fn assert_error(&self, file: &str, line: usize, needles: &[&str]) -> &Self {
        let block = self.error_at(file, line);
        let src = std::fs::read(self.root.join(file)).unwrap_or_default();
        let src = String::from_utf8_lossy(&src);
        let src = src.strip_prefix('\u{feff}').unwrap_or(&src);
        let wanted = src
            .lines()
            .nth(line - 1)
            .unwrap_or("")
            .trim_end_matches('\r')
            .trim();
        if !wanted.is_empty() {
            let lines: Vec<&str> = block.lines().collect();
            let shown = lines.iter().position(|l| l.contains(wanted));
            let shown = shown.unwrap_or_else(|| {
                panic!("the report should quote line {line} `{wanted}`:\n{block}")
            });
            assert!(
                lines[shown + 1..].iter().take(3).any(|l| l.contains('^')),
                "the report should put a caret `^` under `{wanted}`:\n{block}"
            );
        }
        for n in needles {
            assert!(
                block.contains(n),
                "the report at {file}:{line} should mention {n:?}:\n{block}\n(all of stderr:\n{})",
                self.stderr
            );
        }
        self
    }

    /// `assert_error`, and the report points at exactly `file:line:col` (col counts
    /// characters from 1).
    #[track_caller]
    pub fn assert_error_at(&self, file: &str, line: usize, col: usize, needles: &[&str]) -> &Self {
        self.assert_error(file, line, needles);
        let loc = format!("{file}:{line}:{col}");
        let block = self.error_at(file, line);
        assert!(
            block
                .match_indices(&loc)
                .any(|(i, _)| !block[i + loc.len()..].starts_with(|c: char| c.is_ascii_digit())),
            "the report should point at {loc}:\n{block}"
        );
        self
    }

    /// There is an error naming `file` (with or without a position) mentioning all `needles`.
    #[track_caller]
    pub fn assert_error_in(&self, file: &str, needles: &[&str]) -> &Self {
        let found = self
            .diagnostics()
            .into_iter()
            .any(|b| b.contains(file) && needles.iter().all(|n| b.contains(n)));
        assert!(
            found,
            "no error naming {file} and mentioning {needles:?}\n{}",
            self.describe()
        );
        self
    }
}

fn excerpt(s: &str) -> String {
    if s.len() <= 3000 {
        s.to_string()
    } else {
        let mut end = 3000;
        while !s.is_char_boundary(end) {
            end -= 1;
        }
        format!("{}…", &s[..end])
    }
}

/// A case as its source file says, read independently of the generator (own front-matter
/// split, YAML via `yokoten::yaml`, a thin serde_yaml wrapper).
#[derive(Debug, Clone)]
#[allow(dead_code)]
pub struct CaseInfo {
    pub file: PathBuf,
    pub slug: String,
    pub title: String,
    pub municipality: String,
    pub prefecture: String,
    pub published: String,
    pub summary: String,
    pub categories: Vec<String>,
    pub tags: Vec<String>,
    pub draft: bool,
}

/// Every case under `root/content/cases`, drafts included.
pub fn read_cases(root: &Path) -> Vec<CaseInfo> {
    use yokoten::yaml::Yaml;
    let mut out = Vec::new();
    let dir = root.join("content/cases");
    let mut entries: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    entries.sort();
    for p in entries {
        let name = p.file_name().unwrap().to_str().unwrap().to_string();
        if name.starts_with('.') {
            continue;
        }
        let (file, default_slug) = if p.is_dir() {
            (p.join("index.md"), name.clone())
        } else if let Some(stem) = name.strip_suffix(".md") {
            (p.clone(), stem.to_string())
        } else {
            continue;
        };
        let text = std::fs::read_to_string(&file)
            .unwrap()
            .replace("\r\n", "\n");
        let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
        let rest = text
            .strip_prefix("---\n")
            .unwrap_or_else(|| panic!("{} has no front matter", file.display()));
        let end = rest
            .find("\n---\n")
            .map(|i| i + 1)
            .or_else(|| rest.strip_suffix("\n---").map(|r| r.len() + 1))
            .unwrap();
        let Yaml::Map(map) = yokoten::yaml::parse(&rest[..end]).unwrap() else {
            panic!("front matter of {} is not a mapping", file.display())
        };
        let get = |k: &str| map.iter().find(|(key, _)| key == k).map(|(_, v)| v.clone());
        let text_of = |k: &str| {
            get(k)
                .and_then(|v| v.as_text())
                .unwrap_or_default()
                .trim()
                .to_string()
        };
        let list_of = |k: &str| match get(k) {
            Some(Yaml::Seq(items)) => items
                .iter()
                .filter_map(|i| i.as_text())
                .map(|s| s.trim().to_string())
                .collect(),
            Some(v) => v.as_text().into_iter().collect(),
            None => Vec::new(),
        };
        let slug = match text_of("slug") {
            s if s.is_empty() => default_slug,
            s => s,
        };
        out.push(CaseInfo {
            file,
            slug,
            title: text_of("title"),
            municipality: text_of("municipality"),
            prefecture: text_of("prefecture"),
            published: text_of("published"),
            summary: text_of("summary"),
            categories: list_of("categories"),
            tags: list_of("tags"),
            draft: get("draft") == Some(Yaml::Bool(true)),
        });
    }
    out
}

/// The 1-based number of the first line of `text` containing `needle`.
#[track_caller]
pub fn line_of(text: &str, needle: &str) -> usize {
    text.lines()
        .position(|l| l.contains(needle))
        .map(|i| i + 1)
        .unwrap_or_else(|| panic!("{needle:?} not in:\n{text}"))
}
