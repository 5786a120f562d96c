//! The editor's desk: beside the preview, on a port of its own (so no script of the site
//! shares its origin), editors review each seed's import, correct it line by line or field
//! by field, and add articles. It writes only sidecars and new seeds (`write`); the watcher's
//! rebuild then imports them, and open pages reload. What it refuses is in `guard`.

mod guard;
mod pages;
mod routes;
mod strings;
mod write;

use std::net::{IpAddr, TcpListener};
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

use axum::Router;
use axum::routing::{get, post};
use tokio::sync::{broadcast, watch};

use super::ServeOptions;
use crate::error::{Error, Result};
use crate::site::{BuildOptions, load_config};
use crate::text::Language;
use strings::Strings;

/// What the desk's requests share.
pub struct Desk {
    root: PathBuf,
    /// For reading config.toml as the preview does.
    build_options: BuildOptions,
    /// The desk's own port: the only one its `Host` check accepts.
    port: u16,
    /// Made at start-up and embedded in the desk's pages; every write must carry it.
    token: String,
    /// Why the desk does not write, when the server listens beyond this computer.
    read_only: Option<String>,
    /// The preview's address with the site's base path.
    preview: String,
    /// The preview's origin, which the desk's pages may frame.
    preview_origin: String,
    strings: &'static Strings,
    events: broadcast::Sender<&'static str>,
    stopping: watch::Receiver<bool>,
    /// The preview's rebuilds so far, counted from its events.
    builds: Arc<AtomicU64>,
    imported: super::http::Imported,
    /// Held from a save's last look at the sidecar to its rename, and while a new seed is
    /// made: two tabs saving at once cannot both pass the hash check, nor take one number.
    writing: std::sync::Mutex<()>,
}

/// The desk, bound and ready to serve.
pub struct DeskServer {
    listener: TcpListener,
    desk: Arc<Desk>,
    /// `http://127.0.0.1:1112/`
    pub url: String,
}

/// What the desk needs from the preview.
pub struct Preview {
    /// `http://127.0.0.1:1111/lich-su/`
    pub url: String,
    pub port: u16,
    pub events: broadcast::Sender<&'static str>,
    pub stopping: watch::Receiver<bool>,
    /// What the preview's last import did to each seed.
    pub imported: super::http::Imported,
}

impl DeskServer {
    /// Binds the desk's port: `--desk-port`, else the one after the preview's.
    pub fn open(options: &ServeOptions, preview: Preview) -> Result<DeskServer> {
        let wanted = options.desk_port.unwrap_or(preview.port.saturating_add(1));
        let listener = super::bind(options.bind, wanted)?;
        let port = listener
            .local_addr()
            .map_err(|e| Error::new(format!("cannot read the desk's address: {e}")))?
            .port();
        let build_options = BuildOptions {
            root: options.root.clone(),
            output: None,
            drafts: options.drafts,
            base_url: None,
            replace_output: false,
        };
        let language = load_config(&build_options)
            .map(|c| c.language)
            .unwrap_or(Language::Vietnamese);
        let strings = strings::for_language(language);
        let read_only =
            (!options.bind.is_loopback()).then(|| read_only_reason(options.bind, strings));
        let host = super::host_name(options.bind);
        let preview_origin = format!("http://{host}:{}", preview.port);
        let desk = Desk {
            root: options.root.clone(),
            build_options,
            port,
            token: write::random_hex(32),
            read_only,
            preview: preview.url,
            preview_origin,
            strings,
            events: preview.events,
            stopping: preview.stopping,
            builds: Arc::default(),
            imported: preview.imported,
            writing: std::sync::Mutex::new(()),
        };
        Ok(DeskServer {
            listener,
            desk: Arc::new(desk),
            url: format!("http://{host}:{port}/"),
        })
    }

    /// Whether the desk writes, and if not, why: for the start-up line.
    pub fn read_only(&self) -> Option<&str> {
        self.desk.read_only.as_deref()
    }

    /// Serves the desk until the server stops.
    pub async fn serve(self) -> Result<()> {
        let listener = tokio::net::TcpListener::from_std(self.listener)
            .map_err(|e| Error::new(format!("cannot listen: {e}")))?;
        let mut rebuilds = self.desk.events.subscribe();
        let builds = Arc::clone(&self.desk.builds);
        tokio::spawn(async move {
            while let Ok(_) | Err(broadcast::error::RecvError::Lagged(_)) = rebuilds.recv().await {
                builds.fetch_add(1, Ordering::Relaxed);
            }
        });
        let mut stopping = self.desk.stopping.clone();
        axum::serve(listener, router(self.desk))
            .with_graceful_shutdown(async move {
                let _ = stopping.wait_for(|stop| *stop).await;
            })
            .await
            .map_err(|e| Error::new(format!("the desk stopped: {e}")).into())
    }
}

fn read_only_reason(bind: IpAddr, strings: &Strings) -> String {
    if strings.lang == "vi" {
        format!(
            "máy chủ đang nghe trên {bind} (--bind), không chỉ trên máy này; chạy lại serve không có --bind để sửa và thêm bài."
        )
    } else {
        format!(
            "the server listens on {bind} (--bind), not only on this computer; run serve again without --bind to correct and add articles."
        )
    }
}

fn router(desk: Arc<Desk>) -> Router {
    Router::new()
        .route("/", get(routes::list))
        .route("/seed/{*name}", get(routes::seed))
        .route("/mark/{*name}", post(routes::mark))
        .route("/fields/{*name}", post(routes::fields))
        .route("/add", post(routes::add))
        .route("/desk.js", get(routes::script))
        .route("/desk.css", get(routes::style))
        .route("/events", get(routes::events))
        .route("/favicon.ico", get(routes::no_icon))
        .route("/builds", get(routes::builds))
        .fallback(routes::not_found)
        .layer(axum::middleware::from_fn_with_state(
            Arc::clone(&desk),
            routes::guarded,
        ))
        .with_state(desk)
}
