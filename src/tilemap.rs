//! The home page's tile map of Japan: one square per prefecture, coloured by its number of
//! cases, each a link to the prefecture's page. Inline SVG made at build time, so it needs
//! no script and no map service.

use crate::escape::xml as escape_xml;

/// (prefecture, column, row) on a 14 x 10 grid: a stylised Japan, north-east at the top right.
const TILES: [(&str, u8, u8); 47] = [
    ("北海道", 13, 0),
    ("青森県", 13, 1),
    ("秋田県", 12, 2),
    ("岩手県", 13, 2),
    ("石川県", 9, 3),
    ("富山県", 10, 3),
    ("新潟県", 11, 3),
    ("山形県", 12, 3),
    ("宮城県", 13, 3),
    ("島根県", 5, 4),
    ("鳥取県", 6, 4),
    ("兵庫県", 7, 4),
    ("京都府", 8, 4),
    ("福井県", 9, 4),
    ("岐阜県", 10, 4),
    ("長野県", 11, 4),
    ("群馬県", 12, 4),
    ("福島県", 13, 4),
    ("山口県", 4, 5),
    ("広島県", 5, 5),
    ("岡山県", 6, 5),
    ("大阪府", 7, 5),
    ("滋賀県", 8, 5),
    ("三重県", 9, 5),
    ("愛知県", 10, 5),
    ("山梨県", 11, 5),
    ("埼玉県", 12, 5),
    ("栃木県", 13, 5),
    ("佐賀県", 1, 6),
    ("福岡県", 2, 6),
    ("大分県", 3, 6),
    ("愛媛県", 5, 6),
    ("香川県", 6, 6),
    ("和歌山県", 7, 6),
    ("奈良県", 8, 6),
    ("静岡県", 10, 6),
    ("神奈川県", 11, 6),
    ("東京都", 12, 6),
    ("茨城県", 13, 6),
    ("長崎県", 1, 7),
    ("熊本県", 2, 7),
    ("宮崎県", 3, 7),
    ("高知県", 5, 7),
    ("徳島県", 6, 7),
    ("千葉県", 13, 7),
    ("鹿児島県", 2, 8),
    ("沖縄県", 0, 9),
];

const CELL: u32 = 44;
const GAP: u32 = 4;

/// Fill and text colours for a count, darker for more cases; every pair has at least
/// 4.5:1 contrast. A tile with no cases is pale grey.
fn colours(count: usize, max: usize) -> (&'static str, &'static str) {
    if count == 0 {
        return ("#f1f1f4", "#595959");
    }
    let share = count as f64 / max.max(1) as f64;
    match share {
        s if s > 0.66 => ("#00118f", "#ffffff"),
        s if s > 0.33 => ("#0031d8", "#ffffff"),
        s if s > 0.1 => ("#7096f8", "#000000"),
        _ => ("#c5d7fb", "#000000"),
    }
}

/// Short label: 福井県 -> 福井, 北海道 stays.
fn short(name: &str) -> &str {
    if name == "北海道" {
        return name;
    }
    name.strip_suffix(['県', '府', '都']).unwrap_or(name)
}

/// The SVG for `counts` (prefecture name -> cases); `url` gives a prefecture's page.
pub fn svg(counts: &dyn Fn(&str) -> usize, url: &dyn Fn(&str) -> String) -> String {
    let max = TILES.iter().map(|(n, _, _)| counts(n)).max().unwrap_or(0);
    let total: usize = TILES.iter().map(|(n, _, _)| counts(n)).sum();
    let with_cases = TILES.iter().filter(|(n, _, _)| counts(n) > 0).count();
    let (w, h) = (14 * (CELL + GAP), 10 * (CELL + GAP));
    let mut s = format!(
        "<svg class=\"tile-map\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {w} {h}\" \
         role=\"group\" aria-labelledby=\"tile-map-title\" font-family=\"inherit\">\
         <title id=\"tile-map-title\">都道府県別の事例数の地図({with_cases}都道府県・{total}件)</title>"
    );
    for (name, col, row) in TILES {
        let n = counts(name);
        let (fill, text) = colours(n, max);
        let x = u32::from(col) * (CELL + GAP);
        let y = u32::from(row) * (CELL + GAP);
        // The accessible name starts with the visible text ("山形 1"), as WCAG 2.5.3 asks.
        let label = format!("{} {n}件({name})", short(name));
        let tile = format!(
            "<rect x=\"{x}\" y=\"{y}\" width=\"{CELL}\" height=\"{CELL}\" rx=\"4\" fill=\"{fill}\"/>\
             <text x=\"{tx}\" y=\"{ty1}\" text-anchor=\"middle\" font-size=\"11\" fill=\"{text}\">{short}</text> \
             <text x=\"{tx}\" y=\"{ty2}\" text-anchor=\"middle\" font-size=\"12\" font-weight=\"700\" fill=\"{text}\">{n}</text>",
            tx = x + CELL / 2,
            ty1 = y + 18,
            ty2 = y + 34,
            short = escape_xml(short(name)),
        );
        if n > 0 {
            s.push_str(&format!(
                "<a href=\"{}\" aria-label=\"{}\" class=\"tile\"><title>{}</title>{tile}</a>",
                escape_xml(&url(name)),
                escape_xml(&label),
                escape_xml(&label)
            ));
        } else {
            s.push_str(&format!("<g class=\"tile is-empty\" aria-label=\"{0}\" role=\"img\"><title>{0}</title>{tile}</g>", escape_xml(&label)));
        }
    }
    s.push_str("</svg>");
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_prefecture_once_on_its_own_tile() {
        let names: std::collections::HashSet<&str> = TILES.iter().map(|t| t.0).collect();
        assert_eq!(names.len(), 47);
        for n in crate::prefectures::names() {
            assert!(names.contains(n), "{n} has no tile");
        }
        let cells: std::collections::HashSet<(u8, u8)> = TILES.iter().map(|t| (t.1, t.2)).collect();
        assert_eq!(cells.len(), 47, "two prefectures share a tile");
    }

    #[test]
    fn links_only_where_there_are_cases() {
        let svg = svg(&|n| usize::from(n == "福井県") * 3, &|n| {
            format!("/prefectures/{n}/")
        });
        assert_eq!(svg.matches("<a href").count(), 1);
        assert!(svg.contains("aria-label=\"福井 3件(福井県)\""));
        assert!(svg.contains("沖縄 0件(沖縄県)"));
    }
}
