//! The value each line of a template has as it stands: every parameter at its default (no
//! overrides), `ClusterName` unknown (the name comes with `create_cluster`), environments and
//! noderefs known only after deployment. A line inside a node reads the node's effective
//! attributes, as in a render. Checks, hover and inlay hints read definite values from here, so
//! what they show is what `render` would show without `-p`/`-P`.

use cyclecloud_syntax::Snapshot;

use super::scope::{Context, NodeScope, ParamScope};
use crate::eval::{evaluate_line, Evaluated};
use crate::model::{AttrId, Model, NodeId};

/// Values of lines with parameter defaults; parameters are worked out once each, on demand.
pub struct LineValues<'a> {
    context: Context<'a>,
}

impl<'a> LineValues<'a> {
    /// Values over `model` of `snapshot` (the same text).
    pub fn new(snapshot: &'a Snapshot, model: &'a Model) -> Self {
        LineValues {
            context: Context::new(snapshot, model, None, &[]),
        }
    }

    /// The value of `attr` in the scope of the node holding its line (or of the parameters only,
    /// for a line outside every node).
    pub fn line(&self, attr: AttrId) -> Evaluated {
        let model = self.context.model;
        let node = model.enclosing_node(model.attributes[attr].section);
        let value = match node {
            Some(node) => self.in_node(attr, node),
            None => evaluate_line(
                self.context.snapshot,
                &model.attributes[attr],
                &ParamScope(&self.context),
            ),
        };
        self.context.take_read();
        value
    }

    /// The value of `attr` read in the scope of `node` (an inherited line reads the attributes
    /// of the node that inherits it).
    pub fn in_node(&self, attr: AttrId, node: NodeId) -> Evaluated {
        let value = NodeScope {
            context: &self.context,
            node,
        }
        .line(attr);
        self.context.take_read();
        value
    }
}
