//! Publishing on GitHub Pages: the site built for a project site (`/lich-su/`) and for a
//! domain's root, served by a plain static file server (tower-http's `ServeDir`, standing in
//! for GitHub Pages) and crawled from the top: every internal link and asset answers, and
//! no link leaves the site's path.

use crate::common;

use std::collections::{BTreeSet, VecDeque};
use std::io::{Read, Write};
use std::net::TcpStream;
use std::time::Duration;

use axum::Router;
use common::{Fixture, seed_site};
use regex::Regex;
use tower_http::services::ServeDir;

/// Serves `public/` of `site` under `mount` (`/lich-su/` or `/`); returns `127.0.0.1:PORT`
/// and the runtime that serves it.
fn serve(site: &Fixture, mount: &str) -> (String, tokio::runtime::Runtime) {
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    listener.set_nonblocking(true).unwrap();
    let address = listener.local_addr().unwrap().to_string();
    let files = ServeDir::new(site.path("public"));
    let app = match mount.trim_end_matches('/') {
        "" => Router::new().fallback_service(files),
        path => Router::new().nest_service(path, files),
    };
    runtime.spawn(async move {
        let listener = tokio::net::TcpListener::from_std(listener).unwrap();
        axum::serve(listener, app).await.unwrap();
    });
    (address, runtime)
}

fn get(address: &str, path: &str) -> (u16, String) {
    let mut stream = TcpStream::connect(address).unwrap();
    stream
        .set_read_timeout(Some(Duration::from_secs(5)))
        .unwrap();
    write!(
        stream,
        "GET {path} HTTP/1.1\r\nHost: {address}\r\nConnection: close\r\n\r\n"
    )
    .unwrap();
    let mut raw = Vec::new();
    stream.read_to_end(&mut raw).unwrap();
    let text = String::from_utf8_lossy(&raw).into_owned();
    let status = text
        .split(' ')
        .nth(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(0);
    let body = text
        .split_once("\r\n\r\n")
        .map_or("", |(_, b)| b)
        .to_owned();
    (status, body)
}

/// Crawls from `mount`, following every link and asset on the site; returns the pages
/// fetched. Panics on a failed fetch or a link that leaves `mount`.
fn crawl(address: &str, base_url: &str, mount: &str) -> usize {
    let link = Regex::new(r#"(?:href|src)=(?:"([^"]*)"|([^\s>"']+))|<loc>([^<]+)</loc>"#).unwrap();
    let origin = base_url.trim_end_matches('/');
    let origin = &origin[..origin.len() - mount.trim_end_matches('/').len()];
    let mut queue = VecDeque::from([mount.to_owned()]);
    let mut seen = BTreeSet::from([mount.to_owned()]);
    while let Some(path) = queue.pop_front() {
        let (status, body) = get(address, &path);
        assert_eq!(status, 200, "{path}");
        let body = body
            .replace("&quot;", "\"")
            .replace("&lt;", "<")
            .replace("&gt;", ">");
        for caps in link.captures_iter(&body) {
            let href = (1..=3)
                .find_map(|i| caps.get(i))
                .unwrap()
                .as_str()
                .replace("&amp;", "&");
            let href = href.split('#').next().unwrap().to_owned();
            let local = if let Some(rest) = href.strip_prefix(origin) {
                rest.to_owned()
            } else if href.starts_with('/') && !href.starts_with("//") {
                href.clone()
            } else if !href.is_empty() && !href.starts_with("//") && !href.contains(':') {
                // Relative: resolved against the page, as a browser does.
                resolve(&path, &href)
            } else {
                // Another site, or nothing.
                continue;
            };
            if local.is_empty() {
                continue;
            }
            assert!(
                local.starts_with(mount),
                "{path} links {href}, outside {mount}"
            );
            if seen.insert(local.clone()) {
                queue.push_back(local);
            }
        }
    }
    seen.len()
}

/// `href` relative to the page at `page` (`/lich-su/a/` + `../b/` → `/lich-su/b/`).
fn resolve(page: &str, href: &str) -> String {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop(); // the file name, or "" after a folder's slash
    for part in href.split('/') {
        match part {
            "." => {}
            ".." => {
                parts.pop();
            }
            part => parts.push(part),
        }
    }
    let joined = parts.join("/");
    if joined.starts_with('/') {
        joined
    } else {
        format!("/{joined}")
    }
}

#[test]
fn relative_links_resolve_against_their_page() {
    assert_eq!(resolve("/lich-su/a/", "../b/"), "/lich-su/b/");
    assert_eq!(
        resolve("/lich-su/a/index.html", "anh.png"),
        "/lich-su/a/anh.png"
    );
    assert_eq!(resolve("/lich-su/", "../style.css"), "/style.css");
}

#[test]
fn a_project_site_under_a_path_has_no_broken_link_and_none_leaves_the_path() {
    let site = seed_site();
    let base_url = "https://example.github.io/lich-su/";
    site.build(&["--base-url", base_url]);
    assert!(site.path("public/.nojekyll").is_file());
    let (address, _runtime) = serve(&site, "/lich-su/");
    let fetched = crawl(&address, base_url, "/lich-su/");
    assert!(fetched > 40, "only {fetched} URLs crawled");
    // The crawl does catch links that leave the path: the same site built for a domain's
    // root, served under /lich-su/, fails it.
    site.build(&["--base-url", "https://example.github.io/"]);
    let (address, _runtime) = serve(&site, "/lich-su/");
    let crawled = std::panic::catch_unwind(|| crawl(&address, base_url, "/lich-su/"));
    assert!(
        crawled.is_err(),
        "a site built for / passed a crawl under /lich-su/"
    );
}

#[test]
fn a_site_at_a_domains_root_has_no_broken_link() {
    let site = seed_site();
    let base_url = "https://lich-su.example.org";
    site.build(&["--base-url", base_url]);
    let (address, _runtime) = serve(&site, "/");
    let fetched = crawl(&address, base_url, "/");
    assert!(fetched > 40, "only {fetched} URLs crawled");
}

#[test]
fn a_custom_domain_writes_cname() {
    let site = seed_site();
    let config = site.read("config.toml").replace(
        "# cname = \"lich-su.example.org\"",
        "cname = \"lich-su.example.org\"",
    );
    site.write("config.toml", &config);
    site.build(&[]);
    assert_eq!(site.read("public/CNAME"), "lich-su.example.org\n");
}
