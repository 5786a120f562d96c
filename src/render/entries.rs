//! The register entries' and the chronology's values, kept from one build to the next (in
//! `serve`). With the registers as they were (a text edit that finds the same references,
//! people and offices), only the entries that show a page whose value was made again are
//! looked at; otherwise every entry is, each made again only where what it is made from
//! changed.

use std::collections::BTreeSet;
use std::sync::Arc;

use rayon::prelude::*;
use tera::Value;

use super::cache::{KeyedValues, PageValues};
use super::{fingerprint, values};
use crate::config::Config;
use crate::content::Site;
use crate::content::chronology::Event;
use crate::content::registers::Registers;

#[derive(Default)]
pub(super) struct EntryValues {
    /// The registers the values were made from; `None` before the first build.
    registers: Option<Arc<Registers>>,
    /// Which entries show which page, for these registers: worked out on the first edit
    /// that keeps them (`build` never needs it).
    shown: Option<Shown>,
    pub(super) documents: KeyedValues,
    pub(super) people: Vec<Value>,
    pub(super) chronology: KeyedValues,
}

/// The documents, people and chronology places that show one page.
#[derive(Default, Clone)]
struct Readers {
    documents: Vec<usize>,
    people: Vec<usize>,
    chronology: Option<usize>,
}

struct Shown {
    /// Per page: the entries whose values show it.
    readers: Vec<Readers>,
    /// Per document: its place in the chronology.
    document_places: Vec<Option<usize>>,
}

impl Shown {
    /// What `person_value`, `document_value` and `chronology_value` read of the pages.
    fn of(site: &Site) -> Shown {
        let registers = &site.registers;
        let mut readers = vec![Readers::default(); site.pages.len()];
        for (d, document) in registers.documents.iter().enumerate() {
            // Citations come in page order: a page's are together.
            for citation in &document.citations {
                let shown_by = &mut readers[citation.page].documents;
                if shown_by.last() != Some(&d) {
                    shown_by.push(d);
                }
            }
        }
        for (p, person) in registers.people.iter().enumerate() {
            let shown = person
                .pages
                .iter()
                .chain(person.roles.iter().flat_map(|r| r.pages.first()));
            for &page in shown.collect::<BTreeSet<_>>() {
                readers[page].people.push(p);
            }
        }
        let mut document_places = vec![None; registers.documents.len()];
        for (place, entry) in site.chronology.iter().enumerate() {
            match entry.event {
                Event::Article(page) => readers[page].chronology = Some(place),
                Event::Document(d) => document_places[d] = Some(place),
            }
        }
        Shown {
            readers,
            document_places,
        }
    }
}

impl EntryValues {
    /// Whether the values were made from these very registers.
    pub(super) fn made_from(&self, registers: &Arc<Registers>) -> bool {
        self.registers
            .as_ref()
            .is_some_and(|kept| Arc::ptr_eq(kept, registers))
    }

    /// Brings every entry's value up to date with `site` and the pages' values, of which
    /// those at the places `remade` are new since the last build.
    pub(super) fn update(
        &mut self,
        config: &Config,
        site: &Site,
        pages: &PageValues,
        remade: &[usize],
    ) {
        if self.made_from(&site.registers) {
            self.update_readers_of(config, site, pages, remade);
        } else {
            self.update_all(config, site, pages);
        }
    }

    fn update_all(&mut self, config: &Config, site: &Site, pages: &PageValues) {
        let registers = &site.registers;
        let documents = self.documents.updated(
            &registers.documents,
            |d| fingerprint::document_key(d, &pages.keys),
            |d| values::document_value(config, d, &pages.values),
        );
        let chronology = self.chronology.updated(
            &site.chronology,
            |e| fingerprint::chronology_key(e, &pages.keys, &documents.keys),
            |e| values::chronology_value(e, &pages.values, &documents.values),
        );
        let people = registers
            .people
            .par_iter()
            .map(|p| values::person_value(config, p, &pages.values))
            .collect();
        (self.documents, self.chronology) = (documents, chronology);
        // Freeing thousands of entries' page lists takes milliseconds the reload need not
        // wait for (without a thread to spare, they are freed here).
        let old = std::mem::replace(&mut self.people, people);
        let _ = std::thread::Builder::new().spawn(move || drop(old));
        self.shown = None;
        self.registers = Some(Arc::clone(registers));
    }

    /// The same registers: only the entries that show a page made again can differ. (The
    /// same registers also mean the same chronology: they come back only when every page
    /// keeps its place, file and date, `registers::finds_the_same`.)
    fn update_readers_of(
        &mut self,
        config: &Config,
        site: &Site,
        pages: &PageValues,
        remade: &[usize],
    ) {
        debug_assert_eq!(site.chronology.len(), self.chronology.keys.len());
        let registers = &site.registers;
        let shown = self.shown.get_or_insert_with(|| Shown::of(site));
        let mut documents: BTreeSet<usize> = BTreeSet::new();
        let mut people: BTreeSet<usize> = BTreeSet::new();
        let mut chronology: BTreeSet<usize> = BTreeSet::new();
        for &page in remade {
            let readers = &shown.readers[page];
            documents.extend(&readers.documents);
            people.extend(&readers.people);
            chronology.extend(readers.chronology);
        }
        let remade_pages: BTreeSet<usize> = remade.iter().copied().collect();
        for &d in &documents {
            let document = &registers.documents[d];
            let key = fingerprint::document_key(document, &pages.keys);
            if self.documents.keys[d] != key {
                let last = &self.documents.values[d];
                let value =
                    values::document_value_patched(last, document, &pages.values, &remade_pages);
                (self.documents.keys[d], self.documents.values[d]) = (key, value);
                chronology.extend(shown.document_places[d]);
            }
        }
        for &p in &people {
            self.people[p] = values::person_value(config, &registers.people[p], &pages.values);
        }
        for &place in &chronology {
            let entry = &site.chronology[place];
            let key = fingerprint::chronology_key(entry, &pages.keys, &self.documents.keys);
            if self.chronology.keys[place] != key {
                self.chronology.keys[place] = key;
                self.chronology.values[place] =
                    values::chronology_value(entry, &pages.values, &self.documents.values);
            }
        }
    }
}
