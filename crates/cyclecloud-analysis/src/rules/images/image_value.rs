//! What can be wrong with an image name value, judged once for `ImageName` lines (CC0209,
//! CC0210) and for the values of `Cloud.Image` parameters (CC0213).

use std::ops::Range;

use cyclecloud_catalog::{BuiltinImage, Catalog};

use crate::diagnostic::{Diagnostic, Fix, Severity, Tag};
use crate::model::AttrInfo;
use crate::rule::Context;
use crate::rules::starts_with_ignore_case;
use crate::rules::Remembered;

/// The prefix of CycleCloud's own image names.
const BUILTIN_PREFIX: &str = "cycle.image.";

/// One problem with an image name value.
#[derive(Clone, Copy, Debug)]
pub(crate) enum ImageValueProblem {
    /// A built-in image whose operating system is past its end of life.
    Retired(&'static BuiltinImage),
    /// `cycle.image.*` that is not a built-in image, with the closest one.
    UnknownBuiltin(Option<&'static str>),
    /// A plain name close to a built-in one: most likely a misspelling of it.
    CloseToBuiltin(&'static str),
    /// A plain name far from every built-in one: it may be an image registered with
    /// `cyclecloud image add`, which we cannot see.
    UnknownPlain,
    /// A Marketplace URN without four non-empty parts (the count of parts).
    BadUrn(usize),
    /// Starts with `/` but not with `/subscriptions/`.
    BadResourceId,
}

impl ImageValueProblem {
    /// The sentence for the user about `value`.
    pub(crate) fn message(&self, value: &str) -> String {
        match self {
            ImageValueProblem::Retired(image) => format!(
                "`{}` ({}) reached its end of life on {}",
                image.name,
                image.os,
                image.end_of_life.as_deref().unwrap_or("an unknown date")
            ),
            ImageValueProblem::UnknownBuiltin(Some(name))
            | ImageValueProblem::CloseToBuiltin(name) => {
                format!("`{value}` is not a built-in image; did you mean `{name}`?")
            }
            ImageValueProblem::UnknownBuiltin(None) => format!("`{value}` is not a built-in image"),
            ImageValueProblem::UnknownPlain => format!(
                "`{value}` is neither a built-in image, a Marketplace URN nor a resource id; it \
                 works only if it was registered with `cyclecloud image add`"
            ),
            ImageValueProblem::BadUrn(parts) => format!(
                "a Marketplace image URN has four non-empty parts \
                 `Publisher:Offer:Sku:Version`; `{value}` has {parts}"
            ),
            ImageValueProblem::BadResourceId => format!(
                "`{value}` looks like a resource id but does not start with `/subscriptions/`"
            ),
        }
    }

    /// A finding of the running rule about the value at `range`: a name we cannot see may still
    /// be registered, so that is only a hint, a retired image is marked deprecated, and a close
    /// built-in name is offered as the fix.
    pub(crate) fn diagnostic(
        &self,
        context: &Context<'_>,
        range: Range<usize>,
        message: String,
    ) -> Diagnostic {
        let mut diagnostic = context.diagnostic(range.clone(), message);
        match self {
            ImageValueProblem::UnknownPlain => diagnostic.severity = Severity::Hint,
            ImageValueProblem::Retired(_) => diagnostic.tags.push(Tag::Deprecated),
            _ => {}
        }
        let suggestion = match *self {
            ImageValueProblem::UnknownBuiltin(name) => name,
            ImageValueProblem::CloseToBuiltin(name) => Some(name),
            _ => None,
        };
        diagnostic.with_fixes(suggestion.map(|name| Fix::replace(range, name)))
    }

    /// Whether the problem is the value's shape (URN or resource id), CC0210's part.
    pub(crate) fn is_format(&self) -> bool {
        matches!(
            self,
            ImageValueProblem::BadUrn(_) | ImageValueProblem::BadResourceId
        )
    }
}

/// The value of an `=` line holding one literal, with its problem: what the rules that judge
/// an image name value read.
pub(crate) fn literal_problem<'a>(
    catalog: &'static Catalog,
    line: &'a AttrInfo,
) -> Option<(&'a str, ImageValueProblem)> {
    // A template names the same few images in many places, and each is judged again on every
    // keystroke.
    static REMEMBERED: Remembered<Option<ImageValueProblem>> = Remembered::new();
    let value = line.loose_literal()?;
    let problem = REMEMBERED.get(catalog, value, || image_value_problem(catalog, value))?;
    Some((value, problem))
}

/// The problem with an image name value (a built-in name, a Marketplace URN
/// `Publisher:Offer:Sku:Version`, or a resource id), `None` when it is fine or not judged
/// (text with spaces or other characters no image name has).
fn image_value_problem(catalog: &'static Catalog, value: &str) -> Option<ImageValueProblem> {
    let value = value.trim();
    if value.starts_with('/') {
        return (!starts_with_ignore_case(value, "/subscriptions/"))
            .then_some(ImageValueProblem::BadResourceId);
    }
    if value.contains(':') {
        let parts = value.split(':').count();
        let complete = parts == 4 && value.split(':').all(|part| !part.trim().is_empty());
        return (!complete).then_some(ImageValueProblem::BadUrn(parts));
    }
    if let Some(image) = catalog.builtin_image(value) {
        let retired = image.end_of_life.is_some();
        return retired.then_some(ImageValueProblem::Retired(image));
    }
    let lower = value.to_ascii_lowercase();
    if lower.starts_with(BUILTIN_PREFIX) {
        let closest = closest_builtin(catalog, &lower);
        return Some(ImageValueProblem::UnknownBuiltin(closest));
    }
    let plain = |c: char| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.');
    if value.is_empty() || !value.chars().all(plain) {
        return None;
    }
    Some(match closest_builtin(catalog, &lower) {
        Some(name) => ImageValueProblem::CloseToBuiltin(name),
        None => ImageValueProblem::UnknownPlain,
    })
}

/// The built-in image name closest to `lower` (already lower-case), compared with the whole
/// name and with the part after `cycle.image.` (`ubuntu22` means `cycle.image.ubuntu22`).
fn closest_builtin(catalog: &'static Catalog, lower: &str) -> Option<&'static str> {
    catalog
        .builtin_images()
        .iter()
        .filter(|image| image.end_of_life.is_none() || lower.starts_with(BUILTIN_PREFIX))
        .filter_map(|image| {
            let name = image.name.to_ascii_lowercase();
            let short = name.strip_prefix(BUILTIN_PREFIX).unwrap_or(&name);
            let score = strsim::normalized_damerau_levenshtein(lower, &name)
                .max(strsim::normalized_damerau_levenshtein(lower, short));
            (score >= cyclecloud_catalog::SUGGESTION_THRESHOLD).then_some((score, image))
        })
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, image)| image.name.as_str())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn judge(value: &str) -> String {
        let problem = image_value_problem(cyclecloud_catalog::catalog(), value);
        problem.map_or_else(|| "fine".to_owned(), |problem| problem.message(value))
    }

    #[test]
    fn each_form_and_its_near_misses() {
        let cases = [
            ("cycle.image.ubuntu22", "fine"),
            ("almalinux8", "fine"),
            ("Canonical:ubuntu-24_04-lts:server:latest", "fine"),
            ("/subscriptions/0/images/x", "fine"),
            ("almalinux-9", "`almalinux-9` is not a built-in image; did you mean `almalinux9`?"),
            ("ubuntu22", "`ubuntu22` is not a built-in image; did you mean `cycle.image.ubuntu22`?"),
            ("my-golden-image", "`my-golden-image` is neither a built-in image, a Marketplace URN nor a resource id; it works only if it was registered with `cyclecloud image add`"),
            ("cycle.image.ubunt22", "`cycle.image.ubunt22` is not a built-in image; did you mean `cycle.image.ubuntu22`?"),
            ("OpenLogic:CentOS:7.7", "a Marketplace image URN has four non-empty parts `Publisher:Offer:Sku:Version`; `OpenLogic:CentOS:7.7` has 3"),
            ("/resourceGroups/x", "`/resourceGroups/x` looks like a resource id but does not start with `/subscriptions/`"),
            ("cycle.image.centos7", "`cycle.image.centos7` (CentOS 7) reached its end of life on 2024-06-30"),
            ("two words", "fine"),
        ];
        for (value, expected) in cases {
            assert_eq!(judge(value), expected, "{value}");
        }
    }
}
