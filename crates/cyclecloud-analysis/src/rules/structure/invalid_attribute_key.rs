//! CC0008: an attribute key with characters keys cannot have (`Condition:Required`, blanks).

use crate::model::AttrInfo;
use crate::rules::prelude::*;
use crate::vocabulary::is_placeholder;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0008",
    name: "invalid-attribute-key",
    severity: Severity::Error,
    spec: "R05",
    summary: "An attribute key that is not a dotted name (`Condition:Required`, blanks inside)",
    doc: "\
## What it finds
An attribute key that does not have the shape of a key: a letter or `_` followed by letters,
digits, `_`, `.` and `-` (`Azure.MaxScalesetSize`, `slurm.user.uid`). A `:` (as in
`Condition:Required`), a blank inside the key, brackets or a leading digit are reported. Keys
of `record` blocks are free text (`NVIDIA Quadro WS2016 = windows`) and are not checked, nor
are Jinja placeholders (`{{ name }}`) in generated templates.

## Why it matters
CycleCloud splits the line at the first `=` and takes the left side as an attribute path. A
mistyped key is stored under a name nothing reads, so the setting silently has no effect; the
`Condition:Required` typo leaves a parameter optional when it was meant to be conditionally
required.

## Example
```
[[[parameter Region]]]
Condition:Required := UseRegion
```

## Fix
Write the key as a dotted name. When a known attribute is close (`Conditions.Required` for
`Condition:Required`), the quick fix renames the key.
",
    check,
    has_fix: true,
    scope: Scope::Section,
};

fn check(context: &mut Context<'_>) {
    let model = context.model;
    for attr in &model.attributes {
        // The character scan first: it rules out almost every line without a lookup.
        let Some(reason) = key_problem(&attr.key) else {
            continue;
        };
        let section = attr
            .section
            .and_then(|section| model.sections[section].catalog);
        if section.is_some_and(|kind| kind.free_text_keys) || is_placeholder(&attr.key) {
            continue;
        }
        let better = suggestion(context, attr);
        let advice = did_you_mean(
            better.as_deref(),
            "keys start with a letter or `_` and hold only letters, digits, `_`, `.` and `-`",
        );
        let key = &attr.key;
        let message = format!("`{key}` is not a valid attribute name ({reason}); {advice}");
        let range = attr.key_range();
        let fix = better.map(|key| Fix::edit(format!("Rename to `{key}`"), range.clone(), key));
        context.report_with_fix(range, message, fix);
    }
}

/// The bytes a key may hold after its first: ASCII letters, digits, `_`, `.` and `-`.
static KEY_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        table[byte] = b.is_ascii_alphanumeric() || b == b'_' || b == b'.' || b == b'-';
        byte += 1;
    }
    table
};

/// Why a key is not a valid dotted name, `None` when it is one; other rules leave invalid keys to
/// this one. One byte scan with a table: nearly every line's key is valid and ASCII.
pub(crate) fn key_problem(key: &str) -> Option<String> {
    let first = key.chars().next()?;
    if !(first.is_ascii_alphabetic() || first == '_') {
        return Some(format!("a key cannot start with `{first}`"));
    }
    // Non-ASCII bytes are not in the table, so the first one found starts a char.
    let at = key.bytes().position(|b| !KEY_BYTES[usize::from(b)])?;
    let bad = key[at..].chars().next()?;
    Some(if bad.is_whitespace() {
        "blanks are not allowed in keys".to_owned()
    } else {
        format!("`{bad}` is not allowed in keys")
    })
}

/// A known attribute the author probably meant: `:` read as `.`, blanks dropped, then the
/// catalog's closest name for the section.
fn suggestion(context: &Context<'_>, attr: &AttrInfo) -> Option<String> {
    let (catalog, model) = (context.catalog, context.model);
    let section = attr.section.map(|section| &model.sections[section]);
    let kind = section.map_or("", |section| section.kind.as_str());
    // Configuration keys are catalogued with their full path: `prefix.key`.
    let prefix = model
        .configuration_prefix(attr.section)
        .map(|name| format!("{name}."))
        .unwrap_or_default();
    let dotted = attr.key.replace(':', ".");
    let squeezed: String = dotted.chars().filter(|c| !c.is_whitespace()).collect();
    let underscored: String = dotted.split_whitespace().collect::<Vec<_>>().join("_");
    [dotted, squeezed, underscored]
        .into_iter()
        .filter(|candidate| key_problem(candidate).is_none())
        .find_map(|candidate| {
            let full = format!("{prefix}{candidate}");
            if catalog.attribute(kind, &full).is_some() {
                return Some(candidate);
            }
            let known = catalog.suggest_attribute_key(kind, &full)?;
            known.strip_prefix(&prefix).map(str::to_owned)
        })
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_keys_with_colons_blanks_and_bad_starts() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
                [[node n]]
                Machine Type = Standard_D4s_v5
               #^^^^^^^^^^^^ error[CC0008]: `Machine Type` is not a valid attribute name (blanks are not allowed in keys); did you mean `MachineType`?
                1st = x
               #^^^ error[CC0008]: `1st` is not a valid attribute name (a key cannot start with `1`); keys start with a letter or `_` and hold only letters, digits, `_`, `.` and `-`
                odd key here = 1
               #^^^^^^^^^^^^ error[CC0008]: `odd key here` is not a valid attribute name (blanks are not allowed in keys); keys start with a letter or `_` and hold only letters, digits, `_`, `.` and `-`
            [parameters p]
                [[parameter Region]]
                Condition:Required := UseRegion
               #^^^^^^^^^^^^^^^^^^ error[CC0008]: `Condition:Required` is not a valid attribute name (`:` is not allowed in keys); did you mean `Conditions.Required`?
                Config:Unknownish = 1
               #^^^^^^^^^^^^^^^^^ error[CC0008]: `Config:Unknownish` is not a valid attribute name (`:` is not allowed in keys); keys start with a letter or `_` and hold only letters, digits, `_`, `.` and `-`
        "#]]);
    }

    #[test]
    fn dotted_keys_record_keys_and_placeholders_are_fine() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
                [[node n]]
                Azure.MaxScalesetSize = 40
                _private-key.x = 1
                    [[[configuration cyclecloud.mounts]]]
                    nfs_shared.type = nfs
                {{ generated_key }} = 1
            [parameters p]
                [[parameter Images]]
                    [[[record DefaultValue]]]
                    NVIDIA Quadro WS2016 = windows
        "#]]);
    }

    #[test]
    fn fix_renames_the_key() {
        expect![[r#"
            Rename to `Conditions.Required`
            [parameter Region]
            Conditions.Required := UseRegion
        "#]]
        .assert_eq(&super::RULE.fix("[parameter Region]\nCondition:Required := UseRegion\n", 0));
    }
}
