//! The interface strings templates show (`{{ t.home }}`), from the theme's
//! `i18n/<language>.toml`; a site's own `i18n/<language>.toml` overrides single strings.

use std::collections::BTreeMap;
use std::path::Path;

use tera::Value;
use toml::Spanned;

use crate::config::{Config, display_path};
use crate::error::{Error, Position, Result};
use crate::text;

pub const I18N_DIR: &str = "i18n";

/// The label shown for an imported page without a title. The program reads it (for titles
/// in search results and feeds too), so a site may add it to a theme that lacks it.
pub const UNTITLED: &str = "untitled";

/// The strings, and a warning for each key of the site's file that the theme does not have
/// (a misspelt key would otherwise change nothing, silently).
pub fn load(root: &Path, theme_dir: &Path, config: &Config) -> Result<(Value, Vec<String>)> {
    let file = format!("{}.toml", config.default_language);
    let theme_file = theme_dir.join(I18N_DIR).join(&file);
    if !theme_file.is_file() {
        return Err(Error::in_file(
            display_path(root, &theme_file),
            format!(
                "the theme has no interface strings for default_language `{}`",
                config.default_language
            ),
        )
        .help(
            "add this file (copy the theme's vi.toml and translate it), or change default_language",
        )
        .into());
    }
    let mut strings: BTreeMap<String, String> = read(root, &theme_file)?
        .into_iter()
        .map(|(key, text)| (key.into_inner(), text))
        .collect();
    let site_file = root.join(I18N_DIR).join(&file);
    let mut warnings = Vec::new();
    if site_file.is_file() {
        let shown = display_path(root, &site_file);
        let source = text::read_file(&site_file, &shown)?;
        for (key, text) in parse(&source, &shown)? {
            if !strings.contains_key(key.get_ref()) && key.get_ref() != UNTITLED {
                let at = Position::of_offset(&source, key.span().start);
                warnings.push(format!(
                    "{}:{}:{}: `{}` is not one of the theme's interface strings, so it changes nothing; the nearest it has: {}",
                    shown.display(),
                    at.line,
                    at.column,
                    key.get_ref(),
                    nearest(key.get_ref(), strings.keys()).join(", ")
                ));
                continue;
            }
            strings.insert(key.into_inner(), text);
        }
    }
    Ok((Value::from_serializable(&strings), warnings))
}

/// Each key with where it is written, for messages about it.
type Strings = BTreeMap<Spanned<String>, String>;

fn read(root: &Path, path: &Path) -> Result<Strings> {
    let shown = display_path(root, path);
    let source = text::read_file(path, &shown)?;
    parse(&source, &shown)
}

fn parse(source: &str, shown: &Path) -> Result<Strings> {
    toml::from_str(source).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        Error::in_file(shown, e.message().trim().to_owned())
            .at(Position::of_offset(source, offset))
            .help("each line is `key = \"text\"`")
            .into()
    })
}

/// The three keys closest to `key` in edits of one character, as `key` in backquotes.
fn nearest<'a>(key: &str, keys: impl Iterator<Item = &'a String>) -> Vec<String> {
    let mut by_distance: Vec<(usize, &String)> = keys.map(|k| (edit_distance(key, k), k)).collect();
    by_distance.sort();
    by_distance
        .into_iter()
        .take(3)
        .map(|(_, k)| format!("`{k}`"))
        .collect()
}

/// Levenshtein distance, in characters.
fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut row: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut diagonal = row[0];
        row[0] = i + 1;
        for (j, cb) in b.iter().enumerate() {
            let substituted = diagonal + usize::from(ca != *cb);
            diagonal = row[j + 1];
            row[j + 1] = substituted.min(row[j] + 1).min(diagonal + 1);
        }
    }
    row[b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_language_of_the_default_theme_has_every_string() {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/i18n");
        let keys = |lang: &str| -> Vec<String> {
            read(Path::new(""), &dir.join(format!("{lang}.toml")))
                .unwrap()
                .into_keys()
                .map(Spanned::into_inner)
                .collect()
        };
        assert_eq!(keys("vi"), keys("en"));
    }

    #[test]
    fn nearest_keys_are_a_few_edits_away() {
        assert_eq!(edit_distance("hom", "home"), 1);
        assert_eq!(edit_distance("trang", "trang"), 0);
        assert_eq!(edit_distance("ấn", "an"), 1);
        let keys = [
            "home".to_owned(),
            "people".to_owned(),
            "previous".to_owned(),
        ];
        assert_eq!(
            nearest("hone", keys.iter()),
            ["`home`", "`people`", "`previous`"]
        );
    }
}
