//! Inline control over `check`: `<!-- slant-disable-next-line -->`, `<!-- slant-disable -->`
//! ... `<!-- slant-enable -->`, each optionally naming concepts (`region` or
//! `nagorno-karabakh/region`), and `slant: ignore` for plain text (on a comment line it
//! covers the next line, at the end of a text line that line). Each directive remembers
//! whether it suppressed anything, so unused ones can be reported.

use std::sync::LazyLock;

use regex::Regex;

static HTML_DIRECTIVE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<!--\s*slant-(disable-next-line|disable|enable)\b([^>]*?)\s*-->")
        .expect("valid regex")
});
static PLAIN_DIRECTIVE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"slant:\s*ignore\b([\w\s/,.-]*)").expect("valid regex"));

/// Comment openers that make a `slant: ignore` line a comment line.
const COMMENT_OPENERS: &[&str] = &["#", "//", "<!--", "%", ";", "--"];

/// One directive and the lines it covers.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Suppression {
    /// First line covered (1-based).
    pub from: usize,
    /// Last line covered (inclusive).
    pub to: usize,
    /// Concepts it names; empty means every concept.
    pub concepts: Vec<String>,
    /// Where the directive stands (1-based line).
    pub line: usize,
    /// The directive as written.
    pub text: String,
    /// Whether it suppressed a finding.
    pub used: bool,
}

/// The directives of one document.
#[derive(Debug, Clone, Default)]
pub struct Directives {
    suppressions: Vec<Suppression>,
    /// The indices of `suppressions`, by the first line each covers.
    by_start: Vec<usize>,
    /// How many of `by_start` begin at or before `last_line`.
    begun: usize,
    /// Those of them that still cover `last_line`.
    active: Vec<usize>,
    /// The line asked about last.
    last_line: usize,
}

impl Directives {
    /// Reads the directives in `text` (whole file, lines numbered from 1).
    pub fn parse(text: &str) -> Self {
        let mut suppressions = Vec::new();
        let mut open: Vec<usize> = Vec::new();
        let line_count = text.lines().count().max(1);
        for (index, line) in text.lines().enumerate() {
            let number = index + 1;
            for caps in HTML_DIRECTIVE.captures_iter(line) {
                let concepts = names(&caps[2]);
                let text = caps[0].to_string();
                match &caps[1] {
                    "disable-next-line" => suppressions.push(Suppression {
                        from: number + 1,
                        to: number + 1,
                        concepts,
                        line: number,
                        text,
                        used: false,
                    }),
                    "disable" => {
                        open.push(suppressions.len());
                        suppressions.push(Suppression {
                            from: number,
                            to: line_count,
                            concepts,
                            line: number,
                            text,
                            used: false,
                        });
                    }
                    _ => close(&mut suppressions, &mut open, &concepts, number),
                }
            }
            if let Some(caps) = PLAIN_DIRECTIVE.captures(line) {
                let comment = COMMENT_OPENERS
                    .iter()
                    .any(|opener| line.trim_start().starts_with(opener));
                let covered = if comment { number + 1 } else { number };
                suppressions.push(Suppression {
                    from: covered,
                    to: covered,
                    concepts: names(&caps[1]),
                    line: number,
                    text: caps[0].trim().to_string(),
                    used: false,
                });
            }
        }
        let mut by_start: Vec<usize> = (0..suppressions.len()).collect();
        by_start.sort_by_key(|&index| suppressions[index].from);
        Directives {
            suppressions,
            by_start,
            ..Directives::default()
        }
    }

    /// True when a directive covers `line` for the concept `lexicon/concept`; the
    /// directive is marked used.
    ///
    /// Asked about lines in order, as findings come, each call looks only at the
    /// directives that cover its line, however many the document has.
    pub fn suppresses(&mut self, line: usize, lexicon: &str, concept: &str) -> bool {
        if line < self.last_line {
            self.begun = 0;
            self.active.clear();
        }
        self.last_line = line;
        while let Some(&index) = self.by_start.get(self.begun) {
            if self.suppressions[index].from > line {
                break;
            }
            self.active.push(index);
            self.begun += 1;
        }
        let suppressions = &mut self.suppressions;
        self.active.retain(|&index| suppressions[index].to >= line);
        let qualified = format!("{lexicon}/{concept}");
        let mut hit = false;
        for &index in &self.active {
            let suppression = &mut suppressions[index];
            let names_it = suppression.concepts.is_empty()
                || suppression
                    .concepts
                    .iter()
                    .any(|c| c == concept || *c == qualified);
            if names_it {
                suppression.used = true;
                hit = true;
            }
        }
        hit
    }

    /// The directives that suppressed nothing.
    pub fn unused(&self) -> impl Iterator<Item = &Suppression> {
        self.suppressions.iter().filter(|s| !s.used)
    }
}

/// Closes the open `disable` ranges an `enable` matches: all of them without names, else
/// those naming the same concepts.
fn close(
    suppressions: &mut [Suppression],
    open: &mut Vec<usize>,
    concepts: &[String],
    line: usize,
) {
    open.retain(|&index| {
        let matches = concepts.is_empty() || suppressions[index].concepts == concepts;
        if matches {
            suppressions[index].to = line;
        }
        !matches
    });
}

fn names(text: &str) -> Vec<String> {
    text.split(|c: char| c.is_whitespace() || c == ',')
        .filter(|name| !name.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_line_covers_only_the_next_line() {
        let mut directives = Directives::parse("<!-- slant-disable-next-line -->\nregime\nregime");
        assert!(directives.suppresses(2, "l", "c"));
        assert!(!directives.suppresses(3, "l", "c"));
        assert_eq!(directives.unused().count(), 0);
    }

    #[test]
    fn disable_and_enable_bracket_lines_and_may_name_concepts() {
        let text = "a\n<!-- slant-disable region -->\nb\nc\n<!-- slant-enable region -->\nd";
        let mut directives = Directives::parse(text);
        assert!(directives.suppresses(3, "nagorno-karabakh", "region"));
        assert!(!directives.suppresses(3, "nagorno-karabakh", "capital"));
        assert!(!directives.suppresses(6, "nagorno-karabakh", "region"));
        let qualified = Directives::parse("<!-- slant-disable nagorno-karabakh/region -->\nx")
            .suppresses(2, "nagorno-karabakh", "region");
        assert!(qualified);
    }

    #[test]
    fn a_disable_without_enable_runs_to_the_end() {
        let mut directives = Directives::parse("<!-- slant-disable -->\n\n\nlast");
        assert!(directives.suppresses(4, "l", "c"));
    }

    #[test]
    fn plain_text_ignores_cover_the_next_line_from_a_comment_and_their_own_line_otherwise() {
        let mut directives = Directives::parse(
            "# slant: ignore\nthe regime\nthe regime  slant: ignore regime\nthe regime",
        );
        assert!(directives.suppresses(2, "l", "c"));
        assert!(directives.suppresses(3, "l", "regime"));
        assert!(!directives.suppresses(4, "l", "c"));
    }

    #[test]
    fn unused_directives_are_listed() {
        let mut directives = Directives::parse(
            "<!-- slant-disable-next-line -->\nclean\n<!-- slant-disable-next-line -->\nregime",
        );
        directives.suppresses(4, "l", "c");
        let unused: Vec<usize> = directives.unused().map(|s| s.line).collect();
        assert_eq!(unused, [1]);
    }

    /// What [`Directives::suppresses`] answers, by its definition: any directive whose
    /// lines hold `line` and whose names, if any, name the concept.
    fn covered(suppressions: &[Suppression], line: usize, concept: &str) -> bool {
        suppressions.iter().any(|s| {
            (s.from..=s.to).contains(&line)
                && (s.concepts.is_empty() || s.concepts.iter().any(|c| c == concept))
        })
    }

    #[test]
    fn lines_asked_in_any_order_get_the_answers_of_every_directive() {
        // Nested, overlapping and unclosed ranges, next-line and plain directives, a
        // next-line directive before a disable on one line (so that the starts are out of
        // order), and names.
        let text = "a\n<!-- slant-disable-next-line --> <!-- slant-disable region -->\nb\nc\n\
            <!-- slant-disable -->\nd\n<!-- slant-enable -->\ne\n# slant: ignore capital\nf\n\
            <!-- slant-enable region -->\ng\n<!-- slant-disable-next-line capital -->\nh\n\
            <!-- slant-disable capital -->\ni\nj";
        let lines = text.lines().count() + 1;
        let orders: [Vec<usize>; 3] = [
            (1..=lines).collect(),
            (1..=lines).rev().collect(),
            (1..=lines).map(|n| n * 7 % lines + 1).collect(),
        ];
        for order in orders {
            let mut directives = Directives::parse(text);
            let all = directives.suppressions.clone();
            for &line in &order {
                for concept in ["region", "capital", "other"] {
                    assert_eq!(
                        directives.suppresses(line, "l", concept),
                        covered(&all, line, concept),
                        "line {line}, {concept}, order {order:?}"
                    );
                }
            }
            assert_eq!(directives.unused().count(), 0, "order {order:?}");
        }
    }
}
