//! Where configuration keys are read: `jetpack config KEY` calls in a project's cluster-init
//! scripts (`specs/<spec>/cluster-init/scripts/*`), and the configuration key under the cursor
//! in a template. Reading the scripts from disk is the server's job; this only parses text.

use std::ops::Range;
use std::path::{Component, Path};

use crate::model::{AttrId, Model};

/// One `jetpack config KEY` call: the key as written and its byte range in the script.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConfigRead {
    /// The key (`slurm.hpc`), without quotes.
    pub key: String,
    /// Where the key is written.
    pub range: Range<usize>,
}

/// Whether a path is a cluster-init script of a project: a file directly in
/// `specs/<spec>/cluster-init/scripts/`, the folder CycleCloud runs on boot.
pub fn is_cluster_init_script(path: &Path) -> bool {
    let names: Vec<&std::ffi::OsStr> = path
        .components()
        .filter_map(|component| match component {
            Component::Normal(name) => Some(name),
            _ => None,
        })
        .collect();
    matches!(
        names.as_slice(),
        [.., specs, _spec, cluster_init, scripts, _file]
            if *specs == "specs" && *cluster_init == "cluster-init" && *scripts == "scripts"
    )
}

/// Every `jetpack config KEY` call in a script's text (shell or any language that runs the
/// command), in order. Options before the key (`--json`) are skipped; a key must be a dotted
/// name, so `jetpack config $VAR` is not a read of a known key.
pub fn jetpack_config_reads(text: &str) -> Vec<ConfigRead> {
    config_calls(text)
        .into_iter()
        .filter_map(|call| match call {
            ConfigCall::Key(read)
                if read.key.contains('.')
                    && read.key.starts_with(|c: char| c.is_ascii_alphabetic()) =>
            {
                Some(read)
            }
            _ => None,
        })
        .collect()
}

/// What one call of `jetpack config` (or Jetpack's Python `jetpack.config`) reads, as far as
/// the script's text tells.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(crate) enum ConfigCall {
    /// A key written out (`myapp.port`; `myapp` reads everything under it).
    Key(ConfigRead),
    /// A key built at run time after a literal start (`myapp.$NAME` reads under `myapp.`).
    Prefix(String),
    /// A key the text does not tell (`$KEY`, no key, Python code passing a variable).
    Unknown,
}

/// Every call of `jetpack config` and of the Python `jetpack.config` module in a script.
pub(crate) fn config_calls(text: &str) -> Vec<ConfigCall> {
    let mut calls = Vec::new();
    for (start, _) in text.match_indices("jetpack") {
        let before = text[..start].chars().next_back();
        if before.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-' || c == '.') {
            continue;
        }
        let after = start + "jetpack".len();
        let call = if text[after..].starts_with(".config") {
            python_call(text, start, after + ".config".len())
        } else {
            command_call(text, after)
        };
        calls.extend(call);
    }
    calls
}

/// `jetpack config [options] KEY`, the words starting at `offset` (after `jetpack`).
fn command_call(text: &str, offset: usize) -> Option<ConfigCall> {
    let mut words = words_of_line(text, offset);
    let (_, command) = words.next()?;
    if command != "config" {
        return None;
    }
    let Some((start, word)) = words.find(|(_, word)| !word.starts_with('-')) else {
        return Some(ConfigCall::Unknown);
    };
    let quote_len = word.len() - word.trim_start_matches(['"', '\'']).len();
    Some(literal_key(&word[quote_len..], start + quote_len))
}

/// `jetpack.config.get("KEY")` in Python; an import of the module alone is no call, any other
/// use (`from jetpack.config import get`, a variable key) reads keys the text does not tell.
fn python_call(text: &str, start: usize, offset: usize) -> Option<ConfigCall> {
    let line_start = text[..start].rfind('\n').map_or(0, |at| at + 1);
    if text[line_start..start].trim_start().starts_with("import ") {
        return None;
    }
    let rest = &text[offset..];
    let Some(argument) = rest.strip_prefix(".get(") else {
        return Some(ConfigCall::Unknown);
    };
    let quote_len = argument.len() - argument.trim_start_matches(['"', '\'']).len();
    if quote_len == 0 {
        return Some(ConfigCall::Unknown);
    }
    let key_start = offset + ".get(".len() + quote_len;
    Some(literal_key(&text[key_start..], key_start))
}

/// The key at the start of `text` (at `offset` in the script): written out when the key
/// characters end at a quote, a bracket or the end of the word; a prefix when a variable or
/// formatting follows them.
fn literal_key(text: &str, offset: usize) -> ConfigCall {
    let end = text
        .find(|c: char| !(c.is_ascii_alphanumeric() || "_.-".contains(c)))
        .unwrap_or(text.len());
    let key = &text[..end];
    let built = text[end..].starts_with(['$', '{', '%', '*']);
    if key.is_empty() {
        ConfigCall::Unknown
    } else if built || key.ends_with('.') {
        ConfigCall::Prefix(key.to_owned())
    } else {
        ConfigCall::Key(ConfigRead {
            key: key.to_owned(),
            range: offset..offset + key.len(),
        })
    }
}

/// The whitespace-separated words of the line from `offset` on, with their byte offsets.
fn words_of_line(text: &str, offset: usize) -> impl Iterator<Item = (usize, &str)> {
    let rest = &text[offset..];
    let line = &rest[..rest.find('\n').unwrap_or(rest.len())];
    line.split([' ', '\t'])
        .scan(offset, |position, word| {
            let start = *position;
            *position += word.len() + 1;
            Some((start, word))
        })
        .filter(|(_, word)| !word.is_empty())
}

/// The full configuration key (`slurm.hpc`, the section's prefix joined) whose key text is
/// under `offset`, for go-to-definition into the scripts that read it.
pub fn configuration_key_at(model: &Model, offset: usize) -> Option<String> {
    let end = model
        .attributes
        .partition_point(|line| line.key_range().start <= offset);
    let attr = AttrId::all(end).next_back()?;
    let line = &model.attributes[attr];
    let on_key = line.key_range().start <= offset && offset <= line.key_range().end;
    (on_key && model.attribute_section_kind(attr) == "configuration")
        .then(|| model.catalog_key(attr).into_owned())
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use cyclecloud_syntax::Snapshot;

    use super::*;

    #[test]
    fn finds_keys_after_jetpack_config_and_its_options() {
        let script = "#!/bin/bash\nHPC=$(jetpack config slurm.hpc)\n\
            role=`/opt/cycle/jetpack/bin/jetpack config --json 'myapp.role' none`\n\
            jetpack  config\tmyapp.port 80 # read twice: jetpack config myapp.port\n\
            myjetpack config not.this\njetpack config $VAR\njetpack configure x.y\n\
            jetpack config\nnext.line.key\n";
        let reads = jetpack_config_reads(script);
        let keys: Vec<(&str, &str)> = reads
            .iter()
            .map(|read| (read.key.as_str(), &script[read.range.clone()]))
            .collect();
        assert_eq!(
            keys,
            [
                ("slurm.hpc", "slurm.hpc"),
                ("myapp.role", "myapp.role"),
                ("myapp.port", "myapp.port"),
                ("myapp.port", "myapp.port"),
            ]
        );
    }

    #[test]
    fn odd_text_finds_nothing_and_does_not_panic() {
        for text in [
            "",
            "jetpack",
            "jetpack config",
            "jetpack config 'é.x",
            "é jetpack config a.",
        ] {
            assert!(jetpack_config_reads(text).is_empty(), "{text:?}");
        }
    }

    #[test]
    fn scripts_are_files_directly_in_a_specs_cluster_init_scripts_folder() {
        assert!(is_cluster_init_script(Path::new(
            "/p/specs/default/cluster-init/scripts/10.sh"
        )));
        assert!(!is_cluster_init_script(Path::new(
            "/p/specs/default/cluster-init/files/10.sh"
        )));
        assert!(!is_cluster_init_script(Path::new(
            "/p/specs/default/cluster-init/scripts"
        )));
        assert!(!is_cluster_init_script(Path::new(
            "/p/specs/cluster-init/scripts/a/b.sh"
        )));
    }

    #[test]
    fn the_key_under_the_cursor_joins_the_section_prefix() {
        let text =
            "[cluster c]\n[[node n]]\nMachineType = x\n[[[configuration slurm]]]\nhpc = true\n";
        let model = crate::model::build(&Snapshot::parse(text));
        let at = |needle: &str| configuration_key_at(&model, text.find(needle).unwrap() + 1);
        assert_eq!(at("hpc").as_deref(), Some("slurm.hpc"));
        assert_eq!(at("MachineType"), None);
        assert_eq!(at("true"), None);
    }
}
