//! Byte classes 64 at a time, as bit masks: folding, word counting and the search for
//! lexicon spellings read text in 64-byte blocks through the `wide` crate's SIMD vectors
//! (SSE2 on x86-64, NEON on AArch64, plain arrays elsewhere), and get one bit per byte.
//!
//! Bit `i` of a mask stands for byte `i` of the block. A block shorter than 64 bytes (the
//! end of a text) reads as if padded with zero bytes, which are in none of the classes.

use wide::{i8x16, u8x16};

/// The width of a block.
pub const BLOCK: usize = 64;

/// The classes of the bytes of one block.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ByteClasses {
    /// ASCII white space: space, tab, line feed, form feed, carriage return (not the
    /// vertical tab, as in [`u8::is_ascii_whitespace`]).
    pub space: u64,
    /// ASCII letters and digits.
    pub word: u64,
    /// Bytes that begin a character of two or more bytes.
    pub lead: u64,
    /// Bytes beyond ASCII (0x80 and up): lead and continuation bytes.
    pub high: u64,
}

impl ByteClasses {
    /// Classifies up to [`BLOCK`] bytes.
    #[inline]
    pub fn of(bytes: &[u8]) -> Self {
        let block = Block::load(bytes);
        // Setting bit 5 maps `A`-`Z` onto `a`-`z` and nothing else into them.
        let lowered = Block(block.0.map(|lanes| lanes | i8x16::splat(0x20)));
        let letters = lowered.lanes_in(&[(b'a', b'z')]);
        let digits = block.lanes_in(&[(b'0', b'9')]);
        let high = block.high();
        ByteClasses {
            space: block.mask(&[(b'\t', b'\n'), (0x0C, b'\r'), (b' ', b' ')]),
            word: bitmask(std::array::from_fn(|k| letters[k] | digits[k])),
            // Plain ASCII, most blocks, has no lead bytes to look for.
            lead: if high == 0 {
                0
            } else {
                block.mask(&[(0xC0, 0xFF)])
            },
            high,
        }
    }
}

/// Up to [`BLOCK`] bytes of text in SIMD vectors, padded with zero bytes.
#[derive(Debug, Clone, Copy)]
pub struct Block([i8x16; 4]);

impl Block {
    /// The first [`BLOCK`] bytes of `bytes`, or all of them and zero bytes after.
    #[inline]
    pub fn load(bytes: &[u8]) -> Self {
        match bytes.first_chunk::<BLOCK>() {
            Some(full) => Self::from_array(full),
            None => {
                let mut padded = [0; BLOCK];
                padded[..bytes.len()].copy_from_slice(bytes);
                Self::from_array(&padded)
            }
        }
    }

    /// Loads the vectors sixteen bytes at a time: a copy of all 64 at once goes through
    /// memory, and reading it back in smaller pieces stalls.
    #[inline]
    fn from_array(bytes: &[u8; BLOCK]) -> Self {
        Block(std::array::from_fn(|quarter| {
            let sixteen = bytes[16 * quarter..]
                .first_chunk::<16>()
                .expect("a quarter of a block is 16 bytes");
            u8x16::from(*sixteen).cast_signed()
        }))
    }

    /// The bytes beyond ASCII (0x80 and up).
    #[inline]
    pub fn high(self) -> u64 {
        bitmask(self.0)
    }

    /// The bytes that lie in any of the inclusive `ranges`.
    #[inline]
    pub fn mask(self, ranges: &[(u8, u8)]) -> u64 {
        bitmask(self.lanes_in(ranges))
    }

    /// [`Block::mask`] as vectors of lanes, all ones or all zeros.
    #[inline]
    fn lanes_in(self, ranges: &[(u8, u8)]) -> [i8x16; 4] {
        self.0.map(|lanes| {
            ranges
                .iter()
                .map(|&(low, high)| in_range(lanes, low, high))
                .fold(i8x16::splat(0), |found, range| found | range)
        })
    }
}

/// One bit per lane of `quarters`, from the high bit of each byte.
#[inline]
fn bitmask(quarters: [i8x16; 4]) -> u64 {
    quarters
        .iter()
        .enumerate()
        .fold(0, |mask, (quarter, lanes)| {
            mask | u64::from(lanes.to_bitmask()) << (16 * quarter)
        })
}

/// The bytes from `low` to `high` inclusive, as a lane mask: one addition moves the range
/// to the bottom of the signed bytes, where one comparison finds it.
#[inline]
fn in_range(bytes: i8x16, low: u8, high: u8) -> i8x16 {
    debug_assert!(low <= high);
    let shift = 0x80u8.wrapping_sub(low).cast_signed();
    let limit = i8::MIN
        .wrapping_add((high - low).cast_signed())
        .wrapping_add(1);
    (bytes + i8x16::splat(shift)).simd_lt(i8x16::splat(limit))
}

/// The bytes of `mask`, from the lowest, as offsets.
pub(super) fn offsets(mut mask: u64) -> impl Iterator<Item = usize> {
    std::iter::from_fn(move || {
        (mask != 0).then(|| {
            let offset = mask.trailing_zeros() as usize;
            mask &= mask - 1;
            offset
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The mask a byte-at-a-time predicate gives over `block`.
    fn mask_by_bytes(block: &[u8], is_in: impl Fn(u8) -> bool) -> u64 {
        block
            .iter()
            .enumerate()
            .filter(|(_, byte)| is_in(**byte))
            .fold(0, |mask, (i, _)| mask | 1 << i)
    }

    #[test]
    fn classes_agree_with_the_byte_predicates_for_every_byte_in_every_position() {
        let mut block: Vec<u8> = (0..BLOCK as u8).map(|i| i.wrapping_mul(37)).collect();
        for byte in 0..=255u8 {
            for position in [0, 1, 15, 16, 31, 32, 47, 48, 63] {
                block[position] = byte;
                let classes = ByteClasses::of(&block);
                let space = |b: u8| b.is_ascii_whitespace();
                assert_eq!(classes.space, mask_by_bytes(&block, space), "{byte:#x}");
                let word = |b: u8| b.is_ascii_alphanumeric();
                assert_eq!(classes.word, mask_by_bytes(&block, word), "{byte:#x}");
                let lead = |b: u8| b >= 0xC0;
                assert_eq!(classes.lead, mask_by_bytes(&block, lead), "{byte:#x}");
                let high = |b: u8| b >= 0x80;
                assert_eq!(classes.high, mask_by_bytes(&block, high), "{byte:#x}");
            }
        }
    }

    #[test]
    fn a_short_block_reads_as_padded_with_bytes_of_no_class() {
        let classes = ByteClasses::of(b"a b\xC3");
        assert_eq!(classes.word, 0b101);
        assert_eq!(classes.space, 0b10);
        assert_eq!(classes.lead, 0b1000);
        assert_eq!(classes.high, 0b1000);
    }

    #[test]
    fn offsets_run_from_the_lowest_bit() {
        assert_eq!(offsets(0b1001_0010).collect::<Vec<_>>(), [1, 4, 7]);
        assert_eq!(offsets(1 << 63).collect::<Vec<_>>(), [63]);
        assert_eq!(offsets(0).count(), 0);
    }
}
