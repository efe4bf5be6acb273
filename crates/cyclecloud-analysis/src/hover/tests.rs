//! Fixture tests for hover: a template with the cursor marked `$0`; the hovered text, then the
//! markdown.

use cyclecloud_syntax::Snapshot;
use expect_test::{expect, Expect};

use super::hover;
use crate::cursor_fixture::{cursor, ODD_INPUTS};
use crate::model;

fn render(fixture: &str) -> String {
    let (text, offset) = cursor(fixture);
    let snapshot = Snapshot::parse(&text);
    let model = model::build(&snapshot);
    match hover(&snapshot, &model, offset, cyclecloud_catalog::vm_sizes()) {
        Some(info) => format!("[{}]\n{}\n", &text[info.range], info.markdown),
        None => "no hover\n".to_owned(),
    }
}

fn check(fixture: &str, expect: Expect) {
    expect.assert_eq(&render(fixture));
}

const TEMPLATE: &str = "
[cluster Demo]
    [[node defaults]]
    MachineType = Standard_D4s_v5
    ImageName = cycle.image.ubuntu22
    [[node scheduler]]
    [[nodearray execute]]
    MachineType = Standard_HB176rs_v4
    [[nodearray gpu]]
    Extends = execute

[parameters General]
    [[parameter Region]]
    Label = Region
    Description = \"Deployment location\"
    ParameterType = Cloud.Region
    DefaultValue = westus2
    Required = true
";

/// The template with the cursor at the `|` of `marker`, a piece of the template's text.
fn at(marker: &str) -> String {
    let plain = marker.replace('|', "");
    assert!(
        TEMPLATE.contains(&plain),
        "{plain:?} is not in the template"
    );
    TEMPLATE.replacen(&plain, &marker.replacen('|', "$0", 1), 1)
}

#[test]
fn attribute_key_shows_the_catalog_entry() {
    check(
        "[cluster c]\n[[node n]]\nAzure.Pub$0lisher = OpenLogic\n",
        expect![[r#"
            [Azure.Publisher]
            **`Azure.Publisher`** · `string`

            Publisher of a Marketplace image; used together with Azure.Offer, Azure.Sku and Azure.ImageVersion.

            [Documentation](https://learn.microsoft.com/en-us/azure/cyclecloud/cluster-references/node-nodearray-reference)
        "#]],
    );
}

#[test]
fn enumerated_values_explain_themselves() {
    check(
        "[cluster c]\n[[node n]]\nJetpackPlatform = centos-$07\n",
        expect![[r#"
            [centos-7]
            **`centos-7`**: JetpackPlatform value

            Jetpack installer for CentOS 7 images.

            **OS family:** linux

            **Era:** CycleCloud ≤ 7.6 (2018 reference and later wording)

            JetpackPlatform is ignored from CycleCloud 7.7.0 on.
        "#]],
    );
    check(
        "[cluster c]\n[[node n]]\n[[[volume v]]]\nStorageAccountType = Premium_LRS$0\n",
        expect![[r#"
            [Premium_LRS]
            **`Premium_LRS`**: StorageAccountType value

            Premium SSD.
        "#]],
    );
    check(
        "[cluster c]\n[[node n]]\nImageName = cycle.image.cen$0tos7\n",
        expect![[r#"
            [cycle.image.centos7]
            **`cycle.image.centos7`**: built-in image

            CentOS 7 (linux)

            **Status:** CentOS 7 reached end of life; dropped from the 2025 image list and unsupported by azslurm from 8.6.4

            **End of life:** 2024-06-30
        "#]],
    );
}

#[test]
fn parameter_reference_and_declaration() {
    let template = format!("{TEMPLATE}[cluster Other]\n[[node n]]\nRegion = $Reg$0ion\n");
    let expected = expect![[r#"
        [$Region]
        **Parameter `Region`** · `Cloud.Region`

        **Label:** Region

        Deployment location

        **Default:** `westus2`

        Required.

        Declared at line 12.
    "#]];
    check(&template, expected);
    check(
        &at("[[parameter |Region]]"),
        expect![[r#"
            [Region]
            **Parameter `Region`** · `Cloud.Region`

            **Label:** Region

            Deployment location

            **Default:** `westus2`

            Required.

            Declared at line 12.
        "#]],
    );
}

#[test]
fn function_names_show_their_signature() {
    check(
        "[cluster c]\n[[node n]]\nA := IfThen$0Else(x, 1, 2)\n",
        expect![[r#"
            [IfThenElse]
            ```
            ifThenElse(predicate, whenTrue, whenFalse)
            ```

            Returns `whenTrue` if the predicate holds and `whenFalse` otherwise.

            Returns `any`.
        "#]],
    );
}

#[test]
fn section_kind_shows_the_section_doc() {
    check(
        &at("[[|nodearray execute]]"),
        expect![[r#"
            [nodearray]
            **`[[nodearray]]`** section

            A group of identically configured VMs that CycleCloud can grow and shrink, normally backed by one or more scale sets.

            Rank 2, in `cluster`; name required.

            [Documentation](https://learn.microsoft.com/en-us/azure/cyclecloud/cluster-references/node-nodearray-reference)
        "#]],
    );
}

#[test]
fn inherited_attributes_show_where_the_value_comes_from() {
    check(
        &at("Machine|Type = Standard_HB176rs_v4"),
        expect![[r#"
            [MachineType]
            **`MachineType`** · `list`

            Azure VM size to use, such as `Standard_D4s_v5`. A comma list names several sizes, tried in order.

            Required on every node (after inheritance).

            [Documentation](https://learn.microsoft.com/en-us/azure/cyclecloud/cluster-references/node-nodearray-reference)

            ---

            **Effective value:** `Standard_HB176rs_v4` (set here); overrides `Standard_D4s_v5` from `[[node defaults]]` (line 3).

            Inherited by `gpu`.
        "#]],
    );
    check(
        &at("    |MachineType = Standard_D4s_v5"),
        expect![[r#"
            [MachineType]
            **`MachineType`** · `list`

            Azure VM size to use, such as `Standard_D4s_v5`. A comma list names several sizes, tried in order.

            Required on every node (after inheritance).

            [Documentation](https://learn.microsoft.com/en-us/azure/cyclecloud/cluster-references/node-nodearray-reference)

            ---

            Inherited by `scheduler`.

            Overridden in `execute` (line 7), `gpu` (through `execute`, line 7).
        "#]],
    );
}

#[test]
fn extends_entries_and_unknown_keys() {
    check(
        &at("Extends = |execute"),
        expect![[r#"
            [execute]
            **`[[nodearray execute]]`**

            Inherits from `defaults`.

            Declared at line 6.
        "#]],
    );
    check(
        "[cluster c]\n[[nodearray n]]\nMachinType$0 = x\n",
        expect![[r#"
            [MachinType]
            **`MachinType`**: unknown attribute in `nodearray` sections. Did you mean `MachineType`?
        "#]],
    );
    check(
        "[cluster c]\n[[node n]]\nInitialCount$0 = 1\n",
        expect![[r#"
            [InitialCount]
            **`InitialCount`** · `integer`

            Number of array members started together with the cluster.

            [Documentation](https://learn.microsoft.com/en-us/azure/cyclecloud/cluster-references/node-nodearray-reference)

            _Not a `node` attribute: the catalog lists it for nodearray._
        "#]],
    );
    check(
        "[cluster c]\n[[node n]]\n[[[configuration]]]\nslurm.x$0 = 1\n",
        expect!["no hover\n"],
    );
}

#[test]
fn a_vm_size_shows_its_facts_family_and_docs() {
    check(
        "[cluster c]\n[[nodearray a]]\nMachineType = Standard_D4s_v5, standard_hb120RS_v3$0\n",
        expect![[r#"
            [standard_hb120RS_v3]
            **`Standard_HB120rs_v3`** · VM size

            | | |
            |---|---|
            | vCPUs | 120 |
            | Memory | 448 GiB |
            | InfiniBand | HDR 200 Gb/s |
            | Hyper-V generations | Gen1, Gen2 |
            | Accelerated networking | yes |
            | Premium storage | yes |
            | Max data disks | 32 |

            **Quota family:** `standardHBv3Family`

            _Source: docs._ [Azure documentation](https://learn.microsoft.com/azure/virtual-machines/sizes/high-performance-compute/hbv3-series)
        "#]],
    );
}

#[test]
fn a_machine_type_parameter_default_and_entry_are_sizes_too() {
    let parameter = "[parameters P]\n[[parameter M]]\nParameterType = Cloud.MachineType\n";
    check(
        &format!("{parameter}DefaultValue = Standard_H16r$0\n"),
        expect![[r#"
            [Standard_H16r]
            **`Standard_H16r`** · VM size

            | | |
            |---|---|
            | vCPUs | 16 |
            | Memory | 112 GiB |
            | InfiniBand | yes |
            | Spot | yes |
            | Hyper-V generations | Gen1 |
            | Accelerated networking | no |
            | Premium storage | no |
            | Max data disks | 64 |

            **Quota family:** `standardHFamily`

            **Retired:** 2022-08-31. Choose a current size.

            _Source: scalelib-2020._ [Azure documentation](https://learn.microsoft.com/azure/virtual-machines/h-series-retirement)
        "#]],
    );
    let entry = format!("{parameter}[[[list Config.Entries]]]\nName = Standard_NC6s_v3$0\n");
    assert!(render(&entry).contains("**Retired:** 2025-09-30"));
}

#[test]
fn unknown_sizes_get_no_hover_and_regions_show_their_geography() {
    check(
        "[cluster c]\n[[node n]]\nMachineType = Standard_HB120rs_v9$0\n",
        expect![[r#"
            no hover
        "#]],
    );
    check(
        "[cluster c]\n[[node n]]\nRegion = westeurope$0\n",
        expect![[r#"
            [westeurope]
            **`westeurope`** · Azure region

            **West Europe**, geography Europe.
        "#]],
    );
    let parameter = "[parameters P]\n[[parameter R]]\nParameterType = Cloud.Region\nDefaultValue = usgovvirginia$0\n";
    assert!(render(parameter).contains("Azure Government"));
}

#[test]
fn odd_input_at_any_offset_gets_an_answer_or_none() {
    for text in ODD_INPUTS {
        let snapshot = Snapshot::parse(text);
        let model = model::build(&snapshot);
        for offset in (0..text.len() + 4).chain([usize::MAX]) {
            if let Some(info) = hover(&snapshot, &model, offset, cyclecloud_catalog::vm_sizes()) {
                assert!(info.range.end <= text.len() && !info.markdown.is_empty());
            }
        }
    }
}

#[test]
fn scheduler_key_shows_its_project_roles_and_default() {
    check(
        "[cluster c]\n[[nodearray a]]\n[[[configuration slurm]]]\nh$0pc = false\n",
        expect![[r#"
            [hpc]
            **`slurm.hpc`** · `boolean`

            Per node array: keeps the array's nodes in one placement group (one colocated scale set), as tightly coupled MPI jobs over InfiniBand need. Takes effect only with `slurm.autoscale = true`; set `false` for throughput (HTC) arrays.

            **Default:** true

            Read by the `Azure/cyclecloud-slurm` project on execute nodes.

            [Documentation](https://github.com/Azure/cyclecloud-slurm#slurm-template-configuration-reference)
        "#]],
    );
}

#[test]
fn a_common_marketplace_urn_shows_its_image() {
    check(
        "[cluster c]\n[[nodearray a]]\nImageName = almalinux:AlmaLinux-HPC:8_10-hpc-gen2:lat$0est\n",
        expect![[r#"
            [almalinux:AlmaLinux-HPC:8_10-hpc-gen2:latest]
            **`almalinux:almalinux-hpc:8_10-hpc-gen2`** · Marketplace image

            AlmaLinux 8.10 HPC

            **Hyper-V generation:** Gen2

            **Status:** current

            _Source: azhpc._
        "#]],
    );
    assert_eq!(
        render("[cluster c]\n[[nodearray a]]\nImageName = someone:unknown:sku:lat$0est\n"),
        "no hover\n"
    );
}

#[test]
fn node_header_shows_effective_attributes_evaluated_with_defaults() {
    check(
        "[cluster c]
    [[node defaults]]
    MachineType = $Size
    Count := Cores * 2
    [[node base]]
    Abstract = true
    SubnetId = ${Net}-sub
    [[nodearray exe$0cute]]
    Extends = base
    Cores = 4
    KeepAlive := Ext.Running
    Name = ${ClusterName}-x
    Pipe = a|b

[environment Ext]

[parameters P]
    [[parameter Size]]
    DefaultValue = Standard_D4s_v5
    [[parameter Net]]
    DefaultValue = rg/vnet
",
        expect![[r#"
            [execute]
            **`[[nodearray execute]]`**

            Inherits from `defaults`, `base`.

            Declared at line 8.

            **Effective attributes**

            | Attribute | Value | From |
            |---|---|---|
            | `MachineType` | `Standard_D4s_v5` ← `$Size` | `defaults` line 3 |
            | `Count` | `8` ← `Cores * 2` | `defaults` line 4 |
            | `SubnetId` | `rg/vnet-sub` ← `${Net}-sub` | `base` line 7 |
            | `Extends` | `base` | line 9 |
            | `Cores` | `4` | line 10 |
            | `KeepAlive` | `Ext.Running` | line 11 |
            | `Name` | `${ClusterName}-x` | line 12 |
            | `Pipe` | `a\|b` | line 13 |
        "#]],
    );
}

#[test]
fn effective_attributes_are_capped() {
    let mut text = String::from("[cluster c]\n[[node n$0]]\n");
    for index in 0..40 {
        text.push_str(&format!("Tag{index} = {index}\n"));
    }
    let markdown = render(&text);
    assert!(
        markdown.contains("| `Tag29` | `29` | line 32 |"),
        "{markdown}"
    );
    assert!(!markdown.contains("Tag30"), "{markdown}");
    assert!(markdown.ends_with("… and 10 more\n"), "{markdown}");
}
