//! Fixture helper for parameter-file rules: a template and a parameter file in, one line per
//! finding out (`line:column code: message` at the flagged text).

use cyclecloud_syntax::Snapshot;

/// The findings of one rule for `params` against `template`, one line each.
pub(crate) fn findings(code: &str, template: &str, params: &str) -> String {
    let model = crate::model::build(&Snapshot::parse(template));
    super::check(params, &model)
        .into_iter()
        .filter(|diagnostic| diagnostic.code == code)
        .map(|diagnostic| {
            let before = &params[..diagnostic.range.start];
            let line = before.matches('\n').count() + 1;
            let column = before.len() - before.rfind('\n').map_or(0, |at| at + 1) + 1;
            let flagged = &params[diagnostic.range.clone()];
            format!(
                "{line}:{column} {}[{}] `{flagged}`: {}\n",
                diagnostic.severity.as_str(),
                diagnostic.code,
                diagnostic.message
            )
        })
        .collect()
}

/// A template declaring one parameter of each kind the rules look at.
pub(crate) const TEMPLATE: &str = r#"
[cluster c]
[[node n]]
MachineType = $Size
Region = $Region

[parameters Settings]
[[parameters Main]]
[[[parameter Region]]]
ParameterType = Cloud.Region
Required = true

[[[parameter Size]]]
ParameterType = Cloud.MachineType
DefaultValue = Standard_D4s_v5

[[[parameter MaxCores]]]
ParameterType = Integer
Config.Plugin = pico.form.NumberTextBox
Config.MinValue = 1
Config.MaxValue = 1000

[[[parameter UsePublic]]]
ParameterType = Boolean

[[[parameter Scheduler]]]
Label = Scheduler
Description = The scheduler to run
Config.Plugin = pico.form.Dropdown
DefaultValue = slurm
[[[[list Config.Entries]]]]
Label = Slurm
Value = slurm
[[[[list Config.Entries]]]]
Label = PBS Pro
Value = pbspro

[[[parameter Version]]]
Config.Plugin = pico.form.Dropdown
Config.FreeForm = true
[[[[list Config.Entries]]]]
Value = 1.0

[[[parameter Mounts]]]
ParameterType = StringList

[[[parameter Credentials]]]
ParameterType = Cloud.Credentials
Required = true
DefaultValue = =undefined
"#;
