//! The one engine, proved by random edits: `serve` applies a random sequence of the edits
//! editors make (add, edit any field, rename, move into a folder, delete, a link to another
//! case or its heading, template and static changes, draft toggles, a broken edit and its
//! fix), and after every step its output equals, byte for byte, a clean build of the same
//! sources. Fixed seed and bounded steps here; `YOKOTEN_ENGINE_SEED` and
//! `YOKOTEN_ENGINE_STEPS` run longer.

use std::collections::BTreeMap;
use std::time::Duration;

use crate::prelude::*;
use crate::site_test::live::{tree, Live, PATIENCE};

type Tree = BTreeMap<String, Vec<u8>>;

const TITLES: [&str; 5] = [
    "窓口の改善",
    "書かない窓口",
    "手上げ式の推進員",
    "AIの議事録",
    "LINEで申請",
];
const PLACES: [(&str, &str); 5] = [
    ("あわら市", "福井県"),
    ("北見市", "北海道"),
    ("都城市", "宮崎県"),
    ("府中市", "東京都"),
    ("府中市", "広島県"),
];
// Two of each: the cases share terms, so related lists are long and close, and a
// population band (their tie-breaker) reorders them.
const CATEGORIES: [&str; 2] = ["人材育成", "窓口DX"];
const TAGS: [&str; 3] = ["勉強会", "LINE", "AI"];
const DATES: [&str; 4] = ["2023-04-01", "2024-03-01", "2024-03-01", "2025-01-15"];
const POPULATIONS: [u64; 4] = [8_000, 27_000, 160_000, 900_000];

/// One case as the test keeps it: where its file is and what it holds.
#[derive(Clone)]
struct Case {
    /// `x.md`, or a folder `x` with `index.md`.
    in_folder: bool,
    fields: CaseBuilder,
}

impl Case {
    fn file(&self, name: &str) -> String {
        if self.in_folder {
            format!("content/cases/{name}/index.md")
        } else {
            format!("content/cases/{name}.md")
        }
    }
}

fn pick<T: Copy>(rng: &mut fastrand::Rng, items: &[T]) -> T {
    items[rng.usize(..items.len())]
}

/// The site's files but the search index's data, which `serve` writes in the background.
fn pages(t: &Tree) -> Tree {
    t.iter()
        .filter(|(k, _)| !k.starts_with("search/") || *k == "search/index.html")
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect()
}

fn differ(a: &Tree, b: &Tree) -> Vec<String> {
    a.keys()
        .chain(b.keys())
        .filter(|k| a.get(*k) != b.get(*k))
        .cloned()
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect()
}

/// A deck of `0..n` in random order, drawn from one card at a time and shuffled again when
/// empty: every kind of edit comes up as often as the others, whatever the seed.
struct Deck {
    n: usize,
    cards: Vec<usize>,
}

impl Deck {
    fn new(n: usize) -> Self {
        Deck {
            n,
            cards: Vec::new(),
        }
    }

    fn draw(&mut self, rng: &mut fastrand::Rng) -> usize {
        if self.cards.is_empty() {
            self.cards = (0..self.n).collect();
            rng.shuffle(&mut self.cards);
        }
        self.cards.pop().expect("refilled above")
    }
}

/// An edit of field number `which` of `c`'s front matter or body.
fn edit_field(
    rng: &mut fastrand::Rng,
    which: usize,
    c: &mut CaseBuilder,
    others: &[String],
    step: usize,
) {
    match which {
        0 => {
            c.title(pick(rng, &TITLES));
        }
        1 => {
            let (m, p) = pick(rng, &PLACES);
            c.municipality(m).prefecture(p);
        }
        2 => {
            c.draft(false);
        }
        3 => {
            c.published(pick(rng, &DATES));
        }
        4 => {
            c.updated("2025-06-01");
        }
        5 => {
            c.categories(&[pick(rng, &CATEGORIES)]);
        }
        6 => {
            c.tags(&[pick(rng, &TAGS), pick(rng, &TAGS)]);
        }
        7 => {
            c.summary(&format!("要約その{step}。"));
        }
        8 => {
            c.population(pick(rng, &POPULATIONS));
        }
        9 => {
            c.source(&format!("出典その{step}"), "https://example.jp/src");
        }
        10 if !others.is_empty() => {
            // A link to another case's page and to one of its headings, by its URL and by
            // its file (`others` are the files, `content/cases/...`): a later edit that
            // removes, renames, moves or drafts the other case breaks them.
            let other = &others[rng.usize(..others.len())];
            let name = other
                .trim_start_matches("content/cases/")
                .trim_end_matches("/index.md")
                .trim_end_matches(".md");
            let file = other.trim_start_matches("content/");
            c.body(&format!(
                "本文 {step}。\n\n[ほかの事例](../{name}/) と [その内容](@/{file}#取り組みの内容)。\n\n## 取り組みの内容\n\n文。\n"
            ));
        }
        _ => {
            c.body(&format!(
                "本文 {step}。\n\n## 取り組みの内容\n\n職員が勉強会を開きました。\n"
            ));
        }
    }
}

#[test]
fn random_edits_in_serve_equal_a_clean_build() {
    let steps: usize = std::env::var("YOKOTEN_ENGINE_STEPS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(60);
    // With seed 1, each of the three mistakes this test was written against is found: a
    // population change treated as moving nothing (step 7), the sources left out of a case
    // page's inputs (step 12), a draft toggle treated as moving nothing (step 34). (Another
    // seed missed the population one within 60 steps: such a change shows only where the
    // related lists tie.)
    let seed: u64 = std::env::var("YOKOTEN_ENGINE_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(1);
    let mut rng = fastrand::Rng::with_seed(seed);
    let mut site = SiteTest::new();
    let mut cases: BTreeMap<String, Case> = BTreeMap::new();
    for i in 0..14 {
        let mut c = CaseBuilder::default();
        let (m, p) = PLACES[i % PLACES.len()];
        c.title(TITLES[i % TITLES.len()])
            .municipality(m)
            .prefecture(p)
            .published(DATES[i % DATES.len()])
            .categories(&[CATEGORIES[i % 2]])
            .tags(&[TAGS[i % 3]])
            .population(POPULATIONS[i % POPULATIONS.len()]);
        let name = format!("c{i}");
        let case = Case {
            in_folder: i % 3 == 0,
            fields: c,
        };
        site.write(case.file(&name), case.fields.text());
        cases.insert(name, case);
    }
    let live: Live = site.serve();
    let out = live.out.clone();
    let clean = site.tmp().join("clean");
    let clean_s = clean.to_string_lossy().into_owned();
    let mut next = 14;
    // Half the steps edit a field (each field in turn), the other half are the other edits.
    let (mut kinds, mut fields) = (Deck::new(16), Deck::new(12));
    // Apply one change and wait for the rebuild it causes; `mark`: where serve's output for
    // the last rebuild starts.
    let mark = std::cell::Cell::new(0);
    let rebuild = |change: &mut dyn FnMut()| {
        mark.set(live.lines().len());
        live.after(Duration::from_millis(120), change)
    };
    let mut done = Vec::new();
    // The last clean build failed on a broken link.
    let mut broken = false;
    for step in 0..steps {
        let names: Vec<String> = cases.keys().cloned().collect();
        let name = names[rng.usize(..names.len())].clone();
        let others: Vec<String> = names
            .iter()
            .filter(|n| **n != name)
            .map(|n| cases[n].file(n))
            .collect();
        let kind = kinds.draw(&mut rng).saturating_sub(4);
        done.push(kind);
        match kind {
            0..=3 => {
                let case = cases.get_mut(&name).expect("listed");
                let which = fields.draw(&mut rng);
                edit_field(&mut rng, which, &mut case.fields, &others, step);
                let (file, text) = (case.file(&name), case.fields.text());
                rebuild(&mut || {
                    site.write(&file, &text);
                });
            }
            4 => {
                let new = format!("c{next}");
                next += 1;
                let mut c = CaseBuilder::default();
                c.title(pick(&mut rng, &TITLES))
                    .categories(&[pick(&mut rng, &CATEGORIES)]);
                let case = Case {
                    in_folder: false,
                    fields: c,
                };
                let (file, text) = (case.file(&new), case.fields.text());
                cases.insert(new, case);
                rebuild(&mut || {
                    site.write(&file, &text);
                });
            }
            5 if cases.len() > 3 => {
                let case = cases.remove(&name).expect("listed");
                let file = case.file(&name);
                rebuild(&mut || {
                    site.remove(if case.in_folder {
                        format!("content/cases/{name}")
                    } else {
                        file.clone()
                    });
                });
            }
            6 => {
                // Rename: a new file name is a new URL.
                let case = cases.remove(&name).expect("listed");
                let new = format!("c{next}");
                next += 1;
                let (old_file, new_file, text) =
                    (case.file(&name), case.file(&new), case.fields.text());
                let in_folder = case.in_folder;
                cases.insert(new.clone(), case);
                rebuild(&mut || {
                    if in_folder {
                        std::fs::rename(
                            site.root().join(format!("content/cases/{name}")),
                            site.root().join(format!("content/cases/{new}")),
                        )
                        .unwrap();
                    } else {
                        site.remove(&old_file);
                        site.write(&new_file, &text);
                    }
                });
            }
            7 => {
                // Into a folder of its own (or out of it): same URL, other file.
                let case = cases.get_mut(&name).expect("listed");
                let old_file = case.file(&name);
                let was_folder = case.in_folder;
                case.in_folder = !case.in_folder;
                let (new_file, text) = (case.file(&name), case.fields.text());
                rebuild(&mut || {
                    site.remove(if was_folder {
                        format!("content/cases/{name}")
                    } else {
                        old_file.clone()
                    });
                    site.write(&new_file, &text);
                });
            }
            8 => {
                let case = cases.get_mut(&name).expect("listed");
                case.fields.draft(rng.bool());
                let (file, text) = (case.file(&name), case.fields.text());
                rebuild(&mut || {
                    site.write(&file, &text);
                });
            }
            9 => {
                // A broken edit, then its fix.
                let case = &cases[&name];
                let mut broken = case.fields.clone();
                broken.prefecture("福井");
                let (file, bad, good) = (case.file(&name), broken.text(), case.fields.text());
                rebuild(&mut || {
                    site.write(&file, &bad);
                });
                rebuild(&mut || {
                    site.write(&file, &good);
                });
            }
            10 => {
                let marker = format!("<!-- 型 {step} -->");
                rebuild(&mut || {
                    site.write(
                        "templates/case.html",
                        format!(
                            "{{% extends \"base.html\" %}}{{% block content %}}<article class=\"case\"><h1>{{{{ case.title }}}}</h1>{{{{ case.content | safe }}}}{marker}</article>{{% endblock content %}}"
                        ),
                    );
                });
            }
            _ => {
                rebuild(&mut || {
                    site.write("static/note.txt", format!("step {step}"));
                });
            }
        }
        let clean_run = site.run(&[
            "build",
            "--base-url",
            &live_base(&live),
            "--output",
            &clean_s,
        ]);
        if clean_run.code != Some(0) {
            // A link broken by this step: serve reports the same errors at the same places
            // (and keeps its output; they are compared again once the links are fixed).
            clean_run.assert_code(1);
            let want = locations(&clean_run.stderr);
            let got = locations(&live.lines()[mark.get()..].join("\n"));
            assert!(!want.is_empty(), "{}", clean_run.stderr);
            assert_eq!(
                got,
                want,
                "step {step} (edit {kind}, steps so far {done:?}): serve reports other errors than a clean build\n{}",
                live.transcript()
            );
            broken = true;
            continue;
        }
        broken = false;
        let (got, want) = (pages(&tree(&out)), pages(&tree(&clean)));
        let d = differ(&got, &want);
        assert!(
            d.is_empty(),
            "step {step} (edit {kind}, steps so far {done:?}): serve's output differs from a clean build in {d:?}\n{}",
            live.transcript()
        );
    }
    if broken {
        // The last steps left a link broken: the links go, and the two must agree again.
        for (name, case) in cases.iter_mut() {
            case.fields.body("本文。\n\n## 取り組みの内容\n\n文。\n");
            let (file, text) = (case.file(name), case.fields.text());
            rebuild(&mut || {
                site.write(&file, &text);
            });
        }
        site.run(&[
            "build",
            "--base-url",
            &live_base(&live),
            "--output",
            &clean_s,
        ])
        .assert_success();
        let d = differ(&pages(&tree(&out)), &pages(&tree(&clean)));
        assert!(
            d.is_empty(),
            "after the links were fixed: {d:?}\n{}",
            live.transcript()
        );
    }
    // The search index too, once the background has written it.
    let start = std::time::Instant::now();
    loop {
        let d = differ(&tree(&out), &tree(&clean));
        if d.is_empty() {
            break;
        }
        assert!(
            start.elapsed() < PATIENCE,
            "the search index differs from a clean build: {d:?}\n{}",
            live.transcript()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// The places (`file:line:col`) of the problems in a report.
fn locations(report: &str) -> std::collections::BTreeSet<String> {
    report
        .lines()
        .filter_map(|l| l.split_once("┌─ ").map(|(_, at)| at.trim().to_string()))
        .collect()
}

/// The base URL `serve` builds with (the address it serves at).
fn live_base(live: &Live) -> String {
    format!("http://127.0.0.1:{}/", live.port.expect("serve has a port"))
}
