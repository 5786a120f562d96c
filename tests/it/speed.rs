//! What issue 22 ("speed with the real theme") promises readers and editors: without
//! `minify`, the default theme's pages are compact by themselves; `minify = true` still
//! minifies. (Timings are in bench/, never here.)

use crate::common;

use common::{Files, Fixture, built_minified_seed_site, built_seed_site};

/// The HTML files a build of `site` wrote.
fn built_pages(site: &Fixture) -> Files {
    site.snapshot("public")
        .into_iter()
        .filter(|(path, _)| path.extension().is_some_and(|e| e == "html"))
        .collect()
}

/// Lines of `html` that are blank or indented, outside `<pre>` (whose spaces are content).
fn loose_lines(html: &str) -> Vec<String> {
    let mut in_pre = false;
    let mut found = Vec::new();
    for line in html.lines() {
        let loose = line.trim().is_empty() || line.starts_with([' ', '\t']);
        if loose && !in_pre {
            found.push(format!("{line:?}"));
        }
        in_pre = (in_pre || line.contains("<pre")) && !line.contains("</pre>");
    }
    found
}

#[test]
fn the_default_theme_writes_compact_html_without_minify() {
    let pages = built_pages(&built_seed_site());
    assert!(pages.len() > 40, "{} pages", pages.len());
    for (path, bytes) in &pages {
        let html = String::from_utf8_lossy(bytes);
        // Unminified: minify-html would drop these quotes.
        assert!(
            html.contains("<html lang=\"vi\">\n<head>"),
            "{} is minified",
            path.display()
        );
        let loose = loose_lines(&html);
        assert!(
            loose.is_empty(),
            "{} has blank or indented lines: {loose:?}",
            path.display()
        );
    }
}

#[test]
fn minify_true_still_minifies() {
    let pages = built_pages(&built_minified_seed_site());
    let plain = built_pages(&built_seed_site());
    for (path, bytes) in &pages {
        let html = String::from_utf8_lossy(bytes);
        assert!(html.contains("<html lang=vi>"), "{}", path.display());
        assert!(bytes.len() < plain[path].len(), "{}", path.display());
    }
}

#[test]
fn the_search_index_is_smaller_than_the_text_it_holds() {
    let site = built_seed_site();
    let results = common::search_results(&site, "public");
    let text: usize = results
        .iter()
        .map(|r| r["text"].as_str().unwrap().len())
        .sum();
    let index: usize = site
        .snapshot("public/search")
        .iter()
        .filter(|(path, _)| !path.ends_with("index.html"))
        .map(|(_, bytes)| bytes.len())
        .sum();
    // Plain JSON it was more than the text (its terms besides); deflated, about half.
    assert!(
        index * 5 < text * 3,
        "index {index} bytes, text {text} bytes"
    );
}
