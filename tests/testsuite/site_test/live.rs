//! Long-running commands for the authoring-loop tests: `build --watch` and `serve`, started
//! on a [`SiteTest`] site, with their output lines collected as they come and bounded waits
//! for what a test expects to happen.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use super::SiteTest;

/// How long a test waits for a rebuild before it fails. Generous: CI machines are slow and
/// busy; a passing run returns as soon as the condition holds.
pub const PATIENCE: Duration = Duration::from_secs(20);

pub struct Live {
    child: Child,
    lines: Arc<Mutex<Vec<String>>>,
    pub out: PathBuf,
    /// `serve` only: the address it listens on.
    pub port: Option<u16>,
}

impl Drop for Live {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn collect(stream: impl Read + Send + 'static, lines: Arc<Mutex<Vec<String>>>) {
    std::thread::spawn(move || {
        for line in BufReader::new(stream).lines().map_while(Result::ok) {
            lines.lock().unwrap().push(line);
        }
    });
}

impl SiteTest {
    fn spawn(&self, args: &[&str], out: PathBuf) -> Live {
        self.spawn_env(args, out, &[])
    }

    /// Start the binary with these arguments (and environment variables) and collect its
    /// output lines as they come.
    pub fn spawn_env(&self, args: &[&str], out: PathBuf, env: &[(&str, &Path)]) -> Live {
        self.spawn_with(Command::new(env!("CARGO_BIN_EXE_yokoten")), args, out, env)
    }

    /// Start `yokoten` through `command` (the binary itself, or a wrapper that runs it).
    fn spawn_with(
        &self,
        mut command: Command,
        args: &[&str],
        out: PathBuf,
        env: &[(&str, &Path)],
    ) -> Live {
        let mut child = command
            .args(args)
            .current_dir(self.root())
            .env("NO_COLOR", "1")
            .env_remove("YOKOTEN_LANG")
            .envs(env.iter().copied())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start yokoten");
        let lines = Arc::new(Mutex::new(Vec::new()));
        collect(child.stdout.take().unwrap(), lines.clone());
        collect(child.stderr.take().unwrap(), lines.clone());
        Live {
            child,
            lines,
            out,
            port: None,
        }
    }

    /// `yokoten build --watch` into `<tmp>/out`; returns once the first build is done and
    /// the watcher is running.
    pub fn watch(&self, extra: &[&str]) -> Live {
        let root = self.root().to_string_lossy().into_owned();
        let out = self.out();
        let out_s = out.to_string_lossy().into_owned();
        let mut args = vec!["build", "--watch", "--root", &root, "--output", &out_s];
        args.extend_from_slice(extra);
        let live = self.spawn(&args, out);
        live.wait_line("変更を見張っています");
        live
    }

    /// `yokoten serve` on a free port, writing to `<tmp>/out`.
    pub fn serve(&self) -> Live {
        self.serve_with(Command::new(env!("CARGO_BIN_EXE_yokoten")))
    }

    /// [`SiteTest::serve`] allowed at most `n` open files (`ulimit -n`), so that a test can
    /// run it out of descriptors with a few hundred connections.
    #[cfg(unix)]
    pub fn serve_with_open_file_limit(&self, n: u32) -> Live {
        let mut sh = Command::new("sh");
        sh.args([
            "-c",
            &format!("ulimit -n {n} && exec \"$0\" \"$@\""),
            env!("CARGO_BIN_EXE_yokoten"),
        ]);
        self.serve_with(sh)
    }

    fn serve_with(&self, command: Command) -> Live {
        let port = free_port();
        let root = self.root().to_string_lossy().into_owned();
        let out = self.out();
        let out_s = out.to_string_lossy().into_owned();
        let port_s = port.to_string();
        let mut live = self.spawn_with(
            command,
            &[
                "serve", "--root", &root, "--output", &out_s, "--port", &port_s,
            ],
            out,
            &[],
        );
        live.wait_line("変更を見張っています");
        let line = live.wait_line("プレビュー: http://127.0.0.1:");
        let actual: u16 = line
            .rsplit(':')
            .next()
            .and_then(|p| {
                p.trim_end_matches(|c: char| !c.is_ascii_digit())
                    .split('/')
                    .next()
            })
            .and_then(|p| p.parse().ok())
            .unwrap_or(port);
        live.port = Some(actual);
        live
    }
}

/// A port nobody listens on right now.
pub fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}

impl Live {
    /// Send Ctrl+C (SIGINT), as an editor stopping `serve` or `build --watch` does.
    #[cfg(unix)]
    pub fn interrupt(&self) {
        // SAFETY: kill takes no pointers; the child is ours and not yet waited for.
        unsafe {
            libc::kill(self.child.id() as libc::pid_t, libc::SIGINT);
        }
    }

    /// Wait for the process to end; its exit code (None: killed by a signal). Fails after
    /// [`PATIENCE`].
    #[track_caller]
    pub fn wait_exit(&mut self) -> Option<i32> {
        let start = Instant::now();
        loop {
            if let Some(status) = self.child.try_wait().expect("wait for yokoten") {
                // Let the reader threads take the last lines.
                std::thread::sleep(Duration::from_millis(50));
                return status.code();
            }
            assert!(
                start.elapsed() < PATIENCE,
                "the process did not end within {PATIENCE:?}:\n{}",
                self.transcript()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Make a change (edit the site's files), then wait for the rebuild it causes (its
    /// `rebuilt` or `error` line) and for the output to settle for `settle`.
    #[track_caller]
    pub fn after(&self, settle: Duration, change: impl FnOnce()) {
        let n = self.lines().len();
        change();
        self.wait_until("the rebuild of this change", || {
            self.lines()[n..]
                .iter()
                .any(|l| l.starts_with("反映しました") || l.starts_with("反映できませんでした"))
        });
        self.settle(settle);
    }

    pub fn lines(&self) -> Vec<String> {
        self.lines.lock().unwrap().clone()
    }

    pub fn transcript(&self) -> String {
        self.lines().join("\n")
    }

    /// Wait for an output line containing `needle`; returns it.
    #[track_caller]
    pub fn wait_line(&self, needle: &str) -> String {
        let start = Instant::now();
        loop {
            if let Some(l) = self.lines().into_iter().find(|l| l.contains(needle)) {
                return l;
            }
            assert!(
                start.elapsed() < PATIENCE,
                "no line with {needle:?} within {PATIENCE:?}:\n{}",
                self.transcript()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Wait until `cond` holds; fails with the transcript after [`PATIENCE`].
    #[track_caller]
    pub fn wait_until(&self, what: &str, mut cond: impl FnMut() -> bool) {
        let start = Instant::now();
        while !cond() {
            assert!(
                start.elapsed() < PATIENCE,
                "timed out waiting until {what}:\n{}",
                self.transcript()
            );
            std::thread::sleep(Duration::from_millis(10));
        }
    }

    /// Wait until an output file contains `needle`.
    #[track_caller]
    pub fn wait_file_contains(&self, rel: &str, needle: &str) {
        let path = self.out.join(rel);
        self.wait_until(&format!("{rel} contains {needle:?}"), || {
            std::fs::read_to_string(&path).is_ok_and(|t| t.contains(needle))
        });
    }

    /// Wait until no new output line has come for `quiet` (the watcher has settled).
    pub fn settle(&self, quiet: Duration) {
        let start = Instant::now();
        let mut seen = self.lines().len();
        let mut since = Instant::now();
        while since.elapsed() < quiet && start.elapsed() < PATIENCE {
            std::thread::sleep(Duration::from_millis(20));
            let n = self.lines().len();
            if n != seen {
                seen = n;
                since = Instant::now();
            }
        }
    }

    /// `serve`'s port.
    pub fn port(&self) -> u16 {
        self.port.expect("serve() sets the port")
    }

    /// The resident memory of the yokoten process, in KB (Linux; 0 elsewhere).
    pub fn rss_kb(&self) -> u64 {
        let status = std::fs::read_to_string(format!("/proc/{}/status", self.child.id()))
            .unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix("VmRSS:"))
            .and_then(|v| v.trim().trim_end_matches("kB").trim().parse().ok())
            .unwrap_or(0)
    }

    /// A plain HTTP/1.1 GET against `serve`: (status, headers, body).
    pub fn get(&self, path: &str) -> (u16, String, Vec<u8>) {
        self.get_within(path, PATIENCE)
    }

    /// [`Live::get`], giving up after `within` (status 0).
    pub fn get_within(&self, path: &str, within: Duration) -> (u16, String, Vec<u8>) {
        let request =
            format!("GET {path} HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n");
        self.exchange(request.as_bytes(), within)
    }

    /// Send `request` as it is (then end the sending side) and read the answer until the
    /// server closes or `within` passes: (status, headers, body). Status 0 with the reason in
    /// place of the headers when no answer came.
    pub fn exchange(&self, request: &[u8], within: Duration) -> (u16, String, Vec<u8>) {
        let addr = std::net::SocketAddr::from(([127, 0, 0, 1], self.port()));
        let mut s = match TcpStream::connect_timeout(&addr, within) {
            Ok(s) => s,
            Err(e) => return (0, format!("cannot connect: {e}"), Vec::new()),
        };
        s.set_read_timeout(Some(within)).unwrap();
        s.set_write_timeout(Some(within)).unwrap();
        if let Err(e) = s.write_all(request) {
            return (0, format!("cannot send: {e}"), Vec::new());
        }
        let _ = s.shutdown(std::net::Shutdown::Write);
        let mut raw = Vec::new();
        if let Err(e) = s.read_to_end(&mut raw) {
            if raw.is_empty() {
                return (0, format!("no answer: {e}"), Vec::new());
            }
        }
        parse_response(&raw)
    }
}

/// (status, headers, body) of a raw HTTP/1.1 response; status 0 when it has no head.
pub fn parse_response(raw: &[u8]) -> (u16, String, Vec<u8>) {
    let Some(split) = raw.windows(4).position(|w| w == b"\r\n\r\n") else {
        return (0, String::from_utf8_lossy(raw).into_owned(), Vec::new());
    };
    let head = String::from_utf8_lossy(&raw[..split]).into_owned();
    let mut body = raw[split + 4..].to_vec();
    if head
        .to_ascii_lowercase()
        .contains("transfer-encoding: chunked")
    {
        body = dechunk(&body);
    }
    let status = head
        .split_whitespace()
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    (status, head, body)
}

fn dechunk(mut data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    while let Some(eol) = data.windows(2).position(|w| w == b"\r\n") {
        let size =
            usize::from_str_radix(String::from_utf8_lossy(&data[..eol]).trim(), 16).unwrap_or(0);
        if size == 0 {
            break;
        }
        let start = eol + 2;
        out.extend_from_slice(&data[start..(start + size).min(data.len())]);
        data = &data[(start + size + 2).min(data.len())..];
    }
    out
}

/// Every file under `dir` with its bytes, for comparing two builds.
pub fn tree(dir: &Path) -> std::collections::BTreeMap<String, Vec<u8>> {
    let mut out = std::collections::BTreeMap::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(d) = stack.pop() {
        for e in std::fs::read_dir(&d).unwrap().flatten() {
            let p = e.path();
            if p.is_dir() {
                stack.push(p);
            } else if !e.file_name().to_string_lossy().contains(".yokoten-tmp-") {
                // (A temporary file of a write in progress is renamed over its page in a
                // moment; the page itself is always whole.)
                let rel = p
                    .strip_prefix(dir)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                out.insert(rel, std::fs::read(&p).unwrap());
            }
        }
    }
    out
}
