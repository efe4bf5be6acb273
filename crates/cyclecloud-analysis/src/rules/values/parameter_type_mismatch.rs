//! CC0315: a form parameter of one picker type used where another picker type belongs.

use crate::model::Reference;
use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0315",
    name: "parameter-type-mismatch",
    severity: Severity::Warning,
    spec: "R48",
    summary: "A parameter of one picker type used where another type is required",
    doc: "\
## What it finds
A `$Param` that is the whole value of an attribute fed by a typed form parameter
(`Credentials` ← `Cloud.Credentials`, `AdditionalClusterInitSpecs` ← `Cloud.ClusterInitSpecs`,
`ImageName` ← `Cloud.Image`, `MachineType` ← `Cloud.MachineType`, `SubnetId` ← `Azure.Subnet`,
`Region` ← `Cloud.Region`) while the parameter is declared as another of these picker types;
and such a picker parameter used in a `[[[cluster-init …]]]` spec name, which takes
`project:spec:version` text.

A parameter typed `String` (or any type that is not one of these pickers) is not judged: a text
field can hold anything. The pairs are the catalog's, from the parameter examples of the
CycleCloud cluster-templates page and the real templates, which use them without exception.

## Why it matters
The form shows the picker of the parameter's type, so the user picks an account where a list of
cluster-init specs belongs, or specs where an account name belongs; the value the node receives
cannot work, and the cluster fails when it starts, not when the template is imported.

## Example
```
[cluster demo]
[[node defaults]]
Credentials = $ClusterInitSpecs
AdditionalClusterInitSpecs = $Credentials

[parameters Settings]
[[parameter Credentials]]
ParameterType = Cloud.Credentials
[[parameter ClusterInitSpecs]]
ParameterType = Cloud.ClusterInitSpecs
```

## Fix
Swap the references, or give the parameter the type its attribute takes.
",
    check,
    has_fix: false,
    scope: Scope::Line,
};

fn check(context: &mut Context<'_>) {
    let model = context.model;
    // The picker types the catalog's attributes take, gathered once rather than per reference.
    let mut pickers: Vec<&str> = context
        .catalog
        .attributes()
        .iter()
        .filter_map(|attribute| attribute.parameter_type.as_deref())
        .collect();
    pickers.sort_unstable();
    pickers.dedup();
    let references = context.value_references();
    for (reference, declared) in references.filter(|(reference, _)| reference.dollar) {
        let Some(parameter) = declared.first().map(|&id| &model.parameters[id]) else {
            continue;
        };
        // Only a parameter of one of the picker types some attribute takes is judged.
        let Some(declared) = parameter
            .parameter_type
            .as_deref()
            .map(|declared| declared.trim().trim_matches('"'))
            .filter(|declared| pickers.iter().any(|p| p.eq_ignore_ascii_case(declared)))
        else {
            continue;
        };
        let Some(takes) = what_it_takes(context, reference, declared) else {
            continue;
        };
        let name = &reference.name;
        let message = format!("`${name}` is a `{declared}` parameter, but {takes}");
        let diagnostic = context.diagnostic(reference.range.clone(), message);
        let related = format!("`{name}` is declared as `{declared}` here");
        context.push(diagnostic.with_related(parameter.name_range.clone(), related));
    }
}

/// Where a reference is used and what that place takes: a picker type, or for a cluster-init
/// spec name `project:spec:version` text. `None` when the place is not judged (a reference
/// inside a longer value or expression, an attribute no parameter type feeds) or takes the
/// `declared` type.
fn what_it_takes(context: &Context<'_>, reference: &Reference, declared: &str) -> Option<String> {
    let model = context.model;
    let Some(attr) = reference.attr else {
        let section = &model.sections[reference.section?];
        let takes = "a cluster-init spec name takes `project:spec:version` text";
        return section.is("cluster-init").then(|| takes.to_owned());
    };
    let line = &model.attributes[attr];
    let whole = line.value.trim().trim_matches('"');
    let name = whole.strip_prefix('$')?;
    if !name.eq_ignore_ascii_case(&reference.name) {
        return None;
    }
    let expected = line.catalog?.parameter_type.as_deref()?;
    // Most references match their type: name the place only for a mismatch.
    if expected.eq_ignore_ascii_case(declared) {
        return None;
    }
    Some(format!("`{}` takes one of type `{expected}`", line.key))
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn pickers_of_the_wrong_type() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
                [[node defaults]]
                Credentials = $Specs
                             #^^^^^^ warning[CC0315]: `$Specs` is a `Cloud.ClusterInitSpecs` parameter, but `Credentials` takes one of type `Cloud.Credentials`
                AdditionalClusterInitSpecs = $Credentials
                                            #^^^^^^^^^^^^ warning[CC0315]: `$Credentials` is a `Cloud.Credentials` parameter, but `AdditionalClusterInitSpecs` takes one of type `Cloud.ClusterInitSpecs`
                [[nodearray a]]
                Credentials = $Credentials
                AdditionalClusterInitSpecs = $Specs
                MachineType = $Text
                ImageName = ${ifThenElse(UseGpu, Specs, Image)}
                SubnetId = $Region
                          #^^^^^^^ warning[CC0315]: `$Region` is a `cloud.region` parameter, but `SubnetId` takes one of type `Azure.Subnet`
                    [[[cluster-init $Credentials]]]
                                   #^^^^^^^^^^^^ warning[CC0315]: `$Credentials` is a `Cloud.Credentials` parameter, but a cluster-init spec name takes `project:spec:version` text
                    [[[cluster-init proj:spec:$Text]]]
            [parameters P]
                [[parameter Credentials]]
                ParameterType = Cloud.Credentials
                [[parameter Specs]]
                ParameterType = Cloud.ClusterInitSpecs
                [[parameter Region]]
                ParameterType = cloud.region
                [[parameter Text]]
                ParameterType = String
        "#]]);
    }
}
