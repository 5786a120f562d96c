//! The import stage: raw articles in `seeds/` become Markdown pages in `content/`, faithful
//! to the text, with metadata extracted by rules and corrected by sidecars. It never
//! overwrites a file an editor changed: a page is rewritten only while it is exactly as the
//! last import wrote it (its `written_sha256` says so). Once a seed has a page, its address
//! stays: it changes only with the sidecar's `slug` or the page's section, and then the old
//! address redirects (`aliases`).

mod byline;
pub mod classify;
mod corrections;
pub mod extract;
mod head;
mod markdown;
mod page;
mod photos;
mod report;
mod rules;
mod sidecar;

use std::collections::{BTreeMap, BTreeSet};
use std::fs;
use std::path::{Path, PathBuf};

use crate::config::{Config, display_path};
use crate::content::{CONTENT_DIR, aliases, front_matter};
use crate::error::{Error, Result};
use crate::text::{self, PageDate, slugify};
pub use classify::LineKind;
use extract::Sourced;
use page::PreviousPage;
pub use report::{Action, DroppedLine, FieldReport, ImportReport, Move, Origin, SeedReport};
use sidecar::{Sidecar, SidecarPhotos};

pub use page::url_of as page_url;

pub const SEEDS_DIR: &str = "seeds";
const MAX_SLUG_CHARS: usize = 80;

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

/// Checks a sidecar's text as the import reads it (`shown` names it in errors).
pub fn check_sidecar(source: &str, shown: &Path, config: &Config) -> Result<(), Error> {
    Sidecar::parse(source, shown, &config.section_slugs()).map(|_| ())
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
    let mut report = ImportReport {
        dry_run: options.dry_run,
        ..ImportReport::default()
    };
    if !seeds_dir.is_dir() {
        // A site without seeds has nothing to import; a folder the user named must exist.
        if options.seeds.is_some() {
            return Err(Error::in_file(&seeds_dir, "no such folder of seeds")
                .help("pass the folder holding the raw .txt articles to --seeds")
                .into());
        }
        report.count_actions();
        return Ok(report);
    }
    let (seeds, links) = list_seeds(&seeds_dir)?;
    report.links = links
        .iter()
        .map(|l| display_path(root, l).display().to_string())
        .collect();
    let existing = ImportedPages::find(&content_dir);
    let keys = SeedKeys::new(root, &seeds_dir);
    // The provenance keys that found their seed: the other pages are orphans.
    let mut found: BTreeSet<&String> = BTreeSet::new();
    let mut taken: BTreeSet<PathBuf> = BTreeSet::new();
    let mut sections_written: BTreeSet<String> = BTreeSet::new();
    for seed_path in &seeds {
        let (key, earlier_key) = keys.of(seed_path);
        let page = existing
            .by_seed
            .get_key_value(&key)
            .or_else(|| existing.by_seed.get_key_value(earlier_key.as_ref()?));
        let previous = page.and_then(|(seed_key, file)| {
            found.insert(seed_key);
            PreviousPage::read(&content_dir, file)
        });
        let shown = display_path(root, seed_path);
        let mut seed_report = SeedReport::new(key.clone());
        let context = SeedContext {
            config,
            options,
            content_dir: &content_dir,
            previous: previous.as_ref(),
            aliases: &existing.aliases,
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
                if sections_written.insert(section.clone()) {
                    page::add_section_index(
                        config,
                        options,
                        &content_dir,
                        &section,
                        &mut seed_report,
                    )?;
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
    report.orphans = existing
        .by_seed
        .iter()
        .filter(|(seed, _)| !found.contains(seed))
        .map(|(_, file)| display_path(root, file).display().to_string())
        .collect();
    report.count_actions();
    Ok(report)
}

struct SeedContext<'a> {
    config: &'a Config,
    options: &'a ImportOptions,
    content_dir: &'a Path,
    /// The page an earlier import wrote for this seed.
    previous: Option<&'a PreviousPage>,
    /// Every page's aliases (site paths) with its file: no page is written at one.
    aliases: &'a BTreeMap<String, PathBuf>,
}

/// How provenance names a seed: by its path relative to the site's root when it is inside
/// it (`seeds/001_x.txt`), else by its absolute path.
struct SeedKeys {
    folder: String,
    /// What earlier versions recorded: the folder's own name (`raw/001_x.txt`), wherever it was.
    earlier_folder: String,
    /// Where `<earlier_folder>/<name>` would name another seed of the site.
    root: PathBuf,
}

impl SeedKeys {
    fn new(root: &Path, seeds_dir: &Path) -> SeedKeys {
        let dir = seeds_dir
            .canonicalize()
            .unwrap_or_else(|_| seeds_dir.to_path_buf());
        let inside = root
            .canonicalize()
            .ok()
            .and_then(|root| dir.strip_prefix(root).ok().map(Path::to_path_buf));
        let earlier_folder = dir.file_name().unwrap_or_default().to_string_lossy();
        SeedKeys {
            earlier_folder: earlier_folder.into_owned(),
            folder: inside.unwrap_or(dir).to_string_lossy().replace('\\', "/"),
            root: root.to_path_buf(),
        }
    }

    /// The seed's key, and the one an earlier version would have recorded, unless that one
    /// is the key of another seed, inside the site (`--seeds /elsewhere/seeds` beside the
    /// site's own `seeds/`).
    fn of(&self, seed: &Path) -> (String, Option<String>) {
        let name = seed.file_name().unwrap_or_default().to_string_lossy();
        let key = match self.folder.as_str() {
            "" => name.to_string(),
            folder => format!("{folder}/{name}"),
        };
        let earlier = format!("{}/{name}", self.earlier_folder);
        let taken = earlier != key && self.root.join(&earlier).is_file();
        (key, (!taken).then_some(earlier))
    }
}

/// The `.txt` files in the seeds folder, and apart the symbolic links named `.txt`.
pub(crate) fn list_seeds(seeds_dir: &Path) -> Result<(Vec<PathBuf>, Vec<PathBuf>)> {
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

/// What `content/` holds that the import must know. Unreadable pages are the build's to report.
#[derive(Default)]
struct ImportedPages {
    /// Pages that came from a seed, by the seed's key (their provenance).
    by_seed: BTreeMap<String, PathBuf>,
    /// Every page's aliases, as site paths, with the page's file.
    aliases: BTreeMap<String, PathBuf>,
}

impl ImportedPages {
    fn find(content_dir: &Path) -> ImportedPages {
        #[derive(serde::Deserialize)]
        struct Provenance {
            seed: String,
        }
        #[derive(serde::Deserialize)]
        struct Fields {
            provenance: Option<Provenance>,
            /// Read leniently: a mistyped field is the build's to report, and must not hide
            /// the page's provenance.
            aliases: Option<toml::Value>,
        }
        let mut pages = ImportedPages::default();
        // The pages the build reads, no others (hidden folders and editor temp files left out).
        for entry in crate::files::walk(content_dir, "the content folder").flatten() {
            let path = entry.path();
            if !entry.file_type().is_file() || path.extension().is_none_or(|e| e != "md") {
                continue;
            }
            // Read leniently too: one bad byte must not hide whose page it is.
            let Ok(bytes) = fs::read(path) else {
                continue;
            };
            let text = String::from_utf8_lossy(&bytes);
            let Ok(split) = front_matter::split(&text, path) else {
                continue;
            };
            let Ok(fields) = toml::from_str::<Fields>(split.front_matter) else {
                continue;
            };
            let written = fields.aliases.and_then(|a| a.as_array().cloned());
            for alias in written.iter().flatten().filter_map(toml::Value::as_str) {
                if let Ok(alias) = aliases::site_path(alias) {
                    pages.aliases.insert(alias, path.to_path_buf());
                }
            }
            if let Some(p) = fields.provenance {
                pages.by_seed.insert(p.seed, path.to_path_buf());
            }
        }
        pages
    }
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
    let bytes = fs::read(seed_path).map_err(|e| Error::io(shown, &e));
    let sidecar_bytes = fs::read(&sidecar_path).ok();
    // A page as the import wrote it follows from the seed and sidecar; an edited one does not.
    let edited = cx.previous.filter(|p| !p.as_imported);
    report.inputs_hash = crate::hash_of((
        bytes.as_ref().ok(),
        &sidecar_bytes,
        edited.map(|p| (&p.file, &p.text)),
    ));
    let sections = cx.config.section_slugs();
    let sidecar_shown = shown.with_extension("toml");
    if sidecar_bytes.is_some() {
        report.sidecar = Some(sidecar_shown.display().to_string());
    }
    // Parsed from the bytes just hashed: a sidecar saved meanwhile waits for the next import.
    let mut sidecar = match sidecar_bytes {
        Some(bytes) => Sidecar::parse(
            &text::decode(bytes, &sidecar_shown)?,
            &sidecar_shown,
            &sections,
        )?,
        None => Sidecar::default(),
    };
    if sidecar.skip {
        report.action = page::remove_page(cx, report)?;
        return Ok(None);
    }
    let bytes = bytes?;
    let seed_sha256 = text::sha256_hex(&bytes);
    report.seed_sha256 = Some(seed_sha256.clone());
    let seed_text = text::decode(bytes, shown)?;
    let mut lines = classify::classify_for_site(&seed_text, &cx.config.import.drop_patterns);
    let kinds = |lines: &[classify::SeedLine]| lines.iter().map(|l| (l.number, l.kind)).collect();
    // The rules' kinds stand when the sidecar's line keys are refused.
    report.line_kinds = kinds(&lines);
    let seed = corrections::SeedText {
        text: &seed_text,
        sha256: &seed_sha256,
    };
    corrections::apply(&mut lines, &sidecar.line_keys, &seed, &sidecar_shown)?;
    report.line_kinds = kinds(&lines);
    if !lines.iter().any(|l| l.kind == LineKind::Body) {
        return Err(Error::in_file(
            shown,
            "the seed has no article text (only page debris, or nothing)",
        )
        .help("check the file, or set `skip = true` in its sidecar"));
    }
    let mut article = extract::extract(&lines);
    corrections::read_fields(&lines, &sidecar.line_keys, &mut article, &sidecar_shown)?;
    let photo_folder = seed_path.with_extension("");
    let sidecar_photos = sidecar.take_photos();
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
    let meta = place_photos(
        meta,
        &sidecar_photos,
        &lines,
        &photo_folder,
        &target,
        (shown, &sidecar_shown),
        report,
    )?;
    let file_text = page::page_file(&meta, &carried_aliases(cx, &target), key, &seed_sha256);
    report.output = Some(
        display_path(&cx.options.root, &target)
            .display()
            .to_string(),
    );
    report.action = page::write_page(cx, &target, &file_text, report)?;
    Ok(Some(section))
}

/// The sidecar's photos placed in the article's body (`photos`); the seed's folder's other
/// photos reported.
fn place_photos(
    mut meta: Metadata,
    sidecar: &SidecarPhotos,
    lines: &[classify::SeedLine],
    folder: &Path,
    target: &Path,
    (shown, sidecar_shown): (&Path, &Path),
    report: &mut SeedReport,
) -> std::result::Result<Metadata, Error> {
    let folder_shown = shown.with_extension("");
    let folder_name = folder_shown
        .file_name()
        .unwrap_or_default()
        .to_string_lossy();
    for name in photos::unplaced(&sidecar.entries, folder) {
        report.warnings.push(format!(
            "photo `{folder_name}/{name}` is not placed: no `[[photos]]` entry in the sidecar names it"
        ));
    }
    if sidecar.entries.is_empty() {
        return Ok(meta);
    }
    let cx = photos::PhotoContext {
        sidecar: sidecar_shown,
        sidecar_text: &sidecar.text,
        folder_shown: &folder_shown,
        folder,
        page_folder: target.parent().unwrap_or(Path::new("")),
        seed_sha256: report.seed_sha256.as_deref().unwrap_or_default(),
        recorded_sha256: sidecar.seed_sha256.as_deref(),
    };
    let placements = photos::placements(&sidecar.entries, lines, &cx)?;
    meta.body = photos::place(&meta.blocks, &placements);
    Ok(meta)
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
    /// The body's blocks by seed line, for placing photos.
    blocks: Vec<(usize, String)>,
}

impl Metadata {
    fn merge(article: extract::Article, sidecar: Sidecar, report: &mut SeedReport) -> Metadata {
        // The sidecar's value wins; the report says where each value came from.
        let line_keys = &sidecar.line_keys;
        let mut field = |name: &'static str,
                         from_seed: Option<Sourced<String>>,
                         from_sidecar: Option<String>| {
            let (value, origin, line, sure) = match (from_sidecar, from_seed) {
                (Some(v), _) => (v, Origin::Sidecar, None, true),
                (None, Some(s)) if line_keys.names(name, s.line) => {
                    (s.value, Origin::SidecarLine, Some(s.line), true)
                }
                (None, Some(s)) => (s.value, Origin::Seed, Some(s.line), s.sure),
                (None, None) => return String::new(),
            };
            report.fields.push(FieldReport {
                field: name,
                value: value.clone(),
                origin,
                line,
                sure,
            });
            value
        };
        let title = field("title", article.title, sidecar.title);
        let description = field("description", article.description, sidecar.description);
        let source = field("source", article.source, sidecar.source);
        let from_seed = article.date.as_ref().map(|d| Sourced {
            value: d.value.iso(),
            line: d.line,
            sure: d.sure,
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
            blocks: article.blocks,
        }
    }
}

/// The sidecar's choice, else the timeline whose range holds the date (a partial date: its
/// first day), else the default section.
fn section_for(config: &Config, meta: &Metadata, report: &mut SeedReport) -> String {
    let by_date = meta.date.and_then(|d| config.timeline_for(d.first_day()));
    if let Some(wanted) = &meta.timeline {
        let chosen = config.timelines.iter().find(|t| &t.slug == wanted);
        if let (Some(chosen), Some(date)) = (chosen, meta.date)
            && !chosen.contains(date.first_day())
        {
            report.warnings.push(format!(
                "the sidecar puts the article in timeline `{wanted}` ({} to {}), which does not hold its date {}; check `timeline` and `date`",
                chosen.from,
                chosen.to,
                date.iso()
            ));
        }
        return wanted.clone();
    }
    match by_date {
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

/// The page's path. Its file name is the sidecar's `slug`, else the one its page already
/// has (a new title does not move a published page), else one from the title (or the
/// seed's name); `-2`, `-3`, … when another file or an alias holds it.
fn unique_target(
    cx: &SeedContext,
    section: &str,
    meta: &Metadata,
    seed_path: &Path,
    taken: &mut BTreeSet<PathBuf>,
) -> PathBuf {
    let stem = seed_path.file_stem().unwrap_or_default().to_string_lossy();
    let from_sidecar = meta.slug.as_deref().map(slugify).filter(|s| !s.is_empty());
    let published = cx.previous.map(|p| {
        p.file
            .file_stem()
            .unwrap_or_default()
            .to_string_lossy()
            .into_owned()
    });
    let base = from_sidecar.or(published).unwrap_or_else(|| {
        Some(title_slug(&meta.title))
            .filter(|s| !s.is_empty())
            .unwrap_or_else(|| slugify(&stem))
    });
    let dir = cx.content_dir.join(section);
    let ours = |p: &Path| cx.previous.is_some_and(|previous| previous.file == p);
    let mut n = 1;
    loop {
        let name = if n == 1 {
            format!("{base}.md")
        } else {
            format!("{base}-{n}.md")
        };
        let candidate = dir.join(name);
        let alias_owner = cx.aliases.get(&page::target_url(cx, &candidate));
        let free = (!candidate.exists() || ours(&candidate))
            && alias_owner.is_none_or(|owner| ours(owner));
        if free && !taken.contains(&candidate) {
            taken.insert(candidate.clone());
            return candidate;
        }
        n += 1;
    }
}

/// The aliases the page keeps: those its published page had, and that page's address when
/// it moves; never its own new address.
fn carried_aliases(cx: &SeedContext, target: &Path) -> Vec<String> {
    let Some(previous) = cx.previous else {
        return Vec::new();
    };
    let new_url = page::target_url(cx, target);
    let moved_from = previous.url.as_ref().filter(|_| previous.file != target);
    let mut kept: Vec<String> = Vec::new();
    for alias in previous.aliases.iter().chain(moved_from) {
        if *alias != new_url && !kept.contains(alias) {
            kept.push(alias.clone());
        }
    }
    kept
}
