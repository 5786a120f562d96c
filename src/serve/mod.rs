//! `biennien serve`: a live preview. The site is rendered into memory with the address it is
//! served at (never into `public/`, which keeps the last `build`); with `--watch` every
//! change is rebuilt, only as far as it reaches, and open pages reload once the new build is
//! complete. A failed build leaves the last good one served, with the error over each page;
//! before any good build, every address shows a page with the error.

mod desk;
mod http;
mod inject;
mod photo_jobs;
pub mod rebuild;

use std::net::{IpAddr, SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::sync::mpsc;
use std::time::Duration;

use notify::event::{AccessKind, AccessMode, ModifyKind};
use notify::{EventKind, RecursiveMode};
use notify_debouncer_full::{DebounceEventResult, new_debouncer};
use tokio::sync::{broadcast, watch};

use crate::config::BaseUrl;
use crate::error::{Error, Result};
use crate::site::{BuildOptions, load_config};
use http::{Current, Shared};
use rebuild::{Change, Rebuilt, Session, WATCHED, matters};

#[derive(Debug, Clone)]
pub struct ServeOptions {
    pub root: PathBuf,
    pub port: u16,
    pub bind: IpAddr,
    pub watch: bool,
    /// Pages are rendered for this address instead of the one served at.
    pub base_url: Option<String>,
    pub drafts: bool,
    pub open: bool,
    /// How long the watcher waits for a burst of changes to end.
    pub debounce: Duration,
    /// The editor's desk's port; default: the preview's port + 1.
    pub desk_port: Option<u16>,
}

/// Ports tried after a taken one.
const PORT_TRIES: u16 = 20;

pub fn run(options: ServeOptions) -> Result<()> {
    let listener = bind(options.bind, options.port)?;
    let address = listener
        .local_addr()
        .map_err(|e| Error::new(format!("cannot read the server's address: {e}")))?;
    if options.port != 0 && address.port() != options.port {
        println!("Port {} is taken; using {}.", options.port, address.port());
    }
    // Pages link to the address they are served at, under the base path the site has.
    let build_options = BuildOptions {
        root: options.root.clone(),
        output: None,
        drafts: options.drafts,
        base_url: options.base_url.clone(),
        replace_output: false,
    };
    let Addresses {
        base_path,
        served_at,
        base_url,
    } = addresses(&options, &build_options, address)?;

    let (events, _) = broadcast::channel(16);
    let (stop, stopping) = watch::channel(false);
    let imported = http::Imported::default();
    let desk = desk::DeskServer::open(
        &options,
        desk::Preview {
            url: served_at.clone(),
            port: address.port(),
            events: events.clone(),
            stopping: stopping.clone(),
            imported: Arc::clone(&imported),
        },
    )?;
    let shared = Arc::new(Shared {
        current: Default::default(),
        events,
        base_path,
        stopping,
        desk: desk.url.clone(),
        imported,
        photos: Default::default(),
    });
    let mut session = Session::new(BuildOptions {
        base_url: Some(base_url),
        ..build_options
    });
    // Watching starts first, so that a file saved during the first build is seen.
    let watching = options
        .watch
        .then(|| start_watching(&options))
        .transpose()?;
    // The first build, everything; the server starts even if it fails.
    publish(&shared, &mut session, &Change::default());
    if let Some(rebuild_on_changes) = watching {
        rebuild_on_changes(Arc::clone(&shared), session);
    }
    match desk.read_only() {
        None => println!("The editor's desk at {}", desk.url),
        Some(why) => println!("The editor's desk at {} (read-only: {why})", desk.url),
    }
    println!("Serving the site at {served_at} (Ctrl-C to stop)");
    if options.open {
        open_browser(&served_at);
    }

    serve_until_stopped(listener, shared, desk, stop)?;
    println!("Stopped.");
    Ok(())
}

/// Serves the preview and the desk until Ctrl-C.
fn serve_until_stopped(
    listener: std::net::TcpListener,
    shared: Arc<Shared>,
    desk: desk::DeskServer,
    stop: watch::Sender<bool>,
) -> Result<()> {
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Error::new(format!("cannot start the server: {e}")))?;
    runtime.block_on(async move {
        let listener = tokio::net::TcpListener::from_std(listener)
            .map_err(|e| Error::new(format!("cannot listen: {e}")))?;
        let app = http::router(shared);
        tokio::spawn(async move {
            if let Err(e) = desk.serve().await {
                eprintln!("{e}");
            }
        });
        axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                let _ = tokio::signal::ctrl_c().await;
                let _ = stop.send(true);
            })
            .await
            .map_err(|e| Error::new(format!("the server stopped: {e}")))
    })?;
    Ok(())
}

/// Where the preview is served and what its pages link to.
struct Addresses {
    /// The site's base path (`/lich-su/`), from config.toml.
    base_path: String,
    /// `http://127.0.0.1:1111/lich-su/`.
    served_at: String,
    /// What pages link to: `--base-url`, else where they are served.
    base_url: String,
}

fn addresses(
    options: &ServeOptions,
    build_options: &BuildOptions,
    address: std::net::SocketAddr,
) -> Result<Addresses> {
    let base_path = match load_config(build_options) {
        Ok(config) => config.base_url.path,
        // Watching, the server starts anyway and shows the error until config.toml is fixed;
        // with no base_url to read, the site is served at the root.
        Err(_) if options.watch => "/".to_owned(),
        Err(errors) => return Err(errors),
    };
    let host = host_name(address.ip());
    let served_at = format!("http://{host}:{}{base_path}", address.port());
    let base_url = options
        .base_url
        .clone()
        .unwrap_or_else(|| served_at.clone());
    BaseUrl::parse(&base_url).map_err(|m| Error::new(format!("--base-url: {m}")))?;
    Ok(Addresses {
        base_path,
        served_at,
        base_url,
    })
}

/// How a URL names the address listened on (any address: this computer).
fn host_name(ip: IpAddr) -> String {
    match ip {
        ip if ip.is_unspecified() => "127.0.0.1".to_owned(),
        IpAddr::V6(ip) => format!("[{ip}]"),
        ip => ip.to_string(),
    }
}

/// The port asked for, or the next free one after it.
fn bind(ip: IpAddr, port: u16) -> Result<TcpListener> {
    let mut last_error = None;
    let tries = if port == 0 { 1 } else { PORT_TRIES };
    for offset in 0..tries {
        match TcpListener::bind(SocketAddr::new(ip, port.saturating_add(offset))) {
            Ok(listener) => {
                listener
                    .set_nonblocking(true)
                    .map_err(|e| Error::new(format!("cannot listen: {e}")))?;
                return Ok(listener);
            }
            Err(e) => last_error = Some(e),
        }
    }
    Err(Error::new(format!(
        "cannot listen on {ip} ports {port}–{}: {}",
        port.saturating_add(tries - 1),
        last_error.map(|e| e.to_string()).unwrap_or_default()
    ))
    .help("pass another --port, or stop the program using these ports")
    .into())
}

/// Rebuilds, then puts the result in front of the browser: the new files and a reload
/// event, or the error over the last good build. The search index follows (`update_search_index`): the
/// reload does not wait for it, and the build counts as done once it is in place too. The
/// photos still to be made follow in the background (`photo_jobs`).
fn publish(shared: &Arc<Shared>, session: &mut Session, change: &Change) {
    let mut rebuilt = match session.rebuild(change) {
        Ok(rebuilt) => rebuilt,
        Err(errors) => {
            let served = if shared.current().files.is_empty() {
                NO_GOOD_BUILD
            } else {
                LAST_GOOD
            };
            return show_error(shared, &errors, served);
        }
    };
    shared.photos.set_pages_read(rebuilt.photo_pages_read);
    let photos_to_make = std::mem::take(&mut rebuilt.photos_to_make);
    let photo_keys: Vec<String> = photos_to_make.iter().map(|p| p.key().to_owned()).collect();
    if let Err(errors) = shared.photos.failed(&photo_keys) {
        return show_error(shared, &errors, LAST_GOOD);
    }
    report("Rebuilt", &rebuilt);
    // Noted as being made before the pages are served: a request for a size waits.
    let photos_to_make = shared.photos.register(photos_to_make);
    // A save that changed nothing the site shows (watchers often report one save twice)
    // reloads no browser.
    let unchanged = rebuilt.written.is_empty() && rebuilt.removed.is_empty();
    if unchanged && shared.current().error.is_none() {
        return photo_jobs::start(shared, photos_to_make);
    }
    let files = session.files();
    *shared.imported.write().unwrap_or_else(|e| e.into_inner()) = session.imported().to_vec();
    shared.update(|current: &mut Current| {
        current.files = files;
        current.error = None;
    });
    let _ = shared
        .events
        .send(if rebuilt.css_only { "css" } else { "reload" });
    // Made once the pages are in place: an error then shows over them.
    photo_jobs::start(shared, photos_to_make);
    // One that failed while this rebuild ran had its error cleared just now.
    if let Err(errors) = shared.photos.failed(&photo_keys) {
        show_error(shared, &errors, photo_jobs::SERVED_WITHOUT);
    }
    let indexed = match session.update_search_index() {
        Ok(indexed) => indexed,
        Err(errors) => return show_error(shared, &errors, PAGES_ONLY),
    };
    if !indexed.written.is_empty() || !indexed.removed.is_empty() {
        report("Search index updated", &indexed);
    }
    let files = session.files();
    shared.update(|current: &mut Current| {
        current.files = files;
        current.builds += 1;
        current.written = [rebuilt.written, indexed.written].concat();
    });
}

/// What is served while an error is shown, for the terminal.
const LAST_GOOD: &str = "Serving the last good build; fix the file and save again.";
const NO_GOOD_BUILD: &str = "There is no good build to serve yet: every page shows this error until it is fixed. Fix the file and save it; the site then appears in the open page.";
const PAGES_ONLY: &str = "The pages are up to date, the search index is not; save again to retry.";

fn show_error(shared: &Shared, errors: &crate::error::Errors, served: &str) {
    let text = errors.to_string();
    eprintln!("{text}\n{served}");
    shared.update(|current: &mut Current| {
        current.error = Some(text);
        current.builds += 1;
    });
    let _ = shared.events.send("reload");
}

fn report(what: &str, rebuilt: &Rebuilt) {
    for warning in &rebuilt.warnings {
        eprintln!("warning: {warning}");
    }
    println!(
        "{what} in {} ms: {} written, {} removed",
        rebuilt.elapsed.as_millis(),
        rebuilt.written.len(),
        rebuilt.removed.len()
    );
}

/// What the watcher reports, as a change to rebuild: the paths that matter, under the
/// root as given (`.` by default; events name them under the canonical `watch_root`), or
/// everything when the watcher lost events. `None` when nothing that matters changed.
fn change_seen(
    result: DebounceEventResult,
    watch_root: &Path,
    given_root: &Path,
) -> Option<Change> {
    // The watcher lost events (its queue overflowed, or it could not watch a folder):
    // nothing it said can be trusted.
    let events = match result {
        Ok(events) => events,
        Err(errors) => {
            for error in errors {
                // Names the paths it concerns.
                eprintln!("warning: the file watcher: {error}");
                if matches!(error.kind, notify::ErrorKind::MaxFilesWatch) {
                    eprintln!(
                        "help: raise the limit, e.g. `sysctl fs.inotify.max_user_watches=524288`"
                    );
                }
            }
            return Some(Change {
                paths: Vec::new(),
                rescan: true,
            });
        }
    };
    let rescan = events.iter().any(|e| e.event.need_rescan());
    let paths: Vec<PathBuf> = events
        .into_iter()
        .filter(|e| changes_files(&e.event.kind))
        .flat_map(|e| e.event.paths)
        .filter(|p| matters(watch_root, p))
        .map(|p| {
            let rel = p.strip_prefix(watch_root).unwrap_or(&p);
            given_root.join(rel)
        })
        .collect();
    (rescan || !paths.is_empty()).then_some(Change { paths, rescan })
}

/// Watches the site's folders from now on; the function returned rebuilds on every burst of
/// changes. A change that comes during a build is collected meanwhile and causes one more
/// build after it.
fn start_watching(options: &ServeOptions) -> Result<impl FnOnce(Arc<Shared>, Session) + use<>> {
    let root = options
        .root
        .canonicalize()
        .unwrap_or_else(|_| options.root.clone());
    let (sender, receiver) = mpsc::channel::<Change>();
    let watch_root = root.clone();
    let given_root = options.root.clone();
    let mut debouncer = new_debouncer(
        options.debounce,
        None,
        move |result: DebounceEventResult| {
            if let Some(change) = change_seen(result, &watch_root, &given_root) {
                let _ = sender.send(change);
            }
        },
    )
    .map_err(|e| Error::new(format!("cannot watch the site: {e}")))?;
    // The root itself, not recursively: config.toml, and folders created later.
    debouncer
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(|e| Error::in_file(&root, format!("cannot watch: {e}")))?;
    let mut watched = Vec::new();
    let folders_root = root.clone();
    let mut watch_folders = move |debouncer: &mut Debouncer| -> Result<()> {
        let root = &folders_root;
        for name in WATCHED {
            let path = root.join(name);
            if path.is_dir() && !watched.contains(&path) {
                debouncer
                    .watch(&path, RecursiveMode::Recursive)
                    .map_err(|e| Error::in_file(&path, format!("cannot watch: {e}")))?;
                watched.push(path);
            }
        }
        Ok(())
    };
    watch_folders(&mut debouncer)?;
    // The thread owns the watcher: it watches as long as the server runs.
    Ok(move |shared: Arc<Shared>, mut session: Session| {
        std::thread::spawn(move || {
            while let Ok(mut change) = receiver.recv() {
                // A folder created since (a first static/), watched from now on.
                if let Err(e) = watch_folders(&mut debouncer) {
                    eprintln!("{e}");
                }
                // Everything that arrived while the last build ran goes into this one.
                while let Ok(more) = receiver.try_recv() {
                    change.paths.extend(more.paths);
                    change.rescan |= more.rescan;
                }
                change.paths.sort();
                change.paths.dedup();
                for path in &change.paths {
                    println!("Changed {}", path.display());
                }
                if change.rescan {
                    println!("The watcher lost track of changes: rebuilding everything");
                }
                publish(&shared, &mut session, &change);
            }
        });
    })
}

type Debouncer = notify_debouncer_full::Debouncer<
    notify::RecommendedWatcher,
    notify_debouncer_full::RecommendedCache,
>;

/// Whether an event is a change to a file: reading one (which building does) is not.
fn changes_files(kind: &EventKind) -> bool {
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(modify) => !matches!(modify, ModifyKind::Metadata(_)),
        EventKind::Access(access) => matches!(access, AccessKind::Close(AccessMode::Write)),
        EventKind::Any | EventKind::Other => false,
    }
}

fn open_browser(url: &str) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else {
        "xdg-open"
    };
    if let Err(e) = std::process::Command::new(opener).arg(url).spawn() {
        eprintln!("warning: could not open a browser ({opener}: {e}); open {url} yourself");
    }
}
