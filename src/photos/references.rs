//! Each page's photos as last found, kept between `serve`'s rebuilds: a page is read for its
//! images again only when its file changed (`Page::source_hash`), the site's files beside
//! the pages changed (a site path may now name another one), or a photo it showed is gone.
//! So a text edit reads one page for images, not all of them. `build` starts empty.

use std::path::{Path, PathBuf};

use rayon::prelude::*;
use rustc_hash::FxHashMap;

use super::find::{self, AssetsByPath, Reference};
use crate::content::{Page, Site};
use crate::error::{self, Result};

/// Each page's photo references, by the page's file under `content/`.
#[derive(Default)]
pub struct References {
    by_page: FxHashMap<String, Found>,
    /// How many pages the last `find` read for their images (the others were remembered).
    pages_read: usize,
}

/// One page's photos, and what they were found from.
struct Found {
    made_from: u64,
    /// Each image's source as written, and its file.
    photos: Vec<(String, PathBuf)>,
}

impl References {
    /// How many pages the last `find` read for their images.
    pub fn pages_read(&self) -> usize {
        self.pages_read
    }

    /// Every photo reference of `site`'s pages, reading only the pages that are not
    /// remembered as they are. Errors (a missing photo) are not remembered: the page is
    /// read again until it is fixed.
    pub fn find(&mut self, root: &Path, site: &Site) -> Result<Vec<Reference>> {
        let assets = find::assets_by_path(site);
        let listed: Vec<_> = site.assets.iter().map(|a| (&a.path, &a.source)).collect();
        let assets_key = crate::hash_of(listed);
        let found: Vec<_> = site
            .pages
            .par_iter()
            .enumerate()
            .map(|(i, page)| {
                let made_from = page.source_hash ^ assets_key;
                match self.remembered(page, made_from) {
                    Some(photos) => Ok((false, made_from, photos)),
                    None => read(root, &assets, i, page)
                        .map(|photos| (true, made_from, photos))
                        .map_err(error::Errors),
                }
            })
            .collect();
        let found = error::collect(found)?;
        self.pages_read = found.iter().filter(|(read, _, _)| *read).count();
        let mut references = Vec::new();
        let mut by_page = FxHashMap::default();
        for (i, (page, (_, made_from, photos))) in site.pages.iter().zip(found).enumerate() {
            references.extend(photos.iter().map(|(written, source)| Reference {
                page: i,
                written: written.clone(),
                source: source.clone(),
            }));
            by_page.insert(page.content_path.clone(), Found { made_from, photos });
        }
        self.by_page = by_page;
        Ok(references)
    }

    /// The photos of `page` as remembered, when made from the same and all still there.
    fn remembered(&self, page: &Page, made_from: u64) -> Option<Vec<(String, PathBuf)>> {
        let found = self.by_page.get(&page.content_path)?;
        let there = found.photos.iter().all(|(_, source)| source.is_file());
        (found.made_from == made_from && there).then(|| found.photos.clone())
    }
}

fn read(
    root: &Path,
    assets: &AssetsByPath,
    index: usize,
    page: &Page,
) -> std::result::Result<Vec<(String, PathBuf)>, Vec<crate::error::Error>> {
    let references = find::page_references(root, assets, index, page)?;
    Ok(references
        .into_iter()
        .map(|r| (r.written, r.source))
        .collect())
}
