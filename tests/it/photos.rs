//! Photos: Markdown images and sidecar `[[photos]]` published as resized WebP and JPEG (or
//! PNG) with `<picture>` markup; EXIF orientation applied and every other metadata dropped;
//! the camera's original never published; the cache; every bad input an error.

use crate::common;

use std::fs;

use common::images::{SECRET, encoded, jpeg, jpeg_with_exif, quarters};
use common::{CONFIG, Fixture, assert_build_fails, page};
use image::{DynamicImage, ImageFormat, Rgba, RgbaImage};

/// The test config, with HTML written as the theme makes it (not minified).
fn config() -> String {
    format!("{CONFIG}minify = false\n")
}

fn site() -> Fixture {
    Fixture::new(&config())
}

/// The built page `rel` (`bai/index.html`).
fn built(site: &Fixture, rel: &str) -> String {
    site.read(&format!("public/{rel}"))
}

/// The published files under public/photos/, by name.
fn photo_files(site: &Fixture) -> Vec<String> {
    let mut names: Vec<String> = fs::read_dir(site.path("public/photos"))
        .map(|d| {
            d.map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    names.sort();
    names
}

fn decoded(site: &Fixture, name: &str) -> DynamicImage {
    image::open(site.path(&format!("public/photos/{name}"))).unwrap()
}

#[test]
fn a_markdown_image_is_published_in_three_widths_as_webp_and_jpeg_with_picture_markup() {
    let site = site();
    site.write_bytes("content/bai/dai-hoi.jpg", &jpeg(2000, 1500));
    site.write_bytes("static/anh/hoi-nghi.jpg", &jpeg(800, 600));
    site.write(
        "content/bai/index.md",
        &page(
            "title = \"Bài\"",
            "Mở đầu.\n\n![Đại hội & bạn](dai-hoi.jpg \"Đại hội lần thứ XII\")\n\nGiữa.\n\n![Hội nghị](/anh/hoi-nghi.jpg)\n",
        ),
    );
    let run = site.build(&[]);
    assert!(run.stdout.contains("2 photos (2 made)"), "{}", run.stdout);
    let files = photo_files(&site);
    let widths = |stem: &str, ext: &str| -> Vec<u32> {
        let mut w: Vec<u32> = files
            .iter()
            .filter(|n| n.starts_with(stem) && n.ends_with(ext))
            .map(|n| decoded(&site, n).width())
            .collect();
        w.sort();
        w
    };
    assert_eq!(widths("dai-hoi-", ".webp"), [480, 960, 1600]);
    assert_eq!(widths("dai-hoi-", ".jpg"), [480, 960, 1600]);
    // Never enlarged: the 800 px photo is published at 480 and at its own 800.
    assert_eq!(widths("hoi-nghi-", ".webp"), [480, 800]);
    assert_eq!(files.len(), 10, "{files:?}");
    let largest = files.iter().find(|n| n.ends_with("-1600.jpg")).unwrap();
    let image = decoded(&site, largest);
    assert_eq!((image.width(), image.height()), (1600, 1200));
    // Smaller than the original: resized, not copied.
    let small = fs::metadata(site.path(&format!("public/photos/{largest}")))
        .unwrap()
        .len();
    assert!(small < 400_000, "{small} bytes");

    let html = built(&site, "bai/index.html");
    assert!(
        html.contains("<figure class=\"photo\"><a class=\"photo-link\" href=\"/photos/dai-hoi-"),
        "{html}"
    );
    assert!(
        html.contains("<figcaption>Đại hội lần thứ XII</figcaption></figure>"),
        "{html}"
    );
    assert!(
        html.contains("<source type=\"image/webp\" srcset=\"/photos/dai-hoi-"),
        "{html}"
    );
    assert!(html.contains("-480.webp 480w, /photos/dai-hoi-"), "{html}");
    assert!(
        html.contains("width=\"1600\" height=\"1200\" alt=\"Đại hội &amp; bạn\">"),
        "{html}"
    );
    // The first photo loads at once; the others when they come near.
    assert_eq!(
        html.matches("loading=\"lazy\" decoding=\"async\"").count(),
        1,
        "{html}"
    );
    assert!(
        html.contains(
            "width=\"800\" height=\"600\" alt=\"Hội nghị\" loading=\"lazy\" decoding=\"async\">"
        ),
        "{html}"
    );
    // Not in a paragraph: a picture alone is a block.
    assert!(!html.contains("<p><a class=\"photo-link\""), "{html}");

    // The originals are not published; other static files still are.
    assert!(!site.path("public/bai/dai-hoi.jpg").exists());
    assert!(!site.path("public/anh/hoi-nghi.jpg").exists());
}

#[test]
fn a_site_under_a_base_path_gets_its_photos_there() {
    let site =
        Fixture::new(&config().replace("https://example.org/", "https://example.org/lich-su/"));
    site.write_bytes("static/anh/a.jpg", &jpeg(600, 400));
    site.write(
        "content/bai.md",
        &page("title = \"Bài\"", "![Ảnh](/anh/a.jpg)\n"),
    );
    site.build(&[]);
    let html = built(&site, "bai/index.html");
    assert!(html.contains("href=\"/lich-su/photos/a-"), "{html}");
    assert!(html.contains("srcset=\"/lich-su/photos/a-"), "{html}");
    assert!(!html.contains("/lich-su/lich-su/"), "{html}");
    assert!(!html.contains(", /photos/"), "{html}");
}

#[test]
fn each_exif_orientation_is_applied_and_no_metadata_survives() {
    let site = site();
    let stored = quarters(40, 20);
    let mut body = String::new();
    for orientation in 1..=8u16 {
        site.write_bytes(
            &format!("content/bai/o{orientation}.jpg"),
            &jpeg_with_exif(&stored, orientation),
        );
        body.push_str(&format!("![Hướng {orientation}](o{orientation}.jpg)\n\n"));
    }
    site.write("content/bai/index.md", &page("title = \"Bài\"", &body));
    site.build(&[]);
    let files = photo_files(&site);
    let stored = DynamicImage::ImageRgb8(stored);
    for orientation in 1..=8u16 {
        // What a viewer shows for each orientation (EXIF 2.3, tag 0x0112).
        let upright = match orientation {
            1 => stored.clone(),
            2 => stored.fliph(),
            3 => stored.rotate180(),
            4 => stored.flipv(),
            5 => stored.rotate90().fliph(),
            6 => stored.rotate90(),
            7 => stored.rotate270().fliph(),
            _ => stored.rotate270(),
        };
        for extension in [".jpg", ".webp"] {
            let name = files
                .iter()
                .find(|n| n.starts_with(&format!("o{orientation}-")) && n.ends_with(extension))
                .unwrap();
            let made = decoded(&site, name).to_rgb8();
            assert_eq!(made.dimensions(), upright.to_rgb8().dimensions(), "{name}");
            let (w, h) = made.dimensions();
            for (x, y) in [
                (w / 4, h / 4),
                (3 * w / 4, h / 4),
                (w / 4, 3 * h / 4),
                (3 * w / 4, 3 * h / 4),
            ] {
                let want = upright.to_rgb8().get_pixel(x, y).0;
                let got = made.get_pixel(x, y).0;
                let close = want.iter().zip(got).all(|(a, b)| a.abs_diff(b) < 60);
                assert!(
                    close,
                    "orientation {orientation}, {name} at ({x},{y}): {got:?}, not {want:?}"
                );
            }
        }
    }
    let html = built(&site, "bai/index.html");
    assert!(
        html.contains("width=\"20\" height=\"40\" alt=\"Hướng 6\""),
        "{html}"
    );
    assert!(
        html.contains("width=\"40\" height=\"20\" alt=\"Hướng 3\""),
        "{html}"
    );
    // Nothing of the EXIF block (the GPS position, the description) is published.
    for entry in walkdir::WalkDir::new(site.path("public")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let bytes = fs::read(entry.path()).unwrap();
            let text = String::from_utf8_lossy(&bytes);
            assert!(!text.contains(SECRET), "{}", entry.path().display());
            assert!(!text.contains("Exif\0\0"), "{}", entry.path().display());
        }
    }
}

#[test]
fn a_png_with_transparency_stays_png_and_an_opaque_one_becomes_jpeg() {
    let site = site();
    let clear = RgbaImage::from_fn(600, 300, |x, _| {
        Rgba([10, 20, 30, if x < 300 { 0 } else { 255 }])
    });
    site.write_bytes(
        "content/bai/logo.png",
        &encoded(DynamicImage::ImageRgba8(clear), ImageFormat::Png),
    );
    let opaque = RgbaImage::from_fn(600, 300, |_, _| Rgba([10, 20, 30, 255]));
    site.write_bytes(
        "content/bai/so-do.png",
        &encoded(DynamicImage::ImageRgba8(opaque), ImageFormat::Png),
    );
    site.write(
        "content/bai/index.md",
        &page(
            "title = \"Bài\"",
            "![Biểu trưng](logo.png)\n\n![Sơ đồ](so-do.png)\n",
        ),
    );
    site.build(&[]);
    let files = photo_files(&site);
    let logo: Vec<&String> = files.iter().filter(|n| n.starts_with("logo-")).collect();
    assert_eq!(logo.len(), 4, "{files:?}");
    assert!(
        logo.iter()
            .all(|n| n.ends_with(".png") || n.ends_with(".webp")),
        "{files:?}"
    );
    let png = logo.iter().find(|n| n.ends_with("-600.png")).unwrap();
    let made = decoded(&site, png).to_rgba8();
    assert_eq!(made.get_pixel(10, 10).0[3], 0);
    assert_eq!(made.get_pixel(590, 10).0[3], 255);
    let webp = logo.iter().find(|n| n.ends_with("-600.webp")).unwrap();
    assert_eq!(decoded(&site, webp).to_rgba8().get_pixel(10, 10).0[3], 0);
    assert!(
        files
            .iter()
            .any(|n| n.starts_with("so-do-") && n.ends_with("-600.jpg")),
        "{files:?}"
    );
    assert!(
        !files
            .iter()
            .any(|n| n.starts_with("so-do-") && n.ends_with(".png")),
        "{files:?}"
    );
}

#[test]
fn a_second_build_decodes_nothing_and_a_changed_photo_gets_a_new_url() {
    let site = site();
    site.write_bytes("content/bai/a.jpg", &jpeg(1000, 500));
    site.write_bytes("content/bai/b.jpg", &jpeg(700, 500));
    site.write(
        "content/bai/index.md",
        &page(
            "title = \"Bài\"",
            "![A](a.jpg)\n\n![B](b.jpg)\n\n![A lần nữa](a.jpg)\n",
        ),
    );
    let first = site.build(&[]);
    assert!(
        first.stdout.contains("2 photos (2 made)"),
        "{}",
        first.stdout
    );
    let before = site.snapshot("public/photos");
    let second = site.build(&[]);
    assert!(
        second.stdout.contains("2 photos (0 made)"),
        "{}",
        second.stdout
    );
    assert_eq!(before, site.snapshot("public/photos"));

    let html = built(&site, "bai/index.html");
    site.write_bytes("content/bai/a.jpg", &jpeg(1000, 400));
    let third = site.build(&[]);
    assert!(
        third.stdout.contains("2 photos (1 made)"),
        "{}",
        third.stdout
    );
    let changed = built(&site, "bai/index.html");
    let first_src = |html: &str| html.split("/photos/a-").nth(1).unwrap()[..16].to_owned();
    assert_ne!(first_src(&html), first_src(&changed));
    // The old photo's cache entry is gone: two photos' files and descriptions only.
    let cached = fs::read_dir(site.path(".biennien-cache/photos"))
        .unwrap()
        .count();
    assert_eq!(cached, (3 + 2) * 2 + 2);
}

#[test]
fn a_missing_photo_names_the_page_line_and_column() {
    assert_build_fails(
        |site| {
            site.write(
                "content/b.md",
                &page("title = \"B\"", "Một.\n\nHai ![ảnh](khong-co.jpg).\n"),
            );
        },
        &["content/b.md:6:5: photo `khong-co.jpg` not found (looked for content/khong-co.jpg)"],
    );
}

#[test]
fn a_photo_outside_the_site_is_refused() {
    assert_build_fails(
        |site| {
            site.write(
                "content/b.md",
                &page("title = \"B\"", "![x](../../etc/x.jpg)\n"),
            )
        },
        &["content/b.md:4:1: `../../etc/x.jpg` points outside the site's folder"],
    );
}

/// A page showing `name`, a file beside it with `bytes`: the build fails with `expected`.
fn assert_photo_refused(name: &str, bytes: &[u8], expected: &[&str]) {
    assert_build_fails(
        |site| {
            site.write_bytes(&format!("content/{name}"), bytes);
            let markdown = format!("![x]({name})\n");
            site.write("content/b.md", &page("title = \"B\"", &markdown));
        },
        expected,
    );
}

#[test]
fn an_unsupported_format_is_an_error() {
    assert_build_fails(
        |site| site.write("content/b.md", &page("title = \"B\"", "![x](anh.heic)\n")),
        &[
            "content/b.md:4:1: `anh.heic`: .heic images are not read",
            "convert it to JPEG",
        ],
    );
    let gif = b"GIF89a\x01\0\x01\0\0\0\0;";
    assert_photo_refused(
        "anh.jpg",
        gif,
        &["content/anh.jpg: unsupported image format Gif, named .jpg"],
    );
}

#[test]
fn a_file_that_is_not_what_its_extension_says_is_an_error() {
    let png = encoded(DynamicImage::ImageRgb8(quarters(8, 8)), ImageFormat::Png);
    assert_photo_refused(
        "anh.jpg",
        &png,
        &[
            "content/anh.jpg: this is a PNG file named .jpg",
            "rename it to .png",
        ],
    );
}

#[test]
fn a_corrupt_file_is_an_error() {
    assert_photo_refused(
        "anh.jpg",
        "không phải ảnh".as_bytes(),
        &["content/anh.jpg: not a JPEG, PNG or WebP image, though named .jpg"],
    );
}

#[test]
fn a_truncated_file_is_an_error() {
    let png = encoded(
        DynamicImage::ImageRgb8(quarters(300, 300)),
        ImageFormat::Png,
    );
    assert_photo_refused(
        "anh.png",
        &png[..png.len() / 2],
        &[
            "content/anh.png: cannot be read as PNG",
            "damaged or cut short",
        ],
    );
    let jpeg = jpeg(300, 300);
    assert_photo_refused(
        "anh.jpg",
        &jpeg[..jpeg.len() / 2],
        &[
            "content/anh.jpg: cannot be read as JPG",
            "damaged or cut short",
        ],
    );
}

/// CRC-32 as PNG chunks carry it.
fn crc32(bytes: &[u8]) -> u32 {
    let mut crc = !0u32;
    for &b in bytes {
        crc ^= u32::from(b);
        for _ in 0..8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xedb8_8320
            } else {
                crc >> 1
            };
        }
    }
    !crc
}

/// A PNG of a few dozen bytes that declares itself 20,000×20,000 px.
fn decompression_bomb() -> Vec<u8> {
    let mut png = b"\x89PNG\r\n\x1a\n".to_vec();
    let mut ihdr = b"IHDR".to_vec();
    ihdr.extend(20_000u32.to_be_bytes());
    ihdr.extend(20_000u32.to_be_bytes());
    ihdr.extend([8, 2, 0, 0, 0]);
    png.extend(13u32.to_be_bytes());
    png.extend(&ihdr);
    png.extend(crc32(&ihdr).to_be_bytes());
    let idat = b"IDAT\x78\x9c\x03\0\0\0\0\x01".to_vec();
    png.extend((idat.len() as u32 - 4).to_be_bytes());
    png.extend(&idat);
    png.extend(crc32(&idat).to_be_bytes());
    png
}

#[test]
fn an_image_over_max_pixels_is_refused_before_it_is_decoded() {
    let bomb = decompression_bomb();
    assert!(bomb.len() < 100);
    assert_photo_refused(
        "bom.png",
        &bomb,
        &["content/bom.png: 20000×20000 px is more than [images] max_pixels (100000000)"],
    );
}

#[test]
fn images_settings_come_from_config() {
    let site = Fixture::new(&format!(
        "{}\n[images]\nwidths = [200, 300]\nquality = 50\n",
        config()
    ));
    site.write_bytes("content/a.jpg", &jpeg(1000, 500));
    site.write("content/b.md", &page("title = \"B\"", "![x](a.jpg)\n"));
    site.build(&[]);
    let files = photo_files(&site);
    assert_eq!(files.len(), 4, "{files:?}");
    assert!(files.iter().any(|n| n.ends_with("-300.webp")), "{files:?}");
    site.write("config.toml", &format!("{CONFIG}\n[images]\nquality = 0\n"));
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("config.toml:5:1: [images] quality must be from 1 to 100, not 0"),
        "{}",
        run.stderr
    );
}

#[test]
fn other_images_are_left_as_they_are() {
    let site = site();
    site.write(
        "static/so-do.svg",
        "<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
    );
    site.write_bytes("static/khong-dung.jpg", &jpeg(20, 20));
    site.write(
        "content/b.md",
        &page(
            "title = \"B\"",
            "![Sơ đồ](/so-do.svg) ![Ngoài](https://example.com/a.jpg)\n",
        ),
    );
    let run = site.build(&[]);
    assert!(!run.stdout.contains("photo"), "{}", run.stdout);
    let html = built(&site, "b/index.html");
    assert!(
        html.contains("<img src=\"/so-do.svg\" alt=\"Sơ đồ\""),
        "{html}"
    );
    assert!(
        html.contains("<img src=\"https://example.com/a.jpg\""),
        "{html}"
    );
    // A file no page shows as a photo is a static file as before.
    assert!(site.path("public/khong-dung.jpg").is_file());
}

const SEED: &str = "Hội nghị tổng kết công tác xây dựng Đảng năm 2020 của Đảng ủy Khối\n07/08/2020 | 236\nSáng nay, Đảng ủy Khối tổ chức hội nghị tổng kết công tác năm 2020 với nhiều nội dung.\nQuang cảnh Hội nghị. Ảnh: TTXVN\nHội nghị đã thảo luận và thống nhất các nhiệm vụ trọng tâm của năm tới.\n";
const SEED_PAGE: &str =
    "content/2020/hoi-nghi-tong-ket-cong-tac-xay-dung-dang-nam-2020-cua-dang-uy-khoi.md";
const SEED_URL: &str =
    "2020/hoi-nghi-tong-ket-cong-tac-xay-dung-dang-nam-2020-cua-dang-uy-khoi/index.html";

fn seed_sha256() -> String {
    common::desk::sha256(SEED.as_bytes())
}

/// A site with one seed, its photos in `seeds/001_hoi-nghi/`, and `sidecar` beside it.
fn seed_site_with(sidecar: &str) -> Fixture {
    let site = Fixture::new(&format!(
        "{}\n[[timelines]]\nslug = \"2020\"\ntitle = \"Năm 2020\"\nfrom = 2020-01-01\nto = 2020-12-31\n",
        config()
    ));
    site.write("seeds/001_hoi-nghi.txt", SEED);
    site.write_bytes(
        "seeds/001_hoi-nghi/quang-canh.jpg",
        &jpeg_with_exif(&quarters(1200, 800), 1),
    );
    site.write_bytes("seeds/001_hoi-nghi/dai-bieu.jpg", &jpeg(900, 600));
    site.write("seeds/001_hoi-nghi.toml", sidecar);
    site
}

#[test]
fn sidecar_photos_go_with_their_caption_and_after_their_paragraph() {
    let site = seed_site_with(&format!(
        "seed_sha256 = \"{}\"\n\n[[photos]]\nfile = \"quang-canh.jpg\"\ncaption_line = 4\ncredit = \"Ảnh: Văn phòng Đảng ủy\"\n\n[[photos]]\nfile = \"dai-bieu.jpg\"\nafter_line = 5\nalt = \"Các đại biểu [dự] hội nghị\"\n",
        seed_sha256()
    ));
    fs::create_dir_all(site.path("seeds/001_hoi-nghi")).unwrap();
    site.write_bytes("seeds/001_hoi-nghi/chua-dung.jpg", &jpeg(50, 50));
    let run = site.build(&[]);
    assert!(
        run.stdout.contains("2 photos (2 made)"),
        "{}\n{}",
        run.stdout,
        run.stderr
    );
    // A photo no entry maps is not placed, and the build says so.
    assert!(
        run.stderr.contains("seeds/001_hoi-nghi.txt: photo `001_hoi-nghi/chua-dung.jpg` is not placed: no `[[photos]]` entry in the sidecar names it"),
        "{}",
        run.stderr
    );
    let page = site.read(SEED_PAGE);
    assert!(
        page.contains("<figure class=\"seed-caption\">\n\n![Quang cảnh Hội nghị.](<../../seeds/001_hoi-nghi/quang-canh.jpg>)\n\n<figcaption>Quang cảnh Hội nghị. <span class=\"credit\">Ảnh: Văn phòng Đảng ủy</span></figcaption>\n</figure>"),
        "{page}"
    );
    assert!(
        page.contains("năm tới.\n\n![Các đại biểu \\[dự\\] hội nghị](<../../seeds/001_hoi-nghi/dai-bieu.jpg>)\n"),
        "{page}"
    );
    let html = built(&site, SEED_URL);
    assert!(
        html.contains(
            "<figure class=\"seed-caption\">\n<a class=\"photo-link\" href=\"/photos/quang-canh-"
        ),
        "{html}"
    );
    assert!(
        html.contains("width=\"1200\" height=\"800\" alt=\"Quang cảnh Hội nghị.\">"),
        "{html}"
    );
    assert!(
        html.contains("alt=\"Các đại biểu [dự] hội nghị\" loading=\"lazy\""),
        "{html}"
    );
    // Templates see every size (`page.photos`): the timeline shows the first, small.
    let timeline = built(&site, "2020/index.html");
    assert!(
        timeline.contains("<picture class=\"timeline-photo\"><source type=\"image/webp\" srcset=\"/photos/quang-canh-"),
        "{timeline}"
    );
    assert!(
        timeline.contains("-480.jpg\" width=\"480\" height=\"320\" alt=\"\""),
        "{timeline}"
    );
    // The seed's photos are published resized only, with nothing of their EXIF.
    assert!(!site.path("public/seeds").exists());
    for name in photo_files(&site) {
        let bytes = fs::read(site.path(&format!("public/photos/{name}"))).unwrap();
        assert!(!String::from_utf8_lossy(&bytes).contains(SECRET), "{name}");
    }
    // The page is as the import wrote it: the next import keeps rewriting it.
    let again = site.build(&[]);
    assert!(
        again.stdout.contains("2 photos (0 made)"),
        "{}",
        again.stdout
    );
    assert_eq!(page, site.read(SEED_PAGE));
}

/// Builds the seed site with `sidecar`; asserts the build fails with each of `expected`.
fn assert_sidecar_refused(sidecar: &str, expected: &[&str]) {
    let site = seed_site_with(sidecar);
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    for text in expected {
        assert!(
            run.stderr.contains(text),
            "expected {text:?} in:\n{}",
            run.stderr
        );
    }
    assert!(!site.path("public").exists());
}

#[test]
fn a_sidecar_photo_that_is_missing_or_misplaced_names_the_sidecar_line() {
    let hash = seed_sha256();
    assert_sidecar_refused(
        &format!(
            "seed_sha256 = \"{hash}\"\n[[photos]]\nfile = \"khong-co.jpg\"\ncaption_line = 4\n"
        ),
        &[
            "seeds/001_hoi-nghi.toml:3:8: photo `khong-co.jpg` is not in ",
            "seeds/001_hoi-nghi\n",
        ],
    );
    assert_sidecar_refused(
        &format!(
            "seed_sha256 = \"{hash}\"\n[[photos]]\nfile = \"dai-bieu.jpg\"\ncaption_line = 3\n"
        ),
        &[
            "seeds/001_hoi-nghi.toml:4:16: `caption_line = 3`: that seed line is not a caption",
            "caption_lines",
        ],
    );
    assert_sidecar_refused(
        &format!("seed_sha256 = \"{hash}\"\n[[photos]]\nfile = \"dai-bieu.jpg\"\nafter_line = 5\n"),
        &[
            "seeds/001_hoi-nghi.toml:2:1: photo `dai-bieu.jpg` has no caption to take its alt text from",
            "alt = ",
        ],
    );
    assert_sidecar_refused(
        "[[photos]]\nfile = \"dai-bieu.jpg\"\ncaption_line = 4\n",
        &[
            "seeds/001_hoi-nghi.toml:3:16: `caption_line` needs the hash of the seed",
            &hash,
        ],
    );
    assert_sidecar_refused(
        "seed_sha256 = \"abc\"\n[[photos]]\nfile = \"dai-bieu.jpg\"\nafter_line = 5\nalt = \"x\"\n",
        &["the seed has changed since its line keys were written"],
    );
    assert_sidecar_refused(
        &format!(
            "seed_sha256 = \"{hash}\"\n[[photos]]\nfile = \"../001_hoi-nghi.txt\"\ncaption_line = 4\n"
        ),
        &["photo `../001_hoi-nghi.txt` is not in "],
    );
}

#[test]
fn check_refuses_an_image_without_alt_text_and_warns_of_an_unused_photo() {
    let site = site();
    site.write_bytes("content/bai/a.jpg", &jpeg(600, 400));
    site.write_bytes("content/bai/khong-dung.jpg", &jpeg(60, 40));
    site.write(
        "content/bai/index.md",
        &page(
            "title = \"Bài\"\ndate = 2020-01-02",
            "Mở đầu.\n\n![](a.jpg)\n",
        ),
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr
            .contains("content/bai/index.md:7:1: image `a.jpg` has no alt text"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/bai/khong-dung.jpg: a photo no page shows, published as it is (with its metadata)"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("content/bai/a.jpg: a photo"),
        "{}",
        run.stderr
    );
    site.write(
        "content/bai/index.md",
        &page(
            "title = \"Bài\"\ndate = 2020-01-02",
            "Mở đầu.\n\n![Hội nghị](a.jpg)\n",
        ),
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
}

#[test]
fn serve_shows_a_photo_added_while_it_runs() {
    use common::server::{Server, save};
    let site = site();
    site.write(
        "content/bai/index.md",
        &page("title = \"Bài\"", "Mở đầu.\n"),
    );
    let server = Server::start(&site, &[]);
    let mut events = server.listen();
    site.write_bytes("content/bai/moi.jpg", &jpeg(700, 350));
    save(
        &site,
        "content/bai/index.md",
        &page("title = \"Bài\"", "Mở đầu.\n\n![Ảnh mới](moi.jpg)\n"),
    );
    assert_eq!(events.next(), "reload");
    let html = server.wait_for("/bai/", |r| r.body.contains("moi-")).body;
    let webp = html
        .split("srcset=")
        .nth(1)
        .unwrap()
        .trim_start_matches('"');
    let webp = &webp[..webp.find(" 480w").unwrap()];
    let served = server.get(webp);
    assert_eq!(served.status, 200, "{webp}");
    assert_eq!(served.header("content-type"), Some("image/webp"));
    // The original is not served.
    assert_eq!(server.get("/bai/moi.jpg").status, 404);
}

#[test]
fn a_long_first_build_prints_its_progress() {
    let site = site();
    let mut body = String::new();
    for i in 1..=10 {
        site.write_bytes(&format!("content/bai/a{i}.jpg"), &jpeg(40 + i, 30));
        body.push_str(&format!("![Ảnh {i}](a{i}.jpg)\n\n"));
    }
    site.write("content/bai/index.md", &page("title = \"Bài\"", &body));
    let first = site.build(&[]);
    assert!(first.stderr.contains("Ảnh 1/10\n"), "{}", first.stderr);
    assert!(first.stderr.contains("Ảnh 10/10\n"), "{}", first.stderr);
    let again = site.build(&[]);
    assert!(!again.stderr.contains("Ảnh"), "{}", again.stderr);
    assert!(
        again.stdout.contains("10 photos (0 made)"),
        "{}",
        again.stdout
    );
}

#[test]
fn serve_shows_a_seed_photo_added_while_it_runs() {
    use common::server::{Server, save};
    let site = seed_site_with(&format!("seed_sha256 = \"{}\"\n", seed_sha256()));
    let server = Server::start(&site, &[]);
    let url = format!("/{}", SEED_URL.trim_end_matches("index.html"));
    assert!(!server.get(&url).body.contains("<picture>"));
    site.write_bytes("seeds/001_hoi-nghi/moi.jpg", &jpeg(640, 480));
    save(
        &site,
        "seeds/001_hoi-nghi.toml",
        &format!(
            "seed_sha256 = \"{}\"\n[[photos]]\nfile = \"moi.jpg\"\ncaption_line = 4\n",
            seed_sha256()
        ),
    );
    let html = server
        .wait_for(&url, |r| r.body.contains("/photos/moi-"))
        .body;
    assert!(
        html.contains("width=\"640\" height=\"480\" alt=\"Quang cảnh Hội nghị.\""),
        "{html}"
    );
}

#[test]
fn a_site_path_finds_a_photo_beside_a_page_in_a_folder_named_differently() {
    let site = site();
    site.write(
        "content/Đại hội/_index.md",
        &page("title = \"Đại hội\"", ""),
    );
    site.write_bytes("content/Đại hội/ảnh 1.jpg", &jpeg(500, 250));
    site.write(
        "content/b.md",
        &page("title = \"B\"", "![Đại hội](</dai-hoi/ảnh 1.jpg>)\n"),
    );
    let run = site.build(&[]);
    assert!(run.stdout.contains("1 photo (1 made)"), "{}", run.stdout);
    assert!(built(&site, "b/index.html").contains("width=\"500\" height=\"250\" alt=\"Đại hội\""));
    assert!(!site.path("public/dai-hoi/ảnh 1.jpg").exists());
}

#[test]
fn serve_stops_serving_a_file_as_it_is_once_a_page_shows_it_as_a_photo() {
    use common::server::{Server, save};
    let site = site();
    site.write(
        "content/bai/index.md",
        &page("title = \"Bài\"", "Mở đầu.\n"),
    );
    let server = Server::start(&site, &[]);
    let mut events = server.listen();
    // First a file beside the page that no page shows: copied as it is.
    site.write_bytes("content/bai/moi.jpg", &jpeg(700, 350));
    assert_eq!(events.next(), "reload");
    server.wait_for("/bai/moi.jpg", |r| r.status == 200);
    // Then the page shows it: from now on only its sizes are served.
    save(
        &site,
        "content/bai/index.md",
        &page("title = \"Bài\"", "Mở đầu.\n\n![Ảnh mới](moi.jpg)\n"),
    );
    assert_eq!(events.next(), "reload");
    server.wait_for("/bai/", |r| r.body.contains("moi-"));
    assert_eq!(server.get("/bai/moi.jpg").status, 404);
}

#[test]
fn serve_shows_a_bad_photo_over_the_last_good_build() {
    use common::server::{Server, save};
    let site = site();
    site.write(
        "content/bai/index.md",
        &page("title = \"Bài\"", "Mở đầu.\n"),
    );
    let server = Server::start(&site, &[]);
    let builds = server.builds();
    site.write("content/bai/hong.jpg", "không phải ảnh");
    save(
        &site,
        "content/bai/index.md",
        &page("title = \"Bài\"", "Mở đầu.\n\n![Ảnh hỏng](hong.jpg)\n"),
    );
    server.wait_for_build_after(builds);
    let shown = server.wait_for("/bai/", |r| r.body.contains("biennien-error"));
    assert_eq!(shown.status, 200, "the last good build is still served");
    assert!(shown.body.contains("Mở đầu."));
    assert!(
        shown
            .body
            .contains("content/bai/hong.jpg: not a JPEG, PNG or WebP image, though named .jpg"),
        "{}",
        shown.body
    );
}
