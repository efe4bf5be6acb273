//! Precision of the VM size table: every literal `MachineType` in the real templates of
//! `../shared/corpus`, and every `DefaultValue` and `Config.Entries` `Name` of a
//! `Cloud.MachineType` parameter, must be a size the table knows (retired ones are in it, marked
//! with their date). The only exceptions are the names below, which are not Azure sizes at all:
//! mistakes in those templates, which a check for unknown sizes should report. Without the
//! corpus, every size the committed fixtures name must be known.

use std::collections::BTreeMap;

use cyclecloud_analysis::model::{build, Model};
use cyclecloud_catalog::vm_sizes;
use cyclecloud_e2e::corpus::corpus;
use cyclecloud_syntax::Snapshot;

/// Names in the corpus that are not Azure VM sizes, each with why.
const NOT_SIZES: &[(&str, &str)] = &[
    (
        "Standard_NC6v3",
        "NCv3 sizes are Standard_NC6s_v3 etc.; the `s_` is missing",
    ),
    (
        "Standard_NC12v3",
        "NCv3 sizes are Standard_NC12s_v3 etc.; the `s_` is missing",
    ),
    (
        "Standard_NC24v3",
        "NCv3 sizes are Standard_NC24s_v3 etc.; the `s_` is missing",
    ),
    ("Standard_ND40_v2", "the NDv2 size is Standard_ND40rs_v2"),
    (
        "Standard_ND96amsr_v4",
        "the NDm A100 v4 size is Standard_ND96amsr_A100_v4",
    ),
    (
        "Standard_HB60rs_v2",
        "HB60rs is HB v1; HBv2 is Standard_HB120rs_v2",
    ),
    (
        "Standard_HB32-120rs_v3",
        "constrained-core sizes are written Standard_HB120-32rs_v3",
    ),
    (
        "Standard_HB64-120rs_v3",
        "constrained-core sizes are written Standard_HB120-64rs_v3",
    ),
];

/// Literal sizes a template names for `MachineType`, with the line they are on.
fn literal_sizes(text: &str, model: &Model) -> Vec<(String, usize)> {
    let line_of = |offset: usize| text[..offset].matches('\n').count() + 1;
    let mut found = Vec::new();
    let mut push_list = |value: &str, offset: usize| {
        for element in value.split(',') {
            let element = element.trim().trim_matches('"').trim();
            // References, expressions and Jinja placeholders are not literal sizes.
            if !element.is_empty() && !element.contains(['$', '{', '}', '=', ' ']) {
                found.push((element.to_owned(), line_of(offset)));
            }
        }
    };
    for attr in &model.attributes {
        if attr.key_is("MachineType") && attr.is_literal() {
            push_list(&attr.value, attr.value_range().start);
        }
    }
    for parameter in &model.parameters {
        let is_machine_type = parameter
            .parameter_type
            .as_deref()
            .is_some_and(|kind| kind.trim().eq_ignore_ascii_case("Cloud.MachineType"));
        if !is_machine_type {
            continue;
        }
        let section = &model.sections[parameter.section];
        let entries = section.children.iter().map(|&child| &model.sections[child]);
        let entry_names = entries
            .filter(|child| {
                child.kind.eq_ignore_ascii_case("list") && child.name_is("Config.Entries")
            })
            .flat_map(|child| child.attributes.iter().map(|id| &model.attributes[id]))
            .filter(|attr| attr.key_is("Name"));
        let defaults = section
            .attributes
            .iter()
            .map(|id| &model.attributes[id])
            .filter(|attr| attr.key_is("DefaultValue"));
        for attr in defaults.chain(entry_names) {
            if attr.is_literal() {
                push_list(&attr.value, attr.value_range().start);
            }
        }
    }
    found
}

#[test]
fn every_literal_size_in_the_corpus_is_known_or_a_listed_mistake() {
    let corpus = corpus();
    let table = vm_sizes();
    let mut unknown = Vec::new();
    let mut seen: BTreeMap<String, usize> = BTreeMap::new();
    let mut mistakes_seen = vec![false; NOT_SIZES.len()];
    let mut retired = 0;
    for path in &corpus.files {
        let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
        let snapshot = Snapshot::parse(&text);
        let model = build(&snapshot);
        let relative = corpus.relative(path);
        for (name, line) in literal_sizes(&text, &model) {
            *seen.entry(name.to_ascii_lowercase()).or_default() += 1;
            if let Some(at) = NOT_SIZES
                .iter()
                .position(|(mistake, _)| mistake.eq_ignore_ascii_case(&name))
            {
                mistakes_seen[at] = true;
                assert!(
                    table.get(&name).is_none(),
                    "{name} is listed as a mistake but known"
                );
                continue;
            }
            match table.get(&name) {
                Some(size) => retired += usize::from(size.is_retired()),
                None => unknown.push(format!("{relative}:{line}: {name}")),
            }
        }
    }
    println!(
        "vm sizes: {} literal uses of {} distinct names; {retired} uses of retired sizes",
        seen.values().sum::<usize>(),
        seen.len()
    );
    assert!(
        unknown.is_empty(),
        "sizes in real templates that the table does not know:\n{}",
        unknown.join("\n")
    );
    let stale: Vec<_> = NOT_SIZES
        .iter()
        .zip(&mistakes_seen)
        .filter(|(_, seen)| !**seen)
        .map(|((name, _), _)| *name)
        .collect();
    // The listed mistakes and the variety of sizes are the real corpus'; the fixtures name
    // a dozen sizes, all known.
    if corpus.is_shared() {
        assert!(
            stale.is_empty(),
            "listed mistakes no longer in the corpus: {stale:?}"
        );
    }
    let least = if corpus.is_shared() { 80 } else { 10 };
    assert!(
        seen.len() > least,
        "expected the corpus' sizes, found {}",
        seen.len()
    );
}
