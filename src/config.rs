//! `config.toml`: the site's settings, timelines and import rules, validated as a whole so
//! that every mistake is reported with its key, line and column.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use serde::Deserialize;
use toml::Spanned;

use crate::error::{Error, Position, Result};
use crate::text::{self, Language};

pub const CONFIG_FILE: &str = "config.toml";
/// The site's own files, published as they are (but for the photos pages show).
pub const STATIC_DIR: &str = "static";
const CONFIG_HELP: &str =
    "see \"Configuration (`config.toml`)\" in README.md for the keys and their types";

#[derive(Debug, Clone)]
pub struct Config {
    pub base_url: BaseUrl,
    pub title: String,
    pub description: String,
    pub default_language: String,
    /// What `default_language` says dates and interface strings are written in.
    pub language: Language,
    pub theme: String,
    /// Timeline, register and chronology pages list at most this many entries each.
    pub paginate_by: usize,
    pub minify: bool,
    /// Whether `atom.xml` is written.
    pub feed: bool,
    /// The feed holds this many of the newest dated pages; 0 for all of them.
    pub feed_limit: usize,
    /// Whether `sitemap.xml` is written (and named in `robots.txt`).
    pub sitemap: bool,
    pub cname: Option<String>,
    /// What is allowed but probably wrong (a `cname` that is not `base_url`'s host).
    pub warnings: Vec<String>,
    pub extra: toml::Table,
    /// Outlet as printed in an article (`TCCS`) → the name readers see (`Tạp chí Cộng sản`).
    pub sources: BTreeMap<String, String>,
    pub import: ImportConfig,
    /// In the order written, which is the order the site shows them.
    pub timelines: Vec<Timeline>,
    pub images: ImagesConfig,
}

/// `[images]`: the sizes and quality photos are published in (see `photos`).
#[derive(Debug, Clone, PartialEq, Eq, Hash, Deserialize)]
#[serde(deny_unknown_fields, default)]
pub struct ImagesConfig {
    /// Widths in pixels, each written as WebP and JPEG (PNG with transparency); never enlarged.
    pub widths: Vec<u32>,
    /// Lossy quality, 1–100, for WebP and JPEG alike.
    pub quality: u8,
    /// Larger images are refused before they are decoded (a decompression bomb).
    pub max_pixels: u64,
}

impl Default for ImagesConfig {
    fn default() -> Self {
        ImagesConfig {
            widths: vec![480, 960, 1600],
            quality: 80,
            max_pixels: 100_000_000,
        }
    }
}

impl ImagesConfig {
    /// What is wrong with the settings, if anything.
    fn problem(&self) -> Option<String> {
        if self.widths.is_empty() || self.widths.iter().any(|&w| !(16..=10_000).contains(&w)) {
            return Some(format!(
                "[images] widths must be one or more widths from 16 to 10000 px, not {:?}",
                self.widths
            ));
        }
        if !(1..=100).contains(&self.quality) {
            return Some(format!(
                "[images] quality must be from 1 to 100, not {}",
                self.quality
            ));
        }
        (self.max_pixels == 0).then(|| "[images] max_pixels must be at least 1".to_owned())
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ImportConfig {
    /// The section for articles that fit no timeline.
    #[serde(default = "default_section")]
    pub default_section: String,
    /// The site's own lines to drop from seeds: regular expressions over whole lines.
    #[serde(default, rename = "drop_patterns")]
    drop_pattern_sources: Vec<Spanned<String>>,
    /// `drop_patterns`, compiled by `Config::parse`.
    #[serde(skip)]
    pub drop_patterns: Vec<regex::Regex>,
}

impl Default for ImportConfig {
    fn default() -> Self {
        ImportConfig {
            default_section: default_section(),
            drop_pattern_sources: Vec::new(),
            drop_patterns: Vec::new(),
        }
    }
}

impl ImportConfig {
    /// Compiles `drop_patterns`; a bad one is an error at its place in `config.toml`.
    fn compile(mut self, source: &str, display: &Path) -> Result<ImportConfig> {
        for pattern in &self.drop_pattern_sources {
            let compiled = regex::Regex::new(pattern.get_ref()).map_err(|e| {
                let detail = e.to_string();
                let detail = detail.lines().last().unwrap_or_default().trim().to_owned();
                Error::in_file(
                    display,
                    format!(
                        "drop_patterns: `{}` is not a regular expression: {detail}",
                        pattern.get_ref()
                    ),
                )
                .at(Position::of_offset(source, pattern.span().start))
                .help("write a regular expression over a whole line, e.g. \"^Quảng cáo$\"; escape `(`, `[`, `.` with `\\\\`")
            })?;
            self.drop_patterns.push(compiled);
        }
        Ok(self)
    }
}

fn default_section() -> String {
    "tu-lieu".to_owned()
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    pub slug: String,
    pub title: String,
    pub title_en: String,
    pub description: String,
    pub from: Date,
    pub to: Date,
}

impl Timeline {
    pub fn contains(&self, date: Date) -> bool {
        self.from <= date && date <= self.to
    }
}

impl Config {
    /// `vi` on a site in another language: the articles (Vietnamese news articles) and what
    /// the registers find in them are marked `lang="vi"` there. `None` on a Vietnamese site.
    pub fn article_lang(&self) -> Option<&'static str> {
        (self.language != Language::Vietnamese).then_some("vi")
    }

    /// The name the section at `section_path` (`2017-hoi-nghi/`) shows instead of its own
    /// title: its timeline's `title_en` on an English site. `None`: its own title stands.
    pub fn translated_timeline_title(&self, section_path: &str) -> Option<&str> {
        if self.language != Language::English {
            return None;
        }
        let slug = section_path.strip_suffix('/')?;
        let timeline = self.timelines.iter().find(|t| t.slug == slug)?;
        Some(timeline.title_en.as_str()).filter(|t| !t.trim().is_empty())
    }
}

/// The site's public address, always with a trailing slash, split so that links can be
/// written as paths under it (`/lich-su/2017/`) and feeds as full URLs.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BaseUrl {
    /// `https://org.github.io/lich-su/`
    pub full: String,
    /// `/lich-su/`, or `/` for a site at the root of its domain.
    pub path: String,
}

impl BaseUrl {
    pub fn parse(url: &str) -> std::result::Result<BaseUrl, String> {
        let url = url.trim();
        let rest = url
            .strip_prefix("https://")
            .or_else(|| url.strip_prefix("http://"))
            .ok_or_else(|| format!("base_url `{url}` must start with https:// or http://"))?;
        if rest.contains(['?', '#', ' ']) {
            return Err(format!(
                "base_url `{url}` must not contain a query, a fragment or spaces"
            ));
        }
        let (host, path) = rest.split_once('/').unwrap_or((rest, ""));
        if host.is_empty() {
            return Err(format!("base_url `{url}` has no host name"));
        }
        let segments: Vec<&str> = path.split('/').filter(|s| !s.is_empty()).collect();
        if segments.iter().any(|s| *s == "." || *s == "..") {
            return Err(format!("base_url `{url}` must not contain `.` or `..`"));
        }
        let path = if segments.is_empty() {
            "/".to_owned()
        } else {
            format!("/{}/", segments.join("/"))
        };
        let scheme = &url[..url.len() - rest.len()];
        Ok(BaseUrl {
            full: format!("{scheme}{host}{path}"),
            path,
        })
    }

    /// `org.github.io` of `https://org.github.io/lich-su/` (with a port if it has one).
    pub fn host(&self) -> &str {
        let rest = self
            .full
            .split_once("://")
            .map_or(self.full.as_str(), |(_, r)| r);
        rest.split('/').next().unwrap_or_default()
    }

    /// The path readers' browsers request for a site-relative path (`2017/a/` → `/lich-su/2017/a/`).
    pub fn path_to(&self, relative: &str) -> String {
        format!("{}{}", self.path, relative.trim_start_matches('/'))
    }

    /// The full URL of a site-relative path, for feeds, sitemaps and canonical links.
    pub fn url_to(&self, relative: &str) -> String {
        format!("{}{}", self.full, relative.trim_start_matches('/'))
    }
}

/// The file as written; field names match the keys users type.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ConfigFile {
    base_url: Spanned<String>,
    title: String,
    #[serde(default)]
    description: String,
    #[serde(default = "default_language")]
    default_language: Spanned<String>,
    #[serde(default = "default_theme")]
    theme: String,
    /// Off by default, as in Zola and Hugo: the default theme writes compact HTML itself.
    #[serde(default)]
    minify: bool,
    #[serde(default = "default_true")]
    feed: bool,
    #[serde(default = "default_feed_limit")]
    feed_limit: Spanned<i64>,
    #[serde(default = "default_true")]
    sitemap: bool,
    #[serde(default = "default_paginate_by")]
    paginate_by: Spanned<i64>,
    cname: Option<Spanned<String>>,
    #[serde(default)]
    extra: toml::Table,
    #[serde(default)]
    sources: BTreeMap<String, String>,
    #[serde(default)]
    import: ImportConfig,
    #[serde(default)]
    timelines: Vec<TimelineFile>,
    images: Option<Spanned<ImagesConfig>>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct TimelineFile {
    slug: Spanned<String>,
    title: String,
    #[serde(default)]
    title_en: String,
    #[serde(default)]
    description: String,
    from: Spanned<toml::Value>,
    to: Spanned<toml::Value>,
}

/// The timelines as config.toml lists them, checked: dates in order, slugs that are slugs,
/// no two with one name or overlapping dates.
fn timelines(
    files: &[TimelineFile],
    error_at: &dyn Fn(std::ops::Range<usize>, String) -> Error,
) -> Result<Vec<Timeline>> {
    let mut timelines = Vec::with_capacity(files.len());
    for t in files {
        let date = |d: &Spanned<toml::Value>| {
            timeline_date(d.get_ref()).map_err(|m| error_at(d.span(), m))
        };
        let (from, to) = (date(&t.from)?, date(&t.to)?);
        if from > to {
            return Err(error_at(
                t.from.span(),
                format!(
                    "timeline `{}` starts ({from}) after it ends ({to})",
                    t.slug.get_ref()
                ),
            )
            .help("swap `from` and `to`")
            .into());
        }
        let slug = t.slug.get_ref();
        if slug.is_empty() || text::slugify(slug) != *slug {
            return Err(error_at(
                t.slug.span(),
                format!("timeline slug `{slug}` must be lowercase ASCII words joined by `-`"),
            )
            .help(format!("write `{}`", text::slugify(slug)))
            .into());
        }
        if let Some(earlier) = timelines
            .iter()
            .find(|e: &&Timeline| e.slug == *slug || (e.from <= to && from <= e.to))
        {
            let message = if earlier.slug == *slug {
                format!("two timelines are named `{slug}`")
            } else {
                format!(
                    "timeline `{slug}` ({from} – {to}) overlaps timeline `{}` ({} – {})",
                    earlier.slug, earlier.from, earlier.to
                )
            };
            return Err(error_at(t.slug.span(), message)
                .help("every date must belong to at most one timeline")
                .into());
        }
        timelines.push(Timeline {
            slug: slug.clone(),
            title: t.title.clone(),
            title_en: t.title_en.clone(),
            description: t.description.clone(),
            from,
            to,
        });
    }
    Ok(timelines)
}

fn default_language() -> Spanned<String> {
    Spanned::new(0..0, "vi".to_owned())
}

fn default_feed_limit() -> Spanned<i64> {
    Spanned::new(0..0, 50)
}

fn default_paginate_by() -> Spanned<i64> {
    Spanned::new(0..0, 20)
}

fn default_theme() -> String {
    "default".to_owned()
}

fn default_true() -> bool {
    true
}

impl Config {
    /// Loads `config.toml` from the site root.
    pub fn load(root: &Path) -> Result<Config> {
        let path = root.join(CONFIG_FILE);
        let display = display_path(root, Path::new(CONFIG_FILE));
        if !path.is_file() {
            return Err(Error::in_file(&display, "no config.toml here")
                .help("run biennien in the site's folder, or pass --root DIR")
                .into());
        }
        let source = text::read_file(&path, &display)?;
        Config::parse(&source, &display)
    }

    pub fn parse(source: &str, display: &Path) -> Result<Config> {
        let error_at = |span: std::ops::Range<usize>, message: String| {
            Error::in_file(display, message).at(Position::of_offset(source, span.start))
        };
        let file: ConfigFile = toml::from_str(source).map_err(|e| {
            let offset = e.span().map_or(0, |s| s.start);
            if let Some((offset, message, help)) =
                text::unreadable_date(source, offset, &["from", "to"])
            {
                return Error::in_file(display, message)
                    .at(Position::of_offset(source, offset))
                    .help(help);
            }
            Error::in_file(display, e.message().trim().to_owned())
                .at(Position::of_offset(source, offset))
                .help(CONFIG_HELP)
        })?;
        let base_url = BaseUrl::parse(file.base_url.get_ref())
            .map_err(|m| error_at(file.base_url.span(), m))?;
        let language = Language::parse(file.default_language.get_ref()).ok_or_else(|| {
            error_at(
                file.default_language.span(),
                format!(
                    "default_language `{}` is not one biennien writes",
                    file.default_language.get_ref()
                ),
            )
            .help("write `default_language = \"vi\"` (Vietnamese) or `\"en\"` (English)")
        })?;
        let paginate_by = usize::try_from(*file.paginate_by.get_ref())
            .ok()
            .filter(|&n| n > 0)
            .ok_or_else(|| {
                error_at(
                    file.paginate_by.span(),
                    format!(
                        "paginate_by must be at least 1, not {}",
                        file.paginate_by.get_ref()
                    ),
                )
                .help("write how many entries a listing page shows, e.g. `paginate_by = 20`")
            })?;
        let feed_limit = usize::try_from(*file.feed_limit.get_ref()).map_err(|_| {
            error_at(
                file.feed_limit.span(),
                format!(
                    "feed_limit cannot be negative: {}",
                    file.feed_limit.get_ref()
                ),
            )
            .help("write how many of the newest pages the feed holds, or 0 for all of them")
        })?;
        let cname = file.cname.filter(|c| !c.get_ref().trim().is_empty());
        let warnings = match &cname {
            Some(cname) => check_cname(cname, &base_url, source, display)?,
            None => Vec::new(),
        };
        let timelines = timelines(&file.timelines, &error_at)?;
        Ok(Config {
            base_url,
            title: file.title,
            description: file.description,
            default_language: file.default_language.into_inner(),
            language,
            theme: file.theme,
            paginate_by,
            minify: file.minify,
            feed: file.feed,
            feed_limit,
            sitemap: file.sitemap,
            cname: cname.map(|c| c.into_inner().trim().to_owned()),
            warnings,
            extra: file.extra,
            sources: file.sources,
            import: file.import.compile(source, display)?,
            timelines,
            images: images_config(file.images, &error_at)?,
        })
    }

    /// The section folders imported articles may go to: each timeline's, and the default.
    pub fn section_slugs(&self) -> Vec<&str> {
        let timelines = self.timelines.iter().map(|t| t.slug.as_str());
        timelines
            .chain([self.import.default_section.as_str()])
            .collect()
    }

    /// The timeline whose `from`–`to` holds `date`.
    pub fn timeline_for(&self, date: Date) -> Option<&Timeline> {
        self.timelines.iter().find(|t| t.contains(date))
    }
}

/// `[images]`, checked; the defaults without one.
fn images_config(
    images: Option<Spanned<ImagesConfig>>,
    error_at: &dyn Fn(std::ops::Range<usize>, String) -> Error,
) -> Result<ImagesConfig> {
    let Some(images) = images else {
        return Ok(ImagesConfig::default());
    };
    match images.get_ref().problem() {
        Some(problem) => {
            let usual = ImagesConfig::default();
            let help = format!(
                "e.g. `[images]` with `widths = {:?}`, `quality = {}`, `max_pixels = {}`",
                usual.widths, usual.quality, usual.max_pixels
            );
            Err(error_at(images.span(), problem).help(&help).into())
        }
        None => Ok(images.into_inner()),
    }
}

/// An error when `cname` is more than a domain; a warning when it is not `base_url`'s host.
fn check_cname(
    cname: &Spanned<String>,
    base_url: &BaseUrl,
    source: &str,
    display: &Path,
) -> Result<Vec<String>> {
    let at = Position::of_offset(source, cname.span().start);
    let domain = cname_domain(cname.get_ref()).map_err(|fix| {
        let message = format!("cname `{}` must be a domain name only", cname.get_ref());
        Error::in_file(display, message).at(at).help(format!(
            "write `cname = \"{fix}\"`: a scheme or a path belongs in base_url"
        ))
    })?;
    let host = base_url.host();
    if domain.eq_ignore_ascii_case(host) {
        return Ok(Vec::new());
    }
    Ok(vec![format!(
        "{}:{}:{}: cname `{domain}` is not base_url's host `{host}`: links and feeds are written for base_url, but GitHub Pages serves the site at the cname, at its root; set `base_url = \"https://{domain}/\"`",
        display.display(),
        at.line,
        at.column,
    )])
}

/// `public/CNAME` holds a bare domain; GitHub Pages reads anything else as a broken one.
/// `Err` holds the domain the editor most likely meant.
fn cname_domain(cname: &str) -> std::result::Result<&str, String> {
    let cname = cname.trim();
    let without_scheme = cname.split_once("://").map_or(cname, |(_, rest)| rest);
    let domain = without_scheme
        .split(['/', ':', '?', '#'])
        .next()
        .unwrap_or_default();
    if domain == cname && !domain.contains(char::is_whitespace) {
        Ok(domain)
    } else {
        Err(domain
            .split_whitespace()
            .next()
            .unwrap_or("lich-su.example.org")
            .to_owned())
    }
}

/// A timeline's `from` or `to`: a TOML date, quoted or not.
fn timeline_date(value: &toml::Value) -> std::result::Result<Date, String> {
    let parsed = match value {
        toml::Value::Datetime(dt) => Some(*dt),
        toml::Value::String(s) => s.trim().parse().ok(),
        _ => None,
    };
    let Some(value) = parsed else {
        return Err(format!(
            "`{value}` is not a date: write a plain date such as 2017-01-01"
        ));
    };
    match (value.date, value.time) {
        (Some(d), None) => Date::new(d.year as i16, d.month as i8, d.day as i8)
            .map_err(|e| format!("`{value}` is not a valid date: {e}")),
        _ => Err(format!(
            "`{value}` must be a plain date such as 2017-01-01, without a time"
        )),
    }
}

/// How a path inside the site is named in messages: relative to the current folder when the
/// site is the current folder, otherwise under the root the user gave. `path` may be relative
/// to the root or already joined to it.
pub fn display_path(root: &Path, path: &Path) -> PathBuf {
    let relative = path.strip_prefix(root).unwrap_or(path);
    if root == Path::new(".") || root.as_os_str().is_empty() {
        relative.to_path_buf()
    } else {
        root.join(relative)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(source: &str) -> Result<Config> {
        Config::parse(source, Path::new("config.toml"))
    }

    const MINIMAL: &str = "base_url = \"https://example.org\"\ntitle = \"T\"\n";

    #[test]
    fn base_url_keeps_its_path_with_one_trailing_slash() {
        let b = BaseUrl::parse("https://org.github.io/lich-su").unwrap();
        assert_eq!(b.full, "https://org.github.io/lich-su/");
        assert_eq!(b.path, "/lich-su/");
        assert_eq!(b.path_to("2017/a/"), "/lich-su/2017/a/");
        assert_eq!(BaseUrl::parse("http://localhost:1111/").unwrap().path, "/");
        assert!(BaseUrl::parse("org.github.io").is_err());
    }

    #[test]
    fn defaults_apply() {
        let c = parse(MINIMAL).unwrap();
        assert_eq!(c.default_language, "vi");
        assert_eq!(c.theme, "default");
        assert!(!c.minify);
        assert_eq!(c.import.default_section, "tu-lieu");
    }

    #[test]
    fn unknown_key_is_named_with_line_and_column() {
        let err = parse(&format!("{MINIMAL}colour = \"red\"\n")).unwrap_err();
        let text = err.to_string();
        assert!(text.contains("config.toml:3:1"), "{text}");
        assert!(text.contains("colour"), "{text}");
    }

    #[test]
    fn wrong_type_and_missing_key_are_errors() {
        let err = parse(&format!("{MINIMAL}minify = \"yes\"\n"))
            .unwrap_err()
            .to_string();
        assert!(err.contains("config.toml:3:10"), "{err}");
        let err = parse("title = \"T\"\n").unwrap_err().to_string();
        assert!(err.contains("base_url"), "{err}");
    }

    fn timelines(a: (&str, &str), b: (&str, &str)) -> String {
        format!(
            "{MINIMAL}[[timelines]]\nslug = \"a\"\ntitle = \"A\"\nfrom = {}\nto = {}\n\n[[timelines]]\nslug = \"b\"\ntitle = \"B\"\nfrom = {}\nto = {}\n",
            a.0, a.1, b.0, b.1
        )
    }

    #[test]
    fn timelines_must_not_overlap_or_run_backwards() {
        let ok = parse(&timelines(
            ("2017-01-01", "2017-12-31"),
            ("2018-01-01", "2018-12-31"),
        ));
        assert_eq!(ok.unwrap().timelines.len(), 2);
        let overlap = parse(&timelines(
            ("2017-01-01", "2018-01-01"),
            ("2018-01-01", "2018-12-31"),
        ))
        .unwrap_err()
        .to_string();
        assert!(overlap.contains("config.toml:10:8"), "{overlap}");
        assert!(overlap.contains("overlaps timeline `a`"), "{overlap}");
        let backwards = parse(&timelines(
            ("2017-12-31", "2017-01-01"),
            ("2018-01-01", "2018-12-31"),
        ))
        .unwrap_err()
        .to_string();
        assert!(backwards.contains("config.toml:6:8"), "{backwards}");
        assert!(
            backwards.contains("starts (2017-12-31) after it ends (2017-01-01)"),
            "{backwards}"
        );
    }
}
