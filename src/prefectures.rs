//! The 47 prefectures in JIS X 0401 order (codes 01–47), with their regions. Prefecture
//! pages and the prefecture index are listed in this order, not in Unicode order.

/// (JIS code, name, region)
pub const PREFECTURES: [(u8, &str, &str); 47] = [
    (1, "北海道", "北海道"),
    (2, "青森県", "東北"),
    (3, "岩手県", "東北"),
    (4, "宮城県", "東北"),
    (5, "秋田県", "東北"),
    (6, "山形県", "東北"),
    (7, "福島県", "東北"),
    (8, "茨城県", "関東"),
    (9, "栃木県", "関東"),
    (10, "群馬県", "関東"),
    (11, "埼玉県", "関東"),
    (12, "千葉県", "関東"),
    (13, "東京都", "関東"),
    (14, "神奈川県", "関東"),
    (15, "新潟県", "中部"),
    (16, "富山県", "中部"),
    (17, "石川県", "中部"),
    (18, "福井県", "中部"),
    (19, "山梨県", "中部"),
    (20, "長野県", "中部"),
    (21, "岐阜県", "中部"),
    (22, "静岡県", "中部"),
    (23, "愛知県", "中部"),
    (24, "三重県", "近畿"),
    (25, "滋賀県", "近畿"),
    (26, "京都府", "近畿"),
    (27, "大阪府", "近畿"),
    (28, "兵庫県", "近畿"),
    (29, "奈良県", "近畿"),
    (30, "和歌山県", "近畿"),
    (31, "鳥取県", "中国"),
    (32, "島根県", "中国"),
    (33, "岡山県", "中国"),
    (34, "広島県", "中国"),
    (35, "山口県", "中国"),
    (36, "徳島県", "四国"),
    (37, "香川県", "四国"),
    (38, "愛媛県", "四国"),
    (39, "高知県", "四国"),
    (40, "福岡県", "九州・沖縄"),
    (41, "佐賀県", "九州・沖縄"),
    (42, "長崎県", "九州・沖縄"),
    (43, "熊本県", "九州・沖縄"),
    (44, "大分県", "九州・沖縄"),
    (45, "宮崎県", "九州・沖縄"),
    (46, "鹿児島県", "九州・沖縄"),
    (47, "沖縄県", "九州・沖縄"),
];

/// JIS code of a prefecture name, if it is one of the 47 exactly.
pub fn code(name: &str) -> Option<u8> {
    PREFECTURES
        .iter()
        .find(|(_, n, _)| *n == name)
        .map(|(c, _, _)| *c)
}

pub fn names() -> impl Iterator<Item = &'static str> {
    PREFECTURES.iter().map(|(_, n, _)| *n)
}

/// A likely intended prefecture for a near miss: 福井 -> 福井県, 東京 -> 東京都.
pub fn suggest(name: &str) -> Option<&'static str> {
    let trimmed = name.trim();
    if trimmed.is_empty() {
        return None;
    }
    names()
        .find(|n| n.strip_suffix(['都', '道', '府', '県']) == Some(trimmed) || *n == trimmed)
        .or_else(|| crate::suggest::did_you_mean(trimmed, names()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn order_and_lookup() {
        assert_eq!(code("北海道"), Some(1));
        assert_eq!(code("沖縄県"), Some(47));
        assert_eq!(code("福井"), None);
        assert_eq!(suggest("福井"), Some("福井県"));
        assert_eq!(suggest("東京"), Some("東京都"));
        assert_eq!(suggest("大阪"), Some("大阪府"));
        assert_eq!(suggest("北海"), Some("北海道"));
    }
}
