//! Completion inside `[[[cluster-init [locker/]PROJECT:` headers of a template in a CycleCloud
//! project: after `PROJECT:` the project's spec names, after `PROJECT:SPEC:` its version from
//! `project.ini`, when PROJECT is the template's own project.

use cyclecloud_syntax::Snapshot;

use super::{CompletionItem, CompletionKind, CursorLine};
use crate::project::ProjectFacts;

/// The spec names or the version to offer at `offset`; empty anywhere else.
pub fn cluster_init_completions(
    snapshot: &Snapshot,
    offset: usize,
    project: &ProjectFacts,
) -> Vec<CompletionItem> {
    let line = CursorLine::at(snapshot, offset);
    let before = line.before();
    let Some(name) = header_name(before) else {
        return Vec::new();
    };
    let parts: Vec<&str> = name.split(':').collect();
    let (own, typed) = match parts.as_slice() {
        [project_part, typed] | [project_part, _, typed] => (project_part, *typed),
        _ => return Vec::new(),
    };
    let own_name = own.rsplit('/').next().unwrap_or(own).trim();
    if !project.is_named(own_name) {
        return Vec::new();
    }
    // The word being typed, and its rest after the cursor up to `:` or `]`.
    let rest = line
        .after()
        .find([':', ']', ' ', '\t'])
        .unwrap_or(line.after().len());
    let start = line.start + before.len() - typed.len();
    let replace = start..line.start + before.len() + rest;
    if parts.len() == 2 {
        project
            .specs
            .iter()
            .map(|spec| {
                CompletionItem::plain(spec.name.clone(), CompletionKind::Value, replace.clone())
                    .detail(format!("spec of project {}", project.name))
            })
            .collect()
    } else {
        project
            .version
            .iter()
            .map(|version| {
                CompletionItem::plain(version.clone(), CompletionKind::Value, replace.clone())
                    .detail(format!(
                        "version of project {} in project.ini",
                        project.name
                    ))
            })
            .collect()
    }
}

/// The header name typed so far on a `[[[cluster-init NAME` line (any case, any brackets).
fn header_name(before: &str) -> Option<&str> {
    let rest = before.trim_start().trim_start_matches('[').trim_start();
    let kind = rest.get(..12)?;
    if !kind.eq_ignore_ascii_case("cluster-init") {
        return None;
    }
    let name = &rest[12..];
    (name.starts_with([' ', '\t']) && !name.contains(']')).then(|| name.trim_start())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::project::{ProjectIni, SpecFacts};

    fn project() -> ProjectFacts {
        let ini = ProjectIni::parse("[project]\nname = myproj\nversion = 1.1.0\n");
        let specs = ["default", "scheduler"]
            .map(|name| SpecFacts {
                name: name.into(),
                scripts: Vec::new(),
            })
            .to_vec();
        ProjectFacts::new(&ini, specs).unwrap()
    }

    /// (labels, replaced text) with the cursor at `|`.
    fn at(marked: &str) -> (Vec<String>, String) {
        let offset = marked.find('|').unwrap();
        let text = marked.replace('|', "");
        let snapshot = Snapshot::parse(&text);
        let items = cluster_init_completions(&snapshot, offset, &project());
        let replaced = items
            .first()
            .map(|item| text[item.replace_range.clone()].to_owned())
            .unwrap_or_default();
        (items.into_iter().map(|item| item.label).collect(), replaced)
    }

    #[test]
    fn specs_after_the_project_and_the_version_after_the_spec() {
        let (labels, replaced) = at("[cluster c]\n[[node n]]\n[[[cluster-init myproj:sch|]]]\n");
        assert_eq!(labels, ["default", "scheduler"]);
        assert_eq!(replaced, "sch");
        let (labels, replaced) = at("[[[cluster-init cyclecloud/MyProj:default:1.|0.0]]]\n");
        assert_eq!(labels, ["1.1.0"]);
        assert_eq!(replaced, "1.0.0");
        let (labels, _) = at("    [[[cluster-init myproj:|");
        assert_eq!(labels, ["default", "scheduler"]);
    }

    #[test]
    fn other_projects_other_headers_and_odd_lines_get_nothing() {
        for marked in [
            "[[[cluster-init slurm:|]]]",
            "[[[cluster-init myproj|]]]",
            "[[[cluster-init myproj:a:b:|]]]",
            "[[[cluster-initx myproj:|]]]",
            "[[node myproj:|]]",
            "[[[cluster-init myproj:default]]] |",
            "Spec = myproj:|",
            "|",
            "[[[cluster-init é:|",
        ] {
            assert!(at(marked).0.is_empty(), "{marked}");
        }
    }
}
