//! CC0502: a literal VM size that Azure has retired (or announced to retire), with its date.

use super::util::size_lines;
use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0502",
    name: "retired-machine-type",
    severity: Severity::Warning,
    spec: "issue 15",
    summary: "`MachineType` names a retired Azure VM size",
    doc: "\
## What it finds
A literal VM size, in `MachineType` or offered by a `Cloud.MachineType` parameter
(`DefaultValue`, `Config.Entries`), that the size table marks retired: the finding says the
retirement date and the Azure page that announced it.

## Why it matters
Azure no longer creates VMs of a retired size (or stops on the announced date), so nodes of
that size cannot start, and a parameter offering it lets users pick a size that fails.

## Example
```
[cluster demo]
    [[nodearray hpc]]
    MachineType = Standard_H16r
```

## Fix
Move to a current size of the same kind (the retirement page names the successors, for
example HBv3/HBv4 for H-series).
",
    check,
    has_fix: false,
    scope: Scope::Line,
};

fn check(context: &mut Context<'_>) {
    let sizes = context.settings.vm_sizes();
    for (_, items) in size_lines(context) {
        for item in items {
            let Some(size) = sizes.get(item.text) else {
                continue;
            };
            let Some(date) = &size.retired else {
                continue;
            };
            let source = match size.docs_url() {
                Some(url) => format!(" ({url})"),
                None => String::new(),
            };
            context.report(
                item.range.clone(),
                format!(
                    "`{}` is a retired Azure VM size: retirement date {date}{source}; choose a current size",
                    size.name
                ),
            );
        }
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_retired_sizes_with_their_date() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
                [[nodearray hpc]]
                MachineType = Standard_HB120rs_v3, standard_h16r
                                                  #^^^^^^^^^^^^^ warning[CC0502]: `Standard_H16r` is a retired Azure VM size: retirement date 2022-08-31 (https://learn.microsoft.com/azure/virtual-machines/h-series-retirement); choose a current size

            [parameters About]
                [[parameter ExecuteMachineType]]
                ParameterType = Cloud.MachineType
                DefaultValue = Standard_D4s_v5
                    [[[list Config.Entries]]]
                    Name = Basic_A1
                          #^^^^^^^^ warning[CC0502]: `Basic_A1` is a retired Azure VM size: retirement date 2024-08-31 (https://learn.microsoft.com/azure/virtual-machines/sizes/migration-guides/av1-series-retirement); choose a current size
        "#]]);
    }
}
