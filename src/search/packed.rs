//! How the index's files are stored: raw DEFLATE (RFC 1951), which every current browser
//! inflates without a library (`DecompressionStream("deflate-raw")`). Snippet text is most of
//! the index and shrinks about threefold; term chunks, repetitive, about ninefold.

use std::io::Write;

use flate2::Compression;
use flate2::write::DeflateEncoder;

/// Speed against size: deflate's fast level; above it (zlib-rs's lazy matching) a 10,000-page
/// build compresses a third slower for 10 % smaller files.
const LEVEL: u32 = 2;

/// `bytes` deflated.
pub fn deflate(bytes: &[u8]) -> Vec<u8> {
    let mut encoder =
        DeflateEncoder::new(Vec::with_capacity(bytes.len() / 3), Compression::new(LEVEL));
    // Writing into a Vec cannot fail.
    encoder.write_all(bytes).unwrap_or_default();
    encoder.finish().unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;
    use flate2::read::DeflateDecoder;
    use std::io::Read;

    #[test]
    fn inflates_back_to_what_was_deflated() {
        let text = "Đảng ủy Khối các cơ quan Trung ương. ".repeat(50);
        let packed = deflate(text.as_bytes());
        assert!(packed.len() < text.len() / 10, "{} bytes", packed.len());
        let mut back = String::new();
        DeflateDecoder::new(&packed[..])
            .read_to_string(&mut back)
            .unwrap();
        assert_eq!(back, text);
    }
}
