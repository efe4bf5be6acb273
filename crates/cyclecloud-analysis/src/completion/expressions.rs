//! Names after `$` and inside expressions (`${…}`, `:=`): declared parameters, `ClusterName`,
//! environment and noderef names, the catalog's functions as signature snippets, and literals.

use std::ops::Range;

use cyclecloud_catalog::{catalog, Confidence, Function};
use cyclecloud_syntax::Snapshot;

use super::{CompletionItem, CompletionKind};
use crate::markdown::{parameter_markdown, parameter_type, CLUSTER_NAME_DOC};
use crate::model::Model;

/// `$…` completions: every referenceable parameter, then `ClusterName`.
pub(super) fn parameters(
    snapshot: &Snapshot,
    model: &Model,
    replace: Range<usize>,
) -> Vec<CompletionItem> {
    let mut items = Vec::new();
    for (id, param) in model.parameters_with_ids() {
        let referenceable = !param.name.is_empty()
            && param
                .name
                .bytes()
                .all(|b| b.is_ascii_alphanumeric() || b == b'_');
        // Duplicates are offered once, from their first declaration.
        let first = model
            .parameter_index
            .get(&param.name.to_ascii_lowercase())
            .and_then(|ids| ids.first())
            == Some(&id);
        if !referenceable || !first {
            continue;
        }
        let detail = parameter_type(model, param).unwrap_or("String (default type)");
        items.push(
            CompletionItem::plain(
                param.name.as_str(),
                CompletionKind::Parameter,
                replace.clone(),
            )
            .detail(detail)
            .documentation(parameter_markdown(snapshot, model, param))
            .sort(format!("0{:05}", id.index())),
        );
    }
    items.push(
        CompletionItem::plain("ClusterName", CompletionKind::Parameter, replace)
            .detail("built-in")
            .documentation(CLUSTER_NAME_DOC)
            .sort("1"),
    );
    items
}

/// Expression completions; `dollar` limits them to names, `call_follows` drops argument lists.
pub(super) fn complete(
    snapshot: &Snapshot,
    model: &Model,
    key: &str,
    replace: Range<usize>,
    dollar: bool,
    call_follows: bool,
) -> Vec<CompletionItem> {
    let mut items = parameters(snapshot, model, replace.clone());
    if dollar {
        return items;
    }
    for kind in ["environment", "environmentref", "noderef"] {
        for (_, section) in model.sections_of(kind) {
            if let Some(name) = section.name.as_deref().filter(|name| !name.is_empty()) {
                items.push(
                    CompletionItem::plain(name, CompletionKind::Value, replace.clone())
                        .detail(format!("[{kind}]"))
                        .sort("2"),
                );
            }
        }
    }
    for (order, function) in catalog().functions().iter().enumerate() {
        let fits = function
            .context
            .as_deref()
            .is_none_or(|context| context.eq_ignore_ascii_case(key));
        if fits {
            items.push(function_item(
                function,
                replace.clone(),
                call_follows,
                order,
            ));
        }
    }
    for (word, doc) in [
        ("true", "Boolean true."),
        ("false", "Boolean false."),
        (
            "undefined",
            "The undefined value; clears an inherited attribute.",
        ),
    ] {
        items.push(
            CompletionItem::plain(word, CompletionKind::Keyword, replace.clone())
                .detail(doc)
                .sort("5"),
        );
    }
    items
}

fn function_item(
    function: &Function,
    replace: Range<usize>,
    call_follows: bool,
    order: usize,
) -> CompletionItem {
    let group = if function.confidence == Confidence::Inferred {
        4
    } else {
        3
    };
    let mut documentation = format!("{}\n\nReturns `{}`.", function.doc, function.returns);
    if function.confidence == Confidence::Inferred {
        documentation.push_str("\n\n_ClassAd function not seen in CycleCloud material._");
    }
    let item = CompletionItem::plain(&function.name, CompletionKind::Function, replace)
        .detail(function.signature.clone())
        .documentation(documentation)
        .sort(format!("{group}{order:03}"));
    if call_follows {
        return item;
    }
    let required = usize::from(function.min_args).min(function.parameters.len());
    let arguments = if required == 0 && !function.parameters.is_empty() {
        "$1".to_owned()
    } else {
        function.parameters[..required]
            .iter()
            .enumerate()
            .map(|(i, name)| format!("${{{}:{name}}}", i + 1))
            .collect::<Vec<_>>()
            .join(", ")
    };
    item.snippet(format!("{}({arguments})", function.name))
}
