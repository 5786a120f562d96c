//! The inverted index: folded term → the documents that have it, cut into chunks.
//!
//! Every file but `meta.json` is deflated (`packed.rs`). A chunk is a JSON array of `[term, exact forms, postings]`, terms in UTF-16 order (the
//! order JavaScript compares strings in, so the browser can find a term's chunk from the first
//! terms in `meta.json`). Postings are one string, `delta[.weight][~forms]` per document
//! joined by `,`, numbers in base 36: `delta` is the document's number minus the previous
//! one's; `weight` (default 1) adds up the weights of the fields the word stands in, times
//! its repeats there (a few at most); `forms` (default 1) has bit *i* set when the document
//! has exact form *i*.

use crate::hash_of;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use super::packed::deflate;
use super::{Doc, Field, IndexFile};
use crate::error::Result;
use crate::output::Sink;
use crate::text::fold::{exact, fold, tokens};
use crate::urls::SEARCH_PATH;

/// About how large a chunk of terms grows before the next one starts. A single term with
/// many postings makes a larger chunk of its own.
const CHUNK_BYTES: usize = 24 * 1024;
/// Exact forms beyond this many per term are not told apart (they still match, folded).
const MAX_FORMS: usize = 31;
/// Documents whose words are gathered at once (see `Index::build`).
const BATCH: usize = 512;
/// Results stored together in one file: a file per result would waste most of a disk
/// block each; two, deflated, are still less than one result was as plain JSON.
const DOCS_PER_FILE: usize = 2;

/// Words by number, so that each spelling is folded once per build (once per session in
/// `serve`), and each document's terms, by what the document is made from.
#[derive(Default)]
pub struct TermCache {
    /// Spelling as written → (folded term, exact form).
    spellings: HashMap<Box<str>, (u32, u32)>,
    terms: Interner,
    forms: Interner,
    docs: HashMap<u64, Arc<DocTerms>>,
}

impl TermCache {
    /// Numbers the spellings in `words` never seen before: folded in parallel, then
    /// numbered in order.
    fn number_unseen(&mut self, words: &[HashMap<&str, u32>]) {
        let unseen: HashSet<&str> = words
            .par_iter()
            .fold(HashSet::default, |mut unseen, words| {
                unseen.extend(words.keys().filter(|w| !self.spellings.contains_key(**w)));
                unseen
            })
            .reduce(HashSet::default, |mut a, b| {
                a.extend(b);
                a
            });
        let mut unseen: Vec<&str> = unseen.into_iter().collect();
        unseen.sort_unstable();
        let folded: Vec<(String, String)> =
            unseen.par_iter().map(|w| (fold(w), exact(w))).collect();
        for (word, (term, form)) in unseen.iter().zip(folded) {
            let numbers = (self.terms.number(&term), self.forms.number(&form));
            self.spellings.insert((*word).into(), numbers);
        }
    }

    /// A document's terms from its spellings (all numbered) and their weights.
    fn doc_terms(&self, words: HashMap<&str, u32>) -> Arc<DocTerms> {
        let mut terms: Vec<(u32, u32, u32)> = words
            .into_iter()
            .map(|(word, weight)| {
                let (term, form) = self.spellings[word];
                (term, form, weight)
            })
            .collect();
        terms.sort_unstable();
        terms.dedup_by(|b, a| {
            let same = (a.0, a.1) == (b.0, b.1);
            if same {
                a.2 += b.2;
            }
            same
        });
        Arc::new(DocTerms(terms))
    }
}

#[derive(Default)]
struct Interner {
    strings: Vec<Box<str>>,
    numbers: HashMap<Box<str>, u32>,
}

impl Interner {
    fn number(&mut self, s: &str) -> u32 {
        if let Some(&n) = self.numbers.get(s) {
            return n;
        }
        let n = self.strings.len() as u32;
        self.strings.push(s.into());
        self.numbers.insert(s.into(), n);
        n
    }
}

/// One document's terms as `(term, form, weight)`, sorted; a term's weight is spread over
/// its forms.
pub struct DocTerms(Vec<(u32, u32, u32)>);

/// Repeats of a word in one field count up to this many times: a long text that repeats a
/// word does not outweigh a title that has it.
const MAX_REPEATS: u32 = 3;

/// Each spelling in a document with its weight: each field's weight times how often the
/// field has it (up to `MAX_REPEATS`).
fn spellings<'d>(doc: &'d Doc) -> HashMap<&'d str, u32> {
    let mut found: HashMap<&str, u32> = HashMap::default();
    let fields = doc.fields.iter().map(|(f, t)| (*f, vec![t.as_str()]));
    let mut counts: HashMap<&str, u32> = HashMap::default();
    let body = (Field::Body, doc.text.lines().collect::<Vec<_>>());
    for (field, lines) in std::iter::once(body).chain(fields) {
        // Repeats count over the whole field, all its lines.
        for text in lines {
            for token in tokens(text) {
                *counts.entry(token.text(text)).or_default() += 1;
            }
        }
        for (word, count) in counts.drain() {
            *found.entry(word).or_default() += field as u32 * count.min(MAX_REPEATS);
        }
    }
    found
}

#[derive(Default)]
struct Postings {
    /// Exact forms by number, in the order first seen.
    forms: Vec<u32>,
    encoded: String,
    last: usize,
}

impl Postings {
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

/// A built index, ready to write: its term files are made; each document's file is made
/// when written.
pub struct Index<'d> {
    docs: &'d [Doc<'d>],
    keys: Vec<u64>,
    meta: Vec<u8>,
    chunks: Vec<Vec<u8>>,
}

impl<'d> Index<'d> {
    /// Indexes `docs`, reusing the terms of documents `cache` already has; the cache keeps
    /// only these documents' terms afterwards.
    pub fn build(docs: &'d [Doc<'d>], cache: &mut TermCache) -> Index<'d> {
        let keys: Vec<u64> = docs.par_iter().map(Doc::key).collect();
        let fresh: Vec<usize> = (0..docs.len())
            .filter(|&i| !cache.docs.contains_key(&keys[i]))
            .collect();
        // In batches: each document's words are a map until they are numbered, and all of
        // a large site's maps at once were a fifth of a build's peak memory.
        for batch in fresh.chunks(BATCH) {
            let words: Vec<HashMap<&str, u32>> =
                batch.par_iter().map(|&i| spellings(&docs[i])).collect();
            cache.number_unseen(&words);
            let made: Vec<Arc<DocTerms>> = words
                .into_par_iter()
                .map(|words| cache.doc_terms(words))
                .collect();
            for (&i, terms) in batch.iter().zip(made) {
                cache.docs.insert(keys[i], terms);
            }
        }
        let wanted: HashSet<u64> = keys.iter().copied().collect();
        cache.docs.retain(|key, _| wanted.contains(key));

        let mut postings: Vec<Postings> = Vec::new();
        postings.resize_with(cache.terms.strings.len(), Postings::default);
        for (doc, key) in keys.iter().enumerate() {
            let terms = &cache.docs[key].0;
            for group in terms.chunk_by(|a, b| a.0 == b.0) {
                let weight = group.iter().map(|t| t.2).sum();
                let forms = group.iter().map(|t| t.1);
                postings[group[0].0 as usize].add(doc, weight, forms);
            }
        }
        let strings = &cache.terms.strings;
        let mut sorted: Vec<(&str, &Postings)> = postings
            .iter()
            .enumerate()
            .filter(|(_, p)| !p.encoded.is_empty())
            .map(|(term, p)| (&*strings[term], p))
            .collect();
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
            let forms: Vec<&str> = p
                .forms
                .iter()
                .map(|&f| &*cache.forms.strings[f as usize])
                .collect();
            let entry = (term, forms, &p.encoded);
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
        // `sizes` are the chunks' sizes inflated: what a query may load is judged by them,
        // as before the files were deflated, so the same queries find the same results.
        let meta = serde_json::json!({
            "version": format!("{version:x}"),
            "docs": docs.len(),
            "docs_per_file": DOCS_PER_FILE,
            "chunks": firsts,
            "sizes": chunks.iter().map(Vec::len).collect::<Vec<_>>(),
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
        files.extend(
            self.keys
                .chunks(DOCS_PER_FILE)
                .enumerate()
                .map(|(i, keys)| IndexFile {
                    path: doc_path(i),
                    fingerprint: hash_of(keys),
                }),
        );
        files
    }

    /// Writes the files `wanted` accepts.
    pub fn write(&self, sink: &dyn Sink, wanted: &(dyn Fn(&str) -> bool + Sync)) -> Result<()> {
        let path = meta_path();
        if wanted(&path) {
            sink.write(&path, self.meta.clone())?;
        }
        self.chunks
            .par_iter()
            .enumerate()
            .try_for_each(|(i, chunk)| {
                let path = chunk_path(i);
                if !wanted(&path) {
                    return Ok(());
                }
                sink.write(&path, deflate(chunk))
            })?;
        let files: Vec<&[Doc]> = self.docs.chunks(DOCS_PER_FILE).collect();
        files.into_par_iter().enumerate().try_for_each(|(i, docs)| {
            let path = doc_path(i);
            if !wanted(&path) {
                return Ok(());
            }
            let json = serde_json::to_vec(docs).unwrap_or_default();
            sink.write(&path, deflate(&json))
        })
    }
}

fn meta_path() -> String {
    format!("{SEARCH_PATH}meta.json")
}

fn chunk_path(i: usize) -> String {
    format!("{SEARCH_PATH}terms/{i}.bin")
}

fn doc_path(i: usize) -> String {
    format!("{SEARCH_PATH}docs/{i}.bin")
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
    fn repeats_are_capped_over_the_whole_text_not_each_paragraph() {
        let paragraphs = [
            "Đảng ủy. Đảng ủy.".to_owned(),
            "Đảng ủy. Đảng ủy.".to_owned(),
        ];
        let doc = Doc {
            url: String::new(),
            title: String::new(),
            kind: super::super::Kind::Page,
            date: String::new(),
            section: String::new(),
            description: String::new(),
            lang: "",
            title_lang: "",
            text: super::super::Text::Paragraphs(&paragraphs),
            codes: Default::default(),
            fields: vec![(Field::Title, "Đảng".to_owned())],
        };
        let found = spellings(&doc);
        // Four times in the text counts three; once in the title, eight.
        assert_eq!(found["Đảng"], MAX_REPEATS + Field::Title as u32);
        assert_eq!(found["ủy"], MAX_REPEATS);
    }

    #[test]
    fn postings_are_deltas_with_weights_and_forms() {
        let mut p = Postings::default();
        p.add(0, 1, [7].into_iter());
        p.add(3, 9, [7, 2].into_iter());
        p.add(40, 1, [2].into_iter());
        assert_eq!(p.encoded, "0,3.9~3,11~2");
        assert_eq!(p.forms, [7, 2]);
    }
}
