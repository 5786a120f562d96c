//! The desk's HTML: the list of seeds, one seed beside its preview, and the page that shows
//! a refused save beside the sidecar as it is now. Seed text is always escaped: it is shown
//! as text, never as markup.

use std::fmt::Write;
use std::path::Path;

use toml_edit::{DocumentMut, Item};

use super::strings::Strings;
use crate::import::{Action, FieldReport, ImportReport, Origin, SeedReport};
use crate::text::escape_xml as esc;

/// What every desk page needs to know.
pub struct PageContext<'a> {
    pub strings: &'static Strings,
    pub token: &'a str,
    /// Why the desk does not write, when it does not: the forms are left out.
    pub read_only: Option<&'a str>,
    /// The preview's address with the site's base path, ending in `/`.
    pub preview: &'a str,
    /// The site's root, as the import report's paths start with it.
    pub root: &'a Path,
    /// How many builds the preview had made when the page was made: the page's script
    /// reloads it if one finished before it could listen.
    pub builds: u64,
}

/// A desk page. One that `reloads` is reloaded by its script after each rebuild; the answer
/// to a form is not (reloading it would send the form again).
fn page(cx: &PageContext, title: &str, body: &str, reloads: bool) -> String {
    let s = cx.strings;
    let builds = if reloads {
        format!(" data-builds=\"{}\"", cx.builds)
    } else {
        String::new()
    };
    let mut banner = String::new();
    if let Some(why) = cx.read_only {
        let text = Strings::fill(s.read_only, "why", why);
        banner = format!("<p class=\"read-only\" role=\"status\">{}</p>", esc(&text));
    }
    format!(
        "<!DOCTYPE html><html lang=\"{lang}\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width, initial-scale=1\"><title>{title}</title><link rel=\"stylesheet\" href=\"/desk.css\"><script src=\"/desk.js\" defer></script></head><body{builds}><header><p><a href=\"/\">{desk}</a> · <a href=\"{preview}\">{open}</a></p></header><main>{banner}{body}</main></body></html>",
        lang = s.lang,
        title = if title == s.desk {
            esc(title)
        } else {
            format!("{} · {}", esc(title), esc(s.desk))
        },
        desk = esc(s.desk),
        preview = esc(cx.preview),
        open = esc(s.open_preview),
    )
}

/// A seed name as a path segment.
pub fn encode(name: &str) -> String {
    let mut out = String::new();
    for byte in name.bytes() {
        match byte {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' => {
                out.push(byte as char)
            }
            _ => {
                let _ = write!(out, "%{byte:02X}");
            }
        }
    }
    out
}

/// The hidden fields every write carries: the desk's token, and the sidecar's hash as loaded.
fn hidden(cx: &PageContext, sidecar_sha256: &str) -> String {
    format!(
        "<input type=\"hidden\" name=\"token\" value=\"{}\"><input type=\"hidden\" name=\"sidecar_sha256\" value=\"{}\">",
        esc(cx.token),
        esc(sidecar_sha256)
    )
}

/// Whether a seed needs an editor's look: it failed, a field is unsure, or the title or
/// the date is missing.
fn to_check(seed: &SeedReport) -> bool {
    let has = |name: &str| seed.fields.iter().any(|f| f.field == name);
    let imported = !matches!(
        seed.action,
        Action::Skipped | Action::Removed | Action::WouldRemove
    );
    seed.error.is_some()
        || seed.fields.iter().any(|f| !f.sure)
        || (imported && !(has("title") && has("date")))
}

/// The preview's address of a seed's page, when it has one.
fn page_address(cx: &PageContext, seed: &SeedReport) -> Option<String> {
    let output = Path::new(seed.output.as_deref()?);
    let output = output.strip_prefix(cx.root).unwrap_or(output);
    let rel = output.strip_prefix(crate::content::CONTENT_DIR).ok()?;
    Some(format!("{}{}", cx.preview, crate::import::page_url(rel)))
}

/// The file name of a report's seed (`seeds/001_x.txt` → `001_x.txt`).
fn seed_file(seed: &SeedReport) -> &str {
    seed.seed.rsplit('/').next().unwrap_or(&seed.seed)
}

/// Desk `/`: every seed, those to check first, and the form that adds one.
pub fn list(cx: &PageContext, report: Result<&ImportReport, String>) -> String {
    let s = cx.strings;
    let mut body = format!("<h1>{}</h1>", esc(s.desk));
    match report {
        Err(error) => {
            let _ = write!(
                body,
                "<p>{}</p><pre class=\"error\">{}</pre>",
                esc(s.no_config),
                esc(&error)
            );
        }
        Ok(report) if report.seeds.is_empty() => {
            let _ = write!(body, "<p>{}</p>", esc(s.no_seeds));
        }
        Ok(report) => body.push_str(&seed_table(cx, report)),
    }
    if cx.read_only.is_none() {
        let _ = write!(
            body,
            "<h2 id=\"add\">{heading}</h2><p>{help}</p><form method=\"post\" action=\"/add\">{hidden}<p><label for=\"add-text\">{label}</label></p><p><textarea id=\"add-text\" name=\"text\" rows=\"12\" required></textarea></p><p><button type=\"submit\">{button}</button></p></form>",
            heading = esc(s.add_heading),
            help = esc(s.add_help),
            hidden = hidden(cx, ""),
            label = esc(s.add_label),
            button = esc(s.add_button),
        );
    }
    page(cx, s.desk, &body, true)
}

fn seed_table(cx: &PageContext, report: &ImportReport) -> String {
    let s = cx.strings;
    let mut seeds: Vec<&SeedReport> = report.seeds.iter().collect();
    // Stable: the seeds to check first, each group in the seeds' order.
    seeds.sort_by_key(|seed| !to_check(seed));
    let mut rows = String::new();
    for seed in seeds {
        let name = seed_file(seed);
        let mut status = esc(s.action(seed.action));
        if to_check(seed) {
            let _ = write!(status, " <strong>({})</strong>", esc(s.to_check));
        }
        let page = match page_address(cx, seed) {
            Some(address) => format!("<a href=\"{0}\">{0}</a>", esc(&address)),
            None => esc(s.none),
        };
        let mut warnings: Vec<String> = seed.warnings.iter().map(|w| esc(w)).collect();
        warnings.extend(seed.error.iter().map(|e| esc(&e.to_string())));
        let warnings = if warnings.is_empty() {
            esc(s.none)
        } else {
            format!("<ul><li>{}</li></ul>", warnings.join("</li><li>"))
        };
        let _ = write!(
            rows,
            "<tr><th scope=\"row\"><a href=\"/seed/{}\">{}</a></th><td>{status}</td><td>{page}</td><td>{warnings}</td></tr>",
            encode(name),
            esc(name),
        );
    }
    table(
        Head::Caption(s.seeds),
        [s.seed, s.status, s.page, s.warnings],
        &rows,
    )
}

/// What the seed page shows of a seed.
pub struct SeedView<'a> {
    pub name: &'a str,
    pub text: &'a str,
    pub report: &'a SeedReport,
    pub sidecar: Option<&'a DocumentMut>,
    pub sidecar_sha256: &'a str,
    /// The sections a sidecar's `timeline` may name.
    pub timelines: Vec<String>,
}

/// Desk `/seed/<name>`: the seed's lines with their kinds beside the preview, the fields
/// found, and the forms that correct them.
pub fn seed(cx: &PageContext, view: &SeedView) -> String {
    let s = cx.strings;
    let report = view.report;
    let mut body = format!(
        "<p><a href=\"/\">{}</a></p><h1>{}</h1><p>{}: {}</p>",
        esc(s.back),
        esc(view.name),
        esc(s.status),
        esc(s.action(report.action))
    );
    if let Some(error) = &report.error {
        let _ = write!(
            body,
            "<div class=\"error\" role=\"alert\"><p>{}</p><pre>{}</pre></div>",
            esc(s.failed),
            esc(&error.to_string())
        );
    }
    for warning in &report.warnings {
        let _ = write!(body, "<p class=\"warning\">{}</p>", esc(warning));
    }
    let edited = report.action == Action::KeptEditorsVersion;
    if edited {
        let page = report.output.as_deref().unwrap_or_default();
        let _ = write!(
            body,
            "<p class=\"warning\" role=\"status\">{}</p>",
            esc(&Strings::fill(s.edited, "page", page))
        );
    }
    body.push_str(&fields_table(s, &report.fields));
    let writable = cx.read_only.is_none() && !edited;
    let _ = write!(
        body,
        "<div class=\"side-by-side\"><section aria-labelledby=\"lines\"><h2 id=\"lines\">{}</h2>{}</section><section aria-labelledby=\"preview\"><h2 id=\"preview\">{}</h2>{}</section></div>",
        esc(s.lines),
        lines_table(cx, view, writable),
        esc(s.preview),
        match page_address(cx, report) {
            Some(address) => format!(
                "<p><a href=\"{0}\">{0}</a></p><iframe src=\"{0}\" title=\"{1}\"></iframe>",
                esc(&address),
                esc(s.preview_title)
            ),
            None => format!("<p>{}</p>", esc(s.no_page)),
        }
    );
    if writable {
        body.push_str(&fields_form(cx, view));
    }
    page(cx, view.name, &body, true)
}

fn fields_table(s: &Strings, fields: &[FieldReport]) -> String {
    let mut rows = String::new();
    for f in fields {
        let line = f.line.map(|n| n.to_string()).unwrap_or_default();
        let from = match (f.origin, f.line) {
            (Origin::Seed, Some(_)) => Strings::fill(s.from_line, "n", &line),
            (Origin::SidecarLine, Some(_)) => Strings::fill(s.from_line_by_sidecar, "n", &line),
            _ => s.from_sidecar.to_owned(),
        };
        let from = match f.line {
            Some(n) => format!("<a href=\"#line-{n}\">{}</a>", esc(&from)),
            None => esc(&from),
        };
        let sure = if f.sure { s.yes } else { s.no };
        let _ = write!(
            rows,
            "<tr><th scope=\"row\"><code>{}</code></th><td>{}</td><td>{from}</td><td>{}</td></tr>",
            f.field,
            esc(&f.value),
            esc(sure)
        );
    }
    table(
        Head::Caption(s.fields),
        [s.field, s.value, s.from, s.sure],
        &rows,
    )
}

fn lines_table(cx: &PageContext, view: &SeedView, writable: bool) -> String {
    let s = cx.strings;
    let mut rows = String::new();
    for (i, text) in view.text.lines().enumerate() {
        let n = i + 1;
        let kind = view
            .report
            .line_kinds
            .iter()
            .find(|(number, _)| *number == n);
        let (kind_words, kept) = match kind {
            Some((_, kind)) => (s.kind(*kind), kind.is_kept()),
            None => (String::new(), true),
        };
        let mark = match kind {
            Some(_) if writable => mark_form(cx, view, n),
            _ => String::new(),
        };
        let class = if kept { "" } else { " class=\"dropped\"" };
        let _ = write!(
            rows,
            "<tr id=\"line-{n}\"{class}><th scope=\"row\">{n}</th><td>{}</td><td class=\"text\">{}</td><td>{mark}</td></tr>",
            esc(&kind_words),
            esc(text)
        );
    }
    let table = table(
        Head::Class("lines"),
        [s.line, s.kind, s.text, s.mark],
        &rows,
    );
    format!("<div class=\"scroll\">{table}</div>")
}

fn mark_form(cx: &PageContext, view: &SeedView, n: usize) -> String {
    let s = cx.strings;
    let options: String = s
        .marks
        .iter()
        .map(|(key, words)| format!("<option value=\"{key}\">{}</option>", esc(words)))
        .collect();
    format!(
        "<form method=\"post\" action=\"/mark/{seed}\">{hidden}<input type=\"hidden\" name=\"line\" value=\"{n}\"><label for=\"mark-{n}\">{label}</label> <select id=\"mark-{n}\" name=\"key\">{options}</select> <button type=\"submit\">{mark}</button></form>",
        seed = encode(view.name),
        hidden = hidden(cx, view.sidecar_sha256),
        label = esc(&Strings::fill(s.mark_label, "n", &n.to_string())),
        mark = esc(s.mark),
    )
}

/// The sidecar's string value of `key`, for the form.
fn sidecar_text(view: &SeedView, key: &str) -> String {
    let item = view.sidecar.and_then(|doc| doc.get(key));
    match item {
        Some(Item::Value(toml_edit::Value::String(s))) => s.value().clone(),
        Some(Item::Value(toml_edit::Value::Datetime(d))) => d.value().to_string(),
        Some(Item::Value(toml_edit::Value::Array(a))) => a
            .iter()
            .filter_map(|v| v.as_str())
            .collect::<Vec<_>>()
            .join("\n"),
        Some(item) => match item.as_table_like() {
            Some(table) => table
                .iter()
                .filter_map(|(k, v)| Some(format!("{k}: {}", v.as_str()?)))
                .collect::<Vec<_>>()
                .join("\n"),
            None => String::new(),
        },
        None => String::new(),
    }
}

/// The found value of a report's field, shown as a placeholder.
fn found(view: &SeedView, field: &str) -> String {
    let values: Vec<&str> = (view.report.fields.iter())
        .filter(|f| f.field == field && f.origin != Origin::Sidecar)
        .map(|f| f.value.as_str())
        .collect();
    values.join(", ")
}

fn fields_form(cx: &PageContext, view: &SeedView) -> String {
    let s = cx.strings;
    let input = |key: &str, label: &str, field: &str| {
        format!(
            "<p><label for=\"f-{key}\">{}</label><br><input id=\"f-{key}\" name=\"{key}\" value=\"{}\" placeholder=\"{}\"></p>",
            esc(label),
            esc(&sidecar_text(view, key)),
            esc(&found(view, field))
        )
    };
    let area = |key: &str, label: &str, help: &str| {
        format!(
            "<p><label for=\"f-{key}\">{} ({})</label><br><textarea id=\"f-{key}\" name=\"{key}\" rows=\"3\">{}</textarea></p>",
            esc(label),
            esc(help),
            esc(&sidecar_text(view, key))
        )
    };
    let approximate = view
        .sidecar
        .and_then(|d| d.get("date_approximate"))
        .and_then(Item::as_bool)
        .unwrap_or(false);
    let chosen = sidecar_text(view, "timeline");
    let mut timelines = format!("<option value=\"\">{}</option>", esc(s.by_date));
    for slug in &view.timelines {
        let selected = if *slug == chosen { " selected" } else { "" };
        let _ = write!(
            timelines,
            "<option value=\"{0}\"{selected}>{0}</option>",
            esc(slug)
        );
    }
    format!(
        "<section aria-labelledby=\"correct\"><h2 id=\"correct\">{heading}</h2><p>{help}</p><form method=\"post\" action=\"/fields/{seed}\">{hidden}{title}{date}<p><input type=\"checkbox\" id=\"f-date_approximate\" name=\"date_approximate\" value=\"true\"{checked}> <label for=\"f-date_approximate\">{approximate}</label></p>{note}{source}{authors}{roles}<p><label for=\"f-timeline\">{timeline}</label><br><select id=\"f-timeline\" name=\"timeline\">{timelines}</select></p><p><button type=\"submit\">{save}</button></p></form></section>",
        heading = esc(s.correct),
        help = esc(s.correct_help),
        seed = encode(view.name),
        hidden = hidden(cx, view.sidecar_sha256),
        title = input("title", s.title, "title"),
        date = input("date", s.date, "date"),
        checked = if approximate { " checked" } else { "" },
        approximate = esc(s.date_approximate),
        note = input("date_note", s.date_note, "date_note"),
        source = input("source", s.source, "source"),
        authors = area("authors", s.authors, s.authors_help),
        roles = area("author_roles", s.roles, s.roles_help),
        timeline = esc(s.timeline),
        save = esc(s.save),
    )
}

/// A save refused because the sidecar changed since the page was loaded: the sidecar as it
/// is now beside the change the editor asked for, and nothing written.
pub fn stale(cx: &PageContext, seed: &str, sidecar: &str, now: &str, asked: &str) -> String {
    let s = cx.strings;
    let body = format!(
        "<h1>{seed_title}</h1><p role=\"alert\">{message}</p><div class=\"side-by-side\"><section aria-labelledby=\"now\"><h2 id=\"now\">{now_title}</h2><pre>{now}</pre></section><section aria-labelledby=\"yours\"><h2 id=\"yours\">{yours_title}</h2><pre>{asked}</pre></section></div><p><a href=\"/seed/{link}\">{again}</a></p>",
        seed_title = esc(seed),
        message = esc(&Strings::fill(s.stale, "sidecar", sidecar)),
        now_title = esc(s.stale_now),
        now = esc(now),
        yours_title = esc(s.stale_yours),
        asked = esc(asked),
        link = encode(seed),
        again = esc(s.stale_again),
    );
    page(cx, seed, &body, false)
}
/// What a table carries besides its columns: a caption, or a class.
enum Head<'a> {
    Caption(&'a str),
    Class(&'static str),
}

/// A table with a header row of four columns over `rows` (already escaped).
fn table(head: Head, columns: [&str; 4], rows: &str) -> String {
    let (open, caption) = match head {
        Head::Caption(c) => (
            "<table>".to_owned(),
            format!("<caption>{}</caption>", esc(c)),
        ),
        Head::Class(class) => (format!("<table class=\"{class}\">"), String::new()),
    };
    let columns: String = columns
        .iter()
        .map(|c| format!("<th scope=\"col\">{}</th>", esc(c)))
        .collect();
    format!("{open}{caption}<thead><tr>{columns}</tr></thead><tbody>{rows}</tbody></table>")
}
