//! One JSON Lines record read in a single pass: only the fields a corpus reader asks for
//! are turned into text; every other value is skipped without being built.

use std::borrow::Cow;
use std::fmt;

use serde::de::{DeserializeSeed, Deserializer, IgnoredAny, MapAccess, SeqAccess, Visitor};

/// The field names to look for, one list per wanted field, best name first.
pub(super) struct Wanted<'n, const N: usize> {
    names: [&'n [String]; N],
}

/// What a record holds for one wanted field.
#[derive(Debug, Default)]
pub(super) struct Found {
    /// The value of the best-ranked name whose value reads as text.
    pub(super) text: Option<String>,
    /// The best-ranked name present, with what kind of value it holds.
    pub(super) first: Option<(usize, &'static str)>,
    text_rank: usize,
}

impl<'n, const N: usize> Wanted<'n, N> {
    /// Looks for each list of `names`; a record read with it gives one [`Found`] per list.
    pub(super) fn new(names: [&'n [String]; N]) -> Self {
        Wanted { names }
    }

    /// Reads one record: an error when `line` is not a JSON object (or not JSON).
    pub(super) fn read(&self, line: &[u8]) -> serde_json::Result<[Found; N]> {
        let mut json = serde_json::Deserializer::from_slice(line);
        let found = Record(self).deserialize(&mut json)?;
        json.end()?;
        Ok(found)
    }

    /// The names looked for as wanted field `field`, best first.
    pub(super) fn names(&self, field: usize) -> &'n [String] {
        self.names[field]
    }

    /// Which wanted field `key` names, and the rank of the name in its list.
    fn locate(&self, key: &str) -> Option<(usize, usize)> {
        self.names.iter().enumerate().find_map(|(field, names)| {
            let rank = names.iter().position(|name| name == key)?;
            Some((field, rank))
        })
    }
}

/// The seed that reads a record's object.
struct Record<'w, 'n, const N: usize>(&'w Wanted<'n, N>);

impl<'de, const N: usize> DeserializeSeed<'de> for Record<'_, '_, N> {
    type Value = [Found; N];

    fn deserialize<D: Deserializer<'de>>(self, json: D) -> Result<Self::Value, D::Error> {
        json.deserialize_map(self)
    }
}

impl<'de, const N: usize> Visitor<'de> for Record<'_, '_, N> {
    type Value = [Found; N];

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a JSON object")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
        let mut found: [Found; N] = std::array::from_fn(|_| Found::default());
        while let Some(key) = map.next_key::<KeyText<'de>>()? {
            let Some((field, rank)) = self.0.locate(&key.0) else {
                map.next_value::<IgnoredAny>()?;
                continue;
            };
            let slot = &mut found[field];
            let wants_text = slot.text.is_none() || rank <= slot.text_rank;
            let wants_kind = slot.first.is_none_or(|(best, _)| rank <= best);
            if !wants_text && !wants_kind {
                map.next_value::<IgnoredAny>()?;
                continue;
            }
            let value = map.next_value::<Value>()?;
            if wants_kind {
                slot.first = Some((rank, value.kind));
            }
            if let Some(text) = value.text.filter(|_| wants_text) {
                slot.text = Some(text);
                slot.text_rank = rank;
            }
        }
        Ok(found)
    }
}

/// A key, borrowed from the line unless it holds escapes.
#[derive(serde::Deserialize)]
struct KeyText<'a>(#[serde(borrow)] Cow<'a, str>);

/// A wanted field's value: as text where it reads as text (strings as they are, numbers
/// and booleans written out as JSON writes them), and what kind of value it is.
struct Value {
    text: Option<String>,
    kind: &'static str,
}

impl Value {
    fn text(text: String, kind: &'static str) -> Self {
        Value {
            text: Some(text),
            kind,
        }
    }

    fn other(kind: &'static str) -> Self {
        Value { text: None, kind }
    }
}

impl<'de> serde::Deserialize<'de> for Value {
    fn deserialize<D: Deserializer<'de>>(json: D) -> Result<Self, D::Error> {
        json.deserialize_any(ValueVisitor)
    }
}

struct ValueVisitor;

impl<'de> Visitor<'de> for ValueVisitor {
    type Value = Value;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }
    fn visit_str<E>(self, v: &str) -> Result<Value, E> {
        Ok(Value::text(v.to_string(), "a string"))
    }
    fn visit_string<E>(self, v: String) -> Result<Value, E> {
        Ok(Value::text(v, "a string"))
    }
    fn visit_bool<E>(self, v: bool) -> Result<Value, E> {
        Ok(Value::text(v.to_string(), "a boolean"))
    }
    fn visit_i64<E>(self, v: i64) -> Result<Value, E> {
        Ok(Value::text(v.to_string(), "a number"))
    }
    fn visit_u64<E>(self, v: u64) -> Result<Value, E> {
        Ok(Value::text(v.to_string(), "a number"))
    }
    fn visit_f64<E>(self, v: f64) -> Result<Value, E> {
        Ok(match serde_json::Number::from_f64(v) {
            Some(number) => Value::text(number.to_string(), "a number"),
            None => Value::other("a number"),
        })
    }
    fn visit_unit<E>(self) -> Result<Value, E> {
        Ok(Value::other("null"))
    }
    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Value, A::Error> {
        while seq.next_element::<IgnoredAny>()?.is_some() {}
        Ok(Value::other("an array"))
    }
    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Value, A::Error> {
        while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
        Ok(Value::other("an object"))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(list: &[&str]) -> Vec<String> {
        list.iter().map(|s| s.to_string()).collect()
    }

    #[test]
    fn the_best_named_text_wins_and_the_rest_is_skipped() {
        let text = names(&["text", "body"]);
        let id = names(&["id", "url"]);
        let wanted = Wanted::new([&text, &id]);
        let line = br#"{"body":"second","html":{"a":[1,2]},"text":"fir\"st","url":"u","id":7.5}"#;
        let found = wanted.read(line).unwrap();
        assert_eq!(found[0].text.as_deref(), Some("fir\"st"));
        assert_eq!(found[0].first, Some((0, "a string")));
        assert_eq!(found[1].text.as_deref(), Some("7.5"));
    }

    #[test]
    fn a_field_that_is_not_text_gives_way_to_a_later_name() {
        let text = names(&["text", "body"]);
        let wanted = Wanted::new([&text]);
        let found = wanted.read(br#"{"text":null,"body":"kept"}"#).unwrap();
        assert_eq!(found[0].text.as_deref(), Some("kept"));
        assert_eq!(found[0].first, Some((0, "null")));
        let found = wanted.read(br#"{"te\u0078t":[1,{"b":2}]}"#).unwrap();
        assert_eq!(found[0].text, None);
        assert_eq!(found[0].first, Some((0, "an array")));
        let found = wanted.read(br#"{"text":true,"n":[]}"#).unwrap();
        assert_eq!(found[0].text.as_deref(), Some("true"));
        let found = wanted.read(br#"{"text":12,"x":1} "#).unwrap();
        assert_eq!(found[0].text.as_deref(), Some("12"));
    }

    #[test]
    fn keys_borrow_from_the_line_unless_escaped() {
        let plain: KeyText<'_> = serde_json::from_slice(br#""text""#).unwrap();
        assert!(matches!(plain.0, Cow::Borrowed("text")));
        let escaped: KeyText<'_> = serde_json::from_slice(br#""te\u0078t""#).unwrap();
        assert!(matches!(escaped.0, Cow::Owned(ref key) if key == "text"));
    }

    #[test]
    fn what_is_not_one_object_is_an_error() {
        let text = names(&["text"]);
        let wanted = Wanted::new([&text]);
        for line in [
            &b"[1,2]"[..],
            b"not json",
            br#"{"text":"a"} {}"#,
            b"{\"text\":\"a\xff\"}",
        ] {
            assert!(
                wanted.read(line).is_err(),
                "{:?}",
                String::from_utf8_lossy(line)
            );
        }
    }
}
