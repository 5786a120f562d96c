//! Photos in `serve --watch`: a page is served at once with its photos' markup, and each
//! photo when it is made (a request for it waits); a photo that cannot be made shows its
//! error over the pages; a text edit reads no other page for photos. And two mends of the
//! photos' build: `/photos/` is the photos' own folder, and an image's URL-encoded path
//! names its file.

use crate::common;

use std::collections::BTreeSet;

use common::images::{encoded, jpeg, jpeg_with_exif, quarters};
use common::server::{Response, Server, save};
use common::{CONFIG, Fixture, assert_build_fails, page};
use image::{DynamicImage, ImageFormat, RgbImage};

/// The test hook that holds the photos back until its file exists (see `serve`'s
/// `photo_jobs`); relative to the site, where the server runs.
const GATE: (&str, &str) = ("BIENNIEN_TEST_PHOTO_GATE", "photos-may-go");

fn site() -> Fixture {
    let site = Fixture::new(&format!("{CONFIG}minify = false\n"));
    site.write(
        "content/bai/index.md",
        &page("title = \"Bài\"", "Mở đầu.\n"),
    );
    site
}

/// Every photo URL a page names, without the address it is served at.
fn photo_urls(html: &str) -> BTreeSet<String> {
    html.split(['"', ' ', ','])
        .filter_map(|word| word.find("/photos/").map(|at| word[at..].to_owned()))
        .collect()
}

/// The one photo URL of `html` ending in `end` (`-800.webp`).
fn photo_url(html: &str, end: &str) -> String {
    let urls = photo_urls(html);
    let found: Vec<&String> = urls.iter().filter(|u| u.ends_with(end)).collect();
    assert_eq!(found.len(), 1, "{end} in {urls:?}");
    found[0].clone()
}

/// The sizes made so far in the site's photo cache.
fn made_sizes(site: &Fixture) -> usize {
    std::fs::read_dir(site.path(".biennien-cache/photos"))
        .map(|d| {
            d.flatten()
                .filter(|e| !e.file_name().to_string_lossy().ends_with(".json"))
        })
        .map_or(0, Iterator::count)
}

fn decoded(response: &Response) -> DynamicImage {
    image::load_from_memory(&response.bytes).expect("a photo that decodes")
}

#[test]
fn the_page_is_served_before_its_photo_is_made_and_the_photo_once_it_is() {
    let site = site();
    let server = Server::start_with_env(&site, &[], &[GATE]);
    // Stored 1200×800, turned upright by its EXIF orientation (6: a quarter turn).
    site.write_bytes(
        "content/bai/xoay.jpg",
        &jpeg_with_exif(&quarters(1200, 800), 6),
    );
    save(
        &site,
        "content/bai/index.md",
        &page("title = \"Bài\"", "Mở đầu.\n\n![Ảnh xoay](xoay.jpg)\n"),
    );
    // The page, with the photo's markup, its sizes from its header, upright.
    let html = server
        .wait_for("/bai/", |r| r.body.contains("<picture>"))
        .body;
    assert!(
        html.contains("width=\"800\" height=\"1200\" alt=\"Ảnh xoay\""),
        "{html}"
    );
    assert_eq!(made_sizes(&site), 0, "made before the gate opened");
    assert_eq!(server.status()["photos"]["making"], 1);
    let webp = photo_url(&html, "-800.webp");
    let jpg = photo_url(&html, "-480.jpg");
    std::thread::scope(|scope| {
        let asked = scope.spawn(|| server.get(&webp));
        // The request waits for the photo, rather than failing.
        while server.status()["photos"]["waiting"] != 1 {
            assert!(!asked.is_finished(), "answered before the photo was made");
            std::thread::sleep(std::time::Duration::from_millis(20));
        }
        site.write(GATE.1, "");
        let served = asked.join().unwrap();
        assert_eq!(served.status, 200, "{webp}");
        assert_eq!(served.header("content-type"), Some("image/webp"));
        let photo = decoded(&served);
        assert_eq!((photo.width(), photo.height()), (800, 1200));
    });
    let served = server.get(&jpg);
    assert_eq!(served.header("content-type"), Some("image/jpeg"));
    assert_eq!(
        (decoded(&served).width(), decoded(&served).height()),
        (480, 720)
    );
    // What the header promised is what `build` makes of the photo.
    site.build(&[]);
    let built = site.read("public/bai/index.html");
    assert_eq!(photo_urls(&built), photo_urls(&html));
    assert!(built.contains("width=\"800\" height=\"1200\""));
}

/// A PNG that is whole up to its image data and cut off inside it: its header reads, its
/// pixels do not.
fn png_cut_in_its_pixels() -> Vec<u8> {
    let noise = RgbImage::from_fn(400, 300, |x, y| {
        image::Rgb([
            (x * 7 % 251) as u8,
            (y * 13 % 241) as u8,
            ((x ^ y) % 239) as u8,
        ])
    });
    let png = encoded(DynamicImage::ImageRgb8(noise), ImageFormat::Png);
    png[..png.len() / 2].to_vec()
}

#[test]
fn a_photo_that_cannot_be_made_shows_its_error_over_the_pages() {
    let site = site();
    site.write("content/khac.md", &page("title = \"Khác\"", "Chữ.\n"));
    let server = Server::start(&site, &[]);
    site.write_bytes("content/bai/hong.png", &png_cut_in_its_pixels());
    save(
        &site,
        "content/bai/index.md",
        &page("title = \"Bài\"", "Mở đầu.\n\n![Ảnh hỏng](hong.png)\n"),
    );
    let shown = server.wait_for("/bai/", |r| r.body.contains("biennien-error"));
    assert!(
        shown
            .body
            .contains("content/bai/hong.png: cannot be read as PNG"),
        "{}",
        shown.body
    );
    let jpg = photo_url(&shown.body, "-400.jpg");
    assert_eq!(server.get(&jpg).status, 404);
    // A later save elsewhere fails as long as the page shows the photo.
    let builds = server.builds();
    save(
        &site,
        "content/khac.md",
        &page("title = \"Khác\"", "Chữ mới.\n"),
    );
    server.wait_for_build_after(builds);
    let error = server.status()["error"]
        .as_str()
        .unwrap_or_default()
        .to_owned();
    assert!(error.contains("hong.png: cannot be read as PNG"), "{error}");
    // Fixed, the photo is made and the error gone.
    let builds = server.builds();
    let whole = encoded(
        DynamicImage::ImageRgb8(quarters(400, 300)),
        ImageFormat::Png,
    );
    site.write_bytes("content/bai/hong.png~", &whole);
    std::fs::rename(
        site.path("content/bai/hong.png~"),
        site.path("content/bai/hong.png"),
    )
    .unwrap();
    server.wait_for_build_after(builds);
    let html = server
        .wait_for("/bai/", |r| !r.body.contains("biennien-error"))
        .body;
    let served = server.get(&photo_url(&html, "-400.jpg"));
    assert_eq!(served.status, 200, "{}", served.body);
    assert_eq!(decoded(&served).width(), 400);
}

#[test]
fn a_text_edit_reads_no_other_page_for_photos() {
    let site = site();
    site.write_bytes("content/bai/anh.jpg", &jpeg(300, 200));
    save(
        &site,
        "content/bai/index.md",
        &page("title = \"Bài\"", "Mở đầu.\n\n![Ảnh](anh.jpg)\n"),
    );
    for n in 1..=4 {
        site.write(
            &format!("content/b{n}.md"),
            &page(&format!("title = \"B{n}\""), "Chữ.\n"),
        );
    }
    let server = Server::start(&site, &[]);
    assert_eq!(server.status()["photos"]["pages_read"], 5);
    let builds = server.builds();
    save(
        &site,
        "content/b2.md",
        &page("title = \"B2\"", "Chữ mới.\n"),
    );
    server.wait_for_build_after(builds);
    assert_eq!(server.status()["photos"]["pages_read"], 1);
    // The page with the photo, edited, is read again; still one page.
    let builds = server.builds();
    save(
        &site,
        "content/bai/index.md",
        &page("title = \"Bài\"", "Mở đầu mới.\n\n![Ảnh](anh.jpg)\n"),
    );
    server.wait_for_build_after(builds);
    assert_eq!(server.status()["photos"]["pages_read"], 1);
    assert!(
        server
            .get("/bai/")
            .body
            .contains("width=\"300\" height=\"200\"")
    );
}

#[test]
fn a_page_in_the_photos_folder_is_an_error_naming_it() {
    assert_build_fails(
        |site| site.write("content/photos/a.md", &page("title = \"A\"", "Chữ.\n")),
        &[
            "content/photos/a.md: writes the URL /photos/a/, in /photos/, where the photos' sizes are published",
            "give it another `slug`, or move it to another folder",
        ],
    );
    assert_build_fails(
        |site| site.write("content/photos.md", &page("title = \"Ảnh\"", "Chữ.\n")),
        &["content/photos.md: writes the URL /photos/, in /photos/"],
    );
}

#[test]
fn a_url_encoded_image_path_names_its_file() {
    let site = site();
    site.write_bytes("content/bai/dai hoi.jpg", &jpeg(600, 300));
    site.write(
        "content/bai/index.md",
        &page("title = \"Bài\"", "![Đại hội](dai%20hoi.jpg)\n"),
    );
    let run = site.build(&[]);
    assert!(run.stdout.contains("1 photo (1 made)"), "{}", run.stdout);
    let html = site.read("public/bai/index.html");
    assert!(
        html.contains("width=\"600\" height=\"300\" alt=\"Đại hội\""),
        "{html}"
    );
    assert!(!site.path("public/bai/dai hoi.jpg").exists());
}
