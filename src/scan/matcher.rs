//! Finding lexicon spellings in folded text a word at a time, with the whole-word, wildcard
//! and case rules of the lexicon format applied to what it finds.
//!
//! Folded text (see [`crate::text::Normalized`]) reads as a row of tokens: each run of word
//! characters is one token, and every other character is a token of its own. Spellings are
//! folded like article text and cut into the same tokens, so a spelling matches a run of
//! whole tokens, and whole-word matching needs no check. The tokens of all spellings are
//! numbered in one dictionary, and the spellings form a trie over token numbers. Only a word
//! that may begin a spelling, by a bit filter of first tokens, starts a walk down the trie.
//! That costs about the same per word whatever the size of the lexicons, where a byte
//! automaton over tens of thousands of spellings outgrows the processor's caches. Where every
//! spelling a word begins goes on with a space and a word, a second filter of (first word,
//! second word) pairs is asked first, so the common words that begin many spellings cost a
//! walk only where the next word may continue one. The text is read in windows of 64 bytes:
//! where a window is plain ASCII, a bit mask of its letters and digits gives where its words
//! start and end, and the search goes from word to word; a window with a byte beyond ASCII is
//! read token by token.
//!
//! A spelling of several words is also looked for without its spaces, so `Nagorno-Karabakh`
//! finds `Nagorno Karabakh`, `Nagorno-Karabakh` and `NagornoKarabakh`. A wildcard (`occup*`)
//! ends in a stem that a word must begin with; its match runs to the end of that word.
//!
//! Of the spellings that match where a token starts, the longest wins (leftmost-longest).
//! When it fails a case check, the next shorter one there is tried.

use std::ops::Range;

use foldhash::{HashMap, HashSet, HashSetExt};
use rayon::prelude::*;

use crate::lexicon::CaseMode;
use crate::text::{
    BLOCK, ByteClasses, Case, Normalized, ascii_word, fold_term, is_word_char, word_end,
};

/// One spelling to look for, and what a match of it stands for.
#[derive(Debug, Clone)]
pub struct Needle<'a> {
    /// The spelling as written in the lexicon; a trailing `*` matches any word ending.
    pub text: &'a str,
    /// Whether case must match.
    pub case: CaseMode,
    /// Caller's identifier, returned with every match.
    pub target: usize,
}

/// A match in folded text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Found {
    /// The needle's target.
    pub target: usize,
    /// Byte range in the folded text, extended to the word's end for wildcards.
    pub span: Range<usize>,
}

/// Compiled needles: a trie of spellings over numbered tokens.
#[derive(Debug, Clone)]
pub struct Matcher {
    /// Every token of every spelling, numbered.
    tokens: Dictionary,
    /// The number of each one-byte token, or [`NONE`]: the lookup for spaces and
    /// punctuation, and for one-letter words.
    ascii: [u32; 128],
    /// The root's children by token number.
    root: Vec<u32>,
    /// Which ASCII characters other than letters and digits begin a spelling.
    root_ascii: [bool; 128],
    /// Whether any of those does: if none, only words are looked at.
    root_punctuation: bool,
    /// A filter of the tokens that begin spellings, so that most words of a text are passed
    /// over without a lookup in `tokens`.
    root_tokens: BitFilter,
    /// Whether any wildcard stem follows the root: asked at every word, so kept at hand.
    root_stems: bool,
    /// A filter of the first tokens after which a walk may find something whatever follows.
    /// Every other first token is followed, in every spelling, by a space and a word: for
    /// those, `second_words` says whether the word that follows in the text may continue.
    walk_always: BitFilter,
    /// A filter of (first token, word after the space) pairs that spellings begin with.
    second_words: BitFilter,
    /// The children of every other node, by (node, token).
    edges: HashMap<(u32, u32), u32>,
    /// The trie's nodes; the root is node 0.
    nodes: Vec<Node>,
    /// Wildcard stems, by the node they follow.
    stems: Vec<Stems>,
    /// The beginnings of all stems, so that most words skip the stems' search.
    stem_starts: StemStarts,
    patterns: Vec<PatternInfo>,
}

/// No token, node, pattern or stem list.
const NONE: u32 = u32::MAX;

/// The root of the trie.
const ROOT: u32 = 0;

/// A node of the trie: the tokens on the path to it spell `pattern`, if it is not [`NONE`].
#[derive(Debug, Clone, Copy)]
struct Node {
    pattern: u32,
    /// The wildcard stems that may follow, as an index into `Matcher::stems`, or [`NONE`].
    stems: u32,
}

impl Node {
    const EMPTY: Node = Node {
        pattern: NONE,
        stems: NONE,
    };
}

/// The wildcard stems that follow one node, sorted by stem, with their patterns.
#[derive(Debug, Clone)]
struct Stems {
    sorted: Vec<(Box<str>, u32)>,
    /// The pattern whose stem is empty (its spelling ends with a character that is not
    /// part of a word, as in `Dr.*`), or [`NONE`].
    empty: u32,
}

/// What a pattern stands for, and how a match of it is checked and extended: 24 bytes,
/// since a large lexicon compiles tens of thousands.
#[derive(Debug, Clone)]
struct PatternInfo {
    /// The needle's target.
    target: u32,
    wildcard: bool,
    /// For case-sensitive spellings: the spelling folded with case kept, without spaces.
    cased: Option<Box<str>>,
}

/// A pattern that matches where the search stands, and where its spelling ends (before a
/// wildcard's extension).
#[derive(Debug, Clone, Copy)]
struct Candidate {
    pattern: u32,
    end: usize,
}

/// What the search does at a word: pass over it, walk the trie from it, or first look up
/// the word after it with the first word's key.
#[derive(Debug, Clone, Copy)]
enum AtWord {
    Pass,
    Walk,
    Pair(u64),
}

impl Matcher {
    /// Compiles needles into a token dictionary and a trie of spellings.
    pub fn new(needles: &[Needle<'_>]) -> Self {
        let mut trie = TrieBuilder::new();
        for (folded, info) in patterns(needles) {
            trie.insert(&folded, info);
        }
        trie.finish()
    }

    /// Every accepted match in `norm`, left to right, never overlapping.
    ///
    /// `original` is the text `norm` was folded from; it is read only to check
    /// case-sensitive spellings.
    pub fn find_all(&self, norm: &Normalized, original: &str) -> Vec<Found> {
        let mut search = Search {
            matcher: self,
            norm,
            original,
            found: Vec::new(),
            candidates: Vec::new(),
        };
        let bytes = norm.as_str().as_bytes();
        let mut at = 0;
        while at < bytes.len() {
            let window = at..bytes.len().min(at + BLOCK);
            let classes = ByteClasses::of(&bytes[window.clone()]);
            at = if classes.high == 0 {
                search.ascii_window(window, classes)
            } else {
                search.tokens(window)
            };
        }
        search.found
    }

    /// Where the token at `at` ends, and whether it may begin a spelling: false only when it
    /// certainly does not.
    fn first_token(&self, hay: &str, at: usize) -> (usize, bool) {
        let bytes = hay.as_bytes();
        let byte = bytes[at];
        if byte.is_ascii() && !byte.is_ascii_alphanumeric() {
            return (at + 1, self.root_ascii[usize::from(byte)]);
        }
        let (end, first_bytes) = match ascii_word(bytes, at) {
            Some((len, block)) => (at + len, block),
            None => {
                let end = token_end(hay, at);
                (end, first_bytes(&hay[at..end]))
            }
        };
        let may_begin = !matches!(self.at_word(first_bytes, end - at), AtWord::Pass);
        (end, may_begin)
    }

    /// What the search does at the word of `len` bytes whose first eight bytes are
    /// `first_bytes` (zero after its end): pass over it only when it certainly begins no
    /// spelling; when it may begin only spellings that go on with a space and a word, give
    /// the key that word is to be paired with. This runs at every word of the text, so it
    /// is inlined into both the word-by-word and the token-by-token search.
    #[inline(always)]
    fn at_word(&self, first_bytes: u64, len: usize) -> AtWord {
        let key = token_key(first_bytes, len);
        if self.root_stems && self.stem_starts.may_begin(first_bytes) {
            AtWord::Walk
        } else if !self.root_tokens.may_hold(key) {
            AtWord::Pass
        } else if self.walk_always.may_hold(walk_key(key)) {
            AtWord::Walk
        } else {
            AtWord::Pair(key)
        }
    }

    /// Every pattern that matches at `start`, whose first token ends at `first_end`, shortest
    /// first.
    fn collect(&self, hay: &str, start: usize, first_end: usize, out: &mut Vec<Candidate>) {
        let (mut node, mut at, mut end) = (ROOT, start, first_end);
        loop {
            self.push_stems(node, &hay[at..end], at, out);
            let Some(child) = self.child(node, self.token(&hay[at..end])) else {
                return;
            };
            (node, at) = (child, end);
            let pattern = self.nodes[node as usize].pattern;
            if pattern != NONE {
                out.push(Candidate { pattern, end });
            }
            if at == hay.len() {
                // Only an empty stem can follow at the end of the text.
                self.push_stems(node, "", at, out);
                return;
            }
            end = token_end(hay, at);
        }
    }

    /// The number of `token`, or [`NONE`] when no spelling has it.
    fn token(&self, token: &str) -> u32 {
        match token.as_bytes() {
            [byte] if byte.is_ascii() => self.ascii[usize::from(*byte)],
            _ => self.tokens.get(token),
        }
    }

    /// The child of `node` along `token`.
    fn child(&self, node: u32, token: u32) -> Option<u32> {
        if token == NONE {
            None
        } else if node == ROOT {
            Some(self.root[token as usize]).filter(|&child| child != NONE)
        } else {
            self.edges.get(&(node, token)).copied()
        }
    }

    /// The wildcards after `node` whose stems begin `token`, which starts at `at`, shortest
    /// first.
    fn push_stems(&self, node: u32, token: &str, at: usize, out: &mut Vec<Candidate>) {
        let list = self.nodes[node as usize].stems;
        if list == NONE {
            return;
        }
        let stems = &self.stems[list as usize];
        if stems.empty != NONE {
            out.push(Candidate {
                pattern: stems.empty,
                end: at,
            });
        }
        if token.is_empty() || !self.stem_starts.may_begin(first_bytes(token)) {
            return;
        }
        // Stems that begin `token` sort no later than it, and no earlier than the first
        // stem with its first byte.
        let first = out.len();
        let below = stems.sorted.partition_point(|(stem, _)| **stem <= *token);
        for (stem, pattern) in stems.sorted[..below].iter().rev() {
            if stem.as_bytes()[0] != token.as_bytes()[0] {
                break;
            }
            if token.starts_with(&**stem) {
                out.push(Candidate {
                    pattern: *pattern,
                    end: at + stem.len(),
                });
            }
        }
        out[first..].reverse();
    }

    /// The match of `candidate`, which starts at `start`, if it passes the case check.
    fn accept(
        &self,
        norm: &Normalized,
        original: &str,
        start: usize,
        candidate: Candidate,
    ) -> Option<Found> {
        let info = &self.patterns[candidate.pattern as usize];
        accept_pattern(info, norm, original, start..candidate.end)
    }
}

/// One search through one text: the matches found so far, and room for the candidates at
/// one place.
struct Search<'a> {
    matcher: &'a Matcher,
    norm: &'a Normalized,
    original: &'a str,
    found: Vec<Found>,
    candidates: Vec<Candidate>,
}

impl Search<'_> {
    /// Searches the window `window` of plain ASCII, whose bytes `classes` classifies, a
    /// word at a time; returns where the search goes on: after a match, at a word that may
    /// run on past the window, or at the window's end.
    fn ascii_window(&mut self, window: Range<usize>, classes: ByteClasses) -> usize {
        let matcher = self.matcher;
        let bytes = self.norm.as_str().as_bytes();
        let word = classes.word;
        let starts = word & !(word << 1);
        let mut others = 0;
        if matcher.root_punctuation {
            // A shorter window ends the text: the bytes past its end are no characters.
            let in_window = u64::MAX >> (BLOCK - window.len());
            others = !(word | classes.space) & in_window;
        }
        let mut pending = starts | others;
        while pending != 0 {
            let offset = pending.trailing_zeros() as usize;
            pending &= pending - 1;
            let at = window.start + offset;
            if others >> offset & 1 != 0 {
                if matcher.root_ascii[usize::from(bytes[at])]
                    && let Some(end) = self.match_at(at, at + 1)
                {
                    return end;
                }
                continue;
            }
            let len = word_len(word, offset);
            if offset + len == BLOCK {
                // The word may go on past the window: read it from a window of its own,
                // unless it fills this one.
                if offset > 0 {
                    return at;
                }
                return self.tokens(at..at + 1);
            }
            let walk = match matcher.at_word(word_bytes(bytes, at, len), len) {
                AtWord::Pass => false,
                AtWord::Walk => true,
                AtWord::Pair(key) => {
                    self.second_word_may_continue(&window, word, offset + len, key)
                }
            };
            if walk && let Some(end) = self.match_at(at, at + len) {
                return end;
            }
        }
        window.end
    }

    /// Whether the text after a first word (whose key is `first`), from `offset` of the
    /// window on, may continue a spelling: a space and a word that `second_words` may pair
    /// with it. True where that cannot be told inside the window.
    fn second_word_may_continue(
        &self,
        window: &Range<usize>,
        word: u64,
        offset: usize,
        first: u64,
    ) -> bool {
        let bytes = self.norm.as_str().as_bytes();
        if offset == window.len() {
            // The text ends with the first word.
            return false;
        }
        if bytes[window.start + offset] != b' ' {
            return false;
        }
        let start = offset + 1;
        if start >= window.len() {
            return true;
        }
        let len = word_len(word, start);
        if len == 0 {
            // No word after the space.
            return false;
        }
        if start + len == BLOCK {
            return true;
        }
        let at = window.start + start;
        let second = token_key(word_bytes(bytes, at, len), len);
        self.matcher
            .second_words
            .may_hold(second_word_key(first, second))
    }

    /// Searches token by token from the token at `window.start` on, until one ends at or
    /// after `window.end`; returns where the search goes on.
    fn tokens(&mut self, window: Range<usize>) -> usize {
        let hay = self.norm.as_str();
        let mut at = window.start;
        while at < window.end {
            let (end, may_begin) = self.matcher.first_token(hay, at);
            at = match may_begin.then(|| self.match_at(at, end)).flatten() {
                Some(match_end) => match_end,
                None => end,
            };
        }
        at
    }

    /// Looks for the longest accepted match at `start`, whose first token ends at
    /// `first_end`; keeps it and returns where it ends.
    fn match_at(&mut self, start: usize, first_end: usize) -> Option<usize> {
        let matcher = self.matcher;
        self.candidates.clear();
        matcher.collect(self.norm.as_str(), start, first_end, &mut self.candidates);
        let hit =
            self.candidates.iter().rev().find_map(|candidate| {
                matcher.accept(self.norm, self.original, start, *candidate)
            })?;
        let end = hit.span.end;
        self.found.push(hit);
        Some(end)
    }
}

/// The length of the run of word bytes from bit `offset` (below 64) of a window's mask of
/// word bytes `word`: zero where the byte at `offset` is not part of a word.
fn word_len(word: u64, offset: usize) -> usize {
    (!(word >> offset)).trailing_zeros() as usize
}

/// The first eight bytes of the word of `len` bytes at `at` of `bytes`, zero after its end.
fn word_bytes(bytes: &[u8], at: usize, len: usize) -> u64 {
    let block = match bytes.get(at..at + 8) {
        Some(eight) => u64::from_le_bytes(eight.try_into().expect("eight bytes")),
        None => le_prefix(&bytes[at..]),
    };
    if len < 8 {
        block & ((1 << (8 * len)) - 1)
    } else {
        block
    }
}

/// The match of the pattern `info` at `span`, if it passes the case check; a wildcard's span
/// is extended to the end of its word.
fn accept_pattern(
    info: &PatternInfo,
    norm: &Normalized,
    original: &str,
    span: Range<usize>,
) -> Option<Found> {
    if let Some(cased) = &info.cased {
        let original_span = norm.original_span(span.clone(), original);
        if *without_spaces(&fold_term(&original[original_span], Case::Keep)) != **cased {
            return None;
        }
    }
    let end = if info.wildcard {
        word_end(norm.as_str(), span.end)
    } else {
        span.end
    };
    Some(Found {
        target: info.target as usize,
        span: span.start..end,
    })
}

/// Where the token that starts at byte `at` of `hay` ends: the run of word characters
/// there, or the one character.
fn token_end(hay: &str, at: usize) -> usize {
    let byte = hay.as_bytes()[at];
    if byte.is_ascii_alphanumeric() {
        return word_end(hay, at);
    }
    if byte.is_ascii() {
        return at + 1;
    }
    let c = hay[at..].chars().next().expect("at is a char boundary");
    if is_word_char(c) {
        word_end(hay, at)
    } else {
        at + c.len_utf8()
    }
}

/// `text` cut into tokens: runs of word characters, and single other characters.
fn tokens(text: &str) -> impl Iterator<Item = &str> {
    let mut at = 0;
    std::iter::from_fn(move || {
        (at < text.len()).then(|| {
            let start = at;
            at = token_end(text, at);
            &text[start..at]
        })
    })
}

/// Builds the trie one spelling at a time.
struct TrieBuilder {
    tokens: HashMap<Box<str>, u32>,
    edges: HashMap<(u32, u32), u32>,
    nodes: Vec<Node>,
    stems: Vec<Stems>,
    patterns: Vec<PatternInfo>,
}

impl TrieBuilder {
    /// A trie of the root alone.
    fn new() -> Self {
        TrieBuilder {
            tokens: HashMap::default(),
            edges: HashMap::default(),
            nodes: vec![Node::EMPTY],
            stems: Vec::new(),
            patterns: Vec::new(),
        }
    }

    /// Adds the folded spelling `folded`, a wildcard's stem if `info` says so.
    fn insert(&mut self, folded: &str, info: PatternInfo) {
        let pattern = u32::try_from(self.patterns.len()).expect("fewer than 2^32 patterns");
        let wildcard = info.wildcard;
        self.patterns.push(info);
        let (mut node, mut stem) = (ROOT, "");
        let mut path = tokens(folded).peekable();
        while let Some(token) = path.next() {
            // A wildcard's stem is its last word, begun; after any other character it is
            // empty.
            if wildcard && path.peek().is_none() && token.chars().next().is_some_and(is_word_char) {
                stem = token;
                break;
            }
            node = self.walk(node, token);
        }
        let node = &mut self.nodes[node as usize];
        if !wildcard {
            node.pattern = pattern;
            return;
        }
        if node.stems == NONE {
            node.stems = u32::try_from(self.stems.len()).expect("fewer than 2^32 nodes");
            self.stems.push(Stems {
                sorted: Vec::new(),
                empty: NONE,
            });
        }
        let stems = &mut self.stems[node.stems as usize];
        if stem.is_empty() {
            stems.empty = pattern;
        } else {
            stems.sorted.push((stem.into(), pattern));
        }
    }

    /// The child of `node` along `token`, made if it is new.
    fn walk(&mut self, node: u32, token: &str) -> u32 {
        let token = match self.tokens.get(token) {
            Some(&number) => number,
            None => {
                let number = u32::try_from(self.tokens.len()).expect("fewer than 2^32 tokens");
                self.tokens.insert(token.into(), number);
                number
            }
        };
        let next_node = u32::try_from(self.nodes.len()).expect("fewer than 2^32 nodes");
        let child = *self.edges.entry((node, token)).or_insert(next_node);
        if child == next_node {
            self.nodes.push(Node::EMPTY);
        }
        child
    }

    fn finish(self) -> Matcher {
        let TrieBuilder {
            tokens,
            mut edges,
            mut nodes,
            mut stems,
            mut patterns,
        } = self;
        let mut root = vec![NONE; tokens.len()];
        edges.retain(|&(node, token), child| {
            if node == ROOT {
                root[token as usize] = *child;
            }
            node != ROOT
        });
        let mut ascii = [NONE; 128];
        let mut keys = vec![0; tokens.len()];
        let mut is_word = vec![false; tokens.len()];
        for (token, &number) in &tokens {
            if let [byte] = token.as_bytes()
                && byte.is_ascii()
            {
                ascii[usize::from(*byte)] = number;
            }
            keys[number as usize] = token_key(first_bytes(token), token.len());
            is_word[number as usize] = token.chars().next().is_some_and(is_word_char);
        }
        let first_keys = root.iter().zip(&keys).filter(|(child, _)| **child != NONE);
        let root_tokens = BitFilter::from_keys(first_keys.map(|(_, key)| *key).collect());
        let space = ascii[usize::from(b' ')];
        let (walk_always, second_words) =
            second_word_filters(&root, &edges, &nodes, &keys, &is_word, space);
        let root_ascii = ascii.map(|number| number != NONE && root[number as usize] != NONE);
        let root_punctuation =
            (0..=127u8).any(|byte| root_ascii[usize::from(byte)] && !byte.is_ascii_alphanumeric());
        let mut stem_starts = StemStarts::default();
        for list in &mut stems {
            list.sorted.sort_unstable();
            for (stem, _) in &list.sorted {
                stem_starts.insert(stem);
            }
        }
        // Grown a push at a time, the tables would keep up to half their size spare.
        edges.shrink_to_fit();
        nodes.shrink_to_fit();
        patterns.shrink_to_fit();
        Matcher {
            tokens: Dictionary::new(tokens),
            ascii,
            root,
            root_ascii,
            root_punctuation,
            root_tokens,
            root_stems: nodes[ROOT as usize].stems != NONE,
            walk_always,
            second_words,
            edges,
            nodes,
            stems,
            stem_starts,
            patterns,
        }
    }
}

/// The filters that let the search pass over a first word whose spellings all go on with a
/// space and a word, when the word after it in the text goes on none of them: the first
/// tokens to walk from whatever follows, and the (first token, second word) pairs. `keys`
/// and `is_word` are by token number; `space` is the number of the space token.
fn second_word_filters(
    root: &[u32],
    edges: &HashMap<(u32, u32), u32>,
    nodes: &[Node],
    keys: &[u64],
    is_word: &[bool],
    space: u32,
) -> (BitFilter, BitFilter) {
    // For the node of each first token: how many children it has, and its child along a
    // space.
    let mut firsts: Vec<Option<(u32, u32)>> = vec![None; nodes.len()];
    for &child in root.iter().filter(|&&child| child != NONE) {
        firsts[child as usize] = Some((0, NONE));
    }
    for (&(node, token), &child) in edges {
        if let Some((count, after_space)) = &mut firsts[node as usize] {
            *count += 1;
            if token == space {
                *after_space = child;
            }
        }
    }
    let holds_something = |node: u32| {
        let node = nodes[node as usize];
        node.pattern != NONE || node.stems != NONE
    };
    // The node after the space of each first token whose only way on is a space, with
    // the first token's key; such a node must hold nothing and lead only to words.
    let mut seconds: Vec<Option<u64>> = vec![None; nodes.len()];
    let mut always = Vec::new();
    for (token, &first) in root.iter().enumerate().filter(|(_, child)| **child != NONE) {
        match firsts[first as usize] {
            Some((1, second))
                if second != NONE && !holds_something(first) && !holds_something(second) =>
            {
                seconds[second as usize] = Some(keys[token]);
            }
            _ => always.push(keys[token]),
        }
    }
    for &(node, token) in edges.keys() {
        if let Some(first) = seconds[node as usize]
            && !is_word[token as usize]
        {
            always.push(first);
            seconds[node as usize] = None;
        }
    }
    let pairs = edges.keys().filter_map(|&(node, token)| {
        let first = seconds[node as usize]?;
        Some(second_word_key(first, keys[token as usize]))
    });
    let second_words = BitFilter::from_keys(pairs.collect());
    let walk_always = BitFilter::from_keys(always.into_iter().map(walk_key).collect());
    (walk_always, second_words)
}

/// The tokens of all spellings, numbered. A token of up to 16 bytes, nearly every one, is
/// kept inside its table entry, so a lookup compares two numbers instead of following a
/// pointer to the token's bytes.
#[derive(Debug, Clone)]
struct Dictionary {
    short: HashMap<u128, u32>,
    long: HashMap<Box<str>, u32>,
}

impl Dictionary {
    fn new(tokens: HashMap<Box<str>, u32>) -> Self {
        let (mut short, mut long) = (HashMap::default(), HashMap::default());
        for (token, number) in tokens {
            match short_key(&token) {
                Some(key) => short.insert(key, number),
                None => long.insert(token, number),
            };
        }
        Dictionary { short, long }
    }

    /// The number of `token`, or [`NONE`].
    fn get(&self, token: &str) -> u32 {
        let number = match short_key(token) {
            Some(key) => self.short.get(&key),
            None => self.long.get(token),
        };
        number.copied().unwrap_or(NONE)
    }
}

/// A token of up to 16 bytes as one number, zero after its end (no token holds a zero
/// byte, which is neither a letter nor a digit).
fn short_key(token: &str) -> Option<u128> {
    let bytes = token.as_bytes();
    (bytes.len() <= 16).then(|| {
        let high = bytes.get(8..).map_or(0, le_prefix);
        u128::from(le_prefix(bytes)) | u128::from(high) << 64
    })
}

/// A set of 64-bit keys kept as one bit each, chosen by the key's top bits: it may hold a
/// key that was never inserted, never the other way round. The filters in front of the
/// token dictionary and the wildcard stems.
#[derive(Debug, Clone)]
struct BitFilter {
    bits: Box<[u64]>,
    /// 64 less the base-2 logarithm of the number of bits.
    shift: u32,
}

impl BitFilter {
    /// A filter of 2^`log2` bits (at least 64).
    fn with_bits(log2: u32) -> Self {
        BitFilter {
            bits: vec![0; 1 << log2.max(6).saturating_sub(6)].into_boxed_slice(),
            shift: 64 - log2.max(6),
        }
    }

    /// A filter of `keys`, with about 16 bits per key, from 2^16 bits (8 KiB) to 2^22
    /// (512 KiB), so that one key in twenty or fewer is let through falsely.
    fn from_keys(keys: Vec<u64>) -> Self {
        let bits = keys.len().saturating_mul(16).next_power_of_two();
        let mut filter = Self::with_bits(bits.trailing_zeros().clamp(16, 22));
        keys.into_iter().for_each(|key| filter.insert(key));
        filter
    }

    fn insert(&mut self, key: u64) {
        let bit = (key >> self.shift) as usize;
        self.bits[bit / 64] |= 1 << (bit % 64);
    }

    fn may_hold(&self, key: u64) -> bool {
        let bit = (key >> self.shift) as usize;
        self.bits[bit / 64] & (1 << (bit % 64)) != 0
    }
}

/// The odd constant of Fibonacci hashing, which spreads keys over the top bits.
const MIX: u64 = 0x9E37_79B9_7F4A_7C15;

/// The first eight bytes of `token` as a little-endian `u64`, zero after its end, as
/// [`ascii_word`] gives them.
fn first_bytes(token: &str) -> u64 {
    le_prefix(token.as_bytes())
}

/// The first eight bytes of `bytes` as a little-endian `u64`, zero after its end. Shorter
/// slices are read in two loads that may overlap (the same bytes, so `|` keeps them), not
/// copied into a buffer: this runs at every dictionary lookup.
fn le_prefix(bytes: &[u8]) -> u64 {
    let len = bytes.len();
    let byte = |at: usize| u64::from(bytes[at]) << (8 * at);
    match (
        bytes.first_chunk::<8>(),
        bytes.first_chunk::<4>(),
        bytes.last_chunk::<4>(),
    ) {
        (Some(eight), _, _) => u64::from_le_bytes(*eight),
        (None, Some(first), Some(last)) => {
            u64::from(u32::from_le_bytes(*first))
                | u64::from(u32::from_le_bytes(*last)) << (8 * (len - 4))
        }
        _ if len == 0 => 0,
        _ => byte(0) | byte(len / 2) | byte(len - 1),
    }
}

/// A token's key in the filter of first tokens, from its first eight bytes and its length.
fn token_key(first_bytes: u64, len: usize) -> u64 {
    (first_bytes ^ (len as u64).rotate_right(8)).wrapping_mul(MIX)
}

/// A first token's key in the filter of tokens to walk from always, from its [`token_key`].
///
/// Only a word that the filter of first tokens lets through is looked up here, and both
/// filters take a key's top bits: with the token's key as it is, a word let through falsely
/// there (it shares its top bits with some first token) would be let through here too
/// whenever that first token walks always, and half of all first tokens do (a spelling
/// written together is one). Mixed again, the two answers are independent.
fn walk_key(key: u64) -> u64 {
    key.rotate_left(32).wrapping_mul(MIX)
}

/// The key of a first token and the word after its space, from their [`token_key`]s.
fn second_word_key(first: u64, second: u64) -> u64 {
    (first.rotate_left(29) ^ second).wrapping_mul(MIX)
}

/// A filter of the words that a wildcard stem may begin. Stems of three bytes or more are
/// known by their first four bytes (three and any fourth); shorter ones, rare, by their first
/// two.
#[derive(Debug, Clone)]
struct StemStarts {
    long: BitFilter,
    short: BitFilter,
    any_short: bool,
}

impl Default for StemStarts {
    fn default() -> Self {
        StemStarts {
            long: BitFilter::with_bits(16),
            short: BitFilter::with_bits(16),
            any_short: false,
        }
    }
}

impl StemStarts {
    fn insert(&mut self, stem: &str) {
        let first = first_bytes(stem);
        match *stem.as_bytes() {
            [] => {}
            // A stem of one byte begins every word that starts with it.
            [byte] => {
                self.any_short = true;
                for second in 0..=u8::MAX {
                    self.short
                        .insert(pair_key(u16::from_le_bytes([byte, second])));
                }
            }
            [_, _] => {
                self.any_short = true;
                self.short.insert(pair_key(first as u16));
            }
            [_, _, _] => {
                for fourth in 0..=u64::from(u8::MAX) {
                    self.long.insert(prefix_key(first | fourth << 24));
                }
            }
            _ => self.long.insert(prefix_key(first)),
        }
    }

    /// False when no stem can begin the word whose first eight bytes are `first_bytes`.
    fn may_begin(&self, first_bytes: u64) -> bool {
        self.long.may_hold(prefix_key(first_bytes))
            || (self.any_short && self.short.may_hold(pair_key(first_bytes as u16)))
    }
}

/// The filter key of the first four bytes of `first_bytes`.
fn prefix_key(first_bytes: u64) -> u64 {
    (first_bytes & 0xFFFF_FFFF).wrapping_mul(MIX)
}

/// The filter key of the first two bytes of a word, in a filter of 2^16 bits: the pair
/// itself.
fn pair_key(pair: u16) -> u64 {
    u64::from(pair) << 48
}

/// Every folded spelling of `needles` with what it stands for, each text once (the first
/// needle to spell it wins), also written without its spaces where that differs.
fn patterns(needles: &[Needle<'_>]) -> Vec<(String, PatternInfo)> {
    // Folding every spelling is most of the work: on all cores.
    // Mapped by index, the results are written in place; the needles that fold to
    // nothing are then dropped in the same buffer. (A parallel `filter_map` gathers pieces
    // and copies them together: 19 million more instructions for 50,000 terms.)
    let spellings: Vec<Option<Spelling>> = needles.par_iter().map(Spelling::new).collect();
    let spellings: Vec<Spelling> = spellings.into_iter().flatten().collect();
    // Which forms of each spelling are new, told by borrowing them: the texts are moved
    // into the patterns only once that is known.
    let mut seen: HashSet<&str> = HashSet::with_capacity(2 * spellings.len());
    let new: Vec<(bool, bool)> = spellings
        .iter()
        .map(|spelling| {
            let folded = seen.insert(spelling.folded.as_str());
            let together = (spelling.together.as_deref()).is_some_and(|text| seen.insert(text));
            (folded, together)
        })
        .collect();
    drop(seen);
    let mut patterns = Vec::with_capacity(spellings.len());
    for (spelling, (folded_new, together_new)) in spellings.into_iter().zip(new) {
        if folded_new {
            patterns.push((spelling.folded, spelling.info.clone()));
        }
        if let Some(together) = spelling.together.filter(|_| together_new) {
            patterns.push((together, spelling.info));
        }
    }
    patterns
}

/// One needle folded for the trie: what [`patterns`] prepares on all cores.
struct Spelling {
    folded: String,
    info: PatternInfo,
    /// The spelling without its spaces, where that differs.
    together: Option<String>,
}

impl Spelling {
    /// `None` for a needle that folds to nothing.
    fn new(needle: &Needle<'_>) -> Option<Self> {
        let raw = needle.text.trim();
        let wildcard = raw.ends_with('*');
        let stem = raw.trim_end_matches('*');
        let folded = fold_term(stem, Case::Fold);
        if folded.is_empty() {
            return None;
        }
        let info = PatternInfo {
            target: u32::try_from(needle.target).expect("fewer than 2^32 needles"),
            wildcard,
            cased: (needle.case == CaseMode::Sensitive)
                .then(|| without_spaces(&fold_term(stem, Case::Keep)).into_boxed_str()),
        };
        let together = Some(without_spaces(&folded)).filter(|together| *together != folded);
        Some(Spelling {
            folded,
            info,
            together,
        })
    }
}

fn without_spaces(text: &str) -> String {
    text.replace(' ', "")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Runs needles (target = index) over `text`, returning (target, matched original text).
    fn run(needles: &[(&str, CaseMode)], text: &str) -> Vec<(usize, String)> {
        let needles: Vec<Needle<'_>> = needles
            .iter()
            .enumerate()
            .map(|(target, (text, case))| Needle {
                text,
                case: *case,
                target,
            })
            .collect();
        let matcher = Matcher::new(&needles);
        let norm = Normalized::new(text);
        matcher
            .find_all(&norm, text)
            .into_iter()
            .map(|f| (f.target, text[norm.original_span(f.span, text)].to_string()))
            .collect()
    }

    fn insensitive<'a>(texts: &[&'a str]) -> Vec<(&'a str, CaseMode)> {
        texts.iter().map(|t| (*t, CaseMode::Insensitive)).collect()
    }

    #[test]
    fn a_pattern_takes_24_bytes() {
        assert!(std::mem::size_of::<PatternInfo>() <= 24);
    }

    #[test]
    fn whole_words_only() {
        let found = run(&insensitive(&["war"]), "toward the war, warfare; WAR");
        assert_eq!(found, [(0, "war".into()), (0, "WAR".into())]);
    }

    #[test]
    fn case_insensitive_by_default_and_sensitive_on_request() {
        let found = run(&[("NKR", CaseMode::Sensitive)], "the NKR and the nkr");
        assert_eq!(found, [(0, "NKR".into())]);
    }

    #[test]
    fn trailing_star_matches_any_word_ending() {
        let found = run(
            &insensitive(&["occup*"]),
            "occupied, occupying; preoccupied occup",
        );
        let texts: Vec<_> = found.into_iter().map(|(_, t)| t).collect();
        assert_eq!(texts, ["occupied", "occupying", "occup"]);
    }

    #[test]
    fn hyphen_space_and_no_space_are_equivalent() {
        let text = "Nagorno-Karabakh, Nagorno Karabakh, NagornoKarabakh, Nagorno–\nKarabakh";
        let found = run(&insensitive(&["Nagorno-Karabakh"]), text);
        assert_eq!(found.len(), 4, "{found:?}");
        let found = run(
            &insensitive(&["cease fire"]),
            "a ceasefire and a cease-fire",
        );
        assert_eq!(found.len(), 2, "{found:?}");
    }

    #[test]
    fn typography_and_diacritics_fold() {
        let found = run(
            &insensitive(&["Cavusoglu", "people's"]),
            "Çavuşoğlu met the people’s envoy",
        );
        assert_eq!(found, [(0, "Çavuşoğlu".into()), (1, "people’s".into())]);
    }

    #[test]
    fn longest_match_wins_where_terms_overlap() {
        let needles = insensitive(&["occupied", "occupied territories", "territories"]);
        let found = run(&needles, "the occupied territories and territories");
        assert_eq!(
            found,
            [
                (1, "occupied territories".into()),
                (2, "territories".into())
            ]
        );
    }

    #[test]
    fn a_failed_longest_candidate_falls_back_to_a_shorter_one() {
        let needles = insensitive(&["armenian forces", "armenian"]);
        let found = run(&needles, "Armenian forcesque");
        assert_eq!(found, [(1, "Armenian".into())]);
    }

    #[test]
    fn a_match_that_fails_at_the_left_still_lets_later_matches_through() {
        let needles = insensitive(&["regime change", "change"]);
        let found = run(&needles, "xregime change");
        assert_eq!(found, [(1, "change".into())]);
    }

    #[test]
    fn possessives_and_punctuation_end_words() {
        let found = run(
            &insensitive(&["Azerbaijan"]),
            "Azerbaijan’s army; Azerbaijan.",
        );
        assert_eq!(found.len(), 2);
    }

    #[test]
    fn words_written_together_are_found_in_place_of_shorter_matches() {
        let needles = insensitive(&["cease fire", "cease*", "ceasefire talks", "fire"]);
        let found = run(
            &needles,
            "Ceasefire, ceasefires, ceasefire talks; cease fire.",
        );
        assert_eq!(
            found,
            [
                (0, "Ceasefire".into()),
                (1, "ceasefires".into()),
                (2, "ceasefire talks".into()),
                (0, "cease fire".into())
            ]
        );
    }

    #[test]
    fn punctuation_inside_spellings_and_wildcards_after_it() {
        let needles = insensitive(&["U.S.", "Dr.*", "people's republic", "«NKR»"]);
        let found = run(
            &needles,
            "the U.S. and u.s.a; Dr.Who, Dr. Who; the people’s republic; «NKR»",
        );
        assert_eq!(
            found,
            [
                (0, "U.S.".into()),
                (0, "u.s.".into()),
                (1, "Dr.Who".into()),
                (1, "Dr.".into()),
                (2, "people’s republic".into()),
                (3, "«NKR»".into())
            ]
        );
    }

    #[test]
    fn prefixes_read_as_a_copy_into_zeros_would() {
        let text = "abcdefghijklmnopqrst";
        for len in 0..=text.len() {
            let mut eight = [0; 8];
            eight[..len.min(8)].copy_from_slice(&text.as_bytes()[..len.min(8)]);
            assert_eq!(
                le_prefix(&text.as_bytes()[..len]),
                u64::from_le_bytes(eight)
            );
            let mut sixteen = [0; 16];
            sixteen[..len.min(16)].copy_from_slice(&text.as_bytes()[..len.min(16)]);
            let key = (len <= 16).then(|| u128::from_le_bytes(sixteen));
            assert_eq!(short_key(&text[..len]), key, "{len}");
        }
    }

    #[test]
    fn words_are_found_across_the_windows_the_text_is_read_in() {
        let needles = insensitive(&["cease fire", "war*"]);
        // A word longer than a window, a spelling across a window's end, a word that a
        // window's end cuts, and a window with a letter beyond ASCII.
        let long = "x".repeat(70);
        let text = format!(
            "{long} cease fire {} cease fire warx {} warring 中 cease fire",
            "y ".repeat(25),
            "z".repeat(59)
        );
        let mut expected = vec![(0, "cease fire".to_string()); 2];
        expected.push((1, "warx".to_string()));
        expected.push((1, "warring".to_string()));
        expected.push((0, "cease fire".to_string()));
        assert_eq!(run(&needles, &text), expected);
        assert!(run(&needles, &format!("{long}cease fire")).is_empty());
    }

    #[test]
    fn a_second_word_is_found_wherever_a_window_ends() {
        let needles = insensitive(&["cease fire", "fire"]);
        // The first window's end falls in every place of `cease fire` and the word after.
        for filler in 45..64 {
            let text = format!("{} cease fire cease fir", "x".repeat(filler));
            let expected = [(0, "cease fire".to_string())];
            assert_eq!(run(&needles, &text), expected, "{filler}");
        }
        // A first word that goes on with a space in one spelling and otherwise in others.
        let needles = insensitive(&[
            "people's",
            "people power",
            "war",
            "cease «nkr»",
            "cease fire",
        ]);
        let text = "the people's choice, war and people power: cease «NKR»";
        let found: Vec<usize> = run(&needles, text).iter().map(|(n, _)| *n).collect();
        assert_eq!(found, [0, 2, 1, 3]);
    }

    #[test]
    fn a_word_let_through_falsely_is_rarely_walked_from() {
        // Two-word spellings: each first word waits for its second, and each spelling
        // written together is a first token that is walked from always.
        let word = |n: usize| format!("w{n:x}q");
        let spellings: Vec<String> = (0..4000)
            .map(|n| format!("{} {}", word(n), word(n + 100_000)))
            .collect();
        let needles: Vec<Needle<'_>> = spellings
            .iter()
            .enumerate()
            .map(|(target, text)| Needle {
                text,
                case: CaseMode::Insensitive,
                target,
            })
            .collect();
        let matcher = Matcher::new(&needles);
        let (mut let_through, mut walked) = (0, 0);
        for n in 1_000_000..1_200_000 {
            let word = word(n);
            let action = matcher.at_word(first_bytes(&word), word.len());
            let_through += usize::from(!matches!(action, AtWord::Pass));
            walked += usize::from(matches!(action, AtWord::Walk));
        }
        // The filter of first tokens lets a few words through; if the filter of tokens to
        // walk from said yes to the same ones, about half of those would be walked from.
        assert!(let_through > 1000, "{let_through} words let through");
        assert!(
            walked * 10 < let_through,
            "{walked} of {let_through} walked from"
        );
    }

    #[test]
    fn wildcards_of_every_length_compete_with_whole_words() {
        let needles = insensitive(&["a*", "arm*", "armenian", "armenian forces*", "x"]);
        let found = run(&needles, "Armenians armenian forcesque a x armed xa");
        assert_eq!(
            found,
            [
                (1, "Armenians".into()),
                (3, "armenian forcesque".into()),
                (0, "a".into()),
                (4, "x".into()),
                (1, "armed".into())
            ]
        );
    }

    /// The matching rules read plainly, as a reference for the trie: at each character in
    /// turn, the spellings whose folded text starts there, longest first; the first that
    /// passes the whole-word and case checks is a match, and the search goes on after it.
    fn reference(needles: &[Needle<'_>], norm: &Normalized, original: &str) -> Vec<Found> {
        let patterns = patterns(needles);
        let hay = norm.as_str();
        let is_word_at = |at: usize| hay[at..].chars().next().is_some_and(is_word_char);
        let follows_word = |at: usize| hay[..at].chars().next_back().is_some_and(is_word_char);
        let mut found = Vec::new();
        let mut at = 0;
        while at < hay.len() {
            let mut here: Vec<&(String, PatternInfo)> = patterns
                .iter()
                .filter(|(text, _)| hay[at..].starts_with(text.as_str()))
                .collect();
            here.sort_by_key(|(text, _)| std::cmp::Reverse(text.len()));
            let hit = here.into_iter().find_map(|(text, info)| {
                let first_is_word = text.chars().next().is_some_and(is_word_char);
                let last_is_word = text.chars().next_back().is_some_and(is_word_char);
                let end = at + text.len();
                if first_is_word && follows_word(at) {
                    return None;
                }
                if !info.wildcard && last_is_word && is_word_at(end) {
                    return None;
                }
                accept_pattern(info, norm, original, at..end)
            });
            match hit {
                Some(hit) => {
                    at = hit.span.end;
                    found.push(hit);
                }
                None => at += hay[at..].chars().next().map_or(1, char::len_utf8),
            }
        }
        found
    }

    /// Words that share beginnings, so that spellings written together, wildcards and
    /// longer terms compete for the same place, and words with punctuation and letters
    /// beyond ASCII in them.
    const WORDS: &[&str] = &[
        "cease",
        "fire",
        "ceasefire",
        "fires",
        "fi",
        "fir",
        "war",
        "time",
        "nkr",
        "u.s.",
        "people's",
        "xan",
        "xankəndi",
        "中文",
        "a",
        "«nkr»",
    ];

    /// A spelling of one to three words, perhaps a wildcard, and whether case matters.
    fn needle_strategy() -> impl proptest::strategy::Strategy<Value = (String, bool)> {
        use proptest::prelude::*;
        (
            proptest::collection::vec(proptest::sample::select(WORDS), 1..4),
            any::<bool>(),
            proptest::bool::weighted(0.2),
            proptest::sample::select(&[" ", "-", ""][..]),
        )
            .prop_map(|(words, wildcard, sensitive, joint)| {
                let text = words.join(joint);
                let text = if wildcard { text + "*" } else { text };
                let text = if sensitive { text.to_uppercase() } else { text };
                (text, sensitive)
            })
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(3000))]

        /// The trie finds what the plain reading of the rules finds.
        #[test]
        fn the_trie_matches_like_the_rules_read_plainly(
            needles in proptest::collection::vec(needle_strategy(), 1..8),
            text in r"((cease|fire|ceasefire|fires|firm|war|time|wartime|firewar|NKR|nkr|Cease|U\.S\.|u\.s|people’s|people|Xankəndi|xan|A|a|ə|中文|中|fire中|中fire)[ ,.'’«»\-]{0,2}){0,40}",
        ) {
            let needles: Vec<Needle<'_>> = needles
                .iter()
                .enumerate()
                .map(|(target, (text, sensitive))| Needle {
                    text,
                    case: if *sensitive { CaseMode::Sensitive } else { CaseMode::Insensitive },
                    target,
                })
                .collect();
            let norm = Normalized::new(&text);
            let matcher = Matcher::new(&needles);
            proptest::prop_assert_eq!(
                matcher.find_all(&norm, &text),
                reference(&needles, &norm, &text),
                "{:?} in {:?}", needles.iter().map(|n| n.text).collect::<Vec<_>>(), text
            );
        }
    }
}
