//! The output stage: writes a build into a fresh staging folder beside the output folder and
//! swaps it in whole with one atomic exchange, so `public/` is never missing and never half
//! old, half new. A failed build leaves the previous output byte for byte.
//! It writes what it is given; it does not render. `serve` writes the same files into
//! memory instead (`Memory`): both are a `Sink`.

pub mod feeds;
pub mod folder;
mod minify;

use rustc_hash::FxHashMap;
use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::{Arc, Mutex};

use crate::error::{Error, Result};

/// Where a build's files go.
pub trait Sink: Sync {
    /// Writes `bytes` at the site-relative `path`; refuses any path that could leave the
    /// output.
    fn write(&self, path: &str, bytes: Vec<u8>) -> Result<()>;

    /// Copies the file `source` to `path`.
    fn copy(&self, source: &Path, path: &str) -> Result<()>;

    /// Writes the file at `path` through `fill`, for files too large to build whole first.
    fn write_with(
        &self,
        path: &str,
        fill: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> Result<()>;

    /// Whether HTML is minified on its way out.
    fn minifies(&self) -> bool;

    /// Writes an HTML page, minified when the site asks for it.
    fn write_html(&self, path: &str, html: Vec<u8>) -> Result<()> {
        if self.minifies() {
            self.write(path, minify::html(&html))
        } else {
            self.write(path, html)
        }
    }

    /// Puts the file `source` at `path` as a hard link where the file system allows (the
    /// photo cache's files: not copied again on every build), a copy otherwise.
    fn link(&self, source: &Path, path: &str) -> Result<()> {
        self.copy(source, path)
    }

    /// Copies every regular file of `folder` to the same relative place in the output;
    /// returns those places. Symbolic links are not followed: they could point anywhere;
    /// they are returned, for the build to warn about. Files `skip` names are left out.
    fn copy_folder(&self, folder: &Path, skip: &dyn Fn(&Path) -> bool) -> Result<CopiedFolder> {
        let mut copied = CopiedFolder::default();
        if !folder.is_dir() {
            return Ok(copied);
        }
        for entry in crate::files::walk(folder, "the folder") {
            let entry = entry?;
            // A link inside the folder; the folder itself may be one, and is followed.
            if entry.file_type().is_symlink() {
                copied.skipped_links.push(entry.into_path());
                continue;
            }
            if !entry.file_type().is_file() || skip(entry.path()) {
                continue;
            }
            let rel = entry.path().strip_prefix(folder).unwrap_or(entry.path());
            let path = rel.to_string_lossy().replace('\\', "/");
            self.copy(entry.path(), &path)?;
            copied.paths.push(path);
        }
        Ok(copied)
    }
}

/// What `Sink::copy_folder` did.
#[derive(Default)]
pub struct CopiedFolder {
    /// The site-relative places written.
    pub paths: Vec<String>,
    /// The symbolic links found and not followed.
    pub skipped_links: Vec<PathBuf>,
}

/// A site-relative path checked to stay inside the output: only plain segments.
fn checked(path: &str) -> Result<&Path> {
    let rel = Path::new(path);
    if path.is_empty() || !rel.components().all(|c| matches!(c, Component::Normal(_))) {
        return Err(Error::new(format!(
            "refusing to write `{path}`: it would land outside the output folder"
        ))
        .into());
    }
    Ok(rel)
}

/// A site held in memory, by site-relative path (`2017/a/index.html`): what `serve` serves.
pub type Files = FxHashMap<Arc<str>, Arc<[u8]>>;

/// A `Sink` into memory. It starts from the previous build's files, so an incremental
/// build writes only what changed.
pub struct Memory {
    files: Mutex<Files>,
    minify: bool,
}

impl Memory {
    pub fn new(previous: Files, minify: bool) -> Memory {
        Memory {
            files: Mutex::new(previous),
            minify,
        }
    }

    pub fn remove(&self, path: &str) {
        self.lock().remove(path);
    }

    pub fn into_files(self) -> Files {
        self.files.into_inner().unwrap_or_else(|e| e.into_inner())
    }

    fn lock(&self) -> std::sync::MutexGuard<'_, Files> {
        self.files.lock().unwrap_or_else(|e| e.into_inner())
    }
}

impl Sink for Memory {
    fn write(&self, path: &str, bytes: Vec<u8>) -> Result<()> {
        checked(path)?;
        self.lock().insert(path.into(), bytes.into());
        Ok(())
    }

    fn copy(&self, source: &Path, path: &str) -> Result<()> {
        let bytes = fs::read(source).map_err(|e| Error::io(source, &e))?;
        self.write(path, bytes)
    }

    /// Linked files are named by their content (the photos' sizes): one already held is
    /// the same, and is not read again.
    fn link(&self, source: &Path, path: &str) -> Result<()> {
        if self.lock().contains_key(path) {
            return Ok(());
        }
        self.copy(source, path)
    }

    fn write_with(
        &self,
        path: &str,
        fill: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> Result<()> {
        let mut bytes = Vec::new();
        fill(&mut bytes).map_err(|e| Error::new(format!("{path}: {e}")))?;
        self.write(path, bytes)
    }

    fn minifies(&self) -> bool {
        self.minify
    }
}

/// A build being written. Dropping it without `commit` removes it.
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    minify: bool,
    committed: bool,
}

const STAGING_MARK: &str = ".biennien-staging-";

/// For the tests of a killed build (tests/it/kill.rs): with this variable set to the name of
/// one of the moments of the swap (`staging`, `swap`, `swapped`), the build says
/// `paused at <moment>` on stderr there and waits for a line on stdin, so that a test
/// kills it exactly then instead of at a guessed time.
pub const PAUSE_VARIABLE: &str = "BIENNIEN_TEST_PAUSE_AT";

fn pause_point(moment: &str) {
    static WANTED: std::sync::LazyLock<Option<String>> =
        std::sync::LazyLock::new(|| std::env::var(PAUSE_VARIABLE).ok());
    if WANTED.as_deref() == Some(moment) {
        eprintln!("paused at {moment}");
        let _ = io::stdin().read_line(&mut String::new());
    }
}

impl Staging {
    /// Prepares a build of `target`, the output folder `folder::choose` accepted: removes
    /// staging folders that interrupted builds left, and creates a new one beside it.
    pub fn create(target: &Path, minify: bool) -> Result<Staging> {
        let parent = target
            .parent()
            .filter(|p| !p.as_os_str().is_empty())
            .unwrap_or(Path::new("."));
        fs::create_dir_all(parent).map_err(|e| Error::io(parent, &e))?;
        let name = target
            .file_name()
            .ok_or_else(|| Error::in_file(target, "the output folder needs a name"))?
            .to_string_lossy()
            .into_owned();
        remove_leftovers(parent, &name, target);
        let dir = parent.join(format!(".{name}{STAGING_MARK}{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(|e| Error::io(&dir, &e))?;
        }
        fs::create_dir(&dir).map_err(|e| Error::io(&dir, &e))?;
        pause_point("staging");
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            minify,
            committed: false,
        })
    }

    fn resolve(&self, path: &str) -> Result<PathBuf> {
        Ok(self.dir.join(checked(path)?))
    }

    /// Where a file at `path` goes, its folder made.
    fn place(&self, path: &str) -> Result<PathBuf> {
        let file = self.resolve(path)?;
        if let Some(parent) = file.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, &e))?;
        }
        Ok(file)
    }

    /// Puts the finished build in place of the target in one atomic step, marked as a
    /// build's (`folder::MARKER`) with what it holds at its top.
    pub fn commit(mut self) -> Result<()> {
        let entries = fs::read_dir(&self.dir).map_err(|e| Error::io(&self.dir, &e))?;
        let mut names = folder::entry_names(entries);
        names.sort();
        self.write(folder::MARKER, folder::marker_text(&names).into_bytes())?;
        pause_point("swap");
        if self.target.exists() {
            match exchange(&self.dir, &self.target) {
                Ok(()) => pause_point("swapped"),
                // A filesystem without RENAME_EXCHANGE: two renames, public/ missing briefly.
                Err(e) if matches!(e.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS)) => {
                    // Named so that the next build's `remove_leftovers` finds it.
                    let mut aside = self.dir.clone().into_os_string();
                    aside.push(".old");
                    let aside = PathBuf::from(aside);
                    fs::rename(&self.target, &aside).map_err(|e| Error::io(&self.target, &e))?;
                    fs::rename(&self.dir, &self.target).map_err(|e| Error::io(&self.target, &e))?;
                    fs::rename(&aside, &self.dir).map_err(|e| Error::io(&aside, &e))?;
                }
                Err(e) => {
                    let error =
                        Error::io(&self.target, &e).help("the previous output is unchanged");
                    return Err(error.into());
                }
            }
            // The staging path now holds the previous build; Drop removes it.
        } else {
            fs::rename(&self.dir, &self.target).map_err(|e| Error::io(&self.target, &e))?;
            self.committed = true;
        }
        Ok(())
    }
}

impl Sink for Staging {
    fn write(&self, path: &str, bytes: Vec<u8>) -> Result<()> {
        let file = self.place(path)?;
        fs::write(&file, bytes).map_err(|e| Error::io(&file, &e).into())
    }

    fn copy(&self, source: &Path, path: &str) -> Result<()> {
        let file = self.place(path)?;
        fs::copy(source, &file).map_err(|e| Error::io(source, &e))?;
        Ok(())
    }

    /// A hard link where the file system allows (a cached photo size), a copy otherwise.
    fn link(&self, source: &Path, path: &str) -> Result<()> {
        let file = self.place(path)?;
        if fs::hard_link(source, &file).is_err() {
            fs::copy(source, &file).map_err(|e| Error::io(source, &e))?;
        }
        Ok(())
    }

    fn write_with(
        &self,
        path: &str,
        fill: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> Result<()> {
        let file = self.resolve(path)?;
        let mut out =
            io::BufWriter::new(fs::File::create(&file).map_err(|e| Error::io(&file, &e))?);
        fill(&mut out)
            .and_then(|()| io::Write::flush(&mut out))
            .map_err(|e| Error::io(&file, &e).into())
    }

    fn minifies(&self) -> bool {
        self.minify
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            remove_tree(&self.dir);
        }
    }
}

/// Removes a folder and everything in it, its top-level entries on several threads:
/// removal waits on the file system's journal (and discards, on SSD-backed ext4), not on
/// the processor, so a few at once finish sooner. Errors are ignored: it only ever removes
/// a build's own leftovers.
fn remove_tree(dir: &Path) {
    const THREADS: usize = 4;
    // A symbolic link goes, never what it points to.
    if !fs::symlink_metadata(dir).is_ok_and(|m| m.is_dir()) {
        let _ = fs::remove_file(dir);
        return;
    }
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    let entries: Vec<fs::DirEntry> = entries.flatten().collect();
    std::thread::scope(|scope| {
        for share in entries.chunks(entries.len().div_ceil(THREADS).max(1)) {
            scope.spawn(move || {
                for entry in share {
                    let _ = match entry.file_type() {
                        Ok(kind) if kind.is_dir() => fs::remove_dir_all(entry.path()),
                        _ => fs::remove_file(entry.path()),
                    };
                }
            });
        }
    });
    let _ = fs::remove_dir_all(dir);
}

/// Staging folders of builds that were killed: their process is gone. A build killed
/// between the two renames of the fallback swap left the previous output aside (`.old`)
/// and none in place: that output is put back.
fn remove_leftovers(parent: &Path, name: &str, target: &Path) {
    let prefix = format!(".{name}{STAGING_MARK}");
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = file_name.strip_prefix(&prefix) else {
            continue;
        };
        let (pid, aside) = match pid.strip_suffix(".old") {
            Some(pid) => (pid, true),
            None => (pid, false),
        };
        let alive = pid
            .parse::<i32>()
            .is_ok_and(|pid| pid == std::process::id() as i32 || process_alive(pid));
        if alive {
            continue;
        }
        if aside && !target.exists() {
            // The only copy of the previous output: put back, never deleted.
            if let Err(e) = fs::rename(entry.path(), target) {
                eprintln!(
                    "warning: {}: the previous output could not be moved back to {}: {e}; move it yourself",
                    entry.path().display(),
                    target.display()
                );
            }
            continue;
        }
        remove_tree(&entry.path());
    }
}

fn process_alive(pid: i32) -> bool {
    // Signal 0 checks existence without sending anything.
    unsafe { libc::kill(pid, 0) == 0 }
}

/// Linux `renameat2(RENAME_EXCHANGE)`: both paths stay present throughout.
fn exchange(a: &Path, b: &Path) -> std::io::Result<()> {
    use std::ffi::CString;
    use std::os::unix::ffi::OsStrExt;
    let a = CString::new(a.as_os_str().as_bytes())?;
    let b = CString::new(b.as_os_str().as_bytes())?;
    let result = unsafe {
        libc::syscall(
            libc::SYS_renameat2,
            libc::AT_FDCWD,
            a.as_ptr(),
            libc::AT_FDCWD,
            b.as_ptr(),
            libc::RENAME_EXCHANGE,
        )
    };
    if result == 0 {
        Ok(())
    } else {
        Err(std::io::Error::last_os_error())
    }
}
