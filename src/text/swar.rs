//! Byte classes eight at a time, for reading one word: where it ends, and its first eight
//! bytes, computed on a `u64` of text with plain integer arithmetic. (Longer stretches of
//! text are read 64 bytes at a time through [`super::blocks`].)
//!
//! Every mask has the high bit (0x80) of a byte set where that byte is in the class and
//! all other bits clear. Byte 0 of the text is the lowest byte of the word.

/// The high bit of every byte.
pub(super) const HIGH_BITS: u64 = 0x8080_8080_8080_8080;
const LOW_BITS: u64 = 0x7F7F_7F7F_7F7F_7F7F;
const ONES: u64 = 0x0101_0101_0101_0101;

/// The eight bytes at `at` as one word, or `None` when fewer than eight are left.
pub(super) fn word_at(bytes: &[u8], at: usize) -> Option<u64> {
    let block: [u8; 8] = bytes.get(at..at.checked_add(8)?)?.try_into().ok()?;
    Some(u64::from_le_bytes(block))
}

/// The offset (0 to 7) of the first byte marked in `mask`, or 8 when none is.
pub(super) fn first(mask: u64) -> usize {
    (mask.trailing_zeros() / 8) as usize
}

/// ASCII bytes from `low` to `high` inclusive (`0 < low <= high < 0x80`); non-ASCII
/// bytes are never in the range.
pub(super) fn in_range(word: u64, low: u8, high: u8) -> u64 {
    debug_assert!(0 < low && low <= high && high < 0x80);
    // With the high bits cleared, adding 0x80 - n to a byte sets its high bit exactly
    // when the byte is n or more, and no byte carries into the next.
    let ascii = word & LOW_BITS;
    let at_least_low = ascii + u64::from(0x80 - low) * ONES;
    let above_high = ascii + u64::from(0x80 - high - 1) * ONES;
    at_least_low & !above_high & !word & HIGH_BITS
}

/// ASCII letters and digits.
pub(super) fn ascii_alphanumeric(word: u64) -> u64 {
    // Setting bit 5 of every byte maps `A`-`Z` onto `a`-`z` and nothing else into them.
    in_range(word | (0x20 * ONES), b'a', b'z') | in_range(word, b'0', b'9')
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The mask the byte-at-a-time predicate gives.
    fn mask_by_bytes(block: [u8; 8], is_in: impl Fn(u8) -> bool) -> u64 {
        let bytes: Vec<u8> = block
            .iter()
            .map(|&b| if is_in(b) { 0x80 } else { 0 })
            .collect();
        u64::from_le_bytes(bytes.try_into().unwrap())
    }

    #[test]
    fn masks_agree_with_the_byte_predicates_for_every_byte_in_every_position() {
        for byte in 0..=255u8 {
            for position in 0..8 {
                // The byte among neighbours that could disturb a borrow or a carry.
                let mut block = [0u8, 0xFF, b' ', b'a', 0x80, b'-', b'Z', 0x7F];
                block[position] = byte;
                let word = u64::from_le_bytes(block);
                assert_eq!(
                    in_range(word, 9, 13),
                    mask_by_bytes(block, |b| (9..=13).contains(&b))
                );
                assert_eq!(
                    in_range(word, b'a', b'z'),
                    mask_by_bytes(block, |b| b.is_ascii_lowercase())
                );
                assert_eq!(
                    ascii_alphanumeric(word),
                    mask_by_bytes(block, |b| b.is_ascii_alphanumeric())
                );
            }
        }
    }

    #[test]
    fn words_are_read_only_when_eight_bytes_are_left() {
        assert_eq!(
            word_at(b"abcdefgh", 0),
            Some(u64::from_le_bytes(*b"abcdefgh"))
        );
        assert_eq!(word_at(b"abcdefgh", 1), None);
        let digits = in_range(u64::from_le_bytes(*b"ab9de7gh"), b'0', b'9');
        assert_eq!(first(digits), 2);
        assert_eq!(first(0), 8);
    }
}
