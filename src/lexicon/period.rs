//! Leans that change with time: a term's `lean` may be a list of `{ lean, since, until }`
//! ranges, resolved against the document's date.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A date as precise as it was written: `2020`, `2020-10` or `2020-10-11`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct PartialDate {
    year: i32,
    month: Option<u8>,
    day: Option<u8>,
}

impl PartialDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD`; a longer value (a timestamp) is cut to
    /// its date part.
    pub fn parse(text: &str) -> Option<PartialDate> {
        let text = text.trim();
        let date = text.get(..10.min(text.len()))?;
        let mut parts = date.split('-');
        let year = parts.next().filter(|y| y.len() == 4)?.parse().ok()?;
        let month = parts
            .next()
            .map(|m| m.parse::<u8>().ok().filter(|m| (1..=12).contains(m)));
        let day = parts
            .next()
            .map(|d| d.parse::<u8>().ok().filter(|d| (1..=31).contains(d)));
        if parts.next().is_some() {
            return None;
        }
        Some(PartialDate {
            year,
            month: match month {
                Some(m) => Some(m?),
                None => None,
            },
            day: match day {
                Some(d) => Some(d?),
                None => None,
            },
        })
    }

    /// The first day of the period the date names.
    fn first_day(self) -> (i32, u8, u8) {
        (self.year, self.month.unwrap_or(1), self.day.unwrap_or(1))
    }

    /// The last day of the period the date names.
    fn last_day(self) -> (i32, u8, u8) {
        (self.year, self.month.unwrap_or(12), self.day.unwrap_or(31))
    }
}

impl fmt::Display for PartialDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}", self.year)?;
        if let Some(month) = self.month {
            write!(f, "-{month:02}")?;
        }
        if let Some(day) = self.day {
            write!(f, "-{day:02}")?;
        }
        Ok(())
    }
}

impl Serialize for PartialDate {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

/// A date is read from a string (`"2020-10"`), a year written as a number (`2020`), or a
/// TOML date left unquoted (`2020-10-11`, or a date and time, whose time is dropped).
impl<'de> Deserialize<'de> for PartialDate {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(DateVisitor)
    }
}

struct DateVisitor;

impl<'de> serde::de::Visitor<'de> for DateVisitor {
    type Value = PartialDate;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a date: \"YYYY\", \"YYYY-MM\" or \"YYYY-MM-DD\"")
    }

    fn visit_str<E: serde::de::Error>(self, text: &str) -> Result<PartialDate, E> {
        PartialDate::parse(text).ok_or_else(|| not_a_date(text, "not a date"))
    }

    fn visit_u64<E: serde::de::Error>(self, year: u64) -> Result<PartialDate, E> {
        match year {
            1000..=9999 => self.visit_str(&year.to_string()),
            _ => Err(not_a_date(year, "not a year")),
        }
    }

    fn visit_i64<E: serde::de::Error>(self, year: i64) -> Result<PartialDate, E> {
        let year = u64::try_from(year).map_err(|_| not_a_date(year, "not a year"))?;
        self.visit_u64(year)
    }

    /// A TOML date or date and time, which serde sees as a map of its own kind.
    fn visit_map<A: serde::de::MapAccess<'de>>(self, map: A) -> Result<PartialDate, A::Error> {
        let datetime =
            toml::value::Datetime::deserialize(serde::de::value::MapAccessDeserializer::new(map))?;
        match datetime.date {
            Some(date) => self.visit_str(&date.to_string()),
            None => Err(not_a_date(datetime, "a time of day, not a date")),
        }
    }
}

/// The error for `value`, which is `what` rather than a date, saying how to write one.
fn not_a_date<E: serde::de::Error>(value: impl fmt::Display, what: &str) -> E {
    E::custom(format!(
        "`{value}` is {what}; write YYYY, YYYY-MM or YYYY-MM-DD"
    ))
}

/// One lean with the period it holds for; no `since` or `until` means open-ended.
#[derive(Debug, Clone, Serialize, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct DatedLean {
    /// The lean in this period.
    pub lean: String,
    /// First day of the period (inclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub since: Option<PartialDate>,
    /// Last day of the period (inclusive).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub until: Option<PartialDate>,
}

impl DatedLean {
    fn is_undated(&self) -> bool {
        self.since.is_none() && self.until.is_none()
    }

    /// True when every day of `date`'s period lies in this range.
    fn contains(&self, date: PartialDate) -> bool {
        self.since
            .is_none_or(|since| date.first_day() >= since.first_day())
            && self
                .until
                .is_none_or(|until| date.last_day() <= until.last_day())
    }

    fn range(&self) -> String {
        let end = |d: Option<PartialDate>| d.map(|d| d.to_string()).unwrap_or_default();
        format!("{}..{}", end(self.since), end(self.until))
    }
}

/// A term's lean: one for all time, or one per period.
#[derive(Debug, Clone, Serialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum LeanSpec {
    /// The same lean whatever the date.
    Fixed(String),
    /// Leans by period.
    Dated(Vec<DatedLean>),
}

impl<'de> Deserialize<'de> for LeanSpec {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(LeanSpecVisitor)
    }
}

/// Reads a lean as a string or a list of ranges, so a mistake inside a range is reported
/// as itself rather than as "matches no variant".
struct LeanSpecVisitor;

impl<'de> serde::de::Visitor<'de> for LeanSpecVisitor {
    type Value = LeanSpec;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("a lean name, or a list of { lean, since, until } tables")
    }

    fn visit_str<E: serde::de::Error>(self, value: &str) -> Result<LeanSpec, E> {
        Ok(LeanSpec::Fixed(value.to_string()))
    }

    fn visit_seq<A: serde::de::SeqAccess<'de>>(self, mut seq: A) -> Result<LeanSpec, A::Error> {
        let mut ranges = Vec::new();
        while let Some(range) = seq.next_element::<DatedLean>()? {
            ranges.push(range);
        }
        Ok(LeanSpec::Dated(ranges))
    }
}

/// A lean chosen for one document, and the rule that chose it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ResolvedLean<'a> {
    /// The lean, if any rule gave one.
    pub lean: Option<&'a str>,
    /// Which rule decided.
    pub rule: LeanRule<'a>,
}

/// How a lean was resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LeanRule<'a> {
    /// The term has no lean.
    None,
    /// The term has one lean for all time.
    Fixed,
    /// The document's date fell in this range.
    DocumentDate(&'a DatedLean),
    /// The document had no date; the lexicon's `default_period` fell in this range.
    DefaultPeriod(&'a DatedLean),
    /// No range applied; the term's undated entry did.
    Undated,
    /// No range applied and the term has no undated entry.
    NoMatch,
}

impl fmt::Display for LeanRule<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            LeanRule::None => f.write_str("none"),
            LeanRule::Fixed => f.write_str("fixed"),
            LeanRule::DocumentDate(range) => write!(f, "document date in {}", range.range()),
            LeanRule::DefaultPeriod(range) => write!(f, "default_period in {}", range.range()),
            LeanRule::Undated => f.write_str("undated entry"),
            LeanRule::NoMatch => f.write_str("no entry for the date"),
        }
    }
}

impl LeanSpec {
    /// Every lean named, in order.
    pub fn all(&self) -> Vec<&str> {
        match self {
            LeanSpec::Fixed(lean) => vec![lean.as_str()],
            LeanSpec::Dated(ranges) => ranges.iter().map(|r| r.lean.as_str()).collect(),
        }
    }

    /// The lean for a document of `date`, falling back to `default_period` when the
    /// document has no date, and then to the undated entry.
    pub fn resolve(
        &self,
        date: Option<PartialDate>,
        default_period: Option<PartialDate>,
    ) -> ResolvedLean<'_> {
        let ranges = match self {
            LeanSpec::Fixed(lean) => {
                return ResolvedLean {
                    lean: Some(lean),
                    rule: LeanRule::Fixed,
                };
            }
            LeanSpec::Dated(ranges) => ranges,
        };
        let dated = |when: PartialDate| ranges.iter().find(|r| !r.is_undated() && r.contains(when));
        let found = match (date, default_period) {
            (Some(date), _) => dated(date).map(LeanRule::DocumentDate),
            (None, Some(period)) => dated(period).map(LeanRule::DefaultPeriod),
            (None, None) => None,
        };
        if let Some(rule @ (LeanRule::DocumentDate(range) | LeanRule::DefaultPeriod(range))) = found
        {
            return ResolvedLean {
                lean: Some(&range.lean),
                rule,
            };
        }
        match ranges.iter().find(|r| r.is_undated()) {
            Some(undated) => ResolvedLean {
                lean: Some(&undated.lean),
                rule: LeanRule::Undated,
            },
            None => ResolvedLean {
                lean: None,
                rule: LeanRule::NoMatch,
            },
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Option<PartialDate> {
        PartialDate::parse(text)
    }

    fn flipping() -> LeanSpec {
        LeanSpec::Dated(vec![
            DatedLean {
                lean: "am".into(),
                since: date("1992"),
                until: date("1994-05"),
            },
            DatedLean {
                lean: "az".into(),
                since: date("2020-09-27"),
                until: None,
            },
            DatedLean {
                lean: "other".into(),
                since: None,
                until: None,
            },
        ])
    }

    #[test]
    fn dates_are_read_quoted_as_years_or_as_toml_dates() {
        #[derive(Debug, Deserialize)]
        struct Holder {
            since: PartialDate,
        }
        let read = |toml_text: &str| {
            toml::from_str::<Holder>(toml_text)
                .map(|holder| holder.since.to_string())
                .map_err(|err| err.message().to_string())
        };
        for (written, read_as) in [
            ("since = \"2020-10\"", "2020-10"),
            ("since = 2020", "2020"),
            ("since = 2020-11-10", "2020-11-10"),
            ("since = 2020-11-10T08:00:00Z", "2020-11-10"),
            ("since = 2020-11-10 08:00", "2020-11-10"),
        ] {
            assert_eq!(read(written).as_deref(), Ok(read_as), "{written}");
        }
        for (written, error) in [
            (
                "since = 10:30:00",
                "`10:30:00` is a time of day, not a date",
            ),
            ("since = 99", "`99` is not a year"),
            ("since = -2020", "`-2020` is not a year"),
            ("since = true", "expected a date: \"YYYY\""),
            ("since = \"soon\"", "`soon` is not a date"),
        ] {
            let message = read(written).unwrap_err();
            assert!(message.contains(error), "{written}: {message}");
        }
        let holder: Holder = serde_json::from_str("{\"since\": 2021}").unwrap();
        assert_eq!(holder.since.to_string(), "2021");
    }

    #[test]
    fn dates_parse_at_three_precisions_and_reject_the_rest() {
        assert_eq!(date("2020").unwrap().to_string(), "2020");
        assert_eq!(date("2020-10").unwrap().to_string(), "2020-10");
        assert_eq!(
            date("2020-10-11T08:00:00Z").unwrap().to_string(),
            "2020-10-11"
        );
        for bad in ["20", "2020-13", "2020-10-40", "Sunday", ""] {
            assert_eq!(date(bad), None, "{bad}");
        }
    }

    #[test]
    fn the_document_date_picks_the_range() {
        let spec = flipping();
        assert_eq!(spec.resolve(date("1993-02-01"), None).lean, Some("am"));
        assert_eq!(spec.resolve(date("2020-10-11"), None).lean, Some("az"));
        assert!(matches!(
            spec.resolve(date("2020-10-11"), None).rule,
            LeanRule::DocumentDate(_)
        ));
    }

    #[test]
    fn without_a_date_the_default_period_then_the_undated_entry_apply() {
        let spec = flipping();
        let by_default = spec.resolve(None, date("1993"));
        assert_eq!(by_default.lean, Some("am"));
        assert!(matches!(by_default.rule, LeanRule::DefaultPeriod(_)));
        assert_eq!(spec.resolve(None, None).rule, LeanRule::Undated);
        assert_eq!(spec.resolve(date("2005"), None).lean, Some("other"));
    }

    #[test]
    fn a_date_outside_every_range_without_an_undated_entry_has_no_lean() {
        let spec = LeanSpec::Dated(vec![DatedLean {
            lean: "az".into(),
            since: date("2020"),
            until: None,
        }]);
        let found = spec.resolve(date("2010"), None);
        assert_eq!((found.lean, found.rule), (None, LeanRule::NoMatch));
    }

    #[test]
    fn a_year_range_covers_every_day_of_its_years() {
        let range = DatedLean {
            lean: "x".into(),
            since: date("1992"),
            until: date("1994"),
        };
        assert!(range.contains(date("1994-12-31").unwrap()));
        assert!(!range.contains(date("1995-01-01").unwrap()));
        assert!(!range.contains(date("1991").unwrap()));
    }
}
