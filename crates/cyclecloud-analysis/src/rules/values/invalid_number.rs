//! CC0302: an integer or float attribute whose literal value is not a number in range.

use cyclecloud_catalog::{Attribute, ValueType};

use super::util;
use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0302",
    name: "invalid-number",
    severity: Severity::Error,
    spec: "R28",
    summary: "Numeric attribute with a non-numeric, fractional or out-of-range literal",
    doc: "\
## What it finds
An attribute the catalog types as integer or float (`Size`, `MaxCount`, `Azure.Lun`, ports,
`MaxPrice`, `Config.MinValue`, …) whose literal value is not a number, an integer attribute given
a fraction, or a number outside the documented range (`MaxPrice` below -1, a port above 65535).
References and expressions are not judged; a comma in a number (`32,000`) is reported by CC0309.

## Why it matters
CycleCloud reads a non-numeric value as text, so the disk, count or price it configures is
rejected or wrong. Units are not part of the value: `Size` is a number of GB.

## Example
```
[cluster demo]
    [[node scheduler]]
    MaxPrice = -2
        [[[volume data]]]
        Size = 100GB
```

## Fix
Write a plain number in the attribute's unit and range: `Size = 100`, `MaxPrice = -1`.
",
    check,
    has_fix: false,
    scope: Scope::Section,
};

fn check(context: &mut Context<'_>) {
    for (line, attribute, value) in util::known_literals(context) {
        if let Some(message) = problem(attribute, &line.key, value) {
            context.report(line.value_range(), message);
        }
    }
}

/// What is wrong with `value` for `key`, `None` when it is a number in range or the attribute
/// takes no number.
fn problem(attribute: &Attribute, key: &str, value: &str) -> Option<String> {
    let integer = match attribute.value_type {
        ValueType::Integer => true,
        ValueType::Float => false,
        _ => return None,
    };
    let Some(number) = util::parse_number(value) else {
        return Some(if has_unit(value) {
            format!("`{key}` takes a plain number without a unit, not `{value}`.")
        } else if integer {
            format!("`{key}` takes a whole number, not `{value}`.")
        } else {
            format!("`{key}` takes a number, not `{value}`.")
        });
    };
    if integer && !util::is_integer_literal(value) {
        return Some(format!(
            "`{key}` takes a whole number; `{value}` is not one."
        ));
    }
    let (side, bound) = match (attribute.minimum, attribute.maximum) {
        (Some(minimum), _) if number < minimum => ("at least", minimum),
        (_, Some(maximum)) if number > maximum => ("at most", maximum),
        _ => return None,
    };
    Some(format!("`{key}` must be {side} {bound}, not `{value}`."))
}

/// Whether text is a number followed by letters (`100GB`, `30 s`).
fn has_unit(text: &str) -> bool {
    let letter = text.find(|c: char| c.is_ascii_alphabetic());
    letter.is_some_and(|split| {
        let (number, unit) = text.split_at(split);
        unit.chars().all(|c| c.is_ascii_alphabetic())
            && util::parse_number(number.trim_end()).is_some()
    })
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_text_fractions_units_and_out_of_range_numbers() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
            MaxCount = many
                      #^^^^ error[CC0302]: `MaxCount` takes a whole number, not `many`.
                [[nodearray a]]
                MaxPrice = -2
                          #^^ error[CC0302]: `MaxPrice` must be at least -1, not `-2`.
                InitialCount = 1.5
                              #^^^ error[CC0302]: `InitialCount` takes a whole number; `1.5` is not one.
                    [[[volume data]]]
                    Size = 100GB
                          #^^^^^ error[CC0302]: `Size` takes a plain number without a unit, not `100GB`.
                    [[[input-endpoint web]]]
                    PublicPort = 70000
                                #^^^^^ error[CC0302]: `PublicPort` must be at most 65535, not `70000`.
                    PrivatePort = 0
                                 #^ error[CC0302]: `PrivatePort` must be at least 1, not `0`.
            [[parameter Cores]]
            Config.MaxValue = lots
                             #^^^^ error[CC0302]: `Config.MaxValue` takes a number, not `lots`.
        "#]]);
    }

    #[test]
    fn accepts_numbers_references_lists_and_unknown_keys() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
            MaxCount = 10
                [[nodearray a]]
                MaxPrice = -1
                MaxCoreCount = $Cores
                InitialCount := Cores / 2
                    [[[volume data]]]
                    Size = "128"
                    [[[configuration]]]
                    slurm.count = many
            [[parameter Cores]]
            Config.MaxValue = 32,000
            Config.MinValue = 0.5
        "#]]);
    }
}
