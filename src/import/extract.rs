//! From classified lines to an article: its metadata, each with the seed line it came
//! from, and its body as Markdown. Nothing is guessed: a field the seed does not give stays
//! empty and is reported.

use std::collections::BTreeMap;

use jiff::tz::Offset;

use super::classify::{self, LineKind, SeedLine};
use super::markdown;
use crate::text::PageDate;
use crate::text::date::VIETNAM_OFFSET_HOURS;
use crate::text::printed_date;

/// A value and the 1-based seed line it was read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sourced<T> {
    pub value: T,
    pub line: usize,
}

#[derive(Debug, Default)]
pub struct Article {
    pub title: Option<Sourced<String>>,
    pub date: Option<Sourced<PageDate>>,
    pub description: Option<Sourced<String>>,
    pub source: Option<Sourced<String>>,
    pub authors: Vec<Sourced<String>>,
    pub author_roles: BTreeMap<String, String>,
    pub body: String,
    pub warnings: Vec<String>,
}

/// The end mark `./.` closes many Vietnamese articles: the sentence keeps its period.
fn drop_end_mark(text: &str) -> &str {
    text.strip_suffix("/.")
        .filter(|t| t.ends_with('.'))
        .unwrap_or(text)
}

pub fn extract(lines: &[SeedLine]) -> Article {
    let mut article = Article::default();
    let mut blocks = Vec::new();
    let mut first_body = true;
    for (i, line) in lines.iter().enumerate() {
        let sourced = |value: String| Sourced {
            value,
            line: line.number,
        };
        match line.kind {
            LineKind::Title if article.title.is_none() => {
                article.title = Some(sourced(line.text.clone()))
            }
            LineKind::SourceLine if article.source.is_none() => {
                article.source = classify::source_of_line(&line.text).map(sourced);
            }
            LineKind::Author => article.authors.push(sourced(line.text.clone())),
            LineKind::AuthorRole => {
                if let Some(author) = lines[..i].iter().rev().find(|l| l.kind == LineKind::Author) {
                    article
                        .author_roles
                        .insert(author.text.clone(), line.text.clone());
                }
            }
            LineKind::Heading => blocks.push(format!("## {}", markdown::escape_text(&line.text))),
            LineKind::Caption => {
                let (caption, credit) = classify::split_caption(&line.text);
                blocks.push(markdown::figure(&caption, credit.as_deref()));
            }
            LineKind::Body => {
                let mut text = drop_end_mark(&line.text);
                if first_body {
                    if let Some((source, rest)) = classify::split_source_prefix(text) {
                        article.source = Some(sourced(source));
                        text = rest;
                    }
                    article.description = Some(sourced(text.to_owned()));
                    first_body = false;
                }
                blocks.push(markdown::escape_text(text));
            }
            _ => {}
        }
    }
    article.body = blocks.join("\n\n") + "\n";
    article.date = article_date(lines, &mut article.warnings);
    article
}

/// The date of a dated line (`4/3/2017 21:16`); failing that, the first date in the
/// opening paragraphs that is not a cited document's. The page header's "today" never.
fn article_date(lines: &[SeedLine], warnings: &mut Vec<String>) -> Option<Sourced<PageDate>> {
    let dated_lines = lines.iter().filter(|l| l.kind == LineKind::ArticleDate);
    let opening = lines.iter().filter(|l| l.kind == LineKind::Body).take(3);
    for candidates in [dated_lines.collect::<Vec<_>>(), opening.collect()] {
        let found: Vec<(usize, printed_date::PrintedDate)> = candidates
            .iter()
            .flat_map(|l| {
                printed_date::find(&l.text)
                    .into_iter()
                    .map(|d| (l.number, d))
            })
            .filter(|(_, d)| !d.of_document)
            .collect();
        let Some(&(line, first)) = found.first() else {
            continue;
        };
        if found.iter().any(|(_, d)| d.date != first.date) {
            warnings.push(format!(
                "ambiguous date: several dates in the text; took {} (line {line})",
                first.date
            ));
        }
        let value = match first.time {
            Some(time) => PageDate::DateTime {
                datetime: first.date.to_datetime(time),
                offset: Some(Offset::constant(VIETNAM_OFFSET_HOURS)),
            },
            None => PageDate::Day(first.date),
        };
        return Some(Sourced { value, line });
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::classify::classify;

    const PARAGRAPH: &str = "Hội nghị đã nghe và cho ý kiến về báo cáo tổng kết công tác của toàn ngành trong năm qua và phương hướng năm tới.";

    #[test]
    fn the_dated_line_wins_over_the_header_and_cited_documents() {
        let seed = format!(
            "Thứ Năm, 21/6/2018\nTiêu đề\n4/3/2017 21:16' Gửi bài này In bài này\nTheo Quyết định số 98-QĐ/TW ngày 22/10/2007, {PARAGRAPH}\n"
        );
        let a = extract(&classify(&seed));
        assert_eq!(a.date.unwrap().value.iso(), "2017-03-04T21:16:00+07:00");
    }

    #[test]
    fn no_date_is_reported_not_invented() {
        let seed = format!("Ban hành Quyết định số 98-QĐ/TW ngày 22/10/2007, {PARAGRAPH}\n");
        assert!(extract(&classify(&seed)).date.is_none());
    }

    #[test]
    fn the_end_mark_loses_its_slash_and_the_prefix_its_source() {
        let seed = format!(
            "Tiêu đề\n(VOH) - {PARAGRAPH}\nCâu cuối cùng của bài viết này được đánh dấu kết thúc như thường lệ./.\n"
        );
        let a = extract(&classify(&seed));
        assert_eq!(a.source.unwrap().value, "VOH");
        assert_eq!(a.description.unwrap().value, PARAGRAPH);
        assert!(a.body.ends_with("như thường lệ.\n"), "{}", a.body);
    }
}
