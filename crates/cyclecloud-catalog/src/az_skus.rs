//! Users bring current data: the JSON that `az vm list-skus --resource-type virtualMachines
//! --output json` prints (an array of resource SKUs, usually one entry per size and region) becomes
//! a [`VmSizeTable`] that replaces or extends the built-in one. Bad input is an error value that
//! says what is wrong and where, never a panic.

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::SystemTime;

use serde_json::Value;

use crate::vm_sizes::{gib_to_mib, vm_sizes, HyperVGenerations, VmSize, VmSizeError, VmSizeTable};

/// The `source` of sizes read from `az vm list-skus` output.
pub const AZ_SKUS_SOURCE: &str = "az vm list-skus";

impl VmSizeTable {
    /// Reads `az vm list-skus` JSON; with `base`, the result holds `base`'s sizes too (the user's
    /// win). `origin` names the input in messages and in [`VmSizeTable::origin`].
    pub fn from_az_json(
        text: &str,
        base: Option<&VmSizeTable>,
        origin: &str,
    ) -> Result<VmSizeTable, VmSizeError> {
        let fail = |problem: String| VmSizeError(format!("{origin}: {problem}"));
        let value: Value = serde_json::from_str(text).map_err(|error| {
            fail(format!(
                "not JSON ({error}); expected the output of `az vm list-skus --resource-type virtualMachines --output json`"
            ))
        })?;
        let Value::Array(entries) = value else {
            return Err(fail(
                "expected a JSON array of SKUs, as `az vm list-skus --output json` prints"
                    .to_owned(),
            ));
        };
        let mut sizes = VmSizeTable::from_sizes(Vec::new(), origin);
        let mut seen_vm = false;
        for (at, entry) in entries.iter().enumerate() {
            let Some(object) = entry.as_object() else {
                return Err(fail(format!("entry {at} is not an object")));
            };
            // Other resource types (disks, availability sets) may be mixed in: skip them.
            if let Some(kind) = object.get("resourceType").and_then(Value::as_str) {
                if !kind.eq_ignore_ascii_case("virtualMachines") {
                    continue;
                }
            }
            let Some(name) = object.get("name").and_then(Value::as_str).map(str::trim) else {
                return Err(fail(format!("entry {at} has no `name` string")));
            };
            if name.is_empty() {
                return Err(fail(format!("entry {at} has an empty `name`")));
            }
            seen_vm = true;
            let parsed =
                parse_entry(name, object).map_err(|problem| fail(format!("{name}: {problem}")))?;
            let merged = match sizes.get(name) {
                Some(earlier) => merge_regions(earlier.clone(), parsed),
                None => parsed,
            };
            sizes.insert(merged);
        }
        if !seen_vm {
            return Err(fail(
                "no virtual machine SKUs in it (was it made with `--resource-type virtualMachines`?)"
                    .to_owned(),
            ));
        }
        let Some(base) = base else {
            return Ok(sizes);
        };
        let mut combined = VmSizeTable::from_sizes(base.sizes().iter().cloned(), origin);
        for size in sizes.sizes() {
            let mut size = size.clone();
            if let Some(known) = base.get(&size.name) {
                fill_gaps(&mut size, known);
            }
            combined.insert(size);
        }
        Ok(combined)
    }
}

/// What a file held when it was last read: its modification time and length, and the result.
type Remembered = (
    Option<SystemTime>,
    u64,
    Result<Arc<VmSizeTable>, VmSizeError>,
);

/// Reads an `az vm list-skus` JSON file, extending the built-in sizes unless `replace`. The
/// result (or the error) is remembered until the file changes, so every template of a project
/// shares one parsed table and one message.
pub fn load_az_json_file(path: &Path, replace: bool) -> Result<Arc<VmSizeTable>, VmSizeError> {
    static LOADED: Mutex<Option<HashMap<(PathBuf, bool), Remembered>>> = Mutex::new(None);
    let origin = path.display().to_string();
    let metadata = std::fs::metadata(path)
        .map_err(|error| VmSizeError(format!("{origin}: cannot read the VM size file: {error}")))?;
    let stamp = (metadata.modified().ok(), metadata.len());
    let key = (path.to_path_buf(), replace);
    let mut loaded = LOADED
        .lock()
        .unwrap_or_else(|poisoned| poisoned.into_inner());
    let loaded = loaded.get_or_insert_with(HashMap::new);
    if let Some((modified, len, result)) = loaded.get(&key) {
        if (*modified, *len) == stamp && stamp.0.is_some() {
            return result.clone();
        }
    }
    let result = std::fs::read_to_string(path)
        .map_err(|error| VmSizeError(format!("{origin}: cannot read the VM size file: {error}")))
        .and_then(|text| {
            let base = (!replace).then(|| &**vm_sizes());
            VmSizeTable::from_az_json(&text, base, &origin)
        })
        .map(Arc::new);
    loaded.insert(key, (stamp.0, stamp.1, result.clone()));
    result
}

/// Facts the SKU list does not carry (GPU model, retirement, docs page) come from the built-in row.
fn fill_gaps(size: &mut VmSize, known: &VmSize) {
    size.gpu_model = size.gpu_model.take().or_else(|| known.gpu_model.clone());
    size.infiniband_detail = size
        .infiniband_detail
        .take()
        .or_else(|| known.infiniband_detail.clone());
    size.retired = size.retired.take().or_else(|| known.retired.clone());
    size.docs = size.docs.take().or_else(|| known.docs.clone());
}

/// The same size listed again for another region: keep the first facts, add the regions.
fn merge_regions(mut earlier: VmSize, later: VmSize) -> VmSize {
    for region in later.regions {
        if !earlier.regions.contains(&region) {
            earlier.regions.push(region);
        }
    }
    earlier
}

fn parse_entry(name: &str, object: &serde_json::Map<String, Value>) -> Result<VmSize, String> {
    let mut size = VmSize::named(name, AZ_SKUS_SOURCE);
    size.family = object
        .get("family")
        .and_then(Value::as_str)
        .map(str::to_owned);
    size.family_checked = size.family.is_some();
    let restricted = restricted_locations(object);
    if let Some(locations) = object.get("locations") {
        let Some(locations) = locations.as_array() else {
            return Err("`locations` is not an array".to_owned());
        };
        size.regions = locations
            .iter()
            .filter_map(Value::as_str)
            .map(str::to_ascii_lowercase)
            .filter(|region| !restricted.contains(region))
            .collect();
        size.regions_complete = true;
    }
    let Some(capabilities) = object.get("capabilities") else {
        return Ok(size);
    };
    let Some(capabilities) = capabilities.as_array() else {
        return Err("`capabilities` is not an array".to_owned());
    };
    let mut vcpus_available = None;
    for capability in capabilities {
        let (Some(key), Some(value)) = (
            capability.get("name").and_then(Value::as_str),
            capability.get("value").and_then(Value::as_str),
        ) else {
            return Err("a capability is not {name, value} strings".to_owned());
        };
        let value = value.trim();
        let bad = || format!("capability {key} = `{value}`");
        match key {
            "vCPUs" => size.vcpus = Some(value.parse().map_err(|_| bad())?),
            "vCPUsAvailable" => vcpus_available = Some(value.parse().map_err(|_| bad())?),
            "MemoryGB" => size.memory_mib = Some(gib_to_mib(value).ok_or_else(bad)?),
            "GPUs" => size.gpus = (value != "0").then(|| value.to_owned()),
            "HyperVGenerations" => {
                size.hyperv = Some(HyperVGenerations::parse(value).ok_or_else(bad)?)
            }
            "LowPriorityCapable" => size.spot = Some(boolean(value).ok_or_else(bad)?),
            "RdmaEnabled" => size.infiniband = Some(boolean(value).ok_or_else(bad)?),
            "AcceleratedNetworkingEnabled" => {
                size.accelerated_networking = Some(boolean(value).ok_or_else(bad)?)
            }
            "PremiumIO" => size.premium_io = Some(boolean(value).ok_or_else(bad)?),
            "MaxDataDiskCount" => size.max_data_disks = Some(value.parse().map_err(|_| bad())?),
            _ => {}
        }
    }
    // Constrained-core sizes report the parent's vCPUs and the active ones apart; the table
    // lists the active cores, as the documentation does.
    if vcpus_available.is_some() {
        size.vcpus = vcpus_available;
    }
    Ok(size)
}

/// Locations where the subscription may not deploy the size (`restrictions` of type Location).
fn restricted_locations(object: &serde_json::Map<String, Value>) -> Vec<String> {
    let Some(restrictions) = object.get("restrictions").and_then(Value::as_array) else {
        return Vec::new();
    };
    restrictions
        .iter()
        .filter(|restriction| {
            restriction
                .get("type")
                .and_then(Value::as_str)
                .is_some_and(|kind| kind.eq_ignore_ascii_case("Location"))
        })
        .filter_map(|restriction| restriction.get("values").and_then(Value::as_array))
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_ascii_lowercase)
        .collect()
}

fn boolean(text: &str) -> Option<bool> {
    if text.eq_ignore_ascii_case("true") {
        Some(true)
    } else if text.eq_ignore_ascii_case("false") {
        Some(false)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::vm_sizes::vm_sizes;

    const SKUS: &str = r#"[
      {"resourceType": "virtualMachines", "name": "Standard_HB120rs_v3", "family": "standardHBv3Family",
       "locations": ["EastUS"], "restrictions": [],
       "capabilities": [{"name": "vCPUs", "value": "120"}, {"name": "MemoryGB", "value": "448"},
         {"name": "HyperVGenerations", "value": "V1,V2"}, {"name": "LowPriorityCapable", "value": "True"},
         {"name": "RdmaEnabled", "value": "True"}, {"name": "MaxDataDiskCount", "value": "32"}]},
      {"resourceType": "virtualMachines", "name": "Standard_HB120rs_v3", "family": "standardHBv3Family",
       "locations": ["westeurope"],
       "restrictions": [{"type": "Location", "values": ["westeurope"], "reasonCode": "NotAvailableForSubscription"}],
       "capabilities": []},
      {"resourceType": "virtualMachines", "name": "Standard_HB120-32rs_v3", "family": "standardHBv3Family",
       "locations": ["southcentralus"],
       "capabilities": [{"name": "vCPUs", "value": "120"}, {"name": "vCPUsAvailable", "value": "32"}]},
      {"resourceType": "disks", "name": "Premium_LRS", "locations": ["eastus"]},
      {"resourceType": "virtualMachines", "name": "Standard_Future_v9", "family": "standardFutureFamily",
       "locations": ["eastus"], "capabilities": [{"name": "GPUs", "value": "0"}]}
    ]"#;

    #[test]
    fn regions_are_known_only_where_the_output_looked() {
        let table = VmSizeTable::from_az_json(SKUS, Some(vm_sizes()), "skus.json").unwrap();
        let hb = table.get("Standard_HB120rs_v3").unwrap();
        assert_eq!(table.offered_in(hb, "EastUS"), Some(true));
        assert_eq!(table.offered_in(hb, "southcentralus"), Some(false));
        assert_eq!(table.offered_in(hb, "japaneast"), None, "not in the output");
        let builtin = table.get("Standard_D4s_v5").unwrap();
        assert_eq!(table.offered_in(builtin, "eastus"), None, "partial list");
    }

    #[test]
    fn reads_sizes_merging_regions_and_dropping_restricted_ones() {
        let table = VmSizeTable::from_az_json(SKUS, None, "skus.json").unwrap();
        assert_eq!(table.len(), 3, "the disk SKU is skipped");
        let hb = table.get("standard_hb120rs_v3").unwrap();
        assert_eq!(
            hb.regions,
            vec!["eastus".to_owned()],
            "westeurope is restricted"
        );
        assert!(hb.regions_complete);
        assert_eq!((hb.vcpus, hb.memory_gib()), (Some(120), Some(448.0)));
        assert_eq!((hb.spot, hb.infiniband), (Some(true), Some(true)));
        assert_eq!(hb.source, AZ_SKUS_SOURCE);
        assert_eq!(table.get("Standard_HB120-32rs_v3").unwrap().vcpus, Some(32));
        assert_eq!(table.get("Standard_Future_v9").unwrap().gpus, None);
        assert!(
            table.get("Standard_D2_v5").is_none(),
            "replace keeps only the user's sizes"
        );
    }

    #[test]
    fn extending_keeps_built_in_sizes_and_their_extra_facts() {
        let table =
            VmSizeTable::from_az_json(SKUS, Some(vm_sizes().as_ref()), "skus.json").unwrap();
        assert!(table.get("Standard_D2_v5").is_some());
        assert!(table.get("Standard_Future_v9").is_some());
        let hb = table.get("Standard_HB120rs_v3").unwrap();
        assert_eq!(hb.source, AZ_SKUS_SOURCE);
        assert_eq!(hb.infiniband_detail.as_deref(), Some("HDR 200 Gb/s"));
        assert!(hb.docs.is_some());
        assert_eq!(table.origin(), "skus.json");
    }

    #[test]
    fn files_are_read_once_until_they_change() {
        let path = std::env::temp_dir().join(format!("cc-lsp-skus-{}.json", std::process::id()));
        std::fs::write(&path, SKUS).unwrap();
        let first = load_az_json_file(&path, true).unwrap();
        let again = load_az_json_file(&path, true).unwrap();
        assert!(Arc::ptr_eq(&first, &again), "remembered");
        assert_eq!(first.len(), 3);
        assert!(
            load_az_json_file(&path, false).unwrap().len() > 600,
            "extends the built-in"
        );
        std::fs::write(&path, "not json, and longer than before").unwrap();
        let error = load_az_json_file(&path, true).unwrap_err();
        assert!(error.0.contains("not JSON"), "{error}");
        std::fs::remove_file(&path).unwrap();
        let error = load_az_json_file(&path, true).unwrap_err();
        assert!(error.0.contains("cannot read the VM size file"), "{error}");
    }

    #[test]
    fn bad_input_is_an_error_that_says_what_and_where() {
        let error = |text: &str| {
            VmSizeTable::from_az_json(text, None, "f.json")
                .unwrap_err()
                .0
        };
        assert!(error("{").starts_with("f.json: not JSON"));
        assert!(error(r#"{"name": "x"}"#).contains("expected a JSON array"));
        assert!(error("[1]").contains("entry 0 is not an object"));
        assert!(error(r#"[{"family": "f"}]"#).contains("entry 0 has no `name`"));
        assert!(error("[]").contains("no virtual machine SKUs"));
        let bad_value =
            r#"[{"name": "Standard_X", "capabilities": [{"name": "vCPUs", "value": "lots"}]}]"#;
        assert_eq!(
            error(bad_value),
            "f.json: Standard_X: capability vCPUs = `lots`"
        );
        let bad_locations = r#"[{"name": "Standard_X", "locations": "eastus"}]"#;
        assert!(error(bad_locations).contains("`locations` is not an array"));
    }
}
