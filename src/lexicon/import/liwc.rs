//! The LIWC `.dic` reader: a `%` line, one `number<TAB>name` line per category, another
//! `%`, then one `word<TAB>number...` line per entry. Conditional entries are noted, not
//! read.

use std::collections::HashMap;

use crate::error::Problem;

use super::{Builder, column, numbered_lines};

/// Reads a LIWC `.dic`: `%`, numbered categories, `%`, then words with category numbers.
pub(super) fn read(text: &str, builder: &mut Builder<'_>) -> Result<(), Problem> {
    let mut lines = numbered_lines(text).filter(|(_, line)| !line.trim().is_empty());
    let open = match lines.next() {
        None => {
            return Err(Problem::at(
                1,
                1,
                "the file is empty; a LIWC dictionary starts with a `%` line",
            ));
        }
        Some((number, line)) if line.trim() == "%" => number,
        Some((number, line)) => {
            return Err(Problem::at(
                number,
                column(line, line.trim()),
                "a LIWC dictionary starts with a `%` line, then one `number<TAB>name` line \
                 per category, then another `%`",
            ));
        }
    };
    let categories = read_categories(&mut lines, open, builder)?;
    for (number, line) in lines {
        read_word(number, line, &categories, builder);
    }
    Ok(())
}

/// Reads the category block up to its closing `%`: category number to category index.
fn read_categories<'t>(
    lines: &mut impl Iterator<Item = (usize, &'t str)>,
    open: usize,
    builder: &mut Builder<'_>,
) -> Result<HashMap<u32, usize>, Problem> {
    let mut categories = HashMap::new();
    for (number, line) in lines {
        let trimmed = line.trim();
        if trimmed == "%" {
            return Ok(categories);
        }
        let (code, name) = trimmed
            .split_once(char::is_whitespace)
            .unwrap_or((trimmed, ""));
        let name = name.trim();
        let Ok(value) = code.parse::<u32>() else {
            return Err(Problem::at(
                number,
                column(line, code),
                format!(
                    "`{code}` is not a category number; each line between the `%` lines reads `number<TAB>name`"
                ),
            ));
        };
        if name.is_empty() {
            return Err(Problem::at(
                number,
                line.trim_end().chars().count() + 1,
                format!("category {code} has no name"),
            ));
        }
        if categories.contains_key(&value) {
            return Err(Problem::at(
                number,
                column(line, code),
                format!("category number {code} is declared twice"),
            ));
        }
        categories.insert(value, builder.named_category(name, number));
    }
    Err(Problem::at(
        open,
        1,
        "the category block this `%` opens is never closed by a second `%` line",
    ))
}

/// True for LIWC's conditional entries (`(02 134)125/464`) and `<...>` entries.
fn is_special(word: &str, codes: &str) -> bool {
    (word.contains('<') && word.contains('>')) || codes.contains(['(', ')', '<', '>', '/'])
}

/// Reads one `word<TAB>number...` line: the word goes to its first declared category.
fn read_word(
    number: usize,
    line: &str,
    categories: &HashMap<u32, usize>,
    builder: &mut Builder<'_>,
) {
    let (word, codes) = match line.split_once('\t') {
        Some((word, codes)) => (word.trim(), codes),
        None => line
            .trim()
            .split_once(char::is_whitespace)
            .unwrap_or((line.trim(), "")),
    };
    if is_special(word, codes) {
        builder.note(
            number,
            format!(
                "`{}` is a LIWC conditional entry, which slant cannot express; skipped",
                line.trim()
            ),
        );
        return;
    }
    let found = declared_categories(number, word, codes, categories, builder);
    let Some((&first, others)) = found.split_first() else {
        builder.note(
            number,
            format!("`{word}` names no declared category; skipped"),
        );
        return;
    };
    if builder.term(first, word, number) && !others.is_empty() {
        let labels = |indexes: &[usize]| {
            indexes
                .iter()
                .map(|&i| format!("`{}`", builder.label(i)))
                .collect::<Vec<_>>()
                .join(", ")
        };
        let message = format!(
            "`{word}` is also in category {}; slant lists a spelling in one concept only, so it is kept in {} alone",
            labels(others),
            labels(&[first])
        );
        builder.note(number, message);
    }
}

/// The categories `codes` name, each once and in order, noting numbers nothing declares.
fn declared_categories(
    number: usize,
    word: &str,
    codes: &str,
    categories: &HashMap<u32, usize>,
    builder: &mut Builder<'_>,
) -> Vec<usize> {
    let mut found: Vec<usize> = Vec::new();
    for code in codes.split_whitespace() {
        match code.parse::<u32>().ok().and_then(|v| categories.get(&v)) {
            Some(&index) if !found.contains(&index) => found.push(index),
            Some(_) => {}
            None => builder.note(
                number,
                format!(
                    "`{word}` names category `{code}`, which the category block does not declare; ignored"
                ),
            ),
        }
    }
    found
}

#[cfg(test)]
mod tests {
    use super::super::ImportFormat;
    use super::super::testing::{LIWC, assert_problems};

    #[test]
    fn a_liwc_dictionary_becomes_one_concept_and_lean_per_category() {
        LIWC.assert_lexicon(
            "Imported from LIWC dictionary sample.dic",
            &[
                ("posemo", "posemo", vec!["admir*", "love", "thank you"]),
                ("negemo", "negemo", vec!["abandon*", "hate"]),
                ("social-words", "Social Words", vec!["friend*"]),
            ],
        );
    }

    #[test]
    fn liwc_entries_that_cannot_be_carried_over_are_noted_at_their_lines() {
        LIWC.assert_notes(&[
            "sample.dic:5: category `unused` has no term slant can use; it is left out",
            "sample.dic:9: `love` is also in category `Social Words`; slant lists a spelling in one concept only, so it is kept in `posemo` alone",
            "sample.dic:10: `hate` names category `9`, which the category block does not declare; ignored",
            "sample.dic:12: `ab*` (category `negemo`) is a wildcard with fewer than 3 letters before `*`, which would match almost every word; skipped",
            "sample.dic:13: `like\t(02 134)1/3\t1` is a LIWC conditional entry, which slant cannot express; skipped",
            "sample.dic:14: `:)` (category `posemo`) has no letter or digit slant can match; skipped",
            "sample.dic:15: `*ness` (category `negemo`) has a `*` that does not end the term, and slant's wildcards only stand for a word ending; skipped",
            "sample.dic:16: `admir*` is listed twice in category `posemo` (first as `admir*` on line 8); kept once",
            "sample.dic:18: `abandon` is listed twice in category `negemo` (first as `abandon*` on line 7); kept once",
            "sample.dic:19: `<kind>\t3` is a LIWC conditional entry, which slant cannot express; skipped",
            "sample.dic:20: `Love` (category `Social Words`) is already in category `posemo` as `love` (line 9); slant lists a spelling in one concept only, so it stays there",
        ]);
    }

    #[test]
    fn liwc_errors_are_placed_at_their_lines() {
        assert_problems(
            ImportFormat::Liwc,
            &[
                ("\nabandon*\t1\n", (2, 1), "starts with a `%` line"),
                ("%\n1\tposemo\n2\tnegemo\n", (1, 1), "never closed"),
                (
                    "%\n1\tposemo\n x\tnegemo\n%\n",
                    (3, 2),
                    "`x` is not a category number",
                ),
                ("%\n1\tposemo\n1\tnegemo\n%\n", (3, 1), "declared twice"),
                ("%\n7\n%\n", (2, 2), "category 7 has no name"),
                ("", (1, 1), "the file is empty"),
            ],
        );
    }
}
