//! The interface strings templates show (`{{ t.home }}`), from the theme's
//! `i18n/<language>.toml`; a site's own `i18n/<language>.toml` overrides single strings.

use std::collections::BTreeMap;
use std::path::Path;

use tera::Value;

use crate::config::{Config, display_path};
use crate::error::{Error, Position, Result};
use crate::text;

pub const I18N_DIR: &str = "i18n";

pub fn load(root: &Path, theme_dir: &Path, config: &Config) -> Result<Value> {
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
    let mut strings = read(root, &theme_file)?;
    let site_file = root.join(I18N_DIR).join(&file);
    if site_file.is_file() {
        strings.extend(read(root, &site_file)?);
    }
    Ok(Value::from_serializable(&strings))
}

fn read(root: &Path, path: &Path) -> Result<BTreeMap<String, String>> {
    let shown = display_path(root, path);
    let source = text::read_file(path, &shown)?;
    toml::from_str(&source).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        Error::in_file(&shown, e.message().trim().to_owned())
            .at(Position::of_offset(&source, offset))
            .help("each line is `key = \"text\"`")
            .into()
    })
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
                .collect()
        };
        assert_eq!(keys("vi"), keys("en"));
    }
}
