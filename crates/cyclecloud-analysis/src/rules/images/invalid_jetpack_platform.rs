//! CC0203: a `JetpackPlatform` value that is not a platform CycleCloud ever shipped.

use cyclecloud_catalog::Deprecation;

use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0203",
    name: "invalid-jetpack-platform",
    severity: Severity::Warning,
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
attribute (CC0313 says so). So the severity follows the configured target
(`cyclecloud-version`): an error before 7.7.0; from 7.7.0 on only a hint, which suggests no
spelling, since every platform name is obsolete there; a warning when no target is configured,
as the template may well run on a server that ignores the line.

## Example
```
JetpackPlatform = centos7
```

## Fix
Use a listed spelling (`centos-7`), or remove the attribute on CycleCloud 7.7.0 and later.
",
    check,
    has_fix: true,
    scope: Scope::Section,
};

fn check(context: &mut Context<'_>) {
    let catalog = context.catalog;
    let target = context.settings.cyclecloud_version;
    // From the release that deprecated it (the catalog's) CycleCloud ignores the value; before
    // it the value picks the installer; without a target either may happen.
    let attribute = catalog.attribute("node", "JetpackPlatform");
    let ignored_since = match (target, attribute.and_then(|attribute| attribute.deprecated)) {
        (Some(target), Some(Deprecation::Since(since))) if target >= since => Some(since),
        _ => None,
    };
    let lines = context.model.attributes.iter();
    for attr in lines.filter(|attr| attr.key_is("JetpackPlatform")) {
        let Some(value) = attr.literal_text() else {
            continue;
        };
        if catalog.jetpack_platform(value).is_some() {
            continue;
        }
        if let Some(since) = ignored_since {
            let message = format!(
                "`{value}` is not a Jetpack platform, but CycleCloud {since} and later ignore \
                 `JetpackPlatform`: remove the line"
            );
            let diagnostic = context.diagnostic(attr.value_range(), message);
            context.push(diagnostic.with_severity(Severity::Hint));
            continue;
        }
        let lower = value.to_ascii_lowercase();
        let names = catalog.jetpack_platforms().iter().map(|p| p.name.as_str());
        let suggestion = names
            .clone()
            .map(|name| (strsim::normalized_damerau_levenshtein(&lower, name), name))
            .filter(|(score, _)| *score >= 0.6)
            .max_by(|a, b| a.0.total_cmp(&b.0))
            .map(|(_, name)| name);
        let message = match suggestion {
            Some(name) => format!("`{value}` is not a Jetpack platform; did you mean `{name}`?"),
            None => format!(
                "`{value}` is not a Jetpack platform (one of: {})",
                Vec::from_iter(names).join(", ")
            ),
        };
        let mut diagnostic = context.diagnostic(attr.value_range(), message);
        if target.is_some() {
            // Read by the targeted release: no installer is found for the value.
            diagnostic.severity = Severity::Error;
        }
        let fix = suggestion.map(|name| Fix::replace(attr.value_range(), name));
        context.push(diagnostic.with_fixes(fix));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn unknown_platform_with_suggestion() {
        super::RULE.check_fixture(expect![[r#"
            [cluster c]
            [[node n]]
            JetpackPlatform = centos7
                             #^^^^^^^ warning[CC0203]: `centos7` is not a Jetpack platform; did you mean `centos-7`?
            JetpackPlatform = Windows
            JetpackPlatform = $P
        "#]]);
        let text = "[cluster c]\n[[node n]]\nJetpackPlatform = centos7\n";
        assert!(super::RULE
            .fix(text, 0)
            .contains("JetpackPlatform = centos-7\n"));
    }

    #[test]
    fn a_target_that_ignores_the_attribute_gets_a_hint_without_a_spelling() {
        let text = super::RULE.check_fixture_with(
            &target("8.7.0"),
            expect![[r#"
                [cluster c]
                [[node n]]
                JetpackPlatform = centos7
                                 #^^^^^^^ hint[CC0203]: `centos7` is not a Jetpack platform, but CycleCloud 7.7.0 and later ignore `JetpackPlatform`: remove the line
                JetpackPlatform = centos-7
            "#]],
        );
        // Before 7.7.0 the value still picks the installer.
        let before = diagnostics_with(&target("7.6.0"), "CC0203", &text);
        assert!(before.iter().any(|d| d.severity == crate::Severity::Error
            && d.message == "`centos7` is not a Jetpack platform; did you mean `centos-7`?"));
    }
}
