//! `biennien check`: builds the site into a temporary folder (never `public/`) and verifies
//! that every internal link, asset reference and `#fragment` in every HTML and XML file
//! resolves, naming each broken one at the Markdown file and line it is written in; also
//! lists what a publisher should see before publishing (pages without a date or a title,
//! drafts, import warnings, imported titles, dates and sources the import was unsure of).
//! Broken links fail it; the rest are warnings. The seeds are imported into memory:
//! `content/` is left as it is.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::LazyLock;
use std::time::Instant;

use regex::Regex;

use crate::config::{BaseUrl, display_path};
use crate::content::{self, CONTENT_DIR, LoadRequest, PlannedFiles, Site};
use crate::error::{Error, Position, Result};
use crate::import::ImportReport;
use crate::site::{self, BuildOptions, load_config};
use crate::text::{percent_decode, unescape_xml};

#[derive(Debug, Default)]
pub struct CheckReport {
    /// One per broken link, at the Markdown file and line it is written in when it is.
    pub broken: Vec<Error>,
    pub warnings: Vec<String>,
    pub files: usize,
    pub links: usize,
}

/// A link in the built site that does not resolve.
#[derive(Debug)]
struct DeadLink {
    /// The built file it is in, `/`-separated under the output folder.
    built: String,
    href: String,
    why: String,
}

pub fn run(root: &Path) -> Result<CheckReport> {
    let options = BuildOptions {
        root: root.to_path_buf(),
        output: None,
        drafts: false,
        base_url: None,
        replace_output: false,
    };
    let started = Instant::now();
    let config = load_config(&options)?;
    let output = TempDir::new()?;
    let import = site::plan_import(&config, &options)?;
    let content_dir = root.join(CONTENT_DIR);
    let planned = PlannedFiles::new(&content_dir, import.iter().flat_map(ImportReport::planned));
    let options = BuildOptions {
        output: Some(output.0.clone()),
        ..options
    };
    let folder = site::output_folder(&options, &config)?;
    let (summary, site) =
        site::build_imported(&options, &config, &folder, import, planned.clone(), started)?;
    let (mut report, dead) = check_links(&output.0, &config.base_url)?;
    let sources = Sources::of(&site, &content_dir, &planned);
    report.broken = sources.attribute(dead, &config.base_url);
    report.warnings = summary.warnings;
    let (without_alt, unused_photos) = crate::photos::lint(root, &site);
    report.broken.extend(without_alt);
    report.warnings.extend(unused_photos);
    let request = LoadRequest {
        root,
        include_drafts: true,
        with_registers: false,
        planned: &planned,
    };
    let (with_drafts, _) = content::load(&request, &mut content::Cache::default())?;
    for page in &with_drafts.pages {
        let file = page.file.display();
        if page.meta.draft {
            report
                .warnings
                .push(format!("{file}: a draft, left out of the site"));
            continue;
        }
        if page.date.is_none() {
            report.warnings.push(format!("{file}: has no date"));
        }
        if let Some(provenance) = &page.meta.provenance
            && page.meta.title.trim().is_empty()
        {
            let sidecar = Path::new(&provenance.seed).with_extension("toml");
            report.warnings.push(format!(
                "{file}: imported without a title: add `title = \"…\"` to {}",
                display_path(root, &sidecar).display()
            ));
        }
    }
    if let Some(import) = &summary.import {
        report.warnings.extend(unsure_fields(import, root));
    }
    Ok(report)
}

/// A warning for each imported title, date and source the import was not sure of, naming
/// the page and the sidecar keys that settle it. (The import's report, in memory, knows;
/// pages' front matter does not carry it.)
fn unsure_fields(import: &ImportReport, root: &Path) -> Vec<String> {
    let mut warnings = Vec::new();
    for seed in &import.seeds {
        let Some(page) = &seed.output else {
            continue;
        };
        let seed_file = display_path(root, Path::new(&seed.seed));
        let sidecar = seed_file.with_extension("toml");
        let unsure = seed
            .fields
            .iter()
            .filter(|f| !f.sure && matches!(f.field, "title" | "date" | "source"));
        for field in unsure {
            let line = field.line.unwrap_or_default();
            warnings.push(format!(
                "{page}: its {name} `{value}` (line {line} of {seed}) is unsure: check it, then settle it in {sidecar} with `{name} = \"…\"`, or with `{name}_line = {line}` and the seed's `seed_sha256`",
                name = field.field,
                value = field.value,
                seed = seed_file.display(),
                sidecar = sidecar.display(),
            ));
        }
    }
    warnings
}

/// The Markdown behind each built page, to name a broken link where it is written.
struct Sources {
    /// Built file → the Markdown file as messages name it, its text, and where its body
    /// (after the front matter) starts.
    by_built: BTreeMap<String, (PathBuf, String, usize)>,
}

impl Sources {
    fn of(site: &Site, content_dir: &Path, planned: &PlannedFiles) -> Sources {
        let pages = site
            .pages
            .iter()
            .map(|p| (&p.path, &p.content_path, &p.file, &p.body));
        let sections = site.sections.iter().filter_map(|s| {
            let file = s.file.as_ref()?;
            Some((&s.path, &s.content_path, file, &s.body))
        });
        let by_built = pages
            .chain(sections)
            .filter_map(|(path, rel, file, body)| {
                // Read as the build read it; the body is the end of the text.
                let text = planned.read(content_dir, Path::new(rel), file).ok()?;
                let body_start = text.len().checked_sub(body.len())?;
                Some((
                    format!("{path}index.html"),
                    (file.clone(), text, body_start),
                ))
            })
            .collect();
        Sources { by_built }
    }

    /// Each dead link as an error at the Markdown file and line it is written in (else at
    /// the built file), in file order; the same link in several built files (a page and the
    /// feed) once.
    fn attribute(&self, dead: Vec<DeadLink>, base_url: &BaseUrl) -> Vec<Error> {
        type Key = (Option<String>, Option<(usize, usize)>, String, String);
        let mut built_in: BTreeMap<Key, Vec<String>> = BTreeMap::new();
        for link in dead {
            let (file, position) = match self.written_at(&link, base_url) {
                Some((file, position)) => (Some(file.display().to_string()), position),
                None => (None, None),
            };
            let position = position.map(|p| (p.line, p.column));
            let key = (file, position, link.href, link.why);
            built_in.entry(key).or_default().push(link.built);
        }
        built_in
            .into_iter()
            .map(|((file, position, href, why), built)| {
                let built = built.join(", ");
                let made_by_template = "the link is not in the page's Markdown: a template made it (the theme's templates/, or the site's)";
                let Some(file) = file else {
                    return Error::new(format!("broken link `{href}` in the built {built}: {why}"))
                        .help(made_by_template);
                };
                let error = Error::in_file(file, format!("broken link `{href}`: {why} (in {built})"));
                match position {
                    Some((line, column)) => error
                        .at(Position { line, column })
                        .help("correct the link, or add the page or file it points to"),
                    None => error.help(made_by_template),
                }
            })
            .collect()
    }

    /// The Markdown file `link` comes from and where in it, when its text has the link. A
    /// link in the feed or sitemap is looked for in every page.
    fn written_at(
        &self,
        link: &DeadLink,
        base_url: &BaseUrl,
    ) -> Option<(PathBuf, Option<Position>)> {
        let wanted = spellings(&link.href, base_url);
        let find = |text: &str, body_start: usize| -> Option<Position> {
            let body = &text[body_start..];
            let offset = wanted.iter().find_map(|w| body.find(w.as_str()))?;
            Some(Position::of_offset(text, body_start + offset))
        };
        match self.by_built.get(&link.built) {
            Some((file, text, body_start)) => Some((file.clone(), find(text, *body_start))),
            None => self.by_built.values().find_map(|(file, text, body_start)| {
                find(text, *body_start).map(|position| (file.clone(), Some(position)))
            }),
        }
    }
}

/// How the Markdown may spell a link the HTML has: as it is, `%`-decoded, and without the
/// base path the build put in front of `/` links.
fn spellings(href: &str, base_url: &BaseUrl) -> Vec<String> {
    let mut forms = vec![href.to_owned(), decoded(href)];
    if base_url.path != "/" {
        let unprefixed: Vec<String> = forms
            .iter()
            .filter_map(|f| f.strip_prefix(base_url.path.as_str()))
            .map(|rest| format!("/{rest}"))
            .collect();
        forms.extend(unprefixed);
    }
    forms.dedup();
    forms
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

/// Checks every link of every HTML and XML file under `output`: counts them, and returns
/// those that do not resolve.
fn check_links(output: &Path, base_url: &BaseUrl) -> Result<(CheckReport, Vec<DeadLink>)> {
    let mut report = CheckReport::default();
    let mut dead = Vec::new();
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
                dead.push(DeadLink {
                    built: page.clone(),
                    href,
                    why,
                });
            }
        }
    }
    Ok((report, dead))
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
