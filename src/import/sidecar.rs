//! `seeds/<seed>.toml`: an editor's corrections to what extraction found. Every field is
//! optional and wins over the seed; `skip = true` keeps the seed out of the site. Line keys
//! (`title_line = 3`, …) are gathered here and applied by `corrections`.

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use toml::Spanned;

use super::corrections::{LineKey, LineKeys, NamedLine};
use super::photos::PhotoEntry;
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
    // Line keys: seed lines by their number in the import report (see `corrections`).
    title_line: Option<Spanned<usize>>,
    date_line: Option<Spanned<usize>>,
    source_line: Option<Spanned<usize>>,
    author_lines: Option<Vec<Spanned<usize>>>,
    drop_lines: Option<Vec<Spanned<usize>>>,
    body_lines: Option<Vec<Spanned<usize>>>,
    caption_lines: Option<Vec<Spanned<usize>>>,
    heading_lines: Option<Vec<Spanned<usize>>>,
    seed_sha256: Option<Spanned<String>>,
    /// `[[photos]]`: the seed's photos and the lines they go with (see `photos`).
    #[serde(default)]
    photos: Vec<Spanned<PhotoEntry>>,
    /// The sidecar's text, for the photos' positions; set by `load`.
    #[serde(skip)]
    text: String,
    /// The line keys above and `seed_sha256`, with where each is written; set by `load`.
    #[serde(skip)]
    pub line_keys: LineKeys,
}

/// A sidecar's `[[photos]]`, with what they are checked against.
#[derive(Debug, Default)]
pub struct SidecarPhotos {
    pub entries: Vec<Spanned<PhotoEntry>>,
    /// The sidecar's text, for the entries' positions.
    pub text: String,
    pub seed_sha256: Option<String>,
}

impl Sidecar {
    /// Takes the photos out, before the fields go into the page.
    pub fn take_photos(&mut self) -> SidecarPhotos {
        SidecarPhotos {
            entries: std::mem::take(&mut self.photos),
            text: std::mem::take(&mut self.text),
            seed_sha256: self.line_keys.seed_sha256.as_ref().map(|(h, _)| h.clone()),
        }
    }

    /// Reads a sidecar's text (`shown` names it in errors). `sections` are the folders a
    /// sidecar's `timeline` may name: the timelines' slugs and the default section.
    pub fn parse(source: &str, shown: &Path, sections: &[&str]) -> Result<Sidecar, Error> {
        let error_at = |offset: usize, message: String| {
            Error::in_file(shown, message)
                .at(Position::of_offset(source, offset))
                .help("see \"Importing articles\" in README.md for the fields a sidecar may set")
        };
        let mut sidecar: Sidecar = toml::from_str(source).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            match text::unreadable_date(source, offset, &["date"]) {
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
        sidecar.line_keys = sidecar.gather_line_keys(source);
        sidecar.text = source.to_owned();
        Ok(sidecar)
    }

    fn gather_line_keys(&self, source: &str) -> LineKeys {
        let at = |span: std::ops::Range<usize>| Position::of_offset(source, span.start);
        let singles = [
            (LineKey::Title, &self.title_line),
            (LineKey::Date, &self.date_line),
            (LineKey::Source, &self.source_line),
        ];
        let lists = [
            (LineKey::Author, &self.author_lines),
            (LineKey::Drop, &self.drop_lines),
            (LineKey::Body, &self.body_lines),
            (LineKey::Caption, &self.caption_lines),
            (LineKey::Heading, &self.heading_lines),
        ];
        let singles = singles
            .into_iter()
            .filter_map(|(key, number)| Some((key, number.as_ref()?)));
        let lists = lists
            .into_iter()
            .flat_map(|(key, numbers)| numbers.iter().flatten().map(move |n| (key, n)));
        let mut named: Vec<NamedLine> = singles
            .chain(lists)
            .map(|(key, number)| NamedLine {
                number: *number.get_ref(),
                key,
                at: at(number.span()),
            })
            .collect();
        named.sort_by_key(|n| (n.at.line, n.at.column));
        LineKeys {
            named,
            seed_sha256: (self.seed_sha256.as_ref())
                .map(|h| (h.get_ref().trim().to_lowercase(), at(h.span()))),
        }
    }
}
