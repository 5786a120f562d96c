//! The registers, extracted from the articles' text at build time: the Party documents they
//! cite and the people they name, each with the articles that mention it; and, per page, the
//! mentions in text order so render can link each entry's first mention.

pub mod documents;
pub mod editor;
pub mod people;
mod scanner;
pub mod words;

use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::{BTreeMap, BTreeSet, HashSet};
use std::sync::Arc;

use jiff::civil::Date;

use crate::urls::DOCUMENTS_PATH;
use rayon::prelude::*;

use super::Page;
use super::plain;
use crate::text::date::undated_last;
use crate::text::slugify;
use documents::{Key, Reference};
use editor::names_document;
pub use editor::{Corrections, REGISTERS_FILE};
use people::build_people;
use scanner::{ScanFor, Scanner, scan};

/// Which register entries have pages of their own in a theme: only those are linked to
/// and found by search.
#[derive(Debug, Clone, Copy)]
pub struct EntryPages {
    pub documents: bool,
    pub people: bool,
}

/// Compiles the patterns the registers use, the printed dates' too, rather than on first
/// use: `build` has them compiled on its other core while it imports the seeds.
pub fn compile_patterns() {
    documents::compile_patterns();
    people::compile_patterns();
    words::compile_patterns();
    crate::text::printed_date::compile_patterns();
}

#[derive(Debug, Default)]
pub struct Registers {
    /// By date, undated last.
    pub documents: Vec<Document>,
    /// By name.
    pub people: Vec<Person>,
    /// Per page: the entries it mentions, each once, in the order they first appear.
    pub mentions: Vec<Vec<Mention>>,
    pub warnings: Vec<String>,
}

impl Registers {
    /// No entries, for a site whose theme shows none.
    pub fn empty(pages: usize) -> Registers {
        Registers {
            mentions: vec![Vec::new(); pages],
            ..Registers::default()
        }
    }
}

/// One entry of the registers: a document or a person, by its place in its register.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum RegisterEntry {
    Document(usize),
    Person(usize),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mention {
    pub entry: RegisterEntry,
    /// The words as they stand in the text, to find and link there.
    pub text: String,
}

#[derive(Debug)]
pub struct Document {
    pub slug: String,
    /// Site-relative URL path, `van-ban/98-qd-tw/`.
    pub path: String,
    /// `Quyết định số 98-QĐ/TW`, `Nghị quyết Hội nghị Trung ương 4 khóa XII`.
    pub name: String,
    pub kind: documents::Kind,
    pub code: Option<String>,
    /// As the text names it: `Bộ Chính trị`.
    pub issuer: Option<String>,
    pub date: Option<Date>,
    /// In the citing articles' date order, each citing sentence once.
    pub citations: Vec<Citation>,
    /// The citations hashed once, when they are worked out: what changes with them need not
    /// go over every sentence again on each rebuild.
    pub citations_hash: u64,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Citation {
    pub page: usize,
    pub sentence: String,
}

#[derive(Debug)]
pub struct Person {
    pub slug: String,
    /// Site-relative URL path, `nhan-vat/son-minh-thang/`.
    pub path: String,
    pub name: String,
    /// In the order of the earliest article that gives them.
    pub roles: Vec<Role>,
    /// The pages that name the person (or list them as an author), in date order.
    pub pages: Vec<usize>,
}

#[derive(Debug)]
pub struct Role {
    pub title: String,
    /// The pages that give this office, in date order.
    pub pages: Vec<usize>,
}

/// Where a mention stands in a page's text.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
struct TextPlace {
    paragraph: usize,
    offset: usize,
    text: String,
}

/// What one page's text yields before anything is resolved across the site.
#[derive(Debug)]
pub struct PageFindings {
    /// Each reference with its sentence and where it stands.
    references: Vec<(Reference, String, TextPlace)>,
    people: Vec<people::Finding>,
}

/// A document's identity once references are resolved: dated variants of one code differ.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
enum DocumentId {
    Coded(Key, Option<Date>),
    Other(Key),
}

/// What the registers' last extraction remembers for the next (in `serve`): each page's
/// findings by its file, with the hash of the file they were found in, so that an unchanged
/// page is not read again; and the last registers with what they were made from.
#[derive(Default)]
pub struct Cache {
    by_file: FxHashMap<String, (u64, Arc<PageFindings>)>,
    last: Option<LastRegisters>,
}

/// The registers a build made, with the pages and findings they were made from and the
/// scanners that looked for the registers' names in them.
struct LastRegisters {
    pages: Vec<Arc<Page>>,
    findings: Vec<Arc<PageFindings>>,
    scanners: Vec<Scanner>,
    registers: Arc<Registers>,
}

impl Cache {
    /// The editor's corrections changed: the last registers no longer hold.
    pub fn forget_registers(&mut self) {
        self.last = None;
    }
}

/// The registers of `pages`, reusing what `cache` holds of an earlier build's.
pub fn build(pages: &[Arc<Page>], corrections: &Corrections, cache: &mut Cache) -> Arc<Registers> {
    // A page still in the place it held last time is the same page (a text edit replaces
    // only the pages it read): its findings are taken from there, without a lookup by file.
    let last = cache.last.as_ref();
    let (findings, in_place): (Vec<Arc<PageFindings>>, Vec<bool>) = pages
        .par_iter()
        .enumerate()
        .map(|(i, p)| {
            if let Some(last) = last
                && last.pages.get(i).is_some_and(|kept| Arc::ptr_eq(kept, p))
            {
                return (Arc::clone(&last.findings[i]), true);
            }
            let found = match cache.by_file.get(&p.content_path) {
                Some((hash, findings)) if *hash == p.source_hash => Arc::clone(findings),
                _ => Arc::new(find_in(p.paragraphs())),
            };
            (found, false)
        })
        .unzip();
    for ((page, found), _) in pages
        .iter()
        .zip(&findings)
        .zip(&in_place)
        .filter(|(_, kept)| !**kept)
    {
        let kept = cache.by_file.get(&page.content_path);
        if kept.is_none_or(|(_, kept)| !Arc::ptr_eq(kept, found)) {
            let entry = (page.source_hash, Arc::clone(found));
            cache.by_file.insert(page.content_path.clone(), entry);
        }
    }
    if cache.by_file.len() > pages.len() {
        let current: FxHashSet<&str> = pages.iter().map(|p| p.content_path.as_str()).collect();
        cache
            .by_file
            .retain(|path, _| current.contains(path.as_str()));
    }
    // An edit that changes no reference, name or office, and no date or author, leaves the
    // registers as they were: only the pages' text is new.
    if let Some(last) = &mut cache.last
        && finds_the_same(last, pages, &findings)
    {
        (last.pages, last.findings) = (pages.to_vec(), findings);
        return Arc::clone(&last.registers);
    }
    let mut registers = Registers {
        mentions: vec![Vec::new(); pages.len()],
        ..Registers::default()
    };
    // Each page's mentions, in text order once sorted.
    let mut found: Vec<Vec<(TextPlace, RegisterEntry)>> = vec![Vec::new(); pages.len()];
    let mut scanners = Vec::new();
    let mut making = Making {
        pages,
        findings: &findings,
        corrections,
        registers: &mut registers,
        found: &mut found,
        scanners: &mut scanners,
    };
    build_documents(&mut making);
    build_people(&mut making);
    for (page, mut list) in found.into_iter().enumerate() {
        list.sort();
        let mut seen = BTreeSet::new();
        registers.mentions[page] = list
            .into_iter()
            .filter(|(_, entry)| seen.insert(*entry))
            .map(|(spot, entry)| Mention {
                entry,
                text: spot.text,
            })
            .collect();
    }
    let registers = Arc::new(registers);
    cache.last = Some(LastRegisters {
        pages: pages.to_vec(),
        findings,
        scanners,
        registers: Arc::clone(&registers),
    });
    registers
}

/// What making the registers reads and adds to, handed from one register to the next.
struct Making<'a> {
    pages: &'a [Arc<Page>],
    findings: &'a [Arc<PageFindings>],
    corrections: &'a Corrections,
    registers: &'a mut Registers,
    /// Per page: each entry's mentions, where they stand.
    found: &'a mut [Vec<(TextPlace, RegisterEntry)>],
    /// What looked for the registers' names, kept to ask whether an edit changes what is found.
    scanners: &'a mut Vec<Scanner>,
}

/// Whether `pages`, with their `findings`, make the same registers as the last build did.
fn finds_the_same(
    last: &LastRegisters,
    pages: &[Arc<Page>],
    findings: &[Arc<PageFindings>],
) -> bool {
    let before = &last.findings;
    last.pages.len() == pages.len()
        && before.len() == findings.len()
        && (0..pages.len()).all(|i| {
            let (old, new) = (&last.pages[i], &pages[i]);
            let same_page = Arc::ptr_eq(old, new)
                || (old.content_path == new.content_path
                    && old.date == new.date
                    && old.meta.authors == new.meta.authors
                    && old.meta.author_roles == new.meta.author_roles);
            let same_hits = |scanner: &Scanner| {
                let hits = |p: &Page| scanner.page_hits(i, p.paragraphs(), ScanFor::EverySentence);
                hits(old) == hits(new)
            };
            let (old_found, new_found) = (&before[i], &findings[i]);
            let same_findings = Arc::ptr_eq(old_found, new_found)
                || (old_found.references == new_found.references
                    && old_found.people == new_found.people
                    && last.scanners.iter().all(same_hits));
            same_page && same_findings
        })
}

fn find_in(paragraphs: &[String]) -> PageFindings {
    let mut references = Vec::new();
    let mut people = Vec::new();
    for (index, paragraph) in paragraphs.iter().enumerate() {
        for sentence in plain::sentences(paragraph) {
            let sentence_at = offset_in(paragraph, sentence);
            for (at, reference) in documents::find(sentence) {
                let spot = TextPlace {
                    paragraph: index,
                    offset: sentence_at + at,
                    text: reference.text.clone(),
                };
                references.push((reference, sentence.to_owned(), spot));
            }
            people.extend(people::find(sentence));
        }
    }
    PageFindings { references, people }
}

/// Every date each code is cited with: one document per date.
type DatesOfCode<'a> = BTreeMap<&'a Key, BTreeSet<Date>>;

/// The document a reference names, once every reference is known: `None` when the text
/// does not say which of several it is.
fn resolve(reference: &Reference, dates_of: &DatesOfCode) -> Option<DocumentId> {
    match &reference.key {
        key @ Key::Code { .. } => {
            let dates = &dates_of[key];
            match (reference.date, dates.len()) {
                (Some(date), _) => Some(DocumentId::Coded(key.clone(), Some(date))),
                (None, 0) => Some(DocumentId::Coded(key.clone(), None)),
                (None, 1) => Some(DocumentId::Coded(key.clone(), dates.first().copied())),
                // `01-NQ/ĐUK` of 2012 or of 2016: the text does not say which.
                (None, _) => None,
            }
        }
        Key::Short {
            kind,
            number,
            numbered,
        } => {
            let mut candidates = dates_of.iter().filter_map(|(key, dates)| match key {
                Key::Code {
                    number: n,
                    type_code,
                    ..
                } if n == number && type_code == kind.type_code() => Some((*key, dates)),
                _ => None,
            });
            match (candidates.next(), candidates.next()) {
                (Some((key, dates)), None) if dates.len() <= 1 => {
                    Some(DocumentId::Coded(key.clone(), dates.first().copied()))
                }
                (None, _) if *numbered => Some(DocumentId::Other(reference.key.clone())),
                _ => None,
            }
        }
        Key::Named(_) => Some(DocumentId::Other(reference.key.clone())),
    }
}

/// Every document the pages cite, described, with each mention of it (page and place).
fn cited_documents(findings: &[Arc<PageFindings>]) -> Vec<(Document, Vec<(usize, TextPlace)>)> {
    let mut dates_of: DatesOfCode = BTreeMap::new();
    for (reference, _, _) in findings.iter().flat_map(|f| &f.references) {
        if let Key::Code { .. } = reference.key {
            let dates = dates_of.entry(&reference.key).or_default();
            dates.extend(reference.date);
        }
    }
    struct Gathered<'a> {
        references: Vec<&'a Reference>,
        citations: Vec<Citation>,
        mentions: Vec<(usize, TextPlace)>,
    }
    let mut by_id: BTreeMap<DocumentId, Gathered> = BTreeMap::new();
    for (page, f) in findings.iter().enumerate() {
        for (reference, sentence, spot) in &f.references {
            let Some(id) = resolve(reference, &dates_of) else {
                continue;
            };
            let g = by_id.entry(id).or_insert_with(|| Gathered {
                references: Vec::new(),
                citations: Vec::new(),
                mentions: Vec::new(),
            });
            g.references.push(reference);
            g.citations.push(Citation {
                page,
                sentence: sentence.clone(),
            });
            g.mentions.push((page, spot.clone()));
        }
    }

    by_id
        .into_iter()
        .map(|(id, g)| {
            let document = describe(&id, &g.references, g.citations, &dates_of);
            (document, g.mentions)
        })
        .collect()
}

fn build_documents(making: &mut Making) {
    let Making {
        pages,
        findings,
        corrections,
        ..
    } = *making;
    let mut list = cited_documents(findings);
    let cited = |key: &str| list.iter().any(|(d, _)| names_document(d, key));
    making
        .registers
        .warnings
        .extend(corrections.unmatched_documents(cited));
    list.retain(|(d, _)| !corrections.excludes(d));
    list.sort_by(|(a, _), (b, _)| {
        (undated_last(a.date), &a.name).cmp(&(undated_last(b.date), &b.name))
    });

    // Aliases the editor gave: more ways the text cites a document.
    let aliases = Corrections::alias_map(&corrections.documents);
    let alias_target: Vec<(String, usize)> = aliases
        .iter()
        .filter_map(|(alias, key)| {
            let i = list.iter().position(|(d, _)| names_document(d, key))?;
            Some((alias.clone(), i))
        })
        .collect();
    let alias_hits = scan(
        pages,
        alias_target.iter().map(|(a, _)| a.as_str()),
        ScanFor::EverySentence,
        making.scanners,
    );
    let (registers, found) = (&mut *making.registers, &mut *making.found);

    registers.documents = Vec::with_capacity(list.len());
    for (i, (mut document, mentions)) in list.into_iter().enumerate() {
        for (page, spot) in mentions {
            found[page].push((spot, RegisterEntry::Document(i)));
        }
        for hit in alias_hits.iter().filter(|h| alias_target[h.pattern].1 == i) {
            document.citations.push(Citation {
                page: hit.page,
                sentence: hit.sentence.clone().unwrap_or_default(),
            });
            found[hit.page].push((hit.spot.clone(), RegisterEntry::Document(i)));
        }
        // Each citing sentence once (a sentence may cite a document twice), by date.
        let mut seen = HashSet::new();
        document
            .citations
            .retain(|c| seen.insert((c.page, c.sentence.clone())));
        document
            .citations
            .sort_by_cached_key(|c| (by_date(pages, c.page), c.page));
        document.citations_hash = crate::hash_of(&document.citations);
        registers.documents.push(document);
    }
    dedupe_slugs(registers.documents.iter_mut().map(|d| &mut d.slug));
    for document in &mut registers.documents {
        document.path = format!("{DOCUMENTS_PATH}{}/", document.slug);
    }
}

/// A document's register entry from the references that resolved to it.
fn describe(
    id: &DocumentId,
    references: &[&Reference],
    citations: Vec<Citation>,
    dates_of: &DatesOfCode,
) -> Document {
    let kind = most_common(references.iter().filter(|r| r.kind_named).map(|r| r.kind))
        .unwrap_or(references[0].kind);
    let issuer = most_common(references.iter().filter_map(|r| r.issuer.clone()));
    let code = references.iter().find_map(|r| r.code.clone());
    let (name, date, slug) = match id {
        DocumentId::Coded(key, date) => {
            let code = code.clone().unwrap_or_default();
            let mut slug = slugify(&code);
            if let Some(date) = date
                && dates_of.get(key).is_some_and(|d| d.len() > 1)
            {
                slug = format!("{slug}-{date}");
            }
            (format!("{} số {code}", kind.name()), *date, slug)
        }
        DocumentId::Other(Key::Named(name)) => (name.clone(), None, slugify(name)),
        DocumentId::Other(Key::Short { kind, number, .. }) => {
            let name = format!("{} số {number}", kind.name());
            let slug = slugify(&name);
            (name, None, slug)
        }
        DocumentId::Other(Key::Code { .. }) => unreachable!("codes resolve to Coded"),
    };
    Document {
        slug,
        path: String::new(),
        name,
        kind,
        code,
        issuer,
        date,
        citations,
        citations_hash: 0,
    }
}

fn most_common<T: Ord + Clone>(items: impl Iterator<Item = T>) -> Option<T> {
    let mut counts: BTreeMap<T, usize> = BTreeMap::new();
    let mut order = Vec::new();
    for item in items {
        let count = counts.entry(item.clone()).or_default();
        if *count == 0 {
            order.push(item);
        }
        *count += 1;
    }
    // `max_by_key` keeps the last of equals: reversed, that is the first seen.
    order.into_iter().rev().max_by_key(|item| counts[item])
}

/// Sorts pages by date, undated last.
fn by_date(pages: &[Arc<Page>], page: usize) -> (bool, Option<jiff::Timestamp>) {
    undated_last(pages[page].date.map(|d| d.timestamp()))
}

/// Where `part`, a slice of `text`, begins in it.
fn offset_in(text: &str, part: &str) -> usize {
    part.as_ptr() as usize - text.as_ptr() as usize
}

/// Two entries that slugify alike get `-2`, `-3`, … in register order, skipping any suffix
/// another entry already has as its own slug (`a`, `a`, `a-2` → `a`, `a-3`, `a-2`).
fn dedupe_slugs<'a>(slugs: impl Iterator<Item = &'a mut String>) {
    let mut slugs: Vec<&mut String> = slugs.collect();
    let mut taken: HashSet<String> = slugs.iter().map(|s| s.to_string()).collect();
    let mut seen: HashSet<String> = HashSet::new();
    for slug in &mut slugs {
        if seen.insert(slug.to_string()) {
            continue;
        }
        let free = (2..)
            .map(|n| format!("{slug}-{n}"))
            .find(|candidate| !taken.contains(candidate))
            .expect("some suffix is free");
        taken.insert(free.clone());
        **slug = free;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn deduped(slugs: &[&str]) -> Vec<String> {
        let mut slugs: Vec<String> = slugs.iter().map(|s| s.to_string()).collect();
        dedupe_slugs(slugs.iter_mut());
        slugs
    }

    #[test]
    fn alike_slugs_get_a_suffix_no_other_entry_has() {
        assert_eq!(deduped(&["a", "a"]), ["a", "a-2"]);
        assert_eq!(deduped(&["a", "a", "a-2"]), ["a", "a-3", "a-2"]);
        assert_eq!(deduped(&["a", "a-2", "a", "a"]), ["a", "a-2", "a-3", "a-4"]);
        let three = deduped(&["b", "b", "b", "b-2", "b-3"]);
        let unique: HashSet<&String> = three.iter().collect();
        assert_eq!(unique.len(), three.len(), "{three:?}");
    }
}
