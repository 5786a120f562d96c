//! The dev server's HTTP side: files of the current build from memory (never from disk,
//! so no request can reach a file outside the site), live-reload events, and a status.

use std::convert::Infallible;
use std::sync::{Arc, RwLock};

use axum::Router;
use axum::body::Body;
use axum::extract::State;
use axum::http::{HeaderValue, Request, StatusCode, header};
use axum::response::sse::{Event, KeepAlive, Sse};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use futures_util::{Stream, StreamExt};
use tokio::sync::{broadcast, watch};
use tokio_stream::wrappers::BroadcastStream;

use super::inject::{self, EVENTS_PATH};
use super::photo_jobs::{PhotoJobs, WAIT_AT_MOST, Waited};
use crate::output::Files;
use crate::text::percent_decode;

/// What the server shows, swapped whole after each build.
#[derive(Default)]
pub struct Current {
    pub files: Arc<Files>,
    /// The last build's error, shown over every page until a build succeeds.
    pub error: Option<String>,
    pub builds: u64,
    /// The files the last successful build wrote.
    pub written: Vec<String>,
}

pub struct Shared {
    pub current: RwLock<Current>,
    /// `reload` or `css`, sent once the new build is in place.
    pub events: broadcast::Sender<&'static str>,
    /// The site's base path, `/` or `/lich-su/`.
    pub base_path: String,
    pub stopping: watch::Receiver<bool>,
    /// The editor's desk's address.
    pub desk: String,
    /// What the last import did to each seed, for the desk.
    pub imported: Imported,
    /// The photos being made after their pages.
    pub photos: PhotoJobs,
}

/// What the last import did to each seed, by its key (`seeds/001_x.txt`).
pub type Imported = Arc<RwLock<Vec<(String, crate::import::Action)>>>;

impl Shared {
    pub fn current(&self) -> std::sync::RwLockReadGuard<'_, Current> {
        self.current.read().unwrap_or_else(|e| e.into_inner())
    }

    pub fn update(&self, change: impl FnOnce(&mut Current)) {
        change(&mut self.current.write().unwrap_or_else(|e| e.into_inner()));
    }
}

pub fn router(shared: Arc<Shared>) -> Router {
    Router::new()
        .route(EVENTS_PATH, get(events))
        .route("/__biennien/status", get(status))
        .route("/__biennien/", get(reserved))
        .fallback(file)
        .with_state(shared)
}

async fn events(
    State(shared): State<Arc<Shared>>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    event_stream(&shared.events, shared.stopping.clone())
}

/// The rebuilds as server-sent events, for the preview's pages and the desk's.
pub fn event_stream(
    events: &broadcast::Sender<&'static str>,
    mut stopping: watch::Receiver<bool>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>> + use<>> {
    let stream = BroadcastStream::new(events.subscribe())
        .filter_map(|event| async move { event.ok() })
        .map(|name| Ok(Event::default().event(name).data(name)))
        // Ends when the server stops, so that shutdown does not wait for open pages.
        .take_until(async move {
            let _ = stopping.wait_for(|stop| *stop).await;
        });
    Sse::new(stream).keep_alive(KeepAlive::default())
}

/// The reserved prefix's own page: where the editor's desk is.
async fn reserved(State(shared): State<Arc<Shared>>) -> Response {
    html(StatusCode::OK, inject::desk_page(&shared.desk))
}

async fn status(State(shared): State<Arc<Shared>>) -> Response {
    let current = shared.current();
    let body = serde_json::json!({
        "builds": current.builds,
        "error": current.error,
        "written": current.written,
        "photos": shared.photos.status(),
    });
    let mut response = body.to_string().into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("application/json"),
    );
    response
}

async fn file(State(shared): State<Arc<Shared>>, request: Request<Body>) -> Response {
    let raw = request.uri().path();
    let Some(path) = decode(raw) else {
        return plain(StatusCode::BAD_REQUEST, "bad path");
    };
    let base = shared.base_path.as_str();
    // `/lich-su` → `/lich-su/`; `/` → the base path, for a site under a path.
    if format!("{path}/") == base || (path == "/" && base != "/") {
        return redirect(base);
    }
    let Some(rel) = path.strip_prefix(base) else {
        return not_found(&shared);
    };
    if !is_safe(rel) {
        return not_found(&shared);
    }
    let wanted = if rel.is_empty() || rel.ends_with('/') {
        format!("{rel}index.html")
    } else {
        rel.to_owned()
    };
    if let Some(response) = from_current(&shared, rel, &wanted) {
        return response;
    }
    match shared.photos.wait_for(&wanted, WAIT_AT_MOST).await {
        Some(waited) => photo(&shared, &wanted, waited),
        None => not_found(&shared),
    }
}

/// The response the current build has for `wanted` (`rel` with `index.html` for a
/// folder); `None` when it has no such file.
fn from_current(shared: &Shared, rel: &str, wanted: &str) -> Option<Response> {
    let current = shared.current();
    let base = shared.base_path.as_str();
    let response = match current.files.get(wanted) {
        Some(bytes) => respond(StatusCode::OK, wanted, bytes, overlay(shared, &current)),
        None if current
            .files
            .contains_key(format!("{rel}/index.html").as_str()) =>
        {
            redirect(&format!("{base}{rel}/"))
        }
        None if current.files.is_empty() => match &current.error {
            Some(error) => html(StatusCode::OK, inject::error_page(error, &shared.desk)),
            None => plain(StatusCode::SERVICE_UNAVAILABLE, "building…"),
        },
        None => return None,
    };
    Some(response)
}

/// A size of a photo made after its page, once it is made.
fn photo(shared: &Shared, path: &str, waited: Waited) -> Response {
    let bytes = match waited {
        Waited::Made(file) => std::fs::read(file),
        Waited::Failed => return not_found(shared),
        Waited::StillMaking => {
            let mut response = plain(StatusCode::SERVICE_UNAVAILABLE, "still making this photo");
            response
                .headers_mut()
                .insert(header::RETRY_AFTER, HeaderValue::from_static("5"));
            return response;
        }
    };
    match bytes {
        Ok(bytes) => respond(StatusCode::OK, path, &bytes, None),
        // Removed from the cache since: the photo is no longer shown.
        Err(_) => not_found(shared),
    }
}

/// The path with `%XX` decoded; `None` when that is malformed, not UTF-8 or too long.
fn decode(raw: &str) -> Option<String> {
    if raw.len() > 4096 {
        return None;
    }
    percent_decode(raw)
}

/// A site-relative path of plain segments only: no `..`, `.`, empty segments (`//`),
/// backslashes or NUL. The files are looked up in memory anyway; this keeps odd paths
/// from matching anything at all.
fn is_safe(rel: &str) -> bool {
    let plain = |segment: &str| !(segment.is_empty() || segment == "." || segment == "..");
    !rel.contains(['\\', '\0'])
        && (rel.is_empty() || rel.trim_end_matches('/').split('/').all(plain))
}

fn not_found(shared: &Shared) -> Response {
    let current = shared.current();
    // Before any good build, every address shows why there is none.
    if let (true, Some(error)) = (current.files.is_empty(), &current.error) {
        return html(
            StatusCode::NOT_FOUND,
            inject::error_page(error, &shared.desk),
        );
    }
    match current.files.get("404.html") {
        Some(page) => respond(
            StatusCode::NOT_FOUND,
            "404.html",
            page,
            overlay(shared, &current),
        ),
        None => plain(StatusCode::NOT_FOUND, "not found"),
    }
}

/// The last build's error, if any, and the desk's address for the overlay to link to.
fn overlay<'a>(shared: &'a Shared, current: &'a Current) -> Option<(&'a str, &'a str)> {
    current.error.as_deref().map(|e| (e, shared.desk.as_str()))
}

fn respond(status: StatusCode, path: &str, bytes: &[u8], error: Option<(&str, &str)>) -> Response {
    let kind = content_type(path);
    if kind.starts_with("text/html") {
        return html(status, inject::into_page(bytes, error));
    }
    let mut response = (status, bytes.to_vec()).into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    no_cache(response)
}

fn html(status: StatusCode, page: Vec<u8>) -> Response {
    let mut response = (status, page).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    no_cache(response)
}

fn plain(status: StatusCode, text: &'static str) -> Response {
    (status, text).into_response()
}

fn redirect(to: &str) -> Response {
    let mut response = StatusCode::FOUND.into_response();
    if let Ok(location) = HeaderValue::from_str(to) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
}

/// The preview must always show the latest build.
fn no_cache(mut response: Response) -> Response {
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn content_type(path: &str) -> &'static str {
    let extension = path.rsplit_once('.').map(|(_, e)| e.to_ascii_lowercase());
    match extension.as_deref() {
        Some("html" | "htm") => "text/html; charset=utf-8",
        Some("css") => "text/css; charset=utf-8",
        Some("js" | "mjs") => "text/javascript; charset=utf-8",
        Some("json") => "application/json",
        Some("xml") if path.ends_with("atom.xml") => "application/atom+xml; charset=utf-8",
        Some("xml") => "application/xml; charset=utf-8",
        Some("txt") => "text/plain; charset=utf-8",
        Some("md") => "text/markdown; charset=utf-8",
        Some("svg") => "image/svg+xml",
        Some("png") => "image/png",
        Some("jpg" | "jpeg") => "image/jpeg",
        Some("gif") => "image/gif",
        Some("webp") => "image/webp",
        Some("avif") => "image/avif",
        Some("ico") => "image/x-icon",
        Some("pdf") => "application/pdf",
        Some("woff2") => "font/woff2",
        Some("woff") => "font/woff",
        _ if path.ends_with("CNAME") || path.ends_with(".nojekyll") => "text/plain; charset=utf-8",
        _ => "application/octet-stream",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn traversal_forms_are_not_safe_paths() {
        for rel in [
            "../etc/passwd",
            "a/../b",
            "a//b",
            "./a",
            "a\\b",
            "a/./b",
            "/etc/passwd",
        ] {
            assert!(!is_safe(rel), "{rel}");
        }
        for rel in ["", "a/", "a/b/index.html", "style.css"] {
            assert!(is_safe(rel), "{rel}");
        }
        assert_eq!(decode("/%2e%2e/x").as_deref(), Some("/../x"));
        assert_eq!(decode("/a%2fb").as_deref(), Some("/a/b"));
        assert_eq!(decode("/%zz"), None);
        assert_eq!(decode("/%ff"), None);
    }
}
