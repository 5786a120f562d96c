//! Writing imported pages without losing an editor's work: the page file in the shape
//! SEEDS.md shows, signed with its own hash; a page is replaced, moved or removed only while
//! it is exactly as the last import wrote it (`--force` saves an edited one as `.orig` first).

use std::fs;
use std::path::{Path, PathBuf};

use super::report::{Action, Move, SeedReport};
use super::{ImportOptions, Metadata, SeedContext};
use crate::config::{Config, display_path};
use crate::content::front_matter::{ImportedFrontMatter, ImportedProvenance};
use crate::content::{PlannedFile, aliases, front_matter};
use crate::error::Error;
use crate::text::{PageDate, sha256_hex};

const WRITTEN_HASH_KEY: &str = "written_sha256 = ";

/// The page an earlier import wrote for a seed, as it is now.
pub struct PreviousPage {
    pub file: PathBuf,
    pub text: String,
    /// Its site-relative URL path (`2018/bai/`), when its front matter is readable.
    pub url: Option<String>,
    /// Its `aliases`, as site-relative paths.
    pub aliases: Vec<String>,
    /// Whether it is exactly as an import wrote it: its hash, taken without its hash line,
    /// matches the hash line.
    pub as_imported: bool,
}

impl PreviousPage {
    pub fn read(content_dir: &Path, file: &Path) -> Option<PreviousPage> {
        // A page an editor saved with a byte that is not UTF-8 is still theirs: read as far
        // as it goes, it cannot match its hash, so it is kept as edited.
        let text = String::from_utf8_lossy(&fs::read(file).ok()?).into_owned();
        let rel = file.strip_prefix(content_dir).unwrap_or(file);
        // Unreadable front matter is the build's to report; the page then just has no URL.
        let parsed = front_matter::split(&text, file).ok().and_then(|split| {
            let meta: front_matter::PageFrontMatter = front_matter::parse(&split, file).ok()?;
            let url = crate::content::page_path(rel, &meta, &split, file).ok();
            let aliases = aliases::site_paths(&meta, &split, file).unwrap_or_default();
            Some((url, aliases))
        });
        let (url, aliases) = parsed.unwrap_or_default();
        Some(PreviousPage {
            file: file.to_path_buf(),
            as_imported: is_as_imported(&text),
            text,
            url,
            aliases,
        })
    }
}

/// The page file, front matter in the shape SEEDS.md shows, with the hash of itself.
/// `aliases` are site-relative paths (`2018/bai-cu/`).
pub fn page_file(meta: &Metadata, aliases: &[String], seed_key: &str, seed_sha256: &str) -> String {
    let front_matter = ImportedFrontMatter {
        title: &meta.title,
        date: meta.date.as_ref().map(PageDate::to_toml),
        date_approximate: meta.date_approximate,
        date_note: &meta.date_note,
        description: &meta.description,
        source: &meta.source,
        authors: &meta.authors,
        aliases: aliases.iter().map(|a| format!("/{a}")).collect(),
        author_roles: &meta.author_roles,
        provenance: ImportedProvenance {
            seed: seed_key,
            seed_sha256,
        },
    };
    let head = toml::to_string(&front_matter).expect("front matter of strings serialises");
    let head = head.trim_end();
    let tail = format!("+++\n{}", meta.body);
    let unsigned = format!("+++\n{head}\n{tail}");
    let hash = sha256_hex(&unsigned);
    format!("+++\n{head}\n{WRITTEN_HASH_KEY}\"{hash}\"\n{tail}")
}

fn toml_string(s: &str) -> String {
    toml::Value::String(s.to_owned()).to_string()
}

/// Whether `text` has a hash line that matches the hash of the rest of it.
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
    sha256_hex(&unsigned) == recorded
}

/// The warning for a page an editor changed, naming the file `--force` would save it as.
fn edited_warning(cx: &SeedContext, previous: &PreviousPage) -> String {
    let shown = |p: &Path| display_path(&cx.options.root, p).display().to_string();
    format!(
        "{} was changed by an editor and was left alone; `import --force` overwrites it after saving the editor's version as {}",
        shown(&previous.file),
        shown(&unused_backup_path(&previous.file))
    )
}

/// Writes the page to `target`, replacing (and, when it moved, deleting) the page an
/// earlier import wrote for the seed, unless an editor changed that one.
pub fn write_page(
    cx: &SeedContext,
    target: &Path,
    text: &str,
    report: &mut SeedReport,
) -> Result<Action, Error> {
    let previous = cx.previous;
    if let Some(p) = previous
        && p.file == target
        && p.text == text
    {
        return Ok(Action::Unchanged);
    }
    let edited = previous.filter(|p| !p.as_imported);
    let shown = |p: &Path| display_path(&cx.options.root, p).display().to_string();
    if let Some(p) = edited
        && !cx.options.force
    {
        report.warnings.push(edited_warning(cx, p));
        report.output = Some(shown(&p.file));
        return Ok(Action::KeptEditorsVersion);
    }
    if let Some(p) = previous
        && p.file != target
        && let Some(from) = &p.url
    {
        let to = target_url(cx, target);
        report.moved = Some(Move {
            from: format!("/{from}"),
            to: format!("/{to}"),
        });
    }
    if cx.options.dry_run {
        let moved_from = previous.filter(|old| old.file != target);
        report.planned.extend(moved_from.map(|old| PlannedFile {
            path: old.file.clone(),
            text: None,
        }));
        report.planned.push(PlannedFile {
            path: target.to_path_buf(),
            text: Some(text.to_owned()),
        });
        return Ok(Action::WouldWrite);
    }
    if let Some(old) = edited {
        let orig = unused_backup_path(&old.file);
        fs::copy(&old.file, &orig).map_err(|e| Error::io(&orig, &e))?;
        report.warnings.push(format!(
            "the editor's version of {} was saved as {}",
            shown(&old.file),
            shown(&orig)
        ));
    }
    // The new page first: a failed write leaves the old one in place.
    write_atomically(target, text)?;
    if let Some(old) = previous
        && old.file != target
    {
        fs::remove_file(&old.file).map_err(|e| Error::io(&old.file, &e))?;
        report
            .removed
            .push(display_path(&cx.options.root, &old.file));
    }
    Ok(if edited.is_some() {
        Action::OverwroteEditorsVersion
    } else {
        Action::Written
    })
}

/// The URL path a page written at `target` gets: imported pages set no `slug`, so their
/// folder and file name give it.
pub fn target_url(cx: &SeedContext, target: &Path) -> String {
    url_of(target.strip_prefix(cx.content_dir).unwrap_or(target))
}

/// The URL path, under the site's base, of an imported page at `rel` under `content/`.
pub fn url_of(rel: &Path) -> String {
    let folders: String = rel
        .parent()
        .unwrap_or(Path::new(""))
        .iter()
        .map(|p| format!("{}/", crate::text::slugify(&p.to_string_lossy())))
        .collect();
    let stem = rel.file_stem().unwrap_or_default().to_string_lossy();
    format!("{folders}{}/", crate::text::slugify(&stem))
}

/// `skip = true`: deletes the page an earlier import wrote for the seed, if it is still as
/// written; an edited page stays, named in a warning.
pub fn remove_page(cx: &SeedContext, report: &mut SeedReport) -> Result<Action, Error> {
    let Some(previous) = cx.previous else {
        return Ok(Action::Skipped);
    };
    let shown = display_path(&cx.options.root, &previous.file);
    report.output = Some(shown.display().to_string());
    if !previous.as_imported {
        report.warnings.push(format!(
            "the sidecar says `skip = true`, but {} was changed by an editor, so it stays published; delete it yourself to remove the article",
            shown.display()
        ));
        return Ok(Action::Skipped);
    }
    if cx.options.dry_run {
        report.planned.push(PlannedFile {
            path: previous.file.clone(),
            text: None,
        });
        return Ok(Action::WouldRemove);
    }
    fs::remove_file(&previous.file).map_err(|e| Error::io(&shown, &e))?;
    report.removed.push(shown);
    Ok(Action::Removed)
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
fn write_atomically(target: &Path, text: &str) -> Result<(), Error> {
    let dir = target.parent().unwrap_or(Path::new("."));
    fs::create_dir_all(dir).map_err(|e| Error::io(dir, &e))?;
    let temp = dir.join(format!(
        ".{}.tmp",
        target.file_name().unwrap_or_default().to_string_lossy()
    ));
    fs::write(&temp, text).map_err(|e| Error::io(&temp, &e))?;
    fs::rename(&temp, target).map_err(|e| Error::io(target, &e))
}

/// Writes a section's `_index.md` (see `section_index`), or plans it in a dry run.
pub fn add_section_index(
    config: &Config,
    options: &ImportOptions,
    content_dir: &Path,
    section: &str,
    report: &mut SeedReport,
) -> Result<(), Error> {
    let Some((path, text)) = section_index(config, content_dir, section) else {
        return Ok(());
    };
    if options.dry_run {
        report.planned.push(PlannedFile {
            path,
            text: Some(text),
        });
        return Ok(());
    }
    write_atomically(&path, &text)
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
