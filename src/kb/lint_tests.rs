//! Specifications of `kb check`: each broken edit is reported at its file and line.

use std::fs;
use std::path::Path;

use super::*;

fn write(dir: &Path, rel: &str, text: &str) {
    let path = dir.join(rel);
    fs::create_dir_all(path.parent().unwrap()).unwrap();
    fs::write(path, text).unwrap();
}

fn article(id: &str, lang: &str, extra: &str, body: &str) -> String {
    format!("---\nid: {id}\nlang: {lang}\ntitle: T {id}\n{extra}---\n{body}\n")
}

fn messages(report: &Report) -> Vec<String> {
    report.problems.iter().map(|p| p.to_string()).collect()
}

/// The problems other than the warning every uncalibrated KB gets.
pub(crate) fn besides_calibration(report: &Report) -> Vec<String> {
    let notice =
        |p: &&crate::kb::report::Problem| p.path.ends_with(CALIBRATION_FILE) && p.severity == Severity::Warning;
    report.problems.iter().filter(|p| !notice(p)).map(|p| p.to_string()).collect()
}

#[test]
fn a_clean_kb_has_no_problems_and_ignores_snippets_and_other_files() {
    // Incident files are checked as incidents, not as articles.
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "pt/a.md", &article("a", "pt", "related: [b]\n", "Corpo."));
    write(dir.path(), "en/b.md", &article("b", "en", "", "Body."));
    write(dir.path(), "snippets/x.md", "no front matter here");
    write(
        dir.path(),
        "incidents/y.en.md",
        "---\nid: y\nstatus: monitoring\nlang: en\ntitle: Y\nkeywords: [y]\n---\nBody.\n",
    );
    write(dir.path(), "incidents/README.md", "no front matter here either");
    write(dir.path(), "pt/notes.txt", "not markdown");
    let report = check(dir.path());
    assert_eq!(besides_calibration(&report), Vec::<String>::new(), "{report}");
    assert!(!report.has_errors());
}

#[test]
fn a_readme_at_the_top_of_the_kb_is_documentation_not_an_article() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "en/b.md", &article("b", "en", "", "Body."));
    write(dir.path(), "README.md", "# Our knowledge base");
    let report = check(dir.path());
    assert_eq!(besides_calibration(&report), Vec::<String>::new(), "{report}");
}

#[test]
fn each_kind_of_broken_article_is_an_error_at_its_line() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "pt/nofm.md", "just text");
    write(dir.path(), "pt/open.md", "---\nid: open\n");
    write(dir.path(), "pt/yaml.md", "---\nid: y\nlang: pt\ntitle: [oops\n---\nx\n");
    write(dir.path(), "pt/notitle.md", "---\nid: nt\nlang: pt\n---\nx\n");
    write(dir.path(), "pt/fr.md", &article("fr", "fr", "", "x"));
    write(dir.path(), "es/wrong.md", &article("wrong", "pt", "", "x"));
    write(dir.path(), "pt/empty.md", &article("empty", "pt", "", ""));
    write(dir.path(), "pt/broken.md", &article("broken", "pt", "related:\n  - nowhere\n", "x"));
    let text = messages(&check(dir.path())).join("\n");
    for expected in [
        "nofm.md:1: error: missing front matter",
        "open.md:1: error: unterminated front matter",
        "notitle.md:1: error: missing required field `title`",
        "fr.md:3: error: unknown language `fr`",
        "wrong.md:3: error: lang `pt` does not match its folder `es/`",
        "empty.md:6: error: empty body",
        "broken.md:6: error: related article `nowhere` does not exist",
    ] {
        assert!(text.contains(expected), "missing `{expected}` in\n{text}");
    }
    assert!(
        text.contains("yaml.md:4: error: invalid front matter")
            || text.contains("yaml.md:5: error: invalid front matter"),
        "{text}"
    );
}

#[test]
fn duplicate_ids_in_one_language_name_both_files() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "en/one.md", &article("same", "en", "", "x"));
    write(dir.path(), "en/two.md", &article("same", "en", "", "y"));
    write(dir.path(), "pt/same.md", &article("same", "pt", "", "z"));
    let report = check(dir.path());
    let dups: Vec<_> = report.problems.iter().filter(|p| p.message.contains("duplicate id")).collect();
    assert_eq!(dups.len(), 2, "{report}");
    assert!(dups.iter().all(|p| p.message.contains("one.md") && p.message.contains("two.md")));
}

#[test]
fn long_bodies_warn_for_discord_and_fail_for_telegram() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "en/mid.md", &article("mid", "en", "", &"a ".repeat(1500)));
    write(dir.path(), "en/long.md", &article("long", "en", "", &"a ".repeat(2500)));
    let report = check(dir.path());
    let find = |name: &str| report.problems.iter().find(|p| p.path.ends_with(name)).unwrap().severity;
    assert_eq!(find("mid.md"), Severity::Warning);
    assert_eq!(find("long.md"), Severity::Error);
}

#[test]
fn rules_that_do_not_compile_or_point_nowhere_are_errors() {
    let dir = tempfile::tempdir().unwrap();
    write(dir.path(), "en/a.md", &article("a", "en", "", "x"));
    write(
        dir.path(),
        "rules.toml",
        "[[rule]]\nname = \"r\"\npattern = \"a\"\naction = \"article\"\narticle = \"missing\"\n",
    );
    assert!(messages(&check(dir.path()))
        .join("\n")
        .contains("rules.toml:5: error: rule `r` answers with unknown article `missing`"));
    write(dir.path(), "rules.toml", "[[rule]]\nname = \"r\"\npattern = \"(\"\naction = \"greet\"\n");
    let text = messages(&check(dir.path())).join("\n");
    assert!(text.contains("rules.toml:2: error: rule `r`: pattern does not compile"), "{text}");
}
