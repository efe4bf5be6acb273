//! The names a rendered value can read: parameters (overrides, then defaults, evaluated once
//! and in dependency order), `ClusterName`, environments and noderefs (known only after
//! deployment) and, inside a node, the node's own effective attributes.

use std::cell::RefCell;
use std::collections::{HashMap, HashSet};

use cyclecloud_syntax::Snapshot;

use crate::eval::{evaluate_line, ErrorKind, EvalError, Evaluated, Names, Value};
use crate::model::{AttrId, Model, NodeId, ParamInfo};

/// How many names may wait on each other's values before the renderer stops following them
/// (each level is a nested evaluation on the stack).
const MAX_CHAIN: usize = 32;

/// Where a parameter's value came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum ParamSource {
    /// Its `DefaultValue` line (1-based line number).
    Default(usize),
    /// An override: a `-p` file's path, or `-P` on the command line.
    Override(String),
    /// No default and no override: `undefined`, or missing when required.
    Unset,
    /// `ClusterName`: the template's cluster name unless overridden.
    ClusterName,
}

/// A parameter value given from outside the template.
#[derive(Clone, Debug)]
pub struct Override {
    /// The parameter's name (any case).
    pub name: String,
    /// Its value.
    pub value: Value,
    /// Where it was given, for the text form (`params.json`, `-P`).
    pub source: String,
}

/// One evaluation context: the template, the overrides and the values worked out so far.
pub(crate) struct Context<'a> {
    pub(crate) snapshot: &'a Snapshot,
    pub(crate) model: &'a Model,
    /// The cluster's name, `None` when it is not known yet (the editor's values, before
    /// `create_cluster` names the cluster).
    pub(crate) cluster_name: Option<String>,
    overrides: HashMap<String, (Value, String)>,
    deployed: HashSet<String>,
    parameters: RefCell<HashMap<String, Evaluated>>,
    pending: RefCell<Vec<String>>,
    read: RefCell<Vec<String>>,
}

impl<'a> Context<'a> {
    pub(crate) fn new(
        snapshot: &'a Snapshot,
        model: &'a Model,
        cluster_name: Option<String>,
        overrides: &[Override],
    ) -> Self {
        let deployed = model
            .scope_names()
            .iter()
            .map(|name| name.trim().to_ascii_lowercase())
            .collect();
        Context {
            snapshot,
            model,
            cluster_name,
            // Later overrides win.
            overrides: overrides
                .iter()
                .map(|o| {
                    (
                        o.name.to_ascii_lowercase(),
                        (o.value.clone(), o.source.clone()),
                    )
                })
                .collect(),
            deployed,
            parameters: RefCell::default(),
            pending: RefCell::default(),
            read: RefCell::default(),
        }
    }

    /// The parameters read since the last call, each once, in the order first read.
    pub(crate) fn take_read(&self) -> Vec<String> {
        let mut read = std::mem::take(&mut *self.read.borrow_mut());
        let mut seen = HashSet::new();
        read.retain(|name| seen.insert(name.to_ascii_lowercase()));
        read
    }

    /// Where the value of a declared parameter (or `ClusterName`) comes from.
    pub(crate) fn source(&self, name: &str) -> ParamSource {
        if let Some((_, source)) = self.overrides.get(&name.to_ascii_lowercase()) {
            return ParamSource::Override(source.clone());
        }
        match self.model.parameter(name) {
            Some(parameter) => match self.default_line(parameter) {
                Some(attr) => ParamSource::Default(self.line_of(attr)),
                None => ParamSource::Unset,
            },
            None => ParamSource::ClusterName,
        }
    }

    /// The 1-based line of an attribute.
    pub(crate) fn line_of(&self, attr: AttrId) -> usize {
        let offset = self.model.attributes[attr].range.start;
        self.snapshot.rope().byte_to_line(offset) + 1
    }

    fn default_line(&self, parameter: &ParamInfo) -> Option<AttrId> {
        self.model.attribute_in(parameter.section, "DefaultValue")
    }

    /// The value of parameter `name` (or `ClusterName`); `None` when neither.
    pub(crate) fn parameter(&self, name: &str) -> Option<Evaluated> {
        let lower = name.to_ascii_lowercase();
        let declared = self.model.parameter(name);
        if declared.is_none() && lower != "clustername" {
            return None;
        }
        self.read
            .borrow_mut()
            .push(declared.map_or_else(|| "ClusterName".to_owned(), |p| p.name.to_string()));
        if let Some(known) = self.parameters.borrow().get(&lower) {
            return Some(known.clone());
        }
        let value = self.work_out(&lower, declared);
        self.parameters.borrow_mut().insert(lower, value.clone());
        Some(value)
    }

    fn work_out(&self, lower: &str, declared: Option<&ParamInfo>) -> Evaluated {
        if let Some((value, _)) = self.overrides.get(lower) {
            return Ok(value.clone());
        }
        let Some(parameter) = declared else {
            return match &self.cluster_name {
                Some(name) => Ok(Value::String(name.clone())),
                None => Err(EvalError::new(
                    ErrorKind::DeployTime,
                    "`ClusterName` is the name the cluster is created with",
                )),
            };
        };
        let value = match self.default_line(parameter) {
            Some(attr) => self.follow(lower, || {
                evaluate_line(
                    self.snapshot,
                    &self.model.attributes[attr],
                    &ParamScope(self),
                )
            })?,
            None => Value::Undefined,
        };
        let required = self
            .model
            .attribute_in(parameter.section, "Required")
            .and_then(|attr| self.model.attributes[attr].literal_bool())
            .unwrap_or(false);
        if required && value == Value::Undefined {
            return Err(EvalError::new(
                ErrorKind::MissingParameter,
                format!("the required parameter `{}` has no value", parameter.name),
            ));
        }
        Ok(value)
    }

    /// Runs `evaluate` for the value of `key`, unless `key` is already being worked out (a
    /// cycle) or the chain of values waiting on each other is too long.
    fn follow(&self, key: &str, evaluate: impl FnOnce() -> Evaluated) -> Evaluated {
        if self.pending.borrow().iter().any(|pending| pending == key) {
            return Err(EvalError::new(
                ErrorKind::Cycle,
                format!("`{key}` depends on its own value"),
            ));
        }
        if self.pending.borrow().len() >= MAX_CHAIN {
            return Err(EvalError::new(
                ErrorKind::Unsupported,
                format!("more than {MAX_CHAIN} values depend on each other in a chain"),
            ));
        }
        self.pending.borrow_mut().push(key.to_owned());
        let value = evaluate();
        self.pending.borrow_mut().pop();
        value
    }

    fn deployed(&self, name: &str) -> Option<Evaluated> {
        self.deployed.contains(&name.to_ascii_lowercase()).then(|| {
            Err(EvalError::new(
                ErrorKind::DeployTime,
                format!("`{name}` is an environment or node reference, known after deployment"),
            ))
        })
    }
}

/// The names a parameter's default can read: other parameters and built-ins.
pub(crate) struct ParamScope<'c, 'a>(pub(crate) &'c Context<'a>);

impl Names for ParamScope<'_, '_> {
    fn value_of(&self, name: &str) -> Option<Evaluated> {
        self.0.parameter(name).or_else(|| self.0.deployed(name))
    }
}

/// The names a node's lines can read: parameters, built-ins, then the node's own effective
/// attributes (a ClassAd attribute reference).
pub(crate) struct NodeScope<'c, 'a> {
    pub(crate) context: &'c Context<'a>,
    pub(crate) node: NodeId,
}

impl NodeScope<'_, '_> {
    /// The value of one line of this node (or of a section it holds).
    pub(crate) fn line(&self, attr: AttrId) -> Evaluated {
        let context = self.context;
        context.follow(&format!("line {}", context.line_of(attr)), || {
            evaluate_line(context.snapshot, &context.model.attributes[attr], self)
        })
    }
}

impl Names for NodeScope<'_, '_> {
    fn value_of(&self, name: &str) -> Option<Evaluated> {
        let context = self.context;
        context
            .parameter(name)
            .or_else(|| context.deployed(name))
            .or_else(|| {
                let attr = context.model.nodes[self.node].get(name)?.attr;
                Some(self.line(attr))
            })
    }
}
