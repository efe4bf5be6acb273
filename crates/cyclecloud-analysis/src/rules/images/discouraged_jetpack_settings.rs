//! CC0208: Jetpack installation switches that are rarely what a template wants.

use crate::diagnostic::Severity;
use crate::rule::{Context, Rule};

use super::util::literal;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0208",
    name: "discouraged-jetpack-settings",
    severity: Severity::Hint,
    spec: "R22",
    summary: "`InstallJetpack`, `AwaitInstallation` or `DownloadJetpack = false` set explicitly",
    doc: "\
## What it finds
`InstallJetpack` or `AwaitInstallation` written in a node, and `DownloadJetpack = false`.

## Why it matters
CycleCloud decides these itself; turning installation off means the image must already carry the
right Jetpack, and `DownloadJetpack = false` works only on Linux images with Jetpack
pre-installed (CycleCloud 8.4.1 and later).

## Example
```
InstallJetpack = false
```

## Fix
Remove the line unless the image is prepared for it.
",
    check,
};

fn check(context: &mut Context<'_>) {
    for attr in &context.model.attributes {
        let message = if attr.key_is("InstallJetpack") || attr.key_is("AwaitInstallation") {
            format!(
                "`{}` is normally left to CycleCloud; set it only for images prepared for it",
                attr.key
            )
        } else if attr.key_is("DownloadJetpack")
            && literal(attr).is_some_and(|v| v.eq_ignore_ascii_case("false"))
        {
            "`DownloadJetpack = false` needs a Linux image with the matching Jetpack pre-installed"
                .to_owned()
        } else {
            continue;
        };
        context.report(attr.key_range.clone(), message);
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::testing::check;

    #[test]
    fn explicit_switches_get_a_hint() {
        let actual = check("CC0208", "[cluster c]\n[[node n]]\nInstallJetpack = true\nDownloadJetpack = False\nDownloadJetpack = true\n");
        expect![[r#"
            [cluster c]
            [[node n]]
            InstallJetpack = true
            ^^^^^^^^^^^^^^ hint[CC0208]: `InstallJetpack` is normally left to CycleCloud; set it only for images prepared for it
            DownloadJetpack = False
            ^^^^^^^^^^^^^^^ hint[CC0208]: `DownloadJetpack = false` needs a Linux image with the matching Jetpack pre-installed
            DownloadJetpack = true
        "#]]
        .assert_eq(&actual);
    }
}
