//! HTML minification with minify-html: CSS minified, JavaScript left alone (its JS minifier
//! breaks some scripts), and the `<html>`/`<head>` tags kept for readers of the source.

use std::sync::LazyLock;

static CONFIG: LazyLock<minify_html::Cfg> = LazyLock::new(|| {
    let mut cfg = minify_html::Cfg::new();
    cfg.minify_css = true;
    cfg.minify_js = false;
    cfg.keep_html_and_head_opening_tags = true;
    cfg.keep_closing_tags = true;
    cfg
});

/// Deeper than this, a page is written as it is: minify-html recurses once per level and
/// would overflow the stack (browsers stop nesting at 512 levels anyway).
const MAX_DEPTH: usize = 500;

pub fn html(source: &[u8]) -> Vec<u8> {
    if nesting_depth(source) > MAX_DEPTH {
        return source.to_vec();
    }
    minify_html::minify(source, &CONFIG)
}

/// How deep elements nest, roughly: opening tags count, closing tags uncount, void and
/// self-closing elements do not count. Errs high (implied end tags), never low.
fn nesting_depth(html: &[u8]) -> usize {
    const VOID: [&[u8]; 14] = [
        b"area", b"base", b"br", b"col", b"embed", b"hr", b"img", b"input", b"link", b"meta",
        b"param", b"source", b"track", b"wbr",
    ];
    let (mut depth, mut deepest) = (0usize, 0usize);
    let mut i = 0;
    while let Some(at) = html[i..].iter().position(|&b| b == b'<') {
        let tag = &html[i + at + 1..];
        let end = tag.iter().position(|&b| b == b'>').unwrap_or(tag.len());
        let name_len = tag
            .iter()
            .position(|b| !b.is_ascii_alphanumeric())
            .unwrap_or(tag.len());
        let name = &tag[..name_len];
        if tag.first() == Some(&b'/') {
            depth = depth.saturating_sub(1);
        } else if name_len > 0
            && !VOID.iter().any(|v| v.eq_ignore_ascii_case(name))
            && !tag[..end].ends_with(b"/")
        {
            depth += 1;
            deepest = deepest.max(depth);
        }
        i += at + 1;
    }
    deepest
}

#[cfg(test)]
mod tests {
    use super::html;

    fn min(s: &str) -> String {
        String::from_utf8(html(s.as_bytes())).unwrap()
    }

    #[test]
    fn spaces_between_inline_elements_survive() {
        let out = min("<p><em>một</em> <strong>hai</strong> ba</p>");
        assert!(
            out.contains("<em>một</em> <strong>hai</strong> ba"),
            "{out}"
        );
    }

    #[test]
    fn nesting_is_measured_without_void_elements() {
        use super::nesting_depth;
        assert_eq!(nesting_depth(b"<p>a<br>b<img src=x /></p>"), 1);
        assert_eq!(nesting_depth(b"<div><div><p>x</p></div></div><p>y</p>"), 3);
        assert_eq!(nesting_depth(b"<!DOCTYPE html><!-- c --><p>x</p>"), 1);
    }

    #[test]
    fn pages_nested_too_deep_for_the_minifier_are_written_as_they_are() {
        let deep = "<blockquote>".repeat(100_000) + "sâu";
        assert_eq!(html(deep.as_bytes()), deep.as_bytes());
    }

    #[test]
    fn text_is_kept_as_written() {
        let out = min("<p>Đảng ủy   Khối &lt;script&gt;</p>");
        assert!(out.contains("Đảng ủy Khối &lt;script>"), "{out}");
    }
}
