//! Checks of `project.ini`: CC0801 (no name or version), CC0802 (unknown `[project]` key),
//! CC0803 (a version not like `1.2.3`).

use super::ini::ProjectIni;
use super::rule::{settle, ProjectFile, ProjectRule};
use crate::diagnostic::{Diagnostic, Fix, Severity};
use crate::settings::Settings;

/// The keys of `[project]` that CycleCloud's documentation and the projects it publishes use,
/// each with a line of what it is for (shown on hover in `project.ini`).
/// Sources: learn.microsoft.com/azure/cyclecloud/how-to/projects (name, label, version, type;
/// `cyclecloud project init` writes them), learn.microsoft.com/azure/cyclecloud/
/// cluster-references/chef-reference (`run_list` at project level), and the `project.ini` of
/// the Azure/cyclecloud-* repositories (`autoupgrade` in cyclecloud-pbspro, -gridengine and
/// -htcondor; `description`). Other sections are not checked, nor `type`'s value (`scheduler`,
/// `application` and `Infrastructure` are all in use): they are not documented well enough to
/// call one wrong.
pub(crate) const PROJECT_KEYS: &[(&str, &str)] = &[
    (
        "name",
        "The project's name: cluster-init references name the project by it \
         (`[[[cluster-init NAME:SPEC:VERSION]]]`), and `cyclecloud project upload` stores the \
         project under it.",
    ),
    (
        "label",
        "A human-readable name for the project, written by `cyclecloud project init`.",
    ),
    (
        "version",
        "The project's release, numbers separated by dots (`1.2.3`): cluster-init references \
         pick a release by it, and the upload stores the project under it.",
    ),
    (
        "type",
        "What kind of project this is; `scheduler`, `application` and `Infrastructure` are in \
         use, and no value is checked.",
    ),
    ("description", "A sentence saying what the project is for."),
    (
        "run_list",
        "Chef roles and recipes for the nodes that use the project's specs (Chef-based \
         projects; see CycleCloud's Chef reference).",
    ),
    (
        "autoupgrade",
        "Written by Azure's scheduler projects (cyclecloud-pbspro, -gridengine, -htcondor); \
         CycleCloud does not document what it does.",
    ),
];

/// The known `[project]` keys' names.
fn project_key_names() -> Vec<&'static str> {
    PROJECT_KEYS.iter().map(|(key, _)| *key).collect()
}

/// CC0801.
pub(crate) static MISSING_FIELD: ProjectRule = ProjectRule {
    code: "CC0801",
    name: "project-ini-missing-field",
    severity: Severity::Warning,
    summary: "`project.ini` has no `[project]` name or version",
    file: ProjectFile::ProjectIni,
    doc: "\
## What it finds
A `project.ini` without a `[project]` section, or whose `[project]` section has no `name` or
no `version` (or leaves one empty).

## Why it matters
Cluster-init references name a project by its `name` and pick a release by its `version`
(`[[[cluster-init myproj:default:1.0.0]]]`); `cyclecloud project upload` stores the project
under both. Without them the upload fails or nodes look for the project at a path where it is
not (\"No project at specified path\").

## Example
```
[project]
name = myproj
```

## Fix
Write both: `name = myproj` and `version = 1.0.0`.
",
};

/// CC0802.
pub(crate) static UNKNOWN_KEY: ProjectRule = ProjectRule {
    code: "CC0802",
    name: "project-ini-unknown-key",
    severity: Severity::Warning,
    summary: "Unknown key in `project.ini`'s `[project]` section",
    file: ProjectFile::ProjectIni,
    doc: "\
## What it finds
A key in the `[project]` section of `project.ini` other than `name`, `label`, `version`,
`type`, `description`, `run_list` and `autoupgrade`, with the closest known key when one is
near.

## Why it matters
CycleCloud ignores keys it does not know, so a misspelt `verison = 1.0.1` leaves the project
without the version the author meant to set.

## Example
```
[project]
name = myproj
verison = 1.0.1
```

## Fix
Spell the key as CycleCloud expects (`version`), or remove it.
",
};

/// CC0803.
pub(crate) static BAD_VERSION: ProjectRule = ProjectRule {
    code: "CC0803",
    name: "project-ini-bad-version",
    severity: Severity::Warning,
    summary: "`project.ini` version is not like `1.2.3`",
    file: ProjectFile::ProjectIni,
    doc: "\
## What it finds
A `[project] version` that is not numbers separated by dots (`1.2.3`), optionally followed
by a `-` or `+` suffix (`1.2.3-beta`).

## Why it matters
The version becomes part of every cluster-init reference to the project and of its storage
path; CycleCloud compares versions as numbers, so `latest` or `v1.0` cannot be ordered or
matched the way the author expects.

## Example
```
[project]
name = myproj
version = v1.0
```

## Fix
Write the version as numbers: `version = 1.0.0`.
",
};

/// The findings of the project rules on a `project.ini`'s text.
pub fn check_project_ini(text: &str, settings: &Settings) -> Vec<Diagnostic> {
    let ini = ProjectIni::parse(text);
    let mut found = Vec::new();
    let Some(project) = ini.section("project") else {
        found.push(MISSING_FIELD.diagnostic(
            0..first_line_end(text),
            "`project.ini` has no `[project]` section with the project's name and version",
        ));
        return settle(settings, found);
    };
    for key in ["name", "version"] {
        if ini.project_value(key).is_none() {
            found.push(MISSING_FIELD.diagnostic(
                project.header_range.clone(),
                format!("`[project]` has no `{key}`"),
            ));
        }
    }
    let known_keys = project_key_names();
    for entry in &project.entries {
        let lower = entry.key.to_ascii_lowercase();
        if known_keys.contains(&lower.as_str()) {
            continue;
        }
        let mut diagnostic = UNKNOWN_KEY.diagnostic(
            entry.key_range.clone(),
            format!("`{}` is not a `[project]` key CycleCloud reads", entry.key),
        );
        if let Some(known) = closest(&lower, &known_keys) {
            diagnostic
                .message
                .push_str(&format!("; did you mean `{known}`?"));
            diagnostic
                .fixes
                .push(Fix::replace(entry.key_range.clone(), known));
        }
        found.push(diagnostic);
    }
    if let Some(version) = ini.project_value("version") {
        if !is_release_version(&version.value) {
            found.push(BAD_VERSION.diagnostic(
                version.value_range.clone(),
                format!(
                    "Version `{}` is not numbers separated by dots (like `1.2.3`)",
                    version.value
                ),
            ));
        }
    }
    settle(settings, found)
}

/// Whether `text` is like `1`, `1.2.3`, `1.2.3-beta` or `1.2.3+build.5`.
pub(crate) fn is_release_version(text: &str) -> bool {
    let (numbers, suffix) = match text.find(['-', '+']) {
        Some(at) => (&text[..at], Some(&text[at + 1..])),
        None => (text, None),
    };
    let numbers_ok = numbers
        .split('.')
        .all(|part| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit()));
    let suffix_ok = suffix.is_none_or(|suffix| {
        !suffix.is_empty()
            && suffix
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '-' | '+'))
    });
    numbers_ok && suffix_ok
}

/// The known word nearest to `lower`, when near enough for a did-you-mean.
pub(crate) fn closest<'a>(lower: &str, known: &[&'a str]) -> Option<&'a str> {
    known
        .iter()
        .filter_map(|word| {
            cyclecloud_catalog::suggestion_score(lower, &word.to_ascii_lowercase())
                .map(|score| (score, *word))
        })
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, word)| word)
}

fn first_line_end(text: &str) -> usize {
    text.find(['\r', '\n']).unwrap_or(text.len())
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::*;
    use crate::project::testing::annotate_file;

    fn check(text: &str) -> String {
        annotate_file(text, &check_project_ini(text, &Settings::default()))
    }

    #[test]
    fn a_well_formed_project_ini_is_quiet() {
        let text = "[project]\nname = slurm\nlabel = Slurm\nversion = 3.0.5\ntype = scheduler\nautoupgrade = true\n\n[blobs]\nFiles = a.tgz\n\n[spec scheduler]\nrun_list = role[x]\n\n[config slurm.version]\nRequired = True\n";
        assert_eq!(check(text), text);
    }

    #[test]
    fn missing_name_unknown_key_and_bad_version() {
        expect![[r#"
            [project]
            ^^^^^^^^^ warning[CC0801]: `[project]` has no `name`
            verison = 1.0
            ^^^^^^^ warning[CC0802]: `verison` is not a `[project]` key CycleCloud reads; did you mean `version`?
            colour = blue
            ^^^^^^ warning[CC0802]: `colour` is not a `[project]` key CycleCloud reads
            version = v1.0
                      ^^^^ warning[CC0803]: Version `v1.0` is not numbers separated by dots (like `1.2.3`)
        "#]]
        .assert_eq(&check(
            "[project]\nverison = 1.0\ncolour = blue\nversion = v1.0\n",
        ));
    }

    #[test]
    fn no_project_section_and_an_empty_version() {
        expect![[r#"
            [spec a]
            ^^^^^^^^ warning[CC0801]: `project.ini` has no `[project]` section with the project's name and version
        "#]]
        .assert_eq(&check("[spec a]\n"));
        expect![[r#"
            [project]
            ^^^^^^^^^ warning[CC0801]: `[project]` has no `version`
            name = p
            version =
        "#]]
        .assert_eq(&check("[project]\nname = p\nversion =\n"));
    }

    #[test]
    fn versions_and_settings() {
        for good in ["1", "1.2.3", "10.0.1-beta", "1.0.0+build.5"] {
            assert!(is_release_version(good), "{good}");
        }
        for bad in ["", "v1", "1.", "1..2", "latest", "1.0-", "1.x"] {
            assert!(!is_release_version(bad), "{bad}");
        }
        let settings =
            Settings::from_toml("[rules]\nCC0801 = \"off\"\nCC0803 = \"error\"\n").unwrap();
        let found = check_project_ini("[project]\nversion = x\n", &settings);
        assert_eq!(found.len(), 1);
        assert_eq!(
            (found[0].code, found[0].severity),
            ("CC0803", Severity::Error)
        );
    }
}
