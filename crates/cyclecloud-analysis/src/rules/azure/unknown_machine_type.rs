//! CC0501: a literal `MachineType` (or a size a `Cloud.MachineType` parameter offers) that is no
//! VM size the size table knows, with a did-you-mean.

use super::util::{report_unknown_name, size_lines};
use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0501",
    name: "unknown-machine-type",
    severity: Severity::Warning,
    spec: "issue 15",
    summary: "`MachineType` names no known Azure VM size",
    doc: "\
## What it finds
A literal VM size that the size table does not know: in `MachineType` on a node or node array
(also each entry of a comma list), and in the `DefaultValue` or `Config.Entries` of a
`Cloud.MachineType` parameter. Sizes compare ignoring case, as Azure compares them, so a
difference in case alone is never reported. `$Param` references and `${…}` expressions are not
literal sizes and are skipped. With a close known size (or the same name with its `Standard_`
prefix, or a constrained-core size written the other way round) it is a warning that suggests it;
without one it is a hint, since the built-in table may not know the newest sizes.

## Why it matters
Azure refuses to create a VM of a size that does not exist, so the node fails when it starts,
long after the template was imported.

## Example
```
[cluster demo]
    [[nodearray hpc]]
    MachineType = Standard_HB120rs_v9
```

## Fix
Use the suggested size (`Standard_HB120rs_v3`). For sizes newer than the built-in table, load
current data from `az vm list-skus` with the `[vm-sizes]` setting.
",
    check,
    has_fix: true,
    scope: Scope::Line,
};

fn check(context: &mut Context<'_>) {
    let sizes = context.settings.vm_sizes();
    for (_, items) in size_lines(context) {
        for item in items {
            if sizes.get(item.text).is_some() {
                continue;
            }
            let table = if sizes.origin() == "built-in" {
                "the built-in size table".to_owned()
            } else {
                format!("the size table from `{}`", sizes.origin())
            };
            let suggestion = sizes.suggest(item.text);
            report_unknown_name(
                context,
                &item,
                suggestion.map(|size| {
                    (
                        format!(
                            "`{}` is not an Azure VM size in {table}; did you mean `{}`?",
                            item.text, size.name
                        ),
                        size.name.as_str(),
                    )
                }),
                || {
                    format!(
                    "`{}` is not an Azure VM size in {table}; check the name, or load current sizes from `az vm list-skus` (`[vm-sizes]` setting)",
                    item.text
                )
                },
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_unknown_sizes_in_nodes_lists_and_parameters() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
                [[node defaults]]
                MachineType = standard_d4S_V5

                [[nodearray hpc]]
                MachineType = Standard_HB120rs_v9
                             #^^^^^^^^^^^^^^^^^^^ warning[CC0501]: `Standard_HB120rs_v9` is not an Azure VM size in the built-in size table; did you mean `Standard_HB120rs_v3`?

                [[nodearray htc]]
                MachineType = Standard_F2s_v2, "HC44rs", my-own-size
                                               #^^^^^^ warning[CC0501]: `HC44rs` is not an Azure VM size in the built-in size table; did you mean `Standard_HC44rs`?
                                                        #^^^^^^^^^^^ hint[CC0501]: `my-own-size` is not an Azure VM size in the built-in size table; check the name, or load current sizes from `az vm list-skus` (`[vm-sizes]` setting)

                [[nodearray param]]
                MachineType = $ExecuteMachineType

                [[nodearray jinja]]
                MachineType = {{ machine_type }}

                [[nodearray expr]]
                MachineType = ${ifThenElse(UseGpu, "Standard_NC6s_v9", "x")}

            [parameters About]
                [[parameter ExecuteMachineType]]
                ParameterType = Cloud.MachineType
                DefaultValue = Standard_D4s_v9
                              #^^^^^^^^^^^^^^^ warning[CC0501]: `Standard_D4s_v9` is not an Azure VM size in the built-in size table; did you mean `Standard_D4s_v6`?
                    [[[list Config.Entries]]]
                    Name = Standard_HC44r
                          #^^^^^^^^^^^^^^ warning[CC0501]: `Standard_HC44r` is not an Azure VM size in the built-in size table; did you mean `Standard_HC44rs`?
                    Label = Standard_HC44r

                [[parameter Other]]
                DefaultValue = Standard_D4s_v9
        "#]]);
    }

    #[test]
    fn the_fix_replaces_the_one_entry() {
        let fixed = super::RULE.fix(
            "[cluster c]\n[[nodearray a]]\nMachineType = Standard_F2s_v2, 'HC44rs'\n",
            0,
        );
        assert_eq!(
            fixed,
            "Replace with `Standard_HC44rs`\n[cluster c]\n[[nodearray a]]\nMachineType = Standard_F2s_v2, 'Standard_HC44rs'\n"
        );
    }
}
