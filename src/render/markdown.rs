//! Markdown → HTML with pulldown-cmark: tables, footnotes, strikethrough, heading attributes;
//! every heading gets an id from its Vietnamese-safe slug, unique within the page.
//! Smart punctuation only for authored text: imported articles keep their quotes as printed.

use std::collections::HashSet;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};
use serde::Serialize;

use crate::text::slugify;

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct Heading {
    pub level: u8,
    pub id: String,
    pub title: String,
}

#[derive(Debug, Clone, Default)]
pub struct RenderedMarkdown {
    pub html: String,
    /// The page's headings in order, for a table of contents.
    pub toc: Vec<Heading>,
}

pub fn render(markdown: &str, smart_punctuation: bool) -> RenderedMarkdown {
    let mut options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES;
    if smart_punctuation {
        options |= Options::ENABLE_SMART_PUNCTUATION;
    }
    let mut events: Vec<Event> = Parser::new_ext(markdown, options).collect();
    let toc = assign_heading_ids(&mut events);
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    RenderedMarkdown { html: out, toc }
}

/// Gives each heading without an explicit `{#id}` the slug of its text; repeats get `-1`,
/// `-2`, … Explicit ids are reserved first so a generated id never takes one.
fn assign_heading_ids(events: &mut [Event]) -> Vec<Heading> {
    let mut taken: HashSet<String> = events
        .iter()
        .filter_map(|e| match e {
            Event::Start(Tag::Heading { id: Some(id), .. }) => Some(id.to_string()),
            _ => None,
        })
        .collect();
    let mut toc = Vec::new();
    let mut i = 0;
    while i < events.len() {
        if let Event::Start(Tag::Heading { level, .. }) = &events[i] {
            let level = *level as u8;
            let end = (i..events.len())
                .find(|&j| matches!(events[j], Event::End(TagEnd::Heading(_))))
                .unwrap_or(events.len());
            let title = plain_text(&events[i + 1..end]);
            if let Event::Start(Tag::Heading { id, .. }) = &mut events[i] {
                let id = match id {
                    Some(explicit) => explicit.to_string(),
                    None => {
                        let fresh = unique_id(&slugify(&title), &mut taken);
                        *id = Some(CowStr::from(fresh.clone()));
                        fresh
                    }
                };
                toc.push(Heading { level, id, title });
            }
            i = end;
        }
        i += 1;
    }
    toc
}

fn unique_id(slug: &str, taken: &mut HashSet<String>) -> String {
    let base = if slug.is_empty() { "muc" } else { slug };
    let mut candidate = base.to_owned();
    let mut n = 1;
    while !taken.insert(candidate.clone()) {
        candidate = format!("{base}-{n}");
        n += 1;
    }
    candidate
}

fn plain_text(events: &[Event]) -> String {
    let mut text = String::new();
    for event in events {
        match event {
            Event::Text(t) | Event::Code(t) => text.push_str(t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_get_vietnamese_safe_unique_ids() {
        let r = render("## Đại hội\n\n## Đại hội\n\n## Khác {#dai-hoi-1}\n", false);
        assert!(
            r.html.contains("<h2 id=\"dai-hoi\">Đại hội</h2>"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<h2 id=\"dai-hoi-2\">Đại hội</h2>"),
            "{}",
            r.html
        );
        assert!(
            r.html.contains("<h2 id=\"dai-hoi-1\">Khác</h2>"),
            "{}",
            r.html
        );
        assert_eq!(r.toc.len(), 3);
        assert_eq!(r.toc[0].title, "Đại hội");
    }

    #[test]
    fn tables_footnotes_strikethrough() {
        let r = render("| a |\n|---|\n| b |\n\n~~x~~ y[^1]\n\n[^1]: z\n", false);
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<del>x</del>"));
        assert!(r.html.contains("footnote-definition"));
    }

    #[test]
    fn smart_punctuation_only_when_asked() {
        assert!(render("\"a\"", true).html.contains('“'));
        assert!(render("\"a\"", false).html.contains("<p>\"a\"</p>"));
    }
}
