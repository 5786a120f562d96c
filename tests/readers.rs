//! What readers see: an imported article without a title, an English site's timelines and
//! its Vietnamese articles, pagination, shortened text, the person pages' links, the footer,
//! and `serve --watch` started on a broken site.

mod common;

use std::path::Path;

use common::server::{Server, save};
use common::{CONFIG, Fixture, page, seed_site};

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
