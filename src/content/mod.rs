//! The content stage: reads `content/` into one read-only `Site` model of sections, pages
//! and assets, with URLs assigned and checked. Render and output only read it.
//! It also extracts the registers and the chronology from the pages' text. It does not
//! render Markdown or know about templates.

pub mod aliases;
pub mod chronology;
pub mod front_matter;
mod load;
pub mod plain;
pub mod planned;
pub mod registers;
mod urls;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, OnceLock};

use crate::error::Result;
use crate::text::date::undated_last;
use crate::text::{PageDate, collate};
pub use front_matter::{PageFrontMatter, Provenance, SectionFrontMatter, SortBy};
pub use load::{Cache, LoadRequest, SiteChange, load};
pub use planned::{PlannedFile, PlannedFiles};
pub use registers::Registers;
pub use urls::page_path;
use urls::{dir_url, page_dir, slash_path};

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
    /// How many lines of the file come before the body: a place in the body is this many
    /// lines further down in the file (`Position::below`).
    pub lines_before_body: usize,
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

#[derive(Debug)]
pub struct Asset {
    pub source: PathBuf,
    /// Site-relative output path.
    pub path: String,
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
            lines_before_body: text[..text.len() - split.body.len()].matches('\n').count(),
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
