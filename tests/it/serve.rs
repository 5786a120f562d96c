//! `biennien serve --watch` against a real server on a free port: pages and types, edits,
//! live-reload events, the error overlay, traversal attempts, a site under a path, the scope
//! of a rebuild, and stopping.

use crate::common;

use std::io::Write;
use std::net::TcpStream;
use std::thread;
use std::time::{Duration, Instant};

use common::server::{Events, Server, WAIT, save};
use common::{CONFIG, Fixture, minified, page, search_index_lookup};

fn site() -> Fixture {
    let site = Fixture::new(&minified(CONFIG));
    site.write("content/dong/_index.md", &page("title = \"Dòng\"", ""));
    for (slug, day) in [("mot", 1), ("hai", 2), ("ba", 3)] {
        site.write(
            &format!("content/dong/{slug}.md"),
            &page(
                &format!("title = \"Bài {slug}\"\ndate = 2019-05-0{day}"),
                &format!("Nội dung bài {slug}."),
            ),
        );
    }
    site
}

#[test]
fn serves_pages_and_assets_with_their_types_and_never_writes_public() {
    let site = site();
    let server = Server::start(&site, &[]);
    let home = server.get("/");
    assert_eq!(home.status, 200);
    assert_eq!(
        home.header("content-type"),
        Some("text/html; charset=utf-8")
    );
    assert!(
        home.body
            .contains("new EventSource(\"/__biennien/events\")")
    );
    let page = server.get("/dong/mot/");
    assert!(page.body.contains("Nội dung bài mot."));
    assert!(
        page.body
            .contains(&format!("href=http://{}/dong/", server.address))
            || page.body.contains("href=/dong/")
    );
    assert_eq!(
        server.get("/dong/mot").status,
        302,
        "a folder without its slash"
    );
    let css = server.get("/style.css");
    assert_eq!(css.status, 200);
    assert_eq!(css.header("content-type"), Some("text/css; charset=utf-8"));
    assert!(
        !css.body.contains("EventSource"),
        "only HTML gets the script"
    );
    assert!(
        server
            .get("/sitemap.xml")
            .header("content-type")
            .unwrap()
            .starts_with("application/xml")
    );
    let missing = server.get("/khong-co/");
    assert_eq!(missing.status, 404);
    assert!(
        missing.body.contains("Không tìm thấy trang"),
        "the site's own 404 page"
    );
    assert!(!site.path("public").exists(), "serve never writes public/");
}

#[test]
fn an_edit_is_served_after_a_reload_event() {
    let site = site();
    let server = Server::start(&site, &[]);
    let mut events = server.listen();
    let text = page("title = \"Bài hai\"\ndate = 2019-05-02", "Chữ đã sửa.");
    save_and_see_reload(
        &site,
        &server,
        &mut events,
        "content/dong/hai.md",
        &text,
        "/dong/hai/",
    );
}

/// Saves a page's `text`; the reload event comes once the new build is in place, so `url`
/// then shows the page's new body.
fn save_and_see_reload(
    site: &Fixture,
    server: &Server,
    events: &mut Events,
    rel: &str,
    text: &str,
    url: &str,
) {
    save(site, rel, text);
    assert_eq!(events.next(), "reload");
    let body = text.rsplit("+++\n").next().unwrap();
    assert!(server.get(url).body.contains(body));
}

#[test]
fn a_broken_file_shows_over_every_page_until_it_is_fixed() {
    let site = site();
    let server = Server::start(&site, &[]);
    let builds = server.builds();
    save(
        &site,
        "content/dong/ba.md",
        "+++\ntitle = \"Bài ba\"\ndate = \"hôm qua\"\n+++\nChữ.",
    );
    server.wait_for_build_after(builds);
    let other = server.get("/dong/mot/");
    assert_eq!(other.status, 200, "the last good build is still served");
    assert!(other.body.contains("Nội dung bài mot."));
    assert!(other.body.contains("id=\"biennien-error\""));
    assert!(
        other
            .body
            .contains("content/dong/ba.md:3:8: front matter: `hôm qua` is not a date"),
        "{}",
        other.body
    );
    assert!(
        server.output.lock().unwrap().contains("ba.md:3:8"),
        "the terminal says it too"
    );

    save(
        &site,
        "content/dong/ba.md",
        &page("title = \"Bài ba\"\ndate = 2019-05-03", "Đã sửa."),
    );
    let fixed = server.wait_for("/dong/ba/", |r| r.body.contains("Đã sửa."));
    assert!(!fixed.body.contains("biennien-error"));
    assert!(!server.get("/dong/mot/").body.contains("biennien-error"));
}

#[test]
fn no_request_reaches_a_file_outside_the_site() {
    let site = site();
    site.write("secret.txt", "BI-MAT");
    let server = Server::start(&site, &[]);
    let long = format!("/{}", "a".repeat(5000));
    for path in [
        "/../secret.txt",
        "/%2e%2e/secret.txt",
        "/%2E%2E%2Fsecret.txt",
        "/dong/..%2f..%2fsecret.txt",
        "/..\\secret.txt",
        "/dong\\..\\..\\secret.txt",
        "//etc/passwd",
        "/../../../../etc/passwd",
        "/%2e%2e/%2e%2e/%2e%2e/etc/passwd",
        "/config.toml",
        "/content/dong/mot.md",
        "/%00",
        long.as_str(),
    ] {
        let response = server.get(path);
        assert!(
            matches!(response.status, 400 | 404),
            "{path}: {}",
            response.status
        );
        assert!(
            !response.body.contains("BI-MAT") && !response.body.contains("root:"),
            "{path}"
        );
    }
}

#[test]
fn a_site_under_a_path_is_served_under_it() {
    let site = Fixture::new(&minified(
        &CONFIG.replace("https://example.org/", "https://example.github.io/lich-su/"),
    ));
    site.write("content/a.md", &page("title = \"A\"", "Chữ."));
    let server = Server::start(&site, &[]);
    assert_eq!(server.base, "/lich-su/");
    let home = server.get("/lich-su/");
    assert_eq!(home.status, 200);
    assert!(home.body.contains("href=/lich-su/a/"), "{}", home.body);
    assert!(home.body.contains("href=/lich-su/style.css"));
    assert_eq!(server.get("/lich-su/a/").status, 200);
    assert_eq!(server.get("/lich-su/style.css").status, 200);
    let root = server.get("/");
    assert_eq!(
        (root.status, root.header("location")),
        (302, Some("/lich-su/"))
    );
    assert_eq!(server.get("/a/").status, 404, "nothing outside the path");
}

#[test]
fn editing_one_articles_text_re_renders_no_other_article() {
    let site = site();
    let server = Server::start(&site, &[]);
    let builds = server.builds();
    save(
        &site,
        "content/dong/hai.md",
        &page("title = \"Bài hai\"\ndate = 2019-05-02", "Chỉ sửa chữ."),
    );
    server.wait_for_build_after(builds);
    let written: Vec<String> = server.status()["written"]
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap().to_owned())
        .collect();
    assert!(
        written.contains(&"dong/hai/index.html".to_owned()),
        "{written:?}"
    );
    for other in [
        "dong/mot/index.html",
        "dong/ba/index.html",
        "dong/index.html",
        "index.html",
    ] {
        assert!(
            !written.contains(&other.to_owned()),
            "{other} re-rendered: {written:?}"
        );
    }
    // A new title is shown where the article is listed: those pages are rendered again.
    let builds = server.builds();
    save(
        &site,
        "content/dong/hai.md",
        &page("title = \"Tên mới\"\ndate = 2019-05-02", "Chỉ sửa chữ."),
    );
    server.wait_for_build_after(builds);
    let written = server.status()["written"].to_string();
    for listing in [
        "dong/index.html",
        "dong/mot/index.html",
        "dong/ba/index.html",
        "bien-nien/index.html",
    ] {
        assert!(
            written.contains(listing),
            "{listing} not re-rendered: {written}"
        );
    }
    assert!(server.get("/dong/").body.contains("Tên mới"));
}

#[test]
fn an_edit_updates_the_search_index_and_only_that_pages_search_file() {
    let site = site();
    let server = Server::start(&site, &[]);
    let read = |path: &str| server.get(&format!("/{path}")).bytes;
    assert!(search_index_lookup(&read, "cuu").is_empty());
    let builds = server.builds();
    save(
        &site,
        "content/dong/hai.md",
        &page("title = \"Bài hai\"\ndate = 2019-05-02", "Sông Cửu Long."),
    );
    server.wait_for_build_after(builds);
    assert_eq!(search_index_lookup(&read, "cuu"), ["/dong/hai/"]);
    let written = server.status()["written"].clone();
    let written: Vec<&str> = written
        .as_array()
        .unwrap()
        .iter()
        .map(|w| w.as_str().unwrap())
        .collect();
    assert!(written.contains(&"search/meta.json"), "{written:?}");
    let docs: Vec<&&str> = written
        .iter()
        .filter(|w| w.starts_with("search/docs/"))
        .collect();
    assert_eq!(
        docs.len(),
        1,
        "only the edited page's result file: {written:?}"
    );
}

#[test]
fn deleted_and_new_pages_come_and_go() {
    let site = site();
    let server = Server::start(&site, &[]);
    std::fs::remove_file(site.path("content/dong/ba.md")).unwrap();
    server.wait_for("/dong/ba/", |r| r.status == 404);
    assert!(!server.get("/dong/").body.contains("Bài ba"));
    // A new folder with a page in it.
    save(&site, "content/moi/_index.md", &page("title = \"Mới\"", ""));
    save(
        &site,
        "content/moi/bai.md",
        &page("title = \"Bài trong mục mới\"", "Chữ."),
    );
    server.wait_for("/moi/bai/", |r| {
        r.status == 200 && r.body.contains("Bài trong mục mới")
    });
    // An editor's atomic save: write a temporary file, rename it over the page.
    site.write(
        "content/dong/.mot.md.tmp",
        &page("title = \"Bài mot\"\ndate = 2019-05-01", "Lưu kiểu vim."),
    );
    std::fs::rename(
        site.path("content/dong/.mot.md.tmp"),
        site.path("content/dong/mot.md"),
    )
    .unwrap();
    server.wait_for("/dong/mot/", |r| r.body.contains("Lưu kiểu vim."));
}

#[test]
fn a_moved_folder_moves_its_pages() {
    let site = site();
    let server = Server::start(&site, &[]);
    std::fs::rename(site.path("content/dong"), site.path("content/dong-moi")).unwrap();
    server.wait_for("/dong-moi/hai/", |r| {
        r.status == 200 && r.body.contains("Nội dung bài hai.")
    });
    assert_eq!(server.get("/dong/hai/").status, 404);
}

#[test]
fn the_registers_follow_an_edit_that_changes_what_a_page_cites() {
    let site = site();
    let server = Server::start(&site, &[]);
    let text = |cited: &str| {
        page(
            "title = \"Bài hai\"\ndate = 2019-05-02",
            &format!("Thực hiện Chỉ thị số {cited} của Bộ Chính trị."),
        )
    };
    save(&site, "content/dong/hai.md", &text("35-CT/TW"));
    server.wait_for("/van-ban/35-ct-tw/", |r| r.status == 200);
    // Only the text around it changes: the entry stays.
    save(
        &site,
        "content/dong/hai.md",
        &format!("{}\n\nMột đoạn mới.", text("35-CT/TW")),
    );
    server.wait_for("/dong/hai/", |r| r.body.contains("Một đoạn mới."));
    assert_eq!(server.get("/van-ban/35-ct-tw/").status, 200);
    // Another document cited instead: the entry moves.
    save(&site, "content/dong/hai.md", &text("05-CT/TW"));
    server.wait_for("/van-ban/05-ct-tw/", |r| r.status == 200);
    assert_eq!(server.get("/van-ban/35-ct-tw/").status, 404);
    // A person named by one page with an office is found by name alone in another: an edit
    // that only adds the bare name still adds the page to the person's entry.
    save(
        &site,
        "content/dong/mot.md",
        &page(
            "title = \"Bài mot\"\ndate = 2019-05-01",
            "Đồng chí Phạm Minh Chính, Ủy viên Bộ Chính trị, phát biểu.",
        ),
    );
    server.wait_for("/nhan-vat/pham-minh-chinh/", |r| r.body.contains("Bài mot"));
    assert!(
        !server
            .get("/nhan-vat/pham-minh-chinh/")
            .body
            .contains("Bài hai")
    );
    save(
        &site,
        "content/dong/hai.md",
        &format!("{}\n\nÝ kiến của Phạm Minh Chính.", text("05-CT/TW")),
    );
    server.wait_for("/nhan-vat/pham-minh-chinh/", |r| r.body.contains("Bài hai"));
    // The editor's corrections are read again when they change.
    save(
        &site,
        "content/registers.toml",
        "[people.\"Phạm Minh Chính\"]\nexclude = true\n",
    );
    server.wait_for("/nhan-vat/pham-minh-chinh/", |r| r.status == 404);
}

#[test]
fn after_edits_every_file_is_served_as_a_fresh_build_writes_it() {
    let site = site();
    let server = Server::start(&site, &[]);
    let hai = "title = \"Bài hai\"\ndate = 2019-05-02";
    let mot = "title = \"Bài mot\"\ndate = 2019-05-01";
    let ba = "title = \"Tên mới\"\ndate = 2019-05-03";
    let edits = [
        // Text only, each: a document cited and a bare name that is nobody's yet; the name
        // given with an office in another page (the first page now links it); the first
        // page's text again.
        (
            "content/dong/hai.md",
            page(hai, "Chỉ thị số 35-CT/TW; ý kiến của Phạm Minh Chính."),
        ),
        (
            "content/dong/mot.md",
            page(
                mot,
                "Đồng chí Phạm Minh Chính, Ủy viên Bộ Chính trị, phát biểu.",
            ),
        ),
        (
            "content/dong/hai.md",
            page(hai, "Chỉ thị số 35-CT/TW; Phạm Minh Chính phát biểu."),
        ),
        // A new title that finds the same registers: the document's, the person's and the
        // chronology's pages show it.
        (
            "content/dong/hai.md",
            page(
                "title = \"Bài hai, tên khác\"\ndate = 2019-05-02",
                "Chỉ thị số 35-CT/TW; Phạm Minh Chính phát biểu.",
            ),
        ),
        // A new title: the site is assembled again; then text only after it.
        ("content/dong/ba.md", page(ba, "Nội dung bài ba.")),
        ("content/dong/ba.md", page(ba, "Nội dung mới.")),
        ("content/dong/hai.md", page(hai, "Không còn trích dẫn.")),
    ];
    assert_each_edit_served_as_built(&site, &server, &edits);
}

#[test]
fn with_a_theme_without_registers_edits_are_served_as_a_fresh_build_writes_them() {
    let site = site();
    site.write("config.toml", &format!("{CONFIG}theme = \"toi-gian\"\n"));
    let templates = [
        (
            "page.html",
            "<h1>{{ page.title }}</h1>{{ page.content | safe }}{% if next_page %}{{ next_page.title }}{% endif %}",
        ),
        (
            "section.html",
            "{% for p in section.pages %}<a href=\"{{ p.path }}\">{{ p.title }}</a>{% endfor %}",
        ),
        (
            "index.html",
            "{% for s in section.subsections %}{{ s.title }}{% endfor %}",
        ),
    ];
    for (name, text) in templates {
        site.write(&format!("themes/toi-gian/templates/{name}"), text);
    }
    site.write("themes/toi-gian/i18n/vi.toml", "");
    let server = Server::start(&site, &[]);
    let hai = "title = \"Bài hai\"\ndate = 2019-05-02";
    let edits = [
        ("content/dong/hai.md", page(hai, "Chữ mới.")),
        (
            "content/dong/mot.md",
            page("title = \"Bài mot\"\ndate = 2019-05-01", "Khác."),
        ),
        (
            "content/dong/hai.md",
            page("title = \"Tên mới\"\ndate = 2019-05-02", "Chữ."),
        ),
        (
            "content/dong/hai.md",
            page("title = \"Tên mới\"\ndate = 2019-05-02", "Lại."),
        ),
    ];
    assert_each_edit_served_as_built(&site, &server, &edits);
}

#[test]
fn text_saved_while_the_build_is_broken_is_shown_once_it_is_fixed() {
    let site = site();
    let server = Server::start(&site, &[]);
    let mot = |fields: &str| {
        page(
            &format!("title = \"Bài mot\"\ndate = 2019-05-01{fields}"),
            "Nội dung bài mot.",
        )
    };
    // A page names a template that does not exist: the build fails when it renders.
    server.save_and_wait(
        &site,
        "content/dong/mot.md",
        &mot("\ntemplate = \"khong-co.html\""),
    );
    assert!(
        server.status()["error"]
            .as_str()
            .is_some_and(|e| e.contains("khong-co.html"))
    );
    // Another page's text changes meanwhile; the build still fails.
    let hai = page("title = \"Bài hai\"\ndate = 2019-05-02", "Chữ mới.");
    server.save_and_wait(&site, "content/dong/hai.md", &hai);
    // The first page mended: the second one's new text is there. The watcher may report a
    // save twice, so the build waited for is the first good one after the mend, not just
    // the next one (which can be a late report of the earlier save, still failing).
    let builds = server.builds();
    save(&site, "content/dong/mot.md", &mot(""));
    let started = Instant::now();
    while server.builds() <= builds || !server.status()["error"].is_null() {
        assert!(started.elapsed() < WAIT, "no good build after the mend");
        thread::sleep(Duration::from_millis(20));
    }
    assert!(server.get("/dong/hai/").body.contains("Chữ mới."));
    assert_served_as_built(&site, &server, "content/dong/mot.md");
}

/// Saves each edit in turn; after each rebuild, every file is as a fresh build writes it.
fn assert_each_edit_served_as_built(site: &Fixture, server: &Server, edits: &[(&str, String)]) {
    for (rel, text) in edits {
        server.save_and_wait(site, rel, text);
        assert_served_as_built(site, server, rel);
    }
}

/// Every file a fresh build of the site writes is served with the same bytes (the
/// live-reload script aside): what rebuilding left stale shows here.
fn assert_served_as_built(site: &Fixture, server: &Server, edited: &str) {
    let built = server.fresh_build(site);
    assert!(built.len() > 5, "{:?}", built.keys());
    for (rel, bytes) in built {
        let rel = rel.to_string_lossy().replace('\\', "/");
        // The mark a build leaves in its output folder is no page: serve has no folder.
        if rel == ".biennien-output" {
            continue;
        }
        let served = server.get(&format!("{}{rel}", server.base));
        assert_eq!(served.status, 200, "{rel}");
        let mut body = served.body;
        if let Some(start) = body.find("<script>(() => {\n  const events = new EventSource(") {
            let end = start + body[start..].find("</script>").unwrap() + "</script>".len();
            body.replace_range(start..end, "");
        }
        assert!(
            body == String::from_utf8_lossy(&bytes),
            "after an edit of {edited}, {rel} is served unlike a fresh build writes it:\n{body}\n\nbuilt:\n{}",
            String::from_utf8_lossy(&bytes)
        );
    }
}

#[test]
fn a_seed_correction_is_imported_and_shown_by_one_rebuild() {
    let site = common::seed_site();
    let server = Server::start(&site, &[]);
    let mut events = server.listen();
    let sidecar = "seeds/000_64c23ab981cd5741.toml";
    let corrected = site
        .read(sidecar)
        .lines()
        .map(|l| match l.starts_with("date_note") {
            true => "date_note = \"Ghi chú đã sửa.\"",
            false => l,
        })
        .collect::<Vec<_>>()
        .join("\n");
    save(&site, sidecar, &corrected);
    assert_eq!(events.next(), "reload");
    let page = "/2018-giao-ban-nam-bo/hoi-nghi-trao-doi-kinh-nghiem-cong-tac-xay-dung-dang-cua-cac-dang-uy-khoi/";
    assert!(server.get(page).body.contains("Ghi chú đã sửa."));
    // The importer's own write is read by the build it runs in, not by one the watcher
    // starts later: the rebuild after the sidecar's save writes the page.
    let changed = format!("Changed ./{sidecar}");
    let output = server.output_once(|output| {
        output
            .find(&changed)
            .is_some_and(|at| output[at..].contains("Rebuilt in "))
    });
    let after_save = &output[output.find(&changed).unwrap()..];
    let rebuilt = after_save
        .lines()
        .find(|l| l.starts_with("Rebuilt in "))
        .unwrap();
    assert!(!rebuilt.contains(": 0 written"), "{output}");
}

#[test]
fn a_save_that_changes_nothing_reloads_no_browser() {
    let site = site();
    let server = Server::start(&site, &[]);
    let builds = server.builds();
    let mut events = server.listen();
    let output_before = server.output.lock().unwrap().len();
    let since_before = || server.output.lock().unwrap()[output_before..].to_owned();
    let same = std::fs::read_to_string(site.path("content/dong/hai.md")).unwrap();
    save(&site, "content/dong/hai.md", &same);
    let started = Instant::now();
    while !since_before().contains("Rebuilt in") {
        assert!(started.elapsed() < WAIT, "the save was not seen");
        thread::sleep(Duration::from_millis(20));
    }
    assert!(
        since_before().contains(": 0 written, 0 removed"),
        "{}",
        since_before()
    );
    assert_eq!(server.builds(), builds, "no new build is announced");
    // The next reload is the next real edit's.
    let text = page("title = \"Bài mot\"\ndate = 2019-05-01", "Chữ mới.");
    save_and_see_reload(
        &site,
        &server,
        &mut events,
        "content/dong/mot.md",
        &text,
        "/dong/mot/",
    );
}

#[test]
fn a_taken_port_gives_the_next_one_and_ctrl_c_stops_cleanly() {
    let taken = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let port = taken.local_addr().unwrap().port();
    let site = site();
    let mut server = Server::start(&site, &["--port", &port.to_string()]);
    assert!(
        server
            .output
            .lock()
            .unwrap()
            .contains(&format!("Port {port} is taken; using"))
    );
    assert_ne!(server.address, format!("127.0.0.1:{port}"));
    assert_eq!(server.get("/").status, 200);
    // Ctrl-C, with a page holding the live-reload connection open.
    let _open_page = TcpStream::connect(&server.address).and_then(|mut s| {
        write!(s, "GET /__biennien/events HTTP/1.1\r\nHost: x\r\n\r\n").map(|_| s)
    });
    unsafe { libc::kill(server.child.id() as i32, libc::SIGINT) };
    let started = Instant::now();
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(started.elapsed() < WAIT, "still running after Ctrl-C");
        thread::sleep(Duration::from_millis(20));
    };
    assert!(status.success(), "{status:?}");
    let output = server.final_output();
    assert!(output.contains("Stopped."), "{output}");
}

#[test]
fn a_stylesheet_change_swaps_styles_without_a_reload() {
    let site = site();
    let server = Server::start(&site, &[]);
    let mut events = server.listen();
    let css = site.read("themes/default/static/style.css");
    save(
        &site,
        "themes/default/static/style.css",
        &format!("{css}\n.moi {{ color: red; }}\n"),
    );
    assert_eq!(events.next(), "css");
    assert!(server.get("/style.css").body.contains(".moi"));
}

#[test]
fn template_and_config_changes_rebuild_everything_and_drop_what_is_gone() {
    let site = site();
    let server = Server::start(&site, &[]);
    save(
        &site,
        "templates/page.html",
        "{% extends \"base.html\" %}{% block content %}<p>MẪU-MỚI {{ page.title }}</p>{% endblock content %}",
    );
    server.wait_for("/dong/mot/", |r| r.body.contains("MẪU-MỚI Bài mot"));
    let config = format!("{CONFIG}paginate_by = 1\n");
    save(&site, "config.toml", &config);
    server.wait_for("/dong/trang/3/", |r| r.status == 200);
    save(&site, "config.toml", CONFIG);
    server.wait_for("/dong/trang/3/", |r| r.status == 404);
}

/// Waits for the build that `show` is the sign of (`url`'s body holds it), then asserts it
/// was the only build since `builds`: earlier ones are counted before a later one's pages
/// are served, and this one is counted once the search index follows.
fn assert_one_build_shows(server: &Server, builds: u64, url: &str, show: &str) {
    server.wait_for(url, |r| r.body.contains(show));
    server.wait_for_build_after(builds);
    assert_eq!(
        server.builds(),
        builds + 1,
        "one rebuild expected:\n{}",
        server.output.lock().unwrap()
    );
}

#[test]
fn a_page_that_uses_get_page_is_rebuilt_when_the_page_it_names_changes() {
    let site = site();
    site.write(
        "templates/lien-quan.html",
        "{% extends \"base.html\" %}{% block content %}{% set other = get_page(path=\"dong/ba.md\") %}<p>LIÊN QUAN: {{ other.title }}: {{ other.content | safe }}</p>{% endblock content %}",
    );
    let mot = page(
        "title = \"Bài mot\"\ndate = 2019-05-01\ntemplate = \"lien-quan.html\"",
        "",
    );
    site.write("content/dong/mot.md", &mot);
    let server = Server::start(&site, &[]);
    assert!(
        server
            .get("/dong/mot/")
            .body
            .contains("LIÊN QUAN: Bài ba:<p>Nội dung bài ba.</p>")
    );
    // Its text only, then its title: `mot` is no neighbour of `ba`, nothing else links them.
    let ba =
        |title: &str, text: &str| page(&format!("title = \"{title}\"\ndate = 2019-05-03"), text);
    server.save_and_wait(
        &site,
        "content/dong/ba.md",
        &ba("Bài ba", "Chữ mới của bài ba."),
    );
    assert!(
        server
            .get("/dong/mot/")
            .body
            .contains("LIÊN QUAN: Bài ba:<p>Chữ mới của bài ba.</p>"),
        "{}",
        server.get("/dong/mot/").body
    );
    server.save_and_wait(
        &site,
        "content/dong/ba.md",
        &ba("Tên mới", "Chữ mới của bài ba."),
    );
    assert!(
        server
            .get("/dong/mot/")
            .body
            .contains("LIÊN QUAN: Tên mới:")
    );
    assert_served_as_built(&site, &server, "content/dong/ba.md");
}

#[test]
fn a_new_date_moves_a_page_in_its_timeline_and_the_listings_follow() {
    let site = site();
    let server = Server::start(&site, &[]);
    let order = |url: &str| {
        let body = server.get(url).body;
        let mut found: Vec<(usize, &str)> = ["Bài mot", "Bài hai", "Bài ba"]
            .into_iter()
            .map(|title| {
                (
                    body.find(title)
                        .unwrap_or_else(|| panic!("{title} in {url}")),
                    title,
                )
            })
            .collect();
        found.sort();
        found
            .into_iter()
            .map(|(_, title)| title)
            .collect::<Vec<_>>()
    };
    let before = order("/dong/");
    assert_eq!(order("/bien-nien/"), before);
    // `mot`, the first of May, moves after `ba`, the third.
    server.save_and_wait(
        &site,
        "content/dong/mot.md",
        &page(
            "title = \"Bài mot\"\ndate = 2019-05-10",
            "Nội dung bài mot.",
        ),
    );
    let after = order("/dong/");
    assert_ne!(after, before, "the listing did not move: {after:?}");
    assert_eq!(
        after.iter().position(|&t| t == "Bài mot"),
        before.iter().position(|&t| t == "Bài ba")
    );
    assert_eq!(order("/bien-nien/"), after, "the chronology follows");
    assert_served_as_built(&site, &server, "content/dong/mot.md");
}

#[test]
fn writes_in_public_target_and_git_start_no_rebuild() {
    let site = site();
    let server = Server::start(&site, &[]);
    let builds = server.builds();
    let output_before = server.output.lock().unwrap().len();
    // Created while serving, so that the site's folder itself reports them.
    for rel in ["public/index.html", "target/debug/biennien", ".git/index"] {
        site.write(rel, "không phải trang");
        save(&site, rel, "vẫn không phải trang");
    }
    let text = "Chữ sau cùng.";
    save(
        &site,
        "content/dong/hai.md",
        &page("title = \"Bài hai\"\ndate = 2019-05-02", text),
    );
    assert_one_build_shows(&server, builds, "/dong/hai/", text);
    // A rebuild that changes nothing counts no build: what the watcher reported is read
    // from the terminal. Its lines come in order, so the edit's report closes the list.
    let reported = || server.output.lock().unwrap()[output_before..].to_owned();
    let started = Instant::now();
    while !reported().contains("Changed ./content/dong/hai.md") {
        assert!(started.elapsed() < WAIT, "the edit was not reported");
        thread::sleep(Duration::from_millis(20));
    }
    // A save may be reported twice (the second rebuild changes nothing); no other path is.
    let reports: Vec<String> = reported()
        .lines()
        .filter(|l| l.starts_with("Changed ") || l.starts_with("The watcher lost track"))
        .map(str::to_owned)
        .collect();
    assert!(
        reports.iter().all(|l| l == "Changed ./content/dong/hai.md"),
        "{}",
        reported()
    );
}

#[test]
fn a_burst_of_saves_within_debounce_ms_gives_one_rebuild() {
    let site = site();
    // Far longer than the burst: the saves' events wait together for it to end.
    let server = Server::start(&site, &["--debounce-ms", "3000"]);
    let builds = server.builds();
    let text = |n: usize| {
        page(
            "title = \"Bài hai\"\ndate = 2019-05-02",
            &format!("Lần lưu số {n}."),
        )
    };
    for n in 1..=4 {
        save(&site, "content/dong/hai.md", &text(n));
        // The saves' rhythm, not a wait for the server: longer than the default window
        // (5 ms), so that without the option each save is a rebuild of its own.
        thread::sleep(Duration::from_millis(100));
    }
    assert_one_build_shows(&server, builds, "/dong/hai/", "Lần lưu số 4.");
}

#[test]
fn bind_sets_the_address_served_and_printed() {
    let site = site();
    let server = Server::start(&site, &["--bind", "127.0.0.2"]);
    assert!(
        server.address.starts_with("127.0.0.2:"),
        "{}",
        server.address
    );
    let home = server.get("/");
    assert_eq!(home.status, 200);
    // Its pages' full addresses are the address printed.
    assert!(
        home.body
            .contains(&format!("href=http://{}/ rel=canonical", server.address)),
        "{}",
        home.body
    );
    let port = server.address.rsplit(':').next().unwrap();
    assert!(
        TcpStream::connect(format!("127.0.0.1:{port}")).is_err(),
        "not listening on the default address too"
    );
}
