//! Line keys: an editor's corrections by seed line, for what the rules cannot decide
//! (`title_line = 3`, `drop_lines = [7, 8]`, …). They number lines as the import report
//! does, and hold only for the seed they were written against, whose hash the sidecar keeps
//! (`seed_sha256`). `apply` gives each named line its kind after classification; after
//! extraction, `read_fields` makes the lines of `title_line`, `date_line` and `source_line`
//! their field's source. A field the sidecar gives as a value wins over both (see
//! `Metadata::merge`).

use std::collections::BTreeMap;
use std::path::Path;

use super::LineKind;
use super::classify::{self, SeedLine};
use super::extract::{self, Article, Sourced};
use crate::error::{Error, Position};
use crate::text::printed_date;

/// A sidecar key that names seed lines, and the kind it gives them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineKey {
    Title,
    Date,
    Source,
    Author,
    Drop,
    Body,
    Caption,
    Heading,
}

impl LineKey {
    /// The key as the sidecar writes it.
    pub fn name(self) -> &'static str {
        match self {
            LineKey::Title => "title_line",
            LineKey::Date => "date_line",
            LineKey::Source => "source_line",
            LineKey::Author => "author_lines",
            LineKey::Drop => "drop_lines",
            LineKey::Body => "body_lines",
            LineKey::Caption => "caption_lines",
            LineKey::Heading => "heading_lines",
        }
    }

    fn kind(self) -> LineKind {
        match self {
            LineKey::Title => LineKind::Title,
            LineKey::Date => LineKind::ArticleDate,
            LineKey::Source => LineKind::SourceLine,
            LineKey::Author => LineKind::Author,
            LineKey::Drop => LineKind::DroppedBySidecar,
            LineKey::Body => LineKind::Body,
            LineKey::Caption => LineKind::Caption,
            LineKey::Heading => LineKind::Heading,
        }
    }

    /// The key that makes a line the source of the field the report calls `field`.
    fn of_field(field: &str) -> Option<LineKey> {
        match field {
            "title" => Some(LineKey::Title),
            "date" => Some(LineKey::Date),
            "source" => Some(LineKey::Source),
            "author" => Some(LineKey::Author),
            _ => None,
        }
    }
}

/// One seed line a line key names, and where in the sidecar it is named.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NamedLine {
    /// 1-based, as the import report numbers the seed's lines.
    pub number: usize,
    pub key: LineKey,
    pub at: Position,
}

/// A sidecar's line keys: every named line, in the order the sidecar writes them, and the
/// hash of the seed they were written against.
#[derive(Debug, Default)]
pub struct LineKeys {
    pub named: Vec<NamedLine>,
    /// `seed_sha256`, and where it is written.
    pub seed_sha256: Option<(String, Position)>,
}

impl LineKeys {
    fn line_of(&self, key: LineKey) -> Option<&NamedLine> {
        self.named.iter().find(|n| n.key == key)
    }

    /// Whether a line key made seed line `line` the source of the report's `field`.
    pub fn names(&self, field: &str, line: usize) -> bool {
        LineKey::of_field(field)
            .is_some_and(|key| self.named.iter().any(|n| n.key == key && n.number == line))
    }
}

/// The seed the line keys are checked against.
pub struct SeedText<'a> {
    pub text: &'a str,
    pub sha256: &'a str,
}

/// Checks the line keys against the seed, then gives each named line its key's kind. The
/// lines the rules took for the headline, the date or the source are dropped when
/// `title_line`, `date_line` or `source_line` names another: extraction then sees one
/// candidate, and says nothing of the others (no "ambiguous date").
pub fn apply(
    lines: &mut [SeedLine],
    keys: &LineKeys,
    seed: &SeedText,
    sidecar: &Path,
) -> Result<(), Error> {
    let Some(first) = keys.named.first() else {
        return Ok(());
    };
    let error_at = |at: Position, message: String| Error::in_file(sidecar, message).at(at);
    let recorded = keys
        .seed_sha256
        .as_ref()
        .map(|(hash, at)| (hash.as_str(), *at));
    check_seed_hash(sidecar, seed.sha256, recorded, (first.key.name(), first.at))?;
    let line_count = seed.text.lines().count();
    let mut kinds: BTreeMap<usize, LineKey> = BTreeMap::new();
    for named in &keys.named {
        let (n, key) = (named.number, named.key.name());
        let Some(index) = lines.iter().position(|l| l.number == n) else {
            let message = if (1..=line_count).contains(&n) {
                format!("`{key}`: line {n} of the seed is empty")
            } else {
                format!("`{key}`: line {n} is not a line of the seed (it has {line_count} lines)")
            };
            return Err(error_at(named.at, message)
                .help("name a line that has text, by its number in the import report"));
        };
        if let Some(earlier) = kinds.insert(n, named.key)
            && earlier != named.key
        {
            return Err(error_at(
                named.at,
                format!(
                    "line {n} is given two kinds: `{}` and `{key}`",
                    earlier.name()
                ),
            )
            .help("a line has one kind: keep it under one of the keys"));
        }
        // A date inside a paragraph is read from it; the paragraph stays in the article.
        let date_in_text = named.key == LineKey::Date && lines[index].kind.is_kept();
        if !date_in_text {
            lines[index].kind = named.key.kind();
        }
    }
    for key in [LineKey::Title, LineKey::Date, LineKey::Source] {
        let Some(named) = keys.line_of(key) else {
            continue;
        };
        let chosen_by_rules = lines
            .iter_mut()
            .filter(|l| l.kind == key.kind() && l.number != named.number);
        for line in chosen_by_rules {
            line.kind = LineKind::DroppedBySidecar;
        }
    }
    Ok(())
}

/// Makes the lines `title_line`, `date_line` and `source_line` name the sources of their
/// fields, and the authors of `author_lines` sure. A named date line must hold a date.
pub fn read_fields(
    lines: &[SeedLine],
    keys: &LineKeys,
    article: &mut Article,
    sidecar: &Path,
) -> Result<(), Error> {
    let line = |key: LineKey| {
        let named = keys.line_of(key)?;
        let line = lines.iter().find(|l| l.number == named.number)?;
        Some((named, line))
    };
    let sourced = |value, line: &SeedLine| Sourced {
        value,
        line: line.number,
        sure: true,
    };
    if let Some((_, title)) = line(LineKey::Title) {
        article.title = Some(sourced(title.text.clone(), title));
    }
    if let Some((_, source)) = line(LineKey::Source) {
        let outlet = classify::source_of_line(&source.text).unwrap_or_else(|| source.text.clone());
        article.source = Some(sourced(outlet, source));
    }
    if let Some((named, dated)) = line(LineKey::Date) {
        // As on any date line, a cited document's date only when the line has no other.
        let dates = printed_date::find(&dated.text);
        let first = dates.iter().find(|d| !d.of_document).or(dates.first());
        let Some(printed) = first else {
            return Err(Error::in_file(
                sidecar,
                format!(
                    "`date_line`: line {} holds no date the import can read: {}",
                    dated.number, dated.text
                ),
            )
            .at(named.at)
            .help("give the date as a value instead, e.g. `date = \"2018-10-26\"`"));
        };
        article.date = Some(Sourced {
            value: extract::page_date(printed),
            line: dated.number,
            sure: true,
        });
    }
    for author in &mut article.authors {
        author.sure |= keys.names("author", author.line);
    }
    Ok(())
}

/// Line numbers (a line key, a photo's `caption_line`) hold only for the seed they were
/// written against: the sidecar's `seed_sha256` (`recorded`, with where it stands) must be
/// the seed's hash now. `key` is the first key that numbers a line, with its position.
pub fn check_seed_hash(
    sidecar: &Path,
    seed_sha256: &str,
    recorded: Option<(&str, Position)>,
    (key, key_at): (&str, Position),
) -> Result<(), Error> {
    match recorded {
        Some((recorded, _)) if recorded == seed_sha256 => Ok(()),
        Some((_, recorded_at)) => Err(Error::in_file(
            sidecar,
            format!(
                "the seed has changed since its line keys were written (its hash is now {seed_sha256})"
            ),
        )
        .at(recorded_at)
        .help(format!(
            "check each line key against the seed's lines as the import report numbers them now, then set `seed_sha256 = \"{seed_sha256}\"`"
        ))),
        None => Err(Error::in_file(
            sidecar,
            format!("`{key}` needs the hash of the seed its line numbers were written against"),
        )
        .at(key_at)
        .help(format!(
            "if the numbers are those of the seed as it is now (the import report numbers its lines), add `seed_sha256 = \"{seed_sha256}\"`"
        ))),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::classify::classify;

    const SEED: &str = "Tổng kết công tác của toàn ngành trong năm qua\nHội nghị tổng kết công tác toàn ngành\n\nHội nghị đã nghe và cho ý kiến về báo cáo tổng kết công tác của toàn ngành trong năm qua.\nNgày 5/3/2019 tại Hà Nội\n";

    fn keys(named: &[(usize, LineKey)], sha: &str) -> LineKeys {
        let at = Position { line: 1, column: 1 };
        LineKeys {
            named: named
                .iter()
                .map(|&(number, key)| NamedLine { number, key, at })
                .collect(),
            seed_sha256: Some((sha.to_owned(), at)),
        }
    }

    fn applied(named: &[(usize, LineKey)]) -> Result<Vec<SeedLine>, Error> {
        let mut lines = classify(SEED);
        let seed = SeedText {
            text: SEED,
            sha256: "abc",
        };
        apply(&mut lines, &keys(named, "abc"), &seed, Path::new("s.toml"))?;
        Ok(lines)
    }

    #[test]
    fn the_named_title_displaces_the_rules_choice() {
        // The rules take the line above the paragraph; the sidecar names the one above it.
        assert_eq!(classify(SEED)[1].kind, LineKind::Title);
        let lines = applied(&[(1, LineKey::Title)]).unwrap();
        assert_eq!(lines[0].kind, LineKind::Title);
        assert_eq!(lines[1].kind, LineKind::DroppedBySidecar);
    }

    #[test]
    fn numbers_outside_the_seed_empty_lines_and_two_kinds_are_refused() {
        let error = |named| applied(named).unwrap_err().message;
        assert_eq!(
            error(&[(9, LineKey::Drop)]),
            "`drop_lines`: line 9 is not a line of the seed (it has 5 lines)"
        );
        assert_eq!(
            error(&[(3, LineKey::Body)]),
            "`body_lines`: line 3 of the seed is empty"
        );
        assert_eq!(
            error(&[(1, LineKey::Drop), (1, LineKey::Heading)]),
            "line 1 is given two kinds: `drop_lines` and `heading_lines`"
        );
    }

    #[test]
    fn a_named_date_line_displaces_the_rules_date_line_without_ambiguity() {
        let seed = format!(
            "Báo cáo tổng kết công tác toàn ngành\n4/3/2017 21:16\n{}",
            &SEED[SEED.find("Hội nghị đã nghe").unwrap()..]
        );
        let mut lines = classify(&seed);
        assert_eq!(lines[1].kind, LineKind::ArticleDate);
        let keys = keys(&[(4, LineKey::Date)], "abc");
        let text = SeedText {
            text: &seed,
            sha256: "abc",
        };
        apply(&mut lines, &keys, &text, Path::new("s.toml")).unwrap();
        assert_eq!(lines[1].kind, LineKind::DroppedBySidecar);
        let mut article = extract::extract(&lines);
        read_fields(&lines, &keys, &mut article, Path::new("s.toml")).unwrap();
        assert_eq!(article.date.unwrap().value.iso(), "2019-03-05");
        assert!(
            !article.warnings.iter().any(|w| w.contains("ambiguous")),
            "{:?}",
            article.warnings
        );
    }

    #[test]
    fn a_named_date_line_is_read_and_sure() {
        let lines = applied(&[(5, LineKey::Date)]).unwrap();
        let mut article = extract::extract(&lines);
        let keys = keys(&[(5, LineKey::Date)], "abc");
        read_fields(&lines, &keys, &mut article, Path::new("s.toml")).unwrap();
        let date = article.date.unwrap();
        assert_eq!(
            (date.value.iso().as_str(), date.line, date.sure),
            ("2019-03-05", 5, true)
        );
    }
}
