//! The output folder: a build replaces it whole, so it must never be a folder with anything
//! else in it. Each refusal leaves every byte of what was there, and nothing runs first
//! (the import included).

use crate::common;

use std::collections::BTreeMap;
use std::fs;
use std::os::unix::fs::symlink;
use std::path::{Path, PathBuf};
use std::process::Command;

use common::{CONFIG, Fixture, page};

/// Every file under `dir` (links not followed) with its bytes.
fn files(dir: &Path) -> BTreeMap<PathBuf, Vec<u8>> {
    walkdir::WalkDir::new(dir)
        .into_iter()
        .map(|e| e.unwrap())
        .filter(|e| e.file_type().is_file())
        .map(|e| (e.path().to_path_buf(), fs::read(e.path()).unwrap()))
        .collect()
}

/// A site with every kind of input: seeds, content, a theme, static files, templates, i18n.
fn full_site() -> Fixture {
    let site = common::seed_site();
    site.write("static/favicon.ico", "icon");
    site.write("templates/404.html", "{% extends \"base.html\" %}");
    site.write("i18n/vi.toml", "");
    site.build(&[]);
    site
}

/// Runs `build` with `args`; asserts it is refused with `why`, and that nothing in the
/// site's folder changed (the output asked for included). An imported page is deleted
/// first, so an import that ran before the refusal would show by writing it again.
fn assert_refused(site: &Fixture, args: &[&str], why: &str) {
    let imported = site.path("content/2017-hoi-nghi-nganh-to-chuc/nganh-to-chuc-xay-dung-dang-tham-muu-hoan-thien-chuc-nang-nhiem-vu-to-chuc-bo.md");
    let _ = fs::remove_file(&imported);
    let before = files(site.root());
    let run = site.run(&[&["build"], args].concat());
    assert_eq!(run.code, 1, "{args:?} was not refused:\n{}", run.stdout);
    assert!(
        run.stderr
            .contains("refusing to use this as the output folder")
            && run.stderr.contains(why),
        "{args:?}: expected {why:?} in:\n{}",
        run.stderr
    );
    assert!(!imported.exists(), "{args:?}: the import ran first");
    assert!(
        before == files(site.root()),
        "{args:?} changed the site's files"
    );
}

#[test]
fn the_sites_inputs_are_never_an_output_even_when_told_to_replace() {
    let site = full_site();
    for input in ["content", "seeds", "themes", "static", "templates", "i18n"] {
        let why = format!("it is the site's {input}/ folder or inside it");
        assert_refused(&site, &["--output", input], &why);
        assert_refused(&site, &["--output", input, "--replace-output"], &why);
    }
    // A folder inside one, existing or not.
    let why = "it is the site's content/ folder or inside it";
    assert_refused(
        &site,
        &["--output", "content/2017-hoi-nghi-nganh-to-chuc"],
        why,
    );
    assert_refused(&site, &["--output", "content/moi", "--replace-output"], why);
    assert_refused(&site, &["--output", "seeds/../content"], why);
    // The site's folder, and one that holds it.
    let holds = "it is the site's folder or contains it";
    assert_refused(&site, &["--output", ".", "--replace-output"], holds);
    let parent = site.root().parent().unwrap().to_str().unwrap().to_owned();
    assert_refused(&site, &["--output", &parent, "--replace-output"], holds);
    assert!(!site.path("content/moi").exists());
}

#[test]
fn a_git_repository_and_files_git_tracks_are_never_an_output() {
    let site = full_site();
    let git = |args: &[&str]| {
        let status = Command::new("git")
            .arg("-C")
            .arg(site.root())
            .args(["-c", "user.name=t", "-c", "user.email=t@example.org"])
            .args(args)
            .output()
            .expect("git runs");
        assert!(status.status.success(), "git {args:?}");
    };
    git(&["init", "-q"]);
    site.write("docs/index.html", "<p>published from docs/</p>");
    git(&["add", "docs/index.html"]);
    git(&["commit", "-q", "-m", "docs"]);
    let why = "git tracks files in it: index.html";
    assert_refused(&site, &["--output", "docs"], why);
    assert_refused(&site, &["--output", "docs", "--replace-output"], why);
    assert_refused(
        &site,
        &["--output", ".git", "--replace-output"],
        "it is git's own .git folder",
    );

    // A gh-pages worktree: a `.git` file points to the repository.
    site.write("pages/.git", "gitdir: ../.git/worktrees/pages\n");
    site.write("pages/index.html", "old site");
    let run = site.run(&["build", "--output", "pages", "--replace-output"]);
    assert_eq!(run.code, 1);
    assert!(run.stderr.contains("it holds .git"), "{}", run.stderr);
    assert!(
        run.stderr.contains("build elsewhere and copy"),
        "{}",
        run.stderr
    );
    assert_eq!(site.read("pages/index.html"), "old site");

    // public/ untracked: it stays the build's. Tracked (committed build output): never.
    site.build(&[]);
    git(&["add", "-f", "public/index.html"]);
    assert_refused(
        &site,
        &["--replace-output"],
        "git tracks files in it: index.html",
    );

    // A repository anywhere inside a folder: never, even told to replace it.
    let outside = tempfile::tempdir().unwrap();
    let nested = outside.path().join("projects/history/.git");
    fs::create_dir_all(&nested).unwrap();
    fs::write(nested.join("HEAD"), "ref: refs/heads/main\n").unwrap();
    let folder = outside.path().to_str().unwrap();
    assert_refused(
        &site,
        &["--output", folder, "--replace-output"],
        "it holds projects/history/.git",
    );
    assert!(nested.join("HEAD").is_file());
}

/// `build --replace-output --output folder` run with `HOME` set to `home`: the error text,
/// after asserting the build was refused.
fn refused_with_home(site: &Fixture, home: &Path, folder: &Path) -> String {
    let run = Command::new(env!("CARGO_BIN_EXE_biennien"))
        .env("HOME", home)
        .arg("--root")
        .arg(site.root())
        .args(["build", "--replace-output", "--output"])
        .arg(folder)
        .output()
        .unwrap();
    assert_eq!(run.status.code(), Some(1));
    String::from_utf8_lossy(&run.stderr).into_owned()
}

#[test]
fn the_home_folder_and_the_file_systems_root_are_never_an_output() {
    let site = full_site();
    let home = tempfile::tempdir().unwrap();
    fs::write(home.path().join("notes.txt"), "mine").unwrap();
    let stderr = refused_with_home(&site, home.path(), home.path());
    assert!(stderr.contains("it is your home folder"), "{stderr}");
    assert_eq!(
        fs::read_to_string(home.path().join("notes.txt")).unwrap(),
        "mine"
    );
    // A folder that holds the home folder (`/home`): never either.
    let user = home.path().join("user");
    fs::create_dir(&user).unwrap();
    fs::write(user.join("thu.txt"), "của tôi").unwrap();
    let before = files(home.path());
    let stderr = refused_with_home(&site, &user, home.path());
    assert!(
        stderr.contains("it is your home folder or contains it"),
        "{stderr}"
    );
    assert!(before == files(home.path()));

    let run = site.run(&["build", "--replace-output", "--output", "/"]);
    assert_eq!(run.code, 1);
    assert!(
        run.stderr.contains("it is the file system's root"),
        "{}",
        run.stderr
    );
}

#[test]
fn a_folder_with_other_files_is_refused_unless_told_to_replace_it() {
    let site = full_site();
    let mine = tempfile::tempdir().unwrap();
    fs::create_dir(mine.path().join("photos")).unwrap();
    fs::write(mine.path().join("photos/a.jpg"), "jpeg").unwrap();
    fs::write(mine.path().join("notes.txt"), "mine").unwrap();
    let before = files(mine.path());
    let folder = mine.path().to_str().unwrap();
    assert_refused(
        &site,
        &["--output", folder],
        "it holds files a build did not write: ",
    );
    let run = site.run(&["build", "--output", folder]);
    assert!(
        run.stderr.contains("notes.txt") && run.stderr.contains("photos/"),
        "{}",
        run.stderr
    );
    assert!(run.stderr.contains("--replace-output"), "{}", run.stderr);
    assert!(before == files(mine.path()));

    // Told to: replaced, and marked as the build's from now on.
    site.build(&["--output", folder, "--replace-output"]);
    assert!(mine.path().join("index.html").is_file());
    assert!(!mine.path().join("notes.txt").exists());
    assert!(mine.path().join(".biennien-output").is_file());
    site.build(&["--output", folder]);

    // A build copied into a folder of other files brings its marker along: the marker
    // lists what the build wrote, so the other files still stop the next build.
    let web = tempfile::tempdir().unwrap();
    fs::write(web.path().join("other.txt"), "the web server's").unwrap();
    common::copy_dir(mine.path(), web.path());
    let web_folder = web.path().to_str().unwrap();
    assert_refused(
        &site,
        &["--output", web_folder],
        "it holds files a build did not write: other.txt",
    );
    assert_eq!(
        fs::read_to_string(web.path().join("other.txt")).unwrap(),
        "the web server's"
    );
}

#[test]
fn a_folder_holding_an_input_that_lives_outside_the_site_is_never_an_output() {
    let site = full_site();
    let outside = tempfile::tempdir().unwrap();
    let assets = outside.path().join("assets");
    fs::create_dir(&assets).unwrap();
    fs::write(assets.join("logo.svg"), "<svg/>").unwrap();
    fs::remove_dir_all(site.path("static")).unwrap();
    symlink(&assets, site.path("static")).unwrap();
    let folder = outside.path().to_str().unwrap();
    assert_refused(
        &site,
        &["--output", folder, "--replace-output"],
        "it holds the site's static/ folder",
    );
    assert_eq!(
        fs::read_to_string(assets.join("logo.svg")).unwrap(),
        "<svg/>"
    );
}

#[test]
fn new_empty_and_marked_folders_are_fine() {
    let site = Fixture::new(CONFIG);
    site.write("content/a.md", &page("title = \"A\"", "Chữ."));
    site.build(&["--output", "dist"]);
    assert!(site.path("dist/a/index.html").is_file());
    assert!(site.path("dist/.biennien-output").is_file());
    // Marked: replaced, files an earlier build wrote and no longer does included.
    site.write("dist/a/old.html", "an earlier build's");
    site.build(&["--output", "dist"]);
    assert!(!site.path("dist/a/old.html").exists());
    // A section named like a site's folder (`themes/`): the marker vouches for it.
    site.write("content/themes/_index.md", &page("title = \"Chủ đề\"", ""));
    site.build(&["--output", "dist"]);
    site.build(&["--output", "dist"]);
    assert!(site.path("dist/themes/index.html").is_file());
    fs::create_dir(site.path("empty")).unwrap();
    site.build(&["--output", "empty"]);
    assert!(site.path("empty/a/index.html").is_file());
}

#[test]
fn a_public_folder_from_before_the_marker_is_recognised_by_its_entries() {
    let site = full_site();
    fs::remove_file(site.path("public/.biennien-output")).unwrap();
    site.build(&[]);
    assert!(site.path("public/.biennien-output").is_file());

    // The same, with a file no build writes: refused, kept.
    fs::remove_file(site.path("public/.biennien-output")).unwrap();
    site.write("public/ghi-chu.txt", "an editor's note");
    assert_refused(
        &site,
        &[],
        "it holds files a build did not write: ghi-chu.txt",
    );
    fs::remove_file(site.path("public/ghi-chu.txt")).unwrap();
    // Sections are written under their slug: `Tư Liệu Cũ/` is `tu-lieu-cu/`.
    site.write(
        "content/Tư Liệu Cũ/_index.md",
        "+++\ntitle = \"Tư liệu cũ\"\n+++\n",
    );
    site.build(&[]);
    assert!(site.path("public/tu-lieu-cu/index.html").is_file());
    fs::remove_file(site.path("public/.biennien-output")).unwrap();
    site.build(&[]);
    // Only the default public/ is recognised so: the same folder elsewhere is not.
    fs::remove_file(site.path("public/.biennien-output")).unwrap();
    fs::rename(site.path("public"), site.path("dist")).unwrap();
    assert_refused(
        &site,
        &["--output", "dist"],
        "it holds files a build did not write",
    );
}

#[test]
fn a_linked_output_is_built_where_the_link_points_and_the_link_kept() {
    let site = full_site();
    let served = tempfile::tempdir().unwrap();
    let www = served.path().join("www");
    fs::remove_dir_all(site.path("public")).unwrap();
    symlink(&www, site.path("public")).unwrap();
    site.build(&[]);
    assert!(site.path("public").is_symlink());
    assert!(www.join("index.html").is_file());
    assert!(www.join(".biennien-output").is_file());
    // Built again, over the previous build: still the link, its folder updated.
    site.write("content/moi.md", &page("title = \"Mới\"", "Chữ."));
    site.build(&[]);
    assert!(site.path("public").is_symlink());
    assert!(www.join("moi/index.html").is_file());
    let leftovers: Vec<_> = fs::read_dir(served.path()).unwrap().flatten().collect();
    assert_eq!(leftovers.len(), 1, "{leftovers:?}");

    // A link to a folder with other files: the same rules as the folder itself.
    let other = served.path().join("other");
    fs::create_dir(&other).unwrap();
    fs::write(other.join("keep.txt"), "not the site's").unwrap();
    fs::remove_file(site.path("public")).unwrap();
    symlink(&other, site.path("public")).unwrap();
    assert_refused(&site, &[], "it links to");
    assert_eq!(
        fs::read_to_string(other.join("keep.txt")).unwrap(),
        "not the site's"
    );
    // A link into the site's inputs: never.
    fs::remove_file(site.path("public")).unwrap();
    symlink(site.path("content"), site.path("public")).unwrap();
    assert_refused(
        &site,
        &["--replace-output"],
        "it is the site's content/ folder or inside it",
    );
}
