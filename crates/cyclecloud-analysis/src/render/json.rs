//! The stable JSON form of a rendered cluster (documented in `docs/render.md`): values as JSON
//! numbers, booleans, strings, arrays and objects, `undefined` as `null`, and a value that
//! could not be evaluated as `{"$unevaluated": {"reason": CODE, "message": TEXT}}`.

use serde::ser::{SerializeMap, SerializeSeq, Serializer};
use serde::Serialize;

use super::{Entry, Rendered, RenderedNode};
use crate::eval::{Evaluated, Value};
use crate::model::NodeKind;

/// A value for serialization.
struct Json<'v>(&'v Evaluated);

impl Serialize for Json<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Ok(value) => JsonValue(value).serialize(serializer),
            Err(error) => {
                let mut marker = serializer.serialize_map(Some(1))?;
                marker.serialize_entry(
                    "$unevaluated",
                    &Unevaluated {
                        reason: error.kind.code(),
                        message: &error.message,
                    },
                )?;
                marker.end()
            }
        }
    }
}

#[derive(Serialize)]
struct Unevaluated<'e> {
    reason: &'static str,
    message: &'e str,
}

struct JsonValue<'v>(&'v Value);

impl Serialize for JsonValue<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        match self.0 {
            Value::Undefined => serializer.serialize_unit(),
            Value::Bool(b) => serializer.serialize_bool(*b),
            Value::Integer(n) => serializer.serialize_i64(*n),
            Value::Real(x) => serializer.serialize_f64(*x),
            Value::String(text) | Value::RelativeTime(text) => serializer.serialize_str(text),
            Value::List(items) => {
                let mut seq = serializer.serialize_seq(Some(items.len()))?;
                for item in items {
                    seq.serialize_element(&JsonValue(item))?;
                }
                seq.end()
            }
            Value::Record(fields) => {
                let mut map = serializer.serialize_map(Some(fields.len()))?;
                for (key, value) in fields {
                    map.serialize_entry(key, &JsonValue(value))?;
                }
                map.end()
            }
        }
    }
}

/// Entries as an object of key → value, in order.
struct Entries<'e>(&'e [Entry]);

impl Serialize for Entries<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for entry in self.0 {
            map.serialize_entry(&entry.key, &Json(&entry.value))?;
        }
        map.end()
    }
}

/// Named sections (volumes, network interfaces) as an object of name → entries.
struct Named<'n>(&'n [(String, Vec<Entry>)]);

impl Serialize for Named<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (name, entries) in self.0 {
            map.serialize_entry(name, &Entries(entries))?;
        }
        map.end()
    }
}

impl Serialize for RenderedNode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(6))?;
        let kind = match self.kind {
            NodeKind::Node => "node",
            NodeKind::NodeArray => "nodearray",
        };
        map.serialize_entry("kind", kind)?;
        map.serialize_entry("attributes", &Entries(&self.attributes))?;
        map.serialize_entry("configuration", &Entries(&self.configuration))?;
        let specs: Vec<Json<'_>> = self.cluster_init.iter().map(|e| Json(&e.value)).collect();
        map.serialize_entry("cluster_init", &specs)?;
        map.serialize_entry("volumes", &Named(&self.volumes))?;
        map.serialize_entry("network_interfaces", &Named(&self.network_interfaces))?;
        map.end()
    }
}

impl Serialize for Rendered {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(4))?;
        map.serialize_entry("cluster", &self.cluster)?;
        let parameters: Vec<(String, Json<'_>)> = self
            .parameters
            .iter()
            .map(|p| (p.name.clone(), Json(&p.value)))
            .collect();
        map.serialize_entry("parameters", &Ordered(&parameters))?;
        map.serialize_entry("missing_parameters", &self.missing)?;
        let nodes: Vec<(String, &RenderedNode)> =
            self.nodes.iter().map(|n| (n.name.clone(), n)).collect();
        map.serialize_entry("nodes", &Ordered(&nodes))?;
        map.end()
    }
}

/// Pairs as an object, in order.
struct Ordered<'p, V>(&'p [(String, V)]);

impl<V: Serialize> Serialize for Ordered<'_, V> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}
