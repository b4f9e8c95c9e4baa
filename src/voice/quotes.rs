//! Finding quoted spans: straight, curly, guillemet and low-high quotes, nested, with
//! apostrophes told apart from single quotes, and the news conventions for quotes that
//! run over paragraph ends.

use std::ops::Range;

use crate::text::opens_with_quote;

/// The families of quotation marks; a quote closes only with a mark of its own family.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Mark {
    /// `"` … `"`
    Straight,
    /// `“` … `”`
    Curly,
    /// `„` … `“` (or `”`)
    LowHigh,
    /// `«` … `»`
    Guillemet,
    /// `»` … `«`
    ReversedGuillemet,
    /// `‘` … `’`
    CurlySingle,
    /// `'` … `'`
    StraightSingle,
}

impl Mark {
    /// How many families there are.
    const COUNT: usize = 7;

    fn is_single(self) -> bool {
        matches!(self, Mark::CurlySingle | Mark::StraightSingle)
    }
}

/// What one character does to the open quotes.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Action {
    Open(Mark),
    Close(Mark),
}

/// A quoted span found in the text, from its opening mark to its closing mark (or to the
/// end of its paragraph when it is never closed).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QuotedSpan {
    /// Byte range including the quotation marks.
    pub span: Range<usize>,
    /// How many quotes enclose this one (0 for a top-level quote).
    pub depth: usize,
}

/// Finds the quoted spans in `text`, given its paragraphs in order.
///
/// An unclosed double quote ends with its paragraph unless the next paragraph opens with
/// a quotation mark, which then continues it; an unclosed single quote is taken for an
/// apostrophe and dropped, unless the next paragraph reopens it.
pub fn find_quotes(text: &str, paragraphs: &[Range<usize>]) -> Vec<QuotedSpan> {
    let mut found = Vec::new();
    let mut open = OpenQuotes::default();
    for (index, paragraph) in paragraphs.iter().enumerate() {
        // A reopening mark continues the quote left open by the previous paragraph.
        let slice = &text[paragraph.clone()];
        let skip = usize::from(!open.is_empty() && opens_with_quote(slice));
        let first = slice
            .char_indices()
            .nth(skip)
            .map_or(slice.len(), |(at, _)| at);
        for offset in candidates(slice, first) {
            let c = slice[offset..].chars().next().expect("a char boundary");
            let prev = slice[..offset].chars().next_back();
            let next = slice[offset + c.len_utf8()..].chars().next();
            let at = paragraph.start + offset;
            match classify(c, prev, next, &open) {
                Some(Action::Open(mark)) => open.push(mark, at),
                Some(Action::Close(mark)) => close(&mut open, mark, at + c.len_utf8(), &mut found),
                None => {}
            }
        }
        let continues = paragraphs
            .get(index + 1)
            .is_some_and(|next| opens_with_quote(&text[next.clone()]));
        if !continues {
            end_paragraph(&mut open, paragraph.end, &mut found);
        }
    }
    found.sort_by_key(|quote| (quote.span.start, std::cmp::Reverse(quote.span.end)));
    found
}

/// Offsets (from `from` on) of the characters that may be quotation marks: ASCII quotes,
/// and the lead bytes of the typographic ones, found without decoding the rest.
fn candidates(slice: &str, from: usize) -> impl Iterator<Item = usize> + '_ {
    let bytes = slice.as_bytes();
    // `"`, `'` and the lead byte 0xE2 are found with one SIMD search; 0xC2 (the lead byte
    // of the guillemets, rare in English) is checked where it occurs.
    let marks = memchr::memchr3_iter(b'"', b'\'', 0xE2, &bytes[from..]);
    let guillemets = memchr::memchr_iter(0xC2, &bytes[from..]);
    merge_sorted(marks, guillemets)
        .map(move |at| from + at)
        .filter(move |&i| match bytes[i] {
            b'"' | b'\'' => true,
            // U+2018..U+201E are E2 80 98..9E; « and » are C2 AB and C2 BB.
            0xE2 => {
                bytes.get(i + 1) == Some(&0x80)
                    && bytes.get(i + 2).is_some_and(|b| (0x98..=0x9E).contains(b))
            }
            _ => matches!(bytes.get(i + 1), Some(0xAB | 0xBB)),
        })
}

/// The items of two ascending iterators, in ascending order.
fn merge_sorted(
    a: impl Iterator<Item = usize>,
    b: impl Iterator<Item = usize>,
) -> impl Iterator<Item = usize> {
    let (mut a, mut b) = (a.peekable(), b.peekable());
    std::iter::from_fn(move || match (a.peek(), b.peek()) {
        (Some(x), Some(y)) if y < x => b.next(),
        (Some(_), _) => a.next(),
        (None, _) => b.next(),
    })
}

/// The quotes open at a point of the text, innermost last, with a count per family so
/// that asking whether a family is open does not walk the stack (thousands of unclosed
/// marks would make that quadratic).
#[derive(Debug, Default)]
struct OpenQuotes {
    stack: Vec<(Mark, usize)>,
    per_mark: [usize; Mark::COUNT],
}

impl OpenQuotes {
    fn push(&mut self, mark: Mark, at: usize) {
        self.per_mark[mark as usize] += 1;
        self.stack.push((mark, at));
    }

    fn pop(&mut self) -> Option<(Mark, usize)> {
        let (mark, at) = self.stack.pop()?;
        self.per_mark[mark as usize] -= 1;
        Some((mark, at))
    }

    fn is_open(&self, mark: Mark) -> bool {
        self.per_mark[mark as usize] > 0
    }

    fn is_empty(&self) -> bool {
        self.stack.is_empty()
    }

    fn len(&self) -> usize {
        self.stack.len()
    }
}

fn close(open: &mut OpenQuotes, mark: Mark, end: usize, found: &mut Vec<QuotedSpan>) {
    // Only called for an open family; the walk is paid for by the quotes it pops.
    let Some(position) = open.stack.iter().rposition(|(m, _)| *m == mark) else {
        return;
    };
    // Quotes opened inside this one and never closed end with it.
    while open.len() > position {
        let (_, start) = open.pop().expect("non-empty");
        found.push(QuotedSpan {
            span: start..end,
            depth: open.len(),
        });
    }
}

fn end_paragraph(open: &mut OpenQuotes, end: usize, found: &mut Vec<QuotedSpan>) {
    while let Some((mark, start)) = open.pop() {
        if !mark.is_single() {
            found.push(QuotedSpan {
                span: start..end,
                depth: open.len(),
            });
        }
    }
}

/// Decides whether `c` opens or closes a quote, given its neighbours and the open quotes.
fn classify(c: char, prev: Option<char>, next: Option<char>, open: &OpenQuotes) -> Option<Action> {
    let alnum = |c: Option<char>| c.is_some_and(char::is_alphanumeric);
    let toggle = |mark| {
        Some(if open.is_open(mark) {
            Action::Close(mark)
        } else {
            Action::Open(mark)
        })
    };
    match c {
        '"' => toggle(Mark::Straight),
        '\u{201C}' if open.is_open(Mark::LowHigh) => Some(Action::Close(Mark::LowHigh)),
        '\u{201C}' => Some(Action::Open(Mark::Curly)),
        '\u{201D}' if open.is_open(Mark::Curly) => Some(Action::Close(Mark::Curly)),
        '\u{201D}' if open.is_open(Mark::LowHigh) => Some(Action::Close(Mark::LowHigh)),
        '\u{201E}' => Some(Action::Open(Mark::LowHigh)),
        '\u{00AB}' if open.is_open(Mark::ReversedGuillemet) => {
            Some(Action::Close(Mark::ReversedGuillemet))
        }
        '\u{00AB}' => Some(Action::Open(Mark::Guillemet)),
        '\u{00BB}' if open.is_open(Mark::Guillemet) => Some(Action::Close(Mark::Guillemet)),
        '\u{00BB}' => Some(Action::Open(Mark::ReversedGuillemet)),
        '\u{2018}' if !alnum(prev) => Some(Action::Open(Mark::CurlySingle)),
        '\u{2019}' if alnum(prev) && alnum(next) => None,
        '\u{2019}' if open.is_open(Mark::CurlySingle) => Some(Action::Close(Mark::CurlySingle)),
        '\'' if alnum(prev) && alnum(next) => None,
        '\'' if open.is_open(Mark::StraightSingle) && prev.is_some_and(|p| !p.is_whitespace()) => {
            Some(Action::Close(Mark::StraightSingle))
        }
        '\'' if !alnum(prev) && alnum(next) => Some(Action::Open(Mark::StraightSingle)),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::text::paragraphs;

    fn quotes(text: &str) -> Vec<(&str, usize)> {
        let paras = paragraphs(text, 0..text.len());
        find_quotes(text, &paras)
            .into_iter()
            .map(|q| (&text[q.span], q.depth))
            .collect()
    }

    #[test]
    fn every_quote_style_is_found() {
        let cases = [
            ("He said \"yes\" twice.", "\"yes\""),
            ("He said “yes” twice.", "“yes”"),
            ("Er sagte „ja“ zweimal.", "„ja“"),
            ("Il a dit «oui» deux fois.", "«oui»"),
            ("Er sagte »ja« zweimal.", "»ja«"),
            ("He said ‘yes’ twice.", "‘yes’"),
            ("He said 'yes' twice.", "'yes'"),
        ];
        for (text, expected) in cases {
            assert_eq!(quotes(text), [(expected, 0)], "in {text:?}");
        }
    }

    #[test]
    fn marks_of_every_style_are_read_in_text_order() {
        // Guillemets are found by a search of their own; the nesting shows that their
        // marks are still taken in turn with the others.
        let text = "A «one “two” x» then “three «four» y”, \"five\" and ‘six’.";
        assert_eq!(
            quotes(text),
            [
                ("«one “two” x»", 0),
                ("“two”", 1),
                ("“three «four» y”", 0),
                ("«four»", 1),
                ("\"five\"", 0),
                ("‘six’", 0),
            ]
        );
    }

    #[test]
    fn apostrophes_are_not_quotes() {
        assert!(
            quotes("Turkey’s and Azerbaijan’s ministers; the Armenians’ view; rock'n'roll.")
                .is_empty()
        );
    }

    #[test]
    fn an_apostrophe_inside_a_single_quote_does_not_close_it() {
        assert_eq!(
            quotes("He called it ‘Turkey’s war’ today."),
            [("‘Turkey’s war’", 0)]
        );
    }

    #[test]
    fn nested_quotes_are_found_at_their_depth() {
        let found = quotes("“They call it ‘liberation’,” he said.");
        assert_eq!(
            found,
            [("“They call it ‘liberation’,”", 0), ("‘liberation’", 1)]
        );
    }

    #[test]
    fn an_unclosed_quote_ends_with_its_paragraph() {
        let text = "He said “this never closes.\n\nNext paragraph is own voice.";
        assert_eq!(quotes(text), [("“this never closes.", 0)]);
    }

    #[test]
    fn a_quote_continues_when_the_next_paragraph_reopens_it() {
        let text = "“First part of a long quote.\n\n“Second part,” she said.\n\nOwn voice.";
        assert_eq!(
            quotes(text),
            [("“First part of a long quote.\n\n“Second part,”", 0)]
        );
    }

    #[test]
    fn an_unclosed_single_quote_is_dropped_at_the_paragraph_end() {
        assert!(quotes("Back in the '90s it was calm.").is_empty());
    }

    #[test]
    fn thousands_of_unbalanced_marks_stay_within_their_paragraphs() {
        let text = format!("{}\n\nplain", "“a ".repeat(5000));
        let found = quotes(&text);
        assert_eq!(found.len(), 5000);
        assert!(found.iter().all(|(q, _)| !q.contains("plain")));
    }

    #[test]
    fn a_close_finds_its_family_under_thousands_of_open_marks() {
        let text = format!("“outer {}end” after", "«x „y ".repeat(2000));
        let found = quotes(&text);
        let outer: Vec<_> = found.iter().filter(|(_, depth)| *depth == 0).collect();
        assert_eq!(outer.len(), 1);
        assert!(outer[0].0.starts_with("“outer") && outer[0].0.ends_with("end”"));
        assert_eq!(found.len(), 4001);
    }
}
