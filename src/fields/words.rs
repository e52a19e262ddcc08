//! Words editors write for a value the site reads otherwise: yes and no for true/false.

use unicode_normalization::UnicodeNormalization;

/// Whether `written` means yes (`true`) or no (`false`), in the words editors use.
pub fn yes_no(written: &str) -> Option<bool> {
    let w: String = written.nfkc().collect::<String>().trim().to_lowercase();
    match w.as_str() {
        "はい" | "yes" | "y" | "on" | "する" | "あり" | "有" | "○" | "◯" | "真" | "下書き" => {
            Some(true)
        }
        "いいえ" | "no" | "n" | "off" | "しない" | "なし" | "無" | "×" | "偽" | "公開" => {
            Some(false)
        }
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn yes_and_no() {
        assert_eq!(super::yes_no("はい"), Some(true));
        assert_eq!(super::yes_no(" いいえ "), Some(false));
        assert_eq!(super::yes_no("ＹＥＳ"), Some(true));
        assert_eq!(super::yes_no("たぶん"), None);
    }
}
