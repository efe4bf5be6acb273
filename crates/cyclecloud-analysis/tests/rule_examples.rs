//! Each rule's documentation keeps its promises: the template under `## Example` is reported by
//! the rule (and a template under `## Fix`, the corrected version, is not), and `Rule::has_fix`
//! says whether the rule's findings ever carry a fix. An example may state its settings and the
//! project it sits in, in comment lines.

use cyclecloud_analysis::project::{ProjectFacts, ProjectIni, SpecFacts};
use cyclecloud_analysis::{model, rules, run_rules, Diagnostic, Rule, Settings};
use cyclecloud_e2e::corpus::corpus;
use cyclecloud_syntax::Snapshot;

/// The fenced code blocks of one `## Heading` section of a rule's doc.
fn blocks_under(doc: &str, heading: &str) -> Vec<String> {
    let Some(start) = doc.find(&format!("\n{heading}\n")) else {
        return Vec::new();
    };
    let section = &doc[start + heading.len() + 2..];
    let section = &section[..section.find("\n## ").unwrap_or(section.len())];
    let mut blocks = Vec::new();
    let mut current: Option<String> = None;
    for line in section.lines() {
        if line.trim_start().starts_with("```") {
            match current.take() {
                Some(block) => blocks.push(block),
                None => current = Some(String::new()),
            }
        } else if let Some(block) = current.as_mut() {
            block.push_str(line);
            block.push('\n');
        }
    }
    blocks
}

/// The settings an example states in a comment line `# .cyclecloud-lsp.toml: key = value`
/// (a target release for the version checks), the defaults otherwise.
fn settings_of(text: &str) -> Settings {
    let stated = text
        .lines()
        .find_map(|line| line.trim().strip_prefix("# .cyclecloud-lsp.toml:"))
        .unwrap_or_default();
    let mut settings = Settings::from_toml(stated.trim()).expect("the example's settings parse");
    settings.project = project_of(text).map(std::sync::Arc::new);
    // `# az vm list-skus: [...]` stands for the `[vm-sizes]` file the CLI or server would load.
    if let Some(json) = text
        .lines()
        .find_map(|line| line.trim().strip_prefix("# az vm list-skus:"))
    {
        let table = cyclecloud_catalog::VmSizeTable::from_az_json(
            json,
            Some(cyclecloud_catalog::vm_sizes()),
            "example",
        )
        .expect("the example's az vm list-skus data parses");
        settings.vm_sizes = Some(std::sync::Arc::new(table));
    }
    settings
}

/// The project an example says it sits in, in a comment line
/// `# project.ini: name = p, version = 1.0.0; specs/: a, b`.
fn project_of(text: &str) -> Option<ProjectFacts> {
    let stated = text
        .lines()
        .find_map(|line| line.trim().strip_prefix("# project.ini:"))?;
    let (keys, specs) = stated.split_once("; specs/:").unwrap_or((stated, ""));
    let ini = format!("[project]\n{}\n", keys.replace(',', "\n"));
    let folders = specs
        .split(',')
        .map(str::trim)
        .filter(|name| !name.is_empty())
        .map(|name| SpecFacts {
            name: name.to_owned(),
            scripts: Vec::new(),
        })
        .collect();
    ProjectFacts::new(&ProjectIni::parse(&ini), folders)
}

/// One rule's findings on `text`.
fn findings(rule: &'static Rule, text: &str) -> Vec<Diagnostic> {
    let snapshot = Snapshot::parse(text);
    let model = model::build(&snapshot);
    run_rules(&snapshot, &model, &settings_of(text), &[rule])
}

#[test]
fn every_rule_doc_example_is_reported_and_its_correction_is_not() {
    let mut wrong = Vec::new();
    for &rule in rules::all() {
        let examples = blocks_under(rule.doc, "## Example");
        if examples.is_empty() {
            wrong.push(format!("{}: no code block under `## Example`", rule.code));
        }
        for example in &examples {
            if findings(rule, example).is_empty() {
                wrong.push(format!("{}: example not reported:\n{example}", rule.code));
            }
        }
        for corrected in blocks_under(rule.doc, "## Fix") {
            let found = findings(rule, &corrected);
            if !found.is_empty() {
                wrong.push(format!(
                    "{}: corrected version still reported ({}):\n{corrected}",
                    rule.code, found[0].message
                ));
            }
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
}

/// Templates to look for fixes in: every doc example, the committed fixtures and, when present,
/// the real-template corpus.
fn sample_templates() -> Vec<String> {
    let mut texts: Vec<String> = rules::all()
        .iter()
        .flat_map(|rule| blocks_under(rule.doc, "## Example"))
        .collect();
    let fixtures = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures");
    for entry in std::fs::read_dir(fixtures)
        .expect("tests/fixtures")
        .flatten()
    {
        if entry.path().extension().is_some_and(|ext| ext == "txt") {
            texts.push(std::fs::read_to_string(entry.path()).expect("fixture reads"));
        }
    }
    // The real corpus when present, the committed fixture templates otherwise.
    for path in corpus().files {
        texts.push(String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned());
    }
    texts
}

#[test]
fn has_fix_says_whether_a_rule_offers_fixes() {
    let texts = sample_templates();
    let mut wrong = Vec::new();
    for &rule in rules::all() {
        let with_fix = texts.iter().find(|text| {
            findings(rule, text)
                .iter()
                .any(|diagnostic| !diagnostic.fixes.is_empty())
        });
        match (rule.has_fix, with_fix) {
            (false, Some(text)) => wrong.push(format!(
                "{} has_fix is false but it offers a fix on:\n{text}",
                rule.code
            )),
            (true, None) => wrong.push(format!(
                "{} has_fix is true but no sample template gets a fix from it",
                rule.code
            )),
            _ => {}
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n\n"));
}
