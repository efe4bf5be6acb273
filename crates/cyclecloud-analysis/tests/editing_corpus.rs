//! The editing features over every corpus template (`../shared/corpus`, or the committed
//! fixtures without it): semantic tokens are sorted, disjoint and on character boundaries; folds
//! run forward; selection ranges nest; nothing panics.

use cyclecloud_analysis::{folding, model, selection, semantic_tokens};
use cyclecloud_syntax::Snapshot;

#[test]
fn editing_features_hold_their_invariants_on_the_corpus() {
    let files = cyclecloud_e2e::corpus::corpus().files;
    let mut token_count = 0;
    for path in &files {
        let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
        let snapshot = Snapshot::parse(&text);
        let model = model::build(&snapshot);
        let tokens = semantic_tokens::semantic_tokens(&snapshot, &model);
        for pair in tokens.windows(2) {
            assert!(
                pair[0].range.end <= pair[1].range.start,
                "{}",
                path.display()
            );
        }
        for token in &tokens {
            assert!(
                token.range.end <= text.len()
                    && text.is_char_boundary(token.range.start)
                    && text.is_char_boundary(token.range.end)
                    && !token.range.is_empty(),
                "{}: {:?}",
                path.display(),
                token
            );
        }
        token_count += tokens.len();
        for fold in folding::folding_ranges(&snapshot) {
            assert!(
                fold.lines.start < fold.lines.end && fold.range.start <= fold.range.end,
                "{}: {fold:?}",
                path.display()
            );
        }
        for offset in (0..=text.len()).step_by(211) {
            let ranges = selection::selection_ranges(&snapshot, offset);
            assert_eq!(ranges.last(), Some(&(0..text.len())), "{}", path.display());
            for pair in ranges.windows(2) {
                assert!(
                    pair[1].start <= pair[0].start
                        && pair[0].end <= pair[1].end
                        && pair[0] != pair[1],
                    "{}: {pair:?}",
                    path.display()
                );
            }
        }
    }
    println!("{} templates, {token_count} semantic tokens", files.len());
    assert!(
        token_count > files.len() * 10,
        "{token_count} semantic tokens"
    );
}
