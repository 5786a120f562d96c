//! `biennien check`: every broken internal link, asset and fragment reported at the
//! Markdown file and line it is written in, a failing exit code, content warnings that do
//! not fail it, and `public/` never touched.

use crate::common;

use common::{CONFIG, Fixture, built_seed_site, page};

#[test]
fn broken_links_assets_and_fragments_are_each_reported() {
    let site = Fixture::new(CONFIG);
    site.write(
        "content/a.md",
        &page("title = \"A\"\ndate = 2019-01-01", "## Có\n\nChữ."),
    );
    site.write(
        "content/b.md",
        &page(
            "title = \"B\"\ndate = 2019-01-02",
            "[đúng](/a/#co) [sai trang](/khong-co/) [sai mục](/a/#khong-co) ![ảnh](/anh/khong.svg) [tương đối](../a/) [ngoài](https://example.com/x)",
        ),
    );
    site.write(
        "content/nhap.md",
        &page("title = \"Nháp\"\ndraft = true", "Chữ."),
    );
    site.write(
        "content/khong-ngay.md",
        &page("title = \"Không ngày\"", "Chữ."),
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    // Named where they are written; the feed carries the same text, so the same links.
    assert_broken_links(
        &run.stderr,
        &site.path("content/b.md"),
        &[
            "5:28: broken link `/khong-co/`: no such file (in atom.xml, b/index.html)",
            "5:50: broken link `/a/#khong-co`: no id `khong-co` there (in atom.xml, b/index.html)",
            "5:71: broken link `/anh/khong.svg`: no such file (in atom.xml, b/index.html)",
        ],
    );
    assert!(run.stdout.contains(": 3 broken"), "{}", run.stdout);
    assert!(
        run.stderr.contains("content/nhap.md: a draft"),
        "{}",
        run.stderr
    );
    assert!(
        run.stderr.contains("content/khong-ngay.md: has no date"),
        "{}",
        run.stderr
    );
    assert!(!site.path("public").exists(), "check never writes public/");
}

#[test]
fn warnings_alone_do_not_fail_and_the_real_site_is_clean() {
    let site = built_seed_site();
    let before = site.snapshot("public");
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    // The seed 004's date is read from its text, so unsure: a warning, not a failure.
    assert!(
        run.stdout.trim_end().ends_with(": 0 broken, 1 warning"),
        "{}",
        run.stdout
    );
    let unsure = format!(
        "warning: {}: its date `2018-10-26` (line 5 of {}) is unsure",
        site.path("content/2018-giao-ban-nam-bo/nang-cao-chat-luong-doi-moi-noi-dung-phuong-thuc-thuc-hien-nhiem-vu-cua-dang-uy.md").display(),
        site.path("seeds/004_2ebabc93f3bb51c0.txt").display()
    );
    assert!(run.stderr.contains(&unsure), "{unsure} in:\n{}", run.stderr);
    assert_eq!(site.snapshot("public"), before, "public/ is left as it was");
}

#[test]
fn a_base_url_with_a_path_is_checked_under_that_path() {
    let site =
        Fixture::new(&CONFIG.replace("https://example.org/", "https://org.github.io/lich-su/"));
    site.write(
        "content/a.md",
        &page("title = \"A\"\ndate = 2019-01-01", "## Có\n\nChữ."),
    );
    site.write("static/anh/co.svg", "ảnh");
    site.write(
        "content/b.md",
        &page(
            "title = \"B\"\ndate = 2019-01-02",
            "[đúng](/a/#co) [sai trang](/khong-co/) [sai mục](/a/#khong-co) ![ảnh](/anh/co.svg) ![ảnh](/anh/khong.svg) [đầy đủ](https://org.github.io/lich-su/a/#co) [lạc](https://org.github.io/lich-su/khong/)",
        ),
    );
    let run = site.run(&["check"]);
    assert_eq!(run.code, 1, "{}{}", run.stdout, run.stderr);
    // The build put the path in front of `/` links; they are reported as built, at the
    // place in the Markdown they were written.
    assert_broken_links(
        &run.stderr,
        &site.path("content/b.md"),
        &[
            "5:28: broken link `/lich-su/khong-co/`: no such file (in atom.xml, b/index.html)",
            "5:50: broken link `/lich-su/a/#khong-co`: no id `khong-co` there (in atom.xml, b/index.html)",
            "5:91: broken link `/lich-su/anh/khong.svg`: no such file (in atom.xml, b/index.html)",
            "5:159: broken link `https://org.github.io/lich-su/khong/`: no such file (in atom.xml, b/index.html)",
        ],
    );
    assert!(
        run.stdout.contains(": 4 broken, 0 warnings"),
        "{}",
        run.stdout
    );
    assert!(!site.path("public").exists(), "check never writes public/");
}

#[test]
fn the_summary_counts_one_warning_as_one() {
    let site = Fixture::new(CONFIG);
    site.write("content/a.md", &page("title = \"A\"", "Chữ."));
    let run = site.run(&["check"]);
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    assert!(
        run.stderr.contains("content/a.md: has no date"),
        "{}",
        run.stderr
    );
    assert!(
        run.stdout.trim_end().ends_with(": 0 broken, 1 warning"),
        "{}",
        run.stdout
    );
}

/// `stderr` names exactly these broken links, each at its place in `file`.
fn assert_broken_links(stderr: &str, file: &std::path::Path, expected: &[&str]) {
    for expected in expected {
        let expected = format!("error: {}:{expected}", file.display());
        assert!(stderr.contains(&expected), "{expected} in:\n{stderr}");
    }
    assert_eq!(
        stderr.matches("broken link").count(),
        expected.len(),
        "{stderr}"
    );
}
