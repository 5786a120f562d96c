//! `serve`'s photos, made after their pages: a rebuild renders a page with its photos'
//! markup (their sizes read from the header) and serves it at once; the sizes are made
//! here, on a pool of their own so that the next rebuild does not wait behind them, into
//! the cache and then into the served files. A browser asking for a size still being made
//! waits for it (`WAIT_AT_MOST`, then 503 with `Retry-After`), so an `<img>` simply loads
//! when its photo is ready. A photo that cannot be made shows its error over the pages, as
//! any build error does, and fails every later rebuild that shows it until it is fixed.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use rayon::prelude::*;
use tokio::sync::watch;

use super::http::{Current, Shared};
use crate::error::{Error, Errors};
use crate::photos::{PROGRESS_FROM, Pending};

/// How long a request for a size being made waits before it is told to come back.
pub const WAIT_AT_MOST: Duration = Duration::from_secs(60);

/// What is served while a photo that cannot be made is shown, for the terminal.
pub const SERVED_WITHOUT: &str =
    "The page is served without this photo; fix the file and save again.";

/// For the tests of photos made while their page is served (tests/it/photos_serve.rs): with
/// this variable set to a file's path, photos are made only once that file exists, so a
/// test sees the page before its photos without guessing how long making them takes.
pub const GATE_VARIABLE: &str = "BIENNIEN_TEST_PHOTO_GATE";

/// The photos made, being made or failed in this run of `serve`.
#[derive(Default)]
pub struct PhotoJobs {
    state: Mutex<State>,
    /// Counts the photos finished (made or failed): a waiting request looks again.
    finished: watch::Sender<u64>,
    /// The requests waiting for a size, for `/__biennien/status`.
    waiting: AtomicUsize,
    /// How many pages the last rebuild read for their photos.
    pages_read: AtomicUsize,
    /// The pool photos are made on, started with the first.
    pool: std::sync::OnceLock<Option<rayon::ThreadPool>>,
}

#[derive(Default)]
struct State {
    /// Each photo's progress, by its cache key.
    by_key: HashMap<String, Progress>,
    /// Each size's file of the photos made here, by site path: its photo's key, and the
    /// cache file it is.
    files: HashMap<String, (String, PathBuf)>,
}

#[derive(Clone)]
enum Progress {
    Making,
    Made,
    Failed(Errors),
}

/// What a request for a size of a photo made here gets.
#[derive(Debug, PartialEq, Eq)]
pub enum Waited {
    /// The size, in the cache.
    Made(PathBuf),
    /// The photo cannot be made: its error is over the pages.
    Failed,
    /// Still being made after the time allowed.
    StillMaking,
}

impl PhotoJobs {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// The errors of the photos of `keys` that failed to be made: showing them fails the
    /// build, as a photo that fails on its header does.
    pub fn failed(&self, keys: &[String]) -> Result<(), Errors> {
        let state = self.lock();
        let errors: Vec<Error> = keys
            .iter()
            .filter_map(|key| match state.by_key.get(key) {
                Some(Progress::Failed(errors)) => Some(errors.0.clone()),
                _ => None,
            })
            .flatten()
            .collect();
        match errors.is_empty() {
            true => Ok(()),
            false => Err(Errors(errors)),
        }
    }

    /// Notes `to_make` as being made, so that a request for one of its sizes waits, and
    /// returns those not being made already, for `start`.
    pub fn register(&self, to_make: Vec<Pending>) -> Vec<Pending> {
        let mut state = self.lock();
        let mut started = Vec::new();
        for photo in to_make {
            if matches!(state.by_key.get(photo.key()), Some(Progress::Making)) {
                continue;
            }
            state
                .by_key
                .insert(photo.key().to_owned(), Progress::Making);
            for (path, file) in photo.files() {
                let made_here = (photo.key().to_owned(), file.clone());
                state.files.insert(path.clone(), made_here);
            }
            started.push(photo);
        }
        started
    }

    fn finish(&self, key: &str, progress: Progress) {
        self.lock().by_key.insert(key.to_owned(), progress);
        self.finished.send_modify(|n| *n += 1);
    }

    /// Notes how many pages the last rebuild read for their photos.
    pub fn set_pages_read(&self, pages: usize) {
        self.pages_read.store(pages, Ordering::Relaxed);
    }

    /// For `/__biennien/status`.
    pub fn status(&self) -> serde_json::Value {
        let making = (self.lock().by_key.values())
            .filter(|p| matches!(p, Progress::Making))
            .count();
        serde_json::json!({
            "making": making,
            "waiting": self.waiting.load(Ordering::Relaxed),
            "pages_read": self.pages_read.load(Ordering::Relaxed),
        })
    }

    /// Waits, at most `bound`, for the size at site path `path` when it is a photo's made
    /// here; `None` for any other path.
    pub async fn wait_for(&self, path: &str, bound: Duration) -> Option<Waited> {
        let deadline = tokio::time::Instant::now() + bound;
        let mut finished = self.finished.subscribe();
        let mut waiting = None;
        loop {
            let progress = {
                let state = self.lock();
                let (key, file) = state.files.get(path)?;
                (state.by_key.get(key).cloned(), file.clone())
            };
            match progress {
                (Some(Progress::Made), file) => return Some(Waited::Made(file)),
                (Some(Progress::Failed(_)) | None, _) => return Some(Waited::Failed),
                (Some(Progress::Making), _) => {
                    waiting.get_or_insert_with(|| Counted::new(&self.waiting));
                }
            }
            let changed = tokio::time::timeout_at(deadline, finished.changed()).await;
            if !matches!(changed, Ok(Ok(()))) {
                return Some(Waited::StillMaking);
            }
        }
    }

    /// The pool photos are made on: as many threads as cores, apart from the rebuilds'.
    fn pool(&self) -> Option<&rayon::ThreadPool> {
        self.pool
            .get_or_init(|| {
                rayon::ThreadPoolBuilder::new()
                    .thread_name(|i| format!("photos-{i}"))
                    .build()
                    .ok()
            })
            .as_ref()
    }
}

/// A count that is one higher for as long as this lives.
struct Counted<'a>(&'a AtomicUsize);

impl<'a> Counted<'a> {
    fn new(count: &'a AtomicUsize) -> Counted<'a> {
        count.fetch_add(1, Ordering::Relaxed);
        Counted(count)
    }
}

impl Drop for Counted<'_> {
    fn drop(&mut self) {
        self.0.fetch_sub(1, Ordering::Relaxed);
    }
}

/// Starts making the photos of `to_make` (`PhotoJobs::register`'s) in the background:
/// each one made goes into the served files; one that fails shows its error.
pub fn start(shared: &Arc<Shared>, to_make: Vec<Pending>) {
    if to_make.is_empty() {
        return;
    }
    let shared = Arc::clone(shared);
    std::thread::spawn(move || {
        wait_for_gate();
        let started = Instant::now();
        let count = to_make.len();
        let done = AtomicUsize::new(0);
        let make_all = || {
            to_make.par_iter().for_each(|photo| {
                finish(&shared, photo, photo.make());
                let n = done.fetch_add(1, Ordering::Relaxed) + 1;
                if count >= PROGRESS_FROM {
                    eprintln!("Ảnh {n}/{count}");
                }
            })
        };
        match shared.photos.pool() {
            Some(pool) => pool.install(make_all),
            None => make_all(),
        }
        println!(
            "{count} photo{} made in {} ms",
            if count == 1 { "" } else { "s" },
            started.elapsed().as_millis()
        );
    });
}

/// Marks a photo just made as ready, or shows why it could not be made.
fn finish(shared: &Shared, photo: &Pending, made: crate::error::Result<()>) {
    if let Err(errors) = made {
        let text = errors.to_string();
        eprintln!("{text}\n{SERVED_WITHOUT}");
        shared.photos.finish(photo.key(), Progress::Failed(errors));
        shared.update(|current: &mut Current| {
            current.error = Some(text);
            current.builds += 1;
        });
        let _ = shared.events.send("reload");
        return;
    }
    // Served from the cache from now on (`http::photo`); the next rebuild links it into
    // the served files like any cached size.
    shared.photos.finish(photo.key(), Progress::Made);
}

/// Waits for the test's gate file, when `GATE_VARIABLE` names one.
fn wait_for_gate() {
    let Some(gate) = std::env::var_os(GATE_VARIABLE) else {
        return;
    };
    while !Path::new(&gate).exists() {
        std::thread::sleep(Duration::from_millis(20));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn making(jobs: &PhotoJobs, path: &str) {
        let mut state = jobs.lock();
        state.by_key.insert("k".to_owned(), Progress::Making);
        let file = PathBuf::from("cache/k-480.webp");
        state.files.insert(path.to_owned(), ("k".to_owned(), file));
    }

    #[tokio::test]
    async fn a_request_waits_for_its_size_and_no_longer_than_allowed() {
        let jobs = Arc::new(PhotoJobs::default());
        assert_eq!(jobs.wait_for("photos/x.webp", WAIT_AT_MOST).await, None);
        making(&jobs, "photos/a-k-480.webp");
        let short = Duration::from_millis(10);
        let waited = jobs.wait_for("photos/a-k-480.webp", short).await;
        assert_eq!(waited, Some(Waited::StillMaking));
        let waiter = {
            let jobs = Arc::clone(&jobs);
            tokio::spawn(async move { jobs.wait_for("photos/a-k-480.webp", WAIT_AT_MOST).await })
        };
        while jobs.waiting.load(Ordering::Relaxed) == 0 {
            tokio::task::yield_now().await;
        }
        jobs.finish("k", Progress::Made);
        let made = Waited::Made(PathBuf::from("cache/k-480.webp"));
        assert_eq!(waiter.await.unwrap(), Some(made));
        jobs.finish("k", Progress::Failed(Errors(vec![Error::new("x")])));
        let failed = jobs.wait_for("photos/a-k-480.webp", short).await;
        assert_eq!(failed, Some(Waited::Failed));
    }
}
