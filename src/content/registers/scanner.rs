//! Finding the registers' names in the pages: one automaton over every name and alias,
//! whole words only, each hit with its page, place and (for citations) its sentence.

use std::sync::Arc;

use aho_corasick::{AhoCorasick, MatchKind};
use rayon::prelude::*;

use super::{TextPlace, offset_in, plain};
use crate::content::Page;

#[derive(Debug, PartialEq)]
pub(super) struct Hit {
    pub(super) pattern: usize,
    pub(super) page: usize,
    pub(super) spot: TextPlace,
    pub(super) sentence: Option<String>,
}

/// How much of what `scan` finds is wanted.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum ScanFor {
    /// Each pattern's first occurrence in each page, without its sentence (people).
    FirstInPage,
    /// Every occurrence, with its sentence (citations of documents).
    EverySentence,
}

/// Whole-word occurrences of a register's names (or aliases) in pages' paragraphs.
#[derive(Debug)]
pub(super) struct Scanner {
    matcher: AhoCorasick,
}

impl Scanner {
    fn new(patterns: &[&str]) -> Scanner {
        let matcher = AhoCorasick::builder()
            .match_kind(MatchKind::LeftmostLongest)
            .build(patterns)
            .expect("register names make a valid automaton");
        Scanner { matcher }
    }

    /// The occurrences in one page, in one pass per paragraph.
    pub(super) fn page_hits(
        &self,
        page: usize,
        paragraphs: &[String],
        wanted: ScanFor,
    ) -> Vec<Hit> {
        let mut hits = Vec::new();
        let mut seen = vec![false; self.matcher.patterns_len()];
        for (paragraph, text) in paragraphs.iter().enumerate() {
            // Split into sentences only where a name is found, and once.
            let mut sentences: Option<Vec<&str>> = None;
            for m in self.matcher.find_iter(text) {
                let before = text[..m.start()].chars().next_back();
                let after = text[m.end()..].chars().next();
                if before.is_some_and(char::is_alphanumeric)
                    || after.is_some_and(char::is_alphanumeric)
                {
                    continue;
                }
                let pattern = m.pattern().as_usize();
                if wanted == ScanFor::FirstInPage {
                    if seen[pattern] {
                        continue;
                    }
                    seen[pattern] = true;
                }
                let sentence = (wanted == ScanFor::EverySentence).then(|| {
                    sentences
                        .get_or_insert_with(|| plain::sentences(text))
                        .iter()
                        .copied()
                        .find(|s| {
                            let start = offset_in(text, s);
                            start <= m.start() && m.end() <= start + s.len()
                        })
                        .unwrap_or(text)
                        .to_owned()
                });
                hits.push(Hit {
                    pattern,
                    page,
                    spot: TextPlace {
                        paragraph,
                        offset: m.start(),
                        text: text[m.range()].to_owned(),
                    },
                    sentence,
                });
            }
        }
        hits
    }
}

/// Whole-word occurrences of the patterns in every page. The scanner is added to `scanners`:
/// a later build asks it whether an edited page still names the same.
pub(super) fn scan<'a>(
    pages: &[Arc<Page>],
    patterns: impl Iterator<Item = &'a str>,
    wanted: ScanFor,
    scanners: &mut Vec<Scanner>,
) -> Vec<Hit> {
    let patterns: Vec<&str> = patterns.collect();
    if patterns.is_empty() {
        return Vec::new();
    }
    let scanner = Scanner::new(&patterns);
    let hits = pages
        .par_iter()
        .enumerate()
        .flat_map_iter(|(i, page)| scanner.page_hits(i, page.paragraphs(), wanted))
        .collect();
    scanners.push(scanner);
    hits
}
