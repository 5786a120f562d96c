//! Files an import would write, read in their place without writing them: `check` builds
//! the site as the next `build` would, and leaves `content/` byte for byte as it was.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use super::SECTION_FILE;
use super::load::Listing;
use crate::error::Error;
use crate::text;

/// A file an import would write (`text`) or remove (`None`), under `content/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PlannedFile {
    pub path: PathBuf,
    pub text: Option<String>,
}

/// Planned files by their path relative to `content/`; empty for a build, which reads
/// only the disk.
#[derive(Debug, Clone, Default)]
pub struct PlannedFiles(BTreeMap<PathBuf, Option<String>>);

impl PlannedFiles {
    /// `files`' paths are under `content_dir`; the last plan for a path wins.
    pub fn new<'a>(content_dir: &Path, files: impl IntoIterator<Item = &'a PlannedFile>) -> Self {
        let relative = |path: &Path| path.strip_prefix(content_dir).unwrap_or(path).to_owned();
        PlannedFiles(
            files
                .into_iter()
                .map(|f| (relative(&f.path), f.text.clone()))
                .collect(),
        )
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The text of `rel`, a file under `content_dir`: as planned, else as on disk. Planned
    /// text goes through the same decoding as a file's bytes.
    pub fn read(&self, content_dir: &Path, rel: &Path, shown: &Path) -> Result<String, Error> {
        match self.0.get(rel) {
            Some(Some(text)) => text::decode(text.clone().into_bytes(), shown),
            Some(None) => Err(Error::in_file(shown, "the import removes this file")),
            None => text::read_file(&content_dir.join(rel), shown),
        }
    }

    /// `listing`, a walk of `content/`, with the planned files in it and the removed ones
    /// out of it.
    pub(super) fn apply(&self, listing: &mut Listing) {
        for (rel, text) in &self.0 {
            let lists = [
                &mut listing.section_files,
                &mut listing.page_files,
                &mut listing.asset_files,
            ];
            for list in lists {
                list.retain(|listed| listed != rel);
            }
            if text.is_none() {
                continue;
            }
            if rel.file_name().is_some_and(|n| n == SECTION_FILE) {
                listing.section_files.push(rel.clone());
            } else {
                listing.page_files.push(rel.clone());
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn planned_files_stand_in_for_the_disk() {
        let dir = Path::new("/site/content");
        let planned = PlannedFiles::new(
            dir,
            &[
                PlannedFile {
                    path: dir.join("2018/moi.md"),
                    text: Some("+++\ntitle = \"Mới\"\n+++\n".to_owned()),
                },
                PlannedFile {
                    path: dir.join("2018/cu.md"),
                    text: None,
                },
            ],
        );
        let shown = Path::new("content/2018/moi.md");
        let text = planned.read(dir, Path::new("2018/moi.md"), shown).unwrap();
        assert!(text.contains("Mới"));
        let mut listing = Listing {
            page_files: vec![PathBuf::from("2018/cu.md"), PathBuf::from("a.md")],
            ..Listing::default()
        };
        planned.apply(&mut listing);
        assert_eq!(
            listing.page_files,
            [PathBuf::from("a.md"), PathBuf::from("2018/moi.md")]
        );
    }
}
