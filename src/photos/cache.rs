//! `.biennien-cache/photos/`: every size made of every photo, kept between builds so that a
//! build with the same photos decodes and encodes nothing. Entries are named by a hash of
//! the source's bytes and of the settings (`key`); the source's hash itself is remembered
//! per path, size and modification time (`sources.tsv`), so an unchanged photo is not even
//! read. Files are written under a temporary name and renamed: an interrupted build leaves
//! no half-written entry. Entries no photo of the build used are removed at its end.

use std::collections::{HashMap, HashSet};
use std::fs;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::UNIX_EPOCH;

use serde::{Deserialize, Serialize};

/// The cache folder at the site's root; never an output folder.
pub const CACHE_DIR: &str = ".biennien-cache";
const PHOTOS_DIR: &str = "photos";
const SOURCES_FILE: &str = "sources.tsv";

/// What an entry says about its photo; its sizes are files beside it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Entry {
    pub transparent: bool,
    /// (width, height) of each size, smallest first.
    pub sizes: Vec<(u32, u32)>,
}

impl Entry {
    /// The extension of the sizes that are not WebP.
    pub fn fallback_extension(&self) -> &'static str {
        fallback_extension(self.transparent)
    }
}

/// The format of the sizes that are not WebP: PNG keeps transparency, JPEG the rest.
pub fn fallback_extension(transparent: bool) -> &'static str {
    if transparent { "png" } else { "jpg" }
}

/// A source's hash as last computed, and the file's size and modification time then.
#[derive(Clone, PartialEq, Eq)]
struct Stamp {
    size: u64,
    modified_ns: u128,
}

pub struct Cache {
    dir: PathBuf,
    known: Mutex<HashMap<PathBuf, (Stamp, String)>>,
}

/// Numbers the temporary files of every `Cache` of the process: `serve` makes photos in
/// the background with one while a rebuild writes with another.
static TEMP_NAMES: AtomicUsize = AtomicUsize::new(0);

impl Cache {
    /// Opens the cache of the site at `root`, creating its folder.
    pub fn open(root: &Path) -> io::Result<Cache> {
        let dir = root.join(CACHE_DIR);
        fs::create_dir_all(dir.join(PHOTOS_DIR))?;
        let known = fs::read_to_string(dir.join(SOURCES_FILE))
            .unwrap_or_default()
            .lines()
            .filter_map(|line| {
                let mut fields = line.splitn(4, '\t');
                let size = fields.next()?.parse().ok()?;
                let modified_ns = fields.next()?.parse().ok()?;
                let hash = fields.next()?.to_owned();
                let path = PathBuf::from(fields.next()?);
                Some((path, (Stamp { size, modified_ns }, hash)))
            })
            .collect();
        Ok(Cache {
            dir,
            known: Mutex::new(known),
        })
    }

    /// The SHA-256 of the file `source`, read only when its size or time changed.
    pub fn source_hash(&self, source: &Path) -> io::Result<String> {
        let metadata = fs::metadata(source)?;
        let modified_ns = metadata
            .modified()?
            .duration_since(UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos());
        let stamp = Stamp {
            size: metadata.len(),
            modified_ns,
        };
        let mut known = self.known.lock().unwrap_or_else(|e| e.into_inner());
        if let Some((known_stamp, hash)) = known.get(source)
            && *known_stamp == stamp
        {
            return Ok(hash.clone());
        }
        drop(known);
        let hash = crate::text::sha256_hex(fs::read(source)?);
        known = self.known.lock().unwrap_or_else(|e| e.into_inner());
        known.insert(source.to_path_buf(), (stamp, hash.clone()));
        Ok(hash)
    }

    /// The entry `key`, when it and all its files are there.
    pub fn entry(&self, key: &str) -> Option<Entry> {
        let text = fs::read_to_string(self.photos().join(format!("{key}.json"))).ok()?;
        let entry: Entry = serde_json::from_str(&text).ok()?;
        let complete = entry.sizes.iter().all(|&(width, _)| {
            [
                entry_name(key, width, "webp"),
                entry_name(key, width, entry.fallback_extension()),
            ]
            .iter()
            .all(|name| self.photos().join(name).is_file())
        });
        complete.then_some(entry)
    }

    /// Where the file `name` of an entry is.
    pub fn file(&self, name: &str) -> PathBuf {
        self.photos().join(name)
    }

    /// Writes one file of entry `key`; its description is written last (`finish`).
    pub fn store(&self, name: &str, bytes: &[u8]) -> io::Result<()> {
        self.write_atomically(&self.photos().join(name), bytes)
    }

    /// Completes entry `key`: from now on `entry(key)` finds it.
    pub fn finish(&self, key: &str, entry: &Entry) -> io::Result<()> {
        let json = serde_json::to_vec(entry).map_err(io::Error::other)?;
        self.write_atomically(&self.photos().join(format!("{key}.json")), &json)
    }

    /// Removes every entry but those of `used`, and forgets sources that are gone; saves
    /// the sources' hashes.
    pub fn keep_only(&self, used: &HashSet<String>) -> io::Result<()> {
        for file in fs::read_dir(self.photos())?.flatten() {
            let name = file.file_name().to_string_lossy().into_owned();
            let key = name.split(['-', '.']).next().unwrap_or_default();
            if !used.contains(key) {
                let _ = fs::remove_file(file.path());
            }
        }
        let known = self.known.lock().unwrap_or_else(|e| e.into_inner());
        let mut lines: Vec<String> = known
            .iter()
            .filter(|(path, _)| path.is_file())
            .map(|(path, (stamp, hash))| {
                format!(
                    "{}\t{}\t{hash}\t{}\n",
                    stamp.size,
                    stamp.modified_ns,
                    path.display()
                )
            })
            .collect();
        lines.sort();
        self.write_atomically(&self.dir.join(SOURCES_FILE), lines.concat().as_bytes())
    }

    fn photos(&self) -> PathBuf {
        self.dir.join(PHOTOS_DIR)
    }

    fn write_atomically(&self, file: &Path, bytes: &[u8]) -> io::Result<()> {
        let n = TEMP_NAMES.fetch_add(1, Ordering::Relaxed);
        let temp = self.dir.join(format!(".tmp-{}-{n}", std::process::id()));
        fs::write(&temp, bytes)?;
        fs::rename(&temp, file).inspect_err(|_| {
            let _ = fs::remove_file(&temp);
        })
    }
}

/// The name of one size's file in entry `key`.
pub fn entry_name(key: &str, width: u32, extension: &str) -> String {
    format!("{key}-{width}.{extension}")
}
