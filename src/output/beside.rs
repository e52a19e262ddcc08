//! The names yokoten gives what it writes beside and into an output folder: the marker that
//! says a folder is ours, and the working files and folders beside it
//! (`.<name>.yokoten-<what>`: lock, staging folders, journal, manifest).

use std::fs::File;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// The file yokoten writes into every output folder it makes.
pub const MARKER: &str = ".yokoten-output";

/// What the marker says to someone who opens it.
pub const MARKER_TEXT: &str =
    "このフォルダーは yokoten が作りました。ビルドのたびに作り直されます。\n\
     This folder was made by yokoten and is replaced on every build.\n";

/// A sibling of the output folder: `.<name>.yokoten-<what>`.
pub fn sibling(output: &Path, what: &str) -> PathBuf {
    let name = output
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "public".into());
    output.with_file_name(format!(".{name}.yokoten-{what}"))
}

/// Write the marker into a folder being made.
pub fn mark(dir: &Path) -> io::Result<()> {
    File::create(dir.join(MARKER))?.write_all(MARKER_TEXT.as_bytes())
}

/// A new working folder beside the output, named so that no other run uses it: the process
/// id and a clock reading, and a counter for the rare clash.
pub fn unique_folder(output: &Path, kind: &str) -> io::Result<PathBuf> {
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    for n in 0..100u32 {
        let dir = sibling(
            output,
            &format!("{kind}-{}-{nanos:08x}-{n}", std::process::id()),
        );
        match std::fs::create_dir(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(e),
        }
    }
    Err(io::Error::other("no free name for a working folder"))
}
