//! What the renderer keeps from one build to the next in `serve`: page values in the
//! site's order and keyed values by place, each with what it was made from.

use std::sync::Arc;

use rayon::prelude::*;
use tera::Value;

use crate::content::Page;

/// A page's value made for this build; where none is, the one in the same place last time
/// still holds.
pub(super) enum Made {
    /// The value last made from the same key, found by the page's path.
    Found(u64, Value),
    Rendered(u64, Value),
}

/// The pages of the last build in the site's order, with what their values were made from
/// (`fingerprint::page_key`) and the values: a page at the same place as last time is found
/// without hashing its path.
#[derive(Default, Clone)]
pub struct PagesInOrder {
    /// Held so that a page still at the same address is the same page.
    pub(super) pages: Vec<Arc<Page>>,
    pub(super) keys: Vec<u64>,
    pub(super) values: Vec<Value>,
}

impl PagesInOrder {
    /// Now in the order of `pages`: only the places made anew are written. (A place left
    /// `None` held the same page last time, so it lies within the old length.)
    pub(super) fn update(&mut self, pages: &[Arc<Page>], fresh: Vec<Option<Made>>) {
        self.keys.truncate(pages.len());
        self.values.truncate(pages.len());
        for (i, made) in fresh.into_iter().enumerate() {
            let Some(Made::Found(key, value) | Made::Rendered(key, value)) = made else {
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

/// Values by place with what each was made from: a build makes again only those whose
/// inputs changed (the register entries and chronology, in `serve`).
#[derive(Default, Clone)]
pub struct Keyed {
    pub(super) keys: Vec<u64>,
    pub(super) values: Vec<Value>,
}

impl Keyed {
    pub(super) fn remake<T: Sync>(
        &self,
        items: &[T],
        key: impl Fn(&T) -> u64 + Sync,
        make: impl Fn(&T) -> Value + Sync,
    ) -> Keyed {
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
        Keyed { keys, values }
    }
}
