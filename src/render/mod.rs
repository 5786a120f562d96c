//! The render stage: Markdown to HTML and the site model through the theme's Tera templates.
//! It reads the `Site` and `Config` and returns HTML; writing it is output's job.
//!
//! Everything a build renders is a `Job`: a page, one page of a (paginated) listing, a
//! register entry, the 404 page. `jobs()` lists them; each renders on its own, in parallel.

mod cache;
mod entries;
mod filters;
mod fingerprint;
mod i18n;
pub mod markdown;
mod paginate;
mod templates;
mod theme;
mod values;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use tera::{Context, Value};

use crate::config::{BaseUrl, Config};
use crate::content::Site;
use crate::error::Result;
use crate::photos::Photos;
use crate::urls::{CHRONOLOGY_PATH, DOCUMENTS_PATH, PEOPLE_PATH, SEARCH_PATH};
pub use cache::Cache;
use paginate::pager_path;
pub use templates::THEMES_DIR;
pub use theme::Theme;

/// One output file to render. Listing pages count from 0 (the listing's own URL).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Job {
    Page(usize),
    /// A page's earlier address (`aliases`): a redirect to it.
    Alias {
        page: usize,
        alias: usize,
    },
    Section {
        section: usize,
        pager: usize,
    },
    Documents {
        pager: usize,
    },
    Document {
        document: usize,
        pager: usize,
    },
    People {
        pager: usize,
    },
    Person {
        person: usize,
        pager: usize,
    },
    Chronology {
        pager: usize,
    },
    Search,
    NotFound,
}

pub struct Renderer<'a> {
    site: &'a Site,
    theme: &'a Theme,
    /// The pages' photos: their markup, and the files output publishes.
    photos: &'a Photos,
    base_url: BaseUrl,
    paginate_by: usize,
    /// Each page's previous and next page in its section.
    neighbours: Vec<(Option<usize>, Option<usize>)>,
    /// This build's page, document and chronology values (and what each was made from).
    cache: &'a Cache,
    /// The pages whose values are not the ones in the same place last time.
    remade: Vec<usize>,
    section_values: Vec<Value>,
    /// What the templates' `get_page` and `get_section` find, by file under `content/`.
    lookup: Lookup,
}

/// Pages and sections by their file under `content/` (`2017/a.md`, `2017/_index.md`): handed
/// to every template, for `get_page` and `get_section` (see `filters`).
struct Lookup {
    /// Empty unless a template calls `get_page`.
    pages: Value,
    sections: Value,
}

impl<'a> Renderer<'a> {
    /// Brings `cache` up to date with `site` and renders from it. Pages whose file and
    /// register links did not change since the cache's last build (in `serve`) keep their
    /// value from it: they are not rendered from Markdown again.
    pub fn new(
        theme: &'a Theme,
        config: &Config,
        site: &'a Site,
        cache: &'a mut Cache,
        photos: &'a Photos,
    ) -> Result<Renderer<'a>> {
        let remade = cache.update_pages(theme, config, site, photos)?;
        let page_values = &cache.in_order.values;
        let section_values = values::section_values(config, site, page_values);
        cache.entries.update(config, site, &cache.in_order, &remade);
        let sections: BTreeMap<String, Value> = site
            .sections
            .iter()
            .zip(&section_values)
            .map(|(s, v)| (s.content_path.clone(), v.clone()))
            .collect();
        let lookup = Lookup {
            pages: match theme.templates.calls_get_page {
                true => cache.values_by_file(),
                false => Value::from(BTreeMap::<String, Value>::new()),
            },
            sections: Value::from(sections),
        };
        Ok(Renderer {
            site,
            theme,
            photos,
            base_url: config.base_url.clone(),
            paginate_by: config.paginate_by,
            neighbours: neighbours(site),
            cache,
            remade,
            section_values,
            lookup,
        })
    }

    /// Ends the build. Its sections' listings are freed on another thread, which `serve`
    /// need not wait for before the browser reloads.
    pub fn finish(self) {
        let values = self.section_values;
        // Without a thread to spare, freed here.
        let _ = std::thread::Builder::new().spawn(move || drop(values));
    }

    /// The pages whose values are not the ones in the same place last time: with the site's
    /// shape unchanged (`Site::text_only`), the only pages whose own outputs can differ.
    pub fn remade_pages(&self) -> &[usize] {
        &self.remade
    }

    /// The build's photos.
    pub fn photos(&self) -> &Photos {
        self.photos
    }

    /// Each page's value, by page index.
    fn page_values(&self) -> &[Value] {
        &self.cache.in_order.values
    }

    /// What each page's value was made from, by page index.
    fn page_keys(&self) -> &[u64] {
        &self.cache.in_order.keys
    }

    /// The theme's folder, for its static files.
    pub fn theme_dir(&self) -> &Path {
        &self.theme.dir
    }

    /// A page's field as its template sees it (`content`, `title`, `lang`), for feeds; `""`
    /// where it is none.
    pub fn page_field(&self, index: usize, field: &'static str) -> &str {
        self.cache.in_order.values[index]
            .get_from_path(field)
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    /// Whether the theme renders the template `name`: the registers, chronology, search and
    /// 404 pages are made only when the theme has their template (a minimal theme need not).
    pub fn has_template(&self, name: &str) -> bool {
        self.theme.templates.has(name)
    }

    /// Everything to render, in the order the site lists it.
    pub fn jobs(&self) -> Vec<Job> {
        let mut jobs = self.all_jobs();
        let entry_pages = self.theme.entry_pages();
        jobs.retain(|&job| match job {
            Job::Page(_) | Job::Alias { .. } | Job::Section { .. } => true,
            Job::Documents { .. } | Job::People { .. } => self.has_template("register.html"),
            Job::Document { .. } => entry_pages.documents,
            Job::Person { .. } => entry_pages.people,
            Job::Chronology { .. } => self.has_template("chronology.html"),
            Job::Search => self.theme.has_search(),
            Job::NotFound => self.has_template("404.html"),
        });
        jobs
    }

    fn all_jobs(&self) -> Vec<Job> {
        let site = self.site;
        let mut jobs: Vec<Job> = (0..site.pages.len()).map(Job::Page).collect();
        for (page, p) in site.pages.iter().enumerate() {
            jobs.extend((0..p.aliases.len()).map(|alias| Job::Alias { page, alias }));
        }
        for (section, s) in site.sections.iter().enumerate() {
            // The home page shows every timeline; it is not paginated.
            let pagers = if section == 0 {
                1
            } else {
                self.pager_count(s.pages.len())
            };
            jobs.extend((0..pagers).map(|pager| Job::Section { section, pager }));
        }
        let registers = &site.registers;
        jobs.extend(
            (0..self.pager_count(registers.documents.len())).map(|pager| Job::Documents { pager }),
        );
        for (document, d) in registers.documents.iter().enumerate() {
            let articles = d.citations.iter().map(|c| c.page);
            let pagers = self.pager_count(distinct_in_order(articles));
            jobs.extend((0..pagers).map(|pager| Job::Document { document, pager }));
        }
        jobs.extend(
            (0..self.pager_count(registers.people.len())).map(|pager| Job::People { pager }),
        );
        for (person, p) in registers.people.iter().enumerate() {
            let pagers = self.pager_count(p.pages.len());
            jobs.extend((0..pagers).map(|pager| Job::Person { person, pager }));
        }
        jobs.extend(
            (0..self.pager_count(site.chronology.len())).map(|pager| Job::Chronology { pager }),
        );
        jobs.push(Job::Search);
        jobs.push(Job::NotFound);
        jobs
    }

    /// The site-relative file a job writes: `2017/a/index.html`.
    pub fn output_path(&self, job: Job) -> String {
        let site = self.site;
        let listing = |base: &str, pager: usize| format!("{}index.html", pager_path(base, pager));
        match job {
            Job::Page(i) => format!("{}index.html", site.pages[i].path),
            Job::Alias { page, alias } => format!("{}index.html", site.pages[page].aliases[alias]),
            Job::Section { section, pager } => listing(&site.sections[section].path, pager),
            Job::Documents { pager } => listing(DOCUMENTS_PATH, pager),
            Job::Document { document, pager } => {
                listing(&site.registers.documents[document].path, pager)
            }
            Job::People { pager } => listing(PEOPLE_PATH, pager),
            Job::Person { person, pager } => listing(&site.registers.people[person].path, pager),
            Job::Chronology { pager } => listing(CHRONOLOGY_PATH, pager),
            Job::Search => format!("{SEARCH_PATH}index.html"),
            Job::NotFound => "404.html".to_owned(),
        }
    }

    /// Site-relative URL paths of the register and chronology pages among `jobs`, for the
    /// sitemap (first pages of listings only: later pages hold nothing of their own).
    pub fn generated_paths(&self, jobs: &[Job]) -> Vec<String> {
        jobs.iter()
            .copied()
            .filter(|job| {
                matches!(
                    job,
                    Job::Documents { pager: 0 }
                        | Job::Document { pager: 0, .. }
                        | Job::People { pager: 0 }
                        | Job::Person { pager: 0, .. }
                        | Job::Chronology { pager: 0 }
                )
            })
            .map(|job| {
                let file = self.output_path(job);
                file.strip_suffix("index.html").unwrap_or(&file).to_owned()
            })
            .collect()
    }

    pub fn render(&self, job: Job) -> Result<Vec<u8>> {
        let site = self.site;
        let mut context = self.context();
        let path = self.output_path(job);
        let url_path = path.strip_suffix("index.html").unwrap_or(&path);
        context.insert("current_path", &self.base_url.path_to(url_path));
        context.insert("current_url", &self.base_url.url_to(url_path));
        context.insert("document_count", &site.registers.documents.len());
        context.insert("person_count", &site.registers.people.len());
        let (template, wanted_by): (&str, PathBuf) = match job {
            Job::Page(i) => return self.render_page(i, context),
            Job::Alias { page, .. } => {
                context.insert_value("page", self.page_values()[page].clone());
                (templates::ALIAS_TEMPLATE, site.pages[page].file.clone())
            }
            Job::Section { section, pager } => {
                let s = &site.sections[section];
                let value = &self.section_values[section];
                context.insert_value("section", value.clone());
                let pages = value
                    .get_from_path("pages")
                    .and_then(Value::as_array)
                    .unwrap_or(&[]);
                context.insert_value("paginator", self.paginator(&s.path, pager, pages));
                let default = if section == 0 {
                    "index.html"
                } else {
                    "section.html"
                };
                let template = s.meta.template.as_deref().unwrap_or(default);
                let file = s
                    .file
                    .clone()
                    .unwrap_or_else(|| PathBuf::from("the home page"));
                (template, file)
            }
            Job::Documents { pager } => {
                context.insert("register", "documents");
                context.insert_value(
                    "paginator",
                    self.paginator(DOCUMENTS_PATH, pager, &self.cache.entries.documents.values),
                );
                ("register.html", PathBuf::from("the documents register"))
            }
            Job::People { pager } => {
                context.insert("register", "people");
                context.insert_value(
                    "paginator",
                    self.paginator(PEOPLE_PATH, pager, &self.cache.entries.people),
                );
                ("register.html", PathBuf::from("the people register"))
            }
            Job::Document { document, pager } => {
                let d = &site.registers.documents[document];
                let entry = &self.cache.entries.documents.values[document];
                self.insert_entry(&mut context, entry, "articles", &d.path, pager);
                let wanted_by = format!("the register page of {}", d.name);
                ("document.html", PathBuf::from(wanted_by))
            }
            Job::Person { person, pager } => {
                let p = &site.registers.people[person];
                let entry = &self.cache.entries.people[person];
                self.insert_entry(&mut context, entry, "pages", &p.path, pager);
                let wanted_by = format!("the register page of {}", p.name);
                ("person.html", PathBuf::from(wanted_by))
            }
            Job::Chronology { pager } => {
                context.insert("chronology_page", &true);
                context.insert_value(
                    "paginator",
                    self.paginator(
                        CHRONOLOGY_PATH,
                        pager,
                        &self.cache.entries.chronology.values,
                    ),
                );
                ("chronology.html", PathBuf::from("the chronology"))
            }
            Job::Search => {
                context.insert("search_page", &true);
                (theme::SEARCH_TEMPLATE, PathBuf::from("the search page"))
            }
            Job::NotFound => ("404.html", PathBuf::from("the 404 page")),
        };
        self.render_template(template, &context, &wanted_by)
    }

    /// What every template is given before its own values.
    fn context(&self) -> Context {
        let mut context = Context::new();
        context.insert_value(filters::PAGES_VAR, self.lookup.pages.clone());
        context.insert_value(filters::SECTIONS_VAR, self.lookup.sections.clone());
        context
    }

    /// A page through its template (`template` in front matter, else its section's
    /// `page_template`, else `page.html`).
    fn render_page(&self, index: usize, mut context: Context) -> Result<Vec<u8>> {
        let page = &self.site.pages[index];
        let section = &self.site.sections[page.section];
        let template = page
            .meta
            .template
            .as_deref()
            .or(section.meta.page_template.as_deref())
            .unwrap_or("page.html");
        let (previous, next) = self.neighbours[index];
        let value = |page: Option<usize>| {
            page.map(|p| self.page_values()[p].clone())
                .unwrap_or_else(Value::none)
        };
        context.insert_value("page", self.page_values()[index].clone());
        context.insert_value("section", self.section_values[page.section].clone());
        context.insert_value("previous_page", value(previous));
        context.insert_value("next_page", value(next));
        self.render_template(template, &context, &page.file)
    }

    /// A register entry and one page of its articles (its `list` field).
    fn insert_entry(
        &self,
        context: &mut Context,
        entry: &Value,
        list: &str,
        path: &str,
        pager: usize,
    ) {
        let articles = entry.get_from_path(list).and_then(Value::as_array);
        context.insert_value("entry", entry.clone());
        context.insert_value(
            "paginator",
            self.paginator(path, pager, articles.unwrap_or(&[])),
        );
    }

    fn pager_count(&self, items: usize) -> usize {
        paginate::pager_count(items, self.paginate_by)
    }

    /// One page of a listing (see `paginate`).
    fn paginator(&self, base: &str, pager: usize, items: &[Value]) -> Value {
        paginate::paginator(&self.base_url, self.paginate_by, base, pager, items)
    }

    /// Renders into bytes: Tera writes valid UTF-8, and the minifier and the file take bytes,
    /// so the text is not validated again on its way out.
    fn render_template(
        &self,
        template: &str,
        context: &Context,
        wanted_by: &Path,
    ) -> Result<Vec<u8>> {
        let mut html = Vec::with_capacity(16 * 1024);
        let templates = &self.theme.templates;
        templates
            .tera
            .render_to(template, context, &mut html)
            .map_err(|e| templates.error(&e, Some(wanted_by)))?;
        Ok(html)
    }
}

/// How many different items `ids` holds when equal ones come together.
pub(crate) fn distinct_in_order(ids: impl Iterator<Item = usize>) -> usize {
    let mut ids = ids.peekable();
    let mut count = 0;
    while let Some(id) = ids.next() {
        count += 1;
        while ids.next_if_eq(&id).is_some() {}
    }
    count
}

/// Previous and next page of every page, in its section's order; computed once, not by
/// searching the section for each page.
fn neighbours(site: &Site) -> Vec<(Option<usize>, Option<usize>)> {
    let mut neighbours = vec![(None, None); site.pages.len()];
    for section in &site.sections {
        for (i, &page) in section.pages.iter().enumerate() {
            let previous = i.checked_sub(1).map(|j| section.pages[j]);
            neighbours[page] = (previous, section.pages.get(i + 1).copied());
        }
    }
    neighbours
}
