//! Evaluation and `render` over every corpus template (the real corpus beside the repository,
//! else the committed fixtures): evaluating any value never panics, every cluster renders, its
//! JSON parses, and a template without syntax errors never yields a "does not parse" value.
//! Prints how many values evaluated and why the others did not.

use std::collections::BTreeMap;

use cyclecloud_analysis::eval::{evaluate_line, ErrorKind, Evaluated, Names};
use cyclecloud_analysis::model::build;
use cyclecloud_analysis::render::{render, RenderError, Rendered};
use cyclecloud_e2e::corpus::corpus;
use cyclecloud_syntax::{syntax_errors, Snapshot};

/// A scope where no name means anything: every reference is an error value.
struct NoNames;

impl Names for NoNames {
    fn value_of(&self, _: &str) -> Option<Evaluated> {
        None
    }
}

fn values(rendered: &Rendered) -> Vec<&Evaluated> {
    let mut all: Vec<&Evaluated> = rendered.parameters.iter().map(|p| &p.value).collect();
    for node in &rendered.nodes {
        let sections = node.volumes.iter().chain(&node.network_interfaces);
        for entry in node
            .attributes
            .iter()
            .chain(&node.configuration)
            .chain(&node.cluster_init)
            .chain(sections.flat_map(|(_, entries)| entries))
        {
            all.push(&entry.value);
        }
    }
    all
}

#[test]
fn every_corpus_template_evaluates_and_renders() {
    let corpus = corpus();
    let (mut evaluated, mut clusters) = (0usize, 0usize);
    let mut reasons: BTreeMap<&'static str, usize> = BTreeMap::new();
    let mut problems = Vec::new();
    for path in &corpus.files {
        let name = corpus.relative(path);
        let text = String::from_utf8_lossy(&std::fs::read(path).expect("readable")).into_owned();
        let snapshot = Snapshot::parse(&text);
        let model = build(&snapshot);
        for line in &model.attributes {
            let _ = evaluate_line(&snapshot, line, &NoNames);
        }
        let clean = syntax_errors(&snapshot).is_empty();
        let names: Vec<String> = model
            .sections_of("cluster")
            .map(|(_, section)| section.name.as_deref().unwrap_or_default().to_owned())
            .collect();
        if names.is_empty() {
            match render(&snapshot, &model, None, &[]) {
                Err(RenderError::NoCluster) => {}
                other => problems.push(format!("{name}: no cluster, yet {other:?}")),
            }
            continue;
        }
        for cluster in &names {
            let rendered = match render(&snapshot, &model, Some(cluster), &[]) {
                Ok(rendered) => rendered,
                Err(error) => {
                    problems.push(format!("{name}: cluster `{cluster}`: {error}"));
                    continue;
                }
            };
            clusters += 1;
            let json = serde_json::to_string(&rendered).expect("serializes");
            let back: serde_json::Value = serde_json::from_str(&json).expect("parses");
            assert!(back["nodes"].is_object(), "{name}");
            for value in values(&rendered) {
                match value {
                    Ok(_) => evaluated += 1,
                    Err(error) => {
                        if std::env::var_os("RENDER_CORPUS_SHOW").is_some() {
                            println!("{name}: {error}");
                        }
                        *reasons.entry(error.kind.code()).or_default() += 1;
                        // An unclosed quote parses (to the end of its line) and a rule
                        // reports it; any other "does not parse" in a clean file is a bug here.
                        let unclosed = error.message.contains("not closed");
                        if clean && error.kind == ErrorKind::Syntax && !unclosed {
                            problems.push(format!("{name}: {error} in a template that parses"));
                        }
                    }
                }
            }
        }
    }
    println!(
        "{} templates, {clusters} clusters rendered: {evaluated} values evaluated, not evaluated: {reasons:?}",
        corpus.files.len()
    );
    assert!(clusters > 0 && evaluated > 0);
    problems.truncate(30);
    assert!(problems.is_empty(), "{}", problems.join("\n"));
}
