//! URL slugs that keep Vietnamese readable in ASCII: `Đại hội` → `dai-hoi`.

use deunicode::deunicode_char;

/// Lowercase ASCII words joined by `-`. Diacritics are dropped and `đ` becomes `d`
/// (deunicode spells it so); every character that is not a letter or digit separates words,
/// and so does a character deunicode cannot spell.
pub fn slugify(text: &str) -> String {
    let mut slug = String::with_capacity(text.len());
    let mut pending_dash = false;
    let mut utf8 = [0u8; 4];
    for c in text.chars() {
        let spelled = if c.is_ascii() {
            c.encode_utf8(&mut utf8)
        } else {
            deunicode_char(c).filter(|s| !s.is_empty()).unwrap_or(" ")
        };
        for a in spelled.chars() {
            if a.is_ascii_alphanumeric() {
                if pending_dash && !slug.is_empty() {
                    slug.push('-');
                }
                pending_dash = false;
                slug.push(a.to_ascii_lowercase());
            } else {
                pending_dash = true;
            }
        }
    }
    slug
}

#[cfg(test)]
mod tests {
    use super::slugify;

    #[test]
    fn vietnamese_words_become_ascii() {
        assert_eq!(slugify("Đại hội"), "dai-hoi");
        assert_eq!(slugify("Đảng ủy Khối"), "dang-uy-khoi");
        assert_eq!(slugify("Quyết định số 98-QĐ/TW"), "quyet-dinh-so-98-qd-tw");
    }

    #[test]
    fn punctuation_and_spaces_collapse() {
        assert_eq!(slugify("  Hello,   World!  "), "hello-world");
        assert_eq!(slugify("«Tư liệu»"), "tu-lieu");
        assert_eq!(slugify("2017 — hội nghị"), "2017-hoi-nghi");
        assert_eq!(slugify("../etc"), "etc");
    }

    #[test]
    fn nothing_sluggable_gives_empty() {
        assert_eq!(slugify("!!!"), "");
    }
}
