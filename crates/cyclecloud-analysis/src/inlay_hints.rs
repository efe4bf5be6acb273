//! Inlay hints: short notes an editor shows inside the text, so a template reads as CycleCloud
//! will see it without jumping around: the default value after a `$Param` reference, the value
//! a `$Param`, `${…}` or `:=` line evaluates to with parameter defaults (`evaluated.rs`), and on
//! a node header the key attributes (machine type, image, subnet) it inherits rather than sets,
//! with where they come from.

mod evaluated;

use std::fmt::Write as _;
use std::ops::Range;

use cyclecloud_syntax::Snapshot;

use crate::model::{EffectiveAttr, Model, RefKind};

/// What a hint is about, so editors style them and users can turn each kind off.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum InlayHintKind {
    /// `= value` after a `$Param` reference: the parameter's default.
    ParameterDefault,
    /// `Key: value (from node)` after a node header: an inherited key attribute.
    InheritedAttribute,
    /// `→ value` after a computed value: what it evaluates to with parameter defaults.
    EvaluatedValue,
}

/// One hint, as plain data: where it goes, its text and a markdown tooltip.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct InlayHint {
    /// The byte offset the hint is shown at (it sits after the text before it).
    pub offset: usize,
    /// The text shown.
    pub label: String,
    /// What it is about.
    pub kind: InlayHintKind,
    /// More detail, in markdown, for when the user points at the hint.
    pub tooltip: String,
}

/// Values longer than this many characters are cut with `…`, so a hint never dominates a line.
const MAX_VALUE_CHARS: usize = 40;

/// The key attributes a node header shows when inherited: (label, keys any of which stands for
/// it). Several image attributes are one concept: whichever form the node ends up with is shown.
const NODE_ATTRIBUTES: [(&str, &[&str]); 3] = [
    ("MachineType", &["MachineType"]),
    (
        "Image",
        &[
            "ImageName",
            "Image",
            "ImageId",
            "Azure.Publisher",
            "Azure.Offer",
            "Azure.Sku",
            "Azure.ImageVersion",
        ],
    ),
    ("SubnetId", &["SubnetId"]),
];

/// The Azure Marketplace image attributes, shown together as `publisher:offer:sku:version`.
const AZURE_IMAGE_KEYS: [&str; 4] = [
    "Azure.Publisher",
    "Azure.Offer",
    "Azure.Sku",
    "Azure.ImageVersion",
];

/// Every hint whose offset lies in `range` (ends included), in document order.
pub fn inlay_hints(snapshot: &Snapshot, model: &Model, range: Range<usize>) -> Vec<InlayHint> {
    let mut hints = Vec::new();
    parameter_defaults(model, &range, &mut hints);
    inherited_attributes(snapshot, model, &range, &mut hints);
    evaluated::evaluated_values(snapshot, model, &range, &mut hints);
    hints.sort_by_key(|hint| hint.offset);
    hints
}

/// `text` on one line, cut to [`MAX_VALUE_CHARS`] characters.
fn shorten(text: &str) -> String {
    let one_line = text.split_whitespace().collect::<Vec<_>>().join(" ");
    match one_line.char_indices().nth(MAX_VALUE_CHARS) {
        Some((cut, _)) => format!("{}…", &one_line[..cut]),
        None => one_line,
    }
}

/// `text` as inline markdown code (fenced so inner back-ticks survive).
fn code(text: &str) -> String {
    let text = text.trim().replace(['\r', '\n'], " ");
    if text.contains('`') {
        format!("`` {text} ``")
    } else {
        format!("`{text}`")
    }
}

fn parameter_defaults(model: &Model, range: &Range<usize>, hints: &mut Vec<InlayHint>) {
    for reference in &model.references {
        let at = reference.range.end;
        if reference.kind != RefKind::Value
            || !reference.dollar
            || reference.name.is_empty()
            || !(range.start <= at && at <= range.end)
        {
            continue;
        }
        let Some(param) = model.parameter(&reference.name) else {
            continue;
        };
        let Some(default) = param
            .default_value
            .as_deref()
            // `DefaultValue = =expr` is the legacy spelling of `:=`; the expression is the value.
            .map(|value| {
                value
                    .trim()
                    .strip_prefix('=')
                    .unwrap_or(value.trim())
                    .trim()
            })
            .filter(|value| !value.is_empty())
        else {
            continue;
        };
        let mut tooltip = format!(
            "Default value of parameter `{}`: {}",
            param.name,
            code(default)
        );
        if let Some(label) = param.label.as_deref() {
            let _ = write!(tooltip, "\n\n{}", label.trim().trim_matches('"'));
        }
        hints.push(InlayHint {
            offset: at,
            label: format!("= {}", shorten(default)),
            kind: InlayHintKind::ParameterDefault,
            tooltip,
        });
    }
}

fn inherited_attributes(
    snapshot: &Snapshot,
    model: &Model,
    range: &Range<usize>,
    hints: &mut Vec<InlayHint>,
) {
    for (id, node) in model.nodes_with_ids() {
        if node.is_defaults {
            continue;
        }
        let section = &model.sections[node.section];
        let at = section
            .close_range()
            .as_ref()
            .map_or(section.header_range.end, |close| close.end);
        if !(range.start <= at && at <= range.end) {
            continue;
        }
        for (label, keys) in NODE_ATTRIBUTES {
            let effective: Vec<(&str, &EffectiveAttr)> = keys
                .iter()
                .filter_map(|key| node.get(key).map(|effective| (*key, effective)))
                .collect();
            // A node that sets any form of the attribute itself shows no inherited note for it.
            if effective.is_empty() || effective.iter().any(|(_, e)| e.origin == id) {
                continue;
            }
            hints.push(inherited_hint(snapshot, model, at, label, &effective));
        }
    }
}

/// The hint for one inherited attribute (several lines for the Azure image attributes).
fn inherited_hint(
    snapshot: &Snapshot,
    model: &Model,
    at: usize,
    label: &str,
    effective: &[(&str, &EffectiveAttr)],
) -> InlayHint {
    let value_of = |effective: &EffectiveAttr| model.attributes[effective.attr].value.to_string();
    let azure: Vec<&EffectiveAttr> = AZURE_IMAGE_KEYS
        .iter()
        .filter_map(|key| {
            effective
                .iter()
                .find(|(k, _)| k == key)
                .map(|(_, effective)| *effective)
        })
        .collect();
    // The plain forms first (ImageName, Image, ImageId), then the Azure attributes together.
    let (shown_key, value, first) = match effective
        .iter()
        .find(|(key, _)| !AZURE_IMAGE_KEYS.contains(key))
    {
        Some((key, effective)) => (*key, value_of(effective), *effective),
        None => (
            label,
            azure
                .iter()
                .map(|effective| value_of(effective).trim().to_owned())
                .collect::<Vec<_>>()
                .join(":"),
            azure[0],
        ),
    };
    let origin = &model.nodes[first.origin];
    let mut tooltip = format!(
        "`{shown_key}` is inherited from `{}`:",
        model.header_text(model.nodes[first.origin].section)
    );
    for (_, effective) in effective {
        let line = &model.attributes[effective.attr];
        let number = snapshot
            .rope()
            .byte_to_line(line.range.start.min(snapshot.rope().len_bytes()))
            + 1;
        let _ = write!(
            tooltip,
            "\n\n- line {number}: {}",
            code(&snapshot.slice(line.range.clone()))
        );
        if effective.origin != first.origin {
            let _ = write!(tooltip, " (from `{}`)", model.nodes[effective.origin].name);
        }
    }
    InlayHint {
        offset: at,
        label: format!("{shown_key}: {} (from {})", shorten(&value), origin.name),
        kind: InlayHintKind::InheritedAttribute,
        tooltip,
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use super::*;
    use crate::model;

    /// The text with each hint written in at its offset as `⟨label⟩`.
    fn render(text: &str, range: Option<Range<usize>>) -> String {
        let snapshot = Snapshot::parse(text);
        let model = model::build(&snapshot);
        let hints = inlay_hints(&snapshot, &model, range.unwrap_or(0..text.len()));
        let mut out = text.to_owned();
        for hint in hints.iter().rev() {
            out.insert_str(hint.offset, &format!("⟨{}⟩", hint.label));
        }
        out
    }

    const TEMPLATE: &str = "\
[cluster demo]
    [[node defaults]]
    MachineType = $DefaultType
    ImageName = cycle.image.ubuntu22
    SubnetId = $Subnet
    [[node scheduler]]
    MachineType = Standard_D4s_v5
    [[nodearray execute]]
    Extends = scheduler
    [[nodearray gpu]]
    Extends = execute
    ImageName := undefined
    Azure.Publisher = microsoft-dsvm
    Azure.Offer = ubuntu-hpc
    [[nodearray mine]]
    Image = /subscriptions/x/images/mine
    SubnetId := undefined
    Zone = $Zone

[parameters About]
    [[parameters Networking]]
        [[[parameter DefaultType]]]
        Label = Machine type
        DefaultValue = Standard_F2s_v2
        [[[parameter Subnet]]]
        DefaultValue = \"a-very-long-resource-group/a-very-long-vnet/compute\"
        [[[parameter Zone]]]
        DefaultValue = =undefined
";

    #[test]
    fn defaults_and_inherited_attributes() {
        expect![[r#"
            [cluster demo]
                [[node defaults]]
                MachineType = $DefaultType⟨= Standard_F2s_v2⟩
                ImageName = cycle.image.ubuntu22
                SubnetId = $Subnet⟨= "a-very-long-resource-group/a-very-long-…⟩
                [[node scheduler]]⟨ImageName: cycle.image.ubuntu22 (from defaults)⟩⟨SubnetId: $Subnet (from defaults)⟩
                MachineType = Standard_D4s_v5
                [[nodearray execute]]⟨MachineType: Standard_D4s_v5 (from scheduler)⟩⟨ImageName: cycle.image.ubuntu22 (from defaults)⟩⟨SubnetId: $Subnet (from defaults)⟩
                Extends = scheduler
                [[nodearray gpu]]⟨MachineType: Standard_D4s_v5 (from scheduler)⟩⟨SubnetId: $Subnet (from defaults)⟩
                Extends = execute
                ImageName := undefined
                Azure.Publisher = microsoft-dsvm
                Azure.Offer = ubuntu-hpc
                [[nodearray mine]]⟨MachineType: $DefaultType (from defaults)⟩
                Image = /subscriptions/x/images/mine
                SubnetId := undefined
                Zone = $Zone⟨= undefined⟩

            [parameters About]
                [[parameters Networking]]
                    [[[parameter DefaultType]]]
                    Label = Machine type
                    DefaultValue = Standard_F2s_v2
                    [[[parameter Subnet]]]
                    DefaultValue = "a-very-long-resource-group/a-very-long-vnet/compute"
                    [[[parameter Zone]]]
                    DefaultValue = =undefined
        "#]]
        .assert_eq(&render(TEMPLATE, None));
    }

    #[test]
    fn only_hints_in_the_range_are_returned() {
        let start = TEMPLATE.find("[[nodearray gpu]]").unwrap();
        let end = TEMPLATE.find("[[nodearray mine]]").unwrap();
        let snapshot = Snapshot::parse(TEMPLATE);
        let model = model::build(&snapshot);
        let labels: Vec<String> = inlay_hints(&snapshot, &model, start..end)
            .into_iter()
            .map(|hint| hint.label)
            .collect();
        expect![[r#"
            [
                "MachineType: Standard_D4s_v5 (from scheduler)",
                "SubnetId: $Subnet (from defaults)",
            ]
        "#]]
        .assert_debug_eq(&labels);
    }

    #[test]
    fn inherited_azure_image_reads_as_one_value() {
        expect![[r#"
            [cluster c]
            [[node defaults]]
            Azure.Publisher = microsoft-dsvm
            Azure.Offer = ubuntu-hpc
            Azure.Sku = 2204
            Azure.ImageVersion = latest
            [[node a]]⟨Image: microsoft-dsvm:ubuntu-hpc:2204:latest (from defaults)⟩
        "#]]
        .assert_eq(&render(
            "[cluster c]\n[[node defaults]]\nAzure.Publisher = microsoft-dsvm\nAzure.Offer = ubuntu-hpc\nAzure.Sku = 2204\nAzure.ImageVersion = latest\n[[node a]]\n",
            None,
        ));
    }

    #[test]
    fn computed_values_show_what_they_evaluate_to_with_defaults() {
        expect![[r#"
            [cluster c]
            [[node defaults]]
            Size = ${ifThenElse(Big, 100, 10)}⟨→ 100⟩
            [[nodearray a]]
            Cores = 4
            MaxCoreCount := Cores * $Count⟨= 3⟩⟨→ 12⟩
            Name = ${Prefix}-${Count}⟨→ hpc-3⟩
            Deployed = ${Ext.Address}
            Named = ${ClusterName}-x
            Typo := Nope + 1
            MachineType = $Prefix⟨= hpc⟩
            Other = $Computed⟨= Prefix⟩⟨→ hpc⟩

            [environment Ext]

            [parameters P]
            [[parameter Big]]
            DefaultValue = true
            [[parameter Count]]
            DefaultValue = 3
            [[parameter Prefix]]
            DefaultValue = hpc
            [[parameter Computed]]
            DefaultValue := Prefix⟨→ hpc⟩
        "#]]
        .assert_eq(&render(
            "[cluster c]
[[node defaults]]
Size = ${ifThenElse(Big, 100, 10)}
[[nodearray a]]
Cores = 4
MaxCoreCount := Cores * $Count
Name = ${Prefix}-${Count}
Deployed = ${Ext.Address}
Named = ${ClusterName}-x
Typo := Nope + 1
MachineType = $Prefix
Other = $Computed

[environment Ext]

[parameters P]
[[parameter Big]]
DefaultValue = true
[[parameter Count]]
DefaultValue = 3
[[parameter Prefix]]
DefaultValue = hpc
[[parameter Computed]]
DefaultValue := Prefix
",
            None,
        ));
    }

    #[test]
    fn half_typed_and_odd_input_do_not_panic() {
        for text in [
            "",
            "[",
            "[cluster c]\n[[node a\nMachineType = $",
            "[cluster é]\n[[node ñ]]\nX = $Ré\n[parameter Ré]\nDefaultValue = '''a\nb'''\n",
        ] {
            let _ = render(text, None);
            let _ = render(text, Some(text.len()..text.len() + 10));
        }
    }
}
