//! Settings that change what the checks report, from a config file or from the editor.
//!
//! One typed struct serves every source: `.cyclecloud-lsp.toml` (found by walking up from the
//! template), LSP `initializationOptions` / `workspace/configuration`, and CLI flags.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use cyclecloud_catalog::{Version, VmSizeTable};
use serde::Deserialize;

use crate::diagnostic::Severity;
use crate::format::Indent;

/// The config file's name, looked for in the template's folder and every folder above it.
pub const CONFIG_FILE_NAME: &str = ".cyclecloud-lsp.toml";

/// What a user can set for one rule.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RuleLevel {
    /// The rule does not run.
    Off,
    /// The rule runs at this severity.
    Severity(Severity),
}

/// Settings for one analysis run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Settings {
    /// The CycleCloud server version the templates target (`8.7.0`); `None` when unknown.
    pub cyclecloud_version: Option<Version>,
    /// Per-rule overrides, keyed by upper-case code.
    pub rules: HashMap<String, RuleLevel>,
    /// Glob-like path patterns the CLI skips (kept here so editors and CI agree).
    pub exclude: Vec<String>,
    /// Globs (relative to the config file) naming templates outside `templates/` folders, so
    /// projects with another layout are still found when the CLI walks a folder.
    pub include: Vec<String>,
    /// The project's indentation for the formatter (`[format] indent`); `None` lets the
    /// editor's own tab settings decide.
    pub format_indent: Option<Indent>,
    /// `az vm list-skus` JSON to use for VM sizes (`[vm-sizes] file`), resolved against the
    /// config file's folder. This crate never reads it: the server or CLI loads it into `vm_sizes`.
    pub vm_sizes_file: Option<PathBuf>,
    /// Whether that file replaces the built-in sizes rather than extending them.
    pub vm_sizes_replace: bool,
    /// The sizes loaded from `vm_sizes_file`; `None` uses the built-in table.
    pub vm_sizes: Option<Arc<VmSizeTable>>,
    /// The CycleCloud project the template belongs to (its `project.ini` and specs), read by
    /// the server or CLI; `None` outside a project, where project checks stay silent.
    pub project: Option<Arc<crate::project::ProjectFacts>>,
    /// The configuration keys the workspace's (or checked folders') cluster-init scripts read,
    /// gathered by the server or CLI; `None` when no script was read, where checks of unread
    /// keys stay silent.
    pub script_reads: Option<Arc<crate::navigation::ScriptReads>>,
    /// Which parameter files (`[[params]] files`) belong to which template, so editors check
    /// them against it; globs and template relative to the config file.
    pub params: Vec<ParamsSetting>,
}

/// One `[[params]]` table: JSON parameter files and the template they are for.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ParamsSetting {
    /// Globs naming the parameter files (`params/*.json`), relative to the config file.
    pub files: Vec<String>,
    /// The template they are checked against, relative to the config file.
    pub template: String,
}

impl Settings {
    /// The VM sizes completion, hover and checks use: the user's table when one was loaded,
    /// the built-in one otherwise.
    pub fn vm_sizes(&self) -> &Arc<VmSizeTable> {
        self.vm_sizes
            .as_ref()
            .unwrap_or_else(|| cyclecloud_catalog::vm_sizes())
    }
}

/// How a user names their VM size data: `[vm-sizes] file` and `mode`.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct VmSizesSetting {
    /// The `az vm list-skus --resource-type virtualMachines --output json` output.
    pub file: Option<String>,
    /// `extend` (default: add to the built-in sizes) or `replace`.
    pub mode: Option<String>,
}

impl VmSizesSetting {
    /// The file resolved against `base` (a relative path is relative to it) and whether it
    /// replaces the built-in sizes, or a message saying what is accepted.
    pub fn resolve(&self, base: Option<&Path>) -> Result<(Option<PathBuf>, bool), String> {
        let replace = match self.mode.as_deref().map(str::trim) {
            None | Some("") => false,
            Some(mode) if mode.eq_ignore_ascii_case("extend") => false,
            Some(mode) if mode.eq_ignore_ascii_case("replace") => true,
            Some(mode) => {
                return Err(format!(
                    "vm-sizes.mode: `{mode}` is not \"extend\" or \"replace\""
                ))
            }
        };
        let file = self
            .file
            .as_deref()
            .map(str::trim)
            .filter(|file| !file.is_empty())
            .map(|file| match base {
                Some(base) => base.join(file),
                None => PathBuf::from(file),
            });
        Ok((file, replace))
    }
}

/// How a user writes the indentation setting: a number of spaces, `"tab"` or `"keep"`.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(untagged)]
pub enum IndentSetting {
    /// Spaces per rank.
    Width(u64),
    /// `"tab"`, `"keep"`, or a number written as text.
    Word(String),
}

impl IndentSetting {
    /// The formatter's indentation, or a message saying what is accepted.
    pub fn to_indent(&self) -> Result<Indent, String> {
        let width = match self {
            IndentSetting::Width(width) => Some(*width),
            IndentSetting::Word(word) => {
                let word = word.trim();
                if word.eq_ignore_ascii_case("keep") {
                    return Ok(Indent::Keep);
                }
                if word.eq_ignore_ascii_case("tab") || word.eq_ignore_ascii_case("tabs") {
                    return Ok(Indent::Tabs);
                }
                word.parse().ok()
            }
        };
        match width {
            Some(width) if width <= 16 => Ok(Indent::Spaces(width as usize)),
            _ => Err(format!(
                "format.indent: `{self}` is not a number of spaces (0-16), \"tab\" or \"keep\""
            )),
        }
    }
}

impl std::fmt::Display for IndentSetting {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            IndentSetting::Width(width) => write!(f, "{width}"),
            IndentSetting::Word(word) => f.write_str(word),
        }
    }
}

/// The `[format]` table.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
struct RawFormat {
    indent: Option<IndentSetting>,
}

/// The TOML shape of the config file (and of the editor's settings object).
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
struct RawSettings {
    #[serde(alias = "cyclecloud_version")]
    cyclecloud_version: Option<String>,
    #[serde(default)]
    rules: HashMap<String, String>,
    #[serde(default)]
    exclude: Vec<String>,
    #[serde(default)]
    include: Vec<String>,
    #[serde(default)]
    format: RawFormat,
    #[serde(default)]
    vm_sizes: VmSizesSetting,
    #[serde(default)]
    params: Vec<ParamsSetting>,
}

impl Settings {
    /// Parses the config file format; the error says which setting is wrong.
    ///
    /// ```toml
    /// cyclecloud-version = "8.7.0"
    /// exclude = ["templates/old/*"]
    /// include = ["clusters/*.txt"]
    /// [rules]
    /// CC0301 = "off"
    /// CC0402 = "error"
    /// [format]
    /// indent = 4        # or "tab", or "keep"
    /// [vm-sizes]
    /// file = "azure-skus.json"  # az vm list-skus --resource-type virtualMachines --output json
    /// mode = "extend"           # or "replace"
    /// [[params]]
    /// files = ["params/*.json"]     # parameter files, relative to the config file
    /// template = "templates/cluster.txt"
    /// ```
    ///
    /// A relative `vm-sizes.file` stays relative here; [`Settings::discover`] resolves it against
    /// the config file's folder.
    pub fn from_toml(text: &str) -> Result<Settings, String> {
        let raw: RawSettings = toml::from_str(text).map_err(|error| error.to_string())?;
        Settings::from_raw(raw)
    }

    fn from_raw(raw: RawSettings) -> Result<Settings, String> {
        let cyclecloud_version = match raw.cyclecloud_version.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(text) => Some(Version::parse(text).ok_or_else(|| {
                format!("cyclecloud-version: `{text}` is not a version like 8.7.0")
            })?),
        };
        let mut rules = HashMap::new();
        for (code, level) in raw.rules {
            let level = if level.eq_ignore_ascii_case("off") || level.eq_ignore_ascii_case("none") {
                RuleLevel::Off
            } else {
                RuleLevel::Severity(Severity::parse(&level).ok_or_else(|| {
                    format!("rules.{code}: `{level}` is not one of off, hint, warning, error")
                })?)
            };
            rules.insert(code.to_ascii_uppercase(), level);
        }
        let format_indent = raw
            .format
            .indent
            .as_ref()
            .map(IndentSetting::to_indent)
            .transpose()?;
        let (vm_sizes_file, vm_sizes_replace) = raw.vm_sizes.resolve(None)?;
        for (index, params) in raw.params.iter().enumerate() {
            if params.files.iter().all(|glob| glob.trim().is_empty()) {
                return Err(format!("params[{index}].files: name at least one glob"));
            }
            if params.template.trim().is_empty() {
                return Err(format!("params[{index}].template: name the template"));
            }
        }
        Ok(Settings {
            cyclecloud_version,
            rules,
            exclude: raw.exclude,
            include: raw.include,
            format_indent,
            vm_sizes_file,
            vm_sizes_replace,
            vm_sizes: None,
            project: None,
            script_reads: None,
            params: raw.params,
        })
    }

    /// The level configured for a rule, if any.
    pub fn rule_level(&self, code: &str) -> Option<RuleLevel> {
        self.rules.get(code).copied()
    }

    /// Settings from the nearest config file above `start` (a file or folder), or defaults when
    /// there is none. Returns the file used, for messages. This is the crate's only file IO.
    pub fn discover(start: &Path) -> Result<(Settings, Option<PathBuf>), String> {
        let Some(path) = find_config_file(start) else {
            return Ok((Settings::default(), None));
        };
        let text = std::fs::read_to_string(&path)
            .map_err(|error| format!("{}: {error}", path.display()))?;
        let mut settings =
            Settings::from_toml(&text).map_err(|error| format!("{}: {error}", path.display()))?;
        if let (Some(file), Some(folder)) = (&settings.vm_sizes_file, path.parent()) {
            settings.vm_sizes_file = Some(folder.join(file));
        }
        Ok((settings, Some(path)))
    }
}

/// The nearest `.cyclecloud-lsp.toml` at or above `start`.
pub fn find_config_file(start: &Path) -> Option<PathBuf> {
    let mut dir = if start.is_dir() {
        Some(start)
    } else {
        start.parent()
    };
    while let Some(current) = dir {
        let candidate = current.join(CONFIG_FILE_NAME);
        if candidate.is_file() {
            return Some(candidate);
        }
        dir = current.parent();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_version_and_rule_levels() {
        let settings = Settings::from_toml(
            "cyclecloud-version = \"8.7\"\nexclude = [\"old/*\"]\ninclude = [\"clusters/*.txt\"]\n[rules]\ncc0301 = \"off\"\nCC0402 = \"Error\"\n",
        )
        .unwrap();
        assert_eq!(settings.cyclecloud_version, Version::parse("8.7.0"));
        assert_eq!(settings.rule_level("CC0301"), Some(RuleLevel::Off));
        assert_eq!(
            settings.rule_level("CC0402"),
            Some(RuleLevel::Severity(Severity::Error))
        );
        assert_eq!(settings.exclude, vec!["old/*".to_owned()]);
        assert_eq!(settings.include, vec!["clusters/*.txt".to_owned()]);
    }

    #[test]
    fn bad_settings_say_what_is_wrong() {
        assert!(Settings::from_toml("cyclecloud-version = \"eight\"")
            .unwrap_err()
            .contains("eight"));
        assert!(Settings::from_toml("[rules]\nCC1 = \"loud\"")
            .unwrap_err()
            .contains("loud"));
        assert!(Settings::from_toml("colour = 1").is_err());
        assert!(Settings::from_toml("[format]\nindent = 99")
            .unwrap_err()
            .contains("99"));
        assert!(Settings::from_toml("[vm-sizes]\nmode = \"merge\"")
            .unwrap_err()
            .contains("merge"));
        assert!(Settings::from_toml("[vm-sizes]\npath = \"x.json\"").is_err());
    }

    #[test]
    fn params_tables_name_files_and_their_template() {
        let text =
            "[[params]]\nfiles = [\"params/*.json\"]\ntemplate = \"templates/cluster.txt\"\n\
                    [[params]]\nfiles = [\"a.json\", \"b.json\"]\ntemplate = \"b.txt\"\n";
        let settings = Settings::from_toml(text).unwrap();
        assert_eq!(settings.params.len(), 2);
        assert_eq!(settings.params[0].files, ["params/*.json"]);
        assert_eq!(settings.params[0].template, "templates/cluster.txt");
        assert_eq!(settings.params[1].files, ["a.json", "b.json"]);
        for (bad, says) in [
            (
                "[[params]]\nfiles = []\ntemplate = \"t.txt\"",
                "params[0].files",
            ),
            (
                "[[params]]\nfiles = [\"a.json\"]\ntemplate = \" \"",
                "params[0].template",
            ),
            ("[[params]]\nfiles = [\"a.json\"]", "template"),
            (
                "[[params]]\nfile = \"a.json\"\ntemplate = \"t.txt\"",
                "file",
            ),
        ] {
            let error = Settings::from_toml(bad).unwrap_err();
            assert!(error.contains(says), "{bad}: {error}");
        }
    }

    #[test]
    fn vm_sizes_file_is_resolved_against_the_config_folder() {
        let settings =
            Settings::from_toml("[vm-sizes]\nfile = \"skus.json\"\nmode = \"Replace\"").unwrap();
        assert_eq!(settings.vm_sizes_file, Some(PathBuf::from("skus.json")));
        assert!(settings.vm_sizes_replace);
        let dir = std::env::temp_dir().join(format!("cc-lsp-vm-sizes-{}", std::process::id()));
        std::fs::create_dir_all(dir.join("templates")).unwrap();
        std::fs::write(
            dir.join(CONFIG_FILE_NAME),
            "[vm-sizes]\nfile = \"skus.json\"\n",
        )
        .unwrap();
        let (found, _) = Settings::discover(&dir.join("templates/a.txt")).unwrap();
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(found.vm_sizes_file, Some(dir.join("skus.json")));
        assert!(!found.vm_sizes_replace);
        assert!(
            found.vm_sizes.is_none(),
            "loading is the server's or CLI's job"
        );
        assert!(
            found.vm_sizes().get("Standard_D2s_v5").is_some(),
            "built-in table by default"
        );
    }

    #[test]
    fn format_indent_is_a_width_tab_or_keep() {
        let indent = |text: &str| Settings::from_toml(text).unwrap().format_indent;
        assert_eq!(indent("[format]\nindent = 2"), Some(Indent::Spaces(2)));
        assert_eq!(indent("[format]\nindent = \"Keep\""), Some(Indent::Keep));
        assert_eq!(indent("[format]\nindent = \"tab\""), Some(Indent::Tabs));
        assert_eq!(indent(""), None);
    }
}
