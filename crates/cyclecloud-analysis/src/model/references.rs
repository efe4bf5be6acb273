//! Collects every use of a name: `$Param`, names in `${…}` and `:=` expressions, `Extends`
//! entries and `$Param` in header names.

use std::borrow::Cow;
use std::ops::Range;
use std::sync::Arc;

use cyclecloud_syntax::kinds::{self, field_id, kind_id};
use cyclecloud_syntax::{Node, Snapshot};

use super::{
    ArcStr, AttrId, CallInfo, Model, ParamId, ParameterIndex, RefKind, Reference, SectionId,
};

/// Whether names in this key's value have a scope of their own (image packages, query columns),
/// so they are not parameters.
pub(super) fn has_own_scope(key_lower: &str) -> bool {
    matches!(key_lower, "config.filter" | "config.query")
}

/// The declarations of the parameter each value reference of a model names, found once per
/// model from what each unit keeps (see [`UnitDeclarations`]).
#[derive(Clone, Debug, Default)]
pub(super) struct Declared {
    /// The units' lists, in document order.
    units: Vec<Arc<UnitDeclarations>>,
    /// Per reference of the model: the unit list it is in (`OWN` for `own`) and where.
    spans: Vec<(u32, Range<u32>)>,
    /// Declarations looked up here, for references not found in a unit's list.
    own: Vec<ParamId>,
}

/// [`Declared::spans`] entries that point into [`Declared::own`].
const OWN: u32 = u32::MAX;

impl Declared {
    /// The declarations of every value reference of `model`. A unit's rows of the table hold
    /// its own references in order (the model sorts them by position with the others, which
    /// keeps that order), so each unit's list serves; a reference that is not where its unit's
    /// list says is looked up here.
    pub(super) fn new(model: &Model) -> Declared {
        let index = &model.parameter_index;
        let mut declared = Declared {
            units: Vec::with_capacity(model.units.len()),
            spans: Vec::with_capacity(model.references.len()),
            own: Vec::new(),
        };
        for placed in &model.units {
            let list = declared.units.len() as u32;
            if !placed.unit.references.is_empty() {
                declared.units.push(placed.unit.declarations(index));
            }
            let mut at = 0;
            for reference in &model.references[placed.references.clone()] {
                let span = if reference.kind == RefKind::Value
                    && is_own_reference(placed, at, reference)
                {
                    at += 1;
                    (list, declared.units[list as usize].spans[at - 1].clone())
                } else {
                    declared.looked_up(model, reference)
                };
                declared.spans.push(span);
            }
        }
        // The units tile the document, so every reference is in some unit's rows; one that is
        // not (past the last unit's end) still gets its span.
        for reference in &model.references[declared.spans.len()..] {
            let span = declared.looked_up(model, reference);
            declared.spans.push(span);
        }
        declared
    }

    /// The span of a reference that is not where its unit's list says: none for a reference
    /// that is not a value, else its declarations looked up and kept in `own`.
    fn looked_up(&mut self, model: &Model, reference: &Reference) -> (u32, Range<u32>) {
        if reference.kind != RefKind::Value {
            return (OWN, 0..0);
        }
        let start = self.own.len() as u32;
        let ids = model.declarations(&reference.name).unwrap_or_default();
        self.own.extend_from_slice(ids);
        (OWN, start..self.own.len() as u32)
    }

    /// The declarations of `model`, made from the previous version's (`self`) when the unit
    /// `index` alone changed and its references are as many as before (see `model::patch`):
    /// that unit's list is looked up again, the others are kept (every unit's list is another
    /// cache line, and a large file has tens of thousands). `None` when one of the unit's
    /// references was not in its list (then [`Declared::new`] runs).
    pub(super) fn patched(mut self, model: &Model, index: usize) -> Option<Declared> {
        let placed = &model.units[index];
        let own = &placed.unit.references;
        if own.is_empty() {
            return Some(self);
        }
        // `self` is dropped when this gives `None`, so its rows are set while they are checked.
        let found = placed.unit.declarations(&model.parameter_index);
        let (mut list, mut at) = (None, 0);
        for row in placed.references.clone() {
            let reference = &model.references[row];
            if reference.kind != RefKind::Value {
                continue;
            }
            let (then, _) = self.spans[row];
            let same_list = then != OWN && *list.get_or_insert(then) == then;
            if !same_list || !is_own_reference(placed, at, reference) {
                return None;
            }
            self.spans[row] = (then, found.spans[at].clone());
            at += 1;
        }
        let list = list.filter(|_| at == own.len())?;
        self.units[list as usize] = found;
        Some(self)
    }

    /// The declarations the reference at `index` names.
    pub(super) fn of(&self, index: usize) -> &[ParamId] {
        let (list, span) = &self.spans[index];
        let ids = match *list {
            OWN => &self.own,
            unit => &self.units[unit as usize].ids,
        };
        &ids[span.start as usize..span.end as usize]
    }
}

/// Whether `reference` (a row of the model) is the placed unit's own reference `at`: the same
/// name at the same place. Only then does the unit's list of declarations serve it.
fn is_own_reference(placed: &super::PlacedUnit, at: usize, reference: &Reference) -> bool {
    placed.unit.references.get(at).is_some_and(|own| {
        own.range.start + placed.start == reference.range.start && own.name == reference.name
    })
}

/// The declarations each reference of one unit names, for one parameter index: a unit keeps
/// the last it was asked for (see `SectionUnit::declarations`), so a keystroke looks up only
/// the references of the unit it changed while the parameter names stay the same.
#[derive(Debug)]
pub(super) struct UnitDeclarations {
    /// The index the lists were looked up in.
    pub(super) index: Arc<ParameterIndex>,
    /// Per reference of the unit: where its declarations are in `ids`.
    spans: Vec<Range<u32>>,
    ids: Vec<ParamId>,
}

impl UnitDeclarations {
    /// Looks up `references`.
    pub(super) fn new(references: &[Reference], index: &Arc<ParameterIndex>) -> UnitDeclarations {
        let mut found = UnitDeclarations {
            index: Arc::clone(index),
            spans: Vec::with_capacity(references.len()),
            ids: Vec::new(),
        };
        for reference in references {
            let start = found.ids.len() as u32;
            let ids = super::in_lower_case(&reference.name, |lower| index.get(lower));
            found.ids.extend_from_slice(ids.map_or(&[], Vec::as_slice));
            found.spans.push(start..found.ids.len() as u32);
        }
        found
    }
}

/// `Extends` entries, once nodes are known; then everything in document order.
pub(super) fn finish_references(model: &mut Model) {
    let mut references = std::mem::take(&mut model.references);
    for section in SectionId::all(model.sections.len()) {
        references.extend(section_references(model, section));
    }
    references.sort_by_key(|reference| reference.range.start);
    model.references = references;
}

/// The references a section holds besides its unit's: its node's `Extends` entries, its
/// cluster-init name. Read from the model, since they depend on the nodes.
pub(super) fn section_references(
    model: &Model,
    section: SectionId,
) -> impl Iterator<Item = Reference> + '_ {
    let node = model.node_of(Some(section)).map(|node| &model.nodes[node]);
    let extends = node.into_iter().flat_map(move |node| {
        node.extends.iter().map(move |entry| Reference {
            kind: RefKind::Extends,
            name: ArcStr::from(entry.name.as_str()),
            range: entry.range.clone(),
            dollar: false,
            attr: node.extends_line,
            section: Some(section),
        })
    });
    let info = &model.sections[section];
    let name = info.name.as_ref().filter(|_| info.is("cluster-init"));
    let cluster_init = name.zip(info.name_range()).map(|(name, range)| Reference {
        kind: RefKind::ClusterInit,
        name: name.clone(),
        range,
        dollar: false,
        attr: None,
        section: Some(section),
    });
    extends.chain(cluster_init)
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

/// The source text a walk reads names from: the document, or a unit's own text (cheaper to
/// slice than the rope) starting at `start`.
pub(super) struct Source<'a> {
    pub snapshot: &'a Snapshot,
    /// The own text of the unit being read, and where it starts in the document.
    pub text: &'a str,
    pub start: usize,
}

impl<'a> Source<'a> {
    /// The text of `node`: a slice of the own text when it lies inside, else from the rope.
    pub fn text_of(&self, node: Node<'_>) -> Cow<'a, str> {
        let range = node.byte_range();
        range
            .start
            .checked_sub(self.start)
            .zip(range.end.checked_sub(self.start))
            .and_then(|(start, end)| self.text.get(start..end))
            .map_or_else(|| self.snapshot.text_of(node), Cow::Borrowed)
    }
}

/// Which children of a node the walk goes into.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Children {
    /// Every named child.
    Named,
    /// `a.b`: only the object (the member is a field of it, not a name).
    Member,
    /// `f(x)`: a computed callee (a plain function name is checked by its own rule) and the
    /// arguments.
    Call,
    /// `[name = value]`: a string name (a bare one names the field) and the value.
    RecordField,
}

/// A node whose children the walk is in.
struct Level {
    children: Children,
    in_expression: bool,
    /// Fields taken already (each special field counts once, as `child_by_field_name` finds
    /// the first).
    taken: u8,
    /// The call a `Call` level recorded, whose arguments are counted when they are walked.
    call: Option<usize>,
    /// For an argument list without errors of a recorded call: (that call, arguments so far).
    counting: Option<(usize, usize)>,
    /// The node's range (what a recorded call spans).
    range: Range<usize>,
    /// Children not walked yet (tree-sitter's count of the children a cursor visits).
    left: u32,
}

/// Walks a value once for everything the model needs from it. `in_expression` is true inside
/// `${…}` and strict values, where bare identifiers are names. One cursor goes down and along
/// the tree (each node is stepped over once, which is what a walk costs: a long `${…}` line is
/// read on every keystroke in its section), so a 50,000-deep expression cannot overflow the
/// stack and a keystroke allocates little. Everything is found in document order.
pub(super) fn scan(
    source: &Source<'_>,
    root: Node<'_>,
    attr: Option<AttrId>,
    in_expression: bool,
    found: &mut ValueScan<'_>,
) {
    let mut walker = Walker {
        source,
        attr,
        found,
    };
    let Some(mut level) = walker.visit(root, in_expression) else {
        return;
    };
    level.left = root.child_count();
    let mut cursor = root.walk();
    if level.left == 0 || !cursor.goto_first_child() {
        walker.finish(level);
        return;
    }
    let mut levels = vec![level];
    loop {
        let child = cursor.node();
        let level = levels.last_mut().expect("the walk is inside a node");
        // Whether to walk the child, and for the argument list of a recorded call, that call
        // (whose arguments the child's level counts).
        let mut counting = None;
        let visit = match level.children {
            Children::Named => {
                let named = child.is_named();
                if let Some((_, count)) = level.counting.as_mut().filter(|_| named) {
                    *count += usize::from(child.kind_id() != kind_id::comment());
                }
                named
            }
            Children::Member => take(&mut level.taken, &cursor, field_id::object(), 1),
            Children::Call if take(&mut level.taken, &cursor, field_id::function(), 1) => {
                let kind = child.kind_id();
                let named = kind == kind_id::identifier() || kind == kind_id::undefined();
                if let Some(calls) = walker.found.calls.as_deref_mut().filter(|_| named) {
                    level.call = Some(calls.len());
                    calls.push(CallInfo {
                        name: ArcStr::from(source.text_of(child).as_ref()),
                        name_range: child.byte_range(),
                        range: level.range.clone(),
                        arguments: None,
                    });
                }
                kind != kind_id::identifier()
            }
            Children::Call => {
                let arguments = take(&mut level.taken, &cursor, field_id::arguments(), 2);
                counting = level.call.filter(|_| arguments && !child.has_error());
                arguments
            }
            Children::RecordField if take(&mut level.taken, &cursor, field_id::name(), 1) => {
                child.kind_id() == kind_id::string()
            }
            Children::RecordField => take(&mut level.taken, &cursor, field_id::value(), 2),
        };
        let walk = visit.then(|| walker.visit(child, level.in_expression));
        level.left = level.left.saturating_sub(1);
        if let Some(mut walk) = walk.flatten() {
            walk.counting = counting.map(|call| (call, 0));
            walk.left = child.child_count();
            if walk.left > 0 && cursor.goto_first_child() {
                levels.push(walk);
                continue;
            }
            walker.finish(walk);
        }
        // On to the next node: the next sibling, or that of the nearest ancestor that has one.
        // A level whose children are all walked (or all it wants) is left without looking for
        // one more sibling, the costly step of a walk.
        loop {
            let level = levels.last().expect("the walk is inside a node");
            if level.left > 0 && !level.has_all() && cursor.goto_next_sibling() {
                break;
            }
            let done = levels.pop().expect("the walk is inside a node");
            walker.finish(done);
            if levels.is_empty() || !cursor.goto_parent() {
                return;
            }
        }
    }
}

impl Level {
    /// Whether a level that walks chosen fields has walked all of them.
    fn has_all(&self) -> bool {
        match self.children {
            Children::Named => false,
            Children::Member => self.taken == 1,
            Children::Call | Children::RecordField => self.taken == 3,
        }
    }
}

/// Whether the cursor is on the first child of `field` (bit `bit` of a level's fields `taken`).
fn take(taken: &mut u8, cursor: &cyclecloud_syntax::TreeCursor<'_>, field: u16, bit: u8) -> bool {
    let first_on_field = *taken & bit == 0 && cursor.field_id().is_some_and(|id| id.get() == field);
    if first_on_field {
        *taken |= bit;
    }
    first_on_field
}

/// What one walk reads names from and where it puts what it finds.
struct Walker<'w, 'a, 'f> {
    source: &'w Source<'a>,
    attr: Option<AttrId>,
    found: &'w mut ValueScan<'f>,
}

impl Walker<'_, '_, '_> {
    /// A level's work once its children are walked: an argument list's count goes to its call.
    fn finish(&mut self, level: Level) {
        if let (Some((call, count)), Some(calls)) =
            (level.counting, self.found.calls.as_deref_mut())
        {
            calls[call].arguments = Some(count);
        }
    }

    /// Records what `node` is, and returns how to walk its children (`None`: not at all).
    fn visit(&mut self, node: Node<'_>, in_expression: bool) -> Option<Level> {
        let kind = node.kind_id();
        let dollar = kind == kind_id::parameter_reference();
        // A bare identifier is a name only inside an expression.
        let children = if dollar || kind == kind_id::identifier() {
            let references = self.found.references.as_deref_mut();
            if let Some(references) = references.filter(|_| dollar || in_expression) {
                references.push(Reference {
                    kind: RefKind::Value,
                    name: ArcStr::from(self.source.text_of(node).trim_start_matches('$')),
                    range: node.byte_range(),
                    dollar,
                    attr: self.attr,
                    section: None,
                });
            }
            return None;
        } else if kind == kind_id::string()
            || kind == kind_id::triple_string()
            || kind == kind_id::relative_time()
        {
            if let Some(strings) = self.found.strings.as_deref_mut() {
                strings.push((node.byte_range(), kinds::static_kind(node)));
            }
            return None;
        } else if kind == kind_id::member_expression() {
            Children::Member
        } else if kind == kind_id::call_expression() {
            Children::Call
        } else if kind == kind_id::record_field() {
            Children::RecordField
        } else {
            Children::Named
        };
        let in_expression = in_expression
            || kind == kind_id::interpolation()
            || kind == kind_id::legacy_expression();
        Some(Level {
            children,
            in_expression,
            taken: 0,
            call: None,
            counting: None,
            range: if children == Children::Call {
                node.byte_range()
            } else {
                0..0
            },
            left: 0,
        })
    }
}
