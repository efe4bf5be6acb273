//! Rules that compare a template with the CycleCloud project it belongs to
//! ([`Settings::project`](crate::Settings::project)); silent outside a project.

use std::ops::Range;

use crate::model::{Model, SectionId};
use crate::navigation::{spec_of, SpecRef};
use crate::project::ProjectFacts;

rule_group! {
    spec_missing,
    version_differs,
}

/// A cluster-init reference to the template's own project, with where its parts are written.
struct OwnSpec {
    spec: SpecRef,
    /// The spec name alone (inside the short-hand, or the `Spec` value).
    spec_range: Range<usize>,
    /// The version alone (inside the short-hand, or the `Version` value), when written.
    version_range: Option<Range<usize>>,
}

/// The cluster-init sections of `model` that name `project` (by its `[project] name`, with or
/// without a locker), with literal parts.
fn own_specs(model: &Model, project: &ProjectFacts) -> Vec<OwnSpec> {
    model
        .sections_of("cluster-init")
        .filter_map(|(id, _)| {
            let spec = spec_of(model, id).filter(|spec| project.is_named(&spec.project))?;
            let (spec_range, version_range) = part_ranges(model, id, &spec);
            Some(OwnSpec {
                spec,
                spec_range,
                version_range,
            })
        })
        .collect()
}

/// Where the spec name and the version of a reference are written.
fn part_ranges(
    model: &Model,
    id: SectionId,
    spec: &SpecRef,
) -> (Range<usize>, Option<Range<usize>>) {
    let section = &model.sections[id];
    let version_attribute = || {
        model
            .attribute_in(id, "Version")
            .map(|attr| model.attributes[attr].value_range())
    };
    let short_hand = section
        .name
        .as_deref()
        .zip(section.name_range())
        .filter(|(name, _)| name.contains(':'));
    let Some((name, range)) = short_hand else {
        return (spec.range.clone(), version_attribute());
    };
    // `[locker/]project:spec[:version]`, each part trimmed.
    let part = |from: usize, to: usize| {
        let text = &name[from..to];
        let lead = text.len() - text.trim_start().len();
        range.start + from + lead..range.start + from + lead + text.trim().len()
    };
    let first = name.find(':').unwrap_or(name.len());
    let second = name[first + 1..].find(':').map(|at| first + 1 + at);
    let spec_range = part(first + 1, second.unwrap_or(name.len()));
    let version_range = match second {
        Some(second) => Some(part(second + 1, name.len())).filter(|range| !range.is_empty()),
        None => version_attribute(),
    };
    (spec_range, version_range)
}

#[cfg(test)]
pub(crate) mod tests {
    use std::sync::Arc;

    use crate::project::{ProjectFacts, ProjectIni, SpecFacts};
    use crate::Settings;

    /// Settings of a template inside project `myproj` 1.1.0 with specs `default`, `execute`
    /// (a `[spec]` section only) and `scheduler`.
    pub(crate) fn in_project() -> Settings {
        let ini = ProjectIni::parse("[project]\nname = myproj\nversion = 1.1.0\n[spec execute]\n");
        let folders = ["default", "scheduler"]
            .map(|name| SpecFacts {
                name: name.into(),
                scripts: Vec::new(),
            })
            .to_vec();
        Settings {
            project: ProjectFacts::new(&ini, folders).map(Arc::new),
            ..Settings::default()
        }
    }
}
