//! README's promises about sections, templates, interface strings, English timelines,
//! files beside pages and the unknown-field error, each held by a build of a small site;
//! and `serve`'s `--base-url` and `--drafts`, held by a running server.

use crate::common;

use common::server::{Server, save};
use common::{Fixture, assert_build_fails, page};

/// Unminified, so that assertions read the templates' own markup.
const CONFIG: &str =
    "base_url = \"https://example.org/\"\ntitle = \"Biên niên thử\"\nminify = false\n";

/// Asserts that `texts` appear in `html` in this order, each once at least.
#[track_caller]
fn assert_in_order(html: &str, texts: &[&str]) {
    let at: Vec<usize> = texts
        .iter()
        .map(|t| {
            html.find(t)
                .unwrap_or_else(|| panic!("{t:?} not in:\n{html}"))
        })
        .collect();
    let mut sorted = at.clone();
    sorted.sort_unstable();
    assert_eq!(at, sorted, "not in the order {texts:?}:\n{html}");
}

/// Asserts that `html` links the `(path, title)` pairs in this order, as the default theme's
/// listings link pages and sections.
#[track_caller]
fn assert_links_in_order(html: &str, links: &[(&str, &str)]) {
    let links: Vec<String> = links
        .iter()
        .map(|(path, title)| format!("<a href=\"/{path}\">{title}</a>"))
        .collect();
    assert_in_order(html, &links.iter().map(String::as_str).collect::<Vec<_>>());
}

/// A section `muc` with `fields` in its front matter and four pages whose dates, weights and
/// titles each give another order.
fn section_site(fields: &str) -> Fixture {
    let site = Fixture::new(CONFIG);
    site.write(
        "content/muc/_index.md",
        &page(&format!("title = \"Mục\"\n{fields}"), ""),
    );
    for (file, fields) in [
        ("a.md", "title = \"Chiến\"\ndate = 2019-05-01\nweight = 3"),
        ("b.md", "title = \"An\"\ndate = 2017-05-01"),
        ("c.md", "title = \"Bình\"\ndate = 2020-05-01\nweight = 1"),
        ("d.md", "title = \"Dũng\"\ndate = 2018-05-01\nweight = 2"),
    ] {
        site.write(&format!("content/muc/{file}"), &page(fields, "Văn bản."));
    }
    site.build(&[]);
    site
}

fn section_order(fields: &str, files_in_order: &[(&str, &str)]) {
    let site = section_site(fields);
    let paths: Vec<String> = files_in_order
        .iter()
        .map(|(slug, _)| format!("muc/{slug}/"))
        .collect();
    let links: Vec<(&str, &str)> = paths
        .iter()
        .zip(files_in_order)
        .map(|(path, (_, title))| (path.as_str(), *title))
        .collect();
    assert_links_in_order(&site.read("public/muc/index.html"), &links);
}

#[test]
fn a_section_lists_its_pages_oldest_first_by_default_the_undated_last() {
    let site = section_site("");
    site.write("content/muc/0.md", &page("title = \"Chưa rõ ngày\"", "x"));
    site.build(&[]);
    assert_links_in_order(
        &site.read("public/muc/index.html"),
        &[
            ("muc/b/", "An"),
            ("muc/d/", "Dũng"),
            ("muc/a/", "Chiến"),
            ("muc/c/", "Bình"),
            ("muc/0/", "Chưa rõ ngày"),
        ],
    );
}

#[test]
fn sort_by_weight_lists_weighted_pages_by_weight_then_the_unweighted() {
    section_order(
        "sort_by = \"weight\"",
        &[("c", "Bình"), ("d", "Dũng"), ("a", "Chiến"), ("b", "An")],
    );
}

#[test]
fn sort_by_title_lists_pages_by_title() {
    section_order(
        "sort_by = \"title\"",
        &[("b", "An"), ("c", "Bình"), ("a", "Chiến"), ("d", "Dũng")],
    );
}

#[test]
fn sort_by_title_follows_the_vietnamese_alphabet() {
    // Byte order would put `Đ` and `Ả` after `Z`, and capitals before small letters.
    let site = Fixture::new(CONFIG);
    site.write(
        "content/muc/_index.md",
        &page("title = \"Mục\"\nsort_by = \"title\"", ""),
    );
    let titles = [
        "an toàn",
        "Ảnh tư liệu",
        "Ăn mừng",
        "Âm vang",
        "Bình",
        "Dân vận",
        "Đại hội",
        "Ơn nghĩa",
        "Zalo",
    ];
    // Written in another order than the alphabet's, their file names in neither.
    for (i, title) in titles.iter().rev().enumerate() {
        site.write(
            &format!(
                "content/muc/{}.md",
                ["k", "c", "x", "a", "m", "b", "z", "d", "p"][i]
            ),
            &page(
                &format!("title = \"{title}\"\ndate = 20{:02}-01-01", 10 + i),
                "x",
            ),
        );
    }
    // An imported article without a title yet comes last, as an undated one does by date.
    site.write(
        "content/muc/0.md",
        &page(
            "date = 2000-01-01\n[provenance]\nseed = \"seeds/0.txt\"\nseed_sha256 = \"0\"\nwritten_sha256 = \"0\"",
            "x",
        ),
    );
    site.build(&[]);
    let html = site.read("public/muc/index.html");
    let shown: Vec<String> = titles
        .iter()
        .chain(&["(Bài chưa có tiêu đề)"])
        .map(|t| format!(">{t}</a>"))
        .collect();
    assert_in_order(&html, &shown.iter().map(String::as_str).collect::<Vec<_>>());
}

#[test]
fn reverse_turns_the_order_around() {
    section_order(
        "reverse = true",
        &[("c", "Bình"), ("a", "Chiến"), ("d", "Dũng"), ("b", "An")],
    );
    section_order(
        "sort_by = \"title\"\nreverse = true",
        &[("d", "Dũng"), ("a", "Chiến"), ("c", "Bình"), ("b", "An")],
    );
}

#[test]
fn previous_and_next_follow_the_sections_order() {
    let site = section_site("sort_by = \"weight\"");
    // By weight: Bình (c), Dũng (d), Chiến (a), An (b).
    let html = site.read("public/muc/d/index.html");
    assert!(html.contains("<a rel=\"prev\" href=\"/muc/c/\">"), "{html}");
    assert!(html.contains("<a rel=\"next\" href=\"/muc/a/\">"), "{html}");
}

#[test]
fn a_sections_weight_orders_it_among_its_parents_sections() {
    let site = Fixture::new(CONFIG);
    // In path order they would be a, b, c: weights put b first, the unweighted c last.
    for (folder, title, weight) in [
        ("a", "Dòng Một", "weight = 2"),
        ("b", "Dòng Hai", "weight = 1"),
        ("c", "Dòng Ba", ""),
    ] {
        site.write(
            &format!("content/{folder}/_index.md"),
            &page(&format!("title = \"{title}\"\n{weight}"), ""),
        );
    }
    site.build(&[]);
    assert_links_in_order(
        &site.read("public/index.html"),
        &[("b/", "Dòng Hai"), ("a/", "Dòng Một"), ("c/", "Dòng Ba")],
    );
}

#[test]
fn page_template_renders_the_sections_pages_unless_a_page_names_its_own() {
    let site = Fixture::new(CONFIG);
    site.write(
        "content/muc/_index.md",
        &page(
            "title = \"Mục\"\ntemplate = \"muc.html\"\npage_template = \"bai-muc.html\"",
            "",
        ),
    );
    site.write("content/muc/a.md", &page("title = \"A\"", "Văn bản A."));
    site.write(
        "content/muc/b.md",
        &page("title = \"B\"\ntemplate = \"bai-rieng.html\"", "Văn bản B."),
    );
    site.write("content/c.md", &page("title = \"C\"", "Văn bản C."));
    site.write(
        "templates/muc.html",
        "MỤC {{ section.title }}: {% for p in section.pages %}{{ p.title }} {% endfor %}",
    );
    site.write(
        "templates/bai-muc.html",
        "BÀI CỦA MỤC {{ page.title }} {{ page.content }}",
    );
    site.write("templates/bai-rieng.html", "BÀI RIÊNG {{ page.title }}");
    site.build(&[]);
    assert_eq!(site.read("public/muc/index.html"), "MỤC Mục: A B ");
    assert_eq!(
        site.read("public/muc/a/index.html"),
        "BÀI CỦA MỤC A <p>Văn bản A.</p>\n"
    );
    assert_eq!(site.read("public/muc/b/index.html"), "BÀI RIÊNG B");
    // Outside the section, the theme's page.html.
    let other = site.read("public/c/index.html");
    assert!(other.starts_with("<!DOCTYPE html>"), "{other}");
    assert!(!other.contains("BÀI"), "{other}");
}

#[test]
fn the_template_helpers_do_what_readme_says() {
    // A base path, so that `url` and `markdown` have something to add.
    let site = Fixture::new(
        "base_url = \"https://org.github.io/lich-su/\"\ntitle = \"Biên niên thử\"\nminify = false\n",
    );
    site.write(
        "content/muc/_index.md",
        &page("title = \"Mục lục\"\ndescription = \"Các bài.\"", ""),
    );
    site.write(
        "content/muc/b.md",
        &page("title = \"Bài được tìm\"\ndate = 2017-03-04", "Văn bản."),
    );
    site.write(
        "content/muc/c.md",
        &page("title = \"Bài thứ hai\"", "Văn bản."),
    );
    site.write(
        "content/tro-giup.md",
        &page("title = \"Trợ giúp\"\ntemplate = \"tro-giup.html\"", ""),
    );
    site.write(
        "templates/tro-giup.html",
        r#"{% set other = get_page(path="muc/b.md") %}get_page: {{ other.title }} {{ other.path }} {{ other.date_text }}
{% set s = get_section(path="muc/_index.md") %}get_section: {{ s.title }} {{ s.description }} {{ s.pages | length }} {{ s.path }}
date_vi: {{ "2017-03-04" | date_vi }} / {{ "2018-08" | date_vi }} / {{ "2018" | date_vi(approximate=true) }}
slugify: {{ "Đại hội Đảng bộ lần thứ XII" | slugify }}
markdown: {{ "**Đậm** và [liên kết](/muc/b/)" | markdown }}
url: {{ url(path="muc/b/") }} {{ url(path="muc/b/", absolute=true) }} {{ url(path="/style.css", absolute=true) }}
"#,
    );
    site.build(&[]);
    assert_eq!(
        site.read("public/tro-giup/index.html"),
        "get_page: Bài được tìm /lich-su/muc/b/ ngày 4 tháng 3 năm 2017\n\
         get_section: Mục lục Các bài. 2 /lich-su/muc/\n\
         date_vi: ngày 4 tháng 3 năm 2017 / tháng 8 năm 2018 / khoảng năm 2018\n\
         slugify: dai-hoi-dang-bo-lan-thu-xii\n\
         markdown: <p><strong>Đậm</strong> và <a href=\"/lich-su/muc/b/\">liên kết</a></p>\n\n\
         url: /lich-su/muc/b/ https://org.github.io/lich-su/muc/b/ https://org.github.io/lich-su/style.css\n"
    );
}

#[test]
fn get_page_of_a_page_that_is_not_there_stops_the_build_naming_it() {
    assert_build_fails(
        |s| {
            s.write(
                "content/c.md",
                &page("title = \"C\"\ntemplate = \"c.html\"", ""),
            );
            s.write(
                "templates/c.html",
                "{% set other = get_page(path=\"khong-co.md\") %}{{ other.title }}",
            );
        },
        &[
            "templates/c.html:1:16: template error: get_page: no page content/khong-co.md (while rendering ",
            "/content/c.md)",
        ],
    );
}

#[test]
fn a_sites_interface_string_replaces_that_one_string_only() {
    let site = section_site("");
    site.write("i18n/vi.toml", "previous = \"Bài đăng trước\"\n");
    site.build(&[]);
    // Dũng (d) is second by date: it has both a previous and a next page.
    let html = site.read("public/muc/d/index.html");
    assert!(html.contains("← Bài đăng trước</span>"), "{html}");
    assert!(!html.contains("← Bài trước"), "{html}");
    // The theme's other strings stay.
    assert!(html.contains("<span>Bài sau →</span>"), "{html}");
    assert!(html.contains("Trang chủ"), "{html}");
}

const TIMELINE: &str = r#"
[[timelines]]
slug = "2017-hoi-nghi"
title = "Hội nghị ngành Tổ chức 2017"
title_en = "The 2017 conference"
from = 2017-01-01
to = 2017-12-31

[[timelines]]
slug = "2018-giao-ban"
title = "Giao ban 2018"
from = 2018-01-01
to = 2018-12-31
"#;

fn timeline_site(language: &str) -> Fixture {
    let site = Fixture::new(&format!(
        "{CONFIG}default_language = \"{language}\"\n{TIMELINE}"
    ));
    site.write(
        "content/2017-hoi-nghi/_index.md",
        &page("title = \"Hội nghị ngành Tổ chức 2017\"", ""),
    );
    site.write(
        "content/2017-hoi-nghi/a.md",
        &page("title = \"Bài A\"\ndate = 2017-03-04", "Văn bản."),
    );
    site.write(
        "content/2018-giao-ban/_index.md",
        &page("title = \"Giao ban 2018\"", ""),
    );
    site.build(&[]);
    site
}

#[test]
fn an_english_site_names_a_timeline_by_its_title_en() {
    let site = timeline_site("en");
    let section = site.read("public/2017-hoi-nghi/index.html");
    assert!(
        section.contains("<h1>The 2017 conference</h1>"),
        "{section}"
    );
    assert!(
        !section.contains("Hội nghị ngành Tổ chức 2017"),
        "{section}"
    );
    // Wherever the section's title is shown: the home page, its articles' breadcrumbs.
    let home = site.read("public/index.html");
    assert_links_in_order(&home, &[("2017-hoi-nghi/", "The 2017 conference")]);
    let article = site.read("public/2017-hoi-nghi/a/index.html");
    assert_links_in_order(&article, &[("2017-hoi-nghi/", "The 2017 conference")]);
    // A timeline without a title_en keeps its title.
    let untranslated = site.read("public/2018-giao-ban/index.html");
    assert!(
        untranslated.contains("<h1>Giao ban 2018</h1>"),
        "{untranslated}"
    );

    let site = timeline_site("vi");
    let section = site.read("public/2017-hoi-nghi/index.html");
    assert!(
        section.contains("<h1>Hội nghị ngành Tổ chức 2017</h1>"),
        "{section}"
    );
    assert!(!section.contains("The 2017 conference"), "{section}");
}

#[test]
fn files_beside_a_page_are_copied_to_the_same_place() {
    // Under a base path, as on a GitHub Pages project site.
    let site =
        Fixture::new(&CONFIG.replace("https://example.org/", "https://org.github.io/lich-su/"));
    site.write("content/muc/_index.md", &page("title = \"Mục\"", ""));
    site.write(
        "content/Đại hội/_index.md",
        &page("title = \"Đại hội\"", ""),
    );
    // Linked by their site paths, as README says: the page itself is one folder down.
    // (JPEG, PNG and WebP images are photos, published resized: tests/it/photos.rs.)
    site.write(
        "content/muc/a.md",
        &page(
            "title = \"A\"\ndate = 2018-10-26",
            "![Sơ đồ](/muc/so-do.svg) ![Ảnh](/muc/anh/hoi-nghi.gif) [Tệp](/tep.pdf) ![Đại hội](/dai-hoi/ảnh 1.gif)",
        ),
    );
    let files: [(&str, &str, &[u8]); 4] = [
        (
            "content/muc/so-do.svg",
            "public/muc/so-do.svg",
            b"<svg xmlns=\"http://www.w3.org/2000/svg\"/>",
        ),
        (
            "content/muc/anh/hoi-nghi.gif",
            "public/muc/anh/hoi-nghi.gif",
            b"GIF89a a",
        ),
        ("content/tep.pdf", "public/tep.pdf", b"%PDF-1.4"),
        // A folder's name becomes its URL segment, as its section's does.
        (
            "content/Đại hội/ảnh 1.gif",
            "public/dai-hoi/ảnh 1.gif",
            b"GIF89a b",
        ),
    ];
    for (source, _, bytes) in files {
        site.write_bytes(source, bytes);
    }
    site.build(&[]);
    for (_, built, bytes) in files {
        assert_eq!(std::fs::read(site.path(built)).unwrap(), bytes, "{built}");
    }
    let html = site.read("public/muc/a/index.html");
    assert!(html.contains("src=\"/lich-su/muc/so-do.svg\""), "{html}");
    // The Markdown source is not published, and every link above resolves.
    assert!(!site.path("public/muc/a.md").exists());
    let check = site.run(&["check"]);
    assert_eq!(check.code, 0, "{}{}", check.stdout, check.stderr);
}

#[test]
fn an_unknown_page_field_is_refused_with_every_field_there_is() {
    assert_build_fails(
        |s| s.write("content/b.md", &page("title = \"B\"\ntags = [\"x\"]", "x")),
        &[
            "content/b.md:3:1: front matter: unknown field `tags`, expected one of `title`, `date`, `date_approximate`, `date_note`, `description`, `draft`, `slug`, `aliases`, `weight`, `template`, `authors`, `author_roles`, `source`, `provenance`, `extra`",
            "help: see \"Content format\" in README.md",
        ],
    );
}

#[test]
fn an_unknown_section_field_is_refused_with_every_field_there_is() {
    assert_build_fails(
        |s| {
            s.write(
                "content/muc/_index.md",
                &page("title = \"Mục\"\nsort-by = \"weight\"", ""),
            )
        },
        &[
            "content/muc/_index.md:3:1: front matter: unknown field `sort-by`, expected one of `title`, `description`, `weight`, `template`, `page_template`, `sort_by`, `reverse`, `extra`",
        ],
    );
}

#[test]
fn an_unknown_config_key_is_refused_with_every_key_there_is() {
    assert_build_fails(
        |s| s.write("config.toml", &format!("{CONFIG}colour = \"đỏ\"\n")),
        &[
            "config.toml:4:1: unknown field `colour`, expected one of `base_url`, `title`, `description`, `default_language`, `theme`, `minify`, `feed`, `feed_limit`, `sitemap`, `paginate_by`, `cname`, `extra`, `sources`, `import`, `timelines`",
            "help: see \"Configuration (`config.toml`)\" in README.md",
        ],
    );
    assert_build_fails(
        |s| {
            s.write(
                "config.toml",
                &format!("{CONFIG}{}", TIMELINE.replace("title_en", "title-en")),
            )
        },
        &[
            "config.toml:8:1: unknown field `title-en`, expected one of `slug`, `title`, `title_en`, `description`, `from`, `to`",
        ],
    );
}

/// A site with one page `a` and a draft `nhap`, whose config says another address than the
/// one `--base-url` gives.
fn serve_site() -> Fixture {
    let site = Fixture::new(CONFIG);
    site.write("content/a.md", &page("title = \"Bài A\"", "Chữ."));
    site.write(
        "content/nhap.md",
        &page("title = \"Bài nháp\"\ndraft = true", "Chưa xong."),
    );
    site
}

/// Saves `rel` as an editor does, waits for the reload event the open pages get, and asserts
/// that `path` is then served with each of `expected`.
#[track_caller]
fn save_then_served(
    site: &Fixture,
    server: &Server,
    (rel, text): (&str, &str),
    path: &str,
    expected: &[&str],
) {
    let mut events = server.listen();
    save(site, rel, text);
    assert_eq!(events.next(), "reload");
    let response = server.get(path);
    assert_eq!(response.status, 200, "{path}");
    for text in expected {
        assert!(
            response.body.contains(text),
            "{text:?} not in:\n{}",
            response.body
        );
    }
}

#[test]
fn serve_base_url_renders_links_for_that_address_after_every_rebuild() {
    let site = serve_site();
    let server = Server::start(&site, &["--base-url", "https://org.github.io/lich-su/"]);
    // Served under the address's path, as GitHub Pages will serve it.
    assert_eq!(server.base, "/lich-su/");
    let home = server.get("/lich-su/");
    assert_eq!(home.status, 200);
    assert!(
        home.body.contains("<a href=\"/lich-su/a/\">Bài A</a>"),
        "{}",
        home.body
    );
    let canonical = "<link rel=\"canonical\" href=\"https://org.github.io/lich-su/a/\">";
    let a = server.get("/lich-su/a/");
    assert!(a.body.contains(canonical), "{}", a.body);
    // A rebuild renders for the same address.
    let edited = page("title = \"Bài A sửa\"", "Chữ.");
    let expected = ["<h1>Bài A sửa</h1>", canonical];
    save_then_served(
        &site,
        &server,
        ("content/a.md", &edited),
        "/lich-su/a/",
        &expected,
    );
    // So does a change of config.toml, which is read again.
    let config = CONFIG.replace("Biên niên thử", "Biên niên mới");
    let expected = ["Biên niên mới", canonical];
    save_then_served(
        &site,
        &server,
        ("config.toml", &config),
        "/lich-su/a/",
        &expected,
    );
    assert!(!site.path("public").exists(), "serve never writes public/");
}

#[test]
fn serve_shows_drafts_only_with_drafts() {
    let site = serve_site();
    let server = Server::start(&site, &[]);
    assert_eq!(server.get("/nhap/").status, 404);
    assert!(!server.get("/").body.contains("Bài nháp"));
    drop(server);

    let server = Server::start(&site, &["--drafts"]);
    let draft = server.get("/nhap/");
    assert_eq!(draft.status, 200);
    assert!(draft.body.contains("<h1>Bài nháp</h1>"), "{}", draft.body);
    assert!(server.get("/").body.contains("Bài nháp"));
    // A draft saved while it runs is shown too.
    let second = page("title = \"Bài nháp hai\"\ndraft = true", "Cũng chưa xong.");
    let saved = ("content/nhap-hai.md", second.as_str());
    save_then_served(
        &site,
        &server,
        saved,
        "/nhap-hai/",
        &["<h1>Bài nháp hai</h1>"],
    );
}
