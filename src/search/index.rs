//! The index: each document's terms, the postings of every term cut into chunks
//! (`postings.rs`), the documents' files, and `meta.json`, made from what `TermCache` kept of
//! the last index: only new documents are read for their words, and only changed postings
//! are encoded again.
//!
//! Every file but `meta.json` is deflated (`packed.rs`). A chunk is a JSON array of
//! `[term, exact forms, postings]`, terms in UTF-16 order (the order JavaScript compares
//! strings in, so the browser can find a term's chunk from the first terms in `meta.json`).

use crate::hash_of;
use rustc_hash::{FxHashMap as HashMap, FxHashSet as HashSet};
use std::sync::Arc;

use rayon::prelude::*;

use super::catalogue::Catalogue;
use super::packed::deflate;
use super::postings::{Chunk, TermPostings, Triple};
use super::{Doc, Field, IndexFile};
use crate::config::Config;
use crate::content::Site;
use crate::content::registers::EntryPages;
use crate::error::Result;
use crate::output::Sink;
use crate::text::fold::{exact, fold, tokens};
use crate::urls::SEARCH_PATH;

/// Documents whose words are gathered at once (see `TermCache::add_new`).
const BATCH: usize = 512;
/// Documents changed in one update beyond which every term's postings are made anew: past
/// this, replacing each one's postings in place costs more.
const MAX_REPLACED: usize = 64;
/// Results stored together in one file: a file per result would waste most of a disk
/// block each. Four, deflated, are about 6 KB: at 10,000 pages the index takes 23 MB of
/// disk rather than 30 with two, and a query's first ten results still load in under 100 KB.
const DOCS_PER_FILE: usize = 4;

/// Words by number, so that each spelling is folded once per build (once per session in
/// `serve`); each document's terms, by what the document is made from; and the last index's
/// postings. Good for one configuration and theme: `serve` starts a new one when either
/// changes.
#[derive(Default)]
pub struct TermCache {
    /// Spelling as written → (folded term, exact form).
    spellings: HashMap<Box<str>, (u32, u32)>,
    terms: Interner,
    forms: Interner,
    docs: HashMap<u64, Arc<DocTerms>>,
    /// The last index's documents' keys, by number.
    keys: Vec<u64>,
    postings: TermPostings,
    /// Made for one index (a build's), never updated: it keeps neither the postings nor
    /// the documents' terms once they are encoded.
    single_use: bool,
}

impl TermCache {
    /// A cache for one index, which is never updated (`build`'s).
    pub fn single_use() -> TermCache {
        TermCache {
            single_use: true,
            ..TermCache::default()
        }
    }
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
        // A term's forms in the order of their text, not of their numbers: those depend on
        // which edit saw a spelling first, and the index must not.
        let forms = &self.forms.strings;
        terms.sort_unstable_by(|a, b| {
            let form = |t: &(u32, u32, u32)| &forms[t.1 as usize];
            a.0.cmp(&b.0).then_with(|| form(a).cmp(form(b)))
        });
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

/// One document's terms as `(term, form, weight)`, by term, and a term's forms in the order
/// of their text; a term's weight is spread over its forms.
pub struct DocTerms(Vec<Triple>);

/// Repeats of a word in one field count up to this many times: a long text that repeats a
/// word does not outweigh a title that has it.
const MAX_REPEATS: u32 = 3;

/// Each spelling in a document with its weight: each field's weight times how often the
/// field has it (up to `MAX_REPEATS`).
fn spellings<'d>(doc: &'d Doc) -> HashMap<&'d str, u32> {
    let mut found: HashMap<&str, u32> = HashMap::default();
    let fields = doc
        .fields
        .iter()
        .map(|(f, t)| (*f, std::slice::from_ref(t)));
    let mut counts: HashMap<&str, u32> = HashMap::default();
    let body = (Field::Body, doc.text.paragraphs());
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

impl TermCache {
    /// Reads the words of the documents whose keys it does not have yet, making those of
    /// pages (`made` has the others, by number).
    fn add_new<'a>(
        &mut self,
        catalogue: &Catalogue<'a>,
        made: &mut [Option<Doc<'a>>],
        keys: &[u64],
    ) {
        let new: Vec<usize> = (0..keys.len())
            .filter(|&n| !self.docs.contains_key(&keys[n]))
            .collect();
        // In batches: each document's words are a map until they are numbered, and all of
        // a large site's maps at once were a fifth of a build's peak memory.
        for batch in new.chunks(BATCH) {
            let docs: Vec<Option<Doc>> = batch
                .par_iter()
                .map(|&n| made[n].is_none().then(|| catalogue.page_doc(n)))
                .collect();
            for (&n, doc) in batch.iter().zip(docs) {
                made[n] = made[n].take().or(doc);
            }
            let made = &*made;
            let words: Vec<HashMap<&str, u32>> = batch
                .par_iter()
                .map(|&n| made[n].as_ref().map(spellings).unwrap_or_default())
                .collect();
            self.number_unseen(&words);
            let terms: Vec<Arc<DocTerms>> = words
                .into_par_iter()
                .map(|words| self.doc_terms(words))
                .collect();
            for (&n, terms) in batch.iter().zip(terms) {
                self.docs.insert(keys[n], terms);
            }
        }
    }

    /// Brings the postings from the last index's documents to those of `keys`: in place
    /// when a few documents changed and the others kept their numbers, anew otherwise.
    /// Forgets the terms of documents no longer there (of all, when single use).
    fn update_postings(&mut self, keys: &[u64]) {
        let old = std::mem::take(&mut self.keys);
        let docs = &self.docs;
        let (terms, forms) = (&self.terms.strings, &self.forms.strings);
        let changed: Vec<usize> = (0..keys.len().min(old.len()))
            .filter(|&n| old[n] != keys[n])
            .collect();
        let in_place = old.len() == keys.len() && changed.len() <= MAX_REPLACED;
        if in_place {
            let replaced: Vec<(usize, &[Triple], &[Triple])> = changed
                .iter()
                .map(|&n| (n, &docs[&old[n]].0[..], &docs[&keys[n]].0[..]))
                .collect();
            self.postings.update(&replaced, terms, forms);
        } else {
            let all: Vec<&[Triple]> = keys.iter().map(|key| &docs[key].0[..]).collect();
            self.postings.rebuild(&all, terms, forms, !self.single_use);
        }
        if self.single_use {
            self.docs = HashMap::default();
        } else {
            let wanted: HashSet<u64> = keys.iter().copied().collect();
            self.docs.retain(|key, _| wanted.contains(key));
        }
        self.keys = keys.to_vec();
    }
}

/// An index, ready to write: its chunks are cut and `meta.json` made; each chunk's and each
/// document file's bytes are made when written.
pub struct Index<'a> {
    catalogue: Catalogue<'a>,
    /// The documents made for this index (new ones, and the register entries), by number:
    /// the others are made again if their file is written.
    made: Vec<Option<Doc<'a>>>,
    keys: Vec<u64>,
    meta: Vec<u8>,
    chunks: Vec<Chunk>,
    cache: &'a TermCache,
}

impl<'a> Index<'a> {
    /// Indexes every page and the register entries with a page of their own
    /// (`entry_pages`), reusing what `cache` kept of the last index; the cache keeps only
    /// this index's documents afterwards. A page without a title is shown as `untitled`.
    pub fn new(
        site: &'a Site,
        config: &'a Config,
        entry_pages: EntryPages,
        untitled: &'a str,
        cache: &'a mut TermCache,
    ) -> Index<'a> {
        let (catalogue, registers) = Catalogue::new(site, config, entry_pages, untitled);
        let mut keys = catalogue.page_keys();
        keys.extend(registers.iter().map(Doc::key));
        let mut made: Vec<Option<Doc>> = (0..catalogue.pages_len()).map(|_| None).collect();
        made.extend(registers.into_iter().map(Some));
        cache.add_new(&catalogue, &mut made, &keys);
        cache.update_postings(&keys);
        let cache: &'a TermCache = cache;
        let chunks = cache.postings.chunks();
        let fingerprints: Vec<u64> = chunks.iter().map(|c| c.fingerprint).collect();
        let version = hash_of((&fingerprints, &keys));
        let firsts: Vec<&str> = chunks
            .iter()
            .map(|c| cache.postings.first(c, &cache.terms.strings))
            .collect();
        // `sizes` are the chunks' sizes inflated: what a query may load is judged by them,
        // as before the files were deflated, so the same queries find the same results.
        let meta = serde_json::json!({
            "version": format!("{version:x}"),
            "docs": keys.len(),
            "docs_per_file": DOCS_PER_FILE,
            "chunks": firsts,
            "sizes": chunks.iter().map(|c| c.size).collect::<Vec<_>>(),
        });
        Index {
            catalogue,
            made,
            keys,
            meta: meta.to_string().into_bytes(),
            chunks,
            cache,
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
            fingerprint: c.fingerprint,
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
        let postings = &self.cache.postings;
        self.chunks
            .par_iter()
            .enumerate()
            .try_for_each(|(i, chunk)| {
                let path = chunk_path(i);
                if !wanted(&path) {
                    return Ok(());
                }
                sink.write(&path, deflate(&postings.bytes(chunk)))
            })?;
        let files = self.keys.len().div_ceil(DOCS_PER_FILE);
        (0..files).into_par_iter().try_for_each(|i| {
            let path = doc_path(i);
            if !wanted(&path) {
                return Ok(());
            }
            sink.write(&path, deflate(&self.doc_file(i)))
        })
    }

    /// Doc file `i`'s bytes: its documents as a JSON array.
    fn doc_file(&self, i: usize) -> Vec<u8> {
        let numbers = i * DOCS_PER_FILE..((i + 1) * DOCS_PER_FILE).min(self.keys.len());
        let mut json = Vec::new();
        for n in numbers {
            json.push(if json.is_empty() { b'[' } else { b',' });
            let made;
            let doc = match &self.made[n] {
                Some(doc) => doc,
                None => {
                    made = self.catalogue.page_doc(n);
                    &made
                }
            };
            serde_json::to_writer(&mut json, doc).unwrap_or_default();
        }
        json.push(b']');
        json
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
}
