//! Open Graph and Twitter card values of a page: its share image, locale and dates.

use super::{Job, PageEnv, SOCIAL_IMAGE_SIZE, Shared};
use crate::content::Site;
use crate::render::context::rfc3339;
use crate::theme::strings::{Strings, text};
use serde::Serialize;

/// Open Graph and Twitter card values of a page.
#[derive(Serialize)]
pub(super) struct Social {
    #[serde(rename = "type")]
    og_type: &'static str,
    card: &'static str,
    image: String,
    image_alt: String,
    image_width: u32,
    image_height: u32,
    locale: String,
    locale_alternates: Vec<String>,
    published_time: String,
    modified_time: String,
}

fn og_locale(t: &Strings, lang: &str) -> String {
    match text(t, "og_locale") {
        "" => lang.replace('-', "_"),
        l => l.to_string(),
    }
}

pub(super) fn social(env: &PageEnv, kind: &str, title: &str) -> Social {
    let PageEnv {
        site,
        shared,
        langs,
        lr,
        job,
        ..
    } = *env;
    let default_image = |name: &str| {
        shared
            .social_images
            .get(name)
            .or_else(|| shared.social_images.get("default"))
            .cloned()
    };
    let mut published_time = String::new();
    let mut modified_time = String::new();
    let (own, fallback) = match job {
        Job::Doc(i) => {
            let d = &site.docs[*i];
            if let Some(x) = &d.common.date {
                published_time = rfc3339(x.instant, site);
            }
            if let Some(x) = d.common.updated.as_ref().or(d.common.date.as_ref()) {
                modified_time = rfc3339(x.instant, site);
            }
            (own_image(site, shared, *i), default_image(d.kind.name()))
        }
        Job::Stage(_) => (None, default_image("stage")),
        Job::Index(k) => (None, default_image(k.name())),
        _ => (None, default_image("default")),
    };
    let (image, (width, height)) = match (own, fallback) {
        (Some(own), _) => (own, (0, 0)),
        (None, Some(theme)) => (theme, SOCIAL_IMAGE_SIZE),
        (None, None) => (String::new(), (0, 0)),
    };
    Social {
        og_type: if matches!(job, Job::Doc(_)) {
            "article"
        } else {
            "website"
        },
        card: if image.is_empty() {
            "summary"
        } else {
            "summary_large_image"
        },
        image_alt: if image.is_empty() {
            String::new()
        } else if kind == "home" {
            site.config.title.clone()
        } else {
            format!("{title} | {}", site.config.title)
        },
        image,
        image_width: width,
        image_height: height,
        locale: og_locale(lr.ctx.t, lr.ctx.lang),
        locale_alternates: langs
            .iter()
            .filter(|o| o.ctx.lang != lr.ctx.lang)
            .map(|o| og_locale(o.ctx.t, o.ctx.lang))
            .collect(),
        published_time,
        modified_time,
    }
}

/// A document's own share image, `extra.image` (beside the document, `/`-rooted in
/// static/, or a full address), when it exists: a broken image is worse than the default.
fn own_image(site: &Site, shared: &Shared, i: usize) -> Option<String> {
    crate::render::links::document_image(site, &site.docs[i], |path| shared.files.contains(path))
}
