//! Turning a file's bytes into text: BOMs, UTF-16, invalid UTF-8 and binary files.

/// Text decoded from bytes, with what was odd about them.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Decoded {
    /// Readable text, with a note when some of it had to be replaced.
    Text {
        /// The decoded text.
        text: String,
        /// Set when invalid UTF-8 was replaced: the byte offset of the first bad sequence.
        first_invalid_byte: Option<usize>,
    },
    /// A NUL byte early in a file without a UTF-16 byte order mark: not text.
    Binary,
}

/// How many leading bytes are looked at to tell binary files from text.
const BINARY_SNIFF_LEN: usize = 8192;

/// Decodes `bytes`: UTF-8 (BOM stripped, invalid sequences replaced) or BOM-marked UTF-16.
pub(crate) fn decode(bytes: &[u8]) -> Decoded {
    if let Some(rest) = bytes.strip_prefix(b"\xEF\xBB\xBF") {
        return utf8_lossy(rest);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFF\xFE") {
        return utf16(rest, u16::from_le_bytes);
    }
    if let Some(rest) = bytes.strip_prefix(b"\xFE\xFF") {
        return utf16(rest, u16::from_be_bytes);
    }
    if memchr::memchr(0, &bytes[..bytes.len().min(BINARY_SNIFF_LEN)]).is_some() {
        return Decoded::Binary;
    }
    utf8_lossy(bytes)
}

fn utf8_lossy(bytes: &[u8]) -> Decoded {
    match std::str::from_utf8(bytes) {
        Ok(text) => Decoded::Text {
            text: text.to_string(),
            first_invalid_byte: None,
        },
        Err(err) => Decoded::Text {
            text: String::from_utf8_lossy(bytes).into_owned(),
            first_invalid_byte: Some(err.valid_up_to()),
        },
    }
}

fn utf16(bytes: &[u8], unit: fn([u8; 2]) -> u16) -> Decoded {
    let units = bytes.chunks_exact(2).map(|pair| unit([pair[0], pair[1]]));
    let text: String = char::decode_utf16(units)
        .map(|c| c.unwrap_or(char::REPLACEMENT_CHARACTER))
        .collect();
    Decoded::Text {
        text,
        first_invalid_byte: None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn text(decoded: Decoded) -> (String, Option<usize>) {
        match decoded {
            Decoded::Text {
                text,
                first_invalid_byte,
            } => (text, first_invalid_byte),
            Decoded::Binary => panic!("decoded as binary"),
        }
    }

    #[test]
    fn utf8_bom_is_stripped() {
        assert_eq!(
            text(decode(b"\xEF\xBB\xBFHello")),
            ("Hello".to_string(), None)
        );
    }

    #[test]
    fn utf16_with_a_bom_is_decoded() {
        let le: Vec<u8> = [0xFF, 0xFE]
            .into_iter()
            .chain("Şuşa".encode_utf16().flat_map(u16::to_le_bytes))
            .collect();
        let be: Vec<u8> = [0xFE, 0xFF]
            .into_iter()
            .chain("Şuşa".encode_utf16().flat_map(u16::to_be_bytes))
            .collect();
        assert_eq!(text(decode(&le)).0, "Şuşa");
        assert_eq!(text(decode(&be)).0, "Şuşa");
    }

    #[test]
    fn invalid_utf8_is_replaced_and_located() {
        let (decoded, bad) = text(decode(b"ab\xFFcd"));
        assert_eq!(decoded, "ab\u{FFFD}cd");
        assert_eq!(bad, Some(2));
    }

    #[test]
    fn nul_bytes_mean_binary() {
        assert_eq!(decode(b"\x89PNG\r\n\x1a\n\0\0\0"), Decoded::Binary);
    }
}
