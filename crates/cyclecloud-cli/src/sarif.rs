//! `check --format sarif`: the whole run as one SARIF 2.1.0 log, the format GitHub code scanning
//! (and most security dashboards) import.
//!
//! One run whose driver lists every rule (id, summary, the "What it finds" section, the full doc
//! as help, a link to the rule's page, the default level); one result per finding with its rule,
//! level, message, location, related places and fixes; files that could not be read become tool
//! notifications. Artifact URIs are relative to the repository root (the nearest folder above the
//! working directory holding `.git`) under the `%SRCROOT%` base, as code scanning expects; regions
//! are 1-based with columns in UTF-16 code units, SARIF's default `columnKind`.

use std::path::{Component, Path, PathBuf};

use cyclecloud_analysis::params_file;
use cyclecloud_analysis::project::project_rules;
use cyclecloud_analysis::{rules, Diagnostic, Severity};
use cyclecloud_syntax::{PositionEncoding, Snapshot};
use percent_encoding::{utf8_percent_encode, AsciiSet, NON_ALPHANUMERIC};
use serde::Serialize;

use crate::output::Span;

/// What a path segment keeps unescaped in a URI: RFC 3986's unreserved characters.
const SEGMENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// The base id relative URIs are resolved against; code scanning maps it to the checkout.
const SOURCE_ROOT: &str = "%SRCROOT%";

/// The top-level object of a SARIF file.
#[derive(Serialize)]
struct Log {
    #[serde(rename = "$schema")]
    schema: &'static str,
    version: &'static str,
    runs: [Run; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Run {
    tool: Tool,
    column_kind: &'static str,
    invocations: [Invocation; 1],
    results: Vec<SarifResult>,
}

#[derive(Serialize)]
struct Tool {
    driver: Driver,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Driver {
    name: &'static str,
    version: &'static str,
    information_uri: &'static str,
    rules: Vec<RuleDescriptor>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct RuleDescriptor {
    id: &'static str,
    name: &'static str,
    short_description: Message,
    full_description: Message,
    help: MarkdownMessage,
    help_uri: String,
    default_configuration: Configuration,
}

#[derive(Serialize)]
struct Message {
    text: String,
}

#[derive(Serialize)]
struct MarkdownMessage {
    text: &'static str,
    markdown: &'static str,
}

#[derive(Serialize)]
struct Configuration {
    level: &'static str,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Invocation {
    execution_successful: bool,
    tool_execution_notifications: Vec<Notification>,
}

#[derive(Serialize)]
struct Notification {
    level: &'static str,
    message: Message,
}

/// One finding, built per file while checking and gathered into the log at the end.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SarifResult {
    rule_id: &'static str,
    #[serde(skip_serializing_if = "Option::is_none")]
    rule_index: Option<usize>,
    level: &'static str,
    message: Message,
    locations: [Location; 1],
    #[serde(skip_serializing_if = "Vec::is_empty")]
    related_locations: Vec<Location>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    fixes: Vec<SarifFix>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Location {
    physical_location: PhysicalLocation,
    #[serde(skip_serializing_if = "Option::is_none")]
    message: Option<Message>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct PhysicalLocation {
    artifact_location: ArtifactLocation,
    region: Region,
}

#[derive(Clone, Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactLocation {
    uri: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    uri_base_id: Option<&'static str>,
}

/// A 1-based region; `endColumn` is one past the last character, as in SARIF.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Region {
    start_line: u32,
    start_column: u32,
    end_line: u32,
    end_column: u32,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct SarifFix {
    description: Message,
    artifact_changes: [ArtifactChange; 1],
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct ArtifactChange {
    artifact_location: ArtifactLocation,
    replacements: Vec<Replacement>,
}

#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Replacement {
    deleted_region: Region,
    #[serde(skip_serializing_if = "Option::is_none")]
    inserted_content: Option<Content>,
}

#[derive(Serialize)]
struct Content {
    text: String,
}

/// How files are named in the log: relative to the repository root when inside it.
pub struct Artifacts {
    cwd: PathBuf,
    root: PathBuf,
}

impl Artifacts {
    /// The working directory and the repository root above it (the working directory itself
    /// when no folder above holds `.git`).
    pub fn from_working_directory() -> Artifacts {
        let cwd = std::env::current_dir().unwrap_or_default();
        let root = cwd
            .ancestors()
            .find(|dir| dir.join(".git").exists())
            .unwrap_or(&cwd)
            .to_path_buf();
        Artifacts { cwd, root }
    }

    /// The artifact location of a path as the user gave it: a `%SRCROOT%`-relative URI inside
    /// the root, an absolute `file://` URI outside it.
    fn location(&self, path: &Path) -> ArtifactLocation {
        let absolute = normalize(&self.cwd.join(path));
        let encode = |segments: &mut dyn Iterator<Item = Component<'_>>| {
            segments
                .filter_map(|component| match component {
                    Component::Normal(name) => {
                        Some(utf8_percent_encode(&name.to_string_lossy(), SEGMENT).to_string())
                    }
                    _ => None,
                })
                .collect::<Vec<_>>()
                .join("/")
        };
        match absolute.strip_prefix(&self.root) {
            Ok(relative) => ArtifactLocation {
                uri: encode(&mut relative.components()),
                uri_base_id: Some(SOURCE_ROOT),
            },
            Err(_) => ArtifactLocation {
                uri: format!("file:///{}", encode(&mut absolute.components())),
                uri_base_id: None,
            },
        }
    }
}

/// Resolves `.` and `..` without touching the file system (the file may not exist: stdin).
fn normalize(path: &Path) -> PathBuf {
    let mut out = PathBuf::new();
    for component in path.components() {
        match component {
            Component::CurDir => {}
            Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// SARIF's name for a severity.
fn level(severity: Severity) -> &'static str {
    match severity {
        Severity::Error => "error",
        Severity::Warning => "warning",
        Severity::Hint => "note",
    }
}

fn region(snapshot: &Snapshot, range: &std::ops::Range<usize>) -> Region {
    let span = Span::counted_in(snapshot, range, PositionEncoding::Utf16);
    Region {
        start_line: span.line,
        start_column: span.column,
        end_line: span.end_line,
        end_column: span.end_column,
    }
}

/// One finding of the template at `path` as a SARIF result.
pub fn result(
    artifacts: &Artifacts,
    path: &Path,
    snapshot: &Snapshot,
    diagnostic: &Diagnostic,
) -> SarifResult {
    let artifact = artifacts.location(path);
    let location = |range, message: Option<&str>| Location {
        physical_location: PhysicalLocation {
            artifact_location: artifact.clone(),
            region: region(snapshot, range),
        },
        message: message.map(|text| Message {
            text: text.to_owned(),
        }),
    };
    SarifResult {
        rule_id: diagnostic.code,
        rule_index: rule_index(diagnostic.code),
        level: level(diagnostic.severity),
        message: Message {
            text: diagnostic.message.clone(),
        },
        locations: [location(&diagnostic.range, None)],
        related_locations: diagnostic
            .related
            .iter()
            .map(|related| location(&related.range, Some(&related.message)))
            .collect(),
        fixes: diagnostic
            .fixes
            .iter()
            .filter(|fix| !fix.edits.is_empty())
            .map(|fix| SarifFix {
                description: Message {
                    text: fix.title.clone(),
                },
                artifact_changes: [ArtifactChange {
                    artifact_location: artifact.clone(),
                    replacements: fix
                        .edits
                        .iter()
                        .map(|edit| Replacement {
                            deleted_region: region(snapshot, &edit.range),
                            inserted_content: (!edit.new_text.is_empty()).then(|| Content {
                                text: edit.new_text.clone(),
                            }),
                        })
                        .collect(),
                }],
            })
            .collect(),
    }
}

/// The text of a rule doc's "What it finds" section on one line, or `fallback`.
fn what_it_finds(doc: &str, fallback: &str) -> String {
    let section = doc
        .split("## What it finds")
        .nth(1)
        .and_then(|rest| rest.split("\n## ").next())
        .map(|text| text.split_whitespace().collect::<Vec<_>>().join(" "))
        .unwrap_or_default();
    if section.is_empty() {
        fallback.to_owned()
    } else {
        section
    }
}

/// A rule as the driver lists it: code, name, summary, doc, default severity.
type RuleFacts = (
    &'static str,
    &'static str,
    &'static str,
    &'static str,
    Severity,
);

/// Every rule the driver lists, template, parameter-file and project-file rules together, by
/// code (as `rules` lists them).
fn listed_rules() -> &'static [RuleFacts] {
    static LISTED: std::sync::OnceLock<Vec<RuleFacts>> = std::sync::OnceLock::new();
    LISTED.get_or_init(|| {
        let template_rules = rules::all()
            .iter()
            .map(|rule| (rule.code, rule.name, rule.summary, rule.doc, rule.severity));
        let project = project_rules()
            .iter()
            .map(|rule| (rule.code, rule.name, rule.summary, rule.doc, rule.severity));
        let params = params_file::RULES
            .iter()
            .map(|rule| (rule.code, rule.name, rule.summary, rule.doc, rule.severity));
        let mut listed: Vec<RuleFacts> = template_rules.chain(params).chain(project).collect();
        listed.sort_by_key(|rule| rule.0);
        listed
    })
}

/// Where a rule sits in the driver's list.
fn rule_index(code: &str) -> Option<usize> {
    listed_rules().iter().position(|rule| rule.0 == code)
}

fn rule_descriptors() -> Vec<RuleDescriptor> {
    listed_rules()
        .iter()
        .copied()
        .map(|(code, name, summary, doc, severity)| RuleDescriptor {
            id: code,
            name,
            short_description: Message {
                text: summary.to_owned(),
            },
            full_description: Message {
                text: what_it_finds(doc, summary),
            },
            help: MarkdownMessage {
                text: doc,
                markdown: doc,
            },
            help_uri: cyclecloud_server::convert::DEFAULT_RULE_DOCS_URL.replace("{code}", code),
            default_configuration: Configuration {
                level: level(severity),
            },
        })
        .collect()
}

/// The SARIF log of a run, pretty-printed; `problems` (unreadable files and the like) become
/// error notifications and mark the run as not fully successful.
pub fn log(results: Vec<SarifResult>, problems: &[String]) -> String {
    let log = Log {
        schema: "https://docs.oasis-open.org/sarif/sarif/v2.1.0/errata01/os/schemas/sarif-schema-2.1.0.json",
        version: "2.1.0",
        runs: [Run {
            tool: Tool {
                driver: Driver {
                    name: "cyclecloud-lsp",
                    version: env!("CARGO_PKG_VERSION"),
                    information_uri: env!("CARGO_PKG_REPOSITORY"),
                    rules: rule_descriptors(),
                },
            },
            column_kind: "utf16CodeUnits",
            invocations: [Invocation {
                execution_successful: problems.is_empty(),
                tool_execution_notifications: problems
                    .iter()
                    .map(|problem| Notification {
                        level: "error",
                        message: Message {
                            text: problem.clone(),
                        },
                    })
                    .collect(),
            }],
            results,
        }],
    };
    let mut text = serde_json::to_string_pretty(&log).expect("plain data serializes");
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_count_utf16_code_units_and_the_end_is_exclusive() {
        // `é` is one UTF-16 unit, the emoji two (a surrogate pair): `x` starts at unit 4.
        let snapshot = Snapshot::parse("# é😀x\n");
        let start = "# é😀".len();
        let region = region(&snapshot, &(start..start + 1));
        assert_eq!(
            (region.start_line, region.start_column, region.end_column),
            (1, 6, 7)
        );
    }

    #[test]
    fn uris_are_relative_to_the_root_and_percent_encoded() {
        let artifacts = Artifacts {
            cwd: PathBuf::from("/repo/sub"),
            root: PathBuf::from("/repo"),
        };
        let inside = artifacts.location(Path::new("./templates/../templates/Démo 1.txt"));
        assert_eq!(inside.uri, "sub/templates/D%C3%A9mo%201.txt");
        assert_eq!(inside.uri_base_id, Some(SOURCE_ROOT));
        let outside = artifacts.location(Path::new("../../elsewhere/t.txt"));
        assert_eq!(outside.uri, "file:///elsewhere/t.txt");
        assert_eq!(outside.uri_base_id, None);
    }

    #[test]
    fn full_descriptions_come_from_the_what_it_finds_section() {
        let doc = "## What it finds\nA header\nwith  words.\n\n## Why it matters\nBecause.";
        assert_eq!(what_it_finds(doc, "summary"), "A header with words.");
        assert_eq!(what_it_finds("no sections", "summary"), "summary");
    }
}
