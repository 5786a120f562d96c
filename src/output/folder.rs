//! Which folder a build may replace. A build swaps its output in whole, and what was there
//! goes, so the folder is checked before anything runs (the import included). Never: the
//! file system's root, the home folder or one holding it, the site's folder or one holding
//! it, the site's inputs or a folder inside or holding one; nor, unless it holds only what
//! an earlier build wrote, another site or a folder git keeps (a `.git` anywhere inside,
//! tracked files). Any other folder only when it is new, empty or holds only what its
//! marker says an earlier build wrote, or when the user says `--replace-output`.

use std::collections::BTreeSet;
use std::fs;
use std::path::{Component, Path, PathBuf};
use std::process::Command;

use crate::error::{Error, Result};

/// The file every build leaves in its output: the folder is the build's to replace. It
/// lists what the build wrote at the folder's top, so that a folder it was copied into,
/// with other files beside, is not taken for a build's.
pub const MARKER: &str = ".biennien-output";
const MARKER_HEAD: &str = "This folder is written by `biennien build` and replaced whole by every build.\nWhat the build wrote at its top:\n";

/// The marker's text for a build whose top-level entries are `names` (folders end in `/`).
pub fn marker_text(names: &[String]) -> String {
    let mut text = MARKER_HEAD.to_owned();
    for name in names {
        text.push_str(name);
        text.push('\n');
    }
    text
}

/// The site's inputs: neither they nor any folder inside them is ever an output.
pub const INPUTS: [&str; 6] = ["content", "seeds", "themes", "static", "templates", "i18n"];

/// The folders that make a folder a site of its own.
const SITE_FOLDERS: [&str; 3] = ["content", "seeds", "themes"];

/// What the build asks for.
pub struct OutputRequest<'a> {
    pub root: &'a Path,
    /// The output folder as given (a symbolic link is followed).
    pub folder: &'a Path,
    /// The site's default output: when it has no marker yet (built before the marker
    /// existed), it is recognised by its entries.
    pub default: &'a Path,
    /// Whether a top-level name is one a build writes.
    pub is_built: &'a dyn Fn(&str) -> bool,
    /// `--replace-output`: replace a folder holding other files too.
    pub replace: bool,
}

/// The folder the build goes into (the one asked for, or the one it links to), once it is
/// found safe to replace.
pub fn replaceable_output(request: &OutputRequest) -> Result<PathBuf> {
    let target = follow_links(request.folder)?;
    let absolute = absolute(&target).ok_or_else(|| {
        refusal(
            request.folder,
            "its path goes up (`..`) from a folder that does not exist",
            "give a path whose folders exist",
        )
    })?;
    let refuse = |why: &str, help: &str| -> Result<PathBuf> {
        let why = match target == request.folder {
            true => why.to_owned(),
            false => format!("it links to {}, and {why}", absolute.display()),
        };
        Err(refusal(request.folder, &why, help).into())
    };
    if let Some((why, help)) = forbidden_reason(request.root, &absolute) {
        return refuse(&why, &help);
    }
    let names = match fs::read_dir(&absolute) {
        Ok(entries) => entry_names(entries),
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(target),
        Err(e) => return refuse(&format!("it cannot be read ({e})"), "check its permissions"),
    };
    let written = marked_names(&absolute);
    let foreign: Vec<&String> = names
        .iter()
        .filter(|n| *n != MARKER && !written.as_ref().is_some_and(|w| w.contains(*n)))
        .collect();
    if foreign.is_empty() && (written.is_some() || names.is_empty()) {
        // A build's own output, unless git has come to keep it (a committed `docs/`).
        return match tracked_reason(&absolute) {
            Some((why, help)) => refuse(&why, &help),
            None => Ok(target),
        };
    }
    if let Some((why, help)) = kept_by_someone(&absolute) {
        return refuse(&why, &help);
    }
    let is_default = self::absolute(request.default).is_some_and(|d| d == absolute);
    let legacy = is_default && written.is_none();
    let foreign: Vec<&String> = foreign
        .into_iter()
        .filter(|n| !legacy || !(request.is_built)(n.trim_end_matches('/')))
        .collect();
    if request.replace || foreign.is_empty() {
        return Ok(target);
    }
    let why = format!(
        "it holds files a build did not write: {}",
        first_names(&foreign)
    );
    let help = "choose a new or empty folder, or pass --replace-output to delete everything in it and put the site there";
    refuse(&why, help)
}

/// The top-level names of a folder, folders ending in `/`.
pub fn entry_names(entries: fs::ReadDir) -> Vec<String> {
    entries
        .flatten()
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            match e.file_type().is_ok_and(|t| t.is_dir()) {
                true => format!("{name}/"),
                false => name,
            }
        })
        .collect()
}

/// What the marker in `folder` says a build wrote there, if it has one.
fn marked_names(folder: &Path) -> Option<BTreeSet<String>> {
    let text = fs::read_to_string(folder.join(MARKER)).ok()?;
    let listed = text.strip_prefix(MARKER_HEAD)?;
    Some(listed.lines().map(str::to_owned).collect())
}

fn refusal(folder: &Path, why: &str, help: &str) -> Error {
    Error::in_file(
        folder,
        format!("refusing to use this as the output folder: {why}"),
    )
    .help(help)
}

/// Why a folder is never an output, whatever it holds, with what to do instead.
fn forbidden_reason(root: &Path, folder: &Path) -> Option<(String, String)> {
    let elsewhere = |why: String| Some((why, "build into a new folder such as public/".to_owned()));
    if folder.parent().is_none() {
        return elsewhere("it is the file system's root".to_owned());
    }
    let home = std::env::var_os("HOME").and_then(|h| fs::canonicalize(h).ok());
    if home.is_some_and(|h| h.starts_with(folder)) {
        return elsewhere("it is your home folder or contains it".to_owned());
    }
    let root = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    if root.starts_with(folder) {
        return elsewhere("it is the site's folder or contains it".to_owned());
    }
    for input in INPUTS {
        // Where the input really is: a linked `static/` may live anywhere.
        let input_dir = root.join(input);
        let input_dir = fs::canonicalize(&input_dir).unwrap_or(input_dir);
        if folder.starts_with(&input_dir) {
            return elsewhere(format!(
                "it is the site's {input}/ folder or inside it, one of the site's inputs"
            ));
        }
        if input_dir.starts_with(folder) {
            return elsewhere(format!("it holds the site's {input}/ folder"));
        }
    }
    if folder.exists() && !folder.is_dir() {
        return elsewhere("it is a file, not a folder".to_owned());
    }
    if folder.iter().any(|part| part == ".git") {
        return elsewhere("it is git's own .git folder or inside it".to_owned());
    }
    None
}

/// Why a folder a build did not write (or not alone) is someone else's to keep: another
/// site, a git repository or worktree anywhere inside it, or files git tracks.
fn kept_by_someone(folder: &Path) -> Option<(String, String)> {
    if let Some(found) = SITE_FOLDERS.iter().find(|f| folder.join(f).exists()) {
        return Some((
            format!("it contains {found}/, the folder of a site"),
            "build into a new folder such as public/".to_owned(),
        ));
    }
    let repository = walkdir::WalkDir::new(folder)
        .into_iter()
        .flatten()
        .find(|e| e.file_name() == ".git");
    if let Some(git) = repository {
        let at = git.path().strip_prefix(folder).unwrap_or(git.path());
        return Some((
            format!(
                "it holds {}: a git repository or worktree (a gh-pages checkout?)",
                at.display()
            ),
            copy_advice(folder),
        ));
    }
    tracked_reason(folder)
}

/// What to do with a folder git keeps.
fn copy_advice(folder: &Path) -> String {
    format!(
        "git keeps this folder; build elsewhere and copy the result in, leaving out {MARKER}, e.g. `biennien build --output /tmp/site` then `rsync -a --exclude {MARKER} /tmp/site/ {}/`",
        folder.display()
    )
}

/// When git tracks files in `folder`: why it is not an output.
fn tracked_reason(folder: &Path) -> Option<(String, String)> {
    let tracked = tracked_files(folder);
    let tracked: Vec<&String> = tracked.iter().collect();
    (!tracked.is_empty()).then(|| {
        (
            format!("git tracks files in it: {}", first_names(&tracked)),
            copy_advice(folder),
        )
    })
}

/// The files git tracks in `folder`, when a repository holds it and git is installed.
fn tracked_files(folder: &Path) -> Vec<String> {
    let in_repository = folder
        .ancestors()
        .any(|a| fs::symlink_metadata(a.join(".git")).is_ok());
    if !in_repository || !folder.is_dir() {
        return Vec::new();
    }
    let listed = Command::new("git")
        .arg("-C")
        .arg(folder)
        .args(["ls-files", "-z", "--", "."])
        .output();
    match listed {
        Ok(out) if out.status.success() => String::from_utf8_lossy(&out.stdout)
            .split('\0')
            .filter(|f| !f.is_empty())
            .map(str::to_owned)
            .collect(),
        _ => Vec::new(),
    }
}

/// The first few names and how many more.
fn first_names(names: &[&String]) -> String {
    const SHOWN: usize = 5;
    let mut text = names
        .iter()
        .take(SHOWN)
        .map(|n| n.as_str())
        .collect::<Vec<_>>()
        .join(", ");
    if names.len() > SHOWN {
        text.push_str(&format!(" and {} more", names.len() - SHOWN));
    }
    text
}

/// The path a chain of symbolic links ends at (itself when it is none).
fn follow_links(path: &Path) -> Result<PathBuf> {
    let mut path = path.to_path_buf();
    for _ in 0..40 {
        match fs::symlink_metadata(&path) {
            Ok(meta) if meta.file_type().is_symlink() => {
                let to = fs::read_link(&path).map_err(|e| Error::io(&path, &e))?;
                // A relative link is relative to the folder holding it.
                path = path.parent().unwrap_or(Path::new("")).join(to);
            }
            _ => return Ok(path),
        }
    }
    Err(refusal(
        &path,
        "too many symbolic links",
        "point the link at a folder",
    )
    .into())
}

/// `path` made absolute with every link resolved, also when its last folders do not exist
/// yet; `None` when `..` follows a folder that does not exist.
fn absolute(path: &Path) -> Option<PathBuf> {
    let path = std::path::absolute(path).ok()?;
    let mut existing = path.as_path();
    let mut missing = Vec::new();
    loop {
        if let Ok(real) = fs::canonicalize(existing) {
            let mut real = real;
            for part in missing.iter().rev() {
                match part {
                    Component::Normal(name) => real.push(name),
                    Component::CurDir => {}
                    _ => return None,
                }
            }
            return Some(real);
        }
        missing.push(existing.components().next_back()?);
        existing = existing.parent()?;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_folder_not_made_yet_is_placed_under_its_real_parent() {
        let dir = tempfile::tempdir().unwrap();
        let real = fs::canonicalize(dir.path()).unwrap();
        assert_eq!(
            absolute(&dir.path().join("a/./b")),
            Some(real.join("a").join("b"))
        );
        assert_eq!(absolute(&dir.path().join("a/../b")), None);
        assert_eq!(
            absolute(&dir.path().join("../x")),
            real.parent().map(|p| p.join("x"))
        );
    }

    #[test]
    fn long_lists_are_cut() {
        let names: Vec<String> = (1..=7).map(|n| format!("f{n}")).collect();
        let names: Vec<&String> = names.iter().collect();
        assert_eq!(first_names(&names), "f1, f2, f3, f4, f5 and 2 more");
    }
}
