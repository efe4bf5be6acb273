//! CC0203: a `JetpackPlatform` value that is not a platform CycleCloud ever shipped.

use cyclecloud_catalog::{Deprecation, Version};

use crate::diagnostic::{Fix, Severity};
use crate::rule::{Context, Rule};

use super::util::literal;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0203",
    name: "invalid-jetpack-platform",
    severity: Severity::Error,
    spec: "R21",
    summary: "`JetpackPlatform` is not one of the documented platform names",
    doc: "\
## What it finds
A literal `JetpackPlatform` value outside the documented and observed spellings (`centos-6`,
`centos-7`, `ubuntu-14`, `ubuntu-16`, `ubuntu-14.04`, `ubuntu-16.04`, `ubuntu-18.04`,
`windows`).

## Why it matters
On CycleCloud before 7.7.0 the value picks the Jetpack installer; an unknown name means no
installer is found and the node never converges. From 7.7.0 on CycleCloud ignores the
attribute (CC0313 says so): when the configured target (`cyclecloud-version`) is 7.7.0 or newer
the finding is only a hint, and it suggests no spelling, since every platform name is obsolete
there. Without a configured target it stays an error.

## Example
```
JetpackPlatform = centos7
```

## Fix
Use a listed spelling (`centos-7`), or remove the attribute on CycleCloud 7.7.0 and later.
",
    check,
};

/// The release from which CycleCloud ignores `JetpackPlatform` (the catalog's deprecation),
/// when the configured target is that release or newer.
fn ignored_by_target(context: &Context<'_>) -> Option<Version> {
    let target = context.settings.cyclecloud_version?;
    let since = match context
        .catalog
        .attribute("node", "JetpackPlatform")?
        .deprecated?
    {
        Deprecation::Since(since) => since,
        Deprecation::Yes => return None,
    };
    (target >= since).then_some(since)
}

fn check(context: &mut Context<'_>) {
    let catalog = context.catalog;
    let ignored_since = ignored_by_target(context);
    for attr in &context.model.attributes {
        if !attr.key_is("JetpackPlatform") {
            continue;
        }
        let Some(value) = literal(attr) else { continue };
        if catalog.jetpack_platform(value).is_some() {
            continue;
        }
        if let Some(since) = ignored_since {
            let mut diagnostic = context.diagnostic(
                attr.value_range.clone(),
                format!(
                    "`{value}` is not a Jetpack platform, but CycleCloud {since} and later ignore \
                     `JetpackPlatform`: remove the line"
                ),
            );
            diagnostic.severity = Severity::Hint;
            context.push(diagnostic);
            continue;
        }
        let names: Vec<&str> = catalog
            .jetpack_platforms()
            .iter()
            .map(|p| p.name.as_str())
            .collect();
        let suggestion = names
            .iter()
            .map(|name| {
                (
                    strsim::normalized_damerau_levenshtein(&value.to_ascii_lowercase(), name),
                    *name,
                )
            })
            .filter(|(score, _)| *score >= 0.6)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, name)| name);
        let message = match suggestion {
            Some(name) => format!("`{value}` is not a Jetpack platform; did you mean `{name}`?"),
            None => format!(
                "`{value}` is not a Jetpack platform (one of: {})",
                names.join(", ")
            ),
        };
        let mut diagnostic = context.diagnostic(attr.value_range.clone(), message);
        if let Some(name) = suggestion {
            diagnostic
                .fixes
                .push(Fix::replace(attr.value_range.clone(), name.to_owned()));
        }
        context.push(diagnostic);
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::testing::{check, check_with, fix};
    use crate::Settings;

    #[test]
    fn unknown_platform_with_suggestion() {
        let actual = check("CC0203", "[cluster c]\n[[node n]]\nJetpackPlatform = centos7\nJetpackPlatform = Windows\nJetpackPlatform = $P\n");
        expect![[r#"
            [cluster c]
            [[node n]]
            JetpackPlatform = centos7
                              ^^^^^^^ error[CC0203]: `centos7` is not a Jetpack platform; did you mean `centos-7`?
            JetpackPlatform = Windows
            JetpackPlatform = $P
        "#]]
        .assert_eq(&actual);
        assert!(fix(
            "CC0203",
            "[cluster c]\n[[node n]]\nJetpackPlatform = centos7\n",
            0
        )
        .contains("JetpackPlatform = centos-7\n"));
    }

    #[test]
    fn a_target_that_ignores_the_attribute_gets_a_hint_without_a_spelling() {
        let text =
            "[cluster c]\n[[node n]]\nJetpackPlatform = centos7\nJetpackPlatform = centos-7\n";
        let settings = |version: &str| {
            Settings::from_toml(&format!("cyclecloud-version = \"{version}\"")).unwrap()
        };
        expect![[r#"
            [cluster c]
            [[node n]]
            JetpackPlatform = centos7
                              ^^^^^^^ hint[CC0203]: `centos7` is not a Jetpack platform, but CycleCloud 7.7.0 and later ignore `JetpackPlatform`: remove the line
            JetpackPlatform = centos-7
        "#]]
        .assert_eq(&check_with(&settings("8.7.0"), "CC0203", text));
        // Before 7.7.0 the value still picks the installer.
        assert!(check_with(&settings("7.6.0"), "CC0203", text).contains(
            "error[CC0203]: `centos7` is not a Jetpack platform; did you mean `centos-7`?"
        ));
    }
}
