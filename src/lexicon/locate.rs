//! Placing a validation finding at a line and column of the lexicon's source text, by
//! finding the concept's `id` and then the quoted text the finding is about. Works for
//! TOML and JSON alike; a finding that cannot be placed keeps no position.

use regex::Regex;

use super::Lexicon;
use super::validate::Finding;
use crate::text::LineIndex;

/// The 1-based line and column of `finding` in `text`, when it can be found.
pub(super) fn find(text: &str, lexicon: &Lexicon, finding: &Finding) -> Option<(usize, usize)> {
    if finding.concept.is_none() && finding.needle.is_none() {
        return None;
    }
    let (from, to) = match finding.concept {
        Some(index) => concept_block(text, lexicon, index)?,
        None => (0, text.len()),
    };
    let offset = finding
        .needle
        .as_deref()
        .and_then(|needle| find_quoted(&text[from..to], needle).map(|at| from + at))
        .unwrap_or(from);
    let position = LineIndex::new(text).position(text, offset);
    Some((position.line, position.column))
}

/// The byte range from concept `index`'s `id` to the next concept's `id` (or the end).
fn concept_block(text: &str, lexicon: &Lexicon, index: usize) -> Option<(usize, usize)> {
    let starts = concept_starts(text, lexicon);
    let start = *starts.get(index)?.as_ref()?;
    let end = starts[index + 1..]
        .iter()
        .flatten()
        .next()
        .copied()
        .unwrap_or(text.len());
    Some((start, end))
}

/// Where each concept's `id = "..."` (or `"id": "..."`) stands, in concept order.
fn concept_starts(text: &str, lexicon: &Lexicon) -> Vec<Option<usize>> {
    let section = text
        .find("[[concepts]]")
        .or_else(|| text.find("\"concepts\""))
        .unwrap_or(0);
    let mut cursor = section;
    lexicon
        .concepts
        .iter()
        .map(|concept| {
            let pattern = format!(r#"\bid"?\s*[=:]\s*"{}""#, regex::escape(&concept.id));
            let found = Regex::new(&pattern).ok()?.find(&text[cursor..])?;
            let at = cursor + found.start();
            cursor += found.end();
            Some(at)
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
                let (line, column) = find(text, &lexicon, f).unwrap();
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
