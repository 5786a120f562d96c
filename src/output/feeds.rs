//! The machine-read files of a site: `sitemap.xml`, `atom.xml` and `robots.txt`.
//! Every URL in them is a full URL under `base_url`.

use std::fmt::Write;

use crate::config::Config;
use crate::content::Site;
use crate::text::escape_xml;

/// Every section and page, home first.
pub fn sitemap(config: &Config, site: &Site) -> String {
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let sections = site.sections.iter().map(|s| (&s.path, None));
    let pages = site
        .pages
        .iter()
        .map(|p| (&p.path, p.date.map(|d| d.iso())));
    for (path, lastmod) in sections.chain(pages) {
        let _ = write!(
            xml,
            "  <url>\n    <loc>{}</loc>\n",
            escape_xml(&config.base_url.url_to(path))
        );
        if let Some(lastmod) = lastmod {
            let _ = writeln!(xml, "    <lastmod>{lastmod}</lastmod>");
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

/// An Atom feed of every dated page, newest first. `page_html` gives a page's content.
pub fn atom<'a>(config: &Config, site: &Site, page_html: impl Fn(usize) -> &'a str) -> String {
    let mut dated: Vec<usize> = (0..site.pages.len())
        .filter(|&i| site.pages[i].date.is_some())
        .collect();
    dated.sort_by_key(|&i| std::cmp::Reverse(site.pages[i].date.map(|d| d.timestamp())));
    let base = &config.base_url;
    let updated = dated
        .first()
        .and_then(|&i| site.pages[i].date)
        .map_or_else(|| "1970-01-01T00:00:00+00:00".to_owned(), |d| d.rfc3339());
    let mut xml = String::new();
    let _ = write!(
        xml,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n  <title>{title}</title>\n  <subtitle>{subtitle}</subtitle>\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"{feed}\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{home}\"/>\n  <id>{home}</id>\n  <updated>{updated}</updated>\n  <author><name>{title}</name></author>\n",
        lang = escape_xml(&config.default_language),
        title = escape_xml(&config.title),
        subtitle = escape_xml(&config.description),
        feed = escape_xml(&base.url_to("atom.xml")),
        home = escape_xml(&base.full),
    );
    for i in dated {
        let page = &site.pages[i];
        let date = page.date.map(|d| d.rfc3339()).unwrap_or_default();
        let url = escape_xml(&base.url_to(&page.path));
        let _ = write!(
            xml,
            "  <entry>\n    <title>{}</title>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>\n    <id>{url}</id>\n    <published>{date}</published>\n    <updated>{date}</updated>\n",
            escape_xml(&page.meta.title)
        );
        for author in &page.meta.authors {
            let _ = writeln!(
                xml,
                "    <author><name>{}</name></author>",
                escape_xml(author)
            );
        }
        if !page.meta.description.is_empty() {
            let _ = writeln!(
                xml,
                "    <summary>{}</summary>",
                escape_xml(&page.meta.description)
            );
        }
        let _ = writeln!(
            xml,
            "    <content type=\"html\">{}</content>\n  </entry>",
            escape_xml(page_html(i))
        );
    }
    xml.push_str("</feed>\n");
    xml
}

pub fn robots(config: &Config) -> String {
    format!(
        "User-agent: *\nAllow: /\nSitemap: {}\n",
        config.base_url.url_to("sitemap.xml")
    )
}
