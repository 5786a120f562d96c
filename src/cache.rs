//! What a rebuild remembers from the last one, in one place: each stage reads and updates
//! its own part and nothing else. `serve` owns a `Cache` for as long as it runs; `build` runs
//! the same stages with `Cache::single_use()`, and so reads and renders everything.

use crate::{content, photos, render, search};

#[derive(Default)]
pub struct Cache {
    /// The files of `content/` as last read, the last site, and the registers' findings.
    pub content: content::Cache,
    /// Every page's value, the register entries' and the chronology's, with what each was
    /// made from.
    pub render: render::Cache,
    /// What the search index keeps between updates: each document's terms, every term's
    /// postings.
    pub search_terms: search::TermCache,
    /// Each page's photo references, by what they were found from.
    pub photo_references: photos::References,
}

impl Cache {
    /// A cache for one build, never updated: it keeps only what that build needs.
    pub fn single_use() -> Cache {
        Cache {
            search_terms: search::TermCache::single_use(),
            ..Cache::default()
        }
    }

    /// What a build that failed must not leave behind. Its site is never handed back, so
    /// the next load assembles the site anew (`SiteChange::Reshaped`) and its outputs are
    /// compared output by output with the last good build's, never place by place as a text
    /// edit's are. What render's cache holds of the failed build stays: its values are kept
    /// with what they were made from (the pages, and the very registers), and so still right.
    pub fn forget_failed_build(&mut self) {
        self.content.forget_site();
    }
}
