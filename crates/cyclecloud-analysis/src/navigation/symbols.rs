//! What name is at a position, and every place that name is written.

use std::ops::Range;

use super::cluster_init::{spec_at, SpecRef};
use super::Occurrence;
use crate::model::{Model, RefKind, Reference, SectionId};

/// A symbol navigation can follow. Names are kept in lower case (lookups ignore case).
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum Target {
    /// A `[[[parameter X]]]` and its uses.
    Parameter(String),
    /// A node or node array of one cluster (`None`: misplaced outside any cluster).
    Node {
        /// The cluster section.
        cluster: Option<SectionId>,
        /// The lower-case name.
        name: String,
    },
    /// A file-level `[environment X]` or `[noderef X]` and its uses in expressions.
    TopLevel {
        /// `environment` or `noderef`.
        kind: &'static str,
        /// The lower-case name.
        name: String,
    },
    /// A name used in values but declared nowhere in the file (given at import time, or a typo).
    Undeclared(String),
    /// The built-in `ClusterName`.
    ClusterName,
    /// A cluster-init spec.
    Spec(SpecRef),
}

/// Whether `offset` is in `range`, its end included (a cursor just after a word is on it).
pub(crate) fn touches(range: &Range<usize>, offset: usize) -> bool {
    range.start <= offset && offset <= range.end
}

/// The symbol at `offset` and the range of the name there.
pub(crate) fn target_at(model: &Model, offset: usize) -> Option<(Target, Range<usize>)> {
    reference_at(model, offset)
        .or_else(|| header_name_at(model, offset))
        .or_else(|| spec_at(model, offset).map(|spec| (spec.range.clone(), Found::Spec(spec))))
        .map(|(range, target)| (target_from(model, target), range))
}

/// Either a reference or a spec found at a position, before it is resolved to a [`Target`].
enum Found<'m> {
    Reference(&'m Reference),
    Header(SectionId),
    Spec(SpecRef),
}

fn reference_at(model: &Model, offset: usize) -> Option<(Range<usize>, Found<'_>)> {
    let end = model
        .references
        .partition_point(|reference| reference.range.start <= offset);
    // References nest only inside a cluster-init name (`lsf:x:$Version`): look a few back.
    let reference = model.references[..end]
        .iter()
        .rev()
        .take(4)
        .find(|reference| touches(&reference.range, offset))?;
    if reference.kind == RefKind::ClusterInit {
        let spec = spec_at(model, offset)?;
        return Some((spec.range.clone(), Found::Spec(spec)));
    }
    Some((reference.name_range(), Found::Reference(reference)))
}

fn header_name_at(model: &Model, offset: usize) -> Option<(Range<usize>, Found<'_>)> {
    let index = model
        .sections
        .partition_point(|section| section.header_range.start <= offset)
        .checked_sub(1)
        .map(SectionId::new)?;
    let section = &model.sections[index];
    let range = section.name_range()?;
    let named = touches(&range, offset)
        && matches!(
            section.kind.as_str(),
            "parameter" | "node" | "nodearray" | "environment" | "environmentref" | "noderef"
        );
    named.then_some((range, Found::Header(index)))
}

fn target_from(model: &Model, found: Found<'_>) -> Target {
    match found {
        Found::Spec(spec) => Target::Spec(spec),
        Found::Reference(reference) => match reference.kind {
            RefKind::Extends => Target::Node {
                cluster: model
                    .node_of(reference.section)
                    .and_then(|node| model.nodes[node].cluster),
                name: reference.name.to_ascii_lowercase(),
            },
            _ => resolve_value(model, &reference.name),
        },
        Found::Header(section) => {
            let info = &model.sections[section];
            let name = info.name.as_deref().unwrap_or("").to_ascii_lowercase();
            match info.kind.as_str() {
                "parameter" => Target::Parameter(name),
                "environment" | "environmentref" | "noderef" if info.parent.is_some() => {
                    Target::Undeclared(name)
                }
                "environment" => Target::TopLevel {
                    kind: "environment",
                    name,
                },
                "environmentref" => Target::TopLevel {
                    kind: "environmentref",
                    name,
                },
                "noderef" => Target::TopLevel {
                    kind: "noderef",
                    name,
                },
                _ => Target::Node {
                    cluster: model
                        .node_of(Some(section))
                        .and_then(|node| model.nodes[node].cluster),
                    name,
                },
            }
        }
    }
}

/// What a value name means: a parameter, else an environment or noderef, else `ClusterName`.
pub(crate) fn resolve_value(model: &Model, name: &str) -> Target {
    let lower = name.to_ascii_lowercase();
    if model.parameter_index.contains_key(&lower) {
        return Target::Parameter(lower);
    }
    if let Some(kind) = top_level_kind(model, &lower) {
        return Target::TopLevel { kind, name: lower };
    }
    if lower == "clustername" {
        return Target::ClusterName;
    }
    Target::Undeclared(lower)
}

/// `environment`, `environmentref` or `noderef` when a file-level section of that kind has
/// this name.
pub(crate) fn top_level_kind(model: &Model, lower: &str) -> Option<&'static str> {
    ["environment", "environmentref", "noderef"]
        .into_iter()
        .find(|kind| {
            model
                .sections_of(kind)
                .any(|(_, section)| section.parent.is_none() && section.name_is(lower))
        })
}

/// Every place the target is written, in document order.
pub(crate) fn occurrences(model: &Model, target: &Target) -> Vec<Occurrence> {
    let mut out = Vec::new();
    match target {
        Target::Parameter(name) => {
            for param in &model.parameters {
                if param.name.eq_ignore_ascii_case(name) {
                    out.push(declaration(param.name_range.clone()));
                }
            }
            value_uses(model, name, &mut out);
        }
        Target::TopLevel { kind, name } => {
            for (_, section) in model.sections_of(kind) {
                if let (None, true, Some(range)) =
                    (section.parent, section.name_is(name), &section.name_range())
                {
                    out.push(declaration(range.clone()));
                }
            }
            value_uses(model, name, &mut out);
        }
        Target::Undeclared(name) => value_uses(model, name, &mut out),
        Target::ClusterName => value_uses(model, "clustername", &mut out),
        Target::Node { cluster, name } => node_occurrences(model, *cluster, name, &mut out),
        Target::Spec(spec) => out.push(Occurrence {
            range: spec.range.clone(),
            is_declaration: false,
        }),
    }
    out.sort_by_key(|occurrence| (occurrence.range.start, occurrence.range.end));
    out.dedup();
    out
}

fn declaration(range: Range<usize>) -> Occurrence {
    Occurrence {
        range,
        is_declaration: true,
    }
}

fn value_uses(model: &Model, name: &str, out: &mut Vec<Occurrence>) {
    out.extend(
        model
            .references
            .iter()
            .filter(|reference| {
                reference.kind == RefKind::Value && reference.name.eq_ignore_ascii_case(name)
            })
            .map(|reference| Occurrence {
                range: reference.name_range(),
                is_declaration: false,
            }),
    );
}

/// A node's headers, its `Extends` uses and, for `defaults`, every node that inherits from it.
fn node_occurrences(
    model: &Model,
    cluster: Option<SectionId>,
    name: &str,
    out: &mut Vec<Occurrence>,
) {
    let is_defaults = name == "defaults";
    for node in model.nodes.iter().filter(|node| node.cluster == cluster) {
        let Some(range) = model.sections[node.section].name_range() else {
            continue;
        };
        if node.name.eq_ignore_ascii_case(name) {
            out.push(declaration(range));
        } else if is_defaults {
            // Every other node of the cluster inherits from `defaults` without naming it.
            out.push(Occurrence {
                range,
                is_declaration: false,
            });
        }
    }
    for reference in &model.references {
        if reference.kind != RefKind::Extends || !reference.name.eq_ignore_ascii_case(name) {
            continue;
        }
        let in_cluster = model
            .node_of(reference.section)
            .map(|node| model.nodes[node].cluster);
        if in_cluster == Some(cluster) {
            out.push(Occurrence {
                range: reference.range.clone(),
                is_declaration: false,
            });
        }
    }
}
