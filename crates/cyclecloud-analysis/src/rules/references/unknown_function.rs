//! CC0110: a call to a function the expression language does not have.

use crate::rules::prelude::*;

use super::util::suggest;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0110",
    name: "unknown-function",
    severity: Severity::Warning,
    spec: "R50",
    summary: "A call to a function CycleCloud expressions do not have",
    doc: "\
## What it finds
A call `name(…)` in a `${…}`, `:=` or `= =` expression whose function is not one CycleCloud's
expression language offers (`ifThenElse`, `strcat`, `regexps`, `size`, … and the ClassAd
functions), ignoring case, or a function that only works in another attribute (`Cluster()`
outside `Config.Query`). `Config.Query` values are a query language of their own and are not
checked.

## Why it matters
An unknown function makes the expression an error value at import, so the attribute ends up
undefined (or the cluster form shows an error) instead of the computed value.

## Example
```
[cluster demo]
    [[node scheduler]]
    MachineType := ifThenEsle(Big, \"Standard_D8s_v5\", \"Standard_D4s_v5\")
```

## Fix
Correct the name (`ifThenElse`) or rewrite the expression with the functions listed in the
reference (special parsing).
",
    check,
    has_fix: true,
    scope: Scope::Section,
};

fn check(context: &mut Context<'_>) {
    let catalog = context.catalog;
    let names: Vec<&str> = catalog
        .functions()
        .iter()
        .filter(|function| function.context.is_none())
        .map(|function| function.name.as_str())
        .collect();
    for call in &context.model.calls {
        if let Some(function) = catalog.function(&call.name) {
            if let Some(only) = &function.context {
                let name = &function.name;
                context.report(
                    call.name_range.clone(),
                    format!("`{name}()` is only available in `{only}`; compute the value another way here"),
                );
            }
            continue;
        }
        let suggestion = suggest(&call.name, names.iter().copied());
        let otherwise = "use one of CycleCloud's functions such as `ifThenElse` or `strcat`";
        let advice = did_you_mean(suggestion, otherwise);
        let message = format!("`{}` is not an expression function; {advice}", call.name);
        let fix = suggestion.map(|better| Fix::replace(call.name_range.clone(), better));
        context.report_with_fix(call.name_range.clone(), message, fix);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    const UNKNOWN: Expect = expect![[r#"
        [cluster demo]
        [[node a]]
        MachineType := ifThenEsle(Big, "a", "b")
                      #^^^^^^^^^^ warning[CC0110]: `ifThenEsle` is not an expression function; did you mean `ifThenElse`?
        Name = ${frobnicate(ClusterName)}
                #^^^^^^^^^^ warning[CC0110]: `frobnicate` is not an expression function; use one of CycleCloud's functions such as `ifThenElse` or `strcat`
        Tags.x = =Cluster()
                 #^^^^^^^ warning[CC0110]: `Cluster()` is only available in `Config.Query`; compute the value another way here
    "#]];

    #[test]
    fn reports_unknown_functions() {
        super::RULE.check_fixture(UNKNOWN);
    }

    #[test]
    fn known_functions_in_any_case_are_fine() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
            [[node a]]
            A := IfThenElse(x, StrJoin(",", y), undefined())
            B = ${toLower(ClusterName)}
            [parameter P]
            Config.Query = select Name from Cloud.Node where Cluster().IsTemplate
        "#]]);
    }

    #[test]
    fn fix_replaces_the_name() {
        expect![[r#"
            Replace with `ifThenElse`
            [cluster demo]
            [[node a]]
            MachineType := ifThenElse(Big, "a", "b")
            Name = ${frobnicate(ClusterName)}
            Tags.x = =Cluster()
        "#]]
        .assert_eq(&super::RULE.fix(&fixture_text(&UNKNOWN), 0));
    }
}
