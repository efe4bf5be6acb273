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
/// identifiers are names.
fn walk(
    snapshot: &Snapshot,
    node: Node<'_>,
    attr: Option<usize>,
    section: Option<SectionId>,
    in_expression: bool,
    out: &mut Vec<Reference>,
) {
    match node.kind() {
        kinds::PARAMETER_REFERENCE => {
            let text = snapshot.text_of(node);
            out.push(Reference {
                kind: RefKind::Value,
                name: text.trim_start_matches('$').to_owned(),
                range: node.byte_range(),
                dollar: true,
                attr,
                section,
            });
            return;
        }
        kinds::IDENTIFIER if in_expression => {
            out.push(Reference {
                kind: RefKind::Value,
                name: snapshot.text_of(node).into_owned(),
                range: node.byte_range(),
                dollar: false,
                attr,
                section,
            });
            return;
        }
        kinds::INTERPOLATION => {
            if let Some(expression) = node.child_by_field_name("expression") {
                walk(snapshot, expression, attr, section, true, out);
            }
            return;
        }
        kinds::MEMBER_EXPRESSION => {
            // Only the object is a name; the member is a field of it.
            if let Some(object) = node.child_by_field_name("object") {
                walk(snapshot, object, attr, section, in_expression, out);
            }
            return;
        }
        kinds::CALL_EXPRESSION => {
            // The callee is a function name, checked against the catalog by its own rule.
            if let Some(arguments) = node.child_by_field_name("arguments") {
                walk(snapshot, arguments, attr, section, in_expression, out);
            }
            return;
        }
        kinds::RECORD_FIELD => {
            if let Some(value) = node.child_by_field_name("value") {
                walk(snapshot, value, attr, section, in_expression, out);
            }
            return;
        }
        kinds::LEGACY_EXPRESSION => {
            let mut cursor = node.walk();
            for child in node.named_children(&mut cursor) {
                walk(snapshot, child, attr, section, true, out);
            }
            return;
        }
        _ => {}
    }
    let mut cursor = node.walk();
    for child in node.named_children(&mut cursor) {
        walk(snapshot, child, attr, section, in_expression, out);
    }
}
