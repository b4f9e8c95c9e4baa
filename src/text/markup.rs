//! The parts of a Markdown (or HTML) document that are not prose: fenced and indented code
//! blocks, inline code, link and image URLs, autolinks, and HTML comments. `check` blanks
//! them out before scanning, keeping every byte offset and line break where it was.

use std::ops::Range;
use std::sync::LazyLock;

use regex::Regex;

/// `[text](url)` and `![alt](url "title")`: the part in parentheses.
static LINK_TARGET: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"\]\(([^()\s]*(?:\s+\x22[^\x22]*\x22)?)\)").expect("valid regex"));
/// `<https://...>` autolinks and bare URLs.
static URL: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(r"<[a-zA-Z][a-zA-Z0-9+.-]*:[^\s>]*>|\bhttps?://[^\s)>\]]+").expect("valid regex")
});
/// `[label]: url` reference definitions.
static REFERENCE: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"(?m)^ {0,3}\[[^\]]+\]:\s*\S+.*$").expect("valid regex"));

/// Byte ranges of `text[body]` that are code, URLs or comments, sorted and disjoint.
pub fn non_prose(text: &str, body: Range<usize>) -> Vec<Range<usize>> {
    let blocks = code_blocks(text, body.clone());
    let slice = &text[body.clone()];
    let outside_blocks =
        |r: &Range<usize>| !blocks.iter().any(|b| b.start <= r.start && r.end <= b.end);
    let mut inline: Vec<Range<usize>> = Vec::new();
    inline.extend(
        html_comments(slice)
            .into_iter()
            .map(|r| shift(r, body.start)),
    );
    inline.extend(inline_code(slice).into_iter().map(|r| shift(r, body.start)));
    for regex in [&*LINK_TARGET, &*URL, &*REFERENCE] {
        inline.extend(regex.find_iter(slice).map(|m| shift(m.range(), body.start)));
    }
    let inline: Vec<Range<usize>> = inline.into_iter().filter(|r| outside_blocks(r)).collect();
    merge(blocks.into_iter().chain(inline).collect())
}

/// `text` with every byte of `ranges` replaced by a space, line breaks kept, so offsets and
/// line numbers stay valid.
pub fn blank_out(text: &str, ranges: &[Range<usize>]) -> String {
    let mut bytes = text.as_bytes().to_vec();
    for range in ranges {
        for byte in &mut bytes[range.clone()] {
            if *byte != b'\n' && *byte != b'\r' {
                *byte = b' ';
            }
        }
    }
    // Whole UTF-8 sequences are replaced, since ranges fall on char boundaries.
    String::from_utf8(bytes).expect("ranges fall on char boundaries")
}

fn shift(range: Range<usize>, by: usize) -> Range<usize> {
    range.start + by..range.end + by
}

/// Fenced (``` or ~~~) and indented (four spaces or a tab, after a blank line) code blocks.
fn code_blocks(text: &str, body: Range<usize>) -> Vec<Range<usize>> {
    let mut blocks = Vec::new();
    let mut fence: Option<(String, usize)> = None;
    let mut previous_blank = true;
    let mut offset = body.start;
    for line in text[body.clone()].split_inclusive('\n') {
        let start = offset;
        offset += line.len();
        let trimmed = line.trim_start();
        if let Some((marker, open)) = &fence {
            if trimmed.starts_with(marker.as_str()) {
                blocks.push(*open..offset);
                fence = None;
            }
            continue;
        }
        let indent = line.len() - trimmed.len();
        if indent <= 3 && (trimmed.starts_with("```") || trimmed.starts_with("~~~")) {
            let marker: String = trimmed
                .chars()
                .take_while(|c| *c == '`' || *c == '~')
                .collect();
            fence = Some((marker, start));
            continue;
        }
        let indented = line.starts_with("    ") || line.starts_with('\t');
        if indented
            && !trimmed.is_empty()
            && (previous_blank || blocks.last().is_some_and(|b: &Range<usize>| b.end == start))
        {
            blocks.push(start..offset);
        }
        previous_blank = trimmed.trim_end().is_empty();
    }
    if let Some((_, open)) = fence {
        blocks.push(open..body.end);
    }
    blocks
}

/// `<!-- ... -->`, across lines.
fn html_comments(text: &str) -> Vec<Range<usize>> {
    let mut found = Vec::new();
    let mut from = 0;
    while let Some(open) = text[from..].find("<!--") {
        let start = from + open;
        let end = text[start + 4..]
            .find("-->")
            .map_or(text.len(), |close| start + 4 + close + 3);
        found.push(start..end);
        from = end;
    }
    found
}

/// Inline code spans: a run of backticks up to the next run of the same length.
fn inline_code(text: &str) -> Vec<Range<usize>> {
    let bytes = text.as_bytes();
    let mut found = Vec::new();
    let mut at = 0;
    while at < bytes.len() {
        if bytes[at] != b'`' {
            at += 1;
            continue;
        }
        let run = bytes[at..].iter().take_while(|b| **b == b'`').count();
        let mut search = at + run;
        let mut closed = None;
        while let Some(next) = text[search..].find('`') {
            let start = search + next;
            let len = bytes[start..].iter().take_while(|b| **b == b'`').count();
            if len == run {
                closed = Some(start + len);
                break;
            }
            search = start + len;
        }
        match closed {
            Some(end) => {
                found.push(at..end);
                at = end;
            }
            None => at += run,
        }
    }
    found
}

fn merge(mut ranges: Vec<Range<usize>>) -> Vec<Range<usize>> {
    ranges.sort_by_key(|r| (r.start, r.end));
    let mut merged: Vec<Range<usize>> = Vec::with_capacity(ranges.len());
    for range in ranges {
        match merged.last_mut() {
            Some(last) if range.start <= last.end => last.end = last.end.max(range.end),
            _ => merged.push(range),
        }
    }
    merged
}

#[cfg(test)]
mod tests {
    use super::*;

    fn masked(text: &str) -> Vec<&str> {
        non_prose(text, 0..text.len())
            .into_iter()
            .map(|r| &text[r])
            .collect()
    }

    #[test]
    fn fenced_and_indented_code_blocks_are_not_prose() {
        let text =
            "Prose.\n\n```toml\nregime = 1\n```\n\n    indented regime\n    more\n\nProse again.";
        let found = masked(text);
        assert_eq!(
            found,
            [
                "```toml\nregime = 1\n```\n",
                "    indented regime\n    more\n"
            ]
        );
    }

    #[test]
    fn inline_code_links_urls_and_comments_are_not_prose() {
        let text = "Use `regime` or ``a `b` c``; see [the regime](https://x.org/regime \"t\") and <https://y.org>.\n<!-- regime -->\n[ref]: https://z.org/regime";
        let found = masked(text);
        assert_eq!(
            found,
            [
                "`regime`",
                "``a `b` c``",
                "](https://x.org/regime \"t\")",
                "<https://y.org>",
                "<!-- regime -->",
                "[ref]: https://z.org/regime"
            ]
        );
    }

    #[test]
    fn blanking_keeps_offsets_and_lines() {
        let text = "a `Şuşa` b\nc";
        let ranges = non_prose(text, 0..text.len());
        let blank = blank_out(text, &ranges);
        assert_eq!(blank.len(), text.len());
        assert_eq!(blank.lines().count(), 2);
        assert!(blank.starts_with("a ") && blank.ends_with(" b\nc"));
        assert!(!blank.contains('`'));
    }

    #[test]
    fn an_unclosed_fence_runs_to_the_end() {
        let text = "Prose.\n```\ncode regime";
        assert_eq!(masked(text), ["```\ncode regime"]);
    }
}
