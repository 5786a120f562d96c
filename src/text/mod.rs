//! Vietnamese text helpers used by every stage: decoding files, NFC, slugs and dates.
//! Nothing else in the crate re-implements `đ → d` or date wording; it calls this module.

pub mod collate;
pub mod date;
pub mod fold;
pub mod printed_date;
mod shorten;
pub mod slug;
pub mod syllable;

use std::borrow::Cow;
use std::path::Path;

use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

use crate::error::{Error, Position};

pub use date::{Language, PageDate, unreadable_date};
pub use shorten::shorten;
pub use slug::slugify;

/// Text in NFC; borrows when it already is (the common case), so it costs one scan.
pub fn nfc(text: &str) -> Cow<'_, str> {
    if surely_nfc(text.as_bytes()) {
        return Cow::Borrowed(text);
    }
    match is_nfc_quick(text.chars()) {
        IsNormalized::Yes => Cow::Borrowed(text),
        _ => Cow::Owned(text.nfc().collect()),
    }
}

/// Whether every character is one NFC leaves alone whatever surrounds it (no decomposition,
/// no combining class), judged by its UTF-8 bytes: ASCII, U+00A0–U+024F (the Latin blocks),
/// U+1E00–U+1EFF (the precomposed Vietnamese letters), U+2010–U+2027 (dashes, quotes,
/// ellipsis). A fast first look for text that is all of these; the tables decide the rest.
fn surely_nfc(utf8: &[u8]) -> bool {
    let mut i = 0;
    while let Some(&lead) = utf8.get(i) {
        let next = |k: usize| utf8.get(i + k).copied().unwrap_or(0);
        i += match lead {
            0..0x80 => 1,
            0xc2 if next(1) >= 0xa0 => 2,
            0xc3..=0xc8 => 2,
            0xc9 if next(1) < 0x90 => 2,
            0xe1 if (0xb8..=0xbb).contains(&next(1)) => 3,
            0xe2 if next(1) == 0x80 && (0x90..=0xa7).contains(&next(2)) => 3,
            _ => return false,
        };
    }
    true
}

/// Reads a user's text file: UTF-8 required, a leading BOM dropped, CRLF kept (the TOML and
/// Markdown parsers accept it), NFC applied, control characters other than tab and line
/// breaks dropped (they show as nothing, or as garbage, and are invalid in HTML).
/// `display` is the path shown in messages.
pub fn decode(bytes: Vec<u8>, display: &Path) -> Result<String, Error> {
    // Checked with SIMD: on Vietnamese text, where most letters are several bytes, the
    // standard check was a tenth of a build.
    let text = match simdutf8::basic::from_utf8(&bytes) {
        // SAFETY: the bytes were just checked to be UTF-8.
        Ok(_) => unsafe { String::from_utf8_unchecked(bytes) },
        Err(_) => checked_utf8(bytes, display)?,
    };
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_owned(),
        None => text,
    };
    let text = match nfc(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(normalized) => normalized,
    };
    Ok(if has_stray_control(&text) {
        text.replace(is_stray_control, "")
    } else {
        text
    })
}

/// The standard check, for its error: where the first bad byte is.
fn checked_utf8(bytes: Vec<u8>, display: &Path) -> Result<String, Error> {
    let err = match String::from_utf8(bytes) {
        Ok(text) => return Ok(text),
        Err(err) => err,
    };
    let offset = err.utf8_error().valid_up_to();
    let valid = std::str::from_utf8(&err.as_bytes()[..offset]).unwrap_or_default();
    Err(Error::in_file(
        display,
        format!("the file is not valid UTF-8 (bad byte at offset {offset})"),
    )
    .at(Position::of_offset(valid, offset))
    .help("save the file as UTF-8 in your editor"))
}

fn is_stray_control(c: char) -> bool {
    c.is_control() && !matches!(c, '\t' | '\n' | '\r')
}

/// Whether `text` has a control character to drop, by bytes: C0 and DEL are single bytes,
/// C1 (U+0080–U+009F) is 0xC2 followed by 0x80–0x9F.
fn has_stray_control(text: &str) -> bool {
    let bytes = text.as_bytes();
    // A first pass the compiler vectorises: no byte that could start one, nothing to do.
    let suspicious =
        |b: u8| (b < 0x20 && b != b'\t' && b != b'\n' && b != b'\r') || b == 0x7f || b == 0xc2;
    if !bytes.iter().fold(false, |found, &b| found | suspicious(b)) {
        return false;
    }
    bytes.iter().enumerate().any(|(i, &b)| match b {
        b'\t' | b'\n' | b'\r' => false,
        0..0x20 | 0x7f => true,
        0xc2 => bytes.get(i + 1).is_some_and(|n| (0x80..0xa0).contains(n)),
        _ => false,
    })
}

/// The characters behind the entities `escape_xml` (and minifiers) write: `&lt;` → `<`.
/// `&amp;` last, so that `&amp;lt;` becomes `&lt;`, not `<`.
pub fn unescape_xml(text: &str) -> String {
    if !text.contains('&') {
        return text.to_owned();
    }
    text.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}

/// `%XX` sequences decoded; `None` when one is malformed or the result is not UTF-8.
pub fn percent_decode(text: &str) -> Option<String> {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// Escapes text for XML and HTML content and attribute values. Copies runs of plain text
/// whole: feeds escape every page's HTML, so this is on a hot path.
pub fn escape_xml(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    let mut plain_from = 0;
    for (i, byte) in text.bytes().enumerate() {
        let entity = match byte {
            b'&' => "&amp;",
            b'<' => "&lt;",
            b'>' => "&gt;",
            b'"' => "&quot;",
            b'\'' => "&apos;",
            _ => continue,
        };
        out.push_str(&text[plain_from..i]);
        out.push_str(entity);
        plain_from = i + 1;
    }
    out.push_str(&text[plain_from..]);
    out
}

/// Reads and decodes a file, with errors naming it.
pub fn read_file(path: &Path, display: &Path) -> Result<String, Error> {
    let bytes = std::fs::read(path).map_err(|e| Error::io(display, &e))?;
    decode(bytes, display)
}

/// Bytes as lower-case hex digits.
pub fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

/// The SHA-256 of `bytes` in hex: how seeds, pages and sidecars are identified.
pub fn sha256_hex(bytes: impl AsRef<[u8]>) -> String {
    use sha2::{Digest, Sha256};
    hex(&Sha256::digest(bytes))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decode_drops_bom_and_normalizes_to_nfc() {
        let nfd = "\u{feff}Đa\u{0300}ng".as_bytes().to_vec();
        assert_eq!(decode(nfd, Path::new("a.md")).unwrap(), "Đàng");
    }

    #[test]
    fn nfc_normalises_what_the_fast_look_cannot_vouch_for() {
        // EN QUAD has a singleton decomposition: NFC makes it EN SPACE.
        assert_eq!(nfc("a\u{2000}b"), "a\u{2002}b");
        assert_eq!(nfc("Đa\u{0300}ng ủy"), "Đàng ủy");
        assert!(matches!(nfc("Đảng ủy Khối – “x”…"), Cow::Borrowed(_)));
    }

    #[test]
    fn decode_drops_control_characters_but_keeps_line_breaks_and_tabs() {
        let text = "a\u{1}b\u{1b}[31mc\u{7f}d\u{85}e\r\n\tf"
            .as_bytes()
            .to_vec();
        assert_eq!(decode(text, Path::new("a.md")).unwrap(), "ab[31mcde\r\n\tf");
    }

    #[test]
    fn escape_xml_escapes_the_five_characters_only() {
        assert_eq!(
            escape_xml("Đảng <b>&\"'x"),
            "Đảng &lt;b&gt;&amp;&quot;&apos;x"
        );
    }

    #[test]
    fn decode_reports_the_offset_of_invalid_utf8() {
        let err = decode(b"ab\ncd\xff".to_vec(), Path::new("a.md")).unwrap_err();
        assert!(err.message.contains("offset 5"), "{}", err.message);
        assert_eq!(err.position, Some(Position { line: 2, column: 3 }));
    }
}
