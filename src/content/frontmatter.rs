//! Splitting a Markdown file into its YAML front matter and body.

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

/// Front matter and body of a document, with the byte offsets where each begins.
#[derive(Debug, PartialEq)]
pub struct Split<'a> {
    pub yaml: &'a str,
    pub yaml_offset: usize,
    pub body: &'a str,
    pub body_offset: usize,
}

#[derive(Debug, PartialEq)]
pub enum SplitError {
    Empty,
    NoOpening,
    /// No closing `---`; the opening fence's line is line 1.
    NoClosing,
}

/// `---\n<yaml>\n---\n<body>`. The closing fence may also be `...` (YAML's document end).
pub fn split(text: &str) -> Result<Split<'_>, SplitError> {
    if text.trim().is_empty() {
        return Err(SplitError::Empty);
    }
    let first_line_end = text.find('\n').unwrap_or(text.len());
    if text[..first_line_end].trim_end() != "---" {
        return Err(SplitError::NoOpening);
    }
    let yaml_offset = (first_line_end + 1).min(text.len());
    let mut offset = yaml_offset;
    for line in text[yaml_offset..].split_inclusive('\n') {
        let bare = line.trim_end();
        if bare == "---" || bare == "..." {
            let body_offset = offset + line.len();
            return Ok(Split {
                yaml: &text[yaml_offset..offset],
                yaml_offset,
                body: &text[body_offset..],
                body_offset,
            });
        }
        offset += line.len();
    }
    Err(SplitError::NoClosing)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits() {
        let s = split("---\ntitle: a\n---\nbody\n").unwrap();
        assert_eq!(s.yaml, "title: a\n");
        assert_eq!(s.yaml_offset, 4);
        assert_eq!(s.body, "body\n");
    }

    #[test]
    fn empty_front_matter_and_no_body() {
        let s = split("---\n---").unwrap();
        assert_eq!(s.yaml, "");
        assert_eq!(s.body, "");
    }

    #[test]
    fn errors() {
        assert_eq!(split(""), Err(SplitError::Empty));
        assert_eq!(split("  \n"), Err(SplitError::Empty));
        assert_eq!(split("# title\n"), Err(SplitError::NoOpening));
        assert_eq!(split("---\ntitle: a\n"), Err(SplitError::NoClosing));
    }

    #[test]
    fn decodes_bom_and_crlf() {
        assert_eq!(decode_text(b"\xEF\xBB\xBFa\r\nb\rc").unwrap(), "a\nb\nc");
        assert!(decode_text(&[0x82, 0xa0]).unwrap_err().contains("UTF-8"));
    }
}
