//! CC0604: a custom configuration key that no cluster-init script of the workspace reads.

use std::collections::HashSet;

use crate::model::AttrId;
use crate::navigation::spec_refs;
use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0604",
    name: "unread-configuration-key",
    severity: Severity::Hint,
    spec: "§3.7",
    summary: "Custom configuration key that no cluster-init script of the workspace reads",
    doc: "\
## What it finds
A key in a `[[[configuration]]]` section (joined with the section's prefix) that is the
project's own, not one CycleCloud or a scheduler project documents, while no cluster-init
script of the workspace (`specs/*/cluster-init/scripts/*`) reads it with `jetpack config KEY`
or Jetpack's Python `jetpack.config.get`. A script reading a key above it (`myapp` for
`myapp.port`), below it, or a key built at run time from its start (`jetpack config
myapp.$NAME`) counts as a read, and one reading a key its text does not tell (`jetpack config
$KEY`) may read any. The hint needs at least one script that reads some key: without scripts
in the workspace (the keys may be read by a cookbook) it stays silent, as it does for keys
whose first segment is a namespace CycleCloud, its built-in cookbooks or an official Azure
project reads (`cyclecloud.`, `slurm.`, `cshared.`, `cuser.`, `beegfs.`, …) or the name of
another project the template's cluster-init sections use.

The editor gathers the reads from the workspace folders; `cyclecloud-lsp check` from the
projects of the templates it checks and the projects under the folders it is given.

## Why it matters
Jetpack hands every key to the node, but only code that looks a key up makes it do anything:
a key left behind after a script was renamed, or a spelling the script does not use
(`myapp.prot`), is silently ignored and the script falls back to its default.

## Example
```
# specs/default/cluster-init/scripts/10-app.sh: PORT=$(jetpack config myapp.port 8080)
[cluster demo]
[[node server]]
    [[[configuration]]]
    myapp.port = 9090
    myapp.prot = 9091
```

## Fix
Spell the key as the script reads it, read it in a script, or remove the line.
",
    check,
    has_fix: false,
    scope: Scope::Document,
};

fn check(context: &mut Context<'_>) {
    let Some(reads) = context.settings.script_reads.clone() else {
        return;
    };
    if reads.is_empty() {
        return;
    }
    let model = context.model;
    let namespaces = read_elsewhere(context);
    for attr in AttrId::all(model.attributes.len()) {
        let line = &model.attributes[attr];
        if line.catalog.is_some()
            || model.attribute_section_kind(attr) != "configuration"
            || !is_plain_key(&line.key)
        {
            continue;
        }
        let key = model.catalog_key(attr);
        let first = key
            .split('.')
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        if namespaces.contains(&first) || reads.may_read(&key) {
            continue;
        }
        let message = format!(
            "No cluster-init script in the workspace reads `{key}` (`jetpack config {key}`); unless a cookbook does, the key has no effect"
        );
        context.report(line.key_range(), message);
    }
}

/// First segments (lower case) of keys read by code outside the workspace: those CycleCloud
/// and the scheduler projects document, those CycleCloud's cookbooks and the official projects
/// read (`configuration-namespaces.toml`), and the names of the projects whose specs the
/// template runs, other than the workspace's own project.
fn read_elsewhere(context: &Context<'_>) -> HashSet<String> {
    let mut namespaces: HashSet<String> = context
        .catalog
        .attributes_in("configuration")
        .map(|entry| {
            let name = entry.name.to_ascii_lowercase();
            name.split('.').next().unwrap_or_default().to_owned()
        })
        .collect();
    namespaces.extend(
        cyclecloud_catalog::configuration_namespaces()
            .iter()
            .map(|namespace| namespace.name.clone()),
    );
    let own = context.settings.project.as_deref();
    for spec in spec_refs(context.model) {
        if !own.is_some_and(|project| project.is_named(&spec.project)) {
            namespaces.insert(spec.project.to_ascii_lowercase());
        }
    }
    namespaces
}

/// Whether a key is written out (letters, digits, `_`, `-`, dots), not built by a template
/// engine or a parameter (`{{name}}.port`, `$Key`).
fn is_plain_key(key: &str) -> bool {
    key.starts_with(|c: char| c.is_ascii_alphabetic())
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || "_.-".contains(c))
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use crate::navigation::ScriptReads;
    use crate::rules::test_prelude::*;

    fn reading(scripts: &[&str]) -> Settings {
        Settings {
            script_reads: Some(Arc::new(ScriptReads::from_scripts(scripts.iter().copied()))),
            ..Settings::default()
        }
    }

    #[test]
    fn hints_custom_keys_no_script_reads() {
        super::RULE.check_fixture_with(
            &reading(&[
                "PORT=$(jetpack config myapp.port 8080)\nROOT=$(jetpack config tools)\n",
                "for d in a b; do jetpack config \"site.mounts.$d\"; done\n",
            ]),
            expect![[r#"
                [cluster c]
                [[node server]]
                    [[[configuration]]]
                    myapp.port = 9090
                    MyApp.Prot = 9091
                   #^^^^^^^^^^ hint[CC0604]: No cluster-init script in the workspace reads `MyApp.Prot` (`jetpack config MyApp.Prot`); unless a cookbook does, the key has no effect
                    tools.version = 2
                    site.mounts.data = /data
                    leftover = true
                   #^^^^^^^^ hint[CC0604]: No cluster-init script in the workspace reads `leftover` (`jetpack config leftover`); unless a cookbook does, the key has no effect
                    [[[configuration myapp]]]
                    host = example
                   #^^^^ hint[CC0604]: No cluster-init script in the workspace reads `myapp.host` (`jetpack config myapp.host`); unless a cookbook does, the key has no effect
            "#]],
        );
    }

    #[test]
    fn leaves_documented_namespaces_and_other_projects_keys_alone() {
        super::RULE.check_fixture_with(
            &reading(&["jetpack config myapp.port\n"]),
            expect![[r#"
                [cluster c]
                [[node server]]
                    [[[configuration]]]
                    slurm.my_site_setting = 1
                    cyclecloud.maintenance_converge.enabled = false
                    pbspro.custom = 1
                    cshared.server.legacy_links_disabled = true
                    cuser.base_home_dir = /home
                    mytool.client.manager = 10.0.0.4
                    {{app}}.port = 1
                    run_list = role[x]
                    [[[cluster-init cyclecloud/mytool:client:1.0.0]]]
            "#]],
        );
    }

    #[test]
    fn silent_without_scripts_or_reads_or_when_a_script_reads_any_key() {
        let template = "[cluster c]\n[[node server]]\n[[[configuration]]]\nmyapp.port = 9090\n";
        assert!(diagnostics("CC0604", template).is_empty());
        for scripts in [
            &["#!/bin/bash\necho hi\n"][..],
            &["jetpack config \"$KEY\"\n"],
            &["jetpack config myapp.$NAME\n"],
        ] {
            let found = diagnostics_with(&reading(scripts), "CC0604", template);
            assert!(found.is_empty(), "{scripts:?}: {found:?}");
        }
        let found = diagnostics_with(
            &reading(&["jetpack config other.key\n"]),
            "CC0604",
            template,
        );
        assert_eq!(found.len(), 1);
    }
}
