//! The theme a build renders with: its templates, interface strings and the globals every
//! template sees, loaded once and again only when the configuration or a template changes.

use std::path::{Path, PathBuf};

use tera::{Tera, Value};

use super::templates::{Templates, theme_dir};
use super::{filters, i18n, values};
use crate::config::Config;
use crate::content::Site;
use crate::content::registers::EntryPages;
use crate::error::{Error, Result};
use crate::urls::{CHRONOLOGY_PATH, DOCUMENTS_PATH, PEOPLE_PATH, SEARCH_PATH};

/// The theme's templates and interface strings, ready to render with: loaded once, and again
/// only when the configuration or a template changes.
pub struct Theme {
    /// The theme's folder, for its static files.
    pub dir: PathBuf,
    pub(super) templates: Templates,
    /// Site strings the theme does not have (`i18n/<language>.toml`).
    pub warnings: Vec<String>,
    /// The interface string shown for a page without a title (`t.untitled`), if the theme
    /// has one.
    untitled: Option<String>,
    /// `default_language`, for messages naming the interface strings' file.
    language: String,
}

/// The search page's template: a theme that has it gets a search page and index.
pub const SEARCH_TEMPLATE: &str = "search.html";

/// The templates that show what the registers find (the search index uses them too).
const REGISTER_TEMPLATES: [&str; 5] = [
    "register.html",
    "document.html",
    "person.html",
    "chronology.html",
    SEARCH_TEMPLATE,
];

impl Theme {
    /// Whether the theme shows anything of the registers: if not, the build does not extract
    /// them (they are the costliest part of reading the content).
    pub fn wants_registers(&self) -> bool {
        REGISTER_TEMPLATES.iter().any(|t| self.templates.has(t))
    }

    /// Whether the theme has a search page (and so the site a search index).
    pub fn has_search(&self) -> bool {
        self.templates.has(SEARCH_TEMPLATE)
    }

    /// Which register entries get pages of their own: only those are linked to and found.
    pub fn entry_pages(&self) -> EntryPages {
        EntryPages {
            documents: self.templates.has("document.html"),
            people: self.templates.has("person.html"),
        }
    }

    pub fn load(root: &Path, config: &Config) -> Result<Theme> {
        let dir = theme_dir(root, config)?;
        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".htm", ".xml"]);
        filters::register(&mut tera, config);
        let globals = tera.global_context();
        globals.insert_value("config", values::config_value(config));
        let (strings, warnings) = i18n::load(root, &dir, config)?;
        let untitled = strings
            .get_from_path(i18n::UNTITLED)
            .and_then(Value::as_str)
            .map(str::to_owned);
        globals.insert_value("t", strings);
        globals.insert("documents_path", &config.base_url.path_to(DOCUMENTS_PATH));
        globals.insert("people_path", &config.base_url.path_to(PEOPLE_PATH));
        globals.insert("chronology_path", &config.base_url.path_to(CHRONOLOGY_PATH));
        globals.insert("search_path", &config.base_url.path_to(SEARCH_PATH));
        let templates = Templates::load(root, &dir, tera)?;
        Ok(Theme {
            dir,
            templates,
            warnings,
            untitled,
            language: config.default_language.clone(),
        })
    }

    /// What a page without a title shows in its place (see `values::page_value`): the
    /// theme's `untitled` string. An error only when a page needs it and the theme has none.
    pub fn untitled_label(&self, site: &Site) -> Result<&str> {
        if let Some(label) = &self.untitled {
            return Ok(label);
        }
        match site.pages.iter().find(|p| p.meta.title.trim().is_empty()) {
            None => Ok(""),
            Some(page) => Err(Error::in_file(
                &page.file,
                "this page has no title, and the theme has no `untitled` interface string to show in its place",
            )
            .help(format!(
                "give the page a title (an imported article: `title = \"…\"` in its seed's sidecar), or add `untitled = \"…\"` to the site's {}/{}.toml",
                i18n::I18N_DIR,
                self.language
            ))
            .into()),
        }
    }
}
