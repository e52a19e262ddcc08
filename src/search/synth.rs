//! A synthetic corpus of Japanese municipal DX cases, for the recall tests and the byte
//! benchmark. Deterministic (seeded), with a Zipf-like choice of vocabulary so that a few
//! words (DX, 推進, 窓口) are in most cases and most words are rare, as in real text.

use crate::prefectures::PREFECTURES;

/// One generated case; `SearchDoc`s borrow from it.
pub use super::doc::OwnedDoc as SynthDoc;

/// splitmix64: tiny and good enough for test data.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    pub fn below(&mut self, n: usize) -> usize {
        if n == 0 {
            0
        } else {
            (self.next_u64() % n as u64) as usize
        }
    }
    /// Index in 0..n, rank r chosen with weight 1/(r+1)^s (Zipf-like).
    pub fn zipf(&mut self, n: usize, s: f64) -> usize {
        // Inverse transform on the continuous approximation.
        let u = (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        let x = if (s - 1.0).abs() < 1e-9 {
            ((n as f64 + 1.0).ln() * u).exp() - 1.0
        } else {
            let a = 1.0 - s;
            (((n as f64 + 1.0).powf(a) - 1.0) * u + 1.0).powf(1.0 / a) - 1.0
        };
        (x as usize).min(n.saturating_sub(1))
    }
    pub fn pick<'a>(&mut self, v: &[&'a str]) -> &'a str {
        v[self.below(v.len())]
    }
    pub fn pick_zipf<'a>(&mut self, v: &[&'a str]) -> &'a str {
        v[self.zipf(v.len(), 1.0)]
    }
}

pub const CATEGORIES: [&str; 13] = [
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

/// DX vocabulary, most common first.
pub const TERMS: &[&str] = &[
    "DX",
    "推進",
    "窓口",
    "職員",
    "デジタル",
    "住民",
    "システム",
    "業務",
    "申請",
    "オンライン",
    "マイナンバーカード",
    "研修",
    "アプリ",
    "手上げ",
    "推進員",
    "書かない窓口",
    "RPA",
    "AI",
    "LINE",
    "データ",
    "庁内",
    "電子申請",
    "ノーコード",
    "財政課",
    "情報政策課",
    "CIO補佐官",
    "外部人材",
    "伴走支援",
    "勉強会",
    "キャッシュレス",
    "オープンデータ",
    "GIS",
    "防災アプリ",
    "子育て支援",
    "母子手帳アプリ",
    "保育所",
    "高齢者見守り",
    "タブレット",
    "テレワーク",
    "ペーパーレス",
    "電子決裁",
    "文書管理",
    "AI-OCR",
    "チャットボット",
    "ふるさと納税",
    "地域活性化起業人",
    "デジタル田園都市国家構想交付金",
    "ワンストップ",
    "コンビニ交付",
    "マイナポータル",
    "ぴったりサービス",
    "スマート農業",
    "ドローン",
    "観光DX",
    "デジタル地域通貨",
    "遠隔授業",
    "GIGAスクール",
    "校務支援",
    "LGWAN",
    "ガバメントクラウド",
    "標準化",
    "BPR",
    "業務改善",
    "ローコード",
    "kintone",
    "Excel",
    "マクロ",
    "IoT",
    "センサー",
    "水位計",
    "避難所",
    "ハザードマップ",
    "SNS",
    "広報紙",
    "ホームページ",
    "アクセシビリティ",
    "多言語",
    "外国人住民",
    "窓口予約",
    "オンライン相談",
    "ビデオ通話",
    "電子契約",
    "電子入札",
    "公金受取口座",
    "給付金",
    "税務",
    "住民票",
    "印鑑登録",
    "転入",
    "転出",
    "引っ越しワンストップ",
    "おくやみ窓口",
    "死亡手続",
    "介護保険",
    "国民健康保険",
    "児童手当",
    "保育料",
    "学童保育",
    "地域おこし協力隊",
    "シェアオフィス",
    "ワーケーション",
    "移住定住",
    "空き家バンク",
    "公共交通",
    "デマンド交通",
    "AIオンデマンド交通",
    "スマートシティ",
    "都市OS",
    "データ連携基盤",
    "EBPM",
    "ダッシュボード",
    "人流データ",
    "アンケート",
    "職員提案",
    "人事評価",
    "若手職員",
    "管理職",
    "デジタル人材",
    "リスキリング",
    "e-ラーニング",
    "ITパスポート",
];

const PLACE_HEAD: [&str; 40] = [
    "北", "南", "東", "西", "大", "小", "高", "新", "上", "下", "中", "本", "山", "川", "松", "竹",
    "梅", "桜", "緑", "青", "白", "赤", "黒", "金", "銀", "石", "岩", "森", "林", "野", "原", "田",
    "島", "浜", "崎", "宮", "富", "福", "長", "美",
];
const PLACE_TAIL: [&str; 30] = [
    "見", "沢", "岡", "谷", "瀬", "津", "浦", "坂", "里", "郷", "川", "野", "井", "橋", "江", "城",
    "尾", "根", "倉", "戸", "丘", "平", "原", "口", "守", "和", "賀", "栄", "安", "間",
];
const PLACE_KIND: [&str; 3] = ["市", "町", "村"];

const SENTENCES: [&str; 24] = [
    "{a}を進めるため、{b}と連携して{c}に取り組んだ。",
    "{a}の導入により、{b}にかかる時間が{n}割ほど減った。",
    "当初は{a}への不安の声もあったが、{b}を重ねることで理解が広がった。",
    "{a}では、{b}の担当者が{c}を使って日々の作業を見直している。",
    "市は{a}を掲げ、{b}と{c}を組み合わせた仕組みを整えた。",
    "{a}の利用者は{num}人を超え、{b}の改善にもつながっている。",
    "{a}について、{b}から「{c}が便利になった」という声が寄せられた。",
    "令和{y}年度からは{a}を全庁に広げ、{b}の標準化を進めている。",
    "{a}は{b}の一部として位置づけられ、{c}の予算で運用されている。",
    "担当課は{a}を活用し、{b}のデータを{c}で公開した。",
    "{a}の取り組みは、{b}の分野で他の自治体からの視察も多い。",
    "職員が自ら手を挙げて{a}に参加し、{b}の企画を担った。",
    "{a}に合わせて{b}を見直し、{c}の手続を簡素化した。",
    "{a}を通じて、{b}に関する職員の意識が大きく変わったという。",
    "課題は{a}と{b}の連携で、今後は{c}との統合を検討する。",
    "{a}では約{num}件の申請を受け付け、うち{n}割が{b}経由だった。",
    "{a}の運用は{b}が担い、{c}が技術面を支えている。",
    "住民アンケートでは、{a}の満足度が{n}割を超えた。",
    "{a}の効果を測るため、{b}の件数と処理時間を毎月集計している。",
    "{a}を試行した結果、{b}の待ち時間が大幅に短くなった。",
    "{a}と{b}を一体で進めることで、{c}の負担を減らしている。",
    "他の自治体でも使えるよう、{a}の手順書を{b}として公開した。",
    "{a}の研修には延べ{num}人の職員が参加した。",
    "{a}の成果を踏まえ、{b}の見直しにも着手している。",
];

const TITLES: [&str; 8] = [
    "{a}で変わる{b}",
    "{a}を活用した{b}の取り組み",
    "{a}と{b}で進める自治体DX",
    "職員発の{a}、{b}へ広がる",
    "{a}による{b}の効率化",
    "小さな役場の{a}",
    "{a}から始める{b}",
    "{a}で実現した{b}",
];

/// Fill a template's slots: `{n}`, `{y}`, `{num}` with numbers, others with a term, drawn
/// mostly from the case's own topic terms (a case talks about a few things), sometimes from
/// the whole vocabulary.
fn fill_topic(rng: &mut Rng, tpl: &str, topic: &[&'static str]) -> String {
    let mut out = String::new();
    for (i, piece) in tpl.split('{').enumerate() {
        if i == 0 {
            out.push_str(piece);
            continue;
        }
        let (slot, rest) = piece.split_once('}').unwrap_or((piece, ""));
        match slot {
            "n" | "y" | "num" => out.push_str(&fill(rng, &format!("{{{slot}}}"))),
            _ if !topic.is_empty() && rng.below(5) != 0 => {
                out.push_str(topic[rng.below(topic.len())])
            }
            _ => out.push_str(rng.pick_zipf(TERMS)),
        }
        out.push_str(rest);
    }
    out
}

fn fill(rng: &mut Rng, tpl: &str) -> String {
    let mut out = String::new();
    let mut rest = tpl;
    while let Some(i) = rest.find('{') {
        out.push_str(&rest[..i]);
        let j = rest[i..].find('}').map_or(rest.len(), |j| i + j);
        let slot = &rest[i + 1..j];
        match slot {
            "n" => out.push_str(&(1 + rng.below(9)).to_string()),
            "y" => out.push_str(&(1 + rng.below(7)).to_string()),
            "num" => {
                let v = [120, 350, 1_000, 4_800, 13_000, 130_000, 1_300_000][rng.below(7)];
                if v >= 10_000 && rng.below(2) == 0 {
                    out.push_str(&format!("{}万", v / 10_000));
                } else {
                    out.push_str(&v.to_string());
                }
            }
            _ => out.push_str(rng.pick_zipf(TERMS)),
        }
        rest = &rest[(j + 1).min(rest.len())..];
    }
    out.push_str(rest);
    out
}

/// Place names: head + tail + kind, as many as needed, deterministic.
pub fn municipality(i: usize) -> String {
    let h = PLACE_HEAD[i % PLACE_HEAD.len()];
    let t = PLACE_TAIL[(i / PLACE_HEAD.len()) % PLACE_TAIL.len()];
    let k = PLACE_KIND[(i / 7) % PLACE_KIND.len()];
    format!("{h}{t}{k}")
}

/// `n` synthetic cases with bodies of about `body_chars` characters.
pub fn corpus(n: usize, body_chars: usize, seed: u64) -> Vec<SynthDoc> {
    corpus_with(n, body_chars, seed, true)
}

/// `corpus`, or with `topical` false every term drawn from the whole vocabulary: then most
/// terms are in most cases (手上げ in ~90%), a harder case for the byte budget.
pub fn corpus_with(n: usize, body_chars: usize, seed: u64, topical: bool) -> Vec<SynthDoc> {
    let mut rng = Rng::new(seed);
    (0..n)
        .map(|i| {
            let muni_ix = rng.zipf(1200, 0.8);
            let pref = PREFECTURES[(muni_ix * 7 + 3) % PREFECTURES.len()].1;
            let mut categories = vec![CATEGORIES[rng.zipf(CATEGORIES.len(), 0.7)].to_string()];
            if rng.below(2) == 0 {
                let c = CATEGORIES[rng.below(CATEGORIES.len())].to_string();
                if !categories.contains(&c) {
                    categories.push(c);
                }
            }
            let mut tags = Vec::new();
            for _ in 0..2 + rng.below(5) {
                let t = rng.pick_zipf(&TERMS[3..]).to_string();
                if !tags.contains(&t) {
                    tags.push(t);
                }
            }
            // The case's topic: a handful of terms, common ones more likely.
            let mut topic: Vec<&'static str> = Vec::new();
            for _ in 0..if topical { 6 + rng.below(10) } else { 0 } {
                let t = rng.pick_zipf(TERMS);
                if !topic.contains(&t) {
                    topic.push(t);
                }
            }
            let tt = TITLES[rng.below(TITLES.len())];
            let title = fill_topic(&mut rng, tt, &topic);
            let (s1, s2) = (
                SENTENCES[rng.below(SENTENCES.len())],
                SENTENCES[rng.below(SENTENCES.len())],
            );
            let summary = format!(
                "{}{}",
                fill_topic(&mut rng, s1, &topic),
                fill_topic(&mut rng, s2, &topic)
            );
            let mut body = String::new();
            while body.chars().count() < body_chars {
                if rng.below(6) == 0 {
                    body.push_str("\n\n## ");
                    body.push_str(if topic.is_empty() {
                        rng.pick_zipf(TERMS)
                    } else {
                        topic[rng.below(topic.len())]
                    });
                    body.push('\n');
                }
                let st = SENTENCES[rng.zipf(SENTENCES.len(), 0.6)];
                body.push_str(&fill_topic(&mut rng, st, &topic));
            }
            let population = (rng.below(10) != 0).then(|| {
                let e = 3.5 + (rng.next_u64() % 10_000) as f64 / 10_000.0 * 2.8;
                10f64.powf(e) as u64
            });
            SynthDoc {
                url: format!("cases/case-{i:06}/"),
                title,
                summary,
                municipality: municipality(muni_ix),
                prefecture: pref.to_string(),
                categories,
                tags,
                body,
                published: format!(
                    "20{:02}-{:02}-{:02}",
                    15 + rng.below(11),
                    1 + rng.below(12),
                    1 + rng.below(28)
                ),
                population,
                keywords: Vec::new(),
            }
        })
        .collect()
}
