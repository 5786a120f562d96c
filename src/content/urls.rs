//! The URLs content gets: a page's from its folder, file name or `slug`, a folder's from
//! its name, an asset's beside its page; and the check that no two sources share one.

use rustc_hash::FxHashMap;
use std::path::{Path, PathBuf};

use super::{PageFrontMatter, Site, aliases, front_matter};
use crate::error::{self, Error, Result};
use crate::text::slugify;
use crate::urls::{CHRONOLOGY_PATH, DOCUMENTS_PATH, PEOPLE_PATH, PHOTOS_PATH, SEARCH_PATH};

/// The folder whose section a page belongs to: a page bundle (`a/b/index.md`) belongs to
/// the folder above its own.
pub(super) fn page_dir(rel: &Path, meta: &PageFrontMatter) -> PathBuf {
    let parent = rel.parent().unwrap_or(Path::new(""));
    let stem = rel.file_stem().unwrap_or_default();
    if stem == "index" && meta.slug.is_none() {
        parent.parent().unwrap_or(Path::new("")).to_path_buf()
    } else {
        parent.to_path_buf()
    }
}

/// The site-relative URL path of the page file `rel` (under `content/`) with front matter
/// `meta`: `2017-hoi-nghi/ten-bai/`.
pub fn page_path(
    rel: &Path,
    meta: &PageFrontMatter,
    split: &front_matter::Split<'_>,
    shown: &Path,
) -> Result<String, Error> {
    let parent = rel.parent().unwrap_or(Path::new(""));
    let stem = rel.file_stem().unwrap_or_default().to_string_lossy();
    // A page bundle (`a/b/index.md`, with its images beside it) is served at its folder.
    if stem == "index" && meta.slug.is_none() {
        dir_url(parent, shown)
    } else {
        let slug = page_slug(meta, &stem, split, shown)?;
        Ok(format!("{}{slug}/", dir_url(parent, shown)?))
    }
}

/// The URL segment of a page: its `slug` field (made URL-safe), else its file name's.
fn page_slug(
    meta: &PageFrontMatter,
    stem: &str,
    split: &front_matter::Split<'_>,
    shown: &Path,
) -> Result<String, Error> {
    let Some(field) = &meta.slug else {
        let slug = slugify(stem);
        if slug.is_empty() {
            return Err(Error::in_file(
                shown,
                format!("cannot make a URL from the file name `{stem}`"),
            )
            .help("set `slug = \"…\"` in the front matter"));
        }
        return Ok(slug);
    };
    let raw = field.get_ref();
    let error = |message: String| {
        Error::in_file(shown, format!("front matter: {message}"))
            .at(front_matter::position_in_file(split, field.span().start))
    };
    if raw.contains(['/', '\\']) || raw.trim() == "." || raw.trim() == ".." {
        return Err(error(format!(
            "slug `{raw}` must be one URL segment, without `/`, `\\` or `..`"
        ))
        .help("the page's folder gives the rest of its URL; move the file to change it"));
    }
    let slug = slugify(raw);
    if slug.is_empty() {
        return Err(error(format!("slug `{raw}` has no letters or digits"))
            .help("write the slug with letters or digits, e.g. `slug = \"hoi-nghi\"`"));
    }
    Ok(slug)
}

/// The URL path of a folder inside `content/`: each folder name slugified.
pub(super) fn dir_url(dir: &Path, shown: &Path) -> Result<String, Error> {
    let mut url = String::new();
    for part in dir.iter() {
        let name = part.to_string_lossy();
        let slug = slugify(&name);
        if slug.is_empty() {
            return Err(Error::in_file(
                shown,
                format!("cannot make a URL from the folder name `{name}`"),
            )
            .help("rename the folder with letters or digits"));
        }
        url.push_str(&slug);
        url.push('/');
    }
    Ok(url)
}

pub(super) fn slash_path(rel: &Path) -> String {
    rel.to_string_lossy().replace('\\', "/")
}

/// Assets keep their file name (pages link to it as written) under their folder's URL.
pub(super) fn asset_path(rel: &Path) -> String {
    let parent = rel.parent().unwrap_or(Path::new(""));
    let dir: String = parent
        .iter()
        .map(|p| format!("{}/", slugify(&p.to_string_lossy())))
        .collect();
    format!(
        "{dir}{}",
        rel.file_name().unwrap_or_default().to_string_lossy()
    )
}

/// Two sources writing one URL would silently lose one of them. The registers and the
/// chronology claim their URLs first, so a content file in their way is the one named.
pub(super) fn check_unique_urls(site: &Site) -> Result<()> {
    let mut owners: FxHashMap<&str, &Path> = FxHashMap::default();
    owners.reserve(site.pages.len() + site.sections.len());
    let mut errors = Vec::new();
    let registers = &site.registers;
    let generated = [
        (DOCUMENTS_PATH, Path::new("the documents register")),
        (PEOPLE_PATH, Path::new("the people register")),
        (CHRONOLOGY_PATH, Path::new("the chronology")),
        (SEARCH_PATH, Path::new("the search page")),
    ]
    .into_iter()
    .chain(
        registers
            .documents
            .iter()
            .map(|d| (d.path.as_str(), Path::new("the documents register"))),
    )
    .chain(
        registers
            .people
            .iter()
            .map(|p| (p.path.as_str(), Path::new("the people register"))),
    );
    let sources = generated.chain(
        site.sections
            .iter()
            .filter_map(|s| s.file.as_deref().map(|f| (s.path.as_str(), f)))
            .chain(
                site.pages
                    .iter()
                    .map(|p| (p.path.as_str(), p.file.as_path())),
            ),
    );
    for (path, file) in sources {
        // The photos' sizes are published in this folder, under names no one chooses.
        if path.starts_with(PHOTOS_PATH) {
            errors.push(
                Error::in_file(
                    file,
                    format!("writes the URL /{path}, in /{PHOTOS_PATH}, where the photos' sizes are published"),
                )
                .help("give it another `slug`, or move it to another folder"),
            );
        }
        if let Some(first) = owners.insert(path, file) {
            errors.push(
                Error::in_file(
                    file,
                    format!("writes the same URL /{path} as {}", first.display()),
                )
                .help("give one of them another `slug`, or move it"),
            );
        }
    }
    // Aliases last: a real page keeps its URL and the alias in its way is the one named.
    errors.extend(aliases::taken(&site.pages, &owners));
    if errors.is_empty() {
        Ok(())
    } else {
        Err(error::Errors(errors))
    }
}
