//! Rendering a small template: inheritance, parameters, overrides and what cannot be known.

use cyclecloud_syntax::Snapshot;

use super::*;
use crate::eval::ErrorKind;
use crate::model::build;

const TEMPLATE: &str = "\
[cluster demo]
    [[node defaults]]
    Credentials = $Credentials
    MachineType = $MachineType
    ImageName = almalinux8
    SubnetId := undefined
        [[[configuration]]]
        slurm.version = 23.11
        [[[cluster-init cyclecloud/slurm:default:$Version]]]
        [[[volume data]]]
        Size = 100
    [[node base]]
    Abstract = true
    ImageName := undefined
    [[node scheduler]]
    Extends = base
    MachineType = ${MachineType}-big
    Cores := Count * 2
    Twice := Cores * 2
    Loop := Loop + 1
        [[[configuration slurm]]]
        role = scheduler
        [[[volume data]]]
        Size = 200
        [[[network-interface eth0]]]
        AssociatePublicIpAddress = $Public
    [[nodearray hpc]]
    SubnetId = ${vnet.Outputs.subnet}
[parameters p]
    [[parameter Credentials]]
    Required = true
    [[parameter MachineType]]
    DefaultValue = Standard_D4s_v3
    [[parameter Count]]
    ParameterType = Integer
    DefaultValue = 3
    [[parameter Version]]
    DefaultValue = 3.0.1
    [[parameter Public]]
[environment vnet]
";

fn rendered(overrides: &[Override]) -> Rendered {
    let snapshot = Snapshot::parse(TEMPLATE);
    let model = build(&snapshot);
    render(&snapshot, &model, None, overrides).expect("one cluster")
}

fn value<'r>(entries: &'r [Entry], key: &str) -> &'r Evaluated {
    &entries
        .iter()
        .find(|entry| entry.key == key)
        .unwrap_or_else(|| panic!("no {key}"))
        .value
}

fn s(text: &str) -> Value {
    Value::String(text.into())
}

#[test]
fn nodes_get_inherited_evaluated_values() {
    let rendered = rendered(&[]);
    let names: Vec<_> = rendered.nodes.iter().map(|n| n.name.as_str()).collect();
    assert_eq!(names, ["scheduler", "hpc"], "no defaults, no abstract base");
    assert_eq!(rendered.missing, ["Credentials"]);
    let scheduler = &rendered.nodes[0];
    assert_eq!(
        value(&scheduler.attributes, "MachineType"),
        &Ok(s("Standard_D4s_v3-big"))
    );
    assert_eq!(
        value(&scheduler.attributes, "Cores"),
        &Ok(Value::Integer(6))
    );
    assert_eq!(
        value(&scheduler.attributes, "Twice"),
        &Ok(Value::Integer(12))
    );
    assert_eq!(
        value(&scheduler.attributes, "Loop")
            .as_ref()
            .unwrap_err()
            .kind,
        ErrorKind::Cycle
    );
    assert_eq!(
        value(&scheduler.attributes, "Credentials")
            .as_ref()
            .unwrap_err()
            .kind,
        ErrorKind::MissingParameter
    );
    assert!(
        !scheduler
            .attributes
            .iter()
            .any(|e| e.key == "ImageName" || e.key == "SubnetId"),
        "cleared by `:= undefined` in the base and in defaults"
    );
    let machine = scheduler
        .attributes
        .iter()
        .find(|e| e.key == "MachineType")
        .unwrap();
    assert_eq!(machine.inherited_from, None);
    assert_eq!(machine.parameters, ["MachineType"]);
    let credentials = scheduler
        .attributes
        .iter()
        .find(|e| e.key == "Credentials")
        .unwrap();
    assert_eq!(credentials.inherited_from.as_deref(), Some("defaults"));
    assert_eq!(credentials.line, 3);
    assert_eq!(
        value(&scheduler.configuration, "slurm.version"),
        &Ok(Value::Real(23.11))
    );
    assert_eq!(
        value(&scheduler.configuration, "slurm.role"),
        &Ok(s("scheduler"))
    );
    assert_eq!(
        scheduler.cluster_init[0].value,
        Ok(s("cyclecloud/slurm:default:3.0.1"))
    );
    assert_eq!(scheduler.volumes.len(), 1);
    assert_eq!(
        value(&scheduler.volumes[0].1, "Size"),
        &Ok(Value::Integer(200))
    );
    assert_eq!(
        value(
            &scheduler.network_interfaces[0].1,
            "AssociatePublicIpAddress"
        ),
        &Ok(Value::Undefined)
    );
    let hpc = &rendered.nodes[1];
    assert_eq!(value(&hpc.attributes, "ImageName"), &Ok(s("almalinux8")));
    assert_eq!(
        value(&hpc.attributes, "SubnetId")
            .as_ref()
            .unwrap_err()
            .kind,
        ErrorKind::DeployTime
    );
}

#[test]
fn overrides_apply_in_order_and_fill_required_parameters() {
    let set = |name: &str, value: Value, source: &str| Override {
        name: name.into(),
        value,
        source: source.into(),
    };
    let rendered = rendered(&[
        set("credentials", s("azure"), "a.json"),
        set("MachineType", s("F2"), "a.json"),
        set("MachineType", s("F4"), "-P"),
        set("ClusterName", s("prod"), "-P"),
    ]);
    assert!(rendered.missing.is_empty());
    let scheduler = &rendered.nodes[0];
    assert_eq!(
        value(&scheduler.attributes, "MachineType"),
        &Ok(s("F4-big"))
    );
    assert_eq!(value(&scheduler.attributes, "Credentials"), &Ok(s("azure")));
    let machine = rendered
        .parameters
        .iter()
        .find(|p| p.name == "MachineType")
        .unwrap();
    assert_eq!(machine.source, ParamSource::Override("-P".into()));
    let count = rendered
        .parameters
        .iter()
        .find(|p| p.name == "Count")
        .unwrap();
    assert_eq!(count.source, ParamSource::Default(36));
    let text = text(&rendered);
    assert!(
        text.contains("MachineType = \"F4-big\"    # line 17, $MachineType (from -P)"),
        "{text}"
    );
    assert!(
        text.contains("Credentials = \"azure\"    # line 3 from [[node defaults]]"),
        "{text}"
    );
}

#[test]
fn clusters_are_chosen_by_name() {
    let snapshot = Snapshot::parse("[cluster a]\n[cluster b]\n");
    let model = build(&snapshot);
    assert!(matches!(
        render(&snapshot, &model, None, &[]),
        Err(RenderError::SeveralClusters(names)) if names == ["a", "b"]
    ));
    assert_eq!(
        render(&snapshot, &model, Some("B"), &[]).unwrap().cluster,
        "b"
    );
    assert!(matches!(
        render(&snapshot, &model, Some("c"), &[]),
        Err(RenderError::UnknownCluster(..))
    ));
    let fragment = Snapshot::parse("[[node x]]\n");
    assert_eq!(
        render(&fragment, &build(&fragment), None, &[]).unwrap_err(),
        RenderError::NoCluster
    );
}

#[test]
fn command_line_values_follow_the_parameter_type() {
    let snapshot = Snapshot::parse(TEMPLATE);
    let model = build(&snapshot);
    assert_eq!(
        command_line_value(&model, "count", "7"),
        Ok(Value::Integer(7))
    );
    assert!(command_line_value(&model, "Count", "seven").is_err());
    assert_eq!(
        command_line_value(&model, "Version", "3.1"),
        Ok(Value::Real(3.1))
    );
    assert_eq!(
        command_line_value(&model, "Version", "3.1.0"),
        Ok(s("3.1.0"))
    );
    assert_eq!(
        command_line_value(&model, "Public", "TRUE"),
        Ok(Value::Bool(true))
    );
    assert_eq!(command_line_value(&model, "ClusterName", "x"), Ok(s("x")));
    assert!(command_line_value(&model, "Nope", "1").is_err());
}

#[test]
fn a_section_inherited_twice_is_rendered_once() {
    let snapshot = Snapshot::parse(
        "[cluster c]\n[[node defaults]]\n[[[cluster-init p:s:1]]]\n[[node base]]\nAbstract = true\n[[nodearray a]]\nExtends = base\n",
    );
    let model = build(&snapshot);
    let rendered = render(&snapshot, &model, None, &[]).unwrap();
    assert_eq!(rendered.nodes[0].cluster_init.len(), 1);
}

#[test]
fn a_repeated_node_is_rendered_once_with_a_note() {
    let snapshot = Snapshot::parse("[cluster c]\n[[node a]]\nX = 1\n[[node A]]\nX = 2\n");
    let model = build(&snapshot);
    let rendered = render(&snapshot, &model, None, &[]).unwrap();
    assert_eq!(rendered.nodes.len(), 1);
    assert_eq!(
        value(&rendered.nodes[0].attributes, "X"),
        &Ok(Value::Integer(1))
    );
    assert_eq!(rendered.notes.len(), 1, "{:?}", rendered.notes);
}

#[test]
fn parameter_file_values_keep_their_json_types() {
    let file = crate::params_file::ParamsFile::parse(
        r#"{"Count": 3, "Ratio": 2.5, "Big": 1e3, "Off": null, "Zones": [1, "x"], "Tags": {"k": true}}"#,
    );
    let values: Vec<(String, Value)> = file
        .members
        .iter()
        .map(|member| (member.key.clone(), json_value(&member.value)))
        .collect();
    assert_eq!(
        values,
        vec![
            ("Count".to_owned(), Value::Integer(3)),
            ("Ratio".to_owned(), Value::Real(2.5)),
            ("Big".to_owned(), Value::Real(1000.0)),
            ("Off".to_owned(), Value::Undefined),
            (
                "Zones".to_owned(),
                Value::List(vec![Value::Integer(1), Value::String("x".to_owned())])
            ),
            (
                "Tags".to_owned(),
                Value::Record(vec![("k".to_owned(), Value::Bool(true))])
            ),
        ]
    );
}
