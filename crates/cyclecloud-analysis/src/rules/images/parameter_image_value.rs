//! CC0213: a `Cloud.Image` parameter whose default or listed choice is not an image name.

use crate::model::{AttrId, Model, SectionId};
use crate::rules::prelude::*;

use super::image_value::{literal_problem, ImageValueProblem};

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0213",
    name: "parameter-image-value",
    severity: Severity::Warning,
    spec: "R24",
    summary:
        "`Cloud.Image` parameter default or entry that is not a built-in image, URN or resource id",
    doc: "\
## What it finds
In a `[[[parameter]]]` with `ParameterType = Cloud.Image`, a literal `DefaultValue`, or the
`Value` (else `Name`) of a `[[[[list Config.Entries]]]]` record, that is not an image name
CycleCloud can use: the same checks as CC0209 and CC0210 make on `ImageName` lines.
* `cycle.image.*` that is not a built-in image, or a plain name close to one (`almalinux-9`);
* a Marketplace URN without four parts `Publisher:Offer:Sku:Version`;
* a value starting with `/` but not with `/subscriptions/`;
* a plain name far from every built-in one: only a hint, since images registered with
  `cyclecloud image add` have plain names too.

An end-of-life built-in image as a default is left alone here; CC0209 reports it where the
value is used as a literal `ImageName`.

## Why it matters
The parameter's value becomes the node's `ImageName` (`ImageName = $HPCImageName`): a default
the form offers but Azure cannot resolve fails only when a node starts. The image forms are
those of the CycleCloud cluster template reference (node attributes `ImageName`, `ImageId`).

## Example
```
[[[parameter HPCImageName]]]
ParameterType = Cloud.Image
DefaultValue = OpenLogic:CentOS-HPC:7.7

[[[parameter LoginImageName]]]
ParameterType = Cloud.Image
DefaultValue = almalinux-9
```

## Fix
Complete the URN (`:latest` for the newest version), or use a listed built-in name.
",
    check,
    has_fix: true,
    scope: Scope::Line,
};

fn check(context: &mut Context<'_>) {
    let model = context.model;
    for attr in context.line_ids().filter(|&attr| is_judged(model, attr)) {
        let line = &context.model.attributes[attr];
        let found = literal_problem(context.catalog, line)
            .filter(|(_, problem)| !matches!(problem, ImageValueProblem::Retired(_)));
        let Some((value, problem)) = found else {
            continue;
        };
        let message = format!(
            "`{}` of a `Cloud.Image` parameter: {}",
            line.key,
            problem.message(value)
        );
        context.push(problem.diagnostic(context, line.value_range(), message));
    }
}

/// Whether the line is a value of a `Cloud.Image` parameter: its `DefaultValue`, or the `Value`
/// (else `Name`) of one of its `Config.Entries` records, each the last of its key as
/// [`Model::attribute_in`] finds it. Reads the line's section and its parent only, so the rule
/// runs per line and keeps its findings while they are unchanged.
fn is_judged(model: &Model, attr: AttrId) -> bool {
    let line = &model.attributes[attr];
    let Some(section) = line.section else {
        return false;
    };
    if line.key_is("DefaultValue") {
        return model.attribute_in(section, "DefaultValue") == Some(attr)
            && is_image_parameter(model, section);
    }
    let info = &model.sections[section];
    if !(line.key_is("Value") || line.key_is("Name"))
        || !info.is("list")
        || !info.name_is("Config.Entries")
    {
        return false;
    }
    let value = model.attribute_in(section, "Value");
    let offered = value.or_else(|| model.attribute_in(section, "Name"));
    let parent = info.parent;
    offered == Some(attr) && parent.is_some_and(|parent| is_image_parameter(model, parent))
}

/// Whether the section declares a parameter whose literal `ParameterType` is `Cloud.Image`.
fn is_image_parameter(model: &Model, section: SectionId) -> bool {
    // Most parameters are not images: the raw `ParameterType` the model keeps rules them out
    // without looking up lines (the literal `Cloud.Image` contains `image` in any case).
    let declared = model.parameter_declared_in(section);
    let raw = declared.and_then(|parameter| parameter.parameter_type.as_deref());
    let maybe_image = raw.is_some_and(|kind| {
        kind.as_bytes()
            .windows(5)
            .any(|word| word.eq_ignore_ascii_case(b"image"))
    });
    let kind = || {
        let attr = model.attribute_in(section, "ParameterType")?;
        model.attributes[attr].literal_value()
    };
    maybe_image && kind().is_some_and(|kind| kind.eq_ignore_ascii_case("Cloud.Image"))
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn defaults_and_entries_of_image_parameters() {
        super::RULE.check_fixture(expect![[r#"
            [parameters Software]
                [[parameter HPCImageName]]
                ParameterType = Cloud.Image
                DefaultValue = OpenLogic:CentOS-HPC:7.7
                              #^^^^^^^^^^^^^^^^^^^^^^^^ warning[CC0213]: `DefaultValue` of a `Cloud.Image` parameter: a Marketplace image URN has four non-empty parts `Publisher:Offer:Sku:Version`; `OpenLogic:CentOS-HPC:7.7` has 3
                    [[[list Config.Entries]]]
                    Name = almalinux-9
                          #^^^^^^^^^^^ warning[CC0213]: `Name` of a `Cloud.Image` parameter: `almalinux-9` is not a built-in image; did you mean `almalinux9`?
                    Label = Alma 9
                    [[[list Config.Entries]]]
                    Value = cycle.image.ubuntu22
                    Name = Ubuntu
                [[parameter LoginImageName]]
                ParameterType = cloud.image
                DefaultValue = my-golden-image
                              #^^^^^^^^^^^^^^^ hint[CC0213]: `DefaultValue` of a `Cloud.Image` parameter: `my-golden-image` is neither a built-in image, a Marketplace URN nor a resource id; it works only if it was registered with `cyclecloud image add`
                [[parameter OldImage]]
                ParameterType = Cloud.Image
                DefaultValue = cycle.image.centos7
                [[parameter Other]]
                ParameterType = String
                DefaultValue = almalinux-9
                [[parameter FromExpression]]
                ParameterType = Cloud.Image
                DefaultValue := ifThenElse(UseGpu, "x:y", "z")
        "#]]);
    }
}
