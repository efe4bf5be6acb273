//! CC0208: Jetpack installation switches that are rarely what a template wants.

use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0208",
    name: "discouraged-jetpack-settings",
    severity: Severity::Hint,
    spec: "R22",
    summary: "`InstallJetpack`, `AwaitInstallation` or `DownloadJetpack` turned off",
    doc: "\
## What it finds
`InstallJetpack = false`, `AwaitInstallation = false` or `DownloadJetpack = false` written in a
node or node array. Setting them to `true`, their default, is harmless and not reported; nor is
a value taken from a parameter, which the user picks.

## Why it matters
These switches are on by default (CycleCloud node and node array reference) and turning them off
moves work onto the image: without `InstallJetpack` the image must already carry Jetpack,
without `AwaitInstallation` the node is counted as ready before Jetpack has finished, and
`DownloadJetpack = false` works only on Linux images with the matching Jetpack pre-installed
(CycleCloud 8.4.1 and later).

## Example
```
[[node scheduler]]
InstallJetpack = false
```

## Fix
Remove the line unless the image is prepared for it.
",
    check,
    has_fix: false,
    scope: Scope::Line,
};

fn check(context: &mut Context<'_>) {
    let model = context.model;
    for attr in context.line_ids().map(|id| &model.attributes[id]) {
        let value = attr.literal_text();
        if !value.is_some_and(|value| value.eq_ignore_ascii_case("false")) {
            continue;
        }
        let message = if attr.key_is("InstallJetpack") {
            "`InstallJetpack = false` leaves Jetpack out: the image must already carry it, in a \
             version the server supports"
        } else if attr.key_is("AwaitInstallation") {
            "`AwaitInstallation = false` counts the node as ready before Jetpack has finished \
             installing"
        } else if attr.key_is("DownloadJetpack") {
            "`DownloadJetpack = false` needs a Linux image with the matching Jetpack pre-installed"
        } else {
            continue;
        };
        context.report(attr.key_range(), message);
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn switches_turned_off_get_a_hint() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
            [[node n]]
            InstallJetpack = false
            ^^^^^^^^^^^^^^ hint[CC0208]: `InstallJetpack = false` leaves Jetpack out: the image must already carry it, in a version the server supports
            AwaitInstallation = FALSE
            ^^^^^^^^^^^^^^^^^ hint[CC0208]: `AwaitInstallation = false` counts the node as ready before Jetpack has finished installing
            DownloadJetpack = False
            ^^^^^^^^^^^^^^^ hint[CC0208]: `DownloadJetpack = false` needs a Linux image with the matching Jetpack pre-installed
        "#]]);
    }

    #[test]
    fn defaults_and_parameters_are_quiet() {
        // `true` is the default (and what CC0205 asks for before 7.7.0); a parameter is the user's pick.
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
            [[node n]]
            InstallJetpack = true
            AwaitInstallation = True
            DownloadJetpack = true
            InstallJetpack = $SetupJetpack
        "#]]);
    }
}
