//! The HTML report: one self-contained page (inline CSS and a little JavaScript, no network
//! requests) with the summary table, a legend of the leans, filters, and the articles side
//! by side with every hit marked. Every piece of article text is escaped.
//!
//! Contract for tests and users' stylesheets: each hit is a `<mark>` with `data-source`,
//! `data-concept` (`lexicon/concept`), `data-lean` and `data-voice` (`own` or `quoted`);
//! quoted speech is wrapped in `<span class="quote">`; each article is a
//! `<section class="article" data-source="...">`; filters are the checkboxes `filter-own`,
//! `filter-quoted` and `filter-lean-LEAN`; unchecking one adds class `off` to its marks.

use std::collections::{BTreeMap, HashSet};
use std::fmt::Write as _;
use std::ops::Range;

use super::cells::{concept_label, summary_rows, variant_line};
use crate::analysis::{Comparison, HitRecord};
use crate::lexicon::{KindGroup, LexiconSet};
use crate::text::paragraphs;
use crate::voice::Voice;

/// One article as the report shows it.
#[derive(Debug, Clone)]
pub struct ArticleView {
    /// Its source.
    pub source: String,
    /// Where it was read from.
    pub origin: String,
    /// The whole text.
    pub text: String,
    /// The body within `text`.
    pub body: Range<usize>,
    /// Its hits, in text order (spans into `text`).
    pub hits: Vec<HitRecord>,
    /// Its top-level quotations.
    pub quotes: Vec<Range<usize>>,
}

/// Colour-blind-safe colours (Okabe and Ito) for the leans, in order of first use.
const PALETTE: &[&str] = &[
    "#E69F00", "#56B4E9", "#009E73", "#D55E00", "#CC79A7", "#0072B2", "#F0E442",
];
/// Grey, for neutral leans and terms without a lean.
const NEUTRAL_COLOUR: &str = "#999999";

/// Renders the report.
pub fn render(comparison: &Comparison, lexicons: &LexiconSet, articles: &[ArticleView]) -> String {
    let colours = lean_colours(lexicons, articles);
    let mut out = String::with_capacity(64 * 1024);
    out.push_str("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n");
    out.push_str("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    let sources = &comparison.sources;
    let names = sources.iter().take(NAMED_SOURCES).map(|s| s.name.clone());
    let title = first_few(names.collect(), sources.len(), " · ");
    let _ = writeln!(out, "<title>slant: {}</title>", escape(&title));
    let _ = writeln!(
        out,
        "<style>\n{STYLE}{}</style>\n</head>\n<body>",
        lean_style(&colours)
    );
    let _ = writeln!(
        out,
        "<header><h1>How {} sources frame the story</h1><p>Lexicons: {}. Marked: every lexicon term; \
         <span class=\"quote\">shaded</span> text is quoted speech.</p></header>\n<main>",
        comparison.sources.len(),
        escape(
            &lexicons
                .lexicons()
                .iter()
                .map(|l| l.title.as_str())
                .collect::<Vec<_>>()
                .join(", ")
        )
    );
    out.push_str("<section id=\"overview\" aria-labelledby=\"overview-title\">\n<h2 id=\"overview-title\">Summary</h2>\n");
    out.push_str(&legend(lexicons, &colours));
    out.push_str(&filters(&colours));
    out.push_str(&summary_table(comparison, lexicons));
    out.push_str("</section>\n<section id=\"texts\" aria-labelledby=\"texts-title\">\n<h2 id=\"texts-title\">The articles</h2>\n<div id=\"articles\">\n");
    let choices = Choices::new(comparison, lexicons);
    for (index, article) in articles.iter().enumerate() {
        out.push_str(&article_html(index, article, lexicons, &choices));
    }
    let _ = write!(
        out,
        "</div>\n</section>\n</main>\n<script>\n{SCRIPT}</script>\n</body>\n</html>\n"
    );
    out
}

/// Every lean that appears, with its colour: neutral leans grey, others from the palette.
fn lean_colours(lexicons: &LexiconSet, articles: &[ArticleView]) -> BTreeMap<String, &'static str> {
    let mut colours = BTreeMap::new();
    let mut next = 0;
    for hit in articles.iter().flat_map(|a| &a.hits) {
        let lean = lean_of(hit);
        if colours.contains_key(&lean) {
            continue;
        }
        let neutral = hit
            .lean
            .as_deref()
            .is_none_or(|l| lexicons.lexicon(hit.term.lexicon).is_neutral_lean(l));
        let colour = if neutral {
            NEUTRAL_COLOUR
        } else {
            next += 1;
            PALETTE[(next - 1) % PALETTE.len()]
        };
        colours.insert(lean, colour);
    }
    colours
}

fn lean_of(hit: &HitRecord) -> String {
    hit.lean.clone().unwrap_or_else(|| "none".to_string())
}

fn lean_style(colours: &BTreeMap<String, &str>) -> String {
    let mut css = String::new();
    for (lean, colour) in colours {
        let class = class_name(lean);
        let _ = writeln!(
            css,
            "mark.lean-{class} {{ background: color-mix(in srgb, {colour} 35%, white); border-bottom: 3px solid {colour}; }}\n\
             .swatch.lean-{class} {{ background: color-mix(in srgb, {colour} 35%, white); border-bottom: 3px solid {colour}; }}"
        );
    }
    css
}

fn legend(lexicons: &LexiconSet, colours: &BTreeMap<String, &str>) -> String {
    let mut out = String::from("<dl class=\"legend\" aria-label=\"Leans\">\n");
    for lean in colours.keys() {
        let description = lexicons
            .lexicons()
            .iter()
            .find_map(|l| l.leans.get(lean))
            .map_or("No lean", String::as_str);
        let _ = writeln!(
            out,
            "<div><dt><span class=\"swatch lean-{}\">{}</span></dt><dd>{}</dd></div>",
            class_name(lean),
            escape(lean),
            escape(description)
        );
    }
    out.push_str("</dl>\n");
    out
}

fn filters(colours: &BTreeMap<String, &str>) -> String {
    let mut out = String::from("<fieldset id=\"filters\"><legend>Show</legend>\n");
    out.push_str("<label><input type=\"checkbox\" id=\"filter-own\" data-voice=\"own\" checked> own voice</label>\n");
    out.push_str("<label><input type=\"checkbox\" id=\"filter-quoted\" data-voice=\"quoted\" checked> quoted speech</label>\n");
    for lean in colours.keys() {
        let _ = writeln!(
            out,
            "<label><input type=\"checkbox\" id=\"filter-lean-{}\" data-lean=\"{}\" checked> {}</label>",
            class_name(lean),
            escape(lean),
            escape(lean)
        );
    }
    out.push_str("</fieldset>\n");
    out
}

fn summary_table(comparison: &Comparison, lexicons: &LexiconSet) -> String {
    let columns = comparison.sources.len() + 1;
    let mut out = String::from(
        "<table id=\"summary\">\n<caption>Variants each source used, by concept. ≠ marks concepts where sources chose different leans in their own voice; click a concept to light it up in the articles.</caption>\n<thead><tr><th scope=\"col\">Concept</th>",
    );
    for source in &comparison.sources {
        let _ = write!(out, "<th scope=\"col\">{}</th>", escape(&source.name));
    }
    out.push_str("</tr></thead>\n<tbody>\n");
    let mut group: Option<KindGroup> = None;
    for row in &comparison.rows {
        if group != Some(row.group) {
            group = Some(row.group);
            let _ = writeln!(
                out,
                "<tr class=\"group\"><th colspan=\"{columns}\" scope=\"colgroup\">{}</th></tr>",
                row.group.title()
            );
        }
        let id = format!(
            "{}/{}",
            lexicons.lexicon(row.concept.lexicon).id,
            lexicons.concept(row.concept).id
        );
        let class = if row.divergent {
            "concept divergent"
        } else {
            "concept"
        };
        let _ = write!(
            out,
            "<tr class=\"{class}\" data-concept=\"{}\"><th scope=\"row\"><button type=\"button\" aria-pressed=\"false\">{}</button></th>",
            escape(&id),
            escape(&concept_label(row, lexicons))
        );
        for cell in &row.cells {
            let lines: Vec<String> = cell
                .variants
                .iter()
                .map(|v| escape(&variant_line(v, lexicons).text))
                .collect();
            let text = if lines.is_empty() {
                "—".to_string()
            } else {
                lines.join("<br>")
            };
            let _ = write!(out, "<td>{text}</td>");
        }
        out.push_str("</tr>\n");
    }
    let _ = writeln!(
        out,
        "<tr class=\"group\"><th colspan=\"{columns}\" scope=\"colgroup\">Summary</th></tr>"
    );
    for (title, cells) in summary_rows(comparison) {
        let _ = write!(
            out,
            "<tr class=\"totals\"><th scope=\"row\">{}</th>",
            escape(title)
        );
        for cell in cells {
            let _ = write!(out, "<td>{}</td>", escape(&cell));
        }
        out.push_str("</tr>\n");
    }
    out.push_str("</tbody>\n</table>\n");
    out
}

/// Each group's variants of each concept as a short text, for the marks' tooltips.
struct Choices {
    /// Per concept id, every group with its variants, in group order.
    by_concept: BTreeMap<String, Vec<(String, String)>>,
    /// The names of the groups, each of which every list holds once.
    groups: HashSet<String>,
}

impl Choices {
    fn new(comparison: &Comparison, lexicons: &LexiconSet) -> Self {
        let mut by_concept = BTreeMap::new();
        for row in &comparison.rows {
            let id = format!(
                "{}/{}",
                lexicons.lexicon(row.concept.lexicon).id,
                lexicons.concept(row.concept).id
            );
            let per_source = comparison
                .sources
                .iter()
                .zip(&row.cells)
                .map(|(source, cell)| {
                    let used: Vec<String> = cell
                        .variants
                        .iter()
                        .map(|v| variant_line(v, lexicons).text)
                        .collect();
                    (
                        source.name.clone(),
                        if used.is_empty() {
                            "—".to_string()
                        } else {
                            used.join(", ")
                        },
                    )
                })
                .collect();
            by_concept.insert(id, per_source);
        }
        let groups = comparison.sources.iter().map(|s| s.name.clone()).collect();
        Choices { by_concept, groups }
    }

    /// What the groups other than `source` use for the concept `concept_id`: the first
    /// [`NAMED_SOURCES`] of them, and how many more there are.
    fn others(&self, concept_id: &str, source: &str) -> String {
        let Some(list) = self.by_concept.get(concept_id) else {
            return String::new();
        };
        let named: Vec<String> = list
            .iter()
            .filter(|(group, _)| group != source)
            .take(NAMED_SOURCES)
            .map(|(group, used)| format!("{group}: {used}"))
            .collect();
        let others = list.len() - usize::from(self.groups.contains(source));
        first_few(named, others, "; ")
    }
}

fn article_html(
    index: usize,
    article: &ArticleView,
    lexicons: &LexiconSet,
    choices: &Choices,
) -> String {
    let mut out = String::new();
    let _ = writeln!(
        out,
        "<section class=\"article\" data-source=\"{}\" aria-labelledby=\"article-{index}\">\n<h3 id=\"article-{index}\">{}</h3>\n<p class=\"origin\">{}</p>",
        escape(&article.source),
        escape(&article.source),
        escape(&article.origin)
    );
    for paragraph in paragraphs(&article.text, article.body.clone()) {
        let hits: Vec<&HitRecord> = article
            .hits
            .iter()
            .filter(|h| h.span.start >= paragraph.start && h.span.end <= paragraph.end)
            .collect();
        let quotes = clip_quotes(&article.quotes, &paragraph, &hits);
        let (tag, skip) = block_kind(&article.text[paragraph.clone()]);
        let content = paragraph.start + skip..paragraph.end;
        let _ = write!(out, "<{tag}>");
        out.push_str(&paragraph_html(
            &article.text,
            content,
            &hits,
            &quotes,
            article,
            lexicons,
            choices,
        ));
        let _ = writeln!(out, "</{tag}>");
    }
    out.push_str("</section>\n");
    out
}

/// How a paragraph is shown: Markdown headings as `h4` and blockquotes as `blockquote`,
/// with their markers left out; everything else as `p`.
fn block_kind(paragraph: &str) -> (&'static str, usize) {
    let marker = |c: char| paragraph.len() - paragraph.trim_start_matches(c).trim_start().len();
    if paragraph.starts_with('#') {
        ("h4", marker('#'))
    } else if paragraph.starts_with('>') {
        ("blockquote", marker('>'))
    } else {
        ("p", 0)
    }
}

/// The quotations within `paragraph`, moved off the inside of any mark so tags nest.
fn clip_quotes(
    quotes: &[Range<usize>],
    paragraph: &Range<usize>,
    hits: &[&HitRecord],
) -> Vec<Range<usize>> {
    let inside = |at: usize| {
        hits.iter()
            .find(|h| h.span.start < at && at < h.span.end)
            .map(|h| h.span.clone())
    };
    quotes
        .iter()
        .filter(|q| q.start < paragraph.end && paragraph.start < q.end)
        .map(|q| {
            let mut start = q.start.max(paragraph.start);
            let mut end = q.end.min(paragraph.end);
            if let Some(mark) = inside(start) {
                start = mark.start;
            }
            if let Some(mark) = inside(end) {
                end = mark.end;
            }
            start..end
        })
        .collect()
}

fn paragraph_html(
    text: &str,
    paragraph: Range<usize>,
    hits: &[&HitRecord],
    quotes: &[Range<usize>],
    article: &ArticleView,
    lexicons: &LexiconSet,
    choices: &Choices,
) -> String {
    let mut out = String::new();
    let mut at = paragraph.start;
    let mut hits = hits.iter().peekable();
    let mut quotes = quotes.iter().peekable();
    let mut open_quote: Option<usize> = None;
    while at < paragraph.end {
        if open_quote == Some(at) {
            out.push_str("</span>");
            open_quote = None;
            continue;
        }
        if open_quote.is_none()
            && let Some(quote) = quotes.next_if(|q| q.start <= at)
        {
            if quote.end > at {
                out.push_str("<span class=\"quote\">");
                open_quote = Some(quote.end);
            }
            continue;
        }
        if let Some(hit) = hits.next_if(|h| h.span.start == at) {
            out.push_str(&mark_html(text, hit, article, lexicons, choices));
            at = hit.span.end;
            continue;
        }
        let next = [
            hits.peek().map(|h| h.span.start),
            open_quote,
            quotes
                .peek()
                .filter(|_| open_quote.is_none())
                .map(|q| q.start),
        ]
        .into_iter()
        .flatten()
        .filter(|&n| n > at)
        .min()
        .unwrap_or(paragraph.end)
        .min(paragraph.end);
        out.push_str(&escape_text(&text[at..next]));
        at = next;
    }
    if open_quote.is_some() {
        out.push_str("</span>");
    }
    out
}

fn mark_html(
    text: &str,
    hit: &HitRecord,
    article: &ArticleView,
    lexicons: &LexiconSet,
    choices: &Choices,
) -> String {
    let lexicon = &lexicons.lexicon(hit.term.lexicon).id;
    let concept = lexicons.concept(hit.term.concept_ref());
    let id = format!("{lexicon}/{}", concept.id);
    let lean = lean_of(hit);
    let voice = hit.voice.as_str();
    let others = choices.others(&id, &article.source);
    let voice_text = match (hit.voice, &hit.speaker) {
        (Voice::Quoted, Some(speaker)) => format!("quoted ({speaker})"),
        (Voice::Quoted, None) => "quoted".to_string(),
        (Voice::Own, _) => "own voice".to_string(),
    };
    let tip = format!(
        "{} · {} · lean {lean} · {voice_text}{}",
        concept.label,
        lexicons.term(hit.term).text,
        if others.is_empty() {
            String::new()
        } else {
            format!(" · other sources: {others}")
        }
    );
    format!(
        "<mark class=\"lean-{} voice-{voice}\" data-source=\"{}\" data-concept=\"{}\" data-lean=\"{}\" data-voice=\"{voice}\" data-tip=\"{}\" title=\"{}\" tabindex=\"0\">{}</mark>",
        class_name(&lean),
        escape(&article.source),
        escape(&id),
        escape(&lean),
        escape(&tip),
        escape(&tip),
        escape_text(&text[hit.span.clone()])
    )
}

/// How many sources a title or tooltip names; a run of many sources names these and
/// counts the rest, so that each mark's tooltip stays short however many there are.
const NAMED_SOURCES: usize = 12;

/// `named`, the first of `total` items, joined with `separator`, and how many more there
/// are.
fn first_few(named: Vec<String>, total: usize, separator: &str) -> String {
    let more = total - named.len();
    let mut text = named.join(separator);
    if more > 0 {
        let _ = write!(text, "{separator}and {more} more");
    }
    text
}

/// A lean as a CSS class fragment: letters, digits and hyphens only.
fn class_name(lean: &str) -> String {
    lean.chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || c == '-' {
                c.to_ascii_lowercase()
            } else {
                '_'
            }
        })
        .collect()
}

/// Escapes text for an attribute value or element content.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes article text; line breaks inside a paragraph become spaces.
fn escape_text(text: &str) -> String {
    escape(&text.replace(['\r', '\n'], " "))
}

const STYLE: &str = r#"
:root { font-family: Georgia, "Times New Roman", serif; color: #1a1a1a; background: #fff; line-height: 1.5; }
body { margin: 0 auto; max-width: 90rem; padding: 1rem 1.5rem; }
h1, h2, h3, caption, th, legend, label, .legend, .origin { font-family: system-ui, sans-serif; }
h1 { font-size: 1.6rem; } h2 { font-size: 1.3rem; margin-top: 2rem; }
table#summary { border-collapse: collapse; width: 100%; font-size: 0.9rem; }
#summary caption { text-align: left; padding: 0.3rem 0; color: #444; }
#summary th, #summary td { border: 1px solid #ccc; padding: 0.3rem 0.5rem; vertical-align: top; text-align: left; }
#summary tr.group th { background: #eee; }
#summary tr.divergent th button::after { content: " (differs)"; font-size: 0.75em; color: #8a4b00; }
#summary tr.divergent th { border-left: 4px solid #D55E00; }
#summary tr.concept { cursor: pointer; }
#summary th button { font: inherit; background: none; border: none; padding: 0; text-align: left; cursor: pointer; color: #1a1a1a; text-decoration: underline dotted; }
#summary th button:focus-visible, mark:focus-visible, input:focus-visible { outline: 3px solid #0072B2; outline-offset: 2px; }
.legend { display: flex; flex-wrap: wrap; gap: 0.5rem 1.5rem; margin: 0.5rem 0; }
.legend div { display: flex; gap: 0.4rem; align-items: baseline; } .legend dd { margin: 0; font-size: 0.85rem; }
.swatch { padding: 0 0.3rem; font-weight: bold; }
#filters { border: 1px solid #ccc; margin: 0.75rem 0; font-size: 0.9rem; }
#filters label { margin-right: 1rem; white-space: nowrap; }
#articles { display: grid; grid-template-columns: repeat(auto-fit, minmax(20rem, 1fr)); gap: 1.5rem; }
.article { border-top: 4px solid #444; padding-top: 0.5rem; }
.article h3 { margin: 0; } .article h4 { font-size: 1.05rem; margin: 0.5rem 0; }
.article blockquote { margin: 0.5rem 0 0.5rem 1rem; padding-left: 0.75rem; border-left: 3px solid #bbb; } .origin { color: #555; font-size: 0.8rem; margin: 0 0 0.5rem; }
.quote { background: #f1efe6; }
mark { color: inherit; padding: 0 1px; position: relative; }
mark::after { content: " " attr(data-lean); font: bold 0.6em system-ui, sans-serif; vertical-align: super; color: #333; }
mark.voice-own { font-style: normal; }
mark.voice-quoted { font-style: italic; text-decoration: underline dotted 2px; text-underline-offset: 3px; }
mark.off { background: none !important; border-bottom: none !important; font-style: inherit; text-decoration: none; }
mark.off::after { content: none; }
mark.focus { outline: 3px solid #1a1a1a; }
mark[data-tip]:hover::before, mark[data-tip]:focus::before { content: attr(data-tip); position: absolute; left: 0; top: 1.6em; z-index: 2; width: max-content; max-width: 22rem; background: #1a1a1a; color: #fff; font: 0.8rem/1.3 system-ui, sans-serif; font-style: normal; padding: 0.4rem 0.5rem; border-radius: 4px; white-space: normal; }
@media print {
  #filters, mark::before { display: none !important; }
  #articles { display: block; } .article { break-inside: auto; margin-bottom: 1.5rem; }
  body { max-width: none; padding: 0; } a { color: inherit; }
}
"#;

const SCRIPT: &str = r#"(function () {
  'use strict';
  var marks = Array.prototype.slice.call(document.querySelectorAll('mark[data-voice]'));
  var boxes = Array.prototype.slice.call(document.querySelectorAll('#filters input[type=checkbox]'));
  function shown(box) { return box.checked; }
  function update() {
    var voices = {}, leans = {};
    boxes.forEach(function (box) {
      if (box.dataset.voice) { voices[box.dataset.voice] = shown(box); }
      if (box.dataset.lean) { leans[box.dataset.lean] = shown(box); }
    });
    marks.forEach(function (mark) {
      var on = voices[mark.dataset.voice] !== false && leans[mark.dataset.lean] !== false;
      mark.classList.toggle('off', !on);
    });
  }
  boxes.forEach(function (box) { box.addEventListener('change', update); });
  Array.prototype.slice.call(document.querySelectorAll('#summary tr.concept')).forEach(function (row) {
    row.addEventListener('click', function () {
      var concept = row.dataset.concept;
      var button = row.querySelector('button');
      var on = button.getAttribute('aria-pressed') !== 'true';
      button.setAttribute('aria-pressed', on ? 'true' : 'false');
      marks.forEach(function (mark) {
        if (mark.dataset.concept === concept) { mark.classList.toggle('focus', on); }
      });
    });
  });
  update();
})();
"#;

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::group::GroupBy;
    use crate::analysis::{Builder, analyse_document};
    use crate::input::Document;
    use crate::lexicon::{Format, parse};
    use crate::scan::Scanner;

    fn report(text: &str) -> String {
        report_of(&[("Wire <b>", text)])
    }

    /// The report over one article from each of `articles`' sources.
    fn report_of(articles: &[(&str, &str)]) -> String {
        let lexicon = "id = \"k\"\ntitle = \"K\"\nneutral = [\"intl\"]\n[leans]\naz = \"A\"\nintl = \"I\"\n[[concepts]]\nid = \"region\"\nkind = \"territory\"\nlabel = \"Region\"\nterms = [{ text = \"Upper Karabakh\", lean = \"az\" }, { text = \"Nagorno-Karabakh\", lean = \"intl\" }]\n";
        let lexicons = LexiconSet::new(vec![parse(lexicon, Format::Toml, "k").unwrap()]);
        let scanner = Scanner::new(&lexicons).unwrap();
        let mut builder = Builder::new(&lexicons, GroupBy::Source, false);
        let mut views = Vec::new();
        for (index, (source, text)) in articles.iter().enumerate() {
            let document = Document::whole(source, &format!("{index}.txt"), text);
            let analysis = analyse_document(index, &document, &scanner, &lexicons);
            views.push(ArticleView {
                source: document.source.clone(),
                origin: document.origin.clone(),
                text: document.text.clone(),
                body: document.body.clone(),
                hits: analysis.hits.clone(),
                quotes: analysis.quotes.clone(),
            });
            builder.add(&document, analysis);
        }
        render(&builder.finish(), &lexicons, &views)
    }

    #[test]
    fn titles_and_tooltips_name_a_dozen_sources_and_count_the_rest() {
        let names: Vec<String> = (1..=15).map(|n| format!("S{n}")).collect();
        let articles: Vec<(&str, &str)> = names
            .iter()
            .map(|name| (name.as_str(), "Upper Karabakh is calm."))
            .collect();
        let html = report_of(&articles);
        assert!(
            html.contains("<title>slant: S1 · S2 · S3 · S4 · S5 · S6 · S7 · S8 · S9 · S10 · S11 · S12 · and 3 more</title>"),
            "{html}"
        );
        let first_tip = "other sources: S2: Upper Karabakh 1 [az]; S3: Upper Karabakh 1 [az]; ";
        assert!(html.contains(first_tip), "{html}");
        assert!(
            html.contains("S13: Upper Karabakh 1 [az]; and 2 more\""),
            "{html}"
        );
        assert!(!html.contains("S14: Upper"), "{html}");
        let few = report_of(&[("A", "Upper Karabakh."), ("B", "Nagorno-Karabakh.")]);
        assert!(few.contains("<title>slant: A · B</title>"), "{few}");
        assert!(
            few.contains("other sources: B: Nagorno-Karabakh 1 [intl]\""),
            "{few}"
        );
    }

    #[test]
    fn marks_carry_the_contract_attributes_and_quotes_are_shaded() {
        let html = report("Upper Karabakh is calm. “Nagorno-Karabakh is ours,” he said.");
        assert!(html.contains("<mark class=\"lean-az voice-own\" data-source=\"Wire &lt;b&gt;\" data-concept=\"k/region\" data-lean=\"az\" data-voice=\"own\""), "{html}");
        assert!(
            html.contains("<span class=\"quote\">“<mark class=\"lean-intl voice-quoted\""),
            "{html}"
        );
        assert!(html.contains("<section class=\"article\" data-source=\"Wire &lt;b&gt;\""));
        assert!(html.contains("id=\"filter-quoted\"") && html.contains("id=\"filter-lean-az\""));
        assert!(html.contains("<table id=\"summary\">"));
        assert!(html.contains("<html lang=\"en\">"));
    }

    #[test]
    fn article_text_is_escaped_never_markup() {
        let html = report("<script>alert(1)</script> & \"Upper Karabakh\" <b>broken");
        assert!(!html.contains("<script>alert"), "{html}");
        assert!(
            html.contains("&lt;script&gt;alert(1)&lt;/script&gt; &amp; "),
            "{html}"
        );
        assert!(html.contains("<span class=\"quote\">&quot;<mark"), "{html}");
        assert!(html.contains("&lt;b&gt;broken"));
        assert_eq!(
            html.matches("<script>").count(),
            1,
            "only the report's own script"
        );
        assert!(
            !html.contains("http://") && !html.contains("https://"),
            "no network requests"
        );
    }
}
