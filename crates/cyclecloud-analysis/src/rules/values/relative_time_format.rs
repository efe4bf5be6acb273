//! CC0307: a relative-time attribute whose literal is not `<integer><s|m|h|d>`.

use cyclecloud_catalog::ValueType;

use super::util;
use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0307",
    name: "relative-time-format",
    severity: Severity::Warning,
    spec: "R39",
    summary: "Relative time that is not a whole number followed by s, m, h or d",
    doc: "\
## What it finds
A literal value of a relative-time attribute (`TerminateNotificationTimeout`,
`ThrottleCapacityTime`, …) that is not a whole number directly followed by a unit `s`, `m`, `h`
or `d`, written bare (`10m`) or in back-ticks (`` `10m` ``).

## Why it matters
CycleCloud reads durations only in that form; `10 minutes`, `600` or `1.5h` are not durations,
so the setting is rejected or ignored.

## Example
```
[cluster demo]
    [[nodearray execute]]
    EnableTerminateNotification = true
    TerminateNotificationTimeout = 10 minutes
```

## Fix
Write the duration as a number and a unit letter: `TerminateNotificationTimeout = 10m`.
",
    check,
    has_fix: false,
    scope: Scope::Section,
};

fn check(context: &mut Context<'_>) {
    for (line, attribute, value) in util::known_literals(context) {
        if attribute.value_type != ValueType::RelativeTime || is_relative_time(value) {
            continue;
        }
        let (key, shown) = (&line.key, value.trim_matches('`'));
        let message = format!("`{key}` takes a duration like `10m` (a whole number and `s`, `m`, `h` or `d`), not `{shown}`.");
        context.report(line.value_range(), message);
    }
}

/// Whether text is `<digits><s|m|h|d>`, optionally inside back-ticks.
fn is_relative_time(text: &str) -> bool {
    let inner = text
        .strip_prefix('`')
        .and_then(|rest| rest.strip_suffix('`'))
        .unwrap_or(text);
    let number = inner.strip_suffix(['s', 'm', 'h', 'd']);
    number.is_some_and(util::is_digits)
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_other_shapes() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
                [[nodearray a]]
                TerminateNotificationTimeout = 10 minutes
                                              #^^^^^^^^^^ warning[CC0307]: `TerminateNotificationTimeout` takes a duration like `10m` (a whole number and `s`, `m`, `h` or `d`), not `10 minutes`.
                ThrottleCapacityTime = `1.5h`
                                      #^^^^^^ warning[CC0307]: `ThrottleCapacityTime` takes a duration like `10m` (a whole number and `s`, `m`, `h` or `d`), not `1.5h`.
                [[nodearray b]]
                TerminateNotificationTimeout = 600
                                              #^^^ warning[CC0307]: `TerminateNotificationTimeout` takes a duration like `10m` (a whole number and `s`, `m`, `h` or `d`), not `600`.
        "#]]);
    }

    #[test]
    fn accepts_bare_and_back_ticked_durations() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
                [[nodearray a]]
                TerminateNotificationTimeout = 10m
                ThrottleCapacityTime = `30s`
                [[node n]]
                TerminateNotificationTimeout = $Timeout
        "#]]);
    }
}
