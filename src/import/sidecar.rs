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
    date: Option<Spanned<toml::Value>>,
    /// `date`, checked and converted by `load`.
    #[serde(skip)]
    pub page_date: Option<PageDate>,
    pub date_approximate: Option<bool>,
    pub date_note: Option<String>,
    pub description: Option<String>,
    pub source: Option<String>,
    pub authors: Option<Vec<String>>,
    pub author_roles: Option<BTreeMap<String, String>>,
    /// A timeline slug, or the default section, instead of the one the date gives.
    pub timeline: Option<Spanned<String>>,
    pub slug: Option<String>,
    #[serde(default)]
    pub skip: bool,
}

impl Sidecar {
    /// Reads a sidecar, if there is one. `sections` are the folders a sidecar's `timeline`
    /// may name: the timelines' slugs and the default section.
    pub fn load(path: &Path, shown: &Path, sections: &[&str]) -> Result<Option<Sidecar>, Error> {
        if !path.is_file() {
            return Ok(None);
        }
        let source = text::read_file(path, shown)?;
        let error_at = |offset: usize, message: String| {
            Error::in_file(shown, message)
                .at(Position::of_offset(&source, offset))
                .help("see \"Importing articles\" in README.md for the fields a sidecar may set")
        };
        let mut sidecar: Sidecar = toml::from_str(&source).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            match text::unreadable_date(&source, offset, &["date"]) {
                Some((offset, message, help)) => error_at(offset, message).help(help),
                None => error_at(offset, e.message().trim().to_owned()),
            }
        })?;
        if let Some(date) = &sidecar.date {
            let page_date =
                PageDate::from_toml(date.get_ref()).map_err(|m| error_at(date.span().start, m))?;
            sidecar.page_date = Some(page_date);
        }
        if let Some(timeline) = &sidecar.timeline
            && !sections.contains(&timeline.get_ref().as_str())
        {
            return Err(error_at(
                timeline.span().start,
                format!(
                    "timeline `{}` is not defined in config.toml",
                    timeline.get_ref()
                ),
            )
            .help(format!("use one of: {}", sections.join(", "))));
        }
        Ok(Some(sidecar))
    }
}
