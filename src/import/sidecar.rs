//! `seeds/<seed>.toml`: an editor's corrections to what extraction found. Every field is
//! optional and wins over the seed; `skip = true` keeps the seed out of the site.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use crate::error::{Error, Position};
use crate::text::{self, PageDate};

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Sidecar {
    pub title: Option<String>,
    pub date: Option<Spanned<toml::Value>>,
    pub date_approximate: Option<bool>,
    pub date_note: Option<String>,
    pub description: Option<String>,
    pub source: Option<String>,
    pub authors: Option<Vec<String>>,
    pub author_roles: Option<BTreeMap<String, String>>,
    /// A timeline slug, or the default section, instead of the one the date gives.
    pub timeline: Option<String>,
    pub slug: Option<String>,
    #[serde(default)]
    pub skip: bool,
}

impl Sidecar {
    /// Reads the sidecar beside `seed`, if there is one.
    pub fn load(path: &Path, shown: &Path) -> Result<Option<(Sidecar, Option<PageDate>)>, Error> {
        if !path.is_file() {
            return Ok(None);
        }
        let source = text::read_file(path, shown)?;
        let error_at = |offset: usize, message: String| {
            Error::in_file(shown, message)
                .at(Position::of_offset(&source, offset))
                .help("see \"Sidecars\" in README.md for the fields a sidecar may set")
        };
        let sidecar: Sidecar = toml::from_str(&source).map_err(|e| {
            error_at(
                e.span().map_or(0, |s| s.start),
                e.message().trim().to_owned(),
            )
        })?;
        let date = match &sidecar.date {
            Some(d) => {
                Some(PageDate::from_toml(d.get_ref()).map_err(|m| error_at(d.span().start, m))?)
            }
            None => None,
        };
        Ok(Some((sidecar, date)))
    }
}
