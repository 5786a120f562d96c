//! What `serve` adds to the HTML it serves, and only there (a `build` never writes it):
//! the live-reload script and, while the last build failed, the error over the page.

use crate::text::escape_xml;

/// Where the browser listens for rebuilds.
pub const EVENTS_PATH: &str = "/__biennien/events";

/// Reloads the page after a rebuild, or only swaps stylesheets after a CSS-only change.
const LIVE_RELOAD: &str = r#"<script>(() => {
  const events = new EventSource("/__biennien/events");
  events.addEventListener("reload", () => location.reload());
  events.addEventListener("css", () => {
    for (const link of document.querySelectorAll('link[rel="stylesheet"]')) {
      const url = new URL(link.href);
      url.searchParams.set("biennien", Date.now());
      link.href = url.href;
    }
  });
})();</script>"#;

/// `html` as served: with the live-reload script and, when `error` is set (with the
/// desk's address), the error shown over the page (plain HTML, so it shows without script
/// too).
pub fn into_page(html: &[u8], error: Option<(&str, &str)>) -> Vec<u8> {
    let mut extra = String::from(LIVE_RELOAD);
    if let Some((error, desk)) = error {
        extra.push_str(&overlay(
            "The last build failed; this is the previous one.",
            error,
            desk,
        ));
    }
    let mut out = Vec::with_capacity(html.len() + extra.len());
    // Minified pages may have no `</body>`: then the end of the document will do.
    match find(html, b"</body>") {
        Some(at) => {
            out.extend_from_slice(&html[..at]);
            out.extend_from_slice(extra.as_bytes());
            out.extend_from_slice(&html[at..]);
        }
        None => {
            out.extend_from_slice(html);
            out.extend_from_slice(extra.as_bytes());
        }
    }
    out
}

/// A page for when no build has succeeded yet: only the error, and the live-reload script
/// that shows the site once a save fixes it.
pub fn error_page(error: &str, desk: &str) -> Vec<u8> {
    let page = format!(
        "<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>Build failed</title></head><body>{}{LIVE_RELOAD}</body></html>",
        overlay(
            "The site could not be built, and there is no earlier build to show. Fix the file and save it: the site appears here.",
            error,
            desk
        )
    );
    page.into_bytes()
}

/// The reserved prefix's page (`/__biennien/`): a link to the editor's desk.
pub fn desk_page(desk: &str) -> Vec<u8> {
    let desk = escape_xml(desk);
    format!("<!DOCTYPE html><html lang=\"en\"><head><meta charset=\"utf-8\"><title>biennien</title></head><body><main><p>The editor's desk, to review, correct and add articles: <a href=\"{desk}\">{desk}</a></p></main></body></html>").into_bytes()
}

/// The error over the page; when it concerns a seed or its sidecar, with a link to the
/// desk, where the seed's lines and the error are shown together.
fn overlay(heading: &str, error: &str, desk: &str) -> String {
    let link = if error.contains("seeds/") {
        let desk = escape_xml(desk);
        format!("\n<a href=\"{desk}\" style=\"color:#fff\">Open the editor's desk: {desk}</a>")
    } else {
        String::new()
    };
    format!(
        "<div id=\"biennien-error\" role=\"alert\" style=\"position:fixed;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;z-index:2147483647;margin:0;padding:1rem 1.25rem;background:#3b0a0a;color:#fff;border-top:4px solid #ff6b6b;font:14px/1.5 ui-monospace,monospace;white-space:pre-wrap\"><strong>{heading}</strong>\n{}{link}</div>",
        escape_xml(error)
    )
}

fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    haystack
        .windows(needle.len())
        .rposition(|w| w.eq_ignore_ascii_case(needle))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn script_and_error_go_before_the_body_ends() {
        let page = into_page(
            b"<html><body><p>x</p></body></html>",
            Some(("content/a.md:3:8: <bad>", "http://127.0.0.1:1112/")),
        );
        let page = String::from_utf8(page).unwrap();
        assert!(page.starts_with("<html><body><p>x</p><script>"));
        assert!(page.contains("content/a.md:3:8: &lt;bad&gt;</div></body></html>"));
        let minified = String::from_utf8(into_page(b"<p>x", None)).unwrap();
        assert!(minified.starts_with("<p>x<script>") && !minified.contains("biennien-error"));
    }
}
