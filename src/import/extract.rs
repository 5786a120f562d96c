//! From classified lines to an article: its metadata, each with the seed line it came
//! from, and its body as Markdown. Nothing is guessed: a field the seed does not give stays
//! empty and is reported.

use std::collections::BTreeMap;

use jiff::tz::Offset;

use super::classify::{self, LineKind, SeedLine};
use super::{byline, head, markdown};
use crate::text::PageDate;
use crate::text::date::VIETNAM_OFFSET_HOURS;
use crate::text::printed_date;

/// A value, the 1-based seed line it was read from, and whether the rules are sure of it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Sourced<T> {
    pub value: T,
    pub line: usize,
    /// False when the line's form leaves doubt (a date read from the text, a `Theo …` line
    /// without colon, …): the report marks the field unsure and `check` lists it.
    pub sure: bool,
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
    /// The body's blocks, each with the seed line it comes from: where photos are placed.
    pub blocks: Vec<(usize, String)>,
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
        let sourced = |value: String, sure: bool| Sourced {
            value,
            line: line.number,
            sure,
        };
        match line.kind {
            LineKind::Title if article.title.is_none() => {
                let title = head::clean_headline(&line.text);
                article.title = Some(sourced(title, title_is_sure(lines, i)))
            }
            LineKind::SourceLine if article.source.is_none() => {
                let sure = !is_theo_without_colon(&line.text);
                article.source = classify::source_of_line(&line.text).map(|s| sourced(s, sure));
            }
            LineKind::Author => {
                // A lone capitalised name may be anyone named on the page; initials are bylines.
                // A line the rules cannot read as names (one an editor marked with
                // `author_lines`) is kept whole, unsure, rather than lost.
                let names = byline::byline_names(&line.text);
                let sure = names.is_some() && !classify::is_person_name(&line.text);
                for (name, role) in names.unwrap_or_else(|| whole_line(&line.text)) {
                    if let Some(role) = role {
                        article.author_roles.insert(name.clone(), role);
                    }
                    article.authors.push(sourced(name, sure));
                }
            }
            LineKind::BylineAndDate => {
                if let Some(name) = classify::byline_and_date(&line.text) {
                    article.authors.push(sourced(name, true));
                }
            }
            LineKind::AuthorRole => {
                // Filed under the name the author line gave, as the authors list has it.
                let author = lines[..i].iter().rev().find(|l| l.kind == LineKind::Author);
                let names = author
                    .map(|a| byline::byline_names(&a.text).unwrap_or_else(|| whole_line(&a.text)));
                if let Some((name, _)) = names.and_then(|n| n.into_iter().last()) {
                    article.author_roles.insert(name, line.text.clone());
                }
            }
            LineKind::Heading => blocks.push((
                line.number,
                format!("## {}", markdown::escape_text(&line.text)),
            )),
            LineKind::Caption => {
                let (caption, credit) = classify::split_caption(&head::clean_headline(&line.text));
                blocks.push((line.number, markdown::figure(&caption, credit.as_deref())));
            }
            LineKind::Body => {
                let mut text = drop_end_mark(&line.text);
                if first_body {
                    if let Some((source, rest)) = classify::split_source_prefix(text) {
                        article.source = Some(sourced(source, true));
                        text = rest;
                    }
                    article.description = Some(sourced(text.to_owned(), true));
                    first_body = false;
                }
                blocks.push((line.number, markdown::escape_text(text)));
            }
            _ => {}
        }
    }
    let texts: Vec<&str> = blocks.iter().map(|(_, text)| text.as_str()).collect();
    article.body = texts.join("\n\n") + "\n";
    article.blocks = blocks;
    article.date = article_date(lines, &mut article.warnings);
    if let Some(last) = unread_last_line(lines) {
        article.warnings.push(format!(
            "line {} ends the article without punctuation: if it names the author or the source, say so in the sidecar (`author_lines = [{0}]` or `source_line = {0}`, with `seed_sha256`)",
            last.number
        ));
    }
    article
}

/// The article's last line of text when it is short and unpunctuated: a byline or source
/// in a form the rules do not know, or an excerpt cut short.
fn unread_last_line(lines: &[SeedLine]) -> Option<&SeedLine> {
    let last = lines.iter().rev().find(|l| l.kind.is_kept())?;
    (last.kind == LineKind::Body
        && !classify::ends_sentence(&last.text)
        && classify::word_count(&last.text) <= 15)
        .then_some(last)
}

/// The date of a dated line (`4/3/2017 21:16`); failing that, the first date in the
/// opening paragraphs that is not a cited document's. The page header's "today" never.
fn article_date(lines: &[SeedLine], warnings: &mut Vec<String>) -> Option<Sourced<PageDate>> {
    // Date lines, and the date a page put in brackets after its headline.
    let dated: Vec<(usize, &str)> = lines
        .iter()
        .filter_map(|l| match l.kind {
            LineKind::ArticleDate | LineKind::BylineAndDate => Some((l.number, l.text.as_str())),
            LineKind::Title => head::glued_date(&l.text).map(|date| (l.number, date)),
            _ => None,
        })
        .collect();
    // In the text, only a date that opens one of the first paragraphs (`Sáng 26/10, …`),
    // the first it prints: a paragraph opening `Ngày 8-8,` without a year gives no date,
    // not a later one; a date deep in a sentence is another event's.
    let opening: Vec<(usize, &str)> = lines
        .iter()
        .filter(|l| l.kind == LineKind::Body)
        .take(3)
        .filter(|l| opens_with_a_date(&l.text))
        .map(|l| (l.number, l.text.as_str()))
        .collect();
    // A date line is meant as the article's date; a date in the text may be another's.
    for (candidates, sure) in [(dated, true), (opening, false)] {
        let found: Vec<(usize, printed_date::PrintedDate)> = candidates
            .iter()
            .flat_map(|&(number, text)| {
                printed_date::find(text)
                    .into_iter()
                    .map(move |d| (number, d))
            })
            .filter(|(_, d)| !d.of_document)
            .collect();
        let Some(&(line, first)) = found.first() else {
            continue;
        };
        let ambiguous = found.iter().any(|(_, d)| d.date != first.date);
        if ambiguous {
            warnings.push(format!(
                "ambiguous date: several dates in the text; took {} (line {line})",
                first.date
            ));
        }
        // First on the page, above the headline, a date may be the site header's clock.
        let atop = lines.first().is_some_and(|l| l.number == line);
        return Some(Sourced {
            value: page_date(&first),
            line,
            sure: sure && !ambiguous && !atop,
        });
    }
    None
}

/// Whether a paragraph's first sentence prints a date near its start (after a source
/// prefix), before any other day and month.
fn opens_with_a_date(text: &str) -> bool {
    const NEAR_THE_START: usize = 40;
    let text = classify::split_source_prefix(text).map_or(text, |(_, rest)| rest);
    let sentence = text.split(". ").next().unwrap_or_default();
    printed_date::find(sentence).first().is_some_and(|date| {
        date.start <= NEAR_THE_START
            && printed_date::first_day_month(sentence).is_none_or(|at| at >= date.start)
    })
}

/// A printed date as a page's date; a time is Vietnam time.
pub(super) fn page_date(printed: &printed_date::PrintedDate) -> PageDate {
    match printed.time {
        Some(time) => PageDate::DateTime {
            datetime: printed.date.to_datetime(time),
            offset: Some(Offset::constant(VIETNAM_OFFSET_HOURS)),
        },
        None => PageDate::Day(printed.date),
    }
}

/// `Theo Báo X` names a paper, or opens a sentence that lost its end (`Theo Quyết định …`);
/// `Theo: X` is a source line.
fn is_theo_without_colon(text: &str) -> bool {
    text.strip_prefix("Theo")
        .is_some_and(|rest| !rest.trim_start().starts_with(':'))
}

/// A headline is taken with doubt when another line before the first paragraph was shaped
/// like one too (a long label above it, a line the rules left as text): either could be it.
fn title_is_sure(lines: &[SeedLine], title: usize) -> bool {
    let first_paragraph = head::first_paragraph(lines).unwrap_or(lines.len());
    !lines[..first_paragraph].iter().enumerate().any(|(i, l)| {
        i != title
            && matches!(l.kind, LineKind::Body | LineKind::Heading | LineKind::Label)
            && classify::word_count(&l.text) >= 4
            && !classify::ends_sentence(&l.text)
    })
}

/// An author line taken whole, as one name without a role.
fn whole_line(text: &str) -> Vec<(String, Option<String>)> {
    vec![(text.trim().to_owned(), None)]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::classify::classify;

    const PARAGRAPH: &str = "Hội nghị đã nghe và cho ý kiến về báo cáo tổng kết công tác của toàn ngành trong năm qua và phương hướng năm tới.";

    #[test]
    fn the_dated_line_wins_over_the_header_and_cited_documents() {
        let seed = format!(
            "Thứ Năm, 21/6/2018\nBáo cáo tổng kết công tác toàn ngành\n4/3/2017 21:16' Gửi bài này In bài này\nTheo Quyết định số 98-QĐ/TW ngày 22/10/2007, {PARAGRAPH}\n"
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
            "Báo cáo tổng kết công tác toàn ngành\n(VOH) - {PARAGRAPH}\nCâu cuối cùng của bài viết này được đánh dấu kết thúc như thường lệ./.\n"
        );
        let a = extract(&classify(&seed));
        assert_eq!(a.source.unwrap().value, "VOH");
        assert_eq!(a.description.unwrap().value, PARAGRAPH);
        assert!(a.body.ends_with("như thường lệ.\n"), "{}", a.body);
    }

    #[test]
    fn dates_from_the_text_or_from_several_are_unsure() {
        let sure = |seed: String| extract(&classify(&seed)).date.unwrap().sure;
        assert!(sure(format!(
            "Báo cáo tổng kết công tác toàn ngành\n4/3/2017 21:16\n{PARAGRAPH}\n"
        )));
        assert!(!sure(format!(
            "Báo cáo tổng kết công tác toàn ngành\nSáng 26/10/2018, {PARAGRAPH}\n"
        )));
        assert!(!sure(format!(
            "Báo cáo tổng kết công tác toàn ngành\n4/3/2017 21:16\n{PARAGRAPH}\n5/3/2017 08:00\n"
        )));
    }

    #[test]
    fn a_theo_line_without_colon_is_an_unsure_source() {
        let source = |tail: &str| {
            let seed = format!("Báo cáo tổng kết công tác toàn ngành\n{PARAGRAPH}\n{tail}\n");
            let s = extract(&classify(&seed)).source.unwrap();
            (s.value, s.sure)
        };
        assert_eq!(
            source("Theo Báo Nhân Dân"),
            ("Báo Nhân Dân".to_owned(), false)
        );
        assert_eq!(source("Theo: TTXVN"), ("TTXVN".to_owned(), true));
    }

    #[test]
    fn a_title_with_rivals_before_the_first_paragraph_is_unsure() {
        let title = |seed: String| {
            let t = extract(&classify(&seed)).title.unwrap();
            (t.value, t.sure)
        };
        assert_eq!(
            title(format!(
                "Báo cáo tổng kết công tác toàn ngành\n{PARAGRAPH}\n"
            )),
            ("Báo cáo tổng kết công tác toàn ngành".to_owned(), true)
        );
        // A page's label above it, itself shaped like a headline: the choice is unsure.
        assert_eq!(
            title(format!(
                "Đảng ủy Khối cơ quan doanh nghiệp tỉnh\nBáo cáo tổng kết công tác toàn ngành\n{PARAGRAPH}\n"
            )),
            ("Báo cáo tổng kết công tác toàn ngành".to_owned(), false)
        );
        // Too short, or sharing no word with the text: no headline.
        assert!(
            extract(&classify(&format!("Xây dựng Đảng\n{PARAGRAPH}\n")))
                .title
                .is_none()
        );
        assert!(
            extract(&classify(&format!(
                "Một dòng chữ chẳng liên quan gì\n{PARAGRAPH}\n"
            )))
            .title
            .is_none()
        );
    }

    #[test]
    fn a_lone_name_is_an_unsure_author_and_initials_a_sure_one() {
        let seed =
            format!("Báo cáo tổng kết công tác toàn ngành\n{PARAGRAPH}\nNguyễn Văn An\nN.H\n");
        let authors: Vec<(String, bool)> = extract(&classify(&seed))
            .authors
            .into_iter()
            .map(|a| (a.value, a.sure))
            .collect();
        assert_eq!(
            authors,
            [
                ("Nguyễn Văn An".to_owned(), false),
                ("N.H".to_owned(), true)
            ]
        );
    }
}
