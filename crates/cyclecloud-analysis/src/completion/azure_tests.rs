//! Fixture tests for VM size and region values: the first items a client shows, then checks on
//! the whole list.

use expect_test::{expect, Expect};

use cyclecloud_syntax::Snapshot;

use super::tests::{items_at, render};
use super::values::MAX_SIZE_ITEMS;
use super::{completion_list, Documentation};
use crate::cursor_fixture::cursor;
use crate::model;

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
            Standard_HB368rs_v5 | 368 vCPU · 448 GiB | Standard_HB368rs_v5
            Standard_HB368-336rs_v5 | 336 vCPU · 448 GiB | Standard_HB368-336rs_v5
            Standard_HB368-288rs_v5 | 288 vCPU · 448 GiB | Standard_HB368-288rs_v5
            Standard_HB368-240rs_v5 | 240 vCPU · 448 GiB | Standard_HB368-240rs_v5
            Standard_HB368-192rs_v5 | 192 vCPU · 448 GiB | Standard_HB368-192rs_v5
            Standard_HB368-144rs_v5 | 144 vCPU · 448 GiB | Standard_HB368-144rs_v5
        "#]],
    );
}

/// Whether the list at the cursor was cut short.
fn incomplete(fixture: &str) -> bool {
    let (text, offset) = cursor(fixture);
    let snapshot = Snapshot::parse(&text);
    let model = model::build(&snapshot);
    completion_list(&snapshot, &model, offset, cyclecloud_catalog::vm_sizes()).is_incomplete
}

#[test]
fn single_nodes_get_general_sizes_first_and_the_list_is_the_best_part() {
    let fixture = "[cluster c]\n[[node scheduler]]\nMachineType = Standard_D$0\n";
    let (text, items) = items_at(fixture);
    assert_eq!(&text[items[0].replace_range.clone()], "Standard_D");
    assert_eq!(items.len(), MAX_SIZE_ITEMS);
    assert!(
        incomplete(fixture),
        "the editor must ask again as the user types"
    );
    assert!(
        items
            .iter()
            .all(|item| item.label.starts_with("Standard_D")),
        "prefix matches first"
    );
    assert!(
        items[0].label.ends_with("_v6"),
        "newest generation first: {}",
        items[0].label
    );
    assert!(items.iter().all(|item| !item.deprecated));
}

#[test]
fn typing_narrows_the_list_and_retired_sizes_stay_reachable() {
    let fixture = "[cluster c]\n[[node n]]\nMachineType = standard_h16r$0\n";
    let (_, items) = items_at(fixture);
    assert!(!incomplete(fixture));
    let labels: Vec<&str> = items.iter().map(|item| item.label.as_str()).collect();
    assert_eq!(&labels[..2], ["Standard_H16r", "Standard_H16r_Promo"]);
    assert!(
        labels.len() > 2,
        "letters in order also match, as fuzzy editors show: {labels:?}"
    );
    let h16r = &items[0];
    assert!(h16r.deprecated);
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
    // A quoted value is matched without its quote.
    let (_, quoted) = items_at("[cluster c]\n[[node n]]\nMachineType = \"Standard_HX176-2$0\"\n");
    assert_eq!(quoted[0].label, "Standard_HX176-24rs");
}

#[test]
fn a_list_element_after_a_comma_skips_the_sizes_already_listed() {
    let fixture = "[cluster c]\n[[nodearray a]]\nMachineType = Standard_HB120rs_v3, standard_hx176rs, Standard_H$0\n";
    let (text, items) = items_at(fixture);
    assert_eq!(&text[items[0].replace_range.clone()], "Standard_H");
    assert!(items
        .iter()
        .all(|item| item.label != "Standard_HB120rs_v3" && item.label != "Standard_HX176rs"));
    assert!(items.iter().any(|item| item.label == "Standard_HB176rs_v4"));
}

#[test]
fn machine_type_parameters_offer_sizes_for_their_default_and_entries() {
    let sizes = cyclecloud_catalog::vm_sizes();
    // No preference for a parameter: the reading order, retired sizes last.
    let first_current = |prefix: &str| {
        sizes
            .natural_order()
            .iter()
            .map(|&at| &sizes.sizes()[at])
            .find(|size| !size.is_retired() && size.name.starts_with(prefix))
            .unwrap()
            .name
            .clone()
    };
    let parameter =
        "[parameters P]\n[[parameter HPCMachineType]]\nParameterType = Cloud.MachineType\n";
    for (line, typed, count) in [
        ("DefaultValue = Standard_HB$0\n", "Standard_HB", 27),
        ("[[[list Config.Entries]]]\nName = $0\n", "", MAX_SIZE_ITEMS),
    ] {
        let (text, items) = items_at(&format!("{parameter}{line}"));
        assert_eq!(items.len(), count, "{line:?}");
        assert_eq!(items[0].label, first_current(typed), "{line:?}");
        assert_eq!(&text[items[0].replace_range.clone()], typed);
    }
    assert_eq!(first_current("Standard_HB"), "Standard_HB368rs_v5");
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

#[test]
fn image_names_offer_common_marketplace_urns_after_the_built_in_names() {
    let (_, items) = items_at("[cluster c]\n[[nodearray a]]\nImageName = $0\n");
    let first_urn = items
        .iter()
        .position(|item| item.label.contains(':'))
        .expect("URNs are offered");
    assert!(items[..first_urn]
        .iter()
        .all(|item| !item.label.contains(':')));
    assert!(items
        .iter()
        .any(|item| item.label == "almalinux:almalinux-hpc:8_10-hpc-gen2:latest"));
}

#[test]
fn marketplace_offers_and_skus_follow_the_publisher_written() {
    check_first(
        "[cluster c]\n[[nodearray a]]\nAzure.Publisher = microsoft-dsvm\nAzure.Sku = $0\n",
        5,
        expect![[r#"
            replaces ""
            2204 | Ubuntu 22.04 HPC | 2204
            2004 | Ubuntu 20.04 HPC | 2004
            1804 | Ubuntu 18.04 HPC | 1804
        "#]],
    );
    check_first(
        "[cluster c]\n[[nodearray a]]\nAzure.Publisher = almalinux\nAzure.Offer = $0\n",
        5,
        expect![[r#"
            replaces ""
            almalinux-hpc | offer of almalinux | almalinux-hpc
        "#]],
    );
    let (_, publishers) = items_at("[cluster c]\n[[nodearray a]]\nAzure.Publisher = $0\n");
    let mut labels: Vec<&str> = publishers.iter().map(|item| item.label.as_str()).collect();
    let count = labels.len();
    labels.dedup();
    assert_eq!(labels.len(), count, "each publisher once");
    assert!(labels.contains(&"OpenLogic"));
}
