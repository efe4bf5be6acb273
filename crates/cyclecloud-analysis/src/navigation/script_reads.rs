//! Which configuration keys a workspace's cluster-init scripts read, so a template key that
//! none of them reads can be pointed out. The server and the CLI read the scripts; this only
//! gathers what their text says.

use std::collections::BTreeSet;

use super::config_reads::{config_calls, ConfigCall};

/// The configuration keys a set of cluster-init scripts read (`jetpack config KEY` and Jetpack's
/// Python `jetpack.config.get`), in lower case, as [`Settings::script_reads`](crate::Settings)
/// hands them to the rules.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct ScriptReads {
    /// Keys written out (`myapp.port`; `myapp` reads everything under it).
    keys: BTreeSet<String>,
    /// Starts of keys built at run time (`myapp.` of `jetpack config myapp.$NAME`).
    prefixes: BTreeSet<String>,
    /// Some script reads a key its text does not tell (`jetpack config $KEY`), so any key may
    /// be read.
    any_key: bool,
}

impl ScriptReads {
    /// The reads of these scripts' texts.
    pub fn from_scripts<'a>(texts: impl IntoIterator<Item = &'a str>) -> ScriptReads {
        let mut reads = ScriptReads::default();
        for text in texts {
            reads.add_script(text);
        }
        reads
    }

    /// Adds one script's reads.
    pub fn add_script(&mut self, text: &str) {
        for call in config_calls(text) {
            match call {
                ConfigCall::Key(read) => {
                    self.keys.insert(read.key.to_ascii_lowercase());
                }
                ConfigCall::Prefix(prefix) => {
                    self.prefixes.insert(prefix.to_ascii_lowercase());
                }
                ConfigCall::Unknown => self.any_key = true,
            }
        }
    }

    /// Adds another set's reads (several scripts, several projects).
    pub fn extend(&mut self, other: &ScriptReads) {
        self.keys.extend(other.keys.iter().cloned());
        self.prefixes.extend(other.prefixes.iter().cloned());
        self.any_key |= other.any_key;
    }

    /// Whether no script reads any key: then nothing can be said of a key that is not read
    /// (a cookbook may read it), and the rules stay silent.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty() && self.prefixes.is_empty() && !self.any_key
    }

    /// Whether some script may read `key` (any case): the key itself, a key above it (`myapp`
    /// for `myapp.port`), a key below it, or a key built at run time from a start it has.
    pub fn may_read(&self, key: &str) -> bool {
        if self.any_key {
            return true;
        }
        let key = key.to_ascii_lowercase();
        let above = key
            .match_indices('.')
            .any(|(dot, _)| self.keys.contains(&key[..dot]));
        let below = format!("{key}.");
        self.keys.contains(&key)
            || above
            || self
                .keys
                .range(below.clone()..)
                .next()
                .is_some_and(|next| next.starts_with(&below))
            || self
                .prefixes
                .iter()
                .any(|prefix| key.starts_with(prefix.as_str()))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_read_whole_above_below_or_by_prefix_count_as_read() {
        let reads = ScriptReads::from_scripts([
            "jetpack config myapp.port\nX=$(jetpack config 'Tools')\n",
            "for n in a b; do jetpack config \"site.mounts.$n\"; done\n\
             jetpack config deep.a.b.c\n",
        ]);
        assert!(!reads.is_empty());
        for key in [
            "myapp.port",
            "MyApp.Port",
            "tools.version",
            "site.mounts.data",
            "deep.a",
            "deep.a.b.c",
            "myapp",
        ] {
            assert!(reads.may_read(key), "{key}");
        }
        for key in [
            "myapp.host",
            "myapps.port",
            "toolsx.version",
            "site.other",
            "deep.b",
        ] {
            assert!(!reads.may_read(key), "{key}");
        }
    }

    #[test]
    fn a_key_the_text_does_not_tell_may_be_any_key() {
        for script in [
            "jetpack config $KEY\n",
            "jetpack config --json\n",
            "from jetpack.config import get\nget(name)\n",
            "import jetpack.config\nvalue = jetpack.config.get(name)\n",
        ] {
            let reads = ScriptReads::from_scripts([script]);
            assert!(reads.may_read("anything.at_all"), "{script:?}");
        }
        let python = ScriptReads::from_scripts([
            "import jetpack.config\nport = jetpack.config.get('myapp.port', 80)\n",
        ]);
        assert!(python.may_read("myapp.port"));
        assert!(!python.may_read("myapp.host"));
    }

    #[test]
    fn scripts_without_reads_say_nothing() {
        let reads = ScriptReads::from_scripts(["#!/bin/bash\necho jetpack\njetpack log hi\n", ""]);
        assert!(reads.is_empty());
        let mut merged = reads.clone();
        merged.extend(&ScriptReads::from_scripts(["jetpack config a.b\n"]));
        assert!(!merged.is_empty() && merged.may_read("a.b"));
    }
}
