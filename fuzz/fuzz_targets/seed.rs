//! The seed reader: line classifier and metadata extractor, on any bytes a scrape can hold.
#![no_main]

#[path = "checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::seed(data));
