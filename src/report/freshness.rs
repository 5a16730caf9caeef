//! How old each stage's content is, and the webinars ahead: the report's tables in time.

use crate::check::{owner_of, stale_limit};
use crate::content::{Document, Site, age_in_days, freshness};
use serde::Serialize;

/// Age buckets in days, inclusive; the last one is open-ended.
pub const AGE_BUCKETS: [(i64, Option<i64>); 5] = [
    (0, Some(30)),
    (31, Some(90)),
    (91, Some(180)),
    (181, Some(365)),
    (366, None),
];

#[derive(Debug, Clone, Serialize)]
pub struct StageFreshness {
    pub stage: String,
    pub documents: usize,
    pub buckets: Vec<AgeBucket>,
    /// Documents with neither `updated` nor `date`.
    pub undated: usize,
    pub stale: Vec<StaleDoc>,
}

#[derive(Debug, Clone, Serialize)]
pub struct AgeBucket {
    pub min_days: i64,
    pub max_days: Option<i64>,
    pub count: usize,
}

#[derive(Debug, Clone, Serialize)]
pub struct StaleDoc {
    pub file: String,
    pub title: String,
    pub kind: &'static str,
    /// `updated`, else `date`.
    pub date: String,
    pub age_days: i64,
    /// Who reviews it (`check --group-by owner` lists the same); left out when nobody does.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub owner: Option<String>,
    /// The limit it passed (site-config's, or its kind's or stage's): the gap sentence
    /// names the smallest, which every stale document of the stage has passed.
    #[serde(skip)]
    pub limit_days: i64,
}

#[derive(Debug, Clone, Serialize)]
pub struct Month {
    /// `2026-12`, in the site's time zone.
    pub month: String,
    pub count: usize,
    pub webinars: Vec<WebinarRef>,
}

#[derive(Debug, Clone, Serialize)]
pub struct WebinarRef {
    pub file: String,
    pub title: String,
    pub starts_at: String,
}

pub(super) fn stage_freshness(site: &Site, stage: &str, members: &[&Document]) -> StageFreshness {
    let mut buckets: Vec<AgeBucket> = AGE_BUCKETS
        .iter()
        .map(|&(min_days, max_days)| AgeBucket {
            min_days,
            max_days,
            count: 0,
        })
        .collect();
    let mut undated = 0;
    let mut stale = vec![];
    for doc in members {
        let Some((date, _)) = freshness(doc) else {
            undated += 1;
            continue;
        };
        // A date ahead of now (only with --drafts) is as fresh as today.
        let age = age_in_days(site, date.day).max(0);
        if let Some(b) = buckets
            .iter_mut()
            .find(|b| age >= b.min_days && b.max_days.is_none_or(|m| age <= m))
        {
            b.count += 1;
        }
        let (limit_days, _) = stale_limit(site, doc);
        if age > limit_days {
            stale.push(StaleDoc {
                file: doc.source.clone(),
                title: doc.common.title.clone(),
                kind: doc.kind.name(),
                date: date.day.to_string(),
                age_days: age,
                owner: owner_of(site, doc).map(String::from),
                limit_days,
            });
        }
    }
    stale.sort_by(|a, b| b.age_days.cmp(&a.age_days).then(a.file.cmp(&b.file)));
    StageFreshness {
        stage: stage.to_string(),
        documents: members.len(),
        buckets,
        undated,
        stale,
    }
}

/// Upcoming webinars by month of their start, every month from now's to the last one.
pub(super) fn webinars_by_month(site: &Site, docs: &[usize]) -> Vec<Month> {
    let tz = site.config.timezone.clone();
    let mut upcoming: Vec<(&Document, jiff::Zoned)> = docs
        .iter()
        .map(|&i| &**site.docs[i])
        .filter_map(|d| {
            let w = d.webinar()?;
            w.is_upcoming(site.now)
                .then(|| (d, w.starts_at.to_zoned(tz.clone())))
        })
        .collect();
    upcoming.sort_by(|a, b| a.1.cmp(&b.1).then(a.0.source.cmp(&b.0.source)));
    let Some(last) = upcoming.last().map(|(_, z)| z.date().first_of_month()) else {
        return vec![];
    };
    let mut month = site.now.to_zoned(tz).date().first_of_month();
    let mut out = vec![];
    while month <= last {
        let webinars: Vec<WebinarRef> = upcoming
            .iter()
            .filter(|(_, z)| z.date().first_of_month() == month)
            .map(|(d, z)| WebinarRef {
                file: d.source.clone(),
                title: d.common.title.clone(),
                starts_at: z.strftime("%Y-%m-%dT%H:%M:%S%:z").to_string(),
            })
            .collect();
        out.push(Month {
            month: month.strftime("%Y-%m").to_string(),
            count: webinars.len(),
            webinars,
        });
        month = match month.checked_add(jiff::Span::new().months(1)) {
            Ok(m) => m,
            Err(_) => break,
        };
    }
    out
}
