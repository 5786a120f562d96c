//! `aliases = ["/2018/bai-cu/", …]` in a page's front matter: addresses the page had before
//! (Zola's idea). Each is published as a small page sending readers and search engines on to
//! the page. They are checked like slugs: site paths of plain segments, never `..`; that no
//! two sources claim one URL is `check_unique_urls`' job.

use rustc_hash::FxHashMap;
use std::path::Path;
use std::sync::Arc;

use super::Page;
use super::front_matter::{self, PageFrontMatter, Split};
use crate::error::Error;

/// The page's aliases as site-relative URL paths (`2018/bai-cu/`), in the order written.
pub fn site_paths(
    meta: &PageFrontMatter,
    split: &Split<'_>,
    shown: &Path,
) -> Result<Vec<String>, Error> {
    meta.aliases
        .iter()
        .map(|alias| {
            site_path(alias.get_ref()).map_err(|message| {
                Error::in_file(shown, format!("front matter: {message}"))
                    .at(front_matter::position_in_file(split, alias.span().start))
                    .help("write an earlier address of this page on this site, like \"/2018/bai-cu/\"")
            })
        })
        .collect()
}

/// `/2018/bai-cu/` (leading and trailing `/` optional) → `2018/bai-cu/`.
pub fn site_path(raw: &str) -> Result<String, String> {
    let trimmed = raw.trim().trim_start_matches('/');
    let trimmed = trimmed.strip_suffix('/').unwrap_or(trimmed);
    if trimmed.is_empty() {
        return Err(format!(
            "alias `{raw}` is the home page's address, which is not this page's to take"
        ));
    }
    let mut path = String::with_capacity(trimmed.len() + 1);
    for segment in trimmed.split('/') {
        let unusable = |c: char| c.is_whitespace() || c.is_control() || "\\?#%:".contains(c);
        if segment.is_empty() || segment == "." || segment == ".." || segment.contains(unusable) {
            return Err(format!(
                "alias `{raw}` must be a path on this site: segments without `..`, `\\`, `?`, `#`, `%`, `:` or spaces"
            ));
        }
        path.push_str(segment);
        path.push('/');
    }
    Ok(path)
}

/// An error for each alias that is already the URL of a page, section or generated page
/// (`owners`), or another page's alias.
pub fn taken(pages: &[Arc<Page>], owners: &FxHashMap<&str, &Path>) -> Vec<Error> {
    let mut alias_owners: FxHashMap<&str, &Path> = FxHashMap::default();
    let mut errors = Vec::new();
    for page in pages {
        for alias in &page.aliases {
            let taken = match owners.get(alias.as_str()) {
                Some(owner) => Some(format!("the URL of {}", owner.display())),
                None => alias_owners
                    .insert(alias, &page.file)
                    .map(|owner| format!("an alias of {}", owner.display())),
            };
            if let Some(taken) = taken {
                errors.push(
                    Error::in_file(
                        &page.file,
                        format!("front matter: alias /{alias} is already {taken}"),
                    )
                    .help("remove the alias from one of them: an address leads to one page only"),
                );
            }
        }
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::site_path;

    #[test]
    fn aliases_become_site_paths() {
        assert_eq!(site_path("/2018/bai-cu/").unwrap(), "2018/bai-cu/");
        assert_eq!(site_path("2018/bai-cu").unwrap(), "2018/bai-cu/");
        for bad in [
            "/",
            "",
            "../x/",
            "/a/../b/",
            "/a//b/",
            "https://example.org/a/",
            "/a\\b/",
            "/a b/",
            "/a?x=1",
        ] {
            assert!(site_path(bad).is_err(), "{bad}");
        }
    }
}
