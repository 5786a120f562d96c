//! Generated photos for the photo tests: JPEGs whose turns and flips show, and EXIF blocks
//! with an orientation and a position that must not survive.

use std::io::Cursor;

use image::{DynamicImage, ImageFormat, Rgb, RgbImage};

/// A photo `width`×`height` in four coloured quarters (red, green / blue, white), so that
/// any turn or flip shows.
pub fn quarters(width: u32, height: u32) -> RgbImage {
    RgbImage::from_fn(width, height, |x, y| {
        match (x < width / 2, y < height / 2) {
            (true, true) => Rgb([255, 0, 0]),
            (false, true) => Rgb([0, 255, 0]),
            (true, false) => Rgb([0, 0, 255]),
            (false, false) => Rgb([255, 255, 255]),
        }
    })
}

pub fn encoded(image: DynamicImage, format: ImageFormat) -> Vec<u8> {
    let mut bytes = Vec::new();
    image
        .write_to(&mut Cursor::new(&mut bytes), format)
        .unwrap();
    bytes
}

pub fn jpeg(width: u32, height: u32) -> Vec<u8> {
    encoded(
        DynamicImage::ImageRgb8(quarters(width, height)),
        ImageFormat::Jpeg,
    )
}

/// A text no published file may hold: it stands for the place a photo was taken.
pub const SECRET: &str = "GPS-21.0285N-105.8542E";

/// An EXIF block: the orientation, a description holding `SECRET`, and a GPS position.
pub fn exif(orientation: u16) -> Vec<u8> {
    let mut tiff: Vec<u8> = b"II*\0\x08\0\0\0".to_vec();
    let entries: u16 = 3;
    let ifd_end = 8 + 2 + 12 * u32::from(entries) + 4;
    let secret_at = ifd_end;
    let gps_at = secret_at + SECRET.len() as u32 + 1;
    let entry = |tiff: &mut Vec<u8>, tag: u16, kind: u16, count: u32, value: u32| {
        tiff.extend(tag.to_le_bytes());
        tiff.extend(kind.to_le_bytes());
        tiff.extend(count.to_le_bytes());
        tiff.extend(value.to_le_bytes());
    };
    tiff.extend(entries.to_le_bytes());
    entry(&mut tiff, 0x010e, 2, SECRET.len() as u32 + 1, secret_at);
    entry(&mut tiff, 0x0112, 3, 1, u32::from(orientation));
    entry(&mut tiff, 0x8825, 4, 1, gps_at);
    tiff.extend(0u32.to_le_bytes());
    tiff.extend(SECRET.as_bytes());
    tiff.push(0);
    // The GPS IFD: latitude reference `N`.
    tiff.extend(1u16.to_le_bytes());
    entry(&mut tiff, 0x0001, 2, 2, u32::from(b'N'));
    tiff.extend(0u32.to_le_bytes());
    tiff
}

/// A JPEG whose stored pixels are `stored`, with an EXIF block saying `orientation`.
pub fn jpeg_with_exif(stored: &RgbImage, orientation: u16) -> Vec<u8> {
    let plain = encoded(DynamicImage::ImageRgb8(stored.clone()), ImageFormat::Jpeg);
    let mut app1 = b"Exif\0\0".to_vec();
    app1.extend(exif(orientation));
    let mut bytes = plain[..2].to_vec();
    bytes.extend([0xff, 0xe1]);
    bytes.extend(u16::try_from(app1.len() + 2).unwrap().to_be_bytes());
    bytes.extend(app1);
    bytes.extend(&plain[2..]);
    bytes
}
