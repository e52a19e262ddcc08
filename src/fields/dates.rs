//! Reading a date as editors write it, to say what is wrong with it and how to write it.
//!
//! The site wants `2024-03-01`. Editors write `2024/3/1`, `2024年3月1日`, `令和6年3月1日`,
//! `２０２４-０３-０１`, or a day that does not exist (`2024-02-30`). Each is read here so that
//! the hint can show the date written right, not a pattern to decode.

use unicode_normalization::UnicodeNormalization;

/// What a written date is.
#[derive(Debug, Clone, PartialEq)]
pub enum Date {
    /// `YYYY-MM-DD`, a real day.
    Valid,
    /// A real day written another way (`2024/3/1`, `2024年3月1日`): `fixed` is `2024-03-01`.
    Shape { fixed: String },
    /// The same in full-width digits or dashes.
    Digits { fixed: String },
    /// A date of the Japanese calendar (令和, 平成, 昭和).
    Wareki { fixed: String },
    /// A year, month and day, but no such day (2024-02-30): the month has `last` days.
    NoSuchDay { y: u32, m: u32, d: u32, last: u32 },
    /// No such month (2024-13-01).
    NoSuchMonth { y: u32, m: u32 },
    /// A year that cannot be meant (0999, 24).
    Year { y: u32 },
    /// Not a date at all.
    Unreadable,
}

/// Days in month `m` of year `y`, or `None` for no such month.
fn days_in(y: u32, m: u32) -> Option<u32> {
    let leap = (y.is_multiple_of(4) && !y.is_multiple_of(100)) || y.is_multiple_of(400);
    Some(match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if leap => 29,
        2 => 28,
        _ => return None,
    })
}

/// The first year of each era this site's cases can be from (元年 is year 1).
const ERAS: [(&str, u32); 3] = [("令和", 2019), ("平成", 1989), ("昭和", 1926)];

/// Read `written` as a date.
pub fn read(written: &str) -> Date {
    let exact = written.trim();
    let text: String = exact.nfkc().collect();
    let text = text.trim();
    let wide = text != exact;
    let (era, rest) = match ERAS.iter().find(|(name, _)| text.starts_with(name)) {
        Some((name, first)) => (Some(*first), &text[name.len()..]),
        None => (None, text),
    };
    // 元年: the era's first year.
    let rest = rest.replacen("元年", "1年", 1);
    let Some((y, m, d, plain)) = numbers(&rest) else {
        return Date::Unreadable;
    };
    let y = match era {
        Some(first) if (1..=99).contains(&y) => first + y - 1,
        Some(_) => return Date::Unreadable,
        None => y,
    };
    if !(1900..=2999).contains(&y) {
        return Date::Year { y };
    }
    let Some(last) = days_in(y, m) else {
        return Date::NoSuchMonth { y, m };
    };
    if d == 0 || d > last {
        return Date::NoSuchDay { y, m, d, last };
    }
    let fixed = format!("{y:04}-{m:02}-{d:02}");
    if era.is_some() {
        Date::Wareki { fixed }
    } else if wide && plain && text == fixed {
        Date::Digits { fixed }
    } else if plain && text == fixed {
        Date::Valid
    } else {
        Date::Shape { fixed }
    }
}

/// Year, month, day of `2024-03-01`, `2024/3/1`, `2024.3.1`, `2024年3月1日`; `plain` when
/// written with `-`.
fn numbers(s: &str) -> Option<(u32, u32, u32, bool)> {
    let plain = !s.contains(['/', '.', '年', '月', '日']);
    let parts: Vec<&str> = s
        .split(['-', '/', '.', '年', '月', '日', '−', '‐'])
        .map(str::trim)
        .filter(|p| !p.is_empty())
        .collect();
    if parts.len() != 3 || !parts.iter().all(|p| p.chars().all(|c| c.is_ascii_digit())) {
        return None;
    }
    let n = |p: &str| p.parse::<u32>().ok().filter(|_| p.len() <= 4);
    Some((n(parts[0])?, n(parts[1])?, n(parts[2])?, plain))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_as_written() {
        assert_eq!(read("2024-03-01"), Date::Valid);
        assert_eq!(read("2024-02-29"), Date::Valid);
        assert_eq!(
            read("2024-02-30"),
            Date::NoSuchDay {
                y: 2024,
                m: 2,
                d: 30,
                last: 29
            }
        );
        assert_eq!(
            read("2023-02-29"),
            Date::NoSuchDay {
                y: 2023,
                m: 2,
                d: 29,
                last: 28
            }
        );
        assert_eq!(read("2024-13-01"), Date::NoSuchMonth { y: 2024, m: 13 });
        assert_eq!(read("0999-03-01"), Date::Year { y: 999 });
        let fixed = || "2024-03-01".to_string();
        assert_eq!(read("令和6年3月1日"), Date::Wareki { fixed: fixed() });
        assert_eq!(
            read("令和元年5月1日"),
            Date::Wareki {
                fixed: "2019-05-01".into()
            }
        );
        assert_eq!(
            read("平成31年4月30日"),
            Date::Wareki {
                fixed: "2019-04-30".into()
            }
        );
        assert_eq!(read("２０２４-０３-０１"), Date::Digits { fixed: fixed() });
        assert_eq!(read("2024/3/1"), Date::Shape { fixed: fixed() });
        assert_eq!(read("2024年3月1日"), Date::Shape { fixed: fixed() });
        assert_eq!(read("2024-3-1"), Date::Shape { fixed: fixed() });
        assert_eq!(read("きのう"), Date::Unreadable);
        assert_eq!(read("+024-03-01"), Date::Unreadable);
    }
}
