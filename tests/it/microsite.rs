//! The microsite made of the five seeds: timelines, the documents and people registers, the
//! chronology, links from articles to the registers, the editor's corrections, pagination,
//! the interface language and the meta tags.

use crate::common;

use common::{CONFIG, Fixture, built_minified_seed_site, minified, page};
use regex::Regex;

const ARTICLE_000: &str =
    "hoi-nghi-trao-doi-kinh-nghiem-cong-tac-xay-dung-dang-cua-cac-dang-uy-khoi";
const ARTICLE_001: &str =
    "nganh-to-chuc-xay-dung-dang-tham-muu-hoan-thien-chuc-nang-nhiem-vu-to-chuc-bo";
const ARTICLE_002: &str =
    "dong-chi-pham-minh-chinh-uy-vien-bo-chinh-tri-bi-thu-trung-uong-dang-truong-ban";
const ARTICLE_003: &str =
    "phat-huy-vai-tro-hat-nhan-chinh-tri-cua-cac-to-chuc-co-so-dang-truc-thuoc-dang";
const ARTICLE_004: &str =
    "nang-cao-chat-luong-doi-moi-noi-dung-phuong-thuc-thuc-hien-nhiem-vu-cua-dang-uy";

/// The `href`s of the links in `html` whose tag matches `class` (minified or not).
fn links_in(html: &str, pattern: &str) -> Vec<String> {
    let re = Regex::new(&format!(r#"{pattern}<a [^>]*?href="?([^" >]+)"?"#)).unwrap();
    re.captures_iter(html).map(|c| c[1].to_owned()).collect()
}

/// The last path segment of each link.
fn slugs(links: &[String]) -> Vec<String> {
    links
        .iter()
        .map(|l| {
            l.trim_end_matches('/')
                .rsplit('/')
                .next()
                .unwrap()
                .to_owned()
        })
        .collect()
}

/// Every `datetime` of a `<time>` in `html`, in order.
fn datetimes(html: &str) -> Vec<String> {
    let re = Regex::new(r#"<time datetime="?([^" >]+)"?"#).unwrap();
    re.captures_iter(html).map(|c| c[1].to_owned()).collect()
}

fn timeline_titles(html: &str) -> Vec<String> {
    links_in(html, r#"<h2 class="?timeline-title"?>"#)
}

#[test]
fn timelines_hold_the_seed_articles_oldest_first() {
    let site = built_minified_seed_site();
    let expected = [
        ("2017-hoi-nghi-nganh-to-chuc", vec![ARTICLE_001]),
        ("2018-giao-ban-nam-bo", vec![ARTICLE_000, ARTICLE_004]),
        ("2020-chuan-bi-dai-hoi", vec![ARTICLE_003, ARTICLE_002]),
    ];
    for (timeline, articles) in expected {
        let html = site.read(&format!("public/{timeline}/index.html"));
        assert_eq!(slugs(&timeline_titles(&html)), articles, "{timeline}");
    }
    let html = site.read("public/2018-giao-ban-nam-bo/index.html");
    assert!(html.contains("khoảng năm 2018"));
    assert!(html.contains("ngày 26 tháng 10 năm 2018"));
    assert!(
        html.contains("Đài Tiếng nói Nhân dân TP. Hồ Chí Minh"),
        "source display name"
    );
    // The home page shows every timeline in order, with its articles.
    let home = site.read("public/index.html");
    let positions: Vec<usize> = [
        ARTICLE_001,
        ARTICLE_000,
        ARTICLE_004,
        ARTICLE_003,
        ARTICLE_002,
    ]
    .iter()
    .map(|a| home.find(a).unwrap_or_else(|| panic!("home lacks {a}")))
    .collect();
    assert!(positions.windows(2).all(|w| w[0] < w[1]), "{positions:?}");
    for link in ["/bien-nien/", "/van-ban/", "/nhan-vat/"] {
        assert!(home.contains(&format!("href={link}")), "home links {link}");
    }
}

#[test]
fn article_pages_show_what_the_reader_needs() {
    let site = built_minified_seed_site();
    let html = site.read(&format!(
        "public/2020-chuan-bi-dai-hoi/{ARTICLE_003}/index.html"
    ));
    // Breadcrumb to the timeline, date, source name, author with role, provenance.
    assert!(html.contains(
        r#"<li><a href=/2020-chuan-bi-dai-hoi/>Chuẩn bị Đại hội Đảng bộ các cấp 2020</a>"#
    ));
    assert!(
        html.contains("<time datetime=2020-02-08T09:35:00+07:00>ngày 8 tháng 2 năm 2020</time>")
    );
    assert!(html.contains("Tạp chí Cộng sản"));
    assert!(html.contains("Sơn Minh Thắng, <span class=role>Ủy viên Trung ương Đảng, Bí thư Đảng ủy Khối các cơ quan Trung ương</span>"));
    assert!(html.contains("<code>seeds/003_355c4eb30faa90b0.txt</code>"));
    assert!(html.contains("<figcaption>"), "captions are figures");
    // Previous/next within the timeline: 003 is the first of 2020, 002 follows it.
    assert!(html.contains(&format!(
        "<a href=/2020-chuan-bi-dai-hoi/{ARTICLE_002}/ rel=next>"
    )));
    assert!(!html.contains("rel=prev"));
    // The editor's note on the approximate date.
    let html = site.read(&format!(
        "public/2018-giao-ban-nam-bo/{ARTICLE_000}/index.html"
    ));
    assert!(
        html.contains("Bản gốc không ghi ngày đăng; năm 2018 là ước đoán theo nội dung hội nghị.")
    );
    assert!(html.contains("khoảng năm 2018"));
}

#[test]
fn documents_register_lists_each_document_with_its_date_and_citing_articles() {
    let site = built_minified_seed_site();
    let cases: [(&str, &str, Option<&str>, &[&str]); 9] = [
        (
            "98-qd-tw",
            "Quyết định số 98-QĐ/TW",
            Some("2007-10-22"),
            &[ARTICLE_000],
        ),
        (
            "293-qd-tw",
            "Quy định số 293-QĐ/TW",
            Some("2010-03-23"),
            &[ARTICLE_000, ARTICLE_004],
        ),
        (
            "04-kh-tw",
            "Kế hoạch số 04-KH/TW",
            Some("2016-11-16"),
            &[ARTICLE_001],
        ),
        (
            "01-nq-duk-2012-01-10",
            "Nghị quyết số 01-NQ/ĐUK",
            Some("2012-01-10"),
            &[ARTICLE_003],
        ),
        (
            "01-nq-duk-2016-08-19",
            "Nghị quyết số 01-NQ/ĐUK",
            Some("2016-08-19"),
            &[ARTICLE_003],
        ),
        (
            "1049-qd-duk",
            "Quyết định số 1049-QĐ/ĐUK",
            Some("2017-11-01"),
            &[ARTICLE_003],
        ),
        ("35-ct-tw", "Chỉ thị số 35-CT/TW", None, &[ARTICLE_002]),
        (
            "26-hd-btctw",
            "Hướng dẫn số 26-HD/BTCTW",
            None,
            &[ARTICLE_002],
        ),
        // Cited as `Chỉ thị 05`, `Chỉ thị 05-CT/TW`, `Chỉ thị số 05-CT/TW`, `Chị thị số05-CT/TW`.
        (
            "05-ct-tw",
            "Chỉ thị số 05-CT/TW",
            None,
            &[ARTICLE_001, ARTICLE_000, ARTICLE_004, ARTICLE_003],
        ),
    ];
    for (slug, name, date, citing) in cases {
        let html = site.read(&format!("public/van-ban/{slug}/index.html"));
        assert!(html.contains(&format!("<h1>{name}</h1>")), "{slug}");
        let dates = datetimes(&html);
        match date {
            Some(date) => assert_eq!(dates[0], date, "{slug}"),
            None => assert!(
                html.contains("Các bài viết không ghi ngày ban hành"),
                "{slug}"
            ),
        }
        let mut cited = slugs(&links_in(&html, "<h3>"));
        let mut expected = citing.to_vec();
        cited.sort();
        expected.sort();
        assert_eq!(cited, expected, "{slug}");
    }
    // The citing sentence is quoted whole.
    let html = site.read("public/van-ban/1049-qd-duk/index.html");
    assert!(html.contains("<blockquote><p>Đồng thời, ngày 1-11-2017, Ban Thường vụ Đảng ủy Khối đã ban hành Quyết định số 1049-QĐ/ĐUK"));
    // Named resolutions count too.
    assert!(
        site.path("public/van-ban/nghi-quyet-hoi-nghi-trung-uong-4-khoa-xii/index.html")
            .is_file()
    );

    // The index is sorted by date, undated documents last, across its pages.
    let mut dates = Vec::new();
    let mut entries = 0;
    for index in [
        "public/van-ban/index.html",
        "public/van-ban/trang/2/index.html",
    ] {
        let html = site.read(index);
        dates.extend(datetimes(&html));
        entries += links_in(&html, "<li>").len();
    }
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");
    assert_eq!(dates.first().map(String::as_str), Some("2007-10-22"));
    assert!(entries > dates.len(), "undated documents are listed too");
}

#[test]
fn people_register_names_people_with_their_offices_and_no_organisation() {
    let site = built_minified_seed_site();
    let index = site.read("public/nhan-vat/index.html");
    let names: Vec<String> = Regex::new(r"<li>\s*<a href=/nhan-vat/[^>]+>([^<]+)</a>")
        .unwrap()
        .captures_iter(&index)
        .map(|c| c[1].to_owned())
        .collect();
    for person in [
        "Nguyễn Thanh Bình",
        "Vũ Hữu Minh",
        "Sơn Minh Thắng",
        "Phạm Minh Chính",
        "Tất Thành Cang",
    ] {
        assert!(
            names.iter().any(|n| n == person),
            "{person} missing from {names:?}"
        );
    }
    for organisation in [
        "Bộ Chính trị",
        "Đảng ủy Khối",
        "Trung ương Đảng",
        "Ban Bí thư",
        "Hồ Chí Minh",
        "Hà Nội",
    ] {
        assert!(
            !names.iter().any(|n| n.contains(organisation)),
            "{organisation} is not a person"
        );
    }
    let offices = [
        (
            "nguyen-thanh-binh",
            vec![
                "Ủy viên Trung ương Đảng",
                "Phó Trưởng ban Thường trực Ban Tổ chức Trung ương",
            ],
        ),
        (
            "vu-huu-minh",
            vec!["Phó Bí thư Đảng ủy Khối - Dân - Chính Đảng TPHCM"],
        ),
        (
            "son-minh-thang",
            vec![
                "Bí thư Đảng ủy Khối các cơ quan Trung ương",
                "Ủy viên Trung ương Đảng",
            ],
        ),
        (
            "pham-minh-chinh",
            vec![
                "Ủy viên Bộ Chính trị",
                "Bí thư Trung ương Đảng",
                "Trưởng Ban Tổ chức Trung ương",
            ],
        ),
    ];
    for (slug, roles) in offices {
        let html = site.read(&format!("public/nhan-vat/{slug}/index.html"));
        for role in roles {
            assert!(
                html.contains(&format!("<strong>{role}</strong>")),
                "{slug}: {role}"
            );
        }
    }
    // Sơn Minh Thắng writes one article and is named in three more.
    let html = site.read("public/nhan-vat/son-minh-thang/index.html");
    let mut articles = slugs(&timeline_titles_h3(&html));
    articles.sort();
    let mut expected = vec![ARTICLE_000, ARTICLE_002, ARTICLE_003, ARTICLE_004];
    expected.sort();
    assert_eq!(articles, expected);
}

fn timeline_titles_h3(html: &str) -> Vec<String> {
    links_in(html, r#"<h3 class="?timeline-title"?>"#)
}

#[test]
fn chronology_merges_articles_and_dated_documents_in_date_order() {
    let site = built_minified_seed_site();
    let html = site.read("public/bien-nien/index.html");
    let dates = datetimes(&html);
    assert!(dates.windows(2).all(|w| w[0] <= w[1]), "{dates:?}");
    assert_eq!(dates.first().map(String::as_str), Some("2007-10-22"));
    assert_eq!(dates.last().map(String::as_str), Some("2020-08-07"));
    let entries = timeline_titles(&html);
    let slugs = slugs(&entries);
    assert_eq!(slugs[0], "98-qd-tw");
    // The five articles, oldest first, among the documents.
    let articles: Vec<&String> = slugs.iter().filter(|s| s.len() > 40).collect();
    assert_eq!(
        articles,
        [
            ARTICLE_001,
            ARTICLE_000,
            ARTICLE_004,
            ARTICLE_003,
            ARTICLE_002
        ]
    );
    assert!(
        html.contains("khoảng năm 2018"),
        "an estimate stays an estimate"
    );
}

#[test]
fn the_first_mention_in_article_text_links_to_the_register() {
    let site = built_minified_seed_site();
    let html = site.read(&format!(
        "public/2020-chuan-bi-dai-hoi/{ARTICLE_002}/index.html"
    ));
    let mentions = |href: &str| {
        html.matches(&format!("class=\"mention mention-document\" href={href}>"))
            .count()
    };
    assert_eq!(mentions("/van-ban/35-ct-tw/"), 1);
    assert!(html.contains("<a class=\"mention mention-person\" href=/nhan-vat/nguyen-thanh-binh/>Nguyễn Thanh Bình</a>"));
    // Listed beside the article too.
    assert!(html.contains("<a href=/van-ban/26-hd-btctw/>Hướng dẫn số 26-HD/BTCTW</a>"));
}

fn corrections_site(registers: &str) -> Fixture {
    let site = Fixture::new(&minified(CONFIG));
    site.write("content/bai/_index.md", &page("title = \"Bài\"", ""));
    site.write(
        "content/bai/mot.md",
        &page(
            "title = \"Một\"\ndate = 2019-05-01",
            "Hội nghị có ông Lê Văn Tám - Bí thư Đảng ủy Khối và bà Lê Thị Hoa - Phó Bí thư Đảng ủy Khối.\n\nCác đại biểu học tập Chỉ thị số 05-CT/TW của Bộ Chính trị.\n",
        ),
    );
    site.write(
        "content/bai/hai.md",
        &page(
            "title = \"Hai\"\ndate = 2019-06-01",
            "Ông Lê Văn Tam - Bí thư Đảng ủy Khối phát biểu về Chỉ thị học tập và làm theo.\n",
        ),
    );
    site.write("content/registers.toml", registers);
    site
}

#[test]
fn the_editors_registers_file_merges_excludes_and_adds_aliases() {
    let site = corrections_site(
        "[people.\"Lê Văn Tám\"]\naliases = [\"Lê Văn Tam\"]\n\n[people.\"Lê Thị Hoa\"]\nexclude = true\n\n[documents.\"05-CT/TW\"]\naliases = [\"Chỉ thị học tập và làm theo\"]\n",
    );
    let run = site.build(&[]);
    assert!(
        run.stderr.is_empty() || !run.stderr.contains("registers.toml"),
        "{}",
        run.stderr
    );
    let html = site.read("public/nhan-vat/le-van-tam/index.html");
    assert!(html.contains("<h1>Lê Văn Tám</h1>"));
    assert_eq!(
        slugs(&timeline_titles_h3(&html)),
        ["mot", "hai"],
        "both spellings merged"
    );
    assert!(!site.path("public/nhan-vat/le-van-tam-2").exists());
    assert!(
        !site.path("public/nhan-vat/le-thi-hoa").exists(),
        "excluded"
    );
    let html = site.read("public/van-ban/05-ct-tw/index.html");
    assert_eq!(
        slugs(&links_in(&html, "<h3>")),
        ["mot", "hai"],
        "alias cites it"
    );
    assert!(html.contains("<blockquote><p>Ông Lê Văn Tam - Bí thư Đảng ủy Khối phát biểu về Chỉ thị học tập và làm theo.</p></blockquote>"));
    assert!(
        !site.path("public/registers.toml").exists(),
        "the editor's file is not published"
    );
}

#[test]
fn a_registers_file_entry_that_matches_nothing_is_a_warning() {
    let site = corrections_site("[documents.\"99-QĐ/TW\"]\nexclude = true\n");
    let run = site.build(&[]);
    assert!(
        run.stderr
            .contains("registers.toml:1:12: documents.\"99-QĐ/TW\" matches no document"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_bad_registers_file_stops_the_build_with_its_line() {
    let site = corrections_site("");
    site.build(&[]);
    let before = site.snapshot("public");
    site.write(
        "content/registers.toml",
        "[people.\"Lê Văn Tám\"]\nalias = [\"Lê Văn Tam\"]\n",
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("content/registers.toml:2:1"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("unknown field `alias`"),
        "{}",
        run.stderr
    );
    assert_eq!(
        site.snapshot("public"),
        before,
        "the previous output is left"
    );
}

#[test]
fn long_listings_are_paginated() {
    let site = Fixture::new(&minified(&format!("{CONFIG}paginate_by = 2\n")));
    site.write("content/dong/_index.md", &page("title = \"Dòng\"", ""));
    for day in 1..=5 {
        site.write(
            &format!("content/dong/bai-{day}.md"),
            &page(
                &format!("title = \"Bài {day}\"\ndate = 2019-05-0{day}"),
                "Nội dung.",
            ),
        );
    }
    site.build(&[]);
    let first = site.read("public/dong/index.html");
    assert_eq!(slugs(&timeline_titles(&first)), ["bai-1", "bai-2"]);
    assert!(
        first.contains("<a href=/dong/trang/2/ rel=next>"),
        "{first}"
    );
    let second = site.read("public/dong/trang/2/index.html");
    assert_eq!(slugs(&timeline_titles(&second)), ["bai-3", "bai-4"]);
    assert!(second.contains("<a href=/dong/ rel=prev>"));
    assert!(second.contains("<link href=https://example.org/dong/trang/2/ rel=canonical>"));
    let third = site.read("public/dong/trang/3/index.html");
    assert_eq!(slugs(&timeline_titles(&third)), ["bai-5"]);
    assert!(!site.path("public/dong/trang/4").exists());
    assert!(site.path("public/bien-nien/trang/3/index.html").is_file());
    assert!(!site.path("public/bien-nien/trang/4").exists());
}

#[test]
fn bad_paginate_by_and_language_are_located() {
    for (line, expected) in [
        (
            "paginate_by = 0",
            "config.toml:4:15: paginate_by must be at least 1",
        ),
        (
            "feed_limit = -1",
            "config.toml:4:14: feed_limit cannot be negative",
        ),
        (
            "default_language = \"fr\"",
            "config.toml:4:20: default_language `fr` is not one biennien writes",
        ),
    ] {
        let site = Fixture::new(&format!("{CONFIG}{line}\n"));
        let run = site.run(&["build"]);
        assert_eq!(run.code, 1);
        assert!(run.stderr.contains(expected), "{}", run.stderr);
    }
}

#[test]
fn english_interface_when_the_site_asks() {
    let site = Fixture::new(&minified(&format!("{CONFIG}default_language = \"en\"\n")));
    site.write("content/a/_index.md", &page("title = \"A\"", ""));
    site.write(
        "content/a/b.md",
        &page("title = \"B\"\ndate = 2017-03-04", "Chữ."),
    );
    site.build(&[]);
    let html = site.read("public/a/b/index.html");
    assert!(html.contains("<html lang=en>"));
    assert!(html.contains(">4 March 2017</time>"));
    assert!(html.contains(">Chronology</a>"));
    assert!(!html.contains("Trang chủ"));
}

#[test]
fn pages_carry_description_canonical_and_open_graph() {
    let site = built_minified_seed_site();
    let html = site.read(&format!(
        "public/2017-hoi-nghi-nganh-to-chuc/{ARTICLE_001}/index.html"
    ));
    let url = format!("https://lich-su.example.org/2017-hoi-nghi-nganh-to-chuc/{ARTICLE_001}/");
    assert!(html.contains(&format!("<link href={url} rel=canonical>")));
    assert!(html.contains(&format!("<meta content={url} property=og:url>")));
    assert!(html.contains("<meta content=\"Ngành Tổ chức Xây dựng Đảng tham mưu hoàn thiện chức năng, nhiệm vụ, tổ chức bộ máy của hệ thống chính trị\" property=og:title>"));
    assert!(html.contains("property=og:description>"));
    assert!(html.contains("name=description>"));
    let sitemap = site.read("public/sitemap.xml");
    for path in [
        "van-ban/",
        "van-ban/98-qd-tw/",
        "nhan-vat/son-minh-thang/",
        "bien-nien/",
    ] {
        assert!(
            sitemap.contains(&format!("<loc>https://lich-su.example.org/{path}</loc>")),
            "{path}"
        );
    }
}

#[test]
fn a_content_folder_in_the_way_of_a_register_is_an_error() {
    let site = Fixture::new(&minified(CONFIG));
    site.write(
        "content/van-ban/_index.md",
        &page("title = \"Văn bản\"", ""),
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains(
            "content/van-ban/_index.md: writes the same URL /van-ban/ as the documents register"
        ),
        "{}",
        run.stderr
    );
}

#[test]
fn an_editor_adds_a_photo_to_a_caption_figure_and_it_works_under_a_subpath() {
    let site = Fixture::new(&minified(CONFIG));
    site.write_bytes("static/anh/hoi-nghi.jpg", b"\xff\xd8\xff");
    site.write(
        "content/a.md",
        &page(
            "title = \"A\"",
            "<figure class=\"seed-caption\">\n<img src=\"/anh/hoi-nghi.jpg\" alt=\"Toàn cảnh hội nghị\">\n<figcaption>Toàn cảnh hội nghị <span class=\"credit\">Ảnh: TTXVN</span></figcaption>\n</figure>\n",
        ),
    );
    site.build(&["--base-url", "https://example.github.io/lich-su/"]);
    let html = site.read("public/a/index.html");
    assert!(
        html.contains("<img alt=\"Toàn cảnh hội nghị\" src=/lich-su/anh/hoi-nghi.jpg>"),
        "{html}"
    );
    assert!(site.path("public/anh/hoi-nghi.jpg").is_file());
}
