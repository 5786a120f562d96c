//! The filters and functions our templates get beyond Tera's own: Vietnamese dates, slugs,
//! Markdown, URLs under the site's base path, and lookups of other pages and sections.

use tera::value::Key;
use tera::{Error, Kwargs, State, Tera, TeraResult, Value};

use crate::config::Config;
use crate::text::{PageDate, shorten, slugify};

use super::markdown;

/// The context variables the renderer puts every page and section value in, by file under
/// `content/`: what `get_page` and `get_section` read. The theme itself holds no build's
/// values.
pub const PAGES_VAR: &str = "__biennien_pages";
pub const SECTIONS_VAR: &str = "__biennien_sections";

pub fn register(tera: &mut Tera, config: &Config) {
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
        let settings = markdown::Settings::plain(&base_path);
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

    tera.register_function("get_page", |kwargs: Kwargs, state: &State| {
        let path = kwargs.must_get::<&str>("path")?;
        find(state, PAGES_VAR, path)
            .ok_or_else(|| Error::message(format!("get_page: no page content/{path}")))
    });
    tera.register_function("get_section", |kwargs: Kwargs, state: &State| {
        let path = kwargs.must_get::<&str>("path")?;
        find(state, SECTIONS_VAR, path)
            .ok_or_else(|| Error::message(format!("get_section: no section content/{path}")))
    });
}

/// The value under `path` in the map the renderer handed the template as `var`.
fn find(state: &State, var: &str, path: &str) -> Option<Value> {
    let map = state.get::<Value>(var).ok()??;
    map.as_map()?.get(&Key::from(path.to_owned())).cloned()
}
