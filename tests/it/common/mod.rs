//! Fixture sites for integration tests: a temporary folder with a config, the real default
//! theme, and whatever content a test writes; the real binary builds it.

#![allow(dead_code)] // each test file uses a different part of this module

pub mod desk;
pub mod images;
pub mod server;

use std::collections::BTreeMap;
use std::fs;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::sync::OnceLock;

use serde_json::Value;

pub const CONFIG: &str = r#"base_url = "https://example.org/"
title = "Biên niên thử"
description = "Trang thử"
"#;

/// `config` with `minify = true`, for tests whose assertions read minified markup (written
/// when minifying was the default).
pub fn minified(config: &str) -> String {
    format!("minify = true\n{config}")
}

pub struct Fixture {
    pub dir: tempfile::TempDir,
}

impl Fixture {
    /// A site with `config`, the default theme and an empty home page.
    pub fn new(config: &str) -> Fixture {
        let fixture = Fixture {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        fixture.write("config.toml", config);
        copy_dir(
            &repo().join("themes/default"),
            &fixture.path("themes/default"),
        );
        fixture.write("content/_index.md", "+++\ntitle = \"Trang chủ\"\n+++\n");
        fixture
    }

    /// A site made of `files` (paths under the root with their bytes), in a folder of its own.
    pub fn from_files(files: &Files) -> Fixture {
        let fixture = Fixture {
            dir: tempfile::tempdir().expect("temp dir"),
        };
        for (rel, bytes) in files {
            fixture.write_bytes(rel.to_str().unwrap(), bytes);
        }
        fixture
    }

    pub fn root(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, rel: &str) -> PathBuf {
        self.dir.path().join(rel)
    }

    pub fn write(&self, rel: &str, text: &str) {
        self.write_bytes(rel, text.as_bytes());
    }

    pub fn write_bytes(&self, rel: &str, bytes: &[u8]) {
        let path = self.path(rel);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, bytes).unwrap();
    }

    pub fn read_bytes(&self, rel: &str) -> Vec<u8> {
        fs::read(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    pub fn read(&self, rel: &str) -> String {
        fs::read_to_string(self.path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
    }

    /// Runs `biennien --root <site> <args>`.
    pub fn run(&self, args: &[&str]) -> Run {
        let output = Command::new(env!("CARGO_BIN_EXE_biennien"))
            .arg("--root")
            .arg(self.root())
            .args(args)
            .output()
            .expect("run biennien");
        Run::from(output)
    }

    /// Builds and asserts success.
    pub fn build(&self, args: &[&str]) -> Run {
        let run = self.run(&[&["build"], args].concat());
        assert_eq!(run.code, 0, "build failed:\n{}", run.stderr);
        run
    }

    /// Every file under `rel` with its bytes: compares whole output folders.
    pub fn snapshot(&self, rel: &str) -> Files {
        snapshot(&self.path(rel))
    }
}

/// Every file of a site built once per test process (the build's folder is gone since):
/// `make` writes and builds it on the first call, and every call gets a copy of its own,
/// so a test can neither see nor make another test's changes.
pub fn built_once(cache: &'static OnceLock<Files>, make: impl FnOnce() -> Fixture) -> Fixture {
    Fixture::from_files(cache.get_or_init(|| make().snapshot("")))
}

/// Files by their path under a folder, with their bytes.
pub type Files = BTreeMap<PathBuf, Vec<u8>>;

/// Every file under `base` with its bytes, by its path under `base`.
pub fn snapshot(base: &Path) -> Files {
    walkdir::WalkDir::new(base)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let rel = e.path().strip_prefix(base).unwrap().to_path_buf();
            (rel, fs::read(e.path()).unwrap())
        })
        .collect()
}

pub struct Run {
    pub code: i32,
    pub stdout: String,
    pub stderr: String,
}

impl From<Output> for Run {
    fn from(o: Output) -> Run {
        Run {
            code: o.status.code().unwrap_or(-1),
            stdout: String::from_utf8_lossy(&o.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&o.stderr).into_owned(),
        }
    }
}

pub fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

pub fn copy_dir(from: &Path, to: &Path) {
    for entry in walkdir::WalkDir::new(from) {
        let entry = entry.unwrap();
        let target = to.join(entry.path().strip_prefix(from).unwrap());
        if entry.file_type().is_dir() {
            fs::create_dir_all(&target).unwrap();
        } else {
            fs::copy(entry.path(), &target).unwrap();
        }
    }
}

/// A page file with front matter `fields` and a Markdown `body`.
pub fn page(fields: &str, body: &str) -> String {
    format!("+++\n{fields}\n+++\n{body}")
}

/// The project's own site: its config.toml and the five seeds, imported by the build.
pub fn seed_site() -> Fixture {
    let site = Fixture::new(&fs::read_to_string(repo().join("config.toml")).unwrap());
    fs::remove_file(site.path("content/_index.md")).unwrap();
    copy_dir(&repo().join("seeds"), &site.path("seeds"));
    site
}

/// A copy of its own of the seed site as its config.toml builds it, built once per test
/// process: for the tests that read it, or change it after a first build.
pub fn built_seed_site() -> Fixture {
    static BUILT: OnceLock<Files> = OnceLock::new();
    built_once(&BUILT, || {
        let site = seed_site();
        site.build(&[]);
        site
    })
}

/// The same with `minify = true`, built once per test process.
pub fn built_minified_seed_site() -> Fixture {
    static BUILT: OnceLock<Files> = OnceLock::new();
    built_once(&BUILT, || {
        let site = seed_site();
        site.write("config.toml", &minified(&site.read("config.toml")));
        site.build(&[]);
        site
    })
}

/// A deflated file of the search index (`search/terms/N.bin`, `search/docs/N.bin`) as the
/// text it holds.
pub fn inflate(bytes: &[u8]) -> String {
    use std::io::Read;
    let mut text = String::new();
    flate2::read::DeflateDecoder::new(bytes)
        .read_to_string(&mut text)
        .expect("a deflated UTF-8 file");
    text
}

/// Search result `n` as `search.js` reads it (from the file it shares with its neighbours).
/// `read` gives a site file's bytes by its path (`search/meta.json`).
pub fn search_result(read: &dyn Fn(&str) -> Vec<u8>, n: usize) -> Value {
    let meta: Value = serde_json::from_slice(&read("search/meta.json")).unwrap();
    let per_file = meta["docs_per_file"].as_u64().unwrap() as usize;
    let file = inflate(&read(&format!("search/docs/{}.bin", n / per_file)));
    let mut docs: Value = serde_json::from_str(&file).unwrap();
    docs[n % per_file].take()
}

/// Every result in a built search index, in index order (`public` is the built folder).
pub fn search_results(site: &Fixture, public: &str) -> Vec<Value> {
    let meta: Value =
        serde_json::from_str(&site.read(&format!("{public}/search/meta.json"))).unwrap();
    let read = |path: &str| site.read_bytes(&format!("{public}/{path}"));
    (0..meta["docs"].as_u64().unwrap() as usize)
        .map(|n| search_result(&read, n))
        .collect()
}

/// Looks a folded term up in a built search index the way `search.js` does (the last chunk
/// whose first term is not after it, then its postings): the URLs of the results that have
/// the term, in index order. `read` gives a site file's bytes by its path
/// (`search/meta.json`).
pub fn search_index_lookup(read: &dyn Fn(&str) -> Vec<u8>, term: &str) -> Vec<String> {
    let json = |path: &str| -> serde_json::Value {
        serde_json::from_slice(&read(path)).unwrap_or_else(|e| panic!("{path}: {e}"))
    };
    let meta = json("search/meta.json");
    let firsts: Vec<&str> = meta["chunks"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f.as_str().unwrap())
        .collect();
    let chunk = firsts
        .iter()
        .rposition(|first| first.encode_utf16().le(term.encode_utf16()))
        .unwrap_or(0);
    let entries: Value =
        serde_json::from_str(&inflate(&read(&format!("search/terms/{chunk}.bin")))).unwrap();
    let Some(entry) = entries.as_array().unwrap().iter().find(|e| e[0] == term) else {
        return Vec::new();
    };
    let mut doc = 0;
    entry[2]
        .as_str()
        .unwrap()
        .split(',')
        .map(|posting| {
            let delta = posting.split(['.', '~']).next().unwrap();
            doc += usize::from_str_radix(delta, 36).unwrap();
            search_result(read, doc)["url"].as_str().unwrap().to_owned()
        })
        .collect()
}

/// Copies a good site built once, breaks it with `breakage`, builds again: asserts the
/// failure, that stderr contains each of `expected`, and that `public/` is unchanged.
pub fn assert_build_fails(breakage: impl FnOnce(&Fixture), expected: &[&str]) {
    static GOOD_SITE: OnceLock<Files> = OnceLock::new();
    let site = built_once(&GOOD_SITE, || {
        let site = Fixture::new(CONFIG);
        site.write(
            "content/a.md",
            &page("title = \"A\"\ndate = 2018-10-26", "Văn bản."),
        );
        site.build(&[]);
        site
    });
    let before = site.snapshot("public");
    breakage(&site);
    let run = site.run(&["build"]);
    assert_eq!(run.code, 1, "stderr:\n{}", run.stderr);
    for text in expected {
        assert!(
            run.stderr.contains(text),
            "expected {text:?} in:\n{}",
            run.stderr
        );
    }
    assert!(
        run.stderr
            .contains("the previous output was left as it was")
    );
    assert_eq!(before, site.snapshot("public"), "public/ changed");
}

/// Runs `import --json` with `args`, asserts success and returns the report.
pub fn import_json(site: &Fixture, args: &[&str]) -> Value {
    let run = site.run(&[&["import", "--json"], args].concat());
    assert_eq!(run.code, 0, "{}{}", run.stdout, run.stderr);
    serde_json::from_str(&run.stdout).unwrap()
}

/// The report of the seed whose path contains `name`.
pub fn seed<'a>(report: &'a Value, name: &str) -> &'a Value {
    report["seeds"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["seed"].as_str().unwrap().contains(name))
        .unwrap()
}
