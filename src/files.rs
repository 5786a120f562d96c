//! Which files in the site's folders are the site's: one walk for every folder a build reads
//! (`content/`, templates, `static/`), leaving out what editors' tools put beside the files.

use std::path::Path;

use walkdir::{DirEntry, WalkDir};

use crate::error::{Error, Result};

/// The folder under which a site may publish files for machines (RFC 8615:
/// `security.txt`), kept although its name starts with a dot.
const WELL_KNOWN: &str = ".well-known";

/// Files editors' tools leave beside the real ones; never content.
pub fn is_editor_temp(name: &str) -> bool {
    (name.starts_with('.') && name != WELL_KNOWN)
        || name.starts_with('#')
        || name.ends_with('~')
        || name == "4913"
        || [".swp", ".swx", ".tmp", ".orig", ".bak"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

/// Everything under `folder` in file-name order, leaving out editors' temporary files and
/// hidden folders with all they hold. `what` names the folder in an error: `cannot read
/// {what}: …`.
pub fn walk<'a>(folder: &'a Path, what: &'a str) -> impl Iterator<Item = Result<DirEntry>> + 'a {
    WalkDir::new(folder)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !is_editor_temp(&e.file_name().to_string_lossy()))
        .map(move |entry| {
            entry.map_err(|e| {
                let path = e.path().unwrap_or(folder);
                Error::in_file(path, format!("cannot read {what}: {e}"))
                    .help("check that this folder and what it holds can be read, then try again")
                    .into()
            })
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_temp_files_are_recognised() {
        for name in [
            ".a.md.swp",
            "a.md~",
            "#a.md#",
            "4913",
            "a.md.orig",
            ".hidden",
        ] {
            assert!(is_editor_temp(name), "{name}");
        }
        assert!(!is_editor_temp("a.md"));
        assert!(!is_editor_temp(WELL_KNOWN));
    }
}
