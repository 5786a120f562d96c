//! The site model as Tera values, built once per build. Tera values share their contents
//! (maps, arrays and long strings are reference-counted), so a section listing its pages and
//! each page's own context point at the same data: no page copies the site.

use std::collections::{BTreeMap, BTreeSet};

use tera::Value;

use crate::config::Config;
use crate::content::chronology::{self, Event};
use crate::content::registers::{Document, Person};
use crate::content::{Page, Section, Site};
use crate::text::date::written_day;

use super::markdown::{self, RenderedMarkdown, Settings};

type Fields = BTreeMap<&'static str, Value>;

fn text(s: &str) -> Value {
    Value::from(s)
}

fn option(value: Option<Value>) -> Value {
    value.unwrap_or_else(Value::none)
}

/// `lang` for Vietnamese text on a site in another language (see `Config::article_lang`).
fn article_lang(config: &Config) -> Value {
    option(config.article_lang().map(text))
}

pub fn config_value(config: &Config) -> Value {
    let timelines: Vec<Value> = config
        .timelines
        .iter()
        .map(|t| {
            Value::from(Fields::from([
                ("slug", text(&t.slug)),
                ("title", text(&t.title)),
                ("title_en", text(&t.title_en)),
                ("description", text(&t.description)),
                ("from", text(&t.from.to_string())),
                ("to", text(&t.to.to_string())),
                (
                    "path",
                    text(&config.base_url.path_to(&format!("{}/", t.slug))),
                ),
            ]))
        })
        .collect();
    Value::from(Fields::from([
        ("base_url", text(&config.base_url.full)),
        ("base_path", text(&config.base_url.path)),
        ("title", text(&config.title)),
        ("description", text(&config.description)),
        ("default_language", text(&config.default_language)),
        ("paginate_by", Value::from(config.paginate_by)),
        ("theme", text(&config.theme)),
        ("extra", Value::from_serializable(&config.extra)),
        ("sources", Value::from_serializable(&config.sources)),
        ("timelines", Value::from(timelines)),
        ("feed_url", text(&config.base_url.url_to("atom.xml"))),
    ]))
}

/// One page's fields, including its rendered content and the register entries it mentions
/// (`{name, path}` lists). An imported article without a title shows the theme's
/// `untitled` label where its title goes (never an empty heading or link, never an invented
/// title). `lang` is set for an imported article on a site in another language,
/// `title_lang` too unless the title shown is the interface's label.
pub fn page_value(
    config: &Config,
    page: &Page,
    rendered: &RenderedMarkdown,
    mentions: Mentions,
    untitled: &str,
) -> Value {
    let meta = &page.meta;
    let date = page.date.as_ref();
    let source_name = config
        .sources
        .get(&meta.source)
        .cloned()
        .unwrap_or_else(|| meta.source.clone());
    let is_untitled = meta.title.trim().is_empty();
    let lang = if meta.provenance.is_some() {
        article_lang(config)
    } else {
        Value::none()
    };
    let (title, title_lang) = if is_untitled {
        (untitled, Value::none())
    } else {
        (meta.title.as_str(), lang.clone())
    };
    Value::from(Fields::from([
        ("title", text(title)),
        ("untitled", Value::from(is_untitled)),
        ("lang", lang),
        ("title_lang", title_lang),
        ("description", text(&meta.description)),
        ("date", option(date.map(|d| text(&d.iso())))),
        (
            "date_text",
            option(date.map(|d| text(&d.written(config.language, meta.date_approximate)))),
        ),
        (
            "date_partial",
            Value::from(date.is_some_and(|d| d.is_partial())),
        ),
        ("date_approximate", Value::from(meta.date_approximate)),
        ("date_note", text(&meta.date_note)),
        (
            "year",
            option(date.map(|d| Value::from(d.first_day().year()))),
        ),
        ("draft", Value::from(meta.draft)),
        ("weight", option(meta.weight.map(Value::from))),
        ("authors", Value::from_serializable(&meta.authors)),
        ("photos", Value::from_serializable(&rendered.photos)),
        ("author_roles", Value::from_serializable(&meta.author_roles)),
        ("source", text(&meta.source)),
        ("source_name", text(&source_name)),
        (
            "provenance",
            option(meta.provenance.as_ref().map(Value::from_serializable)),
        ),
        ("extra", Value::from_serializable(&meta.extra)),
        ("file", text(&page.file.to_string_lossy())),
        ("path", text(&config.base_url.path_to(&page.path))),
        ("permalink", text(&config.base_url.url_to(&page.path))),
        ("content", Value::safe_string(&rendered.html)),
        ("toc", Value::from_serializable(&rendered.toc)),
        ("people", Value::from(mentions.people)),
        ("documents", Value::from(mentions.documents)),
    ]))
}

/// The register entries a page mentions, each as `entry_link` makes it.
#[derive(Default)]
pub struct Mentions {
    pub people: Vec<Value>,
    pub documents: Vec<Value>,
}

/// A register entry as an article lists it.
pub fn entry_link(config: &Config, name: &str, path: &str) -> Value {
    Value::from(Fields::from([
        ("name", text(name)),
        ("path", text(&config.base_url.path_to(path))),
        ("lang", article_lang(config)),
    ]))
}

/// The articles citing a document, in order, each with its citing sentences (citations come
/// in page order: each page's are together).
fn citing_articles(document: &Document) -> Vec<(usize, Vec<&str>)> {
    let mut articles: Vec<(usize, Vec<&str>)> = Vec::new();
    for c in &document.citations {
        match articles.last_mut() {
            Some((page, sentences)) if *page == c.page => sentences.push(&c.sentence),
            _ => articles.push((c.page, vec![&c.sentence])),
        }
    }
    articles
}

fn article_value(page: &Value, sentences: &[&str]) -> Value {
    let sentences: Vec<Value> = sentences.iter().map(|s| text(s)).collect();
    Value::from(Fields::from([
        ("page", page.clone()),
        ("sentences", Value::from(sentences)),
    ]))
}

/// `last`, the document's value from a build with the same citations, with the articles of
/// the `remade` pages made again: a document cited by thousands of pages is not made
/// again whole for an edit of one of them.
pub fn document_value_patched(
    last: &Value,
    document: &Document,
    pages: &[Value],
    remade: &BTreeSet<usize>,
) -> Value {
    let mut fields = last
        .clone()
        .into_map()
        .expect("a document's value is a map");
    let key = tera::value::Key::from("articles");
    let mut articles = fields[&key].as_array().expect("a list").to_vec();
    for (article, (page, sentences)) in articles.iter_mut().zip(citing_articles(document)) {
        if remade.contains(&page) {
            *article = article_value(&pages[page], &sentences);
        }
    }
    fields.insert(key, Value::from(articles));
    Value::from(fields)
}

/// A document with the articles citing it, each with its citing sentences.
pub fn document_value(config: &Config, document: &Document, pages: &[Value]) -> Value {
    let articles: Vec<Value> = citing_articles(document)
        .iter()
        .map(|(page, sentences)| article_value(&pages[*page], sentences))
        .collect();
    let article_count = articles.len();
    Value::from(Fields::from([
        ("kind", text("document")),
        ("name", text(&document.name)),
        ("lang", article_lang(config)),
        ("document_kind", text(document.kind.name())),
        ("code", option(document.code.as_deref().map(text))),
        ("issuer", option(document.issuer.as_deref().map(text))),
        ("date", option(document.date.map(|d| text(&d.to_string())))),
        (
            "date_text",
            option(
                document
                    .date
                    .map(|d| text(&written_day(d, config.language))),
            ),
        ),
        ("path", text(&config.base_url.path_to(&document.path))),
        ("permalink", text(&config.base_url.url_to(&document.path))),
        ("articles", Value::from(articles)),
        ("article_count", Value::from(article_count)),
    ]))
}

pub fn person_value(config: &Config, person: &Person, pages: &[Value]) -> Value {
    let list =
        |ids: &[usize]| Value::from(ids.iter().map(|&p| pages[p].clone()).collect::<Vec<_>>());
    // An office names the earliest article that gives it and how many do: a person named in
    // thousands of articles must not make a page of thousands of links per office.
    let roles: Vec<Value> = person
        .roles
        .iter()
        .map(|r| {
            Value::from(Fields::from([
                ("title", text(&r.title)),
                (
                    "first_page",
                    option(r.pages.first().map(|&p| pages[p].clone())),
                ),
                ("article_count", Value::from(r.pages.len())),
            ]))
        })
        .collect();
    Value::from(Fields::from([
        ("kind", text("person")),
        ("name", text(&person.name)),
        ("lang", article_lang(config)),
        ("path", text(&config.base_url.path_to(&person.path))),
        ("permalink", text(&config.base_url.url_to(&person.path))),
        ("roles", Value::from(roles)),
        ("pages", list(&person.pages)),
        ("article_count", Value::from(person.pages.len())),
    ]))
}

/// A chronology entry: `{kind: "article", date, page}` or `{kind: "document", date, document}`.
pub fn chronology_value(entry: &chronology::Entry, pages: &[Value], documents: &[Value]) -> Value {
    let (kind, field, value) = match entry.event {
        Event::Article(i) => ("article", "page", pages[i].clone()),
        Event::Document(i) => ("document", "document", documents[i].clone()),
    };
    // An article's own wording: `khoảng năm 2018`, not the first day it sorts by.
    let date_text = value.get_from_path("date_text").cloned();
    Value::from(Fields::from([
        ("kind", text(kind)),
        ("date", text(&entry.date.to_string())),
        ("year", Value::from(entry.date.year())),
        ("date_text", option(date_text)),
        (field, value),
    ]))
}

/// Sections with their pages and, nested, their subsections. Children are built before
/// their parents: the model lists every parent before its children.
pub fn section_values(config: &Config, site: &Site, pages: &[Value]) -> Vec<Value> {
    let mut values: Vec<Option<Value>> = vec![None; site.sections.len()];
    for i in (0..site.sections.len()).rev() {
        let section = &site.sections[i];
        let subsections: Vec<Value> = section
            .subsections
            .iter()
            .map(|&s| values[s].clone().expect("children are built first"))
            .collect();
        values[i] = Some(section_value(config, section, pages, subsections));
    }
    values.into_iter().flatten().collect()
}

fn section_value(
    config: &Config,
    section: &Section,
    pages: &[Value],
    subsections: Vec<Value>,
) -> Value {
    let meta = &section.meta;
    let rendered = markdown::render(&section.body, Settings::plain(&config.base_url.path));
    let page_list: Vec<Value> = section.pages.iter().map(|&p| pages[p].clone()).collect();
    let file = section.file.as_ref().map(|f| text(&f.to_string_lossy()));
    // A timeline is named in the site's language (`title_en` on an English site).
    let title = config
        .translated_timeline_title(&section.path)
        .unwrap_or(&meta.title);
    Value::from(Fields::from([
        ("title", text(title)),
        ("description", text(&meta.description)),
        ("weight", option(meta.weight.map(Value::from))),
        ("extra", Value::from_serializable(&meta.extra)),
        ("file", option(file)),
        ("path", text(&config.base_url.path_to(&section.path))),
        ("permalink", text(&config.base_url.url_to(&section.path))),
        ("content", Value::safe_string(&rendered.html)),
        ("pages", Value::from(page_list)),
        ("subsections", Value::from(subsections)),
    ]))
}
