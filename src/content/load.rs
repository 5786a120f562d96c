//! Reading `content/` into a `Site`: a walk of the folder, each file read and parsed (in
//! parallel), the site assembled, and the registers and chronology worked out from it. What
//! a load read is kept in its `Cache`, so that a rebuild in `serve` reads only the files the
//! watcher reported and patches the last site when only pages' text changed.

use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;

use super::chronology;
use super::registers::{self, Corrections, REGISTERS_FILE, Registers};
use super::urls::{asset_path, check_unique_urls, slash_path};
use super::{Asset, CONTENT_DIR, Page, PlannedFiles, SECTION_FILE, Section, Site, assemble};
use crate::config::display_path;
use crate::error::{self, Result};
use crate::files;

/// How a loaded site differs from the one the cache held.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SiteChange {
    /// The last site with only some pages' text read again (`serve`): the same pages, in
    /// the same order, with the same URLs, sections and front matter.
    TextOnly,
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

/// What a walk of `content/` found, before any file is read.
#[derive(Default)]
pub(super) struct Listing {
    /// Relative to `content/`.
    pub(super) section_files: Vec<PathBuf>,
    /// In the order of their `/`-separated paths, the site's page order.
    pub(super) page_files: Vec<PathBuf>,
    /// Each page file's `/`-separated path, the key the loader keeps it by.
    pub(super) page_keys: Vec<String>,
    pub(super) asset_files: Vec<PathBuf>,
    /// All of the above.
    pub(super) files: FxHashSet<PathBuf>,
    pub(super) warnings: Vec<String>,
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
        for (i, page) in replaced {
            self.pages
                .insert(page.content_path.clone(), Arc::clone(&page));
            site.pages[i] = page;
        }
        Ok(Some((site, SiteChange::TextOnly)))
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
        let dirty = under_content(reported, &content_dir);
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
            self.walk_again(&content_dir, root, planned)?;
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

    /// A new walk of `content/`; pages whose files are gone are forgotten.
    fn walk_again(
        &mut self,
        content_dir: &Path,
        root: &Path,
        planned: &PlannedFiles,
    ) -> Result<()> {
        self.listing = None;
        let listing = list(content_dir, root, planned)?;
        self.pages
            .retain(|path, _| listing.files.contains(Path::new(path)));
        self.listing = Some(listing);
        Ok(())
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
            let before = Arc::clone(&site.registers);
            site.registers = registers::build(&site.pages, corrections, &mut self.registers);
            // A text edit keeps every date; with the same registers, the same chronology.
            let same = change == SiteChange::TextOnly && Arc::ptr_eq(&before, &site.registers);
            if !same {
                site.chronology = chronology::build(&site.pages, &site.registers);
            }
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

/// The files the watcher named that lie in `content/`, relative to it.
fn under_content(reported: &HashSet<PathBuf>, content_dir: &Path) -> FxHashSet<PathBuf> {
    reported
        .iter()
        .filter_map(|d| {
            let rel = d
                .strip_prefix(content_dir)
                .or_else(|_| d.strip_prefix(CONTENT_DIR));
            rel.ok().map(Path::to_path_buf)
        })
        .collect()
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
