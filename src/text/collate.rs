//! Vietnamese alphabetical order, for lists sorted by title. Byte order would put `Đại hội`
//! and `Ảnh` after `Zalo`, and every capital before every small letter.

use unicode_normalization::UnicodeNormalization;

/// Orders text as a Vietnamese dictionary does: by letters (`a ă â b c d đ e ê … o ô ơ … u
/// ư …`, case aside), then by tones (none, huyền, hỏi, ngã, sắc, nặng), then by the text
/// itself so that different texts never tie.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct SortKey {
    letters: Vec<u32>,
    tones: Vec<u8>,
    text: String,
}

pub fn sort_key(text: &str) -> SortKey {
    let mut letters = Vec::new();
    let mut tones = Vec::new();
    for c in text.nfd().flat_map(char::to_lowercase) {
        // A letter's variants (ă, â after a) sort between it and the next letter.
        if let Some(variant) = letter_variant(c) {
            if let Some(last) = letters.last_mut() {
                *last += variant;
            }
        } else if let Some(tone) = tone(c) {
            if let Some(last) = tones.last_mut() {
                *last = tone;
            }
        } else {
            letters.push(if c == 'đ' {
                'd' as u32 * 4 + 1
            } else {
                c as u32 * 4
            });
            tones.push(0);
        }
    }
    SortKey {
        letters,
        tones,
        text: text.to_owned(),
    }
}

/// A title's place in a list sorted by title: a blank one (an imported article not titled
/// yet) last, as an undated page comes last by date.
pub fn title_key(title: &str) -> (bool, SortKey) {
    (title.trim().is_empty(), sort_key(title))
}

/// Breve (ă), circumflex (â, ê, ô) and horn (ơ, ư), as NFD writes them.
fn letter_variant(c: char) -> Option<u32> {
    match c {
        '\u{306}' => Some(1),
        '\u{302}' => Some(2),
        '\u{31B}' => Some(3),
        _ => None,
    }
}

/// The tones in dictionary order: huyền, hỏi, ngã, sắc, nặng.
fn tone(c: char) -> Option<u8> {
    match c {
        '\u{300}' => Some(1),
        '\u{309}' => Some(2),
        '\u{303}' => Some(3),
        '\u{301}' => Some(4),
        '\u{323}' => Some(5),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sorted(words: &[&str]) -> Vec<String> {
        let mut words: Vec<String> = words.iter().map(|w| w.to_string()).collect();
        words.sort_by_cached_key(|w| sort_key(w));
        words
    }

    #[test]
    fn letters_then_tones_then_case() {
        assert_eq!(
            sorted(&["Đa", "da", "ơn", "on", "ôn", "ân", "ăn", "an", "Dz"]),
            ["an", "ăn", "ân", "da", "Dz", "Đa", "on", "ôn", "ơn"]
        );
        assert_eq!(
            sorted(&["mạ", "má", "mã", "mả", "mà", "ma"]),
            ["ma", "mà", "mả", "mã", "má", "mạ"]
        );
        // Letters decide before tones: `bà` before `bac`, `bac` before `bác`.
        assert_eq!(sorted(&["bác", "bà", "bac"]), ["bà", "bac", "bác"]);
        assert_eq!(sorted(&["an", "An"]), ["An", "an"]);
    }

    #[test]
    fn composed_and_decomposed_text_sort_alike() {
        let composed = "Đảng ủy";
        let decomposed: String = composed.nfd().collect();
        assert_eq!(sort_key(composed).letters, sort_key(&decomposed).letters);
        assert_eq!(sort_key(composed).tones, sort_key(&decomposed).tones);
    }
}
