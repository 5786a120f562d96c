//! What each fuzz target runs on its input, shared with `tests/it/fuzz_regressions.rs`, which
//! replays the inputs kept in `fuzz/regressions/<target>/` on every `cargo test`.

// Each fuzz target runs one of these.
#![allow(dead_code)]

use std::path::Path;

use biennien::content::front_matter::{self, PageFrontMatter, SectionFrontMatter};
use biennien::import::{classify, extract};
use biennien::text::fold;

/// The seed reader: line classifier and metadata extractor, on any bytes a scrape can hold.
pub fn seed(data: &[u8]) {
    let text = String::from_utf8_lossy(data);
    let lines = classify::classify(&text);
    extract::extract(&lines);
}

/// Front matter: the `+++` splitter and the TOML parser behind it, on any file.
pub fn front_matter(data: &[u8]) {
    let file = Path::new("content/fuzz.md");
    let Ok(text) = biennien::text::decode(data.to_vec(), file) else {
        return;
    };
    if let Ok(split) = front_matter::split(&text, file) {
        if let Ok(page) = front_matter::parse::<PageFrontMatter>(&split, file) {
            let _ = page.page_date(&split, file);
        }
        let _ = front_matter::parse::<SectionFrontMatter>(&split, file);
    }
}

/// Search folding and tokenising, on any text a page or a reader's query can hold.
pub fn search_words(data: &[u8]) {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    let folded = fold::fold(text);
    assert_eq!(fold::fold(&folded), folded);
    fold::exact(text);
    for token in fold::tokens(text).iter().chain(&fold::query_tokens(text)) {
        let word = token.text(text);
        fold::fold(word);
        fold::exact(word);
    }
}
