//! `--group-by`: the key a document is counted under (its source, its date, its month, or
//! its source and month).

use crate::lexicon::period::PartialDate;

/// What documents are grouped by.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum GroupBy {
    /// The outlet.
    #[default]
    Source,
    /// The publication day.
    Date,
    /// The publication month.
    Month,
    /// The outlet and the month.
    SourceMonth,
}

impl GroupBy {
    /// Parses `source`, `date`, `month` or `source,month`.
    pub fn parse(text: &str) -> Option<GroupBy> {
        match text.replace(' ', "").as_str() {
            "source" => Some(GroupBy::Source),
            "date" => Some(GroupBy::Date),
            "month" => Some(GroupBy::Month),
            "source,month" | "month,source" => Some(GroupBy::SourceMonth),
            _ => None,
        }
    }
}

/// The group key of a document of `source` published on `date` (as written).
pub fn group_key(group_by: GroupBy, source: &str, date: Option<&str>) -> String {
    let parsed = date.and_then(PartialDate::parse);
    let day = || parsed.map_or_else(|| "undated".to_string(), |d| d.to_string());
    let month = || {
        parsed.map_or_else(
            || "undated".to_string(),
            |d| d.to_string().chars().take(7).collect(),
        )
    };
    match group_by {
        GroupBy::Source => source.to_string(),
        GroupBy::Date => day(),
        GroupBy::Month => month(),
        GroupBy::SourceMonth => format!("{source} {}", month()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_follow_the_grouping() {
        let date = Some("2020-10-11T08:00:00Z");
        assert_eq!(group_key(GroupBy::Source, "Wire", date), "Wire");
        assert_eq!(group_key(GroupBy::Date, "Wire", date), "2020-10-11");
        assert_eq!(group_key(GroupBy::Month, "Wire", date), "2020-10");
        assert_eq!(
            group_key(GroupBy::SourceMonth, "Wire", date),
            "Wire 2020-10"
        );
        assert_eq!(group_key(GroupBy::Month, "Wire", None), "undated");
        assert_eq!(GroupBy::parse("source, month"), Some(GroupBy::SourceMonth));
        assert_eq!(GroupBy::parse("year"), None);
    }
}
