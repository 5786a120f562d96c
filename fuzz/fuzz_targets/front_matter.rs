//! Front matter: the `+++` splitter and the TOML parser behind it, on any file.
#![no_main]

#[path = "checks.rs"]
mod checks;

libfuzzer_sys::fuzz_target!(|data: &[u8]| checks::front_matter(data));
