//! The content model built in memory, from strings: assembly, ordering, URLs and their
//! collisions, the registers and the chronology, without the disk or the binary.

use super::urls::{asset_path, check_unique_urls};
use super::*;
use crate::content::registers::{Corrections, RegisterEntry};

fn page(rel: &str, text: &str) -> Arc<Page> {
    let rel = Path::new(rel);
    Arc::new(Page::parse(rel, text, rel).unwrap())
}

fn section(rel: &str, text: &str) -> (PathBuf, Section) {
    let rel = Path::new(rel);
    Section::parse(rel, text, rel).unwrap()
}

/// A site from its sections and pages (in path order, as a load lists them).
fn site(sections: Vec<(PathBuf, Section)>, pages: Vec<Arc<Page>>) -> Site {
    let mut site = assemble(sections, pages).unwrap();
    let registers = registers::build(
        &site.pages,
        &Corrections::default(),
        &mut registers::Cache::default(),
    );
    site.chronology = chronology::build(&site.pages, &registers);
    site.registers = registers;
    site
}

fn titles(site: &Site, section: usize) -> Vec<&str> {
    site.sections[section]
        .pages
        .iter()
        .map(|&p| site.pages[p].meta.title.as_str())
        .collect()
}

#[test]
fn folder_names_become_url_segments() {
    let shown = Path::new("x");
    assert_eq!(
        dir_url(Path::new("Đại hội/2017"), shown).unwrap(),
        "dai-hoi/2017/"
    );
    assert_eq!(
        asset_path(Path::new("Đại hội/ảnh 1.jpg")),
        "dai-hoi/ảnh 1.jpg"
    );
}

#[test]
fn pages_join_the_nearest_section_up_and_sort_by_date_undated_last() {
    let site = site(
        vec![
            section("2017/_index.md", "+++\ntitle = \"Hội nghị 2017\"\n+++\n"),
            section("_index.md", "+++\ntitle = \"Trang chủ\"\n+++\n"),
        ],
        vec![
            page("2017/a.md", "+++\ntitle = \"Không ngày\"\n+++\nA."),
            page(
                "2017/anh/b.md",
                "+++\ntitle = \"Sau\"\ndate = 2017-03-05\n+++\nB.",
            ),
            page(
                "2017/c.md",
                "+++\ntitle = \"Trước\"\ndate = 2017-03-04\n+++\nC.",
            ),
            page("d.md", "+++\ntitle = \"Ở trang chủ\"\n+++\nD."),
        ],
    );
    assert_eq!(site.sections.len(), 2);
    assert_eq!(site.sections[0].path, "");
    assert_eq!(site.sections[1].path, "2017/");
    assert_eq!(site.sections[1].parent, Some(0));
    assert_eq!(site.sections[0].subsections, [1]);
    // `2017/anh/` has no `_index.md`: its page belongs to `2017/`.
    assert_eq!(titles(&site, 1), ["Trước", "Sau", "Không ngày"]);
    assert_eq!(titles(&site, 0), ["Ở trang chủ"]);
    assert_eq!(site.pages[1].path, "2017/anh/b/");
}

#[test]
fn sections_sort_by_title_in_vietnamese_order_or_by_weight() {
    let by_title = "+++\ntitle = \"T\"\nsort_by = \"title\"\n+++\n";
    let pages = vec![
        page("t/1.md", "+++\ntitle = \"Đảng bộ\"\nweight = 1\n+++\n."),
        page("t/2.md", "+++\ntitle = \"Dân vận\"\nweight = 3\n+++\n."),
        page("t/3.md", "+++\ntitle = \"Ban Tổ chức\"\n+++\n."),
        page("t/4.md", "+++\ntitle = \"Ê-kíp\"\nweight = 2\n+++\n."),
    ];
    let titled = site(vec![section("t/_index.md", by_title)], pages.clone());
    // Byte order would put `Đ` and `Ê` after every ASCII letter.
    assert_eq!(
        titles(&titled, 1),
        ["Ban Tổ chức", "Dân vận", "Đảng bộ", "Ê-kíp"]
    );
    let by_weight = "+++\ntitle = \"T\"\nsort_by = \"weight\"\nreverse = true\n+++\n";
    let weighted = site(vec![section("t/_index.md", by_weight)], pages);
    // Unweighted last, then the whole order reversed.
    assert_eq!(
        titles(&weighted, 1),
        ["Ban Tổ chức", "Dân vận", "Ê-kíp", "Đảng bộ"]
    );
}

#[test]
fn two_pages_claiming_one_url_are_an_error_naming_both() {
    let site = site(
        Vec::new(),
        vec![
            page("a/x.md", "+++\ntitle = \"X\"\nslug = \"bai\"\n+++\n."),
            page("a/y.md", "+++\ntitle = \"Y\"\nslug = \"bai\"\n+++\n."),
        ],
    );
    let message = check_unique_urls(&site).unwrap_err().to_string();
    assert!(message.contains("a/x.md"), "{message}");
    assert!(message.contains("a/y.md"), "{message}");
    assert!(message.contains("a/bai/"), "{message}");
}

#[test]
fn a_page_colliding_with_a_register_page_is_an_error() {
    let site = site(
        Vec::new(),
        vec![page("van-ban.md", "+++\ntitle = \"Văn bản\"\n+++\n.")],
    );
    let message = check_unique_urls(&site).unwrap_err().to_string();
    assert!(message.contains("the documents register"), "{message}");
}

#[test]
fn registers_and_chronology_come_from_the_pages_text() {
    let cites = "+++\ntitle = \"Hội nghị\"\ndate = 2018-10-26\n+++\n\
        Thực hiện Quyết định số 98-QĐ/TW ngày 7/10/2017 của Bộ Chính trị, đồng chí Sơn Minh Thắng, Phó Trưởng Ban Tổ chức Trung ương phát biểu.\n";
    let later =
        "+++\ntitle = \"Sau đó\"\ndate = 2019-01-02\n+++\nĐồng chí Sơn Minh Thắng dự họp.\n";
    let site = site(Vec::new(), vec![page("a.md", cites), page("b.md", later)]);
    let registers = &site.registers;
    assert_eq!(registers.documents.len(), 1, "{:?}", registers.documents);
    let document = &registers.documents[0];
    assert_eq!(document.code.as_deref(), Some("98-QĐ/TW"));
    assert_eq!(document.date, Some(jiff::civil::date(2017, 10, 7)));
    assert_eq!(document.path, "van-ban/98-qd-tw/");
    assert_eq!(document.citations.len(), 1);
    assert_eq!(document.citations[0].page, 0);
    let person = registers
        .people
        .iter()
        .find(|p| p.name == "Sơn Minh Thắng")
        .expect("the person is in the register");
    assert_eq!(person.pages, [0, 1]);
    assert_eq!(person.roles[0].title, "Phó Trưởng Ban Tổ chức Trung ương");
    // The first page mentions the document before the person, in text order.
    let first: Vec<RegisterEntry> = registers.mentions[0].iter().map(|m| m.entry).collect();
    assert!(matches!(first[0], RegisterEntry::Document(0)), "{first:?}");
    // The document (2017), then the articles (2018, 2019).
    let events: Vec<chronology::Event> = site.chronology.iter().map(|e| e.event).collect();
    assert_eq!(
        events,
        [
            chronology::Event::Document(0),
            chronology::Event::Article(0),
            chronology::Event::Article(1)
        ]
    );
}

#[test]
fn a_text_edit_that_finds_the_same_keeps_the_registers() {
    let mut cache = registers::Cache::default();
    let text = |words: &str| {
        format!(
            "+++\ntitle = \"T\"\ndate = 2018-10-26\n+++\nĐồng chí Sơn Minh Thắng, Phó Trưởng Ban Tổ chức Trung ương phát biểu.\n\nHội nghị {words}.\n"
        )
    };
    let corrections = Corrections::default();
    let before = registers::build(&[page("a.md", &text("bế mạc"))], &corrections, &mut cache);
    let same = registers::build(&[page("a.md", &text("kết thúc"))], &corrections, &mut cache);
    assert!(
        Arc::ptr_eq(&before, &same),
        "an edit naming the same keeps them"
    );
    let other = "+++\ntitle = \"T\"\ndate = 2018-10-26\n+++\nĐồng chí Lê Văn Hai dự họp.\n";
    let changed = registers::build(&[page("a.md", other)], &corrections, &mut cache);
    assert!(!Arc::ptr_eq(&before, &changed));
    assert!(changed.people.iter().all(|p| p.name != "Sơn Minh Thắng"));
}
