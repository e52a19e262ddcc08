//! The `Range: bytes=...` request header (RFC 9110 §14), as far as `serve` needs it: the
//! search script asks for one record of a pack file at a time (see "Packs" in
//! src/search/FORMAT.md), so one range is answered with 206 and anything else with the
//! whole file, which a client must accept anyway.

/// How to answer a request for a file of `len` bytes.
#[derive(Debug, PartialEq, Eq)]
pub enum Answer {
    /// 200 with the whole file: no Range header, another unit, several ranges, or a header
    /// that does not parse (RFC 9110: an invalid Range is ignored).
    Whole,
    /// 206 with bytes `first..=last`.
    Part { first: u64, last: u64 },
    /// 416 with `Content-Range: bytes */len`: the range starts past the end, is reversed,
    /// or is an empty suffix.
    Unsatisfiable,
}

/// The answer to `header` (the Range value, if any) for a file of `len` bytes.
pub fn answer(header: Option<&str>, len: u64) -> Answer {
    let Some(spec) = header.and_then(|h| h.trim().strip_prefix("bytes=")) else {
        return Answer::Whole;
    };
    if spec.contains(',') {
        return Answer::Whole;
    }
    let Some((a, b)) = spec.trim().split_once('-') else {
        return Answer::Whole;
    };
    let num = |s: &str| -> Option<u64> {
        (!s.is_empty() && s.bytes().all(|c| c.is_ascii_digit()))
            .then(|| s.parse().ok())
            .flatten()
    };
    match (a.is_empty(), num(a), num(b)) {
        // `-n`: the last n bytes.
        (true, _, Some(n)) if n > 0 && len > 0 => Answer::Part {
            first: len.saturating_sub(n),
            last: len - 1,
        },
        (true, _, Some(_)) => Answer::Unsatisfiable,
        (false, Some(first), _) if first >= len => Answer::Unsatisfiable,
        // `a-`: from a to the end.
        (false, Some(first), None) if b.is_empty() => Answer::Part {
            first,
            last: len - 1,
        },
        (false, Some(first), Some(last)) if last < first => Answer::Unsatisfiable,
        (false, Some(first), Some(last)) => Answer::Part {
            first,
            last: last.min(len - 1),
        },
        _ => Answer::Whole,
    }
}

/// The `Content-Range` value of an answer.
pub fn content_range(answer: &Answer, len: u64) -> Option<String> {
    match answer {
        Answer::Whole => None,
        Answer::Part { first, last } => Some(format!("bytes {first}-{last}/{len}")),
        Answer::Unsatisfiable => Some(format!("bytes */{len}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn one_range_is_a_part() {
        assert_eq!(
            answer(Some("bytes=0-9"), 100),
            Answer::Part { first: 0, last: 9 }
        );
        assert_eq!(
            answer(Some("bytes=90-200"), 100),
            Answer::Part {
                first: 90,
                last: 99
            }
        );
        assert_eq!(
            answer(Some("bytes=95-"), 100),
            Answer::Part {
                first: 95,
                last: 99
            }
        );
        assert_eq!(
            answer(Some("bytes=-10"), 100),
            Answer::Part {
                first: 90,
                last: 99
            }
        );
        assert_eq!(
            answer(Some("bytes=-500"), 100),
            Answer::Part { first: 0, last: 99 }
        );
        assert_eq!(
            content_range(&Answer::Part { first: 0, last: 9 }, 100).as_deref(),
            Some("bytes 0-9/100")
        );
    }

    #[test]
    fn ranges_past_the_end_or_reversed_are_unsatisfiable() {
        assert_eq!(answer(Some("bytes=100-120"), 100), Answer::Unsatisfiable);
        assert_eq!(answer(Some("bytes=9-3"), 100), Answer::Unsatisfiable);
        assert_eq!(answer(Some("bytes=-0"), 100), Answer::Unsatisfiable);
        assert_eq!(answer(Some("bytes=0-0"), 0), Answer::Unsatisfiable);
        assert_eq!(
            content_range(&Answer::Unsatisfiable, 100).as_deref(),
            Some("bytes */100")
        );
    }

    #[test]
    fn anything_else_is_the_whole_file() {
        for h in [
            None,
            Some("items=0-9"),
            Some("bytes=0-9,20-29"),
            Some("bytes=a-b"),
            Some("bytes=-"),
            Some("bytes=5"),
            Some("bytes=+1-2"),
            Some("bytes=99999999999999999999999-"),
        ] {
            assert_eq!(answer(h, 100), Answer::Whole, "{h:?}");
        }
    }
}
