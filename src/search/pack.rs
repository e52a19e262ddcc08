//! Packs: one byte stream of records (posting blocks, body parts) cut into files of exactly
//! `size` bytes (the last one shorter), so that the index is a few hundred files instead of
//! one file per record. A record is addressed by its offset in the stream; pack `o / size`
//! holds byte `o`, and a record may straddle two packs (the reader then asks for two
//! ranges). Why fixed-size cuts rather than "start a new pack when the next record does not
//! fit": the pack of an offset is then a division, so a reference stays one number, and no
//! pack is padded.

/// Bytes of a pack file. Hosts that answer Range requests send only the record; on the
/// others the reader downloads a whole pack once and keeps it, so the size bounds what such
/// a host costs a query (see "Packs" in FORMAT.md).
pub const PACK_BYTES: u32 = 256 * 1024;

/// A stream of records being cut into `search/<dir>/<n>.bin` files.
pub struct PackStream {
    dir: &'static str,
    size: usize,
    /// Bytes of the pack being filled (`len < size`).
    cur: Vec<u8>,
    /// Number of the pack being filled.
    pack: u32,
}

impl PackStream {
    pub fn new(dir: &'static str, size: u32) -> PackStream {
        PackStream {
            dir,
            size: size.max(1) as usize,
            cur: Vec::new(),
            pack: 0,
        }
    }

    /// Offset of the next record in the stream. Offsets are `u32` in the index format: a
    /// stream is limited to 4 GiB (about 800,000 cases of 2,000 characters); past that,
    /// offsets saturate and the reader finds no record rather than a wrong one.
    pub fn offset(&self) -> u32 {
        let o = self.pack as u64 * self.size as u64 + self.cur.len() as u64;
        u32::try_from(o).unwrap_or(u32::MAX)
    }

    /// Appends a record; full packs go to `files`. Returns the record's offset.
    pub fn push(&mut self, data: &[u8], files: &mut Vec<(String, Vec<u8>)>) -> u32 {
        let at = self.offset();
        let mut rest = data;
        while !rest.is_empty() {
            let take = (self.size - self.cur.len()).min(rest.len());
            self.cur.extend_from_slice(&rest[..take]);
            rest = &rest[take..];
            if self.cur.len() == self.size {
                self.emit(files);
            }
        }
        at
    }

    /// Writes the last, partly filled pack (nothing when it is empty: a stream whose
    /// length is a multiple of `size` ends with a full pack, and an empty stream has none).
    pub fn finish(&mut self, files: &mut Vec<(String, Vec<u8>)>) {
        if !self.cur.is_empty() {
            self.emit(files);
        }
    }

    fn emit(&mut self, files: &mut Vec<(String, Vec<u8>)>) {
        let data = std::mem::replace(&mut self.cur, Vec::with_capacity(self.size));
        files.push((pack_path(self.dir, self.pack), data));
        self.pack += 1;
    }
}

/// A stream of numbered records (buckets, display records) whose offsets the reader cannot
/// compute: the records go to `search/<dir>/` packs, and a table of `n + 1` offsets (`u32`
/// little endian, the last one the end of the stream) to `search/<dir>i/` packs, so record
/// `i` is bytes `[table[i], table[i + 1])`, found with two small reads (the 8 bytes at
/// `4 * i` of the table, then the record).
pub struct Numbered {
    records: PackStream,
    offsets: Vec<u32>,
    table_dir: &'static str,
}

impl Numbered {
    /// `dir`: the records' folder; `table_dir`: the table's (`dir` + "i").
    pub fn new(dir: &'static str, table_dir: &'static str, size: u32) -> Numbered {
        Numbered {
            records: PackStream::new(dir, size),
            offsets: Vec::new(),
            table_dir,
        }
    }

    /// Appends the next record (number `self.len()`).
    pub fn push(&mut self, data: &[u8], files: &mut Vec<(String, Vec<u8>)>) {
        let at = self.records.push(data, files);
        self.offsets.push(at);
    }

    /// Writes the last pack of records and the table.
    pub fn finish(&mut self, size: u32, files: &mut Vec<(String, Vec<u8>)>) {
        self.offsets.push(self.records.offset());
        self.records.finish(files);
        let mut table = PackStream::new(self.table_dir, size);
        let mut bytes = Vec::with_capacity(self.offsets.len() * 4);
        for o in std::mem::take(&mut self.offsets) {
            bytes.extend_from_slice(&o.to_le_bytes());
        }
        table.push(&bytes, files);
        table.finish(files);
    }
}

/// Start and end of a record from its 8 bytes of table (reading is the script's job; in
/// Rust only the query engine of the tests reads).
#[cfg(any(test, feature = "dev"))]
pub fn table_entry(b: &[u8]) -> Option<(u32, u32)> {
    let a = u32::from_le_bytes(b.get(0..4)?.try_into().ok()?);
    let e = u32::from_le_bytes(b.get(4..8)?.try_into().ok()?);
    (a <= e).then_some((a, e))
}

/// Path of pack `n` of a stream.
pub fn pack_path(dir: &str, n: u32) -> String {
    format!("search/{dir}/{n}.bin")
}

/// The pieces of the packs that hold bytes `[offset, offset + len)` of a stream:
/// (pack, from, to) with `from..to` inside the pack, in stream order.
#[cfg(any(test, feature = "dev"))]
pub fn pieces(offset: u64, len: u64, size: u32) -> Vec<(u32, u32, u32)> {
    let size = size.max(1) as u64;
    let (mut at, end) = (offset, offset + len);
    let mut out = Vec::new();
    while at < end {
        let pack = at / size;
        let to = end.min((pack + 1) * size);
        // Offsets are u32 in the format, so every value here fits.
        out.push((
            pack as u32,
            (at - pack * size) as u32,
            (to - pack * size) as u32,
        ));
        at = to;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    /// Reads a record back the way the script does: from the pieces of its packs.
    fn read(
        files: &HashMap<String, Vec<u8>>,
        dir: &str,
        off: u32,
        len: usize,
        size: u32,
    ) -> Vec<u8> {
        let mut out = Vec::new();
        for (p, a, b) in pieces(off as u64, len as u64, size) {
            out.extend_from_slice(&files[&pack_path(dir, p)][a as usize..b as usize]);
        }
        out
    }

    #[test]
    fn records_round_trip_across_pack_boundaries() {
        let mut s = PackStream::new("t", 10);
        let mut files = Vec::new();
        let recs: Vec<Vec<u8>> = vec![
            vec![1; 4],
            vec![2; 6], // ends exactly at the first boundary
            vec![3; 7],
            vec![4; 25], // spans three packs
            vec![],
            vec![5; 1],
        ];
        let offs: Vec<u32> = recs.iter().map(|r| s.push(r, &mut files)).collect();
        s.finish(&mut files);
        assert_eq!(offs, vec![0, 4, 10, 17, 42, 42]);
        assert_eq!(files.len(), 5);
        assert!(files[..4].iter().all(|f| f.1.len() == 10));
        assert_eq!(files[4].1.len(), 3);
        let map: HashMap<String, Vec<u8>> = files.into_iter().collect();
        for (r, o) in recs.iter().zip(offs) {
            assert_eq!(&read(&map, "t", o, r.len(), 10), r);
        }
    }

    #[test]
    fn a_record_ending_at_a_boundary_needs_one_pack() {
        assert_eq!(pieces(4, 6, 10), vec![(0, 4, 10)]);
        assert_eq!(pieces(10, 3, 10), vec![(1, 0, 3)]);
        assert_eq!(pieces(8, 4, 10), vec![(0, 8, 10), (1, 0, 2)]);
        assert!(pieces(8, 0, 10).is_empty());
    }

    #[test]
    fn numbered_records_are_found_through_the_table() {
        let mut files = Vec::new();
        let mut n = Numbered::new("d", "di", 8);
        let recs: [&[u8]; 4] = [b"abc", b"", b"0123456789", b"z"];
        for r in recs {
            n.push(r, &mut files);
        }
        n.finish(8, &mut files);
        let map: HashMap<String, Vec<u8>> = files.into_iter().collect();
        // Table: 5 offsets, 20 bytes, in three packs of 8.
        assert_eq!(map["search/di/2.bin"].len(), 4);
        for (i, r) in recs.iter().enumerate() {
            let t = read(&map, "di", 4 * i as u32, 8, 8);
            let (a, e) = table_entry(&t).unwrap();
            assert_eq!(&read(&map, "d", a, (e - a) as usize, 8), r);
        }
        assert_eq!(table_entry(&[1, 0, 0, 0, 0, 0, 0, 0]), None);
        assert_eq!(table_entry(&[0; 7]), None);
    }

    #[test]
    fn empty_streams_and_full_last_packs_write_no_empty_pack() {
        let mut files = Vec::new();
        let mut s = PackStream::new("b", 8);
        s.finish(&mut files);
        assert!(files.is_empty());
        s.push(&[7; 16], &mut files);
        s.finish(&mut files);
        assert_eq!(files.len(), 2);
        assert_eq!(files[1].0, "search/b/1.bin");
        assert!(files.iter().all(|f| f.1.len() == 8));
    }
}
