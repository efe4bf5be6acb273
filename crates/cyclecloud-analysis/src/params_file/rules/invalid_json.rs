//! CC0701: a parameter file that is not a JSON object.

use crate::diagnostic::Severity;
use crate::params_file::{ParamsContext, ParamsRule};

/// The rule.
pub(crate) static RULE: ParamsRule = ParamsRule {
    code: "CC0701",
    name: "params-invalid-json",
    severity: Severity::Error,
    summary: "A parameter file that is not a JSON object of names and values",
    doc: r#"## What it finds

A parameter file (`cyclecloud create_cluster … -p FILE.json`) that is not valid JSON, or whose
top level is not an object: a trailing comma, single quotes, a comment, an array.

## Why it matters

The CLI refuses the file, so the cluster is not created or imported.

## Example

```json
{ "Region": "westeurope", }
```

## Fix

Write strict JSON: keys and strings in double quotes, no trailing commas, no comments, one object
at the top level.
"#,
    check,
};

fn check(context: &mut ParamsContext<'_>) {
    if let Some(error) = &context.file.error {
        let at = error.offset.min(context.text.len());
        let end = context.text[at..]
            .chars()
            .next()
            .map_or(at, |c| at + c.len_utf8());
        let message = format!("not a valid parameter file: {}", error.message);
        context.report(at..end, message);
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::params_file::testing::{findings, TEMPLATE};

    #[test]
    fn reports_bad_json_where_reading_stopped() {
        expect![[r#"
            1:27 error[CC0701] `}`: not a valid parameter file: expected a key in double quotes
        "#]]
        .assert_eq(&findings(
            "CC0701",
            TEMPLATE,
            "{ \"Region\": \"westeurope\", }",
        ));
        expect![[r#"
            1:1 error[CC0701] `[`: not a valid parameter file: a parameter file must be a JSON object of parameter names and values
        "#]]
        .assert_eq(&findings("CC0701", TEMPLATE, "[1]"));
        expect![[""]].assert_eq(&findings(
            "CC0701",
            TEMPLATE,
            "{\"Region\": \"westeurope\"}\n",
        ));
    }
}
