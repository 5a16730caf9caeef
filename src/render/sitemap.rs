//! sitemap.xml (with hreflang alternates) and robots.txt.

use super::pages::SitemapEntry;
use crate::content::Site;
use crate::link::Journey;
use crate::util::html::html_escape;

pub fn render(
    site: &Site,
    _journey: &Journey,
    mut entries: Vec<std::sync::Arc<SitemapEntry>>,
) -> Vec<(String, Vec<u8>)> {
    entries.sort_by(|a, b| a.permalink.cmp(&b.permalink));
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for e in &entries {
        xml.push_str("  <url>\n    <loc>");
        xml.push_str(&html_escape(&e.permalink));
        xml.push_str("</loc>\n");
        if let Some(m) = &e.lastmod {
            xml.push_str(&format!("    <lastmod>{m}</lastmod>\n"));
        }
        for (lang, href) in &e.alternates {
            xml.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                html_escape(lang),
                html_escape(href)
            ));
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    // The drip files are for email tools and marketers, not for search results.
    let drip: String = site
        .config
        .languages
        .iter()
        .map(|lang| {
            format!(
                "Disallow: {}\n",
                site.config
                    .base_url
                    .url(&crate::util::urls::encode_path(&format!(
                        "{}{}",
                        site.config.language_prefix(lang),
                        crate::drip::DRIP_DIR
                    )))
            )
        })
        .collect();
    let robots = format!(
        "User-agent: *\nAllow: /\n{drip}\nSitemap: {}\n",
        site.config.base_url.permalink("sitemap.xml")
    );
    vec![
        ("sitemap.xml".to_string(), xml.into_bytes()),
        ("robots.txt".to_string(), robots.into_bytes()),
    ]
}
