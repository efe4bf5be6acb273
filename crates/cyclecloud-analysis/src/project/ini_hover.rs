//! Hover in `project.ini`: what a known `[project]` key is for, from the same table the
//! `project.ini` checks read.

use std::ops::Range;

use super::ini::ProjectIni;
use super::ini_checks::PROJECT_KEYS;

/// The text to show for the `[project]` key at `offset` of a `project.ini`, with the key's
/// range; `None` off a key, or on a key CycleCloud does not read (CC0802 reports those).
pub fn project_ini_hover(text: &str, offset: usize) -> Option<(Range<usize>, String)> {
    let ini = ProjectIni::parse(text);
    let project = ini.section("project")?;
    let entry = project
        .entries
        .iter()
        .find(|entry| entry.key_range.start <= offset && offset <= entry.key_range.end)?;
    let (key, doc) = PROJECT_KEYS
        .iter()
        .find(|(key, _)| key.eq_ignore_ascii_case(&entry.key))?;
    Some((
        entry.key_range.clone(),
        format!("`[project] {key}`\n\n{doc}"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_project_keys_have_a_line_of_doc() {
        let text = "[project]\nname = p\nVersion = 1.0.0\nverison = 2\n[spec a]\nname = x\n";
        let at = |needle: &str| text.find(needle).unwrap() + 1;
        let (range, shown) = project_ini_hover(text, at("name")).unwrap();
        assert_eq!(&text[range], "name");
        assert!(shown.starts_with("`[project] name`"), "{shown}");
        assert!(shown.contains("cluster-init"), "{shown}");
        let (range, shown) = project_ini_hover(text, at("Version")).unwrap();
        assert_eq!(&text[range], "Version");
        assert!(shown.contains("`1.2.3`"), "{shown}");
        // A misspelt key, a value, and a key of another section show nothing.
        assert_eq!(project_ini_hover(text, at("verison")), None);
        assert_eq!(project_ini_hover(text, at("1.0.0")), None);
        assert_eq!(project_ini_hover(text, text.rfind("name").unwrap()), None);
    }

    #[test]
    fn every_known_key_has_a_doc_and_garbage_shows_nothing() {
        for (key, doc) in PROJECT_KEYS {
            let text = format!("[project]\n{key} = x\n");
            let shown = project_ini_hover(&text, 11).map(|(_, shown)| shown);
            assert!(shown.is_some_and(|shown| shown.contains(doc)), "{key}");
        }
        for text in ["", "[", "[project", "=\u{0}", "[project]\n = x"] {
            for offset in 0..=text.len() {
                assert_eq!(project_ini_hover(text, offset), None);
            }
        }
    }
}
