//! Text handling shared by every step: folding for matching (with a map back to the
//! original bytes), line and column numbers, paragraphs, sentences and word counts.
//!
//! Nothing here knows about lexicons, voices or reports.

mod blocks;
mod lines;
pub mod markup;
mod normalize;
mod segment;
mod swar;

pub use blocks::{BLOCK, Block, ByteClasses};
pub use lines::{Cursor, LineIndex, Position};
pub use normalize::{Case, Normalized, ascii_word, fold_term, is_word_char, word_end};
pub use segment::{
    Sentences, collapse_space, count_words, opens_with_quote, paragraph_containing, paragraphs,
};
