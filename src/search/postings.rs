//! Every term's postings, kept from one index update to the next (in `TermCache`): a text
//! edit replaces the edited documents' postings, encodes again only the terms whose postings
//! changed, and a chunk's bytes are made again only when one of its terms changed.
//!
//! A term's postings are one string, `delta[.weight][~forms]` per document joined by `,`,
//! numbers in base 36: `delta` is the document's number minus the previous one's; `weight`
//! (default 1) adds up the weights of the fields the word stands in, times its repeats there
//! (a few at most); `forms` (default 1) has bit *i* set when the document has exact form *i*.

use std::ops::Range;

use rayon::prelude::*;

use crate::hash_of;

/// About how large a chunk of terms grows before the next one starts. A single term with
/// many postings makes a larger chunk of its own.
const CHUNK_BYTES: usize = 24 * 1024;
/// Exact forms beyond this many per term are not told apart (they still match, folded).
const MAX_FORMS: usize = 31;

/// One document's `(term, form, weight)`, by term, and a term's forms in the order of their
/// text (not of their numbers: those depend on which edit saw a spelling first).
pub type Triple = (u32, u32, u32);

/// A document's `(form, weight)` for one term, with the document's number.
type Posting = (u32, u32, u32);

/// Every term's postings, by the term's number (`TermCache`'s interners).
#[derive(Default)]
pub struct TermPostings {
    /// Per term: `(document, form, weight)`, by document.
    postings: Vec<Vec<Posting>>,
    /// Per term: its entry in a chunk, `[term, forms, postings]` as JSON, and its hash;
    /// empty for a term no document has.
    entries: Vec<(Vec<u8>, u64)>,
    /// The terms some document has, in UTF-16 order: the order JavaScript compares strings
    /// in, so the browser finds a term's chunk from the chunks' first terms.
    sorted: Vec<u32>,
}

/// One chunk of terms: which of `TermPostings::sorted`, its size, and a hash of its bytes.
pub struct Chunk {
    terms: Range<usize>,
    pub size: usize,
    pub fingerprint: u64,
}

impl TermPostings {
    /// Every document's postings anew: `docs` are every document's triples, by number.
    /// Unless `keep`, they are encoded straight from the documents and not kept for
    /// `update`: a build's index is made once, and keeping them was a sixteenth of its peak
    /// memory.
    pub fn rebuild(
        &mut self,
        docs: &[&[Triple]],
        terms: &[Box<str>],
        forms: &[Box<str>],
        keep: bool,
    ) {
        self.postings.clear();
        let encoded: Vec<Encoded> = if keep {
            self.postings.resize_with(terms.len(), Vec::new);
            for (doc, triples) in docs.iter().enumerate() {
                for &(term, form, weight) in triples.iter() {
                    self.postings[term as usize].push((doc as u32, form, weight));
                }
            }
            self.postings.par_iter().map(|p| encoded(p)).collect()
        } else {
            let mut encoded: Vec<Encoded> = Vec::new();
            encoded.resize_with(terms.len(), Encoded::default);
            for (doc, triples) in docs.iter().enumerate() {
                for group in triples.chunk_by(|a, b| a.0 == b.0) {
                    let weight = group.iter().map(|t| t.2).sum();
                    let forms = group.iter().map(|t| t.1);
                    encoded[group[0].0 as usize].add(doc, weight, forms);
                }
            }
            encoded
        };
        self.entries = (encoded.par_iter().zip(terms))
            .map(|(encoded, term)| entry(term, encoded, forms))
            .collect();
        let entries = &self.entries;
        self.sorted = (0..terms.len() as u32)
            .filter(|&t| !entries[t as usize].0.is_empty())
            .collect();
        self.sorted
            .par_sort_unstable_by(|&a, &b| utf16_order(&terms[a as usize], &terms[b as usize]));
    }

    /// Replaces the postings of the documents in `changed`, `(number, old triples, new
    /// triples)`; the other documents keep their numbers and their postings.
    pub fn update(
        &mut self,
        changed: &[(usize, &[Triple], &[Triple])],
        terms: &[Box<str>],
        forms: &[Box<str>],
    ) {
        self.postings.resize_with(terms.len(), Vec::new);
        self.entries.resize_with(terms.len(), Default::default);
        let mut dirty: Vec<u32> = Vec::new();
        for &(doc, old, new) in changed {
            let doc = doc as u32;
            for (term, old, new) in by_term(old, new) {
                let unchanged = old.len() == new.len()
                    && old.iter().zip(new).all(|(a, b)| (a.1, a.2) == (b.1, b.2));
                if unchanged {
                    continue;
                }
                let postings = &mut self.postings[term as usize];
                let start = postings.partition_point(|p| p.0 < doc);
                let end = postings.partition_point(|p| p.0 <= doc);
                postings.splice(start..end, new.iter().map(|t| (doc, t.1, t.2)));
                dirty.push(term);
            }
        }
        dirty.sort_unstable();
        dirty.dedup();
        let had: Vec<bool> = dirty
            .iter()
            .map(|&t| !self.entries[t as usize].0.is_empty())
            .collect();
        self.encode(&dirty, terms, forms);
        let order = |t: u32| &*terms[t as usize];
        for (&term, had) in dirty.iter().zip(had) {
            let has = !self.postings[term as usize].is_empty();
            let at = self
                .sorted
                .binary_search_by(|&t| utf16_order(order(t), order(term)));
            match (had, has, at) {
                (true, false, Ok(at)) => {
                    self.sorted.remove(at);
                }
                (false, true, Err(at)) => self.sorted.insert(at, term),
                _ => {}
            }
        }
    }

    /// Encodes the postings of `which` terms and their chunk entries.
    fn encode(&mut self, which: &[u32], terms: &[Box<str>], forms: &[Box<str>]) {
        let postings = &self.postings;
        let made: Vec<(Vec<u8>, u64)> = which
            .par_iter()
            .map(|&t| entry(&terms[t as usize], &encoded(&postings[t as usize]), forms))
            .collect();
        for (&term, made) in which.iter().zip(made) {
            self.entries[term as usize] = made;
        }
    }

    /// The terms cut into chunks: a chunk ends with the term that takes it to
    /// `CHUNK_BYTES`.
    pub fn chunks(&self) -> Vec<Chunk> {
        let mut chunks = Vec::new();
        let mut start = 0;
        let mut size = 0;
        let mut hasher = rustc_hash::FxHasher::default();
        for (i, &term) in self.sorted.iter().enumerate() {
            let (json, hash) = &self.entries[term as usize];
            // `[` before the first entry, `,` before the others.
            size += 1 + json.len();
            std::hash::Hasher::write_u64(&mut hasher, *hash);
            let last = i + 1 == self.sorted.len();
            if size >= CHUNK_BYTES || last {
                chunks.push(Chunk {
                    terms: start..i + 1,
                    size: size + 1,
                    fingerprint: std::hash::Hasher::finish(&hasher),
                });
                (start, size, hasher) = (i + 1, 0, Default::default());
            }
        }
        chunks
    }

    /// A chunk's first term.
    pub fn first<'t>(&self, chunk: &Chunk, terms: &'t [Box<str>]) -> &'t str {
        &terms[self.sorted[chunk.terms.start] as usize]
    }

    /// A chunk's bytes: a JSON array of its terms' entries.
    pub fn bytes(&self, chunk: &Chunk) -> Vec<u8> {
        let mut bytes = Vec::with_capacity(chunk.size);
        for &term in &self.sorted[chunk.terms.clone()] {
            bytes.push(if bytes.is_empty() { b'[' } else { b',' });
            bytes.extend_from_slice(&self.entries[term as usize].0);
        }
        bytes.push(b']');
        bytes
    }
}

/// The terms of two documents' triples side by side: each term either has, with its
/// triples in each (empty where it has none).
fn by_term<'t>(
    old: &'t [Triple],
    new: &'t [Triple],
) -> impl Iterator<Item = (u32, &'t [Triple], &'t [Triple])> {
    let mut old = old.chunk_by(|a, b| a.0 == b.0).peekable();
    let mut new = new.chunk_by(|a, b| a.0 == b.0).peekable();
    std::iter::from_fn(move || {
        let term = match (old.peek(), new.peek()) {
            (Some(o), Some(n)) => o[0].0.min(n[0].0),
            (Some(o), None) => o[0].0,
            (None, Some(n)) => n[0].0,
            (None, None) => return None,
        };
        let old = old.next_if(|o| o[0].0 == term).unwrap_or_default();
        let new = new.next_if(|n| n[0].0 == term).unwrap_or_default();
        Some((term, old, new))
    })
}

fn utf16_order(a: &str, b: &str) -> std::cmp::Ordering {
    a.encode_utf16().cmp(b.encode_utf16())
}

/// A term's postings, from each document's `(form, weight)`, by document.
fn encoded(postings: &[Posting]) -> Encoded {
    let mut encoded = Encoded::default();
    for group in postings.chunk_by(|a, b| a.0 == b.0) {
        let weight = group.iter().map(|p| p.2).sum();
        encoded.add(group[0].0 as usize, weight, group.iter().map(|p| p.1));
    }
    encoded
}

/// A term's entry in its chunk, `[term, forms, postings]` as JSON, with its hash; empty
/// when no document has the term.
fn entry(term: &str, encoded: &Encoded, forms: &[Box<str>]) -> (Vec<u8>, u64) {
    if encoded.text.is_empty() {
        return Default::default();
    }
    let shown: Vec<&str> = encoded.forms.iter().map(|&f| &*forms[f as usize]).collect();
    let json = serde_json::to_vec(&(term, shown, &encoded.text)).unwrap_or_default();
    let hash = hash_of(&json);
    (json, hash)
}

/// One term's postings as written.
#[derive(Default)]
struct Encoded {
    /// Exact forms by number, in the order first seen.
    forms: Vec<u32>,
    text: String,
    last: usize,
}

impl Encoded {
    fn add(&mut self, doc: usize, weight: u32, forms: impl Iterator<Item = u32>) {
        let mut mask: u32 = 0;
        for form in forms {
            let bit = match self.forms.iter().position(|&f| f == form) {
                Some(bit) => bit,
                None if self.forms.len() < MAX_FORMS => {
                    self.forms.push(form);
                    self.forms.len() - 1
                }
                None => continue,
            };
            mask |= 1 << bit;
        }
        if !self.text.is_empty() {
            self.text.push(',');
        }
        push_base36(&mut self.text, (doc - self.last) as u64);
        self.last = doc;
        if weight != 1 {
            self.text.push('.');
            push_base36(&mut self.text, weight.into());
        }
        if mask != 1 {
            self.text.push('~');
            push_base36(&mut self.text, mask.into());
        }
    }
}

fn push_base36(out: &mut String, mut n: u64) {
    let mut digits = [0u8; 13];
    let mut i = digits.len();
    loop {
        i -= 1;
        digits[i] = b"0123456789abcdefghijklmnopqrstuvwxyz"[(n % 36) as usize];
        n /= 36;
        if n == 0 {
            break;
        }
    }
    out.push_str(std::str::from_utf8(&digits[i..]).unwrap_or_default());
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_in_base_36() {
        let mut out = String::new();
        for n in [0, 9, 10, 35, 36, 1295, 1296] {
            push_base36(&mut out, n);
            out.push(' ');
        }
        assert_eq!(out, "0 9 a z 10 zz 100 ");
    }

    #[test]
    fn postings_are_deltas_with_weights_and_forms() {
        let mut p = Encoded::default();
        p.add(0, 1, [7].into_iter());
        p.add(3, 9, [7, 2].into_iter());
        p.add(40, 1, [2].into_iter());
        assert_eq!(p.text, "0,3.9~3,11~2");
        assert_eq!(p.forms, [7, 2]);
    }

    fn strings(words: &[&str]) -> Vec<Box<str>> {
        words.iter().map(|&w| w.into()).collect()
    }

    fn slices(docs: &[Vec<Triple>]) -> Vec<&[Triple]> {
        docs.iter().map(Vec::as_slice).collect()
    }

    /// Every chunk's bytes, in order.
    fn chunk_bytes(postings: &TermPostings) -> Vec<Vec<u8>> {
        let chunks = postings.chunks();
        chunks.iter().map(|c| postings.bytes(c)).collect()
    }

    #[test]
    fn an_update_gives_what_a_rebuild_gives() {
        // Term 3 is long enough to fill a chunk by itself.
        let long = "x".repeat(CHUNK_BYTES);
        let terms = strings(&["b", "a", "é", &long, "c"]);
        let forms = strings(&["b", "a", "A", "e", "x", "c"]);
        let before: Vec<Vec<Triple>> = vec![
            vec![(0, 0, 1), (1, 1, 2), (2, 3, 1), (3, 4, 1)],
            vec![(1, 2, 1), (1, 1, 1), (2, 3, 8)],
            vec![(3, 4, 3)],
        ];
        // Document 1 loses `é`, gains `c` (after the others), and weighs `a` differently;
        // document 2 gains `b`.
        let after: Vec<Vec<Triple>> = vec![
            before[0].clone(),
            vec![(1, 2, 4), (1, 1, 1), (4, 5, 1)],
            vec![(0, 0, 1), (3, 4, 3)],
        ];
        let mut updated = TermPostings::default();
        updated.rebuild(&slices(&before), &terms, &forms, true);
        let changed: Vec<(usize, &[Triple], &[Triple])> = (1..3)
            .map(|d| (d, before[d].as_slice(), after[d].as_slice()))
            .collect();
        updated.update(&changed, &terms, &forms);
        let mut rebuilt = TermPostings::default();
        rebuilt.rebuild(&slices(&after), &terms, &forms, true);
        assert_eq!(chunk_bytes(&updated), chunk_bytes(&rebuilt));
        let mut once = TermPostings::default();
        once.rebuild(&slices(&after), &terms, &forms, false);
        assert_eq!(
            chunk_bytes(&once),
            chunk_bytes(&rebuilt),
            "encoded straight"
        );
        let chunks = chunk_bytes(&rebuilt);
        assert_eq!(chunks.len(), 2, "the long term ends the first chunk");
        assert_eq!(
            String::from_utf8_lossy(&chunks[0]),
            format!(
                r#"[["a",["a","A"],"0.2,1.5~3"],["b",["b"],"0,2"],["c",["c"],"1"],["{long}",["x"],"0,2.3"]]"#
            )
        );
        assert_eq!(String::from_utf8_lossy(&chunks[1]), r#"[["é",["e"],"0"]]"#);
    }
}
