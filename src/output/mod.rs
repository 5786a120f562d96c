//! The output stage: writes a build into a fresh staging folder beside the output folder and
//! swaps it in whole with one atomic exchange, so `public/` is never missing and never half
//! old, half new. A failed build leaves the previous output byte for byte.
//! It writes what it is given; it does not render.

pub mod feeds;
mod minify;

use std::fs;
use std::io;
use std::path::{Component, Path, PathBuf};

use crate::error::{Error, Result};

/// A build being written. Dropping it without `commit` removes it.
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    minify: bool,
    committed: bool,
}

const STAGING_MARK: &str = ".biennien-staging-";

impl Staging {
    /// Prepares `target` (the output folder) for a build: checks it is safe to replace,
    /// removes staging folders that interrupted builds left, and creates a new one.
    pub fn create(root: &Path, target: &Path, minify: bool) -> Result<Staging> {
        check_target(root, target)?;
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
        remove_leftovers(parent, &name);
        let dir = parent.join(format!(".{name}{STAGING_MARK}{}", std::process::id()));
        if dir.exists() {
            fs::remove_dir_all(&dir).map_err(|e| Error::io(&dir, &e))?;
        }
        fs::create_dir(&dir).map_err(|e| Error::io(&dir, &e))?;
        Ok(Staging {
            dir,
            target: target.to_path_buf(),
            minify,
            committed: false,
        })
    }

    /// Writes `bytes` at the site-relative `path`, creating folders; refuses any path that
    /// could leave the output folder.
    pub fn write(&self, path: &str, bytes: &[u8]) -> Result<()> {
        let file = self.resolve(path)?;
        if let Some(parent) = file.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, &e))?;
        }
        fs::write(&file, bytes).map_err(|e| Error::io(&file, &e).into())
    }

    /// Writes the file at `path` through `fill`, buffered, for files too large to build in
    /// memory first.
    pub fn write_with(
        &self,
        path: &str,
        fill: impl FnOnce(&mut io::BufWriter<fs::File>) -> io::Result<()>,
    ) -> Result<()> {
        let file = self.resolve(path)?;
        let mut out =
            io::BufWriter::new(fs::File::create(&file).map_err(|e| Error::io(&file, &e))?);
        fill(&mut out)
            .and_then(|()| io::Write::flush(&mut out))
            .map_err(|e| Error::io(&file, &e).into())
    }

    /// Writes an HTML page, minified when the site asks for it.
    pub fn write_html(&self, path: &str, html: &[u8]) -> Result<()> {
        if self.minify {
            self.write(path, &minify::html(html))
        } else {
            self.write(path, html)
        }
    }

    /// Copies a file into the output at `path`.
    pub fn copy(&self, source: &Path, path: &str) -> Result<()> {
        let file = self.resolve(path)?;
        if let Some(parent) = file.parent() {
            fs::create_dir_all(parent).map_err(|e| Error::io(parent, &e))?;
        }
        fs::copy(source, &file).map_err(|e| Error::io(source, &e))?;
        Ok(())
    }

    /// Copies every regular file of `folder` to the same relative place in the output.
    /// Symbolic links are not followed: they could point anywhere on the machine.
    pub fn copy_folder(&self, folder: &Path) -> Result<usize> {
        if !folder.is_dir() {
            return Ok(0);
        }
        let mut copied = 0;
        for entry in walkdir::WalkDir::new(folder).sort_by_file_name() {
            let entry = entry.map_err(|e| {
                Error::in_file(e.path().unwrap_or(folder), format!("cannot read: {e}"))
            })?;
            let name = entry.file_name().to_string_lossy();
            if !entry.file_type().is_file() || crate::content::is_editor_temp(&name) {
                continue;
            }
            let rel = entry.path().strip_prefix(folder).unwrap_or(entry.path());
            self.copy(entry.path(), &rel.to_string_lossy())?;
            copied += 1;
        }
        Ok(copied)
    }

    fn resolve(&self, path: &str) -> Result<PathBuf> {
        let rel = Path::new(path);
        if path.is_empty() || !rel.components().all(|c| matches!(c, Component::Normal(_))) {
            return Err(Error::new(format!(
                "refusing to write `{path}`: it would land outside the output folder"
            ))
            .into());
        }
        Ok(self.dir.join(rel))
    }

    /// Puts the finished build in place of the target in one atomic step.
    pub fn commit(mut self) -> Result<()> {
        if self.target.exists() {
            match exchange(&self.dir, &self.target) {
                Ok(()) => {}
                // A filesystem without RENAME_EXCHANGE: two renames, public/ missing briefly.
                Err(e) if matches!(e.raw_os_error(), Some(libc::EINVAL | libc::ENOSYS)) => {
                    let aside = self.dir.with_extension("old");
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

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = fs::remove_dir_all(&self.dir);
        }
    }
}

/// The folders that must never be replaced by a build's output.
const PRECIOUS: [&str; 3] = ["content", "seeds", "themes"];

fn check_target(root: &Path, target: &Path) -> Result<()> {
    let refuse = |why: &str| -> Result<()> {
        Err(Error::in_file(
            target,
            format!("refusing to use this as the output folder: {why}"),
        )
        .help("choose an empty folder or one that a build wrote, such as public/")
        .into())
    };
    let canonical = |p: &Path| fs::canonicalize(p).ok();
    if let (Some(root), Some(out)) = (canonical(root), canonical(target))
        && root.starts_with(&out)
    {
        return refuse("it is the site's folder or contains it");
    }
    if target.exists() && !target.is_dir() {
        return refuse("it is a file, not a folder");
    }
    if let Some(found) = PRECIOUS.iter().find(|p| target.join(p).exists()) {
        return refuse(&format!("it contains {found}/"));
    }
    Ok(())
}

/// Staging folders of builds that were killed: their process is gone.
fn remove_leftovers(parent: &Path, name: &str) {
    let prefix = format!(".{name}{STAGING_MARK}");
    let Ok(entries) = fs::read_dir(parent) else {
        return;
    };
    for entry in entries.flatten() {
        let file_name = entry.file_name().to_string_lossy().into_owned();
        let Some(pid) = file_name.strip_prefix(&prefix) else {
            continue;
        };
        let alive = pid
            .parse::<i32>()
            .is_ok_and(|pid| pid == std::process::id() as i32 || process_alive(pid));
        if !alive {
            let _ = fs::remove_dir_all(entry.path());
        }
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
