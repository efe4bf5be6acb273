//! `render`: the cluster a template builds, with parameter values from defaults, `-p` JSON
//! files (in order) and `-P NAME=VALUE` (later wins). The work is `cyclecloud_analysis::render`;
//! this reads the files and prints. Exit 0 when rendered, 1 when a required parameter has no
//! value (the render is still printed), 2 for bad input.

use std::path::{Path, PathBuf};
use std::process::ExitCode;

use cyclecloud_analysis::eval::Value;
use cyclecloud_analysis::model::build;
use cyclecloud_analysis::params_file::ParamsFile;
use cyclecloud_analysis::render::{command_line_value, json_value, render, text, Override};
use cyclecloud_syntax::Snapshot;

/// How to print a render.
#[derive(clap::ValueEnum, Clone, Copy, Debug, PartialEq, Eq)]
pub enum RenderFormat {
    /// For people: each value with the line, base node and parameters it came from.
    Text,
    /// The stable JSON form documented in docs/render.md.
    Json,
}

/// What `render` was asked to do.
pub struct RenderOptions {
    pub template: PathBuf,
    pub params_files: Vec<PathBuf>,
    pub params: Vec<String>,
    pub cluster: Option<String>,
    pub format: RenderFormat,
}

/// Renders one template and prints it.
pub fn run(options: RenderOptions) -> ExitCode {
    match run_inner(&options) {
        Ok(code) => code,
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::from(2)
        }
    }
}

fn run_inner(options: &RenderOptions) -> Result<ExitCode, String> {
    let path = &options.template;
    let bytes =
        std::fs::read(path).map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    let snapshot = Snapshot::parse(&String::from_utf8_lossy(&bytes));
    let model = build(&snapshot);
    let mut overrides = Vec::new();
    for file in &options.params_files {
        for (name, value) in read_params_file(file)? {
            if model.parameter(&name).is_none() && !name.eq_ignore_ascii_case("ClusterName") {
                eprintln!(
                    "warning: {}: the template declares no parameter `{name}`; ignored",
                    file.display()
                );
                continue;
            }
            overrides.push(Override {
                name,
                value,
                source: file.display().to_string(),
            });
        }
    }
    for assignment in &options.params {
        let Some((name, text)) = assignment.split_once('=') else {
            return Err(format!("-P takes NAME=VALUE, not `{assignment}`"));
        };
        let name = name.trim();
        let value =
            command_line_value(&model, name, text).map_err(|error| format!("-P {error}"))?;
        overrides.push(Override {
            name: name.to_owned(),
            value,
            source: "-P".to_owned(),
        });
    }
    let rendered = render(&snapshot, &model, options.cluster.as_deref(), &overrides)
        .map_err(|error| format!("{}: {error}", path.display()))?;
    match options.format {
        RenderFormat::Json => {
            let json = serde_json::to_string_pretty(&rendered)
                .map_err(|error| format!("cannot write JSON: {error}"))?;
            println!("{json}");
        }
        RenderFormat::Text => print!("{}", text(&rendered)),
    }
    for note in &rendered.notes {
        eprintln!("note: {note}");
    }
    if rendered.missing.is_empty() {
        return Ok(ExitCode::SUCCESS);
    }
    eprintln!(
        "error: required parameter{} with no value: {} (give {} with -p FILE.json or -P NAME=VALUE)",
        if rendered.missing.len() == 1 { "" } else { "s" },
        rendered.missing.join(", "),
        if rendered.missing.len() == 1 { "it" } else { "them" },
    );
    Ok(ExitCode::from(1))
}

/// A parameters file as `cyclecloud create_cluster -p` takes it: one flat JSON object of
/// parameter name → value, in the file's order, read by the same reader as `check --params`.
fn read_params_file(path: &Path) -> Result<Vec<(String, Value)>, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|error| format!("cannot read {}: {error}", path.display()))?;
    let file = ParamsFile::parse(&text);
    if let Some(error) = &file.error {
        let before = &text[..error.offset.min(text.len())];
        let line = before.matches('\n').count() + 1;
        let column = before.len() - before.rfind('\n').map_or(0, |newline| newline + 1) + 1;
        return Err(format!(
            "{}:{line}:{column}: not a JSON parameter file: {}",
            path.display(),
            error.message
        ));
    }
    Ok(file
        .members
        .iter()
        .map(|member| (member.key.clone(), json_value(&member.value)))
        .collect())
}
