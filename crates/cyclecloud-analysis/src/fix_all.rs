//! Which fixes can be applied together in one go (`check --fix`, the editor's fix-all action):
//! the first fix of each diagnostic when it is safe, skipping any that would touch bytes an
//! earlier chosen fix already edits, so the result never depends on the order edits are applied.

use crate::diagnostic::{Diagnostic, Edit};

/// The edits of every safe fix that fits with the others, sorted by position, and how many fixes
/// they come from. `is_char_boundary` guards against edits that would split a character (a
/// stale diagnostic for another version of the text must not panic the caller).
pub fn safe_fix_edits(
    text_len: usize,
    is_char_boundary: impl Fn(usize) -> bool,
    diagnostics: &[Diagnostic],
) -> (Vec<Edit>, usize) {
    let mut chosen: Vec<Edit> = Vec::new();
    let mut applied = 0;
    for diagnostic in diagnostics {
        let Some(fix) = diagnostic.fixes.first().filter(|fix| fix.safe) else {
            continue;
        };
        let valid = fix.edits.iter().all(|edit| {
            edit.range.start <= edit.range.end
                && edit.range.end <= text_len
                && is_char_boundary(edit.range.start)
                && is_char_boundary(edit.range.end)
        });
        let clashes = fix.edits.iter().enumerate().any(|(index, edit)| {
            chosen.iter().any(|other| overlaps(edit, other))
                || fix.edits[..index].iter().any(|other| overlaps(edit, other))
        });
        if valid && !clashes {
            chosen.extend(fix.edits.iter().cloned());
            applied += 1;
        }
    }
    // A stable sort: inserts at one offset keep the order their fixes came in.
    chosen.sort_by_key(|edit| (edit.range.start, edit.range.end));
    (chosen, applied)
}

/// Applies non-overlapping edits sorted by position (as [`safe_fix_edits`] returns them).
pub fn apply_edits(text: &str, edits: &[Edit]) -> String {
    let mut out = text.to_owned();
    for edit in edits.iter().rev() {
        out.replace_range(edit.range.clone(), &edit.new_text);
    }
    out
}

/// Whether two edits touch the same bytes; two inserts at one offset also clash (their order
/// would be arbitrary), while an insert at either end of a replacement does not.
fn overlaps(a: &Edit, b: &Edit) -> bool {
    if a.range.is_empty() && b.range.is_empty() {
        return a.range.start == b.range.start;
    }
    a.range.start < b.range.end && b.range.start < a.range.end
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::*;
    use crate::testing::diagnostics_with;
    use crate::Settings;

    fn fix_all(text: &str) -> String {
        let diagnostics = diagnostics_with(&Settings::default(), "", text);
        let (edits, count) = safe_fix_edits(text.len(), |i| text.is_char_boundary(i), &diagnostics);
        format!("{count} fixes\n{}", apply_edits(text, &edits))
    }

    #[test]
    fn applies_every_safe_fix_and_nothing_else() {
        expect![[r#"
            2 fixes
            [cluster demo]
                [[node defaults]]
                MachineType = Standard_F2s_v2
                [[node scheduler]]
                Extends = base
                [[nodearray execute]]
                Extends = missing
                SubnetID = x
                [[node base]]
        "#]]
        .assert_eq(&fix_all(
            "[cluster demo]\n    [[node defaults\n    MachineType = Standard_F2s_v2\n    [[node scheduler]]\n    Extends = defaults, base\n    [[nodearray execute]]\n    Extends = missing\n    SubnetID = x\n    [[node base]]\n",
        ));
    }

    #[test]
    fn overlapping_fixes_are_applied_once() {
        let edit = |range: std::ops::Range<usize>, text: &str| Edit {
            range,
            new_text: text.to_owned(),
        };
        let diagnostic = |edits: Vec<Edit>| Diagnostic {
            code: "CC9999",
            severity: crate::Severity::Error,
            range: 0..0,
            message: String::new(),
            related: Vec::new(),
            tags: Vec::new(),
            fixes: vec![crate::Fix {
                title: String::new(),
                edits,
                safe: true,
            }],
        };
        let diagnostics = [
            diagnostic(vec![edit(0..3, "xyz")]),
            diagnostic(vec![edit(2..4, "!")]),
            diagnostic(vec![edit(3..3, "+")]),
            diagnostic(vec![edit(3..3, "-")]),
            diagnostic(vec![edit(9..12, "")]),
        ];
        let (edits, count) = safe_fix_edits(6, |_| true, &diagnostics);
        assert_eq!(count, 2);
        assert_eq!(apply_edits("abcdef", &edits), "xyz+def");
    }
}
