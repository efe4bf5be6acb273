//! Common Azure Marketplace images of HPC clusters as data (`data/marketplace-images.tsv`,
//! sources in its header): the publisher, offer and SKU of each, its Hyper-V generation when
//! known, for completion, hover and the did-you-mean check of image URNs. The Marketplace is huge,
//! so a URN that is not listed means nothing by itself; only one a typo away from a listed one is
//! worth a word.

use std::sync::OnceLock;

/// The image table, embedded at compile time.
pub const MARKETPLACE_IMAGES_TSV: &str = include_str!("../data/marketplace-images.tsv");

/// One Marketplace image (all versions of a publisher, offer and SKU).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct MarketplaceImage {
    /// The publisher (`almalinux`).
    pub publisher: String,
    /// The offer (`almalinux-hpc`).
    pub offer: String,
    /// The SKU (`8_10-hpc-gen2`).
    pub sku: String,
    /// The Hyper-V generation (1 or 2) when known.
    pub generation: Option<u8>,
    /// The operating system, for hover (`AlmaLinux 8.10 HPC`).
    pub os: String,
    /// `current`, or why not (an end of life with its date).
    pub status: String,
    /// Where the row came from (see the file's header).
    pub source: String,
}

impl MarketplaceImage {
    /// `publisher:offer:sku`, the URN without its version.
    pub fn urn_prefix(&self) -> String {
        format!("{}:{}:{}", self.publisher, self.offer, self.sku)
    }
}

/// Every listed image, parsed on first use.
///
/// # Panics
/// Only if the embedded `data/marketplace-images.tsv` is invalid, which the crate's tests rule out.
pub fn marketplace_images() -> &'static [MarketplaceImage] {
    static IMAGES: OnceLock<Vec<MarketplaceImage>> = OnceLock::new();
    IMAGES
        .get_or_init(|| parse(MARKETPLACE_IMAGES_TSV).unwrap_or_else(|problem| panic!("{problem}")))
}

/// The listed image with this publisher, offer and SKU, ignoring ASCII case and blanks.
pub fn marketplace_image(
    publisher: &str,
    offer: &str,
    sku: &str,
) -> Option<&'static MarketplaceImage> {
    marketplace_images().iter().find(|image| {
        image.publisher.eq_ignore_ascii_case(publisher.trim())
            && image.offer.eq_ignore_ascii_case(offer.trim())
            && image.sku.eq_ignore_ascii_case(sku.trim())
    })
}

/// The listed image that `publisher:offer:sku` most likely means when it is not listed itself:
/// one or two letters away (Damerau-Levenshtein over the joined, lower-cased names). Names that
/// differ only in digits and the `_`/`.` between them are other releases, not typos, and get no
/// suggestion.
pub fn suggest_marketplace_image(
    publisher: &str,
    offer: &str,
    sku: &str,
) -> Option<&'static MarketplaceImage> {
    if marketplace_image(publisher, offer, sku).is_some() {
        return None;
    }
    let wanted =
        format!("{}:{}:{}", publisher.trim(), offer.trim(), sku.trim()).to_ascii_lowercase();
    let letters = |text: &str| -> String {
        text.chars()
            .filter(|c| !c.is_ascii_digit() && *c != '_' && *c != '.')
            .collect()
    };
    let wanted_letters = letters(&wanted);
    marketplace_images()
        .iter()
        .filter_map(|image| {
            let known = image.urn_prefix().to_ascii_lowercase();
            let distance = strsim::damerau_levenshtein(&wanted, &known);
            (distance <= 2 && letters(&known) != wanted_letters).then_some((distance, image))
        })
        .min_by_key(|(distance, _)| *distance)
        .map(|(_, image)| image)
}

fn parse(text: &str) -> Result<Vec<MarketplaceImage>, String> {
    let mut lines = text
        .lines()
        .enumerate()
        .filter(|(_, line)| !line.starts_with('#') && !line.trim().is_empty());
    if lines.next().map(|(_, header)| header)
        != Some("publisher\toffer\tsku\tgeneration\tos\tstatus\tsource")
    {
        return Err("data/marketplace-images.tsv: unexpected header".to_owned());
    }
    lines
        .map(|(number, line)| {
            let bad = |what: &str| format!("data/marketplace-images.tsv:{}: {what}", number + 1);
            let [publisher, offer, sku, generation, os, status, source] =
                line.split('\t').collect::<Vec<_>>()[..]
            else {
                return Err(bad("expected 7 cells"));
            };
            let generation = match generation {
                "1" => Some(1),
                "2" => Some(2),
                "?" => None,
                _ => return Err(bad("generation must be 1, 2 or ?")),
            };
            Ok(MarketplaceImage {
                publisher: publisher.to_owned(),
                offer: offer.to_owned(),
                sku: sku.to_owned(),
                generation,
                os: os.to_owned(),
                status: status.to_owned(),
                source: source.to_owned(),
            })
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn images_load_and_look_up_any_case() {
        let alma = marketplace_image("AlmaLinux", "AlmaLinux-HPC", "8_10-HPC-gen2").unwrap();
        assert_eq!(alma.generation, Some(2));
        assert_eq!(alma.urn_prefix(), "almalinux:almalinux-hpc:8_10-hpc-gen2");
        let sources = ["azhpc", "aliases", "spec", "templates"];
        for image in marketplace_images() {
            assert!(
                image.source.split('+').all(|part| sources.contains(&part)),
                "{}: {}",
                image.urn_prefix(),
                image.source
            );
            if image.sku.to_ascii_lowercase().ends_with("gen2") {
                assert_eq!(image.generation, Some(2), "{}", image.urn_prefix());
            }
        }
    }

    #[test]
    fn suggestions_fix_typos_but_not_other_releases() {
        let suggest =
            |p, o, s| suggest_marketplace_image(p, o, s).map(MarketplaceImage::urn_prefix);
        assert_eq!(
            suggest("almalinux", "almalinux_hpc", "8_10-hpc-gen2").as_deref(),
            Some("almalinux:almalinux-hpc:8_10-hpc-gen2")
        );
        assert_eq!(
            suggest("microsoft-dsvm", "ubunut-hpc", "2204").as_deref(),
            Some("microsoft-dsvm:ubuntu-hpc:2204")
        );
        assert_eq!(suggest("almalinux", "almalinux-hpc", "8_9-hpc-gen2"), None);
        assert_eq!(suggest("OpenLogic", "CentOS-HPC", "7.5"), None);
        assert_eq!(suggest("OpenLogic", "CentOS", "7.7"), None, "listed");
        assert_eq!(suggest("Canonical", "UbuntuServer", "18.04-LTS"), None);
    }

    #[test]
    fn bad_tables_are_refused() {
        assert!(parse("publisher\toffer\n").is_err());
        let header = "publisher\toffer\tsku\tgeneration\tos\tstatus\tsource";
        assert!(parse(&format!("{header}\na\tb\tc\t3\tos\tcurrent\tspec\n")).is_err());
        assert!(parse(&format!("{header}\na\tb\n")).is_err());
    }
}
