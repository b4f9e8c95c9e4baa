//! Parsing a saved page into scraper's tree, refusing a page whose elements nest deeper
//! than any article page does.
//!
//! html5ever follows the HTML standard, which looks through the stack of open elements at
//! almost every tag, so its work grows with the square of the nesting depth (a megabyte of
//! nested `<div>`s takes hours), and nothing in it caps the depth. Browsers stop nesting
//! at [`MAX_DEPTH`]; here the page is fed to the parser a piece at a time, every element
//! put into the tree has its depth checked, and parsing stops at the first that is
//! deeper.

use std::borrow::Cow;
use std::cell::{Cell, Ref};

use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{Attribute, QualName};
use scraper::{Html, HtmlTreeSink};

/// How deep elements may nest: as deep as Chromium and WebKit build a page.
pub const MAX_DEPTH: usize = 512;

/// How much of the page the parser is given at a time, between depth checks.
const PIECE: usize = 16 * 1024;

/// A page whose elements nest deeper than [`MAX_DEPTH`], found at this 1-based line.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooDeep {
    /// The line of the element found too deep.
    pub line: u64,
}

/// The parsed page, or where it nests too deep.
pub(super) fn parse(page: &str) -> Result<Html, TooDeep> {
    let sink = DepthGuard {
        inner: HtmlTreeSink::new(Html::new_document()),
        line: Cell::new(1),
        too_deep: Cell::new(None),
    };
    let mut parser = html5ever::parse_document(sink, Default::default());
    let mut rest = page;
    while !rest.is_empty() {
        let cut = rest.ceil_char_boundary(PIECE);
        parser.process(StrTendril::from_slice(&rest[..cut]));
        rest = &rest[cut..];
        if let Some(line) = parser.tokenizer.sink.sink.too_deep.get() {
            return Err(TooDeep { line });
        }
    }
    Ok(parser.finish())
}

/// A node of scraper's tree, as its sink names it.
type Handle = <HtmlTreeSink as TreeSink>::Handle;

/// scraper's tree sink, with a check of the depth of every element put into the tree.
struct DepthGuard {
    inner: HtmlTreeSink,
    /// The line the parser is on.
    line: Cell<u64>,
    /// The line of the first element found deeper than [`MAX_DEPTH`].
    too_deep: Cell<Option<u64>>,
}

impl DepthGuard {
    /// Notes the line if `child`, an element put under `parent`, is too deep.
    fn check(&self, parent: &Handle, child: &NodeOrText<Handle>) {
        if !matches!(child, NodeOrText::AppendNode(_)) || self.too_deep.get().is_some() {
            return;
        }
        let html = self.inner.0.borrow();
        let Some(parent) = html.tree.get(*parent) else {
            return;
        };
        // The parent's depth, counted only as far as the limit.
        if parent.ancestors().take(MAX_DEPTH).count() >= MAX_DEPTH {
            self.too_deep.set(Some(self.line.get()));
        }
    }
}

impl TreeSink for DepthGuard {
    type Output = Html;
    type Handle = Handle;
    type ElemName<'a> = Ref<'a, QualName>;

    fn finish(self) -> Html {
        self.inner.finish()
    }

    fn parse_error(&self, msg: Cow<'static, str>) {
        self.inner.parse_error(msg);
    }

    fn set_current_line(&self, line: u64) {
        self.line.set(line);
    }

    fn get_document(&self) -> Self::Handle {
        self.inner.get_document()
    }

    fn elem_name<'a>(&'a self, target: &'a Self::Handle) -> Self::ElemName<'a> {
        self.inner.elem_name(target)
    }

    fn create_element(
        &self,
        name: QualName,
        attrs: Vec<Attribute>,
        flags: ElementFlags,
    ) -> Self::Handle {
        self.inner.create_element(name, attrs, flags)
    }

    fn create_comment(&self, text: StrTendril) -> Self::Handle {
        self.inner.create_comment(text)
    }

    fn create_pi(&self, target: StrTendril, data: StrTendril) -> Self::Handle {
        self.inner.create_pi(target, data)
    }

    fn append(&self, parent: &Self::Handle, child: NodeOrText<Self::Handle>) {
        self.check(parent, &child);
        self.inner.append(parent, child);
    }

    fn append_based_on_parent_node(
        &self,
        element: &Self::Handle,
        prev_element: &Self::Handle,
        child: NodeOrText<Self::Handle>,
    ) {
        self.check(prev_element, &child);
        self.inner
            .append_based_on_parent_node(element, prev_element, child);
    }

    fn append_doctype_to_document(
        &self,
        name: StrTendril,
        public_id: StrTendril,
        system_id: StrTendril,
    ) {
        self.inner
            .append_doctype_to_document(name, public_id, system_id);
    }

    fn mark_script_already_started(&self, node: &Self::Handle) {
        self.inner.mark_script_already_started(node);
    }

    fn pop(&self, node: &Self::Handle) {
        self.inner.pop(node);
    }

    fn get_template_contents(&self, target: &Self::Handle) -> Self::Handle {
        self.inner.get_template_contents(target)
    }

    fn same_node(&self, x: &Self::Handle, y: &Self::Handle) -> bool {
        self.inner.same_node(x, y)
    }

    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.inner.set_quirks_mode(mode);
    }

    fn append_before_sibling(&self, sibling: &Self::Handle, new_node: NodeOrText<Self::Handle>) {
        self.check(sibling, &new_node);
        self.inner.append_before_sibling(sibling, new_node);
    }

    fn add_attrs_if_missing(&self, target: &Self::Handle, attrs: Vec<Attribute>) {
        self.inner.add_attrs_if_missing(target, attrs);
    }

    fn remove_from_parent(&self, target: &Self::Handle) {
        self.inner.remove_from_parent(target);
    }

    fn reparent_children(&self, node: &Self::Handle, new_parent: &Self::Handle) {
        self.inner.reparent_children(node, new_parent);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(depth: usize) -> String {
        let mut page = String::from("<html><body>\n");
        page.push_str(&"<div>".repeat(depth));
        page.push_str("<p>Text.</p>");
        page.push_str(&"</div>".repeat(depth));
        page.push_str("\n</body></html>");
        page
    }

    #[test]
    fn a_page_nested_as_deep_as_browsers_nest_is_parsed() {
        // html, body and the divs: the paragraph sits at the limit.
        let html = parse(&nested(MAX_DEPTH - 3)).expect("parsed");
        let text: String = html.root_element().text().collect();
        assert!(text.contains("Text."));
    }

    #[test]
    fn a_page_nested_deeper_is_refused_at_its_line() {
        assert_eq!(
            parse(&nested(MAX_DEPTH - 2)).err(),
            Some(TooDeep { line: 2 })
        );
        assert_eq!(parse(&nested(200_000)).err(), Some(TooDeep { line: 2 }));
    }

    #[test]
    fn long_flat_pages_and_characters_across_pieces_are_parsed_whole() {
        let paragraph = "<p>Çavuşoğlu “said” — ok.</p>\n";
        let page = format!("<html><body>{}</body></html>", paragraph.repeat(3_000));
        assert!(page.len() > 4 * PIECE);
        let html = parse(&page).expect("parsed");
        let text: String = html.root_element().text().collect();
        assert_eq!(text.matches("Çavuşoğlu “said” — ok.").count(), 3_000);
    }
}
