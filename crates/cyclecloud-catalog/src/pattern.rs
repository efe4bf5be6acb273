//! Matching of attribute-name patterns such as `tags.*` or `cyclecloud.mounts.*.type`.
//!
//! A pattern is a dotted name in which a `*` segment stands for one or more non-empty dotted
//! segments of the key. Comparison is ASCII case-insensitive.

/// A pre-split attribute-name pattern.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub(crate) struct Pattern {
    /// Segments in their canonical spelling; `None` is a wildcard.
    segments: Vec<Option<String>>,
    /// Number of literal characters, used to prefer the most specific pattern.
    literal_len: usize,
}

impl Pattern {
    /// Returns a pattern if `name` contains a `*` segment, `None` for a plain name.
    pub(crate) fn compile(name: &str) -> Option<Pattern> {
        if !name.split('.').any(|s| s == "*") {
            return None;
        }
        let segments: Vec<Option<String>> = name
            .split('.')
            .map(|s| (s != "*").then(|| s.to_string()))
            .collect();
        let literal_len = segments.iter().flatten().map(String::len).sum();
        Some(Pattern {
            segments,
            literal_len,
        })
    }

    /// Literal characters in the pattern; more means more specific.
    pub(crate) fn specificity(&self) -> usize {
        self.literal_len
    }

    /// Whether `key` (any case) is matched by this pattern.
    pub(crate) fn matches(&self, key: &str) -> bool {
        // Cheap rejection before splitting: a pattern's first literal segment must match the
        // key's first segment (most patterns start with a literal such as `tags`).
        if let Some(Some(first)) = self.segments.first() {
            let head = key.split('.').next().unwrap_or("");
            if !head.eq_ignore_ascii_case(first) {
                return false;
            }
        }
        // Keys have few segments: split into a stack buffer, not a Vec.
        let mut buffer = [""; 16];
        let mut count = 0;
        for segment in key.split('.') {
            if count == buffer.len() {
                let segments: Vec<&str> = key.split('.').collect();
                return match_from(&self.segments, &segments);
            }
            buffer[count] = segment;
            count += 1;
        }
        match_from(&self.segments, &buffer[..count])
    }

    /// The first segment when it is a literal, lower-cased, to index patterns by it.
    pub(crate) fn first_literal(&self) -> Option<String> {
        self.segments
            .first()
            .and_then(|segment| segment.as_ref())
            .map(|s| s.to_ascii_lowercase())
    }

    /// Builds the concrete key this pattern would give when its wildcards take the segments of
    /// `key` at the same positions (literal prefix aligned left, literal suffix aligned right).
    /// Used for did-you-mean on keys such as `tag.CostCenter` → `tags.CostCenter`. Only patterns
    /// with exactly one wildcard are instantiated.
    pub(crate) fn instantiate_like(&self, key: &str) -> Option<String> {
        let star = self.segments.iter().position(Option::is_none)?;
        if self.segments.iter().filter(|s| s.is_none()).count() != 1 {
            return None;
        }
        let key: Vec<&str> = key.split('.').collect();
        let before = star;
        let after = self.segments.len() - star - 1;
        if key.len() < before + after + 1 {
            return None;
        }
        let middle = &key[before..key.len() - after];
        if middle.iter().any(|s| s.is_empty()) {
            return None;
        }
        let mut out: Vec<String> = Vec::with_capacity(self.segments.len());
        for seg in &self.segments {
            match seg {
                Some(lit) => out.push(lit.clone()),
                None => out.push(middle.join(".")),
            }
        }
        Some(out.join("."))
    }
}

fn match_from(pattern: &[Option<String>], key: &[&str]) -> bool {
    match pattern.split_first() {
        None => key.is_empty(),
        Some((Some(lit), rest)) => match key.split_first() {
            Some((first, key_rest)) => {
                first.eq_ignore_ascii_case(lit) && match_from(rest, key_rest)
            }
            None => false,
        },
        Some((None, rest)) => {
            // The wildcard takes 1..=n non-empty segments.
            (1..=key.len())
                .take_while(|&n| !key[n - 1].is_empty())
                .any(|n| match_from(rest, &key[n..]))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Pattern;

    #[test]
    fn plain_names_are_not_patterns() {
        assert!(Pattern::compile("Azure.Publisher").is_none());
        assert!(Pattern::compile("tags*").is_none());
    }

    #[test]
    fn trailing_wildcard() {
        let p = Pattern::compile("tags.*").unwrap();
        assert!(p.matches("tags.CostCenter"));
        assert!(p.matches("TAGS.a.b"));
        assert!(!p.matches("tags"));
        assert!(!p.matches("tags."));
        assert!(!p.matches("tag.CostCenter"));
    }

    #[test]
    fn inner_wildcard() {
        let p = Pattern::compile("cyclecloud.mounts.*.type").unwrap();
        assert!(p.matches("cyclecloud.mounts.nfs_shared.type"));
        assert!(p.matches("CycleCloud.Mounts.a.b.TYPE"));
        assert!(!p.matches("cyclecloud.mounts.type"));
        assert!(!p.matches("cyclecloud.mounts.x.type.y"));
        let lun = Pattern::compile("cyclecloud.mounts.*.Azure.LUN").unwrap();
        assert!(lun.matches("cyclecloud.mounts.data.azure.lun"));
        assert!(lun.specificity() > p.specificity());
    }

    #[test]
    fn instantiation_for_suggestions() {
        let p = Pattern::compile("tags.*").unwrap();
        assert_eq!(
            p.instantiate_like("tag.CostCenter").as_deref(),
            Some("tags.CostCenter")
        );
        let q = Pattern::compile("cyclecloud.mounts.*.mountpoint").unwrap();
        assert_eq!(
            q.instantiate_like("cyclecloud.mounts.nfs.mountpoin")
                .as_deref(),
            Some("cyclecloud.mounts.nfs.mountpoint")
        );
        assert_eq!(q.instantiate_like("cyclecloud.mounts"), None);
    }
}
