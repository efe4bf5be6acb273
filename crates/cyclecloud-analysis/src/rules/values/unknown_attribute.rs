//! CC0312: an attribute key the catalog does not know for its section kind.

use std::collections::HashMap;

use cyclecloud_catalog::Catalog;

use crate::rules::nodes::util::quoted;
use crate::rules::prelude::*;
use crate::rules::structure::invalid_attribute_key::key_problem;
use crate::rules::structure::swallowed_node_attribute::swallowed_by;
use crate::rules::Remembered;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0312",
    name: "unknown-attribute",
    severity: Severity::Hint,
    spec: "R53",
    summary: "Attribute the catalog does not know for this kind of section",
    doc: "\
## What it finds
A key that is not a known attribute of its section kind, with the closest known key when there
is one (`requied` → `Required`, `ParammeterType` → `ParameterType`) or the section kind the key
belongs to. Configuration and record sections hold free keys and are not checked; node-array
keys on a `[[node]]` are reported by CC0403, node attributes written after a child section
header by CC0014, and keys that are not dotted names (`Condition:Required`) by CC0008. The known keys are those of the CycleCloud cluster-template reference pages
(for network interfaces also how-to/network-security, which documents `PublicIp` and
`PublicDnsLabel`), plus keys observed in real templates.

## Why it matters
CycleCloud ignores or rejects keys it does not know, so a misspelt `Required` leaves the
parameter optional without any message. The object model is open and projects add their own
keys, so this stays a hint.

## Example
```
[parameter Region]
requied = true
```

## Fix
Correct the spelling (`Required = true`) or move the key to the section it belongs to.
",
    check,
    has_fix: true,
    scope: Scope::Line,
};

fn check(context: &mut Context<'_>) {
    // Did-you-mean compares a key with every catalog name: remember the answer per (section
    // kind, key), so a template repeating one unknown key thousands of times stays linear.
    let mut suggestions: HashMap<(String, String), Option<String>> = HashMap::new();
    let model = context.model;
    for attr in context.line_ids() {
        let line = &model.attributes[attr];
        let key = line.key.as_str();
        // Known keys (nearly every line) first: the model already looked them up.
        if line.catalog.is_some() || key.is_empty() || key.starts_with('{') {
            continue;
        }
        let Some(section) = line.section.map(|section| &model.sections[section]) else {
            continue;
        };
        let kind = section.kind.as_str();
        // A node attribute swallowed by a child section is CC0014's finding, with a better fix; a
        // key that is not a dotted name at all (`Condition:Required`) is CC0008's.
        if section.catalog.is_none_or(|kind| kind.open_keys)
            || key_problem(key).is_some()
            || swallowed_by(model, context.catalog, attr).is_some()
        {
            continue;
        }
        let suggestion = suggestions
            .entry((kind.to_owned(), line.key_lower.to_string()))
            .or_insert_with(|| {
                model
                    .catalog_kinds(line.section)
                    .find_map(|kind| context.catalog.suggest_attribute_key(kind, key))
                    .filter(|suggestion| same_leaf(key, suggestion))
            })
            .clone();
        // Where else the key belongs matters only without a suggestion.
        let message = if let Some(suggestion) = &suggestion {
            format!("`{key}` is not a known `{kind}` attribute; did you mean `{suggestion}`?")
        } else if let elsewhere @ [_, ..] = sections_knowing(context.catalog, key).as_slice() {
            let places = quoted(elsewhere).join(" or ");
            format!("`{key}` is not a `{kind}` attribute; it belongs in a {places} section.")
        } else {
            format!("`{key}` is not a known `{kind}` attribute; check its spelling.")
        };
        let fix = suggestion.map(|suggestion| Fix::replace(line.key_range(), suggestion));
        context.report_with_fix(line.key_range(), message, fix);
    }
}

/// The section kinds whose catalog entries know `key` (any case), in catalog order without
/// repeats: where an unknown key belongs. Remembered per key, since it scans every entry of
/// the catalog and an unknown key stays in the file for many keystrokes.
fn sections_knowing(catalog: &'static Catalog, key: &str) -> Vec<&'static str> {
    static REMEMBERED: Remembered<Vec<&'static str>> = Remembered::new();
    let key = key.trim();
    REMEMBERED.get(catalog, key, || {
        let mut sections: Vec<&'static str> = Vec::new();
        // `Catalog::attribute_variants`, with entries that outlive `key`.
        let variants = catalog.attributes().iter().filter(|a| a.matches_key(key));
        for section in variants.flat_map(|variant| &variant.sections) {
            if !sections
                .iter()
                .any(|known| known.eq_ignore_ascii_case(section))
            {
                sections.push(section);
            }
        }
        sections
    })
}

/// Whether a suggestion changes more than a different last segment under the same dotted
/// prefix: `AvailabilitySet.Sku` is not a typo of `AvailabilitySet.Name`, however alike the
/// whole keys look.
fn same_leaf(key: &str, suggestion: &str) -> bool {
    match (key.rsplit_once('.'), suggestion.rsplit_once('.')) {
        (Some((key_head, key_leaf)), Some((head, leaf))) if key_head.eq_ignore_ascii_case(head) => {
            strsim::normalized_damerau_levenshtein(
                &key_leaf.to_ascii_lowercase(),
                &leaf.to_ascii_lowercase(),
            ) >= 0.5
        }
        _ => true,
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_unknown_keys_with_suggestions() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
            Owner = me
            ^^^^^ hint[CC0312]: `Owner` is not a known `cluster` attribute; check its spelling.
                [[node n]]
                DowloadJetpack = false
               #^^^^^^^^^^^^^^ hint[CC0312]: `DowloadJetpack` is not a known `node` attribute; did you mean `DownloadJetpack`?
                AssociatePublicIpAddress = true
               #^^^^^^^^^^^^^^^^^^^^^^^^ hint[CC0312]: `AssociatePublicIpAddress` is not a `node` attribute; it belongs in a `network-interface` section.
            [parameter P]
            requied = true
            ^^^^^^^ hint[CC0312]: `requied` is not a known `parameter` attribute; did you mean `Required`?
            Condition:Required = true
                [[nodearray a]]
                AvailabilitySet.Sku = aligned
               #^^^^^^^^^^^^^^^^^^^ hint[CC0312]: `AvailabilitySet.Sku` is not a known `nodearray` attribute; check its spelling.
        "#]]);
    }

    #[test]
    fn accepts_known_keys_free_sections_and_nodearray_keys_on_nodes() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
            autoscale = true
                [[node scheduler]]
                MaxCount = 3
                tags.Team = hpc
                    [[[configuration]]]
                    anything.goes = 1
            [parameter P]
                [[record DefaultValue]]
                Free Text Key = 1
            [weird w]
            foo = 1
        "#]]);
    }

    #[test]
    fn leaves_node_attributes_in_child_sections_to_cc0014() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
            [[node n]]
            [[[volume v]]]
            MachineType = x
            Sizze = 1
            ^^^^^ hint[CC0312]: `Sizze` is not a known `volume` attribute; did you mean `Size`?
        "#]]);
    }

    #[test]
    fn documented_network_interface_keys_are_known() {
        // how-to/network-security (PublicIp, PublicDnsLabel) and the network-interface
        // reference (Primary, SubnetId); a misspelt key is still reported.
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
                [[node proxy]]
                    [[[network-interface eth0]]]
                    Primary = true
                    SubnetId = rg/vnet/public
                    PublicIp = $PublicIpId
                    PublicDnsLabel = myproxy
                    PublicDnsLable = myproxy
                   #^^^^^^^^^^^^^^ hint[CC0312]: `PublicDnsLable` is not a known `network-interface` attribute; did you mean `PublicDnsLabel`?
        "#]]);
    }

    #[test]
    fn leaves_invalid_keys_to_cc0008() {
        super::RULE.check_fixture(expect![[r#"
            [parameter P]
            Condition:Required = true
            Requied = true
            ^^^^^^^ hint[CC0312]: `Requied` is not a known `parameter` attribute; did you mean `Required`?
        "#]]);
    }

    #[test]
    fn fix_replaces_the_key() {
        expect![[r#"
            Replace with `ParameterType`
            [parameter P]
            ParameterType = Boolean
        "#]]
        .assert_eq(&super::RULE.fix("[parameter P]\nParammeterType = Boolean\n", 0));
    }
}
