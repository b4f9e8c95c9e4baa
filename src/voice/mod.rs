//! Voice: whose words a hit is. Quoted spans are found here; speakers later.

mod quotes;

pub use quotes::{QuotedSpan, find_quotes, opens_with_quote};
