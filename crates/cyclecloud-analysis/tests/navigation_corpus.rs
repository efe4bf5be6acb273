//! Navigation over every corpus template (`../shared/corpus`, or the committed fixtures without
//! it): the header-only outline equals the model's, and renaming parameters and nodes
//! round-trips (after applying the edits and re-parsing, the new name has exactly as many
//! occurrences as the old one had, and the old name none).

use cyclecloud_analysis::model::{build, Model, RefKind};
use cyclecloud_analysis::navigation::{document_symbols, header_sections, references, rename};
use cyclecloud_e2e::corpus::corpus;
use cyclecloud_syntax::Snapshot;

/// Symbols renamed per file and kind (bounds the debug-build run time).
const PER_FILE: usize = 3;

const NEW_NAME: &str = "Zz_renamed_by_test";

/// Renames the symbol declared at `offset` and checks the round trip; returns false when the
/// rename is refused (a name that is not an identifier, a duplicate).
fn round_trip(text: &str, model: &Model, offset: usize, old: &str, what: &str) -> bool {
    let before = references(model, offset, true);
    let Ok(edits) = rename(model, offset, NEW_NAME) else {
        return false;
    };
    assert_eq!(edits.len(), before.len(), "{what} `{old}`");
    let mut renamed = text.to_owned();
    for edit in edits.iter().rev() {
        renamed.replace_range(edit.range.clone(), &edit.new_text);
    }
    let new_model = build(&Snapshot::parse(&renamed));
    let declaration = before
        .iter()
        .find(|occurrence| occurrence.is_declaration)
        .expect("renamed at a declaration");
    // Offsets before the declaration shift by the length change of each earlier edit.
    let shift: isize = before
        .iter()
        .filter(|occurrence| occurrence.range.end <= declaration.range.start)
        .map(|occurrence| NEW_NAME.len() as isize - occurrence.range.len() as isize)
        .sum();
    let new_offset = declaration.range.start.saturating_add_signed(shift);
    let after = references(&new_model, new_offset, true);
    assert_eq!(after.len(), before.len(), "{what} `{old}` after renaming");
    let old_left = new_model
        .references
        .iter()
        .filter(|r| r.kind != RefKind::ClusterInit && r.name.eq_ignore_ascii_case(old))
        .count();
    assert_eq!(
        old_left, 0,
        "{what} `{old}` still referenced after renaming"
    );
    true
}

#[test]
fn outlines_match_and_renames_round_trip_over_the_corpus() {
    let corpus = corpus();
    let files = &corpus.files;
    let (mut parameters, mut nodes) = (0, 0);
    for file in files {
        let text = String::from_utf8_lossy(&std::fs::read(file).expect("readable")).into_owned();
        let snapshot = Snapshot::parse(&text);
        let model = build(&snapshot);
        assert_eq!(
            document_symbols(&header_sections(&snapshot)),
            document_symbols(&model.sections),
            "{}",
            file.display()
        );
        for param in model
            .parameters
            .iter()
            .filter(|param| model.parameter_index[&param.name.to_ascii_lowercase()].len() == 1)
            .take(PER_FILE)
        {
            if round_trip(
                &text,
                &model,
                param.name_range.start,
                &param.name,
                "parameter",
            ) {
                parameters += 1;
            }
        }
        for node in model
            .nodes
            .iter()
            .filter(|node| !node.is_defaults)
            .take(PER_FILE)
        {
            let Some(range) = model.sections[node.section].name_range() else {
                continue;
            };
            let duplicate = model
                .nodes
                .iter()
                .filter(|other| {
                    other.cluster == node.cluster && other.name.eq_ignore_ascii_case(&node.name)
                })
                .count()
                > 1;
            let other_clusters_share_name = model.nodes.iter().any(|other| {
                other.cluster != node.cluster && other.name.eq_ignore_ascii_case(&node.name)
            });
            if duplicate || other_clusters_share_name {
                continue;
            }
            // Node names are not value names: only Extends uses and headers count.
            let before = references(&model, range.start, true).len();
            let Ok(edits) = rename(&model, range.start, NEW_NAME) else {
                continue;
            };
            assert_eq!(edits.len(), before, "node `{}`", node.name);
            let mut renamed = text.clone();
            for edit in edits.iter().rev() {
                renamed.replace_range(edit.range.clone(), &edit.new_text);
            }
            let new_model = build(&Snapshot::parse(&renamed));
            let left = new_model
                .references
                .iter()
                .filter(|r| r.kind == RefKind::Extends && r.name.eq_ignore_ascii_case(&node.name))
                .count();
            assert_eq!(left, 0, "node `{}` still in Extends", node.name);
            assert!(new_model.nodes.iter().any(|n| n.name == NEW_NAME));
            nodes += 1;
        }
    }
    println!(
        "renamed {parameters} parameters and {nodes} nodes across {} templates",
        files.len()
    );
    let least = if corpus.is_shared() { 100 } else { 20 };
    assert!(
        parameters > least && nodes > least,
        "{parameters} parameters, {nodes} nodes"
    );
}
