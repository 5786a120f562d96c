//! One build, start to finish: config, the output folder's check, import, content, render,
//! output. The output folder is checked before anything runs; every stage's errors stop the
//! build before the output folder is touched.

use std::collections::HashSet;
use std::fs;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::cache::Cache;
use crate::config::{BaseUrl, Config, display_path};
use crate::content::{self, CONTENT_DIR, LoadRequest, PlannedFiles, Site};
use crate::error::{self, Error, Result};
use crate::import::{self, ImportOptions, ImportReport, SEEDS_DIR};
use crate::output::{Sink, Staging, feeds, folder};
use crate::photos;
use crate::render::{Job, Renderer, THEMES_DIR, Theme};
use crate::search;
use crate::text::slugify;
use crate::urls::{
    CHRONOLOGY_PATH, DOCUMENTS_PATH, PAGER_SEGMENT, PEOPLE_PATH, PHOTOS_PATH, SEARCH_PATH,
};

pub const PUBLIC_DIR: &str = "public";
pub use crate::config::STATIC_DIR;
const MAX_RENDER_ERRORS: usize = 20;
pub(crate) const SITEMAP: &str = "sitemap.xml";
pub(crate) const FEED: &str = "atom.xml";
const ROBOTS: &str = "robots.txt";
const NOJEKYLL: &str = ".nojekyll";
const CNAME: &str = "CNAME";

#[derive(Debug, Clone)]
pub struct BuildOptions {
    pub root: PathBuf,
    /// Default: `public/` under the root.
    pub output: Option<PathBuf>,
    pub drafts: bool,
    /// Overrides `base_url` from config.toml (GitHub Pages gives it at deploy time).
    pub base_url: Option<String>,
    /// `--replace-output`: the output folder may hold files an earlier build did not write.
    pub replace_output: bool,
}

#[derive(Debug)]
pub struct BuildSummary {
    pub pages: usize,
    pub sections: usize,
    pub elapsed: Duration,
    pub output: PathBuf,
    pub warnings: Vec<String>,
    /// What the import step did, when the site has seeds.
    pub import: Option<ImportReport>,
    /// The photos the site shows, and how many of them this build made (not from the cache).
    pub photos: (usize, usize),
}

impl std::fmt::Display for BuildSummary {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
        let (photos, made) = self.photos;
        let photos = if photos == 0 {
            String::new()
        } else {
            format!(", {} ({made} made)", plural(photos, "photo"))
        };
        write!(
            f,
            "Built {}, {}{photos} in {} ms → {}",
            plural(self.pages, "page"),
            plural(self.sections, "section"),
            self.elapsed.as_millis(),
            self.output.display()
        )
    }
}

/// The configuration a build uses: config.toml, with `--base-url` applied.
pub fn load_config(options: &BuildOptions) -> Result<Config> {
    let mut config = Config::load(&options.root)?;
    if let Some(url) = &options.base_url {
        config.base_url =
            BaseUrl::parse(url).map_err(|m| Error::new(format!("--base-url: {m}")))?;
        let host = config.base_url.host();
        if let Some(cname) = config.cname.as_deref()
            && !cname.eq_ignore_ascii_case(host)
        {
            config.warnings.push(format!(
                "--base-url's host `{host}` is not config.toml's cname `{cname}`: links and feeds are written for {host}, but CNAME tells GitHub Pages to serve the site at {cname}; add the domain under Settings → Pages → Custom domain, or remove cname"
            ));
        }
    }
    Ok(config)
}

pub fn build(options: &BuildOptions) -> Result<BuildSummary> {
    let started = Instant::now();
    // Milliseconds of compiling, done on the other core while the seeds are imported.
    let _ = std::thread::Builder::new().spawn(content::registers::compile_patterns);
    let config = load_config(options)?;
    // Before anything is written, the import included: what the build will replace.
    let output = output_folder(options, &config)?;
    let import = import_seeds(&config, options)?;
    let planned = PlannedFiles::default();
    let (summary, site) = build_imported(options, &config, &output, import, planned, started)?;
    // Not freed, for the same reason as the cache (see `build_imported`).
    std::mem::forget(site);
    Ok(summary)
}

/// A build after its import step: content, render, output. `planned` holds the files an
/// import planned instead of writing them (`check`); the site built is returned too.
pub(crate) fn build_imported(
    options: &BuildOptions,
    config: &Config,
    output: &OutputFolder,
    import: Option<ImportReport>,
    planned: PlannedFiles,
    started: Instant,
) -> Result<(BuildSummary, Site)> {
    let mut warnings = config.warnings.clone();
    warnings.extend(import.iter().flat_map(ImportReport::warnings));
    let theme = Theme::load(&options.root, config)?;
    warnings.extend(theme.warnings.iter().cloned());
    // The same stages as `serve`'s, with nothing remembered.
    let mut cache = Cache::single_use();
    let request = LoadRequest {
        root: &options.root,
        include_drafts: options.drafts,
        with_registers: theme.wants_registers(),
        planned: &planned,
    };
    let (site, _) = content::load(&request, &mut cache.content)?;
    warnings.extend(site.warnings.iter().cloned());
    let photos = photos::prepare(
        &options.root,
        config,
        &site,
        &mut cache.photo_references,
        photos::Making::Now,
    )?;
    let renderer = Renderer::new(&theme, config, &site, &mut cache.render, &photos)?;
    let staging = Staging::create(&output.target, config.minify)?;
    // The search index is made while the pages render: both are mostly one core's work at
    // their ends, so together they keep both busy.
    let plan = Plan::everything(&renderer, config, &site);
    let (written, index) = rayon::join(
        || write_site(&options.root, config, &site, &renderer, &staging, &plan),
        || {
            if !theme.has_search() {
                return Ok(());
            }
            let untitled = theme.untitled_label(&site)?;
            let index = search::Index::new(
                &site,
                config,
                theme.entry_pages(),
                untitled,
                &mut cache.search_terms,
            );
            index.write(&staging, &|_| true)
        },
    );
    warnings.extend(written?.warnings);
    index?;
    staging.commit()?;
    // The process ends after a build (or `check`): freeing every value it made, tens of
    // thousands at 10,000 pages, would only spend the last few percent of its time.
    drop(renderer);
    std::mem::forget(cache);
    let summary = BuildSummary {
        pages: site.pages.len(),
        // The home page is a section in the model but not to a reader.
        sections: site.sections.len() - 1,
        elapsed: started.elapsed(),
        output: output.shown.clone(),
        warnings,
        import,
        photos: (photos.count, photos.made),
    };
    Ok((summary, site))
}

/// Where a build goes.
pub(crate) struct OutputFolder {
    /// As the user named it: `public`, `--output`.
    pub shown: PathBuf,
    /// The folder replaced: the same, or the folder a link there points to.
    pub target: PathBuf,
}

/// The output folder, once `output::folder` finds it safe to replace.
pub(crate) fn output_folder(options: &BuildOptions, config: &Config) -> Result<OutputFolder> {
    let root = &options.root;
    let shown = options
        .output
        .clone()
        .unwrap_or_else(|| display_path(root, Path::new(PUBLIC_DIR)));
    // Read only for a `public/` from before the marker existed.
    let built = std::cell::OnceCell::new();
    let target = folder::replaceable_output(&folder::OutputRequest {
        root,
        folder: &shown,
        default: &root.join(PUBLIC_DIR),
        is_built: &|name| {
            built
                .get_or_init(|| built_names(root, config))
                .contains(name)
        },
        replace: options.replace_output,
    })?;
    Ok(OutputFolder { shown, target })
}

/// The names a build can write at the top of its output: its own files, and what
/// `content/` and the static folders put there (sections and pages under their slugs).
fn built_names(root: &Path, config: &Config) -> HashSet<String> {
    let mut built: HashSet<String> = [
        "index.html",
        "404.html",
        ROBOTS,
        NOJEKYLL,
        CNAME,
        SITEMAP,
        FEED,
        folder::MARKER,
        SEARCH_PATH,
        CHRONOLOGY_PATH,
        DOCUMENTS_PATH,
        PEOPLE_PATH,
        PAGER_SEGMENT,
        PHOTOS_PATH,
    ]
    .iter()
    .map(|name| name.trim_end_matches('/').to_owned())
    .collect();
    let theme_static = root.join(THEMES_DIR).join(&config.theme).join(STATIC_DIR);
    for dir in [root.join(CONTENT_DIR), root.join(STATIC_DIR), theme_static] {
        for entry in fs::read_dir(dir).into_iter().flatten().flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let stem = name.strip_suffix(".md").unwrap_or(&name);
            built.insert(slugify(stem));
            built.insert(name);
        }
    }
    built
}

/// The import step of a build: seeds become pages before anything is rendered; a seed that
/// cannot be imported stops the build.
pub(crate) fn import_seeds(
    config: &Config,
    options: &BuildOptions,
) -> Result<Option<ImportReport>> {
    run_import(config, options, false)
}

/// The import step of `check`: nothing is written; the report holds what would be
/// (`ImportReport::planned`).
pub(crate) fn plan_import(config: &Config, options: &BuildOptions) -> Result<Option<ImportReport>> {
    run_import(config, options, true)
}

fn run_import(
    config: &Config,
    options: &BuildOptions,
    dry_run: bool,
) -> Result<Option<ImportReport>> {
    if !options.root.join(SEEDS_DIR).is_dir() {
        return Ok(None);
    }
    let import_options = ImportOptions {
        root: options.root.clone(),
        seeds: None,
        content: None,
        dry_run,
        force: false,
    };
    let report = import::run(config, &import_options)?;
    if report.failed() {
        return Err(error::Errors(report.errors()));
    }
    Ok(Some(report))
}

/// What a build writes: `build` writes everything; `serve` only what changed.
pub(crate) struct Plan {
    pub jobs: Vec<Job>,
    /// When the sitemap is written: the register and chronology URLs it lists beside the
    /// pages and sections (`Renderer::generated_paths`).
    pub sitemap: Option<Vec<String>>,
    /// When the feed is written: its pages (`feeds::entries`).
    pub feed: Option<Vec<usize>>,
    /// Static files and the assets beside pages.
    pub files: bool,
}

impl Plan {
    pub fn everything(renderer: &Renderer, config: &Config, site: &Site) -> Plan {
        let jobs = renderer.jobs();
        Plan {
            sitemap: config.sitemap.then(|| renderer.generated_paths(&jobs)),
            feed: config.feed.then(|| feeds::entries(config, site)),
            jobs,
            files: true,
        }
    }
}

/// What `write_site` copied, and what it has to say about it.
pub(crate) struct Written {
    /// The static files and assets copied.
    pub copied: Vec<String>,
    /// One per symbolic link skipped in a `static/` folder.
    pub warnings: Vec<String>,
}

/// Renders `jobs` in parallel into `sink`.
fn render_jobs(renderer: &Renderer, sink: &dyn Sink, jobs: &[Job]) -> Result<()> {
    // A broken template fails every page that uses it: stop rendering after a few errors
    // instead of reporting the same one for each of thousands of pages.
    let failures = AtomicUsize::new(0);
    let rendered = jobs.par_iter().filter_map(|&job| {
        if failures.load(Ordering::Relaxed) >= MAX_RENDER_ERRORS {
            return None;
        }
        let result = renderer
            .render(job)
            .and_then(|html| sink.write_html(&renderer.output_path(job), html));
        if result.is_err() {
            failures.fetch_add(1, Ordering::Relaxed);
        }
        Some(result)
    });
    let results: Vec<_> = rendered.collect();
    if failures.load(Ordering::Relaxed) >= MAX_RENDER_ERRORS {
        let mut errors: Vec<Error> = results
            .into_iter()
            .filter_map(Result::err)
            .flat_map(|e| e.0)
            .collect();
        errors.truncate(MAX_RENDER_ERRORS);
        errors.push(Error::new(format!(
            "stopped rendering after {MAX_RENDER_ERRORS} errors; fix these and build again"
        )));
        return Err(error::Errors(errors));
    }
    error::collect(results)?;
    Ok(())
}

/// Writes what `plan` says.
pub(crate) fn write_site(
    root: &Path,
    config: &Config,
    site: &Site,
    renderer: &Renderer,
    sink: &dyn Sink,
    plan: &Plan,
) -> Result<Written> {
    let mut written = Written {
        copied: Vec::new(),
        warnings: Vec::new(),
    };
    if plan.files {
        // Static files first, so a page never loses to a stray file of the same name.
        let photos = renderer.photos();
        let is_photo = |file: &Path| photos.is_source(file);
        for folder in [renderer.theme_dir().join(STATIC_DIR), root.join(STATIC_DIR)] {
            let copied = sink.copy_folder(&folder, &is_photo)?;
            written.copied.extend(copied.paths);
            written
                .warnings
                .extend(copied.skipped_links.iter().map(|link| {
                    format!(
                        "{}: symbolic links in static/ are skipped; copy the file instead",
                        display_path(root, link).display()
                    )
                }));
        }
        for asset in site.assets.iter().filter(|a| !photos.is_source(&a.source)) {
            sink.copy(&asset.source, &asset.path)?;
            written.copied.push(asset.path.clone());
        }
    }
    // Every build: a page edited in `serve` may show a new photo. A size already in the
    // output has the same name only if it has the same bytes.
    for (path, file) in renderer.photos().files() {
        sink.link(file, path)?;
    }

    render_jobs(renderer, sink, &plan.jobs)?;

    if let Some(generated) = &plan.sitemap {
        sink.write_with(SITEMAP, &mut |out| {
            feeds::sitemap(config, site, generated, out)
        })?;
    }
    if let Some(entries) = &plan.feed {
        sink.write_with(FEED, &mut |out| {
            feeds::atom(
                config,
                site,
                entries,
                |i, field| renderer.page_field(i, field),
                out,
            )
        })?;
    }
    sink.write(ROBOTS, feeds::robots(config).into_bytes())?;
    // GitHub Pages would otherwise run Jekyll, which hides files starting with `_`.
    sink.write(NOJEKYLL, Vec::new())?;
    // Written after static/, so config.toml's custom domain wins over a static/CNAME.
    if let Some(cname) = &config.cname {
        sink.write(CNAME, format!("{}\n", cname.trim()).into_bytes())?;
    }
    Ok(written)
}
