//! Phase timings for `YOKOTEN_TIMINGS=1`: how long each stage of a build took and the peak
//! memory so far, printed to stderr. Off by default; reading the flag costs nothing.

use std::time::Instant;

/// Whether `YOKOTEN_TIMINGS` is set.
pub fn enabled() -> bool {
    static ON: std::sync::OnceLock<bool> = std::sync::OnceLock::new();
    *ON.get_or_init(|| std::env::var_os("YOKOTEN_TIMINGS").is_some())
}

/// Peak resident memory of this process so far, in MB (Linux; 0 elsewhere).
pub fn peak_mb() -> f64 {
    status_mb("VmHWM:")
}

/// Resident memory of this process now, in MB (Linux; 0 elsewhere).
pub fn rss_mb() -> f64 {
    status_mb("VmRSS:")
}

fn status_mb(field: &str) -> f64 {
    std::fs::read_to_string("/proc/self/status")
        .ok()
        .and_then(|s| {
            s.lines()
                .find(|l| l.starts_with(field))
                .and_then(|l| l.split_whitespace().nth(1)?.parse::<f64>().ok())
        })
        .map_or(0.0, |kb| kb / 1024.0)
}

/// Prints each phase's time since the previous one, with the peak memory.
pub struct Phases {
    on: bool,
    last: Instant,
}

impl Phases {
    pub fn start() -> Phases {
        Phases {
            on: enabled(),
            last: Instant::now(),
        }
    }

    /// "  pages     1234.5 ms, peak  456 MB"
    pub fn done(&mut self, name: &str) {
        if self.on {
            crate::errln!(
                "  {name:<8} {:>8.1} ms, peak {:>5.0} MB",
                self.last.elapsed().as_secs_f64() * 1000.0,
                peak_mb()
            );
        }
        self.last = Instant::now();
    }
}
