//! The machine-read files of a site: `sitemap.xml`, `atom.xml` and `robots.txt`.
//! Every URL in them is a full URL under `base_url`.

use std::io::{self, Write};

use crate::config::Config;
use crate::content::Site;
use crate::text::escape_xml;

/// Every section and page, home first, then the registers and the chronology (`generated`).
/// Written as it is made: on a large site the file is large, and holding it whole would
/// double the build's memory for nothing.
pub fn sitemap(
    config: &Config,
    site: &Site,
    generated: &[String],
    xml: &mut dyn Write,
) -> io::Result<()> {
    xml.write_all(
        b"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    )?;
    let sections = site.sections.iter().map(|s| (s.path.as_str(), None));
    let pages = site
        .pages
        .iter()
        .map(|p| (p.path.as_str(), p.date.map(|d| d.iso())));
    let generated = generated.iter().map(|path| (path.as_str(), None));
    for (path, lastmod) in sections.chain(pages).chain(generated) {
        write!(
            xml,
            "  <url>\n    <loc>{}</loc>\n",
            escape_xml(&config.base_url.url_to(path))
        )?;
        if let Some(lastmod) = lastmod {
            writeln!(xml, "    <lastmod>{lastmod}</lastmod>")?;
        }
        xml.write_all(b"  </url>\n")?;
    }
    xml.write_all(b"</urlset>\n")
}

/// The pages the feed holds: the newest dated ones (`feed_limit` of them), newest first.
pub fn entries(config: &Config, site: &Site) -> Vec<usize> {
    let mut dated: Vec<usize> = (0..site.pages.len())
        .filter(|&i| site.pages[i].date.is_some())
        .collect();
    dated.sort_by_cached_key(|&i| std::cmp::Reverse(site.pages[i].date.map(|d| d.timestamp())));
    if config.feed_limit > 0 {
        dated.truncate(config.feed_limit);
    }
    dated
}

/// An Atom feed of the `entries`. `page_field` gives a page's field as its template sees it:
/// its `content`, its `title` as shown (a page without one has the theme's label), the
/// `lang` of an imported article on a site in another language and its `title_lang`.
/// Written as it is made, like the sitemap.
pub fn atom<'a>(
    config: &Config,
    site: &Site,
    entries: &[usize],
    page_field: impl Fn(usize, &'static str) -> &'a str,
    xml: &mut dyn Write,
) -> io::Result<()> {
    let base = &config.base_url;
    let updated = entries
        .first()
        .and_then(|&i| site.pages[i].date)
        .map_or_else(|| "1970-01-01T00:00:00+00:00".to_owned(), |d| d.rfc3339());
    write!(
        xml,
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"{lang}\">\n  <title>{title}</title>\n  <subtitle>{subtitle}</subtitle>\n  <link rel=\"self\" type=\"application/atom+xml\" href=\"{feed}\"/>\n  <link rel=\"alternate\" type=\"text/html\" href=\"{home}\"/>\n  <id>{home}</id>\n  <updated>{updated}</updated>\n  <author><name>{title}</name></author>\n",
        lang = escape_xml(&config.default_language),
        title = escape_xml(&config.title),
        subtitle = escape_xml(&config.description),
        feed = escape_xml(&base.url_to("atom.xml")),
        home = escape_xml(&base.full),
    )?;
    for &i in entries {
        let page = &site.pages[i];
        let date = page.date.map(|d| d.rfc3339()).unwrap_or_default();
        let url = escape_xml(&base.url_to(&page.path));
        // The article's own language on the entry; a title that is the interface's label
        // keeps the feed's.
        let lang = page_field(i, "lang");
        let entry_lang = xml_lang(lang);
        let title_lang = if page_field(i, "title_lang") == lang {
            String::new()
        } else {
            xml_lang(&config.default_language)
        };
        write!(
            xml,
            "  <entry{entry_lang}>\n    <title{title_lang}>{}</title>\n    <link rel=\"alternate\" type=\"text/html\" href=\"{url}\"/>\n    <id>{url}</id>\n    <published>{date}</published>\n    <updated>{date}</updated>\n",
            escape_xml(page_field(i, "title"))
        )?;
        for author in &page.meta.authors {
            writeln!(
                xml,
                "    <author><name>{}</name></author>",
                escape_xml(author)
            )?;
        }
        if !page.meta.description.is_empty() {
            writeln!(
                xml,
                "    <summary>{}</summary>",
                escape_xml(&page.meta.description)
            )?;
        }
        writeln!(
            xml,
            "    <content type=\"html\">{}</content>\n  </entry>",
            escape_xml(page_field(i, "content"))
        )?;
    }
    xml.write_all(b"</feed>\n")
}

/// ` xml:lang="vi"`, or nothing for no language.
fn xml_lang(lang: &str) -> String {
    if lang.is_empty() {
        String::new()
    } else {
        format!(" xml:lang=\"{}\"", escape_xml(lang))
    }
}

pub fn robots(config: &Config) -> String {
    let mut robots = "User-agent: *\nAllow: /\n".to_owned();
    if config.sitemap {
        robots += &format!("Sitemap: {}\n", config.base_url.url_to("sitemap.xml"));
    }
    robots
}
