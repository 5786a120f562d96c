//! The index's documents in their order, each with what it is made from (its key): every
//! page, oldest first, then the register entries with a page of their own. A page's
//! document is made only when its terms or its file must be made again: an edit in `serve`
//! makes the edited pages' documents, not the whole site's.

use rayon::prelude::*;

use super::{Doc, PageDocs, cited_codes, register_docs, section_titles};
use crate::config::Config;
use crate::content::Site;
use crate::content::registers::EntryPages;

pub struct Catalogue<'a> {
    site: &'a Site,
    config: &'a Config,
    untitled: &'a str,
    cited: Vec<Vec<&'a str>>,
    sections: Vec<String>,
    /// The pages by their number in the index: oldest first, so that a new article takes a
    /// new number and the others keep theirs.
    order: Vec<usize>,
}

impl<'a> Catalogue<'a> {
    /// The pages' catalogue, and the register entries' documents (made at once: they are
    /// few and small), which come after the pages. A page without a title is shown as
    /// `untitled` (the theme's label).
    pub fn new(
        site: &'a Site,
        config: &'a Config,
        entry_pages: EntryPages,
        untitled: &'a str,
    ) -> (Catalogue<'a>, Vec<Doc<'a>>) {
        let mut order: Vec<usize> = (0..site.pages.len()).collect();
        order.sort_by_key(|&i| site.pages[i].date.map(|d| d.first_day()));
        let catalogue = Catalogue {
            site,
            config,
            untitled,
            cited: cited_codes(site),
            sections: section_titles(site, config),
            order,
        };
        (catalogue, register_docs(site, config, entry_pages))
    }

    fn pages(&self) -> PageDocs<'a, '_> {
        PageDocs {
            site: self.site,
            config: self.config,
            untitled: self.untitled,
            cited: &self.cited,
            sections: &self.sections,
        }
    }

    /// How many pages there are: the documents numbered below this are pages.
    pub fn pages_len(&self) -> usize {
        self.order.len()
    }

    /// Each page's key (`PageDocs::key`), by its number.
    pub fn page_keys(&self) -> Vec<u64> {
        let pages = self.pages();
        self.order.par_iter().map(|&i| pages.key(i)).collect()
    }

    /// Page number `n`'s document.
    pub fn page_doc(&self, n: usize) -> Doc<'a> {
        self.pages().doc(self.order[n])
    }
}
