//! CC0409: an `[environment]` with no ARM template source or several, or `TemplatePath` without
//! `Locker`.

use std::collections::BTreeMap;

use super::util;
use crate::model::AttrId;
use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0409",
    name: "environment-template-source",
    severity: Severity::Warning,
    spec: "R43",
    summary: "Environment without exactly one template source, or TemplatePath without Locker",
    doc: "\
## What it finds
An `[environment]` section that sets none, or more than one, of `TemplateURL`,
`TemplateContents` and `TemplatePath`; and a `TemplatePath` with no `Locker` in the same
section. The groups and companions come from the catalog (`one_of`, `requires`).

## Why it matters
The environment deploys one ARM template. With no source there is nothing to deploy; with two,
only one is used and the other is silently ignored. A `TemplatePath` is a path inside a locker,
so without `Locker` CycleCloud cannot find the file.

## Example
```
[environment vnet]
TemplateURL = https://example.com/vnet.json
TemplatePath = templates/vnet.json
```

## Fix
Keep exactly one template source; with `TemplatePath`, also set `Locker` to the locker that
holds the file.
",
    check,
    has_fix: false,
    scope: Scope::Document,
};

fn check(context: &mut Context<'_>) {
    let model = context.model;
    let catalog = context.catalog;
    // Group name → the member names, in catalog order.
    let mut groups: BTreeMap<&str, Vec<&str>> = BTreeMap::new();
    for attribute in catalog.attributes_in("environment") {
        if let Some(group) = attribute.one_of.as_deref() {
            groups.entry(group).or_default().push(&attribute.name);
        }
    }
    for (section, info) in model.sections_of("environment") {
        let not_cleared = |&attr: &AttrId| !model.attributes[attr].clears_value();
        let own: Vec<AttrId> = info.attributes.iter().filter(not_cleared).collect();
        for (group, members) in &groups {
            let in_group = |&attr: &AttrId| {
                let entry = model.attributes[attr].catalog;
                entry.is_some_and(|entry| entry.one_of.as_deref() == Some(group))
            };
            let set: Vec<AttrId> = own.iter().copied().filter(in_group).collect();
            let names = util::quoted(members.iter());
            match set.as_slice() {
                [] => context.report(
                    util::section_range(model, section),
                    format!(
                        "The environment sets no {}; set exactly one of them.",
                        util::join_or(&names)
                    ),
                ),
                [_] => {}
                [first, rest @ ..] => {
                    for &extra in rest {
                        let message = format!(
                            "`{}` is a second template source besides `{}`; set only one of {}.",
                            model.attributes[extra].key,
                            model.attributes[*first].key,
                            util::join_and(&names),
                        );
                        let diagnostic =
                            context.diagnostic(model.attributes[extra].key_range(), message);
                        context.push(diagnostic.with_related(
                            model.attributes[*first].key_range(),
                            "the first template source",
                        ));
                    }
                }
            }
        }
        for &attr in &own {
            let line = &model.attributes[attr];
            let companion = line.catalog.and_then(|entry| entry.requires.as_deref());
            let is_set = |key: &str| own.iter().any(|&other| model.attributes[other].key_is(key));
            let Some(required) = companion.filter(|&required| !is_set(required)) else {
                continue;
            };
            let message = format!(
                "`{}` needs `{required}` in the same environment; add `{required} = …`.",
                line.key
            );
            context.report(line.key_range(), message);
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_missing_duplicate_and_lockerless_sources() {
        super::RULE.check_fixture(expect![[r#"
            [environment none]
                        #^^^^ warning[CC0409]: The environment sets no `TemplateURL`, `TemplateContents` or `TemplatePath`; set exactly one of them.
            Credentials = $Credentials

            [environment two]
            TemplateURL = https://example.com/a.json
            templatepath = a.json
            ^^^^^^^^^^^^ warning[CC0409]: `templatepath` is a second template source besides `TemplateURL`; set only one of `TemplateURL`, `TemplateContents` and `TemplatePath`.
            ^^^^^^^^^^^^ warning[CC0409]: `templatepath` needs `Locker` in the same environment; add `Locker = …`.

            [cluster demo]
        "#]]);
    }

    #[test]
    fn one_source_is_fine() {
        super::RULE.check_fixture(expect![[r#"
            [environment a]
            TemplateContents = @raw-json

            [environment b]
            TemplatePath = templates/vnet.json
            Locker = azure-storage
        "#]]);
    }
}
