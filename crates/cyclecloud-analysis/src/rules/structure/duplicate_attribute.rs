//! CC0011: the same attribute key twice in one section.

use crate::rules::prelude::*;
use crate::vocabulary::is_placeholder;

use super::util::{header_as_written, repeat_of};

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0011",
    name: "duplicate-attribute",
    severity: Severity::Warning,
    spec: "R07",
    summary: "The same attribute key twice in one section",
    doc: "\
## What it finds
A key written twice in the same section, comparing keys without regard to case
(`MachineType` and `machinetype` are the same attribute). The later line is reported, with a
pointer to the earlier one.

This holds in every kind of section: several `[[[configuration]]]` sections of a node are merged
and repeated `[[[[list]]]]` blocks each add an item, but a key repeated inside one such section
or block is still a duplicate. Lines separated by a Jinja statement (`{% if %}` / `{% else %}`)
in a generated template may sit in different branches and are not compared.

## Why it matters
Only one of the values can take effect, and which one is not documented. Usually one line is a
leftover from an edit, and the cluster gets a value the author thought was gone.

## Example
```
[[nodearray execute]]
MachineType = Standard_F4s_v2
MaxCount = 10
MachineType = Standard_F8s_v2
```

## Fix
Keep one of the lines. The quick fix removes the earlier one, so the value written last stays.
",
    check,
    has_fix: true,
    scope: Scope::Document,
};

fn check(context: &mut Context<'_>) {
    let model = context.model;
    for (earlier, attr) in model.repeated_keys() {
        let info = &model.attributes[attr];
        // Keys equal in any case are both placeholders or both not.
        if info.key.is_empty() || is_placeholder(&info.key) {
            continue;
        }
        let Some(section) = info.section.map(|section| &model.sections[section]) else {
            continue;
        };
        let earlier = &model.attributes[earlier];
        let Some(line) = repeat_of(context, earlier.range.start, info.range.start) else {
            continue;
        };
        let message = format!(
            "`{}` is already set in `{}` (line {line}); keep only one of the two lines",
            info.key,
            header_as_written(context, section)
        );
        let mut diagnostic = context.diagnostic(info.key_range(), message);
        let related = format!("`{}` is first set here", earlier.key);
        diagnostic.relate(earlier.range.clone(), related);
        let title = format!("Remove the earlier `{}` line", earlier.key);
        let fix = Fix::edit(title, context.full_lines(&earlier.range), "");
        context.push(diagnostic.with_fix(fix));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_the_later_of_two_equal_keys_ignoring_case() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
                [[nodearray execute]]
                MachineType = Standard_F4s_v2
                MaxCount = 10
                machinetype = Standard_F8s_v2
               #^^^^^^^^^^^ warning[CC0011]: `machinetype` is already set in `[[nodearray execute]]` (line 3); keep only one of the two lines
                    [[[configuration]]]
                    slurm.partition = hpc
                    slurm.partition = htc
                   #^^^^^^^^^^^^^^^ warning[CC0011]: `slurm.partition` is already set in `[[[configuration]]]` (line 7); keep only one of the two lines
            [parameters p]
                [[parameter Entries]]
                    [[[list Config.Entries]]]
                    Name = a
                    Name = b
                   #^^^^ warning[CC0011]: `Name` is already set in `[[[list Config.Entries]]]` (line 12); keep only one of the two lines
        "#]]);
    }

    #[test]
    fn keys_in_different_sections_or_jinja_branches_are_fine() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
                [[node a]]
                MachineType = x
                    [[[configuration]]]
                    a = 1
                    [[[configuration]]]
                    a = 2
                [[node b]]
                MachineType = y
                {% if big %}
                MaxCount = 10
                {% else %}
                MaxCount = 2
                {% endif %}
        "#]]);
    }

    #[test]
    fn fix_removes_the_earlier_line_with_its_line_break() {
        expect![[r#"
            Remove the earlier `MachineType` line
            [cluster c]
            [[node n]]
            MaxCount = 1
            MachineType = b
        "#]]
        .assert_eq(&{
            let fixed = super::RULE.fix(
                "[cluster c]\r\n[[node n]]\r\nMachineType = a # old\r\nMaxCount = 1\r\nMachineType = b\r\n",
                0,
            );
            // Four lines remain, each still ending in CRLF.
            assert_eq!(fixed.matches("\r\n").count(), 4);
            fixed.replace("\r\n", "\n")
        });
    }
}
