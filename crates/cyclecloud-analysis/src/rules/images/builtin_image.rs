//! CC0209: a `cycle.image.*` name CycleCloud does not know, or one past its end of life.

use crate::diagnostic::{Edit, Fix, Severity, Tag};
use crate::rule::{Context, Rule};

use super::util::literal;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0209",
    name: "unknown-or-retired-builtin-image",
    severity: Severity::Warning,
    spec: "R24",
    summary: "`ImageName = cycle.image.*` is unknown or past its end of life",
    doc: "\
## What it finds
A literal `ImageName` that starts with `cycle.image.` but is not a built-in image, or a built-in
image whose operating system has reached its end of life (CentOS 8, Windows 2008/2012, …).

## Why it matters
An unknown built-in name fails at node start. An end-of-life image gets no security updates and
is dropped from CycleCloud's image list and from scheduler support.

## Example
```
ImageName = cycle.image.ubuntu2
```

## Fix
Use a listed name (`cycle.image.ubuntu22`, `almalinux8`, …) or a Marketplace URN.
",
    check,
};

fn check(context: &mut Context<'_>) {
    let catalog = context.catalog;
    for attr in &context.model.attributes {
        if !attr.key_is("ImageName") {
            continue;
        }
        let Some(value) = literal(attr) else { continue };
        match catalog.builtin_image(value) {
            Some(image) => {
                if let Some(date) = &image.end_of_life {
                    let mut diagnostic = context.diagnostic(
                        attr.value_range.clone(),
                        format!(
                            "`{}` ({}) reached its end of life on {date}",
                            image.name, image.os
                        ),
                    );
                    diagnostic.tags.push(Tag::Deprecated);
                    context.push(diagnostic);
                }
            }
            None if value.to_ascii_lowercase().starts_with("cycle.image.") => {
                let lower = value.to_ascii_lowercase();
                let suggestion = catalog
                    .builtin_images()
                    .iter()
                    .map(|image| {
                        (
                            strsim::normalized_damerau_levenshtein(
                                &lower,
                                &image.name.to_ascii_lowercase(),
                            ),
                            image,
                        )
                    })
                    .filter(|(score, _)| *score >= 0.8)
                    .max_by(|a, b| a.0.total_cmp(&b.0))
                    .map(|(_, image)| image.name.as_str());
                let mut diagnostic = context.diagnostic(
                    attr.value_range.clone(),
                    match suggestion {
                        Some(name) => {
                            format!("`{value}` is not a built-in image; did you mean `{name}`?")
                        }
                        None => format!("`{value}` is not a built-in image"),
                    },
                );
                if let Some(name) = suggestion {
                    diagnostic.fixes.push(Fix {
                        title: format!("Replace with `{name}`"),
                        edits: vec![Edit {
                            range: attr.value_range.clone(),
                            new_text: name.to_owned(),
                        }],
                        safe: false,
                    });
                }
                context.push(diagnostic);
            }
            None => {}
        }
    }
}

#[cfg(test)]
mod tests {
    use expect_test::expect;

    use crate::testing::check;

    #[test]
    fn unknown_and_retired_names() {
        let actual = check(
            "CC0209",
            "[cluster c]\n[[node a]]\nImageName = cycle.image.ubunt22\n[[node b]]\nImageName = cycle.image.centos8\n[[node d]]\nImageName = almalinux8\n[[node e]]\nImageName = cycle.image.ubuntu18\n[[node f]]\nImageName = cycle.image.ubuntu20\n",
        );
        expect![[r#"
            [cluster c]
            [[node a]]
            ImageName = cycle.image.ubunt22
                        ^^^^^^^^^^^^^^^^^^^ warning[CC0209]: `cycle.image.ubunt22` is not a built-in image; did you mean `cycle.image.ubuntu22`?
            [[node b]]
            ImageName = cycle.image.centos8
                        ^^^^^^^^^^^^^^^^^^^ warning[CC0209]: `cycle.image.centos8` (CentOS 8) reached its end of life on 2021-12-31
            [[node d]]
            ImageName = almalinux8
            [[node e]]
            ImageName = cycle.image.ubuntu18
                        ^^^^^^^^^^^^^^^^^^^^ warning[CC0209]: `cycle.image.ubuntu18` (Ubuntu 18.04) reached its end of life on 2023-05-31
            [[node f]]
            ImageName = cycle.image.ubuntu20
        "#]]
        .assert_eq(&actual);
    }
}
