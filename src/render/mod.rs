//! The render stage: Markdown to HTML and the site model through the theme's Tera templates.
//! It reads the `Site` and `Config` and returns HTML; writing it is output's job.

mod filters;
pub mod markdown;
mod templates;
mod values;

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rayon::prelude::*;
use tera::{Context, Tera, Value};

use crate::config::{BaseUrl, Config};
use crate::content::Site;
use crate::error::Result;
use markdown::RenderedMarkdown;
use templates::{Templates, theme_dir};

pub struct Renderer<'a> {
    site: &'a Site,
    base_url: BaseUrl,
    /// The theme's folder, for its static files.
    pub theme_dir: PathBuf,
    /// Each page's previous and next page in its section.
    neighbours: Vec<(Option<usize>, Option<usize>)>,
    templates: Templates,
    /// Each page's fields and rendered content, by page index; the one copy of its HTML.
    page_values: Vec<Value>,
    section_values: Vec<Value>,
}

impl<'a> Renderer<'a> {
    pub fn new(root: &Path, config: &Config, site: &'a Site) -> Result<Renderer<'a>> {
        let theme = theme_dir(root, config)?;
        let sections_markdown: Vec<RenderedMarkdown> = site
            .sections
            .iter()
            .map(|s| markdown::render(&s.body, true))
            .collect();
        // Markdown rendered and turned into a value in one step, so the HTML is not held twice.
        let page_values: Vec<Value> = site
            .pages
            .par_iter()
            .map(|page| {
                let md = markdown::render(&page.body, page.meta.provenance.is_none());
                values::page_value(config, page, &md)
            })
            .collect();
        let section_values = values::section_values(config, site, &page_values, &sections_markdown);

        let mut tera = Tera::new();
        tera.autoescape_on(vec![".html", ".htm", ".xml"]);
        filters::register(
            &mut tera,
            config,
            lookup_table(site, &page_values, &section_values),
        );
        tera.global_context()
            .insert_value("config", values::config_value(config));
        let templates = Templates::load(root, &theme, tera)?;
        Ok(Renderer {
            site,
            base_url: config.base_url.clone(),
            theme_dir: theme,
            neighbours: neighbours(site),
            templates,
            page_values,
            section_values,
        })
    }

    /// A page's rendered Markdown, for feeds.
    pub fn page_html(&self, index: usize) -> &str {
        self.page_values[index]
            .get_from_path("content")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }

    /// A page through its template (`template` in front matter, else its section's
    /// `page_template`, else `page.html`).
    pub fn render_page(&self, index: usize) -> Result<Vec<u8>> {
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
            page.map(|p| self.page_values[p].clone())
                .unwrap_or_else(Value::none)
        };
        let mut context = Context::new();
        context.insert_value("page", self.page_values[index].clone());
        context.insert_value("section", self.section_values[page.section].clone());
        context.insert_value("previous_page", value(previous));
        context.insert_value("next_page", value(next));
        context.insert("current_path", &self.base_url.path_to(&page.path));
        self.render(template, &context, &page.file)
    }

    /// A section through `section.html`, or the home page through `index.html`.
    pub fn render_section(&self, index: usize) -> Result<Vec<u8>> {
        let section = &self.site.sections[index];
        let default = if index == 0 {
            "index.html"
        } else {
            "section.html"
        };
        let template = section.meta.template.as_deref().unwrap_or(default);
        let mut context = Context::new();
        context.insert_value("section", self.section_values[index].clone());
        context.insert("current_path", &self.base_url.path_to(&section.path));
        let file = section
            .file
            .clone()
            .unwrap_or_else(|| PathBuf::from("the home page"));
        self.render(template, &context, &file)
    }

    pub fn render_404(&self) -> Result<Vec<u8>> {
        let mut context = Context::new();
        context.insert("current_path", &self.base_url.path_to("404.html"));
        self.render("404.html", &context, Path::new("the 404 page"))
    }

    /// Renders into bytes: Tera writes valid UTF-8, and the minifier and the file take bytes,
    /// so the text is not validated again on its way out.
    fn render(&self, template: &str, context: &Context, wanted_by: &Path) -> Result<Vec<u8>> {
        let mut html = Vec::with_capacity(16 * 1024);
        self.templates
            .tera
            .render_to(template, context, &mut html)
            .map_err(|e| self.templates.error(&e, Some(wanted_by)))?;
        Ok(html)
    }
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

/// Pages and sections by their file under `content/` (`2017/a.md`, `2017/_index.md`), for
/// the templates' `get_page` and `get_section`.
fn lookup_table(site: &Site, pages: &[Value], sections: &[Value]) -> Arc<filters::Lookup> {
    let pages = site.pages.iter().zip(pages);
    let sections = site.sections.iter().zip(sections);
    Arc::new(filters::Lookup {
        pages: pages
            .map(|(p, v)| (p.content_path.clone(), v.clone()))
            .collect(),
        sections: sections
            .map(|(s, v)| (s.content_path.clone(), v.clone()))
            .collect(),
    })
}
