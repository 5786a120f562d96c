//! The floor a static site generator cannot go below: read every Markdown file under a
//! folder, drop its `+++` front matter, render it with pulldown-cmark and write it as
//! `<path>/index.html` in the output folder. One thread, no templates, no minifying.
//!
//!     floor CONTENT_DIR OUTPUT_DIR

use std::fs;
use std::path::Path;

fn walk(dir: &Path, found: &mut Vec<std::path::PathBuf>) {
    for entry in fs::read_dir(dir).expect("read folder").flatten() {
        let path = entry.path();
        if path.is_dir() {
            walk(&path, found);
        } else if path.extension().is_some_and(|e| e == "md") {
            found.push(path);
        }
    }
}

fn main() {
    let args: Vec<String> = std::env::args().collect();
    let [_, content, output] = args.as_slice() else {
        eprintln!("usage: floor CONTENT_DIR OUTPUT_DIR");
        std::process::exit(2);
    };
    let (content, output) = (Path::new(content), Path::new(output));
    let mut files = Vec::new();
    walk(content, &mut files);
    for file in &files {
        let text = fs::read_to_string(file).expect("read file");
        let body = text.splitn(3, "+++").nth(2).unwrap_or(&text);
        let mut html = String::with_capacity(body.len() * 3 / 2);
        pulldown_cmark::html::push_html(&mut html, pulldown_cmark::Parser::new(body));
        let rel = file.strip_prefix(content).unwrap().with_extension("");
        let dir = output.join(rel);
        fs::create_dir_all(&dir).expect("create folder");
        fs::write(dir.join("index.html"), html).expect("write file");
    }
    println!("{} pages", files.len());
}
