//! Front matter: a leading `---` block of `key: value` lines.

use std::collections::BTreeMap;

/// What the front matter of a document says, and where its body starts.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FrontMatter {
    /// Keys (lower-cased) and values, quotes around values removed.
    pub meta: BTreeMap<String, String>,
    /// Byte offset where the body starts (0 without front matter).
    pub body_start: usize,
    /// Problems found, each with its 1-based line number.
    pub problems: Vec<(usize, String)>,
}

/// Reads the front matter at the start of `text`, if any.
///
/// A block that never closes is reported and the whole text is taken as body; a line
/// without a colon is reported and skipped.
pub fn parse(text: &str) -> FrontMatter {
    let mut lines = line_starts(text);
    let Some((_, first)) = lines.next() else {
        return FrontMatter::default();
    };
    if first.trim_end() != "---" {
        return FrontMatter::default();
    }
    let mut found = FrontMatter::default();
    for (number, (start, line)) in lines.enumerate() {
        let line_number = number + 2;
        let content = line.trim();
        if content == "---" || content == "..." {
            found.body_start = start + line.len();
            return found;
        }
        if content.is_empty() || content.starts_with('#') {
            continue;
        }
        match content.split_once(':') {
            Some((key, value)) if !key.trim().is_empty() => {
                found
                    .meta
                    .insert(key.trim().to_lowercase(), unquote(value.trim()).to_string());
            }
            _ => found.problems.push((
                line_number,
                format!("front matter line `{content}` is not `key: value`; it is ignored"),
            )),
        }
    }
    FrontMatter {
        meta: BTreeMap::new(),
        body_start: 0,
        problems: vec![(
            1,
            "front matter opened with `---` is never closed; add a `---` line after it \
             (the whole file is read as article text)"
                .to_string(),
        )],
    }
}

/// Lines of `text` with their byte offsets, line ends included in each line.
fn line_starts(text: &str) -> impl Iterator<Item = (usize, &str)> {
    text.split_inclusive('\n').scan(0, |offset, line| {
        let start = *offset;
        *offset += line.len();
        Some((start, line))
    })
}

fn unquote(value: &str) -> &str {
    for quote in ['"', '\''] {
        if let Some(inner) = value
            .strip_prefix(quote)
            .and_then(|v| v.strip_suffix(quote))
        {
            return inner;
        }
    }
    value
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_keys_and_finds_the_body() {
        let text = "---\noutlet: \"The Wire\"\nDate: 2020-10-11\n---\nBody.";
        let found = parse(text);
        assert_eq!(found.meta["outlet"], "The Wire");
        assert_eq!(found.meta["date"], "2020-10-11");
        assert_eq!(&text[found.body_start..], "Body.");
        assert!(found.problems.is_empty());
    }

    #[test]
    fn crlf_front_matter_is_read() {
        let text = "---\r\noutlet: X\r\n---\r\nBody.";
        let found = parse(text);
        assert_eq!(found.meta["outlet"], "X");
        assert_eq!(&text[found.body_start..], "Body.");
    }

    #[test]
    fn no_front_matter_means_all_body() {
        assert_eq!(parse("Just text.\n---\n").body_start, 0);
        assert_eq!(parse("").body_start, 0);
    }

    #[test]
    fn an_unclosed_block_is_reported_and_ignored() {
        let found = parse("---\noutlet: X\nBody text.");
        assert_eq!(found.body_start, 0);
        assert!(found.meta.is_empty());
        assert_eq!(found.problems[0].0, 1);
    }

    #[test]
    fn a_line_without_a_colon_is_reported_with_its_number() {
        let found = parse("---\noutlet: X\nnonsense\n---\nBody");
        assert_eq!(found.meta["outlet"], "X");
        assert_eq!(
            found.problems,
            [(
                3,
                "front matter line `nonsense` is not `key: value`; it is ignored".to_string()
            )]
        );
    }
}
