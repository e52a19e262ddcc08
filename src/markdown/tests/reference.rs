//! An independent reference for CJK-friendly emphasis, used only by tests: the amended
//! flanking definitions written out as the specification states them, and CommonMark's
//! "process emphasis" algorithm (spec appendix), for one line of text made of plain
//! characters and `*`/`_` runs. It shares no code with the pre-pass except the character
//! tables.

use std::collections::HashMap;

use crate::markdown::chars::{
    is_ambiguous_quote, is_cjk, is_general_vs, is_ivs, is_punctuation, is_whitespace,
};

enum Node {
    Text(String),
    Delim {
        ch: char,
        count: usize,
        open_tags: Vec<&'static str>,
        close_tags: Vec<&'static str>,
    },
}

struct Delim {
    node: usize,
    ch: char,
    count: usize,
    orig: usize,
    open: bool,
    close: bool,
    removed: bool,
}

fn ws(c: Option<char>) -> bool {
    c.is_none_or(is_whitespace)
}

/// `(can_open, can_close)` for the run `chars[s..e]`, straight from the amended definitions.
fn flanking(chars: &[char], s: usize, e: usize) -> (bool, bool) {
    let ch = chars[s];
    let prev = s.checked_sub(1).map(|i| chars[i]);
    let next = chars.get(e).copied();
    // The preceding "sequence": a character, or a character and a general-use variation
    // selector.
    let (base, vs) = match prev {
        Some(v) if is_general_vs(v) && s >= 2 => (Some(chars[s - 2]), Some(v)),
        p => (p, None),
    };
    let ambiguous = vs == Some('\u{FE01}') && base.is_some_and(is_ambiguous_quote);
    let base_punct = base.is_some_and(is_punctuation);
    let base_cjk = base.is_some_and(is_cjk);
    let prev_space = ws(prev);
    let prev_cjk_seq = base_cjk || ambiguous;
    let prev_non_cjk_punct_seq = base_punct && !base_cjk && !ambiguous;
    let prev_ivs = prev.is_some_and(is_ivs);
    let next_space = ws(next);
    let next_non_cjk_punct = next.is_some_and(|c| is_punctuation(c) && !is_cjk(c));
    let next_cjk = next.is_some_and(is_cjk);

    let left = !next_space
        && (!next_non_cjk_punct
            || prev_space
            || prev_non_cjk_punct_seq
            || prev_cjk_seq
            || prev_ivs);
    let right =
        !prev_space && (!prev_non_cjk_punct_seq || next_space || next_non_cjk_punct || next_cjk);
    if ch == '*' {
        (left, right)
    } else {
        let next_punct = next.is_some_and(is_punctuation);
        (
            left && (!right || base_punct),
            right && (!left || next_punct),
        )
    }
}

/// `<p>…</p>\n` for one line of text and emphasis delimiters.
pub(super) fn render_inline(line: &str) -> String {
    let chars: Vec<char> = line.chars().collect();
    let mut nodes = Vec::new();
    let mut delims = Vec::new();
    let mut text = String::new();
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        if c != '*' && c != '_' {
            text.push(c);
            i += 1;
            continue;
        }
        let mut e = i;
        while e < chars.len() && chars[e] == c {
            e += 1;
        }
        let (open, close) = flanking(&chars, i, e);
        if !text.is_empty() {
            nodes.push(Node::Text(std::mem::take(&mut text)));
        }
        let count = e - i;
        delims.push(Delim {
            node: nodes.len(),
            ch: c,
            count,
            orig: count,
            open,
            close,
            removed: false,
        });
        nodes.push(Node::Delim {
            ch: c,
            count,
            open_tags: Vec::new(),
            close_tags: Vec::new(),
        });
        i = e;
    }
    if !text.is_empty() {
        nodes.push(Node::Text(text));
    }
    process_emphasis(&mut delims, &mut nodes);

    let mut out = String::from("<p>");
    for node in &nodes {
        match node {
            Node::Text(t) => out.push_str(t),
            Node::Delim {
                ch,
                count,
                open_tags,
                close_tags,
            } => {
                for tag in close_tags {
                    out.push_str(&format!("</{tag}>"));
                }
                out.extend(std::iter::repeat_n(*ch, *count));
                for tag in open_tags.iter().rev() {
                    out.push_str(&format!("<{tag}>"));
                }
            }
        }
    }
    out.push_str("</p>\n");
    out
}

fn process_emphasis(delims: &mut [Delim], nodes: &mut [Node]) {
    let mut openers_bottom: HashMap<(char, bool, usize), isize> = HashMap::new();
    let mut closer = 0;
    while closer < delims.len() {
        let c = &delims[closer];
        if c.removed || !c.close || c.count == 0 {
            closer += 1;
            continue;
        }
        let key = (c.ch, c.open, c.orig % 3);
        let bottom = openers_bottom.get(&key).copied().unwrap_or(-1);
        let mut found = None;
        let mut j = closer as isize - 1;
        while j > bottom {
            let o = &delims[j as usize];
            if !o.removed && o.count > 0 && o.open && o.ch == c.ch {
                let both = o.close || c.open;
                let odd = both
                    && (o.orig + c.orig).is_multiple_of(3)
                    && !(o.orig.is_multiple_of(3) && c.orig.is_multiple_of(3));
                if !odd {
                    found = Some(j as usize);
                    break;
                }
            }
            j -= 1;
        }
        let Some(opener) = found else {
            openers_bottom.insert(key, closer as isize - 1);
            if !delims[closer].open {
                delims[closer].removed = true;
            }
            closer += 1;
            continue;
        };
        let used = if delims[opener].count >= 2 && delims[closer].count >= 2 {
            2
        } else {
            1
        };
        let tag = if used == 2 { "strong" } else { "em" };
        delims[opener].count -= used;
        delims[closer].count -= used;
        for (d, is_opener) in [(opener, true), (closer, false)] {
            if let Node::Delim {
                count,
                open_tags,
                close_tags,
                ..
            } = &mut nodes[delims[d].node]
            {
                *count = delims[d].count;
                if is_opener {
                    open_tags.push(tag);
                } else {
                    close_tags.push(tag);
                }
            }
        }
        for d in delims.iter_mut().take(closer).skip(opener + 1) {
            d.removed = true;
        }
        if delims[opener].count == 0 {
            delims[opener].removed = true;
        }
        if delims[closer].count == 0 {
            delims[closer].removed = true;
            closer += 1;
        }
    }
}

#[test]
fn reference_agrees_with_pulldown_on_latin_text() {
    // The reference must reproduce plain CommonMark (which pulldown-cmark implements) where
    // the amendments change nothing.
    let alphabet = [
        "a", "b", " ", "*", "*", "**", "_", "__", ".", "(", ")", "«", "é",
    ];
    let mut rng = fastrand::Rng::with_seed(42);
    for _ in 0..20000 {
        let len = 1 + rng.usize(..10);
        let body: String = (0..len)
            .map(|_| alphabet[rng.usize(..alphabet.len())])
            .collect();
        let md = format!("x{body}y");
        assert_eq!(render_inline(&md), super::vanilla_html(&md), "{md:?}");
    }
}
