//! The only files the desk writes: a seed's sidecar (edited with `toml_edit`, so that the
//! editor's comments and every key the desk does not change stay; written aside and renamed
//! over, so no reader sees half of it) and a new seed (created with `create_new`, so that
//! nothing is ever replaced). The seed itself is never written.

use std::fs::{self, OpenOptions};
use std::io::{ErrorKind, Read, Write};
use std::path::{Path, PathBuf};

use axum::http::StatusCode;
use toml_edit::{Array, DocumentMut, InlineTable, Item, Value};

use super::guard::{Refusal, listing};
use crate::import::SEEDS_DIR;
use crate::text::{hex, sha256_hex};

/// The line keys that name one line, and those that name several.
const SINGLE_KEYS: [&str; 3] = ["title_line", "date_line", "source_line"];
const LIST_KEYS: [&str; 5] = [
    "author_lines",
    "caption_lines",
    "heading_lines",
    "body_lines",
    "drop_lines",
];

/// A seed's sidecar as the desk finds it: its path, its text and the hash of its bytes
/// (empty when there is none).
pub struct SidecarFile {
    pub path: PathBuf,
    /// As messages name it, `seeds/001_x.toml`.
    pub shown: String,
    pub text: String,
    pub sha256: String,
}

impl SidecarFile {
    /// The sidecar of `seed` (a name from the listing). One that is a symbolic link, or is
    /// not a plain file, is refused: the desk would not write it.
    pub fn read(root: &Path, seed: &str) -> Result<SidecarFile, Refusal> {
        // As the import names it: `a.txt.txt`'s is `a.txt.toml`, not `a.toml` (another's).
        let name = Path::new(seed).with_extension("toml");
        let path = root.join(SEEDS_DIR).join(&name);
        let shown = format!("{SEEDS_DIR}/{}", name.display());
        let bytes = match fs::symlink_metadata(&path) {
            Err(e) if e.kind() == ErrorKind::NotFound => None,
            Ok(meta) if meta.file_type().is_file() => {
                let bytes = fs::read(&path).map_err(|e| other(StatusCode::CONFLICT, &path, e))?;
                Some(bytes)
            }
            _ => return Err(Refusal::SidecarIsLink(shown)),
        };
        let sha256 = bytes.as_deref().map(sha256_hex).unwrap_or_default();
        let text = String::from_utf8(bytes.unwrap_or_default()).map_err(|_| {
            Refusal::Other(
                StatusCode::CONFLICT,
                format!("{shown} is not UTF-8 text; fix it by hand first"),
            )
        })?;
        Ok(SidecarFile {
            path,
            shown,
            text,
            sha256,
        })
    }

    /// The sidecar as a document to edit.
    pub fn document(&self) -> Result<DocumentMut, Refusal> {
        self.text.parse::<DocumentMut>().map_err(|e| {
            Refusal::Other(
                StatusCode::CONFLICT,
                format!(
                    "{} does not read as TOML; fix it by hand first: {e}",
                    self.shown
                ),
            )
        })
    }

    /// Writes `text` beside the sidecar under a unique name, then renames it over.
    pub fn replace(&self, text: &str) -> Result<(), Refusal> {
        let folder = self.path.parent().unwrap_or(Path::new("."));
        let stem = self.path.file_name().unwrap_or_default().to_string_lossy();
        // A leading dot: the watcher takes it for an editor's temporary file.
        let aside = folder.join(format!(".{stem}.desk-{}~", random_hex(8)));
        let write = || -> std::io::Result<()> {
            let mut file = OpenOptions::new()
                .write(true)
                .create_new(true)
                .open(&aside)?;
            file.write_all(text.as_bytes())?;
            file.sync_all()?;
            // Renaming over a symbolic link replaces the link, never its target.
            fs::rename(&aside, &self.path)
        };
        write().map_err(|e| {
            let _ = fs::remove_file(&aside);
            other(StatusCode::INTERNAL_SERVER_ERROR, &self.path, e)
        })
    }
}

/// A refusal for a file the desk could not read or write, naming it and what to do.
fn other(status: StatusCode, file: &Path, e: std::io::Error) -> Refusal {
    Refusal::Other(status, crate::error::Error::io(file, &e).to_string())
}

/// Sets `key`, keeping the comment written after its old value.
fn set(doc: &mut DocumentMut, key: &str, mut new: Value) {
    if let Some(old) = doc.get(key).and_then(Item::as_value) {
        *new.decor_mut() = old.decor().clone();
    }
    doc[key] = Item::Value(new);
}

/// Removes `key`, keeping the comments written above it and after its value: they move
/// above the next key, or to the end of the sidecar.
fn remove(doc: &mut DocumentMut, key: &str) {
    let Some((written, item)) = doc.get_key_value(key) else {
        return;
    };
    let text =
        |raw: Option<&toml_edit::RawString>| raw.and_then(|r| r.as_str()).unwrap_or("").to_owned();
    let mut comments = text(written.leaf_decor().prefix());
    let after = text(item.as_value().and_then(|v| v.decor().suffix()));
    if after.trim_start().starts_with('#') {
        comments.push_str(after.trim());
        comments.push('\n');
    }
    let next = doc
        .iter()
        .filter(|(_, item)| item.is_value())
        .map(|(k, _)| k.to_owned())
        .skip_while(|k| k != key)
        .nth(1);
    doc.remove(key);
    if !comments.contains('#') {
        return;
    }
    match next.as_deref().and_then(|n| doc.key_mut(n)) {
        Some(mut next) => {
            let decor = next.leaf_decor_mut();
            let before = text(decor.prefix());
            decor.set_prefix(comments + &before);
        }
        None => {
            let trailing = text(Some(doc.trailing()));
            doc.set_trailing(trailing + &comments);
        }
    }
}

/// Marks seed line `line` with `key` (`title_line`, `drop_lines`, …): the line leaves every
/// other line key, and the field value a single key stands for (`title` for `title_line`) is
/// removed, so that the line decides. `seed_sha256` is set to the seed's hash.
pub fn mark_line(doc: &mut DocumentMut, key: &str, line: usize, seed_sha256: &str) {
    let number = i64::try_from(line).unwrap_or(i64::MAX);
    for single in SINGLE_KEYS {
        if doc.get(single).and_then(Item::as_integer) == Some(number) {
            remove(doc, single);
        }
    }
    for list in LIST_KEYS {
        if let Some(array) = doc.get_mut(list).and_then(Item::as_array_mut) {
            array.retain(|v| v.as_integer() != Some(number));
            // `[3, 5]` less 3 is `[5]`, not `[ 5]`.
            if let Some(first) = array.get_mut(0) {
                first.decor_mut().set_prefix("");
            }
        }
    }
    if SINGLE_KEYS.contains(&key) {
        set(doc, key, number.into());
        remove(doc, key.trim_end_matches("_line"));
    } else {
        match doc.get_mut(key).and_then(Item::as_array_mut) {
            Some(array) => array.push(number),
            None => set(doc, key, Array::from_iter([number]).into()),
        }
    }
    set(doc, "seed_sha256", seed_sha256.into());
}

/// Whether `key` is a line key the desk may write.
pub fn is_line_key(key: &str) -> bool {
    SINGLE_KEYS.contains(&key) || LIST_KEYS.contains(&key)
}

/// Whether the sidecar holds line keys written against another version of the seed: then
/// marking a line must not bless them with the new hash.
pub fn has_stale_line_keys(doc: &DocumentMut, seed_sha256: &str) -> bool {
    let recorded = doc.get("seed_sha256").and_then(Item::as_str);
    let any_key = SINGLE_KEYS
        .iter()
        .chain(&LIST_KEYS)
        .any(|k| doc.contains_key(k));
    any_key && recorded.is_some_and(|h| !h.trim().eq_ignore_ascii_case(seed_sha256))
}

/// The fields form: a text value set, or removed when empty; the same for lists and tables.
pub fn set_text(doc: &mut DocumentMut, key: &str, text: &str) {
    match text.trim() {
        "" => remove(doc, key),
        text => set(doc, key, text.into()),
    }
}

pub fn set_flag(doc: &mut DocumentMut, key: &str, on: bool) {
    if on {
        set(doc, key, true.into());
    } else {
        remove(doc, key);
    }
}

/// One author per line.
pub fn set_list(doc: &mut DocumentMut, key: &str, text: &str) {
    let items: Vec<&str> = text
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty())
        .collect();
    if items.is_empty() {
        remove(doc, key);
    } else {
        set(doc, key, Array::from_iter(items).into());
    }
}

/// `Name: role` per line.
pub fn set_roles(doc: &mut DocumentMut, key: &str, text: &str) {
    let mut table = InlineTable::new();
    for line in text.lines() {
        if let Some((name, role)) = line.split_once(':')
            && !name.trim().is_empty()
        {
            table.insert(name.trim(), role.trim().into());
        }
    }
    if table.is_empty() {
        remove(doc, key);
    } else {
        set(doc, key, table.into());
    }
}

/// Saves a pasted article as a new seed, `NNN_<16 hex>.txt`: the next number after the
/// highest in `seeds/`, and the start of the text's sha256. Returns its name.
pub fn add_seed(root: &Path, pasted: &str, vi: bool) -> Result<String, Refusal> {
    // Browsers send a textarea's lines with CRLF.
    let mut text = pasted.replace("\r\n", "\n");
    if text.trim().is_empty() {
        let message = if vi {
            "Chưa dán bài nào."
        } else {
            "There is no text to add."
        };
        return Err(Refusal::Other(StatusCode::BAD_REQUEST, message.to_owned()));
    }
    if !text.ends_with('\n') {
        text.push('\n');
    }
    let folder = root.join(SEEDS_DIR);
    let sha256 = sha256_hex(text.as_bytes());
    for name in listing(root) {
        if fs::read(folder.join(&name)).is_ok_and(|bytes| sha256_hex(&bytes) == sha256) {
            let message = if vi {
                format!("Bài này đã có: {SEEDS_DIR}/{name}")
            } else {
                format!("This article is already a seed: {SEEDS_DIR}/{name}")
            };
            return Err(Refusal::Other(StatusCode::CONFLICT, message));
        }
    }
    if !folder.is_dir() {
        fs::create_dir(&folder)
            .map_err(|e| other(StatusCode::INTERNAL_SERVER_ERROR, &folder, e))?;
    }
    let name = format!("{:03}_{}.txt", next_number(&folder), &sha256[..16]);
    let path = folder.join(&name);
    let mut file = OpenOptions::new()
        .write(true)
        .create_new(true)
        .open(&path)
        .map_err(|e| other(StatusCode::CONFLICT, &path, e))?;
    file.write_all(text.as_bytes())
        .and_then(|()| file.sync_all())
        .map_err(|e| other(StatusCode::INTERNAL_SERVER_ERROR, &path, e))?;
    Ok(name)
}

/// One more than the highest `NNN_` number among the names in `folder`.
fn next_number(folder: &Path) -> u64 {
    let numbers = fs::read_dir(folder).into_iter().flatten().flatten();
    numbers
        .filter_map(|e| {
            let name = e.file_name().into_string().ok()?;
            let (number, _) = name.split_once('_')?;
            number.parse::<u64>().ok()
        })
        .max()
        .map_or(0, |n| n + 1)
}

/// `bytes` random bytes in hex, from the system's source of randomness.
pub fn random_hex(bytes: usize) -> String {
    let mut buffer = vec![0u8; bytes];
    let read = fs::File::open("/dev/urandom").and_then(|mut f| f.read_exact(&mut buffer));
    // Without it the token could be guessed: then the desk does not start.
    read.expect("the system's random source, /dev/urandom");
    hex(&buffer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marking_a_line_keeps_comments_and_moves_the_line_between_keys() {
        let mut doc: DocumentMut =
            "# the editor's note\ntitle = \"Old\" # from the print\nbody_lines = [3, 5] # why\nslug = \"x\"\n"
                .parse()
                .unwrap();
        mark_line(&mut doc, "title_line", 3, "abc");
        let text = doc.to_string();
        assert!(
            text.starts_with("# the editor's note\n# from the print\n"),
            "{text}"
        );
        assert!(text.contains("body_lines = [5] # why"), "{text}");
        assert!(
            text.contains("title_line = 3") && !text.contains("title = "),
            "{text}"
        );
        assert!(text.contains("slug = \"x\"") && text.contains("seed_sha256 = \"abc\""));
        mark_line(&mut doc, "drop_lines", 3, "abc");
        let text = doc.to_string();
        assert!(
            text.contains("drop_lines = [3]") && !text.contains("title_line"),
            "{text}"
        );
    }

    #[test]
    fn stale_line_keys_are_seen() {
        let doc: DocumentMut = "title_line = 2\nseed_sha256 = \"old\"\n".parse().unwrap();
        assert!(has_stale_line_keys(&doc, "new"));
        assert!(!has_stale_line_keys(&doc, "old"));
        let doc: DocumentMut = "title = \"x\"\nseed_sha256 = \"old\"\n".parse().unwrap();
        assert!(!has_stale_line_keys(&doc, "new"));
    }
}
