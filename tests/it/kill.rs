//! Build atomicity under `kill -9`: a build killed at any moment leaves `public/` present and
//! either the complete old build or the complete new one, never a mix; the next build cleans
//! up what the killed one left. The build is killed exactly at the moments of its swap: it
//! announces each and waits there (`output::PAUSE_VARIABLE`), so no kill depends on timing.

use crate::common;

use std::collections::BTreeMap;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use biennien::output::PAUSE_VARIABLE;
use common::{CONFIG, Fixture, page};

const PAGES: usize = 30;

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

/// Starts a build of `site`, waits until it says it reached `moment`, and kills it there.
fn kill_at(site: &Fixture, moment: &str) {
    let mut child = build_command(site, None)
        .env(PAUSE_VARIABLE, moment)
        // Held open: the paused build waits on it until it is killed.
        .stdin(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let announced = format!("paused at {moment}");
    let stderr = BufReader::new(child.stderr.take().unwrap());
    let mut said = Vec::new();
    for line in stderr.lines() {
        let line = line.unwrap();
        if line == announced {
            child.kill().unwrap();
            child.wait().unwrap();
            return;
        }
        said.push(line);
    }
    let status = child.wait().unwrap();
    panic!(
        "the build ended ({status}) without reaching `{moment}`:\n{}",
        said.join("\n")
    );
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
fn a_build_killed_before_during_and_after_its_swap_leaves_the_old_or_the_new_output_whole() {
    let site = Fixture::new(CONFIG);
    let elsewhere = tempfile::tempdir().unwrap();
    let mut versions = Vec::new();
    for version in ["A", "B"] {
        write_version(&site, version);
        let out = elsewhere.path().join(version);
        assert!(build_command(&site, Some(&out)).status().unwrap().success());
        versions.push(digest(&out));
    }
    assert_ne!(versions[0], versions[1]);
    write_version(&site, "A");
    assert!(build_command(&site, None).status().unwrap().success());
    let public = site.path("public");
    assert_eq!(digest(&public), versions[0]);

    // Each moment, and whether a build killed there leaves the old output (false) or the
    // new one (true): both outcomes, each asserted. Each kill follows a killed build,
    // whose leftovers it must clean.
    let moments = [
        ("staging", false),
        ("swap", false),
        ("swapped", true),
        ("staging", false),
        ("swapped", true),
        ("swap", false),
    ];
    let mut holds = 0;
    for (moment, leaves_new) in moments {
        // Always build the version public/ does not hold, so old and new differ.
        let wanted = 1 - holds;
        write_version(&site, ["A", "B"][wanted]);
        kill_at(&site, moment);
        assert!(public.is_dir(), "killed at {moment}: public/ is missing");
        let expected = if leaves_new { wanted } else { holds };
        assert!(
            digest(&public) == versions[expected],
            "killed at {moment}: public/ is not the {} output whole",
            if leaves_new { "new" } else { "old" }
        );
        holds = expected;
        // Only the killed build's own staging folder is left: it removed its predecessor's.
        let left = staging_leftovers(&site);
        assert_eq!(left.len(), 1, "killed at {moment}: {left:?}");
    }

    // Whatever the killed builds left, the next build finishes and cleans up.
    let wanted = 1 - holds;
    write_version(&site, ["A", "B"][wanted]);
    assert!(build_command(&site, None).status().unwrap().success());
    assert!(
        digest(&public) == versions[wanted],
        "the build after the kills"
    );
    assert!(
        staging_leftovers(&site).is_empty(),
        "{:?}",
        staging_leftovers(&site)
    );
}
