//! Attribute keys at the start of a line: the catalog's attributes for the owning section's kind
//! that the section does not set yet; in configuration sections, the documented dotted keys
//! relative to the section's prefix and to the dotted part already typed.

use std::collections::HashSet;
use std::ops::Range;

use cyclecloud_catalog::{catalog, Attribute, Confidence};

use super::{CompletionItem, CompletionKind};
use crate::model::{AttrId, Model, SectionId};

/// Key completions in `section`; `line` is the cursor's line, whose own attribute is not "present".
pub(super) fn complete(
    model: &Model,
    section: Option<SectionId>,
    typed: &str,
    replace: Range<usize>,
    bare: bool,
    line: Range<usize>,
) -> Vec<CompletionItem> {
    let Some(section) = section else {
        return Vec::new();
    };
    let info = &model.sections[section];
    let prefix = match info.kind.as_str() {
        "configuration" => Some(info.name.as_deref().unwrap_or("")),
        _ => None,
    };
    let present = present_keys(model, section, line);
    if let Some(prefix) = prefix {
        let mut items = configuration(prefix, typed, replace.clone(), bare, &present);
        items.extend(keys_seen(
            model, prefix, typed, replace, bare, &present, &items,
        ));
        return items;
    }
    let defaults = info.is("node") && info.name_is("defaults");
    let kinds: &[&str] = if defaults {
        &["node", "nodearray"]
    } else {
        &[info.kind.as_str()]
    };
    let mut seen = HashSet::new();
    let mut items = Vec::new();
    for (order, attr) in catalog().attributes().iter().enumerate() {
        if !kinds.iter().any(|kind| attr.applies_to(kind)) {
            continue;
        }
        if attr.is_pattern() {
            let label = pattern_prefix(&attr.name);
            if !label.is_empty() && seen.insert(label.to_ascii_lowercase()) {
                items.push(prefix_item(label, attr, replace.clone(), order));
            }
            continue;
        }
        let lower = attr.name.to_ascii_lowercase();
        if present.contains(&lower) || !seen.insert(lower) {
            continue;
        }
        let mut detail = attr.value_type.to_string();
        if defaults && !attr.applies_to("node") {
            detail.push_str(", node arrays only");
        }
        items.push(key_item(
            &attr.name,
            attr,
            detail,
            replace.clone(),
            bare,
            order,
        ));
    }
    items
}

/// The literal part of a pattern name before its first wildcard: `tags.` for `tags.*`.
fn pattern_prefix(name: &str) -> &str {
    name.find('*').map_or(name, |star| &name[..star])
}

/// Sorts required attributes first, then by confidence, deprecated ones last; catalog order within.
fn sort_key(attr: &Attribute, order: usize) -> String {
    let group = if attr.is_deprecated() {
        4
    } else if attr.required {
        0
    } else {
        match attr.confidence {
            Confidence::Documented => 1,
            Confidence::Observed => 2,
            Confidence::Inferred => 3,
        }
    };
    format!("{group}{order:04}")
}

fn key_item(
    label: &str,
    attr: &'static Attribute,
    detail: String,
    replace: Range<usize>,
    bare: bool,
    order: usize,
) -> CompletionItem {
    let mut item = CompletionItem::plain(label, CompletionKind::Attribute, replace)
        .detail(detail)
        .attribute_documentation(attr)
        .sort(sort_key(attr, order));
    if !bare {
        item = item.snippet(format!("{label} = $0"));
    }
    item.deprecated = attr.is_deprecated();
    item
}

fn prefix_item(
    label: &str,
    attr: &'static Attribute,
    replace: Range<usize>,
    order: usize,
) -> CompletionItem {
    CompletionItem::plain(label, CompletionKind::Attribute, replace)
        .detail(format!("{label}<name> ({})", attr.value_type))
        .attribute_documentation(attr)
        .sort(sort_key(attr, order))
}

/// The configuration path the cursor is under: the section's prefix, then what is typed up to
/// its last dot; and the range of the last segment, which completion replaces.
fn typed_path<'t>(
    prefix: &'t str,
    typed: &'t str,
    replace: Range<usize>,
) -> (Vec<&'t str>, Range<usize>) {
    let (typed_path, replace) = match typed.rfind('.') {
        Some(dot) => (&typed[..dot], replace.start + dot + 1..replace.end),
        None => ("", replace),
    };
    let path = prefix
        .split('.')
        .chain(typed_path.split('.'))
        .map(str::trim)
        .filter(|segment| !segment.is_empty())
        .collect();
    (path, replace)
}

/// The keys `section` sets (full, lower case), except on the cursor's `line`.
fn present_keys(model: &Model, section: SectionId, line: Range<usize>) -> HashSet<String> {
    model.sections[section]
        .attributes
        .iter()
        .filter(|&attr| {
            let start = model.attributes[attr].key_range().start;
            !(line.start <= start && start <= line.end)
        })
        .map(|attr| model.catalog_key(attr).to_ascii_lowercase())
        .collect()
}

/// Configuration keys this template sets elsewhere that the catalog does not document (a
/// project's own `myapp.*` keys), below the typed path, after the documented ones.
fn keys_seen(
    model: &Model,
    prefix: &str,
    typed: &str,
    replace: Range<usize>,
    bare: bool,
    present: &HashSet<String>,
    documented: &[CompletionItem],
) -> Vec<CompletionItem> {
    let (path, replace) = typed_path(prefix, typed, replace);
    let below_typed = Below {
        path,
        replace,
        bare,
        present,
    };
    let own = custom_configuration_keys(model);
    below_typed.items(
        own.iter().map(String::as_str),
        documented,
        "set elsewhere in this template",
        '5',
    )
}

/// The configuration keys a template sets that the catalog does not document, as written
/// (with the section's prefix), in document order, for completion in the same template and in
/// the workspace's other templates.
pub fn custom_configuration_keys(model: &Model) -> Vec<String> {
    AttrId::all(model.attributes.len())
        .filter(|&attr| {
            model.attributes[attr].catalog.is_none()
                && model.attribute_section_kind(attr) == "configuration"
        })
        .map(|attr| model.catalog_key(attr).into_owned())
        .filter(|key| {
            key.chars()
                .all(|c| c.is_ascii_alphanumeric() || "_-.".contains(c))
        })
        .collect()
}

/// Where undocumented keys are offered: below the configuration path typed so far.
struct Below<'a> {
    path: Vec<&'a str>,
    replace: Range<usize>,
    bare: bool,
    present: &'a HashSet<String>,
}

impl Below<'_> {
    /// Items for `keys` (full dotted keys) below the path, skipping keys already set and
    /// labels already `offered`; sorted after them (`group` leads the sort key).
    fn items<'k>(
        &self,
        keys: impl Iterator<Item = &'k str>,
        offered: &[CompletionItem],
        detail: &str,
        group: char,
    ) -> Vec<CompletionItem> {
        let mut seen: HashSet<String> = offered
            .iter()
            .map(|item| item.label.to_ascii_lowercase())
            .collect();
        let mut items = Vec::new();
        for full in keys {
            let segments: Vec<&str> = full.split('.').collect();
            let Some(rest) = below(&segments, &self.path) else {
                continue;
            };
            let label = rest.join(".");
            if label.is_empty()
                || self.present.contains(&full.to_ascii_lowercase())
                || !seen.insert(label.to_ascii_lowercase())
            {
                continue;
            }
            let mut item =
                CompletionItem::plain(&label, CompletionKind::Attribute, self.replace.clone())
                    .detail(detail.to_owned())
                    .sort(format!("{group}{:06}", items.len()));
            if !self.bare {
                item = item.snippet(format!("{label} = $0"));
            }
            items.push(item);
        }
        items
    }
}

/// Configuration keys the workspace's other templates set (`workspace_keys`, full dotted
/// keys) that are neither documented nor in `offered`, for the key typed at `key` in a
/// configuration `section`, after everything else.
pub(super) fn workspace_keys(
    model: &Model,
    section: SectionId,
    key: TypedKey<'_>,
    workspace_keys: &[String],
    offered: &[CompletionItem],
) -> Vec<CompletionItem> {
    let info = &model.sections[section];
    if !info.is("configuration") {
        return Vec::new();
    }
    let prefix = info.name.as_deref().unwrap_or("");
    let present = present_keys(model, section, key.line);
    let (path, replace) = typed_path(prefix, key.typed, key.replace);
    let below_typed = Below {
        path,
        replace,
        bare: key.bare,
        present: &present,
    };
    below_typed.items(
        workspace_keys.iter().map(String::as_str),
        offered,
        "set in another template of the workspace",
        '6',
    )
}

/// A key being typed: its text so far, the range completion replaces, whether the line holds
/// only the key (no `=` yet), and the cursor's line.
pub(super) struct TypedKey<'a> {
    pub typed: &'a str,
    pub replace: Range<usize>,
    pub bare: bool,
    pub line: Range<usize>,
}

/// Configuration keys below `prefix` (the section name) and the dotted part already typed.
fn configuration(
    prefix: &str,
    typed: &str,
    replace: Range<usize>,
    bare: bool,
    present: &HashSet<String>,
) -> Vec<CompletionItem> {
    // `cyclecloud.mounts.shared.ty|`: complete the last segment below the typed path.
    let (path, replace) = typed_path(prefix, typed, replace);
    let mut seen = HashSet::new();
    let mut items = Vec::new();
    for (order, attr) in catalog().attributes_in("configuration").enumerate() {
        let segments: Vec<&str> = attr.name.split('.').collect();
        let Some(rest) = below(&segments, &path) else {
            continue;
        };
        match rest.iter().position(|&segment| segment == "*") {
            Some(0) => {}
            Some(star) => {
                let label = format!("{}.", rest[..star].join("."));
                if seen.insert(label.to_ascii_lowercase()) {
                    items.push(prefix_item(&label, attr, replace.clone(), order));
                }
            }
            None => {
                let label = rest.join(".");
                let full = path
                    .iter()
                    .chain(rest)
                    .copied()
                    .collect::<Vec<_>>()
                    .join(".");
                if present.contains(&full.to_ascii_lowercase())
                    || !seen.insert(label.to_ascii_lowercase())
                {
                    continue;
                }
                let detail = attr.value_type.to_string();
                items.push(key_item(&label, attr, detail, replace.clone(), bare, order));
            }
        }
    }
    items
}

/// The segments of a catalog name left after `path`, where a `*` in the name matches any one
/// segment of the path; `None` when the name does not lie below the path.
fn below<'a, 'b>(name: &'b [&'a str], path: &[&str]) -> Option<&'b [&'a str]> {
    if name.len() <= path.len() {
        return None;
    }
    let matches = name
        .iter()
        .zip(path)
        .all(|(&segment, &typed)| segment == "*" || segment.eq_ignore_ascii_case(typed));
    matches.then(|| &name[path.len()..])
}
