//! Sorting a raw article's lines into kinds: page debris (header dates, share links,
//! related-article footers), metadata (title, article date, source, authors), captions,
//! in-body headings and the article text itself. Rules are over kinds of lines as Vietnamese
//! outlets print them, not over particular files.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use regex::Regex;
use serde::Serialize;

use super::{byline, head, rules};
use crate::text::{printed_date, syllable};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum LineKind {
    /// The page's "today" (`Thứ Năm, 21/6/2018`): not the article's date.
    HeaderDate,
    Title,
    /// A line that is only the article's date and time (with view counts, share links).
    ArticleDate,
    ShareLinks,
    /// `Theo: TTXVN`, `Nguồn: Báo Nhân Dân`.
    SourceLine,
    Author,
    AuthorRole,
    /// A photo caption (the photo itself is not in the seed).
    Caption,
    /// Image alt text left on its own line (`Đảng ủy Khối` before a caption).
    AltText,
    /// A paragraph the page printed twice.
    RepeatedLead,
    /// `Các tin khác`, `Tin liên quan` and every headline after it.
    Footer,
    Heading,
    Body,
    /// A line the sidecar's `drop_lines` names, or the headline the rules chose when the
    /// sidecar's `title_line` names another.
    DroppedBySidecar,
    /// A site's widget words on a line of their own (`Nghe`, `Breaking News`, `A- A+`).
    Widget,
    /// `8008 Lượt xem`.
    ViewCount,
    /// `Từ khóa: …`, `Tags`.
    Tags,
    /// `Trang chủ > Xây dựng Đảng > …`.
    Breadcrumb,
    /// Above the headline: the page's section label or a kicker.
    Label,
    /// A line one of the site's `[import] drop_patterns` matches.
    SitePattern,
    /// A byline and the article's date on one line (`NGUYÊN ĐOAN (thực hiện) 10/10/2018 03:09`).
    BylineAndDate,
}

impl LineKind {
    /// Kinds whose text appears on the page (as text, a heading or a caption).
    pub fn is_kept(self) -> bool {
        matches!(self, LineKind::Body | LineKind::Heading | LineKind::Caption)
    }

    /// How the human report names the kind.
    pub fn words(self) -> &'static str {
        match self {
            LineKind::HeaderDate => "the page header's date",
            LineKind::Title => "headline",
            LineKind::ArticleDate => "article date",
            LineKind::ShareLinks => "share links",
            LineKind::SourceLine => "source",
            LineKind::Author => "author",
            LineKind::AuthorRole => "author's role",
            LineKind::Caption => "photo caption",
            LineKind::AltText => "image alt text",
            LineKind::RepeatedLead => "repeated lead",
            LineKind::Footer => "related articles footer",
            LineKind::Heading => "heading",
            LineKind::Body => "text",
            LineKind::DroppedBySidecar => "dropped by the sidecar",
            LineKind::Widget => "page widget",
            LineKind::ViewCount => "view count",
            LineKind::Tags => "tag list",
            LineKind::Breadcrumb => "breadcrumb",
            LineKind::Label => "section label above the headline",
            LineKind::SitePattern => "the site's drop_patterns",
            LineKind::BylineAndDate => "byline and article date",
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct SeedLine {
    /// 1-based line number in the seed file.
    pub number: usize,
    /// The line with odd spaces made plain and runs of spaces made one.
    pub text: String,
    pub kind: LineKind,
}

fn regex(pattern: &str) -> Regex {
    Regex::new(pattern).expect("classifier pattern")
}

static FOOTER: LazyLock<Regex> = LazyLock::new(|| regex(rules::FOOTER));
static WEEKDAY: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i)^(thứ\s+(hai|ba|tư|năm|sáu|bảy)|thứ\s*[2-7]|chủ\s+nhật)\b"));
/// Words that go with a date on a date line and carry no article text.
static DATE_LINE_FILLER: LazyLock<Regex> = LazyLock::new(|| regex(rules::DATE_LINE_FILLER));
// Lengths are checked in code, not by bounded repetition (`{1,15}`): each repetition of a
// Unicode class is compiled as a copy of it, and these patterns took 10 ms to compile,
// half a seed site's import.
/// `Theo: …` (2 to 60 characters after the colon's spaces) or `Theo Báo …` (2 to 41),
/// ending the article. (When the pattern bounded the length itself, `Theo: X` passed by
/// counting the space after the colon; a one-letter source is no source.)
static SOURCE_LINE: LazyLock<Regex> = LazyLock::new(|| {
    regex(r"^(?:(?:Theo|Nguồn)\s*:\s*(?P<a>[^.!?]+?)|Theo\s+(?P<b>\p{Lu}[^,.!?]+?))\.?$")
});
/// `(VOH) - ` (2 to 24 letters within), `TCCS - ` (2 to 16), `(TTXVN) - ` opening the first
/// paragraph.
/// Also `(NTO) ` and `(LLCT) ` without a dash, `YênBái - ` and `Kinhtedothi - ` (one word),
/// `TTYB: ` (capitals and a colon).
static SOURCE_PREFIX: LazyLock<Regex> = LazyLock::new(|| {
    regex(
        r"^(?:\((?P<a>[^()]+)\)\s*(?:[-–—]\s*)?|(?P<b>\p{Lu}[\p{L}0-9.]+)\s*[-–—]\s+|(?P<c>\p{Lu}[\p{Lu}0-9]+):\s+)",
    )
});
/// `PV`, `Nhóm PV`, or 2 to 4 runs of 1 to 3 capitals joined by dots: `N.H`, `T.T.H.`.
static INITIALS: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^(?:PV|Nhóm PV|\p{Lu}+(?:\.\p{Lu}+)+\.?)$"));
/// 2 to 5 capitalised words.
static PERSON_NAME: LazyLock<Regex> =
    LazyLock::new(|| regex(r"^\p{Lu}\p{Ll}*(?:\s+\p{Lu}\p{Ll}*)+$"));

/// Whether a capture holds `min` to `max` characters.
fn length_within(text: &str, min: usize, max: usize) -> bool {
    (min..=max).contains(&text.chars().count())
}

pub(super) fn is_initials(text: &str) -> bool {
    INITIALS.is_match(text)
        && (matches!(text, "PV" | "Nhóm PV") || {
            let runs: Vec<&str> = text.strip_suffix('.').unwrap_or(text).split('.').collect();
            (2..=4).contains(&runs.len()) && runs.iter().all(|run| length_within(run, 1, 3))
        })
}

pub(super) fn is_person_name(text: &str) -> bool {
    PERSON_NAME.is_match(text) && (2..=5).contains(&word_count(text))
}
static PHOTO_CREDIT: LazyLock<Regex> =
    LazyLock::new(|| regex(r"(?i)(^|[\s_.(\-–])(ảnh|nguồn ảnh)\s*:\s*|ảnh minh (họa|hoạ)"));
pub(super) static CAPTION_CUE: LazyLock<Regex> = LazyLock::new(|| regex(rules::CAPTION_CUE));

/// Normalises spaces: no-break and other odd spaces become plain ones, runs become one.
pub fn clean_spaces(line: &str) -> String {
    let mut out = String::with_capacity(line.len());
    for c in line.chars() {
        let c = if c.is_whitespace() || matches!(c, '\u{200b}' | '\u{feff}') {
            ' '
        } else {
            c
        };
        if c == ' ' && (out.is_empty() || out.ends_with(' ')) {
            continue;
        }
        if !c.is_control() {
            out.push(c);
        }
    }
    out.trim_end().to_owned()
}

pub(super) fn ends_sentence(text: &str) -> bool {
    text.ends_with(['.', '!', '?', ':', ';', '"', '”', '…', ')', '»'])
}

pub(super) fn word_count(text: &str) -> usize {
    text.split_whitespace().count()
}

/// The source printed before the first paragraph, and the paragraph without it.
pub fn split_source_prefix(text: &str) -> Option<(String, &str)> {
    let caps = SOURCE_PREFIX.captures(text)?;
    let source = source_within(&caps, 24, 16)?;
    let unbracketed = caps.name("a").is_none();
    if unbracketed && !is_outlet_word(&source) {
        return None;
    }
    Some((source, &text[caps.get(0)?.end()..]))
}

/// A word before a dash or colon opening the text names the outlet (`TCCS`, `QĐND`,
/// `YênBái`, `Kinhtedothi`), not a place written as a dateline (`Huế - `, `HUẾ: `): an
/// initialism has no vowel with a tone mark, and an outlet's run-together name is no
/// single syllable (an inner capital, or eight letters and more).
fn is_outlet_word(word: &str) -> bool {
    let letters: Vec<char> = word.chars().filter(|c| c.is_alphabetic()).collect();
    let capitals = letters.iter().all(|c| c.is_uppercase());
    if capitals {
        return !syllable::has_tone_or_mark(word);
    }
    letters.iter().skip(1).any(|c| c.is_uppercase()) || letters.len() >= 8
}

pub fn source_of_line(text: &str) -> Option<String> {
    source_within(&SOURCE_LINE.captures(text)?, 60, 41)
}

/// The source a pattern captured as `a` or `b`, trimmed, when it is at least 2 and at most
/// `a_max` or `b_max` characters long.
fn source_within(caps: &regex::Captures, a_max: usize, b_max: usize) -> Option<String> {
    let (source, max) = match (caps.name("a"), caps.name("b").or(caps.name("c"))) {
        (Some(a), _) => (a.as_str(), a_max),
        (_, Some(b)) => (b.as_str(), b_max),
        _ => return None,
    };
    length_within(source, 2, max).then(|| source.trim().to_owned())
}

/// A caption's text and its credit: `Quang cảnh Hội nghị. Ảnh: TTXVN` → (`Quang cảnh Hội
/// nghị.`, `Ảnh: TTXVN`); a line opening with `Ảnh:` is all caption.
pub fn split_caption(text: &str) -> (String, Option<String>) {
    match PHOTO_CREDIT.find(text) {
        Some(m) if text[..m.start()].trim().is_empty() => (text.to_owned(), None),
        Some(m) => {
            let credit_start = m.start() + m.as_str().len()
                - m.as_str()
                    .trim_start_matches([' ', '_', '.', '(', '-', '–'])
                    .len();
            let caption = text[..credit_start].trim_end_matches([' ', '_', '(', '-', '–']);
            (
                caption.to_owned(),
                Some(text[credit_start..].trim_end_matches(')').to_owned()),
            )
        }
        None => (text.to_owned(), None),
    }
}

/// A date line, or a section label and a date line joined by a dash (`Xây dựng Đảng -
/// Ngày đăng : 08:50, 30/03/2021`).
pub(super) fn is_date_line(text: &str) -> bool {
    is_only_a_date(text)
        || text
            .rsplit_once(" - ")
            .is_some_and(|(label, date)| word_count(label) <= 6 && is_only_a_date(date))
}

fn is_only_a_date(text: &str) -> bool {
    let dates = printed_date::find(text);
    !dates.is_empty()
        && dates.iter().all(|d| !d.of_document)
        && DATE_LINE_FILLER.replace_all(text, "").trim().is_empty()
}

/// Kinds a line has on its own, whatever surrounds it.
fn standalone_kind(text: &str, is_first: bool, site_patterns: &[Regex]) -> Option<LineKind> {
    if is_date_line(text) {
        // A weekday and a day without a time, first on the page: its header's "today".
        let today = is_first
            && WEEKDAY.is_match(text)
            && printed_date::find(text)
                .first()
                .is_some_and(|d| d.time.is_none());
        return Some(if today {
            LineKind::HeaderDate
        } else {
            LineKind::ArticleDate
        });
    }
    if let Some(kind) = rules::debris_kind(text, site_patterns) {
        return Some(kind);
    }
    if source_of_line(text).is_some() {
        return Some(LineKind::SourceLine);
    }
    if is_initials(text.trim_end_matches(['|', ' '])) {
        return Some(LineKind::Author);
    }
    if byline_and_date(text).is_some() {
        return Some(LineKind::BylineAndDate);
    }
    let short = text.chars().count() <= 250;
    // Unpunctuated, with a caption's words: a caption, unless it reports speech (a paragraph
    // an excerpt cut short) or names one (`Phát biểu của …`, a headline).
    let unpunctuated_caption = !ends_sentence(text)
        && word_count(text) <= 40
        && CAPTION_CUE.is_match(text)
        && !SPEECH.is_match(text);
    if short && (PHOTO_CREDIT.is_match(text) || unpunctuated_caption) || is_photo_sentence(text) {
        return Some(LineKind::Caption);
    }
    None
}

/// One short sentence about a photo, on a line of its own: `Toàn cảnh hội nghị.`,
/// `Đồng chí … phát biểu chỉ đạo Đại hội.`
/// Not one that reports speech (`Phát biểu tại hội nghị, ông … cho biết`), nor one
/// dated like a paragraph of the article.
pub(super) fn is_photo_sentence(text: &str) -> bool {
    let one_sentence = !text.trim_end_matches('.').contains(". ");
    text.ends_with('.')
        && one_sentence
        && word_count(text) <= 35
        && CAPTION_CUE.is_match(text)
        && !SPEECH.is_match(text)
        && printed_date::first_day_month(text).is_none()
}

static SPEECH: LazyLock<Regex> = LazyLock::new(|| regex(rules::SPEECH));

/// `NGUYÊN ĐOAN (thực hiện) 10/10/2018 03:09`: the byline before a date line's date.
pub fn byline_and_date(text: &str) -> Option<String> {
    let digit = text.find(|c: char| c.is_ascii_digit())?;
    let (byline, date) = text.split_at(digit);
    let byline = byline
        .replace("(thực hiện)", "")
        .replace("(ghi)", "")
        .trim()
        .trim_end_matches(['-', '|', ','])
        .trim()
        .to_owned();
    let names = byline::byline_names(&byline)?;
    (names.len() == 1 && is_date_line(date)).then(|| names[0].0.clone())
}

pub fn classify(seed: &str) -> Vec<SeedLine> {
    classify_for_site(seed, &[])
}

/// `classify`, with the site's own `[import] drop_patterns`.
pub fn classify_for_site(seed: &str, site_patterns: &[Regex]) -> Vec<SeedLine> {
    let mut lines: Vec<SeedLine> = seed
        .lines()
        .enumerate()
        .map(|(i, l)| (i + 1, clean_spaces(l)))
        .filter(|(_, t)| !t.is_empty())
        .map(|(number, text)| SeedLine {
            number,
            text,
            kind: LineKind::Body,
        })
        .collect();
    let footer = lines.iter().position(|l| FOOTER.is_match(&l.text));
    for (i, line) in lines.iter_mut().enumerate() {
        if footer.is_some_and(|f| i >= f) {
            line.kind = LineKind::Footer;
        } else if let Some(kind) = standalone_kind(&line.text, i == 0, site_patterns) {
            line.kind = kind;
        }
    }
    mark_header_clock(&mut lines);
    mark_doubled_captions(&mut lines);
    head::mark_head(&mut lines);
    mark_alt_text(&mut lines);
    mark_headings_and_bylines(&mut lines);
    mark_repeats(&mut lines);
    lines
}

/// A date and time first on the page, over the site's widgets (a news ticker): the page
/// header's clock, not the article's date.
fn mark_header_clock(lines: &mut [SeedLine]) {
    if let [first, next, ..] = lines
        && first.kind == LineKind::ArticleDate
        && matches!(next.kind, LineKind::Widget | LineKind::Breadcrumb)
        && next.text.chars().any(char::is_alphabetic)
    {
        first.kind = LineKind::HeaderDate;
    }
}

/// A short line printed twice in a row is a photo's alt text, then its caption.
fn mark_doubled_captions(lines: &mut [SeedLine]) {
    for i in 1..lines.len() {
        let (before, line) = (&lines[i - 1], &lines[i]);
        // Not the headline printed twice at the top, nor a dated lead printed twice.
        if i >= 2
            && line.kind == LineKind::Body
            && before.kind == LineKind::Body
            && before.text == line.text
            && word_count(&line.text) <= 45
            && printed_date::first_day_month(&line.text).is_none()
        {
            lines[i - 1].kind = LineKind::AltText;
            lines[i].kind = LineKind::Caption;
        }
    }
}

/// A few words on their own line just before a caption are the image's alt text; a short
/// unpunctuated line just after an image's alt text or file name is its caption.
fn mark_alt_text(lines: &mut [SeedLine]) {
    for i in 1..lines.len() {
        if lines[i - 1].kind == LineKind::AltText
            && lines[i].kind == LineKind::Body
            && !ends_sentence(&lines[i].text)
            && word_count(&lines[i].text) <= 30
        {
            lines[i].kind = LineKind::Caption;
        }
    }
    for i in 0..lines.len().saturating_sub(1) {
        let line = &lines[i];
        if line.kind == LineKind::Body
            && lines[i + 1].kind == LineKind::Caption
            && word_count(&line.text) <= 4
            && !ends_sentence(&line.text)
        {
            lines[i].kind = LineKind::AltText;
        }
    }
}

/// After the article has started: an unpunctuated line between paragraphs is a heading; a
/// byline is an author. The last line of text, unpunctuated, is no heading: nothing
/// follows it (an excerpt cut short, a credit the rules do not know).
fn mark_headings_and_bylines(lines: &mut [SeedLine]) {
    let last_text = lines.iter().rposition(|l| l.kind == LineKind::Body);
    let mut started = false;
    for (i, line) in lines.iter_mut().enumerate() {
        if line.kind != LineKind::Body {
            continue;
        }
        let last = Some(i) == last_text;
        // The cheap test first: most lines are neither last nor carry a degree.
        let byline =
            (last || byline::has_degree(&line.text)) && byline::byline_names(&line.text).is_some();
        if started && (is_person_name(&line.text) || byline) {
            line.kind = LineKind::Author;
        } else if started && !last && !ends_sentence(&line.text) && line.text.chars().count() <= 160
        {
            line.kind = LineKind::Heading;
        }
        started = true;
    }
}

/// A paragraph printed again (after its source prefix is set aside) is kept once; the
/// headline printed again is dropped; a paragraph an excerpt printed cut short before
/// printing it whole is dropped. Each line is looked up, not compared with every other:
/// a seed may have thousands of lines.
fn mark_repeats(lines: &mut [SeedLine]) {
    mark_cut_copies(lines);
    let mut seen: HashSet<String> = lines
        .iter()
        .filter(|l| l.kind == LineKind::Title)
        .map(|l| l.text.clone())
        .collect();
    let repeatable = |l: &&mut SeedLine| matches!(l.kind, LineKind::Body | LineKind::Heading);
    for line in lines.iter_mut().filter(repeatable) {
        let text = split_source_prefix(&line.text).map_or(line.text.as_str(), |(_, rest)| rest);
        if !seen.insert(text.to_owned()) {
            line.kind = LineKind::RepeatedLead;
        }
    }
}

/// A long paragraph that a later, longer one begins with: found by their first words.
fn mark_cut_copies(lines: &mut [SeedLine]) {
    const KEY_WORDS: usize = 12;
    let key = |text: &str| {
        text.split(' ')
            .take(KEY_WORDS)
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut later: HashMap<String, Vec<usize>> = HashMap::new();
    let body: Vec<usize> = (0..lines.len())
        .filter(|&i| lines[i].kind == LineKind::Body && word_count(&lines[i].text) >= KEY_WORDS)
        .collect();
    let keys: Vec<String> = body.iter().map(|&i| key(&lines[i].text)).collect();
    for (&i, k) in body.iter().zip(&keys) {
        later.entry(k.clone()).or_default().push(i);
    }
    for (&i, k) in body.iter().zip(&keys) {
        let text = &lines[i].text;
        let cut_copy = later[k]
            .iter()
            .any(|&j| j > i && lines[j].text.len() > text.len() && lines[j].text.starts_with(text));
        if cut_copy {
            lines[i].kind = LineKind::RepeatedLead;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(seed: &str) -> Vec<(String, LineKind)> {
        classify(seed)
            .into_iter()
            .map(|l| (l.text, l.kind))
            .collect()
    }

    const PARAGRAPH: &str = "Hội nghị đã nghe và cho ý kiến về báo cáo tổng kết công tác của toàn ngành trong năm qua và phương hướng năm tới.";

    #[test]
    fn other_outlets_forms_of_each_kind() {
        let seed = format!(
            "Thứ Hai, 5/3/2019\nTổng kết công tác toàn ngành năm qua\nCập nhật: 10:15 ngày 5/3/2019\nẢnh minh họa\n(TTXVN) - {PARAGRAPH}\nChia sẻ\nNguồn: Báo Nhân Dân\nPV\nTin liên quan\nMột tin khác\n"
        );
        let k = kinds(&seed);
        let expect = [
            LineKind::HeaderDate,
            LineKind::Title,
            LineKind::ArticleDate,
            LineKind::Caption,
            LineKind::Body,
            LineKind::ShareLinks,
            LineKind::SourceLine,
            LineKind::Author,
            LineKind::Footer,
            LineKind::Footer,
        ];
        assert_eq!(
            k.iter().map(|(_, k)| *k).collect::<Vec<_>>(),
            expect,
            "{k:#?}"
        );
    }

    #[test]
    fn spaces_are_cleaned() {
        assert_eq!(
            clean_spaces("Sáng\u{a0}26/10,   hội\u{2009}nghị "),
            "Sáng 26/10, hội nghị"
        );
    }

    #[test]
    fn captions_split_from_their_credit() {
        assert_eq!(
            split_caption("Quang cảnh Hội nghị. Ảnh: TTXVN"),
            (
                "Quang cảnh Hội nghị.".to_owned(),
                Some("Ảnh: TTXVN".to_owned())
            )
        );
        assert_eq!(
            split_caption("Đồng chí X dự Hội nghị_Ảnh: vietnamplus.vn"),
            (
                "Đồng chí X dự Hội nghị".to_owned(),
                Some("Ảnh: vietnamplus.vn".to_owned())
            )
        );
        assert_eq!(split_caption("Ảnh: Toàn cảnh buổi làm việc").1, None);
    }

    #[test]
    fn source_forms() {
        assert_eq!(split_source_prefix("(VOH) - Hội nghị").unwrap().0, "VOH");
        assert_eq!(
            split_source_prefix("TCCS - Đảng bộ").unwrap(),
            ("TCCS".to_owned(), "Đảng bộ")
        );
        assert_eq!(source_of_line("Theo: TTXVN").unwrap(), "TTXVN");
        assert_eq!(
            source_of_line("Nguồn: Báo Nhân Dân").unwrap(),
            "Báo Nhân Dân"
        );
        assert!(source_of_line("Theo báo cáo, hội nghị đã thành công tốt đẹp.").is_none());
        assert!(source_of_line("Theo: X").is_none());
        assert_eq!(source_of_line("Theo: VN").unwrap(), "VN");
        // Brackets without a dash, one word and a dash, capitals and a colon.
        assert_eq!(
            split_source_prefix("(NTO) Ngày 8-8, Đảng bộ").unwrap(),
            ("NTO".to_owned(), "Ngày 8-8, Đảng bộ")
        );
        assert_eq!(
            split_source_prefix("YênBái - Sáng 18/10").unwrap().0,
            "YênBái"
        );
        assert_eq!(split_source_prefix("TTYB: Sáng nay").unwrap().0, "TTYB");
        // A place and a dash is no outlet, nor a sentence opening with a name.
        assert!(split_source_prefix("Hà Nội - Sáng nay").is_none());
        assert!(split_source_prefix("Huế - Sáng nay").is_none());
        assert!(split_source_prefix("HUẾ: Sáng nay").is_none());
        assert_eq!(split_source_prefix("QĐND - Quá trình").unwrap().0, "QĐND");
        assert_eq!(
            split_source_prefix("Kinhtedothi - Ngày 18/7").unwrap().0,
            "Kinhtedothi"
        );
        assert!(split_source_prefix("Theo Báo cáo, năm qua").is_none());
    }

    #[test]
    fn page_furniture_forms() {
        for (line, kind) in [
            ("Breaking News", LineKind::Widget),
            ("• Loading...", LineKind::Widget),
            ("A- A+", LineKind::Widget),
            ("Nghe", LineKind::Widget),
            (". . .", LineKind::Widget),
            ("8008 Lượt xem", LineKind::ViewCount),
            ("Lượt đọc: 120", LineKind::ViewCount),
            ("• Từ khóa", LineKind::Tags),
            ("Tags: đại hội, đảng bộ", LineKind::Tags),
            ("Trang chủ Thực tiễn Một bài viết", LineKind::Breadcrumb),
            ("anh-dai-hoi-2020.jpg", LineKind::AltText),
            ("tinh ca mau tich cuc chuan bi dai hoi", LineKind::AltText),
            ("Tin cùng chuyên mục", LineKind::Footer),
            ("Có thể bạn quan tâm", LineKind::Footer),
            ("Thứ 5, 05.12.2019 | 16:31:15", LineKind::ArticleDate),
            (
                "Xây dựng Đảng - Ngày đăng : 08:50, 30/03/2021",
                LineKind::ArticleDate,
            ),
            (
                "NGUYÊN ĐOAN (thực hiện) 10/10/2018 03:09",
                LineKind::BylineAndDate,
            ),
            ("N.Đ |", LineKind::Author),
            ("Toàn cảnh hội nghị.", LineKind::Caption),
            (
                "Đồng chí Lê Văn A phát biểu tại hội nghị.",
                LineKind::Caption,
            ),
        ] {
            let seed = format!("{PARAGRAPH}\n{line}\n{PARAGRAPH} Còn nữa.\n");
            assert_eq!(kinds(&seed)[1], (line.to_owned(), kind), "{line}");
        }
        // Text, though it has a caption's words: speech reported, a dated paragraph.
        for line in [
            "Phát biểu tại hội nghị, đồng chí Lê Văn A nhấn mạnh nhiều nhiệm vụ.",
            "Ngày 5/3, đồng chí Lê Văn A phát biểu tại hội nghị.",
        ] {
            let seed = format!("{PARAGRAPH}\n{line}\n{PARAGRAPH} Còn nữa.\n");
            assert_eq!(kinds(&seed)[1].1, LineKind::Body, "{line}");
        }
    }

    #[test]
    fn a_site_drops_its_own_lines() {
        let patterns = [Regex::new("^Mời bạn đọc gửi ý kiến").unwrap()];
        let seed = format!("{PARAGRAPH}\nMời bạn đọc gửi ý kiến\n{PARAGRAPH} Còn nữa.\n");
        assert_eq!(
            classify_for_site(&seed, &patterns)[1].kind,
            LineKind::SitePattern
        );
        assert_eq!(classify(&seed)[1].kind, LineKind::Heading);
    }

    #[test]
    fn the_headline_by_evidence() {
        let head = |top: &str| {
            kinds(&format!("{top}\n{PARAGRAPH}\n"))
                .into_iter()
                .filter(|(_, k)| *k != LineKind::Body)
                .collect::<Vec<_>>()
        };
        let title = "Tổng kết công tác toàn ngành năm qua";
        // Labels above the headline are dropped; the headline is the line above the text.
        assert_eq!(
            head(&format!("Chuyên mục\nĐảng ủy Khối cơ quan tỉnh\n{title}")),
            [
                ("Chuyên mục".to_owned(), LineKind::Label),
                ("Đảng ủy Khối cơ quan tỉnh".to_owned(), LineKind::Label),
                (title.to_owned(), LineKind::Title),
            ]
        );
        // A byline and its role under the headline are not it.
        assert_eq!(
            head(&format!(
                "{title}\nNguyễn Văn An\nPhó Giám đốc Sở Nội vụ tỉnh"
            )),
            [
                (title.to_owned(), LineKind::Title),
                ("Nguyễn Văn An".to_owned(), LineKind::Author),
                (
                    "Phó Giám đốc Sở Nội vụ tỉnh".to_owned(),
                    LineKind::AuthorRole
                ),
            ]
        );
        // No word shared with the text, too short, or a page's note glued on: no headline.
        assert!(head("Một dòng chữ chẳng liên quan gì").is_empty());
        assert!(head("Xây dựng Đảng").is_empty());
        assert!(head(&format!("{title} - đã psts 3-5")).is_empty());
    }

    #[test]
    fn headings_bylines_alt_text_and_repeats() {
        let seed = format!(
            "Báo cáo tổng kết công tác toàn ngành\nNguyễn Văn An\nPhó Giám đốc Sở\n{PARAGRAPH}\nMột phần mới của bài\n{PARAGRAPH}\nĐảng ủy Khối\nToàn cảnh hội nghị\nKết thúc bài viết ở đây./.\n"
        );
        let k: Vec<LineKind> = kinds(&seed).into_iter().map(|(_, k)| k).collect();
        assert_eq!(
            k,
            [
                LineKind::Title,
                LineKind::Author,
                LineKind::AuthorRole,
                LineKind::Body,
                LineKind::Heading,
                LineKind::RepeatedLead,
                LineKind::AltText,
                LineKind::Caption,
                LineKind::Body
            ]
        );
    }
}
