//! The seed reader: line classifier and metadata extractor, on any bytes a scrape can hold.
#![no_main]

use biennien::import::{classify, extract};
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let lines = classify::classify(&text);
    extract::extract(&lines);
});
