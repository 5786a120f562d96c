//! The content stage: reads `content/` into one read-only `Site` model of sections, pages
//! and assets, with URLs assigned and checked. Render and output only read it.
//! It also extracts the registers and the chronology from the pages' text. It does not
//! render Markdown or know about templates.

pub mod aliases;
pub mod chronology;
pub mod front_matter;
pub mod plain;
pub mod planned;
pub mod registers;
mod urls;

use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use rayon::prelude::*;

use crate::config::display_path;
use crate::error::{self, Result};
use crate::files;
use crate::text::date::undated_last;
use crate::text::{PageDate, collate};
pub use front_matter::{PageFrontMatter, Provenance, SectionFrontMatter, SortBy};
pub use planned::{PlannedFile, PlannedFiles};
pub use registers::Registers;
use registers::{Corrections, REGISTERS_FILE};
pub use urls::page_path;
use urls::{asset_path, check_unique_urls, dir_url, page_dir, slash_path};

pub const CONTENT_DIR: &str = "content";
const SECTION_FILE: &str = "_index.md";

#[derive(Debug)]
pub struct Site {
    /// `sections[0]` is the home page; the rest are in path order.
    pub sections: Vec<Section>,
    /// In path order. Shared with the content cache, which keeps them between builds in
    /// `serve`.
    pub pages: Vec<Arc<Page>>,
    /// Files beside the Markdown (images, PDFs), copied to the same place in the output.
    pub assets: Vec<Asset>,
    /// Shared with the registers' cache, which reuses them while an edit finds the same.
    pub registers: Arc<Registers>,
    /// Articles and dated documents in date order.
    pub chronology: Vec<chronology::Entry>,
    pub warnings: Vec<String>,
}

/// How a loaded site differs from the one the cache held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SiteChange {
    /// The last site with only these pages' text read again (`serve`): the same pages, in
    /// the same order, with the same URLs, sections and front matter.
    TextOnly(Vec<usize>),
    /// Assembled anew: anything may have moved.
    Reshaped,
}

/// What `load` reads, besides the cache.
pub struct LoadRequest<'a> {
    pub root: &'a Path,
    pub include_drafts: bool,
    /// Extract the registers and chronology (the theme shows them).
    pub with_registers: bool,
    /// What an import would write, read instead of the disk (`check`).
    pub planned: &'a PlannedFiles,
}

#[derive(Debug, Clone)]
pub struct Section {
    /// The `_index.md` as named in messages; `None` for a home page without one.
    pub file: Option<PathBuf>,
    /// The `_index.md` under `content/`, `/`-separated: `2017/_index.md`.
    pub content_path: String,
    /// Site-relative URL path: `""` for home, `2017-hoi-nghi/` for a section.
    pub path: String,
    pub meta: SectionFrontMatter,
    pub body: String,
    pub parent: Option<usize>,
    pub subsections: Vec<usize>,
    /// Ordered as the section's `sort_by` says.
    pub pages: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct Page {
    /// The `.md` file as named in messages.
    pub file: PathBuf,
    /// The file under `content/`, `/`-separated: `2017/a.md`.
    pub content_path: String,
    /// Site-relative URL path, `2017-hoi-nghi/ten-bai/`.
    pub path: String,
    /// Earlier URL paths of the page (`aliases`), site-relative like `path`: redirects.
    pub aliases: Vec<String>,
    pub meta: PageFrontMatter,
    pub date: Option<PageDate>,
    pub body: String,
    pub section: usize,
    /// The folder whose section the page belongs to, under `content/`.
    pub dir: PathBuf,
    /// A hash of the whole file: what the page shows changes only if this does.
    pub source_hash: u64,
    /// The body as plain paragraphs, worked out when first asked for (`paragraphs`).
    paragraphs: OnceLock<Vec<String>>,
}

impl Page {
    /// The page's reading text, one string per block (`plain::paragraphs`): what the
    /// registers and the search index read. Worked out once, on first use: a theme without
    /// registers or search never needs it.
    pub fn paragraphs(&self) -> &[String] {
        self.paragraphs
            .get_or_init(|| plain::paragraphs(&self.body))
    }
}

/// What an earlier load read, kept so that the next one (in `serve`) reads only the files
/// the watcher reported and extracts the registers only from pages that changed.
#[derive(Default)]
pub struct Cache {
    /// The last walk of `content/`, reused while the watcher reports only edits to files in it.
    listing: Option<Listing>,
    /// Every page read, by its path under `content/`.
    pages: FxHashMap<String, Arc<Page>>,
    sections: HashMap<String, (PathBuf, Section)>,
    /// Files the watcher reported: read again.
    dirty: HashSet<PathBuf>,
    registers: registers::Cache,
    /// `registers.toml`, read again when the watcher reports it.
    corrections: Option<Corrections>,
    /// The last site built, whole, handed back once its build is done (`keep`): an edit
    /// that changes only pages' text is patched into it rather than assembling the site
    /// again. A failed build never hands its site back.
    last: Option<Site>,
}

#[derive(Debug)]
pub struct Asset {
    pub source: PathBuf,
    /// Site-relative output path.
    pub path: String,
}

/// What a walk of `content/` found, before any file is read.
#[derive(Default)]
struct Listing {
    /// Relative to `content/`.
    section_files: Vec<PathBuf>,
    /// In the order of their `/`-separated paths, the site's page order.
    page_files: Vec<PathBuf>,
    /// Each page file's `/`-separated path, the key the loader keeps it by.
    page_keys: Vec<String>,
    asset_files: Vec<PathBuf>,
    /// All of the above.
    files: FxHashSet<PathBuf>,
    warnings: Vec<String>,
}

/// Reads `content/` into a site, reusing what `cache` holds of the files the watcher did not
/// report since (in `build`, an empty cache: every file, once). `content/` is walked again
/// only when a reported path is new or gone. The registers are extracted only when the
/// request asks for them.
pub fn load(request: &LoadRequest, cache: &mut Cache) -> Result<(Site, SiteChange)> {
    let reported = std::mem::take(&mut cache.dirty);
    let loaded = cache.load_reported(request, &reported);
    if loaded.is_err() {
        // Whatever this load got through, the next one reads all of it again.
        cache.dirty = reported;
    }
    loaded
}

impl Cache {
    /// Files under the site's root that changed: they are read again.
    pub fn mark_dirty(&mut self, files: impl IntoIterator<Item = PathBuf>) {
        self.dirty.extend(files);
    }

    /// The last site no longer stands for what was built (its build failed).
    pub fn forget_site(&mut self) {
        self.last = None;
    }

    /// Takes back the site of a build that succeeded, to patch it when the next edit
    /// changes only pages' text.
    pub fn keep(&mut self, site: Site) {
        // Its pages are kept already, as they were loaded.
        for section in site.sections.iter().filter(|s| s.file.is_some()) {
            let mut section = section.clone();
            section.parent = None;
            section.subsections.clear();
            section.pages.clear();
            let dir = Path::new(&section.content_path)
                .parent()
                .unwrap_or(Path::new(""))
                .to_path_buf();
            self.sections
                .insert(section.content_path.clone(), (dir, section));
        }
        self.last = Some(site);
    }

    /// The last site with the reported pages read again, when nothing but their text
    /// changed: the same URL, folder, date and front matter keep the site's order, sections
    /// and URLs as they were. `None` when the site must be assembled again.
    fn patch_last(
        &mut self,
        content_dir: &Path,
        planned: &PlannedFiles,
        dirty: &FxHashSet<PathBuf>,
        shown: impl Fn(&Path) -> PathBuf,
    ) -> Result<Option<(Site, SiteChange)>> {
        let Some(last) = &self.last else {
            return Ok(None);
        };
        let mut replaced = Vec::with_capacity(dirty.len());
        for rel in dirty {
            let key = slash_path(rel);
            // Sections, drafts, assets and registers.toml are not among the site's pages.
            let Ok(i) = last
                .pages
                .binary_search_by(|p| p.content_path.as_str().cmp(&key))
            else {
                return Ok(None);
            };
            let mut page = load_page(content_dir, planned, rel, &shown(rel))?;
            let old = &last.pages[i];
            // The URL, folder and date follow from the file's place and front matter.
            if page.meta != old.meta {
                return Ok(None);
            }
            page.section = old.section;
            replaced.push((i, Arc::new(page)));
        }
        let mut site = self.last.take().expect("checked above");
        let mut text_changed = Vec::with_capacity(replaced.len());
        for (i, page) in replaced {
            self.pages
                .insert(page.content_path.clone(), Arc::clone(&page));
            site.pages[i] = page;
            text_changed.push(i);
        }
        text_changed.sort_unstable();
        Ok(Some((site, SiteChange::TextOnly(text_changed))))
    }

    fn load_reported(
        &mut self,
        request: &LoadRequest,
        reported: &HashSet<PathBuf>,
    ) -> Result<(Site, SiteChange)> {
        let LoadRequest {
            root,
            include_drafts,
            planned,
            ..
        } = *request;
        let content_dir = root.join(CONTENT_DIR);
        let shown = |rel: &Path| display_path(root, &Path::new(CONTENT_DIR).join(rel));
        // The files the watcher named, relative to content/.
        let dirty: FxHashSet<PathBuf> = reported
            .iter()
            .filter_map(|d| {
                let rel = d
                    .strip_prefix(&content_dir)
                    .or_else(|_| d.strip_prefix(CONTENT_DIR));
                rel.ok().map(Path::to_path_buf)
            })
            .collect();
        let walk_again = match &self.listing {
            None => true,
            Some(listing) => dirty
                .iter()
                .any(|rel| !listing.files.contains(rel) || !content_dir.join(rel).is_file()),
        };
        if !walk_again
            && let Some((site, change)) = self.patch_last(&content_dir, planned, &dirty, shown)?
        {
            return self.finish(site, change, request, &dirty);
        }
        self.last = None;
        if walk_again {
            self.listing = None;
            let listing = list(&content_dir, root, planned)?;
            self.pages
                .retain(|path, _| listing.files.contains(Path::new(path)));
            self.listing = Some(listing);
        }
        let listing = self.listing.as_ref().expect("walked above");
        // Reported paths that are no file now: folders (moved or replaced whole) and deleted
        // files. Everything under them is read again.
        let dirty_folders: Vec<&PathBuf> = dirty
            .iter()
            .filter(|rel| !listing.files.contains(*rel))
            .collect();
        let stale =
            |rel: &Path| dirty.contains(rel) || dirty_folders.iter().any(|d| rel.starts_with(d));

        let mut kept_sections = std::mem::take(&mut self.sections);
        let sections = error::collect(
            listing
                .section_files
                .iter()
                .map(|rel| match kept_sections.remove(&slash_path(rel)) {
                    Some(kept) if !stale(rel) => Ok(kept),
                    _ => load_section(&content_dir, planned, rel, &shown(rel)),
                })
                .collect::<Vec<_>>(),
        )?;
        let pages = read_pages(listing, &self.pages, stale, |rel| {
            load_page(&content_dir, planned, rel, &shown(rel))
        })?;
        // The pages the site shows are kept once `assemble` has set their section: shared
        // with the loader before, each would be copied to set it.
        let (pages, left_out): (Vec<_>, Vec<_>) = pages
            .into_iter()
            .partition(|page| include_drafts || !page.meta.draft);
        for page in left_out {
            self.pages.insert(page.content_path.clone(), page);
        }

        let mut site = assemble(sections, pages)?;
        // Kept now, not when the build is done: a build that fails after this still leaves
        // the loader holding what the files say (their paths are no longer dirty).
        for page in &site.pages {
            match self.pages.get_mut(&page.content_path) {
                Some(kept) => *kept = Arc::clone(page),
                None => {
                    self.pages
                        .insert(page.content_path.clone(), Arc::clone(page));
                }
            }
        }
        site.assets = listing
            .asset_files
            .iter()
            .map(|rel| Asset {
                source: content_dir.join(rel),
                path: asset_path(rel),
            })
            .collect();
        self.finish(site, SiteChange::Reshaped, request, &dirty)
    }

    /// What follows from the pages: the registers and chronology, the warnings, and the
    /// check that no two sources claim one URL.
    fn finish(
        &mut self,
        mut site: Site,
        change: SiteChange,
        request: &LoadRequest,
        dirty: &FxHashSet<PathBuf>,
    ) -> Result<(Site, SiteChange)> {
        let root = request.root;
        let content_dir = root.join(CONTENT_DIR);
        let shown = |rel: &Path| display_path(root, &Path::new(CONTENT_DIR).join(rel));
        let listing = self.listing.as_ref().expect("walked before");
        site.warnings = listing.warnings.clone();
        if request.with_registers {
            if self.corrections.is_none() || dirty.contains(Path::new(REGISTERS_FILE)) {
                self.corrections = Some(Corrections::load(
                    &content_dir.join(REGISTERS_FILE),
                    &shown(Path::new(REGISTERS_FILE)),
                )?);
                self.registers.forget_registers();
            }
            let corrections = self.corrections.as_ref().expect("read above");
            site.registers = registers::build(&site.pages, corrections, &mut self.registers);
            site.chronology = chronology::build(&site.pages, &site.registers);
        } else {
            site.registers = Arc::new(Registers::empty(site.pages.len()));
        }
        site.warnings
            .extend(site.registers.warnings.iter().cloned());
        // A text edit keeps every page's URL; only register entries can come or go.
        if change == SiteChange::Reshaped || request.with_registers {
            check_unique_urls(&site)?;
        }
        Ok((site, change))
    }
}

fn list(content_dir: &Path, root: &Path, planned: &PlannedFiles) -> Result<Listing> {
    let mut listing = Listing::default();
    let exists = content_dir.is_dir();
    if !exists && planned.is_empty() {
        listing
            .warnings
            .push("there is no content/ folder: the site has only its home page".to_owned());
        return Ok(listing);
    }
    // Without content/, only what an import plans is there.
    for entry in files::walk(content_dir, "the content folder").take_while(|_| exists) {
        let entry = entry?;
        let rel = entry
            .path()
            .strip_prefix(content_dir)
            .unwrap_or(entry.path());
        let file_type = entry.file_type();
        if file_type.is_symlink() {
            listing.warnings.push(format!(
                "{}: symbolic links in content/ are skipped; copy the file instead",
                display_path(root, &Path::new(CONTENT_DIR).join(rel)).display()
            ));
        } else if file_type.is_file() {
            let rel = rel.to_path_buf();
            if rel == Path::new(REGISTERS_FILE) {
                // The editor's corrections to the registers: read by the build, not published.
            } else if rel.file_name().is_some_and(|n| n == SECTION_FILE) {
                listing.section_files.push(rel);
            } else if rel.extension().is_some_and(|e| e == "md") {
                listing.page_files.push(rel);
            } else {
                listing.asset_files.push(rel);
            }
        }
    }
    planned.apply(&mut listing);
    let mut pages: Vec<(String, PathBuf)> = std::mem::take(&mut listing.page_files)
        .into_iter()
        .map(|rel| (slash_path(&rel), rel))
        .collect();
    pages.sort();
    (listing.page_keys, listing.page_files) = pages.into_iter().unzip();
    listing.files = [
        &listing.section_files,
        &listing.page_files,
        &listing.asset_files,
    ]
    .into_iter()
    .flatten()
    .cloned()
    .collect();
    Ok(listing)
}

/// Every page of `listing`, in its order: those `kept` from an earlier load unless `stale`,
/// the others `read` (in parallel).
fn read_pages(
    listing: &Listing,
    kept: &FxHashMap<String, Arc<Page>>,
    stale: impl Fn(&Path) -> bool,
    read: impl Fn(&Path) -> Result<Page> + Sync,
) -> Result<Vec<Arc<Page>>> {
    // `None` where the file is read below.
    let mut pages: Vec<Option<Arc<Page>>> = listing
        .page_keys
        .iter()
        .zip(&listing.page_files)
        .map(|(key, rel)| kept.get(key).filter(|_| !stale(rel)).cloned())
        .collect();
    let to_read: Vec<usize> = (0..pages.len()).filter(|&i| pages[i].is_none()).collect();
    let read = error::collect(
        to_read
            .par_iter()
            .map(|&i| read(&listing.page_files[i]))
            .collect::<Vec<_>>(),
    )?;
    for (i, page) in to_read.into_iter().zip(read) {
        pages[i] = Some(Arc::new(page));
    }
    Ok(pages.into_iter().flatten().collect())
}

fn load_section(
    content_dir: &Path,
    planned: &PlannedFiles,
    rel: &Path,
    shown: &Path,
) -> Result<(PathBuf, Section)> {
    let text = planned.read(content_dir, rel, shown)?;
    Section::parse(rel, &text, shown)
}

fn load_page(content_dir: &Path, planned: &PlannedFiles, rel: &Path, shown: &Path) -> Result<Page> {
    let text = planned.read(content_dir, rel, shown)?;
    Page::parse(rel, &text, shown)
}

impl Section {
    /// A section from its `_index.md`'s text: `rel` is the file under `content/`, `shown`
    /// how messages name it. Returns the folder it stands for, too.
    pub fn parse(rel: &Path, text: &str, shown: &Path) -> Result<(PathBuf, Section)> {
        let split = front_matter::split(text, shown)?;
        let meta: SectionFrontMatter = front_matter::parse(&split, shown)?;
        let dir = rel.parent().unwrap_or(Path::new("")).to_path_buf();
        // The home page may go without: the site's title stands for it.
        let missing = front_matter::missing_title(&meta.title, &split, shown, "section");
        if let Some(error) = missing.filter(|_| !dir.as_os_str().is_empty()) {
            return Err(error.into());
        }
        let section = Section {
            file: Some(shown.to_path_buf()),
            content_path: slash_path(rel),
            path: dir_url(&dir, shown)?,
            meta,
            body: split.body.to_owned(),
            parent: None,
            subsections: Vec::new(),
            pages: Vec::new(),
        };
        Ok((dir, section))
    }
}

impl Page {
    /// A page from its file's text: `rel` is the file under `content/`, `shown` how
    /// messages name it. Nothing is read from the disk.
    pub fn parse(rel: &Path, text: &str, shown: &Path) -> Result<Page> {
        let split = front_matter::split(text, shown)?;
        let meta: PageFrontMatter = front_matter::parse(&split, shown)?;
        // An imported page may lack one until its sidecar gives it; `check` lists those.
        if meta.provenance.is_none()
            && let Some(error) = front_matter::missing_title(&meta.title, &split, shown, "page")
        {
            return Err(error.into());
        }
        let date = meta.page_date(&split, shown)?;
        let path = page_path(rel, &meta, &split, shown)?;
        let page = Page {
            dir: page_dir(rel, &meta),
            file: shown.to_path_buf(),
            content_path: slash_path(rel),
            path,
            aliases: aliases::site_paths(&meta, &split, shown)?,
            meta,
            date,
            body: split.body.to_owned(),
            section: 0,
            source_hash: crate::hash_of(text),
            paragraphs: OnceLock::new(),
        };
        Ok(page)
    }
}

/// Links sections into a tree and pages into their sections, then orders both. `sections`
/// come with the folder each stands for (`Section::parse`); a home section is made when none
/// is given.
pub fn assemble(sections: Vec<(PathBuf, Section)>, pages: Vec<Arc<Page>>) -> Result<Site> {
    let mut by_dir: BTreeMap<PathBuf, Section> = sections.into_iter().collect();
    by_dir.entry(PathBuf::new()).or_insert_with(|| Section {
        file: None,
        content_path: SECTION_FILE.to_owned(),
        path: String::new(),
        meta: SectionFrontMatter::default(),
        body: String::new(),
        parent: None,
        subsections: Vec::new(),
        pages: Vec::new(),
    });
    // BTreeMap order puts the root ("") first and every parent before its children.
    let index_of: BTreeMap<PathBuf, usize> = by_dir
        .keys()
        .cloned()
        .enumerate()
        .map(|(i, d)| (d, i))
        .collect();
    let dirs: Vec<PathBuf> = by_dir.keys().cloned().collect();
    let mut sections: Vec<Section> = by_dir.into_values().collect();
    // The section a folder's files belong to: the nearest folder up that has an `_index.md`.
    let owner = |dir: &Path| -> usize {
        dir.ancestors()
            .find_map(|a| index_of.get(a).copied())
            .unwrap_or(0)
    };
    for i in 1..sections.len() {
        let parent = owner(dirs[i].parent().unwrap_or(Path::new("")));
        sections[i].parent = Some(parent);
        sections[parent].subsections.push(i);
    }
    let mut site_pages = Vec::with_capacity(pages.len());
    // Pages come in path order: most share their folder with the one before.
    let mut last: Option<(PathBuf, usize)> = None;
    for mut page in pages {
        let section = match &last {
            Some((dir, section)) if *dir == page.dir => *section,
            _ => {
                let section = owner(&page.dir);
                last = Some((page.dir.clone(), section));
                section
            }
        };
        if page.section != section {
            Arc::make_mut(&mut page).section = section;
        }
        sections[section].pages.push(site_pages.len());
        site_pages.push(page);
    }
    for section in &mut sections {
        sort_pages(
            &mut section.pages,
            &site_pages,
            section.meta.sort_by,
            section.meta.reverse,
        );
    }
    let weights: Vec<Option<i64>> = sections.iter().map(|s| s.meta.weight).collect();
    for section in &mut sections {
        section.subsections.sort_by_key(|&i| weight_key(weights[i]));
    }
    Ok(Site {
        sections,
        pages: site_pages,
        assets: Vec::new(),
        registers: Arc::default(),
        chronology: Vec::new(),
        warnings: Vec::new(),
    })
}

/// Unweighted items after weighted ones (a stable sort keeps their path order).
fn weight_key(weight: Option<i64>) -> (bool, i64) {
    (weight.is_none(), weight.unwrap_or(0))
}

fn sort_pages(ids: &mut [usize], pages: &[Arc<Page>], sort_by: SortBy, reverse: bool) {
    match sort_by {
        SortBy::Date => {
            ids.sort_by_cached_key(|&i| undated_last(pages[i].date.map(|d| d.timestamp())))
        }
        SortBy::Weight => ids.sort_by_key(|&i| weight_key(pages[i].meta.weight)),
        SortBy::Title => ids.sort_by_cached_key(|&i| collate::title_key(&pages[i].meta.title)),
    }
    if reverse {
        ids.reverse();
    }
}

#[cfg(test)]
mod tests;
