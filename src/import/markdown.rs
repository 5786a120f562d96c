//! Writing imported text as Markdown that renders back to exactly the same characters:
//! every character Markdown could read as syntax is backslash-escaped, and captions become
//! HTML figure blocks with their text HTML-escaped.

use crate::text::escape_xml;

/// ASCII punctuation that starts or ends Markdown syntax anywhere in a line.
const ALWAYS_ESCAPED: &[char] = &[
    '\\', '`', '*', '_', '[', ']', '<', '>', '&', '~', '{', '}', '#', '|',
];

pub fn escape_text(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for c in text.chars() {
        if ALWAYS_ESCAPED.contains(&c) {
            out.push('\\');
        }
        out.push(c);
    }
    escape_line_start(out)
}

/// `- `, `+ ` and `1. ` / `1) ` at a line's start would make a list.
fn escape_line_start(line: String) -> String {
    let bytes = line.as_bytes();
    let marker_then_space = |i: usize| bytes.get(i + 1).is_none_or(|b| *b == b' ');
    if matches!(bytes.first(), Some(b'-' | b'+')) && marker_then_space(0) {
        return format!("\\{line}");
    }
    let digits = bytes.iter().take_while(|b| b.is_ascii_digit()).count();
    if (1..=9).contains(&digits)
        && matches!(bytes.get(digits), Some(b'.' | b')'))
        && marker_then_space(digits)
    {
        return format!("{}\\{}", &line[..digits], &line[digits..]);
    }
    line
}

/// A caption kept where it stood, ready for an editor to add the photo above it.
pub fn figure(caption: &str, credit: Option<&str>) -> String {
    format!(
        "<figure class=\"seed-caption\">\n{}\n</figure>",
        figcaption(caption, credit)
    )
}

/// A caption with its photo (`image`, Markdown): blank lines around the image end the HTML
/// block, so that the image is read as Markdown and published as a photo.
pub fn photo_figure(caption: &str, credit: Option<&str>, image: &str) -> String {
    format!(
        "<figure class=\"seed-caption\">\n\n{image}\n\n{}\n</figure>",
        figcaption(caption, credit)
    )
}

fn figcaption(caption: &str, credit: Option<&str>) -> String {
    let credit = credit.map(|c| format!("<span class=\"credit\">{}</span>", escape_xml(c)));
    let parts: Vec<String> = [Some(escape_xml(caption)), credit]
        .into_iter()
        .flatten()
        .filter(|p| !p.is_empty())
        .collect();
    format!("<figcaption>{}</figcaption>", parts.join(" "))
}

/// A Markdown image: `alt` escaped, the path in `<…>` so that spaces are kept.
pub fn image(alt: &str, path: &str) -> String {
    format!("![{}](<{path}>)", escape_text(alt).replace('\n', " "))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::render::markdown::{Settings, render};

    fn round_trip(text: &str) -> String {
        let html = render(&escape_text(text), Settings::default()).html;
        let inner = html
            .trim()
            .strip_prefix("<p>")
            .and_then(|h| h.strip_suffix("</p>"));
        inner
            .unwrap_or(&html)
            .replace("&lt;", "<")
            .replace("&gt;", ">")
            .replace("&amp;", "&")
            .replace("&quot;", "\"")
    }

    #[test]
    fn markdown_syntax_renders_as_the_same_characters() {
        for text in [
            "1. Một là",
            "2) Hai là",
            "- gạch đầu dòng",
            "+ cộng",
            "# không phải tiêu đề",
            "*nghiêng* và **đậm** và _gạch_",
            "<script>alert(1)</script>",
            "[liên kết](http://x) ![ảnh](y)",
            "a \\ b ` c ~~d~~ {#id} &amp; | e",
            "5.469 chi bộ",
        ] {
            assert_eq!(round_trip(text), text);
        }
    }

    #[test]
    fn figures_escape_their_text() {
        assert_eq!(
            figure("A <b> & \"c\"", Some("Ảnh: TTXVN")),
            "<figure class=\"seed-caption\">\n<figcaption>A &lt;b&gt; &amp; &quot;c&quot; <span class=\"credit\">Ảnh: TTXVN</span></figcaption>\n</figure>"
        );
    }
}
