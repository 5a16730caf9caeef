//! The report's words in the site's language: Japanese for a `ja` site, English otherwise.
//! The report is for the marketers who write the site, so it speaks the site's language,
//! not the theme's (a theme may be translated into languages the report does not know).

use crate::content::Kind;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Wording {
    Japanese,
    English,
}

pub fn for_language(lang: &str) -> Wording {
    if lang == "ja" || lang.starts_with("ja-") {
        Wording::Japanese
    } else {
        Wording::English
    }
}

impl Wording {
    pub fn lang(self) -> &'static str {
        match self {
            Wording::Japanese => "ja",
            Wording::English => "en",
        }
    }

    pub fn kind(self, kind: Kind) -> &'static str {
        match (self, kind) {
            (Wording::Japanese, Kind::Playbook) => "プレイブック",
            (Wording::Japanese, Kind::CaseStudy) => "導入事例",
            (Wording::Japanese, Kind::Webinar) => "ウェビナー",
            (Wording::Japanese, Kind::Page) => "ページ",
            (Wording::English, Kind::Playbook) => "playbook",
            (Wording::English, Kind::CaseStudy) => "case study",
            (Wording::English, Kind::Webinar) => "webinar",
            (Wording::English, Kind::Page) => "page",
            (_, other) => other.name(),
        }
    }

    /// A kind as a column heading.
    pub fn kind_heading(self, kind: Kind) -> String {
        let word = self.kind(kind);
        match self {
            Wording::Japanese => word.to_string(),
            Wording::English => {
                let mut c = word.chars();
                c.next()
                    .map(|f| f.to_uppercase().chain(c).collect())
                    .unwrap_or_default()
            }
        }
    }

    pub fn taxonomy(self, taxonomy: &str) -> String {
        match (self, taxonomy) {
            (Wording::Japanese, "industry") => "業種".into(),
            (Wording::Japanese, "company_size") => "企業規模".into(),
            (Wording::English, "industry") => "Industry".into(),
            (Wording::English, "company_size") => "Company size".into(),
            (_, other) => other.replace('_', " "),
        }
    }

    pub fn no_kind_in_stage(self, kind: Kind, stage: &str) -> String {
        match self {
            Wording::Japanese => format!("「{stage}」ステージに{}がありません。", self.kind(kind)),
            Wording::English => format!("No {} for the {stage} stage.", self.kind(kind)),
        }
    }

    pub fn no_case_study_for_segment(self, stage: &str, term: &str) -> String {
        match self {
            Wording::Japanese => format!("「{stage}」ステージに{term}の導入事例がありません。"),
            Wording::English => format!("No case study for the {stage} stage in {term}."),
        }
    }

    /// A stage with no content for a touch model the hub serves, and who is left without a
    /// path: `model` is `high`, `low` or `tech`, `label` its display name.
    pub fn no_touch_in_stage(self, model: &str, label: &str, stage: &str) -> String {
        match self {
            Wording::Japanese => {
                let who = match model {
                    "high" => "サクセスマネージャーがお客様と進めるための手引きがありません。",
                    "low" => "ウェビナーやプログラムで支援するお客様が参加できるものがありません。",
                    _ => "サクセスマネージャーのいないお客様には、自分で進む道がありません。",
                };
                format!("「{stage}」ステージに{label}のコンテンツがありません。{who}")
            }
            Wording::English => {
                let who = match model {
                    "high" => "success managers have nothing to take their customers through it",
                    "low" => "customers served one-to-many have no webinar or programme to join",
                    _ => "customers without a success manager have no path through it",
                };
                format!("No {label} content for the {stage} stage: {who}.")
            }
        }
    }

    pub fn drip_runs_dry(
        self,
        stage: &str,
        term: &str,
        weeks: i64,
        documents: usize,
        cadence: i64,
        stage_weeks: i64,
    ) -> String {
        if documents == 0 {
            return match self {
                Wording::Japanese => {
                    format!(
                        "「{stage}」ステージで{term}の新しいお客様に送れるコンテンツがありません。"
                    )
                }
                Wording::English => {
                    format!(
                        "New customers in {term} have no content to be sent for the {stage} stage."
                    )
                }
            };
        }
        match self {
            Wording::Japanese => format!(
                "「{stage}」ステージで{term}の新しいお客様に送れるコンテンツは{weeks}週間分しかありません（{documents}件、{cadence}日ごと）。このステージには{stage_weeks}週間とどまります。"
            ),
            Wording::English => format!(
                "New customers in {term} run out of content for the {stage} stage after {weeks} week{} ({documents} document{} at one every {cadence} days), while customers stay in the stage for {stage_weeks} weeks.",
                plural(weeks as usize),
                plural(documents)
            ),
        }
    }

    pub fn stale_in_stage(self, stage: &str, count: usize, days: i64) -> String {
        match self {
            Wording::Japanese => format!(
                "「{stage}」ステージの{count}件のコンテンツが{days}日以上見直されていません。"
            ),
            Wording::English => format!(
                "{count} document{} in the {stage} stage {} not been reviewed for more than {days} days.",
                plural(count),
                if count == 1 { "has" } else { "have" }
            ),
        }
    }

    pub fn text(self, key: Text) -> &'static str {
        use Text::*;
        match self {
            Wording::Japanese => match key {
                PageTitle => "ジャーニー・カバレッジレポート",
                Generated => "集計日時",
                NotPublished => "このレポートは公開サイトには含まれません。",
                Settings => "設定",
                StaleAfter => "見直し期限",
                Cadence => "ドリップ配信の間隔",
                DripMin => "不足とみなす週数",
                Days => "日",
                Weeks => "週",
                TopGaps => "主なギャップ",
                NoGaps => "ギャップは見つかりませんでした。",
                MoreGaps => "件のギャップは journey-report.json に記載しています。",
                ByKind => "ステージ × 種類",
                ByKindLead => {
                    "各ステージのコンテンツ数です。0 のマスは、そのステージのお客様に届ける手段がないことを示します。"
                }
                BySegment => "ステージ × セグメント",
                BySegmentLead => "各セグメント向けに書かれた（タグ付けされた）コンテンツの数です。",
                ByTouch => "ステージ × 支援モデル",
                ByTouchLead => {
                    "各ステージのコンテンツを支援モデル（ハイタッチ・ロータッチ・テックタッチ）ごとに数えています。touch: を書いていないコンテンツは、site-config.yaml の touch.defaults で数えます。破線の枠は、提供すると宣言した支援モデル（touch.served）のコンテンツがないマスです。"
                }
                NoTouchServed => {
                    "site-config.yaml の touch.served で提供する支援モデルが宣言されていないため、支援モデルのギャップは数えていません。"
                }
                Drip => "ドリップ配信のカバレッジ",
                DripLead => {
                    "新しいお客様に、設定した間隔で1件ずつ送った場合に何週間分のコンテンツがあるかを示します。セグメント向けのコンテンツに加え、セグメントを指定していない全員向けのコンテンツも数えています。破線の枠は不足しているマスです。"
                }
                Freshness => "鮮度",
                FreshnessLead => "最終更新日（なければ公開日）からの経過日数の分布です。",
                StaleList => "見直し期限を過ぎたコンテンツ",
                NoStale => "見直し期限を過ぎたコンテンツはありません。",
                Undated => "日付なし",
                Webinars => "開催予定のウェビナー（月別）",
                NoWebinars => "開催予定のウェビナーはありません。",
                Stage => "ステージ",
                Document => "コンテンツ",
                Updated => "更新日",
                Age => "経過日数",
                Owner => "担当",
                Total => "合計",
                RunsDry => "不足",
                NoSegments => {
                    "業種（industry）と企業規模（company_size）のタクソノミーが site-config.yaml にないため、セグメント別の集計はありません。"
                }
            },
            Wording::English => match key {
                PageTitle => "Journey coverage report",
                Generated => "Computed at",
                NotPublished => "This report is not part of the published site.",
                Settings => "Settings",
                StaleAfter => "Stale after",
                Cadence => "Drip cadence",
                DripMin => "Runs dry below",
                Days => "days",
                Weeks => "weeks",
                TopGaps => "Top gaps",
                NoGaps => "No gaps found.",
                MoreGaps => "more gaps are listed in journey-report.json.",
                ByKind => "Stage × kind",
                ByKindLead => {
                    "How much content each stage offers. A 0 means customers in that stage get nothing of that kind."
                }
                BySegment => "Stage × segment",
                BySegmentLead => "Content written for (tagged with) each segment.",
                ByTouch => "Stage × touch model",
                ByTouchLead => {
                    "Content per stage for each touch model: high touch (a success manager), low touch (webinars and programmes, one to many) and tech touch (automated, self-serve). Content without touch: counts with the default of its kind (touch.defaults in site-config.yaml). Cells with a dashed frame are empty for a model the hub serves (touch.served)."
                }
                NoTouchServed => {
                    "site-config.yaml declares no touch model served (touch.served), so no touch model is counted as a gap."
                }
                Drip => "Drip coverage",
                DripLead => {
                    "How many weeks of content a new customer could be sent, one document per cadence. Content for the segment counts, and so does content that names no segment (written for everyone). Cells with a dashed frame run dry."
                }
                Freshness => "Freshness",
                FreshnessLead => "Days since each document was last updated (or published).",
                StaleList => "Stale content",
                NoStale => "Nothing is stale.",
                Undated => "no date",
                Webinars => "Upcoming webinars per month",
                NoWebinars => "No upcoming webinars.",
                Stage => "Stage",
                Document => "Document",
                Updated => "Updated",
                Age => "Age",
                Owner => "Owner",
                Total => "Total",
                RunsDry => "runs dry",
                NoSegments => {
                    "site-config.yaml names neither an industry nor a company_size taxonomy, so there is no coverage by segment."
                }
            },
        }
    }

    /// An age bucket as a legend label.
    /// The report's time as a reader says it, at the site's offset (the JSON keeps RFC 3339):
    /// `2026年12月1日 09:00 (UTC+09:00)`, `1 December 2026, 09:00 (UTC+09:00)`.
    pub fn time(self, rfc3339: &str) -> String {
        let local = jiff::fmt::strtime::parse("%Y-%m-%dT%H:%M:%S%:z", rfc3339)
            .and_then(|t| t.to_datetime());
        let Ok(local) = local else {
            return rfc3339.to_string();
        };
        let pattern = match self {
            Wording::Japanese => "%Y年%-m月%-d日 %H:%M",
            Wording::English => "%-d %B %Y, %H:%M",
        };
        let offset = rfc3339.get(19..).unwrap_or_default();
        format!("{} (UTC{offset})", local.strftime(pattern))
    }

    pub fn bucket(self, min: i64, max: Option<i64>) -> String {
        match (self, max) {
            (Wording::Japanese, Some(m)) => format!("{min}〜{m}日"),
            (Wording::Japanese, None) => format!("{min}日以上"),
            (Wording::English, Some(m)) => format!("{min}–{m} days"),
            (Wording::English, None) => format!("{min}+ days"),
        }
    }
}

/// Wording the page uses as headings and labels.
#[derive(Debug, Clone, Copy)]
pub enum Text {
    PageTitle,
    Generated,
    NotPublished,
    Settings,
    StaleAfter,
    Cadence,
    DripMin,
    Days,
    Weeks,
    TopGaps,
    NoGaps,
    MoreGaps,
    ByKind,
    ByKindLead,
    BySegment,
    BySegmentLead,
    ByTouch,
    ByTouchLead,
    NoTouchServed,
    Drip,
    DripLead,
    Freshness,
    FreshnessLead,
    StaleList,
    NoStale,
    Undated,
    Webinars,
    NoWebinars,
    Stage,
    Document,
    Updated,
    Age,
    Owner,
    Total,
    RunsDry,
    NoSegments,
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}
