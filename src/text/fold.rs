//! Words as search sees them. Readers type without diacritics, with the old tone placement
//! (`hoà`, `uỷ`) or the new (`hòa`, `ủy`), or in capitals: a word has a *folded* form that
//! ignores all of that (`dang`), and an *exact* form that keeps its letters and its tone but
//! not where the tone mark sits (`đangR` for `đảng`), so that exact matches can rank first.
//!
//! `themes/default/static/search.js` does the same in the browser; both are checked against
//! `tests/search_words.json`.

use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::is_combining_mark;

/// The five Vietnamese tone marks (combining forms), spelled in the exact form as the Telex
/// keys that type them, in capitals so they cannot be taken for letters of the word.
const TONES: [(char, char); 5] = [
    ('\u{0300}', 'F'), // huyền: à
    ('\u{0301}', 'S'), // sắc: á
    ('\u{0309}', 'R'), // hỏi: ả
    ('\u{0303}', 'X'), // ngã: ã
    ('\u{0323}', 'J'), // nặng: ạ
];

/// A word with case, diacritics and `đ` folded away: `Đảng` → `dang`, `uỷ` → `uy`.
pub fn fold(word: &str) -> String {
    word.to_lowercase()
        .nfd()
        .filter(|&c| !is_combining_mark(c))
        // `ð` is what old Vietnamese encodings converted often give for `đ`.
        .map(|c| if matches!(c, 'đ' | 'ð') { 'd' } else { c })
        .collect()
}

/// A word in lower case with its tone moved to the end: `uỷ` and `ủy` → `uyR`,
/// `Hoà` and `hòa` → `hoaF`, `Đảng` → `đangR`.
pub fn exact(word: &str) -> String {
    let mut tones = String::new();
    let base: String = word
        .to_lowercase()
        .nfd()
        .filter(|&c| match TONES.iter().find(|(mark, _)| *mark == c) {
            Some(&(_, key)) => {
                tones.push(key);
                false
            }
            None => true,
        })
        .map(|c| if c == 'ð' { 'đ' } else { c })
        .nfc()
        .collect();
    base + &tones
}

/// Whether a word was typed with any diacritic or `đ`: only then does exactness rank.
pub fn has_diacritics(word: &str) -> bool {
    fold(word) != word.to_lowercase()
}

/// One word or code of a text, with where it stands (byte offsets).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Token {
    pub start: usize,
    pub end: usize,
    /// A document code or number chain (`35-CT/TW`, `22/10/2007`): its words are tokens too.
    pub code: bool,
}

impl Token {
    pub fn text<'t>(&self, text: &'t str) -> &'t str {
        &text[self.start..self.end]
    }
}

/// What a character is to the tokeniser: JavaScript's `\p{Alphabetic}`, `\p{N}` and
/// `\p{M}`, so that `search.js` cuts words in the same places.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Class {
    Letter,
    Digit,
    Mark,
    Other,
}

fn class(c: char) -> Class {
    match c {
        'a'..='z' | 'A'..='Z' => Class::Letter,
        '0'..='9' => Class::Digit,
        _ if c.is_ascii() => Class::Other,
        // Vietnamese text is almost all in these blocks: skip the general tables.
        '\u{d7}' | '\u{f7}' => Class::Other,
        '\u{c0}'..='\u{24f}' | '\u{1e00}'..='\u{1eff}' => Class::Letter,
        '\u{300}'..='\u{36f}' => Class::Mark,
        _ if is_combining_mark(c) => Class::Mark,
        _ if c.is_numeric() => Class::Digit,
        _ if c.is_alphabetic() => Class::Letter,
        _ => Class::Other,
    }
}

/// The words of a text, in order, and after the last word of each code the code itself.
/// A word is a run of letters, digits and marks, cut where letters meet digits (`số05` is
/// `số` and `05`). A code is a chain of words joined by single `-` or `/`, starting with a
/// digit: `05-CT/TW`, `1049-QĐ/ĐUK`.
pub fn tokens(text: &str) -> Vec<Token> {
    let mut words: Vec<Token> = Vec::new();
    let mut start = None;
    let mut previous_digit = false;
    for (i, c) in text.char_indices() {
        let class = class(c);
        if class == Class::Other {
            if let Some(s) = start.take() {
                words.push(word(s, i));
            }
            continue;
        }
        let digit = class == Class::Digit;
        match start {
            None => start = Some(i),
            Some(s) if digit && !previous_digit => {
                words.push(word(s, i));
                start = Some(i);
            }
            Some(_) => {}
        }
        if class != Class::Mark {
            previous_digit = digit;
        }
    }
    if let Some(s) = start {
        words.push(word(s, text.len()));
    }

    let mut tokens = Vec::with_capacity(words.len());
    let mut i = 0;
    while i < words.len() {
        let first = words[i].clone();
        let starts_code = text[first.start..]
            .chars()
            .next()
            .is_some_and(|c| class(c) == Class::Digit);
        let mut last = i;
        while starts_code
            && last + 1 < words.len()
            && joined(&text[words[last].end..words[last + 1].start])
        {
            last += 1;
        }
        tokens.extend_from_slice(&words[i..=last]);
        if last > i {
            tokens.push(Token {
                start: first.start,
                end: words[last].end,
                code: true,
            });
        }
        i = last + 1;
    }
    tokens
}

fn word(start: usize, end: usize) -> Token {
    Token {
        start,
        end,
        code: false,
    }
}

fn joined(between: &str) -> bool {
    between == "-" || between == "/"
}

/// What a reader typed, as the words to look for: a code stands for its own words, so
/// `35-CT/TW` is looked for as one phrase, not as `35`, `ct` and `tw` anywhere.
pub fn query_tokens(text: &str) -> Vec<Token> {
    let all = tokens(text);
    all.iter()
        .filter(|t| {
            t.code
                || !all
                    .iter()
                    .any(|c| c.code && c.start <= t.start && t.end <= c.end)
        })
        .cloned()
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The cases `search.js` is checked against too.
    fn cases(kind: &str) -> Vec<(String, serde_json::Value)> {
        let all: serde_json::Value =
            serde_json::from_str(include_str!("../../tests/search_words.json")).unwrap();
        all[kind]
            .as_array()
            .unwrap()
            .iter()
            .map(|case| (case[0].as_str().unwrap().to_owned(), case[1].clone()))
            .collect()
    }

    fn texts(text: &str, tokens: Vec<Token>) -> Vec<&str> {
        tokens.iter().map(|t| t.text(text)).collect()
    }

    #[test]
    fn shared_cases_fold() {
        for (word, folded) in cases("fold") {
            assert_eq!(fold(&word), folded, "{word}");
        }
    }

    #[test]
    fn shared_cases_exact() {
        for (word, exact_form) in cases("exact") {
            assert_eq!(exact(&word), exact_form, "{word}");
        }
    }

    #[test]
    fn shared_cases_tokens() {
        for (text, expected) in cases("tokens") {
            assert_eq!(
                texts(&text, tokens(&text)),
                expected.as_array().unwrap().clone(),
                "{text}"
            );
        }
        for (text, expected) in cases("query") {
            assert_eq!(
                texts(&text, query_tokens(&text)),
                expected.as_array().unwrap().clone(),
                "{text}"
            );
        }
    }

    #[test]
    fn old_and_new_tone_placement_are_one_word() {
        for (old, new) in [
            ("uỷ", "ủy"),
            ("hoà", "hòa"),
            ("khoẻ", "khỏe"),
            ("Thuỵ", "Thụy"),
        ] {
            assert_eq!(exact(old), exact(new), "{old} / {new}");
            assert_eq!(fold(old), fold(new), "{old} / {new}");
        }
    }

    #[test]
    fn exact_forms_keep_letters_and_tones_apart() {
        assert_ne!(exact("đảng"), exact("dạng"));
        assert_ne!(exact("đảng"), exact("đăng"));
        assert_ne!(exact("ủy"), exact("uy"));
        assert!(has_diacritics("ủy"));
        assert!(has_diacritics("Đang"));
        assert!(!has_diacritics("Dang Uy"));
    }

    #[test]
    fn text_in_decomposed_form_folds_like_composed() {
        let nfd: String = "Đảng ủy Khối".nfd().collect();
        assert_eq!(fold(&nfd), fold("Đảng ủy Khối"));
        assert_eq!(exact("ủy"), exact(&"ủy".nfd().collect::<String>()));
        assert_eq!(texts(&nfd, tokens(&nfd)).len(), 3);
    }

    #[test]
    fn a_typed_code_is_one_token() {
        let codes: Vec<bool> = query_tokens("chỉ thị 05-CT/TW")
            .iter()
            .map(|t| t.code)
            .collect();
        assert_eq!(codes, [false, false, true]);
    }
}
