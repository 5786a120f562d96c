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
use std::path::Path;

use serde::Deserialize;

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
        toml::from_str(&source).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            Error::in_file(shown, e.message().trim().to_owned())
                .at(Position::of_offset(&source, offset))
                .help("write `[people.\"Name\"]` or `[documents.\"98-QĐ/TW\"]` tables with `aliases = [\"…\"]` or `exclude = true`; see \"Registers\" in README.md")
                .into()
        })
    }

    /// Alias → the entry it belongs to, for people or documents.
    pub fn alias_map(entries: &BTreeMap<String, Correction>) -> BTreeMap<String, String> {
        entries
            .iter()
            .flat_map(|(key, c)| c.aliases.iter().map(move |a| (a.clone(), key.clone())))
            .collect()
    }
}
