//! The files of the index as they are made, and the two packed streams: posting files
//! (`search/t/`) and body parts (`search/b/`), see `pack`.

use super::pack::{PackStream, PACK_BYTES};

/// Files written while documents come in: full packs of positional posting blocks and of
/// body parts, and display files.
pub struct Sink {
    pub files: Vec<(String, Vec<u8>)>,
    postings: PackStream,
    bodies: PackStream,
}

impl Default for Sink {
    fn default() -> Sink {
        Sink {
            files: Vec::new(),
            postings: PackStream::new("t", PACK_BYTES),
            bodies: PackStream::new("b", PACK_BYTES),
        }
    }
}

impl Sink {
    /// Adds a posting (or posting block) to the `search/t/` packs; returns its offset.
    pub fn posting_file(&mut self, data: Vec<u8>) -> u32 {
        self.postings.push(&data, &mut self.files)
    }

    /// Adds a body part to the `search/b/` packs; returns its offset.
    pub fn body_part(&mut self, data: &[u8]) -> u32 {
        self.bodies.push(data, &mut self.files)
    }

    /// Writes the last packs (after the last posting and body part).
    pub fn finish(&mut self) {
        self.postings.finish(&mut self.files);
        self.bodies.finish(&mut self.files);
    }
}
