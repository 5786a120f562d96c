//! `biennien build` on small fixture sites: the files it writes, and its errors.

use crate::common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{CONFIG, Fixture, copy_dir, page, seed_site, snapshot};

fn site_with_pages() -> Fixture {
    let site = Fixture::new(CONFIG);
    site.write("content/2017/_index.md", "+++\ntitle = \"Năm 2017\"\n+++\n");
    site.write(
        "content/2017/hoi-nghi.md",
        &page(
            "title = \"Hội nghị\"\ndate = 2017-03-04T21:16:00+07:00\nauthors = [\"A.H\"]",
            "## Đại hội\n\nMột.\n\n## Đại hội\n\n| a | b |\n|---|---|\n| 1 | 2 |\n\n~~cũ~~ mới[^1]\n\n[^1]: Chú thích.\n",
        ),
    );
    site.write(
        "content/2017/sau.md",
        &page("title = \"Bài sau\"\ndate = 2017-05-01", "Nội dung."),
    );
    site.write(
        "content/2017/uoc-doan.md",
        &page(
            "title = \"Ước đoán\"\ndate = \"2017\"\ndate_approximate = true\ndate_note = \"Không rõ ngày.\"",
            "Văn bản.",
        ),
    );
    site.write(
        "content/khong-ngay.md",
        &page("title = \"Không ngày\"", "Không có ngày."),
    );
    site
}

#[test]
fn writes_pretty_urls_feeds_and_support_files() {
    let site = site_with_pages();
    let run = site.build(&[]);
    assert!(
        run.stdout.starts_with("Built 4 pages, 1 section in ") && run.stdout.contains("ms → "),
        "{}",
        run.stdout
    );
    for file in [
        "index.html",
        "2017/index.html",
        "2017/hoi-nghi/index.html",
        "khong-ngay/index.html",
        "404.html",
        "robots.txt",
        ".nojekyll",
        "style.css",
    ] {
        assert!(site.path("public").join(file).is_file(), "missing {file}");
    }
    let sitemap = site.read("public/sitemap.xml");
    for url in [
        "",
        "2017/",
        "2017/hoi-nghi/",
        "2017/sau/",
        "2017/uoc-doan/",
        "khong-ngay/",
    ] {
        assert!(
            sitemap.contains(&format!("<loc>https://example.org/{url}</loc>")),
            "sitemap lacks {url}"
        );
    }
    assert!(sitemap.contains("<lastmod>2017-05-01</lastmod>"));
    assert_eq!(
        site.read("public/robots.txt"),
        "User-agent: *\nAllow: /\nSitemap: https://example.org/sitemap.xml\n"
    );
    let atom = site.read("public/atom.xml");
    let order: Vec<usize> = ["2017/sau/", "2017/hoi-nghi/", "2017/uoc-doan/"]
        .iter()
        .map(|u| {
            atom.find(&format!("<id>https://example.org/{u}</id>"))
                .expect(u)
        })
        .collect();
    assert!(
        order.windows(2).all(|w| w[0] < w[1]),
        "newest first: {order:?}"
    );
    assert!(
        !atom.contains("khong-ngay"),
        "undated pages stay out of the feed"
    );
    assert!(atom.contains("<published>2017-03-04T21:16:00+07:00</published>"));
    assert!(atom.contains("<author><name>A.H</name></author>"));
    assert!(!site.path("public/CNAME").exists());
}

#[test]
fn the_feed_holds_the_newest_pages_up_to_its_limit() {
    let site = site_with_pages();
    site.write("config.toml", &format!("{CONFIG}feed_limit = 2\n"));
    site.build(&[]);
    let atom = site.read("public/atom.xml");
    assert_eq!(atom.matches("<entry>").count(), 2);
    assert!(atom.contains("<id>https://example.org/2017/sau/</id>"));
    assert!(atom.contains("<id>https://example.org/2017/hoi-nghi/</id>"));
    site.write("config.toml", &format!("{CONFIG}feed_limit = 0\n"));
    site.build(&[]);
    assert_eq!(site.read("public/atom.xml").matches("<entry>").count(), 3);
}

#[test]
fn pages_render_markdown_dates_and_neighbours() {
    let site = site_with_pages();
    site.build(&[]);
    let html = site.read("public/2017/hoi-nghi/index.html");
    assert!(html.contains("<html lang=\"vi\">"), "{html}");
    assert!(html.contains("<h2 id=\"dai-hoi\">Đại hội</h2>"), "{html}");
    assert!(html.contains("<h2 id=\"dai-hoi-1\">Đại hội</h2>"), "{html}");
    assert!(html.contains("<table>") && html.contains("<del>cũ</del>"));
    assert!(html.contains("footnote-definition"));
    assert!(html.contains("ngày 4 tháng 3 năm 2017"));
    // Sorted oldest first within 2017: the estimate (first day of 2017) comes before.
    assert!(
        html.contains("rel=\"prev\" href=\"/2017/uoc-doan/\""),
        "{html}"
    );
    assert!(html.contains("rel=\"next\" href=\"/2017/sau/\""), "{html}");
    let estimate = site.read("public/2017/uoc-doan/index.html");
    assert!(estimate.contains("khoảng năm 2017"));
    assert!(estimate.contains("Không rõ ngày."));
    let section = site.read("public/2017/index.html");
    let (a, b) = (
        section.find("Ước đoán").unwrap(),
        section.find("Bài sau").unwrap(),
    );
    assert!(a < b, "section lists oldest first");
}

#[test]
fn a_base_url_with_a_path_prefixes_every_link() {
    for base in [
        "https://org.github.io/lich-su",
        "https://org.github.io/lich-su/",
    ] {
        let site = site_with_pages();
        site.build(&["--base-url", base]);
        let html = site.read("public/2017/hoi-nghi/index.html");
        assert!(html.contains("href=\"/lich-su/style.css\""), "{html}");
        assert!(html.contains("href=\"/lich-su/2017/\">"), "{html}");
        assert!(
            html.contains(
                "rel=\"canonical\" href=\"https://org.github.io/lich-su/2017/hoi-nghi/\""
            )
        );
        assert!(
            !html.contains("href=\"/2017"),
            "a link escaped the base path: {html}"
        );
        let sitemap = site.read("public/sitemap.xml");
        assert!(sitemap.contains("<loc>https://org.github.io/lich-su/2017/sau/</loc>"));
        assert!(
            site.read("public/robots.txt")
                .contains("https://org.github.io/lich-su/sitemap.xml")
        );
    }
}

#[test]
fn the_same_input_builds_byte_identical_output() {
    let site = site_with_pages();
    site.build(&[]);
    let first = site.snapshot("public");
    site.build(&[]);
    assert_eq!(first, site.snapshot("public"));
}

/// The paths whose bytes differ between two builds, or that only one has.
fn differences(a: &BTreeMap<PathBuf, Vec<u8>>, b: &BTreeMap<PathBuf, Vec<u8>>) -> Vec<PathBuf> {
    let mut paths: Vec<&PathBuf> = a.keys().chain(b.keys()).collect();
    paths.sort();
    paths.dedup();
    paths
        .into_iter()
        .filter(|p| a.get(*p) != b.get(*p))
        .cloned()
        .collect()
}

/// The seed site, registers, chronology and search index with it: built twice in its
/// folder (the first build imports the seeds and writes their pages, the second reads
/// them) and once from a copy in another folder, given as a relative `--root`.
#[test]
fn the_seed_site_builds_byte_identical_output_wherever_it_is() {
    let site = seed_site();
    // Copied before any build, to a longer path with Vietnamese names.
    let elsewhere = tempfile::tempdir().unwrap();
    let copy = elsewhere.path().join("bản sao/lịch sử Đảng ủy");
    copy_dir(site.root(), &copy);

    site.build(&[]);
    let first = site.snapshot("public");
    for path in [
        "van-ban/index.html",
        "nhan-vat/index.html",
        "bien-nien/index.html",
        "search/meta.json",
        "search/terms/0.bin",
        "atom.xml",
        "sitemap.xml",
    ] {
        assert!(first.contains_key(Path::new(path)), "{path} was not built");
    }
    site.build(&[]);
    let again = site.snapshot("public");
    assert!(
        first == again,
        "the second build differs: {:?}",
        differences(&first, &again)
    );

    let run = Command::new(env!("CARGO_BIN_EXE_biennien"))
        .current_dir(elsewhere.path())
        .args(["--root", "bản sao/lịch sử Đảng ủy", "build"])
        .output()
        .unwrap();
    assert!(
        run.status.success(),
        "{}",
        String::from_utf8_lossy(&run.stderr)
    );
    let moved = snapshot(&copy.join("public"));
    assert!(
        first == moved,
        "the build in another folder differs: {:?}",
        differences(&first, &moved)
    );
}

#[test]
fn drafts_only_with_the_flag() {
    let site = Fixture::new(CONFIG);
    site.write(
        "content/nhap.md",
        &page("title = \"Nháp\"\ndraft = true", "x"),
    );
    site.build(&[]);
    assert!(!site.path("public/nhap").exists());
    assert!(!site.read("public/sitemap.xml").contains("nhap"));
    site.build(&["--drafts"]);
    assert!(site.path("public/nhap/index.html").exists());
}

#[test]
fn cname_from_config_wins_over_static() {
    let site = Fixture::new(&format!("{CONFIG}cname = \"lich-su.example.org\"\n"));
    site.write("static/CNAME", "old.example.org\n");
    site.write("static/images/logo.svg", "<svg/>");
    site.build(&[]);
    assert_eq!(site.read("public/CNAME"), "lich-su.example.org\n");
    assert_eq!(site.read("public/images/logo.svg"), "<svg/>");
}

#[test]
fn site_templates_override_the_theme() {
    let site = site_with_pages();
    site.write(
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<p class=\"mine\">{{ page.title }}</p>{% endblock content %}",
    );
    site.build(&[]);
    let html = site.read("public/2017/sau/index.html");
    assert!(html.contains("<p class=\"mine\">Bài sau</p>"), "{html}");
}

#[test]
fn pages_are_not_minified_unless_asked() {
    let site = Fixture::new(CONFIG);
    site.build(&[]);
    assert!(
        site.read("public/index.html")
            .contains("<html lang=\"vi\">\n<head>")
    );
}

#[test]
fn output_goes_where_asked() {
    let site = Fixture::new(CONFIG);
    site.build(&["--output", "dist"]);
    assert!(site.path("dist/index.html").exists());
    assert!(!site.path("public").exists());
}

#[test]
fn leftover_staging_folders_are_removed() {
    let site = Fixture::new(CONFIG);
    // A killed build's staging folder: its process id no longer exists.
    site.write(".public.biennien-staging-2147483646/index.html", "half");
    site.build(&[]);
    assert!(!site.path(".public.biennien-staging-2147483646").exists());
    let leftovers: Vec<_> = std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().contains("staging"))
        .collect();
    assert!(leftovers.is_empty(), "{leftovers:?}");
}

#[test]
fn an_output_left_aside_by_a_killed_swap_is_put_back() {
    let site = Fixture::new(CONFIG);
    site.write("content/a.md", "+++\ntitle = \"A\"\n+++\nx");
    site.build(&[]);
    // Killed between the fallback swap's renames: the old output aside, none in place.
    std::fs::rename(
        site.path("public"),
        site.path(".public.biennien-staging-2147483646.old"),
    )
    .unwrap();
    // This build fails while rendering, after the output folder was prepared.
    site.write("templates/page.html", "{{ not_defined }}");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        site.path("public/a/index.html").exists(),
        "the old output is back"
    );
    assert!(
        !site
            .path(".public.biennien-staging-2147483646.old")
            .exists()
    );
}

#[test]
fn a_minimal_theme_and_config_leave_out_what_they_do_not_want() {
    let site = Fixture::new(&format!(
        "{CONFIG}theme = \"toi-gian\"\nfeed = false\nsitemap = false\n"
    ));
    site.write(
        "themes/toi-gian/templates/page.html",
        "<h1>{{ page.title }}</h1>{{ page.content | safe }}",
    );
    site.write(
        "themes/toi-gian/templates/section.html",
        "{% for p in section.pages %}<a href=\"{{ p.path }}\">{{ p.title }}</a>{% endfor %}",
    );
    site.write(
        "themes/toi-gian/templates/index.html",
        "{% for s in section.subsections %}{{ s.title }}{% endfor %}",
    );
    site.write("themes/toi-gian/i18n/vi.toml", "");
    site.write("content/dong/_index.md", "+++\ntitle = \"Dòng\"\n+++\n");
    site.write(
        "content/dong/a.md",
        "+++\ntitle = \"A\"\ndate = 2018-01-02\n+++\nTheo Chỉ thị số 05-CT/TW, ông Sơn Minh Thắng, Bí thư Đảng ủy, phát biểu.",
    );
    site.build(&[]);
    assert!(site.path("public/dong/a/index.html").exists());
    assert!(site.read("public/dong/index.html").contains("/dong/a/"));
    for absent in [
        "van-ban",
        "nhan-vat",
        "bien-nien",
        "search",
        "404.html",
        "atom.xml",
        "sitemap.xml",
    ] {
        assert!(!site.path(&format!("public/{absent}")).exists(), "{absent}");
    }
    assert!(!site.read("public/robots.txt").contains("Sitemap"));
    // No link to a register page the theme does not make.
    let article = site.read("public/dong/a/index.html");
    assert!(article.contains("Chỉ thị số 05-CT/TW"));
    assert!(
        !article.contains("/van-ban/") && !article.contains("/nhan-vat/"),
        "{article}"
    );
}
