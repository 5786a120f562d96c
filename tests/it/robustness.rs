//! The robustness catalogue: inputs editors really produce (half-typed files, pasted HTML,
//! odd articles, links to elsewhere) and what each must give. Rejected inputs exit 1 with a
//! message naming the file (with line and column where there is one) and leave `public/`
//! byte for byte; accepted inputs give the right output. Cases already covered elsewhere are
//! listed in README.md ("Robustness") with the test that covers them.

use crate::common;

use common::{CONFIG, Fixture, assert_build_fails, page};

// ---- Rejected ----

#[test]
fn invalid_utf8_in_config_toml() {
    assert_build_fails(
        |s| {
            s.write_bytes(
                "config.toml",
                b"base_url = \"https://example.org/\"\ntitle = \"T\xff\"\n",
            )
        },
        &[
            "config.toml:2:11: the file is not valid UTF-8",
            "save the file as UTF-8",
        ],
    );
}

#[test]
fn invalid_utf8_in_a_template() {
    assert_build_fails(
        |s| s.write_bytes("templates/page.html", b"<p>\xff</p>{{ page.title }}"),
        &["templates/page.html:1:4: the file is not valid UTF-8"],
    );
}

#[test]
fn invalid_utf8_in_a_section_file_and_an_interface_strings_file() {
    assert_build_fails(
        |s| s.write_bytes("content/dong/_index.md", b"+++\ntitle = \"D\xc3\"\n+++\n"),
        &["content/dong/_index.md:2:11: the file is not valid UTF-8"],
    );
    assert_build_fails(
        |s| s.write_bytes("i18n/vi.toml", b"home = \"Trang \xe1\"\n"),
        &["i18n/vi.toml:1:15: the file is not valid UTF-8"],
    );
}

#[test]
fn an_empty_content_file() {
    assert_build_fails(
        |s| s.write("content/b.md", ""),
        &[
            "content/b.md:1:1: the file does not start with front matter",
            "begin the file with a line `+++`",
        ],
    );
}

#[test]
fn an_empty_config_toml() {
    assert_build_fails(
        |s| s.write("config.toml", ""),
        &["config.toml:1:1: missing field `base_url`"],
    );
}

#[test]
fn an_unknown_config_key() {
    assert_build_fails(
        |s| s.write("config.toml", &format!("{CONFIG}tittle = \"x\"\n")),
        &["config.toml:4:1: unknown field `tittle`, expected one of"],
    );
}

#[test]
fn a_config_value_of_the_wrong_type() {
    assert_build_fails(
        |s| s.write("config.toml", &format!("{CONFIG}minify = \"yes\"\n")),
        &["config.toml:4:10: invalid type: string \"yes\", expected a boolean"],
    );
}

#[test]
fn a_front_matter_title_that_is_not_text() {
    assert_build_fails(
        |s| s.write("content/b.md", "+++\ntitle = 5\n+++\nx"),
        &["content/b.md:2:9: front matter: invalid type: integer `5`, expected a string"],
    );
}

#[test]
fn unterminated_front_matter_with_windows_line_endings() {
    assert_build_fails(
        |s| s.write("content/b.md", "+++\r\ntitle = \"B\"\r\nNội dung\r\n"),
        &[
            "content/b.md:1:1: the front matter opened on line 1 is never closed",
            "add a line `+++`",
        ],
    );
}

#[test]
fn a_slug_that_is_an_absolute_path() {
    for slug in ["/etc/passwd", "C:\\\\Windows", "\\\\\\\\server\\\\share"] {
        assert_build_fails(
            |s| {
                s.write(
                    "content/b.md",
                    &page(&format!("title = \"B\"\nslug = \"{slug}\""), "x"),
                )
            },
            &[
                "content/b.md:3:8: front matter: slug",
                "must be one URL segment",
            ],
        );
    }
}

// ---- Accepted ----

/// A site with one page, built; returns the page's HTML.
fn build_page(markdown: &str) -> (Fixture, String) {
    let site = Fixture::new(&format!("{CONFIG}minify = false\n"));
    site.write_bytes("content/p.md", markdown.as_bytes());
    site.build(&[]);
    let html = site.read("public/p/index.html");
    (site, html)
}

#[test]
fn decomposed_text_is_normalised_not_rejected() {
    use unicode_normalization::UnicodeNormalization;
    let nfd = |s: &str| s.nfd().collect::<String>();
    let (site, html) = build_page(&page(
        &format!("title = \"{}\"", nfd("Đảng ủy Khối")),
        &nfd("Nội dung được gõ ở dạng tổ hợp."),
    ));
    assert!(html.contains("<h1>Đảng ủy Khối</h1>"), "{html}");
    assert!(html.contains("Nội dung được gõ ở dạng tổ hợp."));
    // The search index has the composed words too.
    let doc = common::inflate(&site.read_bytes("public/search/docs/0.bin"));
    assert!(doc.contains("Nội dung được gõ ở dạng tổ hợp."), "{doc}");
}

#[test]
fn a_byte_order_mark_is_dropped() {
    let site = Fixture::new("");
    site.write_bytes("config.toml", format!("\u{feff}{CONFIG}").as_bytes());
    site.write(
        "content/p.md",
        &format!("\u{feff}{}", page("title = \"Có BOM\"", "Nội dung.")),
    );
    site.build(&[]);
    let html = site.read("public/p/index.html");
    assert!(html.contains("Có BOM"));
    assert!(!html.contains('\u{feff}'));
}

#[test]
fn windows_line_endings_work_everywhere() {
    let site = Fixture::new("");
    site.write("config.toml", &CONFIG.replace('\n', "\r\n"));
    site.write(
        "content/p.md",
        "+++\r\ntitle = \"Dòng CRLF\"\r\ndate = 2018-01-02\r\n+++\r\nĐoạn một\r\ndòng tiếp.\r\n\r\nĐoạn hai.\r\n",
    );
    site.build(&["--base-url", "https://example.org/"]);
    let html = site.read("public/p/index.html");
    assert!(html.contains("Dòng CRLF"));
    assert!(html.contains("ngày 2 tháng 1 năm 2018"));
    assert!(
        html.contains("<p>Đoạn một\ndòng tiếp.</p>") || html.contains("<p>Đoạn một dòng tiếp."),
        "{html}"
    );
    assert!(html.contains("Đoạn hai."));
    assert!(!html.contains('\r'));
}

#[test]
fn control_characters_are_dropped() {
    let (_, html) = build_page(&page(
        "title = \"Tiêu\u{1}đề\"",
        "Chữ\u{2}lạ\u{1b}[31m và\u{7f} xóa\u{85}.\tTab giữ.",
    ));
    assert!(html.contains("<h1>Tiêuđề</h1>"), "{html}");
    assert!(html.contains("Chữlạ[31m và xóa."), "{html}");
    assert!(!html.contains(|c: char| c.is_control() && !matches!(c, '\n' | '\t')));
}

#[test]
fn an_empty_body_is_a_page_without_text() {
    let (_, html) = build_page(&page("title = \"Chỉ có tiêu đề\"", ""));
    assert!(html.contains("Chỉ có tiêu đề"));
}

#[test]
fn html_in_authored_markdown_is_kept() {
    let (_, html) = build_page(&page(
        "title = \"HTML\"",
        "<div class=\"ghi-chu\">Ghi <b>chú</b></div>\n\nVăn bản với <abbr title=\"Ban Chấp hành\">BCH</abbr>.\n\n<script>document.title = 'tác giả viết';</script>\n",
    ));
    assert!(
        html.contains("<div class=\"ghi-chu\">Ghi <b>chú</b></div>"),
        "{html}"
    );
    assert!(html.contains("<abbr title=\"Ban Chấp hành\">BCH</abbr>"));
    assert!(html.contains("<script>document.title = 'tác giả viết';</script>"));
}

#[test]
fn a_hundred_thousand_nested_quotes_render_without_crashing() {
    for minify in ["true", "false"] {
        let site = Fixture::new(&format!("{CONFIG}minify = {minify}\n"));
        site.write(
            "content/p.md",
            &page(
                "title = \"Sâu\"",
                &(">".repeat(100_000) + " Câu ở tận cùng."),
            ),
        );
        site.build(&[]);
        let html = site.read("public/p/index.html");
        // Flattened to the first 100 levels, the text inside the deepest.
        assert_eq!(
            html.matches("<blockquote>").count(),
            100,
            "minify = {minify}"
        );
        assert_eq!(
            html.matches("</blockquote>").count(),
            100,
            "minify = {minify}"
        );
        let deepest = html.rfind("<blockquote>").unwrap();
        let text = html.find("Câu ở tận cùng.").unwrap();
        assert!(deepest < text && text < html.find("</blockquote>").unwrap());
    }
}

#[test]
fn fifty_thousand_nested_divs_are_written_unminified() {
    // Raw HTML nested this deep is written as it is rather than crashing the minifier; a
    // shallow page beside it is still minified.
    let built = |minify: bool| {
        let site = Fixture::new(&format!("{CONFIG}minify = {minify}\n"));
        site.write(
            "content/p.md",
            &page("title = \"Sâu\"", &("<div>".repeat(50_000) + "Đáy")),
        );
        site.write("content/q.md", &page("title = \"Nông\"", "<div>Nông</div>"));
        site.build(&[]);
        (
            site.read("public/p/index.html"),
            site.read("public/q/index.html"),
        )
    };
    let (deep, shallow) = built(true);
    let (deep_as_written, shallow_as_written) = built(false);
    assert_ne!(shallow, shallow_as_written, "the site is minified");
    assert!(deep.contains("Đáy"));
    assert_eq!(deep.matches("<div>").count(), 50_000);
    assert!(deep == deep_as_written, "the deep page was minified");
}

#[test]
fn a_fifty_megabyte_markdown_file_builds() {
    let paragraph = "Đảng ủy Khối các cơ quan Trung ương tổ chức hội nghị sơ kết. ".repeat(20);
    let count = 50 * 1024 * 1024 / (paragraph.len() + 2) + 1;
    let body = vec![paragraph.as_str(); count].join("\n\n");
    assert!(body.len() >= 50 * 1024 * 1024);
    let site = Fixture::new(CONFIG);
    site.write("content/lon.md", &page("title = \"Rất lớn\"", &body));
    site.build(&[]);
    let html = site.read("public/lon/index.html");
    assert!(html.len() > 50 * 1024 * 1024);
    assert_eq!(
        html.matches("<p>Đảng ủy Khối").count(),
        count,
        "every paragraph is there"
    );
}

#[test]
fn a_symlink_loop_and_links_out_of_the_site_are_skipped_with_a_warning() {
    let site = Fixture::new(CONFIG);
    site.write("content/a.md", &page("title = \"A\"", "x"));
    let outside = tempfile::tempdir().unwrap();
    std::fs::write(
        outside.path().join("secret.md"),
        page("title = \"Bí mật\"", "MẬT"),
    )
    .unwrap();
    std::fs::write(outside.path().join("secret.txt"), "MẬT").unwrap();
    std::os::unix::fs::symlink(site.path("content"), site.path("content/vong")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.md"),
        site.path("content/mat.md"),
    )
    .unwrap();
    std::os::unix::fs::symlink(outside.path(), site.path("content/ngoai")).unwrap();
    std::fs::create_dir_all(site.path("seeds")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        site.path("seeds/mat.txt"),
    )
    .unwrap();
    std::fs::create_dir_all(site.path("static")).unwrap();
    std::os::unix::fs::symlink(
        outside.path().join("secret.txt"),
        site.path("static/mat.txt"),
    )
    .unwrap();
    let run = site.build(&[]);
    for link in ["content/vong", "content/mat.md", "content/ngoai"] {
        assert!(
            run.stderr
                .contains(&format!("{link}: symbolic links in content/ are skipped")),
            "{link}: {}",
            run.stderr
        );
    }
    assert!(
        run.stderr
            .contains("seeds/mat.txt: symbolic links in seeds/ are skipped"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr
            .contains("static/mat.txt: symbolic links in static/ are skipped"),
        "{}",
        run.stderr
    );
    assert!(!site.path("public/mat.txt").exists());
    assert!(site.path("public/a/index.html").exists());
    for entry in walkdir::WalkDir::new(site.path("public")) {
        let entry = entry.unwrap();
        if entry.file_type().is_file() {
            let bytes = std::fs::read(entry.path()).unwrap();
            assert!(
                !String::from_utf8_lossy(&bytes).contains("MẬT"),
                "{}",
                entry.path().display()
            );
        }
    }
}

#[test]
fn a_slug_with_dots_becomes_one_clean_segment() {
    let site = Fixture::new(CONFIG);
    site.write("content/dong/_index.md", &page("title = \"Dòng\"", ""));
    site.write(
        "content/dong/a.md",
        &page("title = \"A\"\nslug = \"v1.0..ban-moi\"", "x"),
    );
    site.build(&[]);
    assert!(site.path("public/dong/v1-0-ban-moi/index.html").exists());
}
