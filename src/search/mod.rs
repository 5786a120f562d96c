//! The search stage: an index of every page and register entry, written beside the site for
//! `search.js` to read in the browser. No server is involved.
//!
//! Words are indexed by their folded form (`text::fold`), so `dang uy` finds `Đảng ủy`;
//! each posting says which exact forms the page has, so exact matches rank first. The index
//! is cut into small files so that a visitor downloads only what a query needs:
//!
//! - `search/meta.json`: the number of documents, the first term and size of each chunk;
//! - `search/terms/N.bin`: chunks of terms in order, each with its postings;
//! - `search/docs/N.bin`: results `N * DOCS_PER_FILE` on (four): each one's title, link, date,
//!   timeline and text for snippets.
//!
//! The `.bin` files are JSON, deflated (`packed.rs`): the snippets' text is most of the index.

mod catalogue;
mod index;
mod packed;
mod postings;

use std::collections::BTreeMap;

use crate::config::Config;
use crate::content::Site;
use crate::content::registers::{EntryPages, RegisterEntry};
use crate::text::fold::fold;

pub use index::{Index, TermCache};

/// How much a word counts where it stands: a title word far more than a body word.
#[derive(Debug, Clone, Copy, Hash)]
enum Field {
    Title = 8,
    Description = 3,
    Meta = 2,
    Body = 1,
}

/// What a result is, for its label.
#[derive(Debug, Clone, Copy, Hash, serde::Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Kind {
    Page,
    Document,
    Person,
}

/// A result's text for snippets, one paragraph per line: a page's is borrowed from the
/// registers' findings (a copy for every page was a tenth of a large build's memory).
#[derive(Debug, Hash)]
pub enum Text<'a> {
    Paragraphs(&'a [String]),
    Owned(String),
}

impl Text<'_> {
    /// The text's paragraphs (one for an owned text): words never run across them.
    pub fn paragraphs(&self) -> &[String] {
        match self {
            Text::Paragraphs(p) => p,
            Text::Owned(s) => std::slice::from_ref(s),
        }
    }
}

impl serde::Serialize for Text<'_> {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        // Written straight into the output, not joined into a copy of the page first.
        serializer.collect_str(&Lines(self.paragraphs()))
    }
}

/// Paragraphs shown one per line.
struct Lines<'a>(&'a [String]);

impl std::fmt::Display for Lines<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for (i, paragraph) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str("\n")?;
            }
            f.write_str(paragraph)?;
        }
        Ok(())
    }
}

/// One searchable thing: a page or a register entry, with everything a result shows.
#[derive(Debug, Hash, serde::Serialize)]
pub struct Doc<'a> {
    pub url: String,
    pub title: String,
    pub kind: Kind,
    /// Written out in the site's language; empty when undated.
    pub date: String,
    /// The timeline's title, for pages.
    pub section: String,
    pub description: String,
    /// The language of the title and text where it is not the site's (`vi`: an article on
    /// an English site), for the result's `lang`; empty otherwise.
    #[serde(skip_serializing_if = "str::is_empty")]
    pub lang: &'static str,
    /// The same for the title alone: empty where it is the interface's `untitled` label.
    #[serde(skip_serializing_if = "str::is_empty")]
    pub title_lang: &'static str,
    /// Plain text, one paragraph per line: what snippets are cut from.
    pub text: Text<'a>,
    /// Document codes (folded) this page cites in other words, with those words
    /// (`05-ct/tw` → `Chỉ thị 05`), so the words can be highlighted when the code is sought.
    pub codes: BTreeMap<String, Vec<String>>,
    /// What is indexed besides `text` (as body), with its weight: title, description,
    /// source, authors, the codes the page cites however it words them.
    #[serde(skip)]
    fields: Vec<(Field, String)>,
}

impl Doc<'_> {
    /// What a register entry's document is made from, the document itself (it is small):
    /// its postings and its file change only with this.
    fn key(&self) -> u64 {
        crate::hash_of(self)
    }
}

/// The codes each page cites, however it words them: they are indexed with the page.
fn cited_codes(site: &Site) -> Vec<Vec<&str>> {
    let mut cited: Vec<Vec<&str>> = vec![Vec::new(); site.pages.len()];
    for document in &site.registers.documents {
        if let Some(code) = &document.code {
            for citation in &document.citations {
                if !cited[citation.page].contains(&code.as_str()) {
                    cited[citation.page].push(code);
                }
            }
        }
    }
    cited
}

/// Each section's title as results show it (translated where the site's language wants),
/// by the section's number; the home page's is empty.
fn section_titles(site: &Site, config: &Config) -> Vec<String> {
    let titles = site
        .sections
        .iter()
        .enumerate()
        .map(|(s, section)| match s {
            0 => String::new(),
            _ => {
                let translated = config.translated_timeline_title(&section.path);
                translated.unwrap_or(&section.meta.title).to_owned()
            }
        });
    titles.collect()
}

/// What a page's search document is made from besides the page.
struct PageDocs<'a, 'c> {
    site: &'a Site,
    config: &'c Config,
    untitled: &'c str,
    cited: &'c [Vec<&'a str>],
    sections: &'c [String],
}

impl<'a> PageDocs<'a, '_> {
    /// What page `i`'s document is made from besides the configuration and the theme (a
    /// `TermCache` lasts no longer than they do): its file's name and bytes, its URL, its
    /// timeline's title, the codes it cites and the words it gives them in. The document's
    /// terms and file change only with this, and it is worked out without making them.
    fn key(&self, i: usize) -> u64 {
        use std::hash::{Hash, Hasher};
        let page = &self.site.pages[i];
        let registers = &self.site.registers;
        let mut hasher = rustc_hash::FxHasher::default();
        (Kind::Page, page.source_hash, &page.content_path, &page.path).hash(&mut hasher);
        (&self.sections[page.section], self.untitled, &self.cited[i]).hash(&mut hasher);
        for mention in &registers.mentions[i] {
            if let RegisterEntry::Document(d) = mention.entry {
                (&registers.documents[d].code, &mention.text).hash(&mut hasher);
            }
        }
        hasher.finish()
    }

    fn doc(&self, i: usize) -> Doc<'a> {
        let PageDocs {
            site,
            config,
            untitled,
            cited,
            sections,
        } = *self;
        let language = config.language;
        let registers = &site.registers;
        let page = &site.pages[i];
        let meta = &page.meta;
        let source = config.sources.get(&meta.source).unwrap_or(&meta.source);
        let section = sections[page.section].clone();
        let lang = meta.provenance.as_ref().and(config.article_lang());
        let (title, title_lang) = if meta.title.trim().is_empty() {
            (untitled, None)
        } else {
            (meta.title.as_str(), lang)
        };
        let text = Text::Paragraphs(page.paragraphs());
        let date = page
            .date
            .map(|d| d.written(language, meta.date_approximate))
            .unwrap_or_default();
        let mut fields = vec![
            (Field::Title, meta.title.clone()),
            (Field::Description, meta.description.clone()),
            (Field::Meta, section.clone()),
            (Field::Meta, source.clone()),
            (Field::Meta, meta.authors.join("\n")),
            // In words and as `2017-03-04`, so that `2017` or `tháng 3 năm 2017` find it.
            (Field::Meta, date.clone()),
            (Field::Meta, page.date.map(|d| d.iso()).unwrap_or_default()),
        ];
        fields.extend(cited[i].iter().map(|code| (Field::Body, code.to_string())));
        // Codes the text gives in other words (`Chỉ thị 05`): those words are highlighted
        // when the code is sought.
        let mut codes: BTreeMap<String, Vec<String>> = BTreeMap::new();
        for mention in &registers.mentions[i] {
            if let RegisterEntry::Document(d) = mention.entry
                && let Some(code) = &registers.documents[d].code
            {
                let code = fold(code);
                if fold(&mention.text) != code {
                    codes.entry(code).or_default().push(mention.text.clone());
                }
            }
        }
        Doc {
            url: config.base_url.path_to(&page.path),
            title: title.to_owned(),
            kind: Kind::Page,
            date,
            section,
            description: meta.description.clone(),
            lang: lang.unwrap_or_default(),
            title_lang: title_lang.unwrap_or_default(),
            text,
            codes,
            fields,
        }
    }
}

/// The documents and people with a page of their own (`entry_pages`), as search shows them.
fn register_docs<'a>(site: &Site, config: &Config, entry_pages: EntryPages) -> Vec<Doc<'a>> {
    let language = config.language;
    let registers = &site.registers;
    let mut docs = Vec::new();
    // What the registers find is Vietnamese, whoever wrote the page.
    let register_lang = config.article_lang().unwrap_or_default();
    let documents = registers.documents.iter().filter(|_| entry_pages.documents);
    for document in documents {
        let issuer = document.issuer.clone().unwrap_or_default();
        let mut fields = vec![(Field::Title, document.name.clone())];
        fields.extend(document.code.iter().map(|c| (Field::Title, c.clone())));
        docs.push(Doc {
            url: config.base_url.path_to(&document.path),
            title: document.name.clone(),
            kind: Kind::Document,
            date: document
                .date
                .map(|d| crate::text::date::written_day(d, language))
                .unwrap_or_default(),
            section: String::new(),
            description: issuer.clone(),
            lang: register_lang,
            title_lang: register_lang,
            text: Text::Owned(issuer),
            codes: BTreeMap::new(),
            fields,
        });
    }
    for person in registers.people.iter().filter(|_| entry_pages.people) {
        let roles: Vec<&str> = person.roles.iter().map(|r| r.title.as_str()).collect();
        let roles = roles.join("; ");
        docs.push(Doc {
            url: config.base_url.path_to(&person.path),
            title: person.name.clone(),
            kind: Kind::Person,
            date: String::new(),
            section: String::new(),
            description: roles.clone(),
            lang: register_lang,
            title_lang: register_lang,
            text: Text::Owned(roles.clone()),
            codes: BTreeMap::new(),
            fields: vec![
                (Field::Title, person.name.clone()),
                (Field::Description, roles),
            ],
        });
    }
    docs
}

/// One file of the index: where it goes and what it is made from.
pub struct IndexFile {
    pub path: String,
    pub fingerprint: u64,
}
