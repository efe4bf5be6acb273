//! Generated templates of any size for benchmarks and profiling: a realistic Slurm-like
//! cluster, so a large file looks like the real ones grown, not like noise.

/// A realistic Slurm-like cluster of exactly `total_lines` lines: node defaults, a scheduler,
/// `nodearrays` nodearrays (attributes, a configuration section, a scratch volume, and for as
/// many as the line budget allows a cluster-init spec) and five parameters per nodearray that the
/// nodearray references with `$Param` (1,500 parameter blocks for 300 nodearrays).
pub fn generated_template(nodearrays: usize, total_lines: usize) -> String {
    let head = template_head();
    let parameters = template_parameters(nodearrays);
    let fixed = head.len() + nodearray_lines(nodearrays, 0).len() + parameters.len();
    // Lines left after the fixed part: one `[[[cluster-init]]]` per nodearray, from the first,
    // and any still left as comments at the end.
    let spare = total_lines.saturating_sub(fixed);
    let with_spec = spare.min(nodearrays);
    let mut lines = head;
    lines.extend(nodearray_lines(nodearrays, with_spec));
    lines.extend(parameters);
    while lines.len() < total_lines {
        lines.push("# end of template".to_owned());
    }
    lines.truncate(total_lines);
    let mut text = lines.join("\n");
    text.push('\n');
    text
}

/// Parameters every node refers to: name, then its settings.
const GLOBAL_PARAMETERS: [(&str, [&str; 2]); 16] = [
    (
        "Region",
        ["ParameterType = Cloud.Region", "DefaultValue = westeurope"],
    ),
    (
        "Credentials",
        ["ParameterType = Cloud.Credentials", "Required = true"],
    ),
    (
        "SubnetId",
        ["ParameterType = Azure.Subnet", "Required = true"],
    ),
    (
        "UsePublicNetwork",
        ["ParameterType = Boolean", "DefaultValue = false"],
    ),
    (
        "ReturnProxy",
        ["ParameterType = Boolean", "DefaultValue = false"],
    ),
    (
        "Autoscale",
        ["ParameterType = Boolean", "DefaultValue = true"],
    ),
    (
        "EnableNodeHealthChecks",
        ["ParameterType = Boolean", "DefaultValue = false"],
    ),
    (
        "ConfigureSlurmAccounting",
        ["ParameterType = Boolean", "DefaultValue = false"],
    ),
    (
        "SlurmVersion",
        ["Description = Slurm release", "DefaultValue = 23.11.9-1"],
    ),
    (
        "ProjectTag",
        ["Description = Cost tag", "DefaultValue = bench"],
    ),
    (
        "BootDiskSize",
        ["ParameterType = Integer", "DefaultValue = 128"],
    ),
    (
        "SharedSize",
        ["ParameterType = Integer", "DefaultValue = 512"],
    ),
    (
        "SchedulerMachineType",
        [
            "ParameterType = Cloud.MachineType",
            "DefaultValue = Standard_D8as_v4",
        ],
    ),
    (
        "SchedulerImageName",
        [
            "ParameterType = Cloud.Image",
            "DefaultValue = cycle.image.ubuntu22",
        ],
    ),
    (
        "SchedulerClusterInitSpecs",
        [
            "ParameterType = Cloud.ClusterInitSpecs",
            "Description = Scheduler specs",
        ],
    ),
    (
        "ExecuteClusterInitSpecs",
        [
            "ParameterType = Cloud.ClusterInitSpecs",
            "Description = Execute specs",
        ],
    ),
];

fn template_head() -> Vec<String> {
    [
        "################################",
        "## Generated benchmark cluster ##",
        "################################",
        "",
        "[cluster Bench]",
        "FormLayout = selectionpanel",
        "Category = Schedulers",
        "Autoscale = $Autoscale",
        "",
        "    [[node defaults]]",
        "    UsePublicNetwork = $UsePublicNetwork",
        "    Credentials = $Credentials",
        "    SubnetId = $SubnetId",
        "    Region = $Region",
        "    KeyPairLocation = ~/.ssh/cyclecloud.pem",
        "    EnableNodeHealthChecks = $EnableNodeHealthChecks",
        "    AdditionalClusterInitSpecs = $ExecuteClusterInitSpecs",
        "    tags.Project = $ProjectTag",
        "",
        "        [[[configuration]]]",
        "        slurm.version = $SlurmVersion",
        "        slurm.accounting.enabled = $ConfigureSlurmAccounting",
        "        cyclecloud.converge_on_boot = true",
        "        cyclecloud.hosts.standalone_dns.enabled = false",
        "",
        "        [[[cluster-init cyclecloud/slurm:default]]]",
        "        Optional = true",
        "",
        "        [[[volume boot]]]",
        "        Size = $BootDiskSize",
        "        StorageAccountType = Premium_LRS",
        "",
        "    [[node scheduler]]",
        "    MachineType = $SchedulerMachineType",
        "    ImageName = $SchedulerImageName",
        "    IsReturnProxy = $ReturnProxy",
        "    AdditionalClusterInitSpecs = $SchedulerClusterInitSpecs",
        "",
        "        [[[configuration]]]",
        "        cyclecloud.mounts.sched.disabled = false",
        "",
        "        [[[cluster-init cyclecloud/slurm:scheduler]]]",
        "",
        "        [[[network-interface eth0]]]",
        "        AssociatePublicIpAddress = $UsePublicNetwork",
        "",
        "        [[[volume shared]]]",
        "        Size = $SharedSize",
        "        SSD = true",
        "        Persistent = true",
        "",
    ]
    .iter()
    .map(|line| (*line).to_owned())
    .collect()
}

/// The nodearrays; the first `with_spec` also name a cluster-init spec.
fn nodearray_lines(nodearrays: usize, with_spec: usize) -> Vec<String> {
    let mut lines = Vec::new();
    for i in 1..=nodearrays {
        lines.extend([
            format!("    [[nodearray hpc{i:03}]]"),
            format!("    MachineType = $MachineType{i:03}"),
            format!("    MaxCoreCount = $MaxCores{i:03}"),
            format!("    Interruptible = $LowPrio{i:03}"),
            format!("    ImageName = $ImageName{i:03}"),
            "    Azure.MaxScaleSetSize = 100".to_owned(),
            "        [[[configuration]]]".to_owned(),
            format!("        slurm.partition = hpc{i:03}"),
            "        slurm.hpc = true".to_owned(),
            "        [[[volume scratch]]]".to_owned(),
            format!("        Size = $ScratchSize{i:03}"),
        ]);
        if i <= with_spec {
            lines.push("        [[[cluster-init cyclecloud/slurm:execute]]]".to_owned());
        }
        lines.push(String::new());
    }
    lines
}

/// `[parameters …]`: the global ones, then five per nodearray in groups of 30.
fn template_parameters(nodearrays: usize) -> Vec<String> {
    let mut lines = vec![
        "[parameters Required Settings]".to_owned(),
        "Order = 10".to_owned(),
        "    [[parameters Cluster]]".to_owned(),
    ];
    for (name, [first, second]) in GLOBAL_PARAMETERS {
        lines.extend([
            format!("        [[[parameter {name}]]]"),
            format!("        Label = {name}"),
            format!("        {first}"),
            format!("        {second}"),
        ]);
    }
    lines.extend([
        String::new(),
        "[parameters Partitions]".to_owned(),
        "Order = 20".to_owned(),
    ]);
    for i in 1..=nodearrays {
        if i % 30 == 1 {
            lines.push(format!(
                "    [[parameters Partitions {i:03}-{:03}]]",
                i + 29
            ));
        }
        let declarations: [(&str, &str, &str, &str); 5] = [
            (
                "MachineType",
                "VM type",
                "ParameterType = Cloud.MachineType",
                "DefaultValue = Standard_HB120rs_v3",
            ),
            (
                "MaxCores",
                "max cores",
                "ParameterType = Integer",
                "DefaultValue = 1200",
            ),
            (
                "LowPrio",
                "spot",
                "ParameterType = Boolean",
                "DefaultValue = false",
            ),
            (
                "ImageName",
                "image",
                "ParameterType = Cloud.Image",
                "DefaultValue = cycle.image.ubuntu22",
            ),
            (
                "ScratchSize",
                "scratch GB",
                "ParameterType = Integer",
                "DefaultValue = 256",
            ),
        ];
        for (name, label, kind, default) in declarations {
            lines.extend([
                format!("        [[[parameter {name}{i:03}]]]"),
                format!("        Label = hpc{i:03} {label}"),
                format!("        {kind}"),
                format!("        {default}"),
            ]);
        }
    }
    lines
}

/// The 0-based line right after a template's first `[[nodearray …]]` header (0 without one):
/// where the benchmarks and profiling sessions type.
pub fn line_after_first_nodearray(text: &str) -> u32 {
    text.lines()
        .position(|line| line.trim_start().starts_with("[[nodearray "))
        .map_or(0, |index| index as u32 + 1)
}
