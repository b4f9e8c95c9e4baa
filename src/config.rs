//! `.slant.toml`: a project's settings for `slant check`, found by walking up from the
//! current directory (or named with `--config`). Flags override the file; the file
//! overrides the defaults.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use crate::error::{Error, Problem, Result};
use crate::lexicon::Severity;
use crate::text::LineIndex;

/// The file name looked for.
pub const FILE_NAME: &str = ".slant.toml";

/// What a `.slant.toml` may say. Every key is optional.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Config {
    /// Lexicons to use: built-in ids, or paths relative to the config file.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub lexicons: Option<Vec<String>>,
    /// The lowest severity that is reported and fails the check.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub min_severity: Option<Severity>,
    /// Also flag terms inside quotations.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include_quoted: Option<bool>,
    /// Leans the house style accepts: terms with them are not flagged.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub accept_leans: Vec<String>,
    /// Paths not to check: globs relative to the config file (`drafts/**`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub ignore: Vec<String>,
    /// Terms never flagged: a term's text (`Stepanakert`), or `lexicon/concept`.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub allow: Vec<String>,
}

/// A config and where it came from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Found {
    /// The file, or `None` when no file was found.
    pub path: Option<PathBuf>,
    /// Its settings (defaults when there is no file).
    pub config: Config,
}

impl Found {
    /// The directory paths in the config are relative to.
    pub fn base_dir(&self) -> Option<&Path> {
        self.path.as_deref().and_then(Path::parent)
    }
}

/// The nearest `.slant.toml` in `start` or one of its ancestors.
pub fn discover(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .map(|dir| dir.join(FILE_NAME))
        .find(|path| path.is_file())
}

/// Loads `explicit` if given, else the file [`discover`] finds from `start`.
pub fn find(explicit: Option<&Path>, start: &Path) -> Result<Found> {
    let path = match explicit {
        Some(path) => Some(path.to_path_buf()),
        None => discover(start),
    };
    let Some(path) = path else {
        return Ok(Found::default());
    };
    let text = std::fs::read_to_string(&path).map_err(|source| Error::Read {
        path: path.clone(),
        source,
    })?;
    let config = parse(&text, &path.display().to_string())?;
    Ok(Found {
        path: Some(path),
        config,
    })
}

/// Parses config text; `origin` names it in errors.
pub fn parse(text: &str, origin: &str) -> Result<Config> {
    toml::from_str(text).map_err(|err| {
        let message = err.message().trim().to_string();
        let problem = match err.span() {
            Some(span) => {
                let at = LineIndex::new(text).position(text, span.start);
                Problem::at(at.line, at.column, message)
            }
            None => Problem::new(message),
        };
        Error::Config {
            origin: origin.to_string(),
            problem,
        }
    })
}

/// Renders settings as the TOML a `.slant.toml` would hold.
pub fn render(config: &Config) -> String {
    toml::to_string(config).unwrap_or_default()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_key_parses() {
        let config = parse(
            "lexicons = [\"nagorno-karabakh\"]\nmin_severity = \"error\"\ninclude_quoted = true\naccept_leans = [\"az\"]\nignore = [\"drafts/**\"]\nallow = [\"Stepanakert\"]\n",
            "x",
        )
        .unwrap();
        assert_eq!(config.min_severity, Some(Severity::Error));
        assert_eq!(config.accept_leans, ["az"]);
        assert_eq!(parse(&render(&config), "x").unwrap(), config);
    }

    #[test]
    fn unknown_keys_are_errors_with_a_line() {
        let err = parse(
            "min_severity = \"error\"\naccept_lean = [\"az\"]\n",
            ".slant.toml",
        )
        .unwrap_err();
        let rendered = err.to_string();
        assert!(
            rendered.starts_with(".slant.toml:2:1: unknown field `accept_lean`"),
            "{rendered}"
        );
    }

    #[test]
    fn discovery_walks_up_to_the_nearest_file() {
        let dir = tempfile::tempdir().unwrap();
        let nested = dir.path().join("a/b");
        std::fs::create_dir_all(&nested).unwrap();
        std::fs::write(dir.path().join(FILE_NAME), "min_severity = \"info\"\n").unwrap();
        assert_eq!(discover(&nested), Some(dir.path().join(FILE_NAME)));
        std::fs::write(dir.path().join("a").join(FILE_NAME), "").unwrap();
        assert_eq!(
            discover(&nested),
            Some(dir.path().join("a").join(FILE_NAME))
        );
        let found = find(None, &nested).unwrap();
        assert_eq!(found.config, Config::default());
    }
}
