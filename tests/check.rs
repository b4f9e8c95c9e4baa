//! `slant check` end to end: rules, directives, config, formats, fixes and exit codes.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn fixtures() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/check")
}

fn slant() -> Command {
    let mut cmd = Command::cargo_bin("slant").unwrap();
    cmd.env_remove("NO_COLOR");
    cmd
}

struct Run {
    code: Option<i32>,
    stdout: String,
    stderr: String,
}

fn run_in(dir: &Path, args: &[&str]) -> Run {
    let output = slant()
        .current_dir(dir)
        .arg("check")
        .args(args)
        .output()
        .unwrap();
    Run {
        code: output.status.code(),
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(output.stderr).unwrap(),
    }
}

fn run(args: &[&str]) -> Run {
    run_in(&fixtures(), args)
}

fn json_findings(args: &[&str]) -> Vec<Value> {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let run = run(&all);
    serde_json::from_str::<Value>(&run.stdout)
        .unwrap()
        .as_array()
        .unwrap()
        .clone()
}

fn places(findings: &[Value]) -> Vec<(u64, u64, String)> {
    findings
        .iter()
        .map(|f| {
            (
                f["line"].as_u64().unwrap(),
                f["column"].as_u64().unwrap(),
                f["matched"].as_str().unwrap().to_string(),
            )
        })
        .collect()
}

#[test]
fn markdown_prose_only_own_voice_and_directives_respected() {
    let findings = json_findings(&["story.md"]);
    assert_eq!(
        places(&findings),
        [
            (5, 23, "Upper Karabakh".to_string()),
            (7, 31, "Upper Karabakh".to_string()),
            (7, 57, "occupying forces".to_string()),
            (34, 1, "UPPER KARABAKH".to_string()),
        ],
        "front matter, quotes, inline code, links, URLs, comments, code blocks and disabled lines are skipped"
    );
    let first = &findings[0];
    assert_eq!(first["path"], "story.md");
    assert_eq!(
        (first["end_line"].as_u64(), first["end_column"].as_u64()),
        (Some(5), Some(37))
    );
    assert_eq!(first["suggestion"], "Nagorno-Karabakh");
    assert_eq!(first["voice"], "own");
    assert_eq!(first["severity"], "warning");
    for field in ["term", "concept", "lexicon", "lean", "sentence"] {
        assert!(first.get(field).is_some(), "{field}");
    }
}

#[test]
fn the_human_format_is_file_line_col_with_a_summary() {
    let run = run(&["story.md"]);
    assert_eq!(run.code, Some(1));
    let lines: Vec<&str> = run.stdout.lines().collect();
    assert_eq!(
        lines[0],
        "story.md:5:23: warning: \"Upper Karabakh\" (nagorno-karabakh/region, lean az); neutral: \"Nagorno-Karabakh\""
    );
    assert_eq!(lines.last().unwrap(), &"4 findings (4 warnings) in 1 file");
}

#[test]
fn quoted_terms_are_flagged_only_on_request_and_marked() {
    let findings = json_findings(&["story.md", "--include-quoted"]);
    let quoted: Vec<&Value> = findings.iter().filter(|f| f["voice"] == "quoted").collect();
    assert_eq!(quoted.len(), 1);
    assert_eq!(quoted[0]["matched"], "liberated territories");
    let human = run(&["story.md", "--include-quoted"]);
    assert!(
        human.stdout.contains("lean az, quoted)"),
        "{}",
        human.stdout
    );
}

#[test]
fn plain_text_ignore_comments() {
    let findings = json_findings(&["plain.txt"]);
    assert_eq!(
        places(&findings),
        [
            (1, 5, "regime".to_string()),
            (1, 17, "Upper Karabakh".to_string()),
            (4, 5, "regime".to_string())
        ]
    );
}

#[test]
fn unused_directives_are_reported_on_request() {
    let run = run(&["story.md", "--report-unused-ignores"]);
    assert!(
        run.stdout.contains(
            "story.md:31:1: warning: unused directive \"<!-- slant-disable-next-line -->\""
        ),
        "{}",
        run.stdout
    );
    assert!(run.stdout.contains("1 unused directive"));
    let clean = run_in(
        &fixtures(),
        &[
            "plain.txt",
            "--report-unused-ignores",
            "--min-severity",
            "error",
        ],
    );
    assert_eq!(clean.code, Some(0), "{}", clean.stdout);
}

#[test]
fn min_severity_and_exit_codes() {
    assert_eq!(run(&["story.md"]).code, Some(1));
    let errors_only = run(&["story.md", "--min-severity", "error"]);
    assert_eq!(errors_only.code, Some(0), "{}", errors_only.stdout);
    assert!(
        errors_only
            .stdout
            .contains("0 findings in 1 file; 4 below --min-severity not shown"),
        "{}",
        errors_only.stdout
    );
    let info = slant()
        .args(["check", "-", "--min-severity", "info", "-l", "attribution"])
        .write_stdin("Officials claimed victory.")
        .output()
        .unwrap();
    assert_eq!(info.status.code(), Some(1));
    assert!(
        String::from_utf8(info.stdout)
            .unwrap()
            .contains("-:1:11: info: \"claimed\"")
    );
    assert_eq!(run(&["no-such-file.md"]).code, Some(2));
    assert_eq!(run(&["story.md", "--min-severity", "loud"]).code, Some(2));
}

#[test]
fn the_config_file_is_found_upwards_and_flags_override_it() {
    let desk = fixtures().join("desk");
    let nested = desk.join("drafts");
    // From a subdirectory: the config's error threshold and accepted `am` lean apply,
    // and drafts/** is ignored.
    let run = run_in(&nested, &["../report.md", "draft.md", "--format", "json"]);
    let findings: Vec<Value> = serde_json::from_str(&run.stdout).unwrap();
    assert!(findings.is_empty(), "{findings:?}");
    assert_eq!(run.code, Some(0));
    assert!(
        !run.stderr.contains("loaded-language"),
        "config lexicons are used: {}",
        run.stderr
    );
    // Flags win over the file.
    let flagged = run_in(
        &desk,
        &[
            "report.md",
            "--min-severity",
            "warning",
            "-l",
            "loaded-language",
            "--format",
            "json",
        ],
    );
    let findings: Vec<Value> = serde_json::from_str(&flagged.stdout).unwrap();
    let matched: Vec<&str> = findings
        .iter()
        .map(|f| f["matched"].as_str().unwrap())
        .collect();
    assert_eq!(matched, ["regime"]);
    // --config names another file; defaults apply without one.
    let elsewhere = run_in(
        &fixtures(),
        &["desk/report.md", "--config", "desk/.slant.toml"],
    );
    assert_eq!(elsewhere.code, Some(0), "{}", elsewhere.stdout);
    let defaults = run_in(&fixtures(), &["desk/report.md", "--format", "json"]);
    let findings: Vec<Value> = serde_json::from_str(&defaults.stdout).unwrap();
    assert!(
        findings.iter().any(|f| f["matched"] == "Artsakh"),
        "without config `am` is not accepted"
    );
}

#[test]
fn print_config_shows_the_merged_settings() {
    let desk = fixtures().join("desk");
    let run = run_in(&desk, &["--print-config", "--min-severity", "info"]);
    assert_eq!(run.code, Some(0));
    assert!(
        run.stdout.contains(".slant.toml with flags applied"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("min_severity = \"info\""),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout.contains("accept_leans = [\"am\"]"),
        "{}",
        run.stdout
    );
    let defaults = run_in(&std::env::temp_dir(), &["--print-config"]);
    assert!(
        defaults.stdout.contains("min_severity = \"warning\""),
        "{}",
        defaults.stdout
    );
}

#[test]
fn a_broken_config_is_an_error_with_its_line() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(
        dir.path().join(".slant.toml"),
        "min_severity = \"error\"\naccept = [\"az\"]\n",
    )
    .unwrap();
    std::fs::write(dir.path().join("a.md"), "text").unwrap();
    let run = run_in(dir.path(), &["a.md"]);
    assert_eq!(run.code, Some(2));
    assert!(
        run.stderr
            .contains(".slant.toml:2:1: unknown field `accept`"),
        "{}",
        run.stderr
    );
}

#[test]
fn github_annotations_and_sarif_parse_back() {
    let github = run(&["story.md", "--format", "github"]);
    let first = github.stdout.lines().next().unwrap();
    assert!(first.starts_with("::warning file=story.md,line=5,col=23,endLine=5,endColumn=37,title=slant nagorno-karabakh/region::"), "{first}");
    let sarif = run(&["story.md", "--format", "sarif"]);
    let doc: Value = serde_json::from_str(&sarif.stdout).unwrap();
    assert_eq!(doc["version"], "2.1.0");
    let results = doc["runs"][0]["results"].as_array().unwrap();
    assert_eq!(results.len(), 4);
    let region = &results[0]["locations"][0]["physicalLocation"]["region"];
    assert_eq!(region["startLine"], 5);
    assert_eq!(
        results[0]["locations"][0]["physicalLocation"]["artifactLocation"]["uri"],
        "story.md"
    );
    let rules = doc["runs"][0]["tool"]["driver"]["rules"]
        .as_array()
        .unwrap();
    assert!(rules.iter().any(|r| r["id"] == "nagorno-karabakh/region"));
}

#[test]
fn fix_round_trip_leaves_quotes_code_and_front_matter_alone() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("story.md");
    let original = std::fs::read_to_string(fixtures().join("story.md")).unwrap();
    std::fs::write(&path, &original).unwrap();
    let fixed_run = run_in(dir.path(), &["story.md", "--fix"]);
    assert!(
        fixed_run.stderr.contains("story.md: fixed 4 term(s)"),
        "{}",
        fixed_run.stderr
    );
    let fixed = std::fs::read_to_string(&path).unwrap();
    assert!(
        fixed.contains(
            "Shelling resumed overnight in Nagorno-Karabakh, where the ethnic Armenian forces"
        ),
        "{fixed}"
    );
    assert!(fixed.contains("NAGORNO-KARABAKH is the last line."));
    for untouched in [
        "title: Upper Karabakh after the truce",
        "“The liberated territories will be rebuilt,”",
        "`Upper Karabakh`",
        "Upper Karabakh occupied regime",
        "https://example.org/upper-karabakh-occupied",
    ] {
        assert!(fixed.contains(untouched), "{untouched} kept");
    }
    let again = run_in(dir.path(), &["story.md"]);
    assert_eq!(
        again.code,
        Some(0),
        "a fixed file checks clean: {}",
        again.stdout
    );
}

#[test]
fn diff_shows_the_fix_without_writing() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("plain.txt");
    let original = std::fs::read_to_string(fixtures().join("plain.txt")).unwrap();
    std::fs::write(&path, &original).unwrap();
    let run = run_in(dir.path(), &["plain.txt", "--diff"]);
    assert!(
        run.stdout.starts_with("--- a/plain.txt\n+++ b/plain.txt\n"),
        "{}",
        run.stdout
    );
    assert!(
        run.stdout
            .contains("-The regime held Upper Karabakh.\n+The government held Nagorno-Karabakh.\n"),
        "{}",
        run.stdout
    );
    assert_eq!(
        std::fs::read_to_string(&path).unwrap(),
        original,
        "--diff never writes"
    );
    assert!(
        run.stderr.contains("3 findings"),
        "findings go to stderr with --diff: {}",
        run.stderr
    );
}

#[test]
fn stdin_is_checked_and_fixed_to_stdout() {
    let output = slant()
        .args(["check", "-", "--fix"])
        .write_stdin("The regime fell.\n")
        .output()
        .unwrap();
    assert_eq!(
        String::from_utf8(output.stdout).unwrap(),
        "The government fell.\n"
    );
}
