//! `project.ini` read as plain INI with byte positions: `[kind name]` headers and
//! `key = value` lines, `#` and `;` comments. Nothing is rejected; the checks judge.

use std::ops::Range;

/// A `project.ini` as written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ProjectIni {
    /// The sections in file order; lines before any header belong to none and are kept in
    /// `stray`.
    pub sections: Vec<IniSection>,
    /// `key = value` lines before the first header.
    pub stray: Vec<IniEntry>,
}

/// One `[kind name]` section.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IniSection {
    /// The first word of the header, lower-case (`project`, `spec`, `blobs`, `config`).
    pub kind: String,
    /// The rest of the header (`default` in `[spec default]`), when given.
    pub name: Option<String>,
    /// The whole header line, without its line break.
    pub header_range: Range<usize>,
    /// Its `key = value` lines.
    pub entries: Vec<IniEntry>,
}

/// One `key = value` line.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IniEntry {
    /// The key as written (trimmed).
    pub key: String,
    /// Where the key is.
    pub key_range: Range<usize>,
    /// The value (trimmed).
    pub value: String,
    /// Where the value is (empty at the line's end when there is none).
    pub value_range: Range<usize>,
}

impl IniSection {
    /// The entry with this key (any case), the last when written twice.
    pub fn entry(&self, key: &str) -> Option<&IniEntry> {
        self.entries
            .iter()
            .rev()
            .find(|entry| entry.key.eq_ignore_ascii_case(key))
    }
}

impl ProjectIni {
    /// Reads `text`; any text gives a value (garbage lines are skipped).
    pub fn parse(text: &str) -> ProjectIni {
        let mut ini = ProjectIni::default();
        let mut start = 0;
        for raw in text.split_inclusive('\n') {
            let line_start = start;
            start += raw.len();
            let line = raw.trim_end_matches(['\n', '\r']);
            let trimmed = line.trim();
            let lead = line.len() - line.trim_start().len();
            if trimmed.is_empty() || trimmed.starts_with(['#', ';']) {
                continue;
            }
            if trimmed.starts_with('[') {
                let inner = trimmed.trim_start_matches('[');
                let inner = inner.split(']').next().unwrap_or_default().trim();
                let mut words = inner.splitn(2, char::is_whitespace);
                let kind = words.next().unwrap_or_default().to_ascii_lowercase();
                let name = words
                    .next()
                    .map(str::trim)
                    .filter(|name| !name.is_empty())
                    .map(str::to_owned);
                ini.sections.push(IniSection {
                    kind,
                    name,
                    header_range: line_start + lead..line_start + lead + trimmed.len(),
                    entries: Vec::new(),
                });
                continue;
            }
            let Some(equals) = line.find('=') else {
                continue;
            };
            let key = line[..equals].trim();
            if key.is_empty() {
                continue;
            }
            let value_part = &line[equals + 1..];
            let value = value_part.trim();
            let value_start =
                line_start + equals + 1 + (value_part.len() - value_part.trim_start().len());
            let entry = IniEntry {
                key: key.to_owned(),
                key_range: line_start + lead..line_start + lead + key.len(),
                value: value.to_owned(),
                value_range: value_start..value_start + value.len(),
            };
            match ini.sections.last_mut() {
                Some(section) => section.entries.push(entry),
                None => ini.stray.push(entry),
            }
        }
        ini
    }

    /// The first section of this kind (`project`).
    pub fn section(&self, kind: &str) -> Option<&IniSection> {
        self.sections.iter().find(|section| section.kind == kind)
    }

    /// A `[project]` value (`name`, `version`), when written and not empty.
    pub fn project_value(&self, key: &str) -> Option<&IniEntry> {
        self.section("project")?
            .entry(key)
            .filter(|entry| !entry.value.is_empty())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sections_entries_and_positions() {
        let text = "# c\n[project]\nname = slurm\r\nversion=3.0.5\n\n[spec  scheduler ]\nrun_list = role[a]\n[blobs]\nFiles = a.tgz, b.rpm\n";
        let ini = ProjectIni::parse(text);
        assert_eq!(ini.sections.len(), 3);
        let name = ini.project_value("NAME").unwrap();
        assert_eq!(name.value, "slurm");
        assert_eq!(&text[name.value_range.clone()], "slurm");
        assert_eq!(&text[name.key_range.clone()], "name");
        let version = ini.project_value("version").unwrap();
        assert_eq!(&text[version.value_range.clone()], "3.0.5");
        let spec = &ini.sections[1];
        assert_eq!(
            (spec.kind.as_str(), spec.name.as_deref()),
            ("spec", Some("scheduler"))
        );
        assert_eq!(&text[spec.header_range.clone()], "[spec  scheduler ]");
        assert_eq!(spec.entry("run_list").unwrap().value, "role[a]");
    }

    #[test]
    fn garbage_and_half_typed_text_give_a_value() {
        for text in [
            "",
            "[",
            "=",
            "[project\nname",
            "\u{0}\u{ff}=\n[]\n = x",
            "key = v",
        ] {
            let ini = ProjectIni::parse(text);
            assert!(ini.project_value("name").is_none());
        }
        assert_eq!(ProjectIni::parse("key = v").stray.len(), 1);
        let empty = ProjectIni::parse("[project]\nname =\n");
        assert!(empty.project_value("name").is_none());
        assert_eq!(empty.sections[0].entries[0].value_range, 16..16);
    }
}
