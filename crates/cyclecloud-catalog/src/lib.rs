//! The CycleCloud cluster-template object model as data.
//!
//! Azure's own facts (VM sizes in `data/vm-sizes.tsv`, regions in `data/regions.tsv`) are
//! separate tables, parsed on first use: [`vm_sizes()`], [`regions()`]; so are the common HPC
//! Marketplace images (`data/marketplace-images.tsv`, [`marketplace_images()`]).
//!
//! The object model (section kinds, attributes with types/values/versions, built-in images, Jetpack
//! platforms, parameter types, UI plugins, expression functions and operators, known releases)
//! live in one file, `data/catalog.toml`, which is embedded in the binary and parsed once by
//! [`catalog()`]. This crate only offers typed, case-insensitive lookups over that data; it has no
//! LSP or parser dependency.
//!
//! Notes for callers:
//! * Every name lookup ignores ASCII case, matching CycleCloud's own behaviour.
//! * Attribute names may be patterns in which a `*` segment stands for one or more dotted
//!   segments (`tags.*`, `cyclecloud.mounts.*.type`). Exact names win over patterns; among
//!   patterns the most specific one wins.
//! * Configuration keys are catalogued with their full dotted path. For a key inside
//!   `[[[configuration prefix]]]`, look up `prefix.key`.
//! * Node-array-only attributes are listed for `nodearray` only. `[[node defaults]]` (and abstract
//!   nodes that arrays extend) feed node arrays, so check those against both kinds.
//! * There is no default target CycleCloud version; the user chooses one.

mod az_skus;
mod marketplace;
mod model;
mod namespaces;
mod pattern;
mod regions;
mod version;
mod vm_sizes;

use std::collections::HashMap;

/// The catalog's maps are looked up thousands of times per keystroke with short string keys,
/// where SipHash (std's default, DoS-resistant) costs more than the lookup itself.
type FastMap<K, V> = HashMap<K, V, foldhash::fast::RandomState>;
use std::fmt;
use std::sync::OnceLock;

use serde::Deserialize;

pub use az_skus::{load_az_json_file, AZ_SKUS_SOURCE};
pub use marketplace::{
    marketplace_image, marketplace_images, suggest_marketplace_image, MarketplaceImage,
    MARKETPLACE_IMAGES_TSV,
};
pub use model::{
    AllowedValue, Attribute, BuiltinImage, Confidence, Deprecation, Fixity, Function, ImageForm,
    JetpackPlatform, Operator, OsFamily, ParameterType, Plugin, Rank, SectionKind, ValueType,
};
pub use namespaces::{configuration_namespaces, ConfigurationNamespace};
pub use regions::{region, regions, suggest_region, Region, REGIONS_TSV};
pub use version::{ParseVersionError, Version};
pub use vm_sizes::{
    vm_sizes, HyperVGenerations, VmSize, VmSizeError, VmSizeTable, VM_DOCS_BASE, VM_SIZES_TSV,
};

use pattern::Pattern;

/// The catalog file, embedded at compile time.
pub const CATALOG_TOML: &str = include_str!("../data/catalog.toml");

/// The scheduler projects' configuration keys (`slurm.*`, `pbspro.*`, …), embedded at compile
/// time and loaded into the same attribute table as the catalog's own configuration keys.
pub const SCHEDULER_KEYS_TOML: &str = include_str!("../data/scheduler-keys.toml");

/// Lowest similarity (normalized Damerau-Levenshtein, 0..1) for a did-you-mean suggestion.
pub const SUGGESTION_THRESHOLD: f64 = 0.8;

/// The normalized Damerau-Levenshtein similarity of two (lower-cased) words when it can reach
/// [`SUGGESTION_THRESHOLD`], `None` otherwise. The edit distance is at least the difference in
/// length, so most candidates are ruled out by their length alone: did-you-mean runs for every
/// new key typed, and the distance is the costly part.
pub fn suggestion_score(a: &str, b: &str) -> Option<f64> {
    let (a_len, b_len) = (a.chars().count(), b.chars().count());
    let longest = a_len.max(b_len);
    if longest > 0 {
        let fewest_edits = a_len.abs_diff(b_len).max(letters_to_change(a, b));
        let best_possible = 1.0 - fewest_edits as f64 / longest as f64;
        if best_possible < SUGGESTION_THRESHOLD {
            return None;
        }
    }
    let score = strsim::normalized_damerau_levenshtein(a, b);
    (score >= SUGGESTION_THRESHOLD).then_some(score)
}

/// A lower bound of the Damerau-Levenshtein distance of two ASCII words from their letters
/// alone, ignoring order: each insertion, deletion or substitution fixes at most one surplus
/// letter on each side and a transposition none, so at least as many edits are needed as the
/// larger surplus. Far cheaper than the distance, and it rules out most unrelated names that
/// the lengths let through. 0 (no bound) for non-ASCII words.
fn letters_to_change(a: &str, b: &str) -> usize {
    if !a.is_ascii() || !b.is_ascii() {
        return 0;
    }
    // Letters of `a` not matched by one of `b`; the counts of both sides differ by the lengths.
    let mut unmatched_in_b = [0u32; 128];
    for byte in b.bytes() {
        unmatched_in_b[usize::from(byte)] += 1;
    }
    let mut only_a = 0;
    for byte in a.bytes() {
        match &mut unmatched_in_b[usize::from(byte)] {
            0 => only_a += 1,
            count => *count -= 1,
        }
    }
    // `a` has `a.len() - only_a` matched letters, at most `b.len()`, so this does not underflow.
    let only_b = only_a + b.len() - a.len();
    only_a.max(only_b)
}

/// A remembered pattern lookup: the section kind and key as first asked, and the answer as an
/// index into the catalog's attributes.
type RememberedPattern = (String, String, Option<usize>);

/// A hash of (section kind, key) that ignores ASCII case, computed without a lower-case copy.
fn caseless_hash(section_kind: &str, key: &str) -> u64 {
    use std::hash::{BuildHasher, Hasher};
    let mut hasher = foldhash::fast::FixedState::default().build_hasher();
    let mut buffer = [0u8; 32];
    for part in [section_kind, key] {
        for chunk in part.as_bytes().chunks(buffer.len()) {
            let lower = &mut buffer[..chunk.len()];
            lower.copy_from_slice(chunk);
            lower.make_ascii_lowercase();
            hasher.write(lower);
        }
        hasher.write_u8(0xff);
    }
    hasher.finish()
}

/// Returns the embedded catalog, parsing it on first use.
///
/// # Panics
/// Only if the embedded `data/catalog.toml` or `data/scheduler-keys.toml` is invalid, which the crate's tests rule out.
pub fn catalog() -> &'static Catalog {
    static CATALOG: OnceLock<Catalog> = OnceLock::new();
    CATALOG.get_or_init(
        || match Catalog::from_tomls(CATALOG_TOML, SCHEDULER_KEYS_TOML) {
            Ok(c) => c,
            Err(e) => panic!("embedded catalog data is invalid: {e}"),
        },
    )
}

/// Why a catalog text could not be loaded.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LoadError(String);

impl fmt::Display for LoadError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for LoadError {}

/// A file holding only attributes (`data/scheduler-keys.toml`).
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawAttributes {
    attribute: Vec<Attribute>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct RawCatalog {
    cyclecloud_versions: Vec<Version>,
    section: Vec<SectionKind>,
    attribute: Vec<Attribute>,
    image_os: Vec<AllowedValue>,
    jetpack_platform: Vec<JetpackPlatform>,
    builtin_image: Vec<BuiltinImage>,
    parameter_type: Vec<ParameterType>,
    plugin: Vec<Plugin>,
    function: Vec<Function>,
    operator: Vec<Operator>,
}

/// The whole object model with lookup indexes; obtain it through [`catalog()`].
#[derive(Debug)]
pub struct Catalog {
    versions: Vec<Version>,
    sections: Vec<SectionKind>,
    attributes: Vec<Attribute>,
    image_os: Vec<AllowedValue>,
    jetpack_platforms: Vec<JetpackPlatform>,
    builtin_images: Vec<BuiltinImage>,
    parameter_types: Vec<ParameterType>,
    plugins: Vec<Plugin>,
    functions: Vec<Function>,
    operators: Vec<Operator>,
    /// Lower-cased section kind → index into `sections`: rules look a kind up for every
    /// section and line on every keystroke.
    sections_by_name: FastMap<String, usize>,
    /// `attributes`' names in lower case, in the same order, for did-you-mean without a copy
    /// per name and lookup.
    names_lower: Vec<String>,
    /// Lower-cased plain attribute name → indexes into `attributes`.
    exact: FastMap<String, Vec<usize>>,
    /// Indexes of pattern attributes.
    patterns: Vec<usize>,
    /// Pattern attributes by their lower-case first literal segment (`""` for a leading `*`), so
    /// a key is only matched against patterns that can match it.
    patterns_by_head: FastMap<String, Vec<usize>>,
    /// Did-you-mean answers already computed, keyed by (section kind, lower-case key): an edit
    /// distance against every name is the costliest lookup, and editors ask again on every
    /// keystroke. Bounded, since keys come from user text.
    suggestions: std::sync::Mutex<FastMap<(String, String), Option<String>>>,
    /// Pattern lookups already made, keyed by a hash of (section kind, key) in lower case, with
    /// the pair as given and the answer as an index into `attributes`: matching a key against every pattern of its first segment (the
    /// `cyclecloud.` family has many) costs far more than a map lookup, and the same
    /// configuration keys are looked up for every node on every keystroke. Bounded like
    /// `suggestions`.
    pattern_lookups: std::sync::Mutex<FastMap<u64, RememberedPattern>>,
}

impl Catalog {
    /// Parses and indexes a catalog text; [`catalog()`] uses this on the embedded file, and tests
    /// can use it on variants.
    pub fn from_toml(text: &str) -> Result<Catalog, LoadError> {
        Catalog::from_tomls(text, "attribute = []")
    }

    /// Parses a catalog text and a file of further attributes (the scheduler keys), appended
    /// after the catalog's own, and indexes both as one table.
    pub fn from_tomls(text: &str, attributes: &str) -> Result<Catalog, LoadError> {
        let mut raw: RawCatalog =
            toml::from_str(text).map_err(|e| LoadError(format!("catalog TOML: {e}")))?;
        let extra: RawAttributes = toml::from_str(attributes)
            .map_err(|e| LoadError(format!("scheduler keys TOML: {e}")))?;
        raw.attribute.extend(extra.attribute);
        let mut cat = Catalog {
            versions: raw.cyclecloud_versions,
            sections: raw.section,
            attributes: raw.attribute,
            image_os: raw.image_os,
            jetpack_platforms: raw.jetpack_platform,
            builtin_images: raw.builtin_image,
            parameter_types: raw.parameter_type,
            plugins: raw.plugin,
            functions: raw.function,
            operators: raw.operator,
            sections_by_name: FastMap::default(),
            names_lower: Vec::new(),
            exact: FastMap::default(),
            patterns: Vec::new(),
            patterns_by_head: FastMap::default(),
            suggestions: std::sync::Mutex::new(FastMap::default()),
            pattern_lookups: std::sync::Mutex::new(FastMap::default()),
        };
        for (index, section) in cat.sections.iter().enumerate() {
            cat.sections_by_name
                .entry(section.name.to_ascii_lowercase())
                .or_insert(index);
        }
        cat.resolve_attributes()?;
        cat.names_lower = cat
            .attributes
            .iter()
            .map(|attribute| attribute.name.to_ascii_lowercase())
            .collect();
        Ok(cat)
    }

    /// Fills `values_from` lists and default URLs, compiles patterns and builds the name index.
    fn resolve_attributes(&mut self) -> Result<(), LoadError> {
        let mut attributes = std::mem::take(&mut self.attributes);
        for (i, attr) in attributes.iter_mut().enumerate() {
            if let Some(source) = attr.values_from.clone() {
                if !attr.values.is_empty() {
                    return Err(LoadError(format!(
                        "attribute {} has both `values` and `values_from`",
                        attr.name
                    )));
                }
                attr.values = self.values_from(&source).ok_or_else(|| {
                    LoadError(format!(
                        "attribute {}: unknown or empty values_from {source:?}",
                        attr.name
                    ))
                })?;
            }
            if attr.url.is_none() && attr.confidence == Confidence::Documented {
                attr.url = attr
                    .sections
                    .first()
                    .and_then(|s| self.section(s))
                    .map(|s| s.url.clone());
            }
            attr.pattern = Pattern::compile(&attr.name);
            if let Some(pattern) = &attr.pattern {
                self.patterns.push(i);
                self.patterns_by_head
                    .entry(pattern.first_literal().unwrap_or_default())
                    .or_default()
                    .push(i);
            } else {
                self.exact
                    .entry(attr.name.to_ascii_lowercase())
                    .or_default()
                    .push(i);
            }
        }
        self.attributes = attributes;
        Ok(())
    }

    /// Builds a value list from another table of the catalog (see the file header).
    fn values_from(&self, source: &str) -> Option<Vec<AllowedValue>> {
        let values: Vec<AllowedValue> = match source {
            "image_os" => self.image_os.clone(),
            "parameter_type" => self
                .parameter_types
                .iter()
                .map(|p| AllowedValue {
                    value: p.name.clone(),
                    doc: p.doc.clone(),
                    since: p.since,
                })
                .collect(),
            "jetpack_platform" => self
                .jetpack_platforms
                .iter()
                .map(|p| AllowedValue {
                    value: p.name.clone(),
                    doc: p.doc.clone(),
                    since: None,
                })
                .collect(),
            other => {
                let kind = other.strip_prefix("plugin:")?;
                self.plugins(kind)
                    .map(|p| AllowedValue {
                        value: p.name.clone(),
                        doc: p.doc.clone(),
                        since: None,
                    })
                    .collect()
            }
        };
        (!values.is_empty()).then_some(values)
    }

    // ---- sections -------------------------------------------------------------------------

    /// All section kinds, in catalog order.
    pub fn sections(&self) -> &[SectionKind] {
        &self.sections
    }

    /// Looks up a section kind by header keyword, ignoring case.
    pub fn section(&self, kind: &str) -> Option<&SectionKind> {
        // Kinds from the model are already trimmed: skip the Unicode-aware trim for them.
        let trimmed = |b: Option<&u8>| b.is_some_and(|b| b.is_ascii_graphic());
        let bytes = kind.as_bytes();
        let kind = if trimmed(bytes.first()) && trimmed(bytes.last()) {
            kind
        } else {
            kind.trim()
        };
        let index = if kind.bytes().any(|b| b.is_ascii_uppercase()) {
            self.sections_by_name.get(&kind.to_ascii_lowercase())
        } else {
            self.sections_by_name.get(kind)
        };
        index.map(|&index| &self.sections[index])
    }

    // ---- attributes -----------------------------------------------------------------------

    /// All attribute entries, in catalog order (a name may occur once per section group).
    pub fn attributes(&self) -> &[Attribute] {
        &self.attributes
    }

    /// The attribute `key` means in a section of kind `section_kind`: exact name first (any
    /// case), then the most specific matching pattern.
    pub fn attribute(&self, section_kind: &str, key: &str) -> Option<&Attribute> {
        let key = key.trim();
        self.exact_matches(key)
            .find(|a| a.applies_to(section_kind))
            .or_else(|| self.remembered_pattern(section_kind, key))
    }

    /// [`Catalog::best_pattern`] for one section kind, remembered (see `pattern_lookups`).
    fn remembered_pattern(&self, section_kind: &str, key: &str) -> Option<&Attribute> {
        const MAX_REMEMBERED: usize = 4096;
        // Keyed by a hash of the pair in lower case, so a lookup copies nothing; the entry keeps
        // the pair to tell a (rare) collision from a hit.
        let hash = caseless_hash(section_kind, key);
        if let Ok(cache) = self.pattern_lookups.lock() {
            if let Some((kind, known_key, answer)) = cache.get(&hash) {
                if kind.eq_ignore_ascii_case(section_kind) && known_key.eq_ignore_ascii_case(key) {
                    return answer.map(|index| &self.attributes[index]);
                }
            }
        }
        let index = self.best_pattern_index(key, |a| a.applies_to(section_kind));
        if let Ok(mut cache) = self.pattern_lookups.lock() {
            if cache.len() >= MAX_REMEMBERED {
                cache.clear();
            }
            cache.insert(hash, (section_kind.to_owned(), key.to_owned(), index));
        }
        index.map(|index| &self.attributes[index])
    }

    /// The first attribute named `key` in any section, for hover when the section is unknown.
    pub fn attribute_any_section(&self, key: &str) -> Option<&Attribute> {
        let key = key.trim();
        self.exact_matches(key)
            .next()
            .or_else(|| self.best_pattern(key, |_| true))
    }

    /// Every entry matching `key` exactly or by pattern, across sections (e.g. the node and the
    /// node-array variants of `ShutdownPolicy`), to report where a misplaced key belongs.
    pub fn attribute_variants<'a>(
        &'a self,
        key: &'a str,
    ) -> impl Iterator<Item = &'a Attribute> + 'a {
        let key = key.trim();
        self.attributes.iter().filter(move |a| a.matches_key(key))
    }

    /// Attributes meaningful in `section_kind`, in catalog order, for completion.
    pub fn attributes_in<'a>(
        &'a self,
        section_kind: &'a str,
    ) -> impl Iterator<Item = &'a Attribute> + 'a {
        self.attributes
            .iter()
            .filter(move |a| a.applies_to(section_kind))
    }

    /// Did-you-mean for an unknown key: the canonical name (a pattern name for pattern keys) of
    /// the closest attribute of `section_kind`, or `None` when `key` is already known or nothing
    /// is close enough.
    pub fn suggest_attribute(&self, section_kind: &str, key: &str) -> Option<&str> {
        self.suggest(section_kind, key)
            .map(|(a, _)| a.name.as_str())
    }

    /// Like [`Catalog::suggest_attribute`], but returns the concrete replacement key: for
    /// pattern attributes the wildcard keeps the author's segments (`tag.X` → `tags.X`).
    pub fn suggest_attribute_key(&self, section_kind: &str, key: &str) -> Option<String> {
        const MAX_REMEMBERED: usize = 4096;
        let cache_key = (
            section_kind.to_ascii_lowercase(),
            key.trim().to_ascii_lowercase(),
        );
        if let Ok(cache) = self.suggestions.lock() {
            if let Some(answer) = cache.get(&cache_key) {
                return answer.clone();
            }
        }
        let answer = self.suggest(section_kind, key).map(|(_, k)| k);
        if let Ok(mut cache) = self.suggestions.lock() {
            if cache.len() >= MAX_REMEMBERED {
                cache.clear();
            }
            cache.insert(cache_key, answer.clone());
        }
        answer
    }

    fn exact_matches<'a>(&'a self, key: &str) -> impl Iterator<Item = &'a Attribute> + 'a {
        // Lower-case only when needed, and short keys (nearly all) on the stack: rules look keys
        // up for every line and every node on every keystroke.
        let mut buffer = [0u8; 64];
        let found = if !key.bytes().any(|b| b.is_ascii_uppercase()) {
            self.exact.get(key)
        } else if key.len() <= buffer.len() {
            let lower = &mut buffer[..key.len()];
            lower.copy_from_slice(key.as_bytes());
            lower.make_ascii_lowercase();
            // ASCII lower-casing keeps UTF-8 valid.
            std::str::from_utf8(lower)
                .ok()
                .and_then(|lower| self.exact.get(lower))
        } else {
            self.exact.get(&key.to_ascii_lowercase())
        };
        found.into_iter().flatten().map(|&i| &self.attributes[i])
    }

    fn best_pattern(&self, key: &str, keep: impl Fn(&Attribute) -> bool) -> Option<&Attribute> {
        self.best_pattern_index(key, keep)
            .map(|index| &self.attributes[index])
    }

    /// The index in `attributes` of the most specific pattern matching `key` that `keep` accepts.
    fn best_pattern_index(&self, key: &str, keep: impl Fn(&Attribute) -> bool) -> Option<usize> {
        let head = key.split('.').next().unwrap_or("").to_ascii_lowercase();
        let candidates = self.patterns_by_head.get(&head).into_iter().flatten();
        let leading_wildcards = self.patterns_by_head.get("").into_iter().flatten();
        candidates
            .chain(leading_wildcards)
            .copied()
            .filter(|&i| keep(&self.attributes[i]) && self.attributes[i].matches_key(key))
            .max_by_key(|&i| {
                self.attributes[i]
                    .pattern
                    .as_ref()
                    .map_or(0, Pattern::specificity)
            })
    }

    fn suggest(&self, section_kind: &str, key: &str) -> Option<(&Attribute, String)> {
        let key = key.trim();
        if key.is_empty() || self.attribute(section_kind, key).is_some() {
            return None;
        }
        let lower = key.to_ascii_lowercase();
        let mut best: Option<(&Attribute, Option<String>, f64, f64)> = None;
        for (attr, name_lower) in self
            .attributes
            .iter()
            .zip(&self.names_lower)
            .filter(|(a, _)| a.applies_to(section_kind))
        {
            // Plain names are compared without copying them: only the winner is cloned.
            let (candidate, cand_lower) = match &attr.pattern {
                Some(p) => match p.instantiate_like(key) {
                    Some(c) => {
                        let lower = c.to_ascii_lowercase();
                        (Some(c), std::borrow::Cow::Owned(lower))
                    }
                    None => continue,
                },
                None => (None, std::borrow::Cow::Borrowed(name_lower.as_str())),
            };
            let Some(score) = suggestion_score(&lower, &cand_lower) else {
                continue;
            };
            let tie = strsim::jaro_winkler(&lower, &cand_lower);
            let better = match &best {
                None => true,
                Some((_, _, s, t)) => score > *s || (score == *s && tie > *t),
            };
            if better {
                best = Some((attr, candidate, score, tie));
            }
        }
        best.map(|(a, k, _, _)| (a, k.unwrap_or_else(|| a.name.clone())))
    }

    // ---- enumerations ---------------------------------------------------------------------

    /// Looks up a `JetpackPlatform` value, ignoring case.
    pub fn jetpack_platform(&self, name: &str) -> Option<&JetpackPlatform> {
        let name = name.trim();
        self.jetpack_platforms
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
    }

    /// All known `JetpackPlatform` spellings.
    pub fn jetpack_platforms(&self) -> &[JetpackPlatform] {
        &self.jetpack_platforms
    }

    /// Looks up a built-in image name (`cycle.image.ubuntu22`, `almalinux8`), ignoring case.
    pub fn builtin_image(&self, name: &str) -> Option<&BuiltinImage> {
        let name = name.trim();
        self.builtin_images
            .iter()
            .find(|i| i.name.eq_ignore_ascii_case(name))
    }

    /// All built-in image names.
    pub fn builtin_images(&self) -> &[BuiltinImage] {
        &self.builtin_images
    }

    /// The OS-family values accepted by `ImageOS`, `Azure.OS` and `Config.OS`.
    pub fn image_os_values(&self) -> &[AllowedValue] {
        &self.image_os
    }

    /// All `ParameterType` values, documented and observed.
    pub fn parameter_types(&self) -> &[ParameterType] {
        &self.parameter_types
    }

    /// Looks up a `ParameterType` value, ignoring case.
    pub fn parameter_type(&self, name: &str) -> Option<&ParameterType> {
        let name = name.trim();
        self.parameter_types
            .iter()
            .find(|p| p.name.eq_ignore_ascii_case(name))
    }

    /// Plugins for one plugin attribute (`Config.Plugin`, `Widget.Plugin`,
    /// `Config.ItemWidget.Plugin`), ignoring case.
    pub fn plugins<'a>(&'a self, attribute: &'a str) -> impl Iterator<Item = &'a Plugin> + 'a {
        self.plugins
            .iter()
            .filter(move |p| p.attribute.eq_ignore_ascii_case(attribute))
    }

    /// Looks up an expression function, ignoring case (`IfThenElse` finds `ifThenElse`).
    pub fn function(&self, name: &str) -> Option<&Function> {
        let name = name.trim();
        self.functions
            .iter()
            .find(|f| f.name.eq_ignore_ascii_case(name))
    }

    /// All expression functions, including low-confidence ClassAd ones.
    pub fn functions(&self) -> &[Function] {
        &self.functions
    }

    /// All expression operators with precedence levels.
    pub fn operators(&self) -> &[Operator] {
        &self.operators
    }

    /// Known CycleCloud releases, oldest first.
    pub fn versions(&self) -> &[Version] {
        &self.versions
    }

    /// The newest release the catalog knows about.
    pub fn latest_version(&self) -> Option<Version> {
        self.versions.iter().max().copied()
    }
}
