//! Reading a source file's bytes as text: UTF-8 only (a BOM is dropped), and CRLF/CR line
//! ends made LF, so that everything after this sees one form (line numbers unchanged).

/// Decode a file's bytes as UTF-8 text: a BOM is dropped and CRLF/CR line ends become LF, so
/// that everything after this sees one form (line numbers are unchanged by this).
pub fn decode_text(bytes: &[u8]) -> Result<String, String> {
    decode(bytes).map_err(|e| e.message)
}

/// A file that is not UTF-8: where the first bad byte is, and the text as far as it can be
/// shown (bad bytes replaced), so the report can point at the line.
#[derive(Debug)]
pub struct NotUtf8 {
    pub message: String,
    pub offset: usize,
    pub lossy: String,
}

pub fn decode(bytes: &[u8]) -> Result<String, NotUtf8> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    // SIMD validation first: std's is byte by byte outside ASCII, and Japanese text is all
    // three-byte characters (1 G instructions for the 43 MB of a 10,000-case site); std again
    // only for the error's offset.
    let text = simdutf8::basic::from_utf8(bytes)
        .or_else(|_| std::str::from_utf8(bytes))
        .map_err(|e| NotUtf8 {
            message: format!(
                "file is not UTF-8 (invalid byte at offset {}); it may be Shift_JIS. \
             ファイルを UTF-8 で保存し直してください",
                e.valid_up_to()
            ),
            offset: e.valid_up_to(),
            lossy: String::from_utf8_lossy(&bytes[..e.valid_up_to()]).into_owned()
                + &String::from_utf8_lossy(&bytes[e.valid_up_to()..]).replace('\r', ""),
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
        assert!(decode_text(&[0x82, 0xa0]).unwrap_err().contains("UTF-8"));
    }
}
