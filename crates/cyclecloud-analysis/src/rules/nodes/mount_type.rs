//! CC0412: `cyclecloud.mounts`/`cyclecloud.exports` entries with a missing or unknown `type`,
//! and Azure Managed Lustre mounts whose `export_path` does not start with `tcp:/lustrefs`.

use std::cell::RefCell;
use std::collections::{BTreeMap, HashMap};

use super::util::{self, Anchor};
use crate::incremental::per_node::Payload;
use crate::model::{AttrId, Model, NodeId, SectionId};
use crate::rules::prelude::*;
use crate::rules::starts_with_ignore_case;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0412",
    name: "mount-type",
    severity: Severity::Warning,
    spec: "R46",
    summary: "Mount or export with a missing or unknown type, or a Lustre export_path without tcp:/lustrefs",
    doc: "\
## What it finds
In `[[[configuration]]]` sections (keys joined with the section's prefix, inherited sections
included):
* a `cyclecloud.mounts.<name>.type` or `cyclecloud.exports.<name>.type` whose literal value is not
  one the catalog knows (`nfs`, `lustre`, `blobfuse2` for mounts; `nfs` for exports);
* a network mount — one that sets `mountpoint` and a file-server key such as `address` or
  `export_path` — without a `type`, on a node that ends up with it (local disk mounts, fed by
  volumes with `Mount = <name>`, rightly have no type);
* an Azure Managed Lustre mount (`type = lustre`) whose `export_path` does not start with
  `tcp:/lustrefs`.

Only what a started node ends up with is judged, and entries with `disabled = true` are skipped.

## Why it matters
Jetpack picks how to mount from `type`: an unknown or missing type means the shared file system
is not mounted (or is taken for a local disk), and the node's jobs fail on a missing directory.
Azure Managed Lustre only exports paths below `tcp:/lustrefs`.

## Example
```
[cluster demo]
    [[node defaults]]
        [[[configuration cyclecloud.mounts.scratch]]]
        type = lustre
        address = 10.0.0.5
        mountpoint = /scratch
        export_path = /lustrefs
    [[node scheduler]]
```

## Fix
Set `type = nfs` (or `lustre`, `blobfuse2`) on network mounts, `type = nfs` on exports, and give
Lustre mounts an `export_path` such as `tcp:/lustrefs/`.
",
    check,
    has_fix: false,
    scope: Scope::Document,
};

/// Where Azure Managed Lustre file systems export their data (documented for AMLFS mounts).
const LUSTRE_EXPORT_PREFIX: &str = "tcp:/lustrefs";
/// Configuration namespaces whose `<name>.type` this rule checks.
const MOUNTS: &str = "cyclecloud.mounts.";
const EXPORTS: &str = "cyclecloud.exports.";

fn check(context: &mut Context<'_>) {
    let model = context.model;
    // Read when a node is judged (not when every judgement is kept from the last version).
    // Filled for the sections of the nodes judged: a keystroke judges one node, and reads only
    // its sections (a fresh analysis shares `[[node defaults]]` sections across nodes).
    let lines = RefCell::new(MountLines::default());
    let judged = context.judge_nodes(util::concrete_only(model, |_, node| {
        let mut known = lines.borrow_mut();
        for &section in &node.effective_children {
            known.read(model, section);
        }
        node_problems(context, &known, &node.effective_children)
    }));
    // The same sentence on the line and, after the node's label, on a node's header.
    let message = |(_, anchor, problem): &(NodeId, Anchor, Problem)| {
        // `node_problems` anchors every problem at a line: a section never comes here.
        let Some(attr) = anchor.attr() else {
            return String::new();
        };
        let line = &model.attributes[attr];
        // The mount's name as written (only mounts have a missing type or a Lustre path).
        let full_key = model.catalog_key(attr);
        let mount = full_key
            .get(MOUNTS.len()..)
            .and_then(|rest| rest.split('.').next())
            .unwrap_or(&full_key);
        match problem {
            Problem::UnknownType(namespace) => {
                let what = if *namespace == EXPORTS { "export" } else { "mount" };
                let allowed = line
                    .catalog
                    .map(|entry| util::quoted(entry.values.iter().map(|v| &v.value)))
                    .unwrap_or_default();
                format!(
                    "`{}` is not a known {what} type; use {}.",
                    line.literal_value().unwrap_or_default(),
                    util::join_or(&allowed)
                )
            }
            Problem::MissingType(field) => format!(
                "Network mount `{mount}` sets `{field}` but no `type`; add `type = nfs` (or `lustre`, `blobfuse2`).",
            ),
            Problem::LustrePath => format!(
                "Azure Managed Lustre mount `{mount}` needs an `export_path` starting with `{LUSTRE_EXPORT_PREFIX}`, such as `{LUSTRE_EXPORT_PREFIX}/`."
            ),
        }
    };
    util::report_placed(
        context,
        &judged,
        // A missing type is shown at the `mountpoint` key; the others at the value.
        |line, problem| match problem {
            Problem::MissingType(_) => line.key_range(),
            _ => util::value_range(line),
        },
        |found, _, _| message(found),
        |found, label| format!("{label}: {}", message(found)),
        |_, _, _, _| {},
    );
}

/// One `cyclecloud.mounts.<name>.<field>` or `cyclecloud.exports.<name>.<field>` line, with its
/// full key (section prefix joined) in lower case, split at `name_end` (one allocation: a
/// keystroke in a node reads again the mount lines of every section it inherits).
struct MountLine {
    attr: AttrId,
    namespace: &'static str,
    full: String,
    name_end: usize,
    clears: bool,
}

impl MountLine {
    fn name(&self) -> &str {
        &self.full[self.namespace.len()..self.name_end]
    }

    fn field(&self) -> &str {
        &self.full[self.name_end + 1..]
    }
}

/// The mount and export lines of the configuration sections read so far, by section (other
/// sections have none).
#[derive(Default)]
struct MountLines(HashMap<SectionId, Vec<MountLine>>);

impl MountLines {
    /// Reads `section`'s mount and export lines, once.
    fn read(&mut self, model: &Model, section: SectionId) {
        self.0.entry(section).or_insert_with(|| {
            let info = &model.sections[section];
            if !info.is("configuration") {
                return Vec::new();
            }
            let prefix = model.configuration_prefix(Some(section)).unwrap_or("");
            let mut lines = Vec::new();
            for attr in info.attributes {
                let key = &model.attributes[attr].key;
                let Some(namespace) = [MOUNTS, EXPORTS]
                    .into_iter()
                    .find(|namespace| dotted_starts_with(prefix, key, namespace))
                else {
                    continue;
                };
                let mut full = model.catalog_key(attr).into_owned();
                full.make_ascii_lowercase();
                let Some(dot) = full[namespace.len()..].find('.') else {
                    continue;
                };
                lines.push(MountLine {
                    attr,
                    namespace,
                    name_end: namespace.len() + dot,
                    full,
                    clears: model.attributes[attr].clears_value(),
                });
            }
            lines
        });
    }
}

/// The problems of a node whose effective sections are `sections` (all read), in the order the
/// node's entries are judged (by namespace, then lower-case name).
fn node_problems(
    context: &Context<'_>,
    lines: &MountLines,
    sections: &[SectionId],
) -> Vec<(Anchor, Problem)> {
    // (Namespace, mount or export name) → field → line.
    let mut entries: BTreeMap<(&str, &str), BTreeMap<&str, AttrId>> = BTreeMap::new();
    // Later lines win and cleared keys are removed, as in the node's effective configuration
    // (an entry left without fields has no problems).
    for line in sections.iter().flat_map(|section| &lines.0[section]) {
        let fields = entries.entry((line.namespace, line.name())).or_default();
        if line.clears {
            fields.remove(line.field());
        } else {
            fields.insert(line.field(), line.attr);
        }
    }
    entries
        .iter()
        .flat_map(|(&(namespace, name), fields)| problems_of(context, namespace, name, fields))
        .collect()
}

/// Whether `prefix.key` (or `key` alone for an empty prefix) starts with `namespace`, ignoring
/// case, without joining the two.
fn dotted_starts_with(prefix: &str, key: &str, namespace: &str) -> bool {
    let separator = if prefix.is_empty() { "" } else { "." };
    let mut full = prefix.bytes().chain(separator.bytes()).chain(key.bytes());
    namespace.bytes().all(|expected| {
        full.next()
            .is_some_and(|b| b.eq_ignore_ascii_case(&expected))
    })
}

/// What is wrong with one mount or export of one node.
#[derive(Clone)]
enum Problem {
    /// A literal `type` the catalog does not allow (anchored at the type), and the namespace.
    UnknownType(&'static str),
    /// Network keys but no `type` (anchored at `mountpoint`); the payload is the network key's
    /// last segment, as written.
    MissingType(String),
    /// Lustre `export_path` outside `tcp:/lustrefs` (anchored at the path).
    LustrePath,
}

impl Payload for Problem {}

/// The problems of one mount or export as `(anchor line, problem)`; disabled entries have none.
fn problems_of(
    context: &Context<'_>,
    namespace: &'static str,
    name: &str,
    fields: &BTreeMap<&str, AttrId>,
) -> Vec<(Anchor, Problem)> {
    let (model, catalog) = (context.model, context.catalog);
    let literal = |field: &str| {
        fields
            .get(field)
            .and_then(|&attr| model.attributes[attr].literal_value())
    };
    if literal("disabled").is_some_and(|v| v.eq_ignore_ascii_case("true")) {
        return Vec::new();
    }
    let mut problems = Vec::new();
    match fields.get("type") {
        Some(&kind) => {
            let known = catalog.attribute("configuration", &format!("{namespace}{name}.type"));
            if let (Some(entry), Some(value)) = (known, literal("type")) {
                if entry.is_closed_enum() && entry.allowed_value(value).is_none() {
                    problems.push((Anchor::Attr(kind), Problem::UnknownType(namespace)));
                }
            }
            let lustre_path_outside = namespace == MOUNTS
                && literal("type").is_some_and(|v| v.eq_ignore_ascii_case("lustre"))
                && literal("export_path")
                    .is_some_and(|path| !starts_with_ignore_case(path, LUSTRE_EXPORT_PREFIX));
            if lustre_path_outside {
                problems.push((Anchor::Attr(fields["export_path"]), Problem::LustrePath));
            }
        }
        None if namespace == MOUNTS => {
            let network = fields.iter().find(|(field, _)| {
                catalog
                    .attribute("configuration", &format!("{MOUNTS}{name}.{field}"))
                    .is_some_and(|entry| entry.network_mount)
            });
            if let (Some(&mountpoint), Some((_, &network))) = (fields.get("mountpoint"), network) {
                let field = model.attributes[network].key.rsplit('.').next();
                let missing = Problem::MissingType(field.unwrap_or_default().to_owned());
                problems.push((Anchor::Attr(mountpoint), missing));
            }
        }
        None => {}
    }
    problems
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn a_missing_type_reported_per_node_names_that_nodes_network_key() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
                [[node defaults]]
                    [[[configuration cyclecloud.mounts.data]]]
                    mountpoint = /data
                [[node a]]
                      #^ warning[CC0412]: `[[node a]]`: Network mount `data` sets `address` but no `type`; add `type = nfs` (or `lustre`, `blobfuse2`).
                    [[[configuration cyclecloud.mounts.data]]]
                    address = 10.0.0.4
                [[node b]]
                      #^ warning[CC0412]: `[[node b]]`: Network mount `data` sets `export_path` but no `type`; add `type = nfs` (or `lustre`, `blobfuse2`).
                    [[[configuration cyclecloud.mounts.data]]]
                    export_path = /export
                [[node c]]
        "#]]);
    }

    #[test]
    fn reports_unknown_and_missing_types_and_lustre_paths() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
                [[node defaults]]
                    [[[configuration cyclecloud.mounts.scratch]]]
                    type = lustre
                    address = 10.0.0.5
                    mountpoint = /scratch
                    export_path = /lustrefs
                                 #^^^^^^^^^ warning[CC0412]: Azure Managed Lustre mount `scratch` needs an `export_path` starting with `tcp:/lustrefs`, such as `tcp:/lustrefs/`.

                    [[[configuration cyclecloud.mounts.home]]]
                    mountpoint = /home
                   #^^^^^^^^^^ warning[CC0412]: Network mount `home` sets `address` but no `type`; add `type = nfs` (or `lustre`, `blobfuse2`).
                    address = 10.0.0.6

                    [[[configuration]]]
                    cyclecloud.exports.data.type = smb
                                                  #^^^ warning[CC0412]: `smb` is not a known export type; use `nfs`.
                    cyclecloud.mounts.data.type = NFS4
                                                 #^^^^ warning[CC0412]: `NFS4` is not a known mount type; use `nfs`, `lustre` or `blobfuse2`.

                [[node scheduler]]

                [[nodearray execute]]
        "#]]);
    }

    #[test]
    fn disk_mounts_overrides_and_good_mounts_are_quiet() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
                [[node defaults]]
                    [[[configuration cyclecloud.mounts.shared]]]
                    mountpoint = /shared
                    address = $Address

                [[node scheduler]]
                    [[[volume data]]]
                    Mount = data
                    [[[configuration cyclecloud.mounts.data]]]
                    mountpoint = /data
                    fs_type = xfs
                    [[[configuration cyclecloud.mounts.shared]]]
                    type = nfs
                    [[[configuration cyclecloud.mounts.amlfs]]]
                    type = lustre
                    export_path = tcp:/lustrefs/
                    mountpoint = /amlfs
                    [[[configuration cyclecloud.exports.shared]]]
                    type = nfs
                    [[[configuration cyclecloud.mounts]]]
                    nvme.disabled = true
                    nvme.mountpoint = /mnt/nvme
                    nvme.type = xfs
        "#]]);
    }
}
