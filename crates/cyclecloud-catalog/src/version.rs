//! CycleCloud release numbers (`major.minor.patch`).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer};

/// A CycleCloud version, used for `since`/`deprecated` facts and the user's target version.
///
/// Parsing rules (see [`Version::parse`]):
/// * one to three dot-separated decimal components: `8`, `8.6`, `8.6.4`; missing components are
///   zero, so `8` is `8.0.0` and sorts before every other 8.x release;
/// * a build suffix introduced by `-` or `+` is accepted and discarded (`8.6.4-3320` is `8.6.4`),
///   because the server and CLI print versions that way;
/// * surrounding whitespace is ignored; anything else (a leading `v`, empty components, letters,
///   four components) is rejected.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Version {
    /// Major release (7 or 8 for the versions we know).
    pub major: u32,
    /// Minor release.
    pub minor: u32,
    /// Patch release.
    pub patch: u32,
}

impl Version {
    /// Builds a version from its three components.
    pub const fn new(major: u32, minor: u32, patch: u32) -> Self {
        Version {
            major,
            minor,
            patch,
        }
    }

    /// Parses `8`, `8.6`, `8.6.4` or `8.6.4-build`; returns `None` for anything else.
    pub fn parse(text: &str) -> Option<Version> {
        let text = text.trim();
        let core = match text.find(['-', '+']) {
            Some(i) => {
                if i + 1 == text.len() {
                    return None; // "8.6.4-" has an empty suffix
                }
                &text[..i]
            }
            None => text,
        };
        let mut parts = [0u32; 3];
        for (i, piece) in core.split('.').enumerate() {
            if i == 3 || piece.is_empty() || !piece.bytes().all(|b| b.is_ascii_digit()) {
                return None;
            }
            parts[i] = piece.parse().ok()?;
        }
        Some(Version::new(parts[0], parts[1], parts[2]))
    }
}

impl fmt::Display for Version {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}.{}.{}", self.major, self.minor, self.patch)
    }
}

/// Error returned by [`Version::from_str`] for text that is not a version.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ParseVersionError(String);

impl fmt::Display for ParseVersionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a version like 8.6.4", self.0)
    }
}

impl std::error::Error for ParseVersionError {}

impl FromStr for Version {
    type Err = ParseVersionError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Version::parse(s).ok_or_else(|| ParseVersionError(s.to_string()))
    }
}

impl<'de> Deserialize<'de> for Version {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let text = String::deserialize(deserializer)?;
        Version::parse(&text).ok_or_else(|| serde::de::Error::custom(ParseVersionError(text)))
    }
}

#[cfg(test)]
mod tests {
    use super::Version;

    #[test]
    fn parses_short_and_long_forms() {
        assert_eq!(Version::parse("8"), Some(Version::new(8, 0, 0)));
        assert_eq!(Version::parse("8.6"), Some(Version::new(8, 6, 0)));
        assert_eq!(Version::parse(" 8.6.4 "), Some(Version::new(8, 6, 4)));
        assert_eq!(Version::parse("8.6.4-3320"), Some(Version::new(8, 6, 4)));
        assert_eq!(Version::parse("7.9.10+abc"), Some(Version::new(7, 9, 10)));
    }

    #[test]
    fn rejects_garbage() {
        for bad in [
            "", "v8", "8.", ".8", "8..1", "8.6.4.1", "8.x", "yes", "8.6.4-", "-1",
        ] {
            assert_eq!(Version::parse(bad), None, "{bad:?} should not parse");
        }
    }

    #[test]
    fn orders_numerically_and_displays() {
        assert!(Version::parse("7.9.10").unwrap() > Version::parse("7.9.9").unwrap());
        assert!(Version::parse("8").unwrap() < Version::parse("8.0.1").unwrap());
        assert_eq!(Version::parse("8.6").unwrap().to_string(), "8.6.0");
        assert_eq!("8.2.2".parse::<Version>().unwrap(), Version::new(8, 2, 2));
        assert!("8.2.x".parse::<Version>().is_err());
    }
}
