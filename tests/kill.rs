//! Build atomicity under `kill -9`: a build killed at any moment leaves `public/` present and
//! either the complete old build or the complete new one, never a mix; the next build cleans
//! up what the killed one left.

mod common;

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use common::{CONFIG, Fixture, page};

const PAGES: usize = 300;
const KILLS: usize = 20;

/// Every page differs between the two versions, so any mix of them shows.
fn write_version(site: &Fixture, version: &str) {
    site.write("content/dong/_index.md", &page("title = \"Dòng\"", ""));
    for i in 0..PAGES {
        site.write(
            &format!("content/dong/bai-{i}.md"),
            &page(
                &format!(
                    "title = \"Bài {i} ({version})\"\ndate = 2018-01-{:02}",
                    i % 28 + 1
                ),
                &format!("Phiên bản {version} của bài {i}.\n\nĐảng ủy Khối họp lần {i}."),
            ),
        );
    }
}

/// What a folder holds: each file's path and a hash of its bytes.
fn digest(dir: &Path) -> BTreeMap<PathBuf, u64> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| {
            let mut hasher = DefaultHasher::new();
            std::fs::read(e.path()).unwrap().hash(&mut hasher);
            (
                e.path().strip_prefix(dir).unwrap().to_path_buf(),
                hasher.finish(),
            )
        })
        .collect()
}

fn build_command(site: &Fixture, output: Option<&Path>) -> Command {
    let mut command = Command::new(env!("CARGO_BIN_EXE_biennien"));
    command.arg("--root").arg(site.root()).arg("build");
    if let Some(output) = output {
        command.arg("--output").arg(output);
    }
    command.stdout(Stdio::null()).stderr(Stdio::null());
    command
}

fn staging_leftovers(site: &Fixture) -> Vec<String> {
    std::fs::read_dir(site.root())
        .unwrap()
        .flatten()
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|name| name.contains("staging"))
        .collect()
}

#[test]
fn a_build_killed_at_twenty_moments_leaves_the_old_or_the_new_output_whole() {
    let site = Fixture::new(CONFIG);
    let elsewhere = tempfile::tempdir().unwrap();
    let mut versions = Vec::new();
    let mut duration = Duration::ZERO;
    for version in ["A", "B"] {
        write_version(&site, version);
        let out = elsewhere.path().join(version);
        let started = Instant::now();
        assert!(build_command(&site, Some(&out)).status().unwrap().success());
        duration = duration.max(started.elapsed());
        versions.push(digest(&out));
    }
    assert_ne!(versions[0], versions[1]);
    write_version(&site, "A");
    assert!(build_command(&site, None).status().unwrap().success());
    assert_eq!(digest(&site.path("public")), versions[0]);

    // Which build public/ holds, and how often a kill left the old one or the new one.
    let mut holds = 0;
    let (mut old, mut new) = (0, 0);
    for kill in 0..KILLS {
        // Each build changes the output: B over A, then A over B.
        let wanted = if kill % 2 == 0 { "B" } else { "A" };
        write_version(&site, wanted);
        let mut child = build_command(&site, None).spawn().unwrap();
        // From the very start to just past the usual end of a build.
        std::thread::sleep(duration.mul_f64(kill as f64 / (KILLS - 1) as f64 * 1.1));
        child.kill().unwrap();
        child.wait().unwrap();
        let public = site.path("public");
        assert!(public.is_dir(), "kill {kill}: public/ is missing");
        let now = digest(&public);
        let which = versions.iter().position(|v| *v == now);
        assert!(
            which.is_some(),
            "kill {kill} after {:?}: public/ is neither the old build nor the new one",
            duration.mul_f64(kill as f64 / (KILLS - 1) as f64 * 1.1)
        );
        if which == Some(holds) {
            old += 1;
        } else {
            new += 1;
        }
        holds = which.unwrap();
        // Whatever the killed build left, the next build finishes and cleans up.
        if kill % 5 == 4 {
            assert!(build_command(&site, None).status().unwrap().success());
            let expected = if wanted == "A" { 0 } else { 1 };
            assert_eq!(digest(&public), versions[expected], "kill {kill}: rebuild");
            holds = expected;
            assert!(
                staging_leftovers(&site).is_empty(),
                "{:?}",
                staging_leftovers(&site)
            );
        }
    }
    eprintln!("{KILLS} kills: the old output stayed {old} times, the new one was in {new} times");
}
