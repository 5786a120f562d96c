//! The inverted index: folded term → the documents that have it, cut into chunks.
//!
//! A chunk is a JSON array of `[term, exact forms, postings]`, terms in UTF-16 order (the
//! order JavaScript compares strings in, so the browser can find a term's chunk from the first
//! terms in `meta.json`). Postings are one string, `delta[.weight][~forms]` per document
//! joined by `,`, numbers in base 36: `delta` is the document's number minus the previous
//! one's; `weight` (default 1) adds up the fields the word stands in; `forms` (default 1) has
//! bit *i* set when the document has exact form *i*.

use std::collections::HashMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::sync::Arc;

use rayon::prelude::*;

use super::{Doc, IndexFile, SEARCH_PATH, TermCache};
use crate::error::Result;
use crate::output::Sink;
use crate::text::fold::{exact, fold, tokens};

/// About how large a chunk of terms grows before the next one starts. A single term with
/// many postings makes a larger chunk of its own.
const CHUNK_BYTES: usize = 24 * 1024;
/// Exact forms beyond this many per term are not told apart (they still match, folded).
const MAX_FORMS: usize = 31;

/// One document's terms: folded term, weight, exact forms; in no particular order.
pub struct DocTerms(Vec<(String, u32, Vec<String>)>);

impl DocTerms {
    fn of(doc: &Doc) -> DocTerms {
        // Words repeat: each spelling is folded once.
        let mut by_spelling: HashMap<&str, usize> = HashMap::new();
        let mut by_folded: HashMap<String, usize> = HashMap::new();
        let mut terms: Vec<(String, u32, Vec<String>)> = Vec::new();
        for (field, text) in &doc.fields {
            for token in tokens(text) {
                let word = token.text(text);
                let slot = match by_spelling.get(word) {
                    Some(&slot) => slot,
                    None => {
                        let folded = fold(word);
                        let slot = *by_folded.entry(folded.clone()).or_insert_with(|| {
                            terms.push((folded, 0, Vec::new()));
                            terms.len() - 1
                        });
                        let form = exact(word);
                        if !terms[slot].2.contains(&form) {
                            terms[slot].2.push(form);
                        }
                        by_spelling.insert(word, slot);
                        slot
                    }
                };
                terms[slot].1 += *field as u32;
            }
        }
        DocTerms(terms)
    }
}

#[derive(Default)]
struct Postings {
    forms: Vec<String>,
    encoded: String,
    last: usize,
}

impl Postings {
    fn add(&mut self, doc: usize, weight: u32, forms: &[String]) {
        let mut mask: u32 = 0;
        for form in forms {
            let bit = match self.forms.iter().position(|f| f == form) {
                Some(bit) => bit,
                None if self.forms.len() < MAX_FORMS => {
                    self.forms.push(form.clone());
                    self.forms.len() - 1
                }
                None => continue,
            };
            mask |= 1 << bit;
        }
        if !self.encoded.is_empty() {
            self.encoded.push(',');
        }
        push_base36(&mut self.encoded, (doc - self.last) as u64);
        self.last = doc;
        if weight != 1 {
            self.encoded.push('.');
            push_base36(&mut self.encoded, weight.into());
        }
        if mask != 1 {
            self.encoded.push('~');
            push_base36(&mut self.encoded, mask.into());
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

fn hash_of(value: impl Hash) -> u64 {
    let mut hasher = DefaultHasher::new();
    value.hash(&mut hasher);
    hasher.finish()
}

/// A built index, ready to write: its term files are made; each document's file is made
/// when written.
pub struct Index<'d> {
    docs: &'d [Doc],
    keys: Vec<u64>,
    meta: Vec<u8>,
    chunks: Vec<Vec<u8>>,
}

impl<'d> Index<'d> {
    /// Indexes `docs`, reusing the terms of documents `cache` already has; the cache keeps
    /// only these documents' terms afterwards.
    pub fn build(docs: &'d [Doc], cache: &mut TermCache) -> Index<'d> {
        let keys: Vec<u64> = docs.par_iter().map(Doc::key).collect();
        let terms: Vec<Arc<DocTerms>> = docs
            .par_iter()
            .zip(&keys)
            .map(|(doc, key)| match cache.0.get(key) {
                Some(terms) => Arc::clone(terms),
                None => Arc::new(DocTerms::of(doc)),
            })
            .collect();
        cache.0 = keys.iter().copied().zip(terms.iter().cloned()).collect();

        let mut postings: HashMap<&str, Postings> = HashMap::new();
        for (doc, doc_terms) in terms.iter().enumerate() {
            for (term, weight, forms) in &doc_terms.0 {
                postings
                    .entry(term.as_str())
                    .or_default()
                    .add(doc, *weight, forms);
            }
        }
        let mut sorted: Vec<(&str, Postings)> = postings.into_iter().collect();
        sorted.sort_by(|a, b| a.0.encode_utf16().cmp(b.0.encode_utf16()));

        let mut chunks: Vec<Vec<u8>> = Vec::new();
        let mut firsts: Vec<&str> = Vec::new();
        let mut chunk = Vec::new();
        for (term, p) in &sorted {
            if chunk.is_empty() {
                firsts.push(term);
                chunk.push(b'[');
            } else {
                chunk.push(b',');
            }
            let entry = (term, &p.forms, &p.encoded);
            serde_json::to_writer(&mut chunk, &entry).unwrap_or_default();
            if chunk.len() >= CHUNK_BYTES {
                chunk.push(b']');
                chunks.push(std::mem::take(&mut chunk));
            }
        }
        if !chunk.is_empty() {
            chunk.push(b']');
            chunks.push(chunk);
        }
        let version = hash_of((&chunks, &keys));
        let meta = serde_json::json!({
            "version": format!("{version:x}"),
            "docs": docs.len(),
            "chunks": firsts,
        });
        Index {
            docs,
            keys,
            meta: meta.to_string().into_bytes(),
            chunks,
        }
    }

    /// Every file of the index, with what it is made from.
    pub fn files(&self) -> Vec<IndexFile> {
        let mut files = vec![IndexFile {
            path: meta_path(),
            fingerprint: hash_of(&self.meta),
        }];
        files.extend(self.chunks.iter().enumerate().map(|(i, c)| IndexFile {
            path: chunk_path(i),
            fingerprint: hash_of(c),
        }));
        files.extend(self.keys.iter().enumerate().map(|(i, &key)| IndexFile {
            path: doc_path(i),
            fingerprint: key,
        }));
        files
    }

    /// Writes the files `wanted` accepts.
    pub fn write(&self, sink: &dyn Sink, wanted: &(dyn Fn(&str) -> bool + Sync)) -> Result<()> {
        let path = meta_path();
        if wanted(&path) {
            sink.write(&path, self.meta.clone())?;
        }
        for (i, chunk) in self.chunks.iter().enumerate() {
            let path = chunk_path(i);
            if wanted(&path) {
                sink.write(&path, chunk.clone())?;
            }
        }
        self.docs.par_iter().enumerate().try_for_each(|(i, doc)| {
            let path = doc_path(i);
            if !wanted(&path) {
                return Ok(());
            }
            let bytes = serde_json::to_vec(doc).unwrap_or_default();
            sink.write(&path, bytes)
        })
    }
}

fn meta_path() -> String {
    format!("{SEARCH_PATH}meta.json")
}

fn chunk_path(i: usize) -> String {
    format!("{SEARCH_PATH}terms/{i}.json")
}

fn doc_path(i: usize) -> String {
    format!("{SEARCH_PATH}docs/{i}.json")
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
        let mut p = Postings::default();
        let forms = |f: &[&str]| f.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        p.add(0, 1, &forms(&["đangR"]));
        p.add(3, 9, &forms(&["đangR", "đang"]));
        p.add(40, 1, &forms(&["đang"]));
        assert_eq!(p.encoded, "0,3.9~3,11~2");
        assert_eq!(p.forms, ["đangR", "đang"]);
    }
}
