//! What each output is made from, as one number per job: `serve` renders again only the jobs
//! whose number changed. A job's number covers what its template is given about other pages
//! (their title, date, path, lead, source), not whole pages: editing one article's text
//! re-renders that article and the feed, not the pages that list it.
//!
//! Templates that reach further (`get_page` of another article, content and all) could show
//! any page: with such a theme every output's number covers every page's key.

use rayon::prelude::*;
use std::hash::{Hash, Hasher};

use crate::hash_of;

use super::{Job, Renderer, distinct_in_order};
use crate::content::Page;
use crate::content::chronology::{self, Event};
use crate::content::registers::{Document, Person};

/// What a page's own value is made from: its file (name and bytes), its URL, and its
/// mentions of register entries, each with its words and the entry's name and path (an
/// entry's name can change with other articles).
pub fn page_key<'a>(
    page: &Page,
    mentions: impl Iterator<Item = (&'a str, &'a str, &'a str)>,
) -> u64 {
    let mut hasher = rustc_hash::FxHasher::default();
    (page.source_hash, &page.content_path, &page.path).hash(&mut hasher);
    for mention in mentions {
        mention.hash(&mut hasher);
    }
    hasher.finish()
}

/// What a document's value is made from: its fields, its citations and their pages' keys.
pub fn document_key(document: &Document, page_keys: &[u64]) -> u64 {
    document_hash(document, |page| page_keys[page])
}

/// A document's fields and citations (hashed once, `Document::citations_hash`) with a number
/// for each citing page.
fn document_hash(d: &Document, page: impl Fn(usize) -> u64) -> u64 {
    let mut hasher = rustc_hash::FxHasher::default();
    (
        &d.name,
        &d.path,
        d.kind,
        &d.code,
        &d.issuer,
        d.date,
        d.citations_hash,
    )
        .hash(&mut hasher);
    for citation in &d.citations {
        page(citation.page).hash(&mut hasher);
    }
    hasher.finish()
}

/// What a chronology entry's value is made from: its date and its page's or document's key.
pub fn chronology_key(entry: &chronology::Entry, page_keys: &[u64], document_keys: &[u64]) -> u64 {
    let event = match entry.event {
        Event::Article(i) => (0, page_keys[i]),
        Event::Document(d) => (1, document_keys[d]),
    };
    hash_of((entry.date, event))
}

/// What a listing shows of a page.
fn summary(page: &Page) -> u64 {
    let meta = &page.meta;
    hash_of((
        &meta.title,
        &page.path,
        page.date,
        meta.date_approximate,
        &meta.description,
        &meta.source,
        &meta.authors,
    ))
}

impl Renderer<'_> {
    /// One number per job, in the order given.
    pub fn fingerprints(&self, jobs: &[Job]) -> Vec<u64> {
        let hashing = JobHashing::new(self);
        jobs.par_iter()
            .map(|&job| hash_of((hashing.job(job), hashing.navigation, hashing.reach)))
            .collect()
    }

    /// Whether a template calls `get_page`: then every output may show any page.
    pub fn calls_get_page(&self) -> bool {
        self.theme.templates.calls_get_page
    }

    /// What every page's header and navigation show: part of every output's fingerprint.
    pub fn navigation(&self) -> u64 {
        let site = self.site;
        hash_of((
            site.sections[0]
                .subsections
                .iter()
                .map(|&s| (&site.sections[s].meta.title, &site.sections[s].path))
                .collect::<Vec<_>>(),
            site.registers.documents.len(),
            site.registers.people.len(),
        ))
    }

    /// What the sitemap lists: every URL, with its date (`generated`: the register and
    /// chronology URLs).
    pub fn sitemap_fingerprint(&self, generated: &[String]) -> u64 {
        let site = self.site;
        let pages: Vec<_> = site.pages.iter().map(|p| (&p.path, p.date)).collect();
        let sections: Vec<_> = site.sections.iter().map(|s| &s.path).collect();
        hash_of((pages, sections, generated))
    }

    /// What the feed holds: its pages (`feeds::entries`), whole.
    pub fn feed_fingerprint(&self, entries: &[usize]) -> u64 {
        hash_of(
            entries
                .iter()
                .map(|&i| self.page_keys()[i])
                .collect::<Vec<_>>(),
        )
    }
}

/// What the fingerprints of one build's jobs share, worked out once for all of them.
struct JobHashing<'r, 'a> {
    renderer: &'r Renderer<'a>,
    /// Per page, what a listing shows of it.
    summaries: Vec<u64>,
    /// Per document and person: what all pages of its entry show.
    documents: Vec<u64>,
    people: Vec<u64>,
    navigation: u64,
    /// Every page's key when a template may show any page (`get_page`); else 0.
    reach: u64,
}

impl<'r, 'a> JobHashing<'r, 'a> {
    fn new(renderer: &'r Renderer<'a>) -> Self {
        let site = renderer.site;
        let summaries: Vec<u64> = site.pages.par_iter().map(|p| summary(p)).collect();
        let documents = site
            .registers
            .documents
            .par_iter()
            .map(|d| document_hash(d, |page| summaries[page]))
            .collect();
        let people = site
            .registers
            .people
            .iter()
            .map(|p| person_hash(p, &summaries))
            .collect();
        let reach = match renderer.calls_get_page() {
            true => hash_of(renderer.page_keys()),
            false => 0,
        };
        JobHashing {
            renderer,
            summaries,
            documents,
            people,
            navigation: renderer.navigation(),
            reach,
        }
    }

    /// What `job`'s output shows besides the navigation.
    fn job(&self, job: Job) -> u64 {
        let site = self.renderer.site;
        let registers = &site.registers;
        match job {
            Job::Page(i) => self.page(i),
            Job::Alias { page, alias } => {
                hash_of((self.summaries[page], &site.pages[page].aliases[alias]))
            }
            Job::Section { section, pager } => self.section(section, pager),
            Job::Documents { pager } => {
                let (range, count) = self.slice(registers.documents.len(), pager);
                let entries: Vec<_> = registers.documents[range]
                    .iter()
                    .map(|d| {
                        let articles = distinct_in_order(d.citations.iter().map(|c| c.page));
                        (&d.name, &d.path, d.date, articles)
                    })
                    .collect();
                hash_of((entries, registers.documents.len(), count))
            }
            // An entry's pages all change with it: its number is made once.
            Job::Document { document, pager } => hash_of((self.documents[document], pager)),
            Job::People { pager } => {
                let (range, count) = self.slice(registers.people.len(), pager);
                let entries: Vec<_> = registers.people[range]
                    .iter()
                    .map(|p| {
                        (
                            &p.name,
                            &p.path,
                            p.roles.first().map(|r| &r.title),
                            p.pages.len(),
                        )
                    })
                    .collect();
                hash_of((entries, registers.people.len(), count))
            }
            Job::Person { person, pager } => hash_of((self.people[person], pager)),
            Job::Chronology { pager } => self.chronology(pager),
            Job::Search | Job::NotFound => 0,
        }
    }

    fn page(&self, i: usize) -> u64 {
        let site = self.renderer.site;
        let (previous, next) = self.renderer.neighbours[i];
        let section = &site.sections[site.pages[i].section];
        hash_of((
            self.renderer.page_keys()[i],
            previous.map(|p| self.summaries[p]),
            next.map(|p| self.summaries[p]),
            (
                &section.meta.title,
                &section.path,
                &section.meta.page_template,
            ),
        ))
    }

    fn section(&self, section: usize, pager: usize) -> u64 {
        let pages = &self.renderer.site.sections[section].pages;
        // The home page is not paginated: it lists all its own pages.
        let (range, count) = match section {
            0 => (0..pages.len(), 1),
            _ => self.slice(pages.len(), pager),
        };
        hash_of((
            self.section_own(section),
            self.listed(&pages[range]),
            pages.len(),
            count,
        ))
    }

    /// What a section's listing pages show of the section itself and its subsections.
    fn section_own(&self, s: usize) -> u64 {
        let site = self.renderer.site;
        let section = &site.sections[s];
        let meta = &section.meta;
        let paginate_by = self.renderer.paginate_by;
        let subsections: Vec<_> = section
            .subsections
            .iter()
            .map(|&c| {
                let child = &site.sections[c];
                let first = &child.pages[..child.pages.len().min(paginate_by)];
                (
                    &child.meta.title,
                    &child.path,
                    &child.meta.description,
                    self.listed(first),
                    child.pages.len(),
                )
            })
            .collect();
        hash_of((
            &meta.title,
            &meta.description,
            &section.body,
            &section.path,
            subsections,
        ))
    }

    fn chronology(&self, pager: usize) -> u64 {
        let site = self.renderer.site;
        let (range, count) = self.slice(site.chronology.len(), pager);
        let entries: Vec<_> = site.chronology[range]
            .iter()
            .map(|e| match e.event {
                Event::Article(i) => (e.date, self.summaries[i]),
                Event::Document(d) => {
                    let d = &site.registers.documents[d];
                    (e.date, hash_of((&d.name, &d.path, &d.issuer)))
                }
            })
            .collect();
        hash_of((entries, site.chronology.len(), count))
    }

    /// The items one page of a listing of `items` shows, and how many pages it has.
    fn slice(&self, items: usize, pager: usize) -> (std::ops::Range<usize>, usize) {
        let paginate_by = self.renderer.paginate_by;
        let start = (pager * paginate_by).min(items);
        (
            start..(start + paginate_by).min(items),
            self.renderer.pager_count(items),
        )
    }

    fn listed(&self, ids: &[usize]) -> Vec<u64> {
        ids.iter().map(|&p| self.summaries[p]).collect()
    }
}

/// What all pages of a person's register entry show.
fn person_hash(person: &Person, summaries: &[u64]) -> u64 {
    let roles: Vec<_> = person
        .roles
        .iter()
        .map(|r| {
            (
                &r.title,
                r.pages.first().map(|&f| summaries[f]),
                r.pages.len(),
            )
        })
        .collect();
    let listed: Vec<u64> = person.pages.iter().map(|&p| summaries[p]).collect();
    hash_of((&person.name, &person.path, roles, listed))
}
