//! Fixture tests for VM size and region values: the first items a client shows, then checks on
//! the whole list.

use expect_test::{expect, Expect};

use super::tests::{items_at, render};
use super::Documentation;

/// The first `count` items, rendered as the other completion fixtures are.
fn check_first(fixture: &str, count: usize, expect: Expect) {
    let (text, items) = items_at(fixture);
    expect.assert_eq(&render(&text, &items[..count.min(items.len())]));
}

#[test]
fn node_arrays_get_hpc_and_gpu_sizes_first_with_their_facts() {
    check_first(
        "[cluster c]\n[[nodearray hpc]]\nMachineType = $0\n",
        6,
        expect![[r#"
            replaces ""
            Standard_HB120rs_v2 | 120 vCPU · 456 GiB · InfiniBand · Spot | Standard_HB120rs_v2
            Standard_HB120-96rs_v2 | 96 vCPU · 456 GiB · InfiniBand | Standard_HB120-96rs_v2
            Standard_HB120-64rs_v2 | 64 vCPU · 456 GiB · InfiniBand | Standard_HB120-64rs_v2
            Standard_HB120-32rs_v2 | 32 vCPU · 456 GiB · InfiniBand | Standard_HB120-32rs_v2
            Standard_HB120-16rs_v2 | 16 vCPU · 456 GiB · InfiniBand | Standard_HB120-16rs_v2
            Standard_HB120rs_v3 | 120 vCPU · 448 GiB · InfiniBand | Standard_HB120rs_v3
        "#]],
    );
}

#[test]
fn single_nodes_get_general_sizes_first_and_retired_ones_last() {
    let (_, items) = items_at("[cluster c]\n[[node scheduler]]\nMachineType = Standard_D$0\n");
    assert!(items.len() > 600, "all sizes are offered: {}", items.len());
    let first = &items[0];
    assert!(!first.label.starts_with("Standard_H") && !first.label.starts_with("Standard_N"));
    let retired = items.iter().position(|item| item.deprecated).unwrap();
    assert!(
        items[retired..].iter().all(|item| item.deprecated),
        "retired sizes come last"
    );
    let h16r = items
        .iter()
        .find(|item| item.label == "Standard_H16r")
        .unwrap();
    assert_eq!(
        h16r.detail.as_deref(),
        Some("16 vCPU · 112 GiB · InfiniBand · Spot · retired 2022-08-31")
    );
    let documentation = h16r.documentation.clone().unwrap();
    assert!(
        matches!(documentation, Documentation::VmSize(..)),
        "resolved lazily"
    );
    assert!(documentation
        .into_markdown()
        .contains("**Retired:** 2022-08-31"));
}

#[test]
fn a_list_element_after_a_comma_skips_the_sizes_already_listed() {
    let fixture =
        "[cluster c]\n[[nodearray a]]\nMachineType = Standard_HB120rs_v3, standard_hx176rs, $0\n";
    let (text, items) = items_at(fixture);
    assert_eq!(&text[items[0].replace_range.clone()], "");
    assert!(items
        .iter()
        .all(|item| item.label != "Standard_HB120rs_v3" && item.label != "Standard_HX176rs"));
    assert!(items.iter().any(|item| item.label == "Standard_HB176rs_v4"));
}

#[test]
fn machine_type_parameters_offer_sizes_for_their_default_and_entries() {
    let sizes = cyclecloud_catalog::vm_sizes();
    // No preference for a parameter: the reading order, retired sizes last.
    let first_current = sizes
        .natural_order()
        .iter()
        .map(|&at| &sizes.sizes()[at])
        .find(|size| !size.is_retired())
        .unwrap();
    let parameter =
        "[parameters P]\n[[parameter HPCMachineType]]\nParameterType = Cloud.MachineType\n";
    for (line, typed) in [
        ("DefaultValue = Standard_HB$0\n", "Standard_HB"),
        ("[[[list Config.Entries]]]\nName = $0\n", ""),
    ] {
        let (text, items) = items_at(&format!("{parameter}{line}"));
        assert!(items.len() > 600, "{line:?}: {}", items.len());
        assert_eq!(items[0].label, first_current.name, "{line:?}");
        assert_eq!(&text[items[0].replace_range.clone()], typed);
    }
    let other = "[parameters P]\n[[parameter Count]]\nParameterType = Integer\nDefaultValue = $0\n";
    assert!(items_at(other)
        .1
        .iter()
        .all(|item| !item.label.starts_with("Standard_")));
}

#[test]
fn regions_for_region_values_and_region_parameters() {
    check_first(
        "[cluster c]\n[[node n]]\nRegion = west$0\n",
        3,
        expect![[r#"
            replaces "west"
            australiacentral | Australia Central · Australia | australiacentral
            australiacentral2 | Australia Central 2 · Australia | australiacentral2
            australiaeast | Australia East · Australia | australiaeast
        "#]],
    );
    let (_, items) = items_at(
        "[parameters P]\n[[parameter Region]]\nParameterType = Cloud.Region\nDefaultValue = $0\n",
    );
    let west = items
        .iter()
        .find(|item| item.label == "westeurope")
        .unwrap();
    assert_eq!(west.detail.as_deref(), Some("West Europe · Europe"));
    let last = items.last().unwrap();
    assert_ne!(
        last.label, "westus3",
        "sovereign and canary regions come after the public ones"
    );
}
