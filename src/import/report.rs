//! What an import did, seed by seed: for people (`Display`, plain words) and for machines
//! (`--json`, stable snake_case keys and identifiers, documented in README).

use std::path::PathBuf;

use serde::Serialize;

use super::LineKind;
use crate::content::PlannedFile;
use crate::error::Error;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Written,
    Unchanged,
    /// Dry run: what would be written.
    WouldWrite,
    /// An editor changed the page; it was left alone.
    KeptEditorsVersion,
    /// `--force`: the editor's version was saved as `.orig`, then overwritten.
    OverwroteEditorsVersion,
    /// `skip = true` and no page to remove (or an edited one, kept: see the warnings).
    Skipped,
    /// `skip = true`: the page, as the import wrote it, was deleted.
    Removed,
    /// Dry run: the page `skip = true` would delete.
    WouldRemove,
    Failed,
}

impl Action {
    const ALL: [Action; 9] = [
        Action::Written,
        Action::Unchanged,
        Action::WouldWrite,
        Action::KeptEditorsVersion,
        Action::OverwroteEditorsVersion,
        Action::Skipped,
        Action::Removed,
        Action::WouldRemove,
        Action::Failed,
    ];

    /// How the human report says it.
    fn words(self) -> &'static str {
        match self {
            Action::Written => "written",
            Action::Unchanged => "unchanged",
            Action::WouldWrite => "would be written",
            Action::KeptEditorsVersion => "kept as edited",
            Action::OverwroteEditorsVersion => "overwritten, the edited version saved",
            Action::Skipped => "skipped",
            Action::Removed => "removed",
            Action::WouldRemove => "would be removed",
            Action::Failed => "failed",
        }
    }

    /// The `--json` identifier, also the key of its count in `summary`.
    fn key(self) -> &'static str {
        match self {
            Action::Written => "written",
            Action::Unchanged => "unchanged",
            Action::WouldWrite => "would_write",
            Action::KeptEditorsVersion => "kept_editors_version",
            Action::OverwroteEditorsVersion => "overwrote_editors_version",
            Action::Skipped => "skipped",
            Action::Removed => "removed",
            Action::WouldRemove => "would_remove",
            Action::Failed => "failed",
        }
    }
}

/// `--json` writes an action as its `key`, the same as its count's key in `summary`.
impl Serialize for Action {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.key())
    }
}

/// Where a field's value came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Origin {
    /// The seed's text, at `line`.
    Seed,
    /// The editor's sidecar (`SeedReport::sidecar`).
    Sidecar,
    /// The seed's text, at the `line` a sidecar's line key (`title_line = 3`) names.
    SidecarLine,
}

#[derive(Debug, Serialize)]
pub struct FieldReport {
    pub field: &'static str,
    pub value: String,
    pub origin: Origin,
    /// The seed line the value came from (not when the sidecar gives the value).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<usize>,
    /// False when the rules doubt the value (see `extract::Sourced::sure`); the sidecar's
    /// values and line keys are sure.
    pub sure: bool,
}

#[derive(Debug, Serialize)]
pub struct DroppedLine {
    pub line: usize,
    pub kind: LineKind,
    pub text: String,
}

/// A page that changed address: the old one redirects to the new (`aliases`).
#[derive(Debug, Serialize)]
pub struct Move {
    /// Site paths, `/2018-giao-ban-nam-bo/bai-cu/`.
    pub from: String,
    pub to: String,
}

#[derive(Debug, Serialize)]
pub struct SeedReport {
    pub seed: String,
    /// The seed's sidecar, when it has one.
    pub sidecar: Option<String>,
    /// The hash of the seed's bytes, which a sidecar with line keys must hold (when the seed
    /// was read).
    pub seed_sha256: Option<String>,
    /// The page written, kept, or (`removed`) deleted.
    pub output: Option<String>,
    pub action: Action,
    /// Set when the page changed address (or would, in a dry run).
    pub moved: Option<Move>,
    pub fields: Vec<FieldReport>,
    pub dropped: Vec<DroppedLine>,
    pub warnings: Vec<String>,
    /// Why the seed could not be imported.
    #[serde(serialize_with = "as_text")]
    pub error: Option<Error>,
    /// Every non-empty seed line's number and the kind it was given (the sidecar's line keys
    /// applied), for the editor's desk.
    #[serde(skip)]
    pub line_kinds: Vec<(usize, LineKind)>,
    /// Files this import deleted (a moved page's old file, a skipped page), for `serve`.
    #[serde(skip)]
    pub removed: Vec<PathBuf>,
    /// What the seed's warnings were made from (seed, sidecar, page): `serve` says them
    /// again only when this changes.
    #[serde(skip)]
    pub inputs_hash: u64,
    /// With `dry_run`: what this seed's import would write or remove (`check` builds from
    /// it, in memory).
    #[serde(skip)]
    pub planned: Vec<PlannedFile>,
}

impl SeedReport {
    pub fn new(seed: String) -> SeedReport {
        SeedReport {
            seed,
            sidecar: None,
            seed_sha256: None,
            output: None,
            action: Action::Failed,
            moved: None,
            fields: Vec::new(),
            dropped: Vec::new(),
            warnings: Vec::new(),
            error: None,
            line_kinds: Vec::new(),
            removed: Vec::new(),
            inputs_hash: 0,
            planned: Vec::new(),
        }
    }
}

fn as_text<S: serde::Serializer>(
    error: &Option<Error>,
    s: S,
) -> std::result::Result<S::Ok, S::Error> {
    match error {
        Some(e) => s.serialize_some(&e.to_string()),
        None => s.serialize_none(),
    }
}

#[derive(Debug, Default, Serialize)]
pub struct ImportReport {
    /// `--dry-run`: nothing was written.
    pub dry_run: bool,
    /// How many seeds had each action (every action's key, zeros included), `seeds`, and
    /// `unsure_fields`.
    pub summary: std::collections::BTreeMap<&'static str, usize>,
    pub seeds: Vec<SeedReport>,
    /// Content files whose seed is gone: left alone.
    pub orphans: Vec<String>,
    /// Symbolic links among the seeds: not followed (they could point anywhere).
    pub links: Vec<String>,
}

impl ImportReport {
    /// Fills `summary` from the seeds' actions.
    pub(super) fn count_actions(&mut self) {
        self.summary = Action::ALL
            .iter()
            .map(|&a| (a.key(), self.count(a)))
            .chain([
                ("seeds", self.seeds.len()),
                ("unsure_fields", self.unsure_fields()),
            ])
            .collect();
    }

    /// How many extracted fields the rules were not sure of, in all seeds.
    pub fn unsure_fields(&self) -> usize {
        let fields = self.seeds.iter().flat_map(|s| &s.fields);
        fields.filter(|f| !f.sure).count()
    }

    /// The files this import wrote or deleted, as messages name them (under the site's root).
    pub fn changed_files(&self) -> impl Iterator<Item = PathBuf> + '_ {
        self.seeds.iter().flat_map(|s| {
            let written = matches!(s.action, Action::Written | Action::OverwroteEditorsVersion);
            let output = s.output.as_deref().filter(|_| written).map(PathBuf::from);
            output.into_iter().chain(s.removed.iter().cloned())
        })
    }

    pub fn failed(&self) -> bool {
        self.seeds.iter().any(|s| s.error.is_some())
    }

    pub fn count(&self, action: Action) -> usize {
        self.seeds.iter().filter(|s| s.action == action).count()
    }

    /// Every warning, each naming its seed.
    pub fn warnings(&self) -> Vec<String> {
        self.warnings_with_inputs()
            .into_iter()
            .map(|(w, _)| w)
            .collect()
    }

    /// Every warning with what it was made from (the seed's inputs; for the rest, nothing
    /// but the warning itself).
    pub fn warnings_with_inputs(&self) -> Vec<(String, u64)> {
        let seeds = self.seeds.iter().flat_map(|s| {
            s.warnings
                .iter()
                .map(move |w| (format!("{}: {w}", s.seed), s.inputs_hash))
        });
        let orphans = self.orphans.iter().map(|o| (format!("{o}: {ORPHAN}"), 0));
        let links = self.links.iter().map(|l| {
            let text = "symbolic links in seeds/ are skipped; copy the file instead";
            (format!("{l}: {text}"), 0)
        });
        seeds.chain(orphans).chain(links).collect()
    }

    /// The pages that changed address, one line each.
    pub fn moves(&self) -> Vec<String> {
        self.seeds
            .iter()
            .filter_map(|s| {
                s.moved
                    .as_ref()
                    .map(|m| format!("{}: {}", s.seed, self.move_words(m)))
            })
            .collect()
    }

    fn move_words(&self, m: &Move) -> String {
        if self.dry_run {
            format!(
                "would move from {} to {} (the old address would redirect)",
                m.from, m.to
            )
        } else {
            format!(
                "moved from {} to {} (the old address redirects)",
                m.from, m.to
            )
        }
    }

    /// With `dry_run`: every file the import would write or remove.
    pub fn planned(&self) -> impl Iterator<Item = &PlannedFile> {
        self.seeds.iter().flat_map(|s| &s.planned)
    }

    pub fn errors(&self) -> Vec<Error> {
        self.seeds.iter().filter_map(|s| s.error.clone()).collect()
    }

    /// One line: how many seeds had each action (those that none had are left out), and how
    /// many fields are unsure, if any.
    pub fn summary(&self) -> String {
        let counts: Vec<String> = Action::ALL
            .iter()
            .map(|&a| (a, self.count(a)))
            .filter(|&(_, n)| n > 0)
            .map(|(a, n)| format!("{n} {}", a.words()))
            .collect();
        let seeds = match self.seeds.len() {
            1 => "1 seed".to_owned(),
            n => format!("{n} seeds"),
        };
        let counts = if counts.is_empty() {
            String::new()
        } else {
            format!(": {}", counts.join(", "))
        };
        let unsure = match self.unsure_fields() {
            0 => String::new(),
            1 => "; 1 field unsure".to_owned(),
            n => format!("; {n} fields unsure"),
        };
        if self.dry_run {
            format!("Dry run, nothing written. {seeds}{counts}{unsure}")
        } else {
            format!("Imported {seeds}{counts}{unsure}")
        }
    }
}

const ORPHAN: &str = "its seed is gone; the page was left as it is";

impl std::fmt::Display for ImportReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        for seed in &self.seeds {
            let output = seed.output.as_deref().unwrap_or("-");
            writeln!(f, "{} → {output}: {}", seed.seed, seed.action.words())?;
            if let Some(m) = &seed.moved {
                writeln!(f, "  {}", self.move_words(m))?;
            }
            if let Some(hash) = &seed.seed_sha256 {
                writeln!(f, "  seed_sha256: {hash}")?;
            }
            for field in &seed.fields {
                let from = match (field.origin, field.line) {
                    (Origin::Seed, Some(line)) => format!("line {line}"),
                    (Origin::SidecarLine, Some(line)) => format!("line {line}, by the sidecar"),
                    _ => "sidecar".to_owned(),
                };
                let unsure = if field.sure { "" } else { " (unsure)" };
                writeln!(f, "  {}: {} ({from}){unsure}", field.field, field.value)?;
            }
            for d in &seed.dropped {
                writeln!(
                    f,
                    "  dropped line {} ({}): {}",
                    d.line,
                    d.kind.words(),
                    d.text
                )?;
            }
            for w in &seed.warnings {
                writeln!(f, "  warning: {w}")?;
            }
            if let Some(e) = &seed.error {
                writeln!(f, "  {e}")?;
            }
        }
        for o in &self.orphans {
            writeln!(f, "{o}: {ORPHAN}")?;
        }
        write!(f, "{}", self.summary())
    }
}
