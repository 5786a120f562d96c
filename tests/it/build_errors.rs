//! Every build error: a message naming the file (line and column where there is one) with
//! what to do, a non-zero exit code, and the previous output left byte for byte.

use crate::common;

use common::{CONFIG, Fixture, assert_build_fails, page};

#[test]
fn front_matter_errors_are_at_the_md_files_line_and_column() {
    assert_build_fails(
        |s| {
            s.write(
                "content/b.md",
                "+++\ntitle = \"B\"\ndraft = \"yes\"\n+++\nx",
            )
        },
        &["content/b.md:3:9: front matter: invalid type: string \"yes\", expected a boolean"],
    );
}

#[test]
fn a_date_that_is_not_a_date() {
    assert_build_fails(
        |s| {
            s.write(
                "content/b.md",
                "+++\ntitle = \"B\"\ndate = \"hôm qua\"\n+++\nx",
            )
        },
        &["content/b.md:3:8: front matter: `hôm qua` is not a date"],
    );
}

#[test]
fn unknown_front_matter_fields_are_named() {
    assert_build_fails(
        |s| s.write("content/b.md", "+++\ntitle = \"B\"\ntags = [\"x\"]\n+++\nx"),
        &["content/b.md:3:1: front matter: unknown field `tags`"],
    );
}

#[test]
fn unterminated_front_matter() {
    assert_build_fails(
        |s| s.write("content/b.md", "+++\ntitle = \"B\"\n"),
        &[
            "content/b.md:1:1: the front matter opened on line 1 is never closed",
            "help: add a line `+++`",
        ],
    );
}

#[test]
fn all_broken_files_are_reported_at_once() {
    assert_build_fails(
        |s| {
            s.write("content/b.md", "no front matter");
            s.write("content/c.md", "+++\ndraft = 1\n+++\n");
        },
        &["content/b.md:1:1", "content/c.md:2:9", "2 errors"],
    );
}

#[test]
fn config_errors_name_key_line_and_column() {
    assert_build_fails(
        |s| s.write("config.toml", &format!("{CONFIG}colour = \"đỏ\"\n")),
        &["config.toml:4:1: unknown field `colour`"],
    );
    assert_build_fails(
        |s| s.write("config.toml", "title = \"T\"\n"),
        &["config.toml:1:1: missing field `base_url`"],
    );
}

#[test]
fn overlapping_timelines_are_rejected() {
    let timelines = "[[timelines]]\nslug = \"a\"\ntitle = \"A\"\nfrom = 2017-01-01\nto = 2018-06-30\n\n[[timelines]]\nslug = \"b\"\ntitle = \"B\"\nfrom = 2018-01-01\nto = 2018-12-31\n";
    assert_build_fails(
        |s| s.write("config.toml", &format!("{CONFIG}{timelines}")),
        &["config.toml:11:8: timeline `b` (2018-01-01 – 2018-12-31) overlaps timeline `a`"],
    );
}

#[test]
fn template_syntax_errors_name_the_template_file() {
    assert_build_fails(
        |s| s.write("templates/page.html", "<p>\n{{ page.title </p>\n"),
        &["templates/page.html:2:"],
    );
}

#[test]
fn template_runtime_errors_name_the_template_and_page() {
    assert_build_fails(
        |s| s.write("templates/page.html", "<p>\n  {{ no_such_variable }}</p>\n"),
        &[
            "templates/page.html:2:6",
            "(while rendering ",
            "content/a.md)",
        ],
    );
}

#[test]
fn a_missing_template_names_the_page_that_wanted_it() {
    assert_build_fails(
        |s| {
            s.write(
                "content/b.md",
                &page("title = \"B\"\ntemplate = \"special.html\"", "x"),
            )
        },
        &[
            "content/b.md: wants the template `special.html`",
            "help: create templates/special.html",
        ],
    );
}

#[test]
fn an_unknown_include_names_the_template_file() {
    assert_build_fails(
        |s| {
            s.write(
                "templates/page.html",
                "<p>{% include \"nope.html\" %}</p>\n",
            )
        },
        &[
            "template error: Unknown template `nope.html`",
            "templates/page.html:1:15",
        ],
    );
}

#[test]
fn a_missing_theme_is_named() {
    assert_build_fails(
        |s| s.write("config.toml", &format!("{CONFIG}theme = \"khong-co\"\n")),
        &["config.toml: theme `khong-co` not found"],
    );
}

#[test]
fn two_pages_with_one_url_name_both_files() {
    assert_build_fails(
        |s| s.write("content/b.md", &page("title = \"B\"\nslug = \"a\"", "x")),
        &["content/b.md: writes the same URL /a/ as ", "content/a.md"],
    );
}

#[test]
fn a_slug_that_leaves_its_folder_is_rejected() {
    for slug in ["../../etc", "a/b", "..", "a\\\\b"] {
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

#[test]
fn invalid_utf8_in_content_names_the_byte() {
    assert_build_fails(
        |s| s.write_bytes("content/b.md", b"+++\ntitle = \"B\xff\"\n+++\n"),
        &["content/b.md:2:11: the file is not valid UTF-8 (bad byte at offset 14)"],
    );
}

#[test]
fn an_output_folder_that_holds_the_site_is_refused() {
    let site = Fixture::new(CONFIG);
    let run = site.run(&["build", "--output", "."]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("refusing to use this as the output folder"),
        "{}",
        run.stderr
    );
    std::fs::create_dir_all(site.path("out/content")).unwrap();
    let run = site.run(&["build", "--output", "out"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("it contains content/"),
        "{}",
        run.stderr
    );
    assert!(site.path("content/_index.md").exists());
}

#[test]
fn a_template_broken_for_every_page_stops_after_twenty_errors() {
    assert_build_fails(
        |site| {
            for i in 0..40 {
                site.write(
                    &format!("content/p{i}.md"),
                    &page(&format!("title = \"P{i}\""), "Chữ."),
                );
            }
            site.write(
                "templates/page.html",
                "{% extends \"base.html\" %}{% block content %}{{ page.nope }}{% endblock content %}",
            );
        },
        &[
            "templates/page.html:1:",
            "stopped rendering after 20 errors; fix these and build again",
        ],
    );
}
