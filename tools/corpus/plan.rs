//! The shape of a corpus before any text is written: which documents exist, their kinds,
//! folders, translations, stages, terms, dates and headings. Bodies link to each other with
//! anchors, so every title and heading id has to be known before the first body is made.

use crate::rng::Rng;
use crate::text::{self, Lang};
use jiff::civil::Date;

pub struct Stage {
    pub id: &'static str,
    pub ja: &'static str,
    pub en: &'static str,
    pub color: &'static str,
}

pub const STAGES: &[Stage] = &[
    Stage {
        id: "onboarding",
        ja: "オンボーディング",
        en: "Onboarding",
        color: "#2563EB",
    },
    Stage {
        id: "adoption",
        ja: "活用促進",
        en: "Adoption",
        color: "#0D9488",
    },
    Stage {
        id: "retention",
        ja: "継続利用",
        en: "Retention",
        color: "#CA8A04",
    },
    Stage {
        id: "expansion",
        ja: "活用拡大",
        en: "Expansion",
        color: "#9333EA",
    },
    Stage {
        id: "advocacy",
        ja: "アドボカシー",
        en: "Advocacy",
        color: "#DB2777",
    },
];

/// Headings every stage file has, so documents can link to them with an anchor.
pub const STAGE_SECTIONS: &[usize] = &[0, 5, 6];

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Kind {
    Playbook,
    CaseStudy,
    Webinar,
    Page,
}

impl Kind {
    pub fn folder(self) -> &'static str {
        match self {
            Kind::Playbook => "playbooks",
            Kind::CaseStudy => "case-studies",
            Kind::Webinar => "webinars",
            Kind::Page => "pages",
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Kind::Playbook => "playbook",
            Kind::CaseStudy => "case_study",
            Kind::Webinar => "webinar",
            Kind::Page => "page",
        }
    }
}

pub const INDUSTRIES: &[&str] = &[
    "製造業",
    "金融",
    "小売",
    "医療",
    "自治体",
    "教育",
    "物流",
    "IT・通信",
    "建設",
    "不動産",
    "食品",
    "エネルギー",
];
pub const COMPANY_SIZES: &[&str] = &["enterprise", "mid-market", "smb"];
pub const PRODUCTS: &[&str] = &["Acme Flow", "Acme Insights", "Acme Connect", "Acme Sign"];
pub const TOUCHES: &[&str] = &["high", "low", "tech"];
pub const AUDIENCES: &[&str] = &["admin", "end_user", "champion", "executive", "cs_team"];
const TAG_STEMS: &[&str] = &[
    "quick-wins",
    "automation",
    "governance",
    "roi",
    "training",
    "change-management",
    "reporting",
    "security",
    "integration",
    "mobile",
    "templates",
    "kpi",
    "executive-buy-in",
    "community",
    "renewal",
    "upsell",
    "risk",
    "survey",
    "nps",
    "analytics",
];

pub fn tag_name(i: usize) -> String {
    let stem = TAG_STEMS[i % TAG_STEMS.len()];
    match i / TAG_STEMS.len() {
        0 => stem.to_string(),
        n => format!("{stem}-{n}"),
    }
}

pub struct Webinar {
    pub starts_at: String,
    pub duration_minutes: usize,
    pub upcoming: bool,
}

pub struct Unit {
    pub index: usize,
    pub kind: Kind,
    pub dir: String,
    pub slug: String,
    pub has_en: bool,
    pub title_ja: String,
    pub title_en: String,
    pub topic: usize,
    pub stages: Vec<usize>,
    pub date: Date,
    pub updated: Date,
    /// Indices into `text::SECTIONS`; the same in both languages.
    pub sections: Vec<usize>,
    pub words: usize,
    pub industry: Option<usize>,
    pub company_size: Vec<usize>,
    pub product: Vec<usize>,
    pub touch: Option<usize>,
    pub audience: Vec<usize>,
    pub tags: Vec<usize>,
    pub related: Vec<usize>,
    pub weight: Option<usize>,
    pub featured: bool,
    pub alias: bool,
    pub customer: (String, String),
    pub webinar: Option<Webinar>,
}

impl Unit {
    /// Path under content/, `/`-separated.
    pub fn content_path(&self, lang: Lang) -> String {
        match lang {
            Lang::Ja => format!("{}/{}.md", self.dir, self.slug),
            Lang::En => format!("{}/{}.en.md", self.dir, self.slug),
        }
    }

    pub fn title(&self, lang: Lang) -> &str {
        match lang {
            Lang::Ja => &self.title_ja,
            Lang::En => &self.title_en,
        }
    }

    pub fn langs(&self) -> &'static [Lang] {
        if self.has_en {
            &[Lang::Ja, Lang::En]
        } else {
            &[Lang::Ja]
        }
    }
}

/// What kind of hub the corpus imitates. Real hubs differ: mostly Japanese or mostly English,
/// code-heavy or not, many short pages or few long ones. `Default` is the shape every earlier
/// benchmark was measured on, and stays byte for byte what it was.
#[derive(Clone, Copy, Debug, PartialEq, Eq, clap::ValueEnum)]
pub enum Shape {
    /// Japanese documents, about a third translated into English.
    Default,
    /// Nearly all Japanese: few translations.
    Japanese,
    /// Japanese documents with about half of their paragraphs in English, as teams that
    /// quote English product text write.
    Mixed,
    /// Mostly English: most paragraphs of the Japanese documents are English, and most
    /// documents are translated.
    English,
    /// Four to ten code blocks in a playbook, two to five elsewhere.
    Code,
    /// Many small pages: 60–300 words.
    Short,
    /// Few long pages: 2,500–7,500 words.
    Long,
}

impl Shape {
    /// The share of documents with an English translation.
    fn translated(self) -> f64 {
        match self {
            Shape::Japanese => 0.05,
            Shape::English => 0.9,
            _ => 0.35,
        }
    }

    /// The share of a Japanese document's paragraphs written in English.
    pub fn english_paragraphs(self) -> f64 {
        match self {
            Shape::Mixed => 0.5,
            Shape::English => 0.9,
            _ => 0.0,
        }
    }

    /// The fewest words of a document, and how many more the longest has.
    fn words(self) -> (usize, f64) {
        match self {
            Shape::Short => (60, 240.0),
            Shape::Long => (2500, 5000.0),
            _ => (300, 990.0),
        }
    }

    /// Code blocks in a playbook and in other documents (inclusive ranges).
    pub fn code_blocks(self) -> ((usize, usize), (usize, usize)) {
        match self {
            Shape::Code => ((4, 10), (2, 5)),
            _ => ((1, 4), (0, 2)),
        }
    }
}

pub struct Plan {
    pub seed: u64,
    pub shape: Shape,
    pub units: Vec<Unit>,
    pub tag_count: usize,
    /// Units that have an English translation: the link targets of English bodies.
    pub english: Vec<usize>,
}

/// Markdown files the corpus holds: the units (one or two languages each) and the stages.
pub fn file_count(plan: &Plan) -> usize {
    STAGES.len() * 2 + plan.units.iter().map(|u| u.langs().len()).sum::<usize>()
}

const FIRST_DAY: (i16, i8, i8) = (2025, 1, 6);
/// Every document is dated before the benchmarks' fixed `--now` (2026-12-01), so all publish.
const LAST_DAY: (i16, i8, i8) = (2026, 11, 30);

fn day(rng: &mut Rng, from: Date, to: Date) -> Date {
    let span = from.until(to).map(|s| s.get_days()).unwrap_or(0).max(0) as usize;
    from.checked_add(jiff::Span::new().days(rng.range(0, span) as i64))
        .unwrap_or(from)
}

/// Plans a corpus of exactly `docs` markdown files (stage files included).
pub fn plan(docs: usize, seed: u64, shape: Shape) -> Plan {
    let mut rng = Rng::stream(seed, u64::MAX);
    let budget = docs.saturating_sub(STAGES.len() * 2);
    let tag_count = 40 + docs / 20;
    let first = Date::new(FIRST_DAY.0, FIRST_DAY.1, FIRST_DAY.2).expect("valid date");
    let last = Date::new(LAST_DAY.0, LAST_DAY.1, LAST_DAY.2).expect("valid date");
    let mut units: Vec<Unit> = vec![];
    let mut files = 0;
    while files < budget {
        let index = units.len();
        let kind = pick_kind(&mut rng);
        let has_en = files + 2 <= budget && rng.chance(shape.translated());
        files += if has_en { 2 } else { 1 };
        let dir = unit_dir(&mut rng, kind, index);
        let topic = rng.below(text::TOPIC_COUNT);
        let customer = text::customer(&mut rng);
        let (title_ja, title_en) = titles(&mut rng, kind, index, topic, &customer);
        let slug = format!(
            "{}-{:05}",
            text::topic_pair(topic).1.replace(' ', "-").to_lowercase(),
            index
        );
        let stage_count = match kind {
            Kind::Page if rng.chance(0.5) => 0,
            _ if rng.chance(0.2) => 2,
            _ => 1,
        };
        let stages = rng.sample(STAGES.len(), stage_count);
        let date = day(&mut rng, first, last);
        let updated = day(&mut rng, date, last);
        // 300–1,500 words once the last paragraph and list overshoot the budget (up to ~220). The
        // square root leans towards longer documents, as hub content does (mean about 1,000).
        let u = rng.below(10_001) as f64 / 10_000.0;
        let (fewest, more) = shape.words();
        let words = fewest + (more * u.sqrt()) as usize;
        let section_count = (words / 220).clamp(2, 8);
        // A playbook's steps section is added by the body; its id `steps` is not in this pool.
        let sections = rng.sample(text::SECTIONS.len(), section_count);
        let industry = match kind {
            Kind::CaseStudy | Kind::Webinar => Some(rng.below(INDUSTRIES.len())),
            Kind::Playbook if rng.chance(0.3) => Some(rng.below(INDUSTRIES.len())),
            _ => None,
        };
        let k = rng.range(0, 2);
        let company_size = rng.sample(COMPANY_SIZES.len(), k);
        let k = rng.range(1, 2);
        let product = rng.sample(PRODUCTS.len(), k);
        let touch = (kind == Kind::Playbook).then(|| rng.below(TOUCHES.len()));
        let audience = match kind {
            Kind::Playbook | Kind::Webinar => {
                let k = rng.range(1, 3);
                rng.sample(AUDIENCES.len(), k)
            }
            _ => vec![],
        };
        let mut tags: Vec<usize> = (0..rng.range(1, 4)).map(|_| rng.below(tag_count)).collect();
        tags.sort_unstable();
        tags.dedup();
        let webinar = (kind == Kind::Webinar).then(|| plan_webinar(&mut rng, date));
        units.push(Unit {
            index,
            kind,
            dir,
            slug,
            has_en,
            title_ja,
            title_en,
            topic,
            stages,
            date,
            updated,
            sections,
            words,
            industry,
            company_size,
            product,
            touch,
            audience,
            tags,
            related: vec![],
            weight: rng.chance(0.2).then(|| rng.range(1, 100)),
            featured: rng.chance(0.01),
            alias: rng.chance(0.03),
            customer,
            webinar,
        });
    }
    choose_related(&mut rng, &mut units);
    let english = units.iter().filter(|u| u.has_en).map(|u| u.index).collect();
    Plan {
        seed,
        shape,
        units,
        tag_count,
        english,
    }
}

fn pick_kind(rng: &mut Rng) -> Kind {
    match rng.below(20) {
        0..=7 => Kind::Playbook,
        8..=12 => Kind::CaseStudy,
        13..=16 => Kind::Webinar,
        _ => Kind::Page,
    }
}

/// The unit's folder: some playbooks and case studies sit one folder deeper.
fn unit_dir(rng: &mut Rng, kind: Kind, index: usize) -> String {
    match kind {
        Kind::Playbook => match rng.below(7) {
            0 => "playbooks/tech-touch".to_string(),
            1 => "playbooks/high-touch".to_string(),
            _ => "playbooks".to_string(),
        },
        Kind::CaseStudy if rng.chance(0.3) => format!("case-studies/{}", 2025 + index % 2),
        k => k.folder().to_string(),
    }
}

/// The Japanese and English titles.
fn titles(
    rng: &mut Rng,
    kind: Kind,
    index: usize,
    topic: usize,
    customer: &(String, String),
) -> (String, String) {
    let (tja, ten) = text::topic_pair(topic);
    match kind {
        Kind::Playbook => {
            let (sja, sen) = rng.pick(&[
                ("の進め方", "how to run it"),
                ("実践ガイド", "a practical guide"),
                ("チェックリスト", "a checklist"),
                ("の設計", "designing it"),
                ("を定着させるコツ", "making it stick"),
            ]);
            (format!("{tja}{sja}"), format!("The {ten}: {sen}"))
        }
        Kind::CaseStudy => (
            format!(
                "{}: {tja}で承認リードタイムを{}%短縮",
                customer.0,
                rng.range(20, 70)
            ),
            format!(
                "{}: {}% faster approvals with a new {ten}",
                customer.1,
                rng.range(20, 70)
            ),
        ),
        Kind::Webinar => (
            format!("{tja}入門ウェビナー 第{}回", index % 50 + 1),
            format!(
                "Webinar: getting started with the {ten}, part {}",
                index % 50 + 1
            ),
        ),
        Kind::Page => (format!("{tja}について"), format!("About the {ten}")),
    }
}

/// A webinar starting within 120 days of its announcement.
fn plan_webinar(rng: &mut Rng, date: Date) -> Webinar {
    let starts = day(
        rng,
        date,
        date.checked_add(jiff::Span::new().days(120))
            .unwrap_or(date),
    );
    let hour = *rng.pick(&[10u8, 14, 15, 16]);
    let duration_minutes = *rng.pick(&[45usize, 60, 90]);
    let upcoming = starts >= Date::new(2026, 12, 1).expect("valid date");
    Webinar {
        starts_at: format!("{starts}T{hour:02}:00:00+09:00"),
        duration_minutes,
        upcoming,
    }
}

fn choose_related(rng: &mut Rng, units: &mut [Unit]) {
    // Related documents may point forwards, so they are chosen once every unit exists.
    let n = units.len();
    for u in units.iter_mut() {
        if n > 1 {
            let k = rng.range(0, 3);
            let mut related: Vec<usize> = (0..k)
                .map(|_| rng.below(n))
                .filter(|&i| i != u.index)
                .collect();
            related.sort_unstable();
            related.dedup();
            u.related = related;
        }
    }
}
