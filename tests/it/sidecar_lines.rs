//! Sidecar line keys (`title_line = 2`, `drop_lines = [6]`, …) held to the seed they were
//! written against (`seed_sha256`), their errors, and the sure/unsure mark each extracted
//! field carries into the import report and `biennien check`.

use crate::common;

use std::fs;

use common::{CONFIG, Fixture, import_json, seed, seed_site};
use serde_json::Value;
use sha2::{Digest, Sha256};

/// An invented article whose page furniture the rules misread: a section label above the
/// headline (line 1), a date line with a read count (3), an advert label (6), an
/// unpunctuated caption (8), a heading with a period (9), a sentence that looks like a
/// caption (10), a byline (12) and an outlet (13) on lines of their own.
const SEED: &str = "Xây dựng Đảng
Hội nghị tổng kết công tác năm của Đảng bộ Khối
Ngày đăng 5/3/2019 | Lượt đọc 120

Hội nghị đã nghe và cho ý kiến về báo cáo tổng kết công tác của toàn ngành trong năm qua và phương hướng năm tới.
Quảng cáo
Các đại biểu thảo luận sôi nổi về nhiều nội dung quan trọng của công tác xây dựng Đảng trong thời gian tới.
Đại biểu tham quan mô hình mới
Kết quả nổi bật trong năm.
Phát biểu tại hội nghị, đồng chí Bí thư nhấn mạnh nhiều nội dung
Năm qua, Đảng bộ đã lãnh đạo hoàn thành tốt nhiệm vụ chính trị được giao, nhiều chỉ tiêu vượt kế hoạch đề ra.
Trần Văn Bình
Báo Điện tử Đảng bộ Khối
Lê Thị Hoa
";

fn sha256(text: &str) -> String {
    Sha256::digest(text.as_bytes())
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

/// A site with `SEED` as `seeds/a.txt` and `sidecar` (when not empty) as `seeds/a.toml`.
fn site_with(sidecar: &str) -> Fixture {
    let site = Fixture::new(CONFIG);
    site.write("seeds/a.txt", SEED);
    if !sidecar.is_empty() {
        site.write("seeds/a.toml", sidecar);
    }
    site
}

fn hash_line() -> String {
    format!("seed_sha256 = \"{}\"\n", sha256(SEED))
}

/// The imported page of the seed: its front matter and its body.
fn page(site: &Fixture, report: &Value) -> (toml::Table, String) {
    let output = seed(report, "a.txt")["output"].as_str().unwrap().to_owned();
    let text = fs::read_to_string(site.root().join(output)).unwrap();
    let mut parts = text.splitn(3, "+++\n").skip(1);
    let front_matter = toml::from_str(parts.next().unwrap()).unwrap();
    (front_matter, parts.next().unwrap().to_owned())
}

/// The report's fields of the seed as (field, value, origin, line, sure).
fn fields(report: &Value) -> Vec<(String, String, String, Option<u64>, bool)> {
    seed(report, "a.txt")["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            (
                f["field"].as_str().unwrap().to_owned(),
                f["value"].as_str().unwrap().to_owned(),
                f["origin"].as_str().unwrap().to_owned(),
                f["line"].as_u64(),
                f["sure"].as_bool().unwrap(),
            )
        })
        .collect()
}

/// Runs `import`, expects it to fail, and returns what it printed.
fn failed_import(site: &Fixture) -> String {
    let run = site.run(&["import"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    run.stdout
}

#[test]
fn every_line_key_gives_its_line_a_kind_and_its_field_a_source() {
    let site = site_with(&format!(
        "{}title_line = 2\ndate_line = 3\nsource_line = 13\nauthor_lines = [12]\ndrop_lines = [1, 6]\ncaption_lines = [8]\nheading_lines = [9]\nbody_lines = [10]\n",
        hash_line()
    ));
    let report = import_json(&site, &[]);
    let (front_matter, body) = page(&site, &report);
    assert_eq!(
        front_matter["title"].as_str(),
        Some("Hội nghị tổng kết công tác năm của Đảng bộ Khối")
    );
    assert_eq!(front_matter["date"].to_string(), "2019-03-05");
    // No pattern reads an outlet from the line: its whole text is the source.
    assert_eq!(
        front_matter["source"].as_str(),
        Some("Báo Điện tử Đảng bộ Khối")
    );
    assert_eq!(
        front_matter["authors"].to_string(),
        r#"["Trần Văn Bình", "Lê Thị Hoa"]"#
    );
    for gone in ["Xây dựng Đảng\n", "Quảng cáo", "Lượt đọc", "Trần Văn Bình"] {
        assert!(!body.contains(gone), "{gone:?} in:\n{body}");
    }
    assert!(
        body.contains("<figcaption>Đại biểu tham quan mô hình mới</figcaption>"),
        "{body}"
    );
    assert!(body.contains("\n## Kết quả nổi bật trong năm.\n"), "{body}");
    assert!(
        body.contains("\n\nPhát biểu tại hội nghị, đồng chí Bí thư nhấn mạnh nhiều nội dung\n\n"),
        "{body}"
    );

    let by_key = |field: &str, line: u64| {
        (
            field.to_owned(),
            "sidecar_line".to_owned(),
            Some(line),
            true,
        )
    };
    let got: Vec<_> = fields(&report)
        .into_iter()
        .filter(|f| f.0 != "description")
        .map(|(field, _, origin, line, sure)| (field, origin, line, sure))
        .collect();
    assert_eq!(
        got,
        [
            by_key("title", 2),
            by_key("source", 13),
            by_key("date", 3),
            by_key("author", 12),
            // Not named: the rules found it, as a lone name, unsure.
            ("author".to_owned(), "seed".to_owned(), Some(14), false),
        ]
    );
    let dropped = seed(&report, "a.txt")["dropped"].as_array().unwrap();
    let by_sidecar: Vec<u64> = dropped
        .iter()
        .filter(|d| d["kind"] == "dropped_by_sidecar")
        .map(|d| d["line"].as_u64().unwrap())
        .collect();
    assert_eq!(by_sidecar, [1, 6]);

    let run = site.run(&["import", "--dry-run"]);
    assert!(
        run.stdout.contains(
            "  title: Hội nghị tổng kết công tác năm của Đảng bộ Khối (line 2, by the sidecar)\n"
        ),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("  dropped line 6 (dropped by the sidecar): Quảng cáo\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn a_title_line_drops_the_headline_the_rules_chose() {
    // The rules take line 2; the editor names line 1.
    let site = site_with(&format!("{}title_line = 1\n", hash_line()));
    let report = import_json(&site, &[]);
    let dropped = seed(&report, "a.txt")["dropped"].as_array().unwrap();
    let by_sidecar: Vec<u64> = dropped
        .iter()
        .filter(|d| d["kind"] == "dropped_by_sidecar")
        .map(|d| d["line"].as_u64().unwrap())
        .collect();
    assert_eq!(by_sidecar, [2]);
    let (front_matter, body) = page(&site, &report);
    assert_eq!(front_matter["title"].as_str(), Some("Xây dựng Đảng"));
    assert!(
        !body.contains("Hội nghị tổng kết công tác năm của Đảng bộ Khối"),
        "{body}"
    );
}

#[test]
fn a_value_in_the_sidecar_wins_over_a_line_key() {
    let site = site_with(&format!(
        "{}title = \"Tiêu đề do biên tập viên đặt\"\ntitle_line = 2\nsource = \"TTXVN\"\nsource_line = 13\n",
        hash_line()
    ));
    let report = import_json(&site, &[]);
    let (front_matter, _) = page(&site, &report);
    assert_eq!(
        front_matter["title"].as_str(),
        Some("Tiêu đề do biên tập viên đặt")
    );
    assert_eq!(front_matter["source"].as_str(), Some("TTXVN"));
    let origins: Vec<(String, String)> = fields(&report)
        .into_iter()
        .filter(|f| f.0 == "title" || f.0 == "source")
        .map(|f| (f.0, f.2))
        .collect();
    assert_eq!(
        origins,
        [
            ("title".to_owned(), "sidecar".to_owned()),
            ("source".to_owned(), "sidecar".to_owned())
        ]
    );
}

#[test]
fn a_changed_seed_stops_the_build_at_its_recorded_hash() {
    let site = site_with(&format!("title_line = 2\n{}", hash_line()));
    site.build(&[]);
    let before = site.snapshot("public");
    let changed = format!("Mới\n{SEED}");
    site.write("seeds/a.txt", &changed);
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "{}", run.stderr);
    assert!(
        run.stderr.contains(&format!(
            "seeds/a.toml:2:15: the seed has changed since its line keys were written (its hash is now {})",
            sha256(&changed)
        )),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains(&format!(
            "help: check each line key against the seed's lines as the import report numbers them now, then set `seed_sha256 = \"{}\"`",
            sha256(&changed)
        )),
        "{}",
        run.stderr
    );
    assert_eq!(site.snapshot("public"), before, "public/ is left as it was");
}

#[test]
fn line_keys_without_the_seeds_hash_are_refused() {
    let site = site_with("slug = \"bai\"\ndrop_lines = [6]\ntitle_line = 2\n");
    let out = failed_import(&site);
    assert!(
        out.contains("seeds/a.toml:2:15: `drop_lines` needs the hash of the seed its line numbers were written against"),
        "{out}"
    );
    assert!(
        out.contains(&format!(
            "help: if the numbers are those of the seed as it is now (the import report numbers its lines), add `seed_sha256 = \"{}\"`",
            sha256(SEED)
        )),
        "{out}"
    );
    assert!(!site.path("content/tu-lieu").exists());
}

#[test]
fn a_line_not_in_the_seed_an_empty_line_and_a_line_of_two_kinds_are_located() {
    let cases = [
        (
            "drop_lines = [6, 40]\n",
            "seeds/a.toml:2:18: `drop_lines`: line 40 is not a line of the seed (it has 14 lines)",
        ),
        (
            "body_lines = [4]\n",
            "seeds/a.toml:2:15: `body_lines`: line 4 of the seed is empty",
        ),
        (
            "title_line = 0\n",
            "seeds/a.toml:2:14: `title_line`: line 0 is not a line of the seed (it has 14 lines)",
        ),
        (
            "drop_lines = [6]\nheading_lines = [9, 6]\n",
            "seeds/a.toml:3:21: line 6 is given two kinds: `drop_lines` and `heading_lines`",
        ),
        (
            "date_line = 2\n",
            "seeds/a.toml:2:13: `date_line`: line 2 holds no date the import can read: Hội nghị tổng kết công tác năm của Đảng bộ Khối",
        ),
    ];
    for (keys, expected) in cases {
        let site = site_with(&format!("{}{keys}", hash_line()));
        let out = failed_import(&site);
        assert!(out.contains(expected), "{keys}: {out}");
        assert!(out.contains("  help: "), "{keys}: {out}");
    }
}

#[test]
fn the_report_marks_unsure_fields_counts_them_and_prints_the_seeds_hash() {
    let site = site_with("");
    let report = import_json(&site, &["--dry-run"]);
    let unsure: Vec<(String, bool)> = fields(&report).into_iter().map(|f| (f.0, f.4)).collect();
    assert_eq!(
        unsure,
        [
            ("title".to_owned(), true),
            ("description".to_owned(), true),
            ("date".to_owned(), true),
            ("author".to_owned(), false),
            ("author".to_owned(), false),
        ]
    );
    assert_eq!(report["summary"]["unsure_fields"], 2);
    assert_eq!(seed(&report, "a.txt")["seed_sha256"], sha256(SEED));

    let run = site.run(&["import", "--dry-run"]);
    let hash = format!("  seed_sha256: {}\n", sha256(SEED));
    assert!(run.stdout.contains(&hash), "{}", run.stdout);
    assert!(
        run.stdout
            .contains("  author: Trần Văn Bình (line 12) (unsure)\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .ends_with("1 seed: 1 would be written; 2 fields unsure\n"),
        "{}",
        run.stdout
    );
}

#[test]
fn the_seeds_fields_are_sure_but_a_date_from_the_text_and_a_lone_name() {
    let site = seed_site();
    let report = import_json(&site, &["--dry-run"]);
    let unsure: Vec<(String, String)> = report["seeds"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| {
            let name = s["seed"].as_str().unwrap()[6..9].to_owned();
            let fields = s["fields"].as_array().unwrap().clone();
            fields
                .into_iter()
                .filter(|f| f["sure"] == false)
                .map(move |f| (name.clone(), f["field"].as_str().unwrap().to_owned()))
        })
        .collect();
    assert_eq!(
        unsure,
        [
            ("003".to_owned(), "author".to_owned()),
            ("004".to_owned(), "date".to_owned())
        ]
    );
}

#[test]
fn check_lists_unsure_titles_dates_and_sources_until_the_sidecar_settles_them() {
    let site = Fixture::new(CONFIG);
    // A long label above the headline makes the headline unsure.
    let seed_text = "Chuyên mục tổng kết công tác\nHội nghị tổng kết công tác của toàn ngành\nSáng 26/10/2018, hội nghị đã nghe và cho ý kiến về báo cáo tổng kết công tác của toàn ngành trong năm qua.\nTheo Báo Nhân Dân\n";
    site.write("seeds/b.txt", seed_text);
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    // Messages name files under the --root given, here the fixture's absolute path.
    let root = site.root().display().to_string();
    let page = format!("{root}/content/tu-lieu/hoi-nghi-tong-ket-cong-tac-cua-toan-nganh.md");
    for (field, value, line) in [
        ("title", "Hội nghị tổng kết công tác của toàn ngành", 2),
        ("source", "Báo Nhân Dân", 4),
        ("date", "2018-10-26", 3),
    ] {
        let warning = format!(
            "warning: {page}: its {field} `{value}` (line {line} of {root}/seeds/b.txt) is unsure: check it, then settle it in {root}/seeds/b.toml with `{field} = \"…\"`, or with `{field}_line = {line}` and the seed's `seed_sha256`\n"
        );
        assert!(
            run.stderr.contains(&warning),
            "{warning}\nin:\n{}",
            run.stderr
        );
    }
    site.write(
        "seeds/b.toml",
        &format!(
            "title = \"Tiêu đề của bài viết\"\nseed_sha256 = \"{}\"\ndate_line = 3\nsource_line = 4\ndrop_lines = [1]\n",
            sha256(seed_text)
        ),
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}", run.stderr);
    assert!(!run.stderr.contains("is unsure"), "{}", run.stderr);
    // The paragraph the date was read from is still the article's text.
    site.build(&[]);
    let built = site.read("public/tu-lieu/tieu-de-cua-bai-viet/index.html");
    assert!(
        built.contains("Sáng 26/10/2018, hội nghị đã nghe"),
        "{built}"
    );
}

#[test]
fn an_author_line_the_rules_cannot_read_as_names_is_kept_whole() {
    // Line 13, an outlet's name, marked as the author: no person's name, still not lost.
    let site = site_with(&format!("{}author_lines = [13]\n", hash_line()));
    let report = import_json(&site, &[]);
    let (front_matter, _) = page(&site, &report);
    let authors = front_matter["authors"].as_array().unwrap();
    assert!(
        authors
            .iter()
            .any(|a| a.as_str() == Some("Báo Điện tử Đảng bộ Khối")),
        "{front_matter}"
    );
    let author = fields(&report)
        .into_iter()
        .find(|(field, value, ..)| field == "author" && value == "Báo Điện tử Đảng bộ Khối");
    assert_eq!(
        author.map(|a| (a.2, a.3)),
        Some(("sidecar_line".to_owned(), Some(13)))
    );
}
