//! What readers see: an imported article without a title, an English site's timelines and
//! its Vietnamese articles, pagination, shortened text, the person pages' links, the footer,
//! and `serve --watch` started on a broken site.

use crate::common;

use std::path::Path;

use common::server::{Server, save};
use common::{CONFIG, Fixture, built_seed_site, page, seed_site};

const SEED_000: &str = "000_64c23ab981cd5741";
const UNTITLED: &str = "(Bài chưa có tiêu đề)";

/// The project's site with the five seeds, its config.toml edited by `config_edit` (it does
/// not minify, so the tests read the markup as the templates write it).
fn seed_site_with(config_edit: impl Fn(String) -> String) -> Fixture {
    let site = seed_site();
    site.write("config.toml", &config_edit(site.read("config.toml")));
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

/// No heading and no link of the built site is empty.
fn assert_no_empty_headings_or_links(site: &Fixture) {
    for (path, html) in html_files(site) {
        for empty in [
            "<h1></h1>",
            "<h2></h2>",
            "<h3></h3>",
            "<h4></h4>",
            "\"></a>",
        ] {
            assert!(!html.contains(empty), "{path} has {empty}");
        }
        for heading in ["<h2 class=\"timeline-title\"><a", "<h3><a"] {
            for rest in html.split(heading).skip(1) {
                let text = rest
                    .split_once('>')
                    .unwrap()
                    .1
                    .split("</a>")
                    .next()
                    .unwrap();
                assert!(
                    !text.trim().is_empty(),
                    "{path}: an empty link in {heading}"
                );
            }
        }
    }
}

/// The entry of the search index whose result links to `url`.
fn search_doc(site: &Fixture, url: &str) -> serde_json::Value {
    let results = common::search_results(site, "public");
    let found = results.into_iter().find(|doc| doc["url"] == url);
    found.unwrap_or_else(|| panic!("no search result for {url}"))
}

/// The link to `url` with `text` as its words.
fn link(url: &str, text: &str) -> String {
    format!("<a href=\"{url}\">{text}</a>")
}

#[test]
fn an_imported_article_without_a_title_is_labelled_untitled_where_its_title_shows() {
    let site = seed_site_with(|c| c);
    std::fs::remove_file(site.path(&format!("seeds/{SEED_000}.toml"))).unwrap();
    site.build(&[]);
    let url = url_of_seed(&site, SEED_000);
    let article = site.read(&format!("public{url}index.html"));
    assert!(
        article.contains(&format!("<h1>{UNTITLED}</h1>")),
        "{article}"
    );
    assert!(article.contains(&format!(
        "<title>{UNTITLED} · Biên niên Đảng ủy Khối</title>"
    )));
    assert!(article.contains(&format!("<span aria-current=\"page\">{UNTITLED}</span>")));
    // Undated, it is in the default section: listed there and on the home page.
    let section = url.split('/').nth(1).unwrap();
    for listing in [
        "public/index.html".to_owned(),
        format!("public/{section}/index.html"),
    ] {
        let html = site.read(&listing);
        assert!(html.contains(&link(&url, UNTITLED)), "{listing}");
    }
    assert_eq!(search_doc(&site, &url)["title"], UNTITLED);
    assert_no_empty_headings_or_links(&site);
}

#[test]
fn a_dated_untitled_article_is_labelled_in_its_timeline_chronology_registers_and_feed() {
    let site = seed_site_with(|c| c);
    // The editor has given a date, not yet a title.
    site.write(
        &format!("seeds/{SEED_000}.toml"),
        "date = \"2018\"\ndate_approximate = true\n",
    );
    site.build(&[]);
    let url = url_of_seed(&site, SEED_000);
    assert!(url.starts_with("/2018-giao-ban-nam-bo/"), "{url}");
    let labelled = link(&url, UNTITLED);
    for listing in [
        "public/2018-giao-ban-nam-bo/index.html",
        "public/index.html",
        "public/bien-nien/index.html",
    ] {
        assert!(site.read(listing).contains(&labelled), "{listing}");
    }
    // The register pages of the documents it cites list it by the label.
    let cited_in = html_files(&site)
        .into_iter()
        .filter(|(path, html)| path.starts_with("van-ban/") && html.contains(&url))
        .collect::<Vec<_>>();
    assert!(!cited_in.is_empty(), "no document page lists the article");
    for (path, html) in &cited_in {
        assert!(html.contains(&labelled), "{path}");
    }
    // The next article of the timeline names it as its previous one.
    let next = url_of_seed(&site, "004_2ebabc93f3bb51c0");
    let next_page = site.read(&format!("public{next}index.html"));
    assert!(
        next_page.contains(&format!(
            "<a rel=\"prev\" href=\"{url}\"><span>← Bài trước</span> <span>{UNTITLED}</span></a>"
        )),
        "{next_page}"
    );
    let feed = site.read("public/atom.xml");
    assert!(
        feed.contains(&format!("<title>{UNTITLED}</title>")),
        "{feed}"
    );
    assert_no_empty_headings_or_links(&site);
}

#[test]
fn an_english_site_names_its_timelines_in_english_and_marks_the_articles_vietnamese() {
    let site =
        seed_site_with(|c| c.replace("default_language = \"vi\"", "default_language = \"en\""));
    site.build(&[]);
    let timeline = "/2017-hoi-nghi-nganh-to-chuc/";
    let english_link = link(timeline, "2017 conference");
    let home = site.read("public/index.html");
    assert!(home.contains("<html lang=\"en\">"));
    assert!(home.contains(&english_link), "{home}");
    let section = site.read("public/2017-hoi-nghi-nganh-to-chuc/index.html");
    assert!(section.contains("<h1>2017 conference</h1>"), "{section}");
    // The Vietnamese name shows nowhere on the English site.
    for (path, html) in html_files(&site) {
        assert!(
            !html.contains("Hội nghị ngành Tổ chức xây dựng Đảng 2017"),
            "{path}"
        );
    }

    let url = url_of_seed(&site, "001_cf17c041d62915c2");
    let article = site.read(&format!("public{url}index.html"));
    assert!(article.contains(&english_link), "breadcrumb: {article}");
    let title = "Ngành Tổ chức Xây dựng Đảng tham mưu hoàn thiện chức năng, nhiệm vụ, tổ chức bộ máy của hệ thống chính trị";
    assert!(
        article.contains(&format!("<h1 lang=\"vi\">{title}</h1>")),
        "{article}"
    );
    assert!(article.contains("<div class=\"article-body\" lang=\"vi\">"));
    assert!(article.contains("<html lang=\"en\">"));
    // The interface stays English.
    assert!(article.contains("<span aria-current=\"page\" lang=\"vi\">"));
    let chronology = site.read("public/bien-nien/index.html");
    assert!(chronology.contains(&format!(
        "<h2 class=\"timeline-title\" lang=\"vi\">{}</h2>",
        link(&url, title)
    )));

    let doc = search_doc(&site, &url);
    assert_eq!(doc["section"], "2017 conference");
    assert_eq!(doc["lang"], "vi");
    assert_eq!(doc["title_lang"], "vi");
    let feed = site.read("public/atom.xml");
    assert!(feed.contains("<feed xmlns=\"http://www.w3.org/2005/Atom\" xml:lang=\"en\">"));
    assert!(feed.contains(&format!(
        "<entry xml:lang=\"vi\">\n    <title>{title}</title>"
    )));
}

#[test]
fn a_vietnamese_site_marks_no_text_as_another_language() {
    let site = built_seed_site();
    for (path, html) in html_files(&site) {
        assert_eq!(
            html.matches(" lang=").count(),
            1,
            "{path}: only <html lang>"
        );
    }
    let url = url_of_seed(&site, "003_355c4eb30faa90b0");
    let doc = search_doc(&site, &url);
    assert!(doc.get("lang").is_none() && doc.get("title_lang").is_none());
    assert!(!site.read("public/atom.xml").contains("<entry xml:lang"));
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
    let site = built_seed_site();
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
    let site = built_seed_site();
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

#[test]
fn a_theme_without_the_untitled_string_stops_at_a_page_that_needs_it() {
    let site = Fixture::new(&CONFIG.replace("title = ", "theme = \"toi-gian\"\ntitle = "));
    site.write(
        "themes/toi-gian/templates/page.html",
        "<h1>{{ page.title }}</h1>",
    );
    site.write("themes/toi-gian/templates/section.html", "");
    site.write("themes/toi-gian/templates/index.html", "");
    site.write("themes/toi-gian/i18n/vi.toml", "");
    let imported =
        "[provenance]\nseed = \"seeds/a.txt\"\nseed_sha256 = \"\"\nwritten_sha256 = \"\"";
    site.write("content/a.md", &page(imported, "Chữ."));
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains("content/a.md: this page has no title, and the theme has no `untitled` interface string to show in its place"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("add `untitled = \"…\"` to the site's i18n/vi.toml")
    );
    assert!(!site.path("public").exists());
    // With the string, the page shows it.
    site.write("i18n/vi.toml", "untitled = \"(Chưa có tiêu đề)\"\n");
    site.build(&[]);
    assert_eq!(
        site.read("public/a/index.html"),
        "<h1>(Chưa có tiêu đề)</h1>"
    );
}
