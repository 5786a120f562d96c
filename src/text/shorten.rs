//! Text cut short for a card or a list: at a word's end, never inside a word or a letter.

use std::borrow::Cow;

use unicode_normalization::char::is_combining_mark;

/// The mark a shortened text ends with.
const ELLIPSIS: char = '…';

/// `text` in at most `max_chars` characters, the ellipsis included: cut after the last
/// whole word that fits (without the comma or colon after it) and ended with `…`; as it is
/// when it fits. A first word longer than that is cut between two letters, never between a
/// letter and its tone mark.
pub fn shorten(text: &str, max_chars: usize) -> Cow<'_, str> {
    let text = text.trim();
    if text.chars().count() <= max_chars {
        return Cow::Borrowed(text);
    }
    let room = max_chars.saturating_sub(1);
    let limit = text.char_indices().nth(room).map_or(text.len(), |(i, _)| i);
    // A word that ends right at the limit (before a space or a comma) is whole.
    let word_ends_at_limit = text[limit..]
        .chars()
        .next()
        .is_none_or(|c| !c.is_alphanumeric() && !is_combining_mark(c));
    let cut = match text[..limit].rfind(char::is_whitespace) {
        _ if word_ends_at_limit => limit,
        Some(space) => space,
        None => {
            let mut cut = limit;
            while let Some(c) = text[cut..].chars().next()
                && is_combining_mark(c)
                && cut > 0
            {
                cut = text[..cut].char_indices().next_back().map_or(0, |(i, _)| i);
            }
            cut
        }
    };
    let kept = text[..cut].trim_end_matches(|c: char| c.is_whitespace() || ",;:–—-(".contains(c));
    Cow::Owned(format!("{kept}{ELLIPSIS}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cuts_after_a_whole_word_and_ends_with_an_ellipsis() {
        let text = "Các bài viết và các văn bản có ngày ban hành mà chúng nhắc đến, theo thứ tự";
        assert_eq!(shorten(text, 200), text);
        assert_eq!(shorten(text, 20), "Các bài viết và các…");
        // The word `đến` would end at the limit: kept, without its comma.
        let to_comma = text.find(',').unwrap();
        let chars = text[..to_comma].chars().count();
        assert_eq!(shorten(text, chars + 1), format!("{}…", &text[..to_comma]));
        assert_eq!(shorten(text, chars + 2), format!("{}…", &text[..to_comma]));
        // From 5 characters on, the first word (`Các`) and its `…` fit.
        for max in 5..80 {
            let short = shorten(text, max);
            assert!(short.chars().count() <= max, "{max}: {short}");
            let kept = short.trim_end_matches('…');
            assert!(text.starts_with(kept));
            let next = text[kept.len()..].chars().next();
            assert!(
                next.is_none_or(|c| c == ' ' || c == ','),
                "{max}: cut inside a word: {short}"
            );
        }
    }

    #[test]
    fn a_long_word_is_cut_between_letters_not_before_a_tone_mark() {
        // `ủy` decomposed: u, combining hook above, y.
        let decomposed = "Đu\u{0309}yyyyyyy";
        assert_eq!(shorten(decomposed, 3), "Đ…");
        assert_eq!(shorten(decomposed, 4), "Đu\u{0309}…");
    }
}
