//! Reading a source file's bytes as text: UTF-8 only (a BOM is dropped), and CRLF/CR line
//! ends made LF, so that everything after this sees one form (line numbers unchanged).
//!
//! A file in another encoding is named for what it is: UTF-16 (Notepad's 「Unicode」,
//! recognised by its byte order mark or its NUL bytes) or Shift_JIS, with how to save it
//! again as UTF-8.

use crate::messages::front_matter;

/// Decode a file's bytes as UTF-8 text: a BOM is dropped and CRLF/CR line ends become LF, so
/// that everything after this sees one form (line numbers are unchanged by this). The
/// error is the message, then the hint.
pub fn decode_text(bytes: &[u8]) -> Result<String, NotUtf8> {
    decode(bytes)
}

/// A file that is not UTF-8: what it seems to be, where the first bad byte is, and the
/// text as far as it can be shown (bad bytes replaced), so the report can point at the
/// line.
#[derive(Debug)]
pub struct NotUtf8 {
    pub message: String,
    pub hint: String,
    pub offset: usize,
    pub lossy: String,
}

/// UTF-16: a byte order mark (FF FE, FE FF), or NUL bytes in many places (ASCII written
/// as UTF-16 without one).
fn is_utf16(bytes: &[u8]) -> bool {
    if bytes.starts_with(b"\xFF\xFE") || bytes.starts_with(b"\xFE\xFF") {
        return true;
    }
    let head = &bytes[..bytes.len().min(4096)];
    let nuls = head.iter().filter(|&&b| b == 0).count();
    head.len() >= 4 && nuls * 4 >= head.len()
}

/// Whether the bytes from `at` read as Shift_JIS: a lead byte and a trail byte in its
/// ranges, or a half-width katakana.
fn looks_shift_jis(bytes: &[u8]) -> bool {
    match bytes {
        [0x81..=0x9F | 0xE0..=0xFC, b, ..] => matches!(b, 0x40..=0x7E | 0x80..=0xFC),
        [a, ..] => matches!(a, 0xA1..=0xDF),
        [] => false,
    }
}

pub fn decode(bytes: &[u8]) -> Result<String, NotUtf8> {
    if is_utf16(bytes) {
        return Err(NotUtf8 {
            message: front_matter::utf16(),
            hint: front_matter::save_as_utf8(),
            offset: 0,
            lossy: String::new(),
        });
    }
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // SIMD validation first: std's is byte by byte outside ASCII, and Japanese text is all
    // three-byte characters (1 G instructions for the 43 MB of a 10,000-case site); std again
    // only for the error's offset.
    let text = simdutf8::basic::from_utf8(bytes)
        .or_else(|_| std::str::from_utf8(bytes))
        .map_err(|e| {
            let at = e.valid_up_to();
            let line = bytes[..at].iter().filter(|&&b| b == b'\n').count() + 1;
            NotUtf8 {
                message: if looks_shift_jis(&bytes[at..]) {
                    front_matter::shift_jis(line)
                } else {
                    front_matter::not_utf8(line)
                },
                hint: front_matter::save_as_utf8(),
                offset: at,
                lossy: String::from_utf8_lossy(&bytes[..at]).into_owned()
                    + &String::from_utf8_lossy(&bytes[at..]).replace('\r', ""),
            }
        })?;
    if text.contains('\r') {
        Ok(text.replace("\r\n", "\n").replace('\r', "\n"))
    } else {
        Ok(text.to_string())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decodes_bom_and_crlf() {
        assert_eq!(decode_text(b"\xEF\xBB\xBFa\r\nb\rc").unwrap(), "a\nb\nc");
        assert!(decode_text(&[0x82, 0xa0])
            .unwrap_err()
            .message
            .contains("Shift_JIS"));
    }

    #[test]
    fn utf16_is_named() {
        let le: Vec<u8> = b"\xFF\xFE"
            .iter()
            .copied()
            .chain("---\n".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        assert!(decode(&le).unwrap_err().message.contains("UTF-16"));
        let no_bom: Vec<u8> = "---\ntitle: a\n"
            .encode_utf16()
            .flat_map(u16::to_be_bytes)
            .collect();
        assert!(decode(&no_bom).unwrap_err().message.contains("UTF-16"));
    }
}
