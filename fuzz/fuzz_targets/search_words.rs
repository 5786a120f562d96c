//! Search folding and tokenising, on any text a page or a reader's query can hold.
#![no_main]

#[path = "checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::search_words(data));
