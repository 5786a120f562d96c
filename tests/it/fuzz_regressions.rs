//! Inputs kept in `fuzz/regressions/<target>/` (a crash a fuzzer found, or an edge case worth
//! keeping), replayed through what each fuzz target runs: none may panic.

#[path = "../../fuzz/fuzz_targets/checks.rs"]
mod checks;

use std::fs;
use std::path::Path;

fn replay(target: &str, check: fn(&[u8])) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/regressions")
        .join(target);
    let inputs: Vec<_> = fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .flatten()
        .map(|e| e.path())
        .collect();
    assert!(!inputs.is_empty(), "{}: no inputs", dir.display());
    for input in inputs {
        let data = fs::read(&input).unwrap();
        let replayed = std::panic::catch_unwind(|| check(&data));
        assert!(replayed.is_ok(), "{} panics", input.display());
    }
}

#[test]
fn seed_inputs_are_read_without_panic() {
    replay("seed", checks::seed);
}

#[test]
fn front_matter_inputs_are_read_without_panic() {
    replay("front_matter", checks::front_matter);
}

#[test]
fn search_word_inputs_fold_stably() {
    replay("search_words", checks::search_words);
}
