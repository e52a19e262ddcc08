//! Reading a count (population) as editors write it: `8万人`, `80,000人`, `約8万`,
//! `８００００`. The site wants plain digits; the hint shows the number so written.

use unicode_normalization::UnicodeNormalization;

/// The whole number `written` means, if it is one: commas, 約/およそ, 人/名, 程度 and
/// full-width digits are dropped, 万 and 億 multiply.
pub fn read(written: &str) -> Option<u64> {
    let t: String = written.nfkc().collect();
    let mut t = t.trim().replace([',', '、', ' '], "");
    for word in ["約", "およそ", "概ね", "おおむね"] {
        if let Some(rest) = t.strip_prefix(word) {
            t = rest.to_string();
        }
    }
    for word in ["程度", "くらい", "ぐらい", "余り", "人", "名", "強", "弱"] {
        if let Some(rest) = t.strip_suffix(word) {
            t = rest.to_string();
        }
    }
    let (number, times) = if let Some(n) = t.strip_suffix("万") {
        (n, 10_000u64)
    } else if let Some(n) = t.strip_suffix("億") {
        (n, 100_000_000)
    } else {
        (t.as_str(), 1)
    };
    if number.is_empty() || !number.chars().all(|c| c.is_ascii_digit() || c == '.') {
        return None;
    }
    let value = match number.split_once('.') {
        None => number.parse::<u64>().ok()?.checked_mul(times)?,
        // 1.2万: the decimals must make a whole number.
        Some((whole, frac)) if times > 1 && !frac.contains('.') && frac.len() <= 4 => {
            let scale = 10u64.pow(frac.len() as u32);
            let n = format!("{whole}{frac}").parse::<u64>().ok()?;
            let total = n.checked_mul(times)?;
            (total % scale == 0).then_some(total / scale)?
        }
        Some(_) => return None,
    };
    (value > 0).then_some(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_as_written() {
        assert_eq!(read("8万人"), Some(80_000));
        assert_eq!(read("80,000人"), Some(80_000));
        assert_eq!(read("約8万"), Some(80_000));
        assert_eq!(read("1.2万人"), Some(12_000));
        assert_eq!(read("８００００"), Some(80_000));
        assert_eq!(read("たくさん"), None);
        assert_eq!(read("0人"), None);
        assert_eq!(read("8.5"), None);
    }
}
