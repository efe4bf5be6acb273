//! Editor settings (initializationOptions, `workspace/configuration`) merged with the
//! project's `.cyclecloud-lsp.toml`: the file is the project's shared baseline, the editor's
//! explicit values win.

use std::collections::HashMap;
use std::path::Path;

use cyclecloud_analysis::settings::{IndentSetting, VmSizesSetting};
use cyclecloud_analysis::{RuleLevel, Settings, Severity};
use cyclecloud_catalog::Version;
use serde::Deserialize;

/// The settings object an editor sends (`cyclecloud` section), in camelCase.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase", default)]
pub struct EditorSettings {
    /// Target CycleCloud version, e.g. "8.7.0".
    pub cyclecloud_version: Option<String>,
    /// Per-rule level: "off", "hint", "warning", "error".
    pub rules: HashMap<String, String>,
    /// Where rule docs live; `{code}` is replaced by the rule code.
    pub rule_docs_url: Option<String>,
    /// Which inlay hints to show (`inlayHints: { enable, parameterDefaults, inheritedAttributes,
    /// evaluatedValues }`).
    pub inlay_hints: InlayHintSettings,
    /// Formatter settings.
    pub format: FormatEditorSettings,
    /// `az vm list-skus` JSON for VM sizes (`vmSizes: { file, mode }`); a relative file is
    /// relative to the template's folder. Wins over `[vm-sizes]` of the config file.
    pub vm_sizes: Option<VmSizesSetting>,
}

/// Inlay hints can crowd a screen, so users turn them off altogether or per kind; all are on
/// unless the editor says otherwise.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase", default)]
pub struct InlayHintSettings {
    /// Any inlay hints at all.
    pub enable: bool,
    /// `= value` after a `$Param` reference.
    pub parameter_defaults: bool,
    /// Inherited machine type, image and subnet on node headers.
    pub inherited_attributes: bool,
    /// `→ value` after `$Param`, `${…}` and `:=` values: their value with parameter defaults.
    pub evaluated_values: bool,
}

impl Default for InlayHintSettings {
    fn default() -> InlayHintSettings {
        InlayHintSettings {
            enable: true,
            parameter_defaults: true,
            inherited_attributes: true,
            evaluated_values: true,
        }
    }
}

/// The `format` object of the editor settings.
#[derive(Clone, Debug, Default, Deserialize, PartialEq, Eq)]
#[serde(rename_all = "camelCase", default)]
pub struct FormatEditorSettings {
    /// Spaces per rank, `"tab"` or `"keep"`; wins over the config file and the editor's tab size.
    pub indent: Option<IndentSetting>,
}

impl EditorSettings {
    /// Reads the settings from any JSON the client sent; unknown or malformed parts are ignored
    /// (a bad setting must never stop the server), and the problems are returned for a log line.
    pub fn from_json(value: &serde_json::Value) -> (EditorSettings, Vec<String>) {
        let value = value.get("cyclecloud").unwrap_or(value);
        match EditorSettings::deserialize(value) {
            Ok(settings) => (settings, Vec::new()),
            Err(error) => (
                EditorSettings::default(),
                vec![format!("ignoring malformed settings: {error}")],
            ),
        }
    }

    /// The analysis settings for a document at `path` (if it is a file): the nearest config file,
    /// overridden by what the editor sets. Problems go to the returned list.
    pub fn for_document(&self, path: Option<&Path>) -> (Settings, Vec<String>) {
        let mut problems = Vec::new();
        let mut settings = match path.map(Settings::discover) {
            Some(Ok((settings, _))) => settings,
            Some(Err(error)) => {
                problems.push(error);
                Settings::default()
            }
            None => Settings::default(),
        };
        if let Some(text) = self
            .cyclecloud_version
            .as_deref()
            .filter(|text| !text.trim().is_empty())
        {
            match Version::parse(text) {
                Some(version) => settings.cyclecloud_version = Some(version),
                None => problems.push(format!(
                    "cyclecloudVersion `{text}` is not a version like 8.7.0"
                )),
            }
        }
        for (code, text) in &self.rules {
            let level = if text.eq_ignore_ascii_case("off") {
                Some(RuleLevel::Off)
            } else {
                Severity::parse(text).map(RuleLevel::Severity)
            };
            match level {
                Some(level) => {
                    settings.rules.insert(code.to_ascii_uppercase(), level);
                }
                None => problems.push(format!(
                    "rules.{code}: `{text}` is not off, hint, warning or error"
                )),
            }
        }
        if let Some(indent) = &self.format.indent {
            match indent.to_indent() {
                Ok(indent) => settings.format_indent = Some(indent),
                Err(problem) => problems.push(problem),
            }
        }
        if let Some(vm_sizes) = &self.vm_sizes {
            match vm_sizes.resolve(path.and_then(Path::parent)) {
                Ok((file, replace)) => {
                    (settings.vm_sizes_file, settings.vm_sizes_replace) = (file, replace)
                }
                Err(problem) => problems.push(format!("vmSizes: {problem}")),
            }
        }
        load_vm_sizes(&mut settings, &mut problems);
        (settings, problems)
    }
}

/// The end of every message about an unusable VM size file.
pub const VM_SIZES_FALLBACK: &str = "; using the built-in VM sizes";

/// Loads the VM size file the settings name, if any; a bad file leaves the built-in table in
/// use and says why (the catalog remembers the outcome, so a project's templates share it).
pub fn load_vm_sizes(settings: &mut Settings, problems: &mut Vec<String>) {
    let Some(file) = &settings.vm_sizes_file else {
        return;
    };
    match cyclecloud_catalog::load_az_json_file(file, settings.vm_sizes_replace) {
        Ok(table) => settings.vm_sizes = Some(table),
        Err(error) => problems.push(format!("{error}{VM_SIZES_FALLBACK}")),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_values_override_and_bad_values_are_reported_not_fatal() {
        let (editor, problems) = EditorSettings::from_json(&serde_json::json!({
            "cyclecloud": { "cyclecloudVersion": "8.6", "rules": { "cc0201": "off", "CC0202": "loud" } }
        }));
        assert!(problems.is_empty());
        let (settings, problems) = editor.for_document(None);
        assert_eq!(settings.cyclecloud_version, Version::parse("8.6.0"));
        assert_eq!(settings.rule_level("CC0201"), Some(RuleLevel::Off));
        assert_eq!(problems.len(), 1, "{problems:?}");
        let (_, problems) = EditorSettings::from_json(&serde_json::json!({ "rules": 3 }));
        assert_eq!(problems.len(), 1);
    }

    #[test]
    fn vm_size_file_from_the_editor_is_loaded_or_reported() {
        let dir = std::env::temp_dir().join(format!("cc-lsp-editor-skus-{}", std::process::id()));
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(
            dir.join("skus.json"),
            r#"[{"name": "Standard_Mine_v1", "capabilities": [{"name": "vCPUs", "value": "4"}]}]"#,
        )
        .unwrap();
        let template = dir.join("a.txt");
        let editor = |value: serde_json::Value| EditorSettings::from_json(&value).0;
        let replace =
            editor(serde_json::json!({ "vmSizes": { "file": "skus.json", "mode": "replace" } }));
        let (settings, problems) = replace.for_document(Some(&template));
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(settings.vm_sizes().len(), 1);
        assert!(settings.vm_sizes().get("standard_mine_v1").is_some());
        let missing = editor(serde_json::json!({ "vmSizes": { "file": "nope.json" } }));
        let (settings, problems) = missing.for_document(Some(&template));
        std::fs::remove_dir_all(&dir).unwrap();
        assert_eq!(problems.len(), 1, "{problems:?}");
        assert!(problems[0].contains("nope.json") && problems[0].contains("built-in"));
        assert!(settings.vm_sizes().get("Standard_D2s_v5").is_some());
    }

    #[test]
    fn inlay_hints_are_on_unless_turned_off() {
        let (editor, _) = EditorSettings::from_json(&serde_json::json!({}));
        assert_eq!(editor.inlay_hints, InlayHintSettings::default());
        assert!(editor.inlay_hints.enable && editor.inlay_hints.parameter_defaults);
        let (editor, problems) = EditorSettings::from_json(&serde_json::json!({
            "cyclecloud": { "inlayHints": { "inheritedAttributes": false } }
        }));
        assert!(problems.is_empty());
        assert!(editor.inlay_hints.enable && !editor.inlay_hints.inherited_attributes);
        assert!(editor.inlay_hints.evaluated_values);
        let (editor, _) = EditorSettings::from_json(&serde_json::json!({
            "cyclecloud": { "inlayHints": { "evaluatedValues": false } }
        }));
        assert!(!editor.inlay_hints.evaluated_values && editor.inlay_hints.parameter_defaults);
    }

    #[test]
    fn format_indent_comes_from_the_editor_setting() {
        use cyclecloud_analysis::format::Indent;
        let indent = |value: serde_json::Value| {
            let (editor, _) =
                EditorSettings::from_json(&serde_json::json!({ "format": { "indent": value } }));
            editor.for_document(None)
        };
        assert_eq!(
            indent(serde_json::json!(2)).0.format_indent,
            Some(Indent::Spaces(2))
        );
        assert_eq!(
            indent(serde_json::json!("keep")).0.format_indent,
            Some(Indent::Keep)
        );
        let (settings, problems) = indent(serde_json::json!("wide"));
        assert_eq!((settings.format_indent, problems.len()), (None, 1));
    }
}
