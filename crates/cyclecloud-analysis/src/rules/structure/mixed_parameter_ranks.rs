//! CC0010: `parameter` sections written at more than one rank in one file.

use std::collections::BTreeMap;

use crate::diagnostic::{Related, Severity};
use crate::rule::{Context, Rule};

use super::util::header_text;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0010",
    name: "mixed-parameter-ranks",
    severity: Severity::Hint,
    spec: "R04",
    summary: "`parameter` sections at more than one rank in the same file",
    doc: "\
## What it finds
Files whose `parameter` sections do not all have the same number of brackets. The rank most
parameters use is taken as the file's; every parameter at another rank is reported, with a
pointer to a parameter at the usual rank.

## Why it matters
Microsoft's parameter reference asks not to mix parameter ranks in one template, because the
cluster creation form is then rendered badly. The values themselves are not affected, and many
deployed templates mix ranks (a `[parameters]` group holding `[[parameter]]` next to groups with
`[[[parameter]]]` in sub-groups), so this is a hint about layout only.

## Example
```
[parameters Settings]
    [[parameters Basics]]
        [[[parameter Region]]]
[parameters Monitoring]
    [[parameter MonitoringEnabled]]
```

## Fix
Give every parameter the same number of brackets, adding a sub-group where a group holds
parameters directly: `[parameters Monitoring]`, then `[[parameters Options]]`, then
`[[[parameter MonitoringEnabled]]]`.
",
    check,
};

fn check(context: &mut Context<'_>) {
    let model = context.model;
    let parameters: Vec<_> = model.sections_of("parameter").collect();
    // Rank → (count, first section of that rank).
    let mut ranks: BTreeMap<usize, (usize, usize)> = BTreeMap::new();
    for (id, section) in &parameters {
        ranks.entry(section.rank).or_insert((0, *id)).0 += 1;
    }
    if ranks.len() < 2 {
        return;
    }
    // The most used rank; on a tie, the one used first in the file.
    let Some((&usual, &(_, example))) = ranks
        .iter()
        .max_by_key(|(_, (count, first))| (*count, std::cmp::Reverse(*first)))
    else {
        return;
    };
    let example = &model.sections[example];
    for (_, section) in parameters {
        if section.rank == usual {
            continue;
        }
        let mut diagnostic = context.diagnostic(
            section.header_range.clone(),
            format!(
                "`{}` has {} brackets while most parameters in this file have {usual}; keep all \
                 parameters at one rank so the cluster form renders well",
                header_text(context, section),
                section.rank
            ),
        );
        diagnostic.related.push(Related {
            range: example.header_range.clone(),
            message: format!("a parameter with {usual} brackets"),
        });
        context.push(diagnostic);
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::testing::{check, diagnostics_with};

    const MIXED: &str = "
[parameters Settings]
    [[parameters Basics]]
        [[[parameter Region]]]
        [[[parameter Credentials]]]
[parameters Monitoring]
    [[parameter MonitoringEnabled]]
";

    #[test]
    fn reports_the_parameters_outside_the_usual_rank() {
        expect![[r#"
            [parameters Settings]
                [[parameters Basics]]
                    [[[parameter Region]]]
                    [[[parameter Credentials]]]
            [parameters Monitoring]
                [[parameter MonitoringEnabled]]
                ^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ hint[CC0010]: `[[parameter MonitoringEnabled]]` has 2 brackets while most parameters in this file have 3; keep all parameters at one rank so the cluster form renders well
        "#]]
        .assert_eq(&check("CC0010", MIXED));
        let text = MIXED.trim_start();
        let diagnostics = diagnostics_with(&Default::default(), "CC0010", text);
        assert_eq!(diagnostics[0].related.len(), 1);
        assert_eq!(
            Some(diagnostics[0].related[0].range.start),
            text.find("[[[parameter Region]]]")
        );
    }

    #[test]
    fn one_rank_is_fine() {
        let actual = check(
            "CC0010",
            "
[parameters Settings]
    [[parameter Region]]
[parameters Other]
    [[parameter Credentials]]
",
        );
        expect![[r#"
            [parameters Settings]
                [[parameter Region]]
            [parameters Other]
                [[parameter Credentials]]
        "#]]
        .assert_eq(&actual);
    }
}
