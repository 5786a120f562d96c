//! What editors write, read as they meant it or answered with the fix: quoted and day-first
//! dates, registers corrections that match nothing, pages without a title, `cname`,
//! interface strings the theme lacks, YAML front matter; and `check`, which imports into
//! memory and names broken links at their Markdown line.

use crate::common;

use std::fs;
use std::path::Path;

use common::{CONFIG, Fixture, assert_build_fails, page, repo, seed_site};

/// Asserts that a program's `output` has `expected` in it, showing the output when not.
fn assert_has(output: &str, expected: &str) {
    assert!(output.contains(expected), "{expected:?} in:\n{output}");
}

const TIMELINE: &str = "[[timelines]]\nslug = \"2018\"\ntitle = \"Năm 2018\"\nfrom = \"2018-01-01\"\nto = \"2018-12-31\"\n";

#[test]
fn a_quoted_full_date_is_a_date_in_pages_sidecars_and_timelines() {
    let site = Fixture::new(&format!("{CONFIG}{TIMELINE}"));
    site.write(
        "content/a.md",
        &page("title = \"A\"\ndate = \"2018-10-26\"", "Chữ."),
    );
    site.write(
        "seeds/bai.txt",
        "Hội nghị tổng kết công tác năm\n\nĐoạn văn đầu tiên của bài viết, đủ dài để là nội dung bài.\n",
    );
    site.write(
        "seeds/bai.toml",
        "title = \"Bài có ngày\"\ndate = \"2018-03-04\"\n",
    );
    site.build(&[]);
    let html = site.read("public/a/index.html");
    assert!(html.contains("ngày 26 tháng 10 năm 2018"), "{html}");
    let imported = site.read("content/2018/bai-co-ngay.md");
    assert!(imported.contains("\ndate = 2018-03-04\n"), "{imported}");
}

#[test]
fn a_day_first_date_is_answered_with_the_year_first_at_its_value() {
    assert_build_fails(
        |s| {
            s.write(
                "content/b.md",
                "+++\ntitle = \"B\"\ndate = 26/10/2018\n+++\nx",
            )
        },
        &[
            "content/b.md:3:8: front matter: `date = 26/10/2018` is not a date TOML can read",
            "help: write the year first, without quotes: `date = 2018-10-26`",
        ],
    );
    assert_build_fails(
        |s| {
            let timeline = TIMELINE.replace("\"2018-01-01\"", "01/01/2018");
            s.write("config.toml", &format!("{CONFIG}{timeline}"))
        },
        &[
            "config.toml:7:8: `from = 01/01/2018` is not a date TOML can read",
            "help: write the year first, without quotes: `from = 2018-01-01`",
        ],
    );
    let site = Fixture::new(CONFIG);
    site.write(
        "seeds/bai.txt",
        "Tiêu đề bài\n\nMột đoạn văn bản của bài viết.\n",
    );
    site.write("seeds/bai.toml", "title = \"Bài\"\ndate = 4.3.2017\n");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert_has(
        &run.stderr,
        "seeds/bai.toml:2:8: `date = 4.3.2017` is not a date TOML can read",
    );
    assert_has(&run.stderr, "`date = 2017-03-04`");
}

#[test]
fn yaml_front_matter_is_answered_with_the_toml_to_write() {
    assert_build_fails(
        |s| s.write("content/b.md", "---\ntitle: B\ndate: 2018-10-26\n---\nx"),
        &[
            "content/b.md:1:1: front matter is TOML between `+++` lines, not YAML between `---` lines",
            "    +++\n    title = \"Hội nghị ngành Tổ chức\"\n    date = 2018-10-26\n    +++",
        ],
    );
}

fn corrections_site(registers: &str) -> Fixture {
    let site = Fixture::new(CONFIG);
    site.write(
        "content/mot.md",
        &page(
            "title = \"Một\"\ndate = 2019-05-01",
            "Hội nghị có ông Lê Văn Tám - Bí thư Đảng ủy Khối và bà Lê Thị Hoa - Phó Bí thư Đảng ủy Khối.\n",
        ),
    );
    site.write("content/registers.toml", registers);
    site
}

#[test]
fn people_corrections_that_match_no_one_are_warned_about_at_their_line() {
    let site = corrections_site(
        "[people.\"Lê Văn Tám\"]\naliases = [\"Lê V. Tám\"]\n\n[people.\"Lê Thị Hoa\"]\nexclude = true\n\n[people.\"Lê Văn Tấm\"]\nexclude = true\n\n[people.\"Trần Không Có\"]\naliases = [\"Trần K. Có\"]\n",
    );
    let run = site.build(&[]);
    let file = site.path("content/registers.toml");
    for (line, name) in [(7, "Lê Văn Tấm"), (10, "Trần Không Có")] {
        let expected = format!(
            "warning: {}:{line}:9: people.\"{name}\" matches no one the articles name, so it changes nothing",
            file.display()
        );
        assert_has(&run.stderr, &expected);
    }
    assert!(
        !run.stderr.contains("\"Lê Văn Tám\" matches"),
        "{}",
        run.stderr
    );
    assert!(
        !run.stderr.contains("\"Lê Thị Hoa\" matches"),
        "{}",
        run.stderr
    );
    let documents = corrections_site("[documents.\"99-QĐ/TW\"]\nexclude = true\n");
    let run = documents.build(&[]);
    assert_has(
        &run.stderr,
        ":1:12: documents.\"99-QĐ/TW\" matches no document the articles cite",
    );
}

#[test]
fn every_readme_reference_in_a_message_names_a_heading_readme_has() {
    let readme = fs::read_to_string(repo().join("README.md")).unwrap();
    let headings: Vec<&str> = readme
        .lines()
        .filter_map(|l| l.strip_prefix("## ").or_else(|| l.strip_prefix("### ")))
        .collect();
    let mut references = 0;
    for entry in walkdir::WalkDir::new(repo().join("src")) {
        let entry = entry.unwrap();
        if entry.path().extension().is_none_or(|e| e != "rs") {
            continue;
        }
        let source = fs::read_to_string(entry.path()).unwrap();
        for (at, _) in source.match_indices("README.md") {
            let before = &source[..at];
            let section = before
                .strip_suffix("\\\" in ")
                .and_then(|b| b.rsplit_once("see \\\""))
                .map(|(_, section)| section);
            let file = entry.path().strip_prefix(repo()).unwrap().display();
            let Some(section) = section else {
                panic!(
                    "{file}: a README reference not written as see \\\"Heading\\\" in README.md"
                );
            };
            assert!(
                headings.contains(&section),
                "{file}: README.md has no heading {section:?}; it has {headings:?}"
            );
            references += 1;
        }
    }
    assert!(references >= 4, "found only {references} references");
}

#[test]
fn an_authored_page_or_section_without_a_title_is_an_error_at_its_file() {
    assert_build_fails(
        |s| s.write("content/b.md", &page("date = 2018-10-26", "x")),
        &[
            "content/b.md:2:1: the page has no title",
            "help: add `title = \"…\"` to its front matter",
        ],
    );
    assert_build_fails(
        |s| {
            s.write(
                "content/b.md",
                &page("date = 2018-10-26\ntitle = \" \"", "x"),
            )
        },
        &["content/b.md:3:9: the page has no title"],
    );
    assert_build_fails(
        |s| s.write("content/dong/_index.md", &page("weight = 1", "")),
        &["content/dong/_index.md:2:1: the section has no title"],
    );
    // The home page stands for the site: the site's title is its title.
    let site = Fixture::new(CONFIG);
    site.write(
        "content/_index.md",
        &page("description = \"Trang chủ\"", ""),
    );
    site.write("content/a.md", &page("title = \"A\"", "x"));
    site.build(&[]);
}

/// The project's site with seed 000's title taken out of its sidecar: the seed prints none.
fn seed_site_with_an_untitled_seed() -> Fixture {
    let site = seed_site();
    let sidecar = site.read("seeds/000_64c23ab981cd5741.toml");
    let without_title: String = sidecar
        .lines()
        .filter(|l| !l.starts_with("title = "))
        .map(|l| format!("{l}\n"))
        .collect();
    site.write("seeds/000_64c23ab981cd5741.toml", &without_title);
    site
}

#[test]
fn check_names_each_imported_page_without_a_title_and_its_sidecar() {
    let site = seed_site_with_an_untitled_seed();
    let run = site.run(&["check"]);
    let expected = format!(
        ": imported without a title: add `title = \"…\"` to {}",
        site.path("seeds/000_64c23ab981cd5741.toml").display()
    );
    let line = run
        .stderr
        .lines()
        .find(|l| l.contains(&expected))
        .unwrap_or_else(|| panic!("{expected} in:\n{}", run.stderr));
    assert!(
        line.starts_with(&format!(
            "warning: {}",
            site.path("content/2018-giao-ban-nam-bo/").display()
        )),
        "{line}"
    );
    assert_eq!(run.stderr.matches("imported without a title").count(), 1);
}

#[test]
fn check_imports_into_memory_and_leaves_content_and_public_as_they_are() {
    // A clone where content/ was never committed: check sees the seeds' pages all the same.
    let site = seed_site_with_an_untitled_seed();
    assert!(site.snapshot("content").is_empty());
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        site.snapshot("content").is_empty(),
        "check wrote into content/"
    );
    assert_has(&run.stderr, "imported without a title");

    // After a build, a changed sidecar: check reads the page the import would write.
    site.build(&[]);
    let content = site.snapshot("content");
    let public = site.snapshot("public");
    let sidecar = site.path("seeds/000_64c23ab981cd5741.toml");
    let text = fs::read_to_string(&sidecar).unwrap();
    fs::write(&sidecar, format!("title = \"Hội nghị đã có tên\"\n{text}")).unwrap();
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        !run.stderr.contains("imported without a title"),
        "{}",
        run.stderr
    );
    assert_eq!(site.snapshot("content"), content, "check changed content/");
    assert_eq!(site.snapshot("public"), public, "check changed public/");
}

#[test]
fn check_names_a_broken_link_at_its_markdown_file_and_line() {
    let site = Fixture::new(&CONFIG.replace("example.org/", "example.org/lich-su/"));
    site.write(
        "content/b.md",
        &page(
            "title = \"B\"\ndate = 2019-01-02",
            "Đoạn đầu.\n\nXem [trang đã xoá](/khong-co/) và ![ảnh](/anh/khong.svg).\n",
        ),
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    let file = site.path("content/b.md");
    for expected in [
        format!(
            "error: {}:7:20: broken link `/lich-su/khong-co/`: no such file (in atom.xml, b/index.html)",
            file.display()
        ),
        format!(
            "error: {}:7:42: broken link `/lich-su/anh/khong.svg`: no such file (in atom.xml, b/index.html)",
            file.display()
        ),
    ] {
        assert_has(&run.stderr, &expected);
    }
    assert!(run.stdout.contains(": 2 broken"), "{}", run.stdout);
}

#[test]
fn a_cname_with_a_scheme_or_a_path_is_refused_with_the_domain_to_write() {
    for (cname, fix) in [
        ("https://lich-su.example.org", "lich-su.example.org"),
        ("lich-su.example.org/site", "lich-su.example.org"),
    ] {
        assert_build_fails(
            |s| s.write("config.toml", &format!("{CONFIG}cname = \"{cname}\"\n")),
            &[
                &format!("config.toml:4:9: cname `{cname}` must be a domain name only"),
                &format!("help: write `cname = \"{fix}\"`"),
            ],
        );
    }
}

#[test]
fn a_cname_that_is_not_base_urls_host_is_a_warning() {
    let site = Fixture::new(&format!("{CONFIG}cname = \"lich-su.example.org\"\n"));
    let run = site.build(&[]);
    assert_has(
        &run.stderr,
        "config.toml:4:9: cname `lich-su.example.org` is not base_url's host `example.org`",
    );
    assert_has(
        &run.stderr,
        "set `base_url = \"https://lich-su.example.org/\"`",
    );
    assert_eq!(site.read("public/CNAME"), "lich-su.example.org\n");
    let same = Fixture::new(&CONFIG.replace("example.org/", "lich-su.example.org/"));
    same.write(
        "config.toml",
        &format!(
            "{}cname = \"lich-su.example.org\"\n",
            same.read("config.toml")
        ),
    );
    let run = same.build(&[]);
    assert!(!run.stderr.contains("cname"), "{}", run.stderr);
    // The Pages workflow gives the address with --base-url: compared too.
    let run = same.build(&["--base-url", "https://org.github.io/lich-su/"]);
    assert_has(
        &run.stderr,
        "--base-url's host `org.github.io` is not config.toml's cname `lich-su.example.org`",
    );
    let run = same.build(&["--base-url", "https://lich-su.example.org/"]);
    assert!(!run.stderr.contains("cname"), "{}", run.stderr);
}

#[test]
fn a_site_interface_string_the_theme_lacks_is_a_warning_with_the_nearest_keys() {
    let site = Fixture::new(CONFIG);
    site.write("content/a.md", &page("title = \"A\"", "x"));
    site.write("i18n/vi.toml", "home = \"Nhà\"\n\nprevios = \"Trước\"\n");
    let run = site.build(&[]);
    let expected = format!(
        "warning: {}:3:1: `previos` is not one of the theme's interface strings, so it changes nothing; the nearest it has: `previous`",
        Path::new(&site.path("i18n/vi.toml")).display()
    );
    assert_has(&run.stderr, &expected);
    assert!(site.read("public/a/index.html").contains("Nhà"));
}
