//! Finding and loading the theme's templates (a site's `templates/` file overrides the
//! theme's file of the same name) and turning Tera's errors into ours, with the template's
//! real path, line and column.

use std::collections::{BTreeMap, HashMap};
use std::path::{Path, PathBuf};

use tera::{ErrorKind, Tera};

use crate::config::{CONFIG_FILE, Config, display_path};
use crate::error::{Error, Position, Result};
use crate::text;

pub const THEMES_DIR: &str = "themes";
pub const SITE_TEMPLATES_DIR: &str = "templates";

/// The page an alias (an earlier address of a page) serves: it sends readers on.
pub const ALIAS_TEMPLATE: &str = "alias.html";

/// Sends browsers (refresh), search engines (canonical, noindex) and people (the link) to
/// the page; its words come from the interface strings when they have `alias_moved`.
const BUILT_IN_ALIAS: &str = r#"<!DOCTYPE html>
<html lang="{{ config.default_language }}">
<head>
<meta charset="utf-8">
<title>{{ page.title or page.permalink }}</title>
<link rel="canonical" href="{{ page.permalink }}">
<meta name="robots" content="noindex">
<meta http-equiv="refresh" content="0; url={{ page.permalink }}">
</head>
<body>
<p>{% if t.alias_moved is defined %}{{ t.alias_moved }} {% endif %}<a href="{{ page.permalink }}">{{ page.title or page.permalink }}</a></p>
</body>
</html>
"#;

pub struct Templates {
    pub tera: Tera,
    /// Template name (`page.html`) → the file it was read from, as shown in messages.
    files: HashMap<String, PathBuf>,
    /// Whether a template may call `get_page`, which shows another page whole: then no
    /// output's fingerprint can tell which pages it is made from.
    pub calls_get_page: bool,
}

/// The theme's folder, checked to exist.
pub fn theme_dir(root: &Path, config: &Config) -> Result<PathBuf> {
    let dir = root.join(THEMES_DIR).join(&config.theme);
    if !dir.join("templates").is_dir() {
        return Err(Error::in_file(
            display_path(root, Path::new(CONFIG_FILE)),
            format!(
                "theme `{}` not found: {} does not exist",
                config.theme,
                display_path(
                    root,
                    &Path::new(THEMES_DIR).join(&config.theme).join("templates")
                )
                .display()
            ),
        )
        .help("set `theme` to a folder under themes/, or restore the theme")
        .into());
    }
    Ok(dir)
}

impl Templates {
    /// Loads every template into `tera`, which already has the site's filters and functions
    /// (Tera checks that the filters a template uses exist).
    pub fn load(root: &Path, theme_dir: &Path, mut tera: Tera) -> Result<Templates> {
        // Later folders win: the site's templates override the theme's.
        let mut by_name: BTreeMap<String, (PathBuf, PathBuf)> = BTreeMap::new();
        let folders = [theme_dir.join("templates"), root.join(SITE_TEMPLATES_DIR)];
        for folder in folders.iter().filter(|f| f.is_dir()) {
            for entry in crate::files::walk(folder, "templates") {
                let entry = entry?;
                if !entry.file_type().is_file() {
                    continue;
                }
                let rel = entry.path().strip_prefix(folder).unwrap_or(entry.path());
                let template_name = rel.to_string_lossy().replace('\\', "/");
                let shown = display_path(root, entry.path());
                by_name.insert(template_name, (entry.path().to_path_buf(), shown));
            }
        }
        let mut sources: Vec<(String, String)> = Vec::with_capacity(by_name.len());
        let mut files = HashMap::with_capacity(by_name.len());
        for (name, (path, shown)) in by_name {
            sources.push((name.clone(), text::read_file(&path, &shown)?));
            files.insert(name, shown);
        }
        // Redirects must be written whatever the theme has: a theme without its own
        // `alias.html` gets this one.
        if !files.contains_key(ALIAS_TEMPLATE) {
            sources.push((ALIAS_TEMPLATE.to_owned(), BUILT_IN_ALIAS.to_owned()));
            files.insert(
                ALIAS_TEMPLATE.to_owned(),
                PathBuf::from("the built-in alias.html"),
            );
        }
        let calls_get_page = sources.iter().any(|(_, text)| text.contains("get_page"));
        tera.add_raw_templates(sources)
            .map_err(|e| convert_error(&files, &e, None))?;
        Ok(Templates {
            tera,
            files,
            calls_get_page,
        })
    }

    /// Whether the theme or the site has the template `name`.
    pub fn has(&self, name: &str) -> bool {
        self.files.contains_key(name)
    }

    /// Our error for a Tera error; `wanted_by` names the page being rendered.
    pub fn error(&self, err: &tera::Error, wanted_by: Option<&Path>) -> Error {
        convert_error(&self.files, err, wanted_by)
    }
}

fn convert_error(
    files: &HashMap<String, PathBuf>,
    err: &tera::Error,
    wanted_by: Option<&Path>,
) -> Error {
    let shown = |name: &str| {
        files
            .get(name)
            .cloned()
            .unwrap_or_else(|| PathBuf::from(name))
    };
    let rendering = wanted_by
        .map(|f| format!(" (while rendering {})", f.display()))
        .unwrap_or_default();
    match err.kind() {
        ErrorKind::SyntaxError(report) | ErrorKind::RenderingError(report) => {
            let file = shown(report.filename());
            let mut message = report.message().to_owned();
            if let Some(cause) = std::error::Error::source(err) {
                message = format!("{message}: {cause}");
            }
            let span = report.span();
            Error::in_file(file, format!("template error: {message}{rendering}"))
                .at(Position {
                    line: span.start_line.max(1),
                    column: span.start_col + 1,
                })
                .help("fix the template at this line")
        }
        ErrorKind::TemplateNotFound(name) => match wanted_by {
            Some(page) => Error::in_file(
                page,
                format!("wants the template `{name}`, which neither templates/ nor the theme has"),
            )
            .help(format!(
                "create templates/{name}, or change `template` in the front matter"
            )),
            None => Error::new(format!("template `{name}` not found")),
        },
        ErrorKind::MissingParent { current, parent } => Error::in_file(
            shown(current),
            format!("extends `{parent}`, which neither templates/ nor the theme has"),
        ),
        _ => {
            // Some errors (an unknown include) come as finished reports that name templates
            // by name (`--> page.html:1:15`): point them at the files instead.
            let mut report = err.to_string();
            for (name, file) in files {
                report =
                    report.replace(&format!("--> {name}:"), &format!("--> {}:", file.display()));
            }
            let message = format!("template error: {}", report.trim_start_matches("error: "));
            match wanted_by {
                Some(page) => Error::in_file(page, message),
                None => Error::new(message),
            }
        }
    }
}
