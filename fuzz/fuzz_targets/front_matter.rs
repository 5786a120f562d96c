//! Front matter: the `+++` splitter and the TOML parser behind it, on any file.
#![no_main]

use std::path::Path;

use biennien::content::front_matter::{self, PageFrontMatter, SectionFrontMatter};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
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
});
