//! Shared partials: theme templates under `partials/shared/` that depend only on the
//! language and on where a page sits (its kind, stage and taxonomy), such as the site
//! navigation and the footer's journey map. They are rendered once per language and place
//! and handed to every page as `shared.<name>`, instead of being rendered again on each of
//! a thousand pages (docs/templates.md).

use crate::theme::{Theme, template_error};
use crate::util::diagnostics::Diagnostic;
use serde::Serialize;
use std::collections::HashMap;
use std::sync::Mutex;

/// Where a page sits, as far as a shared partial may tell: enough to mark the current item
/// of a navigation, and few enough values that a site has a few dozen places per language.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize)]
pub struct Place {
    /// The page's `page_kind`.
    pub page_kind: String,
    /// The stage a stage page shows, or a document's first stage; empty elsewhere.
    pub stage: String,
    /// The taxonomy a taxonomy or term page shows; empty elsewhere.
    pub taxonomy: String,
}

/// The shared partials of one language, rendered as places come up.
#[derive(Default)]
pub struct SharedPartials {
    rendered: Mutex<HashMap<Place, Result<serde_json::Value, Diagnostic>>>,
}

impl SharedPartials {
    /// `{name: html}` of every shared partial at `place`. `base` holds the language's values
    /// (site, lang, t, stages, taxonomies, sections, assets, calendar), never a page's.
    pub fn at(
        &self,
        theme: &Theme,
        base: &tera::Context,
        place: Place,
    ) -> Result<serde_json::Value, Diagnostic> {
        if theme.shared_partials.is_empty() {
            return Ok(serde_json::Value::Object(serde_json::Map::new()));
        }
        if let Some(found) = self.lock().get(&place) {
            return found.clone();
        }
        // Rendered outside the lock: two threads may meet the same new place at once, and
        // both get the same output.
        let mut context = base.clone();
        context.insert("place", &place);
        let rendered = theme
            .shared_partials
            .iter()
            .map(|(key, template)| {
                theme
                    .tera
                    .render(template, &context)
                    .map(|html| (key.clone(), serde_json::Value::String(html)))
                    .map_err(|e| template_error(&e, &theme.template_origin))
            })
            .collect::<Result<serde_json::Map<_, _>, _>>()
            .map(serde_json::Value::Object);
        self.lock().insert(place, rendered.clone());
        rendered
    }

    fn lock(
        &self,
    ) -> std::sync::MutexGuard<'_, HashMap<Place, Result<serde_json::Value, Diagnostic>>> {
        // A panic while rendering leaves only complete entries behind.
        self.rendered
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
    }
}
