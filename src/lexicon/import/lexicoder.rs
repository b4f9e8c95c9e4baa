//! The Lexicoder `.lc3` reader: a `+category` line, then that category's terms, one per
//! line, kept as written.

use crate::error::Problem;

use super::{Builder, column, numbered_lines};

/// Reads a Lexicoder `.lc3`: `+category` lines, each followed by its terms.
pub(super) fn read(text: &str, builder: &mut Builder<'_>) -> Result<(), Problem> {
    let mut current = None;
    for (number, line) in numbered_lines(text) {
        let trimmed = line.trim();
        if trimmed.is_empty() {
            continue;
        }
        if let Some(name) = trimmed.strip_prefix('+') {
            let name = name.trim();
            if name.is_empty() {
                return Err(Problem::at(
                    number,
                    column(line, trimmed),
                    "a `+` line must name a category, as in `+negative`",
                ));
            }
            current = Some(builder.named_category(name, number));
        } else {
            let Some(index) = current else {
                return Err(Problem::at(
                    number,
                    column(line, trimmed),
                    format!(
                        "`{trimmed}` comes before any `+category` line; a Lexicoder dictionary \
                         names a category, as in `+negative`, before its terms"
                    ),
                ));
            };
            builder.term(index, trimmed, number);
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::super::ImportFormat;
    use super::super::testing::{LEXICODER, assert_problems};

    #[test]
    fn a_lexicoder_dictionary_keeps_terms_as_written() {
        LEXICODER.assert_lexicon(
            "Imported from Lexicoder dictionary sample.lc3",
            &[
                ("negative", "negative", vec!["ABANDON*", "abas*", "crisis"]),
                ("positive", "positive", vec!["ABLE*"]),
            ],
        );
    }

    #[test]
    fn lexicoder_entries_that_cannot_be_carried_over_are_noted_at_their_lines() {
        LEXICODER.assert_notes(&[
            "sample.lc3:5: `ab*` (category `negative`) is a wildcard with fewer than 3 letters before `*`, which would match almost every word; skipped",
            "sample.lc3:9: `Crisis` (category `positive`) is already in category `negative` as `crisis` (line 4); slant lists a spelling in one concept only, so it stays there",
            "sample.lc3:10: `a*b` (category `positive`) has a `*` that does not end the term, and slant's wildcards only stand for a word ending; skipped",
            "sample.lc3:11: `abandon*` (category `positive`) is already in category `negative` as `ABANDON*` (line 2); slant lists a spelling in one concept only, so it stays there",
            "sample.lc3:12: category `Neutral Words` has no term slant can use; it is left out",
            "sample.lc3:13: `:-)` (category `Neutral Words`) has no letter or digit slant can match; skipped",
        ]);
    }

    #[test]
    fn lexicoder_errors_are_placed_at_their_lines() {
        assert_problems(
            ImportFormat::Lexicoder,
            &[
                (
                    "\n  abandon*\n+negative\n",
                    (2, 3),
                    "before any `+category` line",
                ),
                ("+negative\nbad\n+ \n", (3, 1), "must name a category"),
            ],
        );
    }
}
