//! Generates a synthetic but realistic yokoten site of N cases, for benchmarks:
//! `cargo run --release --example gen_corpus -- N OUT_DIR [--hugo HUGO_DIR]`
//!
//! Same seed, same site: cases spread over all 47 prefectures and a few hundred
//! municipalities, Zipf-distributed tags, every category, Japanese bodies of 2–6 KB with
//! sections, lists and tables. With `--hugo`, the same cases are also written as a Hugo site
//! with the same set of pages (case pages, category/tag/prefecture/municipality terms, the
//! same pagination), so both tools build the same thing.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};

const CATEGORIES: [&str; 13] = [
    "人材育成",
    "推進体制",
    "窓口DX",
    "オンライン申請",
    "データ利活用",
    "防災",
    "子育て",
    "高齢者",
    "観光",
    "農業",
    "教育",
    "広報",
    "業務効率化",
];
const NAME_HEAD: [&str; 24] = [
    "山", "川", "北", "南", "東", "西", "大", "小", "高", "中", "新", "本", "松", "桜", "浜", "岩",
    "石", "田", "森", "野", "宮", "白", "青", "若",
];
const NAME_TAIL: [&str; 16] = [
    "田", "川", "野", "原", "沢", "島", "崎", "浦", "井", "尾", "津", "瀬", "坂", "谷", "岡", "里",
];
const MUNI_KIND: [&str; 4] = ["市", "町", "村", "市"];
const TAGS: [&str; 60] = [
    "マイナンバーカード",
    "書かない窓口",
    "LINE",
    "RPA",
    "AI",
    "ノーコード",
    "DX推進員",
    "CDO",
    "オープンデータ",
    "GIS",
    "IoT",
    "ドローン",
    "キャッシュレス",
    "電子申請",
    "テレワーク",
    "クラウド",
    "BPR",
    "職員研修",
    "デジタル田園都市",
    "Digi田甲子園",
    "日本DX大賞",
    "伴走支援",
    "地域活性化起業人",
    "スマートシティ",
    "見守り",
    "防災アプリ",
    "避難所",
    "母子手帳アプリ",
    "GIGAスクール",
    "遠隔授業",
    "スマート農業",
    "観光DX",
    "データ連携基盤",
    "EBPM",
    "チャットボット",
    "コンビニ交付",
    "ふるさと納税",
    "電子契約",
    "ペーパーレス",
    "庁内DX",
    "デジタル人材",
    "外部人材",
    "公民連携",
    "住民参加",
    "Decidim",
    "シビックテック",
    "5G",
    "ローカル5G",
    "BLE",
    "センサー",
    "AI-OCR",
    "議事録作成",
    "音声認識",
    "GovTech",
    "Slack",
    "ビジネスチャット",
    "ガバメントクラウド",
    "標準化",
    "自治体DX推進計画",
    "情報セキュリティ",
];
const SUBJECTS: [&str; 16] = [
    "窓口での手続き",
    "職員の研修",
    "庁内の会議",
    "子育て世帯への支援",
    "高齢者の見守り",
    "避難所の運営",
    "農地の管理",
    "観光客の案内",
    "学校の授業",
    "広報紙の配布",
    "税の申告",
    "ごみの収集",
    "道路の点検",
    "水道の漏水調査",
    "公共施設の予約",
    "議会の記録",
];
const TOOLS: [&str; 12] = [
    "マイナンバーカード",
    "LINE公式アカウント",
    "ノーコードツール",
    "RPA",
    "AI-OCR",
    "タブレット端末",
    "クラウドサービス",
    "電子申請システム",
    "GIS",
    "IoTセンサー",
    "ドローン",
    "チャットボット",
];
const EFFECTS: [&str; 10] = [
    "待ち時間が大きく短くなりました",
    "職員の作業時間が半分ほどに減りました",
    "紙の書類がほとんどなくなりました",
    "住民からの問い合わせが減りました",
    "夜間や休日にも手続きができるようになりました",
    "現場の情報がすぐに本部へ届くようになりました",
    "若手職員が自分から改善を提案するようになりました",
    "ほかの自治体からの視察が増えました",
    "費用を抑えたまま導入できました",
    "データに基づいて判断できるようになりました",
];
const CONNECTIVES: [&str; 8] = [
    "そこで",
    "その結果",
    "また",
    "さらに",
    "一方で",
    "このため",
    "具体的には",
    "当初は",
];

/// xorshift64*: small, fast and the same on every machine.
struct Rng(u64);
impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    /// Zipf-like: index i with weight 1/(i+1).
    fn zipf(&mut self, n: usize) -> usize {
        let h: f64 = (1..=n).map(|i| 1.0 / i as f64).sum();
        let mut x = (self.next() % 1_000_000) as f64 / 1_000_000.0 * h;
        for i in 0..n {
            x -= 1.0 / (i + 1) as f64;
            if x <= 0.0 {
                return i;
            }
        }
        n - 1
    }
}

struct Muni {
    name: String,
    prefecture: &'static str,
    population: u64,
}

fn municipalities(rng: &mut Rng, count: usize) -> Vec<Muni> {
    let mut out: Vec<Muni> = Vec::new();
    let mut seen = std::collections::HashSet::new();
    while out.len() < count {
        let name = format!(
            "{}{}{}",
            rng.pick(&NAME_HEAD),
            rng.pick(&NAME_TAIL),
            rng.pick(&MUNI_KIND)
        );
        let prefecture = yokoten::prefectures::PREFECTURES[out.len() % 47].1;
        if seen.insert((name.clone(), prefecture)) {
            let population = match rng.below(4) {
                0 => 2_000 + rng.below(8_000) as u64,
                1 => 10_000 + rng.below(40_000) as u64,
                2 => 50_000 + rng.below(150_000) as u64,
                _ => 200_000 + rng.below(1_500_000) as u64,
            };
            out.push(Muni {
                name,
                prefecture,
                population,
            });
        }
    }
    out
}

fn sentence(rng: &mut Rng, muni: &str) -> String {
    match rng.below(5) {
        0 => format!(
            "{}{}では、{}に{}を使う取り組みを始めました。",
            rng.pick(&CONNECTIVES),
            muni,
            rng.pick(&SUBJECTS),
            rng.pick(&TOOLS)
        ),
        1 => format!("{}、{}。", rng.pick(&CONNECTIVES), rng.pick(&EFFECTS)),
        2 => format!(
            "担当課は{}の見直しから手を付け、職員{}人で試行を重ねました。",
            rng.pick(&SUBJECTS),
            3 + rng.below(30)
        ),
        3 => format!(
            "{}の導入にあたっては、住民への説明会を{}回開きました。",
            rng.pick(&TOOLS),
            2 + rng.below(20)
        ),
        _ => format!(
            "{}年度には対象を広げ、{}件の手続きを見直しています。",
            2019 + rng.below(7),
            10 + rng.below(200)
        ),
    }
}

fn paragraph(rng: &mut Rng, muni: &str) -> String {
    let n = 3 + rng.below(4);
    (0..n).map(|_| sentence(rng, muni)).collect()
}

fn body(rng: &mut Rng, muni: &str, target: usize) -> String {
    let mut b = String::new();
    let sections = [
        "背景と課題",
        "取り組みの内容",
        "体制と進め方",
        "成果",
        "横展開のポイント",
    ];
    let _ = writeln!(b, "{}\n", paragraph(rng, muni));
    for (i, s) in sections.iter().enumerate() {
        let _ = writeln!(b, "## {s}\n");
        let _ = writeln!(b, "{}\n", paragraph(rng, muni));
        if i == 1 {
            for _ in 0..3 + rng.below(3) {
                let _ = writeln!(
                    b,
                    "- **{}**の見直し: {}",
                    rng.pick(&SUBJECTS),
                    rng.pick(&EFFECTS)
                );
            }
            b.push('\n');
        }
        if i == 3 {
            let _ = writeln!(b, "| 指標 | 導入前 | 導入後 |\n| --- | --- | --- |");
            for _ in 0..3 {
                let before = 10 + rng.below(90);
                let _ = writeln!(
                    b,
                    "| {}の所要時間(分) | {} | {} |",
                    rng.pick(&SUBJECTS),
                    before,
                    before / 2
                );
            }
            b.push('\n');
        }
        while b.len() < target * (i + 1) / sections.len() {
            let _ = writeln!(b, "{}\n", paragraph(rng, muni));
        }
    }
    b
}

struct Case {
    slug: String,
    title: String,
    muni: usize,
    published: String,
    categories: Vec<&'static str>,
    tags: Vec<&'static str>,
    summary: String,
    body: String,
}

fn cases(n: usize, munis: &[Muni], rng: &mut Rng) -> Vec<Case> {
    (0..n)
        .map(|i| {
            let muni = rng.zipf(munis.len()).min(munis.len() - 1);
            let m = &munis[muni];
            let mut categories = vec![CATEGORIES[i % CATEGORIES.len()]];
            if rng.below(2) == 0 {
                let c = rng.pick(&CATEGORIES);
                if !categories.contains(&c) {
                    categories.push(c);
                }
            }
            let mut tags = Vec::new();
            for _ in 0..2 + rng.below(4) {
                let t = TAGS[rng.zipf(TAGS.len())];
                if !tags.contains(&t) {
                    tags.push(t);
                }
            }
            let subject = rng.pick(&SUBJECTS);
            let tool = rng.pick(&TOOLS);
            let target = 2_000 + rng.below(4_000);
            Case {
                slug: format!("case-{i:06}"),
                title: format!(
                    "{}で{}を変える:{}の挑戦 その{}",
                    tool,
                    subject,
                    m.name,
                    i + 1
                ),
                muni,
                published: format!(
                    "{}-{:02}-{:02}",
                    2018 + rng.below(8),
                    1 + rng.below(12),
                    1 + rng.below(28)
                ),
                categories,
                tags,
                summary: format!(
                    "{}は{}に{}を取り入れ、{}",
                    m.name,
                    subject,
                    tool,
                    rng.pick(&EFFECTS)
                ),
                body: body(rng, &m.name, target),
            }
        })
        .collect()
}

fn write(path: &Path, text: &str) {
    if let Some(p) = path.parent() {
        std::fs::create_dir_all(p).expect("create folder");
    }
    std::fs::write(path, text).expect("write file");
}

fn list(items: &[&str]) -> String {
    format!(
        "[{}]",
        items
            .iter()
            .map(|s| format!("\"{s}\""))
            .collect::<Vec<_>>()
            .join(", ")
    )
}

fn write_yokoten(dir: &Path, cases: &[Case], munis: &[Muni], theme_src: &Path) {
    let mut site = String::from("title: ベンチマーク用 自治体DX事例集\nbase_url: https://example.jp/dx/\nlanguage: ja\ntheme: default\npaginate: 20\ncategories:\n");
    for c in CATEGORIES {
        let _ = writeln!(site, "  - {c}");
    }
    write(&dir.join("site.yaml"), &site);
    for c in cases {
        let m = &munis[c.muni];
        let text = format!(
            "---\ntitle: \"{}\"\nmunicipality: {}\nprefecture: {}\npublished: {}\ncategories: {}\ntags: {}\nsummary: \"{}\"\npopulation: {}\nsource:\n  title: 出典(架空)\n  url: https://example.jp/source/{}\n---\n{}",
            c.title, m.name, m.prefecture, c.published, list(&c.categories), list(&c.tags), c.summary, m.population, c.slug, c.body
        );
        write(
            &dir.join("content/cases").join(format!("{}.md", c.slug)),
            &text,
        );
    }
    copy_dir(theme_src, &dir.join("themes/default"));
}

/// The municipality term of each case as yokoten names it: the name alone, or prefixed with
/// the prefecture when cases use the same name in more than one prefecture.
fn municipality_keys(cases: &[Case], munis: &[Muni]) -> Vec<String> {
    let mut prefs_of: std::collections::HashMap<&str, Vec<&str>> = Default::default();
    for c in cases {
        let m = &munis[c.muni];
        let v = prefs_of.entry(m.name.as_str()).or_default();
        if !v.contains(&m.prefecture) {
            v.push(m.prefecture);
        }
    }
    cases
        .iter()
        .map(|c| {
            let m = &munis[c.muni];
            if prefs_of[m.name.as_str()].len() > 1 {
                format!("{}{}", m.prefecture, m.name)
            } else {
                m.name.clone()
            }
        })
        .collect()
}

fn write_hugo(dir: &Path, cases: &[Case], munis: &[Muni]) {
    let mut cfg = String::from(
        "baseURL = \"https://example.jp/dx/\"\nlanguageCode = \"ja\"\ntitle = \"ベンチマーク用 自治体DX事例集\"\nhasCJKLanguage = true\n\
         disableKinds = [\"RSS\", \"robotsTXT\", \"404\"]\n\
         # Hugo before 0.128 (Debian's 0.111) reads `paginate`; later ones [pagination].\n\
         paginate = 20\n[pagination]\n  pagerSize = 20\n[taxonomies]\n  category = \"categories\"\n  tag = \"tags\"\n  prefecture = \"prefectures\"\n  municipality = \"municipalities\"\n",
    );
    cfg.push_str("[markup.goldmark.renderer]\n  unsafe = false\n");
    write(&dir.join("hugo.toml"), &cfg);
    let keys = municipality_keys(cases, munis);
    for (c, key) in cases.iter().zip(&keys) {
        let m = &munis[c.muni];
        let text = format!(
            "---\ntitle: \"{}\"\ndate: {}\ncategories: {}\ntags: {}\nprefectures: [\"{}\"]\nmunicipalities: [\"{}\"]\nsummary: \"{}\"\npopulation: {}\n---\n{}",
            c.title, c.published, list(&c.categories), list(&c.tags), m.prefecture, key, c.summary, m.population, c.body
        );
        write(
            &dir.join("content/cases").join(format!("{}.md", c.slug)),
            &text,
        );
    }
    // Minimal but comparable layouts: a page per case with its metadata and body, list
    // pages with the same cards and pagination.
    let baseof = "<!doctype html><html lang=\"ja\"><head><meta charset=\"utf-8\"><title>{{ .Title }} | {{ site.Title }}</title><link rel=\"stylesheet\" href=\"{{ \"style.css\" | relURL }}\"></head><body><header><a href=\"{{ \"/\" | relURL }}\">{{ site.Title }}</a><form action=\"{{ \"search/\" | relURL }}\"><input type=\"search\" name=\"q\"></form></header><main>{{ block \"main\" . }}{{ end }}</main></body></html>\n";
    let card = "<li><a href=\"{{ .RelPermalink }}\">{{ .Title }}</a> {{ range .Params.municipalities }}{{ . }}{{ end }} <time>{{ .Date.Format \"2006-01-02\" }}</time><p>{{ .Summary }}</p></li>";
    let single = "{{ define \"main\" }}<article class=\"case\"><h1>{{ .Title }}</h1><dl><dt>市町村</dt><dd>{{ range .GetTerms \"municipalities\" }}<a href=\"{{ .RelPermalink }}\">{{ .LinkTitle }}</a>{{ end }}</dd><dt>都道府県</dt><dd>{{ range .GetTerms \"prefectures\" }}<a href=\"{{ .RelPermalink }}\">{{ .LinkTitle }}</a>{{ end }}</dd><dt>分野</dt><dd>{{ range .GetTerms \"categories\" }}<a href=\"{{ .RelPermalink }}\">{{ .LinkTitle }}</a> {{ end }}</dd><dt>タグ</dt><dd>{{ range .GetTerms \"tags\" }}<a href=\"{{ .RelPermalink }}\">{{ .LinkTitle }}</a> {{ end }}</dd></dl><nav>{{ .TableOfContents }}</nav>{{ .Content }}</article>{{ end }}\n";
    let list_tpl = format!("{{{{ define \"main\" }}}}<h1>{{{{ .Title }}}}</h1><ul>{{{{ range .Paginator.Pages }}}}{card}{{{{ end }}}}</ul>{{{{ template \"_internal/pagination.html\" . }}}}{{{{ end }}}}\n");
    let terms = "{{ define \"main\" }}<h1>{{ .Title }}</h1><ul>{{ range .Data.Terms.ByCount }}<li><a href=\"{{ .Page.RelPermalink }}\">{{ .Page.Title }}</a> {{ .Count }}</li>{{ end }}</ul>{{ end }}\n";
    let home = format!("{{{{ define \"main\" }}}}<h1>{{{{ site.Title }}}}</h1><ul>{{{{ range first 10 (where site.RegularPages \"Section\" \"cases\") }}}}{card}{{{{ end }}}}</ul>{{{{ end }}}}\n");
    write(&dir.join("layouts/_default/baseof.html"), baseof);
    write(&dir.join("layouts/_default/single.html"), single);
    write(&dir.join("layouts/_default/list.html"), &list_tpl);
    write(&dir.join("layouts/_default/terms.html"), terms);
    write(&dir.join("layouts/index.html"), &home);
    write(
        &dir.join("static/style.css"),
        "body{font-family:sans-serif}\n",
    );
}

fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from)
        .into_iter()
        .filter_map(Result::ok)
    {
        let rel = entry.path().strip_prefix(from).expect("under from");
        let target = to.join(rel);
        if entry.file_type().is_dir() {
            std::fs::create_dir_all(&target).expect("create folder");
        } else {
            std::fs::copy(entry.path(), &target).expect("copy file");
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let usage = "usage: gen_corpus N OUT_DIR [--hugo HUGO_DIR]";
    let n: usize = args.first().and_then(|s| s.parse().ok()).expect(usage);
    let out = PathBuf::from(args.get(1).expect(usage));
    let hugo = args
        .iter()
        .position(|a| a == "--hugo")
        .and_then(|i| args.get(i + 1))
        .map(PathBuf::from);

    let mut rng = Rng(0x5eed_1234_abcd_0001);
    let munis = municipalities(&mut rng, (n / 6).clamp(60, 1741));
    let cases = cases(n, &munis, &mut rng);
    let theme = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default");
    let _ = std::fs::remove_dir_all(&out);
    write_yokoten(&out, &cases, &munis, &theme);
    if let Some(h) = hugo {
        let _ = std::fs::remove_dir_all(&h);
        write_hugo(&h, &cases, &munis);
    }
    let bytes: usize = cases.iter().map(|c| c.body.len()).sum();
    println!(
        "wrote {n} cases ({} municipalities, {:.1} MB of Markdown) to {}",
        munis.len(),
        bytes as f64 / 1e6,
        out.display()
    );
}
