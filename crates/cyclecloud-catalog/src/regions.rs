//! Azure regions as data (`data/regions.tsv`, sources in its header): names, display names and
//! geographies for completion and hover of `Region` values, looked up ignoring case.

use std::sync::OnceLock;

/// The region table, embedded at compile time.
pub const REGIONS_TSV: &str = include_str!("../data/regions.tsv");

/// One Azure region.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Region {
    /// The name templates use (`westeurope`).
    pub name: String,
    /// The name people read (`West Europe`).
    pub display_name: String,
    /// The geography it belongs to (`Europe`).
    pub geography: String,
    /// `public`, `usgov`, `china` or `canary` (early-access regions).
    pub cloud: String,
}

/// Every region, parsed on first use.
///
/// # Panics
/// Only if the embedded `data/regions.tsv` is invalid, which the crate's tests rule out.
pub fn regions() -> &'static [Region] {
    static REGIONS: OnceLock<Vec<Region>> = OnceLock::new();
    REGIONS.get_or_init(|| parse(REGIONS_TSV).unwrap_or_else(|problem| panic!("{problem}")))
}

/// The region named `name`, ignoring ASCII case and surrounding blanks.
pub fn region(name: &str) -> Option<&'static Region> {
    let name = name.trim();
    regions()
        .iter()
        .find(|region| region.name.eq_ignore_ascii_case(name))
}

/// The did-you-mean for a name that is not a region: the most similar region name
/// ([`crate::suggestion_score`]), comparing without blanks so `West Europe` finds `westeurope`.
pub fn suggest_region(name: &str) -> Option<&'static Region> {
    let wanted: String = name
        .chars()
        .filter(|c| !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    if wanted.is_empty() {
        return None;
    }
    if let Some(exact) = region(&wanted) {
        return (!exact.name.eq_ignore_ascii_case(name.trim())).then_some(exact);
    }
    let mut best: Option<(f64, &Region)> = None;
    for candidate in regions() {
        if let Some(score) = crate::suggestion_score(&wanted, &candidate.name) {
            if best.is_none_or(|(top, _)| score > top) {
                best = Some((score, candidate));
            }
        }
    }
    best.map(|(_, region)| region)
}

fn parse(text: &str) -> Result<Vec<Region>, String> {
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.starts_with('#') && !line.trim().is_empty());
    if lines.next().map(|(_, header)| header) != Some("name\tdisplay_name\tgeography\tcloud") {
        return Err("data/regions.tsv: unexpected header".to_owned());
    }
    lines
        .map(
            |(number, line)| match line.split('\t').collect::<Vec<_>>()[..] {
                [name, display_name, geography, cloud] if !name.is_empty() => Ok(Region {
                    name: name.to_owned(),
                    display_name: display_name.to_owned(),
                    geography: geography.to_owned(),
                    cloud: cloud.to_owned(),
                }),
                _ => Err(format!("data/regions.tsv:{}: expected 4 cells", number + 1)),
            },
        )
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn regions_load_and_look_up_any_case() {
        assert!(regions().len() > 60);
        let west = region(" WestEurope ").unwrap();
        assert_eq!(
            (west.display_name.as_str(), west.geography.as_str()),
            ("West Europe", "Europe")
        );
        assert!(region("westeurop").is_none());
        let mut names: Vec<&str> = regions().iter().map(|r| r.name.as_str()).collect();
        names.sort_unstable();
        names.dedup();
        assert_eq!(names.len(), regions().len(), "no region twice");
        assert!(regions()
            .iter()
            .all(|r| r.name == r.name.to_ascii_lowercase()));
    }

    #[test]
    fn region_suggestions() {
        let suggest = |name: &str| suggest_region(name).map(|region| region.name.as_str());
        assert_eq!(suggest("westeurop"), Some("westeurope"));
        assert_eq!(suggest("West Europe"), Some("westeurope"));
        assert_eq!(suggest("southcentrlus"), Some("southcentralus"));
        assert_eq!(
            suggest("WestEurope"),
            None,
            "a region in another case is known"
        );
        assert_eq!(suggest("mars"), None);
    }

    #[test]
    fn bad_tables_are_refused() {
        assert!(parse("name\tdisplay\n").is_err());
        assert!(parse("name\tdisplay_name\tgeography\tcloud\nx\ty\n").is_err());
    }
}
