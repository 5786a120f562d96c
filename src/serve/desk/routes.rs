//! The desk's requests: every one passes `guarded` (the `Host` check, and the headers that
//! keep its pages out of frames and other origins' scripts); every write passes
//! `guard::check_write` before it reads a seed name, and writes only after every check.

use std::fs;
use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::Ordering;

use axum::body::Body;
use axum::extract::{Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::Desk;
use super::guard::{self, Refusal, field};
use super::pages::{self, PageContext, SeedView};
use super::write::{self, SidecarFile};
use crate::config::Config;
use crate::import::{self, Action, ImportOptions, ImportReport, SEEDS_DIR};
use crate::site::load_config;

const SCRIPT: &str = include_str!("desk.js");
const STYLE: &str = include_str!("desk.css");

impl Desk {
    fn vi(&self) -> bool {
        self.strings.lang == "vi"
    }

    fn context<'a>(&'a self, read_only: Option<&'a str>) -> PageContext<'a> {
        PageContext {
            strings: self.strings,
            token: &self.token,
            read_only: read_only.or(self.read_only.as_deref()),
            preview: &self.preview,
            root: &self.root,
            builds: self.builds.load(Ordering::Relaxed),
        }
    }

    fn config(&self) -> Result<Config, String> {
        load_config(&self.build_options).map_err(|e| e.to_string())
    }

    /// What importing every seed would do now, written nowhere: the desk's view is always
    /// that of the files on disk.
    fn import_report(&self, config: &Config) -> Result<ImportReport, String> {
        let options = ImportOptions {
            root: self.root.clone(),
            seeds: None,
            content: None,
            dry_run: true,
            force: false,
        };
        let mut report = import::run(config, &options).map_err(|e| e.to_string())?;
        // Nothing to write now, and the preview's last import wrote it: it was written.
        let imported = self.imported.read().unwrap_or_else(|e| e.into_inner());
        for seed in &mut report.seeds {
            let written = imported.iter().any(|(key, action)| {
                *key == seed.seed
                    && matches!(action, Action::Written | Action::OverwroteEditorsVersion)
            });
            if seed.action == Action::Unchanged && written {
                seed.action = Action::Written;
            }
        }
        Ok(report)
    }

    fn refuse(&self, refusal: &Refusal) -> Response {
        refusal.respond(self.vi())
    }
}

/// Every request: a `Host` of this computer at the desk's port, else nothing is answered;
/// every answer: not framed, not cached, scripts and styles from the desk only.
pub async fn guarded(State(desk): State<Arc<Desk>>, request: Request, next: Next) -> Response {
    let mut response = match guard::check_host(request.headers(), desk.port) {
        Ok(()) => next.run(request).await,
        Err(refusal) => desk.refuse(&refusal),
    };
    let csp = format!(
        "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self'; form-action 'self'; base-uri 'none'; frame-src {}; frame-ancestors 'none'",
        desk.preview_origin
    );
    let headers = response.headers_mut();
    if let Ok(csp) = HeaderValue::from_str(&csp) {
        headers.insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    // Not `no-referrer`: with it, browsers send a form's `Origin` as `null`.
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("same-origin"),
    );
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

fn html(status: StatusCode, page: String) -> Response {
    let mut response = (status, page).into_response();
    response.headers_mut().insert(
        header::CONTENT_TYPE,
        HeaderValue::from_static("text/html; charset=utf-8"),
    );
    response
}

fn see(location: &str) -> Response {
    let mut response = StatusCode::SEE_OTHER.into_response();
    if let Ok(location) = HeaderValue::from_str(location) {
        response.headers_mut().insert(header::LOCATION, location);
    }
    response
}

/// The seed name after a route's prefix (`/seed/`), as the listing has it.
fn seed_in(desk: &Desk, uri: &Uri, prefix: &str) -> Result<String, Refusal> {
    let raw = uri.path().strip_prefix(prefix).unwrap_or_default();
    guard::seed_name(&desk.root, raw)
}

/// The desk's pages import every seed (writing nothing): on a thread meant for blocking
/// work, so that the preview's requests do not wait for it.
async fn blocking(make: impl FnOnce() -> Response + Send + 'static) -> Response {
    tokio::task::spawn_blocking(make)
        .await
        .unwrap_or_else(|_| StatusCode::INTERNAL_SERVER_ERROR.into_response())
}

pub async fn list(State(desk): State<Arc<Desk>>) -> Response {
    blocking(move || list_page(&desk)).await
}

pub async fn seed(State(desk): State<Arc<Desk>>, uri: Uri) -> Response {
    blocking(move || seed_page(&desk, &uri)).await
}

fn list_page(desk: &Desk) -> Response {
    let report = desk.config().and_then(|c| desk.import_report(&c));
    html(
        StatusCode::OK,
        pages::list(&desk.context(None), report.as_ref().map_err(String::clone)),
    )
}

fn seed_page(desk: &Desk, uri: &Uri) -> Response {
    let name = match seed_in(desk, uri, "/seed/") {
        Ok(name) => name,
        Err(refusal) => return desk.refuse(&refusal),
    };
    let report = desk
        .config()
        .and_then(|config| Ok((desk.import_report(&config)?, config)));
    let (report, config) = match report {
        Ok(found) => found,
        Err(error) => return desk.refuse(&Refusal::Other(StatusCode::CONFLICT, error)),
    };
    let Some(seed_report) = report
        .seeds
        .iter()
        .find(|s| s.seed.rsplit('/').next() == Some(name.as_str()))
    else {
        return desk.refuse(&Refusal::NoSuchSeed(name));
    };
    let bytes = fs::read(desk.root.join(SEEDS_DIR).join(&name)).unwrap_or_default();
    let text = String::from_utf8_lossy(&bytes);
    // A sidecar the desk would not write is shown without the forms.
    let (sidecar, link) = match SidecarFile::read(&desk.root, &name) {
        Ok(sidecar) => (Some(sidecar), None),
        Err(refusal) => (None, Some(refusal.message(desk.vi()))),
    };
    let document = sidecar.as_ref().and_then(|s| s.document().ok());
    let view = SeedView {
        name: &name,
        text: &text,
        report: seed_report,
        sidecar: document.as_ref(),
        sidecar_sha256: sidecar.as_ref().map_or("", |s| s.sha256.as_str()),
        timelines: config
            .section_slugs()
            .into_iter()
            .map(str::to_owned)
            .collect(),
    };
    html(
        StatusCode::OK,
        pages::seed(&desk.context(link.as_deref()), &view),
    )
}

/// What a sidecar change needs once the write's checks passed: the seed, its sidecar as it
/// is now (refused when it changed since the form was loaded), the config to check it by.
struct SidecarChange {
    name: String,
    sidecar: SidecarFile,
    document: toml_edit::DocumentMut,
    seed_sha256: String,
    seed_text: String,
    config: Config,
}

async fn sidecar_change(
    desk: &Desk,
    uri: &Uri,
    prefix: &str,
    headers: &HeaderMap,
    body: Body,
) -> Result<(SidecarChange, Vec<(String, String)>), Response> {
    let form = guard::check_write(desk, headers, body)
        .await
        .map_err(|r| desk.refuse(&r))?;
    let name = seed_in(desk, uri, prefix).map_err(|r| desk.refuse(&r))?;
    let sidecar = SidecarFile::read(&desk.root, &name).map_err(|r| desk.refuse(&r))?;
    if field(&form, "sidecar_sha256") != Some(sidecar.sha256.as_str()) {
        let asked = asked_change(&form);
        let page = pages::stale(
            &desk.context(None),
            &name,
            &sidecar.shown,
            &sidecar.text,
            &asked,
        );
        return Err(html(StatusCode::CONFLICT, page));
    }
    let config = desk
        .config()
        .map_err(|e| desk.refuse(&Refusal::Other(StatusCode::CONFLICT, e)))?;
    let seed = desk.root.join(SEEDS_DIR).join(&name);
    let bytes = fs::read(&seed).map_err(|e| {
        let message = crate::error::Error::io(&seed, &e).to_string();
        desk.refuse(&Refusal::Other(StatusCode::CONFLICT, message))
    })?;
    let document = sidecar.document().map_err(|r| desk.refuse(&r))?;
    let change = SidecarChange {
        seed_sha256: crate::text::sha256_hex(&bytes),
        seed_text: String::from_utf8_lossy(&bytes).into_owned(),
        name,
        sidecar,
        document,
        config,
    };
    Ok((change, form))
}

/// The fields of a refused form, for the editor to redo them.
fn asked_change(form: &[(String, String)]) -> String {
    form.iter()
        .filter(|(name, _)| name != "token" && name != "sidecar_sha256")
        .map(|(name, value)| format!("{name} = {value}"))
        .collect::<Vec<_>>()
        .join("\n")
}

/// Checks the new sidecar as the import will read it, then writes it, unless the sidecar
/// changed since the form's request read it (another tab's save in between).
fn save(desk: &Desk, change: &SidecarChange, form: &[(String, String)], anchor: &str) -> Response {
    let text = change.document.to_string();
    if let Err(error) =
        import::check_sidecar(&text, Path::new(&change.sidecar.shown), &change.config)
    {
        return desk.refuse(&Refusal::Other(StatusCode::BAD_REQUEST, error.to_string()));
    }
    let _writing = desk.writing.lock().unwrap_or_else(|e| e.into_inner());
    match SidecarFile::read(&desk.root, &change.name) {
        Ok(now) if now.sha256 == change.sidecar.sha256 => {}
        Ok(now) => {
            let page = pages::stale(
                &desk.context(None),
                &change.name,
                &now.shown,
                &now.text,
                &asked_change(form),
            );
            return html(StatusCode::CONFLICT, page);
        }
        Err(refusal) => return desk.refuse(&refusal),
    }
    match change.sidecar.replace(&text) {
        Ok(()) => see(&format!("/seed/{}{anchor}", pages::encode(&change.name))),
        Err(refusal) => desk.refuse(&refusal),
    }
}

/// "This line is the title / …": the line key written, the seed's hash with it.
pub async fn mark(
    State(desk): State<Arc<Desk>>,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let (mut change, form) = match sidecar_change(&desk, &uri, "/mark/", &headers, body).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let line = field(&form, "line").and_then(|n| n.parse::<usize>().ok());
    let key = field(&form, "key").filter(|k| write::is_line_key(k));
    let text_at = |n: usize| change.seed_text.lines().nth(n.wrapping_sub(1));
    let (Some(line), Some(key)) = (line, key) else {
        return desk.refuse(&Refusal::BadForm);
    };
    if text_at(line).is_none_or(|t| t.trim().is_empty()) {
        return desk.refuse(&Refusal::BadForm);
    }
    if write::has_stale_line_keys(&change.document, &change.seed_sha256) {
        let message = if desk.vi() {
            format!(
                "Các khoá dòng trong {} được viết cho một bản khác của bài gốc; hãy sửa chúng bằng tay trước (xem báo cáo nhập bài).",
                change.sidecar.shown
            )
        } else {
            format!(
                "The line keys in {} were written for another version of the seed; correct them by hand first (see the import report).",
                change.sidecar.shown
            )
        };
        return desk.refuse(&Refusal::Other(StatusCode::CONFLICT, message));
    }
    write::mark_line(&mut change.document, key, line, &change.seed_sha256);
    save(&desk, &change, &form, &format!("#line-{line}"))
}

/// The fields form: each value set, or removed when left empty.
pub async fn fields(
    State(desk): State<Arc<Desk>>,
    uri: Uri,
    headers: HeaderMap,
    body: Body,
) -> Response {
    let (mut change, form) = match sidecar_change(&desk, &uri, "/fields/", &headers, body).await {
        Ok(found) => found,
        Err(response) => return response,
    };
    let value = |name: &str| field(&form, name).unwrap_or_default();
    let doc = &mut change.document;
    for key in ["title", "date", "date_note", "source", "timeline"] {
        write::set_text(doc, key, value(key));
    }
    write::set_flag(doc, "date_approximate", value("date_approximate") == "true");
    write::set_list(doc, "authors", value("authors"));
    write::set_roles(doc, "author_roles", value("author_roles"));
    save(&desk, &change, &form, "")
}

/// "Add an article": the pasted text becomes a new seed, and its review opens.
pub async fn add(State(desk): State<Arc<Desk>>, headers: HeaderMap, body: Body) -> Response {
    let form = match guard::check_write(&desk, &headers, body).await {
        Ok(form) => form,
        Err(refusal) => return desk.refuse(&refusal),
    };
    let text = field(&form, "text").unwrap_or_default();
    let _writing = desk.writing.lock().unwrap_or_else(|e| e.into_inner());
    match write::add_seed(&desk.root, text, desk.vi()) {
        Ok(name) => see(&format!("/seed/{}", pages::encode(&name))),
        Err(refusal) => desk.refuse(&refusal),
    }
}

pub async fn script() -> Response {
    typed(SCRIPT, "text/javascript; charset=utf-8")
}

pub async fn style() -> Response {
    typed(STYLE, "text/css; charset=utf-8")
}

fn typed(body: &'static str, kind: &'static str) -> Response {
    let mut response = body.into_response();
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(kind));
    response
}

/// The preview's rebuilds, for the desk's pages to reload with the result.
pub async fn events(State(desk): State<Arc<Desk>>) -> Response {
    super::super::http::event_stream(&desk.events, desk.stopping.clone()).into_response()
}

/// How many builds the preview has made, for a page made before the last one.
pub async fn builds(State(desk): State<Arc<Desk>>) -> String {
    desk.builds.load(Ordering::Relaxed).to_string()
}

/// Browsers ask for it on every page: nothing, rather than a 404 in their console.
pub async fn no_icon() -> StatusCode {
    StatusCode::NO_CONTENT
}

pub async fn not_found(State(desk): State<Arc<Desk>>) -> Response {
    let message = if desk.vi() {
        "Bàn biên tập không có trang này."
    } else {
        "The desk has no such page."
    };
    desk.refuse(&Refusal::Other(StatusCode::NOT_FOUND, message.to_owned()))
}
