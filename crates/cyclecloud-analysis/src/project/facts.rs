//! What template checks need to know of the project a template belongs to.

use super::ini::ProjectIni;

/// A CycleCloud project as read from its `project.ini` and `specs/*/` folders, so template
/// checks can compare cluster-init references with it. The caller reads the disk.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProjectFacts {
    /// `[project] name`, which cluster-init references name the project by.
    pub name: String,
    /// `[project] version`, when written.
    pub version: Option<String>,
    /// Its specs: the `specs/*/` folders and the `[spec NAME]` sections, sorted by name.
    pub specs: Vec<SpecFacts>,
}

/// One spec of a project.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SpecFacts {
    /// The spec's name (its folder under `specs/`).
    pub name: String,
    /// The file names in its `cluster-init/scripts/` folder, sorted.
    pub scripts: Vec<String>,
}

impl ProjectFacts {
    /// The facts of a project whose `project.ini` is `ini` and whose `specs/` folder holds
    /// `spec_folders`; `None` without a `[project] name`, since references name projects by it.
    pub fn new(ini: &ProjectIni, spec_folders: Vec<SpecFacts>) -> Option<ProjectFacts> {
        let name = ini.project_value("name")?.value.clone();
        let version = ini
            .project_value("version")
            .map(|entry| entry.value.clone());
        let mut specs = spec_folders;
        for section in ini.sections.iter().filter(|section| section.kind == "spec") {
            let Some(spec) = &section.name else { continue };
            if !specs
                .iter()
                .any(|known| known.name.eq_ignore_ascii_case(spec))
            {
                specs.push(SpecFacts {
                    name: spec.clone(),
                    scripts: Vec::new(),
                });
            }
        }
        specs.sort_by(|a, b| a.name.cmp(&b.name));
        Some(ProjectFacts {
            name,
            version,
            specs,
        })
    }

    /// Whether a reference's project (`slurm` in `cyclecloud/slurm:…`) is this one.
    pub fn is_named(&self, project: &str) -> bool {
        self.name.eq_ignore_ascii_case(project)
    }

    /// The spec with this name (any case).
    pub fn spec(&self, name: &str) -> Option<&SpecFacts> {
        self.specs
            .iter()
            .find(|spec| spec.name.eq_ignore_ascii_case(name))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn specs_come_from_folders_and_spec_sections() {
        let ini = ProjectIni::parse("[project]\nname = p\nversion = 1.0.0\n[spec b]\n[spec A]\n");
        let folders = vec![SpecFacts {
            name: "a".into(),
            scripts: vec!["10.sh".into()],
        }];
        let facts = ProjectFacts::new(&ini, folders).unwrap();
        assert_eq!(facts.version.as_deref(), Some("1.0.0"));
        let names: Vec<&str> = facts.specs.iter().map(|spec| spec.name.as_str()).collect();
        assert_eq!(names, ["a", "b"]);
        assert_eq!(facts.spec("A").unwrap().scripts, ["10.sh"]);
        assert!(facts.is_named("P"));
        assert!(
            ProjectFacts::new(&ProjectIni::parse("[project]\nversion=1\n"), Vec::new()).is_none()
        );
    }
}
