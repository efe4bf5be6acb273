//! CC0001: text that does not fit the template grammar.

use cyclecloud_syntax::syntax_errors;

use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0001",
    name: "syntax-error",
    severity: Severity::Error,
    spec: "R05, R06, R50",
    summary: "Text that is not a header, an attribute line, a comment or a blank line",
    doc: "\
## What it finds
Text the template grammar cannot read: a line that is neither a header, an attribute line, a
comment nor blank; an expression after `:=` or inside `${…}` that does not parse; a `${` with no
closing `}`.

## Why it matters
CycleCloud rejects the template at import (`cyclecloud import_template`) or, worse, reads the
value as plain text, so the cluster is created with a value nobody wrote.

## Example
```
[cluster demo]
    [[node scheduler]]
    MachineType := ifThenElse(Big, \"Standard_D8s_v5\"
```

## Fix
Complete the expression (`…, \"Standard_D4s_v5\")`) or quote the value.
",
    check,
    has_fix: false,
    scope: Scope::Document,
};

fn check(context: &mut Context<'_>) {
    for error in syntax_errors(context.snapshot) {
        context.report(error.range, error.message);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_a_broken_expression_on_its_line_only() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
            a := foo(1,
                      #^ error[CC0001]: missing `)`
            b = 2
        "#]]);
    }

    #[test]
    fn clean_template_has_none() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
            a := foo(1, 2)
            b = ${x}
        "#]]);
    }
}
