//! `slant compare` end to end: the binary on the shipped samples and on the reference pair.

use std::path::{Path, PathBuf};

use assert_cmd::Command;
use serde_json::Value;

fn root() -> &'static Path {
    Path::new(env!("CARGO_MANIFEST_DIR"))
}

fn samples() -> Vec<PathBuf> {
    let dir = root().join("samples/truce-shelling");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .expect("samples/truce-shelling exists")
        .map(|entry| entry.unwrap().path())
        .collect();
    files.sort();
    files
}

/// The real article pair beside the repository (shared/ sits next to every clone).
fn reference() -> Vec<PathBuf> {
    let dir = root().join("../shared/reference/ganja-2020");
    assert!(
        dir.is_dir(),
        "the reference pair is expected at {}",
        dir.display()
    );
    vec![dir.join("anadolu.txt"), dir.join("reuters.txt")]
}

fn slant() -> Command {
    let mut cmd = Command::cargo_bin("slant").unwrap();
    cmd.env_remove("NO_COLOR").env_remove("COLUMNS");
    cmd
}

fn json(files: &[PathBuf], extra: &[&str]) -> Value {
    let output = slant()
        .arg("compare")
        .args(files)
        .args(["--format", "json"])
        .args(extra)
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("valid JSON")
}

/// (term, voice) pairs of one source's hits for one concept.
fn uses<'a>(doc: &'a Value, source: &str, concept: &str) -> Vec<(&'a str, &'a str)> {
    doc["hits"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|hit| hit["source"] == source && hit["concept"] == concept)
        .map(|hit| {
            (
                hit["term"].as_str().unwrap(),
                hit["voice"].as_str().unwrap(),
            )
        })
        .collect()
}

#[test]
fn the_samples_table_matches_its_snapshot() {
    let output = slant()
        .arg("compare")
        .args(samples())
        .args(["--width", "100", "--color", "never"])
        .output()
        .unwrap();
    assert!(output.status.success());
    let table = String::from_utf8(output.stdout).unwrap();
    insta::assert_snapshot!("samples_table", table);
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("lexicons: nagorno-karabakh"), "{stderr}");
}

#[test]
fn the_table_fits_the_width_it_is_given() {
    for width in [60, 80, 120] {
        let output = slant()
            .arg("compare")
            .args(samples())
            .args(["--width", &width.to_string(), "--color", "never"])
            .output()
            .unwrap();
        let table = String::from_utf8(output.stdout).unwrap();
        let widest = table
            .lines()
            .map(|line| line.chars().count())
            .max()
            .unwrap();
        assert!(
            widest <= width,
            "a line of {widest} columns at --width {width}"
        );
    }
}

#[test]
fn the_reference_pair_shows_each_outlets_framing() {
    let doc = json(&reference(), &[]);
    let names: Vec<&str> = doc["sources"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| s["name"].as_str().unwrap())
        .collect();
    assert_eq!(
        names,
        ["Anadolu Agency", "Reuters"],
        "names come from front matter"
    );

    assert!(uses(&doc, "Reuters", "region").contains(&("Nagorno-Karabakh", "own")));
    assert!(uses(&doc, "Reuters", "control").contains(&("governed by ethnic Armenians", "own")));
    assert!(uses(&doc, "Anadolu Agency", "region").contains(&("Upper Karabakh", "own")));
    assert!(uses(&doc, "Anadolu Agency", "control").contains(&("occupied", "own")));
    assert!(uses(&doc, "Anadolu Agency", "karabakh-forces").contains(&("occupying forces", "own")));
    assert!(
        uses(&doc, "Anadolu Agency", "region")
            .iter()
            .all(|(term, _)| *term != "Nagorno-Karabakh")
    );

    for term in ["liberated territories", "Armenian fascism", "heinous"] {
        let voices: Vec<&str> = doc["hits"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|hit| hit["term"] == term)
            .map(|hit| hit["voice"].as_str().unwrap())
            .collect();
        assert!(!voices.is_empty(), "{term} is found");
        assert!(
            voices.iter().all(|voice| *voice == "quoted"),
            "{term} only in quotes: {voices:?}"
        );
    }
    let fascism = doc["hits"]
        .as_array()
        .unwrap()
        .iter()
        .find(|hit| hit["term"] == "Armenian fascism")
        .unwrap();
    assert_eq!(fascism["speaker"], "Aliyev");
}

#[test]
fn json_hits_carry_every_documented_field() {
    let doc = json(&samples(), &[]);
    assert_eq!(doc["schema"], "slant/compare/1");
    assert!(
        doc["lexicons"]
            .as_array()
            .unwrap()
            .iter()
            .any(|l| l["id"] == "nagorno-karabakh")
    );
    let hit = &doc["hits"][0];
    for field in [
        "source", "lexicon", "concept", "kind", "term", "matched", "lean", "voice", "speaker",
        "file", "line", "column", "sentence",
    ] {
        assert!(hit.get(field).is_some(), "hit has `{field}`: {hit}");
    }
}

#[test]
fn json_line_and_column_point_at_the_matched_text() {
    let doc = json(&samples(), &[]);
    for hit in doc["hits"].as_array().unwrap() {
        let text = std::fs::read_to_string(hit["file"].as_str().unwrap()).unwrap();
        let line = text
            .lines()
            .nth(hit["line"].as_u64().unwrap() as usize - 1)
            .unwrap();
        let from_column: String = line
            .chars()
            .skip(hit["column"].as_u64().unwrap() as usize - 1)
            .collect();
        let matched = hit["matched"].as_str().unwrap();
        let first_line = matched.lines().next().unwrap();
        assert!(
            from_column.starts_with(first_line),
            "{from_column:?} should start with {matched:?}"
        );
    }
}

#[test]
fn markdown_and_csv_render_the_same_rows() {
    let markdown = slant()
        .arg("compare")
        .args(samples())
        .args(["-f", "markdown"])
        .output()
        .unwrap();
    let markdown = String::from_utf8(markdown.stdout).unwrap();
    assert!(
        markdown
            .starts_with("| Concept | Ararat Evening Post | Caspian State News | Meridian Wire |")
    );
    assert!(markdown.contains("| ≠ The disputed region |"));

    let csv = slant()
        .arg("compare")
        .args(samples())
        .args(["-f", "csv"])
        .output()
        .unwrap();
    let mut reader = csv::Reader::from_reader(csv.stdout.as_slice());
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    let headers = reader.headers().unwrap().clone();
    let column = |name: &str| headers.iter().position(|h| h == name).unwrap();
    let upper = rows
        .iter()
        .find(|row| &row[column("term")] == "Upper Karabakh")
        .expect("a row for Upper Karabakh");
    assert_eq!(&upper[column("source")], "Caspian State News");
    assert_eq!(&upper[column("voice")], "own");
    assert_eq!(&upper[column("divergent")], "true");
    let doc = json(&samples(), &[]);
    let total: usize = rows
        .iter()
        .map(|row| row[column("count")].parse::<usize>().unwrap())
        .sum();
    assert_eq!(
        total,
        doc["hits"].as_array().unwrap().len(),
        "CSV counts add up to the hits"
    );
}

#[test]
fn evidence_marks_each_hit_in_its_sentence() {
    let output = slant()
        .arg("compare")
        .args(reference())
        .args(["--evidence", "--color", "never"])
        .output()
        .unwrap();
    let text = String::from_utf8(output.stdout).unwrap();
    let evidence = text
        .split("Evidence\n")
        .nth(1)
        .expect("an evidence section");
    assert!(evidence.contains("[[Upper Karabakh]]"));
    assert!(evidence.contains("Anadolu Agency (quoted, Aliyev)"));
    assert!(evidence.contains("[[heinous]]"));
}

#[test]
fn lexicons_can_be_chosen_by_id_or_path() {
    let doc = json(&samples(), &["-l", "loaded-language"]);
    let ids: Vec<&str> = doc["lexicons"]
        .as_array()
        .unwrap()
        .iter()
        .map(|l| l["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, ["loaded-language"]);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("mine.toml");
    std::fs::write(
        &path,
        "id = \"mine\"\ntitle = \"Mine\"\n[leans]\nx = \"X\"\n[[concepts]]\nid = \"truce\"\nkind = \"event\"\nlabel = \"Truce\"\nterms = [{ text = \"truce\", lean = \"x\" }]\n",
    )
    .unwrap();
    let doc = json(&samples(), &["--lexicon", path.to_str().unwrap()]);
    assert!(
        doc["hits"]
            .as_array()
            .unwrap()
            .iter()
            .all(|hit| hit["lexicon"] == "mine")
    );
    assert!(!doc["hits"].as_array().unwrap().is_empty());
}

#[test]
fn labels_stdin_and_aggregation_name_the_sources() {
    let files = samples();
    let output = slant()
        .arg("compare")
        .arg(format!("Desk={}", files[0].display()))
        .arg(format!("Desk={}", files[1].display()))
        .arg("Piped=-")
        .args(["-f", "json"])
        .write_stdin("Troops left Upper Karabakh.")
        .output()
        .unwrap();
    let doc: Value = serde_json::from_slice(&output.stdout).unwrap();
    let sources = doc["sources"].as_array().unwrap();
    assert_eq!(sources.len(), 2);
    assert_eq!(sources[0]["name"], "Desk");
    assert_eq!(sources[0]["files"].as_array().unwrap().len(), 2);
    assert_eq!(sources[1]["name"], "Piped");
}

#[test]
fn unreadable_inputs_exit_2_after_the_rest_is_reported() {
    let output = slant()
        .arg("compare")
        .args(samples())
        .arg("no/such/article.txt")
        .args(["--color", "never"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stdout = String::from_utf8(output.stdout).unwrap();
    assert!(
        stdout.contains("Meridian Wire"),
        "the readable inputs are still compared"
    );
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("no/such/article.txt"), "{stderr}");
    assert!(!stderr.contains("panicked"));
}

#[test]
fn with_no_article_read_the_error_comes_without_a_lexicon_choice() {
    let output = slant()
        .args(["compare", "no/such/article.txt", "--color", "never"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("no article could be read"), "{stderr}");
    assert!(!stderr.contains("lexicons:"), "{stderr}");
    // With an article read, the choice is still shown.
    let output = slant().arg("compare").args(samples()).output().unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(stderr.contains("lexicons:"), "{stderr}");
    // One topic term is counted in the singular.
    let output = slant()
        .args(["compare", "-"])
        .write_stdin("Shelling near Stepanakert.")
        .output()
        .unwrap();
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("nagorno-karabakh (1 topic term)"),
        "{stderr}"
    );
}

#[test]
fn an_unknown_lexicon_is_a_usage_error() {
    let output = slant()
        .arg("compare")
        .args(samples())
        .args(["-l", "no-such-lexicon"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(2));
    let stderr = String::from_utf8(output.stderr).unwrap();
    assert!(
        stderr.contains("no-such-lexicon") && stderr.contains("slant lexicon list"),
        "{stderr}"
    );
}

#[test]
fn colour_only_when_asked_or_on_a_terminal() {
    let plain = slant().arg("compare").args(samples()).output().unwrap();
    assert!(!plain.stdout.contains(&0x1b), "no escape codes when piped");
    let coloured = slant()
        .arg("compare")
        .args(samples())
        .args(["--color", "always"])
        .output()
        .unwrap();
    assert!(coloured.stdout.contains(&0x1b));
}

#[test]
fn the_html_report_marks_every_hit_and_writes_to_a_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("report.html");
    let output = slant()
        .arg("compare")
        .args(samples())
        .args(["--format", "html", "-o", path.to_str().unwrap()])
        .output()
        .unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(output.stdout.is_empty(), "-o writes the file, not stdout");
    let html = std::fs::read_to_string(&path).unwrap();
    let doc = json(&samples(), &[]);
    let hits = doc["hits"].as_array().unwrap().len();
    assert_eq!(html.matches("<mark ").count(), hits);
    for source in ["Meridian Wire", "Caspian State News", "Ararat Evening Post"] {
        assert!(
            html.contains(&format!(
                "<section class=\"article\" data-source=\"{source}\""
            )),
            "{source}"
        );
    }
    assert_eq!(
        html.matches("data-voice=\"quoted\" data-tip").count(),
        doc["hits"]
            .as_array()
            .unwrap()
            .iter()
            .filter(|h| h["voice"] == "quoted")
            .count()
    );
}
