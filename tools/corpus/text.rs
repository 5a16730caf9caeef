//! Plausible customer-success prose in Japanese and English, built from word lists. The text
//! only has to look and weigh like real content (sentence shapes, inline markup, word
//! counts), so every tool parses, highlights and slugifies the same kind of input.

use crate::rng::Rng;

#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Lang {
    Ja,
    En,
}

/// A word count the way a reader would estimate it: space-separated words in English, and
/// about two characters per word in Japanese, which has no spaces.
pub fn count_words(lang: Lang, text: &str) -> usize {
    match lang {
        Lang::En => text.split_whitespace().count(),
        Lang::Ja => text.chars().filter(|c| !c.is_whitespace()).count() / 2,
    }
}

const JA_OPENERS: &[&str] = &[
    "まず、",
    "次に、",
    "実際には、",
    "多くの企業では、",
    "導入直後は、",
    "この段階では、",
    "経験上、",
    "特に大規模な組織では、",
    "一方で、",
    "そのうえで、",
    "",
    "",
    "",
];
const JA_SUBJECTS: &[&str] = &[
    "管理者は",
    "チャンピオンは",
    "担当のCSMは",
    "現場の利用者は",
    "経営層は",
    "情報システム部は",
    "プロジェクトの責任者は",
    "各部署のリーダーは",
    "カスタマーサクセスチームは",
    "新しく参加したメンバーは",
    "推進担当者は",
    "決裁者は",
];
const JA_OBJECTS: &[&str] = &[
    "承認フローの設計を",
    "週次の利用状況を",
    "ヘルススコアの推移を",
    "成功指標と目標値を",
    "導入の目的を",
    "役割分担とスケジュールを",
    "よくある質問への回答を",
    "申請書のテンプレートを",
    "更新前のビジネスレビュー資料を",
    "部署ごとの活用事例を",
    "削減できた工数を",
    "トレーニングの計画を",
    "権限とグループの設定を",
    "既存システムとの連携方法を",
    "解約リスクの兆候を",
    "社内向けの説明資料を",
];
const JA_TAILS: &[&str] = &[
    "キックオフの前に",
    "2週間ごとに",
    "部署をまたいで",
    "共有スペースで",
    "定例会議の場で",
    "本番稼働の前に",
    "四半期ごとに",
    "ダッシュボードを見ながら",
    "現場の声をもとに",
    "決裁者と一緒に",
    "",
    "",
];
const JA_VERBS: &[&str] = &[
    "見直します。",
    "共有しましょう。",
    "確認してください。",
    "整理しておくと効果的です。",
    "記録しておきます。",
    "合意しておくことが大切です。",
    "ひとつずつ改善していきます。",
    "早めに決めておきましょう。",
    "可視化すると議論が進みます。",
    "定期的に振り返ります。",
];
const JA_TOPICS: &[&str] = &[
    "キックオフ",
    "ヘルススコア",
    "承認フロー",
    "更新前レビュー",
    "社内勉強会",
    "利用率分析",
    "部門展開",
    "チャンピオン育成",
    "アプリ内ガイド",
    "オンボーディングメール",
    "経営報告",
    "解約防止",
    "紹介プログラム",
    "ユーザー会",
    "権限設計",
    "SSO 連携",
    "データ移行",
    "ワークフロー自動化",
    "ダッシュボード設計",
    "サポート窓口",
];
const JA_CONSEQUENCES: &[&str] = &[
    "定着までの期間を短くできます。",
    "現場の負担が大きく減ります。",
    "経営層への報告がしやすくなります。",
    "次の段階へ進む判断が早くなります。",
    "問い合わせの件数が落ち着きます。",
    "利用部署を広げる準備が整います。",
];

const EN_OPENERS: &[&str] = &[
    "First,",
    "Next,",
    "In practice,",
    "For most teams,",
    "Right after go-live,",
    "At this stage,",
    "In our experience,",
    "In larger organisations,",
    "On the other hand,",
    "Once that is done,",
    "",
    "",
    "",
];
const EN_SUBJECTS: &[&str] = &[
    "the administrator",
    "each champion",
    "your CSM",
    "front-line users",
    "the executive sponsor",
    "the IT team",
    "the project owner",
    "every team lead",
    "the customer success team",
    "new members",
    "the rollout lead",
    "the budget holder",
];
const EN_VERBS: &[&str] = &[
    "reviews",
    "shares",
    "checks",
    "documents",
    "tracks",
    "agrees on",
    "improves",
    "prioritises",
    "visualises",
    "revisits",
];
const EN_OBJECTS: &[&str] = &[
    "the approval workflow design",
    "weekly usage",
    "the health score trend",
    "success metrics and their targets",
    "the goals of the rollout",
    "roles and the schedule",
    "answers to common questions",
    "the request form templates",
    "the material for the business review",
    "use cases from each department",
    "the hours saved",
    "the training plan",
    "permissions and groups",
    "how the existing systems connect",
    "early signs of churn risk",
    "the internal announcement deck",
];
const EN_TAILS: &[&str] = &[
    "before the kickoff",
    "every two weeks",
    "across departments",
    "in the shared workspace",
    "in the weekly meeting",
    "before go-live",
    "every quarter",
    "with the dashboard open",
    "based on feedback from the field",
    "together with the decision maker",
    "",
    "",
];
const EN_TOPICS: &[&str] = &[
    "kickoff",
    "health score",
    "approval workflow",
    "renewal review",
    "internal study group",
    "usage analysis",
    "department rollout",
    "champion programme",
    "in-app guide",
    "onboarding email",
    "executive report",
    "churn prevention",
    "referral programme",
    "user group",
    "permission design",
    "SSO integration",
    "data migration",
    "workflow automation",
    "dashboard design",
    "support desk",
];
const EN_CONSEQUENCES: &[&str] = &[
    "adoption settles in sooner",
    "the load on the front line drops sharply",
    "reporting to executives becomes easier",
    "the decision to move on comes earlier",
    "support tickets calm down",
    "the next departments are ready to join",
];

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().chain(c).collect(),
        None => String::new(),
    }
}

/// One sentence of plain text.
pub fn sentence(rng: &mut Rng, lang: Lang) -> String {
    match lang {
        Lang::Ja => match rng.below(3) {
            0 => format!(
                "{}{}{}{}",
                rng.word(JA_OPENERS),
                rng.word(JA_SUBJECTS),
                rng.word(JA_OBJECTS),
                {
                    let tail = rng.word(JA_TAILS);
                    format!("{tail}{}", rng.word(JA_VERBS))
                }
            ),
            1 => format!(
                "{}では、{}{}",
                rng.word(JA_TOPICS),
                rng.word(JA_OBJECTS),
                rng.word(JA_VERBS)
            ),
            _ => format!(
                "{}{}{}と、{}",
                rng.word(JA_TAILS),
                rng.word(JA_OBJECTS),
                "そろえておく",
                rng.word(JA_CONSEQUENCES)
            ),
        },
        Lang::En => match rng.below(3) {
            0 => {
                let opener = rng.word(EN_OPENERS);
                let subject = rng.word(EN_SUBJECTS);
                let body = format!(
                    "{subject} {} {} {}",
                    rng.word(EN_VERBS),
                    rng.word(EN_OBJECTS),
                    rng.word(EN_TAILS)
                );
                let body = body.trim_end();
                if opener.is_empty() {
                    format!("{}.", capitalise(body))
                } else {
                    format!("{opener} {body}.")
                }
            }
            1 => format!(
                "In the {}, {} {} {}.",
                rng.word(EN_TOPICS),
                rng.word(EN_SUBJECTS),
                rng.word(EN_VERBS),
                rng.word(EN_OBJECTS)
            ),
            _ => {
                let tail = rng.word(EN_TAILS);
                let lead = if tail.is_empty() {
                    "When".to_string()
                } else {
                    format!("{}, when", capitalise(tail))
                };
                format!(
                    "{lead} {} {} {}, {}.",
                    rng.word(EN_SUBJECTS),
                    rng.word(EN_VERBS),
                    rng.word(EN_OBJECTS),
                    rng.word(EN_CONSEQUENCES)
                )
            }
        },
    }
}

pub fn topic(rng: &mut Rng, lang: Lang) -> &'static str {
    match lang {
        Lang::Ja => rng.word(JA_TOPICS),
        Lang::En => rng.word(EN_TOPICS),
    }
}

/// The same topic in both languages, by index, so a translation keeps its subject.
pub fn topic_pair(i: usize) -> (&'static str, &'static str) {
    (
        JA_TOPICS[i % JA_TOPICS.len()],
        EN_TOPICS[i % EN_TOPICS.len()],
    )
}

pub const TOPIC_COUNT: usize = 20;

/// Short phrases for list items.
pub fn list_item(rng: &mut Rng, lang: Lang) -> String {
    match lang {
        Lang::Ja => format!(
            "{}{}",
            rng.word(JA_OBJECTS),
            rng.word(&["確認する", "決める", "共有する", "更新する", "記録する"])
        ),
        Lang::En => capitalise(&format!(
            "{} {}",
            rng.word(&["confirm", "decide", "share", "update", "record"]),
            rng.word(EN_OBJECTS)
        )),
    }
}

/// Section headings: the id is the same in every language, so links with anchors work from
/// a translation too.
pub const SECTIONS: &[(&str, &str, &str)] = &[
    ("overview", "概要", "Overview"),
    ("background", "背景", "Background"),
    ("preparation", "事前準備", "Preparation"),
    ("agenda", "アジェンダ", "Agenda"),
    ("roles", "役割分担", "Roles"),
    ("metrics", "成功指標", "Success metrics"),
    ("risks", "よくあるつまずき", "Common pitfalls"),
    ("timeline", "スケジュール", "Timeline"),
    ("faq", "よくある質問", "FAQ"),
    ("results", "成果", "Results"),
    ("lessons", "学んだこと", "Lessons learned"),
    ("tools", "使うツール", "Tools"),
    ("template", "テンプレート", "Template"),
    ("examples", "活用例", "Examples"),
    ("governance", "運用ルール", "Governance"),
    ("training", "トレーニング", "Training"),
    ("rollout", "展開の進め方", "Rolling out"),
    ("reporting", "報告の仕方", "Reporting"),
    ("automation", "自動化", "Automation"),
    ("integration", "システム連携", "Integrations"),
];

/// Sub-headings without an explicit id: each tool derives one from the text.
pub fn subheading(rng: &mut Rng, lang: Lang) -> String {
    match lang {
        Lang::Ja => format!(
            "{}の{}",
            rng.word(JA_TOPICS),
            rng.word(&["ポイント", "注意点", "進め方", "具体例", "コツ"])
        ),
        Lang::En => format!(
            "{} {}",
            capitalise(rng.word(EN_TOPICS)),
            rng.word(&["essentials", "caveats", "in practice", "examples", "tips"])
        ),
    }
}

const PLACES: &[(&str, &str)] = &[
    ("青葉", "Aoba"),
    ("港", "Minato"),
    ("桜台", "Sakuradai"),
    ("光が丘", "Hikarigaoka"),
    ("翼", "Tsubasa"),
    ("楓", "Kaede"),
    ("水凪", "Mizunagi"),
    ("三鶴", "Mitsuru"),
    ("花緑", "Hanamidori"),
    ("空野", "Sorano"),
    ("北斗", "Hokuto"),
    ("若葉", "Wakaba"),
    ("朝日", "Asahi"),
    ("白波", "Shiranami"),
    ("東雲", "Shinonome"),
    ("高嶺", "Takane"),
    ("緑川", "Midorikawa"),
    ("大和", "Yamato"),
    ("千歳", "Chitose"),
    ("葵", "Aoi"),
];
const BUSINESSES: &[(&str, &str)] = &[
    ("精機", "Precision"),
    ("信用金庫", "Shinkin Bank"),
    ("物流", "Logistics"),
    ("テック", "Tech"),
    ("病院", "Hospital"),
    ("市役所", "City Office"),
    ("建設", "Construction"),
    ("食品", "Foods"),
    ("電機", "Electric"),
    ("不動産", "Realty"),
    ("商事", "Trading"),
    ("大学", "University"),
    ("エネルギー", "Energy"),
    ("薬品", "Pharma"),
    ("ホテルズ", "Hotels"),
    ("システムズ", "Systems"),
    ("交通", "Transit"),
    ("保険", "Insurance"),
    ("製菓", "Confectionery"),
    ("化学", "Chemicals"),
];

/// A customer name in both languages.
pub fn customer(rng: &mut Rng) -> (String, String) {
    let (pj, pe) = rng.pick(PLACES);
    let (bj, be) = rng.pick(BUSINESSES);
    (format!("株式会社{pj}{bj}"), format!("{pe} {be}"))
}

const PEOPLE: &[(&str, &str)] = &[
    ("森田 裕介", "Yusuke Morita"),
    ("佐藤 美咲", "Misaki Sato"),
    ("中島 大輔", "Daisuke Nakajima"),
    ("高橋 陽菜", "Hina Takahashi"),
    ("伊藤 翔", "Sho Ito"),
    ("渡辺 結衣", "Yui Watanabe"),
    ("山本 健", "Ken Yamamoto"),
    ("小林 彩", "Aya Kobayashi"),
    ("加藤 拓海", "Takumi Kato"),
    ("吉田 真由", "Mayu Yoshida"),
];
const ROLES: &[(&str, &str)] = &[
    ("情報システム部 部長", "Head of IT"),
    ("業務改革室 室長", "Head of Business Transformation"),
    ("総務部 課長", "General Affairs Manager"),
    (
        "Acme カスタマーサクセス部 マネージャー",
        "Customer Success Manager, Acme",
    ),
    ("経営企画部 主任", "Corporate Planning Lead"),
    ("生産管理部 部長", "Head of Production Control"),
];

pub fn person(rng: &mut Rng) -> ((&'static str, &'static str), (&'static str, &'static str)) {
    (*rng.pick(PEOPLE), *rng.pick(ROLES))
}

/// A code block in a language all three tools highlight, with comments in the page's
/// language.
pub fn code_block(rng: &mut Rng, lang: Lang) -> (&'static str, String) {
    let comment = |ja: &str, en: &str| match lang {
        Lang::Ja => ja.to_string(),
        Lang::En => en.to_string(),
    };
    let n = rng.range(2, 6);
    let kind = rng.below(6);
    let mut out = String::new();
    let name = rng.word(&[
        "expense_approval",
        "purchase_request",
        "repair_request",
        "leave_request",
        "contract_review",
        "it_account",
    ]);
    match kind {
        0 => {
            out.push_str(&format!(
                "# {}\nworkflow:\n  name: {name}\n  steps:\n",
                comment("承認フローの定義", "Approval workflow definition")
            ));
            for i in 0..n {
                out.push_str(&format!(
                    "    - id: step_{i}\n      approver: {}\n      timeout_hours: {}\n",
                    rng.word(&["manager", "department_head", "finance", "it_admin"]),
                    rng.range(4, 72)
                ));
            }
            ("yaml", out)
        }
        1 => {
            out.push_str(&format!(
                "{{\n  \"workflow\": \"{name}\",\n  \"fields\": [\n"
            ));
            for i in 0..n {
                out.push_str(&format!(
                    "    {{ \"key\": \"field_{i}\", \"type\": \"{}\", \"required\": {} }}{}\n",
                    rng.word(&["text", "number", "date", "user", "file"]),
                    rng.chance(0.5),
                    if i + 1 < n { "," } else { "" }
                ));
            }
            out.push_str("  ]\n}\n");
            ("json", out)
        }
        2 => {
            out.push_str(&format!(
                "# {}\nimport requests\n\nAPI = \"https://api.example.com/v2\"\n\n\ndef weekly_active(team_id, token):\n    r = requests.get(f\"{{API}}/teams/{{team_id}}/usage\", headers={{\"Authorization\": f\"Bearer {{token}}\"}})\n    r.raise_for_status()\n    rows = r.json()[\"weeks\"]\n",
                comment("週次アクティブ率を取得する", "Fetch the weekly active rate")
            ));
            for i in 0..n {
                out.push_str(&format!(
                    "    threshold_{i} = {}  # {}\n",
                    rng.range(10, 95),
                    comment("目標値", "target")
                ));
            }
            out.push_str("    return [w[\"active\"] / w[\"seats\"] for w in rows]\n");
            ("python", out)
        }
        3 => {
            out.push_str(&format!(
                "-- {}\nSELECT team, COUNT(*) AS requests, AVG(hours_to_approve) AS lead_time\nFROM {name}\nWHERE submitted_at >= DATE '2026-0{}-01'\n",
                comment("部署別の承認リードタイム", "Approval lead time per team"),
                rng.range(1, 9)
            ));
            for _ in 0..n {
                out.push_str(&format!(
                    "  AND status <> '{}'\n",
                    rng.word(&["draft", "cancelled", "rejected", "archived"])
                ));
            }
            out.push_str("GROUP BY team\nORDER BY lead_time DESC;\n");
            ("sql", out)
        }
        4 => {
            out.push_str(&format!(
                "# {}\nset -euo pipefail\nTOKEN=\"$(cat ~/.acme/token)\"\n",
                comment("ユーザーを一括で招待する", "Invite users in bulk")
            ));
            for i in 0..n {
                out.push_str(&format!(
                    "curl -sf -X POST https://api.example.com/v2/users \\\n  -H \"Authorization: Bearer $TOKEN\" \\\n  -d '{{\"email\": \"user{i}@example.com\", \"group\": \"{}\"}}'\n",
                    rng.word(&["sales", "finance", "factory", "hr", "it"])
                ));
            }
            ("bash", out)
        }
        _ => {
            out.push_str(&format!(
                "// {}\nexport function healthScore(account) {{\n  let score = 0;\n",
                comment("ヘルススコアの計算例", "An example health score")
            ));
            for _ in 0..n {
                out.push_str(&format!(
                    "  if (account.{} > {}) score += {};\n",
                    rng.word(&["weeklyActive", "workflows", "seatsUsed", "nps", "logins"]),
                    rng.range(1, 80),
                    rng.range(5, 25)
                ));
            }
            out.push_str("  return Math.min(score, 100);\n}\n");
            ("javascript", out)
        }
    }
}
