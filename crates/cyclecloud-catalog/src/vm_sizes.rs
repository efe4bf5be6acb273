//! Azure VM sizes as data: the embedded table `data/vm-sizes.tsv` (sources and date in its
//! header), parsed on first use, and the one case-insensitive lookup that completion, hover and
//! checks share. Users can replace or extend it with `az vm list-skus` output ([`crate::az_skus`]).

use std::cmp::Reverse;
use std::fmt;
use std::sync::{Arc, OnceLock};

use crate::FastMap;

/// The VM size table, embedded at compile time.
pub const VM_SIZES_TSV: &str = include_str!("../data/vm-sizes.tsv");

/// The base of every `docs` page in the table.
pub const VM_DOCS_BASE: &str = "https://learn.microsoft.com/azure/virtual-machines/";

/// One VM size and what is known about it; `None` means unknown, never "no".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VmSize {
    /// The size as Azure names it (`Standard_HB120rs_v3`).
    pub name: String,
    /// The vCPU quota family (`standardHBv3Family`).
    pub family: Option<String>,
    /// Whether the family name was checked against Azure's SKU list.
    pub family_checked: bool,
    /// vCPUs (active cores for constrained-core sizes).
    pub vcpus: Option<u32>,
    /// Memory in MiB (kept whole so the type stays `Eq`; see [`VmSize::memory_gib`]).
    pub memory_mib: Option<u32>,
    /// GPUs, as written (`8`, or `1/8` for a partitioned GPU); `None` when there are none.
    pub gpus: Option<String>,
    /// The GPU's model (`NVIDIA H100`).
    pub gpu_model: Option<String>,
    /// InfiniBand/RDMA networking.
    pub infiniband: Option<bool>,
    /// The fabric and bandwidth when known (`HDR 200 Gb/s`).
    pub infiniband_detail: Option<String>,
    /// Whether the size can run as Spot (low priority).
    pub spot: Option<bool>,
    /// Hyper-V generations the size supports.
    pub hyperv: Option<HyperVGenerations>,
    /// Accelerated networking.
    pub accelerated_networking: Option<bool>,
    /// Premium storage.
    pub premium_io: Option<bool>,
    /// Most data disks that can be attached.
    pub max_data_disks: Option<u32>,
    /// Regions known to offer the size (lower case); see `regions_complete`.
    pub regions: Vec<String>,
    /// Whether `regions` is the complete list (from `az vm list-skus`), not a partial old one.
    pub regions_complete: bool,
    /// The retirement date (`2024-08-31`) when the size is retired or announced retired.
    pub retired: Option<String>,
    /// Its Azure documentation page, relative to [`VM_DOCS_BASE`].
    pub docs: Option<String>,
    /// Where the row came from (`docs`, `scalelib-2020`, `az vm list-skus`, …).
    pub source: String,
}

/// Which Hyper-V generations a size supports.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct HyperVGenerations {
    /// Generation 1 images run.
    pub v1: bool,
    /// Generation 2 images run.
    pub v2: bool,
}

impl HyperVGenerations {
    /// Parses `V1`, `V2` or `V1,V2` (any case, any spacing); `None` for anything else.
    pub fn parse(text: &str) -> Option<HyperVGenerations> {
        let mut generations = HyperVGenerations {
            v1: false,
            v2: false,
        };
        for part in text.split(',').map(str::trim) {
            if part.eq_ignore_ascii_case("v1") {
                generations.v1 = true;
            } else if part.eq_ignore_ascii_case("v2") {
                generations.v2 = true;
            } else {
                return None;
            }
        }
        Some(generations)
    }
}

impl fmt::Display for HyperVGenerations {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.v1, self.v2) {
            (true, true) => f.write_str("Gen1, Gen2"),
            (true, false) => f.write_str("Gen1"),
            (false, true) => f.write_str("Gen2"),
            (false, false) => f.write_str("none"),
        }
    }
}

impl VmSize {
    /// Memory in GiB.
    pub fn memory_gib(&self) -> Option<f64> {
        self.memory_mib.map(|mib| f64::from(mib) / 1024.0)
    }

    /// Whether the size has a GPU (or a share of one).
    pub fn has_gpu(&self) -> bool {
        self.gpus.is_some()
    }

    /// Whether the size is retired or announced retired.
    pub fn is_retired(&self) -> bool {
        self.retired.is_some()
    }

    /// The full URL of its documentation page, if known.
    pub fn docs_url(&self) -> Option<String> {
        self.docs
            .as_deref()
            .map(|page| format!("{VM_DOCS_BASE}{page}"))
    }

    /// A size with only a name, to be filled in by a loader.
    pub(crate) fn named(name: &str, source: &str) -> VmSize {
        VmSize {
            name: name.to_owned(),
            family: None,
            family_checked: false,
            vcpus: None,
            memory_mib: None,
            gpus: None,
            gpu_model: None,
            infiniband: None,
            infiniband_detail: None,
            spot: None,
            hyperv: None,
            accelerated_networking: None,
            premium_io: None,
            max_data_disks: None,
            regions: Vec::new(),
            regions_complete: false,
            retired: None,
            docs: None,
            source: source.to_owned(),
        }
    }
}

/// Why a VM size table could not be loaded: a message naming the place and the problem.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct VmSizeError(pub String);

impl fmt::Display for VmSizeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for VmSizeError {}

/// A set of VM sizes with a case-insensitive index.
#[derive(Clone, Debug, Default)]
pub struct VmSizeTable {
    sizes: Vec<VmSize>,
    /// Lower-case name → index into `sizes`.
    index: FastMap<String, usize>,
    /// Where the table came from, for messages (`built-in`, a file name).
    origin: String,
    /// Indexes into `sizes` in reading order, computed on first use: see [`VmSizeTable::natural_order`].
    natural: OnceLock<Vec<usize>>,
    /// The regions some complete region list names, computed on first use: see
    /// [`VmSizeTable::offered_in`].
    covered: OnceLock<std::collections::HashSet<String>>,
}

impl PartialEq for VmSizeTable {
    fn eq(&self, other: &Self) -> bool {
        self.origin == other.origin && self.sizes == other.sizes
    }
}

impl Eq for VmSizeTable {}

/// The built-in table, parsed on first use (the settings or an editor may never need it).
///
/// # Panics
/// Only if the embedded `data/vm-sizes.tsv` is invalid, which the crate's tests rule out.
pub fn vm_sizes() -> &'static Arc<VmSizeTable> {
    static TABLE: OnceLock<Arc<VmSizeTable>> = OnceLock::new();
    TABLE.get_or_init(|| match VmSizeTable::from_tsv(VM_SIZES_TSV, "built-in") {
        Ok(table) => Arc::new(table),
        Err(error) => panic!("embedded data/vm-sizes.tsv is invalid: {error}"),
    })
}

impl VmSizeTable {
    /// Builds a table from sizes; a later size with the same name (any case) replaces an earlier.
    pub fn from_sizes(sizes: impl IntoIterator<Item = VmSize>, origin: &str) -> VmSizeTable {
        let mut table = VmSizeTable {
            origin: origin.to_owned(),
            ..VmSizeTable::default()
        };
        for size in sizes {
            table.insert(size);
        }
        table
    }

    /// Indexes into [`VmSizeTable::sizes`] in the order people read sizes: by series (the letters
    /// and suffix around the vCPU number, newest version first: `Standard_D…s_v6` before
    /// `Standard_D…s_v5`), then by that number, so `Standard_D2s_v5` comes before
    /// `Standard_D16s_v5`. Computed once per table.
    pub fn natural_order(&self) -> &[usize] {
        self.natural.get_or_init(|| {
            let mut order: Vec<usize> = (0..self.sizes.len()).collect();
            order.sort_by_cached_key(|&at| series_key(&self.sizes[at].name));
            order
        })
    }

    /// Adds a size, replacing one with the same name (any case).
    pub fn insert(&mut self, size: VmSize) {
        self.natural = OnceLock::new();
        self.covered = OnceLock::new();
        let key = size.name.to_ascii_lowercase();
        match self.index.get(&key) {
            Some(&at) => self.sizes[at] = size,
            None => {
                self.index.insert(key, self.sizes.len());
                self.sizes.push(size);
            }
        }
    }

    /// The size named `name`, ignoring ASCII case (Azure compares size names that way).
    pub fn get(&self, name: &str) -> Option<&VmSize> {
        let name = name.trim();
        if let Some(&at) = self.index.get(name) {
            return Some(&self.sizes[at]);
        }
        self.index
            .get(&name.to_ascii_lowercase())
            .map(|&at| &self.sizes[at])
    }

    /// The did-you-mean for a name that is not a size: the size whose name is most similar
    /// ([`crate::suggestion_score`], ties to the newest series), or the size the name means
    /// without its `Standard_` prefix. `None` when nothing is close or the name is a size.
    pub fn suggest(&self, name: &str) -> Option<&VmSize> {
        let name = name.trim();
        if name.is_empty() || self.get(name).is_some() {
            return None;
        }
        if let Some(prefixed) = self.get(&format!("Standard_{name}")) {
            return Some(prefixed);
        }
        if let Some(swapped) =
            swapped_constrained_cores(name).and_then(|swapped| self.get(&swapped))
        {
            return Some(swapped);
        }
        let lower = name.to_ascii_lowercase();
        let mut best: Option<(f64, usize)> = None;
        for &at in self.natural_order() {
            let candidate = self.sizes[at].name.to_ascii_lowercase();
            if let Some(score) = crate::suggestion_score(&lower, &candidate) {
                if best.is_none_or(|(top, _)| score > top) {
                    best = Some((score, at));
                }
            }
        }
        best.map(|(_, at)| &self.sizes[at])
    }

    /// Whether `size` is offered in `region`: `None` unless the table really knows, that is the
    /// size's region list is complete (from `az vm list-skus`) and the region is one the table's
    /// complete lists cover (output made for a few locations says nothing about the others).
    pub fn offered_in(&self, size: &VmSize, region: &str) -> Option<bool> {
        if !size.regions_complete {
            return None;
        }
        let region = region.trim().to_ascii_lowercase();
        let covered = self.covered.get_or_init(|| {
            self.sizes
                .iter()
                .filter(|size| size.regions_complete)
                .flat_map(|size| size.regions.iter().cloned())
                .collect()
        });
        covered
            .contains(&region)
            .then(|| size.regions.contains(&region))
    }

    /// Every size, in table order.
    pub fn sizes(&self) -> &[VmSize] {
        &self.sizes
    }

    /// How many sizes there are.
    pub fn len(&self) -> usize {
        self.sizes.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.sizes.is_empty()
    }

    /// Where the table came from (`built-in` or the user's file).
    pub fn origin(&self) -> &str {
        &self.origin
    }

    /// Parses the TSV format of `data/vm-sizes.tsv` (see its header for the columns).
    pub fn from_tsv(text: &str, origin: &str) -> Result<VmSizeTable, VmSizeError> {
        let mut lines = text
            .lines()
            .enumerate()
            .filter(|(_, line)| !line.starts_with('#') && !line.trim().is_empty());
        let Some((_, header)) = lines.next() else {
            return Err(VmSizeError(format!("{origin}: no header line")));
        };
        let columns: Vec<&str> = header.split('\t').collect();
        if columns != TSV_COLUMNS {
            return Err(VmSizeError(format!(
                "{origin}: the header must be the columns {}",
                TSV_COLUMNS.join(", ")
            )));
        }
        let mut table = VmSizeTable {
            origin: origin.to_owned(),
            ..VmSizeTable::default()
        };
        for (number, line) in lines {
            let size = parse_row(line)
                .map_err(|problem| VmSizeError(format!("{origin}:{}: {problem}", number + 1)))?;
            if table.get(&size.name).is_some() {
                return Err(VmSizeError(format!(
                    "{origin}:{}: {} is listed twice",
                    number + 1,
                    size.name
                )));
            }
            table.insert(size);
        }
        Ok(table)
    }
}

/// A constrained-core name written the other way round: `Standard_HB64-120rs_v3` (active cores
/// first) for `Standard_HB120-64rs_v3`, the full size's vCPUs first as Azure names them.
fn swapped_constrained_cores(name: &str) -> Option<String> {
    let start = name.find(|c: char| c.is_ascii_digit())?;
    let first_len = name[start..].bytes().take_while(u8::is_ascii_digit).count();
    let after = name[start + first_len..].strip_prefix('-')?;
    let second_len = after.bytes().take_while(u8::is_ascii_digit).count();
    if second_len == 0 {
        return None;
    }
    let (first, second) = (&name[start..start + first_len], &after[..second_len]);
    Some(format!(
        "{}{second}-{first}{}",
        &name[..start],
        &after[second_len..]
    ))
}

/// The reading order of a size name: series letters, newest version first (none last), the
/// letters after the vCPU number, that number, then the full size before its constrained-core
/// variants (largest first). `Standard_HB120-32rs_v3` → (`standard_hb`, Reverse(3), `rs`, 120,
/// Reverse(32)).
type SeriesKey = (String, Reverse<u32>, String, u64, Reverse<u64>);

fn series_key(name: &str) -> SeriesKey {
    let lower = name.to_ascii_lowercase();
    let (body, version) = match lower.rsplit_once('_') {
        Some((body, tail))
            if tail.len() > 1
                && tail.starts_with('v')
                && tail[1..].bytes().all(|b| b.is_ascii_digit()) =>
        {
            (body, tail[1..].parse().unwrap_or(0))
        }
        _ => (lower.as_str(), 0),
    };
    let digits = |text: &str| text.bytes().take_while(u8::is_ascii_digit).count();
    let Some(start) = body.find(|c: char| c.is_ascii_digit()) else {
        return (
            body.to_owned(),
            Reverse(version),
            String::new(),
            0,
            Reverse(u64::MAX),
        );
    };
    let main_len = digits(&body[start..]);
    let main = body[start..start + main_len].parse().unwrap_or(u64::MAX);
    let mut rest = &body[start + main_len..];
    let mut constrained = u64::MAX;
    if let Some(after) = rest.strip_prefix('-') {
        let len = digits(after);
        if len > 0 {
            constrained = after[..len].parse().unwrap_or(u64::MAX);
            rest = &after[len..];
        }
    }
    (
        body[..start].to_owned(),
        Reverse(version),
        rest.to_owned(),
        main,
        Reverse(constrained),
    )
}

const TSV_COLUMNS: [&str; 16] = [
    "name",
    "family",
    "vcpus",
    "memory_gib",
    "gpus",
    "gpu_model",
    "infiniband",
    "spot",
    "hyperv",
    "accel_net",
    "premium_io",
    "max_data_disks",
    "regions",
    "retired",
    "docs",
    "source",
];

fn parse_row(line: &str) -> Result<VmSize, String> {
    let cells: Vec<&str> = line.split('\t').map(str::trim).collect();
    let [name, family, vcpus, memory, gpus, gpu_model, infiniband, spot, hyperv, accel, premium, disks, regions, retired, docs, source] =
        cells[..]
    else {
        return Err(format!(
            "{} cells, expected {}",
            cells.len(),
            TSV_COLUMNS.len()
        ));
    };
    if name.is_empty() {
        return Err("empty name".to_owned());
    }
    let mut size = VmSize::named(name, source);
    let known = |cell: &str| (!cell.is_empty() && cell != "?").then(|| cell.to_owned());
    size.family_checked = !family.ends_with('?');
    size.family = known(family.trim_end_matches('?'));
    size.vcpus = number(vcpus, "vcpus")?;
    size.memory_mib = match memory {
        "" | "?" => None,
        text => Some(gib_to_mib(text).ok_or_else(|| format!("memory_gib `{text}`"))?),
    };
    size.gpus = known(gpus);
    size.gpu_model = known(gpu_model);
    (size.infiniband, size.infiniband_detail) = match infiniband {
        "" | "?" => (None, None),
        "no" => (Some(false), None),
        "yes" => (Some(true), None),
        detail => match detail.strip_suffix('?') {
            Some(unsure) => (None, Some(format!("{} (unsure)", unsure.trim()))),
            None => (Some(true), Some(detail.to_owned())),
        },
    };
    size.spot = flag(spot, "spot")?;
    size.hyperv = match hyperv {
        "" | "?" => None,
        text => Some(HyperVGenerations::parse(text).ok_or_else(|| format!("hyperv `{text}`"))?),
    };
    size.accelerated_networking = flag(accel, "accel_net")?;
    size.premium_io = flag(premium, "premium_io")?;
    size.max_data_disks = number(disks, "max_data_disks")?;
    size.regions = regions
        .split(',')
        .map(|region| region.trim().to_ascii_lowercase())
        .filter(|region| !region.is_empty())
        .collect();
    size.retired = known(retired);
    size.docs = known(docs);
    Ok(size)
}

fn number(cell: &str, column: &str) -> Result<Option<u32>, String> {
    match cell {
        "" | "?" => Ok(None),
        text => text
            .parse()
            .map(Some)
            .map_err(|_| format!("{column} `{text}` is not a whole number")),
    }
}

fn flag(cell: &str, column: &str) -> Result<Option<bool>, String> {
    match cell {
        "" | "?" => Ok(None),
        "yes" => Ok(Some(true)),
        "no" => Ok(Some(false)),
        text => Err(format!("{column} `{text}` is not yes, no or ?")),
    }
}

/// GiB written as a decimal (`0.75`, `1850`) to whole MiB.
pub(crate) fn gib_to_mib(text: &str) -> Option<u32> {
    let gib: f64 = text.trim().parse().ok()?;
    (0.0..4_000_000.0)
        .contains(&gib)
        .then(|| (gib * 1024.0).round() as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_embedded_table_loads_and_looks_up_any_case() {
        let table = vm_sizes();
        assert!(table.len() > 600, "{} sizes", table.len());
        let hb = table.get("standard_hb120RS_v3").expect("HBv3 is known");
        assert_eq!(hb.name, "Standard_HB120rs_v3");
        assert_eq!(hb.vcpus, Some(120));
        assert_eq!(hb.memory_gib(), Some(448.0));
        assert_eq!(hb.infiniband, Some(true));
        assert_eq!(hb.family.as_deref(), Some("standardHBv3Family"));
        assert_eq!(
            hb.docs_url().as_deref(),
            Some("https://learn.microsoft.com/azure/virtual-machines/sizes/high-performance-compute/hbv3-series")
        );
        assert!(table.get("Standard_HB120rs_v9").is_none());
        let basic = table.get(" Basic_A0 ").unwrap();
        assert_eq!(basic.memory_gib(), Some(0.75));
        assert_eq!(basic.retired.as_deref(), Some("2024-08-31"));
    }

    #[test]
    fn suggestions_fix_typos_and_missing_prefixes_only() {
        let table = vm_sizes();
        let suggest = |name: &str| table.suggest(name).map(|size| size.name.as_str());
        assert_eq!(suggest("Standard_HB120rs_v9"), Some("Standard_HB120rs_v3"));
        assert_eq!(suggest("Standard_HC44s"), Some("Standard_HC44rs"));
        assert_eq!(suggest("HB120rs_v3"), Some("Standard_HB120rs_v3"));
        assert_eq!(
            suggest("Standard_HB64-120rs_v3"),
            Some("Standard_HB120-64rs_v3")
        );
        assert_eq!(
            suggest("standard_hb120rs_v3"),
            None,
            "a size in another case is known"
        );
        assert_eq!(suggest("my-favourite-machine"), None);
        assert_eq!(suggest(""), None);
    }

    #[test]
    fn unknown_cells_stay_unknown() {
        let v5 = vm_sizes().get("Standard_HB368rs_v5").unwrap();
        assert_eq!((v5.hyperv, v5.spot, v5.max_data_disks), (None, None, None));
        let gb200 = vm_sizes().get("Standard_ND128isr_NDR_GB200_v6").unwrap();
        assert_eq!((gb200.family.as_deref(), gb200.memory_mib), (None, None));
        assert_eq!(gb200.infiniband, None, "a `?` suffix means unsure");
        let fx = vm_sizes().get("Standard_FX4mds").unwrap();
        assert!(!fx.family_checked);
        assert_eq!(
            fx.hyperv,
            Some(HyperVGenerations {
                v1: false,
                v2: true
            })
        );
    }

    #[test]
    fn every_row_names_its_source_and_well_formed_facts() {
        let known_sources = ["docs", "docs~", "scalelib-2020", "skus", "name"];
        for size in vm_sizes().sizes() {
            let name = &size.name;
            assert!(
                size.source
                    .split('+')
                    .all(|part| known_sources.contains(&part)),
                "{name}: source {}",
                size.source
            );
            if size.source.starts_with("docs") {
                assert!(size.docs.is_some(), "{name}: a docs row names its page");
            }
            if let Some(date) = &size.retired {
                let parts: Vec<&str> = date.split('-').collect();
                assert!(
                    parts.len() == 3 && parts.iter().all(|p| p.parse::<u32>().is_ok()),
                    "{name}: retired {date}"
                );
            }
            assert!(
                name.starts_with("Standard_") || name.starts_with("Basic_"),
                "{name}"
            );
            assert!(
                !size.regions_complete,
                "{name}: built-in regions are partial"
            );
            if let Some(gpus) = &size.gpus {
                assert!(
                    gpus.split('/').all(|n| n.parse::<u32>().is_ok()),
                    "{name}: gpus {gpus}"
                );
            }
        }
    }

    #[test]
    fn bad_rows_name_their_line() {
        let header = TSV_COLUMNS.join("\t");
        let row = "Standard_X\tf\tmany\t1\t\t\tno\tno\tV1\tno\tno\t1\t\t\t\tdocs";
        let error = VmSizeTable::from_tsv(&format!("# c\n{header}\n{row}\n"), "t.tsv").unwrap_err();
        assert_eq!(error.0, "t.tsv:3: vcpus `many` is not a whole number");
        assert!(VmSizeTable::from_tsv("name\tfamily\n", "t").is_err());
        let twice = format!(
            "{header}\n{}\n{}\n",
            row.replace("many", "1"),
            row.replace("many", "2").replace("Standard_X", "STANDARD_X")
        );
        let error = VmSizeTable::from_tsv(&twice, "t.tsv").unwrap_err();
        assert_eq!(error.0, "t.tsv:3: STANDARD_X is listed twice");
        assert!(VmSizeTable::from_tsv(&format!("{header}\nshort\n"), "t").is_err());
    }

    #[test]
    fn natural_order_groups_a_series_by_vcpus() {
        let table = vm_sizes();
        let names: Vec<&str> = table
            .natural_order()
            .iter()
            .map(|&at| table.sizes()[at].name.as_str())
            .filter(|name| {
                let (letters, version, rest, ..) = series_key(name);
                (letters.as_str(), version, rest.as_str()) == ("standard_d", Reverse(5), "s")
            })
            .collect();
        assert_eq!(
            names,
            [2, 4, 8, 16, 32, 48, 64, 96].map(|n| format!("Standard_D{n}s_v5"))
        );
        assert_eq!(table.natural_order().len(), table.len());
    }

    #[test]
    fn constrained_core_sizes_follow_their_full_size() {
        let mut names = vec![
            "Standard_HB120-16rs_v3",
            "Standard_HB120rs_v2",
            "Standard_HB120-96rs_v3",
            "Standard_HB120rs_v3",
        ];
        names.sort_by_key(|name| series_key(name));
        assert_eq!(
            names,
            [
                "Standard_HB120rs_v3",
                "Standard_HB120-96rs_v3",
                "Standard_HB120-16rs_v3",
                "Standard_HB120rs_v2"
            ]
        );
    }

    #[test]
    fn hyperv_generations_parse() {
        assert_eq!(
            HyperVGenerations::parse("V1, v2"),
            Some(HyperVGenerations { v1: true, v2: true })
        );
        assert_eq!(HyperVGenerations::parse("V3"), None);
        assert_eq!(
            HyperVGenerations {
                v1: false,
                v2: true
            }
            .to_string(),
            "Gen2"
        );
    }
}
