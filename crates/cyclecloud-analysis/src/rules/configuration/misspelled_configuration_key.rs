//! CC0601: a configuration key that is a near miss of a documented one (`slurm.hcp`).

use crate::model::AttrId;
use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0601",
    name: "misspelled-configuration-key",
    severity: Severity::Warning,
    spec: "§3.7",
    summary: "Configuration key one typo away from a documented key of the same project",
    doc: "\
## What it finds
A key in a `[[[configuration]]]` section (joined with the section's prefix) that no project
documents but that is a near miss of a documented key with the same first segment: `slurm.hcp`
for `slurm.hpc`, `slurm.defualt_partition`, `cyclecloud.mounts.data.mountpiont`. The keys are
those of the CycleCloud configuration reference and the scheduler projects'
(Azure/cyclecloud-slurm, -pbspro, -gridengine, -lsf, -symphony) READMEs and templates. Unknown
keys are legal, since cluster-init scripts read keys of their own, so a key is only reported
when both the whole key and its last segment are close to the documented one.

## Why it matters
Jetpack hands every key to the node as written, and the project's scripts look up the spelling
they know: a misspelt key is silently ignored and the default applies (a HPC partition without
its placement group, a partition that is not the default).

## Example
```
[cluster demo]
[[nodearray hpc]]
    [[[configuration]]]
    slurm.hcp = true
    slurm.defualt_partition = true
```

## Fix
Use the documented spelling; the quick fix replaces the key.
",
    check,
    has_fix: true,
    scope: Scope::Section,
};

/// Most edits between the last segments: `is_secondary_scheduler` is not a typo of
/// `is_primary_scheduler`, however alike the whole keys look, while `hcp` is one of `hpc`.
const LEAF_EDITS: usize = 2;

fn check(context: &mut Context<'_>) {
    for attr in AttrId::all(context.model.attributes.len()) {
        let model = context.model;
        let line = &model.attributes[attr];
        if line.catalog.is_some()
            || model.attribute_section_kind(attr) != "configuration"
            || !line.key.contains(|c: char| c.is_ascii_alphabetic())
            || line.key.starts_with('{')
        {
            continue;
        }
        let full = model.catalog_key(attr);
        let Some(suggestion) = context
            .catalog
            .suggest_attribute_key("configuration", &full)
        else {
            continue;
        };
        if !near_miss(&full, &suggestion) {
            continue;
        }
        let owner = context
            .catalog
            .attribute("configuration", &suggestion)
            .and_then(|entry| entry.project.as_deref())
            .map_or_else(
                || "CycleCloud".to_owned(),
                |project| format!("the {project} project"),
            );
        let message = format!(
            "`{full}` is not a key {owner} reads; did you mean `{suggestion}`? A misspelt key is ignored and its default applies"
        );
        // Inside `[[[configuration prefix]]]` the line holds the key after the prefix.
        let written = match model.configuration_prefix(line.section) {
            Some(prefix) => suggestion
                .get(..prefix.len() + 1)
                .filter(|head| head.eq_ignore_ascii_case(&format!("{prefix}.")))
                .map(|_| suggestion[prefix.len() + 1..].to_owned()),
            None => Some(suggestion.clone()),
        };
        let fix = written.map(|written| Fix::replace(line.key_range(), written));
        context.report_with_fix(line.key_range(), message, fix);
    }
}

/// Whether `suggestion` differs from `key` by a typo: same first segment, same number of
/// segments, and a last segment at most [`LEAF_EDITS`] edits away.
fn near_miss(key: &str, suggestion: &str) -> bool {
    let key_segments: Vec<String> = key.split('.').map(str::to_ascii_lowercase).collect();
    let suggested: Vec<String> = suggestion.split('.').map(str::to_ascii_lowercase).collect();
    if key_segments.len() != suggested.len()
        || key_segments.first() != suggested.first()
        || key_segments == suggested
    {
        return false;
    }
    let (Some(leaf), Some(suggested_leaf)) = (key_segments.last(), suggested.last()) else {
        return false;
    };
    strsim::damerau_levenshtein(leaf, suggested_leaf) <= LEAF_EDITS
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_near_misses_of_documented_keys() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
            [[nodearray hpc]]
                [[[configuration]]]
                slurm.hcp = true
               #^^^^^^^^^ warning[CC0601]: `slurm.hcp` is not a key the Azure/cyclecloud-slurm project reads; did you mean `slurm.hpc`? A misspelt key is ignored and its default applies
                slurm.defualt_partition = true
               #^^^^^^^^^^^^^^^^^^^^^^^ warning[CC0601]: `slurm.defualt_partition` is not a key the Azure/cyclecloud-slurm project reads; did you mean `slurm.default_partition`? A misspelt key is ignored and its default applies
                [[[configuration cyclecloud.mounts.data]]]
                mountpiont = /data
               #^^^^^^^^^^ warning[CC0601]: `cyclecloud.mounts.data.mountpiont` is not a key CycleCloud reads; did you mean `cyclecloud.mounts.data.mountpoint`? A misspelt key is ignored and its default applies
        "#]]);
    }

    #[test]
    fn leaves_custom_keys_and_other_segments_alone() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
            [[nodearray hpc]]
                [[[configuration]]]
                slurm.hpc = true
                slurm.is_secondary_scheduler = false
                slurm.my_site_setting = 3
                slurmx.hpc = true
                myapp.version = 1
                slurm.accounting.enabled.x = 1
                [[[configuration slurm]]]
                dampen_memory = 10
        "#]]);
    }

    #[test]
    fn fix_keeps_the_section_prefix() {
        let actual = super::RULE.fix(
            "[cluster c]\n[[nodearray a]]\n[[[configuration slurm]]]\ndefault_partiton = true\n",
            0,
        );
        expect![[r#"
            Replace with `default_partition`
            [cluster c]
            [[nodearray a]]
            [[[configuration slurm]]]
            default_partition = true
        "#]]
        .assert_eq(&actual);
    }
}
