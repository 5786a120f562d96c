//! Stable addresses and an honest report: a published page keeps its URL when its sidecar
//! changes its title; a page that does move leaves a redirect (`aliases`); `skip = true`
//! removes what the import wrote; the report says what happened in words.

use crate::common;

use std::fs;

use common::{
    CONFIG, Fixture, built_seed_site, copy_dir, import_json, page, repo, seed, seed_site,
};
use sha2::{Digest, Sha256};

const SEED_001: &str = "seeds/001_cf17c041d62915c2";
const PAGE_001: &str = "content/2017-hoi-nghi-nganh-to-chuc/nganh-to-chuc-xay-dung-dang-tham-muu-hoan-thien-chuc-nang-nhiem-vu-to-chuc-bo.md";
const URL_001: &str = "/2017-hoi-nghi-nganh-to-chuc/nganh-to-chuc-xay-dung-dang-tham-muu-hoan-thien-chuc-nang-nhiem-vu-to-chuc-bo/";

/// The seed site (its config.toml does not minify: the tests read the HTML as written).
fn site() -> Fixture {
    seed_site()
}

fn front_matter(text: &str) -> toml::Table {
    toml::from_str(text.split("+++\n").nth(1).unwrap()).unwrap()
}

#[test]
fn a_new_title_in_the_sidecar_keeps_the_page_at_its_address() {
    let site = site();
    site.run(&["import"]);
    assert!(site.path(PAGE_001).is_file());
    site.write(&format!("{SEED_001}.toml"), "title = \"Tên mới của bài\"\n");
    let report = import_json(&site, &[]);
    let s = seed(&report, "001_");
    assert_eq!(s["action"], "written");
    assert!(s["output"].as_str().unwrap().ends_with(PAGE_001), "{s}");
    assert!(s["moved"].is_null());
    let fm = front_matter(&site.read(PAGE_001));
    assert_eq!(fm["title"].as_str(), Some("Tên mới của bài"));
    assert!(fm.get("aliases").is_none());
    site.build(&[]);
    assert!(
        site.read(&format!("public{URL_001}index.html"))
            .contains("Tên mới của bài")
    );
}

#[test]
fn a_new_slug_or_timeline_moves_the_page_and_the_old_address_redirects() {
    let site = built_seed_site();
    site.write(&format!("{SEED_001}.toml"), "slug = \"tham-muu\"\n");
    let new_url = "/2017-hoi-nghi-nganh-to-chuc/tham-muu/";
    let dry = site.run(&["import", "--dry-run"]);
    assert!(
        dry.stdout.contains(&format!(
            "would move from {URL_001} to {new_url} (the old address would redirect)"
        )),
        "{}",
        dry.stdout
    );
    assert!(site.path(PAGE_001).is_file());
    let run = site.run(&["import"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(
        run.stdout.contains(&format!(
            "moved from {URL_001} to {new_url} (the old address redirects)"
        )),
        "{}",
        run.stdout
    );
    assert!(!site.path(PAGE_001).exists());
    let moved = site.read("content/2017-hoi-nghi-nganh-to-chuc/tham-muu.md");
    assert_eq!(
        front_matter(&moved)["aliases"].as_array().unwrap(),
        &vec![toml::Value::from(URL_001)]
    );

    let build = site.build(&[]);
    assert!(
        build.stdout.contains("Imported 5 seeds: 5 unchanged"),
        "{}",
        build.stdout
    );
    let redirect = site.read(&format!("public{URL_001}index.html"));
    let full = format!("https://lich-su.example.org{new_url}");
    for part in [
        "<html lang=\"vi\">".to_owned(),
        format!("<link rel=\"canonical\" href=\"{full}\">"),
        format!("<meta http-equiv=\"refresh\" content=\"0; url={full}\">"),
        "<meta name=\"robots\" content=\"noindex\">".to_owned(),
        format!("Trang này đã chuyển đến địa chỉ mới: <a href=\"{full}\">"),
    ] {
        assert!(redirect.contains(&part), "{part} not in:\n{redirect}");
    }
    assert!(site.path(&format!("public{new_url}index.html")).is_file());
    let sitemap = site.read("public/sitemap.xml");
    assert!(
        sitemap.contains(new_url) && !sitemap.contains(URL_001),
        "{sitemap}"
    );
    let search_urls: Vec<_> = common::search_results(&site, "public")
        .into_iter()
        .map(|doc| doc["url"].to_string())
        .collect();
    assert!(!search_urls.iter().any(|url| url.contains(URL_001)));

    // Moved again, to another timeline: both earlier addresses redirect.
    site.write(
        &format!("{SEED_001}.toml"),
        "slug = \"tham-muu\"\ntimeline = \"tu-lieu\"\n",
    );
    let report = import_json(&site, &[]);
    let s = seed(&report, "001_");
    assert_eq!(s["moved"]["from"], new_url);
    assert_eq!(s["moved"]["to"], "/tu-lieu/tham-muu/");
    let fm = front_matter(&site.read("content/tu-lieu/tham-muu.md"));
    let aliases: Vec<&str> = fm["aliases"]
        .as_array()
        .unwrap()
        .iter()
        .map(|a| a.as_str().unwrap())
        .collect();
    assert_eq!(aliases, [URL_001, new_url]);
    site.build(&[]);
    for old in [URL_001, new_url] {
        assert!(
            site.read(&format!("public{old}index.html"))
                .contains("https://lich-su.example.org/tu-lieu/tham-muu/")
        );
    }

    // Back where it was: its own address is no alias of it.
    site.write(&format!("{SEED_001}.toml"), "slug = \"tham-muu\"\n");
    import_json(&site, &[]);
    let fm = front_matter(&site.read("content/2017-hoi-nghi-nganh-to-chuc/tham-muu.md"));
    let aliases = fm["aliases"].as_array().unwrap();
    assert_eq!(aliases.len(), 2, "{aliases:?}");
    assert!(aliases.iter().all(|a| a.as_str() != Some(new_url)));
    site.build(&[]);
}

#[test]
fn aliases_written_by_hand_are_checked_like_slugs() {
    let cases = [
        (
            "aliases = [\"/a/../b/\"]",
            "content/a.md:3:12: front matter: alias `/a/../b/` must be a path on this site",
        ),
        (
            "aliases = [\"/cu/\", \"/\"]",
            "content/a.md:3:20: front matter: alias `/` is the home page's address",
        ),
        (
            "aliases = [\"/b/\"]",
            "content/a.md: front matter: alias /b/ is already the URL of",
        ),
    ];
    for (aliases, expected) in cases {
        let site = Fixture::new(CONFIG);
        site.write("content/b.md", &page("title = \"B\"", "Bài B."));
        site.write(
            "content/a.md",
            &page(&format!("title = \"A\"\n{aliases}"), "Bài A."),
        );
        let run = site.run(&["build"]);
        assert_eq!(run.code, 1, "{aliases}");
        assert!(run.stderr.contains(expected), "{expected}\n{}", run.stderr);
        if expected.contains("already") {
            assert!(run.stderr.contains("content/b.md"), "{}", run.stderr);
        }
    }

    // Two pages claiming one old address: both are named.
    let site = Fixture::new(CONFIG);
    site.write(
        "content/a.md",
        &page("title = \"A\"\naliases = [\"/cu/\"]", "A."),
    );
    site.write(
        "content/b.md",
        &page("title = \"B\"\naliases = [\"cu\"]", "B."),
    );
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("content/b.md: front matter: alias /cu/ is already an alias of")
            && run.stderr.contains("content/a.md"),
        "{}",
        run.stderr
    );

    // A good one is a redirect.
    let site = Fixture::new(&format!("{CONFIG}minify = false\n"));
    site.write(
        "content/a.md",
        &page("title = \"A & B\"\naliases = [\"/2018/bai-cu/\"]", "A."),
    );
    site.build(&[]);
    let redirect = site.read("public/2018/bai-cu/index.html");
    assert!(redirect.contains("<title>A &amp; B</title>"), "{redirect}");
    assert!(redirect.contains("content=\"0; url=https://example.org/a/\""));
}

#[test]
fn skip_removes_the_page_the_import_wrote_and_keeps_an_edited_one() {
    let site = built_seed_site();
    let url_002 = "public/2020-chuan-bi-dai-hoi/dong-chi-pham-minh-chinh-uy-vien-bo-chinh-tri-bi-thu-trung-uong-dang-truong-ban/index.html";
    assert!(site.path(url_002).is_file());
    site.write("seeds/002_90ddfd1562c07cf7.toml", "skip = true\n");

    let dry = import_json(&site, &["--dry-run"]);
    assert_eq!(seed(&dry, "002_")["action"], "would_remove");
    let run = site.run(&["import"]);
    assert!(
        run.stdout.contains("002_90ddfd1562c07cf7.txt → "),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains(": removed\n"), "{}", run.stdout);
    assert!(run.stdout.contains("1 removed"), "{}", run.stdout);
    let page_002 = "content/2020-chuan-bi-dai-hoi/dong-chi-pham-minh-chinh-uy-vien-bo-chinh-tri-bi-thu-trung-uong-dang-truong-ban.md";
    assert!(!site.path(page_002).exists());
    site.build(&[]);
    assert!(!site.path(url_002).exists());
    // Nothing more to remove.
    assert_eq!(seed(&import_json(&site, &[]), "002_")["action"], "skipped");

    // An edited page stays, named in a warning.
    site.write("seeds/004_2ebabc93f3bb51c0.toml", "skip = true\n");
    let page_004 = "content/2018-giao-ban-nam-bo/nang-cao-chat-luong-doi-moi-noi-dung-phuong-thuc-thuc-hien-nhiem-vu-cua-dang-uy.md";
    let edited = site
        .read(page_004)
        .replace("75 đại biểu", "75 đại biểu (đã sửa)");
    site.write(page_004, &edited);
    let build = site.build(&[]);
    assert_eq!(site.read(page_004), edited);
    assert!(
        build.stderr.contains(&format!(
            "warning: seeds/004_2ebabc93f3bb51c0.txt: the sidecar says `skip = true`, but {} was changed by an editor, so it stays published",
            site.path(page_004).display()
        )),
        "{}",
        build.stderr
    );
}

#[test]
fn a_sidecar_timeline_that_does_not_hold_the_date_is_a_warning() {
    let site = site();
    site.write(
        &format!("{SEED_001}.toml"),
        "timeline = \"2020-chuan-bi-dai-hoi\"\n",
    );
    let report = import_json(&site, &[]);
    let s = seed(&report, "001_");
    assert!(
        s["output"]
            .as_str()
            .unwrap()
            .contains("content/2020-chuan-bi-dai-hoi/")
    );
    let warnings = s["warnings"].to_string();
    assert!(
        warnings.contains("the sidecar puts the article in timeline `2020-chuan-bi-dai-hoi` (2020-01-01 to 2020-12-31), which does not hold its date 2017-03-04T21:16:00+07:00"),
        "{warnings}"
    );
    // A timeline that holds the date says nothing.
    site.write(
        &format!("{SEED_001}.toml"),
        "timeline = \"2017-hoi-nghi-nganh-to-chuc\"\n",
    );
    let report = import_json(&site, &[]);
    assert_eq!(
        seed(&report, "001_")["warnings"].as_array().unwrap().len(),
        0
    );
}

#[test]
fn a_dry_run_says_what_would_happen_in_words_and_counts_it() {
    let site = site();
    let run = site.run(&["import", "--dry-run"]);
    assert_eq!(run.code, 0);
    assert!(
        run.stdout
            .ends_with("Dry run, nothing written. 5 seeds: 5 would be written; 2 fields unsure\n"),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains(": would be written\n"));
    assert!(
        run.stdout
            .contains("(the page header's date): Thứ Năm, 21/6/2018")
    );
    for rust_name in ["WouldWrite", "HeaderDate", "Written", "(Footer)"] {
        assert!(
            !run.stdout.contains(rust_name),
            "{rust_name}:\n{}",
            run.stdout
        );
    }
    assert!(!site.path("content/2017-hoi-nghi-nganh-to-chuc").exists());

    let report = import_json(&site, &["--dry-run"]);
    assert_eq!(report["dry_run"], true);
    assert_eq!(report["summary"]["seeds"], 5);
    assert_eq!(report["summary"]["would_write"], 5);
    assert_eq!(report["summary"]["written"], 0);
    // Where each field came from: the seed's line, or the sidecar.
    let s000 = seed(&report, "000_");
    let sidecar = format!("{}/seeds/000_64c23ab981cd5741.toml", site.root().display());
    assert_eq!(s000["sidecar"].as_str(), Some(sidecar.as_str()));
    let title = s000["fields"]
        .as_array()
        .unwrap()
        .iter()
        .find(|f| f["field"] == "title")
        .unwrap();
    assert_eq!(title["origin"], "sidecar");
    assert!(title.get("line").is_none(), "{title}");
    let title001 = seed(&report, "001_")["fields"][0].clone();
    assert_eq!(
        (title001["origin"].as_str(), title001["line"].as_u64()),
        (Some("seed"), Some(2))
    );

    let report = import_json(&site, &[]);
    assert_eq!(report["summary"]["written"], 5);
    let run = site.run(&["import"]);
    assert!(
        run.stdout
            .ends_with("Imported 5 seeds: 5 unchanged; 2 fields unsure\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn seeds_named_with_seeds_are_recorded_where_they_are() {
    let site = site();
    // Inside the site: relative to its root.
    copy_dir(&repo().join("seeds"), &site.path("archive/raw"));
    fs::remove_dir_all(site.path("seeds")).unwrap();
    let report = import_json(&site, &["--seeds", "archive/raw"]);
    let output = seed(&report, "001_")["output"].as_str().unwrap().to_owned();
    let fm = front_matter(&fs::read_to_string(&output).unwrap());
    assert_eq!(
        fm["provenance"]["seed"].as_str(),
        Some("archive/raw/001_cf17c041d62915c2.txt")
    );
    let report = import_json(&site, &["--seeds", "archive/raw"]);
    assert_eq!(report["summary"]["unchanged"], 5, "{report}");

    // Outside it: absolute.
    let site = self::site();
    fs::remove_dir_all(site.path("seeds")).unwrap();
    let outside = tempfile::tempdir().unwrap();
    copy_dir(&repo().join("seeds"), outside.path());
    let absolute = outside.path().canonicalize().unwrap();
    let report = import_json(&site, &["--seeds", absolute.to_str().unwrap()]);
    let fm = front_matter(&site.read(PAGE_001));
    assert_eq!(
        fm["provenance"]["seed"].as_str().unwrap(),
        absolute.join("001_cf17c041d62915c2.txt").to_str().unwrap()
    );
    assert_eq!(report["summary"]["written"], 5, "{report}");
    assert_eq!(report["orphans"].as_array().unwrap().len(), 0, "{report}");
    let report = import_json(&site, &["--seeds", absolute.to_str().unwrap()]);
    assert_eq!(report["summary"]["unchanged"], 5, "{report}");
}

#[test]
fn pages_an_earlier_import_named_by_the_seeds_folder_alone_are_recognised() {
    let site = site();
    let outside = tempfile::tempdir().unwrap();
    let seeds = outside.path().join("bai-goc");
    copy_dir(&repo().join("seeds"), &seeds);
    fs::remove_dir_all(site.path("seeds")).unwrap();
    import_json(&site, &["--seeds", seeds.to_str().unwrap()]);
    // What earlier versions recorded for a folder outside the site.
    let text = site.read(PAGE_001);
    let old = text.replace(
        &format!("seed = \"{}/", seeds.canonicalize().unwrap().display()),
        "seed = \"bai-goc/",
    );
    assert_ne!(text, old);
    // Signed as that import wrote it: untouched since, so no `--force` is needed.
    site.write(PAGE_001, &signed(&old));
    let report = import_json(&site, &["--seeds", seeds.to_str().unwrap()]);
    assert_eq!(seed(&report, "001_")["action"], "written");
    let pages = fs::read_dir(site.path("content/2017-hoi-nghi-nganh-to-chuc")).unwrap();
    let md = pages
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".md"))
        .count();
    assert_eq!(md, 2, "the seed's page and _index.md, no second copy");
}

#[test]
fn the_edited_page_warning_names_the_file_force_would_write() {
    let site = site();
    site.run(&["import"]);
    let edited = site.read(PAGE_001).replace("Hội nghị", "Hội nghị (sửa)");
    site.write(PAGE_001, &edited);
    site.write(&format!("{PAGE_001}.orig"), "an earlier saved version");
    let report = import_json(&site, &[]);
    let warning = seed(&report, "001_")["warnings"][0]
        .as_str()
        .unwrap()
        .to_owned();
    let orig2 = format!("{}.2.orig", site.path(PAGE_001).display());
    assert!(
        warning.ends_with(&format!("saving the editor's version as {orig2}")),
        "{warning}"
    );
    let report = import_json(&site, &["--force"]);
    assert_eq!(seed(&report, "001_")["action"], "overwrote_editors_version");
    assert_eq!(fs::read_to_string(orig2).unwrap(), edited);
}

#[test]
fn a_mistyped_alias_does_not_hide_which_seed_a_page_came_from() {
    let site = site();
    site.run(&["import"]);
    let text = site
        .read(PAGE_001)
        .replace("authors = []", "authors = []\naliases = \"/cu/\"");
    site.write(PAGE_001, &text);
    let report = import_json(&site, &[]);
    assert_eq!(seed(&report, "001_")["action"], "kept_editors_version");
    let pages = fs::read_dir(site.path("content/2017-hoi-nghi-nganh-to-chuc")).unwrap();
    assert_eq!(pages.count(), 2, "the page and _index.md, no second copy");
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr
            .contains("invalid type: string \"/cu/\", expected a sequence"),
        "{}",
        run.stderr
    );
}

/// `text` with its `written_sha256` made anew, as the import signs what it writes.
fn signed(text: &str) -> String {
    let start = text.find("\nwritten_sha256 = \"").unwrap() + 1;
    let end = start + text[start..].find('\n').unwrap() + 1;
    let unsigned = format!("{}{}", &text[..start], &text[end..]);
    let hash: String = Sha256::digest(unsigned.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect();
    format!(
        "{}written_sha256 = \"{hash}\"\n{}",
        &text[..start],
        &text[end..]
    )
}

#[test]
fn a_page_saved_with_a_byte_that_is_not_utf8_is_kept_as_edited_not_imported_twice() {
    let site = site();
    site.run(&["import"]);
    let mut bytes = fs::read(site.path(PAGE_001)).unwrap();
    bytes.extend_from_slice(b"\nM\xf4t c\xe2u s\xfaa.\n");
    site.write_bytes(PAGE_001, &bytes);
    let report = import_json(&site, &[]);
    assert_eq!(seed(&report, "001_")["action"], "kept_editors_version");
    assert_eq!(fs::read(site.path(PAGE_001)).unwrap(), bytes);
    let pages = fs::read_dir(site.path("content/2017-hoi-nghi-nganh-to-chuc")).unwrap();
    let md = pages
        .flatten()
        .filter(|e| e.file_name().to_string_lossy().ends_with(".md"))
        .count();
    assert_eq!(md, 2, "the seed's page and _index.md, no second copy");
}
