//! What a Vietnamese word is made of, as the importer's rules ask it: whether it has a
//! vowel (every Vietnamese syllable does), and whether it carries a tone mark or a vowel's
//! diacritic (an all-capital initialism such as `TCCS` does not; `HUẾ` does).

use unicode_normalization::UnicodeNormalization;

/// Whether the word has a vowel, with or without marks (`ủy`, `Đ` has none).
pub fn has_vowel(word: &str) -> bool {
    word.nfd().any(|c| "aeiouyAEIOUY".contains(c))
}

/// Whether any letter of the word carries a combining mark once decomposed: a tone
/// (`à`, `ả`, `ã`, `á`, `ạ`) or a vowel's diacritic (`â`, `ă`, `ơ`, `ư`).
pub fn has_tone_or_mark(word: &str) -> bool {
    word.nfd().any(|c| ('\u{300}'..='\u{36f}').contains(&c))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn vowels_and_marks() {
        assert!(has_vowel("ủy"));
        assert!(!has_vowel("psts"));
        assert!(has_tone_or_mark("HUẾ"));
        assert!(!has_tone_or_mark("TCCS"));
        assert!(!has_tone_or_mark("Đ"), "a stroke is not a combining mark");
    }
}
