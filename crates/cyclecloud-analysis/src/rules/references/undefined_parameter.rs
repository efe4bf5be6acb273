//! CC0101: a `$Name` or expression name that is no declared parameter, environment or noderef.

use crate::rules::prelude::*;

use super::util::{
    broken_reference, declare_parameter_fix, names_enclosing_record_field, needs_no_declaration,
    node_at, referenceable_names, suggest,
};

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0101",
    name: "undefined-parameter",
    severity: Severity::Warning,
    spec: "R09",
    summary: "A `$Name` or expression name that no `[[[parameter]]]` declares",
    doc: "\
## What it finds
A `$Name`, a name inside `${…}`, or a name in a `:=` expression that is not (ignoring case) a
declared `[[[parameter]]]`, the built-in `ClusterName`, or the name of an `[environment]` or
`[noderef]` section. Names of fields of a record literal around the name, function names and
the contents of `Config.Filter` and `Config.Query` (which have names of their own) are not
checked. Nor are fragments: files whose headers all have two or more brackets
(`[[nodearray gpu]]`, `[[[parameter X]]]`), which a generator pastes into a full template where
the parameters they use are declared.

## Why it matters
An undeclared name evaluates to nothing, so the attribute silently ends up empty or undefined:
a misspelt `$SubnetID` leaves the node without a subnet. It stays a warning because a value can
still be supplied at import time with `-p` or `-P`.

## Example
```
[cluster demo]
    [[node scheduler]]
    SubnetId = $SubnetName

[[parameters Networking]]
    [[[parameter SubnetId]]]
```

## Fix
Correct the spelling (`$SubnetId`), or declare the parameter.
",
    check,
    has_fix: true,
    scope: Scope::Line,
};

/// Names the expression language reserves; never parameters.
const KEYWORDS: [&str; 4] = ["undefined", "error", "true", "false"];

fn check(context: &mut Context<'_>) {
    let model = context.model;
    if model.is_fragment() {
        return;
    }
    // Did-you-mean candidates, gathered only when a reference is really undeclared.
    let candidates = std::cell::LazyCell::new(|| referenceable_names(model));
    for (reference, declared) in context.value_references() {
        let name = reference.name.as_str();
        if name.is_empty()
            || !declared.is_empty()
            || needs_no_declaration(model, name)
            || (!reference.dollar && KEYWORDS.iter().any(|k| k.eq_ignore_ascii_case(name)))
        {
            continue;
        }
        // Not a missing parameter: one whose name `$` cannot carry (CC0102's finding), or a field
        // of a record around the name.
        let explained = if reference.dollar {
            broken_reference(context, reference).is_some()
        } else {
            node_at(context.snapshot, &reference.range)
                .is_some_and(|node| names_enclosing_record_field(context.snapshot, node, name))
        };
        if explained {
            continue;
        }
        let written = format!("{}{name}", if reference.dollar { "$" } else { "" });
        let suggestion = suggest(name, candidates.iter().copied());
        let advice = did_you_mean(suggestion, "declare it or pass it at import with `-p`/`-P`");
        let message = format!("`{written}` is not a declared parameter; {advice}");
        let replace = suggestion.map(|better| Fix::replace(reference.name_range(), better));
        let declare =
            crate::model::is_referenceable_name(name).then(|| declare_parameter_fix(context, name));
        let diagnostic = context.diagnostic(reference.range.clone(), message);
        context.push(diagnostic.with_fixes(replace.into_iter().chain(declare)));
    }
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    const UNDECLARED: Expect = expect![[r#"
        [cluster demo]
            [[node scheduler]]
            SubnetId = $SubnetID
            Region = ${Regoin}
                      #^^^^^^ warning[CC0101]: `Regoin` is not a declared parameter; did you mean `Region`?
            MachineType := ifThenElse(Big, "Standard_D8s_v5", Size)
                                     #^^^ warning[CC0101]: `Big` is not a declared parameter; declare it or pass it at import with `-p`/`-P`
            Tags.Name = $ClusterName-${vnet.Outputs.name}-$db
            Zone := [a = 1; b = a]
            KeepAlive := undefined

        [environment vnet]
        [noderef db]

        [parameters About]
            [[parameters Networking]]
                [[[parameter SubnetId]]]
                [[[parameter Region]]]
                [[[parameter Size]]]
    "#]];

    #[test]
    fn reports_undeclared_names() {
        super::RULE.check_fixture(UNDECLARED);
    }

    #[test]
    fn declared_names_are_quiet() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
            [[node a]]
            Region = $region
            B := ifThenElse(Big, Region, ClusterName)
            CloudInit = '''echo $HOME ${USER}'''
            [parameter Region]
            [parameter Big]
        "#]]);
    }

    #[test]
    fn environment_references_are_declarations() {
        // how-to/environments: `[environmentref X]` names an environment of another cluster.
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
            [[node a]]
            SubnetId = ${shared.Outputs.subnet}
            ImageName = ${missing.Outputs.image}
                         #^^^^^^^ warning[CC0101]: `missing` is not a declared parameter; declare it or pass it at import with `-p`/`-P`
            [environmentref shared]
            SourceClusterName = long-running
        "#]]);
    }

    #[test]
    fn filter_and_query_have_their_own_names() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
            [parameter Image]
            Config.Filter := Package in {"a", "b"}
            Config.Query := select Name from Cloud.Node where Cluster().IsTemplate
        "#]]);
    }

    #[test]
    fn fix_replaces_with_the_suggestion() {
        expect![[r#"
            Replace with `Region`
            [cluster demo]
                [[node scheduler]]
                SubnetId = $SubnetID
                Region = ${Region}
                MachineType := ifThenElse(Big, "Standard_D8s_v5", Size)
                Tags.Name = $ClusterName-${vnet.Outputs.name}-$db
                Zone := [a = 1; b = a]
                KeepAlive := undefined

            [environment vnet]
            [noderef db]

            [parameters About]
                [[parameters Networking]]
                    [[[parameter SubnetId]]]
                    [[[parameter Region]]]
                    [[[parameter Size]]]
        "#]]
        .assert_eq(&super::RULE.fix(&fixture_text(&UNDECLARED), 0));
    }

    #[test]
    fn fix_declares_the_parameter_in_the_last_group() {
        expect![[r#"
            Declare parameter `Big`
            [cluster demo]
                [[node scheduler]]
                MachineType := ifThenElse(Big, "Standard_D8s_v5", Size)

            [parameters About]
                [[parameters Networking]]
                    [[[parameter Size]]]

                    [[[parameter Big]]]

            # trailing comment
            [cluster other]
        "#]]
        .assert_eq(&super::RULE.fix(
            "[cluster demo]\n    [[node scheduler]]\n    MachineType := ifThenElse(Big, \"Standard_D8s_v5\", Size)\n\n[parameters About]\n    [[parameters Networking]]\n        [[[parameter Size]]]\n\n# trailing comment\n[cluster other]\n",
            0,
        ));
    }

    #[test]
    fn fix_creates_a_parameters_section_in_a_file_without_parameters() {
        expect![[r#"
            Declare parameter `Size`
            [cluster demo]
            [[node a]]
            MachineType = $Size

            [parameters Required Settings]
                [[parameter Size]]
        "#]]
        .assert_eq(&super::RULE.fix("[cluster demo]\n[[node a]]\nMachineType = $Size", 0));
    }

    #[test]
    fn fix_follows_file_level_parameters() {
        expect![[r#"
            Declare parameter `Size`
            [cluster demo]
            [[node a]]
            MachineType = $Size
            Region = $Region
            [parameter Region]

            [parameter Size]
        "#]]
        .assert_eq(&super::RULE.fix(
            "[cluster demo]\n[[node a]]\nMachineType = $Size\nRegion = $Region\n[parameter Region]\n",
            0,
        ));
    }

    #[test]
    fn fragments_are_quiet_but_a_full_template_is_not() {
        // A node array that a generator pastes into the template that declares its parameters.
        let fragment =
            "[[nodearray gpu]]\nMachineType = $GPUMachineType\nMaxCount = $MaxGPUCount\n";
        assert_eq!(diagnostics("CC0101", fragment), []);
        let full = format!("[cluster c]\n{fragment}");
        assert_eq!(diagnostics("CC0101", &full).len(), 2);
    }
}
