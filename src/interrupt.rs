//! Ctrl+C (and SIGTERM, SIGHUP): the first asks the running build to stop at a safe point
//! (a clean build drops its staging folder, the authoring loop finishes the rebuild it is
//! in, so that no page is left half-written); a second one ends the process at once.

use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::Mutex;

static REQUESTED: AtomicBool = AtomicBool::new(false);
type Hook = Box<dyn Fn() + Send>;
static HOOKS: Mutex<Vec<Hook>> = Mutex::new(Vec::new());

/// The exit status of a process stopped by Ctrl+C (128 + SIGINT), as shells report it.
pub const EXIT_CODE: u8 = 130;

/// Take over Ctrl+C for this process. Without it, a signal would kill the process wherever
/// it is, staging folder and all.
pub fn install() {
    let _ = ctrlc::set_handler(|| {
        if REQUESTED.swap(true, Ordering::SeqCst) {
            std::process::exit(EXIT_CODE.into());
        }
        for hook in HOOKS.lock().unwrap_or_else(|e| e.into_inner()).iter() {
            hook();
        }
    });
}

/// Whether a stop was asked for.
pub fn requested() -> bool {
    REQUESTED.load(Ordering::SeqCst)
}

/// Run `f` when a stop is asked for (to wake a thread that waits for something else).
pub fn on_stop(f: impl Fn() + Send + 'static) {
    HOOKS
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .push(Box::new(f));
}
