//! The chronology: the articles and the dated documents they cite, merged in date order —
//! the organisation's history from its own sources.

use std::sync::Arc;

use jiff::civil::Date;

use super::Page;
use super::registers::Registers;

#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Event {
    /// A document sorts before an article of the same day: it was issued, then reported.
    Document(usize),
    Article(usize),
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    /// A partial date's first day.
    pub date: Date,
    pub event: Event,
}

pub fn build(pages: &[Arc<Page>], registers: &Registers) -> Vec<Entry> {
    let documents = registers.documents.iter().enumerate().filter_map(|(i, d)| {
        Some(Entry {
            date: d.date?,
            event: Event::Document(i),
        })
    });
    let articles = pages.iter().enumerate().filter_map(|(i, p)| {
        Some(Entry {
            date: p.date?.first_day(),
            event: Event::Article(i),
        })
    });
    let mut entries: Vec<Entry> = documents.chain(articles).collect();
    // Same day: documents first, then articles by their full timestamp.
    entries.sort_by_cached_key(|e| {
        let time = match e.event {
            Event::Article(i) => pages[i].date.map(|d| d.timestamp()),
            Event::Document(_) => None,
        };
        (e.date, e.event.is_article(), time, e.event)
    });
    entries
}

impl Event {
    fn is_article(self) -> bool {
        matches!(self, Event::Article(_))
    }
}
