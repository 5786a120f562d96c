//! A photo in a page's HTML: a `<picture>` with a WebP `srcset` and a JPEG (or PNG) one, the
//! largest size's `width` and `height` (the browser keeps its place: no layout shift), lazy
//! loading for all but a page's first photo, and a link to the largest size. An image alone
//! in its paragraph is a block: a `<figure>` with its title as the caption, when it has one.

use pulldown_cmark::{CowStr, Event, Tag, TagEnd};

use crate::content::plain::events_text;
use serde::Serialize;

use super::{PagePhotos, Photo};
use crate::text::escape_xml;

/// How wide a photo is shown: the article column (`--measure` in the default theme), or
/// the screen when it is narrower.
const SIZES: &str = "(min-width: 44rem) 42rem, calc(100vw - 2rem)";

/// A photo as templates see it (`page.photos`): every size, URLs under the base path.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct PhotoValue {
    pub alt: String,
    pub caption: String,
    /// The largest size's.
    pub width: u32,
    pub height: u32,
    /// The largest size, in the fallback format (JPEG or PNG).
    pub src: String,
    pub sizes: Vec<SizeValue>,
}

#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
pub struct SizeValue {
    pub width: u32,
    pub height: u32,
    pub webp: String,
    /// JPEG, or PNG for a photo with transparency.
    pub src: String,
}

/// Replaces each image of `photos` in `events` with its markup; returns the photos placed,
/// in page order.
pub fn place<'a>(
    events: Vec<Event<'a>>,
    photos: &PagePhotos,
    base_path: &str,
) -> (Vec<Event<'a>>, Vec<PhotoValue>) {
    let mut out = Vec::with_capacity(events.len());
    let mut placed: Vec<PhotoValue> = Vec::new();
    let mut links = 0usize;
    let mut i = 0;
    while i < events.len() {
        match &events[i] {
            Event::Start(Tag::Link { .. }) => links += 1,
            Event::End(TagEnd::Link) => links = links.saturating_sub(1),
            _ => {}
        }
        let Event::Start(Tag::Image {
            dest_url, title, ..
        }) = &events[i]
        else {
            out.push(events[i].clone());
            i += 1;
            continue;
        };
        let Some(photo) = lookup(photos, dest_url, base_path) else {
            out.push(events[i].clone());
            i += 1;
            continue;
        };
        let end = (i..events.len())
            .find(|&j| matches!(events[j], Event::End(TagEnd::Image)))
            .unwrap_or(events.len() - 1);
        // The text of the image's description is its alt text.
        let alt = events_text(&events[i + 1..end]);
        let value = value(photo, &alt, title, base_path);
        let lazy = !placed.is_empty();
        let picture = picture(&value, lazy, links == 0);
        // Alone in its paragraph: the paragraph becomes the figure.
        let alone = matches!(out.last(), Some(Event::Start(Tag::Paragraph)))
            && matches!(events.get(end + 1), Some(Event::End(TagEnd::Paragraph)));
        if alone {
            out.pop();
            let block = if value.caption.is_empty() {
                format!("{picture}\n")
            } else {
                format!(
                    "<figure class=\"photo\">{picture}<figcaption>{}</figcaption></figure>\n",
                    escape_xml(&value.caption)
                )
            };
            out.push(Event::Html(CowStr::from(block)));
            i = end + 2;
        } else {
            out.push(Event::InlineHtml(CowStr::from(picture)));
            i = end + 1;
        }
        placed.push(value);
    }
    (out, placed)
}

/// The photo of an image source, which may have been moved under the base path already.
fn lookup<'p>(photos: &'p PagePhotos, dest_url: &str, base_path: &str) -> Option<&'p Photo> {
    let moved = || {
        let rest = dest_url.strip_prefix(base_path)?;
        photos.get(&format!("/{rest}"))
    };
    photos.get(dest_url).or_else(moved).map(|p| &**p)
}

fn value(photo: &Photo, alt: &str, caption: &str, base_path: &str) -> PhotoValue {
    let url = |path: &str| format!("{base_path}{path}");
    let largest = photo.largest();
    PhotoValue {
        alt: alt.to_owned(),
        caption: caption.to_owned(),
        width: largest.width,
        height: largest.height,
        src: url(&largest.fallback),
        sizes: photo
            .sizes
            .iter()
            .map(|s| SizeValue {
                width: s.width,
                height: s.height,
                webp: url(&s.webp),
                src: url(&s.fallback),
            })
            .collect(),
    }
}

/// The `<picture>`, in a link to the largest size unless it is inside a link already.
fn picture(photo: &PhotoValue, lazy: bool, linked: bool) -> String {
    let srcset = |url: fn(&SizeValue) -> &str| {
        let each: Vec<String> = photo
            .sizes
            .iter()
            .map(|s| format!("{} {}w", escape_xml(url(s)), s.width))
            .collect();
        each.join(", ")
    };
    let middle = &photo.sizes[(photo.sizes.len() - 1) / 2];
    let loading = if lazy {
        " loading=\"lazy\" decoding=\"async\""
    } else {
        ""
    };
    let picture = format!(
        "<picture><source type=\"image/webp\" srcset=\"{}\" sizes=\"{SIZES}\"><img src=\"{}\" srcset=\"{}\" sizes=\"{SIZES}\" width=\"{}\" height=\"{}\" alt=\"{}\"{loading}></picture>",
        srcset(|s| &s.webp),
        escape_xml(&middle.src),
        srcset(|s| &s.src),
        photo.width,
        photo.height,
        escape_xml(&photo.alt),
    );
    if linked {
        format!(
            "<a class=\"photo-link\" href=\"{}\">{picture}</a>",
            escape_xml(&photo.src)
        )
    } else {
        picture
    }
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use pulldown_cmark::{Parser, html};

    use super::*;
    use crate::photos::Size;

    fn rendered(markdown: &str) -> (String, Vec<PhotoValue>) {
        let size = |width: u32| Size {
            width,
            height: width / 2,
            webp: format!("photos/a-k-{width}.webp"),
            fallback: format!("photos/a-k-{width}.jpg"),
        };
        let photo = Photo {
            sizes: vec![size(480), size(960)],
        };
        let photos = PagePhotos::from([("a.jpg".to_owned(), Arc::new(photo))]);
        let (events, placed) = place(Parser::new(markdown).collect(), &photos, "/lich-su/");
        let mut out = String::new();
        html::push_html(&mut out, events.into_iter());
        (out, placed)
    }

    #[test]
    fn a_photo_alone_is_a_block_and_one_in_text_stays_inline() {
        let (html, placed) =
            rendered("![Hội *nghị*](a.jpg \"Chú thích\")\n\nChữ ![b](a.jpg) chữ.\n");
        assert!(html.starts_with("<figure class=\"photo\"><a class=\"photo-link\" href=\"/lich-su/photos/a-k-960.jpg\">"), "{html}");
        assert!(html.contains("alt=\"Hội nghị\">"), "{html}");
        assert!(
            html.contains("<figcaption>Chú thích</figcaption></figure>"),
            "{html}"
        );
        assert!(html.contains("<p>Chữ <a class=\"photo-link\""), "{html}");
        assert!(
            html.contains("alt=\"b\" loading=\"lazy\" decoding=\"async\"></picture></a> chữ.</p>"),
            "{html}"
        );
        assert_eq!(placed.len(), 2);
        assert_eq!((placed[0].width, placed[0].height), (960, 480));
        assert_eq!(placed[0].sizes[0].webp, "/lich-su/photos/a-k-480.webp");
    }

    #[test]
    fn a_photo_in_a_link_is_not_linked_again_and_other_images_stay() {
        let (html, placed) = rendered("[![x](a.jpg)](/bai/) ![y](b.jpg)\n");
        assert!(html.contains("<a href=\"/bai/\"><picture>"), "{html}");
        assert!(!html.contains("photo-link"), "{html}");
        assert!(html.contains("<img src=\"b.jpg\" alt=\"y\" />"), "{html}");
        assert_eq!(placed.len(), 1);
    }
}
