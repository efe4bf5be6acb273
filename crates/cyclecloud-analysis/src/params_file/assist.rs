//! Editor help inside a parameter file: which parameter names and values to offer at the
//! cursor, and what to show on hover. Works on half-typed JSON: the cursor's place (a key or a
//! value of the top-level object) is read by scanning the text, not by parsing it whole.

use std::ops::Range;

use super::declared;
use super::ParamsFile;
use crate::model::{Model, ParamInfo};

/// Whether a completion names a parameter (a key) or gives one of its values.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ParamsCompletionKind {
    /// A parameter name, for a key.
    Parameter,
    /// A value the parameter takes.
    Value,
}

/// One item to offer at the cursor of a parameter file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamsCompletion {
    /// What the list shows: the name or value, unquoted.
    pub label: String,
    /// The parameter's label and type, for the list's detail column.
    pub detail: String,
    /// The JSON text to insert (quoted where JSON needs it).
    pub insert: String,
    /// The text it replaces: the string the cursor is in, quotes included, or an empty range.
    pub replace: Range<usize>,
    /// Key or value.
    pub kind: ParamsCompletionKind,
}

/// What hovering over a member of a parameter file shows.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParamsHover {
    /// The member's key or value under the cursor.
    pub range: Range<usize>,
    /// The parameter's label, type and description, as Markdown.
    pub markdown: String,
}

/// Where the cursor is: a key position, or the value position of the named key.
enum Place {
    Key,
    Value(String),
}

/// What a scan of a parameter file's text up to some offset found.
#[derive(Default)]
struct Scan {
    /// Nesting of objects and arrays at the end.
    depth: usize,
    /// Where the string the end is in starts, if it is in one.
    string_start: Option<usize>,
    /// The last `{`, `,` or `:` of the top-level object.
    structural: Option<u8>,
    /// The keys of the top-level object (strings followed by `:`), quotes included.
    keys: Vec<Range<usize>>,
}

/// Scans `text` up to `end`, tolerating half-typed JSON.
fn scan(text: &str, end: usize) -> Scan {
    let bytes = text.as_bytes();
    let mut found = Scan::default();
    let mut last_string: Option<Range<usize>> = None;
    let mut at = 0;
    while at < end {
        let byte = bytes[at];
        if let Some(start) = found.string_start {
            match byte {
                b'\\' => at += 1,
                b'"' => {
                    last_string = Some(start..at + 1);
                    found.string_start = None;
                }
                b'\n' => found.string_start = None,
                _ => {}
            }
        } else {
            match byte {
                b'"' => found.string_start = Some(at),
                b'{' | b'[' => {
                    found.depth += 1;
                    if found.depth == 1 {
                        found.structural = Some(b'{');
                    }
                }
                b'}' | b']' => found.depth = found.depth.saturating_sub(1),
                b',' if found.depth == 1 => found.structural = Some(b','),
                b':' if found.depth == 1 => {
                    found.structural = Some(b':');
                    found.keys.extend(last_string.clone());
                }
                _ => {}
            }
        }
        at += 1;
    }
    found
}

/// A key's text without its quotes.
fn key_text(text: &str, key: &Range<usize>) -> Option<String> {
    text.get(key.start + 1..key.end.checked_sub(1)?)
        .map(str::to_owned)
}

/// The cursor's place in the top-level object and the string it is in, if any.
fn place_at(text: &str, offset: usize) -> Option<(Place, Range<usize>)> {
    let offset = offset.min(text.len());
    if !text.is_char_boundary(offset) {
        return None;
    }
    let found = scan(text, offset);
    if found.depth != 1 {
        return None;
    }
    let replace = match found.string_start {
        Some(start) => {
            let rest = &text[offset..];
            let line_end = rest.find('\n').unwrap_or(rest.len());
            let end = rest[..line_end]
                .find('"')
                .map_or(offset + line_end, |quote| offset + quote + 1);
            start..end
        }
        None => offset..offset,
    };
    let place = match found.structural? {
        b':' => Place::Value(key_text(text, found.keys.last()?)?),
        _ => Place::Key,
    };
    Some((place, replace))
}

/// A parameter's label and type for a detail column: `Label (Type)`, or just the type.
fn detail(parameter: &ParamInfo) -> String {
    let kind = parameter
        .parameter_type
        .as_deref()
        .map_or("String", |kind| kind.trim().trim_matches('"'));
    match parameter
        .label
        .as_deref()
        .map(|label| label.trim().trim_matches('"'))
    {
        Some(label) if !label.is_empty() => format!("{label} ({kind})"),
        _ => kind.to_owned(),
    }
}

/// A JSON string literal of `value`.
fn quoted(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 2);
    out.push('"');
    for ch in value.chars() {
        match ch {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            ch if u32::from(ch) < 0x20 => out.push_str(&format!("\\u{:04x}", u32::from(ch))),
            ch => out.push(ch),
        }
    }
    out.push('"');
    out
}

/// The names and values to offer at `offset` of a parameter file for the template's model:
/// names not yet set in a key, the parameter's choices (or `true`/`false`) in its value.
pub fn completions(text: &str, offset: usize, model: &Model) -> Vec<ParamsCompletion> {
    let Some((place, replace)) = place_at(text, offset) else {
        return Vec::new();
    };
    match place {
        Place::Key => {
            let set: Vec<String> = scan(text, text.len())
                .keys
                .iter()
                .filter(|key| **key != replace)
                .filter_map(|key| key_text(text, key))
                .collect();
            model
                .parameters
                .iter()
                .filter(|parameter| !set.iter().any(|key| *key == *parameter.name))
                .map(|parameter| ParamsCompletion {
                    label: parameter.name.to_string(),
                    detail: detail(parameter),
                    insert: quoted(&parameter.name),
                    replace: replace.clone(),
                    kind: ParamsCompletionKind::Parameter,
                })
                .collect()
        }
        Place::Value(name) => {
            let Some(parameter) = model.parameter(&name) else {
                return Vec::new();
            };
            let kind = declared::parameter_type(parameter);
            let values: Vec<(String, String)> = if kind == "boolean" {
                ["true", "false"]
                    .map(|value| (value.to_owned(), value.to_owned()))
                    .to_vec()
            } else {
                let numeric = kind == "integer" || kind == "number" || kind == "double";
                declared::entry_values(model, parameter)
                    .unwrap_or_default()
                    .into_iter()
                    .map(|value| {
                        let insert = if numeric && value.parse::<f64>().is_ok() {
                            value.to_owned()
                        } else {
                            quoted(value)
                        };
                        (value.to_owned(), insert)
                    })
                    .collect()
            };
            values
                .into_iter()
                .map(|(label, insert)| ParamsCompletion {
                    label,
                    detail: detail(parameter),
                    insert,
                    replace: replace.clone(),
                    kind: ParamsCompletionKind::Value,
                })
                .collect()
        }
    }
}

/// The parameter's label, type and description when `offset` is on a member's key or value.
pub fn hover(text: &str, offset: usize, model: &Model) -> Option<ParamsHover> {
    let file = ParamsFile::parse(text);
    let member = file.member_at(offset)?;
    let parameter = model.parameter(&member.key)?;
    let range = if member.key_range.contains(&offset) || member.key_range.end == offset {
        member.key_range.clone()
    } else {
        member.value.range.clone()
    };
    let mut markdown = format!("**{}**: {}", parameter.name, detail(parameter));
    if let Some(description) = parameter.description.as_deref() {
        let description = description.trim().trim_matches('"');
        if !description.is_empty() {
            markdown.push_str("\n\n");
            markdown.push_str(description);
        }
    }
    Some(ParamsHover { range, markdown })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::params_file::testing::TEMPLATE;
    use cyclecloud_syntax::Snapshot;

    /// Completions at the `|` of `marked`, as `label=insert` pairs.
    fn offered(marked: &str) -> Vec<String> {
        let model = crate::model::build(&Snapshot::parse(TEMPLATE));
        let offset = marked.find('|').expect("a cursor mark");
        let text = marked.replacen('|', "", 1);
        completions(&text, offset, &model)
            .into_iter()
            .map(|item| format!("{}={}", item.label, item.insert))
            .collect()
    }

    #[test]
    fn keys_offer_the_parameters_not_yet_set() {
        let names = offered("{\n  \"Region\": \"eastus\",\n  |\n}");
        assert!(names.contains(&"Size=\"Size\"".to_owned()), "{names:?}");
        assert!(
            !names.iter().any(|name| name.starts_with("Region=")),
            "{names:?}"
        );
        // Inside a half-typed key of a file that is not valid JSON yet.
        let names = offered("{\"Sch|");
        assert!(
            names.contains(&"Scheduler=\"Scheduler\"".to_owned()),
            "{names:?}"
        );
    }

    #[test]
    fn values_offer_choices_and_booleans() {
        assert_eq!(offered("{\"UsePublic\": |}"), ["true=true", "false=false"]);
        let values = offered("{\"Scheduler\": \"|\"}");
        assert_eq!(values[0], "slurm=\"slurm\"", "{values:?}");
        assert!(offered("{\"Region\": |}").is_empty());
    }

    #[test]
    fn nothing_outside_the_top_level_object_or_in_garbage() {
        assert!(offered("|{}").is_empty());
        assert!(offered("{\"a\": [|]}").is_empty());
        assert!(offered("\u{0}\"\\|").is_empty());
    }

    #[test]
    fn replacing_a_typed_key_covers_its_quotes() {
        let model = crate::model::build(&Snapshot::parse(TEMPLATE));
        let text = "{\"Siz\": 1}";
        let items = completions(text, 4, &model);
        assert!(items.iter().all(|item| item.replace == (1..6)), "{items:?}");
    }

    #[test]
    fn hover_shows_label_type_and_description() {
        let model = crate::model::build(&Snapshot::parse(TEMPLATE));
        let text = "{\"Scheduler\": \"slurm\"}";
        let shown = hover(text, 3, &model).expect("a hover on the key");
        assert_eq!(shown.range, 1..12);
        assert!(
            shown
                .markdown
                .starts_with("**Scheduler**: Scheduler (String)"),
            "{shown:?}"
        );
        assert!(shown.markdown.contains("The scheduler to run"), "{shown:?}");
        assert!(hover("{\"Nope\": 1}", 3, &model).is_none());
    }

    #[test]
    fn every_offset_of_broken_text_is_answered_without_panicking() {
        let model = crate::model::build(&Snapshot::parse(TEMPLATE));
        for text in [
            "{\"é\": \"ü",
            "{\"\\",
            "{\":\":",
            "}}{{\"Size\"::,",
            "{\"Scheduler\": [\"",
            "",
        ] {
            for offset in 0..=text.len() + 1 {
                let _ = completions(text, offset, &model);
                let _ = hover(text, offset, &model);
            }
        }
    }

    #[test]
    fn quoting_escapes_what_json_strings_cannot_hold() {
        assert_eq!(quoted("a\"b\\c\n"), "\"a\\\"b\\\\c\\u000a\"");
    }
}
