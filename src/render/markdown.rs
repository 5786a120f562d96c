//! Markdown → HTML with pulldown-cmark: tables, footnotes, strikethrough, heading attributes;
//! every heading gets an id from its Vietnamese-safe slug, unique within the page.
//! Smart punctuation only for authored text: imported articles keep their quotes as printed.
//! The first mention of each register entry in the running text links to the entry's page.

use std::borrow::Cow;
use std::collections::HashSet;
use std::sync::LazyLock;

use pulldown_cmark::{CowStr, Event, Options, Parser, Tag, TagEnd, html};
use regex::Regex;
use serde::Serialize;

use crate::content::plain::events_text;
use crate::photos::PagePhotos;
use crate::photos::markup::{self, PhotoValue};
use crate::text::{escape_xml, slugify};

/// A phrase to link where it first stands in running text (not in headings, links or code).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct MentionLink {
    pub text: String,
    pub href: String,
    /// `person` or `document`, for the link's class.
    pub kind: &'static str,
}

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
    /// The photos placed, in page order (`page.photos`).
    pub photos: Vec<PhotoValue>,
}

/// How a piece of Markdown is rendered.
#[derive(Debug, Clone, Copy, Default)]
pub struct Settings<'a> {
    /// Typographic quotes and dashes: for authored text, never for imported articles.
    pub smart_punctuation: bool,
    /// The site's base path (`/lich-su/`): root-relative links and images an editor writes
    /// (`/anh/hoi-nghi.jpg`, also inside HTML) are moved under it.
    pub base_path: &'a str,
    pub mentions: &'a [MentionLink],
    /// The page's photos, by their source as written: shown as `<picture>`.
    pub photos: Option<&'a PagePhotos>,
}

impl<'a> Settings<'a> {
    /// Authored Markdown with no mentions or photos: a section's text, the `markdown` filter.
    pub fn plain(base_path: &'a str) -> Settings<'a> {
        Settings {
            smart_punctuation: true,
            base_path,
            mentions: &[],
            photos: None,
        }
    }
}

pub fn render(markdown: &str, settings: Settings) -> RenderedMarkdown {
    let smart_punctuation = settings.smart_punctuation;
    let links = settings.mentions;
    let mut options = Options::ENABLE_TABLES
        | Options::ENABLE_FOOTNOTES
        | Options::ENABLE_STRIKETHROUGH
        | Options::ENABLE_HEADING_ATTRIBUTES;
    if smart_punctuation {
        options |= Options::ENABLE_SMART_PUNCTUATION;
    }
    let mut events: Vec<Event> = cap_nesting(Parser::new_ext(markdown, options));
    let toc = assign_heading_ids(&mut events);
    // The author's own links first: mention links already carry the base path.
    if !settings.base_path.is_empty() && settings.base_path != "/" {
        for event in &mut events {
            under_base_path(event, settings.base_path);
        }
    }
    let mut photos = Vec::new();
    if let Some(page_photos) = settings.photos {
        (events, photos) = markup::place(events, page_photos, settings.base_path);
    }
    if !links.is_empty() {
        events = link_first_mentions(events, links);
    }
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events.into_iter());
    RenderedMarkdown {
        html: out,
        toc,
        photos,
    }
}

/// Elements nested deeper than this are left out, their text kept in the element around
/// them: `>` a hundred thousand times renders as one deep quote, not a page no browser (or
/// minifier) can hold.
const MAX_NESTING: usize = 100;

fn cap_nesting<'a>(events: impl Iterator<Item = Event<'a>>) -> Vec<Event<'a>> {
    // For each open element: whether it was kept.
    let mut open: Vec<bool> = Vec::new();
    let mut kept_depth = 0;
    events
        .filter(|event| match event {
            Event::Start(_) => {
                let keep = kept_depth < MAX_NESTING;
                open.push(keep);
                kept_depth += usize::from(keep);
                keep
            }
            Event::End(_) => {
                let keep = open.pop().unwrap_or(true);
                kept_depth = kept_depth.saturating_sub(usize::from(keep));
                keep
            }
            _ => true,
        })
        .collect()
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
            let title = events_text(&events[i + 1..end]);
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

static ROOT_RELATIVE_ATTRIBUTE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r#"(?i)(\s(?:src|href|srcset|poster)\s*=\s*["']?)/([^/])"#)
        .expect("attribute pattern")
});

/// Moves a root-relative URL (`/anh/x.jpg`, not `//host/x`) under the base path.
fn under_base_path(event: &mut Event, base_path: &str) {
    let prefixed = |url: &str| -> Option<String> {
        let rest = url.strip_prefix('/')?;
        (!rest.starts_with('/')).then(|| format!("{base_path}{rest}"))
    };
    match event {
        Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. }) => {
            if let Some(url) = prefixed(dest_url) {
                *dest_url = CowStr::from(url);
            }
        }
        Event::Html(html) | Event::InlineHtml(html) => {
            if let Cow::Owned(rewritten) = ROOT_RELATIVE_ATTRIBUTE
                .replace_all(html, format!("${{1}}{base_path}${{2}}").as_str())
            {
                *html = CowStr::from(rewritten);
            }
        }
        _ => {}
    }
}

/// Wraps the first whole-word occurrence of each link's text in running text in a link.
/// Adjacent text events are joined first: the parser splits text at escapes.
fn link_first_mentions<'a>(events: Vec<Event<'a>>, links: &[MentionLink]) -> Vec<Event<'a>> {
    let mut linked = vec![false; links.len()];
    let mut out = Vec::with_capacity(events.len() + links.len() * 4);
    // Inside a heading, link, image or code block no link is added.
    let mut excluded_depth = 0usize;
    let mut pending = String::new();
    let mut events = events.into_iter().peekable();
    while let Some(event) = events.next() {
        match &event {
            Event::Start(
                Tag::Heading { .. } | Tag::Link { .. } | Tag::Image { .. } | Tag::CodeBlock(_),
            ) => {
                excluded_depth += 1;
            }
            Event::End(TagEnd::Heading(_) | TagEnd::Link | TagEnd::Image | TagEnd::CodeBlock) => {
                excluded_depth = excluded_depth.saturating_sub(1);
            }
            _ => {}
        }
        let Event::Text(text) = &event else {
            out.push(event);
            continue;
        };
        if excluded_depth > 0 || linked.iter().all(|&l| l) {
            out.push(event);
            continue;
        }
        pending.push_str(text);
        if matches!(events.peek(), Some(Event::Text(_))) {
            continue;
        }
        let mut rest = std::mem::take(&mut pending);
        while let Some((at, i)) = first_unlinked(&rest, links, &linked) {
            let link = &links[i];
            let after = rest.split_off(at + link.text.len());
            let mention = rest.split_off(at);
            if !rest.is_empty() {
                out.push(Event::Text(CowStr::from(rest)));
            }
            out.push(Event::InlineHtml(CowStr::from(format!(
                "<a class=\"mention mention-{}\" href=\"{}\">",
                link.kind,
                escape_xml(&link.href)
            ))));
            out.push(Event::Text(CowStr::from(mention)));
            out.push(Event::InlineHtml(CowStr::from("</a>")));
            linked[i] = true;
            rest = after;
        }
        if !rest.is_empty() {
            out.push(Event::Text(CowStr::from(rest)));
        }
    }
    out
}

/// The earliest whole-word occurrence in `text` of a link not yet made: (byte offset, link).
fn first_unlinked(text: &str, links: &[MentionLink], linked: &[bool]) -> Option<(usize, usize)> {
    let mut best: Option<(usize, usize)> = None;
    for (i, link) in links.iter().enumerate() {
        if linked[i] || link.text.is_empty() {
            continue;
        }
        let found = text
            .match_indices(link.text.as_str())
            .map(|(at, _)| at)
            .find(|&at| {
                let before = text[..at].chars().next_back();
                let after = text[at + link.text.len()..].chars().next();
                !before.is_some_and(char::is_alphanumeric)
                    && !after.is_some_and(char::is_alphanumeric)
            });
        if let Some(at) = found {
            // Earliest first; at one place, the longer phrase.
            let better = best
                .is_none_or(|(b, j)| at < b || at == b && link.text.len() > links[j].text.len());
            if better {
                best = Some((at, i));
            }
        }
    }
    best
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absurdly_deep_nesting_is_capped_and_its_text_kept() {
        let r = render(&(">".repeat(100_000) + " sâu"), Settings::default());
        assert_eq!(r.html.matches("<blockquote>").count(), MAX_NESTING);
        assert_eq!(r.html.matches("</blockquote>").count(), MAX_NESTING);
        assert!(r.html.contains("sâu"));
        let shallow = render("> > một", Settings::default());
        assert_eq!(shallow.html.matches("<blockquote>").count(), 2);
    }

    #[test]
    fn headings_get_vietnamese_safe_unique_ids() {
        let r = render(
            "## Đại hội\n\n## Đại hội\n\n## Khác {#dai-hoi-1}\n",
            Settings::default(),
        );
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
        let r = render(
            "| a |\n|---|\n| b |\n\n~~x~~ y[^1]\n\n[^1]: z\n",
            Settings::default(),
        );
        assert!(r.html.contains("<table>"));
        assert!(r.html.contains("<del>x</del>"));
        assert!(r.html.contains("footnote-definition"));
    }

    #[test]
    fn smart_punctuation_only_when_asked() {
        let smart = Settings {
            smart_punctuation: true,
            ..Settings::default()
        };
        assert!(render("\"a\"", smart).html.contains('“'));
        assert!(
            render("\"a\"", Settings::default())
                .html
                .contains("<p>\"a\"</p>")
        );
    }

    #[test]
    fn first_mentions_in_running_text_are_linked_once() {
        let link = |text: &str, href: &str| MentionLink {
            text: text.to_owned(),
            href: href.to_owned(),
            kind: "person",
        };
        let links = [
            link("Sơn Minh Thắng", "/nhan-vat/son-minh-thang/"),
            link("Chỉ thị số 05-CT/TW", "/van-ban/05-ct-tw/"),
        ];
        let md = "## Sơn Minh Thắng\n\nÔng Sơn Minh Thắngx và \\*Sơn Minh Thắng nói về Chỉ thị số 05-CT/TW.\n\nSơn Minh Thắng lần hai.\n";
        let settings = Settings {
            mentions: &links,
            ..Settings::default()
        };
        let html = render(md, settings).html;
        assert!(
            html.contains("<h2 id=\"son-minh-thang\">Sơn Minh Thắng</h2>"),
            "{html}"
        );
        assert!(
            html.contains("Ông Sơn Minh Thắngx và *<a class=\"mention mention-person\" href=\"/nhan-vat/son-minh-thang/\">Sơn Minh Thắng</a> nói về <a class=\"mention mention-person\" href=\"/van-ban/05-ct-tw/\">Chỉ thị số 05-CT/TW</a>."),
            "{html}"
        );
        assert!(html.contains("<p>Sơn Minh Thắng lần hai.</p>"), "{html}");
    }

    #[test]
    fn root_relative_urls_move_under_the_base_path() {
        let md = "![Ảnh](/anh/a.jpg) [bài](/2017/a/) [ngoài](//cdn.example/x) [tương đối](b/)\n\n<figure class=\"seed-caption\">\n<img src=\"/anh/b.jpg\" alt=\"\">\n<figcaption>Chú thích</figcaption>\n</figure>\n";
        let settings = Settings {
            base_path: "/lich-su/",
            ..Settings::default()
        };
        let html = render(md, settings).html;
        for expected in [
            "src=\"/lich-su/anh/a.jpg\"",
            "href=\"/lich-su/2017/a/\"",
            "href=\"//cdn.example/x\"",
            "href=\"b/\"",
            "<img src=\"/lich-su/anh/b.jpg\" alt=\"\">",
        ] {
            assert!(html.contains(expected), "{expected} in {html}");
        }
        assert_eq!(
            render(
                md,
                Settings {
                    base_path: "/",
                    ..settings
                }
            )
            .html
            .matches("lich-su")
            .count(),
            0
        );
    }
}
