//! Cluster-init specs as references to a project's `specs/<spec>/` folder: the header short-hand
//! `[[[cluster-init [locker/]project:spec[:version]]]]` and the label form with `Project` and
//! `Spec` attributes (spec §3.5), plus the pure checks the server applies before touching disk.

use std::ops::Range;

use super::symbols::touches;
use crate::model::{Model, SectionId};

/// A cluster-init spec named in a template.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct SpecRef {
    /// The project (`slurm` in `cyclecloud/slurm:default:1.0`).
    pub project: String,
    /// The spec, a folder under the project's `specs/`.
    pub spec: String,
    /// The version, when given.
    pub version: Option<String>,
    /// Where the spec is named: the header name, or the `Spec` value in the label form.
    pub range: Range<usize>,
}

/// Every spec named in the document, in order. Parameterised names (`$Version` in the project
/// or spec, Jinja `{{…}}`) are left out: their folder is unknown until import.
pub fn spec_refs(model: &Model) -> Vec<SpecRef> {
    model
        .sections_of("cluster-init")
        .filter_map(|(id, _)| spec_of(model, id))
        .collect()
}

/// The spec whose name (header name or `Spec` value) is at `offset`.
pub fn spec_at(model: &Model, offset: usize) -> Option<SpecRef> {
    let index = model
        .sections
        .partition_point(|section| section.header_range.start <= offset)
        .checked_sub(1)
        .map(SectionId::new)?;
    let section = &model.sections[index];
    if !section.is("cluster-init") {
        return None;
    }
    let spec = spec_of(model, index)?;
    let on_name = section
        .name_range()
        .as_ref()
        .is_some_and(|range| touches(range, offset));
    (on_name || touches(&spec.range, offset)).then_some(spec)
}

/// The spec a `[[[cluster-init]]]` section names, by its short-hand or its attributes (the one
/// reading of spec names, shared with the rules).
pub fn spec_of(model: &Model, section: SectionId) -> Option<SpecRef> {
    let info = &model.sections[section];
    let literal = |key: &str| {
        let attr = &model.attributes[model.attribute_in(section, key)?];
        let value = attr.literal_value().filter(|value| plain(value))?;
        Some((value.to_owned(), attr.value_range()))
    };
    if let (Some(name), Some(range)) = (&info.name, &info.name_range()) {
        if name.contains(':') {
            // A short-hand without a version takes a `Version` line's (spec §3.5).
            let mut spec = parse_short_hand(name, range.clone())?;
            if spec.version.is_none() {
                spec.version = literal("Version").map(|(version, _)| version);
            }
            return Some(spec);
        }
    }
    let (project, _) = literal("Project")?;
    let (spec, range) = literal("Spec")?;
    Some(SpecRef {
        project,
        spec,
        version: literal("Version").map(|(version, _)| version),
        range,
    })
}

/// `[locker/]project:spec[:version]`.
fn parse_short_hand(name: &str, range: Range<usize>) -> Option<SpecRef> {
    let mut parts = name.splitn(3, ':');
    let project = parts.next()?.trim();
    let project = project.rsplit('/').next().unwrap_or(project).trim();
    let spec = parts.next()?.trim();
    let version = parts
        .next()
        .map(str::trim)
        .filter(|version| !version.is_empty());
    if project.is_empty() || spec.is_empty() || !plain(project) || !plain(spec) {
        return None;
    }
    Some(SpecRef {
        project: project.to_owned(),
        spec: spec.to_owned(),
        version: version.map(str::to_owned),
        range,
    })
}

/// No parameter or Jinja substitution: the text is the name itself.
fn plain(text: &str) -> bool {
    !text.contains(['$', '{', '}'])
}

/// Whether a spec name is one plain folder name (letters, digits, `_`, `-`, `.`; not `.` or
/// `..`), so joining it to `specs/` can never leave that folder. The server refuses others.
pub fn is_safe_spec_name(spec: &str) -> bool {
    !spec.is_empty()
        && spec != "."
        && spec != ".."
        && spec
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '_' | '-' | '.'))
}

/// The `name` in a `project.ini`'s `[project]` section, which cluster-init short-hands use.
pub fn project_name(project_ini: &str) -> Option<String> {
    let mut in_project = false;
    for line in project_ini.lines() {
        let line = line.trim();
        if line.starts_with('[') {
            in_project = line
                .trim_matches(['[', ']'])
                .trim()
                .eq_ignore_ascii_case("project");
            continue;
        }
        if !in_project {
            continue;
        }
        if let Some((key, value)) = line.split_once('=') {
            if key.trim().eq_ignore_ascii_case("name") {
                let value = value.trim();
                return (!value.is_empty()).then(|| value.to_owned());
            }
        }
    }
    None
}
