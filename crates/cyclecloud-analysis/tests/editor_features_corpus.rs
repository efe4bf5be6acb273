//! The editor features over every corpus template (`../shared/corpus`, or the committed
//! fixtures without it): inlay hints, signature help after every `(` and `,` and at every line
//! end, and every fix's edits stay inside the text, on character boundaries, and make sense to
//! an editor (no empty labels, ranges inside labels, fix-all edits that do not overlap).

use cyclecloud_analysis::fix_all::safe_fix_edits;
use cyclecloud_analysis::inlay_hints::inlay_hints;
use cyclecloud_analysis::signature_help::signature_help;
use cyclecloud_analysis::{analyze, Settings};
use cyclecloud_e2e::corpus::corpus;
use cyclecloud_syntax::Snapshot;

#[test]
fn editor_features_hold_on_real_templates() {
    let files = corpus().files;
    let (mut hints, mut signatures, mut fixes) = (0, 0, 0);
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap_or_else(|error| {
            String::from_utf8_lossy(&std::fs::read(path).unwrap_or_else(|_| panic!("{error}")))
                .into_owned()
        });
        let name = path.display();
        let snapshot = Snapshot::parse(&text);
        let analysis = analyze(&snapshot, &Settings::default());

        for hint in inlay_hints(&snapshot, &analysis.model, 0..text.len()) {
            assert!(!hint.label.trim().is_empty(), "{name}: empty hint label");
            assert!(
                text.is_char_boundary(hint.offset),
                "{name}: hint at {}",
                hint.offset
            );
            hints += 1;
        }

        let line_ends = text.match_indices('\n').map(|(at, _)| at);
        let after_punctuation = text.match_indices(['(', ',']).map(|(at, _)| at + 1);
        for offset in line_ends.chain(after_punctuation) {
            if let Some(help) = signature_help(&snapshot, offset) {
                for range in &help.parameters {
                    assert!(range.end <= help.label.len(), "{name}: {}", help.label);
                }
                signatures += 1;
            }
        }

        for diagnostic in &analysis.diagnostics {
            for fix in &diagnostic.fixes {
                for edit in &fix.edits {
                    assert!(
                        edit.range.start <= edit.range.end
                            && edit.range.end <= text.len()
                            && text.is_char_boundary(edit.range.start)
                            && text.is_char_boundary(edit.range.end),
                        "{name}: {} edit {:?} outside the text",
                        diagnostic.code,
                        edit.range
                    );
                }
                fixes += 1;
            }
        }
        let (edits, _) = safe_fix_edits(
            text.len(),
            |offset| text.is_char_boundary(offset),
            &analysis.diagnostics,
        );
        for pair in edits.windows(2) {
            assert!(
                pair[0].range.end <= pair[1].range.start,
                "{name}: fix-all edits overlap"
            );
        }
    }
    println!(
        "{} templates: {hints} inlay hints, {signatures} signature helps, {fixes} fixes",
        files.len()
    );
}
