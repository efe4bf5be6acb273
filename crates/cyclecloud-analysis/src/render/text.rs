//! The text form of a rendered cluster, for people: each value with the line that set it, the
//! node it was inherited from and the parameters it read (with where their values came from).

use std::fmt::Write as _;

use super::{Entry, ParamSource, Rendered};
use crate::eval::Evaluated;
use crate::model::NodeKind;

/// The rendered cluster as text.
pub fn text(rendered: &Rendered) -> String {
    let mut out = String::new();
    let _ = writeln!(out, "cluster {}", rendered.cluster);
    for note in &rendered.notes {
        let _ = writeln!(out, "note: {note}");
    }
    if !rendered.parameters.is_empty() {
        out.push_str("\nparameters:\n");
    }
    for parameter in &rendered.parameters {
        let _ = writeln!(
            out,
            "  {} = {}    # {}",
            parameter.name,
            shown(&parameter.value),
            source_text(&parameter.source)
        );
    }
    for node in &rendered.nodes {
        let kind = match node.kind {
            NodeKind::Node => "node",
            NodeKind::NodeArray => "nodearray",
        };
        let _ = writeln!(out, "\n[[{kind} {}]]    # line {}", node.name, node.line);
        write_entries(&mut out, "  ", &node.attributes, rendered);
        if !node.configuration.is_empty() {
            out.push_str("  configuration:\n");
            write_entries(&mut out, "    ", &node.configuration, rendered);
        }
        if !node.cluster_init.is_empty() {
            out.push_str("  cluster-init:\n");
            for spec in &node.cluster_init {
                let _ = writeln!(
                    out,
                    "    {}    # {}",
                    shown(&spec.value),
                    origin(spec, rendered)
                );
            }
        }
        for (title, sections) in [
            ("volume", &node.volumes),
            ("network-interface", &node.network_interfaces),
        ] {
            for (name, entries) in sections {
                let _ = writeln!(out, "  {title} {name}:");
                write_entries(&mut out, "    ", entries, rendered);
            }
        }
    }
    out
}

fn write_entries(out: &mut String, indent: &str, entries: &[Entry], rendered: &Rendered) {
    for entry in entries {
        let _ = writeln!(
            out,
            "{indent}{} = {}    # {}",
            entry.key,
            shown(&entry.value),
            origin(entry, rendered)
        );
    }
}

fn shown(value: &Evaluated) -> String {
    match value {
        Ok(value) => value.to_string(),
        Err(error) => format!("<not evaluated: {}>", error),
    }
}

fn origin(entry: &Entry, rendered: &Rendered) -> String {
    let mut text = format!("line {}", entry.line);
    if let Some(base) = &entry.inherited_from {
        let _ = write!(text, " from [[node {base}]]");
    }
    for name in &entry.parameters {
        let source = rendered
            .parameters
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
            .map_or_else(
                || rendered.cluster_name_source.clone(),
                |p| p.source.clone(),
            );
        let _ = write!(text, ", ${name} {}", source_text(&source));
    }
    text
}

fn source_text(source: &ParamSource) -> String {
    match source {
        ParamSource::Default(line) => format!("(default, line {line})"),
        ParamSource::Override(from) => format!("(from {from})"),
        ParamSource::Unset => "(no value)".to_owned(),
        ParamSource::ClusterName => "(the cluster's name)".to_owned(),
    }
}
