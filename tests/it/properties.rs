//! Property tests: the code that reads untrusted text never panics, whatever the text, and
//! keeps its promises about it. The same entry points are fuzzed by `fuzz/` (see README,
//! "Robustness"); every crash a fuzzer finds becomes a case here or in robustness.rs.

use std::path::Path;

use biennien::content::front_matter::{self, PageFrontMatter};
use biennien::import::classify;
use biennien::import::extract;
use biennien::text::fold;
use proptest::prelude::*;
use unicode_normalization::UnicodeNormalization;

/// Lines like the ones scraped articles have, in any order: dates, captions, sources,
/// author lines, footers, headings, Vietnamese sentences, and noise.
fn seed_line() -> impl Strategy<Value = String> {
    prop_oneof![
        Just("Thứ Năm, 21/6/2018".to_owned()),
        Just("Ngày 4/3/2017 10:15 GMT+7".to_owned()),
        Just("Cập nhật: 10:15 ngày 5/3/2019".to_owned()),
        Just("Theo: TTXVN".to_owned()),
        Just("Nguồn: Báo Nhân Dân".to_owned()),
        Just("Sơn Minh Thắng".to_owned()),
        Just("PV".to_owned()),
        Just("(Ảnh: vietnamplus.vn)".to_owned()),
        Just("Các tin khác".to_owned()),
        Just("Chia sẻ".to_owned()),
        Just("I. MỤC TIÊU".to_owned()),
        Just("Đảng ủy Khối các cơ quan Trung ương tổ chức hội nghị./.".to_owned()),
        Just("Quang cảnh hội nghị. Ảnh: TTXVN".to_owned()),
        "[a-zA-ZÀ-ỹđĐ0-9 ,.:;/()–-]{0,80}",
        any::<String>(),
    ]
}

fn seed_text() -> impl Strategy<Value = String> {
    prop::collection::vec(seed_line(), 0..25).prop_map(|lines| lines.join("\n"))
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(400))]

    /// The classifier and extractor take any seed-like text; every line is the seed's.
    #[test]
    fn seeds_are_classified_and_extracted_without_panicking(seed in seed_text()) {
        let lines = classify::classify(&seed);
        let count = seed.lines().count();
        for line in &lines {
            prop_assert!(line.number >= 1 && line.number <= count);
            // Lines are classified, not rewritten: the text is the seed's, spaces tidied.
            let source = seed.lines().nth(line.number - 1).unwrap();
            prop_assert_eq!(&line.text, &classify::clean_spaces(source));
        }
        let article = extract::extract(&lines);
        for sourced in article.title.iter().chain(&article.source).chain(&article.authors) {
            prop_assert!(sourced.line >= 1 && sourced.line <= count);
        }
    }

    #[test]
    fn arbitrary_text_is_never_a_panic_for_the_seed_reader(seed in any::<String>()) {
        extract::extract(&classify::classify(&seed));
    }

    /// Splitting and parsing front matter: an answer or an error inside the file, never a
    /// panic. A file is split at its first two `+++` lines, exactly; it fails to split
    /// only without them, saying which is missing; a parse error is placed in the front
    /// matter, never in the body, at a column its line has.
    #[test]
    fn front_matter_is_split_and_parsed_or_located(
        fields in "[a-z_ =\"0-9\\-\\[\\],.:TZ+\n\r\t{}#'àđ]{0,120}",
        body in any::<String>(),
        shape in 0..3u8,
    ) {
        // Fenced; opened and never closed; no front matter at all.
        let text = match shape {
            0 => format!("+++\n{fields}\n+++\n{body}"),
            1 => format!("+++\n{fields}{body}"),
            _ => format!("{fields}{body}"),
        };
        let file = Path::new("content/p.md");
        let is_fence = |line: &str| line.trim_end() == "+++";
        match front_matter::split(&text, file) {
            Ok(split) => {
                if shape == 0 && !fields.contains("+++") {
                    prop_assert_eq!(split.front_matter, format!("{fields}\n"));
                    prop_assert_eq!(split.body, body.as_str());
                }
                // What comes before the body: a fence line, the front matter, a fence line.
                prop_assert!(text.ends_with(split.body));
                let head: Vec<&str> = text[..text.len() - split.body.len()].split_inclusive('\n').collect();
                prop_assert!(head.len() >= 2, "{head:?}");
                prop_assert!(is_fence(head[0]) && is_fence(head[head.len() - 1]), "{head:?}");
                let inside = &head[1..head.len() - 1];
                prop_assert_eq!(inside.concat(), split.front_matter);
                prop_assert!(!inside.iter().any(|l| is_fence(l)), "{head:?}");
                match front_matter::parse::<PageFrontMatter>(&split, file) {
                    Ok(meta) => { let _ = meta.page_date(&split, file); }
                    Err(e) => {
                        let at = e.position.expect("a parse error has a position");
                        // On a front matter line, or on the closing fence for an error at
                        // its end.
                        prop_assert!(at.line >= 2 && at.line <= inside.len() + 2, "{at:?}: {e:?}");
                        let line = text.split('\n').nth(at.line - 1).unwrap_or("");
                        prop_assert!(at.column >= 1 && at.column <= line.chars().count() + 1, "{at:?} on {line:?}");
                    }
                }
            }
            Err(e) => {
                prop_assert!(shape != 0 || fields.contains("+++"), "a fenced file: {e:?}");
                let mut lines = text.split_inclusive('\n');
                if lines.next().is_some_and(is_fence) {
                    prop_assert!(!lines.any(is_fence), "{e:?}");
                    prop_assert!(e.message.contains("is never closed"), "{e:?}");
                } else {
                    prop_assert!(
                        e.message.contains("does not start with front matter")
                            || e.message.contains("not YAML"),
                        "{e:?}"
                    );
                }
            }
        }
    }

    /// Folding is idempotent, drops every mark, and does not care about composition.
    #[test]
    fn folding_is_stable(text in any::<String>()) {
        let folded = fold::fold(&text);
        prop_assert_eq!(fold::fold(&folded), folded.clone());
        prop_assert!(!folded.nfd().any(unicode_normalization::char::is_combining_mark));
        let nfd: String = text.nfd().collect();
        prop_assert_eq!(fold::fold(&nfd), folded);
        prop_assert_eq!(fold::exact(&nfd), fold::exact(&text.nfc().collect::<String>()));
    }

    /// Tokens lie inside the text, on character boundaries, in order; a code covers words.
    #[test]
    fn tokens_are_slices_of_the_text(text in "([a-zA-ZÀ-ỹđĐ0-9 /\\-.]|\\PC){0,60}") {
        for token in fold::tokens(&text).iter().chain(&fold::query_tokens(&text)) {
            prop_assert!(token.start < token.end && token.end <= text.len());
            prop_assert!(text.is_char_boundary(token.start) && text.is_char_boundary(token.end));
            let word = token.text(&text);
            prop_assert!(!word.starts_with(['-', '/', ' ']));
            prop_assert!(token.code || !word.contains(['-', '/', ' ']));
        }
    }
}

/// Vietnamese with every tone mark on every vowel, in both tone placements: folding gives
/// the bare letters, exact forms agree across placements.
#[test]
fn every_vowel_with_every_tone_folds_to_its_letter() {
    let vowels = ["a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y"];
    let tones = ['\u{300}', '\u{301}', '\u{303}', '\u{309}', '\u{323}'];
    for vowel in vowels {
        for tone in tones {
            let marked: String = format!("{vowel}{tone}").nfc().collect();
            let bare = fold::fold(vowel);
            assert_eq!(fold::fold(&marked), bare, "{marked}");
            assert_eq!(fold::fold(&marked.to_uppercase()), bare, "{marked}");
            assert!(fold::exact(&marked).ends_with(|c: char| c.is_ascii_uppercase()));
        }
    }
}
