//! `serve --watch` updates the search index from what it kept of the last one: after every
//! kind of edit, each index file it serves has the bytes a fresh `build` writes.

use crate::common;

use common::server::Server;
use common::{CONFIG, Fixture, page};
use serde_json::Value;

/// Enough pages, and words, for the terms to fill several chunks.
fn site() -> Fixture {
    let site = Fixture::new(CONFIG);
    site.write("content/dong/_index.md", &page("title = \"Dòng\"", ""));
    for n in 0..60 {
        site.write(
            &format!("content/dong/bai-{n}.md"),
            &page(
                &format!("title = \"Bài số {n}\"\ndate = 2019-05-{:02}", n % 28 + 1),
                &body(n),
            ),
        );
    }
    site
}

/// A page's text: words shared by many pages, and words of its own.
fn body(n: usize) -> String {
    let own: Vec<String> = (0..40)
        .map(|w| format!("tu{n}x{w} so{}", n * 97 + w))
        .collect();
    format!(
        "Hội nghị Ban Chấp hành lần thứ {n}. Đảng ủy Khối họp ngày {n}.\n\n{}",
        own.join(" ")
    )
}

/// Every file of a fresh build's `search/` is served with the same bytes, and no file past
/// the fresh index's last is served.
fn assert_index_as_built(site: &Fixture, server: &Server, after: &str) {
    // The search page itself is a page, with serve's reload script: only the index here.
    let built: common::Files = server
        .fresh_build(site)
        .into_iter()
        .filter_map(|(rel, bytes)| Some((rel.strip_prefix("search").ok()?.to_path_buf(), bytes)))
        .filter(|(rel, _)| rel.extension().is_some_and(|e| e == "json" || e == "bin"))
        .collect();
    assert!(built.len() > 3, "{:?}", built.keys());
    for (rel, bytes) in &built {
        let rel = rel.to_string_lossy().replace('\\', "/");
        let served = server.get(&format!("{}search/{rel}", server.base));
        assert_eq!(served.status, 200, "after {after}: search/{rel}");
        assert!(
            served.bytes == *bytes,
            "after {after}, search/{rel} is served unlike a fresh build writes it"
        );
    }
    let meta: Value = serde_json::from_slice(&built[std::path::Path::new("meta.json")]).unwrap();
    let chunks = meta["chunks"].as_array().unwrap().len();
    let docs = meta["docs"].as_u64().unwrap() as usize;
    let doc_files = docs.div_ceil(meta["docs_per_file"].as_u64().unwrap() as usize);
    for stale in [
        format!("search/terms/{chunks}.bin"),
        format!("search/docs/{doc_files}.bin"),
    ] {
        let served = server.get(&format!("{}{stale}", server.base));
        assert_eq!(served.status, 404, "after {after}: {stale} is still served");
    }
}

#[test]
fn every_edit_leaves_the_index_as_a_fresh_build_writes_it() {
    let site = site();
    let server = Server::start(&site, &[]);
    assert_index_as_built(&site, &server, "the first build");
    let bai = |n: usize, title: &str, date: &str, body: &str| {
        (
            format!("content/dong/bai-{n}.md"),
            page(&format!("title = \"{title}\"\ndate = {date}"), body),
        )
    };
    let edits = [
        // A word's second exact form, first seen in this edit (`đăng` beside `đảng`), in
        // the first document: the forms' order must not follow the order they were seen in.
        (
            "a second form of a word",
            bai(
                3,
                "Bài số 3",
                "2000-01-01",
                &format!("{} Đăng tin.", body(3)),
            ),
        ),
        // A word no other page has, as an editor's marker.
        (
            "a new word",
            bai(
                7,
                "Bài số 7",
                "2019-05-08",
                &format!("{} Sửa 1764462839", body(7)),
            ),
        ),
        // Repeats change a word's weight; the page's own words disappear.
        (
            "words removed and repeated",
            bai(
                7,
                "Bài số 7",
                "2019-05-08",
                "Đảng ủy. Đảng ủy. Đảng ủy. Đảng ủy.",
            ),
        ),
        (
            "a new title",
            bai(10, "Tựa mới hoàn toàn", "2019-05-11", &body(10)),
        ),
        // The page moves in the index's order: other documents take new numbers.
        ("a new date", bai(12, "Bài số 12", "2001-01-01", &body(12))),
        (
            "a new page",
            bai(60, "Bài mới", "2019-06-01", "Chữ mới tinh."),
        ),
    ];
    for (what, (rel, text)) in &edits {
        server.save_and_wait(&site, rel, text);
        assert_index_as_built(&site, &server, what);
    }
    server.rebuild_after(|| std::fs::remove_file(site.path("content/dong/bai-5.md")).unwrap());
    assert_index_as_built(&site, &server, "a page deleted");
}

#[test]
fn a_text_edit_writes_only_the_index_files_whose_bytes_change() {
    let site = site();
    let server = Server::start(&site, &[]);
    let meta: Value = serde_json::from_slice(&server.get("/search/meta.json").bytes).unwrap();
    let chunks = meta["chunks"].as_array().unwrap().len();
    assert!(chunks >= 3, "the fixture's terms fill {chunks} chunks");
    let text = page(
        "title = \"Bài số 7\"\ndate = 2019-05-08",
        &format!("{} Sửa 1764462839", body(7)),
    );
    server.save_and_wait(&site, "content/dong/bai-7.md", &text);
    let written = server.status()["written"].clone();
    let written: Vec<&str> = written
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|w| w.as_str().filter(|w| w.starts_with("search/")))
        .collect();
    let terms = written.iter().filter(|w| w.starts_with("search/terms/"));
    let docs = written.iter().filter(|w| w.starts_with("search/docs/"));
    assert!(terms.count() < chunks, "{written:?}");
    assert_eq!(docs.count(), 1, "{written:?}");
    assert_index_as_built(&site, &server, "a text edit");
}
