//! The files of the index as they are made, and the numbering of `search/t/` files.

/// Files written while documents come in: full blocks of positional postings (and display
/// files), with the next free `search/t/` id.
#[derive(Default)]
pub struct Sink {
    pub files: Vec<(String, Vec<u8>)>,
    pub next_id: u32,
}

impl Sink {
    /// Adds `search/t/<id>.bin` with the next free id, and returns the id.
    pub fn posting_file(&mut self, data: Vec<u8>) -> u32 {
        let id = self.next_id;
        self.files.push((format!("search/t/{id}.bin"), data));
        self.next_id += 1;
        id
    }
}
