//! Splitting a content file into its TOML front matter and Markdown body, and parsing the
//! front matter with errors at the `.md` file's own line and column (Zola reports them
//! inside the block, which makes users count lines by hand).

use std::collections::BTreeMap;
use std::path::Path;

use serde::Deserialize;
use serde::de::DeserializeOwned;
use toml::Spanned;

use crate::error::{Error, Position};
use crate::text::{self, PageDate};

const FENCE: &str = "+++";

/// A content file cut in two. Lines are 1-based lines of the whole file.
#[derive(Debug, PartialEq, Eq)]
pub struct Split<'a> {
    pub front_matter: &'a str,
    /// The file line the front matter's first line is on.
    pub front_matter_line: usize,
    pub body: &'a str,
}

pub fn split<'a>(text: &'a str, file: &Path) -> Result<Split<'a>, Error> {
    let mut lines = text.split_inclusive('\n');
    let opening = lines.next().unwrap_or("");
    // Jekyll and Hugo sites write YAML between `---` lines; say what this tool reads instead.
    if opening.trim_end() == "---" {
        return Err(Error::in_file(
            file,
            "front matter is TOML between `+++` lines, not YAML between `---` lines",
        )
        .at(Position { line: 1, column: 1 })
        .help("write it like this (`key = value`, text in quotes, dates unquoted):\n    +++\n    title = \"Hội nghị ngành Tổ chức\"\n    date = 2018-10-26\n    +++"));
    }
    if opening.trim_end() != FENCE {
        return Err(Error::in_file(file, "the file does not start with front matter")
            .at(Position { line: 1, column: 1 })
            .help("begin the file with a line `+++`, the TOML fields (title = \"…\"), and another line `+++`"));
    }
    let start = opening.len();
    let mut offset = start;
    for line in lines {
        if line.trim_end() == FENCE {
            return Ok(Split {
                front_matter: &text[start..offset],
                front_matter_line: 2,
                body: &text[offset + line.len()..],
            });
        }
        offset += line.len();
    }
    Err(
        Error::in_file(file, "the front matter opened on line 1 is never closed")
            .at(Position { line: 1, column: 1 })
            .help("add a line `+++` after the last front matter field"),
    )
}

/// Parses front matter into `T`, mapping TOML errors to positions in the whole file.
pub fn parse<T: DeserializeOwned>(split: &Split<'_>, file: &Path) -> Result<T, Error> {
    toml::from_str(split.front_matter).map_err(|e| {
        let offset = e.span().map_or(0, |s| s.start);
        if let Some((offset, message, help)) =
            text::unreadable_date(split.front_matter, offset, &["date"])
        {
            return Error::in_file(file, format!("front matter: {message}"))
                .at(position_in_file(split, offset))
                .help(help);
        }
        Error::in_file(file, format!("front matter: {}", e.message().trim()))
            .at(position_in_file(split, offset))
            .help("see \"Content format\" in README.md for the fields and their types")
    })
}

/// Where byte `offset` of the front matter block is in the whole file.
pub fn position_in_file(split: &Split<'_>, offset: usize) -> Position {
    Position::of_offset(split.front_matter, offset).below(split.front_matter_line - 1)
}

/// An error when `title` is blank: lists, menus, links and the `<h1>` show the title, so
/// an empty one leaves them empty. At the `title` field when there is one, else at the
/// front matter's first line. `what` is "page" or "section".
pub fn missing_title(title: &str, split: &Split<'_>, file: &Path, what: &str) -> Option<Error> {
    if !title.trim().is_empty() {
        return None;
    }
    let mut line_start = 0;
    let mut field = None;
    for line in split.front_matter.split_inclusive('\n') {
        if let Some((key, value)) = line.split_once('=')
            && key.trim() == "title"
        {
            field = Some(line_start + key.len() + 1 + value.len() - value.trim_start().len());
            break;
        }
        line_start += line.len();
    }
    let position = match field {
        Some(offset) => position_in_file(split, offset),
        None => Position {
            line: split.front_matter_line,
            column: 1,
        },
    };
    Some(
        Error::in_file(file, format!("the {what} has no title"))
            .at(position)
            .help(format!(
                "add `title = \"…\"` to its front matter: the site's lists and links show a {what} by its title"
            )),
    )
}

/// The fields a page may set. Unknown keys are errors: a typo must not silently do nothing.
#[derive(Debug, Clone, Default, Deserialize, PartialEq)]
#[serde(deny_unknown_fields)]
pub struct PageFrontMatter {
    #[serde(default)]
    pub title: String,
    pub date: Option<Spanned<toml::Value>>,
    #[serde(default)]
    pub date_approximate: bool,
    #[serde(default)]
    pub date_note: String,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub draft: bool,
    pub slug: Option<Spanned<String>>,
    /// Earlier addresses of the page (`/2018/bai-cu/`), each published as a redirect.
    #[serde(default)]
    pub aliases: Vec<Spanned<String>>,
    pub weight: Option<i64>,
    pub template: Option<String>,
    #[serde(default)]
    pub authors: Vec<String>,
    #[serde(default)]
    pub author_roles: BTreeMap<String, String>,
    #[serde(default)]
    pub source: String,
    /// Set by `import`: which seed the page came from. Its presence also marks the text as
    /// imported, which is rendered without smart punctuation.
    pub provenance: Option<Provenance>,
    #[serde(default)]
    pub extra: toml::Table,
}

/// The front matter `import` writes: the fields of `PageFrontMatter` an imported page has,
/// in the order SEEDS.md shows them. The provenance's `written_sha256` is added after it, as
/// it is the hash of the file without that line.
#[derive(serde::Serialize)]
pub struct ImportedFrontMatter<'a> {
    pub title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub date: Option<toml::Value>,
    pub date_approximate: bool,
    pub date_note: &'a str,
    pub description: &'a str,
    pub source: &'a str,
    pub authors: &'a [String],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    #[serde(skip_serializing_if = "BTreeMap::is_empty")]
    pub author_roles: &'a BTreeMap<String, String>,
    pub provenance: ImportedProvenance<'a>,
}

/// `Provenance` as `import` writes it, before its hash.
#[derive(serde::Serialize)]
pub struct ImportedProvenance<'a> {
    pub seed: &'a str,
    pub seed_sha256: &'a str,
}

#[derive(Debug, Clone, Deserialize, serde::Serialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct Provenance {
    pub seed: String,
    pub seed_sha256: String,
    pub written_sha256: String,
}

impl PageFrontMatter {
    /// The date field converted, with an error at its position when it is not a date.
    pub fn page_date(&self, split: &Split<'_>, file: &Path) -> Result<Option<PageDate>, Error> {
        let Some(date) = &self.date else {
            return Ok(None);
        };
        PageDate::from_toml(date.get_ref())
            .map(Some)
            .map_err(|message| {
                Error::in_file(file, format!("front matter: {message}"))
                    .at(position_in_file(split, date.span().start))
            })
    }
}

/// How a section orders its pages.
#[derive(Debug, Clone, Copy, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "lowercase")]
pub enum SortBy {
    /// Oldest first, as a chronicle reads; undated pages last.
    #[default]
    Date,
    Weight,
    Title,
}

#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionFrontMatter {
    #[serde(default)]
    pub title: String,
    #[serde(default)]
    pub description: String,
    pub weight: Option<i64>,
    pub template: Option<String>,
    /// The template for this section's pages, unless a page names its own.
    pub page_template: Option<String>,
    #[serde(default)]
    pub sort_by: SortBy,
    /// Reverse the order `sort_by` gives (newest first for `date`).
    #[serde(default)]
    pub reverse: bool,
    #[serde(default)]
    pub extra: toml::Table,
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "content/a.md";

    #[test]
    fn splits_front_matter_and_body_with_crlf() {
        let text = "+++\r\ntitle = \"A\"\r\n+++\r\nBody\r\n";
        let s = split(text, Path::new(FILE)).unwrap();
        assert_eq!(s.front_matter, "title = \"A\"\r\n");
        assert_eq!(s.body, "Body\r\n");
    }

    #[test]
    fn missing_or_unclosed_front_matter_is_explained() {
        let e = split("title = 1\n", Path::new(FILE)).unwrap_err();
        assert_eq!(
            e.to_string().lines().next().unwrap(),
            "error: content/a.md:1:1: the file does not start with front matter"
        );
        let e = split("+++\ntitle = \"A\"\n", Path::new(FILE)).unwrap_err();
        assert!(e.to_string().contains("never closed"));
        assert!(split("", Path::new(FILE)).is_err());
    }

    #[test]
    fn yaml_front_matter_is_answered_with_toml() {
        let e = split("---\ntitle: A\n---\nBody\n", Path::new(FILE)).unwrap_err();
        let text = e.to_string();
        assert!(
            text.starts_with("error: content/a.md:1:1: front matter is TOML between `+++` lines"),
            "{text}"
        );
        assert!(
            text.contains("    title = \"Hội nghị ngành Tổ chức\""),
            "{text}"
        );
    }

    #[test]
    fn toml_errors_point_into_the_md_file() {
        let text = "+++\ntitle = \"A\"\ndraft = \"yes\"\n+++\n";
        let s = split(text, Path::new(FILE)).unwrap();
        let e = parse::<PageFrontMatter>(&s, Path::new(FILE)).unwrap_err();
        assert_eq!(e.position, Some(Position { line: 3, column: 9 }));
        assert!(e.message.contains("invalid type"), "{}", e.message);
    }

    #[test]
    fn a_bad_date_points_at_its_value() {
        let text = "+++\ntitle = \"A\"\ndate = \"hôm qua\"\n+++\n";
        let s = split(text, Path::new(FILE)).unwrap();
        let fm: PageFrontMatter = parse(&s, Path::new(FILE)).unwrap();
        let e = fm.page_date(&s, Path::new(FILE)).unwrap_err();
        assert_eq!(e.position, Some(Position { line: 3, column: 8 }));
        assert!(e.message.contains("`hôm qua` is not a date"));
    }
}
