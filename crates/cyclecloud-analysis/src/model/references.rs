//! Collects every use of a name: `$Param`, names in `${…}` and `:=` expressions, `Extends`
//! entries and `$Param` in header names.

use cyclecloud_syntax::{kinds, Node, Snapshot};

use super::{Model, RefKind, Reference, SectionId};

/// Attributes whose expressions have their own scope (image packages, query columns): names in
/// them are not parameters.
const OWN_SCOPE_KEYS: [&str; 2] = ["config.filter", "config.query"];

pub(super) fn collect_references(model: &mut Model, snapshot: &Snapshot) {
    let mut references = Vec::new();
    // Header names: `[[[cluster-init lsf:execute:$LsfProjectVersion]]]`.
    for (id, section) in model.sections.iter().enumerate() {
        if section.name_range.is_some() {
            let header = snapshot
                .root()
                .descendant_for_byte_range(section.header_range.start, section.header_range.start);
            if let Some(header) = header.and_then(|node| find_ancestor(node, kinds::HEADER)) {
                walk(snapshot, header, None, Some(id), false, &mut references);
            }
        }
    }
    for (id, attr) in model.attributes.iter().enumerate() {
        if OWN_SCOPE_KEYS.contains(&attr.key_lower.as_str()) || attr.value_range.is_empty() {
            continue;
        }
        let Some(value) = snapshot
            .root()
            .descendant_for_byte_range(attr.value_range.start, attr.value_range.end)
        else {
            continue;
        };
        let in_expression = attr.shape == super::ValueShape::Expression;
        walk(
            snapshot,
            value,
            Some(id),
            attr.section,
            in_expression,
            &mut references,
        );
    }
    for node in &model.nodes {
        let attr = model.attribute_in(node.section, "Extends");
        for entry in &node.extends {
            references.push(Reference {
                kind: RefKind::Extends,
                name: entry.name.clone(),
                range: entry.range.clone(),
                dollar: false,
                attr,
                section: Some(node.section),
            });
        }
    }
    references.sort_by_key(|reference| reference.range.start);
    model.references = references;
}

fn find_ancestor<'a>(mut node: Node<'a>, kind: &str) -> Option<Node<'a>> {
    loop {
        if node.kind() == kind {
            return Some(node);
        }
        node = node.parent()?;
    }
}

/// Walks a value; `in_expression` is true inside `${…}` and strict values, where bare
/// identifiers are names. Iterative, so a 50,000-deep expression cannot overflow the stack.
fn walk(
    snapshot: &Snapshot,
    root: Node<'_>,
    attr: Option<usize>,
    section: Option<SectionId>,
    in_expression: bool,
    out: &mut Vec<Reference>,
) {
    fn push_children<'t>(node: Node<'t>, in_expression: bool, stack: &mut Vec<(Node<'t>, bool)>) {
        let mut cursor = node.walk();
        let children: Vec<_> = node.named_children(&mut cursor).collect();
        stack.extend(
            children
                .into_iter()
                .rev()
                .map(|child| (child, in_expression)),
        );
    }
    let mut stack = vec![(root, in_expression)];
    while let Some((node, in_expression)) = stack.pop() {
        match node.kind() {
            kinds::PARAMETER_REFERENCE => out.push(Reference {
                kind: RefKind::Value,
                name: snapshot.text_of(node).trim_start_matches('$').to_owned(),
                range: node.byte_range(),
                dollar: true,
                attr,
                section,
            }),
            kinds::IDENTIFIER if in_expression => out.push(Reference {
                kind: RefKind::Value,
                name: snapshot.text_of(node).into_owned(),
                range: node.byte_range(),
                dollar: false,
                attr,
                section,
            }),
            // Only the object of `a.b` is a name; the member is a field of it.
            kinds::MEMBER_EXPRESSION => stack.extend(
                node.child_by_field_name("object")
                    .map(|n| (n, in_expression)),
            ),
            // The callee is a function name, checked against the catalog by its own rule.
            kinds::CALL_EXPRESSION => stack.extend(
                node.child_by_field_name("arguments")
                    .map(|n| (n, in_expression)),
            ),
            kinds::RECORD_FIELD => stack.extend(
                node.child_by_field_name("value")
                    .map(|n| (n, in_expression)),
            ),
            kinds::INTERPOLATION | kinds::LEGACY_EXPRESSION => {
                push_children(node, true, &mut stack)
            }
            _ => push_children(node, in_expression, &mut stack),
        }
    }
}
