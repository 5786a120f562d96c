//! Which folder a build may replace. A build swaps its output in whole, and what was there
//! goes, so the folder is checked before anything runs (the import included). Never: the
//! file system's root, the home folder, the site's folder or one holding it, the site's
//! inputs or a folder inside one, another site, or a folder git keeps (`.git`, tracked
//! files). Any other folder only when it is new, empty or marked by an earlier build, or
//! when the user says `--replace-output`.

use std::fs;
use std::path::{Component, Path, PathBuf};
use std::process::Command;

use crate::error::{Error, Result};

/// The file every build leaves in its output: the folder is the build's to replace.
pub const MARKER: &str = ".biennien-output";
pub const MARKER_TEXT: &str =
    "This folder is written by `biennien build` and replaced whole by every build.\n";

/// The site's inputs: neither they nor any folder inside them is ever an output.
pub const INPUTS: [&str; 6] = ["content", "seeds", "themes", "static", "templates", "i18n"];

/// The folders that make a folder a site of its own.
const SITE_FOLDERS: [&str; 3] = ["content", "seeds", "themes"];

/// What the build asks for.
pub struct Wanted<'a> {
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

/// The folder the build goes into: the one asked for, or the one it links to.
pub fn choose(wanted: &Wanted) -> Result<PathBuf> {
    let target = follow_links(wanted.folder)?;
    let absolute = absolute(&target).ok_or_else(|| {
        refusal(
            wanted.folder,
            "its path goes up (`..`) from a folder that does not exist",
            "give a path whose folders exist",
        )
    })?;
    let shown = |why: &str| match target == wanted.folder {
        true => why.to_owned(),
        false => format!("it links to {}, and {why}", absolute.display()),
    };
    if let Some((why, help)) = never(wanted.root, &absolute) {
        return Err(refusal(wanted.folder, &shown(&why), &help).into());
    }
    if wanted.replace {
        return Ok(target);
    }
    let Ok(entries) = fs::read_dir(&absolute) else {
        return Ok(target);
    };
    let names: Vec<String> = entries
        .flatten()
        .map(|e| {
            let name = e.file_name().to_string_lossy().into_owned();
            match e.file_type().is_ok_and(|t| t.is_dir()) {
                true => format!("{name}/"),
                false => name,
            }
        })
        .collect();
    if names.iter().any(|n| n == MARKER) {
        return Ok(target);
    }
    let is_default = self::absolute(wanted.default).is_some_and(|d| d == absolute);
    let foreign: Vec<&String> = names
        .iter()
        .filter(|n| !is_default || !(wanted.is_built)(n.trim_end_matches('/')))
        .collect();
    if foreign.is_empty() {
        return Ok(target);
    }
    let why = format!("it holds files a build did not write: {}", listed(&foreign));
    let help = "choose a new or empty folder, or pass --replace-output to delete everything in it and put the site there";
    Err(refusal(wanted.folder, &shown(&why), help).into())
}

fn refusal(folder: &Path, why: &str, help: &str) -> Error {
    Error::in_file(
        folder,
        format!("refusing to use this as the output folder: {why}"),
    )
    .help(help)
}

/// The reason a folder is never an output, with what to do instead.
fn never(root: &Path, folder: &Path) -> Option<(String, String)> {
    let elsewhere = |why: String| Some((why, "build into a new folder such as public/".to_owned()));
    if folder.parent().is_none() {
        return elsewhere("it is the file system's root".to_owned());
    }
    let home = std::env::var_os("HOME").and_then(|h| fs::canonicalize(h).ok());
    if home.is_some_and(|h| h == folder) {
        return elsewhere("it is your home folder".to_owned());
    }
    let root = fs::canonicalize(root).unwrap_or_else(|_| root.to_path_buf());
    if root.starts_with(folder) {
        return elsewhere("it is the site's folder or contains it".to_owned());
    }
    for input in INPUTS {
        let input_dir = root.join(input);
        let input_dir = fs::canonicalize(&input_dir).unwrap_or(input_dir);
        if folder.starts_with(&input_dir) {
            return elsewhere(format!(
                "it is the site's {input}/ folder or inside it, one of the site's inputs"
            ));
        }
    }
    if folder.exists() && !folder.is_dir() {
        return elsewhere("it is a file, not a folder".to_owned());
    }
    if let Some(found) = SITE_FOLDERS.iter().find(|f| folder.join(f).exists()) {
        return elsewhere(format!("it contains {found}/, the folder of a site"));
    }
    let copy = format!(
        "git keeps this folder; build elsewhere and copy the result in, e.g. `biennien build --output /tmp/site` then `cp -r /tmp/site/. {}/`",
        folder.display()
    );
    if folder.iter().any(|part| part == ".git") {
        return Some(("it is git's own .git folder or inside it".to_owned(), copy));
    }
    if fs::symlink_metadata(folder.join(".git")).is_ok() {
        return Some((
            "it holds .git: it is a git repository or worktree (a gh-pages checkout?)".to_owned(),
            copy,
        ));
    }
    let tracked = tracked_files(folder);
    if !tracked.is_empty() {
        let tracked: Vec<&String> = tracked.iter().collect();
        return Some((
            format!("git tracks files in it: {}", listed(&tracked)),
            copy,
        ));
    }
    None
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

/// A few names and how many more.
fn listed(names: &[&String]) -> String {
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
        assert_eq!(listed(&names), "f1, f2, f3, f4, f5 and 2 more");
    }
}
