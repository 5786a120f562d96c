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

pub fn html(source: &[u8]) -> Vec<u8> {
    minify_html::minify(source, &CONFIG)
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
    fn text_is_kept_as_written() {
        let out = min("<p>Đảng ủy   Khối &lt;script&gt;</p>");
        assert!(out.contains("Đảng ủy Khối &lt;script>"), "{out}");
    }
}
