//! `yokoten serve` against the attacks of its security review, over real sockets. Each test
//! reproduces one finding and failed on the tiny_http server that was replaced; the comment
//! above each test names the attack.

use std::io::{Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::time::{Duration, Instant};

use crate::prelude::*;
use crate::site_test::live::{parse_response, Live};

const QUICK: Duration = Duration::from_secs(5);

fn site() -> SiteTest {
    let mut site = SiteTest::new();
    site.case("awara", CaseBuilder::default());
    site
}

fn request(live: &Live, raw: &str) -> (u16, String, Vec<u8>) {
    live.exchange(raw.as_bytes(), QUICK)
}

fn header<'a>(head: &'a str, name: &str) -> Option<&'a str> {
    head.lines().find_map(|l| {
        let (n, v) = l.split_once(':')?;
        n.trim().eq_ignore_ascii_case(name).then(|| v.trim())
    })
}

// Attack: a few hundred idle connections. The old server gave each connection a thread and
// descriptors, and its accept thread died for good the first time it could not get one; with
// the open-file limit at 256, 300 idle connections did it and no page was served again.
#[cfg(unix)]
#[test]
fn idle_connections_neither_starve_nor_kill_the_server() {
    let site = site();
    let live = site.serve_with_open_file_limit(256);
    let addr = SocketAddr::from(([127, 0, 0, 1], live.port()));
    let mut idle = Vec::new();
    for _ in 0..300 {
        match TcpStream::connect_timeout(&addr, Duration::from_millis(500)) {
            Ok(s) => idle.push(s),
            Err(_) => break,
        }
    }
    let t = Instant::now();
    let (status, head, _) = live.get_within("/cases/awara/", QUICK);
    assert_eq!(
        status,
        200,
        "with {} idle connections: {head}\n{}",
        idle.len(),
        live.transcript()
    );
    assert!(
        t.elapsed() < Duration::from_secs(2),
        "took {:?}",
        t.elapsed()
    );
    drop(idle);
    let (status, head, _) = live.get_within("/", QUICK);
    assert_eq!(status, 200, "after the idle connections closed: {head}");
}

// Attack: an endless header. The old server kept every header byte in memory and
// answered 200; now the head is cut at 16 KB, answered 431 and the rest is dropped unread.
#[test]
fn a_huge_header_is_refused_without_buffering_it() {
    let site = site();
    let live = site.serve();
    assert_eq!(live.get("/").0, 200);
    let before = live.rss_kb();
    if cfg!(target_os = "linux") {
        assert!(before > 0, "no VmRSS for the server");
    }

    let s = TcpStream::connect(("127.0.0.1", live.port())).unwrap();
    s.set_read_timeout(Some(Duration::from_secs(10))).unwrap();
    let mut w = s.try_clone().unwrap();
    let sender = std::thread::spawn(move || {
        let line = format!("X-Pad: {}\r\n", "a".repeat(1000));
        let mut sent = 0;
        if w.write_all(b"GET / HTTP/1.1\r\nHost: 127.0.0.1\r\n")
            .is_ok()
        {
            while sent < 64 << 20 && w.write_all(line.as_bytes()).is_ok() {
                sent += line.len();
            }
            let _ = w.write_all(b"\r\n");
        }
        sent
    });
    let mut peak = before;
    let mut raw = Vec::new();
    let mut reader = &s;
    let mut chunk = [0u8; 4096];
    loop {
        peak = peak.max(live.rss_kb());
        match reader.read(&mut chunk) {
            Ok(0) | Err(_) => break,
            Ok(n) => raw.extend_from_slice(&chunk[..n]),
        }
    }
    let sent = sender.join().unwrap();
    peak = peak.max(live.rss_kb());
    let _ = s.shutdown(Shutdown::Both);

    let (status, head, _) = parse_response(&raw);
    assert!(
        status == 431 || status == 400,
        "status {status} after {sent} header bytes: {head}"
    );
    let grown_mb = peak.saturating_sub(before) / 1024;
    assert!(grown_mb < 50, "the server grew by {grown_mb} MB");
    assert_eq!(live.get("/").0, 200, "the server still serves");
}

// Attack: a page (or a script) sending other methods. The old server answered every method
// 200 with the page.
#[test]
fn only_get_and_head_are_answered() {
    let site = site();
    let live = site.serve();
    for method in ["POST", "PUT", "DELETE", "PATCH", "OPTIONS"] {
        let (status, head, _) = request(
            &live,
            &format!(
                "{method} /cases/awara/ HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Length: 5\r\n\r\nhello"
            ),
        );
        assert_eq!(status, 405, "{method}: {head}");
        assert_eq!(header(&head, "Allow"), Some("GET, HEAD"), "{head}");
    }
    let (_, get_head, page) = live.get("/cases/awara/");
    let (status, head, body) = request(
        &live,
        "HEAD /cases/awara/ HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n",
    );
    assert_eq!(status, 200, "{head}");
    assert!(body.is_empty(), "HEAD got {} body bytes", body.len());
    assert_eq!(
        header(&head, "Content-Type"),
        header(&get_head, "Content-Type")
    );
    assert_eq!(
        header(&head, "Content-Length"),
        Some(page.len().to_string().as_str()),
        "{head}"
    );
}

// Attack: DNS rebinding. A page on evil.example whose name is made to resolve to 127.0.0.1
// reads the preview (drafts included) as same-origin; its requests say `Host: evil.example`.
// The old server answered them 200.
#[test]
fn requests_for_another_host_name_are_refused() {
    let site = site();
    let live = site.serve();
    let port = live.port();
    let with_host = |host: &str| {
        request(
            &live,
            &format!("GET /cases/awara/ HTTP/1.1\r\nHost: {host}\r\n\r\n"),
        )
    };
    for host in [
        "evil.example",
        &format!("evil.example:{port}"),
        "127.0.0.1.evil.example",
    ] {
        let (status, head, body) = with_host(host);
        assert!(status == 403 || status == 421, "Host {host}: {head}");
        assert!(
            !String::from_utf8_lossy(&body).contains("<article"),
            "the page leaked to Host {host}"
        );
    }
    for host in [
        format!("localhost:{port}"),
        format!("127.0.0.1:{port}"),
        "localhost".into(),
    ] {
        let (status, head, _) = with_host(&host);
        assert_eq!(status, 200, "Host {host}: {head}");
    }
}

// Attack: an open redirect. `//cases` named a folder, and the old server redirected to
// `//cases/`, which a browser reads as the host `cases`.
#[test]
fn a_double_slash_never_redirects_off_site() {
    let site = site();
    let live = site.serve();
    for path in [
        "//cases",
        "///cases",
        "//cases/awara",
        "//evil.example/",
        "/\\evil.example",
    ] {
        let (status, head, _) = request(
            &live,
            &format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n"),
        );
        assert_ne!(status, 0, "{path}: {head}");
        if let Some(to) = header(&head, "Location") {
            assert!(
                to.starts_with('/') && !to.starts_with("//") && !to.contains('\\'),
                "{path} redirects to {to}"
            );
        }
    }
    let (status, head, _) = request(&live, "GET //cases HTTP/1.1\r\nHost: 127.0.0.1\r\n\r\n");
    assert_eq!(
        (status, header(&head, "Location")),
        (301, Some("/cases/")),
        "{head}"
    );
}

// Attack (on availability): a Japanese base path. The old server compared the encoded
// request path with the raw base path (every page 404) and panicked on the redirect from `/`
// (raw UTF-8 in a Location header).
#[test]
fn a_japanese_base_path_is_served() {
    const ENCODED: &str = "/%E4%BA%8B%E4%BE%8B%E9%9B%86/";
    for base_url in [
        "https://example.jp/事例集/".to_string(),
        format!("https://example.jp{ENCODED}"),
    ] {
        let mut site = site();
        site.config("base_url", &base_url);
        let live = site.serve();
        let (status, head, body) = live.get(ENCODED);
        assert_eq!(status, 200, "{base_url}: {head}");
        assert!(
            String::from_utf8_lossy(&body).contains("テスト事例集"),
            "{base_url}: not the top page"
        );
        let (status, head, _) = live.get(&format!("{ENCODED}cases/awara/"));
        assert_eq!(status, 200, "{base_url}: {head}");
        for (from, to) in [
            ("/".to_string(), ENCODED.to_string()),
            (
                ENCODED.trim_end_matches('/').to_string(),
                ENCODED.to_string(),
            ),
            (
                format!("{ENCODED}cases/awara"),
                format!("{ENCODED}cases/awara/"),
            ),
        ] {
            let (status, head, _) = live.get(&from);
            assert_eq!(status, 301, "{base_url}: {from}: {head}");
            assert_eq!(header(&head, "Location"), Some(to.as_str()), "{head}");
        }
    }
}

// Attack: content sniffing and stale caches. The old server sent no
// `X-Content-Type-Options: nosniff`, so a browser could run an uploaded text file as script.
#[test]
fn every_answer_forbids_sniffing_and_caching() {
    let site = site();
    let live = site.serve();
    for path in [
        "/",
        "/cases/awara/",
        "/cases/awara",
        "/assets/style.css",
        "/no/such/page/",
        "/__yokoten/livereload.js",
        "/__yokoten/poll",
    ] {
        let (status, head, _) = live.get(path);
        assert_ne!(status, 0, "{path}: {head}");
        assert_eq!(
            header(&head, "X-Content-Type-Options"),
            Some("nosniff"),
            "{path}: {head}"
        );
        assert_eq!(
            header(&head, "Cache-Control"),
            Some("no-store"),
            "{path}: {head}"
        );
    }
}

/// A request built from random pieces, some of them broken.
fn random_request(rng: &mut fastrand::Rng) -> Vec<u8> {
    const METHODS: &[&str] = &["GET", "GET", "HEAD", "POST", "PUT", "DELETE", "G\0T", ""];
    const PATHS: &[&str] = &[
        "/",
        "//cases",
        "/cases/awara",
        "/cases/awara/",
        "/%2e%2e/",
        "/..",
        "/%",
        "/%ff",
        "/\u{4e8b}",
        "/a\\b",
        "/%00",
        "//evil.example/",
        "/__yokoten/poll",
        "*",
        "",
    ];
    const HOSTS: &[&str] = &["127.0.0.1", "localhost", "evil.example", "[::1]", ""];
    let mut raw = format!(
        "{} {} HTTP/1.{}\r\n",
        METHODS[rng.usize(..METHODS.len())],
        PATHS[rng.usize(..PATHS.len())],
        rng.usize(..3)
    )
    .into_bytes();
    if rng.usize(..4) > 0 {
        raw.extend(format!("Host: {}\r\n", HOSTS[rng.usize(..HOSTS.len())]).bytes());
    }
    for _ in 0..rng.usize(..4) {
        let junk: Vec<u8> = (0..rng.usize(..40)).map(|_| rng.u8(..)).collect();
        match rng.usize(..3) {
            0 => raw.extend_from_slice(&junk),
            1 => {
                let at = rng.usize(..raw.len());
                raw.splice(at..at, junk);
            }
            _ => raw.extend(b"X-Junk: ".iter().chain(&junk).chain(b"\r\n")),
        }
    }
    if rng.usize(..5) > 0 {
        raw.extend_from_slice(b"\r\n");
    }
    raw
}

// Attack: malformed requests. Each gets an answer that makes sense (an error status, never
// a 5xx, an off-site Location, or a page for a method other than GET and HEAD) and the server
// goes on. The old server closed most of them without any answer, and answered POST with the
// page and PUT and DELETE with redirects.
#[test]
fn malformed_requests_get_sane_answers_and_the_server_goes_on() {
    let site = site();
    let live = site.serve();
    let mut rng = fastrand::Rng::with_seed(0x2545_f491_4f6c_dd1d);
    for i in 0..200 {
        let raw = random_request(&mut rng);
        let shown = String::from_utf8_lossy(&raw).into_owned();
        let (status, head, _) = live.exchange(&raw, QUICK);
        assert!(
            matches!(status, 200 | 301 | 400 | 403 | 404 | 405 | 414 | 431),
            "request {i} {shown:?}: {head}"
        );
        let page_method = raw.starts_with(b"GET ") || raw.starts_with(b"HEAD ");
        assert!(
            status >= 400 || page_method,
            "request {i} {shown:?} got {status}"
        );
        if let Some(to) = header(&head, "Location") {
            assert!(
                to.starts_with('/') && !to.starts_with("//") && to.is_ascii(),
                "request {i} {shown:?} redirects to {to}"
            );
        }
    }
    assert_eq!(live.get("/cases/awara/").0, 200, "the server still serves");
}
