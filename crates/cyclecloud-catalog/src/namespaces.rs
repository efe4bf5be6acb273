//! First segments of configuration keys read by code outside a user's workspace (CycleCloud's
//! built-in cookbooks, the official Azure/* projects), from `data/configuration-namespaces.toml`.

use std::sync::OnceLock;

use serde::Deserialize;

/// The embedded namespace list.
const NAMESPACES_TOML: &str = include_str!("../data/configuration-namespaces.toml");

/// A configuration key namespace (`cshared` of `cshared.server.shared_dir`) and who reads it.
#[derive(Clone, Debug, Deserialize, PartialEq, Eq)]
#[serde(deny_unknown_fields)]
pub struct ConfigurationNamespace {
    /// The first segment, in lower case.
    pub name: String,
    /// The code that reads keys under it.
    pub read_by: String,
    /// Where the keys were seen (a public project).
    pub source: String,
    /// Keys under it that the source sets.
    pub examples: Vec<String>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    namespace: Vec<ConfigurationNamespace>,
}

/// The namespaces, parsed on first use.
///
/// # Panics
/// Only if the embedded file is invalid, which the crate's tests rule out.
pub fn configuration_namespaces() -> &'static [ConfigurationNamespace] {
    static NAMESPACES: OnceLock<Vec<ConfigurationNamespace>> = OnceLock::new();
    NAMESPACES.get_or_init(|| match toml::from_str::<File>(NAMESPACES_TOML) {
        Ok(file) => file.namespace,
        Err(error) => panic!("embedded configuration-namespaces.toml is invalid: {error}"),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_list_loads_with_lower_case_single_segment_names_and_sources() {
        let namespaces = configuration_namespaces();
        assert!(namespaces
            .iter()
            .any(|namespace| namespace.name == "cshared"));
        for namespace in namespaces {
            assert_eq!(namespace.name, namespace.name.to_ascii_lowercase());
            assert!(!namespace.name.contains('.'), "{}", namespace.name);
            assert!(namespace.source.starts_with("https://github.com/Azure/"));
            assert!(namespace.examples.iter().all(|key| key
                .to_ascii_lowercase()
                .split('.')
                .next()
                == Some(namespace.name.as_str())));
        }
    }
}
