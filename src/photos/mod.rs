//! Photos: the images pages show, published small, sharp and fast. `prepare` finds every
//! photo the pages use (`find`), makes each size of each one in parallel, or takes it from
//! the cache (`process`, `cache`), and returns `Photos`: what the renderer writes as
//! `<picture>` markup (`markup`) and what output links into the site. A source used as a
//! photo is never published as it is: the camera's original, with its GPS position, stays
//! home. Sits between content (it reads the pages) and render.

mod cache;
mod find;
mod later;
pub mod markup;
mod process;
mod references;

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;

use crate::config::{Config, ImagesConfig, display_path};
use crate::content::Site;
use crate::error::{self, Error, Result};
use crate::text::slugify;
use crate::urls::PHOTOS_PATH;
pub use cache::CACHE_DIR;
use cache::{Cache, Entry, entry_name};
pub use find::lint;
pub use later::Pending;
pub use references::References;

/// Changes when the way sizes are made changes, so cached ones are made again.
const PROCESS_VERSION: u32 = 1;
/// With at least this many photos to make, the build prints its progress.
pub const PROGRESS_FROM: usize = 10;

/// One photo as published: its sizes, smallest first.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Photo {
    pub sizes: Vec<Size>,
}

/// One size of a photo: its pixels and its two files, by site path.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Size {
    pub width: u32,
    pub height: u32,
    pub webp: String,
    /// JPEG, or PNG for a transparent photo.
    pub fallback: String,
}

impl Photo {
    pub fn largest(&self) -> &Size {
        self.sizes.last().expect("a photo has at least one size")
    }
}

/// The photos of one page, by their source as its Markdown writes it.
pub type PagePhotos = HashMap<String, Arc<Photo>>;

/// Every photo of a build.
#[derive(Debug, Default)]
pub struct Photos {
    by_page: Vec<PagePhotos>,
    /// The sources, as canonical paths: never copied as they are.
    sources: HashSet<PathBuf>,
    /// Each published file's site path, and the cache file it is linked from.
    files: BTreeMap<String, PathBuf>,
    /// How many photos this build decoded (the others came from the cache).
    pub made: usize,
    /// How many different photos the site shows.
    pub count: usize,
    /// The photos whose sizes are still to be made (`Making::Later`), one per cache key:
    /// their files are not among `files`.
    pub to_make: Vec<Pending>,
}

impl Photos {
    /// The photos of page `page`.
    pub fn of_page(&self, page: usize) -> Option<&PagePhotos> {
        self.by_page.get(page).filter(|p| !p.is_empty())
    }

    /// What page `page`'s photos are, as one number: 0 without photos.
    pub fn page_key(&self, page: usize) -> u64 {
        let Some(photos) = self.of_page(page) else {
            return 0;
        };
        let mut sorted: Vec<_> = photos.iter().collect();
        sorted.sort_by(|a, b| a.0.cmp(b.0));
        crate::hash_of(sorted)
    }

    /// Whether `file` is a photo's source, which is published only resized.
    /// Which files are sources, as one number: a file that becomes a photo (or stops being
    /// one) changes it, and what `serve` copied as it is must be copied again.
    pub fn sources_key(&self) -> u64 {
        let mut sources: Vec<&PathBuf> = self.sources.iter().collect();
        sources.sort();
        crate::hash_of(&sources)
    }

    pub fn is_source(&self, file: &Path) -> bool {
        !self.sources.is_empty() && file.canonicalize().is_ok_and(|f| self.sources.contains(&f))
    }

    /// The files to publish: site path, and the file it is made from.
    pub fn files(&self) -> impl Iterator<Item = (&str, &Path)> {
        self.files
            .iter()
            .map(|(path, file)| (path.as_str(), file.as_path()))
    }
}

/// When the sizes of the photos not in the cache are made.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Making {
    /// Before `prepare` returns: `build`, which publishes nothing half-made.
    Now,
    /// By whoever takes `Photos::to_make`: `serve`, which shows the page at once. Only the
    /// header of such a photo is read now, for its sizes (and every error a header shows);
    /// one that may be transparent is made now, since that decides its format.
    Later,
}

/// Finds, makes or takes from the cache every photo the site's pages show; `references`
/// remembers each page's between `serve`'s rebuilds. Any bad photo or reference is an
/// error; all of them are reported together.
pub fn prepare(
    root: &Path,
    config: &Config,
    site: &Site,
    references: &mut References,
    making: Making,
) -> Result<Photos> {
    let references = references.find(root, site)?;
    let mut photos = Photos {
        by_page: vec![PagePhotos::new(); site.pages.len()],
        ..Photos::default()
    };
    // A site without photos gets no cache folder; one whose last photo went, an empty one.
    if references.is_empty() && !root.join(CACHE_DIR).is_dir() {
        return Ok(photos);
    }
    let cache = Arc::new(Cache::open(root).map_err(|e| Error::io(root.join(CACHE_DIR), &e))?);
    let sources: Vec<&PathBuf> = references
        .iter()
        .map(|r| &r.source)
        .collect::<std::collections::BTreeSet<_>>()
        .into_iter()
        .collect();
    let (entries, made) = cached_or_made(&cache, root, &sources, &config.images, making)?;
    let by_source: HashMap<&PathBuf, &SourceEntry> =
        sources.iter().copied().zip(&entries).collect();
    for reference in &references {
        let found = by_source[&reference.source];
        let photo = published(&mut photos.files, &cache, &reference.source, found);
        photos.by_page[reference.page].insert(reference.written.clone(), Arc::new(photo));
        if let Ok(canonical) = reference.source.canonicalize() {
            photos.sources.insert(canonical);
        }
    }
    let used: HashSet<String> = entries.iter().map(|found| found.key.clone()).collect();
    cache
        .keep_only(&used)
        .map_err(|e| Error::io(root.join(CACHE_DIR), &e))?;
    photos.to_make = later::to_make(&cache, entries, &mut photos.files, &config.images);
    photos.made = made;
    photos.count = sources.len();
    Ok(photos)
}

/// A source's cache key and its entry: in the cache, just made, or (`Making::Later`)
/// worked out from its header, its sizes still to be made.
struct SourceEntry {
    key: String,
    entry: Entry,
    source: PathBuf,
    shown: PathBuf,
    in_cache: bool,
}

/// Each source's cache key and entry, made (in parallel) where the cache has none and
/// `making` says now; and how many were made.
fn cached_or_made(
    cache: &Cache,
    root: &Path,
    sources: &[&PathBuf],
    settings: &ImagesConfig,
    making: Making,
) -> Result<(Vec<SourceEntry>, usize)> {
    let operation = operation_hash(settings);
    let keyed: Vec<Result<(String, Option<Entry>)>> = sources
        .par_iter()
        .map(|source| {
            let hash = cache
                .source_hash(source)
                .map_err(|e| Error::io(display_path(root, source), &e))?;
            let key = crate::text::sha256_hex(format!("{hash} {operation}"))[..16].to_owned();
            let entry = cache.entry(&key);
            Ok((key, entry))
        })
        .collect();
    let keyed = error::collect(keyed)?;
    let to_make = keyed.iter().filter(|(_, entry)| entry.is_none()).count();
    let done = AtomicUsize::new(0);
    let entries: Vec<Result<SourceEntry>> = sources
        .par_iter()
        .zip(keyed)
        .map(|(source, (key, entry))| {
            let shown = display_path(root, source);
            let with_entry = |entry, in_cache| SourceEntry {
                key: key.clone(),
                entry,
                source: source.to_path_buf(),
                shown: shown.clone(),
                in_cache,
            };
            if let Some(entry) = entry {
                return Ok(with_entry(entry, true));
            }
            if making == Making::Later
                && let Some(planned) = later::planned(source, &shown, settings)?
            {
                return Ok(with_entry(planned, false));
            }
            let entry = make(cache, &key, source, &shown, settings)?;
            let n = done.fetch_add(1, Ordering::Relaxed) + 1;
            if making == Making::Now && to_make >= PROGRESS_FROM {
                eprintln!("Ảnh {n}/{to_make}");
            }
            Ok(with_entry(entry, true))
        })
        .collect();
    let entries = error::collect(entries)?;
    Ok((entries, done.into_inner()))
}

/// What decides a photo's sizes besides its bytes.
fn operation_hash(settings: &ImagesConfig) -> String {
    format!(
        "v{PROCESS_VERSION} w{:?} q{} m{}",
        settings.widths, settings.quality, settings.max_pixels
    )
}

/// Decodes `source` and writes each size into the cache as entry `key`.
fn make(
    cache: &Cache,
    key: &str,
    source: &Path,
    shown: &Path,
    settings: &ImagesConfig,
) -> Result<Entry> {
    let bytes = std::fs::read(source).map_err(|e| Error::io(shown, &e))?;
    let upright = process::read(&bytes, &source_extension(source), shown, settings)?;
    drop(bytes);
    let widths = process::widths(upright.image.width(), &settings.widths);
    // An encoder's failure is the photo's; a write's is the cache folder's (disk, rights).
    let sizes = widths
        .par_iter()
        .map(|&width| {
            let encoded = process::encode(&upright, width, settings.quality)
                .map_err(|e| Error::in_file(shown, format!("cannot make its sizes: {e}")))?;
            let fallback = cache::fallback_extension(upright.transparent);
            for (bytes, extension) in [(&encoded.webp, "webp"), (&encoded.fallback, fallback)] {
                let name = entry_name(key, width, extension);
                cache
                    .store(&name, bytes)
                    .map_err(|e| Error::io(cache.file(&name), &e))?;
            }
            Ok((encoded.width, encoded.height))
        })
        .collect::<Result<Vec<_>>>()?;
    let entry = Entry {
        transparent: upright.transparent,
        sizes,
    };
    cache
        .finish(key, &entry)
        .map_err(|e| Error::io(cache.file(&format!("{key}.json")), &e))?;
    Ok(entry)
}

/// The lowercase extension of `source`'s name: the format it claims to be.
pub(super) fn source_extension(source: &Path) -> String {
    source
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default()
}

/// The photo `source` as published from its entry: its files named after the source and
/// the key, so a changed photo gets new URLs; each file noted in `files`.
fn published(
    files: &mut BTreeMap<String, PathBuf>,
    cache: &Cache,
    source: &Path,
    found: &SourceEntry,
) -> Photo {
    let SourceEntry { key, entry, .. } = found;
    let stem = slugify(&source.file_stem().unwrap_or_default().to_string_lossy());
    let mut publish = |width: u32, extension: &str| {
        let path = format!("{PHOTOS_PATH}{stem}-{key}-{width}.{extension}");
        files.insert(path.clone(), cache.file(&entry_name(key, width, extension)));
        path
    };
    let sizes = entry
        .sizes
        .iter()
        .map(|&(width, height)| Size {
            width,
            height,
            webp: publish(width, "webp"),
            fallback: publish(width, entry.fallback_extension()),
        })
        .collect();
    Photo { sizes }
}
