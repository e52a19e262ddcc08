//! The HTTP side of `yokoten serve`: static files from the output folder under the base
//! path, and the live-reload endpoints. It knows nothing of watching or rebuilding; the
//! rebuild loop only tells it, through `LiveState`, that a new build (or an error) exists.
//!
//! Every resource a client can tie up is bounded, because any web page the editor opens can
//! make the browser connect here:
//! - one front thread accepts connections and reads request heads without blocking (up to
//!   16 KB each, 5 s from the connect), so idle or slow clients hold a socket, never a
//!   thread; when there are too many, the oldest gives way;
//! - complete requests go through a bounded queue to a fixed pool of workers, which only
//!   write (no request body is ever read), each write with a timeout and each response with a
//!   deadline; a request that finds the queue full for a second is answered 503;
//! - long polls are handed to one waiter thread, at most `MAX_WAITING` at a time;
//! - one response per connection (`Connection: close`).
//!
//! Requests for a loopback server must name it in `Host`, so a page on a rebound DNS name
//! cannot read the drafts; paths are decoded once and never leave the output folder.

use crate::byte_range;
use crate::messages;
use std::collections::VecDeque;
use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::net::{IpAddr, Shutdown, SocketAddr, TcpListener, TcpStream};
use std::panic::{catch_unwind, AssertUnwindSafe};
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver, SyncSender, TrySendError};
use std::sync::{Arc, Condvar, Mutex, PoisonError};
use std::time::{Duration, Instant};

use percent_encoding::percent_decode_str;

pub const LIVERELOAD_JS: &str = include_str!("livereload.js");
const LONG_POLL: Duration = Duration::from_secs(25);

/// Request line and headers together.
const MAX_HEAD: usize = 16 * 1024;
const MAX_URL: usize = 8 * 1024;
const MAX_HEADERS: usize = 64;
/// From the connect to the end of the request head: a client sending a byte a second is
/// dropped after this, whatever it sends.
const HEAD_DEADLINE: Duration = Duration::from_secs(5);
/// After an error answer, how long the rest of what the client sends is read and dropped, so
/// that closing with unread input does not reset the connection before it reads the answer.
const LINGER: Duration = Duration::from_secs(1);
const LINGER_BYTES: usize = 1 << 20;
const WORKERS: usize = 16;
const QUEUE: usize = 32;
/// How long a complete request waits for a place in the queue before it is answered 503.
const QUEUE_WAIT: Duration = Duration::from_secs(1);
/// Open long polls (a browser tab holds one each).
const MAX_WAITING: usize = 64;
/// One write blocking longer than this ends the response.
const WRITE_STALL: Duration = Duration::from_secs(5);
/// A response still being written after this is cut off (a client reading a byte at a time).
const RESPONSE_DEADLINE: Duration = Duration::from_secs(60);
/// Larger pages are streamed as they are, without the reload script.
const INJECT_LIMIT: u64 = 16 << 20;
/// How long the front thread sleeps when no socket had anything for it, at most.
const NAP_MAX: Duration = Duration::from_millis(8);
/// How often the waiter thread looks for newly handed long polls.
const WAITER_TICK: Duration = Duration::from_millis(250);

/// The latest build, as the browser sees it.
#[derive(Debug, Clone, Default, serde::Serialize)]
pub struct Status {
    pub version: u64,
    /// The error report of the latest rebuild, when it failed (the last good site is still
    /// served).
    pub error: Option<String>,
    /// Only stylesheets changed.
    pub css: bool,
}

#[derive(Default)]
pub struct LiveState {
    status: Mutex<Status>,
    changed: Condvar,
}

impl LiveState {
    pub fn publish(&self, error: Option<String>, css: bool) {
        let mut s = self.status.lock().unwrap_or_else(|e| e.into_inner());
        s.version += 1;
        s.error = error;
        s.css = css;
        self.changed.notify_all();
    }

    pub fn current(&self) -> Status {
        self.status
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clone()
    }

    /// Wait until the version differs from `seen` (or the timeout passes).
    pub fn wait_newer(&self, seen: u64, timeout: Duration) -> Status {
        let guard = self.status.lock().unwrap_or_else(|e| e.into_inner());
        let (guard, _) = self
            .changed
            .wait_timeout_while(guard, timeout, |s| s.version == seen)
            .unwrap_or_else(|e| e.into_inner());
        guard.clone()
    }
}

// ---------------------------------------------------------------------------------------
// Paths

/// A request path, percent-decoded once, without empty, `.` or `..` segments.
#[derive(Debug, PartialEq)]
struct UrlPath {
    segments: Vec<String>,
    trailing_slash: bool,
}

/// Decode the path of a request target; `None` (answered 400) for anything that is not a
/// plain path inside the site: bad escapes, invalid UTF-8, control characters, backslashes,
/// `..` however encoded, or a segment the file system would read as more than a name.
fn decode_path(target: &str) -> Option<UrlPath> {
    let raw = target.split(['?', '#']).next().unwrap_or_default();
    if !raw.starts_with('/') {
        return None;
    }
    let text = String::from_utf8(percent_decode_strict(raw)?).ok()?;
    if text.contains('\\') || text.chars().any(char::is_control) {
        return None;
    }
    let mut segments = Vec::new();
    // Empty segments collapse: `//cases` is `/cases`, so no redirect can start with `//`.
    for seg in text.split('/').filter(|s| !s.is_empty() && *s != ".") {
        if seg == ".." || !is_plain_name(seg) {
            return None;
        }
        segments.push(seg.to_string());
    }
    Some(UrlPath {
        segments,
        trailing_slash: text.ends_with('/'),
    })
}

/// `%XX` escapes to bytes; a `%` not followed by two hex digits is an error, not a literal.
fn percent_decode_strict(s: &str) -> Option<Vec<u8>> {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                return None;
            }
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    Some(out)
}

/// A segment that joins onto a folder as one name (on Windows `C:` would not).
fn is_plain_name(seg: &str) -> bool {
    let mut parts = Path::new(seg).components();
    matches!(
        (parts.next(), parts.next()),
        (Some(Component::Normal(name)), None) if name == std::ffi::OsStr::new(seg)
    )
}

/// The segments of the site's base path. site.yaml may give it raw (`/事例集/`) or
/// percent-encoded (`/%E4%BA%8B.../`); requests arrive encoded, so both sides are decoded.
fn base_segments(base_path: &str) -> Vec<String> {
    percent_decode_str(base_path)
        .decode_utf8_lossy()
        .split('/')
        .filter(|s| !s.is_empty() && *s != ".")
        .map(String::from)
        .collect()
}

/// An absolute path for a `Location` header: exactly one leading `/`, each segment
/// percent-encoded as the site's own links are.
fn location(segments: &[String], trailing_slash: bool) -> String {
    let mut out = String::from("/");
    for (i, seg) in segments.iter().enumerate() {
        if i > 0 {
            out.push('/');
        }
        out.push_str(&crate::urls::encode_segment(seg));
    }
    if trailing_slash && !segments.is_empty() {
        out.push('/');
    }
    out
}

/// What a request path maps to.
#[derive(Debug, PartialEq)]
enum Resolved {
    File(PathBuf),
    Redirect(String),
    NotFound,
}

/// Map a decoded path to a file of the output folder, honouring the base path; folders
/// serve their index.html and get a trailing slash by redirect.
fn resolve(output: &Path, base: &[String], path: &UrlPath) -> Resolved {
    if path.segments.is_empty() && !base.is_empty() {
        return Resolved::Redirect(location(base, true));
    }
    let Some(rel) = path.segments.strip_prefix(base) else {
        return Resolved::NotFound;
    };
    let mut file = output.to_path_buf();
    file.extend(rel);
    let Some((real, meta)) = inside(output, &file) else {
        return Resolved::NotFound;
    };
    if meta.is_file() {
        return Resolved::File(real);
    }
    if !meta.is_dir() {
        return Resolved::NotFound;
    }
    if !path.trailing_slash && !path.segments.is_empty() {
        return Resolved::Redirect(location(&path.segments, true));
    }
    match inside(output, &file.join("index.html")) {
        Some((real, meta)) if meta.is_file() => Resolved::File(real),
        _ => Resolved::NotFound,
    }
}

/// The real path of `file` and its metadata, if it exists and is inside `output` once every
/// symbolic link is followed.
fn inside(output: &Path, file: &Path) -> Option<(PathBuf, std::fs::Metadata)> {
    let root = output.canonicalize().ok()?;
    let real = file.canonicalize().ok()?;
    if !real.starts_with(&root) {
        return None;
    }
    let meta = real.metadata().ok()?;
    Some((real, meta))
}

pub fn content_type(path: &Path) -> &'static str {
    match path
        .extension()
        .and_then(|e| e.to_str())
        .map(str::to_ascii_lowercase)
        .as_deref()
    {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") => "application/xml; charset=utf-8",
        Some("csv") => "text/csv; charset=utf-8",
        Some("txt" | "md") => "text/plain; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("avif") => "image/avif",
        Some("ico") => "image/x-icon",
        Some("pdf") => "application/pdf",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        _ => "application/octet-stream",
    }
}

/// Put the live-reload script into a served page (never into the built files).
/// The script tag added to served pages; it carries the overlay's words in the editor's
/// language (the script itself is one file for both).
fn reload_tag() -> String {
    let attr = |s: String| crate::escape::html(&s);
    format!(
        "<script src=\"/__yokoten/livereload.js\" data-title=\"{}\" data-hint=\"{}\"></script>",
        attr(messages::serve::overlay_title()),
        attr(messages::serve::overlay_hint()),
    )
}

pub fn inject_reload(html: &[u8]) -> Vec<u8> {
    let tag = reload_tag();
    let at = memchr::memmem::rfind(html, b"</body>").unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + tag.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(tag.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

// ---------------------------------------------------------------------------------------
// Requests and answers

/// The parts of a request head the server looks at.
#[derive(Debug)]
struct Request {
    method: String,
    target: String,
    /// The `Host` header; None when missing.
    host: Option<String>,
    /// The client sent (or announced) more than the head: read it before closing, or the
    /// close resets the connection and the answer may be lost.
    more_input: bool,
    /// The `Range` header (the search script reads records of pack files with it).
    range: Option<String>,
}

#[derive(Debug)]
enum Head {
    /// More bytes may complete it.
    Partial,
    Complete(Request),
    /// Answer with this status and close.
    Fail(u16),
}

/// Parse what a client has sent so far (at most [`MAX_HEAD`] bytes are ever read).
fn parse_head(buf: &[u8]) -> Head {
    let mut headers = [httparse::EMPTY_HEADER; MAX_HEADERS];
    let mut req = httparse::Request::new(&mut headers);
    match req.parse(buf) {
        Ok(httparse::Status::Partial) if buf.len() < MAX_HEAD => Head::Partial,
        Ok(httparse::Status::Partial) if !buf.contains(&b'\n') => Head::Fail(414),
        Ok(httparse::Status::Partial) => Head::Fail(431),
        Ok(httparse::Status::Complete(len)) => request_of(&req, buf.len() > len),
        Err(httparse::Error::TooManyHeaders) => Head::Fail(431),
        Err(_) => Head::Fail(400),
    }
}

fn request_of(req: &httparse::Request, trailing_bytes: bool) -> Head {
    let (Some(method), Some(target)) = (req.method, req.path) else {
        return Head::Fail(400);
    };
    if target.len() > MAX_URL {
        return Head::Fail(414);
    }
    let mut host = None;
    let mut more_input = trailing_bytes;
    let mut range = None;
    for h in req.headers.iter() {
        if h.name.eq_ignore_ascii_case("range") {
            range = std::str::from_utf8(h.value).ok().map(str::to_string);
        }
        if h.name.eq_ignore_ascii_case("host") {
            let Ok(value) = std::str::from_utf8(h.value) else {
                return Head::Fail(400);
            };
            if host.replace(value.trim().to_string()).is_some() {
                return Head::Fail(400);
            }
        } else if h.name.eq_ignore_ascii_case("transfer-encoding")
            || (h.name.eq_ignore_ascii_case("content-length") && h.value.trim_ascii() != b"0")
        {
            more_input = true;
        }
    }
    Head::Complete(Request {
        method: method.to_string(),
        target: target.to_string(),
        host,
        more_input,
        range,
    })
}

/// Whether a `Host` header names this loopback server. A page on evil.example whose name
/// was made to resolve to 127.0.0.1 (DNS rebinding) sends `Host: evil.example`.
fn host_allowed(host: &str, bound: IpAddr) -> bool {
    let Some(name) = host_name(host) else {
        return false;
    };
    let bound = match bound {
        IpAddr::V4(ip) => ip.to_string(),
        IpAddr::V6(ip) => format!("[{ip}]"),
    };
    name.eq_ignore_ascii_case("localhost")
        || name == "127.0.0.1"
        || name == "[::1]"
        || name == bound
}

/// The name part of `name[:port]` or `[v6]:port`; None when the port is not a number.
fn host_name(host: &str) -> Option<&str> {
    let split = if host.starts_with('[') {
        host.find(']')? + 1
    } else {
        host.find(':').unwrap_or(host.len())
    };
    let (name, port) = host.split_at(split);
    let port_ok = port.is_empty()
        || port
            .strip_prefix(':')
            .is_some_and(|p| (1..=5).contains(&p.len()) && p.bytes().all(|b| b.is_ascii_digit()));
    port_ok.then_some(name)
}

/// What the server needs to answer a request.
struct Site {
    output: PathBuf,
    base: Vec<String>,
    /// The bound address when it is a loopback one: only then is `Host` checked (a server
    /// bound to 0.0.0.0 for a phone on the LAN is reached under any name).
    loopback: Option<IpAddr>,
    live: Arc<LiveState>,
}

impl Site {
    fn new(output: PathBuf, base_path: &str, bound: IpAddr, live: Arc<LiveState>) -> Site {
        let bound = bound.to_canonical();
        Site {
            output,
            base: base_segments(base_path),
            loopback: bound.is_loopback().then_some(bound),
            live,
        }
    }
}

enum Body {
    Bytes(Vec<u8>),
    /// Streamed; the length is the file's when it was opened.
    File(File, u64),
}

struct Reply {
    status: u16,
    content_type: &'static str,
    location: Option<String>,
    /// `Content-Range` of a 206 or 416 answer.
    content_range: Option<String>,
    body: Body,
}

enum Answer {
    Reply(Reply),
    /// A long poll, with the version the page has (None: answer at once).
    Poll(Option<u64>),
}

impl Reply {
    fn bytes(status: u16, content_type: &'static str, body: impl Into<Vec<u8>>) -> Reply {
        Reply {
            status,
            content_type,
            location: None,
            content_range: None,
            body: Body::Bytes(body.into()),
        }
    }

    fn text(status: u16) -> Reply {
        Reply::bytes(status, "text/plain; charset=utf-8", error_text(status))
    }

    fn redirect(to: String) -> Reply {
        Reply {
            location: Some(to),
            ..Reply::bytes(301, "text/plain; charset=utf-8", "")
        }
    }

    fn status(status: &Status) -> Reply {
        let json = serde_json::to_vec(status).unwrap_or_default();
        Reply::bytes(200, "application/json", json)
    }

    fn len(&self) -> u64 {
        match &self.body {
            Body::Bytes(b) => b.len() as u64,
            Body::File(_, len) => *len,
        }
    }

    fn head(&self) -> Vec<u8> {
        let mut head = format!(
            "HTTP/1.1 {} {}\r\nContent-Type: {}\r\nContent-Length: {}\r\n\
             Cache-Control: no-store\r\nX-Content-Type-Options: nosniff\r\nConnection: close\r\n",
            self.status,
            reason(self.status),
            self.content_type,
            self.len()
        );
        if let Some(to) = &self.location {
            head.push_str(&format!("Location: {to}\r\n"));
        }
        if let Some(range) = &self.content_range {
            head.push_str(&format!("Content-Range: {range}\r\n"));
        }
        if matches!(self.body, Body::File(..)) {
            head.push_str("Accept-Ranges: bytes\r\n");
        }
        if self.status == 405 {
            head.push_str("Allow: GET, HEAD\r\n");
        }
        head.push_str("\r\n");
        head.into_bytes()
    }

    /// Head and body in one buffer, for small answers written without blocking.
    fn to_bytes(&self) -> Vec<u8> {
        let mut out = self.head();
        if let Body::Bytes(b) = &self.body {
            out.extend_from_slice(b);
        }
        out
    }
}

fn reason(status: u16) -> &'static str {
    match status {
        200 => "OK",
        206 => "Partial Content",
        301 => "Moved Permanently",
        400 => "Bad Request",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        408 => "Request Timeout",
        414 => "URI Too Long",
        416 => "Range Not Satisfiable",
        431 => "Request Header Fields Too Large",
        500 => "Internal Server Error",
        503 => "Service Unavailable",
        _ => "Error",
    }
}

fn error_text(status: u16) -> String {
    match status {
        400 => messages::serve::bad_request(),
        403 => messages::serve::wrong_host(),
        405 => messages::serve::method_not_allowed(),
        408 => messages::serve::request_timeout(),
        414 => messages::serve::url_too_long(),
        431 => messages::serve::headers_too_large(),
        503 => messages::serve::busy(),
        _ => messages::serve::other_error(),
    }
}

/// The answer to a complete request head. Never blocks: a long poll comes back as
/// [`Answer::Poll`] for the caller to wait on.
fn respond(req: &Request, site: &Site) -> Answer {
    if let Some(bound) = site.loopback {
        if !req.host.as_deref().is_some_and(|h| host_allowed(h, bound)) {
            return Answer::Reply(Reply::text(403));
        }
    }
    if req.method != "GET" && req.method != "HEAD" {
        return Answer::Reply(Reply::text(405));
    }
    let Some(path) = decode_path(&req.target) else {
        return Answer::Reply(Reply::text(400));
    };
    match path.segments.as_slice() {
        [dir, name] if dir == "__yokoten" && name == "livereload.js" => {
            return Answer::Reply(Reply::bytes(
                200,
                "text/javascript; charset=utf-8",
                LIVERELOAD_JS,
            ))
        }
        [dir, name] if dir == "__yokoten" && name == "poll" => {
            return Answer::Poll(poll_version(&req.target))
        }
        _ => {}
    }
    Answer::Reply(match resolve(&site.output, &site.base, &path) {
        Resolved::Redirect(to) => Reply::redirect(to),
        Resolved::File(file) => {
            file_reply(&file, 200, req.range.as_deref()).unwrap_or_else(|| not_found(site))
        }
        Resolved::NotFound => not_found(site),
    })
}

/// `v=N` of `/__yokoten/poll?v=N`.
fn poll_version(target: &str) -> Option<u64> {
    let (_, query) = target.split_once('?')?;
    query
        .split('&')
        .find_map(|kv| kv.strip_prefix("v="))
        .and_then(|v| v.parse().ok())
}

/// A file as an answer: pages get the reload script (those up to [`INJECT_LIMIT`]; larger
/// ones are streamed as they are, like every other file). `range`: the request's Range
/// header, answered for files sent as they are (a page with the script injected is not the
/// file on disk, so its byte ranges would not be the file's either: it comes whole).
fn file_reply(path: &Path, status: u16, range: Option<&str>) -> Option<Reply> {
    let mut file = File::open(path).ok()?;
    let len = file.metadata().ok()?.len();
    let content_type = content_type(path);
    let page = content_type.starts_with("text/html") && len <= INJECT_LIMIT;
    if page {
        let mut html = Vec::with_capacity(len as usize);
        (&mut file).take(INJECT_LIMIT).read_to_end(&mut html).ok()?;
        return Some(Reply::bytes(status, content_type, inject_reload(&html)));
    }
    let answer = if status == 200 {
        byte_range::answer(range, len)
    } else {
        byte_range::Answer::Whole
    };
    let content_range = byte_range::content_range(&answer, len);
    let (status, body) = match answer {
        byte_range::Answer::Whole => (status, Body::File(file, len)),
        byte_range::Answer::Part { first, last } => {
            file.seek(SeekFrom::Start(first)).ok()?;
            (206, Body::File(file, last - first + 1))
        }
        byte_range::Answer::Unsatisfiable => (416, Body::Bytes(Vec::new())),
    };
    Some(Reply {
        status,
        content_type,
        location: None,
        content_range,
        body,
    })
}

/// The site's 404.html, or the build-error page while there is no site to show yet.
fn not_found(site: &Site) -> Reply {
    let status = site.live.current();
    if let Some(error) = status.error {
        if !site.output.join("index.html").exists() {
            return Reply::bytes(500, "text/html; charset=utf-8", error_page(&error));
        }
    }
    inside(&site.output, &site.output.join("404.html"))
        .and_then(|(page, _)| file_reply(&page, 404, None))
        .unwrap_or_else(|| {
            let text = messages::serve::not_found();
            let page = format!("<!doctype html><meta charset=\"utf-8\"><body><p>{text}</p></body>");
            Reply::bytes(
                404,
                "text/html; charset=utf-8",
                inject_reload(page.as_bytes()),
            )
        })
}

fn error_page(error: &str) -> Vec<u8> {
    let escaped = crate::escape::html(error);
    let lang = if crate::lang::english() { "en" } else { "ja" };
    let title = messages::serve::overlay_title();
    let hint = messages::serve::overlay_hint();
    inject_reload(
        format!(
            "<!doctype html><html lang=\"{lang}\"><meta charset=\"utf-8\"><title>{title}</title>\
             <body><h1>{title}</h1><p>{hint}</p><pre>{escaped}</pre></body></html>"
        )
        .as_bytes(),
    )
}

// ---------------------------------------------------------------------------------------
// Sockets

/// A listening socket of `yokoten serve`.
pub struct Server {
    listener: TcpListener,
    addr: SocketAddr,
}

impl Server {
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }
}

/// Bind `addr:port`, or the next free port up to 20 above it. Returns the port bound (the
/// one the system chose for port 0).
pub fn bind(addr: &str, port: u16) -> Result<(Server, u16), String> {
    let mut last = String::new();
    for p in port..=port.saturating_add(20) {
        let bound = TcpListener::bind((addr, p)).and_then(|listener| {
            let addr = listener.local_addr()?;
            Ok(Server { listener, addr })
        });
        match bound {
            Ok(server) => {
                let port = server.addr.port();
                return Ok((server, port));
            }
            Err(e) => last = crate::diagnostics::io_cause(&e),
        }
    }
    Err(messages::serve::cannot_listen(addr, port, &last))
}

/// Serve until the process ends.
pub fn run(server: Server, output: PathBuf, base_path: String, live: Arc<LiveState>) {
    let site = Arc::new(Site::new(
        output,
        &base_path,
        server.addr.ip(),
        live.clone(),
    ));
    let waiters = Waiters::start(live);
    let jobs = start_workers(site, waiters);
    Front::new(server.listener, jobs).run()
}

/// A request read in full, for a worker to answer.
struct Job {
    stream: TcpStream,
    request: Request,
}

fn start_workers(site: Arc<Site>, waiters: Waiters) -> SyncSender<Job> {
    let (tx, rx) = mpsc::sync_channel(QUEUE);
    let rx = Arc::new(Mutex::new(rx));
    for i in 0..WORKERS {
        let (rx, site, waiters) = (rx.clone(), site.clone(), waiters.clone());
        // A worker that cannot start leaves the others; with none, the queue fills and
        // every request is answered 503 rather than hanging.
        let _ = std::thread::Builder::new()
            .name(format!("serve-{i}"))
            .spawn(move || worker(&rx, &site, &waiters));
    }
    tx
}

fn worker(jobs: &Mutex<Receiver<Job>>, site: &Site, waiters: &Waiters) {
    loop {
        let job = jobs.lock().unwrap_or_else(PoisonError::into_inner).recv();
        let Ok(job) = job else { return };
        // A panic answering one request must not cost the pool a worker.
        if catch_unwind(AssertUnwindSafe(|| serve_job(job, site, waiters))).is_err() {
            crate::errln!("{}", messages::serve::internal_error());
        }
    }
}

fn serve_job(job: Job, site: &Site, waiters: &Waiters) {
    let Job {
        mut stream,
        request,
    } = job;
    let ready = stream.set_nonblocking(false).is_ok()
        && stream.set_write_timeout(Some(WRITE_STALL)).is_ok()
        && stream.set_read_timeout(Some(LINGER)).is_ok();
    if !ready {
        return;
    }
    let head_only = request.method == "HEAD";
    let reply = match respond(&request, site) {
        Answer::Reply(reply) => reply,
        Answer::Poll(Some(seen)) if !head_only => match waiters.hand_over(stream, seen) {
            None => return,
            Some(given_back) => {
                stream = given_back;
                Reply::status(&site.live.current())
            }
        },
        Answer::Poll(_) => Reply::status(&site.live.current()),
    };
    let _ = send(&stream, reply, head_only);
    finish(&stream, request.more_input);
}

/// Writes to a client until a deadline, so a client that reads a byte at a time cannot keep
/// a worker (each write also has the socket's write timeout).
struct Deadline<'a> {
    stream: &'a TcpStream,
    until: Instant,
}

impl Write for Deadline<'_> {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if Instant::now() >= self.until {
            return Err(io::ErrorKind::TimedOut.into());
        }
        (&mut &*self.stream).write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

fn send(stream: &TcpStream, reply: Reply, head_only: bool) -> io::Result<()> {
    let until = Instant::now() + RESPONSE_DEADLINE;
    let mut out = BufWriter::with_capacity(64 * 1024, Deadline { stream, until });
    out.write_all(&reply.head())?;
    if !head_only {
        match reply.body {
            Body::Bytes(bytes) => out.write_all(&bytes)?,
            Body::File(file, len) => {
                io::copy(&mut file.take(len), &mut out)?;
            }
        }
    }
    out.flush()
}

/// End the response; when the client sent more than the head, read (and drop) it for a
/// moment first, or closing with unread input resets the connection under the answer.
fn finish(stream: &TcpStream, more_input: bool) {
    let _ = stream.shutdown(Shutdown::Write);
    if !more_input {
        return;
    }
    let until = Instant::now() + LINGER;
    let mut chunk = [0u8; 16 * 1024];
    let mut total = 0;
    while total < LINGER_BYTES && Instant::now() < until {
        match (&mut &*stream).read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => total += n,
        }
    }
}

/// Write a small answer without ever blocking (it fits in the socket's send buffer; if it
/// does not, the client was not reading and loses it).
fn write_now(stream: &TcpStream, bytes: &[u8]) {
    if stream.set_nonblocking(true).is_ok() {
        let _ = (&mut &*stream).write_all(bytes);
    }
    let _ = stream.shutdown(Shutdown::Write);
}

// ---------------------------------------------------------------------------------------
// Long polls

/// Long polls waiting for the next build, answered by one thread.
#[derive(Clone)]
struct Waiters {
    tx: mpsc::Sender<Waiting>,
    count: Arc<AtomicUsize>,
    live: Arc<LiveState>,
}

struct Waiting {
    stream: TcpStream,
    seen: u64,
    until: Instant,
}

impl Waiters {
    fn start(live: Arc<LiveState>) -> Waiters {
        let (tx, rx) = mpsc::channel();
        let count = Arc::new(AtomicUsize::new(0));
        {
            let (live, count) = (live.clone(), count.clone());
            let _ = std::thread::Builder::new()
                .name("serve-poll".into())
                .spawn(move || wait_loop(&rx, &live, &count));
        }
        Waiters { tx, count, live }
    }

    /// Take a poll from a page that has seen `seen`; gives the stream back when it should be
    /// answered now (a newer build exists, or too many polls are waiting).
    fn hand_over(&self, stream: TcpStream, seen: u64) -> Option<TcpStream> {
        if self.live.current().version != seen {
            return Some(stream);
        }
        let admitted = self
            .count
            .fetch_update(Ordering::SeqCst, Ordering::SeqCst, |n| {
                (n < MAX_WAITING).then_some(n + 1)
            })
            .is_ok();
        if !admitted {
            return Some(stream);
        }
        let until = Instant::now() + LONG_POLL;
        match self.tx.send(Waiting {
            stream,
            seen,
            until,
        }) {
            Ok(()) => None,
            Err(e) => {
                self.count.fetch_sub(1, Ordering::SeqCst);
                Some(e.0.stream)
            }
        }
    }
}

fn wait_loop(rx: &Receiver<Waiting>, live: &LiveState, count: &AtomicUsize) {
    let mut waiting: Vec<Waiting> = Vec::new();
    loop {
        if waiting.is_empty() {
            match rx.recv() {
                Ok(w) => waiting.push(w),
                Err(_) => return,
            }
        }
        waiting.extend(rx.try_iter());
        let status = live.current();
        let now = Instant::now();
        let (due, rest): (Vec<_>, Vec<_>) = waiting
            .into_iter()
            .partition(|w| w.seen != status.version || w.until <= now);
        waiting = rest;
        if !due.is_empty() {
            let answer = Reply::status(&status).to_bytes();
            for w in due {
                write_now(&w.stream, &answer);
                count.fetch_sub(1, Ordering::SeqCst);
            }
        }
        if let Some(next) = waiting.iter().map(|w| w.until).min() {
            // Wakes on a new build; the tick picks up polls handed over meanwhile.
            let wait = next.saturating_duration_since(now).min(WAITER_TICK);
            live.wait_newer(status.version, wait);
        }
    }
}

// ---------------------------------------------------------------------------------------
// The front thread

/// A connection the front thread holds: reading its request head, waiting for a worker, or
/// being closed after an error answer.
struct Conn {
    stream: TcpStream,
    buf: Vec<u8>,
    /// When the head must be complete, the wait for a worker ends, or the closing ends.
    until: Instant,
    state: State,
}

enum State {
    Reading,
    Queued(Request),
    Closing,
}

enum Step {
    Keep,
    Drop,
    Dispatch,
}

/// Accepts connections and reads request heads, all without blocking on a client.
struct Front {
    listener: TcpListener,
    listener_blocking: bool,
    conns: VecDeque<Conn>,
    cap: usize,
    jobs: SyncSender<Job>,
    nap: Duration,
    last_report: Option<Instant>,
}

impl Front {
    fn new(listener: TcpListener, jobs: SyncSender<Job>) -> Front {
        Front {
            listener,
            listener_blocking: true,
            conns: VecDeque::new(),
            cap: connection_cap(),
            jobs,
            nap: Duration::ZERO,
            last_report: None,
        }
    }

    fn run(mut self) {
        loop {
            // Nothing here should panic; if something does, the listener lives on.
            let _ = catch_unwind(AssertUnwindSafe(|| self.turn()));
        }
    }

    fn turn(&mut self) {
        if self.conns.is_empty() {
            // Nothing to read: sleep in accept.
            self.set_listener_blocking(true);
            match self.listener.accept() {
                Ok((stream, _)) => self.admit(stream),
                Err(e) => {
                    self.report(&e);
                    std::thread::sleep(Duration::from_millis(50));
                }
            }
            return;
        }
        self.set_listener_blocking(false);
        let accepted = self.accept_ready();
        let moved = self.sweep();
        if accepted || moved {
            self.nap = Duration::ZERO;
        } else {
            // Clients that send nothing cost a few reads per nap, not a busy loop.
            self.nap = (self.nap * 2).clamp(Duration::from_millis(1), NAP_MAX);
            std::thread::sleep(self.nap);
        }
    }

    fn set_listener_blocking(&mut self, blocking: bool) {
        if self.listener_blocking != blocking && self.listener.set_nonblocking(!blocking).is_ok() {
            self.listener_blocking = blocking;
        }
    }

    fn accept_ready(&mut self) -> bool {
        let mut progress = false;
        for _ in 0..64 {
            match self.listener.accept() {
                Ok((stream, _)) => {
                    self.admit(stream);
                    progress = true;
                }
                Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
                Err(e)
                    if matches!(
                        e.kind(),
                        io::ErrorKind::Interrupted
                            | io::ErrorKind::ConnectionAborted
                            | io::ErrorKind::ConnectionReset
                    ) => {}
                Err(e) => {
                    // Most likely out of file descriptors: the oldest connection gives way.
                    self.report(&e);
                    progress |= self.evict();
                    break;
                }
            }
        }
        progress
    }

    fn admit(&mut self, stream: TcpStream) {
        if stream.set_nonblocking(true).is_err() {
            return;
        }
        let _ = stream.set_nodelay(true);
        if self.conns.len() >= self.cap {
            self.evict();
        }
        self.conns.push_back(Conn {
            stream,
            buf: Vec::new(),
            until: Instant::now() + HEAD_DEADLINE,
            state: State::Reading,
        });
    }

    /// Drop a connection being closed, or else the oldest one still sending its head, or
    /// else the oldest.
    fn evict(&mut self) -> bool {
        let closing = self
            .conns
            .iter()
            .position(|c| matches!(c.state, State::Closing));
        let reading = || {
            self.conns
                .iter()
                .position(|c| matches!(c.state, State::Reading))
        };
        let i = closing.or_else(reading).unwrap_or(0);
        self.conns.remove(i).is_some()
    }

    /// Move every connection on as far as it goes without blocking; whether any did.
    fn sweep(&mut self) -> bool {
        let now = Instant::now();
        let mut progress = false;
        for mut c in std::mem::take(&mut self.conns) {
            let step = match c.state {
                State::Reading => read_head(&mut c, now, &mut progress),
                State::Queued(_) => Step::Dispatch,
                State::Closing => drain(&mut c, now, &mut progress),
            };
            match step {
                Step::Keep => self.conns.push_back(c),
                Step::Drop => {}
                Step::Dispatch => match self.dispatch(c, now) {
                    None => progress = true,
                    Some(c) => self.conns.push_back(c),
                },
            }
        }
        progress
    }

    /// Hand a complete request to the workers; gives the connection back while they are all
    /// busy and the queue is full, answered 503 once it has waited its time.
    fn dispatch(&self, c: Conn, now: Instant) -> Option<Conn> {
        let Conn {
            stream,
            until,
            state,
            ..
        } = c;
        let State::Queued(request) = state else {
            return None;
        };
        let (job, gone) = match self.jobs.try_send(Job { stream, request }) {
            Ok(()) => return None,
            Err(TrySendError::Full(job)) => (job, false),
            Err(TrySendError::Disconnected(job)) => (job, true),
        };
        let mut c = Conn {
            stream: job.stream,
            buf: Vec::new(),
            until,
            state: State::Queued(job.request),
        };
        if gone || now >= until {
            refuse(&mut c, 503, now);
        }
        Some(c)
    }

    /// Say why connections cannot be accepted, at most every 10 s (it repeats while the
    /// cause lasts).
    fn report(&mut self, e: &io::Error) {
        if self
            .last_report
            .is_some_and(|t| t.elapsed() < Duration::from_secs(10))
        {
            return;
        }
        self.last_report = Some(Instant::now());
        crate::errln!(
            "{}",
            messages::serve::cannot_accept(&crate::diagnostics::io_cause(e))
        );
    }
}

/// Read what a client has sent; a complete head waits for a worker.
fn read_head(c: &mut Conn, now: Instant, progress: &mut bool) -> Step {
    let mut chunk = [0u8; 4096];
    let mut got = false;
    let mut eof = false;
    while c.buf.len() < MAX_HEAD {
        let room = (MAX_HEAD - c.buf.len()).min(chunk.len());
        match (&mut &c.stream).read(&mut chunk[..room]) {
            Ok(0) => {
                eof = true;
                break;
            }
            Ok(n) => {
                c.buf.extend_from_slice(&chunk[..n]);
                got = true;
            }
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return Step::Drop,
        }
    }
    if got || eof {
        *progress = true;
    }
    if got {
        match parse_head(&c.buf) {
            Head::Complete(request) => {
                c.state = State::Queued(request);
                c.buf = Vec::new();
                c.until = now + QUEUE_WAIT;
                return Step::Dispatch;
            }
            Head::Fail(status) => return refuse(c, status, now),
            Head::Partial => {}
        }
    }
    let late = now >= c.until;
    match (eof || late, c.buf.is_empty()) {
        (false, _) => Step::Keep,
        // Opened and closed (or left idle) without a word: nothing to answer.
        (true, true) => Step::Drop,
        (true, false) => refuse(c, if eof { 400 } else { 408 }, now),
    }
}

/// Answer an error without blocking, then read and drop what else the client sends for a
/// moment before closing.
fn refuse(c: &mut Conn, status: u16, now: Instant) -> Step {
    write_now(&c.stream, &Reply::text(status).to_bytes());
    c.state = State::Closing;
    c.buf = Vec::new();
    c.until = now + LINGER;
    Step::Keep
}

fn drain(c: &mut Conn, now: Instant, progress: &mut bool) -> Step {
    let mut chunk = [0u8; 16 * 1024];
    for _ in 0..16 {
        match (&mut &c.stream).read(&mut chunk) {
            Ok(0) => return Step::Drop,
            Ok(_) => *progress = true,
            Err(e) if e.kind() == io::ErrorKind::WouldBlock => break,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
            Err(_) => return Step::Drop,
        }
    }
    if now >= c.until {
        Step::Drop
    } else {
        Step::Keep
    }
}

/// How many connections the front thread holds at most: a quarter of the open-file limit
/// (256 on macOS by default), so that the connections, the workers' files and the rebuild
/// never run out of descriptors together.
fn connection_cap() -> usize {
    #[cfg(unix)]
    {
        let mut limit = libc::rlimit {
            rlim_cur: 0,
            rlim_max: 0,
        };
        // SAFETY: getrlimit only writes the struct it is given.
        if unsafe { libc::getrlimit(libc::RLIMIT_NOFILE, &mut limit) } == 0 {
            return (limit.rlim_cur / 4).clamp(16, 512) as usize;
        }
    }
    512
}

#[cfg(test)]
mod tests {
    use super::*;

    fn path(target: &str) -> UrlPath {
        decode_path(target).unwrap_or_else(|| panic!("{target} should decode"))
    }

    fn res(out: &Path, base_path: &str, target: &str) -> Resolved {
        resolve(out, &base_segments(base_path), &path(target))
    }

    fn site_dir() -> tempfile::TempDir {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        std::fs::create_dir_all(out.join("categories/人材育成")).unwrap();
        std::fs::write(out.join("categories/人材育成/index.html"), "<body>x</body>").unwrap();
        std::fs::create_dir_all(out.join("cases")).unwrap();
        std::fs::write(out.join("cases/index.html"), "<body>cases</body>").unwrap();
        std::fs::write(out.join("index.html"), "<body>top</body>").unwrap();
        std::fs::write(out.join("404.html"), "<body>404</body>").unwrap();
        std::fs::write(out.join("style.css"), "a{}").unwrap();
        dir
    }

    #[test]
    fn resolves_under_base_path() {
        let dir = site_dir();
        let out = dir.path();
        let enc = "/dx/categories/%E4%BA%BA%E6%9D%90%E8%82%B2%E6%88%90/";
        let real = |rel: &str| out.join(rel).canonicalize().unwrap();
        assert_eq!(
            res(out, "/dx/", enc),
            Resolved::File(real("categories/人材育成/index.html"))
        );
        assert_eq!(res(out, "/dx/", "/"), Resolved::Redirect("/dx/".into()));
        assert_eq!(res(out, "/dx/", "/dx"), Resolved::Redirect("/dx/".into()));
        assert_eq!(
            res(out, "/dx/", "/dx/categories"),
            Resolved::Redirect("/dx/categories/".into())
        );
        assert_eq!(res(out, "/dx/", "/other/"), Resolved::NotFound);
        assert_eq!(res(out, "/dx/", "/dxx/"), Resolved::NotFound);
    }

    #[test]
    fn a_japanese_base_path_matches_raw_or_encoded() {
        let dir = site_dir();
        let out = dir.path();
        let index = Resolved::File(out.join("index.html").canonicalize().unwrap());
        let encoded = "/%E4%BA%8B%E4%BE%8B%E9%9B%86/";
        for base in ["/事例集/", encoded] {
            assert_eq!(res(out, base, encoded), index, "base {base}");
            assert_eq!(res(out, base, "/事例集/"), index, "base {base}");
            assert_eq!(res(out, base, "/"), Resolved::Redirect(encoded.into()));
            assert_eq!(
                res(out, base, "/%E4%BA%8B%E4%BE%8B%E9%9B%86"),
                Resolved::Redirect(encoded.into())
            );
            assert_eq!(
                res(out, base, &format!("{encoded}categories/人材育成")),
                Resolved::Redirect(format!(
                    "{encoded}categories/%E4%BA%BA%E6%9D%90%E8%82%B2%E6%88%90/"
                ))
            );
        }
    }

    #[test]
    fn empty_segments_never_make_a_protocol_relative_redirect() {
        let dir = site_dir();
        let out = dir.path();
        for target in ["//cases", "///cases", "//cases/.", "/./cases", "//./cases"] {
            match res(out, "/", target) {
                Resolved::Redirect(to) => assert_eq!(to, "/cases/", "{target}"),
                other => panic!("{target}: {other:?}"),
            }
        }
        // A host-looking first segment is just a folder that does not exist.
        assert_eq!(res(out, "/", "//evil.example/"), Resolved::NotFound);
    }

    #[test]
    fn paths_that_leave_the_site_or_are_malformed_are_refused() {
        for target in [
            "/../etc/passwd",
            "/cases/../../etc/passwd",
            "/%2e%2e/etc/passwd",
            "/%2E%2E%2Fetc%2Fpasswd",
            "/cases/%2e%2e/%2e%2e/x",
            "/a\\b",
            "/a%5Cb",
            "/a%00b",
            "/a%0ab",
            "/%ff%fe",
            "/%E4%BA",
            "/%",
            "/%4",
            "/%zz",
            "cases/",
            "*",
            "http://evil.example/",
        ] {
            assert_eq!(decode_path(target), None, "{target}");
        }
        // Encoded once, decoded once: `%252e` is the name `%2e`, not `.`.
        assert_eq!(path("/%252e%252e/").segments, vec!["%2e%2e".to_string()]);
        assert_eq!(path("/a/b/?q=1#f").segments, vec!["a", "b"]);
        assert!(path("/a/b/?q=1").trailing_slash);
    }

    #[cfg(unix)]
    #[test]
    fn a_symbolic_link_out_of_the_output_folder_is_not_followed() {
        let dir = site_dir();
        let out = dir.path();
        let outside = tempfile::tempdir().unwrap();
        std::fs::write(outside.path().join("secret.txt"), "secret").unwrap();
        std::os::unix::fs::symlink(outside.path(), out.join("link")).unwrap();
        std::os::unix::fs::symlink(outside.path().join("secret.txt"), out.join("s.txt")).unwrap();
        assert_eq!(res(out, "/", "/link/secret.txt"), Resolved::NotFound);
        assert_eq!(res(out, "/", "/s.txt"), Resolved::NotFound);
        assert_eq!(res(out, "/", "/link/"), Resolved::NotFound);
    }

    #[test]
    fn locations_are_encoded_absolute_paths() {
        let segs = |s: &[&str]| s.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        assert_eq!(location(&[], true), "/");
        assert_eq!(
            location(&segs(&["事例集", "a b", "x?y#z", "%"]), true),
            "/%E4%BA%8B%E4%BE%8B%E9%9B%86/a%20b/x%3Fy%23z/%25/"
        );
        assert_eq!(location(&segs(&["cases"]), false), "/cases");
        // Header injection is impossible: no control character survives.
        assert!(!location(&segs(&["a\r\nSet-Cookie: x"]), true).contains('\r'));
    }

    #[test]
    fn host_checks() {
        let v4: IpAddr = "127.0.0.1".parse().unwrap();
        let other: IpAddr = "127.0.0.2".parse().unwrap();
        let v6: IpAddr = "::1".parse().unwrap();
        for ok in [
            "localhost",
            "LocalHost:1111",
            "127.0.0.1",
            "127.0.0.1:1111",
            "[::1]",
            "[::1]:1111",
        ] {
            assert!(host_allowed(ok, v4), "{ok}");
            assert!(host_allowed(ok, v6), "{ok}");
        }
        assert!(host_allowed("127.0.0.2:8080", other));
        assert!(!host_allowed("127.0.0.2:8080", v4));
        for bad in [
            "evil.example",
            "evil.example:1111",
            "localhost.evil.example",
            "localhost.",
            "127.0.0.1.nip.io",
            "localhost:abc",
            "localhost:",
            "localhost:123456",
            "127.0.0.1:1111:1",
            "[::1]x",
            "[::2]:1111",
            "",
            "[",
        ] {
            assert!(!host_allowed(bad, v4), "{bad}");
        }
    }

    #[test]
    fn injects_before_body_end() {
        assert_eq!(
            inject_reload(b"<body>a</body>"),
            format!("<body>a{}</body>", reload_tag()).into_bytes()
        );
        assert_eq!(
            inject_reload(b"x"),
            format!("x{}", reload_tag()).into_bytes()
        );
    }

    #[test]
    fn long_poll_wakes_on_publish() {
        let live = Arc::new(LiveState::default());
        let l2 = live.clone();
        let t = std::thread::spawn(move || l2.wait_newer(0, Duration::from_secs(5)));
        std::thread::sleep(Duration::from_millis(20));
        live.publish(Some("boom".into()), false);
        let s = t.join().unwrap();
        assert_eq!(s.version, 1);
        assert_eq!(s.error.as_deref(), Some("boom"));
    }

    fn test_site(out: &Path, base_path: &str) -> Site {
        let live = Arc::new(LiveState::default());
        Site::new(
            out.to_path_buf(),
            base_path,
            "127.0.0.1".parse().unwrap(),
            live,
        )
    }

    /// Status and Location of the answer to raw request bytes (None: wait for more).
    fn answer(raw: &[u8], site: &Site) -> Option<(u16, Option<String>)> {
        match parse_head(raw) {
            Head::Partial => None,
            Head::Fail(status) => Some((status, None)),
            Head::Complete(req) => match respond(&req, site) {
                Answer::Reply(r) => {
                    let head = String::from_utf8(r.head()).unwrap();
                    assert!(head.contains("X-Content-Type-Options: nosniff\r\n"));
                    assert!(head.contains("Cache-Control: no-store\r\n"));
                    assert_eq!(head.matches("\r\n\r\n").count(), 1, "{head}");
                    Some((r.status, r.location))
                }
                Answer::Poll(_) => Some((200, None)),
            },
        }
    }

    #[test]
    fn methods_hosts_and_limits() {
        let dir = site_dir();
        let site = test_site(dir.path(), "/");
        let get = |line: &str| {
            answer(
                format!("{line}\r\nHost: localhost:1111\r\n\r\n").as_bytes(),
                &site,
            )
        };
        assert_eq!(get("GET / HTTP/1.1"), Some((200, None)));
        assert_eq!(get("HEAD / HTTP/1.1"), Some((200, None)));
        for m in [
            "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE", "CONNECT", "get",
        ] {
            assert_eq!(get(&format!("{m} / HTTP/1.1")), Some((405, None)), "{m}");
        }
        assert_eq!(
            get("GET //cases HTTP/1.1"),
            Some((301, Some("/cases/".into())))
        );
        assert_eq!(get("GET /nope HTTP/1.1"), Some((404, None)));
        assert_eq!(get("GET /%2e%2e/x HTTP/1.1"), Some((400, None)));
        assert_eq!(get("GET /a%00 HTTP/1.1"), Some((400, None)));
        let long = format!("GET /{} HTTP/1.1", "a".repeat(MAX_URL));
        assert_eq!(get(&long), Some((414, None)));
        let longer = format!("GET /{} HTTP/1.1", "a".repeat(MAX_HEAD));
        assert_eq!(
            answer(&longer.as_bytes()[..MAX_HEAD], &site),
            Some((414, None))
        );
        let mut big = b"GET / HTTP/1.1\r\nHost: localhost\r\n".to_vec();
        while big.len() < MAX_HEAD {
            big.extend_from_slice(b"X-Pad: aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\r\n");
        }
        assert_eq!(answer(&big[..MAX_HEAD], &site), Some((431, None)));
        let many: String = (0..MAX_HEADERS + 1)
            .map(|i| format!("X-{i}: y\r\n"))
            .collect();
        let many = format!("GET / HTTP/1.1\r\nHost: localhost\r\n{many}\r\n");
        assert_eq!(answer(many.as_bytes(), &site), Some((431, None)));

        let with_host = |host: &str| {
            answer(
                format!("GET / HTTP/1.1\r\nHost: {host}\r\n\r\n").as_bytes(),
                &site,
            )
        };
        assert_eq!(with_host("evil.example"), Some((403, None)));
        assert_eq!(with_host("evil.example:1111"), Some((403, None)));
        assert_eq!(with_host("127.0.0.1:1111"), Some((200, None)));
        assert_eq!(answer(b"GET / HTTP/1.1\r\n\r\n", &site), Some((403, None)));
        assert_eq!(
            answer(
                b"GET / HTTP/1.1\r\nHost: localhost\r\nHost: evil.example\r\n\r\n",
                &site
            ),
            Some((400, None))
        );
        assert_eq!(answer(b"GET / HTTP/1.1\r\nHost: local", &site), None);

        // Bound to every address (a phone on the LAN): any name reaches it.
        let lan = Site::new(
            dir.path().to_path_buf(),
            "/",
            "0.0.0.0".parse().unwrap(),
            Arc::new(LiveState::default()),
        );
        assert_eq!(
            answer(b"GET / HTTP/1.1\r\nHost: 192.168.1.20:1111\r\n\r\n", &lan),
            Some((200, None))
        );
    }

    const SEEDS: &[&[u8]] = &[
        b"GET /%E4%BA%8B%E4%BE%8B%E9%9B%86/cases HTTP/1.1\r\nHost: localhost:1111\r\n\r\n",
        b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\nAccept: */*\r\n\r\n",
        b"HEAD /%E4%BA%8B%E4%BE%8B%E9%9B%86/style.css HTTP/1.0\r\nHost: [::1]:1\r\n\r\n",
        b"GET /__yokoten/poll?v=3 HTTP/1.1\r\nHost: localhost\r\n\r\n",
        b"POST /x HTTP/1.1\r\nHost: localhost\r\nContent-Length: 3\r\n\r\nabc",
    ];

    const PIECES: &[&[u8]] = &[
        b"/",
        b"//",
        b"..",
        b"%2e",
        b"%2E%2e",
        b"%",
        b"%0",
        b"%00",
        b"\\",
        b"%5c",
        b"\0",
        b"\r",
        b"\n",
        b"\r\n",
        b" ",
        b":",
        b"?",
        b"#",
        b"\xe4\xba\x8b",
        b"\xff",
        b"%E4",
        b"%ff",
        b"Host: evil.example\r\n",
        b"Host: ",
        b"cases",
        b"categories/",
        b"index.html",
        b"__yokoten/",
        b"GET",
        b"HEAD",
        b"HTTP/1.1",
        b"HTTP/9.9",
        b"\t",
        b"[",
        b"]",
    ];

    fn mutate(rng: &mut fastrand::Rng, mut bytes: Vec<u8>) -> Vec<u8> {
        for _ in 0..=rng.usize(..4) {
            let at = rng.usize(..bytes.len() + 1);
            match rng.usize(..5) {
                0 => {
                    let piece = PIECES[rng.usize(..PIECES.len())];
                    bytes.splice(at..at, piece.iter().copied());
                }
                1 if at < bytes.len() => bytes[at] = rng.u8(..),
                2 => {
                    let end = (at + rng.usize(..8)).min(bytes.len());
                    bytes.drain(at..end);
                }
                3 => bytes.truncate(at),
                _ => {
                    let end = (at + rng.usize(..16)).min(bytes.len());
                    let copy = bytes[at..end].to_vec();
                    bytes.splice(at..at, copy);
                }
            }
        }
        bytes
    }

    #[test]
    fn fuzzed_requests_never_panic_and_get_sane_answers() {
        let dir = site_dir();
        let sites = [
            test_site(dir.path(), "/"),
            test_site(dir.path(), "/事例集/"),
            test_site(dir.path(), "/%E4%BA%8B%E4%BE%8B%E9%9B%86/"),
        ];
        // A fixed seed, so that a failure replays.
        let mut rng = fastrand::Rng::with_seed(0x9e37_79b9_7f4a_7c15);
        for round in 0..4000 {
            let bytes = if round % 10 == 0 {
                (0..rng.usize(..200)).map(|_| rng.u8(..)).collect()
            } else {
                let seed = SEEDS[rng.usize(..SEEDS.len())].to_vec();
                mutate(&mut rng, seed)
            };
            let site = &sites[round % sites.len()];
            let Some((status, location)) = answer(&bytes, site) else {
                continue;
            };
            assert!(
                matches!(status, 200 | 301 | 400 | 403 | 404 | 405 | 414 | 431),
                "{status} for {:?}",
                String::from_utf8_lossy(&bytes)
            );
            if let Some(to) = location {
                assert!(
                    to.starts_with('/') && !to.starts_with("//") && to.is_ascii(),
                    "Location {to} for {:?}",
                    String::from_utf8_lossy(&bytes)
                );
                assert!(!to.contains(['\r', '\n', ' ', '\\']), "Location {to}");
            }
        }
    }

    // In-process servers on an ephemeral port.

    fn start(out: &Path) -> (u16, Arc<LiveState>) {
        let (server, port) = bind("127.0.0.1", 0).unwrap();
        assert_ne!(port, 0);
        let live = Arc::new(LiveState::default());
        let (out, l) = (out.to_path_buf(), live.clone());
        std::thread::spawn(move || run(server, out, "/".into(), l));
        (port, live)
    }

    fn connect(port: u16) -> TcpStream {
        let s = TcpStream::connect(("127.0.0.1", port)).unwrap();
        s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
        s
    }

    fn ask(port: u16, path: &str) -> TcpStream {
        let mut s = connect(port);
        write!(s, "GET {path} HTTP/1.1\r\nHost: localhost\r\n\r\n").unwrap();
        s
    }

    fn read_all(mut s: TcpStream) -> String {
        let mut text = String::new();
        s.read_to_string(&mut text).unwrap();
        text
    }

    #[test]
    fn long_polls_do_not_hold_workers_and_all_wake_on_a_build() {
        let dir = site_dir();
        let (port, live) = start(dir.path());
        let polls: Vec<_> = (0..WORKERS * 2)
            .map(|_| ask(port, "/__yokoten/poll?v=0"))
            .collect();
        std::thread::sleep(Duration::from_millis(200));
        let t = Instant::now();
        let page = read_all(ask(port, "/cases/"));
        assert!(page.starts_with("HTTP/1.1 200"), "{page}");
        assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
        live.publish(None, true);
        let t = Instant::now();
        for p in polls {
            let text = read_all(p);
            assert!(text.contains("\"version\":1"), "{text}");
        }
        assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
    }

    #[test]
    fn polls_beyond_the_cap_are_answered_at_once() {
        let dir = site_dir();
        let (port, _live) = start(dir.path());
        let held: Vec<_> = (0..MAX_WAITING)
            .map(|_| ask(port, "/__yokoten/poll?v=0"))
            .collect();
        std::thread::sleep(Duration::from_millis(300));
        let t = Instant::now();
        let text = read_all(ask(port, "/__yokoten/poll?v=0"));
        assert!(text.contains("\"version\":0"), "{text}");
        assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
        drop(held);
    }

    #[test]
    fn slow_and_silent_clients_do_not_hold_workers() {
        let dir = site_dir();
        let (port, _live) = start(dir.path());
        // More half-sent heads than workers and queue together.
        let slow: Vec<_> = (0..WORKERS + QUEUE + 8)
            .map(|_| {
                let mut s = connect(port);
                s.write_all(b"GET / HTTP/1.1\r\nHost: loc").unwrap();
                s
            })
            .collect();
        std::thread::sleep(Duration::from_millis(200));
        let t = Instant::now();
        let page = read_all(ask(port, "/"));
        assert!(page.starts_with("HTTP/1.1 200"), "{page}");
        assert!(t.elapsed() < Duration::from_secs(2), "{:?}", t.elapsed());
        drop(slow);
    }

    #[test]
    fn a_burst_larger_than_workers_and_queue_is_served_in_full() {
        let dir = site_dir();
        let (port, _live) = start(dir.path());
        let asked: Vec<_> = (0..(WORKERS + QUEUE) * 3)
            .map(|_| ask(port, "/style.css"))
            .collect();
        for s in asked {
            let text = read_all(s);
            assert!(text.starts_with("HTTP/1.1 200"), "{text}");
        }
    }

    #[test]
    fn head_answers_have_no_body() {
        let dir = site_dir();
        let (port, _live) = start(dir.path());
        let mut s = connect(port);
        s.write_all(b"HEAD /style.css HTTP/1.1\r\nHost: localhost\r\n\r\n")
            .unwrap();
        let text = read_all(s);
        assert!(text.starts_with("HTTP/1.1 200 OK\r\n"), "{text}");
        assert!(text.contains("Content-Length: 3\r\n"), "{text}");
        assert!(text.ends_with("\r\n\r\n"), "{text}");
    }
    fn ask_range(port: u16, path: &str, range: &str) -> String {
        let mut s = connect(port);
        write!(
            s,
            "GET {path} HTTP/1.1\r\nHost: localhost\r\nRange: {range}\r\n\r\n"
        )
        .unwrap();
        read_all(s)
    }

    /// The search script reads records of pack files with Range requests.
    #[test]
    fn ranges_of_files_are_answered_206_and_bad_ones_416() {
        let dir = site_dir();
        std::fs::create_dir_all(dir.path().join("search/t")).unwrap();
        std::fs::write(dir.path().join("search/t/0.bin"), b"0123456789").unwrap();
        let (port, _live) = start(dir.path());
        let text = ask_range(port, "/search/t/0.bin", "bytes=2-5");
        assert!(
            text.starts_with("HTTP/1.1 206 Partial Content\r\n"),
            "{text}"
        );
        assert!(text.contains("Content-Range: bytes 2-5/10\r\n"), "{text}");
        assert!(text.contains("Content-Length: 4\r\n"), "{text}");
        assert!(text.ends_with("\r\n\r\n2345"), "{text}");
        let text = ask_range(port, "/search/t/0.bin", "bytes=8-20");
        assert!(text.ends_with("\r\n\r\n89"), "{text}");
        let text = ask_range(port, "/search/t/0.bin", "bytes=10-12");
        assert!(text.starts_with("HTTP/1.1 416 "), "{text}");
        assert!(text.contains("Content-Range: bytes */10\r\n"), "{text}");
        let text = ask_range(port, "/search/t/0.bin", "bytes=0-1,4-5");
        assert!(text.starts_with("HTTP/1.1 200 OK\r\n"), "{text}");
        assert!(text.ends_with("\r\n\r\n0123456789"), "{text}");
        // A page has the reload script injected: it comes whole, never cut.
        let text = ask_range(port, "/", "bytes=0-3");
        assert!(text.starts_with("HTTP/1.1 200 OK\r\n"), "{text}");
        assert!(text.contains("<body>top<script"), "{text}");
    }
}
