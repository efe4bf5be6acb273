//! Plain data types deserialized from `data/catalog.toml`.

use std::fmt;

use serde::{Deserialize, Deserializer};

use crate::pattern::Pattern;
use crate::version::Version;

/// How sure we are of a fact; rules resting on weak facts should use a softer severity.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Confidence {
    /// Stated by Microsoft documentation or release notes.
    Documented,
    /// Seen in real templates but not documented.
    Observed,
    /// Our own hypothesis.
    Inferred,
}

/// The value type of an attribute, so checkers know how to validate its right-hand side.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum ValueType {
    /// Free text.
    String,
    /// Whole number.
    Integer,
    /// Number with an optional fraction.
    Float,
    /// `true` / `false` in any case.
    Boolean,
    /// Comma-separated list (a single element is also fine).
    List,
    /// Duration such as `10m` or `` `30s` ``.
    RelativeTime,
    /// Full Azure resource id starting with `/subscriptions/`.
    ResourceId,
    /// File-system path.
    Path,
    /// URL or URI.
    Url,
    /// Expression, normally written with `:=`.
    Expression,
    /// Record (key/value map).
    Record,
    /// Anything; the type depends on context.
    Any,
}

impl ValueType {
    /// The spelling used in the catalog file, for messages and hover text.
    pub fn as_str(self) -> &'static str {
        match self {
            ValueType::String => "string",
            ValueType::Integer => "integer",
            ValueType::Float => "float",
            ValueType::Boolean => "boolean",
            ValueType::List => "list",
            ValueType::RelativeTime => "relative-time",
            ValueType::ResourceId => "resource-id",
            ValueType::Path => "path",
            ValueType::Url => "url",
            ValueType::Expression => "expression",
            ValueType::Record => "record",
            ValueType::Any => "any",
        }
    }
}

impl fmt::Display for ValueType {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// Operating-system family of an image or Jetpack platform, used for OS-consistency rules.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OsFamily {
    /// Linux distributions.
    Linux,
    /// Windows Server.
    Windows,
}

impl OsFamily {
    /// The family as messages name it: the lower-case word the catalog's data writes.
    pub fn name(self) -> &'static str {
        match self {
            OsFamily::Linux => "linux",
            OsFamily::Windows => "windows",
        }
    }
}

/// Which of the image notations an attribute belongs to, so rules can find image keys from data.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ImageForm {
    /// `ImageName`: built-in name, URN or resource id.
    Name,
    /// `ImageId`: managed-image resource id.
    Id,
    /// `Azure.Publisher`/`Offer`/`Sku`/`ImageVersion`.
    Marketplace,
    /// `Image`: display or registry label.
    Label,
}

/// Whether and since when an attribute is deprecated.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Deprecation {
    /// Deprecated, version unknown (legacy keys).
    Yes,
    /// Deprecated starting with this release.
    Since(Version),
}

impl<'de> Deserialize<'de> for Deprecation {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        if text.eq_ignore_ascii_case("yes") {
            return Ok(Deprecation::Yes);
        }
        Version::parse(&text)
            .map(Deprecation::Since)
            .ok_or_else(|| {
                serde::de::Error::custom(format!(
                    "deprecated must be \"yes\" or a version, got {text:?}"
                ))
            })
    }
}

/// Usual nesting depth (bracket count) of a section kind.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Rank {
    /// Always exactly this many brackets.
    Fixed(u8),
    /// Any depth (parameters and parameter sections).
    Any,
    /// One bracket more than the parent section (list and record blocks).
    ParentPlusOne,
}

impl<'de> Deserialize<'de> for Rank {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        #[derive(Deserialize)]
        #[serde(untagged)]
        enum Raw {
            Int(u8),
            Text(String),
        }
        match Raw::deserialize(deserializer)? {
            Raw::Int(0) => Err(serde::de::Error::custom("rank must be at least 1")),
            Raw::Int(n) => Ok(Rank::Fixed(n)),
            Raw::Text(t) if t == "any" => Ok(Rank::Any),
            Raw::Text(t) if t == "parent+1" => Ok(Rank::ParentPlusOne),
            Raw::Text(t) => Err(serde::de::Error::custom(format!(
                "rank must be an integer, \"any\" or \"parent+1\", got {t:?}"
            ))),
        }
    }
}

/// One permitted (or suggested) value of an attribute, with a line of documentation.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AllowedValue {
    /// Canonical spelling of the value.
    pub value: String,
    /// One-line explanation for completion and hover.
    pub doc: String,
    /// Release that introduced this particular value, when later than the attribute.
    #[serde(default)]
    pub since: Option<Version>,
}

/// A section kind (`cluster`, `node`, …) with its nesting rules, for structure checks and hover.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SectionKind {
    /// Keyword in the header, lower case.
    pub name: String,
    /// Usual bracket count.
    pub rank: Rank,
    /// Kinds that may directly contain this one.
    pub parents: Vec<String>,
    /// Whether the section may appear at file level.
    #[serde(default)]
    pub top_level: bool,
    /// Whether the header must carry a name.
    pub name_required: bool,
    /// Names with a special meaning (`defaults` for node, `boot` for volume).
    #[serde(default)]
    pub special_names: Vec<AllowedValue>,
    /// Whether several sections with the same name under one parent merge/append instead of clashing.
    #[serde(default)]
    pub repeatable: bool,
    /// Whether arbitrary keys are normal here (configuration, record), so unknown keys are not suspicious.
    #[serde(default)]
    pub open_keys: bool,
    /// Whether keys are free text (may hold blanks and punctuation, as in `record` lookup tables)
    /// rather than dotted identifiers, so key-syntax checks skip them.
    #[serde(default)]
    pub free_text_keys: bool,
    /// Short explanation in our own words.
    pub doc: String,
    /// Reference page.
    pub url: String,
    /// Source of the facts.
    pub confidence: Confidence,
}

impl SectionKind {
    /// Whether a section of kind `parent` (any case) may directly contain this one.
    pub fn allows_parent(&self, parent: &str) -> bool {
        self.parents.iter().any(|p| p.eq_ignore_ascii_case(parent))
    }

    /// The special meaning of a section name such as `defaults` or `boot`, if any.
    pub fn special_name(&self, name: &str) -> Option<&AllowedValue> {
        self.special_names
            .iter()
            .find(|v| v.value.eq_ignore_ascii_case(name.trim()))
    }
}

/// One attribute (key) of the object model, with everything rules, hover and completion need.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Attribute {
    /// Canonical spelling; a `*` segment makes it a pattern (see crate docs).
    pub name: String,
    /// Type of the value.
    #[serde(rename = "type")]
    pub value_type: ValueType,
    /// Section kinds where the attribute is meaningful.
    pub sections: Vec<String>,
    /// Allowed or suggested values (see `values_open`).
    #[serde(default)]
    pub values: Vec<AllowedValue>,
    /// True when `values` are suggestions only, not a closed set.
    #[serde(default)]
    pub values_open: bool,
    /// Table the values were copied from at load time (`parameter_type`, `image_os`, …), if any.
    #[serde(default)]
    pub values_from: Option<String>,
    /// Default value or behaviour, as text.
    #[serde(default)]
    pub default: Option<String>,
    /// Release that introduced the attribute.
    #[serde(default)]
    pub since: Option<Version>,
    /// Whether the attribute is deprecated.
    #[serde(default)]
    pub deprecated: Option<Deprecation>,
    /// The documentation that declares the deprecation (a CycleCloud docs page or release
    /// notes), so a deprecation is only claimed with a source and messages can name it.
    #[serde(default)]
    pub deprecation_source: Option<String>,
    /// What to use instead of a deprecated attribute.
    #[serde(default)]
    pub replacement: Option<String>,
    /// Source of the facts.
    pub confidence: Confidence,
    /// Short explanation in our own words.
    pub doc: String,
    /// Reference page (filled from the section page for documented attributes when omitted).
    #[serde(default)]
    pub url: Option<String>,
    /// One of the attributes every node must end up with (after inheritance).
    #[serde(default)]
    pub required: bool,
    /// Image notation this attribute belongs to.
    #[serde(default)]
    pub image_form: Option<ImageForm>,
    /// Must be present whenever its image form is used (Marketplace publisher/offer/SKU).
    #[serde(default)]
    pub form_required: bool,
    /// Volume/NIC attribute that only works when the owner is a `[[node]]`, not a node array.
    #[serde(default)]
    pub node_only: bool,
    /// Smallest value a numeric attribute accepts (`MaxPrice` ≥ -1), for range checks.
    #[serde(default)]
    pub minimum: Option<f64>,
    /// Largest value a numeric attribute accepts (a port ≤ 65535), for range checks.
    #[serde(default)]
    pub maximum: Option<f64>,
    /// Another attribute of the same section without which this one has no effect
    /// (`EnableSecureBoot` needs `SecurityType`), for dependent-attribute checks.
    #[serde(default)]
    pub requires: Option<String>,
    /// The value (any case) `requires` must have, when merely being set is not enough
    /// (`HybridBenefitLicense` needs `HybridBenefit = true`).
    #[serde(default)]
    pub requires_value: Option<String>,
    /// Name of a group of attributes of which a section must set exactly one
    /// (`TemplateURL`/`TemplateContents`/`TemplatePath` of an environment).
    #[serde(default)]
    pub one_of: Option<String>,
    /// Group of attributes that only work together (`ImagePlan.Name`/`Publisher`/`Product`):
    /// some but not all of them is a mistake.
    #[serde(default)]
    pub all_of: Option<String>,
    /// Free text shown to people (`Description`, `Label`): commas in an unquoted value are part
    /// of the text as CycleCloud shows it, so comma checks skip it.
    #[serde(default)]
    pub prose: bool,
    /// Mount key used only by network file systems (NFS, Lustre): a mount that sets it needs a
    /// `type`, while local disk mounts have none.
    #[serde(default)]
    pub network_mount: bool,
    /// The `ParameterType` of the form parameter that feeds this attribute (`Credentials` takes a
    /// `Cloud.Credentials` parameter), so a parameter of another picker type can be reported.
    #[serde(default)]
    pub parameter_type: Option<String>,
    /// The scheduler project whose scripts read this configuration key
    /// (`Azure/cyclecloud-slurm`), shown in hover and used to tell project keys from others.
    #[serde(default)]
    pub project: Option<String>,
    /// Node roles whose scripts read the key (`scheduler`, `login`, `execute`, `all`), for hover.
    #[serde(default)]
    pub roles: Vec<String>,
    /// First release of `project` that reads the key, where its documentation says so.
    #[serde(default)]
    pub project_since: Option<String>,
    #[serde(skip)]
    pub(crate) pattern: Option<Pattern>,
}

impl Attribute {
    /// Finds a value of the attribute's list, ignoring case, for value checks and hover.
    pub fn allowed_value(&self, value: &str) -> Option<&AllowedValue> {
        let value = value.trim();
        self.values
            .iter()
            .find(|v| v.value.eq_ignore_ascii_case(value))
    }

    /// True when `values` is a closed set, so other values deserve a diagnostic.
    pub fn is_closed_enum(&self) -> bool {
        !self.values.is_empty() && !self.values_open
    }

    /// True when the name contains a `*` wildcard segment.
    pub fn is_pattern(&self) -> bool {
        self.pattern.is_some()
    }

    /// Whether `key` (any case) names this attribute, exactly or through the pattern.
    pub fn matches_key(&self, key: &str) -> bool {
        match &self.pattern {
            Some(p) => p.matches(key),
            None => self.name.eq_ignore_ascii_case(key),
        }
    }

    /// Whether the attribute is meaningful in sections of kind `section_kind` (any case).
    pub fn applies_to(&self, section_kind: &str) -> bool {
        self.sections
            .iter()
            .any(|s| s.eq_ignore_ascii_case(section_kind))
    }

    /// True when the attribute is deprecated (with or without a known version).
    pub fn is_deprecated(&self) -> bool {
        self.deprecated.is_some()
    }
}

/// A `JetpackPlatform` value with its OS family and the documentation era it comes from.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct JetpackPlatform {
    /// Spelling of the value.
    pub name: String,
    /// OS family of images it suits.
    pub os_family: OsFamily,
    /// Which CycleCloud releases / documents use this spelling.
    pub era: String,
    /// Source of the facts.
    pub confidence: Confidence,
    /// Short explanation.
    pub doc: String,
}

/// A built-in image name usable as `ImageName`, for unknown/end-of-life checks and completion.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct BuiltinImage {
    /// Image name such as `cycle.image.ubuntu22`.
    pub name: String,
    /// OS family.
    pub os_family: OsFamily,
    /// Human-readable OS description.
    pub os: String,
    /// End-of-life date as ISO `YYYY-MM-DD`, when known.
    #[serde(default)]
    pub end_of_life: Option<String>,
    /// Release that introduced the image, when known.
    #[serde(default)]
    pub since: Option<Version>,
    /// Short status note (listed, old, end of life, templates only…).
    pub status: String,
    /// Source of the facts.
    pub confidence: Confidence,
}

/// A `ParameterType` value, with the kind of value such a parameter holds.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ParameterType {
    /// Spelling of the type.
    pub name: String,
    /// Kind of value (boolean, integer, string, list, record, any) for default-value checks.
    pub value_type: ValueType,
    /// Release that introduced it, when known.
    #[serde(default)]
    pub since: Option<Version>,
    /// Display-only (text shown in the form, no value): such parameters are never referenced.
    #[serde(default)]
    pub display_only: bool,
    /// Source of the facts.
    pub confidence: Confidence,
    /// Short explanation.
    pub doc: String,
}

/// A UI plugin value for `Config.Plugin`, `Widget.Plugin` or `Config.ItemWidget.Plugin`.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Plugin {
    /// Attribute the value belongs to (`Config.Plugin`, …).
    pub attribute: String,
    /// Plugin name such as `pico.form.Dropdown`.
    pub name: String,
    /// `Config.*` keys that only make sense with this control.
    #[serde(default)]
    pub config_keys: Vec<String>,
    /// Display-only control (shows text, holds no value): such parameters are never referenced.
    #[serde(default)]
    pub display_only: bool,
    /// Source of the facts.
    pub confidence: Confidence,
    /// Short explanation.
    pub doc: String,
}

/// An expression function, for signature help, completion and arity checks.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Function {
    /// Canonical spelling (lookups ignore case).
    pub name: String,
    /// Call signature for display.
    pub signature: String,
    /// Parameter names in order.
    pub parameters: Vec<String>,
    /// Fewest arguments accepted.
    pub min_args: u8,
    /// Most arguments accepted; `None` means any number.
    #[serde(default)]
    pub max_args: Option<u8>,
    /// Result type, as text.
    pub returns: String,
    /// Attribute the function is limited to (e.g. `Config.Query`), if any.
    #[serde(default)]
    pub context: Option<String>,
    /// Source of the facts.
    pub confidence: Confidence,
    /// Short explanation.
    pub doc: String,
}

impl Function {
    /// Whether a call with `count` arguments is acceptable.
    pub fn accepts_arity(&self, count: usize) -> bool {
        count >= usize::from(self.min_args)
            && self.max_args.is_none_or(|max| count <= usize::from(max))
    }

    /// The argument counts accepted, for messages: `3 arguments`, `2 to 3 arguments`, `at
    /// least 1 argument`.
    pub fn arity_text(&self) -> String {
        let (count, last) = match self.max_args {
            Some(max) if max == self.min_args => (format!("{max}"), max),
            Some(max) => (format!("{} to {max}", self.min_args), max),
            None => (format!("at least {}", self.min_args), self.min_args),
        };
        let plural = if last == 1 { "" } else { "s" };
        format!("{count} argument{plural}")
    }
}

/// Position of an operator relative to its operands.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum Fixity {
    /// Before its operand (`!x`).
    Prefix,
    /// Between two operands (`a == b`).
    Infix,
    /// After its operand (`f(x)`, `r.x`, `r[k]`).
    Postfix,
    /// `c ? a : b`.
    Ternary,
}

/// An expression operator with its precedence level, for the parser and hover.
#[derive(Clone, Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Operator {
    /// Operator text (`==`, `in`, `?:`, `()` …).
    pub symbol: String,
    /// Binding strength; larger binds tighter.
    pub precedence: u8,
    /// Name of the precedence group (`equality`, `meta-equality`, …).
    pub group: String,
    /// Prefix, infix, postfix or ternary.
    pub fixity: Fixity,
    /// Source of the facts.
    pub confidence: Confidence,
    /// Short explanation.
    pub doc: String,
}
