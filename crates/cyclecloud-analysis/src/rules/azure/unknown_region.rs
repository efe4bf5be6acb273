//! CC0504: a literal `Region` (or a region a `Cloud.Region` parameter offers) that is no Azure
//! region, with a did-you-mean.

use cyclecloud_catalog::{region, suggest_region};

use super::util::{line_value, literal_items, report_unknown_name};
use crate::azure::AzureValue;
use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0504",
    name: "unknown-region",
    severity: Severity::Warning,
    spec: "issue 15",
    summary: "`Region` names no Azure region",
    doc: "\
## What it finds
A literal `Region` on a cluster, node or node array, or the `DefaultValue` or `Config.Entries`
of a `Cloud.Region` parameter, that is not the name of an Azure region (public, Government or
China clouds), ignoring case and blanks (`West Europe` is `westeurope`). With a close region
name it is a warning that suggests it; without one a hint, as new regions open every year.

## Why it matters
Azure cannot place a VM in a region that does not exist, so the node fails when it starts.

## Example
```
[cluster demo]
    [[node defaults]]
    Region = westeurop
```

## Fix
Use the suggested region name (`westeurope`); `az account list-locations -o table` lists the
names a subscription can use.
",
    check,
    has_fix: true,
    scope: Scope::Line,
};

fn check(context: &mut Context<'_>) {
    let model = context.model;
    for attr in context.line_ids().map(|id| &model.attributes[id]) {
        if line_value(model, attr) != Some(AzureValue::Region) {
            continue;
        }
        for item in literal_items(attr) {
            let compact: String = item.text.split_whitespace().collect();
            if region(&compact).is_some() {
                continue;
            }
            report_unknown_name(
                context,
                &item,
                suggest_region(item.text).map(|region| {
                    (
                        format!(
                            "`{}` is not an Azure region; did you mean `{}` ({})?",
                            item.text, region.name, region.display_name
                        ),
                        region.name.as_str(),
                    )
                }),
                || {
                    format!(
                    "`{}` is not an Azure region known here; check it with `az account list-locations`",
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
    fn reports_names_that_are_no_region() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
            Region = WestEurope
                [[node defaults]]
                Region = westeurop
                        #^^^^^^^^^ warning[CC0504]: `westeurop` is not an Azure region; did you mean `westeurope` (West Europe)?

                [[node login]]
                Region = West US 2

                [[nodearray hpc]]
                Region = mars-north
                        #^^^^^^^^^^ hint[CC0504]: `mars-north` is not an Azure region known here; check it with `az account list-locations`

                [[nodearray param]]
                Region = $Region

            [parameters About]
                [[parameter Region]]
                ParameterType = Cloud.Region
                DefaultValue = southcentrlus
                              #^^^^^^^^^^^^^ warning[CC0504]: `southcentrlus` is not an Azure region; did you mean `southcentralus` (South Central US)?
        "#]]);
    }

    #[test]
    fn the_fix_uses_the_region_name() {
        let fixed = super::RULE.fix("[cluster c]\nRegion = westeurop\n", 0);
        assert_eq!(
            fixed,
            "Replace with `westeurope`\n[cluster c]\nRegion = westeurope\n"
        );
    }
}
