//! Rebuilding in `serve`: the site is rendered into memory, and after the first build only
//! what a change touches is read and rendered again. The watcher is trusted to report every
//! changed file (when it says it lost track, everything is rebuilt). A content edit re-reads that file,
//! re-extracts its registers and re-renders the outputs whose inputs changed (see
//! `render::fingerprint`); a template, theme or configuration change rebuilds everything.

use rustc_hash::{FxHashMap, FxHashSet};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::cache::Cache;
use crate::config::{CONFIG_FILE, Config};
use crate::content::{self, CONTENT_DIR, LoadRequest, PlannedFiles, Site, SiteChange};
use crate::error::Result;
use crate::files;
use crate::import::{Action, SEEDS_DIR};
use crate::output::{Files, Memory, feeds};
use crate::photos::{self, Making, Pending};
use crate::render::{Job, Renderer, Theme};
use crate::search;
use crate::site::{self, BuildOptions, FEED, Plan, SITEMAP, STATIC_DIR, load_config};

/// What changed since the last build, as the watcher saw it (paths under the site's root).
#[derive(Debug, Clone, Default)]
pub struct Change {
    pub paths: Vec<PathBuf>,
    /// The watcher may have missed changes: everything is read again.
    pub rescan: bool,
}

/// What one rebuild did.
#[derive(Debug, Default)]
pub struct Rebuilt {
    /// The files rendered or copied, site-relative.
    pub written: Vec<String>,
    pub removed: Vec<String>,
    /// Only stylesheets changed: the browser can swap them without reloading.
    pub css_only: bool,
    pub elapsed: Duration,
    pub warnings: Vec<String>,
    /// The photos the new pages show whose sizes are still to be made.
    pub photos_to_make: Vec<Pending>,
    /// How many pages were read for their photos (the others were remembered).
    pub photo_pages_read: usize,
}

/// How a changed path is handled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Scope {
    /// config.toml, templates, interface strings: everything is rebuilt.
    Everything,
    Static,
    Content,
    Seeds,
}

/// Where a changed file lies; `None` for files that make no difference to the site.
fn scope(root: &Path, path: &Path) -> Option<Scope> {
    let rel = path.strip_prefix(root).unwrap_or(path);
    let mut parts = rel.components().map(|c| c.as_os_str().to_string_lossy());
    let first = parts.next()?;
    match first.as_ref() {
        CONFIG_FILE | "templates" | "i18n" => Some(Scope::Everything),
        STATIC_DIR => Some(Scope::Static),
        CONTENT_DIR => Some(Scope::Content),
        SEEDS_DIR => Some(Scope::Seeds),
        // themes/<name>/static/… is static; the rest of a theme is templates and strings.
        "themes" => match (parts.next(), parts.next()) {
            (Some(_), Some(second)) if second == STATIC_DIR => Some(Scope::Static),
            _ => Some(Scope::Everything),
        },
        _ => None,
    }
}

/// The folders and file `serve --watch` watches, under the site's root.
pub const WATCHED: [&str; 7] = [
    CONFIG_FILE,
    CONTENT_DIR,
    SEEDS_DIR,
    "themes",
    "templates",
    STATIC_DIR,
    "i18n",
];

/// Whether a changed path can make a difference to the site.
pub fn matters(root: &Path, path: &Path) -> bool {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy())
        .unwrap_or_default();
    !files::is_editor_temp(&name) && scope(root, path).is_some()
}

/// The configuration and theme the rebuilds render with, and what the last good build wrote
/// with them: all of it is forgotten when either changes.
struct Setup {
    config: Config,
    theme: Theme,
    /// What the last good build rendered, with what each output was made from; the search
    /// index aside.
    outputs: Outputs,
    /// The same for the search index's files.
    index_fingerprints: FxHashMap<String, u64>,
    /// The static files and assets last copied, to remove those that disappear.
    copied: FxHashSet<String>,
    /// Which files the last good build used as photos (`Photos::sources_key`).
    photo_sources: u64,
}

pub struct Session {
    options: BuildOptions,
    setup: Option<Setup>,
    /// What the stages remember from one rebuild to the next.
    cache: Cache,
    /// The last good build, shared with the server without copying.
    files: Arc<Files>,
    /// The last rebuild's site until `update_search_index` brings the index up to date and
    /// hands the site back to the cache: the browser's reload waits for neither.
    awaiting_index: Option<Site>,
    /// Seeds or static files changed since they were last imported or copied: a failed
    /// build does not forget them.
    import_pending: bool,
    copy_pending: bool,
    /// The import warnings last said, with what each was made from: a warning is said
    /// again only when that changes (or after an import without it).
    import_warnings_said: FxHashMap<String, u64>,
    /// What the last import did to each seed, by its key: the editor's desk shows it.
    imported: Vec<(String, Action)>,
}

impl Session {
    /// `options.base_url` should be the address the site is served at.
    pub fn new(options: BuildOptions) -> Session {
        Session {
            options,
            setup: None,
            cache: Cache::default(),
            files: Arc::default(),
            awaiting_index: None,
            import_pending: false,
            copy_pending: false,
            import_warnings_said: FxHashMap::default(),
            imported: Vec::new(),
        }
    }

    /// What the last import did to each seed, by its key.
    pub fn imported(&self) -> &[(String, Action)] {
        &self.imported
    }

    /// The last good build's files.
    pub fn files(&self) -> Arc<Files> {
        Arc::clone(&self.files)
    }

    /// Builds what `change` touches (everything the first time). On error the last good
    /// build stays as it was, and the next rebuild starts over where it must.
    pub fn rebuild(&mut self, change: &Change) -> Result<Rebuilt> {
        let started = Instant::now();
        let root = self.options.root.clone();
        let scopes: HashSet<Scope> = change
            .paths
            .iter()
            .filter_map(|p| scope(&root, p))
            .collect();
        // What a change asks for is remembered before anything can fail.
        if let Some(site) = self.awaiting_index.take() {
            self.cache.content.keep(site);
        }
        let content = |p: &&PathBuf| scope(&root, p) == Some(Scope::Content);
        self.cache
            .content
            .mark_dirty(change.paths.iter().filter(content).cloned());
        self.import_pending |= scopes.contains(&Scope::Seeds);
        // Files beside the pages (images, PDFs) are copied like static ones.
        let assets = change
            .paths
            .iter()
            .filter(content)
            .any(|p| p.extension().is_none_or(|e| e != "md"));
        self.copy_pending |= scopes.contains(&Scope::Static) || assets;
        if change.rescan || scopes.contains(&Scope::Everything) {
            self.setup = None;
        }
        let mut setup = match self.setup.take() {
            Some(setup) => setup,
            None => {
                let config = load_config(&self.options)?;
                let theme = Theme::load(&root, &config)?;
                // Everything is read and rendered again.
                self.cache = Cache::default();
                Setup {
                    config,
                    theme,
                    outputs: Outputs::default(),
                    index_fingerprints: FxHashMap::default(),
                    copied: FxHashSet::default(),
                    photo_sources: 0,
                }
            }
        };
        let first = setup.outputs.jobs.is_empty();
        let result = self.rebuild_with(&mut setup, change, &scopes, first);
        // Kept after a failure too: its outputs still describe the last good build, so
        // fixing the file rebuilds only what changed, not everything.
        self.setup = Some(setup);
        if result.is_err() {
            self.cache.forget_failed_build();
        }
        let mut rebuilt = result?;
        // A first build is shown whole, search included.
        if first {
            let indexed = self.update_search_index()?;
            rebuilt.written.extend(indexed.written);
        }
        rebuilt.elapsed = started.elapsed();
        Ok(rebuilt)
    }

    /// Brings the search index up to date with the last rebuild, writing only the index
    /// files that changed, and hands the site back to the cache for the next rebuild.
    /// `serve` does this once the browser has the new pages: an edited page is shown
    /// without waiting for the whole site's index.
    pub fn update_search_index(&mut self) -> Result<Rebuilt> {
        let started = Instant::now();
        let (Some(site), Some(setup)) = (self.awaiting_index.take(), self.setup.as_mut()) else {
            return Ok(Rebuilt::default());
        };
        if !setup.theme.has_search() {
            self.cache.content.keep(site);
            return Ok(Rebuilt::default());
        }
        // Its rebuild's `Renderer::new` made sure that a label is there when a page needs it.
        let untitled = setup.theme.untitled_label(&site).unwrap_or_default();
        let entry_pages = setup.theme.entry_pages();
        let terms = &mut self.cache.search_terms;
        let index = search::Index::new(&site, &setup.config, entry_pages, untitled, terms);
        let fingerprints: FxHashMap<String, u64> = index
            .files()
            .into_iter()
            .map(|f| (f.path, f.fingerprint))
            .collect();
        let changed = |path: &str| setup.index_fingerprints.get(path) != fingerprints.get(path);
        let written: Vec<String> = fingerprints
            .keys()
            .filter(|path| changed(path))
            .cloned()
            .collect();
        let removed = gone(
            setup.index_fingerprints.keys().map(String::as_str),
            |path| fingerprints.contains_key(path),
        );
        // The files are copied and shared again only when some index file changed.
        let indexed = if written.is_empty() && removed.is_empty() {
            Ok(None)
        } else {
            let memory = Memory::new(Files::clone(&self.files), setup.config.minify);
            index.write(&memory, &changed).map(|()| Some(memory))
        };
        drop(index);
        // Back to the cache whatever happened, for the next rebuild to start from.
        self.cache.content.keep(site);
        if let Some(memory) = indexed? {
            for path in &removed {
                memory.remove(path);
            }
            self.files = Arc::new(memory.into_files());
        }
        setup.index_fingerprints = fingerprints;
        Ok(Rebuilt {
            written,
            removed,
            elapsed: started.elapsed(),
            ..Rebuilt::default()
        })
    }

    /// Imports the seeds, adding to `warnings` those not said before (or whose inputs
    /// changed since). Returns every import warning with what it was made from, to be
    /// remembered once the build has succeeded and shown them.
    fn import(
        &mut self,
        config: &Config,
        warnings: &mut Vec<String>,
    ) -> Result<Option<FxHashMap<String, u64>>> {
        let Some(report) = site::import_seeds(config, &self.options)? else {
            return Ok(None);
        };
        let now = report.warnings_with_inputs();
        let said = &self.import_warnings_said;
        warnings.extend(
            now.iter()
                .filter(|(warning, made_from)| said.get(warning) != Some(made_from))
                .map(|(warning, _)| warning.clone()),
        );
        self.imported = report
            .seeds
            .iter()
            .map(|s| (s.seed.clone(), s.action))
            .collect();
        // Read in this build: the watcher reports the importer's writes only later.
        self.cache.content.mark_dirty(report.changed_files());
        Ok(Some(now.into_iter().collect()))
    }

    fn rebuild_with(
        &mut self,
        setup: &mut Setup,
        change: &Change,
        scopes: &HashSet<Scope>,
        first: bool,
    ) -> Result<Rebuilt> {
        let config = &setup.config;
        let mut warnings = Vec::new();
        if first {
            // Said once per reading of config.toml and the theme, not on every save.
            warnings.extend(config.warnings.iter().cloned());
            warnings.extend(setup.theme.warnings.iter().cloned());
        }
        let import_warnings = match first || self.import_pending {
            true => self.import(config, &mut warnings)?,
            false => None,
        };
        self.import_pending = false;
        let root = &self.options.root;
        let request = LoadRequest {
            root,
            include_drafts: self.options.drafts,
            with_registers: setup.theme.wants_registers(),
            planned: &PlannedFiles::default(),
        };
        let (site, site_change) = content::load(&request, &mut self.cache.content)?;
        warnings.extend(site.warnings.iter().cloned());
        let references = &mut self.cache.photo_references;
        let mut photos = photos::prepare(root, config, &site, references, Making::Later)?;
        let photos_to_make = std::mem::take(&mut photos.to_make);
        // A file copied as it is that a page now shows as a photo must go (the camera
        // original is never published), and one no page shows any more is copied.
        let photo_sources = photos.sources_key();
        self.copy_pending |= photo_sources != setup.photo_sources;
        let renderer = Renderer::new(&setup.theme, config, &site, &mut self.cache.render, &photos)?;

        let jobs = renderer.jobs();
        let last = &setup.outputs;
        let patched = match site_change {
            SiteChange::TextOnly => Outputs::patched(&renderer, last, &jobs),
            SiteChange::Reshaped => None,
        };
        let outputs = patched.unwrap_or_else(|| Outputs::whole(&renderer, config, &site, jobs));
        let (changed, gone) = outputs.changes_since(last);
        let mut written: Vec<String> = changed.iter().map(|&j| outputs.paths[j].clone()).collect();
        let plan = outputs.plan(last, &changed, first || self.copy_pending);

        let memory = memory_for(&self.files, first, setup, &plan);
        let site::Written {
            copied,
            warnings: copy_warnings,
        } = site::write_site(root, config, &site, &renderer, &memory, &plan)?;
        warnings.extend(copy_warnings);
        self.copy_pending = false;
        if plan.sitemap.is_some() {
            written.push(SITEMAP.to_owned());
        }
        if plan.feed.is_some() {
            written.push(FEED.to_owned());
        }
        for path in &gone {
            memory.remove(path);
        }
        renderer.finish();
        self.awaiting_index = Some(site);
        let files = memory.into_files();
        if plan.files {
            // Copied again whole; written only where the bytes differ (a new folder in
            // content/ copies the assets again without changing any).
            let differs =
                |path: &&String| self.files.get(path.as_str()) != files.get(path.as_str());
            written.extend(copied.iter().filter(differs).cloned());
            setup.copied = copied.into_iter().collect();
        }
        let css_only = !first && plan.jobs.is_empty() && only_stylesheets(change, scopes);
        self.files = Arc::new(files);
        setup.outputs = outputs;
        setup.photo_sources = photo_sources;
        if let Some(said) = import_warnings {
            self.import_warnings_said = said;
        }
        Ok(Rebuilt {
            written,
            removed: gone,
            css_only,
            elapsed: Duration::ZERO,
            warnings,
            photos_to_make,
            photo_pages_read: self.cache.photo_references.pages_read(),
        })
    }
}

/// Where a rebuild writes: the last good build's files, less the copied files when
/// they are copied again; nothing at all for a first build, so that nothing of an
/// earlier one lingers.
fn memory_for(last: &Files, first: bool, setup: &Setup, plan: &Plan) -> Memory {
    let previous = match first {
        true => Files::default(),
        false => Files::clone(last),
    };
    let memory = Memory::new(previous, setup.config.minify);
    if plan.files {
        for path in &setup.copied {
            memory.remove(path);
        }
    }
    memory
}

/// Whether the change is to static stylesheets only: the browser can swap them in.
fn only_stylesheets(change: &Change, scopes: &HashSet<Scope>) -> bool {
    scopes.iter().all(|s| *s == Scope::Static)
        && change
            .paths
            .iter()
            .all(|p| p.extension().is_some_and(|e| e == "css"))
}

/// The paths of the outputs the last build made (`last`) and this one does not.
fn gone<'a>(last: impl Iterator<Item = &'a str>, now: impl Fn(&str) -> bool) -> Vec<String> {
    last.filter(|path| !now(path)).map(str::to_owned).collect()
}

/// What a build renders, in job order, with what each output was made from
/// (`render::fingerprint`).
#[derive(Default)]
struct Outputs {
    jobs: Vec<Job>,
    /// Shared with the next build when the outputs stay where they were.
    paths: Arc<Vec<String>>,
    fingerprints: Vec<u64>,
    /// What every page's navigation shows.
    navigation: u64,
    /// The register and chronology pages the sitemap lists, and what it was made from.
    sitemap: Option<(Vec<String>, u64)>,
    /// The feed's pages, and what it was made from.
    feed: Option<(Vec<usize>, u64)>,
}

impl Outputs {
    /// Every output worked out anew.
    fn whole(renderer: &Renderer, config: &Config, site: &Site, jobs: Vec<Job>) -> Outputs {
        let paths = jobs
            .par_iter()
            .map(|&job| renderer.output_path(job))
            .collect();
        let sitemap = config.sitemap.then(|| {
            let generated = renderer.generated_paths(&jobs);
            let made_from = renderer.sitemap_fingerprint(&generated);
            (generated, made_from)
        });
        let feed = config.feed.then(|| {
            let entries = feeds::entries(config, site);
            let made_from = renderer.feed_fingerprint(&entries);
            (entries, made_from)
        });
        Outputs {
            fingerprints: renderer.fingerprints(&jobs),
            jobs,
            paths: Arc::new(paths),
            navigation: renderer.navigation(),
            sitemap,
            feed,
        }
    }

    /// The last build's outputs after a text edit (`SiteChange::TextOnly`): the pages' places,
    /// neighbours and sections stand, so only the pages whose values were made again and
    /// the outputs that are not pages (listings, registers) are worked out again. `None`
    /// when more changed: other jobs, an output's path, the navigation; or when a template
    /// calls `get_page`, which any output may show the edited page through.
    fn patched(renderer: &Renderer, last: &Outputs, jobs: &[Job]) -> Option<Outputs> {
        if renderer.calls_get_page()
            || jobs != last.jobs
            || renderer.navigation() != last.navigation
        {
            return None;
        }
        // Pages come first, page `i` at place `i`.
        let pages = jobs
            .iter()
            .position(|job| !matches!(job, Job::Page(_)))
            .unwrap_or(jobs.len());
        let others = &jobs[pages..];
        let paths: Vec<String> = others
            .iter()
            .map(|&job| renderer.output_path(job))
            .collect();
        if paths[..] != last.paths[pages..] {
            return None;
        }
        let places: Vec<usize> = renderer
            .remade_pages()
            .iter()
            .copied()
            .chain(pages..jobs.len())
            .collect();
        let remade: Vec<Job> = places.iter().map(|&j| jobs[j]).collect();
        let mut fingerprints = last.fingerprints.clone();
        for (j, made_from) in places.into_iter().zip(renderer.fingerprints(&remade)) {
            fingerprints[j] = made_from;
        }
        // The sitemap lists paths and dates, which stand.
        let sitemap = last.sitemap.clone();
        // Dates stand, so the feed's pages do; their text may not.
        let feed = last
            .feed
            .as_ref()
            .map(|(entries, _)| (entries.clone(), renderer.feed_fingerprint(entries)));
        Some(Outputs {
            jobs: jobs.to_vec(),
            paths: Arc::clone(&last.paths),
            fingerprints,
            navigation: last.navigation,
            sitemap,
            feed,
        })
    }

    /// What to write: the outputs at the `changed` places, the sitemap and feed where what
    /// they are made from differs from `last`'s, and the static files when `files`.
    fn plan(&self, last: &Outputs, changed: &[usize], files: bool) -> Plan {
        let sitemap = self.sitemap.as_ref().filter(|(_, made_from)| {
            last.sitemap.as_ref().map(|(_, before)| before) != Some(made_from)
        });
        let feed = self.feed.as_ref().filter(|(_, made_from)| {
            last.feed.as_ref().map(|(_, before)| before) != Some(made_from)
        });
        Plan {
            jobs: changed.iter().map(|&j| self.jobs[j]).collect(),
            sitemap: sitemap.map(|(generated, _)| generated.clone()),
            feed: feed.map(|(entries, _)| entries.clone()),
            files,
        }
    }

    /// The places of the outputs whose inputs changed since `last`, and the paths `last`
    /// made and these do not. Compared place by place when the paths stand.
    fn changes_since(&self, last: &Outputs) -> (Vec<usize>, Vec<String>) {
        let places = 0..self.jobs.len();
        if Arc::ptr_eq(&self.paths, &last.paths) {
            let changed = places
                .filter(|&j| self.fingerprints[j] != last.fingerprints[j])
                .collect();
            return (changed, Vec::new());
        }
        let before = last.by_path();
        let now = self.by_path();
        let changed = places
            .filter(|&j| before.get(self.paths[j].as_str()) != Some(&self.fingerprints[j]))
            .collect();
        (
            changed,
            gone(before.into_keys(), |path| now.contains_key(path)),
        )
    }

    /// Every output's fingerprint by its path, the sitemap's and the feed's included.
    fn by_path(&self) -> FxHashMap<&str, u64> {
        let mut by_path: FxHashMap<&str, u64> = self
            .paths
            .iter()
            .map(String::as_str)
            .zip(self.fingerprints.iter().copied())
            .collect();
        if let Some((_, made_from)) = &self.sitemap {
            by_path.insert(SITEMAP, *made_from);
        }
        if let Some((_, made_from)) = &self.feed {
            by_path.insert(FEED, *made_from);
        }
        by_path
    }
}

#[cfg(test)]
mod tests;
