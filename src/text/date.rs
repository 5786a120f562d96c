//! Page dates: full, or partial (`"2018"`, `"2018-08"`) for articles whose day is unknown,
//! written the Vietnamese way (`ngày 4 tháng 3 năm 2017`, `khoảng năm 2018`).

use jiff::civil::{Date, DateTime};
use jiff::tz::{Offset, TimeZone};

/// Vietnam time. Times printed by Vietnamese outlets, and local times an editor writes
/// without an offset, are in it.
pub const VIETNAM_OFFSET_HOURS: i8 = 7;

/// The language a site's dates and interface are written in (`default_language`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Language {
    Vietnamese,
    English,
}

impl Language {
    pub fn parse(code: &str) -> Option<Language> {
        match code {
            "vi" => Some(Language::Vietnamese),
            "en" => Some(Language::English),
            _ => None,
        }
    }
}

const ENGLISH_MONTHS: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// A day as readers of `language` write it: `ngày 22 tháng 10 năm 2007`, `22 October 2007`.
pub fn written_day(date: Date, language: Language) -> String {
    match language {
        Language::Vietnamese => format!(
            "ngày {} tháng {} năm {}",
            date.day(),
            date.month(),
            date.year()
        ),
        Language::English => format!(
            "{} {} {}",
            date.day(),
            ENGLISH_MONTHS[date.month() as usize - 1],
            date.year()
        ),
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum PageDate {
    Year(i16),
    Month {
        year: i16,
        month: i8,
    },
    Day(Date),
    /// `offset` is `None` for a TOML local datetime, read as Vietnam time.
    DateTime {
        datetime: DateTime,
        offset: Option<Offset>,
    },
}

impl PageDate {
    /// From a TOML date value: a date, a date-time, or the strings `"YYYY"` / `"YYYY-MM"`.
    pub fn from_toml(value: &toml::Value) -> Result<PageDate, String> {
        match value {
            toml::Value::Datetime(dt) => PageDate::from_toml_datetime(dt),
            // Editors quote dates as they quote everything else: `"2018-10-26"` is a date too.
            toml::Value::String(s) => match s.trim().parse::<toml::value::Datetime>() {
                Ok(dt) => PageDate::from_toml_datetime(&dt),
                Err(_) => PageDate::parse_partial(s.trim()).ok_or_else(|| match day_first(s.trim()) {
                    Some(date) => format!("`{s}` is written day first: write {date} (year first, without quotes)"),
                    None => format!("`{s}` is not a date: write 2018-10-26, or \"2018\" / \"2018-08\" when only the year or month is known"),
                }),
            },
            other => Err(format!(
                "expected a date, found the {} `{other}`: write 2018-10-26, or \"2018\" / \"2018-08\" when only the year or month is known",
                other.type_str()
            )),
        }
    }

    fn from_toml_datetime(dt: &toml::value::Datetime) -> Result<PageDate, String> {
        let Some(d) = dt.date else {
            return Err(format!("`{dt}` is a time without a date"));
        };
        let date = Date::new(d.year as i16, d.month as i8, d.day as i8)
            .map_err(|e| format!("`{dt}` is not a valid date: {e}"))?;
        let Some(t) = dt.time else {
            return Ok(PageDate::Day(date));
        };
        let time = jiff::civil::Time::new(
            t.hour as i8,
            t.minute as i8,
            t.second.unwrap_or(0) as i8,
            t.nanosecond.unwrap_or(0) as i32,
        )
        .map_err(|e| format!("`{dt}` is not a valid time: {e}"))?;
        let offset = match dt.offset {
            None => None,
            Some(toml::value::Offset::Z) => Some(Offset::UTC),
            Some(toml::value::Offset::Custom { minutes }) => Some(
                Offset::from_seconds(i32::from(minutes) * 60)
                    .map_err(|e| format!("`{dt}` has an invalid offset: {e}"))?,
            ),
        };
        Ok(PageDate::DateTime {
            datetime: date.to_datetime(time),
            offset,
        })
    }

    /// A date as `iso` writes it, back (for templates, which receive dates as text).
    pub fn parse(text: &str) -> Option<PageDate> {
        match text.parse::<toml::value::Datetime>() {
            Ok(dt) => PageDate::from_toml_datetime(&dt).ok(),
            Err(_) => PageDate::parse_partial(text),
        }
    }

    /// `"2018"` or `"2018-08"`.
    fn parse_partial(text: &str) -> Option<PageDate> {
        let digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        match text.split_once('-') {
            None if digits(text, 4) => Some(PageDate::Year(text.parse().ok()?)),
            Some((y, m)) if digits(y, 4) && digits(m, 2) => {
                let (year, month) = (y.parse().ok()?, m.parse().ok()?);
                Date::new(year, month, 1).ok()?;
                Some(PageDate::Month { year, month })
            }
            _ => None,
        }
    }

    pub fn is_partial(&self) -> bool {
        matches!(self, PageDate::Year(_) | PageDate::Month { .. })
    }

    /// The first day of the period: partial dates sort, and fall into timelines, by it.
    pub fn first_day(&self) -> Date {
        match *self {
            PageDate::Year(year) => Date::new(year, 1, 1).expect("year checked when parsed"),
            PageDate::Month { year, month } => {
                Date::new(year, month, 1).expect("month checked when parsed")
            }
            PageDate::Day(date) => date,
            PageDate::DateTime { datetime, .. } => datetime.date(),
        }
    }

    /// The first moment of the period as an absolute time, for sorting and feeds.
    pub fn timestamp(&self) -> jiff::Timestamp {
        let (datetime, offset) = match *self {
            PageDate::DateTime { datetime, offset } => (datetime, offset),
            _ => (
                self.first_day().to_datetime(jiff::civil::Time::midnight()),
                None,
            ),
        };
        let offset = offset.unwrap_or(Offset::constant(VIETNAM_OFFSET_HOURS));
        TimeZone::fixed(offset)
            .to_timestamp(datetime)
            .expect("page dates are within jiff's range")
    }

    /// As front matter holds it: a TOML date, or a string for a partial date (TOML has no
    /// year-only date).
    pub fn to_toml(&self) -> toml::Value {
        match self.is_partial() {
            true => toml::Value::String(self.iso()),
            false => toml::Value::Datetime(
                self.iso()
                    .parse()
                    .expect("a full date's ISO form is a TOML date"),
            ),
        }
    }

    /// The date as an editor writes it in front matter: `2018`, `2018-08`, `2018-10-26`,
    /// `2020-02-08T09:35:00+07:00`. Also a valid W3C date for sitemaps.
    pub fn iso(&self) -> String {
        match *self {
            PageDate::Year(year) => format!("{year:04}"),
            PageDate::Month { year, month } => format!("{year:04}-{month:02}"),
            PageDate::Day(date) => date.to_string(),
            PageDate::DateTime { .. } => self.rfc3339(),
        }
    }

    /// RFC 3339 with an explicit offset, as Atom requires.
    pub fn rfc3339(&self) -> String {
        let offset = match *self {
            PageDate::DateTime {
                offset: Some(offset),
                ..
            } => offset,
            _ => Offset::constant(VIETNAM_OFFSET_HOURS),
        };
        self.timestamp()
            .to_zoned(TimeZone::fixed(offset))
            .strftime("%Y-%m-%dT%H:%M:%S%:z")
            .to_string()
    }

    /// `ngày 4 tháng 3 năm 2017`, `tháng 8 năm 2018`, `năm 2018`; an editor's estimate is
    /// prefixed with `khoảng` ("about").
    pub fn vietnamese(&self, approximate: bool) -> String {
        self.written(Language::Vietnamese, approximate)
    }

    /// The date in `language`: `ngày 4 tháng 3 năm 2017` or `4 March 2017`, a partial date
    /// as its month or year, an estimate with `khoảng` / `about`.
    pub fn written(&self, language: Language, approximate: bool) -> String {
        let vietnamese = language == Language::Vietnamese;
        let words = match *self {
            PageDate::Year(year) if vietnamese => format!("năm {year}"),
            PageDate::Year(year) => year.to_string(),
            PageDate::Month { year, month } if vietnamese => format!("tháng {month} năm {year}"),
            PageDate::Month { year, month } => {
                format!("{} {year}", ENGLISH_MONTHS[month as usize - 1])
            }
            PageDate::Day(_) | PageDate::DateTime { .. } => written_day(self.first_day(), language),
        };
        match (approximate, vietnamese) {
            (false, _) => words,
            (true, true) => format!("khoảng {words}"),
            (true, false) => format!("about {words}"),
        }
    }
}

/// A date field TOML could not read, as the editor wrote it: where its value starts, the
/// message and what to write instead. TOML reads only `2018-10-26` unquoted, but editors
/// write days first, as Vietnamese text does (`date = 26/10/2018`). `error_offset` is where
/// TOML's error is; `keys` are the file's date fields. `None` when the error is elsewhere.
pub fn unreadable_date(
    source: &str,
    error_offset: usize,
    keys: &[&str],
) -> Option<(usize, String, String)> {
    let error_offset = source.floor_char_boundary(error_offset);
    let line_start = source[..error_offset].rfind('\n').map_or(0, |i| i + 1);
    let line_end = source[line_start..]
        .find('\n')
        .map_or(source.len(), |i| line_start + i);
    let (key_part, value) = source[line_start..line_end].split_once('=')?;
    let key = key_part.trim();
    if !keys.contains(&key) {
        return None;
    }
    let value_start = line_start + key_part.len() + 1 + (value.len() - value.trim_start().len());
    let written = value.split(" #").next().unwrap_or_default().trim();
    // A value TOML reads is not what the error is about (a key written twice, say).
    if format!("v = {written}").parse::<toml::Table>().is_ok() {
        return None;
    }
    let message = format!("`{key} = {written}` is not a date TOML can read");
    let help = match day_first(written) {
        Some(date) => format!("write the year first, without quotes: `{key} = {date}`"),
        None if key == "date" => format!(
            "write `{key} = 2018-10-26` (year-month-day, without quotes), or `{key} = \"2018\"` / `\"2018-08\"` when only the year or month is known"
        ),
        None => format!("write `{key} = 2018-10-26` (year-month-day, without quotes)"),
    };
    Some((value_start, message, help))
}

/// `26/10/2018`, `26-10-2018` or `26.10.2018` as a date.
fn day_first(text: &str) -> Option<Date> {
    let mut parts = text.split(['/', '-', '.']);
    let mut number = || parts.next()?.parse::<i16>().ok();
    let (day, month, year) = (number()?, number()?, number()?);
    if parts.next().is_some() || year < 1000 {
        return None;
    }
    Date::new(year, i8::try_from(month).ok()?, i8::try_from(day).ok()?).ok()
}

/// The sort key that puts things by date, the undated last (`None` sorts first by itself).
pub fn undated_last<T: Ord>(date: Option<T>) -> (bool, Option<T>) {
    (date.is_none(), date)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(toml_value: &str) -> Result<PageDate, String> {
        let table: toml::Table = toml::from_str(&format!("d = {toml_value}")).unwrap();
        PageDate::from_toml(&table["d"])
    }

    #[test]
    fn full_dates_and_times() {
        let d = parse("2020-02-08T09:35:00+07:00").unwrap();
        assert_eq!(d.iso(), "2020-02-08T09:35:00+07:00");
        assert_eq!(d.vietnamese(false), "ngày 8 tháng 2 năm 2020");
        let local = parse("2017-03-04T21:16:00").unwrap();
        assert_eq!(local.rfc3339(), "2017-03-04T21:16:00+07:00");
        let day = parse("2018-10-26").unwrap();
        assert_eq!(day.iso(), "2018-10-26");
        assert_eq!(day.rfc3339(), "2018-10-26T00:00:00+07:00");
        assert_eq!(
            parse("2017-03-04").unwrap().vietnamese(false),
            "ngày 4 tháng 3 năm 2017"
        );
    }

    #[test]
    fn partial_dates_sort_as_their_first_day() {
        let year = parse("\"2018\"").unwrap();
        assert!(year.is_partial());
        assert_eq!(year.first_day(), jiff::civil::date(2018, 1, 1));
        assert_eq!(year.vietnamese(true), "khoảng năm 2018");
        let month = parse("\"2018-08\"").unwrap();
        assert_eq!(month.iso(), "2018-08");
        assert_eq!(month.vietnamese(false), "tháng 8 năm 2018");
        assert!(month.timestamp() > year.timestamp());
    }

    #[test]
    fn english_wording() {
        let day = parse("2017-03-04").unwrap();
        assert_eq!(day.written(Language::English, false), "4 March 2017");
        let year = parse("\"2018\"").unwrap();
        assert_eq!(year.written(Language::English, true), "about 2018");
        assert_eq!(
            written_day(jiff::civil::date(2007, 10, 22), Language::Vietnamese),
            "ngày 22 tháng 10 năm 2007"
        );
    }

    #[test]
    fn iso_text_parses_back() {
        for text in ["2018", "2018-08", "2018-10-26", "2020-02-08T09:35:00+07:00"] {
            assert_eq!(PageDate::parse(text).unwrap().iso(), text);
        }
        assert_eq!(PageDate::parse("hôm qua"), None);
    }

    #[test]
    fn quoted_full_dates_are_dates() {
        assert_eq!(
            parse("\"2018-10-26\"").unwrap(),
            parse("2018-10-26").unwrap()
        );
        assert_eq!(
            parse("\"2020-02-08T09:35:00+07:00\"").unwrap().iso(),
            "2020-02-08T09:35:00+07:00"
        );
        assert!(
            parse("\"2018-13-01\"")
                .unwrap_err()
                .contains("`2018-13-01` is not a date")
        );
        assert_eq!(
            parse("\"26/10/2018\"").unwrap_err(),
            "`26/10/2018` is written day first: write 2018-10-26 (year first, without quotes)"
        );
    }

    #[test]
    fn a_day_first_date_is_written_again_year_first() {
        let source = "title = \"A\"\ndate = 26/10/2018 # ngày họp\n";
        let error_at = source.find("26").unwrap() + 2;
        let (offset, message, help) = unreadable_date(source, error_at, &["date"]).unwrap();
        assert_eq!(offset, source.find("26").unwrap());
        assert_eq!(message, "`date = 26/10/2018` is not a date TOML can read");
        assert_eq!(
            help,
            "write the year first, without quotes: `date = 2018-10-26`"
        );
        let (_, _, help) = unreadable_date("from = hôm qua", 8, &["from"]).unwrap();
        assert!(help.contains("`from = 2018-10-26`"), "{help}");
        assert_eq!(unreadable_date("title = x", 8, &["date"]), None);
        let twice = "date = 2018-10-26\ndate = 2018-10-27\n";
        assert_eq!(unreadable_date(twice, 18, &["date"]), None);
    }

    #[test]
    fn wrong_values_are_explained() {
        assert!(
            parse("\"hôm qua\"")
                .unwrap_err()
                .contains("`hôm qua` is not a date")
        );
        assert!(parse("\"2018-13\"").is_err());
        assert!(parse("12").unwrap_err().contains("found the integer `12`"));
        assert!(parse("09:35:00").unwrap_err().contains("without a date"));
    }
}
