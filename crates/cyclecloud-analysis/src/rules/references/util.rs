//! Helpers shared by the reference rules: name resolution, did-you-mean and syntax lookups.

use std::ops::Range;

use cyclecloud_syntax::{kinds, Node, Snapshot};

use crate::model::{Model, ParamInfo, Reference, SectionId};
use crate::rules::best_scored;
use crate::rules::prelude::{Context, Fix};
use crate::rules::{starts_with_ignore_case, Remembered};

/// The built-in name every template can use without declaring it.
pub(crate) const CLUSTER_NAME: &str = "ClusterName";

/// The closest candidate to `name` (ignoring case) when it is similar enough, for did-you-mean.
/// Remembered per (name, candidates): a name stays undefined for many keystrokes while the
/// candidates stay the same, and the edit distances are the costly part. One list at a time, not
/// a key of each answer: a template's parameters are its list, 60 KB at 100,000 lines, and 256
/// answers kept 15 MB of copies.
pub(crate) fn suggest<'a>(
    name: &str,
    candidates: impl IntoIterator<Item = &'a str>,
) -> Option<&'a str> {
    static REMEMBERED: Remembered<Option<usize>> = Remembered::new();
    let candidates: Vec<&'a str> = candidates.into_iter().collect();
    let lower = name.to_ascii_lowercase();
    // The most similar candidate, ties broken by Jaro-Winkler then the first; never the name.
    let closest = || {
        best_scored(0..candidates.len(), |index| {
            let candidate = candidates[index].to_ascii_lowercase();
            if candidate == lower {
                return None;
            }
            let score = cyclecloud_catalog::suggestion_score(&lower, &candidate)?;
            Some((score, strsim::jaro_winkler(&lower, &candidate)))
        })
    };
    // Joined by line breaks the list is identified exactly, unless a name holds one.
    let answer = if candidates.iter().any(|candidate| candidate.contains('\n')) {
        closest()
    } else {
        REMEMBERED.get_given(candidates.join("\n"), &lower, closest)
    };
    answer.map(|index| candidates[index])
}

/// Whether `name` needs no parameter declaration: it is [`CLUSTER_NAME`] or an environment,
/// environmentref or noderef section's name.
pub(crate) fn needs_no_declaration(model: &Model, name: &str) -> bool {
    name.eq_ignore_ascii_case(CLUSTER_NAME)
        || model
            .scope_names()
            .iter()
            .any(|scope| scope.eq_ignore_ascii_case(name))
}

/// The names a `$` may name, for did-you-mean: `$`-writable parameters, then [`CLUSTER_NAME`].
pub(crate) fn referenceable_names(model: &Model) -> Vec<&str> {
    model
        .referenceable_parameter_names()
        .iter()
        .map(|name| name.as_str())
        .chain([CLUSTER_NAME])
        .collect()
}

/// The smallest syntax node covering exactly `range`, if the tree has one.
pub(crate) fn node_at<'a>(snapshot: &'a Snapshot, range: &Range<usize>) -> Option<Node<'a>> {
    snapshot
        .root()
        .descendant_for_byte_range(range.start, range.end)
        .filter(|node| node.byte_range() == *range)
}

/// Whether `node` sits inside `${…}`, a `:=` value or a `= =expr` value.
pub(crate) fn in_expression(node: Node<'_>) -> bool {
    let answer = |parent: Node<'_>| match parent.kind() {
        kinds::INTERPOLATION | kinds::LEGACY_EXPRESSION => Some(true),
        kinds::ATTRIBUTE => Some(
            parent
                .child_by_field_name(kinds::field::OPERATOR)
                .is_some_and(|op| op.kind() == ":="),
        ),
        kinds::SECTION | kinds::HEADER => Some(false),
        _ => None,
    };
    std::iter::successors(node.parent(), Node::parent)
        .find_map(answer)
        .unwrap_or(false)
}

/// Whether an identifier names a field of a record literal around it (`[a = 1; b = a]`): such a
/// name is resolved inside the record, ClassAd style, not against the parameters.
pub(crate) fn names_enclosing_record_field(
    snapshot: &Snapshot,
    node: Node<'_>,
    name: &str,
) -> bool {
    let has_field = |record: Node<'_>| {
        let mut cursor = record.walk();
        let found = record
            .named_children(&mut cursor)
            .filter(|child| child.kind() == kinds::RECORD_FIELD)
            .filter_map(|field| field.child_by_field_name(kinds::field::NAME))
            .any(|field_name| {
                let text = snapshot.text_of(field_name);
                text.trim_matches('"').eq_ignore_ascii_case(name)
            });
        found
    };
    std::iter::successors(node.parent(), Node::parent)
        .take_while(|parent| !matches!(parent.kind(), kinds::ATTRIBUTE | kinds::SECTION))
        .any(|parent| parent.kind() == kinds::RECORD && has_field(parent))
}

/// A `$` reference that is the start of a declared parameter whose name `$` cannot carry in full
/// (`$slurm-version` reads `$slurm` when `slurm-version` is declared), with that parameter and
/// the range of the whole intended name.
pub(crate) fn broken_reference<'m>(
    context: &Context<'m>,
    reference: &Reference,
) -> Option<(&'m ParamInfo, Range<usize>)> {
    let start = reference.name_range().start;
    let rope = context.snapshot.rope();
    context
        .model
        .unreferenceable_parameters()
        .filter(|param| {
            param.name.len() > reference.name.len()
                && starts_with_ignore_case(&param.name, &reference.name)
        })
        .filter_map(|param| {
            let end = start + param.name.len();
            // Only at a character boundary of the document: slicing there cannot panic.
            let found = end <= rope.len_bytes()
                && rope.char_to_byte(rope.byte_to_char(end)) == end
                && context.text(start..end).eq_ignore_ascii_case(&param.name);
            found.then_some((param, start..end))
        })
        .max_by_key(|(param, _)| param.name.len())
}

/// The end of the last line with content in a section (header, attribute or child section),
/// ignoring blank and comment lines that trail it.
pub(crate) fn content_end(model: &Model, section: SectionId) -> usize {
    let info = &model.sections[section];
    let attributes = info.attributes.into_iter();
    let ends = attributes.map(|attr| model.attributes[attr].range.end);
    let child_ends = info.children.iter().map(|&child| content_end(model, child));
    ends.chain(child_ends)
        .fold(info.header_range.end, usize::max)
}

/// The `[parameters …]` section a declaration fix creates in a file that has no parameters: the
/// title most real templates use for the values a user must give.
const NEW_PARAMETERS_SECTION: &str = "[parameters Required Settings]";

/// The fix that inserts `[[[parameter Name]]]`: at the end of the last `[parameters …]` section,
/// or at the end of the file; the rank follows the file's existing parameters. A file with no
/// parameters at all gets a new `[parameters …]` section holding the declaration.
pub(crate) fn declare_parameter_fix(context: &Context<'_>, name: &str) -> Fix {
    let model = context.model;
    let newline = crate::rule::newline_of(context.snapshot);
    let len = context.snapshot.rope().len_bytes();
    let last_group = model
        .sections_with_ids()
        .rev()
        .find(|(_, section)| section.is("parameters"))
        .map(|(id, _)| id);
    let last_param = model.parameters.last();
    let last_param = last_param.map(|param| &model.sections[param.section]);
    // The declaration goes after `lead`: its indentation, or a new section's header.
    let (rank, at, lead) = match (last_group, last_param) {
        (Some(group), _) => {
            // Below the group, at the rank of the last parameter when that is deeper.
            let rank = last_param.map_or(0, |param| param.rank);
            let indent = last_param
                .map(|param| context.indentation_at(param.range.start))
                .unwrap_or_default();
            let at = context.line_end_after(content_end(model, group));
            (rank.max(model.sections[group].rank + 1), at, indent)
        }
        (None, Some(param)) => (param.rank, len, String::new()),
        (None, None) => (2, len, format!("{NEW_PARAMETERS_SECTION}{newline}    ")),
    };
    let rope = context.snapshot.rope();
    let line_break = if at > 0 && !matches!(rope.byte(at - 1), b'\n' | b'\r') {
        newline
    } else {
        ""
    };
    let (open, close) = ("[".repeat(rank), "]".repeat(rank));
    Fix::edit(
        format!("Declare parameter `{name}`"),
        at..at,
        format!("{line_break}{newline}{lead}{open}parameter {name}{close}{newline}"),
    )
}

#[cfg(test)]
mod tests {
    use proptest::prelude::*;

    use crate::testing::diagnostics;

    /// Answers are remembered for one candidate list at a time: another list must not get the
    /// first list's answer, and going back must answer from the first list again.
    #[test]
    fn suggestions_follow_the_candidate_list() {
        let first = ["RegionName", "SubnetId"];
        let second = ["MachineType", "ClusterName"];
        assert_eq!(super::suggest("RegonName", first), Some("RegionName"));
        assert_eq!(super::suggest("RegonName", second), None);
        assert_eq!(super::suggest("MachineTyp", second), Some("MachineType"));
        assert_eq!(super::suggest("RegonName", first), Some("RegionName"));
    }

    /// Runs every rule of the group over `text`; the point is that none panics.
    fn run_group(text: &str) {
        for rule in super::super::RULES {
            for diagnostic in diagnostics(rule.code, text) {
                assert!(diagnostic.range.end <= text.len());
                for edit in diagnostic.fixes.iter().flat_map(|fix| &fix.edits) {
                    assert!(edit.range.end <= text.len());
                    assert!(text.is_char_boundary(edit.range.start));
                    assert!(text.is_char_boundary(edit.range.end));
                }
            }
        }
    }

    #[test]
    fn odd_input_does_not_panic() {
        for text in [
            "",
            "[",
            "[[[parameter",
            "[cluster c]\r\n[[node a]]\r\nExtends = \r\nA = $\r\nB := f(\r\n",
            "[cluster c]\n[[node a]]\nExtends = ,, a,\n[[node a]]\nExtends = a",
            "[cluster é]\n[[node ñ]]\nExtends = ñ\nX = $Ré\n[parameter Ré-x]\n[parameter R]\n",
            "[cluster c]\n[[node a]]\n[[[volume v]]]\nMount =\n[[[cluster-init]]]\n[[[cluster-init /:]]]\n",
            "[cluster c]\n[[node a]]\nX = $é-suffix\n[parameter é-suffix]",
            "[cluster c]\nA := undefined()(1)\nB := x.y(1)\nC := [a = b; b = a]\n",
        ] {
            run_group(text);
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(64))]
        #[test]
        fn random_templates_do_not_panic(
            lines in proptest::collection::vec(
                prop_oneof![
                    Just("[cluster c]".to_owned()),
                    Just("[[node defaults]]".to_owned()),
                    Just("[[nodearray a]]".to_owned()),
                    Just("Extends = a, defaults".to_owned()),
                    Just("[[[volume v]]]".to_owned()),
                    Just("Mount = data".to_owned()),
                    Just("[[[configuration cyclecloud.mounts.data]]]".to_owned()),
                    Just("[[[cluster-init x]]]".to_owned()),
                    Just("[parameters P]".to_owned()),
                    Just("[[parameter Région]]".to_owned()),
                    Just("A = $Régionwest-x".to_owned()),
                    Just("B := ifThenElse(a, b)".to_owned()),
                    Just("C = ${frob(ClusterName)}".to_owned()),
                    "[ -~é\\[\\]$]{0,20}",
                ],
                0..12,
            ),
            crlf in any::<bool>(),
        ) {
            let text = lines.join(if crlf { "\r\n" } else { "\n" });
            run_group(&text);
        }
    }
}
