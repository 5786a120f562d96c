//! `content/registers.toml`: the editor's corrections to what extraction found.
//!
//! ```toml
//! [people."Sơn Minh Thắng"]
//! aliases = ["Sơn M. Thắng"]   # other spellings: merged into this entry, found in the text
//! [people."Hồ Chí Thắng"]
//! exclude = true               # not a person, or not wanted in the register
//! [documents."05-CT/TW"]       # a code, or a document's name as the register shows it
//! aliases = ["Chị thị 05"]
//! ```

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use serde::Deserialize;
use toml::Spanned;

use super::Document;
use crate::error::{Error, Position, Result};
use crate::text;

pub const REGISTERS_FILE: &str = "registers.toml";

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Corrections {
    #[serde(default)]
    pub people: BTreeMap<String, Correction>,
    #[serde(default)]
    pub documents: BTreeMap<String, Correction>,
    /// Where each entry is written, for warnings about it.
    #[serde(skip)]
    written_at: Option<WrittenAt>,
}

/// The file as named in messages, and the position of each `[people."…"]` and
/// `[documents."…"]` key in it.
#[derive(Debug, Default, Deserialize)]
struct WrittenAt {
    #[serde(skip)]
    file: PathBuf,
    #[serde(skip)]
    source: String,
    #[serde(default)]
    people: BTreeMap<Spanned<String>, toml::Value>,
    #[serde(default)]
    documents: BTreeMap<Spanned<String>, toml::Value>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Correction {
    #[serde(default)]
    pub aliases: Vec<String>,
    #[serde(default)]
    pub exclude: bool,
}

impl Corrections {
    /// Reads the file if the site has one; `shown` is its path in messages.
    pub fn load(path: &Path, shown: &Path) -> Result<Corrections> {
        if !path.is_file() {
            return Ok(Corrections::default());
        }
        let source = text::read_file(path, shown)?;
        let error = |e: toml::de::Error| {
            let offset = e.span().map_or(0, |s| s.start);
            Error::in_file(shown, e.message().trim().to_owned())
                .at(Position::of_offset(&source, offset))
                .help("write `[people.\"Name\"]` or `[documents.\"98-QĐ/TW\"]` tables with `aliases = [\"…\"]` or `exclude = true`; see \"Timelines, registers and the chronology\" in README.md")
        };
        let mut corrections: Corrections = toml::from_str(&source).map_err(error)?;
        let mut written_at: WrittenAt = toml::from_str(&source).map_err(error)?;
        written_at.file = shown.to_path_buf();
        corrections.written_at = Some(WrittenAt {
            source,
            ..written_at
        });
        Ok(corrections)
    }

    /// Whether the editor excludes `document` from the register.
    pub fn excludes(&self, document: &Document) -> bool {
        self.documents
            .iter()
            .any(|(key, c)| c.exclude && names_document(document, key))
    }

    /// A warning for each `[documents."…"]` entry that names no document the articles cite:
    /// `cited` says whether a code or name is one of them.
    pub fn unmatched_documents(&self, cited: impl Fn(&str) -> bool) -> Vec<String> {
        let unmatched = self.documents.keys().filter(|key| !cited(key));
        unmatched
            .map(|key| self.warning("documents", key, "no document the articles cite"))
            .collect()
    }

    /// A warning for each `[people."…"]` entry whose name, or alias, no article gives to
    /// anyone: `named` says whether the articles name someone so.
    pub fn unmatched_people(&self, named: impl Fn(&str) -> bool) -> Vec<String> {
        let unmatched = self.people.keys().filter(|name| !named(name));
        unmatched
            .map(|name| self.warning("people", name, "no one the articles name"))
            .collect()
    }

    fn warning(&self, table: &str, key: &str, matches: &str) -> String {
        let Some(at) = &self.written_at else {
            return format!("{table}.\"{key}\" matches {matches}");
        };
        let keys = if table == "people" {
            &at.people
        } else {
            &at.documents
        };
        let position = keys
            .get_key_value(key)
            .map_or(Position { line: 1, column: 1 }, |(k, _)| {
                Position::of_offset(&at.source, k.span().start)
            });
        format!(
            "{}:{}:{}: {table}.\"{key}\" matches {matches}, so it changes nothing; check its spelling against the register's pages",
            at.file.display(),
            position.line,
            position.column
        )
    }

    /// Alias → the entry it belongs to, for people or documents.
    pub fn alias_map(entries: &BTreeMap<String, Correction>) -> BTreeMap<String, String> {
        entries
            .iter()
            .flat_map(|(key, c)| c.aliases.iter().map(move |a| (a.clone(), key.clone())))
            .collect()
    }
}

/// Whether `key` (a code or a name as the register shows it) names `document`.
pub fn names_document(document: &Document, key: &str) -> bool {
    document.code.as_deref() == Some(key) || document.name == key
}
