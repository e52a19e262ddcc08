//! Issue #18, point 3: hints that are right. A value written the way editors write it
//! (全角 letters, 和暦, `8万人`, `はい`) gets a hint with the value written right; a day that
//! does not exist is named as such; a word editors use for a field gets that field, not
//! the nearest spelling; a missing field points at the front matter's first line; a UTF-16
//! file is named UTF-16.

use crate::yaml_mistakes::{col_of, edited, plain, Broken, FILE};

#[test]
fn a_full_width_category_suggests_the_half_width_one() {
    let text = edited("[人材育成]", "[窓口ＤＸ]");
    let b = Broken::build(&text);
    b.at(
        b.line("categories:"),
        col_of(&text, "categories:", "窓口"),
        &[
            "「窓口ＤＸ」はこのサイトの分野にありません",
            "「窓口DX」のことですか？ `categories: [窓口DX]` と書いてください",
        ],
    );
}

#[test]
fn a_day_that_does_not_exist_is_named() {
    for (date, said) in [
        (
            "2024-02-30",
            "2024年2月30日はありません（2024年の2月は29日までです）",
        ),
        (
            "2023-02-29",
            "2023年2月29日はありません（2023年の2月は28日までです）",
        ),
        (
            "2024-04-31",
            "2024年4月31日はありません（2024年の4月は30日までです）",
        ),
    ] {
        let text = edited("2024-03-01", date);
        let b = Broken::build(&text);
        b.at(
            b.line("published:"),
            col_of(&text, "published:", date),
            &[said, "日付を確かめてください"],
        );
        b.run.stderr_lacks("YYYY-MM-DD");
    }
}

#[test]
fn a_japanese_era_date_is_converted_in_the_hint() {
    for (written, western) in [
        ("令和6年3月1日", "2024-03-01"),
        ("令和元年5月1日", "2019-05-01"),
        ("平成31年4月30日", "2019-04-30"),
    ] {
        let text = edited("2024-03-01", written);
        let b = Broken::build(&text);
        b.at(
            b.line("published:"),
            col_of(&text, "published:", written),
            &[
                &format!("`published` の日付「{written}」は、2024-03-01 の形"),
                &format!("和暦は西暦に直して `published: {western}` と書いてください"),
            ],
        );
    }
}

#[test]
fn full_width_digits_in_a_date_are_named() {
    let text = edited("2024-03-01", "２０２４-０３-０１");
    let b = Broken::build(&text);
    b.at(
        b.line("published:"),
        col_of(&text, "published:", "２"),
        &["数字と「-」を半角にして `published: 2024-03-01` と書いてください"],
    );
}

#[test]
fn a_date_in_another_shape_is_shown_written_right() {
    for written in ["2024/3/1", "2024年3月1日", "2024-3-1"] {
        let text = edited("2024-03-01", written);
        let b = Broken::build(&text);
        b.at(
            b.line("published:"),
            col_of(&text, "published:", written),
            &["`published: 2024-03-01` と書いてください"],
        );
    }
}

/// `date:` is `published` (what editors mean), not `updated` (the nearest spelling).
#[test]
fn words_editors_use_for_a_field_suggest_that_field() {
    for word in ["date", "日付", "公開日"] {
        let text = edited("published:", &format!("{word}:"));
        let b = Broken::build(&text);
        b.at(
            b.line(&format!("{word}:")),
            1,
            &[
                &format!("`{word}` という項目はありません"),
                "`published` のことですか？ `published: 2024-03-01` と書いてください",
            ],
        );
        b.run.stderr_lacks("`updated` のことですか");
        // One mistake, one error: `published` is not reported missing too.
        b.run.stderr_lacks("必ず書く項目 `published` がありません");
    }
    let text = edited("categories:", "category:");
    let b = Broken::build(&text);
    b.at(
        b.line("category:"),
        1,
        &["`categories` のことですか？ `categories: [人材育成]` と書いてください"],
    );
    b.run.stderr_lacks("必ず書く項目 `categories` がありません");
}

#[test]
fn a_population_with_units_or_commas_is_shown_as_digits() {
    for written in ["8万人", "80,000人", "約8万", "約8万人", "８００００"] {
        let mut c = plain();
        c.raw("population", written);
        let text = c.text();
        let b = Broken::build(&text);
        b.at(
            b.line("population:"),
            col_of(&text, "population:", written),
            &[
                &format!(
                    "`population` は半角数字だけで書きます（「{written}」は数として読めません）"
                ),
                "`population: 80000` のように",
            ],
        );
        b.run.stderr_lacks("`population: 8` ");
    }
}

#[test]
fn yes_and_no_in_japanese_are_shown_as_true_and_false() {
    for (written, right) in [("はい", "true"), ("いいえ", "false")] {
        let mut c = plain();
        c.raw("draft", written);
        let text = c.text();
        let b = Broken::build(&text);
        b.at(
            b.line("draft:"),
            col_of(&text, "draft:", written),
            &[
                &format!("`draft` は true か false で書きます（「{written}」は使えません）"),
                &format!("`draft: {right}` と書いてください"),
            ],
        );
    }
}

/// A missing field is named at the opening `---`, not at the first field line (which may
/// be a comment about something else).
#[test]
fn a_missing_required_field_points_at_the_opening_fence() {
    for field in ["title", "summary", "published", "categories"] {
        let mut c = plain();
        c.without(field);
        let text = c
            .text()
            .replacen("---\n", "---\n# 事例のメモ: 公開前に見直す\n", 1);
        let b = Broken::build(&text);
        b.at(
            1,
            1,
            &[
                &format!("必ず書く項目 `{field}` がありません"),
                &format!("`{field}: "),
            ],
        );
        b.run.stderr_lacks(&format!("{FILE}:2:"));
    }
}

/// An empty field is named at its own line.
#[test]
fn an_empty_required_field_points_at_its_line() {
    let mut c = plain();
    c.raw("title", "");
    let text = c.text().replace("title: \n", "title:\n");
    let b = Broken::build(&text);
    b.at(
        b.line("title:"),
        1,
        &[
            "`title` の値が空です",
            "`title:` のあとに半角スペースを空けて、値を書いてください",
        ],
    );
}

fn utf16(text: &str, big_endian: bool, bom: bool) -> Vec<u8> {
    let mut out = Vec::new();
    if bom {
        out.extend_from_slice(if big_endian { b"\xFE\xFF" } else { b"\xFF\xFE" });
    }
    for u in text.encode_utf16() {
        out.extend_from_slice(&if big_endian {
            u.to_be_bytes()
        } else {
            u.to_le_bytes()
        });
    }
    out
}

#[test]
fn a_utf16_file_is_named_utf16() {
    let text = plain().text();
    for (big_endian, bom) in [(false, true), (true, true), (false, false)] {
        let b = Broken::build_bytes(&utf16(&text, big_endian, bom), &[]);
        b.run
            .assert_error_in(
                FILE,
                &[
                    "このファイルは UTF-16 で保存されています",
                    "文字コードを「UTF-8」にして保存し直してください",
                ],
            )
            .stderr_lacks("Shift_JIS");
    }
}

#[test]
fn a_shift_jis_file_is_still_named_shift_jis() {
    // 「あわら市」in Shift_JIS.
    let mut bytes = b"---\ntitle: ".to_vec();
    bytes.extend_from_slice(b"\x82\xa0\x82\xed\x82\xe7\x8e\x73");
    bytes.extend_from_slice(b"\n---\n");
    let b = Broken::build_bytes(&bytes, &[]);
    b.at(2, 8, &["Shift_JIS で保存されているようです（2 行目"]);
    b.run.stderr_lacks("UTF-16");
}
