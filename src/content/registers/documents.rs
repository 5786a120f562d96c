//! References to Party documents in a sentence: coded (`Quyết định số 98-QĐ/TW ngày
//! 22/10/2007`), short (`Quyết định 98`, `Nghị quyết số 18`) and named (`Nghị quyết Hội nghị
//! Trung ương 4 khóa XII`), each with the date and issuer the text gives.

use std::sync::LazyLock;

use jiff::civil::Date;
use regex::{Captures, Regex};

use super::words::{is_whole_word, org_phrase_len, starts_word};

/// A document's kind as the text names it; the code's type letters (`QĐ`) are shared by
/// `Quyết định` and `Quy định`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Kind {
    NghiQuyet,
    ChiThi,
    QuyetDinh,
    QuyDinh,
    KeHoach,
    HuongDan,
    KetLuan,
}

impl Kind {
    pub fn name(self) -> &'static str {
        match self {
            Kind::NghiQuyet => "Nghị quyết",
            Kind::ChiThi => "Chỉ thị",
            Kind::QuyetDinh => "Quyết định",
            Kind::QuyDinh => "Quy định",
            Kind::KeHoach => "Kế hoạch",
            Kind::HuongDan => "Hướng dẫn",
            Kind::KetLuan => "Kết luận",
        }
    }

    /// The type letters of this kind's codes.
    pub fn type_code(self) -> &'static str {
        match self {
            Kind::NghiQuyet => "NQ",
            Kind::ChiThi => "CT",
            Kind::QuyetDinh | Kind::QuyDinh => "QĐ",
            Kind::KeHoach => "KH",
            Kind::HuongDan => "HD",
            Kind::KetLuan => "KL",
        }
    }

    fn from_word(word: &str) -> Kind {
        let lower = word.to_lowercase();
        let lower: String = lower.split_whitespace().collect::<Vec<_>>().join(" ");
        match lower.as_str() {
            "nghị quyết" => Kind::NghiQuyet,
            "chỉ thị" | "chị thị" => Kind::ChiThi,
            "quyết định" => Kind::QuyetDinh,
            "quy định" => Kind::QuyDinh,
            "kế hoạch" => Kind::KeHoach,
            "hướng dẫn" => Kind::HuongDan,
            _ => Kind::KetLuan,
        }
    }

    fn from_type_code(code: &str) -> Kind {
        match code {
            "NQ" => Kind::NghiQuyet,
            "CT" => Kind::ChiThi,
            "KH" => Kind::KeHoach,
            "HD" => Kind::HuongDan,
            "KL" => Kind::KetLuan,
            "QĐi" => Kind::QuyDinh,
            _ => Kind::QuyetDinh,
        }
    }
}

/// What identifies a referenced document before references are resolved across the site.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Key {
    /// `98-QĐ/TW`: the number's value, the type letters and the issuer code.
    Code {
        number: u64,
        type_code: String,
        issuer: String,
    },
    /// `Quyết định 98`, `Nghị quyết số 18`.
    Short {
        kind: Kind,
        number: u64,
        /// Written with `số`: a reference of its own even when no code matches it.
        numbered: bool,
    },
    /// `Nghị quyết Hội nghị Trung ương 4 khóa XII`, in that canonical wording.
    Named(String),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reference {
    pub key: Key,
    /// The kind the text names (`Quy định số 293-QĐ/TW`), when it names one.
    pub kind: Kind,
    pub kind_named: bool,
    /// The code as printed, `98-QĐ/TW`.
    pub code: Option<String>,
    pub date: Option<Date>,
    /// `Bộ Chính trị` in `… 98-QĐ/TW của Bộ Chính trị`.
    pub issuer: Option<String>,
    /// The words of the reference as they stand in the sentence.
    pub text: String,
}

const KIND: &str = r"[Nn]ghị\s+quyết|[Cc]h[ỉị]\s+thị|[Qq]uyết\s+định|[Qq]uy\s+định|[Kk]ế\s+hoạch|[Hh]ướng\s+dẫn|[Kk]ết\s+luận";

// Digits are `[0-9]`, not `\d` (any script's digits): they are parsed as ASCII numbers,
// and `\d` repeated compiles to many copies of a large class, milliseconds at each start.
static CODED: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?:(?P<kind>{KIND})\s+(?:số\s*)?)?(?P<code>(?P<num>[0-9]{{1,5}})-(?P<type>NQ|CT|QĐi|QĐ|KH|HD|KL)/(?P<issuer>\p{{Lu}}+(?:-\p{{Lu}}+)*))"
    ))
    .expect("coded document pattern")
});

static SHORT: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?P<kind>{KIND})\s+(?P<so>số\s*)?(?P<num>[0-9]{{1,5}})(?:[^-/0-9]|$)"
    ))
    .expect("short document pattern")
});

static PLENUM: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"(?x)[Nn]ghị\s+quyết\s+(?:Hội\s+nghị\s+)?
        (?: lần\s+thứ\s+(?P<ordinal>\p{Ll}+)\s+Ban\s+Chấp\s+hành\s+Trung\s+ương
          | Trung\s+ương\s+(?:lần\s+thứ\s+)?(?P<number>[0-9]{1,2}|\p{Ll}+) )
        \s*(?P<open>\()?\s*kh(?:óa|oá)\s+(?P<term1>[IVXL]+)
        (?:\s*(?:,|và)\s*(?:kh(?:óa|oá)\s+)?(?P<term2>[IVXL]+))?
        (?P<close>\s*\))?",
    )
    .expect("plenum pattern")
});

static CONGRESS: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(
        r"[Nn]ghị\s+quyết\s+Đại\s+hội\s+(?:đại\s+biểu\s+toàn\s+quốc\s+|Đảng\s+toàn\s+quốc\s+|toàn\s+quốc\s+)?(?:lần\s+thứ\s+)?(?P<term>[IVXL]+)",
    )
    .expect("congress pattern")
});

static DATE_AFTER: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"^\s*,?\s*ngày\s+([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})").expect("date after")
});

static DATE_ANYWHERE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"ngày\s+([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})").expect("date")
});

/// Between a date and a document: `, Ban Thường vụ Đảng ủy Khối đã ban hành `.
static ISSUED_BETWEEN: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^[^;.]{0,120}ban\s+hành\s*$").expect("issued pattern"));

static ISSUER_AFTER: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*,?\s*của\s+").expect("issuer pattern"));

static ANY_KIND: LazyLock<Regex> = LazyLock::new(|| Regex::new(KIND).expect("kind pattern"));

/// Compiles these patterns now rather than on first use (`registers::compile_patterns`).
pub fn compile_patterns() {
    LazyLock::force(&CODED);
    LazyLock::force(&SHORT);
    LazyLock::force(&PLENUM);
    LazyLock::force(&CONGRESS);
    LazyLock::force(&DATE_AFTER);
    LazyLock::force(&DATE_ANYWHERE);
    LazyLock::force(&ISSUED_BETWEEN);
    LazyLock::force(&ISSUER_AFTER);
    LazyLock::force(&ANY_KIND);
}

/// A reference found in a sentence, with where it starts and ends.
type Found = (usize, usize, Reference);

/// Every document reference in one sentence, in order.
pub fn find(sentence: &str) -> Vec<(usize, Reference)> {
    // Most sentences cite nothing: a code or number needs a digit, a named resolution the
    // word `quyết`. Checking that first skips the patterns for them.
    let has_digit = sentence.bytes().any(|b| b.is_ascii_digit());
    let has_resolution = sentence.contains("uyết");
    let mut found: Vec<Found> = Vec::new();
    if !has_digit && !has_resolution {
        return Vec::new();
    }
    if has_digit {
        find_coded(sentence, &mut found);
    }
    if has_resolution {
        find_resolutions(sentence, &mut found);
    }
    // Short forms last: they never take the place of a longer reference.
    if has_digit {
        find_short(sentence, &mut found);
    }
    found.sort_by_key(|(start, _, _)| *start);
    found.into_iter().map(|(s, _, r)| (s, r)).collect()
}

/// Coded references: `Quyết định số 98-QĐ/TW ngày 7/10/2017 của Bộ Chính trị`, `98-QĐ/TW`.
fn find_coded(sentence: &str, found: &mut Vec<Found>) {
    for caps in CODED.captures_iter(sentence) {
        let whole = caps.get(0).expect("match");
        let code_at = caps.name("code").expect("code").start();
        if caps.name("kind").is_none() && !starts_word(sentence, code_at) {
            continue;
        }
        let code = &caps["code"];
        let type_code = caps["type"].to_owned();
        let (kind, kind_named) = match caps.name("kind") {
            Some(k) => (Kind::from_word(k.as_str()), true),
            None => (Kind::from_type_code(&type_code), false),
        };
        let (date, after) = date_after(sentence, whole.end());
        let date = date.or_else(|| date_before(sentence, whole.start()));
        found.push((
            whole.start(),
            whole.end(),
            Reference {
                key: Key::Code {
                    number: number(&caps),
                    type_code: if type_code == "QĐi" {
                        "QĐ".into()
                    } else {
                        type_code
                    },
                    issuer: caps["issuer"].to_owned(),
                },
                kind,
                kind_named,
                code: Some(code.to_owned()),
                date,
                issuer: issuer_after(sentence, after),
                text: whole.as_str().to_owned(),
            },
        ));
    }
}

/// Resolutions named, not numbered: of a Central Committee plenum or of a Party congress.
fn find_resolutions(sentence: &str, found: &mut Vec<Found>) {
    for caps in PLENUM.captures_iter(sentence) {
        let whole = caps.get(0).expect("match");
        // `khóa XII`, not the X of a following word.
        let terms = [caps.name("term1"), caps.name("term2")];
        if terms
            .iter()
            .flatten()
            .any(|t| !is_whole_word(sentence, t.start(), t.end()))
        {
            continue;
        }
        let Some(session) = caps
            .name("number")
            .or(caps.name("ordinal"))
            .and_then(|m| session_number(m.as_str()))
        else {
            continue;
        };
        // `(khóa XII)` keeps its closing bracket only when it opened one.
        let end = match (caps.name("open"), caps.name("close")) {
            (None, Some(close)) => close.start(),
            _ => whole.end(),
        };
        for term in terms.into_iter().flatten() {
            let name = format!(
                "Nghị quyết Hội nghị Trung ương {session} khóa {}",
                term.as_str()
            );
            found.push((
                whole.start(),
                end,
                named(name, &sentence[whole.start()..end]),
            ));
        }
    }
    for caps in CONGRESS.captures_iter(sentence) {
        let whole = caps.get(0).expect("match");
        if !is_whole_word(sentence, whole.start(), whole.end()) {
            continue;
        }
        let name = format!(
            "Nghị quyết Đại hội đại biểu toàn quốc lần thứ {} của Đảng",
            &caps["term"]
        );
        found.push((whole.start(), whole.end(), named(name, whole.as_str())));
    }
}

/// Short forms, `Chỉ thị 05`, `Quy định số 29`, where no longer reference stands.
fn find_short(sentence: &str, found: &mut Vec<Found>) {
    for caps in SHORT.captures_iter(sentence) {
        let whole = caps.get(0).expect("match");
        let end = caps.name("num").expect("number").end();
        if found.iter().any(|(s, e, _)| *s < end && whole.start() < *e) {
            continue;
        }
        let kind = Kind::from_word(&caps["kind"]);
        found.push((
            whole.start(),
            end,
            Reference {
                key: Key::Short {
                    kind,
                    number: number(&caps),
                    numbered: caps.name("so").is_some(),
                },
                kind,
                kind_named: true,
                code: None,
                date: None,
                issuer: None,
                text: sentence[whole.start()..end].to_owned(),
            },
        ));
    }
}

fn named(name: String, text: &str) -> Reference {
    Reference {
        key: Key::Named(name),
        kind: Kind::NghiQuyet,
        kind_named: true,
        code: None,
        date: None,
        issuer: None,
        text: text.to_owned(),
    }
}

fn number(caps: &Captures) -> u64 {
    caps["num"].parse().unwrap_or(0)
}

fn session_number(word: &str) -> Option<u8> {
    if let Ok(n) = word.parse() {
        return Some(n);
    }
    let n = match word {
        "nhất" => 1,
        "hai" => 2,
        "ba" => 3,
        "tư" | "bốn" => 4,
        "năm" => 5,
        "sáu" => 6,
        "bảy" => 7,
        "tám" => 8,
        "chín" => 9,
        "mười" => 10,
        _ => return None,
    };
    Some(n)
}

fn date_from(caps: &Captures) -> Option<Date> {
    let field = |i: usize| caps[i].parse::<i16>().ok();
    Date::new(field(3)?, field(2)? as i8, field(1)? as i8).ok()
}

/// `, ngày 16-11-2016` right after the reference; returns where the reference's words end.
fn date_after(sentence: &str, end: usize) -> (Option<Date>, usize) {
    match DATE_AFTER.captures(&sentence[end..]) {
        Some(caps) => (date_from(&caps), end + caps.get(0).expect("match").end()),
        None => (None, end),
    }
}

/// `ngày 1-11-2017, Ban Thường vụ … đã ban hành` just before the reference.
fn date_before(sentence: &str, start: usize) -> Option<Date> {
    let before = &sentence[..start];
    let caps = DATE_ANYWHERE.captures_iter(before).last()?;
    let between = &before[caps.get(0).expect("match").end()..];
    (ISSUED_BETWEEN.is_match(between) && !ANY_KIND.is_match(between))
        .then(|| date_from(&caps))
        .flatten()
}

/// `của Bộ Chính trị` right after the reference (and its date).
fn issuer_after(sentence: &str, end: usize) -> Option<String> {
    let rest = &sentence[end..];
    let of = ISSUER_AFTER.find(rest)?;
    let name = &rest[of.end()..];
    let len = org_phrase_len(name);
    (len > 0).then(|| name[..len].to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn refs(sentence: &str) -> Vec<Reference> {
        find(sentence).into_iter().map(|(_, r)| r).collect()
    }

    fn date(y: i16, m: i8, d: i8) -> Option<Date> {
        Some(jiff::civil::date(y, m, d))
    }

    #[test]
    fn coded_references_with_dates_after_and_before() {
        let r = refs(
            "Từ khi Bộ Chính trị ban hành Quyết định số 98-QĐ/TW ngày 22/10/2007 về chức năng, Quy định số 293-QĐ/TW ngày 23/3/2010 về chức năng.",
        );
        assert_eq!(r.len(), 2);
        assert_eq!(r[0].code.as_deref(), Some("98-QĐ/TW"));
        assert_eq!(r[0].kind, Kind::QuyetDinh);
        assert_eq!(r[0].date, date(2007, 10, 22));
        assert_eq!(r[1].kind, Kind::QuyDinh);
        assert_eq!(r[1].date, date(2010, 3, 23));

        let r = refs(
            "Đồng thời, ngày 1-11-2017, Ban Thường vụ Đảng ủy Khối đã ban hành Quyết định số 1049-QĐ/ĐUK về chuẩn mực đạo đức.",
        );
        assert_eq!(r[0].code.as_deref(), Some("1049-QĐ/ĐUK"));
        assert_eq!(r[0].date, date(2017, 11, 1));

        let r = refs("Theo dõi Kế hoạch 04-KH/TW, ngày 16-11-2016 của Bộ Chính trị về tăng cường.");
        assert_eq!(r[0].date, date(2016, 11, 16));
        assert_eq!(r[0].issuer.as_deref(), Some("Bộ Chính trị"));

        let r = refs(
            "thực hiện tốt Chị thị số05-CT/TW và Chỉ thị số 35-CT/TW của Bộ Chính trị về đại hội",
        );
        assert_eq!(r[0].code.as_deref(), Some("05-CT/TW"));
        assert_eq!(r[0].kind, Kind::ChiThi);
        assert_eq!(r[1].issuer.as_deref(), Some("Bộ Chính trị"));
        assert_eq!(r[1].date, None);
    }

    #[test]
    fn short_and_named_references() {
        let r = refs(
            "hoàn thiện Quyết định 98 của Bộ Chính trị; Quy định 293 của Ban Bí thư và Nghị quyết số 18 một số vấn đề",
        );
        assert_eq!(
            r.iter().map(|r| r.text.as_str()).collect::<Vec<_>>(),
            ["Quyết định 98", "Quy định 293", "Nghị quyết số 18"]
        );
        assert!(matches!(
            r[2].key,
            Key::Short {
                numbered: true,
                number: 18,
                ..
            }
        ));

        let named = |s: &str| {
            refs(s)
                .into_iter()
                .map(|r| match r.key {
                    Key::Named(n) => n,
                    other => panic!("{other:?}"),
                })
                .collect::<Vec<_>>()
        };
        let xii = "Nghị quyết Hội nghị Trung ương 4 khóa XII";
        assert_eq!(
            named("thực hiện Nghị quyết Trung ương 4 (khóa XII) và"),
            [xii]
        );
        assert_eq!(
            named("Thực hiện nghị quyết Trung ương 4 khóa XII và"),
            [xii]
        );
        assert_eq!(
            named("Nghị quyết Hội nghị lần thứ tư Ban Chấp hành Trung ương khóa XI và khóa XII"),
            ["Nghị quyết Hội nghị Trung ương 4 khóa XI", xii]
        );
        assert_eq!(
            named("theo tinh thần Nghị quyết Trung ương 6 khóa XII) của Đảng"),
            ["Nghị quyết Hội nghị Trung ương 6 khóa XII"]
        );
        assert!(named("đưa Nghị quyết Trung ương 4 vào cuộc sống").is_empty());
        assert_eq!(
            named("cụ thể hóa Nghị quyết Đại hội XII của Đảng"),
            ["Nghị quyết Đại hội đại biểu toàn quốc lần thứ XII của Đảng"]
        );
    }

    #[test]
    fn a_number_alone_is_not_a_document() {
        assert!(refs("Nghị quyết Đại hội Xây dựng và mã x05-CT/TW").is_empty());
        assert!(refs("Kế hoạch tổ chức thực hiện với 7 nhóm nhiệm vụ").is_empty());
        assert!(refs("Kết luận hội nghị để tổ chức thực hiện").is_empty());
    }
}
