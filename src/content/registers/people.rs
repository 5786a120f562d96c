//! People named in a sentence with the offices the text gives them:
//! `Nguyễn Thanh Bình, Ủy viên Trung ương Đảng, Phó Trưởng ban …` (name, then offices),
//! `ông Vũ Hữu Minh - Phó Bí thư …` (a courtesy word, then the name),
//! `Bí thư Đảng ủy Khối các cơ quan Trung ương Sơn Minh Thắng` (the office, then the name).
//! `build_people` makes the people register from them and the authors.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::{Arc, LazyLock};

use regex::Regex;

use super::scanner::{ScanFor, scan};
use super::words;
use super::{
    Corrections, Making, PageFindings, Person, RegisterEntry, Role, TextPlace, by_date,
    dedupe_slugs,
};
use crate::content::Page;
use crate::text::date::undated_last;
use crate::text::slugify;
use crate::urls::PEOPLE_PATH;

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

/// The people register: everyone the pages name with an office or a courtesy word, and
/// the authors, merged under the editor's corrections; each mention kept in `found`.
pub(super) fn build_people(making: &mut Making) {
    let Making {
        pages,
        findings,
        corrections,
        ..
    } = *making;
    let aliases = Corrections::alias_map(&corrections.people);
    let canonical = |name: &str| {
        aliases
            .get(name)
            .cloned()
            .unwrap_or_else(|| name.to_owned())
    };
    let excluded = |name: &str| corrections.people.get(name).is_some_and(|c| c.exclude);
    let mut roles = offices_found(pages, findings, &canonical);
    let extracted: BTreeSet<String> = roles.keys().cloned().collect();
    // People the editor adds: found wherever their name or an alias is written.
    for name in corrections.people.keys() {
        roles.entry(name.clone()).or_default();
    }
    roles.retain(|name, _| !excluded(name));

    // Every spelling that names someone, longest match first.
    let names: Vec<String> = roles.keys().cloned().collect();
    let mut spellings: Vec<(String, usize)> = names.iter().cloned().zip(0..).collect();
    for (alias, name) in &aliases {
        if let Some(i) = names.iter().position(|n| n == name) {
            spellings.push((alias.clone(), i));
        }
    }
    let hits = scan(
        pages,
        spellings.iter().map(|(s, _)| s.as_str()),
        ScanFor::FirstInPage,
        making.scanners,
    );
    let (registers, found) = (&mut *making.registers, &mut *making.found);
    let mut pages_of: Vec<BTreeSet<usize>> = vec![BTreeSet::new(); names.len()];
    let mut mentions: Vec<Vec<(usize, TextPlace)>> = vec![Vec::new(); names.len()];
    for hit in hits {
        let person = spellings[hit.pattern].1;
        pages_of[person].insert(hit.page);
        mentions[person].push((hit.page, hit.spot));
    }
    for (page, p) in pages.iter().enumerate() {
        for author in &p.meta.authors {
            if let Some(i) = names.iter().position(|n| *n == canonical(author)) {
                pages_of[i].insert(page);
            }
        }
    }

    let mut people: Vec<(Person, Vec<(usize, TextPlace)>)> = names
        .into_iter()
        .zip(roles.into_values())
        .zip(pages_of.into_iter().zip(mentions))
        .filter(|(_, (named_in, _))| !named_in.is_empty())
        .map(|((name, offices), (named_in, mentions))| {
            (person_entry(name, offices, named_in, pages), mentions)
        })
        .collect();
    people.sort_by(|a, b| {
        a.0.slug
            .cmp(&b.0.slug)
            .then_with(|| a.0.name.cmp(&b.0.name))
    });
    for (i, (person, mentions)) in people.into_iter().enumerate() {
        for (page, spot) in mentions {
            found[page].push((spot, RegisterEntry::Person(i)));
        }
        registers.people.push(person);
    }
    let named =
        |name: &str| extracted.contains(name) || registers.people.iter().any(|p| p.name == name);
    let unmatched = corrections.unmatched_people(named);
    registers.warnings.extend(unmatched);
    dedupe_slugs(registers.people.iter_mut().map(|p| &mut p.slug));
    for person in &mut registers.people {
        person.path = format!("{PEOPLE_PATH}{}/", person.slug);
    }
}

/// Name → office (as first written) → pages giving it: everyone the pages' text names with an
/// office or a courtesy word, and their authors, under the name `canonical` gives them.
fn offices_found(
    pages: &[Arc<Page>],
    findings: &[Arc<PageFindings>],
    canonical: &dyn Fn(&str) -> String,
) -> Offices {
    let mut roles: Offices = BTreeMap::new();
    let mut add = |name: &str, office: Option<&String>, page: usize| {
        let offices = roles.entry(canonical(name)).or_default();
        let Some(office) = office else { return };
        match offices.iter_mut().find(|(o, _)| same_office(o, office)) {
            Some((_, pages)) => {
                pages.insert(page);
            }
            None => offices.push((office.clone(), BTreeSet::from([page]))),
        }
    };
    for (page, f) in findings.iter().enumerate() {
        for finding in &f.people {
            add(&finding.name, None, page);
            for role in &finding.roles {
                add(&finding.name, Some(role), page);
            }
        }
        for author in &pages[page].meta.authors {
            if words::is_full_name(author) {
                add(author, None, page);
                let role = pages[page].meta.author_roles.get(author);
                for office in role.map(|r| offices(r)).unwrap_or_default() {
                    add(author, Some(&office), page);
                }
            }
        }
    }
    roles
}

/// Each person's offices, each with the pages that give it.
type Offices = BTreeMap<String, Vec<(String, BTreeSet<usize>)>>;

/// A person's register entry: their offices, each with the pages that give it, in the
/// order of the earliest; and the pages that name them, by date.
fn person_entry(
    name: String,
    offices: Vec<(String, BTreeSet<usize>)>,
    named_in: BTreeSet<usize>,
    pages: &[Arc<Page>],
) -> Person {
    let in_date_order = |ids: BTreeSet<usize>| {
        let mut ids: Vec<usize> = ids.into_iter().collect();
        ids.sort_by_cached_key(|&p| by_date(pages, p));
        ids
    };
    let mut roles: Vec<Role> = offices
        .into_iter()
        .map(|(title, given_in)| Role {
            title,
            pages: in_date_order(given_in),
        })
        .collect();
    // Each role's pages are in date order already: its first is its earliest.
    roles.sort_by_key(|r| {
        let first = r.pages.first().and_then(|&p| pages[p].date);
        undated_last(first.map(|d| d.first_day()))
    });
    Person {
        slug: slugify(&name),
        path: String::new(),
        name,
        roles,
        pages: in_date_order(named_in),
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
