//! CC0111: a call to a known expression function with the wrong number of arguments.

use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0111",
    name: "function-arity",
    severity: Severity::Warning,
    spec: "R50",
    summary: "A known expression function called with too few or too many arguments",
    doc: "\
## What it finds
A call to one of the expression functions (`ifThenElse`, `substr`, `regexp`, …) with a number
of arguments the function does not accept, such as `ifThenElse` with two.

## Why it matters
The call evaluates to an error, so the attribute ends up undefined at import instead of holding
the value the expression was meant to compute.

## Example
```
[cluster demo]
    [[node scheduler]]
    MachineType := ifThenElse(Big, \"Standard_D8s_v5\")
```

## Fix
Give the function the arguments its signature lists: `ifThenElse(Big, \"Standard_D8s_v5\",
\"Standard_D4s_v5\")`.
",
    check,
    has_fix: false,
    scope: Scope::Section,
};

fn check(context: &mut Context<'_>) {
    let catalog = context.catalog;
    for call in &context.model.calls {
        let (Some(function), Some(count)) = (catalog.function(&call.name), call.arguments) else {
            continue;
        };
        if function.accepts_arity(count) {
            continue;
        }
        let message = format!(
            "`{}` takes {} (`{}`), not {count}",
            call.name,
            function.arity_text(),
            function.signature
        );
        context.report(call.range.clone(), message);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_wrong_argument_counts() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
            [[node a]]
            A := ifThenElse(Big, "a")
                #^^^^^^^^^^^^^^^^^^^^ warning[CC0111]: `ifThenElse` takes 3 arguments (`ifThenElse(predicate, whenTrue, whenFalse)`), not 2
            B = ${substr(ClusterName)}
                 #^^^^^^^^^^^^^^^^^^^ warning[CC0111]: `substr` takes 2 to 3 arguments (`substr(string, start[, length])`), not 1
            C := strcat()
                #^^^^^^^^ warning[CC0111]: `strcat` takes at least 1 argument (`strcat(s1, s2, ...)`), not 0
        "#]]);
    }

    #[test]
    fn right_counts_and_unknown_functions_are_quiet() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
            [[node a]]
            A := ifThenElse(Big, "a", substr(ClusterName, -1, 1))
            B := strjoin(",", a, b, c)
            C := undefined()
            D := frobnicate(1, 2, 3)
        "#]]);
    }
}
