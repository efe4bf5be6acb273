//! CC0413: a node's own `CloudInit` that replaces one it would inherit (scripts are not merged).

use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0413",
    name: "cloud-init-override",
    severity: Severity::Hint,
    spec: "R47",
    summary: "CloudInit on a node replaces the inherited CloudInit instead of adding to it",
    doc: "\
## What it finds
A `[[node]]` or `[[nodearray]]` that sets its own `CloudInit` while it would also inherit one
from `[[node defaults]]` (or from an `Extends` base). Clearing it with `CloudInit := undefined`
is deliberate and not reported.

## Why it matters
Unlike cluster-init specs, cloud-init user data is a single value: the node's script replaces
the inherited one completely. Setup placed in the defaults (proxy settings, packages, users) then
silently does not run on that node.

## Example
```
[cluster demo]
    [[node defaults]]
    CloudInit = '''#!/bin/bash
echo common setup'''

    [[node scheduler]]
    CloudInit = '''#!/bin/bash
echo scheduler setup'''
```

## Fix
Repeat the inherited steps in the node's script, or move the node-specific part into a
cluster-init spec so the shared `CloudInit` keeps running.
",
    check,
    has_fix: false,
    scope: Scope::Node,
};

fn check(context: &mut Context<'_>) {
    let model = context.model;
    for (id, node) in context.node_ids().filter(|(_, node)| !node.is_defaults) {
        let own = model.attribute_in(node.section, "CloudInit");
        let Some(own) = own.filter(|&own| !model.attributes[own].clears_value()) else {
            continue;
        };
        let mut bases = model.bases(id).iter().rev();
        let Some(inherited) = bases.find_map(|&base| model.nodes[base].get("CloudInit")) else {
            continue;
        };
        let origin = model.nodes[inherited.origin].label();
        let message = format!(
            "This `CloudInit` replaces the one inherited from {origin} instead of adding to it; repeat the inherited steps here if {} still needs them.",
            node.label()
        );
        let diagnostic = context.diagnostic(model.attributes[own].key_range(), message);
        let related = format!("the replaced `CloudInit` of {origin}");
        let replaced = model.attributes[inherited.attr].key_range();
        context.push(diagnostic.with_related(replaced, related));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_a_node_script_that_replaces_the_defaults() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
                [[node defaults]]
                CloudInit = '''#!/bin/bash
            echo common'''

                [[node scheduler]]
                CloudInit = '''#!/bin/bash
               #^^^^^^^^^ hint[CC0413]: This `CloudInit` replaces the one inherited from `[[node defaults]]` instead of adding to it; repeat the inherited steps here if `[[node scheduler]]` still needs them.
            echo scheduler'''

                [[nodearray execute]]
                CloudInit := undefined

                [[nodearray gpu]]
        "#]]);
    }

    #[test]
    fn a_single_script_is_quiet() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
                [[node defaults]]
                MachineType = Standard_D2s_v5

                [[node scheduler]]
                CloudInit = '''#!/bin/bash
            echo scheduler'''
        "#]]);
    }
}
