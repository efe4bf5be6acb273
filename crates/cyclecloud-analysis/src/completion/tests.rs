//! Fixture tests for completion: a template with the cursor marked `$0`, rendered one item a line.

use std::fmt::Write as _;

use cyclecloud_syntax::Snapshot;
use expect_test::{expect, Expect};

use super::{completions, CompletionItem};
use crate::cursor_fixture::{cursor, ODD_INPUTS};
use crate::model;

/// Items in the order a client shows them (sort text, then label).
pub(super) fn items_at(fixture: &str) -> (String, Vec<CompletionItem>) {
    let (text, offset) = cursor(fixture);
    let snapshot = Snapshot::parse(&text);
    let model = model::build(&snapshot);
    let mut items = completions(&snapshot, &model, offset, cyclecloud_catalog::vm_sizes());
    items.sort_by(|a, b| {
        let key = |item: &CompletionItem| item.sort_text.clone().unwrap_or(item.label.clone());
        key(a).cmp(&key(b)).then(a.label.cmp(&b.label))
    });
    (text, items)
}

/// `label | detail | insert text`, plus `(deprecated)`; the replaced text is checked to be the
/// same for all items and shown on the first line.
pub(super) fn render(text: &str, items: &[CompletionItem]) -> String {
    let mut out = String::new();
    if let Some(first) = items.first() {
        let _ = writeln!(out, "replaces {:?}", &text[first.replace_range.clone()]);
    }
    for item in items {
        let _ = write!(
            out,
            "{} | {} | {}",
            item.label,
            item.detail.as_deref().unwrap_or(""),
            item.insert_text
        );
        if item.deprecated {
            out.push_str(" (deprecated)");
        }
        out.push('\n');
    }
    out
}

fn check(fixture: &str, expect: Expect) {
    let (text, items) = items_at(fixture);
    expect.assert_eq(&render(&text, &items));
}

fn labels(fixture: &str) -> Vec<String> {
    items_at(fixture)
        .1
        .into_iter()
        .map(|item| item.label)
        .collect()
}

const NODES: &str = "
[cluster Demo]
    [[node defaults]]
    MachineType = Standard_D4s_v5
    [[node base]]
    Abstract = true
    [[node scheduler]]
    [[nodearray execute]]
    Extends = base, $0
[cluster Other]
    [[node elsewhere]]
";

#[test]
fn jetpack_platform_values_carry_os_family_and_era() {
    check(
        "[cluster c]\n[[node n]]\nJetpackPlatform = $0\n",
        expect![[r#"
            replaces ""
            centos-6 | linux, CycleCloud ≤ 7.6 (2018 reference and later wording) | centos-6
            centos-7 | linux, CycleCloud ≤ 7.6 (2018 reference and later wording) | centos-7
            ubuntu-14 | linux, CycleCloud ≤ 7.6, 2018 reference | ubuntu-14
            ubuntu-16 | linux, CycleCloud ≤ 7.6, 2018 reference | ubuntu-16
            ubuntu-14.04 | linux, CycleCloud ≤ 7.6, later reference wording | ubuntu-14.04
            ubuntu-16.04 | linux, CycleCloud ≤ 7.6, later reference wording | ubuntu-16.04
            ubuntu-18.04 | linux, observed in a template; never documented | ubuntu-18.04
            windows | windows, CycleCloud ≤ 7.6 (2018 reference and later wording) | windows
        "#]],
    );
}

#[test]
fn image_os_values_replace_the_typed_word() {
    check(
        "[cluster c]\n[[nodearray n]]\n  ImageOS = lin$0ux  # os\n",
        expect![[r#"
            replaces "linux"
            linux | Any Linux distribution. | linux
            windows | Windows Server. | windows
        "#]],
    );
}

#[test]
fn enumerated_values_of_a_volume() {
    check(
        "[cluster c]\n[[node n]]\n[[[volume data]]]\nStorageAccountType = \"Prem$0\"\n",
        expect![[r#"
            replaces "Prem"
            UltraSSD_LRS | Ultra Disk; needs the VM in an availability zone. | UltraSSD_LRS
            Premium_LRS | Premium SSD. | Premium_LRS
            StandardSSD_LRS | Standard SSD. | StandardSSD_LRS
            Standard_LRS | Standard HDD. | Standard_LRS
            PremiumV2_LRS | Premium SSD v2. (since 8.7.0) | PremiumV2_LRS
        "#]],
    );
}

#[test]
fn boolean_values() {
    check(
        "[cluster c]\n[[nodearray n]]\nInterruptible = t$0\n",
        expect![[r#"
            replaces "t"
            false | boolean | false
            true | boolean | true
        "#]],
    );
}

#[test]
fn extends_offers_the_other_nodes_of_the_same_cluster() {
    check(
        NODES,
        expect![[r#"
            replaces ""
            scheduler | node | scheduler
        "#]],
    );
    check(
        &NODES.replace("base, $0", "$0"),
        expect![[r#"
            replaces ""
            base | abstract node | base
            scheduler | node | scheduler
        "#]],
    );
}

#[test]
fn image_name_offers_builtin_images_with_end_of_life() {
    let (text, items) = items_at("[cluster c]\n[[node n]]\nImageName = cycle.image.$0\n");
    let rendered = render(&text, &items);
    expect![[r#"
        replaces "cycle.image."
        cycle.image.ubuntu20 | linux, Ubuntu 20.04 | cycle.image.ubuntu20
        cycle.image.ubuntu22 | linux, Ubuntu 22.04 | cycle.image.ubuntu22
    "#]]
    .assert_eq(
        &rendered
            .lines()
            .take(3)
            .map(|l| format!("{l}\n"))
            .collect::<String>(),
    );
    let centos7 = items
        .iter()
        .find(|item| item.label == "cycle.image.centos7")
        .unwrap();
    assert!(centos7.deprecated);
    // Ubuntu 14/16/18 and SLES 12 are past their end of life too: ranked last, marked.
    for name in [
        "cycle.image.ubuntu14",
        "cycle.image.ubuntu16",
        "cycle.image.ubuntu18",
        "cycle.image.sles12-hpc",
    ] {
        let item = items.iter().find(|item| item.label == name).unwrap();
        assert!(item.deprecated, "{name}");
    }
    expect!["linux, CentOS 7, end of life 2024-06-30"]
        .assert_eq(centos7.detail.as_deref().unwrap());
    assert_eq!(
        items.len(),
        cyclecloud_catalog::catalog().builtin_images().len()
            + cyclecloud_catalog::marketplace_images().len(),
        "built-in names, then the common Marketplace URNs"
    );
}

#[test]
fn attribute_names_in_a_nodearray_skip_present_ones() {
    let fixture =
        "[cluster c]\n[[nodearray n]]\nMachineType = x\nsubnetid = y\n$0\nImageName = z\n";
    let (text, items) = items_at(fixture);
    let rendered = render(&text, &items);
    expect![[r#"
        replaces ""
        Credentials | string | Credentials = $0
        ComputerName | string | ComputerName = $0
        ComputerNamePrefix | string | ComputerNamePrefix = $0
        Zone | list | Zone = $0
        KeyPairLocation | path | KeyPairLocation = $0
    "#]]
    .assert_eq(
        &rendered
            .lines()
            .take(6)
            .map(|l| format!("{l}\n"))
            .collect::<String>(),
    );
    let labels: Vec<_> = items.iter().map(|item| item.label.as_str()).collect();
    for absent in ["MachineType", "SubnetId", "ImageName"] {
        assert!(!labels.contains(&absent), "{absent} is already set");
    }
    for present in ["tags.", "Azure.Publisher", "InitialCount", "Extends"] {
        assert!(labels.contains(&present), "{present} missing");
    }
    let tags = items.iter().find(|item| item.label == "tags.").unwrap();
    assert_eq!(
        (tags.insert_text.as_str(), tags.is_snippet),
        ("tags.", false)
    );
    assert!(items
        .iter()
        .all(|item| item.kind == super::CompletionKind::Attribute));
    let jetpack = items.iter().find(|i| i.label == "JetpackPlatform").unwrap();
    assert!(jetpack.deprecated);
}

#[test]
fn node_defaults_offer_node_array_attributes_and_a_key_with_an_operator_inserts_the_name() {
    let fixture = "[cluster c]\n[[node defaults]]\nInitial$0Count = 2\n";
    let (text, items) = items_at(fixture);
    let initial = items.iter().find(|i| i.label == "InitialCount").unwrap();
    assert_eq!(&text[initial.replace_range.clone()], "InitialCount");
    assert_eq!(
        (initial.insert_text.as_str(), initial.is_snippet),
        ("InitialCount", false)
    );
    expect!["integer, node arrays only"].assert_eq(initial.detail.as_deref().unwrap());
}

#[test]
fn configuration_keys_follow_the_section_prefix_and_the_typed_path() {
    let fixture =
        "[cluster c]\n[[node n]]\n[[[configuration cyclecloud.mounts.shared]]]\ntype = nfs\n$0\n";
    let mounts = labels(fixture);
    assert!(mounts.contains(&"mountpoint".to_owned()));
    assert!(mounts.contains(&"encryption.bits".to_owned()));
    assert!(!mounts.contains(&"type".to_owned()), "type is present");

    // The client filters on the replaced text (`mou`); keep what it would show.
    let (text, items) =
        items_at("[cluster c]\n[[node n]]\n[[[configuration]]]\ncyclecloud.mou$0\n");
    let shown: Vec<_> = items
        .into_iter()
        .filter(|item| item.label.starts_with("mou"))
        .collect();
    expect![[r#"
        replaces "mou"
        mount_defaults.fs_type | string | mount_defaults.fs_type = $0
        mount_defaults.size | string | mount_defaults.size = $0
        mount_defaults.raid_level | integer | mount_defaults.raid_level = $0
        mount_defaults.encryption.bits | integer | mount_defaults.encryption.bits = $0
        mounts. | mounts.<name> (string) | mounts.
    "#]]
    .assert_eq(&render(&text, &shown));
    let filtered = |fixture: &str| {
        labels(fixture)
            .into_iter()
            .filter(|label| label.starts_with("mou"))
            .collect::<Vec<_>>()
    };
    assert_eq!(
        filtered("[cluster c]\n[[node n]]\n[[[configuration cyclecloud]]]\nmou$0\n"),
        [
            "mount_defaults.fs_type",
            "mount_defaults.size",
            "mount_defaults.raid_level",
            "mount_defaults.encryption.bits",
            "mounts."
        ]
    );
}

#[test]
fn section_headers_at_file_level() {
    check(
        "[cluster c]\nx = 1\n[parameters p]\n[$0\n",
        expect![[r#"
            replaces "["
            [[parameters]] | in [parameters p] | [[parameters ${1:Title}]]$0
            [[parameter]] | in [parameters p] | [[parameter ${1:Name}]]$0
            [cluster] | in the file (top level) | [cluster ${1:name}]$0
            [environment] | in the file (top level) | [environment ${1:name}]$0
            [noderef] | in the file (top level) | [noderef ${1:name}]$0
            [environmentref] | in the file (top level) | [environmentref ${1:name}]$0
            [parameters] | in the file (top level) | [parameters ${1:Title}]$0
            [parameter] | in the file (top level) | [parameter ${1:Name}]$0
        "#]],
    );
    check("$0", expect![[r#""#]]);
    check(
        "[$0]",
        expect![[r#"
            replaces "[]"
            [cluster] | in the file (top level) | [cluster ${1:name}]$0
            [environment] | in the file (top level) | [environment ${1:name}]$0
            [noderef] | in the file (top level) | [noderef ${1:name}]$0
            [environmentref] | in the file (top level) | [environmentref ${1:name}]$0
            [parameters] | in the file (top level) | [parameters ${1:Title}]$0
            [parameter] | in the file (top level) | [parameter ${1:Name}]$0
        "#]],
    );
}

#[test]
fn section_headers_in_a_cluster_and_in_a_node() {
    check(
        "[cluster c]\nAutoscale = true\n[[$0\n",
        expect![[r#"
            replaces "[["
            [[node defaults]] | in [cluster c] | [[node defaults]]$0
            [[node]] | in [cluster c] | [[node ${1:name}]]$0
            [[nodearray]] | in [cluster c] | [[nodearray ${1:name}]]$0
        "#]],
    );
    check(
        "[cluster c]\n[[node defaults]]\n[[nodearray x]]\nMachineType = a\n    [[[$0]]]\n",
        expect![[r#"
            replaces "[[[]]]"
            [[[volume]]] | in [[nodearray x]] | [[[volume ${1:name}]]]$0
            [[[network-interface]]] | in [[nodearray x]] | [[[network-interface ${1:eth0}]]]$0
            [[[cluster-init]]] | in [[nodearray x]] | [[[cluster-init ${1:project}:${2:spec}:${3:1.0.0}]]]$0
            [[[input-endpoint]]] | in [[nodearray x]] | [[[input-endpoint ${1:name}]]]$0
            [[[configuration]]] | in [[nodearray x]] | [[[configuration]]]$0
        "#]],
    );
    check(
        "[cluster c]\n[[node x]]\n[[nod$0\n",
        expect![[r#"
            replaces "[[nod"
            [[[volume]]] | in [[node x]] | [[[volume ${1:name}]]]$0
            [[[network-interface]]] | in [[node x]] | [[[network-interface ${1:eth0}]]]$0
            [[[cluster-init]]] | in [[node x]] | [[[cluster-init ${1:project}:${2:spec}:${3:1.0.0}]]]$0
            [[[input-endpoint]]] | in [[node x]] | [[[input-endpoint ${1:name}]]]$0
            [[[configuration]]] | in [[node x]] | [[[configuration]]]$0
            [[node defaults]] | in [cluster c] | [[node defaults]]$0
            [[node]] | in [cluster c] | [[node ${1:name}]]$0
            [[nodearray]] | in [cluster c] | [[nodearray ${1:name}]]$0
        "#]],
    );
}

#[test]
fn a_header_with_a_name_gets_kind_keywords_only() {
    check(
        "[cluster c]\n[[node x]]\n[[nod$0e y]]\n",
        expect![[r#"
            replaces "node"
            node | section kind, in [cluster c] | node
            nodearray | section kind, in [cluster c] | nodearray
        "#]],
    );
}

#[test]
fn parameters_after_dollar_in_values_and_header_names() {
    let parameters = "
[parameters About]
    [[parameter ImageChoice]]
    ParameterType = Cloud.Image
    DefaultValue = cycle.image.ubuntu22
    [[parameter Cluster Info]]
    ParameterType = HtmlTemplate
[cluster c]
[[node n]]
";
    check(
        &format!("{parameters}ImageName = $Ima$0\n"),
        expect![[r#"
            replaces "Ima"
            ImageChoice | Cloud.Image | ImageChoice
            ClusterName | built-in | ClusterName
        "#]],
    );
    check(
        &format!("{parameters}[[[cluster-init proj:spec:$V$0]]]\n"),
        expect![[r#"
            replaces "V"
            ImageChoice | Cloud.Image | ImageChoice
            ClusterName | built-in | ClusterName
        "#]],
    );
}

#[test]
fn functions_and_names_inside_an_interpolation() {
    let template = "
[parameter Flag]
ParameterType = Boolean
[environment vnet]
[cluster c]
[[node n]]
SubnetId = ${ifT$0}
";
    check(
        template,
        expect![[r#"
            replaces "ifT"
            Flag | Boolean | Flag
            ClusterName | built-in | ClusterName
            vnet | [environment] | vnet
            ifThenElse | ifThenElse(predicate, whenTrue, whenFalse) | ifThenElse(${1:predicate}, ${2:whenTrue}, ${3:whenFalse})
            ifUndefined | ifUndefined(expr, fallback) | ifUndefined(${1:expr}, ${2:fallback})
            regexp | regexp(pattern, target[, options]) | regexp(${1:pattern}, ${2:target})
            regexps | regexps(pattern, target, substitution[, options]) | regexps(${1:pattern}, ${2:target}, ${3:substitution})
            size | size(value) | size(${1:value})
            strjoin | strjoin(separator, list) | strjoin(separator, s1, s2, ...) | strjoin(${1:separator}, ${2:items})
            substr | substr(string, start[, length]) | substr(${1:string}, ${2:start})
            trim | trim(string) | trim(${1:string})
            strcat | strcat(s1, s2, ...) | strcat(${1:values})
            toLower | toLower(string) | toLower(${1:string})
            startswith | startswith(prefix, string) | startswith(${1:prefix}, ${2:string})
            undefined | undefined() | undefined()
            toUpper | toUpper(string) | toUpper(${1:string})
            isUndefined | isUndefined(expr) | isUndefined(${1:expr})
            isError | isError(expr) | isError(${1:expr})
            isString | isString(expr) | isString(${1:expr})
            isInteger | isInteger(expr) | isInteger(${1:expr})
            isReal | isReal(expr) | isReal(${1:expr})
            isBoolean | isBoolean(expr) | isBoolean(${1:expr})
            isList | isList(expr) | isList(${1:expr})
            member | member(item, list) | member(${1:item}, ${2:list})
            stringListMember | stringListMember(item, list[, delimiters]) | stringListMember(${1:item}, ${2:list})
            floor | floor(number) | floor(${1:number})
            ceiling | ceiling(number) | ceiling(${1:number})
            round | round(number) | round(${1:number})
            int | int(value) | int(${1:value})
            real | real(value) | real(${1:value})
            string | string(value) | string(${1:value})
            false | Boolean false. | false
            true | Boolean true. | true
            undefined | The undefined value; clears an inherited attribute. | undefined
        "#]],
    );
}

#[test]
fn strict_values_are_expressions() {
    let names = labels("[cluster c]\n[[node n]]\nSecurityType := ifThenElse(Fl$0, 1, 2)\n");
    assert!(names.contains(&"ifThenElse".to_owned()) && names.contains(&"undefined".to_owned()));
    let (_, items) = items_at("[cluster c]\n[[node n]]\nA := if$0(x)\n");
    let item = items.iter().find(|i| i.label == "ifThenElse").unwrap();
    assert_eq!(
        (item.insert_text.as_str(), item.is_snippet),
        ("ifThenElse", false)
    );
    // `$` inside an expression: names only; after a dot: nothing.
    assert_eq!(
        labels("[cluster c]\n[[node n]]\nA := $Cl$0\n"),
        ["ClusterName"]
    );
    assert!(labels("[cluster c]\n[[node n]]\nA := vnet.Out$0\n").is_empty());
    assert!(labels("[parameter P]\nDefaultValue = =und$0\n").contains(&"undefined".to_owned()));
}

#[test]
fn nothing_in_comments_strings_and_triple_quoted_text() {
    for fixture in [
        "[cluster c]\n# [[no$0\n",
        "[cluster c]\n[[node n]]\nImageOS = linux # li$0\n",
        "[cluster c]\n[[node n]]\nCloudInit = '''\n[[no$0\n'''\n",
        "[cluster c]\n[[node n]]\nA := \"$Cl$0\"\n",
    ] {
        assert!(labels(fixture).is_empty(), "{fixture:?}");
    }
}

#[test]
fn half_typed_input_crlf_and_offsets_past_the_end_never_panic() {
    check(
        "[cluster c]\r\n[[node n]]\r\nShutdownPolicy = $0",
        expect![[r#"
            replaces ""
            terminate | Delete the VM when the node shuts down. | terminate
            deallocate | Stop and deallocate the VM so its disks survive and it can restart faster. | deallocate
        "#]],
    );
    check(
        "[cluster c]\r\n[[node n]]\r\nEphemeralOSDisk = f$0\r\n[[node m]]\r\n",
        expect![[r#"
            replaces "f"
            false | boolean | false
            true | boolean | true
        "#]],
    );
    // At the end of a file without a line break.
    assert_eq!(
        labels("[cluster c]\n[[node n]]\n[[node m]]\nExtends = $0"),
        ["n"]
    );
    assert_eq!(
        labels("[cluster c]\n[[nod$0")[..3],
        ["[[node defaults]]", "[[node]]", "[[nodearray]]"]
    );
    // A lone `[` in the middle of a node swallows the next line in the tree; the owner stays.
    let middle = "[cluster a]\n  [[nodearray exec]]\n  MachineType = y\n  [$0\n  ImageName = z\n[cluster b]\n";
    assert_eq!(labels(middle)[0], "[[[volume]]]");
    for text in ODD_INPUTS {
        let snapshot = Snapshot::parse(text);
        let model = model::build(&snapshot);
        for offset in 0..text.len() + 4 {
            let _ = completions(&snapshot, &model, offset, cyclecloud_catalog::vm_sizes());
        }
        let _ = completions(
            &snapshot,
            &model,
            usize::MAX,
            cyclecloud_catalog::vm_sizes(),
        );
    }
}

#[test]
fn scheduler_keys_complete_after_their_project_prefix_then_keys_seen_in_the_template() {
    let fixture = "[cluster c]\n[[nodearray a]]\n[[[configuration]]]\nslurm.hpc = false\n\
        slurm.my_site_flag = 1\n[[nodearray b]]\n[[[configuration]]]\nslurm.$0\n";
    let shown = labels(fixture);
    let position = |label: &str| shown.iter().position(|l| l == label);
    assert!(position("hpc").is_some() && position("default_partition").is_some());
    assert!(position("accounting.enabled").is_some());
    // The template's own key comes after every documented one.
    let own = position("my_site_flag").expect("key set elsewhere in the template");
    assert!(own > position("autoscale").unwrap() && own > position("node_prefix").unwrap());
    assert_eq!(own, shown.len() - 1, "{shown:?}");
    // Inside `[[[configuration slurm]]]` the prefix is the section's name.
    let in_prefix = labels("[cluster c]\n[[nodearray a]]\n[[[configuration slurm]]]\n$0\n");
    assert!(in_prefix.contains(&"dampen_memory".to_owned()));
    assert!(!in_prefix.iter().any(|label| label.starts_with("slurm.")));
}

#[test]
fn boolean_and_enumerated_scheduler_keys_offer_their_values() {
    let values = |fixture: &str| labels(fixture);
    assert_eq!(
        values("[cluster c]\n[[nodearray a]]\n[[[configuration]]]\nslurm.hpc = $0\n"),
        ["false", "true"]
    );
    let roles = values("[cluster c]\n[[node s]]\n[[[configuration slurm]]]\nrole = $0\n");
    assert!(roles.contains(&"scheduler".to_owned()) && roles.contains(&"execute".to_owned()));
}
