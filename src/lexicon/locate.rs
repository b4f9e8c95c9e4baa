//! Placing a validation finding at a line and column of the lexicon's source text, by
//! finding the concept's `id` and then the quoted text the finding is about. Works for
//! TOML and JSON alike; a finding that cannot be placed keeps no position.

use regex::Regex;

use super::Lexicon;
use super::validate::Finding;
use crate::text::LineIndex;

/// Places findings in one lexicon's source text; the concepts' positions and the line
/// index are worked out once, so placing many findings stays linear.
pub(super) struct Locator<'a> {
    text: &'a str,
    starts: Vec<Option<usize>>,
    lines: LineIndex,
}

impl<'a> Locator<'a> {
    /// Prepares to place findings about `lexicon` in `text`.
    pub(super) fn new(text: &'a str, lexicon: &Lexicon) -> Self {
        Locator {
            text,
            starts: concept_starts(text, lexicon),
            lines: LineIndex::new(text),
        }
    }

    /// The 1-based line and column of `finding`, when it can be found.
    pub(super) fn find(&self, finding: &Finding) -> Option<(usize, usize)> {
        if finding.concept.is_none() && finding.needle.is_none() {
            return None;
        }
        let (from, to) = match finding.concept {
            Some(index) => self.concept_block(index)?,
            None => (0, self.text.len()),
        };
        let offset = finding
            .needle
            .as_deref()
            .and_then(|needle| find_quoted(&self.text[from..to], needle).map(|at| from + at))
            .unwrap_or(from);
        let position = self.lines.position(self.text, offset);
        Some((position.line, position.column))
    }

    /// The byte range from concept `index`'s `id` to the next concept's `id` (or the end).
    fn concept_block(&self, index: usize) -> Option<(usize, usize)> {
        let start = (*self.starts.get(index)?)?;
        let end = self.starts[index + 1..]
            .iter()
            .flatten()
            .next()
            .copied()
            .unwrap_or(self.text.len());
        Some((start, end))
    }
}

/// Where each concept's `id = "..."` (or `"id": "..."`) stands, in concept order: one pass
/// over every `id` in the concepts section, matched to the concepts in turn.
fn concept_starts(text: &str, lexicon: &Lexicon) -> Vec<Option<usize>> {
    let section = text
        .find("[[concepts]]")
        .or_else(|| text.find("\"concepts\""))
        .unwrap_or(0);
    let ids = Regex::new(r#"\bid"?\s*[=:]\s*"((?:[^"\\]|\\.)*)""#).expect("valid regex");
    let found: Vec<(usize, String)> = ids
        .captures_iter(&text[section..])
        .map(|caps| {
            (
                section + caps.get(0).expect("group 0").start(),
                caps[1].to_string(),
            )
        })
        .collect();
    // Concepts missing from the text (from an extended lexicon) are skipped, not searched past.
    let mut cursor = 0;
    lexicon
        .concepts
        .iter()
        .map(|concept| {
            let offset = found[cursor..]
                .iter()
                .position(|(_, id)| *id == concept.id)?;
            cursor += offset + 1;
            Some(found[cursor - 1].0)
        })
        .collect()
}

/// The offset of `"needle"` in `text`, pointing at the opening quote.
fn find_quoted(text: &str, needle: &str) -> Option<usize> {
    text.find(&format!("\"{needle}\""))
        .or_else(|| text.find(&format!("'{needle}'")))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lexicon::validate::check;

    #[test]
    fn findings_point_at_the_term_inside_its_concept() {
        let text = "id = \"d\"\ntitle = \"D\"\n[leans]\na = \"A\"\n\n[[concepts]]\nid = \"x\"\nkind = \"place\"\nlabel = \"X\"\nterms = [{ text = \"Alpha\", lean = \"a\" }]\n\n[[concepts]]\nid = \"y\"\nkind = \"place\"\nlabel = \"Y\"\nterms = [\n  { text = \"Beta\" },\n  { text = \"alpha\", lean = \"zz\" },\n]\n";
        let lexicon: Lexicon = toml::from_str(text).unwrap();
        let placed: Vec<(usize, usize, String)> = check(&lexicon)
            .iter()
            .map(|f| {
                let (line, column) = Locator::new(text, &lexicon).find(f).unwrap();
                (line, column, f.message.clone())
            })
            .collect();
        assert!(
            placed.iter().any(|(line, column, m)| *line == 18
                && *column == 12
                && m.contains("listed twice")),
            "{placed:?}"
        );
        assert!(
            placed
                .iter()
                .any(|(line, _, m)| *line == 18 && m.contains("`zz`")),
            "{placed:?}"
        );
    }
}
