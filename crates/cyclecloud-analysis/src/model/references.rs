//! Collects every use of a name: `$Param`, names in `${…}` and `:=` expressions, `Extends`
//! entries and `$Param` in header names.

use cyclecloud_syntax::{kinds, Node, Snapshot};

use super::{Model, RefKind, Reference, SectionId};

/// Attributes whose expressions have their own scope (image packages, query columns): names in
/// them are not parameters.
const OWN_SCOPE_KEYS: [&str; 2] = ["config.filter", "config.query"];

/// References in a header name (`[[[cluster-init lsf:execute:$LsfProjectVersion]]]`).
pub(super) fn collect_in_header(
    snapshot: &Snapshot,
    header: Node<'_>,
    section: SectionId,
    out: &mut Vec<Reference>,
) {
    if let Some(name) = header.child_by_field_name("name") {
        walk(snapshot, name, None, Some(section), false, out);
    }
}

/// References in an attribute's value, unless the key gives its names their own scope.
pub(super) fn collect_in_value(
    snapshot: &Snapshot,
    model: &Model,
    attr: usize,
    value: Node<'_>,
    out: &mut Vec<Reference>,
) {
    let info = &model.attributes[attr];
    if OWN_SCOPE_KEYS.contains(&info.key_lower.as_str()) {
        return;
    }
    let in_expression = info.shape == super::ValueShape::Expression;
    walk(
        snapshot,
        value,
        Some(attr),
        info.section,
        in_expression,
        out,
    );
}

/// `Extends` entries, once nodes are known; then everything in document order.
pub(super) fn finish_references(model: &mut Model) {
    let mut references = std::mem::take(&mut model.references);
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
    for (id, section) in model.sections.iter().enumerate() {
        if let (true, Some(name), Some(range)) = (
            section.is("cluster-init"),
            &section.name,
            &section.name_range,
        ) {
            references.push(Reference {
                kind: RefKind::ClusterInit,
                name: name.clone(),
                range: range.clone(),
                dollar: false,
                attr: None,
                section: Some(id),
            });
        }
    }
    references.sort_by_key(|reference| reference.range.start);
    model.references = references;
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
