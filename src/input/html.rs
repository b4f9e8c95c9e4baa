//! Article extraction from saved web pages: parses the HTML (with `scraper`, built on
//! html5ever), picks the element that holds the article, and turns its headings,
//! paragraphs, list items and blockquotes into plain text, one paragraph per block. Page
//! chrome (navigation, scripts, footers, share and "read more" boxes, captions) is left
//! out. Also reads the page's metadata (outlet, date, title, url, author) under the keys
//! front matter uses.

use std::collections::BTreeMap;
use std::ops::Deref;

use scraper::node::Element;
use scraper::{ElementRef, Html, Node};

pub use super::html_tree::{MAX_DEPTH, TooDeep};

/// What was extracted from an HTML page.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Extracted {
    /// The headline (first h1 in the article, else `<title>`), if any.
    pub title: Option<String>,
    /// The article text: the headline first (if any) then one paragraph per block,
    /// paragraphs separated by a blank line (`"\n\n"`), whitespace inside a paragraph
    /// collapsed to single spaces, entities decoded. Blockquote paragraphs start with `"> "`.
    pub text: String,
    /// Metadata found in the page, keyed like front matter: `outlet` (og:site_name, or
    /// application-name), `date` (article:published_time, or `<time datetime>` inside the
    /// article, or meta name=date), `title`, `url` (og:url or link rel=canonical), `author`
    /// (meta name=author).
    pub meta: BTreeMap<String, String>,
}

/// Extracts the article from `html`; a page nested deeper than browsers nest is refused.
pub fn extract(html: &str) -> Result<Extracted, TooDeep> {
    let doc = super::html_tree::parse(html)?;
    let root = content_root(&doc);
    let raw = page_meta(&doc);
    let outlet = first_of(&raw, &["og:site_name", "application-name"]);
    let walked = walk(root);
    let title = match walked.title {
        Some(index) => Some(walked.blocks[index].clone()),
        None => page_title(&doc).map(|title| strip_outlet(&title, outlet.as_deref())),
    };
    let text = compose_text(title.as_deref(), walked.blocks, walked.title);
    let mut meta = BTreeMap::new();
    let mut put = |key: &str, value: Option<String>| {
        if let Some(value) = value {
            meta.insert(key.to_string(), value);
        }
    };
    put("outlet", outlet);
    put("date", page_date(&raw, root));
    put("title", title.clone());
    put("url", first_of(&raw, &["og:url", "canonical"]));
    put("author", first_of(&raw, &["author"]));
    Ok(Extracted { title, text, meta })
}

/// A node of the parsed tree (named through `ElementRef`, which derefs to it).
type NodeRef<'a> = <ElementRef<'a> as Deref>::Target;

/// Elements whose text is never article text. (`<header>` too, but for the article's own:
/// see [`is_own_header`].)
const DROPPED_TAGS: &[&str] = &[
    "script",
    "style",
    "noscript",
    "template",
    "nav",
    "footer",
    "aside",
    "form",
    "button",
    "select",
    "textarea",
    "iframe",
    "object",
    "embed",
    "canvas",
    "svg",
    "math",
    "figcaption",
];

/// ARIA roles of page chrome.
const DROPPED_ROLES: &[&str] = &[
    "navigation",
    "banner",
    "contentinfo",
    "complementary",
    "search",
];

/// Words in a class or id that mark boilerplate when a word starts with them.
const BOILERPLATE_PREFIXES: &[&str] = &[
    "social",
    "related",
    "newsletter",
    "advert",
    "promo",
    "breadcrumb",
    "comments",
    "readmore",
    "sharing",
    "sharebar",
    "sharetool",
];

/// Words in a class or id that mark boilerplate when a word is exactly one of them.
const BOILERPLATE_WORDS: &[&str] = &["share", "shares", "ad", "ads"];

/// Elements whose text runs on inside the surrounding paragraph.
const INLINE_TAGS: &[&str] = &[
    "a", "abbr", "b", "bdi", "bdo", "cite", "code", "data", "del", "dfn", "em", "font", "i", "ins",
    "kbd", "mark", "q", "s", "samp", "small", "span", "strong", "sub", "sup", "time", "u", "var",
    "wbr", "br",
];

/// Elements that become paragraphs of their own.
const BLOCK_TAGS: &[&str] = &["p", "li", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6"];

/// Picks the element holding the article: the `<article>` with the most paragraph text,
/// else `<main>` or `[role=main]`, else the div or section with the most text in direct
/// `<p>` children, else `<body>`. Elements inside page chrome are not candidates.
fn content_root(doc: &Html) -> ElementRef<'_> {
    let candidates = outside_chrome(doc.root_element());
    let named = |names: &'static [&'static str]| {
        candidates
            .iter()
            .copied()
            .filter(move |el| names.contains(&el.value().name()))
    };
    best_by(named(&["article"]), paragraph_text_len)
        .or_else(|| {
            candidates
                .iter()
                .copied()
                .find(|el| el.value().name() == "main" || role(el.value()) == "main")
        })
        .or_else(|| {
            best_by(named(&["div", "section"]), direct_paragraph_text_len)
                .filter(|el| direct_paragraph_text_len(*el) > 0)
        })
        .or_else(|| named(&["body"]).next())
        .unwrap_or_else(|| doc.root_element())
}

/// The elements under `top` (itself included) that are not page chrome nor inside it, in
/// page order. An `<article>` or `<main>` is never ruled out by its class alone
/// (`article--has-ads`). Walks without recursion, so deeply nested pages can't overflow
/// the stack.
fn outside_chrome(top: ElementRef<'_>) -> Vec<ElementRef<'_>> {
    let mut found = Vec::new();
    let mut stack = vec![top];
    while let Some(el) = stack.pop() {
        let value = el.value();
        let structural = matches!(value.name(), "article" | "main");
        if is_chrome_tag(value)
            || value.name() == "header"
            || (is_boilerplate(value) && !structural)
        {
            continue;
        }
        found.push(el);
        stack.extend(el.child_elements().collect::<Vec<_>>().into_iter().rev());
    }
    found
}

/// The item with the highest score; the first one on ties.
fn best_by<'a>(
    items: impl Iterator<Item = ElementRef<'a>>,
    score: impl Fn(ElementRef<'a>) -> usize,
) -> Option<ElementRef<'a>> {
    let mut best: Option<(usize, ElementRef<'a>)> = None;
    for item in items {
        let value = score(item);
        if best.is_none_or(|(top, _)| value > top) {
            best = Some((value, item));
        }
    }
    best.map(|(_, item)| item)
}

/// Characters of text in the `<p>` elements under `el`.
fn paragraph_text_len(el: ElementRef<'_>) -> usize {
    el.descendent_elements()
        .filter(|p| p.value().name() == "p")
        .map(text_len)
        .sum()
}

/// Characters of text in the `<p>` children of `el`.
fn direct_paragraph_text_len(el: ElementRef<'_>) -> usize {
    el.child_elements()
        .filter(|p| p.value().name() == "p")
        .map(text_len)
        .sum()
}

/// Characters of non-blank text under `el`.
fn text_len(el: ElementRef<'_>) -> usize {
    el.text().map(|t| t.trim().chars().count()).sum()
}

/// True for elements that are page chrome by tag, by ARIA role, or by the `hidden`
/// attribute.
fn is_chrome_tag(el: &Element) -> bool {
    DROPPED_TAGS.contains(&el.name())
        || DROPPED_ROLES.contains(&role(el).as_str())
        || el.attr("hidden").is_some()
}

/// True when the class or id marks boilerplate; never for `<html>` or `<body>`, whose
/// classes describe the whole page (`ads-enabled` and the like).
fn is_boilerplate(el: &Element) -> bool {
    !matches!(el.name(), "html" | "body")
        && (is_boilerplate_name(el.attr("class").unwrap_or(""))
            || is_boilerplate_name(el.id().unwrap_or("")))
}

/// The element's ARIA role, lowercased.
fn role(el: &Element) -> String {
    el.attr("role").unwrap_or("").trim().to_ascii_lowercase()
}

/// True when a class list or id names boilerplate (share, social, related, newsletter,
/// advert, ad-, promo, comments, breadcrumb, read-more). Taxonomy classes such as
/// `category-social` or `tag-shares` (WordPress puts them on articles) don't count.
fn is_boilerplate_name(names: &str) -> bool {
    names
        .split_whitespace()
        .filter(|token| {
            let token = token.to_ascii_lowercase();
            !token.starts_with("category-") && !token.starts_with("tag-")
        })
        .any(|token| {
            let words = name_words(token);
            words.iter().any(|word| is_boilerplate_word(word))
                || words.windows(2).any(|pair| pair == ["read", "more"])
        })
}

/// True for one boilerplate word of a class or id.
fn is_boilerplate_word(word: &str) -> bool {
    BOILERPLATE_WORDS.contains(&word)
        || BOILERPLATE_PREFIXES
            .iter()
            .any(|prefix| word.starts_with(prefix))
}

/// Splits a class or id into lowercase words at non-alphanumerics and camelCase humps.
fn name_words(token: &str) -> Vec<String> {
    let mut words = Vec::new();
    let mut word = String::new();
    let mut previous_lower = false;
    for c in token.chars() {
        if !c.is_alphanumeric() || (c.is_uppercase() && previous_lower) {
            words.extend((!word.is_empty()).then(|| std::mem::take(&mut word)));
        }
        if c.is_alphanumeric() {
            word.extend(c.to_lowercase());
        }
        previous_lower = c.is_lowercase();
    }
    words.extend((!word.is_empty()).then_some(word));
    words
}

/// True when a `<header>` under `root` belongs to the article (its headline is kept):
/// the root is not the whole body, or the header sits in an article, main or section.
fn is_own_header(node: NodeRef<'_>, root: NodeRef<'_>) -> bool {
    let root_is_body = root
        .value()
        .as_element()
        .is_some_and(|el| matches!(el.name(), "body" | "html"));
    !root_is_body
        || node
            .ancestors()
            .take_while(|n| *n != root)
            .filter_map(|n| n.value().as_element())
            .any(|el| matches!(el.name(), "article" | "main" | "section"))
}

/// What an element was taken for when it was entered, so leaving it undoes the same.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Kind {
    /// A paragraph of its own; `quote` for blockquotes, `heading` for h1-h6, `h1` for h1.
    Block {
        quote: bool,
        heading: bool,
        h1: bool,
    },
    /// The article's own header: only its headings are kept.
    Header,
    /// A block-level element that isn't kept itself: words on either side stay apart.
    Boundary,
    /// Inline: text runs on.
    Inline,
    /// An inline quotation (`<q>`): its text gets the quotation marks a browser shows.
    InlineQuote,
}

/// One step of the walk.
enum Step<'a> {
    /// Visit a node and its children.
    Enter(NodeRef<'a>),
    /// Done with an element entered as this kind.
    Leave(Kind),
}

/// The paragraphs found under the root.
#[derive(Debug, Default)]
struct Walked {
    /// The paragraphs, in page order.
    blocks: Vec<String>,
    /// Index of the first h1 paragraph, if any.
    title: Option<usize>,
    /// How many paragraphs came from `<p>`, `<li>` or `<blockquote>` (not headings).
    body_blocks: usize,
}

/// Walks the root's subtree, collecting paragraphs; if only headings had text, walks
/// again keeping loose text, so a story written as bare text in `<div>`s still gives
/// something.
fn walk(root: ElementRef<'_>) -> Walked {
    let root_text = paragraph_text_len(root);
    let walked = Walker::new(false, root_text).run(*root);
    if walked.body_blocks == 0 {
        Walker::new(true, root_text).run(*root)
    } else {
        walked
    }
}

/// The state of one walk over the content root.
#[derive(Debug, Default)]
struct Walker {
    /// Keep text outside blocks too, with every block-level element a paragraph break.
    loose: bool,
    /// Characters of paragraph text in the whole root.
    root_text: usize,
    /// The text of the paragraph being read.
    buffer: String,
    /// How many kept blocks are open.
    blocks_open: usize,
    /// How many blockquotes are open.
    quotes_open: usize,
    /// How many headings are open.
    headings_open: usize,
    /// How many `<q>` are open.
    inline_quotes_open: usize,
    /// How many of the article's own headers are open.
    headers_open: usize,
    /// What was found.
    out: Walked,
}

impl Walker {
    fn new(loose: bool, root_text: usize) -> Self {
        Walker {
            loose,
            root_text,
            ..Walker::default()
        }
    }

    /// Walks without recursion, so deeply nested pages can't overflow the stack.
    fn run(mut self, root: NodeRef<'_>) -> Walked {
        let mut stack = vec![Step::Enter(root)];
        while let Some(step) = stack.pop() {
            match step {
                Step::Leave(kind) => self.leave(kind),
                Step::Enter(node) => match node.value() {
                    Node::Text(text) => self.text(text),
                    Node::Element(el) if node == root || !self.skips(el, node, root) => {
                        let kind = self.enter(el);
                        stack.push(Step::Leave(kind));
                        stack.extend(node.children().rev().map(Step::Enter));
                    }
                    _ => {}
                },
            }
        }
        self.flush();
        self.out
    }

    /// True when an element under the root is left out with everything in it. An element
    /// whose class looks like boilerplate but that holds most of the article's paragraph
    /// text is kept: it is a wrapper, not a box beside the story.
    fn skips(&self, el: &Element, node: NodeRef<'_>, root: NodeRef<'_>) -> bool {
        let holds_most = || {
            ElementRef::wrap(node)
                .is_some_and(|el| self.root_text > 0 && 2 * paragraph_text_len(el) > self.root_text)
        };
        is_chrome_tag(el)
            || (el.name() == "header" && !is_own_header(node, root))
            || (is_boilerplate(el) && !holds_most())
    }

    /// Starts an element and says what it was taken for.
    fn enter(&mut self, el: &Element) -> Kind {
        let name = el.name();
        let kind = self.kind_of(name);
        match kind {
            Kind::Block { quote, heading, .. } => {
                self.flush();
                self.blocks_open += 1;
                self.quotes_open += usize::from(quote);
                self.headings_open += usize::from(heading);
            }
            Kind::Header => {
                self.flush();
                self.headers_open += 1;
            }
            Kind::Boundary => self.boundary(),
            Kind::Inline if name == "br" => self.buffer.push(' '),
            Kind::Inline => {}
            Kind::InlineQuote => {
                let mark = if self.inline_quotes_open == 0 {
                    "“"
                } else {
                    "‘"
                };
                self.text(mark);
                self.inline_quotes_open += 1;
            }
        }
        kind
    }

    /// What an element is taken for here.
    fn kind_of(&self, name: &str) -> Kind {
        let heading = matches!(name, "h1" | "h2" | "h3" | "h4" | "h5" | "h6");
        if name == "header" {
            Kind::Header
        } else if BLOCK_TAGS.contains(&name) && (heading || self.headers_open == 0) {
            Kind::Block {
                quote: name == "blockquote",
                heading,
                h1: name == "h1",
            }
        } else if name == "q" {
            Kind::InlineQuote
        } else if INLINE_TAGS.contains(&name) {
            Kind::Inline
        } else {
            Kind::Boundary
        }
    }

    /// Ends an element entered as `kind`.
    fn leave(&mut self, kind: Kind) {
        match kind {
            Kind::Block { quote, heading, h1 } => {
                let found = self.flush();
                if h1 && found && self.quotes_open == 0 && self.out.title.is_none() {
                    self.out.title = Some(self.out.blocks.len() - 1);
                }
                self.blocks_open -= 1;
                self.quotes_open -= usize::from(quote);
                self.headings_open -= usize::from(heading);
            }
            Kind::Header => {
                self.flush();
                self.headers_open -= 1;
            }
            Kind::Boundary => self.boundary(),
            Kind::Inline => {}
            Kind::InlineQuote => {
                self.inline_quotes_open -= 1;
                let mark = if self.inline_quotes_open == 0 {
                    "”"
                } else {
                    "’"
                };
                self.text(mark);
            }
        }
    }

    /// Keeps words on either side of a block-level element apart.
    fn boundary(&mut self) {
        if self.loose {
            self.flush();
        } else {
            self.buffer.push(' ');
        }
    }

    /// Takes a text node if it is inside a kept block (or the walk is loose).
    fn text(&mut self, text: &str) {
        let in_header_text = self.headers_open > 0 && self.blocks_open == 0;
        if self.blocks_open > 0 || (self.loose && !in_header_text) {
            self.buffer.push_str(text);
        }
    }

    /// Ends the paragraph being read; true when it had text.
    fn flush(&mut self) -> bool {
        let text = collapse(&self.buffer);
        self.buffer.clear();
        if text.is_empty() {
            return false;
        }
        let prefix = if self.quotes_open > 0 { "> " } else { "" };
        self.out.blocks.push(format!("{prefix}{text}"));
        self.out.body_blocks += usize::from(self.blocks_open > self.headings_open);
        true
    }
}

/// Collapses runs of whitespace to single spaces and trims the ends; drops soft hyphens
/// and zero-width spaces, which are invisible on the page but would split words.
fn collapse(text: &str) -> String {
    text.split_whitespace()
        .map(|word| word.replace(['\u{ad}', '\u{200b}'], ""))
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

/// The article text: the headline, then the other paragraphs.
fn compose_text(title: Option<&str>, mut blocks: Vec<String>, title_at: Option<usize>) -> String {
    if let Some(index) = title_at {
        blocks.remove(index);
    }
    title
        .map(str::to_string)
        .into_iter()
        .chain(blocks)
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// The page's `<title>` (not an SVG's), whitespace collapsed, if it has text.
fn page_title(doc: &Html) -> Option<String> {
    doc.root_element()
        .descendent_elements()
        .find(|el| {
            el.value().name() == "title"
                && !el
                    .ancestors()
                    .filter_map(|n| n.value().as_element())
                    .any(|a| a.name() == "svg")
        })
        .map(|el| collapse(&el.text().collect::<String>()))
        .filter(|title| !title.is_empty())
}

/// Drops a trailing " | Outlet" (or " - ", " – ", " — ", " :: ") from a page title.
fn strip_outlet(title: &str, outlet: Option<&str>) -> String {
    let Some(outlet) = outlet else {
        return title.to_string();
    };
    for separator in [" | ", " - ", " – ", " — ", " :: ", " · "] {
        if let Some(head) = title.strip_suffix(&format!("{separator}{outlet}"))
            && !head.trim().is_empty()
        {
            return head.trim().to_string();
        }
    }
    title.to_string()
}

/// The page's `<meta>` values by lowercased `property`, `name` or `itemprop` (first one
/// wins), plus `canonical` for `<link rel=canonical>`; values whitespace-collapsed.
fn page_meta(doc: &Html) -> BTreeMap<String, String> {
    let mut raw = BTreeMap::new();
    for el in doc.root_element().descendent_elements() {
        let el = el.value();
        let (keys, value) = match el.name() {
            "meta" => (
                ["property", "name", "itemprop"].map(|attr| el.attr(attr)),
                el.attr("content"),
            ),
            "link" if is_canonical(el) => ([Some("canonical"), None, None], el.attr("href")),
            _ => continue,
        };
        let value = collapse(value.unwrap_or(""));
        if value.is_empty() {
            continue;
        }
        for key in keys.into_iter().flatten() {
            raw.entry(key.trim().to_ascii_lowercase())
                .or_insert_with(|| value.clone());
        }
    }
    raw
}

/// True for `<link rel="canonical">` (rel is a space-separated list).
fn is_canonical(el: &Element) -> bool {
    el.attr("rel")
        .unwrap_or("")
        .split_whitespace()
        .any(|rel| rel.eq_ignore_ascii_case("canonical"))
}

/// The first of `keys` present in `raw`.
fn first_of(raw: &BTreeMap<String, String>, keys: &[&str]) -> Option<String> {
    keys.iter().find_map(|key| raw.get(*key).cloned())
}

/// The publication date: article:published_time, else the first `<time datetime>` in the
/// article, else meta name=date (or itemprop=datePublished).
fn page_date(raw: &BTreeMap<String, String>, root: ElementRef<'_>) -> Option<String> {
    first_of(raw, &["article:published_time"])
        .or_else(|| {
            root.descendent_elements()
                .filter(|el| el.value().name() == "time")
                .filter_map(|el| el.value().attr("datetime"))
                .map(collapse)
                .find(|date| !date.is_empty())
        })
        .or_else(|| first_of(raw, &["date", "datepublished"]))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The article of a page these tests expect to parse.
    fn extract(html: &str) -> Extracted {
        super::extract(html).expect("a page nested as pages are")
    }

    const WIRE: &str = include_str!("../../tests/fixtures/html/wire.html");
    const NO_ARTICLE: &str = include_str!("../../tests/fixtures/html/no-article.html");
    const META: &str = include_str!("../../tests/fixtures/html/meta.html");

    #[test]
    fn the_wire_page_gives_exactly_the_article_paragraphs() {
        let extracted = extract(WIRE);
        let expected = [
            "Harbor bridge reopens after six weeks of repairs",
            "The Harbor Street bridge reopened on Sunday after crews replaced worn cables & \
             resurfaced the deck.",
            "“We finished two days early,” said the project lead, Mara Quill. The city’s \
             engineers signed off on the work late on Saturday. Traffic resumed at noon.",
            "What changes for drivers",
            "The speed limit stays at 30 km/h.",
            "Cyclists get a separate lane.",
            "> It is a relief for everyone who commutes across the water.",
            "Some residents called the closure ‘a long headache’ but said the result was \
             worth it.",
        ]
        .join("\n\n");
        assert_eq!(extracted.text, expected);
        assert_eq!(
            extracted.title.as_deref(),
            Some("Harbor bridge reopens after six weeks of repairs")
        );
    }

    #[test]
    fn page_chrome_is_left_out() {
        let text = extract(WIRE).text;
        for chrome in [
            "Coastline Wire home",
            "Sport",
            "styled text",
            "tracking paragraph",
            "injected by script",
            "enable JavaScript",
            "Photo: Staff",
            "Read more",
            "Ferry timetable",
            "Share",
            "newsletter",
            "Related stories",
            "teaser",
            "All rights reserved",
            "Local news",
            "By Staff Reporter",
        ] {
            assert!(!text.contains(chrome), "{chrome:?} leaked into {text:?}");
        }
    }

    #[test]
    fn entities_are_decoded_and_quote_marks_kept() {
        let text = extract(WIRE).text;
        assert!(text.contains("cables & resurfaced"));
        assert!(text.contains("“We finished two days early,”"));
        assert!(text.contains("city’s"));
        assert!(!text.contains("&amp;") && !text.contains("&#8220;") && !text.contains("&rsquo;"));
    }

    #[test]
    fn without_an_article_the_div_with_most_paragraph_text_is_used() {
        let extracted = extract(NO_ARTICLE);
        assert_eq!(
            extracted.text,
            "Council votes on park plan\n\n\
             The town council voted five to two on Tuesday to turn the old depot into a park.\n\n\
             Supporters said the site had been empty for a decade. Opponents wanted housing \
             there instead.\n\n\
             Work is due to start in the spring."
        );
        assert_eq!(
            extracted.title.as_deref(),
            Some("Council votes on park plan")
        );
    }

    #[test]
    fn main_is_used_without_an_article() {
        let extracted = extract(
            "<body><div><p>Long sidebar text that is quite long indeed, longer than main.</p>\
             </div><main><p>Short body.</p></main></body>",
        );
        assert_eq!(extracted.text, "Short body.");
    }

    #[test]
    fn the_article_with_most_paragraph_text_wins() {
        let extracted = extract(
            "<article><p>Teaser.</p></article>\
             <article><h1>Real</h1><p>The real story has much more text.</p></article>",
        );
        assert_eq!(extracted.text, "Real\n\nThe real story has much more text.");
    }

    #[test]
    fn metadata_is_read_in_order_of_preference() {
        let extracted = extract(META);
        let meta: Vec<(&str, &str)> = extracted
            .meta
            .iter()
            .map(|(k, v)| (k.as_str(), v.as_str()))
            .collect();
        assert_eq!(
            meta,
            [
                ("author", "Ada Ferncastle"),
                ("date", "2020-10-11T08:00:00Z"),
                ("outlet", "The Northern Ledger"),
                ("title", "Market day returns to the square"),
                ("url", "https://ledger.example/market-day"),
            ]
        );
        assert_eq!(
            extracted.text,
            "Market day returns to the square\n\n\
             Stalls filled the square again on Saturday for the first market day of the \
             autumn.\n\n\
             Traders sold apples, cheese & bread until the early afternoon."
        );
    }

    #[test]
    fn metadata_fallbacks_are_used() {
        let extracted = extract(
            r#"<head><meta name="application-name" content="App Name">
               <meta name="date" content="2021-01-02">
               <link rel="canonical" href="https://x.example/a"></head>
               <body><article><time datetime="2021-01-01">Jan 1</time><p>Text.</p></article>"#,
        );
        assert_eq!(extracted.meta["outlet"], "App Name");
        assert_eq!(extracted.meta["date"], "2021-01-01");
        assert_eq!(extracted.meta["url"], "https://x.example/a");
        let no_time = extract(r#"<meta name="date" content="2021-01-02"><p>Text.</p>"#);
        assert_eq!(no_time.meta["date"], "2021-01-02");
    }

    #[test]
    fn script_text_that_looks_like_markup_does_not_leak() {
        let extracted = extract(
            "<article><p>Before.</p><script>var s = '</p><p>leak</p>';</script>\
             <p>After.</p></article>",
        );
        assert_eq!(extracted.text, "Before.\n\nAfter.");
    }

    #[test]
    fn malformed_html_still_extracts() {
        let extracted = extract(
            "<html><body><article><h1>Head</h1><p>First paragraph<p>Second</div> paragraph\
             <p>Third <b>bold <i>mixed</b> up</i></article>",
        );
        assert_eq!(
            extracted.text,
            "Head\n\nFirst paragraph\n\nSecond paragraph\n\nThird bold mixed up"
        );
    }

    #[test]
    fn inline_tags_and_breaks_do_not_glue_words() {
        let extracted = extract(
            "<article><p>One<br>two <em>three</em>\n<strong>four</strong><span> five</span>\
             <a href='#'>six</a>.</p><li><div>seven</div><div>eight</div></li></article>",
        );
        assert_eq!(extracted.text, "One two three four fivesix.\n\nseven eight");
    }

    #[test]
    fn blockquotes_become_quoted_paragraphs() {
        let extracted = extract(
            "<article><p>He wrote:</p><blockquote><p>First line.</p><p>Second \
             line.</p></blockquote><blockquote>Bare quote.</blockquote></article>",
        );
        assert_eq!(
            extracted.text,
            "He wrote:\n\n> First line.\n\n> Second line.\n\n> Bare quote."
        );
    }

    #[test]
    fn boilerplate_classes_are_matched_by_word() {
        assert!(is_boilerplate_name("article-share-bar"));
        assert!(is_boilerplate_name("ad-slot top"));
        assert!(is_boilerplate_name("GoogleAd"));
        assert!(is_boilerplate_name("relatedStories"));
        assert!(is_boilerplate_name("read-more"));
        assert!(is_boilerplate_name("js-comments"));
        assert!(!is_boilerplate_name("headline lead-paragraph"));
        assert!(!is_boilerplate_name("download-link"));
        assert!(!is_boilerplate_name(
            "post category-social-policy tag-shares"
        ));
    }

    #[test]
    fn a_wrapper_with_a_boilerplate_looking_class_is_kept() {
        let extracted = extract(
            "<body class='ads-on'><article><div class='ad-free-body'><p>Long story text \
             here.</p><div class='ad-slot'><p>Buy.</p></div></div></article></body>",
        );
        assert_eq!(extracted.text, "Long story text here.");
    }

    #[test]
    fn inline_quotes_get_the_marks_a_browser_shows() {
        let extracted = extract("<p>She said <q>we will <q>never</q> stop</q> today.</p>");
        assert_eq!(extracted.text, "She said “we will ‘never’ stop” today.");
    }

    #[test]
    fn soft_hyphens_do_not_split_words() {
        let extracted = extract("<article><p>Bundes&shy;regierung plans&#8203;.</p></article>");
        assert_eq!(extracted.text, "Bundesregierung plans.");
    }

    #[test]
    fn an_article_of_bare_text_in_divs_keeps_its_headline_and_text() {
        let extracted = extract(
            "<article><h1>Headline</h1><div class='body'>First part.<br><br>Second \
             part.</div><div>Third part.</div></article>",
        );
        assert_eq!(
            extracted.text,
            "Headline\n\nFirst part. Second part.\n\nThird part."
        );
        assert_eq!(extracted.title.as_deref(), Some("Headline"));
    }

    #[test]
    fn a_page_of_bare_text_still_gives_its_text() {
        let extracted = extract("<body>Just <b>some</b> text.<div>More.</div></body>");
        assert_eq!(extracted.text, "Just some text.\n\nMore.");
    }

    #[test]
    fn an_empty_page_gives_empty_text() {
        let extracted = extract("");
        assert_eq!(extracted.text, "");
        assert_eq!(extracted.title, None);
        assert!(extracted.meta.is_empty());
    }

    #[test]
    fn pages_nested_to_the_limit_are_walked_and_deeper_ones_refused() {
        // With the html and body elements the paragraph is at the deepest level allowed.
        let html = format!("{}<p>Deep.</p>", "<div>".repeat(MAX_DEPTH - 3));
        assert_eq!(extract(&html).text, "Deep.");
        let deeper = format!("<div>{html}");
        assert_eq!(super::extract(&deeper), Err(TooDeep { line: 1 }));
    }
}
