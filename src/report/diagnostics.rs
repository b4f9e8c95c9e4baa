//! Rendering `check` findings: the `file:line:col` lines every editor understands, JSON,
//! GitHub workflow annotations, and SARIF 2.1.0 for code-scanning dashboards.

use std::collections::BTreeMap;
use std::io::Write;

use anstyle::{AnsiColor, Style};
use serde_json::{Value, json};

use crate::check::{Finding, Suppression};
use crate::error::Result;
use crate::lexicon::Severity;
use crate::voice::Voice;

/// The findings of one run, and what else its summary mentions.
#[derive(Debug, Clone, Default)]
pub struct CheckReport {
    /// Every finding, file by file, in text order.
    pub findings: Vec<Finding>,
    /// Unused directives to report, with their files.
    pub unused: Vec<(String, Suppression)>,
    /// Findings below the threshold, not shown.
    pub below_threshold: usize,
    /// Files checked.
    pub files: usize,
}

/// The message of a finding: `"Upper Karabakh" (nagorno-karabakh/region, lean az); neutral: "Nagorno-Karabakh"`.
pub fn message(finding: &Finding) -> String {
    let mut context = format!("{}/{}", finding.lexicon, finding.concept);
    if let Some(lean) = &finding.lean {
        context.push_str(&format!(", lean {lean}"));
    }
    if finding.voice == Voice::Quoted {
        context.push_str(", quoted");
    }
    let mut text = format!("{:?} ({context})", collapse(&finding.matched));
    if let Some(suggestion) = &finding.suggestion {
        text.push_str(&format!("; neutral: {suggestion:?}"));
    }
    text
}

fn collapse(text: &str) -> String {
    crate::text::collapse_space(text).into_owned()
}

/// One line per finding and per unused directive, then a summary line.
pub fn human(report: &CheckReport, color: bool, out: &mut dyn Write) -> Result<()> {
    let paint = |style: Style, text: &str| {
        if color {
            format!("{style}{text}{style:#}")
        } else {
            text.to_string()
        }
    };
    for finding in &report.findings {
        let severity = paint(severity_style(finding.severity), finding.severity.as_str());
        writeln!(
            out,
            "{}:{}:{}: {severity}: {}",
            finding.path,
            finding.line,
            finding.column,
            message(finding)
        )?;
    }
    for (path, directive) in &report.unused {
        let severity = paint(severity_style(Severity::Warning), "warning");
        writeln!(
            out,
            "{path}:{}:1: {severity}: unused directive {:?}: it suppressed nothing",
            directive.line, directive.text
        )?;
    }
    writeln!(out, "{}", summary(report))?;
    Ok(())
}

fn severity_style(severity: Severity) -> Style {
    let color = match severity {
        Severity::Error => AnsiColor::Red,
        Severity::Warning => AnsiColor::Yellow,
        Severity::Info => AnsiColor::Blue,
    };
    Style::new().bold().fg_color(Some(color.into()))
}

/// `3 findings (1 error, 2 warnings) in 2 files; 1 below --min-severity not shown`.
pub fn summary(report: &CheckReport) -> String {
    let count = |severity| {
        report
            .findings
            .iter()
            .filter(|f| f.severity == severity)
            .count()
    };
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    let parts: Vec<String> = [
        (Severity::Error, "error"),
        (Severity::Warning, "warning"),
        (Severity::Info, "info"),
    ]
    .into_iter()
    .filter(|(s, _)| count(*s) > 0)
    .map(|(s, word)| {
        if word == "info" {
            format!("{} info", count(s))
        } else {
            plural(count(s), word)
        }
    })
    .collect();
    let mut line = plural(report.findings.len(), "finding");
    if !parts.is_empty() {
        line.push_str(&format!(" ({})", parts.join(", ")));
    }
    line.push_str(&format!(" in {}", plural(report.files, "file")));
    if !report.unused.is_empty() {
        line.push_str(&format!(
            "; {}",
            plural(report.unused.len(), "unused directive")
        ));
    }
    if report.below_threshold > 0 {
        line.push_str(&format!(
            "; {} below --min-severity not shown",
            report.below_threshold
        ));
    }
    line
}

/// The findings as one JSON array.
pub fn json(report: &CheckReport, out: &mut dyn Write) -> Result<()> {
    serde_json::to_writer_pretty(&mut *out, &report.findings).map_err(std::io::Error::from)?;
    writeln!(out)?;
    Ok(())
}

/// GitHub Actions workflow commands: `::warning file=...,line=...::message`.
pub fn github(report: &CheckReport, out: &mut dyn Write) -> Result<()> {
    for f in &report.findings {
        let level = match f.severity {
            Severity::Error => "error",
            Severity::Warning => "warning",
            Severity::Info => "notice",
        };
        writeln!(
            out,
            "::{level} file={},line={},col={},endLine={},endColumn={},title={}::{}",
            escape_property(&f.path),
            f.line,
            f.column,
            f.end_line,
            f.end_column,
            escape_property(&format!("slant {}/{}", f.lexicon, f.concept)),
            escape_data(&message(f))
        )?;
    }
    Ok(())
}

fn escape_data(text: &str) -> String {
    text.replace('%', "%25")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

fn escape_property(text: &str) -> String {
    escape_data(text).replace(':', "%3A").replace(',', "%2C")
}

/// SARIF 2.1.0, one run, one rule per concept.
pub fn sarif(report: &CheckReport, out: &mut dyn Write) -> Result<()> {
    let mut rules: BTreeMap<String, usize> = BTreeMap::new();
    for f in &report.findings {
        let next = rules.len();
        rules.entry(rule_id(f)).or_insert(next);
    }
    let mut ordered: Vec<(&String, &usize)> = rules.iter().collect();
    ordered.sort_by_key(|(_, index)| **index);
    let rule_values: Vec<Value> = ordered
        .iter()
        .map(|(id, _)| json!({ "id": id, "shortDescription": { "text": format!("Loaded variant of {id}") } }))
        .collect();
    let results: Vec<Value> = report
        .findings
        .iter()
        .map(|f| sarif_result(f, rules[&rule_id(f)]))
        .collect();
    let document = json!({
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": { "driver": {
                "name": "slant",
                "version": env!("CARGO_PKG_VERSION"),
                "rules": rule_values,
            }},
            "results": results,
        }],
    });
    serde_json::to_writer_pretty(&mut *out, &document).map_err(std::io::Error::from)?;
    writeln!(out)?;
    Ok(())
}

fn rule_id(f: &Finding) -> String {
    format!("{}/{}", f.lexicon, f.concept)
}

fn sarif_result(f: &Finding, rule_index: usize) -> Value {
    let level = match f.severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Info => "note",
    };
    json!({
        "ruleId": rule_id(f),
        "ruleIndex": rule_index,
        "level": level,
        "message": { "text": message(f) },
        "locations": [{ "physicalLocation": {
            "artifactLocation": { "uri": f.path.replace('\\', "/") },
            "region": {
                "startLine": f.line,
                "startColumn": f.column,
                "endLine": f.end_line,
                "endColumn": f.end_column,
                "snippet": { "text": f.matched },
            },
        }}],
        "properties": { "term": f.term, "lean": f.lean, "voice": f.voice, "suggestion": f.suggestion },
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn finding() -> Finding {
        Finding {
            path: "story.md".into(),
            line: 14,
            column: 23,
            end_line: 14,
            end_column: 37,
            matched: "Upper Karabakh".into(),
            term: "Upper Karabakh".into(),
            concept: "region".into(),
            lexicon: "nagorno-karabakh".into(),
            lean: Some("az".into()),
            voice: Voice::Own,
            severity: Severity::Warning,
            suggestion: Some("Nagorno-Karabakh".into()),
            sentence: "In Upper Karabakh.".into(),
            span: 0..14,
        }
    }

    #[test]
    fn human_lines_follow_the_editor_format() {
        let report = CheckReport {
            findings: vec![finding()],
            files: 1,
            below_threshold: 2,
            ..Default::default()
        };
        let mut out = Vec::new();
        human(&report, false, &mut out).unwrap();
        let text = String::from_utf8(out).unwrap();
        assert_eq!(
            text,
            "story.md:14:23: warning: \"Upper Karabakh\" (nagorno-karabakh/region, lean az); neutral: \"Nagorno-Karabakh\"\n\
             1 finding (1 warning) in 1 file; 2 below --min-severity not shown\n"
        );
    }

    #[test]
    fn github_annotations_escape_their_fields() {
        let mut f = finding();
        f.path = "a,b:c.md".into();
        let mut out = Vec::new();
        github(
            &CheckReport {
                findings: vec![f],
                ..Default::default()
            },
            &mut out,
        )
        .unwrap();
        let line = String::from_utf8(out).unwrap();
        assert!(line.starts_with("::warning file=a%2Cb%3Ac.md,line=14,col=23,endLine=14,endColumn=37,title=slant nagorno-karabakh/region::"), "{line}");
    }

    #[test]
    fn sarif_names_rules_and_regions() {
        let mut out = Vec::new();
        sarif(
            &CheckReport {
                findings: vec![finding(), finding()],
                ..Default::default()
            },
            &mut out,
        )
        .unwrap();
        let doc: Value = serde_json::from_slice(&out).unwrap();
        assert_eq!(doc["version"], "2.1.0");
        let run = &doc["runs"][0];
        assert_eq!(run["tool"]["driver"]["rules"].as_array().unwrap().len(), 1);
        let region = &run["results"][1]["locations"][0]["physicalLocation"]["region"];
        assert_eq!(
            (region["startLine"].as_u64(), region["startColumn"].as_u64()),
            (Some(14), Some(23))
        );
        assert_eq!(run["results"][0]["level"], "warning");
    }
}
