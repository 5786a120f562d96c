//! What readers see: an imported article without a title, an English site's timelines and
//! its Vietnamese articles, pagination, shortened text, the person pages' links, the footer,
//! and `serve --watch` started on a broken site.

mod common;

use std::path::Path;

use common::server::{Server, save};
use common::{CONFIG, Fixture, page, seed_site};

/// The project's site with the five seeds, built without minifying (so that the tests can
/// read the markup as the templates write it).
fn seed_site_with(config_edit: impl Fn(String) -> String) -> Fixture {
    let site = seed_site();
    let config = site
        .read("config.toml")
        .replace("minify = true", "minify = false");
    site.write("config.toml", &config_edit(config));
    site
}

/// The URL path (`/2018-giao-ban-nam-bo/x/`) of the page the import made from `seed`.
fn url_of_seed(site: &Fixture, seed: &str) -> String {
    let wanted = format!("seed = \"seeds/{seed}.txt\"");
    let content = site.path("content");
    for entry in walkdir::WalkDir::new(&content) {
        let entry = entry.unwrap();
        let path = entry.path();
        if path.extension().is_some_and(|e| e == "md")
            && std::fs::read_to_string(path).unwrap().contains(&wanted)
        {
            let rel = path.strip_prefix(&content).unwrap().with_extension("");
            return format!("/{}/", rel.to_string_lossy());
        }
    }
    panic!("no page from {seed}");
}

/// Every HTML file the build wrote, with its path under `public/`.
fn html_files(site: &Fixture) -> Vec<(String, String)> {
    site.snapshot("public")
        .into_iter()
        .filter(|(path, _)| path.extension().is_some_and(|e| e == "html"))
        .map(|(path, bytes)| {
            let text = String::from_utf8(bytes).unwrap();
            (path.to_string_lossy().into_owned(), text)
        })
        .collect()
}

/// The link to `url` with `text` as its words.
fn link(url: &str, text: &str) -> String {
    format!("<a href=\"{url}\">{text}</a>")
}

/// A site of one timeline with `count` articles, one per page of its listing.
fn paginated_site(count: usize) -> Fixture {
    let site = Fixture::new(&format!("{CONFIG}paginate_by = 1\nminify = false\n"));
    site.write("content/dong/_index.md", &page("title = \"Dòng\"", ""));
    for day in 1..=count {
        site.write(
            &format!("content/dong/bai-{day}.md"),
            &page(
                &format!("title = \"Bài {day}\"\ndate = 2019-05-{day:02}"),
                "Chữ.",
            ),
        );
    }
    site.build(&[]);
    site
}

/// The pagination's items as a reader sees them: `1 2 3 … 6`.
fn pagination_text(html: &str) -> String {
    let nav = html.split("<nav class=\"pagination\"").nth(1).unwrap();
    let list = nav
        .split("<ul>")
        .nth(1)
        .unwrap()
        .split("</ul>")
        .next()
        .unwrap();
    list.split("<li")
        .skip(1)
        .map(|item| {
            let inner = item
                .split_once('>')
                .unwrap()
                .1
                .split("</li>")
                .next()
                .unwrap();
            let mut text = String::new();
            let mut in_tag = false;
            for c in inner.chars() {
                match c {
                    '<' => in_tag = true,
                    '>' => in_tag = false,
                    c if !in_tag => text.push(c),
                    _ => {}
                }
            }
            text
        })
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn pagination_marks_the_pages_it_skips_with_a_gap_that_is_not_a_link() {
    let site = paginated_site(6);
    let first = site.read("public/dong/index.html");
    assert_eq!(pagination_text(&first), "1 2 3 … 6 Trang sau →");
    // The gap is no link, and screen readers skip it (the links say which page they go to).
    assert!(first.contains("<li class=\"gap\" aria-hidden=\"true\">…</li>"));
    let last = site.read("public/dong/trang/6/index.html");
    assert_eq!(pagination_text(&last), "← Trang trước 1 … 4 5 6");
    let middle = site.read("public/dong/trang/4/index.html");
    assert_eq!(
        pagination_text(&middle),
        "← Trang trước 1 2 3 4 5 6 Trang sau →"
    );
}

#[test]
fn the_home_pages_chronology_card_is_cut_after_a_whole_word() {
    let site = Fixture::new(&format!("{CONFIG}minify = false\n"));
    site.build(&[]);
    let home = site.read("public/index.html");
    let card = home
        .split("<strong>Biên niên</strong><span>")
        .nth(1)
        .unwrap()
        .split("</span>")
        .next()
        .unwrap();
    assert_eq!(
        card,
        "Các bài viết và các văn bản có ngày ban hành mà chúng nhắc đến, theo thứ tự thời gian…"
    );
}

#[test]
fn a_persons_offices_link_to_articles_by_their_titles_with_the_date_beside() {
    let site = seed_site_with(|c| c);
    site.build(&[]);
    let url = url_of_seed(&site, "003_355c4eb30faa90b0");
    let title = "Phát huy vai trò hạt nhân chính trị của các tổ chức cơ sở đảng trực thuộc Đảng bộ Khối các cơ quan Trung ương";
    let person = site.read("public/nhan-vat/son-minh-thang/index.html");
    let roles = person.split("<ul class=\"roles\">").nth(1).unwrap();
    let roles = roles.split("</ul>").next().unwrap();
    assert!(
        roles.contains(&format!(
            "{} (<time datetime=\"2020-02-08T09:35:00+07:00\">ngày 8 tháng 2 năm 2020</time>)",
            link(&url, title)
        )),
        "{roles}"
    );
    for link_text in roles.split("<a href=").skip(1) {
        let text = link_text.split_once('>').unwrap().1;
        assert!(
            !text.starts_with("ngày"),
            "a date as a link's text: {roles}"
        );
    }
}

#[test]
fn the_footer_links_what_readers_want_and_no_page_links_the_sitemap_file() {
    let site = seed_site_with(|c| c);
    site.build(&[]);
    for (path, html) in html_files(&site) {
        assert!(
            !html.contains("sitemap.xml"),
            "{path} links the sitemap file"
        );
        let footer = html.split("<footer class=\"site-footer\">").nth(1).unwrap();
        for wanted in [
            link(
                "/2017-hoi-nghi-nganh-to-chuc/",
                "Hội nghị ngành Tổ chức xây dựng Đảng 2017",
            ),
            link("/bien-nien/", "Biên niên"),
            link("/van-ban/", "Văn bản"),
            link("/nhan-vat/", "Nhân vật"),
            link("/search/", "Tìm kiếm"),
            link("https://lich-su.example.org/atom.xml", "Nguồn tin Atom"),
        ] {
            assert!(
                footer.contains(&wanted),
                "{path}: no {wanted} in the footer"
            );
        }
    }
    // The sitemap itself is still written, for search engines (robots.txt names it).
    assert!(site.path("public/sitemap.xml").is_file());
}

/// A site whose only article has a date that is not one.
fn broken_site() -> Fixture {
    let site = Fixture::new(&format!("{CONFIG}minify = false\n"));
    site.write("content/dong/_index.md", &page("title = \"Dòng\"", ""));
    site.write(
        "content/dong/mot.md",
        "+++\ntitle = \"Bài một\"\ndate = \"hôm qua\"\n+++\nChữ của bài một.",
    );
    site
}

/// Every address (a page, one that does not exist, a stylesheet) answers with an HTML page
/// that shows `error`.
fn assert_every_request_shows(server: &Server, error: &str) {
    for path in ["/", "/dong/mot/", "/khong-co/", "/style.css"] {
        let response = server.get(path);
        assert_eq!(
            response.header("content-type"),
            Some("text/html; charset=utf-8"),
            "{path}"
        );
        assert!(response.body.contains("id=\"biennien-error\""), "{path}");
        assert!(response.body.contains(error), "{path}: {}", response.body);
        assert!(
            response.body.contains("there is no earlier build to show"),
            "{path}: {}",
            response.body
        );
        assert!(
            response.body.contains("new EventSource"),
            "{path}: reloads when fixed"
        );
    }
}

#[test]
fn serve_started_on_a_broken_site_says_there_is_no_good_build_and_shows_the_error() {
    let site = broken_site();
    let server = Server::start(&site, &[]);
    let terminal = server.output.lock().unwrap().clone();
    assert!(terminal.contains("content/dong/mot.md:3:8"), "{terminal}");
    assert!(
        terminal.contains("There is no good build to serve yet"),
        "{terminal}"
    );
    assert!(!terminal.contains("last good build"), "{terminal}");
    assert_every_request_shows(
        &server,
        "content/dong/mot.md:3:8: front matter: `hôm qua` is not a date",
    );

    let mut events = server.listen();
    save(
        &site,
        "content/dong/mot.md",
        &page("title = \"Bài một\"\ndate = 2019-05-01", "Chữ của bài một."),
    );
    assert_eq!(events.next(), "reload");
    let fixed = server.get("/dong/mot/");
    assert!(fixed.body.contains("Chữ của bài một."), "{}", fixed.body);
    assert!(!fixed.body.contains("biennien-error"));
    assert_eq!(server.get("/khong-co/").status, 404);
    assert!(
        server
            .get("/khong-co/")
            .body
            .contains("Không tìm thấy trang")
    );
}

#[test]
fn serve_started_with_a_broken_config_shows_the_error_until_it_is_fixed() {
    let site = broken_site();
    site.write(
        "content/dong/mot.md",
        &page("title = \"Bài một\"", "Chữ của bài một."),
    );
    let good_config = site.read("config.toml");
    site.write(
        "config.toml",
        &good_config.replace("title = ", "title = 5\nx = "),
    );
    let server = Server::start(&site, &[]);
    assert_every_request_shows(&server, "config.toml:");
    let mut events = server.listen();
    save(&site, "config.toml", &good_config);
    assert_eq!(events.next(), "reload");
    let fixed = server.get("/dong/mot/");
    assert!(fixed.body.contains("Chữ của bài một."), "{}", fixed.body);
    assert!(!fixed.body.contains("biennien-error"));
    assert!(
        !Path::new(&site.path("public")).exists(),
        "serve never writes public/"
    );
}
