//! The integration tests, one binary: each file of tests/it/ is a module of it, so the library
//! and its dependencies are linked once, not once per file, and a fixture built once
//! (`common::built_once`) serves every test that reads it. Tests run as threads of one
//! process: none may change its environment or current folder (children get theirs).
//!
//! A new test file: put it in tests/it/, start it with `use crate::common;` (not
//! `mod common;`), and name it below. `every_test_file_is_part_of_this_binary` fails on a
//! file that is not.

mod common;

mod build;
mod build_errors;
mod check;
mod corpus;
mod desk;
mod fuzz_regressions;
mod import;
mod import_urls;
mod inputs;
mod kill;
mod microsite;
mod output;
mod photos;
mod photos_serve;
mod promises;
mod properties;
mod publish;
mod readers;
mod robustness;
mod search;
mod search_incremental;
mod serve;
mod sidecar_lines;
mod speed;

/// A test file in tests/ (its own binary, which links everything again) or one in tests/it/
/// that this file does not name (never compiled, so never run) is a mistake.
#[test]
fn every_test_file_is_part_of_this_binary() {
    let tests = common::repo().join("tests");
    let stray: Vec<_> = std::fs::read_dir(&tests)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "rs"))
        .collect();
    assert!(stray.is_empty(), "move these into tests/it/: {stray:?}");
    let main = std::fs::read_to_string(tests.join("it/main.rs")).unwrap();
    for entry in std::fs::read_dir(tests.join("it")).unwrap() {
        let path = entry.unwrap().path();
        let Some(name) = path.file_stem().and_then(|s| s.to_str()) else {
            continue;
        };
        if path.extension().is_some_and(|e| e == "rs") && name != "main" {
            assert!(
                main.contains(&format!("\nmod {name};\n")),
                "tests/it/main.rs does not name {name}.rs: add `mod {name};`"
            );
        }
    }
}
