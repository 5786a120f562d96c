//! An article's head, the lines before its first paragraph: the headline, chosen by
//! evidence rather than by position alone; the page's labels above it (a section name, a
//! kicker); a byline with its role; a caption the page put above the text.

use std::collections::HashSet;
use std::sync::LazyLock;

use regex::Regex;

use super::byline::byline_names;
use super::classify::{
    CAPTION_CUE, LineKind, SeedLine, ends_sentence, is_date_line, is_person_name,
    is_photo_sentence, word_count,
};
use super::rules;
use crate::text::syllable;

static GLUED: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(rules::GLUED_TO_HEADLINE).expect("glued pattern"));

static HEADLINE_DATE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(rules::HEADLINE_DATE).expect("headline date pattern"));

/// The headline as the page meant it: without what the page glued to it.
pub fn clean_headline(text: &str) -> String {
    let text = GLUED.find(text).map_or(text, |m| &text[m.end()..]);
    HEADLINE_DATE
        .find(text)
        .map_or(text, |m| &text[..m.start()])
        .to_owned()
}

/// The first paragraph: a line of text longer than a headline that ends a sentence (a
/// closing quote alone ends a headline: `… về “Học tập và làm theo…”`).
/// A paragraph an excerpt cut short still holds a finished sentence and many words.
/// A line over the page's date line is its headline, however it ends.
pub fn first_paragraph(lines: &[SeedLine]) -> Option<usize> {
    (0..lines.len()).find(|&i| {
        let l = &lines[i];
        let end = l.text.trim_end_matches(['”', '"', '»', ')', '’']);
        let words = word_count(&l.text);
        l.kind == LineKind::Body
            && !over_a_date_line(lines, i)
            && (end.ends_with(['.', '!', '?', '…', ':', ';']) && words > 12
                || words > 25 && l.text.contains(". "))
    })
}

fn over_a_date_line(lines: &[SeedLine], i: usize) -> bool {
    lines
        .get(i + 1)
        .is_some_and(|next| matches!(next.kind, LineKind::ArticleDate | LineKind::BylineAndDate))
}

pub(super) fn mark_head(lines: &mut [SeedLine]) {
    // An article without a headline may open with its photo's caption: one short sentence
    // about the photo (`Đồng chí … dự và phát biểu chỉ đạo.`).
    if let Some(first) = lines.first_mut()
        && first.kind == LineKind::Body
        && is_photo_sentence(&first.text)
    {
        first.kind = LineKind::Caption;
    }
    let Some(first_body) = first_paragraph(lines) else {
        return;
    };
    let title = headline(lines, first_body);
    if let Some(title) = title {
        lines[title].kind = LineKind::Body;
    }
    for i in 0..first_body {
        if lines[i].kind != LineKind::Body || Some(i) == title {
            continue;
        }
        let text = &lines[i].text;
        let before_title = title.is_some_and(|t| i < t);
        lines[i].kind = if before_title && !text.ends_with(['.', '!', '?']) {
            // Above the headline: the page's section label, kicker or widget words.
            LineKind::Label
        } else if byline_names(text).is_some() {
            LineKind::Author
        } else if i > 0 && lines[i - 1].kind == LineKind::Author && !ends_sentence(text) {
            LineKind::AuthorRole
        } else if CAPTION_CUE.is_match(text) && text.chars().count() <= 250 {
            LineKind::Caption
        } else {
            LineKind::Body
        };
    }
    if let Some(title) = title {
        lines[title].kind = LineKind::Title;
    }
}

/// The headline: the last line before the first paragraph shaped like one, when it shares
/// words with the opening paragraphs. None when nothing is clearly a headline.
fn headline(lines: &[SeedLine], first_body: usize) -> Option<usize> {
    let candidate = (0..first_body).rev().find(|&i| {
        let text = clean_headline(&lines[i].text);
        // The page's date line under it: a headline, though it ends with a period or has
        // a caption's words (`Trao tặng Huy hiệu Đảng …` over `Cập nhật ngày: …`).
        let dated = over_a_date_line(lines, i);
        let shaped =
            is_headline_shaped(&text) || dated && is_headline_shaped(text.trim_end_matches('.'));
        let text_or_unsure_caption = lines[i].kind == LineKind::Body
            || dated && lines[i].kind == LineKind::Caption && !has_credit(&text);
        text_or_unsure_caption
            && shaped
            && byline_names(&text).is_none()
            // A caption's words open a page's headline only as its first line.
            && (i == 0 || dated || !CAPTION_CUE.is_match(&text))
            // Under a byline (itself under a headline), the author's role.
            && !(i >= 2
                && lines[i - 1].kind == LineKind::Body
                && byline_names(&lines[i - 1].text).is_some())
    })?;
    let opening: String = lines[first_body..]
        .iter()
        .filter(|l| l.kind == LineKind::Body)
        .take(2)
        .map(|l| l.text.as_str())
        .collect::<Vec<_>>()
        .join(" ");
    let opening = words(&opening);
    let shared = words(&clean_headline(&lines[candidate].text))
        .intersection(&opening)
        .count();
    (shared >= 2).then_some(candidate)
}

/// Four to sixty words, no final punctuation (a closing quote or bracket is fine), not a
/// person's name, not a date line, and every lower-case word a Vietnamese syllable (a
/// page's note glued to a headline, `- đã psts 3-5`, is not).
fn is_headline_shaped(text: &str) -> bool {
    let words = word_count(text);
    (4..=60).contains(&words)
        && !text.ends_with(['.', '!', '?', ':', ';', '…'])
        && !is_person_name(text)
        && !is_date_line(text)
        && text
            .split_whitespace()
            .filter(|w| w.chars().all(|c| !c.is_uppercase()))
            .all(|w| !w.chars().any(|c| c.is_alphabetic()) || syllable::has_vowel(w))
}

fn has_credit(text: &str) -> bool {
    super::classify::split_caption(text).1.is_some()
}

/// The date and time a page printed in brackets after its headline, if it did.
pub fn glued_date(headline: &str) -> Option<&str> {
    Some(HEADLINE_DATE.captures(headline)?.get(1)?.as_str())
}

/// A line's words, lower-cased, two letters or more.
fn words(text: &str) -> HashSet<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| w.chars().count() >= 2)
        .map(str::to_lowercase)
        .collect()
}

/// A name in capitals, as bylines print it (`THANH HOÀNG`): two to four words.
pub fn is_capitals_name(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    (2..=4).contains(&words.len())
        && words.iter().all(|w| {
            w.chars().all(|c| c.is_alphabetic() && c.is_uppercase()) && w.chars().count() <= 7
        })
}
