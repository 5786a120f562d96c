//! The import stage: raw articles in `seeds/` become Markdown pages in `content/`, faithful
//! to the text, with metadata extracted by rules and corrected by sidecars. It never
//! overwrites a file an editor changed: a page is rewritten only while it is exactly as the
//! last import wrote it (its `written_sha256` says so).

pub mod classify;
pub mod extract;
mod markdown;
mod sidecar;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use serde::Serialize;
use sha2::{Digest, Sha256};

use crate::config::{Config, display_path};
use crate::content::{CONTENT_DIR, PlannedFile, front_matter};
use crate::error::{Error, Result};
use crate::text::{self, PageDate, slugify};
pub use classify::LineKind;
use classify::classify;
use extract::Sourced;
use sidecar::Sidecar;

pub const SEEDS_DIR: &str = "seeds";
const MAX_SLUG_CHARS: usize = 80;
const WRITTEN_HASH_KEY: &str = "written_sha256 = ";

#[derive(Debug, Clone)]
pub struct ImportOptions {
    pub root: PathBuf,
    /// Default: `seeds/` under the root.
    pub seeds: Option<PathBuf>,
    /// Default: `content/` under the root.
    pub content: Option<PathBuf>,
    pub dry_run: bool,
    pub force: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Action {
    Written,
    Unchanged,
    /// Dry run: what would be written.
    WouldWrite,
    /// An editor changed the page; it was left alone.
    KeptEditorsVersion,
    /// `--force`: the editor's version was saved as `.orig`, then overwritten.
    OverwroteEditorsVersion,
    Skipped,
    Failed,
}

#[derive(Debug, Serialize)]
pub struct FieldReport {
    pub field: &'static str,
    pub value: String,
    /// The seed line the value came from; `None` when the sidecar gave it.
    pub line: Option<usize>,
}

#[derive(Debug, Serialize)]
pub struct DroppedLine {
    pub line: usize,
    pub kind: LineKind,
    pub text: String,
}

#[derive(Debug, Serialize)]
pub struct SeedReport {
    pub seed: String,
    pub output: Option<String>,
    pub action: Action,
    pub fields: Vec<FieldReport>,
    pub dropped: Vec<DroppedLine>,
    pub warnings: Vec<String>,
    /// Why the seed could not be imported.
    #[serde(serialize_with = "as_text")]
    pub error: Option<Error>,
    /// With `dry_run`: what this seed's import would write or remove (`check` builds from
    /// it, in memory).
    #[serde(skip)]
    pub planned: Vec<PlannedFile>,
}

fn as_text<S: serde::Serializer>(
    error: &Option<Error>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    match error {
        Some(e) => s.serialize_some(&e.to_string()),
        None => s.serialize_none(),
    }
}

#[derive(Debug, Default, Serialize)]
pub struct ImportReport {
    pub seeds: Vec<SeedReport>,
    /// Content files whose seed is gone: left alone.
    pub orphans: Vec<String>,
    /// Symbolic links among the seeds: not followed (they could point anywhere).
    pub links: Vec<String>,
}

impl ImportReport {
    /// The pages this import wrote, as messages name them (under the site's root).
    pub fn written(&self) -> impl Iterator<Item = PathBuf> + '_ {
        self.seeds
            .iter()
            .filter(|s| matches!(s.action, Action::Written | Action::OverwroteEditorsVersion))
            .filter_map(|s| s.output.as_deref().map(PathBuf::from))
    }

    pub fn failed(&self) -> bool {
        self.seeds.iter().any(|s| s.error.is_some())
    }

    pub fn count(&self, action: Action) -> usize {
        self.seeds.iter().filter(|s| s.action == action).count()
    }

    /// Every warning, each naming its seed.
    pub fn warnings(&self) -> Vec<String> {
        let seeds = self
            .seeds
            .iter()
            .flat_map(|s| s.warnings.iter().map(move |w| format!("{}: {w}", s.seed)));
        let orphans = self
            .orphans
            .iter()
            .map(|o| format!("{o}: its seed is gone; the page was left as it is"));
        let links = self
            .links
            .iter()
            .map(|l| format!("{l}: symbolic links in seeds/ are skipped; copy the file instead"));
        seeds.chain(orphans).chain(links).collect()
    }

    pub fn errors(&self) -> Vec<Error> {
        self.seeds.iter().filter_map(|s| s.error.clone()).collect()
    }

    /// With `dry_run`: every file the import would write or remove.
    pub fn planned(&self) -> impl Iterator<Item = &PlannedFile> {
        self.seeds.iter().flat_map(|s| &s.planned)
    }

    pub fn summary(&self) -> String {
        format!(
            "Imported {} seeds: {} written, {} unchanged, {} kept as edited, {} skipped, {} failed",
            self.seeds.len(),
            self.count(Action::Written)
                + self.count(Action::OverwroteEditorsVersion)
                + self.count(Action::WouldWrite),
            self.count(Action::Unchanged),
            self.count(Action::KeptEditorsVersion),
            self.count(Action::Skipped),
            self.count(Action::Failed),
        )
    }
}

impl std::fmt::Display for ImportReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for seed in &self.seeds {
            let output = seed.output.as_deref().unwrap_or("-");
            writeln!(f, "{} → {output} ({:?})", seed.seed, seed.action)?;
            for field in &seed.fields {
                match field.line {
                    Some(line) => writeln!(f, "  {}: {} (line {line})", field.field, field.value)?,
                    None => writeln!(f, "  {}: {} (sidecar)", field.field, field.value)?,
                }
            }
            for d in &seed.dropped {
                writeln!(f, "  dropped line {} ({:?}): {}", d.line, d.kind, d.text)?;
            }
            for w in &seed.warnings {
                writeln!(f, "  warning: {w}")?;
            }
            if let Some(e) = &seed.error {
                writeln!(f, "  {e}")?;
            }
        }
        for o in &self.orphans {
            writeln!(f, "{o}: its seed is gone; the page was left as it is")?;
        }
        write!(f, "{}", self.summary())
    }
}

/// Imports every seed. Problems with one seed are reported in it and do not stop the others;
/// a missing or broken config stops everything.
pub fn run(config: &Config, options: &ImportOptions) -> Result<ImportReport> {
    let root = &options.root;
    let seeds_dir = options
        .seeds
        .clone()
        .unwrap_or_else(|| root.join(SEEDS_DIR));
    let content_dir = options
        .content
        .clone()
        .unwrap_or_else(|| root.join(CONTENT_DIR));
    let mut report = ImportReport::default();
    if !seeds_dir.is_dir() {
        // A site without seeds has nothing to import; a folder the user named must exist.
        if options.seeds.is_some() {
            return Err(Error::in_file(&seeds_dir, "no such folder of seeds")
                .help("pass the folder holding the raw .txt articles to --seeds")
                .into());
        }
        return Ok(report);
    }
    let (seeds, links) = list_seeds(&seeds_dir)?;
    report.links = links
        .iter()
        .map(|l| display_path(root, l).display().to_string())
        .collect();
    let existing = imported_pages(&content_dir);
    let mut taken: BTreeSet<PathBuf> = BTreeSet::new();
    let mut sections_written: BTreeSet<String> = BTreeSet::new();
    for seed_path in &seeds {
        let key = seed_key(&seeds_dir, seed_path);
        let shown = display_path(root, seed_path);
        let mut seed_report = SeedReport {
            seed: key.clone(),
            output: None,
            action: Action::Failed,
            fields: Vec::new(),
            dropped: Vec::new(),
            warnings: Vec::new(),
            error: None,
            planned: Vec::new(),
        };
        let context = SeedContext {
            config,
            options,
            content_dir: &content_dir,
            existing: existing.get(&key),
        };
        match import_seed(
            &context,
            seed_path,
            &shown,
            &key,
            &mut seed_report,
            &mut taken,
        ) {
            Ok(Some(section)) => {
                if sections_written.insert(section.clone())
                    && let Some((path, text)) = section_index(config, &content_dir, &section)
                {
                    if options.dry_run {
                        let text = Some(text);
                        seed_report.planned.push(PlannedFile { path, text });
                    } else {
                        write_atomically(&path, &text)?;
                    }
                }
            }
            Ok(None) => {}
            Err(e) => {
                seed_report.action = Action::Failed;
                seed_report.error = Some(e);
            }
        }
        report.seeds.push(seed_report);
    }
    let present: BTreeSet<&String> = report.seeds.iter().map(|s| &s.seed).collect();
    report.orphans = existing
        .iter()
        .filter(|(seed, _)| !present.contains(seed))
        .map(|(_, file)| display_path(root, file).display().to_string())
        .collect();
    Ok(report)
}

struct SeedContext<'a> {
    config: &'a Config,
    options: &'a ImportOptions,
    content_dir: &'a Path,
    /// The page an earlier import wrote for this seed.
    existing: Option<&'a PathBuf>,
}

/// `seeds/001_x.txt`: how provenance names a seed.
fn seed_key(seeds_dir: &Path, seed: &Path) -> String {
    let name = seed.file_name().unwrap_or_default().to_string_lossy();
    let dir = seeds_dir.file_name().unwrap_or_default().to_string_lossy();
    format!("{dir}/{name}")
}

/// The `.txt` files in the seeds folder, and apart the symbolic links named `.txt`.
fn list_seeds(seeds_dir: &Path) -> Result<(Vec<PathBuf>, Vec<PathBuf>)> {
    let entries = fs::read_dir(seeds_dir).map_err(|e| Error::io(seeds_dir, &e))?;
    let (mut seeds, mut links) = (Vec::new(), Vec::new());
    for entry in entries.flatten() {
        let path = entry.path();
        if path.extension().is_none_or(|e| e != "txt") {
            continue;
        }
        match entry.file_type() {
            Ok(kind) if kind.is_file() => seeds.push(path),
            Ok(kind) if kind.is_symlink() => links.push(path),
            _ => {}
        }
    }
    seeds.sort();
    links.sort();
    Ok((seeds, links))
}

/// Pages that came from a seed, by the seed's key. Unreadable pages are the build's to report.
fn imported_pages(content_dir: &Path) -> BTreeMap<String, PathBuf> {
    #[derive(serde::Deserialize)]
    struct Provenance {
        seed: String,
    }
    #[derive(serde::Deserialize)]
    struct JustProvenance {
        provenance: Option<Provenance>,
    }
    let mut pages = BTreeMap::new();
    for entry in walkdir::WalkDir::new(content_dir)
        .sort_by_file_name()
        .into_iter()
        .flatten()
    {
        let path = entry.path();
        if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != "md") {
            continue;
        }
        let Ok(text) = fs::read_to_string(path) else {
            continue;
        };
        let Ok(split) = front_matter::split(&text, path) else {
            continue;
        };
        if let Ok(JustProvenance {
            provenance: Some(p),
        }) = toml::from_str(split.front_matter)
        {
            pages.insert(p.seed, path.to_path_buf());
        }
    }
    pages
}

/// Imports one seed; returns the section folder it went to.
fn import_seed(
    cx: &SeedContext,
    seed_path: &Path,
    shown: &Path,
    key: &str,
    report: &mut SeedReport,
    taken: &mut BTreeSet<PathBuf>,
) -> std::result::Result<Option<String>, Error> {
    let sidecar_path = seed_path.with_extension("toml");
    let sections = cx.config.section_slugs();
    let sidecar =
        Sidecar::load(&sidecar_path, &shown.with_extension("toml"), &sections)?.unwrap_or_default();
    if sidecar.skip {
        report.action = Action::Skipped;
        return Ok(None);
    }
    let bytes = fs::read(seed_path).map_err(|e| Error::io(shown, &e))?;
    let seed_sha256 = hex(&Sha256::digest(&bytes));
    let seed_text = text::decode(bytes, shown)?;
    let lines = classify(&seed_text);
    if !lines.iter().any(|l| l.kind == LineKind::Body) {
        return Err(Error::in_file(
            shown,
            "the seed has no article text (only page debris, or nothing)",
        )
        .help("check the file, or set `skip = true` in its sidecar"));
    }
    let article = extract::extract(&lines);
    report.dropped = lines
        .iter()
        .filter(|l| !l.kind.is_kept())
        .map(|l| DroppedLine {
            line: l.number,
            kind: l.kind,
            text: l.text.clone(),
        })
        .collect();
    report.warnings.clone_from(&article.warnings);

    let meta = Metadata::merge(article, sidecar, report);
    let section = section_for(cx.config, &meta, report);
    let target = unique_target(cx, &section, &meta, seed_path, taken);
    let file_text = page_file(&meta, key, &seed_sha256);
    report.output = Some(
        display_path(&cx.options.root, &target)
            .display()
            .to_string(),
    );
    report.action = write_page(cx, &target, &file_text, report)?;
    if report.action == Action::WouldWrite {
        let moved_from = cx.existing.filter(|old| **old != target);
        report.planned.extend(moved_from.map(|old| PlannedFile {
            path: old.clone(),
            text: None,
        }));
        report.planned.push(PlannedFile {
            path: target,
            text: Some(file_text),
        });
    }
    Ok(Some(section))
}

/// The article's fields after the sidecar's corrections.
struct Metadata {
    title: String,
    date: Option<PageDate>,
    date_approximate: bool,
    date_note: String,
    description: String,
    source: String,
    authors: Vec<String>,
    author_roles: BTreeMap<String, String>,
    timeline: Option<String>,
    slug: Option<String>,
    body: String,
}

impl Metadata {
    fn merge(article: extract::Article, sidecar: Sidecar, report: &mut SeedReport) -> Metadata {
        // The sidecar's value wins; the report says where each value came from.
        let mut field = |name: &'static str,
                         from_seed: Option<Sourced<String>>,
                         from_sidecar: Option<String>| {
            let (value, line) = match (from_sidecar, from_seed) {
                (Some(v), _) => (v, None),
                (None, Some(s)) => (s.value, Some(s.line)),
                (None, None) => return String::new(),
            };
            report.fields.push(FieldReport {
                field: name,
                value: value.clone(),
                line,
            });
            value
        };
        let title = field("title", article.title, sidecar.title);
        let description = field("description", article.description, sidecar.description);
        let source = field("source", article.source, sidecar.source);
        let from_seed = article.date.as_ref().map(|d| Sourced {
            value: d.value.iso(),
            line: d.line,
        });
        let date = sidecar.page_date.or(article.date.map(|d| d.value));
        field("date", from_seed, sidecar.page_date.map(|d| d.iso()));
        let authors = match sidecar.authors {
            Some(authors) => {
                for a in &authors {
                    field("author", None, Some(a.clone()));
                }
                authors
            }
            None => article
                .authors
                .into_iter()
                .map(|a| field("author", Some(a), None))
                .collect(),
        };
        if title.is_empty() {
            report
                .warnings
                .push("no title found: add `title` to the sidecar".to_owned());
        }
        if date.is_none() {
            report.warnings.push("no date found: add `date` to the sidecar (\"2018\" and `date_approximate = true` for an estimate)".to_owned());
        }
        Metadata {
            title,
            date,
            date_approximate: sidecar.date_approximate.unwrap_or(false),
            date_note: sidecar.date_note.unwrap_or_default(),
            description,
            source,
            authors,
            author_roles: sidecar.author_roles.unwrap_or(article.author_roles),
            timeline: sidecar.timeline.map(|t| t.into_inner()),
            slug: sidecar.slug,
            body: article.body,
        }
    }
}

/// The sidecar's choice, else the timeline whose range holds the date (a partial date: its
/// first day), else the default section.
fn section_for(config: &Config, meta: &Metadata, report: &mut SeedReport) -> String {
    if let Some(wanted) = &meta.timeline {
        return wanted.clone();
    }
    match meta.date.and_then(|d| config.timeline_for(d.first_day())) {
        Some(t) => t.slug.clone(),
        None => {
            let default = &config.import.default_section;
            report.warnings.push(format!(
                "no timeline holds this article's date; it goes to `{default}`"
            ));
            default.clone()
        }
    }
}

/// Slug from the title, at most 80 characters cut at a word boundary.
fn title_slug(title: &str) -> String {
    let slug = slugify(title);
    if slug.len() <= MAX_SLUG_CHARS {
        return slug;
    }
    let cut = slug[..=MAX_SLUG_CHARS].rfind('-').unwrap_or(MAX_SLUG_CHARS);
    slug[..cut].to_owned()
}

/// The page's path: its earlier path when the slug is unchanged, else a free one.
fn unique_target(
    cx: &SeedContext,
    section: &str,
    meta: &Metadata,
    seed_path: &Path,
    taken: &mut BTreeSet<PathBuf>,
) -> PathBuf {
    let stem = seed_path.file_stem().unwrap_or_default().to_string_lossy();
    let base = meta
        .slug
        .as_deref()
        .map(slugify)
        .filter(|s| !s.is_empty())
        .unwrap_or_else(|| {
            Some(title_slug(&meta.title))
                .filter(|s| !s.is_empty())
                .unwrap_or_else(|| slugify(&stem))
        });
    let dir = cx.content_dir.join(section);
    let mut n = 1;
    loop {
        let name = if n == 1 {
            format!("{base}.md")
        } else {
            format!("{base}-{n}.md")
        };
        let candidate = dir.join(name);
        let ours = cx.existing == Some(&candidate);
        let free = !candidate.exists() || ours;
        if free && !taken.contains(&candidate) {
            taken.insert(candidate.clone());
            return candidate;
        }
        n += 1;
    }
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

fn toml_date(date: &PageDate) -> String {
    if date.is_partial() {
        toml_string(&date.iso())
    } else {
        date.iso()
    }
}

/// The page file, front matter in the shape SEEDS.md shows, with the hash of itself.
fn page_file(meta: &Metadata, seed_key: &str, seed_sha256: &str) -> String {
    let mut head = vec![
        "+++".to_owned(),
        format!("title = {}", toml_string(&meta.title)),
    ];
    if let Some(date) = &meta.date {
        head.push(format!("date = {}", toml_date(date)));
    }
    head.push(format!("date_approximate = {}", meta.date_approximate));
    head.push(format!("date_note = {}", toml_string(&meta.date_note)));
    head.push(format!("description = {}", toml_string(&meta.description)));
    head.push(format!("source = {}", toml_string(&meta.source)));
    let authors: Vec<String> = meta.authors.iter().map(|a| toml_string(a)).collect();
    head.push(format!("authors = [{}]", authors.join(", ")));
    if !meta.author_roles.is_empty() {
        head.push(String::new());
        head.push("[author_roles]".to_owned());
        for (name, role) in &meta.author_roles {
            head.push(format!("{} = {}", toml_string(name), toml_string(role)));
        }
    }
    head.push(String::new());
    head.push("[provenance]".to_owned());
    head.push(format!("seed = {}", toml_string(seed_key)));
    head.push(format!("seed_sha256 = {}", toml_string(seed_sha256)));
    let tail = format!("+++\n{}", meta.body);
    let unsigned = format!("{}\n{tail}", head.join("\n"));
    let hash = hex(&Sha256::digest(unsigned.as_bytes()));
    format!("{}\n{WRITTEN_HASH_KEY}\"{hash}\"\n{tail}", head.join("\n"))
}

/// Whether a page is exactly as an import wrote it: its hash, taken without its hash line,
/// matches the hash line.
fn is_as_imported(text: &str) -> bool {
    let Some(start) = text.find(&format!("\n{WRITTEN_HASH_KEY}\"")) else {
        return false;
    };
    let line_start = start + 1;
    let Some(line_len) = text[line_start..].find('\n').map(|i| i + 1) else {
        return false;
    };
    let line = &text[line_start..line_start + line_len];
    let recorded = line[WRITTEN_HASH_KEY.len()..].trim().trim_matches('"');
    let unsigned = format!("{}{}", &text[..line_start], &text[line_start + line_len..]);
    hex(&Sha256::digest(unsigned.as_bytes())) == recorded
}

fn write_page(
    cx: &SeedContext,
    target: &Path,
    text: &str,
    report: &mut SeedReport,
) -> std::result::Result<Action, Error> {
    let previous = cx.existing.filter(|p| p.is_file());
    let current = previous.map(|p| fs::read_to_string(p).unwrap_or_default());
    if previous == Some(&target.to_path_buf()) && current.as_deref() == Some(text) {
        return Ok(Action::Unchanged);
    }
    let edited = current.as_deref().is_some_and(|c| !is_as_imported(c));
    let shown = |p: &Path| display_path(&cx.options.root, p).display().to_string();
    if edited && !cx.options.force {
        let file = shown(previous.expect("edited implies a previous file"));
        report.warnings.push(format!("{file} was changed by an editor and was left alone; `import --force` overwrites it after saving the editor's version as {file}.orig"));
        report.output = Some(file);
        return Ok(Action::KeptEditorsVersion);
    }
    if cx.options.dry_run {
        return Ok(Action::WouldWrite);
    }
    if let Some(old) = previous {
        if edited {
            let orig = unused_backup_path(old);
            fs::copy(old, &orig).map_err(|e| Error::io(&orig, &e))?;
            report.warnings.push(format!(
                "the editor's version of {} was saved as {}",
                shown(old),
                shown(&orig)
            ));
        }
        if old != target {
            fs::remove_file(old).map_err(|e| Error::io(old, &e))?;
        }
    }
    write_atomically(target, text)?;
    Ok(if edited {
        Action::OverwroteEditorsVersion
    } else {
        Action::Written
    })
}

/// `<file>.md.orig`, or `<file>.md.2.orig`, … when an earlier `--force` saved one: an
/// editor's earlier version is never overwritten. (The `.orig` ending keeps it out of the site.)
fn unused_backup_path(page: &Path) -> PathBuf {
    (1..)
        .map(|n| match n {
            1 => PathBuf::from(format!("{}.orig", page.display())),
            n => PathBuf::from(format!("{}.{n}.orig", page.display())),
        })
        .find(|p| !p.exists())
        .expect("some backup name is free")
}

/// Write beside, then rename: a killed import never leaves half a page.
fn write_atomically(target: &Path, text: &str) -> std::result::Result<(), Error> {
    let dir = target.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, &e))?;
    let temp = dir.join(format!(
        ".{}.tmp",
        target.file_name().unwrap_or_default().to_string_lossy()
    ));
    fs::write(&temp, text).map_err(|e| Error::io(&temp, &e))?;
    fs::rename(&temp, target).map_err(|e| Error::io(target, &e))
}

/// A section folder gets an `_index.md` from its timeline (never overwriting one).
fn section_index(config: &Config, content_dir: &Path, section: &str) -> Option<(PathBuf, String)> {
    let path = content_dir.join(section).join("_index.md");
    if path.exists() {
        return None;
    }
    let position = config.timelines.iter().position(|t| t.slug == section);
    let (title, description, weight) = match position {
        Some(i) => {
            let t = &config.timelines[i];
            (t.title.as_str(), t.description.as_str(), i + 1)
        }
        None => (
            "Tư liệu",
            "Các bài viết chưa thuộc dòng thời gian nào.",
            config.timelines.len() + 1,
        ),
    };
    let text = format!(
        "+++\ntitle = {}\ndescription = {}\nweight = {weight}\n+++\n",
        toml_string(title),
        toml_string(description)
    );
    Some((path, text))
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}
