//! CC0106: `Extends` chains that lead back to where they started.

use std::collections::VecDeque;

use crate::model::{IdVec, Model, NodeId};
use crate::rules::prelude::*;

/// The rule.
pub(crate) static RULE: Rule = Rule {
    code: "CC0106",
    name: "extends-cycle",
    severity: Severity::Error,
    spec: "R13",
    summary: "Nodes that extend each other in a circle",
    doc: "\
## What it finds
An `Extends` entry whose base extends, directly or through other nodes, the node that lists it:
`a` extends `b` and `b` extends `a`, or a node that extends itself. Every entry on the circle is
reported, with the other links of the chain.

## Why it matters
Inheritance has no starting point, so CycleCloud cannot work out the nodes' attributes and the
import fails; at best the nodes on the circle miss what they were meant to inherit.

## Example
```
[cluster demo]
    [[nodearray a]]
    Extends = b

    [[nodearray b]]
    Extends = a
```

## Fix
Remove one entry of the circle, usually by moving the shared attributes to an abstract base node
that both extend.
",
    check,
    has_fix: false,
    scope: Scope::Document,
};

/// One link of the graph: the node whose `Extends` holds it, and its entry index.
type Link = (NodeId, usize);

fn check(context: &mut Context<'_>) {
    let model = context.model;
    for (id, node) in model.nodes_with_ids() {
        if node.cluster.is_none() {
            continue;
        }
        for entry in &node.extends {
            let base = model.find_node(node.cluster, &entry.name);
            let Some(chain) = base.and_then(|base| path(model, base, id)) else {
                continue;
            };
            // The cycle's nodes: this one, each link's start (the first is `base`), this one.
            let names: Vec<&str> = std::iter::once(id)
                .chain(chain.iter().map(|&(from, _)| from))
                .chain([id])
                .map(|node| model.nodes[node].name.as_str())
                .collect();
            let message = format!(
                "`Extends = {}` closes a cycle ({}); remove one of its entries",
                entry.name,
                names.join(" → ")
            );
            let mut diagnostic = context.diagnostic(entry.range.clone(), message);
            for &(from, at) in &chain {
                let node = &model.nodes[from];
                let related = format!("`{}` extends `{}`", node.name, node.extends[at].name);
                diagnostic.relate(node.extends[at].range.clone(), related);
            }
            context.push(diagnostic);
        }
    }
}

/// The `Extends` links leading from `start` to `goal` (empty when they are the same node), by a
/// shortest path; `None` when `goal` cannot be reached.
fn path(model: &Model, start: NodeId, goal: NodeId) -> Option<Vec<Link>> {
    if start == goal {
        return Some(Vec::new());
    }
    let mut came_from: IdVec<NodeId, Option<Link>> = IdVec::filled(None, model.nodes.len());
    let mut queue = VecDeque::from([start]);
    while let Some(current) = queue.pop_front() {
        let node = &model.nodes[current];
        for (at, entry) in node.extends.iter().enumerate() {
            let next = model.find_node(node.cluster, &entry.name);
            // Each node is reached once, by a shortest path.
            let Some(next) = next.filter(|&next| next != start && came_from[next].is_none()) else {
                continue;
            };
            came_from[next] = Some((current, at));
            if next == goal {
                let mut links: Vec<Link> =
                    std::iter::successors(came_from[goal], |&(from, _)| came_from[from]).collect();
                links.reverse();
                return Some(links);
            }
            queue.push_back(next);
        }
    }
    None
}

#[cfg(test)]
mod tests {
    use crate::rules::test_prelude::*;

    #[test]
    fn reports_every_entry_of_a_cycle() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
            [[nodearray a]]
            Extends = b
                     #^ error[CC0106]: `Extends = b` closes a cycle (a → b → c → a); remove one of its entries
            [[nodearray b]]
            Extends = c
                     #^ error[CC0106]: `Extends = c` closes a cycle (b → c → a → b); remove one of its entries
            [[nodearray c]]
            Extends = A
                     #^ error[CC0106]: `Extends = A` closes a cycle (c → a → b → c); remove one of its entries
            [[nodearray d]]
            Extends = d
                     #^ error[CC0106]: `Extends = d` closes a cycle (d → d); remove one of its entries
            [[nodearray e]]
            Extends = a
        "#]]);
    }

    #[test]
    fn chains_without_cycles_are_quiet() {
        super::RULE.check_fixture(expect![[r#"
            [cluster demo]
            [[nodearray base]]
            [[nodearray a]]
            Extends = base
            [[nodearray b]]
            Extends = a, base
        "#]]);
    }

    #[test]
    fn related_information_walks_the_chain() {
        let diagnostics = diagnostics(
            "CC0106",
            "[cluster demo]\n[[nodearray a]]\nExtends = b\n[[nodearray b]]\nExtends = a\n",
        );
        let related: Vec<_> = diagnostics[0]
            .related
            .iter()
            .map(|related| related.message.as_str())
            .collect();
        assert_eq!(related, ["`b` extends `a`"]);
    }
}
