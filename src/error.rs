//! The one error type every stage returns: what went wrong, in which file, where in it, and
//! what the user can do about it. Several errors can travel together so that one build
//! reports every broken front matter at once instead of one per run.

use std::fmt;
use std::path::{Path, PathBuf};

/// A 1-based line and a 1-based column counted in characters (not bytes).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Position {
    pub line: usize,
    pub column: usize,
}

impl Position {
    /// The position of byte `offset` in `text`.
    pub fn of_offset(text: &str, offset: usize) -> Position {
        let offset = text.floor_char_boundary(offset);
        let before = &text[..offset];
        let line_start = before.rfind('\n').map_or(0, |i| i + 1);
        Position {
            line: before.matches('\n').count() + 1,
            column: before[line_start..].chars().count() + 1,
        }
    }

    /// This position moved down by `lines` lines (for text embedded in a larger file).
    pub fn below(self, lines: usize) -> Position {
        Position {
            line: self.line + lines,
            column: self.column,
        }
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Error {
    pub file: Option<PathBuf>,
    pub position: Option<Position>,
    pub message: String,
    pub help: Option<String>,
}

impl Error {
    pub fn new(message: impl Into<String>) -> Error {
        Error {
            file: None,
            position: None,
            message: message.into(),
            help: None,
        }
    }

    pub fn in_file(file: impl AsRef<Path>, message: impl Into<String>) -> Error {
        Error {
            file: Some(file.as_ref().to_path_buf()),
            ..Error::new(message)
        }
    }

    pub fn at(mut self, position: Position) -> Error {
        self.position = Some(position);
        self
    }

    pub fn help(mut self, help: impl Into<String>) -> Error {
        self.help = Some(help.into());
        self
    }

    /// An I/O failure on `file`, worded for a person, with what to try.
    pub fn io(file: impl AsRef<Path>, err: &std::io::Error) -> Error {
        use std::io::ErrorKind;
        let help = match err.kind() {
            ErrorKind::PermissionDenied => "check the permissions of the file and its folder",
            ErrorKind::NotFound => "check that the path exists and is spelled as written",
            ErrorKind::StorageFull | ErrorKind::QuotaExceeded => {
                "free some disk space and try again"
            }
            _ => "check the file, then try again",
        };
        Error::in_file(file, format!("cannot access the file: {err}")).help(help)
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "error: ")?;
        if let Some(file) = &self.file {
            write!(f, "{}", file.display())?;
            if let Some(p) = self.position {
                write!(f, ":{}:{}", p.line, p.column)?;
            }
            write!(f, ": ")?;
        }
        write!(f, "{}", self.message)?;
        if let Some(help) = &self.help {
            write!(f, "\n  help: {help}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Error {}

/// One or more errors; a stage that can find several problems in one pass returns them all.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Errors(pub Vec<Error>);

impl From<Error> for Errors {
    fn from(error: Error) -> Errors {
        Errors(vec![error])
    }
}

impl fmt::Display for Errors {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, error) in self.0.iter().enumerate() {
            if i > 0 {
                writeln!(f)?;
            }
            write!(f, "{error}")?;
        }
        if self.0.len() > 1 {
            write!(f, "\n{} errors", self.0.len())?;
        }
        Ok(())
    }
}

impl std::error::Error for Errors {}

pub type Result<T, E = Errors> = std::result::Result<T, E>;

/// Collects the errors of many independent items, so all of them are reported together.
pub fn collect<T>(results: impl IntoIterator<Item = Result<T>>) -> Result<Vec<T>> {
    let mut values = Vec::new();
    let mut errors = Vec::new();
    for result in results {
        match result {
            Ok(value) => values.push(value),
            Err(Errors(mut e)) => errors.append(&mut e),
        }
    }
    if errors.is_empty() {
        Ok(values)
    } else {
        Err(Errors(errors))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn positions_count_characters_not_bytes() {
        let text = "a = 1\nđại = x";
        let offset = text.find('x').unwrap();
        assert_eq!(
            Position::of_offset(text, offset),
            Position { line: 2, column: 7 }
        );
    }

    #[test]
    fn display_names_file_line_column_and_help() {
        let e = Error::in_file("content/a.md", "bad date")
            .at(Position { line: 3, column: 8 })
            .help("write a TOML date");
        assert_eq!(
            e.to_string(),
            "error: content/a.md:3:8: bad date\n  help: write a TOML date"
        );
    }
}
