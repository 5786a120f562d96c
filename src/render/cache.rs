//! What render remembers from one build to the next (in `serve`): every page's value with
//! what it was made from, in the site's order and by file, and the register entries' and
//! chronology's values by place. `build` starts from an empty cache and so makes every value.

use rustc_hash::{FxHashMap, FxHashSet};
use std::sync::Arc;

use rayon::prelude::*;
use tera::Value;

use super::entries::EntryValues;
use super::markdown::{self, MentionLink, Settings};
use super::{Theme, fingerprint, values};
use crate::config::Config;
use crate::content::registers::{Mention, RegisterEntry, Registers};
use crate::content::{Page, Site};
use crate::error::Result;
use crate::photos::Photos;

#[derive(Default)]
pub struct Cache {
    /// Every page's value by its file under `content/`, with what it was made from
    /// (`fingerprint::page_key`): a page that moves keeps its value.
    by_file: FxHashMap<String, (u64, Value)>,
    /// The same values in the last build's page order: a page at the same place as last
    /// time is found without hashing its path.
    pub(super) in_order: PageValues,
    /// The register entries' and the chronology's values.
    pub(super) entries: EntryValues,
}

/// A page's value for this build, where the one in the same place last time does not hold.
enum NewValue {
    /// The value last made from the same key, found by the page's file.
    Reused(u64, Value),
    Rendered(u64, Value),
}

/// The pages of a build in the site's order, with what their values were made from and the
/// values: the page's fields and rendered content, the one copy of its HTML.
#[derive(Default)]
pub(super) struct PageValues {
    /// Held so that a page still at the same address is the same page.
    pages: Vec<Arc<Page>>,
    pub(super) keys: Vec<u64>,
    pub(super) values: Vec<Value>,
    /// What each page's photos were (`Photos::page_key`), part of its key.
    photo_keys: Vec<u64>,
}

/// Values by place with what each was made from: a build makes again only those whose
/// inputs changed (the register entries and chronology, in `serve`).
#[derive(Default)]
pub(super) struct KeyedValues {
    pub(super) keys: Vec<u64>,
    pub(super) values: Vec<Value>,
}

impl Cache {
    /// Brings every page's value up to date with `site`, rendering the Markdown of the pages
    /// whose file or register links changed. Returns the places whose value is not the one
    /// in the same place last time.
    pub(super) fn update_pages(
        &mut self,
        theme: &Theme,
        config: &Config,
        site: &Site,
        photos: &Photos,
    ) -> Result<Vec<usize>> {
        let untitled = theme.untitled_label(site)?;
        let making = PageValueMaking {
            config,
            photos,
            registers: &site.registers,
            links_people: theme.entry_pages().people,
            links_documents: theme.entry_pages().documents,
            untitled,
        };
        // With the registers the last values were made from, a page in its place has the
        // mentions it had: only its photos can change its key.
        let same_mentions = !theme.wants_registers() || self.entries.made_from(&site.registers);
        let photo_keys: Vec<u64> = (0..site.pages.len())
            .into_par_iter()
            .map(|i| photos.page_key(i))
            .collect();
        let in_order = &self.in_order;
        let by_file = &self.by_file;
        // `None` where the value in the same place last time still holds.
        let fresh: Vec<Option<NewValue>> = site
            .pages
            .par_iter()
            .enumerate()
            .map(|(i, page)| {
                let in_place = in_order.pages.get(i).is_some_and(|p| Arc::ptr_eq(p, page));
                if in_place && same_mentions && in_order.photo_keys[i] == photo_keys[i] {
                    return None;
                }
                let mentions = making.linked_mentions(i);
                // The key first, from borrowed parts: most pages are as they were.
                let key = fingerprint::page_key(
                    page,
                    mentions.iter().map(|m| {
                        let (name, path, _) = making.entry(m);
                        (m.text.as_str(), name, path)
                    }),
                ) ^ photo_keys[i];
                if in_place {
                    if in_order.keys[i] == key {
                        return None;
                    }
                } else if let Some((kept_key, value)) = by_file.get(&page.content_path)
                    && *kept_key == key
                {
                    return Some(NewValue::Reused(key, value.clone()));
                }
                Some(NewValue::Rendered(key, making.value(i, page, &mentions)))
            })
            .collect();
        let mut remade = Vec::new();
        for (i, (page, new)) in site.pages.iter().zip(&fresh).enumerate() {
            if new.is_some() {
                remade.push(i);
            }
            if let Some(NewValue::Rendered(key, value)) = new {
                let entry = (*key, value.clone());
                self.by_file.insert(page.content_path.clone(), entry);
            }
        }
        self.in_order.update(&site.pages, fresh);
        self.in_order.photo_keys = photo_keys;
        // Every page is in the table now: more entries means some are gone.
        if self.by_file.len() > site.pages.len() {
            let current: FxHashSet<&str> =
                site.pages.iter().map(|p| p.content_path.as_str()).collect();
            self.by_file
                .retain(|path, _| current.contains(path.as_str()));
        }
        Ok(remade)
    }

    /// Every page's value by its file under `content/`, for the templates' `get_page`.
    pub(super) fn values_by_file(&self) -> Value {
        let by_file: std::collections::BTreeMap<String, Value> = self
            .by_file
            .iter()
            .map(|(path, (_, value))| (path.clone(), value.clone()))
            .collect();
        Value::from(by_file)
    }
}

/// What a page's value is made from besides the page.
struct PageValueMaking<'a> {
    config: &'a Config,
    /// The photos each page shows, made for this build.
    photos: &'a Photos,
    registers: &'a Registers,
    /// Mentions link only to entry pages the theme makes.
    links_people: bool,
    links_documents: bool,
    untitled: &'a str,
}

impl PageValueMaking<'_> {
    /// The page's mentions of entries that have pages to link to.
    fn linked_mentions(&self, page: usize) -> Vec<&Mention> {
        let linked = |m: &&Mention| match m.entry {
            RegisterEntry::Person(_) => self.links_people,
            RegisterEntry::Document(_) => self.links_documents,
        };
        self.registers.mentions[page]
            .iter()
            .filter(linked)
            .collect()
    }

    /// A mentioned entry's name, path and kind.
    fn entry(&self, mention: &Mention) -> (&str, &str, &'static str) {
        match mention.entry {
            RegisterEntry::Person(p) => {
                let person = &self.registers.people[p];
                (&person.name, &person.path, "person")
            }
            RegisterEntry::Document(d) => {
                let document = &self.registers.documents[d];
                (&document.name, &document.path, "document")
            }
        }
    }

    /// The page's Markdown rendered, its mentions linked, and turned into its value in one
    /// step, so that the HTML is not held twice.
    fn value(&self, index: usize, page: &Page, mentions: &[&Mention]) -> Value {
        let config = self.config;
        let mut links = Vec::with_capacity(mentions.len());
        let mut listed = values::Mentions::default();
        for mention in mentions {
            let (name, path, kind) = self.entry(mention);
            let list = match mention.entry {
                RegisterEntry::Person(_) => &mut listed.people,
                RegisterEntry::Document(_) => &mut listed.documents,
            };
            list.push(values::entry_link(config, name, path));
            links.push(MentionLink {
                text: mention.text.clone(),
                href: config.base_url.path_to(path),
                kind,
            });
        }
        let settings = Settings {
            smart_punctuation: page.meta.provenance.is_none(),
            base_path: &config.base_url.path,
            mentions: &links,
            photos: self.photos.of_page(index),
        };
        let md = markdown::render(&page.body, settings);
        values::page_value(config, page, &md, listed, self.untitled)
    }
}

impl PageValues {
    /// Now in the order of `pages`: only the places made anew are written. (A place left
    /// `None` held the same page last time, so it lies within the old length.)
    fn update(&mut self, pages: &[Arc<Page>], fresh: Vec<Option<NewValue>>) {
        self.keys.truncate(pages.len());
        self.values.truncate(pages.len());
        for (i, new) in fresh.into_iter().enumerate() {
            let Some(NewValue::Reused(key, value) | NewValue::Rendered(key, value)) = new else {
                continue;
            };
            if i < self.keys.len() {
                (self.keys[i], self.values[i]) = (key, value);
            } else {
                self.keys.push(key);
                self.values.push(value);
            }
        }
        let moved = self.pages.len() != pages.len()
            || self
                .pages
                .iter()
                .zip(pages)
                .any(|(a, b)| !Arc::ptr_eq(a, b));
        if moved {
            self.pages = pages.to_vec();
        }
    }
}

impl KeyedValues {
    /// The values for `items`, each made again only where its key differs from the one in
    /// the same place last time.
    pub(super) fn updated<T: Sync>(
        &self,
        items: &[T],
        key: impl Fn(&T) -> u64 + Sync,
        make: impl Fn(&T) -> Value + Sync,
    ) -> KeyedValues {
        let (keys, values) = items
            .par_iter()
            .enumerate()
            .map(|(i, item)| {
                let key = key(item);
                match self.keys.get(i) {
                    Some(&kept) if kept == key => (key, self.values[i].clone()),
                    _ => (key, make(item)),
                }
            })
            .unzip();
        KeyedValues { keys, values }
    }
}
