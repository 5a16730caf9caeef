//! The orders lists are shown in.

use crate::content::Site;
use jiff::Timestamp;

pub(super) fn date_key(site: &Site, i: usize) -> Option<Timestamp> {
    site.docs[i].common.date.as_ref().map(|d| d.instant)
}

/// Manual `weight` first, then newest, then title: the order marketers expect in a list.
pub fn sort_listed(site: &Site, list: &mut [usize]) {
    list.sort_by(|&a, &b| {
        let (da, db) = (&site.docs[a], &site.docs[b]);
        let wa = da.common.weight.unwrap_or(i64::MAX);
        let wb = db.common.weight.unwrap_or(i64::MAX);
        wa.cmp(&wb)
            .then_with(|| date_key(site, b).cmp(&date_key(site, a)))
            .then_with(|| da.common.title.cmp(&db.common.title))
            .then_with(|| a.cmp(&b))
    });
}

pub fn sort_by_date_then_title(site: &Site, list: &mut [usize]) {
    list.sort_by(|&a, &b| newest_first(site, a, b));
}

/// The first `limit` of `list` in the order of [`sort_by_date_then_title`], without sorting
/// the rest: feeds show a few of lists that hold a fifth of a large site.
pub fn keep_newest(site: &Site, list: &mut Vec<usize>, limit: usize) {
    if limit < list.len() {
        list.select_nth_unstable_by(limit, |&a, &b| newest_first(site, a, b));
        list.truncate(limit);
    }
    sort_by_date_then_title(site, list);
}

fn newest_first(site: &Site, a: usize, b: usize) -> std::cmp::Ordering {
    date_key(site, b)
        .cmp(&date_key(site, a))
        .then_with(|| site.docs[a].common.title.cmp(&site.docs[b].common.title))
        .then_with(|| a.cmp(&b))
}

/// Upcoming: soonest first. On demand: most recent first.
pub fn sort_webinars(site: &Site, list: &mut [usize], newest_first: bool) {
    list.sort_by(|&a, &b| {
        let sa = site.docs[a].webinar().map(|w| w.starts_at);
        let sb = site.docs[b].webinar().map(|w| w.starts_at);
        let ord = if newest_first {
            sb.cmp(&sa)
        } else {
            sa.cmp(&sb)
        };
        ord.then_with(|| a.cmp(&b))
    });
}
