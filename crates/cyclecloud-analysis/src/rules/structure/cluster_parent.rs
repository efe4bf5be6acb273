//! CC0013: duplicate cluster names, and `ParentName` naming no cluster of the file.

use crate::model::{AttrInfo, SectionId};
use crate::rules::nodes::util::section_range;
use crate::rules::prelude::*;
use crate::vocabulary::is_placeholder;

use super::util::{closest, repeat_of};

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0013",
    name: "cluster-parent",
    severity: Severity::Warning,
    spec: "R08",
    summary: "Duplicate cluster names, or a `ParentName` that names no cluster of the file",
    doc: "\
## What it finds
* Two `[cluster …]` sections with the same name (without regard to case) in one file.
* A cluster whose literal `ParentName` names no cluster of the file, or names the cluster
  itself.
* As a hint: a `ParentName` naming a cluster that does not say `Abstract = true`.

## Why it matters
`cyclecloud import_template -c NAME` picks a cluster of the file by name, so two clusters with
one name make the choice ambiguous. A cluster inherits from the cluster its `ParentName` names,
which must be defined in the same file; if it is not, nothing is inherited and the child lacks
the nodes and settings it was written to get. A parent that is not abstract is imported as a
cluster of its own as well, which is rarely intended.

## Example
```
[cluster slurm-base]
Abstract = true

[cluster slurm]
ParentName = slurm-bsae
```

## Fix
Give each cluster its own name; correct `ParentName` to the name of a cluster in the file (the
quick fix offers the closest one); add `Abstract = true` to a cluster that only serves as a
parent.
",
    check,
    has_fix: true,
    scope: Scope::Document,
};

fn check(context: &mut Context<'_>) {
    let model = context.model;
    let named = model
        .sections_of("cluster")
        .filter_map(|(id, section)| Some((id, section.name.as_deref()?)));
    let clusters: Vec<(SectionId, &str)> = named
        .filter(|(_, name)| !name.is_empty() && !is_placeholder(name))
        .collect();
    duplicates(context, &clusters);
    for &(id, own_name) in &clusters {
        let Some(attr) = model.attribute_in(id, "ParentName") else {
            continue;
        };
        let attr = &model.attributes[attr];
        let Some(parent_name) = attr.literal_text().filter(|name| !is_placeholder(name)) else {
            continue;
        };
        if parent_name.eq_ignore_ascii_case(own_name) {
            let message = format!(
                "Cluster `{own_name}` names itself as its parent; set `ParentName` to another \
                 cluster of this file or remove it"
            );
            context.report(attr.value_range(), message);
            continue;
        }
        let parent = clusters
            .iter()
            .find(|(_, name)| name.eq_ignore_ascii_case(parent_name));
        if let Some(&(parent, _)) = parent {
            not_abstract(context, parent, attr.value_range());
            continue;
        }
        let others = clusters
            .iter()
            .map(|(_, name)| *name)
            .filter(|name| !name.eq_ignore_ascii_case(own_name));
        let suggestion = closest(parent_name, others);
        let advice = did_you_mean(suggestion, "a parent must be defined in the same file");
        let message =
            format!("`ParentName = {parent_name}` names no cluster of this file; {advice}");
        let range = attr.value_range();
        let fix =
            suggestion.map(|name| Fix::edit(format!("Change to `{name}`"), range.clone(), name));
        context.report_with_fix(range, message, fix);
    }
}

/// Reports every cluster whose name an earlier cluster already has.
fn duplicates(context: &mut Context<'_>, clusters: &[(SectionId, &str)]) {
    let model = context.model;
    for (index, &(id, name)) in clusters.iter().enumerate() {
        let Some(&(first, _)) = clusters[..index]
            .iter()
            .find(|(_, other)| other.eq_ignore_ascii_case(name))
        else {
            continue;
        };
        let first = &model.sections[first];
        let section = &model.sections[id];
        let Some(line) = repeat_of(context, first.range.start, section.range.start) else {
            continue;
        };
        let message = format!(
            "A cluster named `{name}` is already defined on line {line}; give each cluster of \
             the file its own name"
        );
        let diagnostic = context.diagnostic(section_range(model, id), message);
        context.push(diagnostic.with_related(first.header_range.clone(), "first defined here"));
    }
}

/// A hint when the named parent does not say `Abstract = true`.
fn not_abstract(context: &mut Context<'_>, parent: SectionId, value: std::ops::Range<usize>) {
    let model = context.model;
    // A reference or expression may well be true: only a literal is judged.
    let may_be_true =
        |attr: &AttrInfo| !attr.is_literal() || attr.unquoted_value().eq_ignore_ascii_case("true");
    let abstract_attr = model.attribute_in(parent, "Abstract");
    if abstract_attr.is_some_and(|attr| may_be_true(&model.attributes[attr])) {
        return;
    }
    let section = &model.sections[parent];
    let name = section.name.as_deref().unwrap_or_default();
    let message = format!(
        "Parent cluster `{name}` is not marked `Abstract = true`, so it is also imported as a \
         cluster of its own; add `Abstract = true` to it if it only serves as a parent"
    );
    let mut diagnostic = context.diagnostic(value, message);
    diagnostic.relate(section.header_range.clone(), format!("cluster `{name}`"));
    context.push(diagnostic.with_severity(Severity::Hint));
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_duplicates_missing_parents_and_concrete_parents() {
        super::RULE.check_fixture(expect![[r#"
            [cluster slurm-base]
            Abstract = true
            [cluster concrete]
            [cluster a]
            ParentName = slurm-bsae
                        #^^^^^^^^^^ warning[CC0013]: `ParentName = slurm-bsae` names no cluster of this file; did you mean `slurm-base`?
            [cluster b]
            ParentName = concrete
                        #^^^^^^^^ hint[CC0013]: Parent cluster `concrete` is not marked `Abstract = true`, so it is also imported as a cluster of its own; add `Abstract = true` to it if it only serves as a parent
            [cluster c]
            ParentName = c
                        #^ warning[CC0013]: Cluster `c` names itself as its parent; set `ParentName` to another cluster of this file or remove it
            [cluster SLURM-BASE]
                    #^^^^^^^^^^ warning[CC0013]: A cluster named `SLURM-BASE` is already defined on line 1; give each cluster of the file its own name
        "#]]);
    }

    #[test]
    fn abstract_parents_and_references_are_fine() {
        super::RULE.check_fixture(expect![[r#"
            [cluster slurm-base]
            Abstract = True
            [cluster other]
            Abstract = $MakeAbstract
            [cluster a]
            ParentName = Slurm-Base
            [cluster b]
            ParentName = other
            [cluster d]
            ParentName = $Parent
        "#]]);
    }

    #[test]
    fn fix_uses_the_closest_cluster_name() {
        expect![[r#"
            Change to `slurm-base`
            [cluster slurm-base]
            Abstract = true
            [cluster a]
            ParentName = slurm-base
        "#]]
        .assert_eq(&super::RULE.fix(
            "[cluster slurm-base]\nAbstract = true\n[cluster a]\nParentName = slurm-bsae\n",
            0,
        ));
    }
}
