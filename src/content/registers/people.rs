//! People named in a sentence with the offices the text gives them:
//! `Nguyễn Thanh Bình, Ủy viên Trung ương Đảng, Phó Trưởng ban …` (name, then offices),
//! `ông Vũ Hữu Minh - Phó Bí thư …` (a courtesy word, then the name),
//! `Bí thư Đảng ủy Khối các cơ quan Trung ương Sơn Minh Thắng` (the office, then the name).

use std::sync::LazyLock;

use regex::Regex;

use super::words::{
    is_name_syllable, name_at_end, name_at_start, offices_in, org_phrase_len, starts_with_office,
    starts_word, word_spans,
};

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    pub name: String,
    /// Each office on its own: `Ủy viên Bộ Chính trị`, `Bí thư Trung ương Đảng`.
    pub roles: Vec<String>,
}

static COURTESY: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?:[Ôô]ng|[Bb]à|[Đđ]ồng\s+chí)\s+").expect("courtesy"));

/// Between a name and its office: `, ` or ` - ` or `-`.
static SEPARATOR: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"^\s*(?:,|-|–)\s*").expect("separator"));

static SEPARATOR_ANYWHERE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\s*(?:,|-|–)\s*").expect("separator"));

/// Compiles these patterns now rather than on first use (`registers::compile_patterns`).
pub fn compile_patterns() {
    LazyLock::force(&COURTESY);
    LazyLock::force(&SEPARATOR);
    LazyLock::force(&SEPARATOR_ANYWHERE);
}

pub fn find(sentence: &str) -> Vec<Finding> {
    let mut found: Vec<Finding> = Vec::new();
    let mut add = |name: Vec<&str>, roles: Vec<String>| {
        let name = name.join(" ");
        match found.iter_mut().find(|f| f.name == name) {
            Some(f) => {
                for role in roles {
                    if !f.roles.iter().any(|r| same_office(r, &role)) {
                        f.roles.push(role);
                    }
                }
            }
            None => found.push(Finding { name, roles }),
        }
    };
    // `ông Vũ Hữu Minh`, `đồng chí Phạm Minh Chính, Ủy viên …`
    let cues = COURTESY
        .find_iter(sentence)
        .filter(|m| starts_word(sentence, m.start()));
    for cue in cues {
        let rest = &sentence[cue.end()..];
        let run = leading_run(rest);
        if let Some(name) = name_at_start(&run) {
            let after = name_end(rest, &name);
            add(name, roles_after_separator(&rest[after..]));
        }
    }
    // `Nguyễn Thanh Bình, Ủy viên …`
    for sep in SEPARATOR_ANYWHERE.find_iter(sentence) {
        let before = &sentence[..sep.start()];
        let run = trailing_run(before);
        if run.len() < 2 || !starts_with_office(&sentence[sep.end()..]) {
            continue;
        }
        if let Some(name) = name_at_end(&run, &before[..suffix_start(before, &run)]) {
            add(name, roles_at(&sentence[sep.end()..]));
        }
    }
    // `Trưởng Ban Tổ chức Trung ương Phạm Minh Chính`
    for head in offices_in(sentence) {
        let text = &sentence[head..];
        let (role, name) = office_then_name(text);
        if let (Some(name), false) = (name, role.is_empty()) {
            add(name, vec![role.to_owned()]);
        }
    }
    found
}

/// The capitalised words at the start of `text`, up to the first other word or punctuation.
fn leading_run(text: &str) -> Vec<&str> {
    let mut run = Vec::new();
    for (s, e) in word_spans(text) {
        let raw = &text[s..e];
        // `Thắng-Bí` is a name followed by `-Bí thư…`.
        let word = raw.split(['-', '–']).next().unwrap_or_default();
        let word = word.trim_end_matches([',', ';', ':', '.', ')']);
        if !is_name_syllable(word) {
            break;
        }
        run.push(word);
        if word.len() < raw.len() {
            break;
        }
    }
    run
}

/// The name syllables ending `text` (which ends right before a separator).
fn trailing_run(text: &str) -> Vec<&str> {
    let mut run: Vec<&str> = text
        .rsplit(' ')
        .take_while(|w| is_name_syllable(w))
        .take(6)
        .collect();
    run.reverse();
    run
}

/// Where `words`, the last space-separated words of `text`, begin in it.
fn suffix_start(text: &str, words: &[&str]) -> usize {
    let spaces = words.len().saturating_sub(1);
    let len: usize = words.iter().map(|w| w.len()).sum::<usize>() + spaces;
    text.len().saturating_sub(len)
}

/// Where the name's words end in `text`, which starts with them.
fn name_end(text: &str, name: &[&str]) -> usize {
    let joined = name.join(" ");
    if text.starts_with(&joined) {
        joined.len()
    } else {
        0
    }
}

fn roles_after_separator(text: &str) -> Vec<String> {
    match SEPARATOR.find(text) {
        Some(sep) => roles_at(&text[sep.end()..]),
        None => Vec::new(),
    }
}

/// `Phó Bí thư Thường trực` and `Phó Bí thư thường trực` are one office.
/// Compared character by character, without allocating: it runs for every office found.
pub fn same_office(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.chars()
            .flat_map(char::to_lowercase)
            .eq(b.chars().flat_map(char::to_lowercase))
}

/// An author's role as front matter gives it, split into offices like the text's.
pub fn offices(role: &str) -> Vec<String> {
    let offices = roles_at(role.trim());
    if offices.concat().len() + 2 * offices.len().saturating_sub(1) == role.trim().len() {
        offices
    } else {
        vec![role.trim().to_owned()]
    }
}

/// A list of offices at the start of `text`: `Ủy viên Bộ Chính trị, Bí thư Trung ương Đảng,
/// Trưởng Ban Tổ chức Trung ương`. It stops at a name (that is another person's office).
fn roles_at(mut text: &str) -> Vec<String> {
    let mut roles = Vec::new();
    while starts_with_office(text) {
        let (role, name) = office_then_name(text);
        roles.push(role.to_owned());
        if name.is_some() {
            break;
        }
        let rest = &text[role.len()..];
        match rest.strip_prefix(',').map(str::trim_start) {
            Some(next) => text = next,
            None => break,
        }
    }
    roles
}

/// An office at the start of `text`, and the name that ends it, if one does.
fn office_then_name(text: &str) -> (&str, Option<Vec<&str>>) {
    let phrase = &text[..org_phrase_len(text)];
    let run = trailing_run(phrase);
    if run.is_empty() {
        return (phrase, None);
    }
    let role_before = phrase[..suffix_start(phrase, &run)].trim_end();
    match name_at_end(&run, role_before) {
        Some(name) => {
            let role = phrase[..suffix_start(phrase, &name)].trim_end();
            (role, Some(name))
        }
        None => (phrase, None),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn people(sentence: &str) -> Vec<(String, Vec<String>)> {
        find(sentence)
            .into_iter()
            .map(|f| (f.name, f.roles))
            .collect()
    }

    fn person(name: &str, roles: &[&str]) -> (String, Vec<String>) {
        (
            name.to_owned(),
            roles.iter().map(|r| r.to_string()).collect(),
        )
    }

    #[test]
    fn name_then_offices() {
        assert_eq!(
            people(
                "Đoàn Công tác có các đồng chí: Nguyễn Thanh Bình, Ủy viên Trung ương Đảng, Phó Trưởng ban Thường trực Ban Tổ chức Trung ương; Cao Văn Thống, Ủy viên Ủy ban Kiểm tra Trung ương và đại diện lãnh đạo"
            ),
            [
                person(
                    "Nguyễn Thanh Bình",
                    &[
                        "Ủy viên Trung ương Đảng",
                        "Phó Trưởng ban Thường trực Ban Tổ chức Trung ương"
                    ]
                ),
                person("Cao Văn Thống", &["Ủy viên Ủy ban Kiểm tra Trung ương"]),
            ]
        );
    }

    #[test]
    fn courtesy_word_then_name() {
        assert_eq!(
            people(
                "Tại hội nghị, ông Vũ Hữu Minh - Phó Bí thư Đảng ủy Khối - Dân - Chính Đảng TPHCM cho biết"
            ),
            [person(
                "Vũ Hữu Minh",
                &["Phó Bí thư Đảng ủy Khối - Dân - Chính Đảng TPHCM"]
            )]
        );
        assert_eq!(
            people(
                "Tham dự có ông Sơn Minh Thắng-Bí thư Đảng ủy Khối các cơ quan Trung ương, ông Tất Thành Cang-Phó Bí thư Thường trực Thành ủy."
            ),
            [
                person(
                    "Sơn Minh Thắng",
                    &["Bí thư Đảng ủy Khối các cơ quan Trung ương"]
                ),
                person("Tất Thành Cang", &["Phó Bí thư Thường trực Thành ủy"]),
            ]
        );
        assert_eq!(
            people("Ông Vũ Hữu Minh cho rằng"),
            [person("Vũ Hữu Minh", &[])]
        );
    }

    #[test]
    fn office_then_name() {
        assert_eq!(
            people(
                "Khai mạc Hội nghị, Bí thư Đảng ủy Khối các cơ quan Trung ương Sơn Minh Thắng cho biết"
            ),
            [person(
                "Sơn Minh Thắng",
                &["Bí thư Đảng ủy Khối các cơ quan Trung ương"]
            )]
        );
        assert_eq!(
            people(
                "Đồng chí Phạm Minh Chính, Ủy viên Bộ Chính trị, Bí thư Trung ương Đảng, Trưởng Ban Tổ chức Trung ương phát biểu"
            ),
            [person(
                "Phạm Minh Chính",
                &[
                    "Ủy viên Bộ Chính trị",
                    "Bí thư Trung ương Đảng",
                    "Trưởng Ban Tổ chức Trung ương"
                ]
            )]
        );
    }

    #[test]
    fn organisations_and_places_are_not_people() {
        for s in [
            "Đảng ủy Khối và Bộ Chính trị, Ban Bí thư Trung ương Đảng đã chỉ đạo",
            "các đồng chí Bí thư Đảng ủy Khối ở Trung ương",
            "Bí thư Tỉnh ủy Hà Tĩnh phát biểu",
            "tại Hà Nội, Bí thư Thành ủy phát biểu",
            "học tập và làm theo tư tưởng, đạo đức, phong cách Hồ Chí Minh.",
        ] {
            assert_eq!(people(s), [], "{s}");
        }
    }
}
