//! One photo, from its bytes to the files published: the format checked against the
//! extension, the size checked before anything is decoded, the EXIF orientation applied,
//! each width made with `fast_image_resize` and written as WebP (libwebp) and as JPEG, or
//! PNG for images with transparency. Nothing else of the original survives: the encoders
//! are given pixels only, so EXIF (GPS position, camera), XMP and comments are dropped.

use std::io::Cursor;
use std::path::Path;

use fast_image_resize::{self as fr, images::Image as FrImage};
use image::metadata::Orientation;
use image::{DynamicImage, ImageDecoder, ImageFormat, ImageReader, Limits};

use crate::config::ImagesConfig;
use crate::error::Error;

/// A source read and turned upright.
pub struct Upright {
    pub image: DynamicImage,
    /// Whether some pixel is not fully opaque: kept as PNG, not JPEG.
    pub transparent: bool,
}

/// One size of a photo, encoded.
pub struct Encoded {
    pub width: u32,
    pub height: u32,
    pub webp: Vec<u8>,
    /// JPEG, or PNG for a transparent photo.
    pub fallback: Vec<u8>,
}

/// What a source's header says, read without decoding its pixels.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Header {
    /// Upright: the EXIF orientation's quarter turns swap width and height.
    pub width: u32,
    pub height: u32,
    /// Whether its pixels have an alpha channel: only decoding tells if any is transparent.
    pub has_alpha: bool,
}

/// Reads the header of `bytes`, as the image their extension says: every check but the
/// pixels' own (`read` decodes them). `shown` names the file in errors.
pub fn header(
    bytes: &[u8],
    extension: &str,
    shown: &Path,
    settings: &ImagesConfig,
) -> Result<Header, Error> {
    let mut decoder = checked_decoder(bytes, extension, shown, settings)?;
    let (width, height) = decoder.dimensions();
    let orientation = decoder
        .orientation()
        .map_err(|e| damaged(shown, extension, e))?;
    let turned = matches!(
        orientation,
        Orientation::Rotate90
            | Orientation::Rotate270
            | Orientation::Rotate90FlipH
            | Orientation::Rotate270FlipH
    );
    let (width, height) = if turned {
        (height, width)
    } else {
        (width, height)
    };
    Ok(Header {
        width,
        height,
        has_alpha: decoder.color_type().has_alpha(),
    })
}

/// Reads `bytes` as the image their extension says; `shown` names the file in errors.
pub fn read(
    bytes: &[u8],
    extension: &str,
    shown: &Path,
    settings: &ImagesConfig,
) -> Result<Upright, Error> {
    let mut decoder = checked_decoder(bytes, extension, shown, settings)?;
    let damaged = |e| damaged(shown, extension, e);
    let orientation = decoder.orientation().map_err(damaged)?;
    let mut image = DynamicImage::from_decoder(decoder).map_err(damaged)?;
    image.apply_orientation(orientation);
    let transparent = image.color().has_alpha() && image.to_rgba8().pixels().any(|p| p.0[3] < 255);
    let image = if transparent {
        DynamicImage::ImageRgba8(image.into_rgba8())
    } else {
        DynamicImage::ImageRgb8(image.into_rgb8())
    };
    Ok(Upright { image, transparent })
}

/// A decoder for `bytes` once the format is the one the extension names, the file is
/// whole and the image within `max_pixels`: nothing is decoded yet.
fn checked_decoder<'b>(
    bytes: &'b [u8],
    extension: &str,
    shown: &Path,
    settings: &ImagesConfig,
) -> Result<impl ImageDecoder + 'b, Error> {
    let named = match extension {
        "jpg" | "jpeg" => ImageFormat::Jpeg,
        "png" => ImageFormat::Png,
        _ => ImageFormat::WebP,
    };
    let format = image::guess_format(bytes).ok();
    let fail = |message: String, help: &str| Error::in_file(shown, message).help(help.to_owned());
    match format {
        Some(f) if f == named => {}
        Some(f @ (ImageFormat::Jpeg | ImageFormat::Png | ImageFormat::WebP)) => {
            let real = f.extensions_str()[0];
            return Err(fail(
                format!("this is a {} file named .{extension}", real.to_uppercase()),
                &format!("rename it to .{real}, and its references with it"),
            ));
        }
        Some(f) => {
            return Err(fail(
                format!("unsupported image format {f:?}, named .{extension}"),
                "convert it to JPEG (photos) or PNG (drawings)",
            ));
        }
        None => {
            return Err(fail(
                format!("not a JPEG, PNG or WebP image, though named .{extension}"),
                "open it in an image editor and save it again as JPEG",
            ));
        }
    }
    // The JPEG decoder fills a cut-off file with grey rather than failing.
    if named == ImageFormat::Jpeg && !jpeg_is_complete(bytes) {
        return Err(fail(
            "cannot be read as JPG: the file ends before the image does".to_owned(),
            "the file is damaged or cut short: copy it again from the original",
        ));
    }
    let mut reader = ImageReader::with_format(Cursor::new(bytes), named);
    let mut limits = Limits::default();
    // Pixels at 4 bytes each, and room for a copy: the decoder refuses more.
    limits.max_alloc = Some(settings.max_pixels.saturating_mul(8));
    reader.limits(limits);
    let decoder = reader
        .into_decoder()
        .map_err(|e| damaged(shown, extension, e))?;
    let (width, height) = decoder.dimensions();
    if u64::from(width) * u64::from(height) > settings.max_pixels {
        return Err(fail(
            format!(
                "{width}×{height} px is more than [images] max_pixels ({})",
                settings.max_pixels
            ),
            "make the photo smaller, or raise max_pixels in config.toml if it is genuine",
        ));
    }
    Ok(decoder)
}

/// The error of a file whose header or pixels the decoder cannot read.
fn damaged(shown: &Path, extension: &str, e: image::ImageError) -> Error {
    Error::in_file(
        shown,
        format!("cannot be read as {}: {e}", extension.to_uppercase()),
    )
    .help("the file is damaged or cut short: copy it again from the original".to_owned())
}

/// Whether a JPEG's image data ends with its end marker. Segments before the image data
/// are skipped by their lengths: an EXIF thumbnail holds an end marker of its own.
fn jpeg_is_complete(bytes: &[u8]) -> bool {
    let mut at = 2;
    while at + 4 <= bytes.len() {
        if bytes[at] != 0xff {
            return false;
        }
        let marker = bytes[at + 1];
        if marker == 0xff {
            at += 1;
            continue;
        }
        let length = usize::from(u16::from_be_bytes([bytes[at + 2], bytes[at + 3]]));
        if marker == 0xda {
            let data = bytes.get(at + 2 + length..).unwrap_or_default();
            return data.windows(2).any(|w| w == [0xff, 0xd9]);
        }
        at += 2 + length;
    }
    false
}

/// The widths a photo `width` px wide is published in: those asked for that are smaller,
/// and the photo's own width instead of any larger one (never enlarged).
pub fn widths(width: u32, asked: &[u32]) -> Vec<u32> {
    let mut widths: Vec<u32> = asked.iter().map(|&w| w.min(width)).collect();
    widths.sort_unstable();
    widths.dedup();
    widths
}

/// The photo at `width`, encoded.
pub fn encode(upright: &Upright, width: u32, quality: u8) -> Result<Encoded, String> {
    let source = &upright.image;
    let height = scaled_height(source.width(), source.height(), width);
    let pixels = if width == source.width() {
        source.as_bytes().to_vec()
    } else {
        let mut resized = FrImage::new(width, height, pixel_type(upright.transparent));
        let options = fr::ResizeOptions::new()
            .resize_alg(fr::ResizeAlg::Convolution(fr::FilterType::Lanczos3));
        fr::Resizer::new()
            .resize(source, &mut resized, &options)
            .map_err(|e| e.to_string())?;
        resized.into_vec()
    };
    let encoder = if upright.transparent {
        webp::Encoder::from_rgba(&pixels, width, height)
    } else {
        webp::Encoder::from_rgb(&pixels, width, height)
    };
    let webp = encoder
        .encode_simple(false, f32::from(quality))
        .map_err(|e| format!("WebP: {e:?}"))?
        .to_vec();
    let mut fallback = Vec::new();
    let result = if upright.transparent {
        let encoder = image::codecs::png::PngEncoder::new(&mut fallback);
        image::ImageEncoder::write_image(
            encoder,
            &pixels,
            width,
            height,
            image::ExtendedColorType::Rgba8,
        )
    } else {
        image::codecs::jpeg::JpegEncoder::new_with_quality(&mut fallback, quality).encode(
            &pixels,
            width,
            height,
            image::ExtendedColorType::Rgb8,
        )
    };
    result.map_err(|e| e.to_string())?;
    Ok(Encoded {
        width,
        height,
        webp,
        fallback,
    })
}

fn pixel_type(transparent: bool) -> fr::PixelType {
    if transparent {
        fr::PixelType::U8x4
    } else {
        fr::PixelType::U8x3
    }
}

/// The height of `width`×`height` scaled to `to` wide, rounded, at least 1.
pub fn scaled_height(width: u32, height: u32, to: u32) -> u32 {
    let scaled = (u64::from(height) * u64::from(to) + u64::from(width) / 2) / u64::from(width);
    u32::try_from(scaled.max(1)).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_jpeg_without_its_end_marker_is_incomplete() {
        let mut jpeg = Vec::new();
        let image = DynamicImage::new_rgb8(64, 64);
        image
            .write_to(&mut Cursor::new(&mut jpeg), ImageFormat::Jpeg)
            .unwrap();
        assert!(jpeg_is_complete(&jpeg));
        assert!(!jpeg_is_complete(&jpeg[..jpeg.len() - 2]));
        assert!(!jpeg_is_complete(&jpeg[..10]));
    }

    #[test]
    fn the_header_tells_the_size_and_alpha_that_decoding_gives() {
        let settings = ImagesConfig::default();
        let images = [
            (DynamicImage::new_rgb8(30, 20), ImageFormat::Jpeg, "jpg"),
            (DynamicImage::new_rgb8(30, 20), ImageFormat::Png, "png"),
            (DynamicImage::new_rgba8(30, 20), ImageFormat::Png, "png"),
        ];
        for (image, format, extension) in images {
            let mut bytes = Vec::new();
            image
                .write_to(&mut Cursor::new(&mut bytes), format)
                .unwrap();
            let shown = Path::new("a");
            let header = header(&bytes, extension, shown, &settings).unwrap();
            let upright = read(&bytes, extension, shown, &settings).unwrap();
            assert_eq!((header.width, header.height), (30, 20));
            assert_eq!(upright.image.width(), header.width);
            assert_eq!(header.has_alpha, image.color().has_alpha());
        }
    }

    #[test]
    fn never_enlarged() {
        assert_eq!(widths(4000, &[480, 960, 1600]), [480, 960, 1600]);
        assert_eq!(widths(1000, &[480, 960, 1600]), [480, 960, 1000]);
        assert_eq!(widths(300, &[480, 960, 1600]), [300]);
    }

    #[test]
    fn heights_keep_the_aspect() {
        assert_eq!(scaled_height(4000, 3000, 480), 360);
        assert_eq!(scaled_height(3, 1000, 1), 333);
        assert_eq!(scaled_height(1000, 1, 10), 1);
    }
}
