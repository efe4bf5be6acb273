//! CC0010: `parameter` sections written at more than one rank in one file.

use std::collections::BTreeMap;

use crate::model::{SectionId, SectionInfo};
use crate::rules::prelude::*;

use super::util::header_as_written;

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
parameters use is taken as the file's. Parameters at another rank are reported once per group
that holds them (on the first one, with the others and a parameter at the usual rank as related
places), since the fix is one change to that group's layout.

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
    has_fix: false,
    scope: Scope::Document,
};

fn check(context: &mut Context<'_>) {
    let model = context.model;
    // Rank → (count, first section of that rank). The sections themselves are read only when
    // ranks differ.
    let mut ranks: BTreeMap<usize, (usize, SectionId)> = BTreeMap::new();
    for (id, rank) in model.ranks_of("parameter") {
        ranks.entry(rank).or_insert((0, id)).0 += 1;
    }
    // The most used rank (on a tie, the one used first in the file), when ranks differ.
    let usual = ranks
        .iter()
        .max_by_key(|(_, (count, first))| (*count, std::cmp::Reverse(*first)));
    let Some((&usual, &(_, example))) = usual.filter(|_| ranks.len() > 1) else {
        return;
    };
    let example = &model.sections[example];
    // Off-rank parameters grouped by the section holding them, each group in document order.
    let mut groups: BTreeMap<Option<SectionId>, Vec<&SectionInfo>> = BTreeMap::new();
    for (_, section) in model.sections_of("parameter") {
        if section.rank != usual {
            groups.entry(section.parent).or_default().push(section);
        }
    }
    for members in groups.into_values() {
        let first = members[0];
        let others = match members.len() - 1 {
            0 => String::new(),
            1 => " (and 1 more parameter of its group)".to_owned(),
            n => format!(" (and {n} more parameters of its group)"),
        };
        let message = format!(
            "`{}`{others} has {} brackets while most parameters in this file have {usual}; \
             keep all parameters at one rank so the cluster form renders well",
            header_as_written(context, first),
            first.rank
        );
        let mut diagnostic = context.diagnostic(first.header_range.clone(), message);
        for other in &members[1..] {
            let related = format!("also {} brackets", other.rank);
            diagnostic.relate(other.header_range.clone(), related);
        }
        let related = format!("a parameter with {usual} brackets");
        context.push(diagnostic.with_related(example.header_range.clone(), related));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    /// The texts the first finding in `text` points at as related places.
    fn related(text: &str) -> Vec<&str> {
        diagnostics("CC0010", text)[0]
            .related
            .iter()
            .map(|related| &text[related.range.clone()])
            .collect()
    }

    #[test]
    fn reports_the_parameters_outside_the_usual_rank() {
        let text = super::RULE.check_fixture(expect![[r#"
            [parameters Settings]
                [[parameters Basics]]
                    [[[parameter Region]]]
                    [[[parameter Credentials]]]
            [parameters Monitoring]
                [[parameter MonitoringEnabled]]
               #^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ hint[CC0010]: `[[parameter MonitoringEnabled]]` has 2 brackets while most parameters in this file have 3; keep all parameters at one rank so the cluster form renders well
        "#]]);
        assert_eq!(related(&text), ["[[[parameter Region]]]"]);
    }

    #[test]
    fn reports_each_group_once() {
        let text = super::RULE.check_fixture(expect![[r#"
            [parameters Settings]
                [[parameters Basics]]
                    [[[parameter Region]]]
                    [[[parameter Credentials]]]
                    [[[parameter SubnetId]]]
                    [[[parameter KeyPair]]]
            [parameters Monitoring]
                [[parameter MonitoringEnabled]]
               #^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^^ hint[CC0010]: `[[parameter MonitoringEnabled]]` (and 2 more parameters of its group) has 2 brackets while most parameters in this file have 3; keep all parameters at one rank so the cluster form renders well
                [[parameter MonitoringLevel]]
                [[parameter MonitoringTarget]]
            [parameters Advanced]
                [[parameter Extra]]
               #^^^^^^^^^^^^^^^^^^^ hint[CC0010]: `[[parameter Extra]]` has 2 brackets while most parameters in this file have 3; keep all parameters at one rank so the cluster form renders well
        "#]]);
        assert_eq!(
            related(&text),
            [
                "[[parameter MonitoringLevel]]",
                "[[parameter MonitoringTarget]]",
                "[[[parameter Region]]]"
            ]
        );
    }

    #[test]
    fn one_rank_is_fine() {
        super::RULE.check_fixture(expect![[r#"
            [parameters Settings]
                [[parameter Region]]
            [parameters Other]
                [[parameter Credentials]]
        "#]]);
    }
}
