//! The editor's desk beside `serve --watch`, over raw HTTP: the list, one seed, marking a
//! line, the fields form, adding an article, and every refusal (each asserting its status,
//! its message, and that nothing under seeds/ or content/ changed).

use crate::common;

use common::desk::{Desk, form, sha256};
use common::server::Response;
use common::{CONFIG, Files, Fixture, built_seed_site, seed_site};

/// Everything under seeds/ and content/.
fn inputs(site: &Fixture) -> (Files, Files) {
    (site.snapshot("seeds"), site.snapshot("content"))
}

/// A refusal: its status, its message, and nothing written.
fn assert_refused(
    site: &Fixture,
    before: &(Files, Files),
    response: &Response,
    status: u16,
    message: &str,
) {
    assert_eq!(response.status, status, "{}", response.body);
    assert!(
        response.body.contains(message),
        "expected {message:?} in:\n{}",
        response.body
    );
    assert!(
        inputs(site) == *before,
        "a refused request changed seeds/ or content/"
    );
}

const SEED_000: &str = "000_64c23ab981cd5741.txt";
const SIDECAR_000: &str = "seeds/000_64c23ab981cd5741.toml";

#[test]
fn the_list_shows_every_seed_with_status_page_and_those_to_check_first() {
    let site = seed_site();
    let desk = Desk::open(&site, &[]);
    let list = desk.get("/");
    assert!(list.body.starts_with("<!DOCTYPE html><html lang=\"vi\">"));
    let rows: Vec<&str> = list.body.split("<tr><th scope=\"row\">").skip(1).collect();
    assert_eq!(rows.len(), 5, "{}", list.body);
    // Every seed, its status and its page in the preview.
    for seed in ["000_", "001_", "002_", "003_", "004_"] {
        assert!(
            rows.iter()
                .any(|r| r.contains(&format!("href=\"/seed/{seed}")))
        );
    }
    // The server's first import wrote every page.
    assert!(rows.iter().all(|r| r.contains("<td>đã ghi")), "{rows:?}");
    let preview = format!(
        "href=\"http://{}/2017-hoi-nghi-nganh-to-chuc/",
        desk.server.address
    );
    assert!(list.body.contains(&preview), "{}", list.body);
    // Those with an unsure or a missing field first.
    let flagged: Vec<bool> = rows.iter().map(|r| r.contains("(cần xem lại)")).collect();
    assert!(
        flagged.contains(&true) && flagged.contains(&false),
        "{flagged:?}"
    );
    assert!(flagged.windows(2).all(|w| w[0] >= w[1]), "{flagged:?}");
    // The page's headers keep it out of frames and other origins' scripts.
    let csp = list.header("content-security-policy").unwrap();
    assert!(csp.contains("script-src 'self'") && csp.contains("frame-ancestors 'none'"));
    assert_eq!(list.header("x-frame-options"), Some("deny"));
    // By default, the port after the preview's (or the next free one).
    let port = |address: &str| address.rsplit(':').next().unwrap().parse::<u16>().unwrap();
    let after = port(&desk.address) - port(&desk.server.address);
    assert!(
        (1..=20).contains(&after),
        "{} {}",
        desk.address,
        desk.server.address
    );
    // The preview's reserved prefix links to the desk.
    let reserved = desk.server.get("/__biennien/");
    assert!(
        reserved
            .body
            .contains(&format!("href=\"http://{}/\"", desk.address))
    );
}

#[test]
fn one_seed_shows_its_lines_kinds_and_fields_beside_the_preview() {
    let site = seed_site();
    // With the root given as an absolute path, as the import report's paths then are.
    let root = site.root().to_str().unwrap().to_owned();
    let desk = Desk::open(&site, &["--root", &root]);
    let page = desk.get("/seed/002_90ddfd1562c07cf7.txt");
    assert_eq!(page.status, 200);
    // Line 3 is the article's date, dropped from the text; the field says where it came from.
    assert!(
        page.body.contains("<tr id=\"line-3\" class=\"dropped\"><th scope=\"row\">3</th><td>bỏ: ngày đăng</td><td class=\"text\">07/08/2020 | 236</td>"),
        "{}",
        page.body
    );
    assert!(page.body.contains("<code>date</code></th><td>2020-08-07</td><td><a href=\"#line-3\">dòng 3</a></td><td>có</td>"));
    assert!(page.body.contains("<td>chú thích ảnh</td>"));
    let preview = format!(
        "<iframe src=\"http://{}/2020-chuan-bi-dai-hoi/",
        desk.server.address
    );
    assert!(page.body.contains(&preview), "{}", page.body);
    // Seed text is text: markup in a seed is escaped.
    site.write(
        "seeds/009_markup.txt",
        "Tiêu đề thử\n\n<script>alert(1)</script> là chữ.\n",
    );
    let page = desk.get("/seed/009_markup.txt");
    assert!(
        page.body
            .contains("&lt;script&gt;alert(1)&lt;/script&gt; là chữ.")
    );
    assert!(!page.body.contains("<script>alert"));
}

#[test]
fn marking_a_line_as_the_title_writes_the_sidecar_and_the_preview_shows_it() {
    let site = seed_site();
    let desk = Desk::open(&site, &[]);
    let before = site.read(SIDECAR_000);
    let (token, sidecar_sha256) = desk.form_of(SEED_000, &format!("/mark/{SEED_000}"));
    assert_eq!(sidecar_sha256, sha256(before.as_bytes()));
    let builds = desk.server.builds();
    let response = desk.post(
        &format!("/mark/{SEED_000}"),
        &[
            ("token", &token),
            ("sidecar_sha256", &sidecar_sha256),
            ("line", "3"),
            ("key", "title_line"),
        ],
    );
    assert_eq!(response.status, 303, "{}", response.body);
    assert_eq!(
        response.header("location"),
        Some(&*format!("/seed/{SEED_000}#line-3"))
    );
    let sidecar = site.read(SIDECAR_000);
    let seed_hash = sha256(&std::fs::read(site.path(&format!("seeds/{SEED_000}"))).unwrap());
    // The editor's comments and the keys the desk did not change stay; the title value
    // gives way to the line.
    assert!(sidecar.starts_with("# Editor's corrections for 000_64c23ab981cd5741.txt"));
    assert!(sidecar.contains("date_note = \"Bản gốc không ghi ngày đăng;"));
    assert!(!sidecar.contains("\ntitle = "), "{sidecar}");
    assert!(sidecar.contains("title_line = 3\n"), "{sidecar}");
    assert!(sidecar.contains(&format!("seed_sha256 = \"{seed_hash}\"")));
    // No temporary file left beside it.
    let names: Vec<String> = std::fs::read_dir(site.path("seeds"))
        .unwrap()
        .map(|e| e.unwrap().file_name().into_string().unwrap())
        .collect();
    assert_eq!(names.len(), 6, "{names:?}");
    // The rebuild imports it: the preview's page has the line as its title.
    desk.server.wait_for_build_after(builds);
    let url = "/2018-giao-ban-nam-bo/hoi-nghi-trao-doi-kinh-nghiem-cong-tac-xay-dung-dang-cua-cac-dang-uy-khoi/";
    desk.server.wait_for(url, |r| {
        r.body.contains("<h1") && r.body.contains(">Hiện nay, cả nước có 63 Đảng ủy Khối")
    });
    let seed = desk.get(&format!("/seed/{SEED_000}")).body;
    assert!(
        seed.contains("<code>title</code></th><td>Hiện nay, cả nước có 63"),
        "{seed}"
    );
    assert!(seed.contains("dòng 3, theo tệp sửa"));
    // Only that seed was written again.
    let list = desk.get("/").body;
    let status = |seed: &str| {
        let row = list.split(&format!("href=\"/seed/{seed}")).nth(1).unwrap();
        row.split("<td>")
            .nth(1)
            .unwrap()
            .split('<')
            .next()
            .unwrap()
            .to_owned()
    };
    assert_eq!(status("000_"), "đã ghi");
    assert_eq!(status("001_"), "đã nhập, không đổi");
}

#[test]
fn the_fields_form_sets_and_removes_values_and_refuses_a_bad_date() {
    let site = seed_site();
    let desk = Desk::open(&site, &[]);
    let (token, sha) = desk.form_of(SEED_000, &format!("/fields/{SEED_000}"));
    let mut fields = vec![
        ("token", token.as_str()),
        ("sidecar_sha256", sha.as_str()),
        ("title", "Tiêu đề mới"),
        ("date", "2018-13-40"),
        ("date_approximate", "true"),
        ("date_note", ""),
        ("source", "TTXVN"),
        ("authors", "Nguyễn Văn A\r\n"),
        ("author_roles", "Nguyễn Văn A: phóng viên"),
        ("timeline", ""),
    ];
    let before = inputs(&site);
    let refused = desk.post(&format!("/fields/{SEED_000}"), &fields);
    assert_refused(&site, &before, &refused, 400, SIDECAR_000);
    fields[3].1 = "2018-10";
    let response = desk.post(&format!("/fields/{SEED_000}"), &fields);
    assert_eq!(response.status, 303, "{}", response.body);
    let sidecar = site.read(SIDECAR_000);
    assert!(sidecar.starts_with("# Editor's corrections"));
    for line in [
        "title = \"Tiêu đề mới\"",
        "date = \"2018-10\"",
        "date_approximate = true",
        "source = \"TTXVN\"",
        "authors = [\"Nguyễn Văn A\"]",
        "author_roles = { \"Nguyễn Văn A\" = \"phóng viên\" }",
    ] {
        assert!(sidecar.contains(line), "{line} not in:\n{sidecar}");
    }
    assert!(
        !sidecar.contains("date_note"),
        "an emptied field is removed:\n{sidecar}"
    );
}

#[test]
fn adding_an_article_makes_the_next_seed_which_is_imported_and_never_replaced() {
    let site = seed_site();
    let desk = Desk::open(&site, &[]);
    let text = "Hội nghị tổng kết công tác năm 2019\r\n\r\nNgày 20/12/2019, Đảng ủy Khối tổ chức hội nghị tổng kết công tác năm 2019.\r\n";
    let stored = text.replace("\r\n", "\n");
    let name = format!("005_{}.txt", &sha256(stored.as_bytes())[..16]);
    let builds = desk.server.builds();
    let added = desk.post("/add", &[("token", &desk.token), ("text", text)]);
    assert_eq!(added.status, 303, "{}", added.body);
    assert_eq!(added.header("location"), Some(&*format!("/seed/{name}")));
    assert_eq!(site.read(&format!("seeds/{name}")), stored);
    let review = desk.get(&format!("/seed/{name}"));
    assert!(
        review.body.contains("Ngày 20/12/2019, Đảng ủy Khối"),
        "{}",
        review.body
    );
    // Listed, and built by the rebuild the watcher starts.
    assert!(
        desk.get("/")
            .body
            .contains(&format!("href=\"/seed/{name}\""))
    );
    desk.server.wait_for_build_after(builds);
    let page = "/tu-lieu/hoi-nghi-tong-ket-cong-tac-nam-2019/";
    desk.server.wait_for(page, |r| r.status == 200);
    // The same text again is refused, naming the seed it already is.
    let before = inputs(&site);
    let again = desk.post("/add", &[("token", &desk.token), ("text", text)]);
    assert_refused(
        &site,
        &before,
        &again,
        409,
        &format!("Bài này đã có: seeds/{name}"),
    );
    let empty = desk.post("/add", &[("token", &desk.token), ("text", " \r\n")]);
    assert_refused(&site, &before, &empty, 400, "Chưa dán bài nào.");
}

#[test]
fn writes_without_the_token_or_the_desks_origin_are_refused() {
    let site = seed_site();
    let desk = Desk::open(&site, &[]);
    let (token, sha) = desk.form_of(SEED_000, &format!("/mark/{SEED_000}"));
    let path = format!("/mark/{SEED_000}");
    let mark = |token: &str| {
        form(&[
            ("token", token),
            ("sidecar_sha256", &sha),
            ("line", "3"),
            ("key", "drop_lines"),
        ])
    };
    let own = format!("http://{}", desk.address);
    let host = Some(desk.address.as_str());
    let before = inputs(&site);
    let cases: [(&str, Option<&str>, String, &str); 6] = [
        (
            "no token",
            Some(&own),
            form(&[
                ("sidecar_sha256", &sha),
                ("line", "3"),
                ("key", "drop_lines"),
            ]),
            "Thiếu hoặc sai mã của bàn biên tập",
        ),
        (
            "wrong token",
            Some(&own),
            mark(&"0".repeat(64)),
            "Thiếu hoặc sai mã của bàn biên tập",
        ),
        (
            "no Origin",
            None,
            mark(&token),
            "Yêu cầu ghi không có Origin",
        ),
        (
            "null Origin",
            Some("null"),
            mark(&token),
            "Yêu cầu ghi không có Origin",
        ),
        (
            "foreign Origin",
            Some("http://evil.example"),
            mark(&token),
            "Yêu cầu ghi đến từ `http://evil.example`",
        ),
        (
            "the preview's Origin",
            Some(&format!("http://{}", desk.server.address)),
            mark(&token),
            "không phải từ bàn biên tập",
        ),
    ];
    for (case, origin, body, message) in &cases {
        for path in [path.as_str(), "/add"] {
            let response = desk.send("POST", path, host, *origin, body.as_bytes());
            assert_refused(&site, &before, &response, 403, message);
            eprintln!("refused: {case} on {path}");
        }
    }
    // The token as the page carries it: the same request is accepted.
    let accepted = desk.send("POST", &path, host, Some(&own), mark(&token).as_bytes());
    assert_eq!(accepted.status, 303, "{}", accepted.body);
}

#[test]
fn a_foreign_host_is_refused_on_get_and_post() {
    let site = seed_site();
    let desk = Desk::open(&site, &[]);
    let port = desk.address.rsplit(':').next().unwrap().to_owned();
    let own = format!("http://{}", desk.address);
    let before = inputs(&site);
    let body = form(&[
        ("token", &desk.token),
        ("text", "Bài mới\n\nNội dung bài mới."),
    ]);
    for host in [
        Some(format!("evil.example:{port}")),
        Some(format!("127.0.0.1.nip.io:{port}")),
        Some("127.0.0.1".to_owned()),
        None,
    ] {
        let host = host.as_deref();
        for (method, path) in [
            ("GET", "/"),
            ("GET", &*format!("/seed/{SEED_000}")),
            ("GET", "/events"),
            ("GET", "/builds"),
            ("GET", "/desk.js"),
            ("GET", "/no-such-page"),
            ("POST", "/add"),
            ("POST", &*format!("/mark/{SEED_000}")),
        ] {
            let response = desk.send(method, path, host, Some(&own), body.as_bytes());
            assert_refused(
                &site,
                &before,
                &response,
                400,
                "Bàn biên tập chỉ trả lời địa chỉ của máy này",
            );
            assert!(
                !response.body.contains("000_64c23ab981cd5741"),
                "no seed is shown"
            );
        }
    }
    // The three names of this computer are answered.
    for name in ["127.0.0.1", "localhost", "[::1]"] {
        let host = format!("{name}:{port}");
        assert_eq!(
            desk.send("GET", "/", Some(&host), None, b"").status,
            200,
            "{host}"
        );
    }
}

#[test]
fn seed_names_outside_the_desks_listing_are_refused() {
    let site = seed_site();
    site.write("elsewhere/secret.txt", "Bí mật\n\nKhông được đọc.\n");
    site.write(
        "seeds/sub/nested.txt",
        "Bài lồng\n\nKhông nằm ngay trong seeds/.\n",
    );
    std::os::unix::fs::symlink(
        site.path("elsewhere/secret.txt"),
        site.path("seeds/010_link.txt"),
    )
    .unwrap();
    let desk = Desk::open(&site, &[]);
    let (token, sha) = desk.form_of(SEED_000, &format!("/mark/{SEED_000}"));
    let body = form(&[
        ("token", &token),
        ("sidecar_sha256", &sha),
        ("line", "1"),
        ("key", "drop_lines"),
    ]);
    let before = inputs(&site);
    for name in [
        "..%2Felsewhere%2Fsecret.txt",
        "../elsewhere/secret.txt",
        "%2Fetc%2Fpasswd",
        "/etc/passwd",
        "010_link.txt",
        "sub%2Fnested.txt",
        "sub/nested.txt",
        "999_none.txt",
        "000_64c23ab981cd5741.toml",
    ] {
        let shown = desk.get(&format!("/seed/{name}"));
        assert_refused(
            &site,
            &before,
            &shown,
            404,
            "bàn biên tập chỉ mở các tệp .txt nằm ngay trong seeds/",
        );
        assert!(!shown.body.contains("Không được đọc"), "{name}");
        for route in ["mark", "fields"] {
            let own = format!("http://{}", desk.address);
            let response = desk.send(
                "POST",
                &format!("/{route}/{name}"),
                Some(&desk.address),
                Some(&own),
                body.as_bytes(),
            );
            assert_refused(&site, &before, &response, 404, "Không có bài gốc");
        }
    }
}

#[test]
fn a_symlinked_sidecar_is_not_written() {
    let site = seed_site();
    site.write("elsewhere/target.toml", "# not the desk's\n");
    let sidecar = site.path("seeds/001_cf17c041d62915c2.toml");
    std::os::unix::fs::symlink(site.path("elsewhere/target.toml"), &sidecar).unwrap();
    let desk = Desk::open(&site, &[]);
    let seed = "001_cf17c041d62915c2.txt";
    let page = desk.get(&format!("/seed/{seed}")).body;
    assert!(page.contains("là một liên kết tượng trưng"), "{page}");
    assert!(
        !page.contains(&format!("action=\"/mark/{seed}\"")),
        "no form offers to write it"
    );
    let before = inputs(&site);
    let outside = site.read("elsewhere/target.toml");
    let response = desk.post(
        &format!("/mark/{seed}"),
        &[
            ("token", &desk.token),
            ("sidecar_sha256", &sha256(outside.as_bytes())),
            ("line", "1"),
            ("key", "drop_lines"),
        ],
    );
    assert_refused(
        &site,
        &before,
        &response,
        403,
        "seeds/001_cf17c041d62915c2.toml là một liên kết tượng trưng",
    );
    assert_eq!(site.read("elsewhere/target.toml"), outside);
}

#[test]
fn a_save_against_a_changed_sidecar_is_refused_showing_both() {
    let site = seed_site();
    let desk = Desk::open(&site, &[]);
    let (token, loaded) = desk.form_of(SEED_000, &format!("/mark/{SEED_000}"));
    // Another tab, or a hand edit, changes the sidecar meanwhile.
    let edited = format!("{}# sửa tay trong lúc đó\n", site.read(SIDECAR_000));
    site.write(SIDECAR_000, &edited);
    let before = inputs(&site);
    let response = desk.post(
        &format!("/mark/{SEED_000}"),
        &[
            ("token", &token),
            ("sidecar_sha256", &loaded),
            ("line", "3"),
            ("key", "title_line"),
        ],
    );
    assert_refused(
        &site,
        &before,
        &response,
        409,
        "đã thay đổi từ lúc trang này được mở",
    );
    assert!(
        response.body.contains("# sửa tay trong lúc đó"),
        "the sidecar now"
    );
    assert!(
        response.body.contains("key = title_line"),
        "the change asked for"
    );
    // Its script does not reload it after the rebuild: that would send the form again.
    assert!(!response.body.contains("data-builds"));
    assert!(desk.get("/").body.contains("<body data-builds=\""));
    // A new sidecar made meanwhile counts as a change too.
    let fresh = "seeds/001_cf17c041d62915c2.toml";
    let (token, loaded) =
        desk.form_of("001_cf17c041d62915c2.txt", "/mark/001_cf17c041d62915c2.txt");
    assert_eq!(loaded, "");
    site.write(fresh, "skip = false\n");
    let before = inputs(&site);
    let response = desk.post(
        "/mark/001_cf17c041d62915c2.txt",
        &[
            ("token", &token),
            ("sidecar_sha256", &loaded),
            ("line", "1"),
            ("key", "drop_lines"),
        ],
    );
    assert_refused(&site, &before, &response, 409, "skip = false");
}

#[test]
fn bodies_over_a_megabyte_or_not_utf8_are_refused() {
    let site = seed_site();
    let desk = Desk::open(&site, &[]);
    let own = format!("http://{}", desk.address);
    let host = Some(desk.address.as_str());
    let before = inputs(&site);
    let mut large = form(&[("token", &desk.token), ("text", "Bài dài\n\n")]).into_bytes();
    large.extend(std::iter::repeat_n(b'a', 1024 * 1024));
    let response = desk.send("POST", "/add", host, Some(&own), &large);
    assert_refused(&site, &before, &response, 413, "lớn hơn 1 MB");
    let mut raw = format!("token={}&text=", desk.token).into_bytes();
    raw.extend_from_slice(b"B\xe0i \xff m\xe1i");
    let response = desk.send("POST", "/add", host, Some(&own), &raw);
    assert_refused(&site, &before, &response, 400, "không phải văn bản UTF-8");
    let encoded = format!("token={}&text=B%E0i%FF", desk.token);
    let response = desk.send("POST", "/add", host, Some(&own), encoded.as_bytes());
    assert_refused(&site, &before, &response, 400, "không phải văn bản UTF-8");
}

#[test]
fn beyond_loopback_the_desk_is_read_only_and_says_why() {
    let site = seed_site();
    let desk = Desk::open(&site, &["--bind", "0.0.0.0"]);
    let output = desk.server.output.lock().unwrap().clone();
    assert!(
        output.contains("(read-only: máy chủ đang nghe trên 0.0.0.0 (--bind)"),
        "{output}"
    );
    let list = desk.get("/");
    assert!(
        list.body
            .contains("Bàn biên tập chỉ cho xem: máy chủ đang nghe trên 0.0.0.0")
    );
    assert!(!list.body.contains("action=\"/add\""), "no form is offered");
    assert!(
        !desk
            .get(&format!("/seed/{SEED_000}"))
            .body
            .contains("<form")
    );
    let before = inputs(&site);
    let response = desk.post("/add", &[("token", "x"), ("text", "Bài mới\n\nNội dung.")]);
    assert_refused(
        &site,
        &before,
        &response,
        403,
        "Bàn biên tập chỉ cho xem: máy chủ đang nghe trên 0.0.0.0",
    );
    let response = desk.post(
        &format!("/mark/{SEED_000}"),
        &[("line", "3"), ("key", "drop_lines")],
    );
    assert_refused(
        &site,
        &before,
        &response,
        403,
        "chạy lại serve không có --bind",
    );
}

#[test]
fn a_seed_whose_import_fails_shows_its_error_with_line_and_column() {
    let site = seed_site();
    site.write(
        SIDECAR_000,
        "# ngày sai\ntitle = \"Tiêu đề\"\ndate = \"2018-13-45\"\n",
    );
    let desk = Desk::open(&site, &[]);
    let page = desk.get(&format!("/seed/{SEED_000}")).body;
    assert!(page.contains("Không nhập được bài này:"), "{page}");
    assert!(page.contains(&format!("{SIDECAR_000}:3:8")), "{page}");
    let list = desk.get("/").body;
    assert!(
        list.contains("lỗi <strong>(cần xem lại)</strong>"),
        "{list}"
    );
    // The preview's error links to the desk.
    let home = desk.server.get("/");
    assert!(
        home.body
            .contains(&format!("Open the editor's desk: http://{}/", desk.address)),
        "{}",
        home.body
    );
}

#[test]
fn the_desk_has_a_port_of_its_own_and_nothing_of_it_is_built() {
    let site = seed_site();
    let port = {
        let probe = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
        probe.local_addr().unwrap().port()
    };
    let desk = Desk::open(&site, &["--desk-port", &port.to_string()]);
    assert_eq!(desk.address, format!("127.0.0.1:{port}"));
    assert_ne!(desk.address, desk.server.address);
    // The preview does not serve the desk's pages, nor the desk the site's.
    assert_eq!(
        desk.server.get("/seed/000_64c23ab981cd5741.txt").status,
        404
    );
    assert_eq!(desk.get("/2018-giao-ban-nam-bo/").status, 404);
    drop(desk);
    site.build(&[]);
    for (path, bytes) in site.snapshot("public") {
        let text = String::from_utf8_lossy(&bytes);
        for word in ["__biennien", "desk.js", "editor's desk", "Bàn biên tập"] {
            assert!(!text.contains(word), "{} has {word}", path.display());
        }
    }
    let check = site.run(&["check"]);
    assert_eq!(check.code, 0, "{}", check.stderr);
}

#[test]
fn line_keys_written_for_another_version_of_the_seed_are_not_blessed() {
    let site = seed_site();
    let stale = "# khoá dòng cũ\ntitle_line = 2\nseed_sha256 = \"0000000000000000000000000000000000000000000000000000000000000000\"\n";
    site.write("seeds/001_cf17c041d62915c2.toml", stale);
    let desk = Desk::open(&site, &[]);
    let seed = "001_cf17c041d62915c2.txt";
    // The import refuses them, and the desk shows why.
    let page = desk.get(&format!("/seed/{seed}")).body;
    assert!(
        page.contains("the seed has changed since its line keys were written"),
        "{page}"
    );
    let before = inputs(&site);
    let response = desk.post(
        &format!("/mark/{seed}"),
        &[
            ("token", &desk.token),
            ("sidecar_sha256", &sha256(stale.as_bytes())),
            ("line", "1"),
            ("key", "drop_lines"),
        ],
    );
    assert_refused(
        &site,
        &before,
        &response,
        409,
        "được viết cho một bản khác của bài gốc",
    );
}

#[test]
fn a_page_changed_by_hand_is_said_to_be_kept_and_offered_no_correction() {
    let site = built_seed_site();
    let page = "content/2017-hoi-nghi-nganh-to-chuc/nganh-to-chuc-xay-dung-dang-tham-muu-hoan-thien-chuc-nang-nhiem-vu-to-chuc-bo.md";
    site.write(
        page,
        &format!("{}\nMột câu biên tập viên thêm.\n", site.read(page)),
    );
    let desk = Desk::open(&site, &[]);
    let seed = desk.get("/seed/001_cf17c041d62915c2.txt").body;
    assert!(seed.contains("Tình trạng: giữ bản đã sửa tay"), "{seed}");
    assert!(
        seed.contains("đã được sửa bằng tay, nên việc nhập bài để nguyên nó"),
        "{seed}"
    );
    assert!(!seed.contains("<form"), "no correction is offered:\n{seed}");
}

#[test]
fn on_an_english_site_the_desk_speaks_english() {
    let site = Fixture::new(&format!("{CONFIG}default_language = \"en\"\n"));
    site.write(
        "seeds/001_x.txt",
        "A meeting of the committee\n\nThe committee met on Monday and agreed on the plan.\n",
    );
    let desk = Desk::open(&site, &[]);
    let list = desk.get("/").body;
    assert!(
        list.starts_with("<!DOCTYPE html><html lang=\"en\"><head>"),
        "{list}"
    );
    assert!(list.contains("<h1>Editor&apos;s desk</h1>") && list.contains("Add the article"));
    let seed = desk.get("/seed/001_x.txt").body;
    assert!(
        seed.contains("<label for=\"mark-3\">Line 3 is</label>"),
        "{seed}"
    );
    assert!(seed.contains("<option value=\"drop_lines\">debris (drop it)</option>"));
    let before = inputs(&site);
    let refused = desk.send("POST", "/add", Some(&desk.address), None, b"text=x");
    assert_refused(
        &site,
        &before,
        &refused,
        403,
        "A write without an Origin is refused",
    );
}

#[test]
fn a_seed_named_twice_txt_has_its_own_sidecar_not_another_seeds() {
    let site = seed_site();
    // `a.txt.txt`'s sidecar is `a.txt.toml`, as the import names it; `a.toml` is `a.txt`'s.
    let text = site.read("seeds/001_cf17c041d62915c2.txt");
    site.write("seeds/a.txt", &text);
    site.write("seeds/a.txt.txt", &text);
    let others = "# a.txt's corrections, not a.txt.txt's\n";
    site.write("seeds/a.toml", others);
    let desk = Desk::open(&site, &[]);
    let (token, sidecar_sha256) = desk.form_of("a.txt.txt", "/mark/a.txt.txt");
    assert_eq!(sidecar_sha256, "", "a.txt.txt has no sidecar yet");
    let response = desk.post(
        "/mark/a.txt.txt",
        &[
            ("token", &token),
            ("sidecar_sha256", &sidecar_sha256),
            ("line", "3"),
            ("key", "title_line"),
        ],
    );
    assert_eq!(response.status, 303, "{}", response.body);
    assert_eq!(site.read("seeds/a.toml"), others);
    assert!(site.read("seeds/a.txt.toml").contains("title_line = 3"));
}
