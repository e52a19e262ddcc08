//! Printing to the terminal without ever failing: when stdout or stderr is closed (`yokoten
//! build | head`, a closed terminal), a message is dropped and the build goes on to end with
//! its own exit status. `println!` would panic there instead.

use std::io::Write;

/// Write to stdout, ignoring a closed pipe.
pub fn out(args: std::fmt::Arguments) {
    let _ = std::io::stdout().lock().write_fmt(args);
}

/// Write to stderr, ignoring a closed pipe.
pub fn err(args: std::fmt::Arguments) {
    let _ = std::io::stderr().lock().write_fmt(args);
}

/// `println!` that never panics.
#[macro_export]
macro_rules! outln {
    ($($t:tt)*) => { $crate::console::out(format_args!("{}\n", format_args!($($t)*))) };
}

/// `eprintln!` that never panics.
#[macro_export]
macro_rules! errln {
    ($($t:tt)*) => { $crate::console::err(format_args!("{}\n", format_args!($($t)*))) };
}

/// `eprint!` that never panics.
#[macro_export]
macro_rules! err {
    ($($t:tt)*) => { $crate::console::err(format_args!($($t)*)) };
}
