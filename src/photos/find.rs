//! Which photos the pages use: every Markdown image (`![alt](dai-hoi.jpg "caption")`) whose
//! source is a local JPEG, PNG or WebP file. A relative source is relative to the page's
//! folder; one starting with `/` is a site path, looked for under `static/`, then `content/`.
//! Images elsewhere (`https://…`) and of other kinds (SVG, GIF) are left as they are.

use std::collections::HashMap;
use std::path::{Component, Path, PathBuf};

use pulldown_cmark::{Event, Options, Parser, Tag};

use crate::config::STATIC_DIR;
use crate::content::plain::events_text;
use crate::content::{CONTENT_DIR, Page};
use crate::error::{Error, Position};
use crate::text::percent_decode;

/// The extensions of the formats photos are read in.
pub const PHOTO_EXTENSIONS: [&str; 4] = ["jpg", "jpeg", "png", "webp"];
/// Image formats a camera or phone writes that are not read: an error, not a silent copy.
const UNSUPPORTED: [&str; 7] = ["heic", "heif", "avif", "tif", "tiff", "bmp", "jxl"];

/// One image a page shows, with the file it comes from.
#[derive(Debug, Clone)]
pub struct Reference {
    pub page: usize,
    /// The source as the Markdown writes it: what the renderer looks the photo up by.
    pub written: String,
    /// The file, under the site's root.
    pub source: PathBuf,
}

/// The files beside the pages, by the site path they are published at (`dai-hoi/anh.jpg`
/// for `content/Đại hội/anh.jpg`).
pub type AssetsByPath<'a> = HashMap<&'a str, &'a Path>;

/// The photos of one page, or the errors of its references (missing files, other formats).
pub fn page_references(
    root: &Path,
    assets: &AssetsByPath,
    index: usize,
    page: &Page,
) -> Result<Vec<Reference>, Vec<Error>> {
    let mut found = Vec::new();
    let mut errors = Vec::new();
    let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES;
    for (event, range) in Parser::new_ext(&page.body, options).into_offset_iter() {
        let Event::Start(Tag::Image { dest_url, .. }) = event else {
            continue;
        };
        let written = dest_url.to_string();
        // Link destinations are URL-encoded (`dai%20hoi.jpg`): the file's name is decoded.
        let path = percent_decode(&written).unwrap_or_else(|| written.clone());
        let Some(extension) = local_extension(&path) else {
            continue;
        };
        let problem = if UNSUPPORTED.contains(&extension.as_str()) {
            Some((
                format!("`{written}`: .{extension} images are not read"),
                "convert it to JPEG (photos) or PNG (drawings), and link that".to_owned(),
            ))
        } else if !PHOTO_EXTENSIONS.contains(&extension.as_str()) {
            continue;
        } else {
            match resolve(root, assets, page, &path) {
                Ok(source) => {
                    found.push(Reference {
                        page: index,
                        written,
                        source,
                    });
                    None
                }
                Err(problem) => Some(problem),
            }
        };
        if let Some((message, help)) = problem {
            errors.push(
                Error::in_file(&page.file, message)
                    .at(body_position(page, range.start))
                    .help(help),
            );
        }
    }
    if errors.is_empty() {
        Ok(found)
    } else {
        Err(errors)
    }
}

/// For `check`: each image written without alt text (an error: a reader who cannot see it
/// learns nothing), and each photo beside the pages that no page shows (a warning: it is
/// published as it is, metadata and all).
pub fn lint(root: &Path, site: &crate::content::Site) -> (Vec<Error>, Vec<String>) {
    let mut without_alt = Vec::new();
    let mut shown = std::collections::HashSet::new();
    let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES;
    let assets = assets_by_path(site);
    for (index, page) in site.pages.iter().enumerate() {
        let mut events = Parser::new_ext(&page.body, options).into_offset_iter();
        while let Some((event, range)) = events.next() {
            let Event::Start(Tag::Image { dest_url, .. }) = event else {
                continue;
            };
            let description: Vec<Event> = events
                .by_ref()
                .map(|(inner, _)| inner)
                .take_while(|inner| !matches!(inner, Event::End(pulldown_cmark::TagEnd::Image)))
                .collect();
            let alt = events_text(&description);
            if alt.trim().is_empty() {
                without_alt.push(
                    Error::in_file(&page.file, format!("image `{dest_url}` has no alt text"))
                        .at(body_position(page, range.start))
                        .help("say what it shows between the brackets: `![Đại biểu dự hội nghị](anh.jpg)`"),
                );
            }
        }
        if let Ok(references) = page_references(root, &assets, index, page) {
            shown.extend(
                references
                    .into_iter()
                    .filter_map(|r| r.source.canonicalize().ok()),
            );
        }
    }
    let unused = site
        .assets
        .iter()
        .filter(|asset| {
            PHOTO_EXTENSIONS.contains(&super::source_extension(&asset.source).as_str())
                && asset.source.canonicalize().is_ok_and(|s| !shown.contains(&s))
        })
        .map(|asset| {
            format!(
                "{}: a photo no page shows, published as it is (with its metadata): show it with `![…]({})` or remove it",
                crate::config::display_path(root, &asset.source).display(),
                asset.source.file_name().unwrap_or_default().to_string_lossy()
            )
        })
        .collect();
    (without_alt, unused)
}

/// The site's files beside its pages, by the site path they are published at.
pub fn assets_by_path(site: &crate::content::Site) -> AssetsByPath<'_> {
    (site.assets.iter())
        .map(|a| (a.path.as_str(), a.source.as_path()))
        .collect()
}

/// The lowercase extension of a source on this site; `None` for other sites and data URLs.
fn local_extension(written: &str) -> Option<String> {
    let is_remote = written.starts_with("//")
        || written.split_once(':').is_some_and(|(scheme, _)| {
            !scheme.is_empty()
                && scheme
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || "+.-".contains(c))
        });
    if is_remote || written.is_empty() {
        return None;
    }
    let name = written.rsplit('/').next()?;
    let (_, extension) = name.rsplit_once('.')?;
    Some(extension.to_ascii_lowercase())
}

/// The file a page's image source names, or what is wrong and what to do.
fn resolve(
    root: &Path,
    assets: &AssetsByPath,
    page: &Page,
    written: &str,
) -> Result<PathBuf, (String, String)> {
    // A site path: a file beside a page, where its folder's name is its URL's.
    if let Some(site_path) = written.strip_prefix('/')
        && let Some(source) = assets.get(site_path)
    {
        return Ok(source.to_path_buf());
    }
    let candidates: Vec<PathBuf> = match written.strip_prefix('/') {
        Some(site_path) => [STATIC_DIR, CONTENT_DIR]
            .iter()
            .map(|dir| Path::new(dir).join(site_path))
            .collect(),
        None => {
            let folder = Path::new(&page.content_path)
                .parent()
                .unwrap_or(Path::new(""));
            vec![Path::new(CONTENT_DIR).join(folder).join(written)]
        }
    };
    let mut looked = Vec::new();
    for candidate in candidates {
        let Some(inside) = normalised(&candidate) else {
            return Err((
                format!("`{written}` points outside the site's folder"),
                "put the photo beside the page, or under static/".to_owned(),
            ));
        };
        let file = root.join(&inside);
        if file.is_file() {
            return Ok(file);
        }
        looked.push(inside.display().to_string());
    }
    Err((
        format!("photo `{written}` not found (looked for {})", looked.join(", ")),
        "check the file's name and folder: a relative path starts in the page's folder, one starting with `/` in static/ or content/".to_owned(),
    ))
}

/// `a/./b/../c` as `a/c`; `None` when `..` climbs out of the site.
fn normalised(path: &Path) -> Option<PathBuf> {
    let mut parts: Vec<&std::ffi::OsStr> = Vec::new();
    for component in path.components() {
        match component {
            Component::Normal(part) => parts.push(part),
            Component::ParentDir => {
                parts.pop()?;
            }
            Component::CurDir => {}
            Component::RootDir | Component::Prefix(_) => return None,
        }
    }
    Some(parts.iter().collect())
}

/// Where byte `offset` of a page's body stands in its file.
fn body_position(page: &Page, offset: usize) -> Position {
    Position::of_offset(&page.body, offset).below(page.lines_before_body)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_local_sources_have_an_extension() {
        assert_eq!(local_extension("a/Dai-Hoi.JPG").as_deref(), Some("jpg"));
        assert_eq!(local_extension("/anh/x.webp").as_deref(), Some("webp"));
        assert_eq!(local_extension("https://x.vn/a.jpg"), None);
        assert_eq!(local_extension("//cdn.x/a.jpg"), None);
        assert_eq!(local_extension("data:image/png;base64,AAA"), None);
        assert_eq!(local_extension("anh/khong-duoi"), None);
    }

    #[test]
    fn paths_stay_inside_the_site() {
        let p = normalised(Path::new("content/2018/../../seeds/a/x.jpg"));
        assert_eq!(p, Some(PathBuf::from("seeds/a/x.jpg")));
        assert_eq!(normalised(Path::new("content/../../etc/x.jpg")), None);
    }
}
