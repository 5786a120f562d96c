//! What a `serve` session says across rebuilds.

use super::*;
use std::fs;

fn write(root: &Path, rel: &str, text: &str) {
    let path = root.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn seed(root: &Path, name: &str, sentence: &str) {
    let text = format!("Hội nghị tổng kết công tác năm\n\n{sentence}\n");
    write(root, &format!("seeds/{name}.txt"), &text);
}

fn rebuild(session: &mut Session, root: &Path, changed: &str) -> Vec<String> {
    let change = Change {
        paths: vec![root.join(changed)],
        rescan: false,
    };
    session.rebuild(&change).unwrap().warnings
}

/// A site with a minimal theme and one seed, `a`, without a date.
fn site() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path();
    let config = "base_url = \"https://example.org/\"\ntitle = \"T\"\ntheme = \"min\"\n";
    write(root, CONFIG_FILE, config);
    for template in ["page.html", "section.html", "index.html"] {
        let path = format!("themes/min/templates/{template}");
        write(root, &path, "{{ current_path }}");
    }
    // The seeds have no title: their pages show the theme's label for that.
    write(
        root,
        "themes/min/i18n/vi.toml",
        "untitled = \"(chưa có tiêu đề)\"\n",
    );
    seed(
        root,
        "a",
        "Sáng nay, hội nghị đã diễn ra tại Hà Nội với nhiều đại biểu.",
    );
    dir
}

fn session(root: &Path) -> Session {
    Session::new(BuildOptions {
        root: root.to_path_buf(),
        output: None,
        drafts: false,
        base_url: None,
        replace_output: false,
    })
}

#[test]
fn an_import_warning_is_said_once_until_what_it_is_about_changes() {
    let dir = site();
    let root = dir.path();
    seed(root, "b", "Chiều nay, hội nghị đã bế mạc tại Hà Nội.");
    let mut session = session(root);
    let first = session.rebuild(&Change::default()).unwrap().warnings;
    assert!(
        first
            .iter()
            .any(|w| w.starts_with("seeds/a.txt: no date found")),
        "{first:?}"
    );

    // The pages the first import wrote change nothing about a's warnings.
    seed(root, "b", "Chiều nay, hội nghị đã kết thúc.");
    let said = rebuild(&mut session, root, "seeds/b.txt");
    assert!(
        !said.iter().any(|w| w.starts_with("seeds/a.txt")),
        "{said:?}"
    );

    let page = fs::read_dir(root.join("content/tu-lieu"))
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .find(|p| {
            let text = fs::read_to_string(p).unwrap_or_default();
            text.contains("seed = \"seeds/a.txt\"")
        })
        .unwrap();
    let edited = |text: &str| {
        let now = fs::read_to_string(&page).unwrap();
        fs::write(&page, format!("{now}\n{text}\n")).unwrap();
    };
    edited("Một câu biên tập viên thêm.");
    let edited_warning = |warnings: &[String]| {
        warnings
            .iter()
            .filter(|w| w.contains("was changed by an editor"))
            .count()
    };
    // Another seed changes: the import runs and says the page was edited, once.
    seed(root, "b", "Chiều nay, hội nghị đã bế mạc.");
    let said = rebuild(&mut session, root, "seeds/b.txt");
    assert_eq!(edited_warning(&said), 1, "{said:?}");
    seed(root, "b", "Chiều nay, hội nghị đã bế mạc tại Hà Nội.");
    let said = rebuild(&mut session, root, "seeds/b.txt");
    assert_eq!(edited_warning(&said), 0, "{said:?}");
    // A template change rebuilds everything, and says nothing already said.
    write(root, "themes/min/templates/page.html", "{{ page.title }}");
    let said = rebuild(&mut session, root, "themes/min/templates/page.html");
    assert_eq!(edited_warning(&said), 0, "{said:?}");
    // The page is edited again: said again.
    edited("Một câu nữa.");
    seed(root, "b", "Chiều nay, hội nghị đã bế mạc.");
    let said = rebuild(&mut session, root, "seeds/b.txt");
    assert_eq!(edited_warning(&said), 1, "{said:?}");
}

#[test]
fn a_page_skip_removes_is_gone_from_the_same_rebuild() {
    let dir = site();
    let root = dir.path();
    let mut session = session(root);
    session.rebuild(&Change::default()).unwrap();
    let page = "tu-lieu/hoi-nghi-tong-ket-cong-tac-nam/index.html";
    assert!(session.files().contains_key(page));
    write(root, "seeds/a.toml", "skip = true\n");
    rebuild(&mut session, root, "seeds/a.toml");
    assert!(!session.files().contains_key(page));
}

#[test]
fn a_lost_track_rescan_reads_again_what_the_watcher_never_named() {
    let dir = site();
    let root = dir.path();
    write(root, "themes/min/templates/page.html", "{{ page.content }}");
    let text = |body: &str| format!("+++\ntitle = \"Bài\"\n+++\n{body}\n");
    write(root, "content/bai.md", &text("Chữ cũ."));
    let mut session = session(root);
    session.rebuild(&Change::default()).unwrap();
    let served = |session: &Session, rel: &str| {
        let files = session.files();
        files
            .get(rel)
            .map(|bytes| String::from_utf8_lossy(bytes).into_owned())
    };
    assert!(
        served(&session, "bai/index.html")
            .unwrap()
            .contains("Chữ cũ.")
    );
    // The imported articles' pages.
    let imported = |session: &Session| {
        let files = session.files();
        let pages = files.keys().filter(|k| k.starts_with("tu-lieu/"));
        pages.filter(|k| k.as_ref() != "tu-lieu/index.html").count()
    };

    // Changes the watcher did not report: its word is trusted, nothing is read.
    write(root, "content/bai.md", &text("Chữ mới."));
    write(root, "static/moi.txt", "tệp mới");
    seed(root, "b", "Chiều nay, hội nghị đã bế mạc tại Hà Nội.");
    let unreported = Change {
        paths: Vec::new(),
        rescan: false,
    };
    session.rebuild(&unreported).unwrap();
    assert!(
        served(&session, "bai/index.html")
            .unwrap()
            .contains("Chữ cũ.")
    );
    assert_eq!((served(&session, "moi.txt"), imported(&session)), (None, 1));
    // It says it lost track: content, static files and seeds are all read again.
    let lost_track = Change {
        paths: Vec::new(),
        rescan: true,
    };
    session.rebuild(&lost_track).unwrap();
    assert!(
        served(&session, "bai/index.html")
            .unwrap()
            .contains("Chữ mới.")
    );
    assert_eq!(served(&session, "moi.txt").as_deref(), Some("tệp mới"));
    assert_eq!(imported(&session), 2, "{:?}", session.files().keys());
}
