//! The filters and functions our templates get beyond Tera's own: Vietnamese dates, slugs,
//! Markdown, URLs under the site's base path, and lookups of other pages and sections.

use rustc_hash::FxHashMap;
use std::sync::{Arc, RwLock};

use tera::{Error, Kwargs, State, Tera, TeraResult, Value};

use crate::config::Config;
use crate::text::{PageDate, shorten, slugify};

use super::markdown;

/// What templates look up and builds reuse: page and section values by their file under
/// `content/` (each page's with what it was made from, `fingerprint::page_key`), and the
/// values of the last build by place.
#[derive(Default, Clone)]
pub struct Lookup {
    pub pages: FxHashMap<String, (u64, Value)>,
    pub sections: FxHashMap<String, Value>,
    /// The last build's pages in the site's order, with their keys and values.
    pub in_order: super::PagesInOrder,
    /// The register's documents and the chronology, as the last build made them.
    pub documents: super::Keyed,
    pub chronology: super::Keyed,
}

/// `lookup` is read at each call: it holds the site of the build being rendered.
pub fn register(tera: &mut Tera, config: &Config, lookup: Arc<RwLock<Arc<Lookup>>>) {
    // `{{ page.date | date_vi }}` → `ngày 4 tháng 3 năm 2017`; `approximate=true` → `khoảng …`.
    tera.register_filter("date_vi", |value: &str, kwargs: Kwargs, _: &State| {
        let approximate = kwargs.get::<bool>("approximate")?.unwrap_or(false);
        PageDate::parse(value)
            .map(|d| d.vietnamese(approximate))
            .ok_or_else(|| Error::message(format!("date_vi: `{value}` is not a date")))
    });
    tera.register_filter("slugify", |value: &str, _: Kwargs, _: &State| {
        slugify(value)
    });
    // `{{ text | shorten(length=90) }}`: at most 90 characters, cut after a whole word, `…`.
    tera.register_filter("shorten", |value: &str, kwargs: Kwargs, _: &State| {
        let length = kwargs.must_get::<usize>("length")?;
        TeraResult::Ok(shorten(value, length).into_owned())
    });
    let base_path = config.base_url.path.clone();
    tera.register_filter("markdown", move |value: &str, _: Kwargs, _: &State| {
        let settings = markdown::Settings {
            smart_punctuation: true,
            base_path: &base_path,
            mentions: &[],
            photos: None,
        };
        Value::safe_string(&markdown::render(value, settings).html)
    });

    let base = config.base_url.clone();
    // `{{ url(path="css/site.css") }}` → `/lich-su/css/site.css`; `absolute=true` for a full URL.
    tera.register_function(
        "url",
        move |kwargs: Kwargs, _: &State| -> TeraResult<String> {
            let path = kwargs.must_get::<&str>("path")?;
            if path.starts_with("http://") || path.starts_with("https://") {
                return Ok(path.to_owned());
            }
            Ok(if kwargs.get::<bool>("absolute")?.unwrap_or(false) {
                base.url_to(path)
            } else {
                base.path_to(path)
            })
        },
    );

    let current = |lookup: &RwLock<Arc<Lookup>>| {
        Arc::clone(&lookup.read().unwrap_or_else(|e| e.into_inner()))
    };
    let pages = Arc::clone(&lookup);
    tera.register_function("get_page", move |kwargs: Kwargs, _: &State| {
        let path = kwargs.must_get::<&str>("path")?;
        current(&pages)
            .pages
            .get(path)
            .map(|(_, value)| value.clone())
            .ok_or_else(|| Error::message(format!("get_page: no page content/{path}")))
    });
    tera.register_function("get_section", move |kwargs: Kwargs, _: &State| {
        let path = kwargs.must_get::<&str>("path")?;
        current(&lookup)
            .sections
            .get(path)
            .cloned()
            .ok_or_else(|| Error::message(format!("get_section: no section content/{path}")))
    });
}
