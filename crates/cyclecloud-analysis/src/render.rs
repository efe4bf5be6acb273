//! The cluster CycleCloud will build from a template: every node and node array (not
//! `[[node defaults]]`, not abstract bases) with its effective attributes after inheritance and
//! evaluation, its configuration, cluster-init specs, volumes and network interfaces, and where
//! each value came from. The `render` command prints it (JSON in `render/json.rs`, text for
//! people in `render/text.rs`); the editor's render command returns it. [`LineValues`] gives
//! single lines' values with parameter defaults, for checks, hover and inlay hints.

mod command_line;
mod json;
mod line_values;
mod scope;
mod text;

use cyclecloud_syntax::Snapshot;

use crate::eval::{interpolate, EvalError, Evaluated, Value};
use crate::model::{AttrId, Model, NodeId, NodeKind, SectionId};

pub use command_line::{command_line_value, json_value};
pub use line_values::LineValues;
use scope::{Context, NodeScope};
pub use scope::{Override, ParamSource};
pub use text::text;

/// A rendered cluster.
#[derive(Clone, Debug)]
pub struct Rendered {
    /// The cluster section's name.
    pub cluster: String,
    /// Every declared parameter (first declaration of each name), in document order.
    pub parameters: Vec<RenderedParameter>,
    /// Where `ClusterName` came from (the cluster's name, or an override).
    pub cluster_name_source: ParamSource,
    /// Required parameters with no value, from neither a default nor an override.
    pub missing: Vec<String>,
    /// Nodes and node arrays, in document order.
    pub nodes: Vec<RenderedNode>,
    /// Things the render leaves out, for people (a parent cluster's nodes).
    pub notes: Vec<String>,
}

/// A parameter with its value and where the value came from.
#[derive(Clone, Debug)]
pub struct RenderedParameter {
    /// The name as declared.
    pub name: String,
    /// The value, or why it has none.
    pub value: Evaluated,
    /// Where it came from.
    pub source: ParamSource,
}

/// A node or node array as it will be built.
#[derive(Clone, Debug)]
pub struct RenderedNode {
    /// Its name (with `$Param` filled in).
    pub name: String,
    /// Node or node array.
    pub kind: NodeKind,
    /// The header's 1-based line.
    pub line: usize,
    /// Effective attributes, ordered by the line that set them.
    pub attributes: Vec<Entry>,
    /// Configuration keys (`prefix.key`), merged over defaults and bases.
    pub configuration: Vec<Entry>,
    /// Cluster-init specs (`[locker/]project:spec[:version]`), defaults and bases first.
    pub cluster_init: Vec<Entry>,
    /// Volumes by name, each with its merged attributes.
    pub volumes: Vec<(String, Vec<Entry>)>,
    /// Network interfaces by name (empty for an unnamed section), each with its attributes.
    pub network_interfaces: Vec<(String, Vec<Entry>)>,
}

/// One value and its origin.
#[derive(Clone, Debug)]
pub struct Entry {
    /// The key as written (configuration keys with their section's prefix).
    pub key: String,
    /// The value, or why it could not be evaluated.
    pub value: Evaluated,
    /// The 1-based line that set it.
    pub line: usize,
    /// The node it was inherited from (`defaults` or an `Extends` base); `None` for its own.
    pub inherited_from: Option<String>,
    /// The parameters the value read (`ClusterName` included).
    pub parameters: Vec<String>,
}

/// Why a template cannot be rendered at all.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum RenderError {
    /// No `[cluster]` section (a fragment, or not a template).
    NoCluster,
    /// Several clusters and none chosen; their names.
    SeveralClusters(Vec<String>),
    /// The chosen cluster does not exist; the names there are.
    UnknownCluster(String, Vec<String>),
}

impl std::fmt::Display for RenderError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            RenderError::NoCluster => f.write_str("the template has no [cluster] section"),
            RenderError::SeveralClusters(names) => write!(
                f,
                "the template has several clusters ({}); choose one with --cluster",
                names.join(", ")
            ),
            RenderError::UnknownCluster(name, names) => write!(
                f,
                "no cluster named `{name}` (the template has: {})",
                names.join(", ")
            ),
        }
    }
}

/// Renders `cluster` (any case; the only cluster when `None`) with parameter `overrides`
/// applied in order (later wins). `-P ClusterName=…` sets `ClusterName`, which is otherwise the
/// cluster section's name.
pub fn render(
    snapshot: &Snapshot,
    model: &Model,
    cluster: Option<&str>,
    overrides: &[Override],
) -> Result<Rendered, RenderError> {
    let section = choose_cluster(model, cluster)?;
    let name = model.sections[section]
        .name
        .as_deref()
        .unwrap_or_default()
        .to_owned();
    let context = Context::new(snapshot, model, Some(name.clone()), overrides);
    let mut parameters = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for parameter in &model.parameters {
        if !seen.insert(parameter.name.to_ascii_lowercase()) {
            continue;
        }
        let value = context
            .parameter(&parameter.name)
            .unwrap_or(Ok(Value::Undefined));
        parameters.push(RenderedParameter {
            name: parameter.name.to_string(),
            value,
            source: context.source(&parameter.name),
        });
    }
    context.take_read();
    let missing = parameters
        .iter()
        .filter(
            |p| matches!(&p.value, Err(e) if e.kind == crate::eval::ErrorKind::MissingParameter),
        )
        .map(|p| p.name.clone())
        .collect();
    let mut notes = Vec::new();
    let mut nodes: Vec<RenderedNode> = Vec::new();
    for (index, info) in model.nodes.iter().enumerate() {
        if info.cluster != Some(section) || info.is_defaults || info.is_abstract {
            continue;
        }
        let node = render_node(&context, NodeId::new(index));
        // How CycleCloud reads a repeated section is undocumented: keep the first, as
        // `Extends` does, and say so.
        if nodes
            .iter()
            .any(|n| n.name.eq_ignore_ascii_case(&node.name))
        {
            notes.push(format!(
                "`{}` is declared again on line {}; only the first is rendered",
                node.name, node.line
            ));
            continue;
        }
        nodes.push(node);
    }
    if let Some(attr) = model.attribute_in(section, "ParentName") {
        notes.push(format!(
            "the cluster inherits from `{}` (ParentName); that cluster's nodes are not rendered",
            model.attributes[attr].unquoted_value().trim()
        ));
    }
    Ok(Rendered {
        cluster_name_source: context.source("ClusterName"),
        cluster: name,
        parameters,
        missing,
        nodes,
        notes,
    })
}

fn choose_cluster(model: &Model, wanted: Option<&str>) -> Result<SectionId, RenderError> {
    let clusters: Vec<(SectionId, String)> = model
        .sections_of("cluster")
        .map(|(id, section)| (id, section.name.as_deref().unwrap_or_default().to_owned()))
        .collect();
    let names = || clusters.iter().map(|(_, name)| name.clone()).collect();
    match (wanted, clusters.as_slice()) {
        (_, []) => Err(RenderError::NoCluster),
        (Some(wanted), _) => clusters
            .iter()
            .find(|(_, name)| name.eq_ignore_ascii_case(wanted))
            .map(|(id, _)| *id)
            .ok_or_else(|| RenderError::UnknownCluster(wanted.to_owned(), names())),
        (None, [(id, _)]) => Ok(*id),
        (None, _) => Err(RenderError::SeveralClusters(names())),
    }
}

fn render_node(context: &Context<'_>, node: NodeId) -> RenderedNode {
    let model = context.model;
    let info = &model.nodes[node];
    let scope = NodeScope { context, node };
    let mut own: Vec<(AttrId, NodeId)> = info
        .effective
        .values()
        .map(|effective| (effective.attr, effective.origin))
        .collect();
    own.sort();
    let attributes = own
        .into_iter()
        .map(|(attr, origin)| {
            let key = model.attributes[attr].key.to_string();
            entry(&scope, key, attr, origin)
        })
        .collect();
    let mut node_out = RenderedNode {
        name: interpolate(&info.name, &scope).unwrap_or_else(|_| info.name.to_string()),
        kind: info.kind,
        line: context
            .snapshot
            .rope()
            .byte_to_line(model.sections[info.section].range.start)
            + 1,
        attributes,
        configuration: Vec::new(),
        cluster_init: Vec::new(),
        volumes: Vec::new(),
        network_interfaces: Vec::new(),
    };
    context.take_read();
    let mut children_seen = std::collections::HashSet::new();
    // A section inherited along two paths (defaults directly and through a base) counts once.
    for &child in info
        .effective_children
        .iter()
        .filter(|&&child| children_seen.insert(child))
    {
        let section = &model.sections[child];
        let origin = model.enclosing_node(Some(child)).unwrap_or(node);
        let lines = || {
            section.attributes.iter().map(|attr| {
                let key = model.attributes[attr].key.to_string();
                entry(&scope, key, attr, origin)
            })
        };
        match section.kind.as_str() {
            "configuration" => {
                for mut line in lines() {
                    line.key = section.catalog_key(&line.key).into_owned();
                    merge(&mut node_out.configuration, line);
                }
            }
            "volume" | "network-interface" => {
                let name = section
                    .name
                    .as_deref()
                    .unwrap_or_default()
                    .trim()
                    .to_owned();
                let list = if section.is("volume") {
                    &mut node_out.volumes
                } else {
                    &mut node_out.network_interfaces
                };
                let index = match list.iter().position(|(n, _)| n.eq_ignore_ascii_case(&name)) {
                    Some(index) => index,
                    None => {
                        list.push((name, Vec::new()));
                        list.len() - 1
                    }
                };
                for line in lines() {
                    merge(&mut list[index].1, line);
                }
            }
            "cluster-init" => node_out
                .cluster_init
                .push(cluster_init(&scope, child, origin)),
            _ => {}
        }
    }
    node_out
}

/// Adds `line`, replacing an earlier entry of the same key (any case) where it stood.
fn merge(entries: &mut Vec<Entry>, line: Entry) {
    match entries
        .iter_mut()
        .find(|entry| entry.key.eq_ignore_ascii_case(&line.key))
    {
        Some(entry) => *entry = line,
        None => entries.push(line),
    }
}

fn entry(scope: &NodeScope<'_, '_>, key: String, attr: AttrId, origin: NodeId) -> Entry {
    let context = scope.context;
    let value = scope.line(attr);
    Entry {
        key,
        value,
        line: context.line_of(attr),
        inherited_from: (origin != scope.node)
            .then(|| context.model.nodes[origin].name.to_string()),
        parameters: context.take_read(),
    }
}

/// A cluster-init spec: the header's short-hand with `$Param` filled in, or for the label form
/// (`Project`, `Spec`, `Version`, `Locker` lines) the short-hand those values make.
fn cluster_init(scope: &NodeScope<'_, '_>, section: SectionId, origin: NodeId) -> Entry {
    let context = scope.context;
    let model = context.model;
    let info = &model.sections[section];
    let name = info.name.as_deref().unwrap_or_default().trim();
    let line = context
        .snapshot
        .rope()
        .byte_to_line(info.header_range.start)
        + 1;
    let part = |key: &str| -> Result<Option<String>, EvalError> {
        match model.attribute_in(section, key) {
            Some(attr) => match scope.line(attr)? {
                Value::Undefined => Ok(None),
                value => value.to_text().map(Some),
            },
            None => Ok(None),
        }
    };
    let value = (|| {
        if name.contains(':') || model.attribute_in(section, "Spec").is_none() {
            return interpolate(name, scope).map(Value::String);
        }
        let (Some(project), Some(spec)) = (part("Project")?, part("Spec")?) else {
            return interpolate(name, scope).map(Value::String);
        };
        let mut text = match part("Locker")? {
            Some(locker) => format!("{locker}/{project}:{spec}"),
            None => format!("{project}:{spec}"),
        };
        if let Some(version) = part("Version")? {
            text.push(':');
            text.push_str(&version);
        }
        Ok(Value::String(text))
    })();
    Entry {
        key: name.to_owned(),
        value,
        line,
        inherited_from: (origin != scope.node).then(|| model.nodes[origin].name.to_string()),
        parameters: context.take_read(),
    }
}

#[cfg(test)]
mod tests;
