//! What the configuration rules share: which node arrays the Slurm project turns into
//! partitions, and the partition each one joins.

use crate::model::{AttrInfo, Model, NodeId, NodeKind};
use crate::rules::nodes::util::{effective_configuration, is_concrete};

/// A node array the Slurm autoscaler makes a static partition of: a concrete array with some
/// `slurm.*` setting, not `slurm.autoscale = false`, not `MaxCount = 0`, and not a dynamic
/// partition (`slurm.dynamic_config`, which takes several VM sizes by design).
pub(crate) fn is_static_slurm_partition(model: &Model, id: NodeId) -> bool {
    let node = &model.nodes[id];
    if node.kind != NodeKind::NodeArray || !is_concrete(node) {
        return false;
    }
    let has_slurm_setting = node.effective_children.iter().any(|&section| {
        let info = &model.sections[section];
        info.is("configuration")
            && info
                .attributes
                .iter()
                .any(|attr| info.catalog_key_starts_with(&model.attributes[attr].key, "slurm."))
    });
    let setting = |key: &str| effective_configuration(model, node, key);
    let autoscale_off = setting("slurm.autoscale")
        .and_then(|attr| model.attributes[attr].literal_bool())
        == Some(false);
    let no_nodes = model
        .effective_value(id, "MaxCount")
        .and_then(AttrInfo::literal_value)
        .is_some_and(|count| count.trim() == "0");
    has_slurm_setting && !autoscale_off && !no_nodes && setting("slurm.dynamic_config").is_none()
}

/// The first VM size of a node array's literal `MachineType` (the one Slurm is told about), and
/// how many sizes it lists; `None` when the value is a parameter, an expression or absent.
pub(crate) fn machine_types(model: &Model, id: NodeId) -> Option<Vec<&str>> {
    model
        .effective_value(id, "MachineType")
        .and_then(AttrInfo::literal_list)
        .filter(|sizes| !sizes.is_empty())
}
