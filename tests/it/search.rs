//! The search index a build writes under search/, read as the browser reads it: folded words,
//! exact forms, document codes and the short references resolved to them. The browser side
//! (search.js, results, highlighting) is checked in Chromium by .ci/browser/search.mjs.

use crate::common;

use common::{CONFIG, Fixture, built_seed_site, inflate, page, search_index_lookup, search_result};

const ARTICLE_002: &str = "/2020-chuan-bi-dai-hoi/dong-chi-pham-minh-chinh-uy-vien-bo-chinh-tri-bi-thu-trung-uong-dang-truong-ban/";

fn lookup(site: &Fixture, term: &str) -> Vec<String> {
    search_index_lookup(&|path| site.read_bytes(&format!("public/{path}")), term)
}

/// The article results among `urls` (not register entries).
fn articles(urls: &[String]) -> Vec<String> {
    let mut found: Vec<String> = urls
        .iter()
        .filter(|u| !u.starts_with("/van-ban/") && !u.starts_with("/nhan-vat/"))
        .cloned()
        .collect();
    found.sort();
    found
}

#[test]
fn the_seed_index_finds_folded_words_codes_and_short_references() {
    let site = built_seed_site();

    // Every article naming Đảng ủy Khối has the three folded words.
    let party = articles(&lookup(&site, "khoi"));
    assert_eq!(party.len(), 4, "{party:?}");
    for word in ["dang", "uy"] {
        let with = lookup(&site, word);
        assert!(party.iter().all(|a| with.contains(a)), "{word}");
    }

    // A code is a term of its own: the article that cites 35-CT/TW (seed 002), and the
    // register's page for it.
    let directive35 = lookup(&site, "35-ct/tw");
    assert_eq!(articles(&directive35), [ARTICLE_002]);
    assert!(
        directive35.contains(&"/van-ban/35-ct-tw/".to_owned()),
        "{directive35:?}"
    );

    // 05-CT/TW: the four articles, whether they write the code or only `Chỉ thị 05`.
    let directive05 = lookup(&site, "05-ct/tw");
    assert_eq!(articles(&directive05).len(), 4, "{directive05:?}");
    let short_only: Vec<String> = articles(&directive05)
        .into_iter()
        .filter(|a| {
            let file = format!("content{}.md", a.trim_end_matches('/'));
            !site.read(&file).contains("05-CT/TW")
        })
        .collect();
    assert!(!short_only.is_empty(), "some cite it only as Chỉ thị 05");

    // Numbers inside codes, and nothing for a word no article has.
    assert!(!articles(&lookup(&site, "293")).is_empty());
    assert!(lookup(&site, "xyzzy").is_empty());
}

#[test]
fn old_and_new_tone_placement_are_one_exact_form() {
    let site = Fixture::new(CONFIG);
    site.write(
        "content/a.md",
        &page("title = \"Một\"", "Đảng uỷ, hoà bình."),
    );
    site.write(
        "content/b.md",
        &page("title = \"Hai\"", "Đảng ủy, hòa bình, đang."),
    );
    site.build(&[]);
    assert_eq!(lookup(&site, "uy").len(), 2);
    assert_eq!(lookup(&site, "hoa").len(), 2);
    let chunk = inflate(&site.read_bytes("public/search/terms/0.bin"));
    let entries: serde_json::Value = serde_json::from_str(&chunk).unwrap();
    let forms = |term: &str| {
        entries
            .as_array()
            .unwrap()
            .iter()
            .find(|e| e[0] == term)
            .map(|e| e[1].clone())
            .unwrap()
    };
    assert_eq!(forms("uy"), serde_json::json!(["uyR"]));
    assert_eq!(forms("hoa"), serde_json::json!(["hoaF"]));
    // đảng and đang fold together but stay two exact forms, so exact matches rank first.
    assert_eq!(forms("dang"), serde_json::json!(["đangR", "đang"]));
}

#[test]
fn every_page_has_a_search_box_and_the_search_page_works_without_surprises() {
    let site = Fixture::new(
        "base_url = \"https://example.org/lich-su/\"\ntitle = \"Thử\"\nminify = false\n",
    );
    site.write("content/dong/_index.md", &page("title = \"Dòng\"", ""));
    site.write(
        "content/dong/a.md",
        &page("title = \"Bài\"\ndate = 2018-01-02", "Nội dung."),
    );
    site.build(&[]);
    for file in [
        "public/index.html",
        "public/dong/a/index.html",
        "public/404.html",
    ] {
        let html = site.read(file);
        assert!(
            html.contains(r#"role="search" action="/lich-su/search/""#),
            "{file} has no search box"
        );
    }
    let search = site.read("public/search/index.html");
    assert!(
        search.contains("<noscript>"),
        "says search needs JavaScript"
    );
    assert!(search.contains("cần JavaScript"));
    assert!(search.contains(r#"src="/lich-su/search.js""#));
    assert!(search.contains(r#"data-index="/lich-su/search/""#));
    assert!(site.path("public/search.js").is_file());
    // Results link under the site's path, with the date written out.
    let doc = search_result(&|path| site.read_bytes(&format!("public/{path}")), 0);
    assert_eq!(doc["url"], "/lich-su/dong/a/");
    assert_eq!(doc["date"], "ngày 2 tháng 1 năm 2018");
    assert_eq!(doc["section"], "Dòng");
    assert_eq!(doc["text"], "Nội dung.");
    // The date is searchable, in words and as digits.
    let lookup =
        |term: &str| search_index_lookup(&|path| site.read_bytes(&format!("public/{path}")), term);
    assert_eq!(lookup("2018-01-02"), ["/lich-su/dong/a/"]);
    assert_eq!(lookup("thang"), ["/lich-su/dong/a/"]);
}

#[test]
fn the_index_is_cut_into_small_files() {
    let site = Fixture::new(CONFIG);
    // Enough distinct words for several chunks.
    // Words of letters only (digits after letters would start a new word).
    let letters = |n: usize| -> String {
        let (a, b, c) = (n % 26, n / 26 % 26, n / 676 % 26);
        [c, b, a]
            .iter()
            .map(|&d| (b'a' + d as u8) as char)
            .collect()
    };
    for i in 0..40 {
        let words: Vec<String> = (0..400)
            .map(|w| format!("tu{}", letters(i * 400 + w)))
            .collect();
        site.write(
            &format!("content/p{i}.md"),
            &page(&format!("title = \"Trang {i}\""), &words.join(" ")),
        );
    }
    site.build(&[]);
    let meta: serde_json::Value =
        serde_json::from_str(&site.read("public/search/meta.json")).unwrap();
    let chunks = meta["chunks"].as_array().unwrap();
    assert!(chunks.len() > 4, "{} chunks", chunks.len());
    for i in 0..chunks.len() {
        let file = site.read_bytes(&format!("public/search/terms/{i}.bin"));
        let chunk = inflate(&file);
        assert!(chunk.len() < 32 * 1024, "chunk {i}: {} bytes", chunk.len());
        assert!(file.len() < chunk.len(), "chunk {i} is stored deflated");
        // The browser plans its downloads by these sizes.
        assert_eq!(meta["sizes"][i], chunk.len());
    }
    assert_eq!(
        lookup(&site, &format!("tu{}", letters(7 * 400 + 123))),
        ["/p7/"]
    );
    assert_eq!(meta["docs"], 40);
}

#[test]
fn a_content_folder_in_the_search_pages_way_is_an_error() {
    let site = Fixture::new(CONFIG);
    site.write("content/search/_index.md", &page("title = \"Tìm\"", ""));
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("content/search/_index.md"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("the search page"), "{}", run.stderr);
}
