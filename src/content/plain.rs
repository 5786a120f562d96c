//! The reading text of a page: its Markdown as plain paragraphs and sentences, with markup
//! gone and characters as written. The registers read it; so will the search index.

use pulldown_cmark::{Event, Options, Parser, Tag, TagEnd};

use crate::text::unescape_xml;

/// A page's text, one string per block (paragraph, heading, list item, table cell, caption).
pub fn paragraphs(markdown: &str) -> Vec<String> {
    let options = Options::ENABLE_TABLES | Options::ENABLE_FOOTNOTES;
    let mut blocks = Vec::new();
    let mut current = String::new();
    let mut flush = |current: &mut String| {
        let block = current.split_whitespace().collect::<Vec<_>>().join(" ");
        if !block.is_empty() {
            blocks.push(block);
        }
        current.clear();
    };
    for event in Parser::new_ext(markdown, options) {
        match event {
            Event::Text(t) | Event::Code(t) => current.push_str(&t),
            Event::SoftBreak | Event::HardBreak => current.push(' '),
            // Imported captions are HTML blocks: their text counts, their tags do not.
            Event::Html(h) | Event::InlineHtml(h) => push_html_text(&h, &mut current),
            Event::Start(Tag::Paragraph | Tag::Heading { .. } | Tag::Item | Tag::TableCell)
            | Event::End(
                TagEnd::Paragraph
                | TagEnd::Heading(_)
                | TagEnd::Item
                | TagEnd::TableCell
                | TagEnd::HtmlBlock,
            ) => flush(&mut current),
            _ => {}
        }
    }
    flush(&mut current);
    blocks
}

/// Text between tags, with the entities an escaper writes turned back into characters.
/// A closing block tag ends a line, so a caption and its credit stay apart.
fn push_html_text(html: &str, out: &mut String) {
    let mut rest = html;
    while let Some(open) = rest.find('<') {
        out.push_str(&unescape_xml(&rest[..open]));
        match rest[open..].find('>') {
            Some(close) => {
                out.push(' ');
                rest = &rest[open + close + 1..];
            }
            None => {
                rest = "";
            }
        }
    }
    out.push_str(&unescape_xml(rest));
}

/// Splits a paragraph into sentences: after `.`, `!`, `?` or `…` followed by a space and a
/// capital letter or an opening quote, but not after a short abbreviation (`TP. Hồ Chí Minh`).
pub fn sentences(paragraph: &str) -> Vec<&str> {
    let mut out = Vec::new();
    let mut start = 0;
    let mut chars = paragraph.char_indices().peekable();
    while let Some((i, c)) = chars.next() {
        if !matches!(c, '.' | '!' | '?' | '…') || chars.peek().map(|&(_, n)| n) != Some(' ') {
            continue;
        }
        let space_at = i + c.len_utf8();
        let next = paragraph[space_at + 1..].chars().next();
        if !next.is_some_and(|n| n.is_uppercase() || matches!(n, '"' | '“' | '(' | '-')) {
            continue;
        }
        if c == '.' && is_abbreviation(&paragraph[start..i]) {
            continue;
        }
        out.push(paragraph[start..space_at].trim());
        start = space_at + 1;
    }
    let last = paragraph[start..].trim();
    if !last.is_empty() {
        out.push(last);
    }
    out
}

/// `TP`, `ThS`, `PGS.TS`: a short word of capitals before a period is not a sentence end.
fn is_abbreviation(before: &str) -> bool {
    let word = before.rsplit(' ').next().unwrap_or_default();
    let letters = word.chars().filter(|c| c.is_alphabetic()).count();
    (1..=4).contains(&letters)
        && word.chars().next().is_some_and(char::is_uppercase)
        && word.chars().filter(|c| c.is_uppercase()).count() * 2 >= letters
}

/// The words of a run of inline Markdown events (a heading's, an image's description),
/// markup left out.
pub fn events_text(events: &[Event]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markup_goes_characters_stay() {
        let md = "## Đầu đề\n\nMột *câu* có \\* sao và [liên kết](/x).\n\n<figure class=\"seed-caption\">\n<figcaption>Toàn cảnh &amp; hội nghị <span class=\"credit\">Ảnh: TTXVN</span></figcaption>\n</figure>\n\n- mục một\n";
        assert_eq!(
            paragraphs(md),
            [
                "Đầu đề",
                "Một câu có * sao và liên kết.",
                "Toàn cảnh & hội nghị Ảnh: TTXVN",
                "mục một"
            ]
        );
    }

    #[test]
    fn sentences_split_at_capitals_not_abbreviations() {
        assert_eq!(
            sentences(
                "Đài TP. Hồ Chí Minh đưa tin. Hội nghị khai mạc! “Trích dẫn” tiếp. số 1. không tách"
            ),
            [
                "Đài TP. Hồ Chí Minh đưa tin.",
                "Hội nghị khai mạc!",
                "“Trích dẫn” tiếp. số 1. không tách"
            ]
        );
    }
}
