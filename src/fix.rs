//! `check --fix`: replacing own-voice leaning variants with their concept's preferred term,
//! in the original's capitalisation, and writing the result atomically (a temporary file in
//! the same directory, renamed over the original, permissions kept), never over a file
//! that changed on disk since it was read.

use std::io::Write;
use std::ops::Range;
use std::path::Path;

use crate::check::Finding;
use crate::error::{Error, Result};

/// One replacement.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Edit {
    /// Byte range in the original text.
    pub span: Range<usize>,
    /// The text to put there.
    pub replacement: String,
}

/// The edits `--fix` makes for `findings` of `text`: own-voice findings with a suggestion.
pub fn edits(text: &str, findings: &[Finding]) -> Vec<Edit> {
    let mut edits: Vec<Edit> = findings
        .iter()
        .filter(|f| f.is_fixable())
        .filter_map(|f| {
            let preferred = f.suggestion.as_deref()?;
            Some(Edit {
                span: f.span.clone(),
                replacement: match_case(&text[f.span.clone()], preferred),
            })
        })
        .collect();
    edits.sort_by_key(|e| e.span.start);
    edits.dedup_by(|later, earlier| later.span.start < earlier.span.end);
    edits
}

/// `text` with `edits` (sorted, not overlapping) applied.
pub fn apply(text: &str, edits: &[Edit]) -> String {
    let mut out = String::with_capacity(text.len());
    let mut at = 0;
    for edit in edits {
        out.push_str(&text[at..edit.span.start]);
        out.push_str(&edit.replacement);
        at = edit.span.end;
    }
    out.push_str(&text[at..]);
    out
}

/// `preferred` in the capitalisation style of `original`: all capitals stay all capitals, a
/// capitalised first letter stays capitalised; otherwise the preferred term as written.
pub fn match_case(original: &str, preferred: &str) -> String {
    let letters: Vec<char> = original.chars().filter(|c| c.is_alphabetic()).collect();
    if letters.len() > 1 && letters.iter().all(|c| c.is_uppercase()) {
        return preferred.to_uppercase();
    }
    let starts_upper = original.chars().next().is_some_and(char::is_uppercase);
    let mut chars = preferred.chars();
    match chars.next() {
        Some(first) if starts_upper => first.to_uppercase().chain(chars).collect(),
        _ => preferred.to_string(),
    }
}

/// A unified diff from `old` to `new`, labelled with `path`.
pub fn unified_diff(path: &str, old: &str, new: &str) -> String {
    similar::TextDiff::from_lines(old, new)
        .unified_diff()
        .context_radius(2)
        .header(&format!("a/{path}"), &format!("b/{path}"))
        .to_string()
}

/// Replaces the file at `path` with `new`, if it still holds exactly `read` (the bytes the
/// check saw): writes a temporary file beside it, copies the permissions, then renames.
pub fn write_atomically(path: &Path, read: &[u8], new: &str) -> Result<()> {
    let now = std::fs::read(path).map_err(|source| Error::Read {
        path: path.to_path_buf(),
        source,
    })?;
    if now != read {
        return Err(Error::Input {
            path: path.to_path_buf(),
            reason: "the file changed on disk since slant read it; not overwritten (run again)"
                .into(),
        });
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let write_error = |source: std::io::Error| Error::Read {
        path: path.to_path_buf(),
        source,
    };
    let mut temp = tempfile::NamedTempFile::new_in(dir).map_err(write_error)?;
    temp.write_all(new.as_bytes()).map_err(write_error)?;
    temp.as_file().sync_all().map_err(write_error)?;
    let permissions = std::fs::metadata(path).map_err(write_error)?.permissions();
    std::fs::set_permissions(temp.path(), permissions).map_err(write_error)?;
    temp.persist(path).map_err(|err| write_error(err.error))?;
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn case_follows_the_original() {
        assert_eq!(
            match_case("Upper Karabakh", "Nagorno-Karabakh"),
            "Nagorno-Karabakh"
        );
        assert_eq!(
            match_case("UPPER KARABAKH", "Nagorno-Karabakh"),
            "NAGORNO-KARABAKH"
        );
        assert_eq!(match_case("Liberated", "took control"), "Took control");
        assert_eq!(
            match_case("occupied", "Armenian-controlled"),
            "Armenian-controlled"
        );
        assert_eq!(match_case("regime", "government"), "government");
    }

    #[test]
    fn edits_apply_in_order() {
        let text = "The regime and the REGIME.";
        let edits = [
            Edit {
                span: 4..10,
                replacement: "government".into(),
            },
            Edit {
                span: 19..25,
                replacement: "GOVERNMENT".into(),
            },
        ];
        assert_eq!(apply(text, &edits), "The government and the GOVERNMENT.");
    }

    #[test]
    fn the_diff_is_unified() {
        let diff = unified_diff("a.md", "one\ntwo\n", "one\n2\n");
        assert!(diff.contains("--- a/a.md") && diff.contains("+++ b/a.md"));
        assert!(diff.contains("-two\n+2\n"), "{diff}");
    }

    #[cfg(unix)]
    #[test]
    fn writes_are_atomic_keep_permissions_and_refuse_changed_files() {
        use std::os::unix::fs::PermissionsExt;
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("story.md");
        std::fs::write(&path, "old").unwrap();
        std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o640)).unwrap();
        write_atomically(&path, b"old", "new").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(
            std::fs::metadata(&path).unwrap().permissions().mode() & 0o777,
            0o640
        );
        let err = write_atomically(&path, b"old", "newer").unwrap_err();
        assert!(err.to_string().contains("changed on disk"));
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(
            std::fs::read_dir(dir.path()).unwrap().count(),
            1,
            "no temporary file left"
        );
    }
}
