//! The HTTP side of `yokoten serve`: static files from the output folder under the base
//! path, and the live-reload endpoints. It knows nothing of watching or rebuilding; the
//! rebuild loop only tells it, through `LiveState`, that a new build (or an error) exists.

use std::path::{Path, PathBuf};
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

use percent_encoding::percent_decode_str;
use tiny_http::{Header, Request, Response, Server};

pub const LIVERELOAD_JS: &str = include_str!("livereload.js");
const RELOAD_TAG: &str = "<script src=\"/__yokoten/livereload.js\"></script>";
const LONG_POLL: Duration = Duration::from_secs(25);

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

/// What a request path maps to.
#[derive(Debug, PartialEq)]
pub enum Resolved {
    File(PathBuf),
    Redirect(String),
    NotFound,
}

/// Map a URL path to a file of the output folder, honouring the base path; folders serve
/// their index.html and get a trailing slash by redirect.
pub fn resolve(output: &Path, base_path: &str, url_path: &str) -> Resolved {
    let path = url_path.split(['?', '#']).next().unwrap_or("/");
    if path == "/" && base_path != "/" {
        return Resolved::Redirect(base_path.to_string());
    }
    let Some(rel) = path
        .strip_prefix(base_path)
        .or_else(|| (path.to_string() + "/" == base_path).then_some(""))
    else {
        return Resolved::NotFound;
    };
    let decoded = percent_decode_str(rel).decode_utf8_lossy();
    let mut file = output.to_path_buf();
    for seg in decoded.split('/') {
        match seg {
            "" | "." => {}
            // Never leave the output folder.
            ".." => return Resolved::NotFound,
            s if s.contains('\\') => return Resolved::NotFound,
            s => file.push(s),
        }
    }
    if file.is_dir() {
        if !path.ends_with('/') {
            return Resolved::Redirect(format!("{path}/"));
        }
        file.push("index.html");
    }
    if file.is_file() {
        Resolved::File(file)
    } else {
        Resolved::NotFound
    }
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
pub fn inject_reload(html: &str) -> String {
    match html.rfind("</body>") {
        Some(i) => format!("{}{RELOAD_TAG}{}", &html[..i], &html[i..]),
        None => format!("{html}{RELOAD_TAG}"),
    }
}

fn header(name: &str, value: &str) -> Header {
    Header::from_bytes(name.as_bytes(), value.as_bytes())
        .expect("static header names and values are valid")
}

fn error_page(error: &str) -> String {
    let escaped = error
        .replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;");
    inject_reload(&format!(
        "<!doctype html><html lang=\"ja\"><meta charset=\"utf-8\"><title>ビルドエラー</title>\
         <body><h1>ビルドエラー / build error</h1><pre>{escaped}</pre></body></html>"
    ))
}

/// Serve until the process ends; one thread per request so long polls do not block pages.
pub fn run(server: Server, output: PathBuf, base_path: String, live: Arc<LiveState>) {
    let server = Arc::new(server);
    for request in server.incoming_requests() {
        let (output, base_path, live) = (output.clone(), base_path.clone(), live.clone());
        std::thread::spawn(move || handle(request, &output, &base_path, &live));
    }
}

fn handle(request: Request, output: &Path, base_path: &str, live: &LiveState) {
    let url = request.url().to_string();
    let no_store = header("Cache-Control", "no-store");
    if url == "/__yokoten/livereload.js" {
        let resp = Response::from_string(LIVERELOAD_JS)
            .with_header(header("Content-Type", "text/javascript; charset=utf-8"))
            .with_header(no_store);
        let _ = request.respond(resp);
        return;
    }
    if let Some(query) = url.strip_prefix("/__yokoten/poll") {
        let seen = query
            .trim_start_matches('?')
            .split('&')
            .find_map(|kv| kv.strip_prefix("v="))
            .and_then(|v| v.parse::<u64>().ok());
        let status = match seen {
            Some(v) => live.wait_newer(v, LONG_POLL),
            None => live.current(),
        };
        let body = serde_json::to_string(&status).unwrap_or_default();
        let resp = Response::from_string(body)
            .with_header(header("Content-Type", "application/json"))
            .with_header(no_store);
        let _ = request.respond(resp);
        return;
    }
    let resp = match resolve(output, base_path, &url) {
        Resolved::Redirect(to) => Response::from_string("")
            .with_status_code(301)
            .with_header(header("Location", &to))
            .boxed(),
        Resolved::File(path) => file_response(&path),
        Resolved::NotFound => {
            let status = live.current();
            match status.error {
                Some(e) if !output.join("index.html").exists() => {
                    Response::from_string(error_page(&e))
                        .with_status_code(500)
                        .with_header(header("Content-Type", "text/html; charset=utf-8"))
                        .boxed()
                }
                _ => {
                    let page = std::fs::read_to_string(output.join("404.html"))
                        .unwrap_or_else(|_| "404 Not Found".into());
                    Response::from_string(inject_reload(&page))
                        .with_status_code(404)
                        .with_header(header("Content-Type", "text/html; charset=utf-8"))
                        .boxed()
                }
            }
        }
    };
    let _ = request.respond(resp.with_header(no_store));
}

fn file_response(path: &Path) -> tiny_http::ResponseBox {
    let ctype = content_type(path);
    match std::fs::read(path) {
        Ok(bytes) if ctype.starts_with("text/html") => {
            let html = inject_reload(&String::from_utf8_lossy(&bytes));
            Response::from_string(html)
                .with_header(header("Content-Type", ctype))
                .boxed()
        }
        Ok(bytes) => Response::from_data(bytes)
            .with_header(header("Content-Type", ctype))
            .boxed(),
        Err(_) => Response::from_string("not found")
            .with_status_code(404)
            .boxed(),
    }
}

/// Bind `addr:port`, or the next free port up to 20 above it.
pub fn bind(addr: &str, port: u16) -> Result<(Server, u16), String> {
    let mut last = String::new();
    for p in port..=port.saturating_add(20) {
        match Server::http((addr, p)) {
            Ok(s) => return Ok((s, p)),
            Err(e) => last = e.to_string(),
        }
    }
    Err(format!(
        "cannot listen on {addr}:{port} or the 20 ports above it: {last}"
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_under_base_path() {
        let dir = tempfile::tempdir().unwrap();
        let out = dir.path();
        std::fs::create_dir_all(out.join("categories/人材育成")).unwrap();
        std::fs::write(out.join("categories/人材育成/index.html"), "x").unwrap();
        std::fs::write(out.join("index.html"), "x").unwrap();
        let enc = "/dx/categories/%E4%BA%BA%E6%9D%90%E8%82%B2%E6%88%90/";
        assert_eq!(
            resolve(out, "/dx/", enc),
            Resolved::File(out.join("categories/人材育成/index.html"))
        );
        assert_eq!(resolve(out, "/dx/", "/"), Resolved::Redirect("/dx/".into()));
        assert_eq!(
            resolve(out, "/dx/", "/dx"),
            Resolved::Redirect("/dx/".into())
        );
        assert_eq!(
            resolve(out, "/dx/", "/dx/categories"),
            Resolved::Redirect("/dx/categories/".into())
        );
        assert_eq!(
            resolve(out, "/dx/", "/dx/../etc/passwd"),
            Resolved::NotFound
        );
        assert_eq!(resolve(out, "/dx/", "/other/"), Resolved::NotFound);
    }

    #[test]
    fn injects_before_body_end() {
        assert_eq!(
            inject_reload("<body>a</body>"),
            format!("<body>a{RELOAD_TAG}</body>")
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
}
