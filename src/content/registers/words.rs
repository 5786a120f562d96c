//! Word-level rules shared by the registers: where the name of an office or organisation
//! ends (`Bí thư Đảng ủy Khối các cơ quan Trung ương` | `cho biết`), and what a person's
//! name looks like.

use std::sync::LazyLock;

use regex::Regex;

// The patterns here and in the other register modules avoid `\b`: a Unicode word boundary
// keeps the regex engine off its fast paths. Boundaries are checked with `is_whole_word`.

/// An office's first words: `Ủy viên`, `Phó Bí thư`, `Trưởng Ban`, `Phó Chánh Văn phòng`, …
static ROLE_HEAD: LazyLock<Regex> = LazyLock::new(|| Regex::new(OFFICE).expect("role pattern"));

/// The same, only at the start of a text: an anchored search stops at once.
static ROLE_HEAD_AT_START: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(&format!("^{OFFICE}")).expect("role pattern"));

/// Compiles these patterns now rather than on first use (`registers::compile_patterns`).
pub fn compile_patterns() {
    LazyLock::force(&ROLE_HEAD);
    LazyLock::force(&ROLE_HEAD_AT_START);
}

/// Where offices start in `text`.
pub fn offices_in(text: &str) -> impl Iterator<Item = usize> + '_ {
    ROLE_HEAD
        .find_iter(text)
        .filter(|m| is_whole_word(text, m.start(), m.end()))
        .map(|m| m.start())
}

pub fn starts_with_office(text: &str) -> bool {
    ROLE_HEAD_AT_START
        .find(text)
        .is_some_and(|m| is_whole_word(text, 0, m.end()))
}

/// Whether `text[start..end]` is not part of a longer word.
pub fn is_whole_word(text: &str, start: usize, end: usize) -> bool {
    starts_word(text, start)
        && !text[end..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric)
}

/// Whether a word can start at `at`: no letter or digit just before it.
pub fn starts_word(text: &str, at: usize) -> bool {
    !text[..at]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
}

const OFFICE: &str = r"(?:(?:Phó|Nguyên|Quyền)\s+)?(?:Tổng\s+Bí\s+thư|Bí\s+thư|Ủy\s+viên|Uỷ\s+viên|Trưởng\s+[Bb]an|Trưởng\s+[Đđ]oàn|Trưởng\s+[Pp]hòng|Chánh\s+[Vv]ăn\s+phòng|Chủ\s+tịch|Thủ\s+tướng|Bộ\s+trưởng|Thứ\s+trưởng|Chủ\s+nhiệm|Tổng\s+[Gg]iám\s+đốc|Giám\s+đốc|Vụ\s+trưởng|Cục\s+trưởng|Tổng\s+[Bb]iên\s+tập|Chánh\s+án|Viện\s+trưởng|Đại\s+biểu\s+Quốc\s+hội)";

/// Second syllables of capitalised compound words inside office and organisation names
/// (`Bí thư`, `Ủy viên`, `Tổ chức`, `Trung ương`); accepted right after a capitalised word.
const SECOND_SYLLABLES: &[&str] = &[
    "thư",
    "viên",
    "chức",
    "ủy",
    "uỷ",
    "ban",
    "trực",
    "phòng",
    "tra",
    "trị",
    "ương",
    "tịch",
    "nhiệm",
    "trưởng",
    "đốc",
    "tập",
    "án",
    "biểu",
    "tướng",
    "vụ",
    "quốc",
    "bộ",
    "hành",
];

/// Lower-case words that organisation names are built with anywhere
/// (`Đảng ủy Khối các cơ quan tỉnh Đồng Tháp`).
const CONNECTORS: &[&str] = &[
    "các",
    "cơ",
    "quan",
    "tỉnh",
    "thành",
    "phố",
    "huyện",
    "quận",
    "thường",
    "trực",
];

/// Surnames that open a Vietnamese personal name. A name must start with one of these, so
/// `Bộ Chính trị`, `Đảng ủy Khối` or `Trung ương Đảng` can never be taken for people.
const SURNAMES: &[&str] = &[
    "Nguyễn", "Trần", "Lê", "Phạm", "Hoàng", "Huỳnh", "Phan", "Vũ", "Võ", "Đặng", "Bùi", "Đỗ",
    "Hồ", "Ngô", "Dương", "Lý", "Đinh", "Trương", "Lương", "Mai", "Tô", "Hà", "Đào", "Cao", "Lâm",
    "Thái", "Triệu", "Châu", "Đoàn", "Trịnh", "Lưu", "Vương", "Thân", "Tạ", "Lại", "Quách", "Kiều",
    "Từ", "Mạc", "Nông", "Hứa", "Giang", "Kim", "Âu", "Tăng", "Lục", "Đàm", "Thạch", "Sơn", "Danh",
    "Tất", "Chu", "Ông", "Bế", "La", "Lò", "Hầu", "Phùng", "Diệp", "Doãn", "Khúc", "Quan", "Trình",
    "Tôn", "Ninh", "Tống", "Cù", "Đậu", "Nghiêm", "Bạch", "Chung", "Khuất", "Lã", "Văn", "Thiều",
    "Lò", "Y", "Hoa",
];

/// Words right before a capitalised run that make it a place, not a person
/// (`tỉnh Hà Tĩnh`, `Thành ủy Hà Nội`, `tại Hà Nội`).
const PLACE_CUES: &[&str] = &[
    "tỉnh",
    "phố",
    "tp.",
    "tp",
    "huyện",
    "quận",
    "xã",
    "phường",
    "tại",
    "ở",
    "ủy",
    "uỷ",
    "đến",
    "về",
];

/// A syllable of a name: a capital then lower-case letters (`Thắng`, not `TPHCM` or `XII`).
pub fn is_name_syllable(word: &str) -> bool {
    let mut chars = word.chars();
    chars.next().is_some_and(char::is_uppercase)
        && chars.clone().next().is_some()
        && chars.all(char::is_lowercase)
}

fn is_capitalised(word: &str) -> bool {
    word.chars().next().is_some_and(char::is_uppercase)
}

const TRAILING_PUNCTUATION: &[char] = &[',', ';', ':', '.', ')', '"', '”', '!', '?', '…'];

/// The office or organisation name at the start of `text`, as a byte length: words go on
/// while they are capitalised, a known second syllable, a connector, or a dash between
/// capitalised words; punctuation after a word ends it.
pub fn org_phrase_len(text: &str) -> usize {
    let mut end = 0;
    let mut previous_capitalised = false;
    let mut words = word_spans(text).peekable();
    while let Some((start, word_end)) = words.next() {
        let raw = &text[start..word_end];
        let word = raw.trim_end_matches(TRAILING_PUNCTUATION);
        // Connectors and second syllables are listed lower-case; a capitalised word
        // continues the phrase anyway, so no case folding is needed.
        let dash_between = matches!(word, "-" | "–")
            && words
                .peek()
                .is_some_and(|&(s, e)| is_capitalised(&text[s..e]));
        let continues = !word.is_empty()
            && (is_capitalised(word)
                || dash_between
                || CONNECTORS.contains(&word)
                || previous_capitalised && SECOND_SYLLABLES.contains(&word));
        if !continues || word.starts_with(['(', '"', '“']) {
            break;
        }
        end = start + word.len();
        previous_capitalised = is_capitalised(word);
        if word.len() < raw.len() {
            break;
        }
    }
    end
}

/// Byte spans of the space-separated words of `text`.
pub fn word_spans(text: &str) -> impl Iterator<Item = (usize, usize)> + '_ {
    let mut offset = 0;
    text.split(' ').filter_map(move |w| {
        let start = offset;
        offset += w.len() + 1;
        (!w.is_empty()).then_some((start, start + w.len()))
    })
}

/// The person's name at the end of a run of capitalised words (`Trung ương Sơn Minh Thắng`
/// → `Sơn Minh Thắng`): three syllables preferred, then four, then two; the name must open
/// with a surname. `before` is the text before the run, to rule out places.
pub fn name_at_end<'a>(run: &[&'a str], before: &str) -> Option<Vec<&'a str>> {
    for take in [3, 4, 2] {
        if run.len() < take {
            continue;
        }
        let name = &run[run.len() - take..];
        if !SURNAMES.contains(&name[0]) || !name.iter().all(|w| is_name_syllable(w)) {
            continue;
        }
        let cue = if run.len() > take {
            run[run.len() - take - 1].to_lowercase()
        } else {
            before
                .split_whitespace()
                .next_back()
                .unwrap_or_default()
                .to_lowercase()
        };
        if PLACE_CUES.contains(&cue.as_str()) {
            return None;
        }
        return Some(name.to_vec());
    }
    None
}

/// The name at the start of a run (after `ông`, `đồng chí`): the whole run when it is two
/// to four name syllables opening with a surname.
pub fn name_at_start<'a>(run: &[&'a str]) -> Option<Vec<&'a str>> {
    let syllables: Vec<&str> = run
        .iter()
        .copied()
        .take_while(|w| is_name_syllable(w))
        .take(4)
        .collect();
    (syllables.len() >= 2 && SURNAMES.contains(&syllables[0])).then_some(syllables)
}

/// A full name as authors are listed: two to four name syllables opening with a surname.
pub fn is_full_name(text: &str) -> bool {
    let words: Vec<&str> = text.split_whitespace().collect();
    (2..=4).contains(&words.len()) && name_at_start(&words).is_some_and(|n| n.len() == words.len())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn phrase(text: &str) -> &str {
        &text[..org_phrase_len(text)]
    }

    #[test]
    fn offices_end_where_the_sentence_goes_on() {
        assert_eq!(
            phrase("Bí thư Đảng ủy Khối các cơ quan tỉnh Đồng Tháp cho biết"),
            "Bí thư Đảng ủy Khối các cơ quan tỉnh Đồng Tháp"
        );
        assert_eq!(phrase("Bí thư Đảng ủy Khối nêu rõ"), "Bí thư Đảng ủy Khối");
        assert_eq!(
            phrase("Phó Bí thư thường trực Thành ủy phát biểu"),
            "Phó Bí thư thường trực Thành ủy"
        );
        assert_eq!(
            phrase("Phó Bí thư Đảng ủy Khối - Dân - Chính Đảng TPHCM cho biết"),
            "Phó Bí thư Đảng ủy Khối - Dân - Chính Đảng TPHCM"
        );
        assert_eq!(
            phrase("Ủy viên Trung ương Đảng, Bí thư"),
            "Ủy viên Trung ương Đảng"
        );
        assert_eq!(phrase("Bí thư Đảng ủy Khối tổ chức"), "Bí thư Đảng ủy Khối");
    }

    #[test]
    fn names_open_with_a_surname_and_are_not_places() {
        let run = ["Trung", "Sơn", "Minh", "Thắng"];
        assert_eq!(name_at_end(&run, "").unwrap(), ["Sơn", "Minh", "Thắng"]);
        assert_eq!(name_at_end(&["Hà", "Tĩnh"], "Bí thư Tỉnh ủy"), None);
        assert_eq!(name_at_end(&["Bộ", "Chính"], ""), None);
        assert_eq!(name_at_end(&["Đảng", "TPHCM"], ""), None);
        assert!(is_full_name("Sơn Minh Thắng"));
        assert!(!is_full_name("A.H"));
        assert!(!is_full_name("Trung ương Đảng"));
    }
}
