//! `biennien check`: builds the site into a temporary folder (never `public/`) and verifies
//! that every internal link, asset reference and `#fragment` in every HTML and XML file
//! resolves; also lists what a publisher should see before publishing (pages without a
//! date, drafts, import warnings). Broken links fail it; the rest are warnings.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;

use regex::Regex;

use crate::config::BaseUrl;
use crate::content;
use crate::error::{Error, Result};
use crate::site::{self, BuildOptions, load_config};
use crate::text::{percent_decode, unescape_xml};

#[derive(Debug, Default)]
pub struct CheckReport {
    /// `page → href (why)`, one per broken link.
    pub broken: Vec<String>,
    pub warnings: Vec<String>,
    pub files: usize,
    pub links: usize,
}

pub fn run(root: &Path) -> Result<CheckReport> {
    let options = BuildOptions {
        root: root.to_path_buf(),
        output: None,
        drafts: false,
        base_url: None,
        replace_output: false,
    };
    let config = load_config(&options)?;
    let output = TempDir::new()?;
    let summary = site::build(&BuildOptions {
        output: Some(output.0.clone()),
        ..options
    })?;
    let mut report = check_links(&output.0, &config.base_url)?;
    report.warnings = summary.warnings;
    let with_drafts = content::load(root, true, false)?;
    for page in &with_drafts.pages {
        if page.meta.draft {
            report.warnings.push(format!(
                "{}: a draft, left out of the site",
                page.file.display()
            ));
        } else if page.date.is_none() {
            report
                .warnings
                .push(format!("{}: has no date", page.file.display()));
        }
    }
    Ok(report)
}

/// A folder removed when dropped.
struct TempDir(PathBuf);

impl TempDir {
    fn new() -> Result<TempDir> {
        let dir = std::env::temp_dir().join(format!("biennien-check-{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(|e| Error::io(&dir, &e))?;
        }
        Ok(TempDir(dir.join("site")))
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        if let Some(parent) = self.0.parent() {
            let _ = fs::remove_dir_all(parent);
        }
    }
}

/// `href`/`src` in HTML (quoted or not, as minified pages write them), `<loc>` in sitemaps.
static LINK: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\s(?:href|src)\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))|<loc>([^<]+)</loc>"#)
        .expect("link pattern")
});

/// `https:`, `mailto:`, `data:`…: a link to somewhere else.
static SCHEME: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[A-Za-z][A-Za-z0-9+.-]*:").expect("scheme pattern"));

static ID: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)\sid\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s>"']+))"#).expect("id pattern")
});

/// Checks every link of every HTML and XML file under `output`.
pub fn check_links(output: &Path, base_url: &BaseUrl) -> Result<CheckReport> {
    let mut report = CheckReport::default();
    let mut ids: HashMap<String, HashSet<String>> = HashMap::new();
    for entry in walkdir::WalkDir::new(output).sort_by_file_name() {
        let entry = entry.map_err(|e| {
            Error::in_file(
                e.path().unwrap_or(output),
                format!("cannot read the built site: {e}"),
            )
        })?;
        let path = entry.path();
        let is_markup = path.extension().is_some_and(|e| e == "html" || e == "xml");
        if !entry.file_type().is_file() || !is_markup {
            continue;
        }
        report.files += 1;
        let page = site_path(output, path);
        let mut text = fs::read_to_string(path).map_err(|e| Error::io(path, &e))?;
        if path.extension().is_some_and(|e| e == "xml") {
            // A feed carries its pages' HTML escaped: their links are checked too.
            text = unescape_xml(&text);
        }
        for caps in LINK.captures_iter(&text) {
            let href = (1..=4).find_map(|i| caps.get(i)).map_or("", |m| m.as_str());
            let href = href.replace("&amp;", "&");
            report.links += 1;
            if let Some(why) = broken(output, &page, &href, base_url, &mut ids) {
                report.broken.push(format!("{page} → {href} ({why})"));
            }
        }
    }
    Ok(report)
}

fn site_path(output: &Path, file: &Path) -> String {
    file.strip_prefix(output)
        .unwrap_or(file)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Why `href` on `page` does not resolve, or `None` when it does (or is not ours to check).
fn broken(
    output: &Path,
    page: &str,
    href: &str,
    base_url: &BaseUrl,
    ids: &mut HashMap<String, HashSet<String>>,
) -> Option<String> {
    let (target, fragment) = match href.split_once('#') {
        Some((target, fragment)) => (target, Some(fragment)),
        None => (href, None),
    };
    let target = target.split('?').next().unwrap_or_default();
    let rel = if let Some(rest) = target.strip_prefix(base_url.full.as_str()) {
        rest.to_owned()
    } else if target.starts_with("//") || SCHEME.is_match(target) {
        // Another site, mailto:, tel:, data: — not checked here.
        return None;
    } else if let Some(rooted) = target.strip_prefix('/') {
        match format!("/{rooted}").strip_prefix(base_url.path.as_str()) {
            Some(rest) => rest.to_owned(),
            None if format!("/{rooted}/") == base_url.path => String::new(),
            None => return Some(format!("outside the site's path {}", base_url.path)),
        }
    } else if target.is_empty() {
        page.to_owned()
    } else {
        // Resolved as a browser does: against the page's URL, `..` stopping at the root.
        let dir = page.rsplit_once('/').map_or("", |(d, _)| d);
        let url_path = normalise(&format!("{}{dir}/{target}", base_url.path));
        match url_path.strip_prefix(base_url.path.trim_start_matches('/')) {
            Some(rest) => rest.to_owned(),
            None => return Some(format!("outside the site's path {}", base_url.path)),
        }
    };
    let rel = decoded(&rel);
    let file = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else if output.join(&rel).is_dir() {
        format!("{rel}/index.html")
    } else {
        rel
    };
    if !output.join(&file).is_file() {
        return Some("no such file".to_owned());
    }
    let fragment = fragment.filter(|f| !f.is_empty())?;
    let known = ids.entry(file.clone()).or_insert_with(|| {
        let text = fs::read_to_string(output.join(&file)).unwrap_or_default();
        ID.captures_iter(&text)
            .filter_map(|c| {
                (1..=3)
                    .find_map(|i| c.get(i))
                    .map(|m| m.as_str().to_owned())
            })
            .collect()
    });
    (!known.contains(&decoded(fragment))).then(|| format!("no id `{fragment}` there"))
}

/// `/a/./b/../c` → `a/c` (without the leading slash); `..` at the root stays there, as
/// in a browser.
fn normalise(path: &str) -> String {
    let mut parts: Vec<&str> = Vec::new();
    for part in path.split('/') {
        match part {
            "" | "." => {}
            ".." => {
                parts.pop();
            }
            _ => parts.push(part),
        }
    }
    let trailing = if path.ends_with('/') && !parts.is_empty() {
        "/"
    } else {
        ""
    };
    format!("{}{trailing}", parts.join("/"))
}

/// A path as written in a link, `%XX` decoded where that gives text.
fn decoded(text: &str) -> String {
    percent_decode(text).unwrap_or_else(|| text.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn relative_paths_resolve_inside_the_site() {
        assert_eq!(normalise("/a/b/../c/"), "a/c/");
        assert_eq!(normalise("a/./b"), "a/b");
        assert_eq!(normalise("/../x"), "x");
        assert_eq!(decoded("%E1%BA%A3nh%201.jpg"), "ảnh 1.jpg");
        assert_eq!(decoded("100%"), "100%");
    }
}
