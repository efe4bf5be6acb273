//! `render` through the built binary: JSON snapshots of committed fixtures with parameter
//! files and `-P` values, the text form's origins, and exit codes for missing values and bad
//! input.

use cyclecloud_e2e::{repo_root, run_in};

fn render(args: &[&str]) -> (i32, String, String) {
    let mut all = vec!["render"];
    all.extend_from_slice(args);
    run_in(&repo_root(), &all, "")
}

fn json(args: &[&str]) -> serde_json::Value {
    let mut all = args.to_vec();
    all.extend(["--format", "json"]);
    let (code, stdout, stderr) = render(&all);
    assert!(code == 0 || code == 1, "exit {code}\n{stderr}");
    serde_json::from_str(&stdout).unwrap_or_else(|error| panic!("{error}\n{stdout}"))
}

const SLURM: &str = "tests/fixtures/templates/slurm-autoscale.txt";

#[test]
fn slurm_with_a_parameters_file_and_an_override() {
    let (code, stdout, stderr) = render(&[
        SLURM,
        "-p",
        "tests/fixtures/render/slurm-params.json",
        "-P",
        "MaxHPCExecuteCoreCount=960",
        "--format",
        "json",
    ]);
    assert_eq!(code, 0, "every required parameter has a value\n{stderr}");
    let rendered: serde_json::Value = serde_json::from_str(&stdout).expect("JSON");
    // The printed form keeps document order (the snapshot below sorts keys).
    let at = |text: &str| {
        stdout
            .find(text)
            .unwrap_or_else(|| panic!("{text} in {stdout}"))
    };
    assert!(
        at("\"scheduler\": {") < at("\"hpc\": {"),
        "nodes in document order"
    );
    assert!(at("\"kind\"") < at("\"attributes\""), "{stdout}");
    assert_eq!(
        rendered["nodes"]["hpc"]["attributes"]["MaxCoreCount"], 960,
        "-P wins over the file"
    );
    assert_eq!(
        rendered["nodes"]["hpc"]["attributes"]["MachineType"],
        "Standard_HB120rs_v3"
    );
    insta::assert_json_snapshot!("render_slurm", rendered);
}

#[test]
fn other_fixtures_render_stably() {
    insta::assert_json_snapshot!(
        "render_gridengine",
        json(&["tests/fixtures/templates/gridengine-ha.txt"])
    );
    insta::assert_json_snapshot!(
        "render_lsf_environment",
        json(&["tests/fixtures/templates/lsf-environment.txt"])
    );
    insta::assert_json_snapshot!(
        "render_multi_cluster_workers",
        json(&[
            "tests/fixtures/templates/multi-cluster-parent.txt",
            "-c",
            "workers"
        ])
    );
}

#[test]
fn text_form_shows_where_values_came_from() {
    let (code, stdout, stderr) = render(&[SLURM, "-P", "SubnetId=rg/vnet/subnet"]);
    assert_eq!(code, 0, "{stderr}");
    assert!(
        stdout.contains("[[nodearray hpc]]    # line 82"),
        "{stdout}"
    );
    assert!(
        stdout.contains(
            "SubnetId = \"rg/vnet/subnet\"    # line 15 from [[node defaults]], $SubnetId (from -P)"
        ),
        "{stdout}"
    );
    assert!(
        stdout.contains("slurm.autoscale = true    # line 75 from [[node nodearraybase]]"),
        "{stdout}"
    );
}

#[test]
fn a_required_parameter_without_value_is_reported() {
    let (code, stdout, stderr) = render(&[SLURM, "--format", "json"]);
    assert_eq!(code, 1, "{stderr}");
    assert!(
        stderr.contains("required parameter with no value: SubnetId"),
        "{stderr}"
    );
    let rendered: serde_json::Value = serde_json::from_str(&stdout).expect("still printed");
    assert_eq!(
        rendered["missing_parameters"],
        serde_json::json!(["SubnetId"])
    );
    assert_eq!(
        rendered["nodes"]["scheduler"]["attributes"]["SubnetId"]["$unevaluated"]["reason"],
        "missing-parameter"
    );
}

#[test]
fn bad_input_exits_2_with_a_message() {
    let cases: &[(&[&str], &str)] = &[
        (&["missing.txt"], "cannot read missing.txt"),
        (&[SLURM, "-P", "Nope=1"], "declares no parameter `Nope`"),
        (&[SLURM, "-P", "ReturnProxy=yes"], "give true or false"),
        (&[SLURM, "-P", "novalue"], "-P takes NAME=VALUE"),
        (
            &[SLURM, "-p", "Cargo.toml"],
            "Cargo.toml:1:2: not a JSON parameter file",
        ),
        (
            &[SLURM, "-p", "tests/fixtures/render/none.json"],
            "cannot read",
        ),
        (
            &["tests/fixtures/templates/multi-cluster-parent.txt"],
            "several clusters",
        ),
        (
            &["tests/fixtures/templates/fragment-gpu-nodearray.txt"],
            "no [cluster] section",
        ),
    ];
    for (args, message) in cases {
        let (code, _, stderr) = render(args);
        assert_eq!(code, 2, "{args:?}\n{stderr}");
        assert!(stderr.contains(message), "{args:?}: {stderr}");
    }
}
