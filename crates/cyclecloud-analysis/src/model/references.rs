//! Collects every use of a name: `$Param`, names in `${…}` and `:=` expressions, `Extends`
//! entries and `$Param` in header names.

use std::ops::Range;

use cyclecloud_syntax::{kinds, Node, Snapshot};

use super::{ArcStr, AttrId, CallInfo, Model, RefKind, Reference, SectionId};

/// Attributes whose expressions have their own scope (image packages, query columns): names in
/// them are not parameters.
const OWN_SCOPE_KEYS: [&str; 2] = ["config.filter", "config.query"];

/// References in a header name (`[[[cluster-init lsf:execute:$LsfProjectVersion]]]`).
pub(super) fn collect_in_header(
    snapshot: &Snapshot,
    header: Node<'_>,
    section: Option<SectionId>,
    out: &mut Vec<Reference>,
) {
    if let Some(name) = header.child_by_field_name("name") {
        let mut found = ValueScan {
            references: Some(out),
            calls: None,
            strings: None,
        };
        scan(snapshot, name, None, section, false, &mut found);
    }
}

/// Whether names in this key's value have a scope of their own (image packages, query columns),
/// so they are not parameters.
pub(super) fn has_own_scope(key_lower: &str) -> bool {
    OWN_SCOPE_KEYS.contains(&key_lower)
}

/// `Extends` entries, once nodes are known; then everything in document order.
pub(super) fn finish_references(model: &mut Model) {
    let mut references = std::mem::take(&mut model.references);
    for node in &model.nodes {
        let attr = model.attribute_in(node.section, "Extends");
        for entry in &node.extends {
            references.push(Reference {
                kind: RefKind::Extends,
                name: ArcStr::from(entry.name.as_str()),
                range: entry.range.clone(),
                dollar: false,
                attr,
                section: Some(node.section),
            });
        }
    }
    for (id, section) in model.sections_with_ids() {
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

/// What one walk over a value collects; each list is filled only when asked for.
pub(super) struct ValueScan<'a> {
    /// Names (`$Name`, and bare names inside expressions).
    pub references: Option<&'a mut Vec<Reference>>,
    /// Calls of named functions.
    pub calls: Option<&'a mut Vec<CallInfo>>,
    /// String-like tokens, for the unterminated-string check.
    pub strings: Option<&'a mut Vec<(Range<usize>, &'static str)>>,
}

/// Walks a value once for everything the model needs from it. `in_expression` is true inside
/// `${…}` and strict values, where bare identifiers are names. Iterative with one reused
/// cursor, so a 50,000-deep expression cannot overflow the stack and a keystroke allocates
/// little.
pub(super) fn scan<'t>(
    snapshot: &Snapshot,
    root: Node<'t>,
    attr: Option<AttrId>,
    section: Option<SectionId>,
    in_expression: bool,
    found: &mut ValueScan<'_>,
) {
    /// Pushes a node's named children, first child on top, reusing the cursor and buffer.
    fn descend<'t>(
        cursor: &mut cyclecloud_syntax::TreeCursor<'t>,
        children: &mut Vec<Node<'t>>,
        node: Node<'t>,
        in_expression: bool,
        stack: &mut Vec<(Node<'t>, bool)>,
    ) {
        cursor.reset(node);
        children.clear();
        if cursor.goto_first_child() {
            loop {
                let child = cursor.node();
                if child.is_named() {
                    children.push(child);
                }
                if !cursor.goto_next_sibling() {
                    break;
                }
            }
        }
        stack.extend(children.drain(..).rev().map(|child| (child, in_expression)));
    }
    let mut stack = vec![(root, in_expression)];
    let mut children = Vec::new();
    let mut cursor = root.walk();
    while let Some((node, in_expression)) = stack.pop() {
        let kind = node.kind();
        match kind {
            kinds::PARAMETER_REFERENCE => {
                if let Some(references) = found.references.as_deref_mut() {
                    references.push(Reference {
                        kind: RefKind::Value,
                        name: ArcStr::from(snapshot.text_of(node).trim_start_matches('$')),
                        range: node.byte_range(),
                        dollar: true,
                        attr,
                        section,
                    });
                }
            }
            kinds::IDENTIFIER => {
                if let (true, Some(references)) = (in_expression, found.references.as_deref_mut()) {
                    references.push(Reference {
                        kind: RefKind::Value,
                        name: ArcStr::from(snapshot.text_of(node).as_ref()),
                        range: node.byte_range(),
                        dollar: false,
                        attr,
                        section,
                    });
                }
            }
            kinds::STRING | kinds::TRIPLE_STRING | kinds::RELATIVE_TIME => {
                if let Some(strings) = found.strings.as_deref_mut() {
                    strings.push((node.byte_range(), kinds::static_kind(node)));
                }
            }
            // Only the object of `a.b` is a name; the member is a field of it.
            kinds::MEMBER_EXPRESSION => {
                stack.extend(
                    node.child_by_field_name("object")
                        .map(|n| (n, in_expression)),
                );
            }
            kinds::CALL_EXPRESSION => {
                let callee = node.child_by_field_name("function");
                let arguments = node.child_by_field_name("arguments");
                if let (Some(calls), Some(callee)) = (
                    found.calls.as_deref_mut(),
                    callee.filter(|callee| {
                        matches!(callee.kind(), kinds::IDENTIFIER | kinds::UNDEFINED)
                    }),
                ) {
                    let count = arguments.filter(|args| !args.has_error()).map(|args| {
                        let mut cursor = args.walk();
                        let count = args
                            .named_children(&mut cursor)
                            .filter(|child| child.kind() != kinds::COMMENT)
                            .count();
                        count
                    });
                    calls.push(CallInfo {
                        name: ArcStr::from(snapshot.text_of(callee).as_ref()),
                        name_range: callee.byte_range(),
                        range: node.byte_range(),
                        arguments: count,
                    });
                }
                // The callee is a function name, checked against the catalog by its own rule;
                // a computed callee (`f(x)(y)`) is walked like any expression.
                if let Some(callee) = callee.filter(|callee| callee.kind() != kinds::IDENTIFIER) {
                    stack.push((callee, in_expression));
                }
                stack.extend(arguments.map(|n| (n, in_expression)));
            }
            kinds::RECORD_FIELD => {
                if let Some(name) = node
                    .child_by_field_name("name")
                    .filter(|name| name.kind() == kinds::STRING)
                {
                    stack.push((name, in_expression));
                }
                stack.extend(
                    node.child_by_field_name("value")
                        .map(|n| (n, in_expression)),
                );
            }
            kinds::INTERPOLATION | kinds::LEGACY_EXPRESSION => {
                descend(&mut cursor, &mut children, node, true, &mut stack)
            }
            _ => descend(&mut cursor, &mut children, node, in_expression, &mut stack),
        }
    }
}
