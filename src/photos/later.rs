//! Photos made after the page that shows them (`Making::Later`, for `serve`): a photo not
//! in the cache is measured from its header alone (its size and EXIF orientation, the
//! cheap part), which gives its sizes, and so its URLs and markup, before a pixel is
//! decoded. Decoding, resizing and encoding are left to `Pending::make`, whenever the
//! caller runs it; until then its files are not among `Photos::files`.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::cache::{Cache, Entry};
use super::{SourceEntry, make, process, source_extension};
use crate::config::ImagesConfig;
use crate::error::{Error, Result};

/// A photo whose page is rendered and whose sizes are still to be made.
pub struct Pending {
    key: String,
    source: PathBuf,
    shown: PathBuf,
    settings: ImagesConfig,
    /// What its header said it will be: its markup shows these sizes.
    planned: Entry,
    cache: Arc<Cache>,
    /// Each file it publishes, by site path, with the cache file it will be.
    files: Vec<(String, PathBuf)>,
}

impl std::fmt::Debug for Pending {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "Pending({}, {})", self.key, self.shown.display())
    }
}

impl Pending {
    /// What the photo is cached as: its bytes' hash and the settings'.
    pub fn key(&self) -> &str {
        &self.key
    }

    /// Each file the photo publishes, by site path, with the cache file it is once made.
    pub fn files(&self) -> &[(String, PathBuf)] {
        &self.files
    }

    /// Decodes the photo and writes its sizes into the cache. The errors are those a
    /// build gives for it (a file damaged past its header).
    pub fn make(&self) -> Result<()> {
        let made = make(
            &self.cache,
            &self.key,
            &self.source,
            &self.shown,
            &self.settings,
        )?;
        if made != self.planned {
            // Its bytes changed since they were hashed: the watcher's next rebuild has them.
            return Err(
                Error::in_file(&self.shown, "changed while its sizes were made")
                    .help("save the page again to show the photo as it is now")
                    .into(),
            );
        }
        Ok(())
    }
}

/// The entry `source`'s header says it will have; `None` for a photo with an alpha
/// channel, which only decoding tells to be transparent (PNG) or not (JPEG).
pub(super) fn planned(
    source: &Path,
    shown: &Path,
    settings: &ImagesConfig,
) -> Result<Option<Entry>> {
    let bytes = std::fs::read(source).map_err(|e| Error::io(shown, &e))?;
    let header = process::header(&bytes, &source_extension(source), shown, settings)?;
    if header.has_alpha {
        return Ok(None);
    }
    let sizes = process::widths(header.width, &settings.widths)
        .into_iter()
        .map(|width| {
            let height = process::scaled_height(header.width, header.height, width);
            (width, height)
        })
        .collect();
    Ok(Some(Entry {
        transparent: false,
        sizes,
    }))
}

/// The photos of `entries` still to be made, one per cache key, each taking its files
/// out of `files`: they are published once made.
pub(super) fn to_make(
    cache: &Arc<Cache>,
    entries: Vec<SourceEntry>,
    files: &mut BTreeMap<String, PathBuf>,
    settings: &ImagesConfig,
) -> Vec<Pending> {
    let mut pending: Vec<Pending> = Vec::new();
    let mut by_key: HashMap<String, usize> = HashMap::new();
    // Two sources with the same bytes are one entry, made once.
    for found in entries.into_iter().filter(|s| !s.in_cache) {
        if by_key.contains_key(&found.key) {
            continue;
        }
        by_key.insert(found.key.clone(), pending.len());
        pending.push(Pending {
            key: found.key,
            source: found.source,
            shown: found.shown,
            settings: settings.clone(),
            planned: found.entry,
            cache: Arc::clone(cache),
            files: Vec::new(),
        });
    }
    if pending.is_empty() {
        return pending;
    }
    files.retain(|path, file| {
        let name = file.file_name().unwrap_or_default().to_string_lossy();
        let key = name.split('-').next().unwrap_or_default();
        let Some(&i) = by_key.get(key) else {
            return true;
        };
        pending[i].files.push((path.clone(), file.clone()));
        false
    });
    pending
}
