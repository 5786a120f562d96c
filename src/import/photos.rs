//! Sidecar `[[photos]]`: the photos of an imported article, kept in `seeds/<seed>/` and
//! placed by the seed line of the caption they illustrate (`caption_line`) or of the
//! paragraph they follow (`after_line`). The import writes them into the page as Markdown
//! images, so nobody edits the page by hand and later imports keep rewriting it. Like every
//! line key, the numbers hold only for the seed whose `seed_sha256` the sidecar records.
//! A photo in the folder that no entry maps is not placed, and is reported.

use std::collections::BTreeMap;
use std::path::{Component, Path};

use serde::Deserialize;
use toml::Spanned;

use super::classify::{self, LineKind, SeedLine};
use super::{head, markdown};
use crate::error::{Error, Position};

/// One `[[photos]]` entry, as written.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct PhotoEntry {
    file: Spanned<String>,
    caption_line: Option<Spanned<usize>>,
    after_line: Option<Spanned<usize>>,
    alt: Option<String>,
    credit: Option<String>,
}

/// Where the sidecar is, and what its entries are checked against.
pub struct PhotoContext<'a> {
    pub sidecar: &'a Path,
    /// The sidecar's text, for the entries' positions.
    pub sidecar_text: &'a str,
    /// `seeds/<seed>/`, as named in messages, and where it is.
    pub folder_shown: &'a Path,
    pub folder: &'a Path,
    /// The folder the page is written to: image paths are relative to it.
    pub page_folder: &'a Path,
    pub seed_sha256: &'a str,
    /// The sidecar's `seed_sha256`, when it has one.
    pub recorded_sha256: Option<&'a str>,
}

/// The Markdown of each photo, by the seed line whose block it replaces (a caption) or
/// follows (a paragraph): `(line, replaces, markdown)`.
pub type Placements = BTreeMap<usize, (bool, String)>;

/// Checks every entry against the seed's lines and the folder; returns where each goes.
pub fn placements(
    entries: &[Spanned<PhotoEntry>],
    lines: &[SeedLine],
    cx: &PhotoContext,
) -> Result<Placements, Error> {
    let mut placed = Placements::new();
    for spanned in entries {
        let entry = spanned.get_ref();
        let at = |span: std::ops::Range<usize>| Position::of_offset(cx.sidecar_text, span.start);
        let error_at = |span, message: String| Error::in_file(cx.sidecar, message).at(at(span));
        let (line, replaces, key) = match (&entry.caption_line, &entry.after_line) {
            (Some(n), None) => (n, true, "caption_line"),
            (None, Some(n)) => (n, false, "after_line"),
            _ => {
                return Err(error_at(
                    spanned.span(),
                    format!("photo `{}` needs one of `caption_line` and `after_line`", entry.file.get_ref()),
                )
                .help("`caption_line = N` places it with the caption on seed line N; `after_line = N` after the paragraph on line N"));
            }
        };
        let at = at(line.span());
        // A photo's entry stands for the recorded hash's place: the context has no other.
        let recorded = cx.recorded_sha256.map(|hash| (hash, at));
        super::corrections::check_seed_hash(cx.sidecar, cx.seed_sha256, recorded, (key, at))?;
        let name = entry.file.get_ref();
        if !is_plain_name(name) || !cx.folder.join(name).is_file() {
            return Err(error_at(
                entry.file.span(),
                format!("photo `{name}` is not in {}", cx.folder_shown.display()),
            )
            .help("put the photo in the seed's folder, and write its file name only"));
        }
        let wanted = if replaces {
            LineKind::Caption
        } else {
            LineKind::Body
        };
        let seed_line = lines.iter().find(|l| l.number == *line.get_ref());
        let Some(seed_line) = seed_line.filter(|l| l.kind == wanted) else {
            let what = if replaces {
                "a caption"
            } else {
                "a paragraph of the article"
            };
            return Err(error_at(
                line.span(),
                format!("`{key} = {}`: that seed line is not {what}", line.get_ref()),
            )
            .help(if replaces {
                "name the caption's line as the import report numbers it; if the rules did not take it for a caption, add it to `caption_lines`"
            } else {
                "name a paragraph's line as the import report numbers it"
            }));
        };
        let path = relative(cx.page_folder, &cx.folder.join(name));
        let markdown = if replaces {
            let (caption, credit) = classify::split_caption(&head::clean_headline(&seed_line.text));
            let alt = entry.alt.as_deref().unwrap_or(&caption);
            let credit = entry.credit.as_deref().or(credit.as_deref());
            markdown::photo_figure(&caption, credit, &markdown::image(alt, &path))
        } else {
            let Some(alt) = &entry.alt else {
                return Err(error_at(
                    spanned.span(),
                    format!("photo `{name}` has no caption to take its alt text from"),
                )
                .help("write `alt = \"…\"`: what the photo shows, for readers who cannot see it"));
            };
            let image = markdown::image(alt, &path);
            match &entry.credit {
                Some(credit) => markdown::photo_figure("", Some(credit), &image),
                None => image,
            }
        };
        if placed
            .insert(seed_line.number, (replaces, markdown))
            .is_some()
        {
            return Err(error_at(
                line.span(),
                format!("seed line {} already has a photo", seed_line.number),
            )
            .help("one photo per caption or paragraph"));
        }
    }
    Ok(placed)
}

/// The photo files in the seed's folder that no entry names.
pub fn unplaced(entries: &[Spanned<PhotoEntry>], folder: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(folder)
        .into_iter()
        .flatten()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| !crate::files::is_editor_temp(name))
        .filter(|name| !entries.iter().any(|e| e.get_ref().file.get_ref() == name))
        .collect();
    names.sort();
    names
}

/// A file name without folders: the photo stays in the seed's folder.
fn is_plain_name(name: &str) -> bool {
    !name.is_empty()
        && Path::new(name).components().count() == 1
        && matches!(
            Path::new(name).components().next(),
            Some(Component::Normal(_))
        )
        && !name.contains(['/', '\\', '<', '>', '\n'])
}

/// The path from folder `from` to `to`, `/`-separated.
fn relative(from: &Path, to: &Path) -> String {
    let from: Vec<Component> = from.components().collect();
    let to: Vec<Component> = to.components().collect();
    let common = from.iter().zip(&to).take_while(|(a, b)| a == b).count();
    let ups = std::iter::repeat_n("..".to_owned(), from.len() - common);
    let downs = to[common..]
        .iter()
        .map(|c| c.as_os_str().to_string_lossy().into_owned());
    ups.chain(downs).collect::<Vec<_>>().join("/")
}

/// The article's blocks with the photos placed: a caption's figure replaced by one with
/// its photo, a photo after its paragraph.
pub fn place(blocks: &[(usize, String)], placements: &Placements) -> String {
    let mut out: Vec<&str> = Vec::with_capacity(blocks.len() + placements.len());
    for (line, block) in blocks {
        match placements.get(line) {
            Some((true, figure)) => out.push(figure),
            Some((false, photo)) => {
                out.push(block);
                out.push(photo);
            }
            None => out.push(block),
        }
    }
    out.join("\n\n") + "\n"
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_climb_to_the_common_folder() {
        let from = Path::new("/site/content/2018");
        assert_eq!(
            relative(from, Path::new("/site/seeds/000/a.jpg")),
            "../../seeds/000/a.jpg"
        );
        assert_eq!(
            relative(from, Path::new("/site/content/2018/a.jpg")),
            "a.jpg"
        );
    }

    #[test]
    fn names_are_plain() {
        assert!(is_plain_name("hoi-nghi.jpg"));
        assert!(!is_plain_name("../x.jpg"));
        assert!(!is_plain_name("a/b.jpg"));
        assert!(!is_plain_name(".."));
    }
}
