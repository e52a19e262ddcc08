//! Errors in user input, with the file, line, column and field they point at and a hint on
//! how to fix them. Every stage collects these instead of stopping at the first, so that one
//! build lists every problem of a site.

use std::fmt;
use std::ops::Range;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use codespan_reporting::diagnostic::{Diagnostic as CsDiagnostic, Label};
use codespan_reporting::files::SimpleFile;
use codespan_reporting::term::{self, termcolor};

use crate::messages;

/// One problem found in the site's input.
#[derive(Debug, Clone, Hash)]
pub struct Diagnostic {
    /// The file at fault, as the user would type it (relative to the site root when possible).
    pub file: PathBuf,
    /// The whole text of the file, kept so the report can show the offending line.
    pub source: Option<Arc<str>>,
    /// Byte range in `source` that the problem points at.
    pub span: Option<Range<usize>>,
    /// The front-matter or site.yaml field involved, if any.
    pub field: Option<String>,
    pub message: String,
    pub hint: Option<String>,
    /// A warning is reported but does not stop the build.
    pub warning: bool,
    /// What a library said (the YAML parser's own words), shown only with `--verbose`:
    /// editors get the explanation, a developer chasing a bug the raw text.
    pub detail: Option<String>,
}

static VERBOSE: std::sync::atomic::AtomicBool = std::sync::atomic::AtomicBool::new(false);

/// Show each problem's `detail` too (`--verbose`).
pub fn set_verbose(on: bool) {
    VERBOSE.store(on, std::sync::atomic::Ordering::Relaxed);
}

fn verbose() -> bool {
    VERBOSE.load(std::sync::atomic::Ordering::Relaxed)
}

impl Diagnostic {
    pub fn new(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            file: file.into(),
            source: None,
            span: None,
            field: None,
            message: message.into(),
            hint: None,
            warning: false,
            detail: None,
        }
    }

    /// A problem worth telling the editor about that does not stop the build.
    pub fn warning(file: impl Into<PathBuf>, message: impl Into<String>) -> Self {
        Diagnostic {
            warning: true,
            ..Diagnostic::new(file, message)
        }
    }

    pub fn at(mut self, source: &Arc<str>, span: Range<usize>) -> Self {
        let len = source.len();
        let start = span.start.min(len);
        let end = span.end.clamp(start, len);
        self.source = Some(source.clone());
        self.span = Some(start..end);
        self
    }

    pub fn field(mut self, field: impl Into<String>) -> Self {
        self.field = Some(field.into());
        self
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    /// What a library said about it, for `--verbose`.
    pub fn detail(mut self, detail: impl Into<String>) -> Self {
        self.detail = Some(detail.into());
        self
    }

    /// 1-based (line, column) of the span start; column counts characters, not bytes.
    pub fn line_col(&self) -> Option<(usize, usize)> {
        let (source, span) = (self.source.as_ref()?, self.span.as_ref()?);
        let before = &source[..span.start];
        let line = before.matches('\n').count() + 1;
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        let col = source[line_start..span.start].chars().count() + 1;
        Some((line, col))
    }

    /// `file:line:col` (or just `file`) for one-line summaries.
    pub fn location(&self) -> String {
        match self.line_col() {
            Some((l, c)) => format!("{}:{}:{}", self.file.display(), l, c),
            None => self.file.display().to_string(),
        }
    }

    /// A rustc-style report: message, the offending line with a caret, and the hint.
    /// Control characters from content are shown escaped, never sent to the terminal.
    pub fn render(&self, color: bool) -> String {
        use crate::escape::{terminal, terminal_with_span};
        let name = terminal(&self.file.display().to_string()).into_owned();
        let (source, span) = match (&self.source, &self.span) {
            (Some(src), Some(span)) => {
                let (s, sp) = terminal_with_span(src, span.clone());
                (s.into_owned(), Some(sp))
            }
            (Some(src), None) => (terminal(src).into_owned(), None),
            (None, _) => (String::new(), None),
        };
        let file = SimpleFile::new(name.as_str(), source.as_str());
        let base = if self.warning {
            CsDiagnostic::warning()
        } else {
            CsDiagnostic::error()
        };
        let mut diag = base.with_message(terminal(&self.message));
        if let Some(field) = &self.field {
            diag = diag.with_code(terminal(field));
        }
        match span {
            Some(span) => {
                let label = match &self.field {
                    Some(f) => messages::report::field_label(f),
                    None => String::new(),
                };
                diag =
                    diag.with_labels(vec![Label::primary((), span).with_message(terminal(&label))]);
            }
            None => diag = diag.with_notes(vec![messages::report::in_file(&name)]),
        }
        if let Some(hint) = &self.hint {
            let hint = terminal(hint);
            diag = diag.with_notes(vec![messages::report::hint_line(&hint)]);
        }
        if let (true, Some(detail)) = (verbose(), &self.detail) {
            let detail = terminal(detail);
            diag = diag.with_notes(vec![messages::report::detail_line(&detail)]);
        }
        let config = term::Config::default();
        let mut buf = if color {
            RenderBuf::Ansi(termcolor::Ansi::new(Vec::new()))
        } else {
            RenderBuf::Plain(termcolor::NoColor::new(Vec::new()))
        };
        if term::emit(buf.writer(), &config, &file, &diag).is_err() {
            return format!(
                "error: {}: {}\n",
                terminal(&self.location()),
                terminal(&self.message)
            );
        }
        let text = buf.into_string();
        // codespan names the severity in English; the first word of the first line is it.
        let (en, ja) = if self.warning {
            ("warning", messages::report::warning_word())
        } else {
            ("error", messages::report::error_word())
        };
        match text.find(en) {
            Some(i) if !text[..i].contains('\n') => {
                format!("{}{ja}{}", &text[..i], &text[i + en.len()..])
            }
            _ => text,
        }
    }
}

enum RenderBuf {
    Ansi(termcolor::Ansi<Vec<u8>>),
    Plain(termcolor::NoColor<Vec<u8>>),
}

impl RenderBuf {
    fn writer(&mut self) -> &mut dyn termcolor::WriteColor {
        match self {
            RenderBuf::Ansi(w) => w,
            RenderBuf::Plain(w) => w,
        }
    }
    fn into_string(self) -> String {
        let bytes = match self {
            RenderBuf::Ansi(w) => w.into_inner(),
            RenderBuf::Plain(w) => w.into_inner(),
        };
        String::from_utf8_lossy(&bytes).into_owned()
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: ", self.location())?;
        if let Some(field) = &self.field {
            write!(f, "[{field}] ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(hint) = &self.hint {
            write!(f, " (hint: {hint})")?;
        }
        Ok(())
    }
}

/// All problems of one build, sorted by file and position so reports are stable.
#[derive(Debug, Default, Clone)]
pub struct Diagnostics(pub Vec<Diagnostic>);

impl Diagnostics {
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
    pub fn len(&self) -> usize {
        self.0.len()
    }
    pub fn push(&mut self, d: Diagnostic) {
        self.0.push(d);
    }
    pub fn extend(&mut self, other: impl IntoIterator<Item = Diagnostic>) {
        self.0.extend(other);
    }
    pub fn sorted(mut self) -> Self {
        self.0.sort_by(|a, b| {
            (a.file.as_path(), a.span.as_ref().map(|s| s.start))
                .cmp(&(b.file.as_path(), b.span.as_ref().map(|s| s.start)))
        });
        self
    }
    pub fn iter(&self) -> std::slice::Iter<'_, Diagnostic> {
        self.0.iter()
    }
    pub fn render(&self, color: bool) -> String {
        let mut out = String::new();
        for d in &self.0 {
            out.push_str(&d.render(color));
        }
        out
    }
}

impl From<Diagnostic> for Diagnostics {
    fn from(d: Diagnostic) -> Self {
        Diagnostics(vec![d])
    }
}

impl fmt::Display for Diagnostics {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for d in &self.0 {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

/// An error with its sources, in one line: Tera's errors nest the useful part (line,
/// column, what was expected) in their sources.
pub fn error_chain(e: &dyn std::error::Error) -> String {
    let mut out = e.to_string();
    let mut cur = e.source();
    while let Some(s) = cur {
        out.push_str(": ");
        out.push_str(&s.to_string());
        cur = s.source();
    }
    out
}

/// Why the system refused a file, in the editor's language: the common cases named, any
/// other with the system's words (which are English on most machines).
pub fn io_reason(e: &std::io::Error) -> String {
    match e.get_ref().and_then(|r| r.downcast_ref::<AtPath>()) {
        Some(at) => format!("{}: {}", at.path.display(), io_cause(&at.error)),
        None => io_cause(e),
    }
}

/// `io_reason` without the file's name, for a report that names it already.
pub fn io_cause(e: &std::io::Error) -> String {
    use crate::messages::report;
    use std::io::ErrorKind as K;
    if let Some(at) = e.get_ref().and_then(|r| r.downcast_ref::<AtPath>()) {
        return io_cause(&at.error);
    }
    match e.kind() {
        K::NotFound => report::io_not_found(),
        K::PermissionDenied => report::io_permission(),
        K::AlreadyExists => report::io_exists(),
        K::StorageFull | K::QuotaExceeded => report::io_full(),
        K::ReadOnlyFilesystem => report::io_read_only(),
        K::ResourceBusy | K::ExecutableFileBusy => report::io_busy(),
        K::NotADirectory => report::io_not_a_folder(),
        _ => report::io_other(&e.to_string()),
    }
}

/// An I/O error that names the file it happened to (the system's errors name none).
pub fn io_at(path: &Path, error: std::io::Error) -> std::io::Error {
    let kind = error.kind();
    std::io::Error::new(
        kind,
        AtPath {
            path: path.to_path_buf(),
            error,
        },
    )
}

#[derive(Debug)]
struct AtPath {
    path: PathBuf,
    error: std::io::Error,
}

impl fmt::Display for AtPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.path.display(), self.error)
    }
}

impl std::error::Error for AtPath {}

/// Path shown to the user: relative to the site root when it lies under it.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    path.strip_prefix(root)
        .map(Path::to_path_buf)
        .unwrap_or_else(|_| path.to_path_buf())
}
