//! Dates as Vietnamese news pages print them: `4/3/2017`, `07/08/2020`, `08-02-2020`,
//! `5.3.2019`, `ngày 8 tháng 2 năm 2020`, with or without a time (`21:16`, `09:35,`), and a
//! day/month whose year is given later in the same sentence (`Sáng 26/10, … năm 2018`).
//! Day before month, always. A date attached to a cited document (`Quyết định số
//! 98-QĐ/TW ngày 22/10/2007`) is marked as the document's, never the article's.

use std::sync::LazyLock;

use jiff::civil::{Date, Time};
use regex::Regex;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PrintedDate {
    pub date: Date,
    pub time: Option<Time>,
    /// The date belongs to a cited document, not to the article.
    pub of_document: bool,
    /// Byte range of the date in the text.
    pub start: usize,
    pub end: usize,
}

// Digits are `[0-9]`, not `\d` (any script's digits): they are parsed as ASCII numbers,
// and `\d` repeated compiles to many copies of a large class, milliseconds at each start.
static NUMERIC: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)
        (?P<d1>[0-9]{1,2})/(?P<m1>[0-9]{1,2})(?:/(?P<y1>[0-9]{4}))?
        | (?P<d2>[0-9]{1,2})-(?P<m2>[0-9]{1,2})-(?P<y2>[0-9]{4})
        | (?P<d3>[0-9]{1,2})\.(?P<m3>[0-9]{1,2})\.(?P<y3>[0-9]{4})
        | ngày\s+(?P<d4>[0-9]{1,2})\s+tháng\s+(?P<m4>[0-9]{1,2})(?:\s+năm\s+(?P<y4>[0-9]{4}))?
        | (?P<d5>[0-9]{1,2})\s+[Tt]háng\s+(?P<m5>[0-9]{1,2}),?\s+(?P<y5>[0-9]{4})
        | (?i:sáng|chiều|tối|trưa|đêm|ngày)\s+(?P<d6>[0-9]{1,2})-(?P<m6>[0-9]{1,2})(?:-(?P<y6>[0-9]{4}))?
    ",
    )
    .expect("date pattern")
});

/// `21:16`, `9h30`, `1:36:31 PM`, `17:02 CH`; minutes may run into a read count
/// (`22:584120`), as one outlet prints them.
static TIME: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"\b([0-9]{1,2})[:h]([0-9]{2})(?::([0-9]{2}))?(?:\s*(AM|PM|SA|CH)\b)?")
        .expect("time pattern")
});

/// Between a day/month and a year later in the sentence, words that make the year another
/// than the event's: a review of a year is held in the next (`tổng kết … năm 2020` in
/// January 2021), a plan runs to a year (`đến hết năm 2014`).
static NOT_THE_EVENTS_YEAR: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?i)tổng kết|sơ kết|đánh giá|nhiệm vụ|kế hoạch|đến hết|giai đoạn|nhiệm kỳ|năm học|kỷ niệm|chương trình")
        .expect("year cue pattern")
});

/// A day and month, with or without a year: `8-8`, `26/10`, `05.12.2019`.
static DAY_MONTH: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\b[0-9]{1,2}[/.-][0-9]{1,2}\b").expect("day-month pattern"));

/// A document issued on the date that opens the clause: `ngày 11-4-2007, Bộ Chính trị đã
/// ban hành Quyết định số 47-QĐ/TW`.
static DOCUMENT_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?i)^[^.;]{0,80}\bban hành\b").expect("document pattern"));

static YEAR_IN_SENTENCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"năm\s+([0-9]{4})\b").expect("year pattern"));

/// A document code (`98-QĐ/TW`, `01-NQ/ĐUK`) or a document's kind, just before a date.
static DOCUMENT_BEFORE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"(?ix)
        (?: [0-9]+[-/][\p{Lu}Đ]+(?:/[\p{Lu}Đ-]+)+
          | (?:quyết\s+định|nghị\s+quyết|chỉ\s+thị|quy\s+định|kế\s+hoạch|hướng\s+dẫn|kết\s+luận|thông\s+tư|nghị\s+định|công\s+văn|thông\s+báo|luật)(?:\s+số)?\s*[\w/-]*
        )\s*,?\s*(?:ban\s+hành\s+)?(?:ngày\s*)?$
    ").expect("document pattern")
});

/// Compiles these patterns now rather than on first use (`registers::compile_patterns`).
pub fn compile_patterns() {
    LazyLock::force(&NUMERIC);
    LazyLock::force(&TIME);
    LazyLock::force(&YEAR_IN_SENTENCE);
    LazyLock::force(&DOCUMENT_BEFORE);
    LazyLock::force(&DOCUMENT_AFTER);
    LazyLock::force(&NOT_THE_EVENTS_YEAR);
    LazyLock::force(&DAY_MONTH);
}

/// Where the first day/month printed in `text` starts, with a year or without.
pub fn first_day_month(text: &str) -> Option<usize> {
    DAY_MONTH.find(text).map(|m| m.start())
}

/// Every date printed in `text`, in order. Impossible dates (`31/2`) are skipped.
pub fn find(text: &str) -> Vec<PrintedDate> {
    let mut found = Vec::new();
    for caps in NUMERIC.captures_iter(text) {
        let whole = caps.get(0).expect("match");
        // `1.000.000` or `2020-2025` are not dates: require a boundary on both sides.
        let before = text[..whole.start()].chars().next_back();
        let after = text[whole.end()..].chars().next();
        if before.is_some_and(|c| {
            c.is_ascii_digit() || c == '/' || c == '.' && whole.as_str().contains('.')
        }) || after.is_some_and(|c| c.is_ascii_digit() || c == '/')
        {
            continue;
        }
        // Each form has its own numbered groups: d1..d6, m1..m6, y1..y6.
        let number =
            |part: &str| (1..=6).find_map(|i| caps.name(&format!("{part}{i}")).map(|m| m.as_str()));
        let (Some(d), Some(m)) = (number("d"), number("m")) else {
            continue;
        };
        let year = number("y")
            .map(str::to_owned)
            .or_else(|| year_later_in_sentence(text, whole.end()));
        let Some(year) = year else {
            continue;
        };
        let (Ok(d), Ok(m), Ok(y)) = (d.parse::<i8>(), m.parse::<i8>(), year.parse::<i16>()) else {
            continue;
        };
        let Ok(date) = Date::new(y, m, d) else {
            continue;
        };
        found.push(PrintedDate {
            date,
            time: time_near(text, whole.start(), whole.end()),
            of_document: DOCUMENT_BEFORE.is_match(sentence_before(text, whole.start()))
                || DOCUMENT_AFTER.is_match(&text[whole.end()..]),
            start: whole.start(),
            end: whole.end(),
        });
    }
    found
}

/// `Sáng 26/10, … năm 2018`: the year printed after a day/month in the same sentence.
fn year_later_in_sentence(text: &str, from: usize) -> Option<String> {
    let rest = &text[from..];
    let sentence_end = rest.find(". ").unwrap_or(rest.len());
    let year = YEAR_IN_SENTENCE.captures(&rest[..sentence_end])?;
    let between = &rest[..year.get(0)?.start()];
    (!NOT_THE_EVENTS_YEAR.is_match(between)).then(|| year[1].to_owned())
}

/// A time printed right before (`09:35, ngày …`) or right after (`4/3/2017 21:16'`) a date.
fn time_near(text: &str, start: usize, end: usize) -> Option<Time> {
    let from = text.ceil_char_boundary(start.saturating_sub(16));
    let to = text.floor_char_boundary(end + 16);
    let (before, after) = (&text[from..start], &text[end..to]);
    [after, before].iter().find_map(|w| {
        let c = TIME.captures(w)?;
        let mut hour: i8 = c[1].parse().ok()?;
        match c.get(4).map(|m| m.as_str()) {
            Some("PM" | "CH") if hour < 12 => hour += 12,
            Some("AM" | "SA") if hour == 12 => hour = 0,
            _ => {}
        }
        let second = c.get(3).map_or(Some(0), |s| s.as_str().parse().ok())?;
        let time = Time::new(hour, c[2].parse().ok()?, second, 0).ok()?;
        // `00:00` is what pages print when they keep no time.
        (time != Time::midnight()).then_some(time)
    })
}

/// The text from the start of the sentence holding `at` up to `at`.
fn sentence_before(text: &str, at: usize) -> &str {
    let head = &text[..at];
    let start = head.rfind(['.', ';', '!', '?']).map_or(0, |i| i + 1);
    &head[start..]
}

#[cfg(test)]
mod tests {
    use super::*;
    use jiff::civil::{date, time};

    fn dates(text: &str) -> Vec<(Date, Option<Time>, bool)> {
        find(text)
            .iter()
            .map(|d| (d.date, d.time, d.of_document))
            .collect()
    }

    #[test]
    fn the_printed_forms() {
        assert_eq!(
            dates("4/3/2017 21:16' Gửi bài này"),
            [(date(2017, 3, 4), Some(time(21, 16, 0, 0)), false)]
        );
        assert_eq!(dates("07/08/2020 | 236"), [(date(2020, 8, 7), None, false)]);
        assert_eq!(
            dates("09:35, ngày 08-02-2020"),
            [(date(2020, 2, 8), Some(time(9, 35, 0, 0)), false)]
        );
        assert_eq!(
            dates("Cập nhật: 10:15 ngày 5/3/2019"),
            [(date(2019, 3, 5), Some(time(10, 15, 0, 0)), false)]
        );
        assert_eq!(dates("5.3.2019"), [(date(2019, 3, 5), None, false)]);
        assert_eq!(
            dates("ngày 8 tháng 2 năm 2020"),
            [(date(2020, 2, 8), None, false)]
        );
        assert_eq!(
            dates("Thứ năm, 14 Tháng 12 2017 17:22"),
            [(date(2017, 12, 14), Some(time(17, 22, 0, 0)), false)]
        );
        assert_eq!(
            dates("• Cập nhật: Thứ sáu, 18/10/2019 | 1:36:31 PM"),
            [(date(2019, 10, 18), Some(time(13, 36, 31, 0)), false)]
        );
        assert_eq!(
            dates("Chủ nhật - 09/10/2022 22:584120"),
            [(date(2022, 10, 9), Some(time(22, 58, 0, 0)), false)]
        );
        assert_eq!(
            dates("Publish date 22/09/2014 | 00:00"),
            [(date(2014, 9, 22), None, false)]
        );
    }

    #[test]
    fn a_year_later_in_the_sentence_completes_a_day_and_month() {
        let text = "Sáng 26/10, Đảng ủy Khối lần thứ XII năm 2018 tổ chức hội nghị.";
        assert_eq!(dates(text), [(date(2018, 10, 26), None, false)]);
        assert!(dates("Sáng 26/10, hội nghị. Năm 2018 khác.").is_empty());
        // A review of a year, a plan to a year: not the year of the meeting.
        assert!(dates("Ngày 20/1, hội nghị tổng kết công tác năm 2020.").is_empty());
        assert!(dates("Ngày 18/7, triển khai các nhiệm vụ đến hết năm 2014.").is_empty());
        // A day and month with a dash, after a time of day: `Sáng 22-10, … năm 2015`.
        assert_eq!(
            dates("Sáng 22-10, phường tổ chức hội thi lần IV năm 2015."),
            [(date(2015, 10, 22), None, false)]
        );
        assert!(dates("Có 2-3 người dự, năm 2015.").is_empty());
    }

    #[test]
    fn dates_of_cited_documents_are_marked() {
        let text =
            "Từ khi Bộ Chính trị ban hành Quyết định số 98-QĐ/TW ngày 22/10/2007 về chức năng";
        assert_eq!(dates(text), [(date(2007, 10, 22), None, true)]);
        let text = "Nghị quyết số 01-NQ/ĐUK ngày 19-8-2016 của Đảng ủy Khối";
        assert!(dates(text)[0].2);
        assert!(!dates("Ngày 19-8-2016, hội nghị khai mạc")[0].2);
        assert!(dates("ngày 11-4-2007, Bộ Chính trị đã ban hành Quyết định số 47-QĐ/TW")[0].2);
    }

    #[test]
    fn numbers_that_are_not_dates() {
        assert!(dates("5.469 chi bộ, nhiệm kỳ 2020 - 2025, 4/61 đảng bộ").is_empty());
        assert!(dates("31/2/2020").is_empty());
    }
}
