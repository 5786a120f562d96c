//! Search folding and tokenising, on any text a page or a reader's query can hold.
#![no_main]

use biennien::text::fold;
use libfuzzer_sys::fuzz_target;

fuzz_target!(|text: &str| {
    let folded = fold::fold(text);
    assert_eq!(fold::fold(&folded), folded);
    fold::exact(text);
    for token in fold::tokens(text).iter().chain(&fold::query_tokens(text)) {
        let word = token.text(text);
        fold::fold(word);
        fold::exact(word);
    }
});
