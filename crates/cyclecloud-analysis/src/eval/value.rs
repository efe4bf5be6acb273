//! What an expression evaluates to, and the error value for what cannot be evaluated here.

use std::fmt;

/// A value of the template expression language after evaluation.
#[derive(Clone, Debug, PartialEq)]
pub enum Value {
    /// `undefined`: CycleCloud treats an attribute with this value as not set.
    Undefined,
    /// `true` / `false`.
    Bool(bool),
    /// A whole number.
    Integer(i64),
    /// A number with a fraction.
    Real(f64),
    /// Text.
    String(String),
    /// `{a, b}` or a comma list.
    List(Vec<Value>),
    /// `[a = 1; b = 2]`, fields in the order written (names compare ignoring case).
    Record(Vec<(String, Value)>),
    /// A relative time such as `` `10m` ``, kept as written between the back-ticks.
    RelativeTime(String),
}

/// Why a value could not be evaluated; the evaluator never guesses instead.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ErrorKind {
    /// A name that is no parameter, `ClusterName` or attribute.
    UnknownName,
    /// A function the evaluator does not know.
    UnknownFunction,
    /// An operand or argument of the wrong type, or the wrong number of arguments.
    Type,
    /// The value does not parse (half-typed or damaged text).
    Syntax,
    /// A reference into an `[environment]` or `[noderef]`, known only after deployment.
    DeployTime,
    /// A Jinja placeholder that a generator fills in before CycleCloud reads the template.
    Placeholder,
    /// A required parameter with no value.
    MissingParameter,
    /// Names whose values depend on each other in a cycle.
    Cycle,
    /// Nesting beyond what the evaluator follows, or a meaning the sources leave open.
    Unsupported,
    /// The `error` literal or an operation ClassAd defines as an error (division by zero).
    Error,
}

impl ErrorKind {
    /// The stable name of the kind, as the JSON form of `render` shows it.
    pub fn code(self) -> &'static str {
        match self {
            ErrorKind::UnknownName => "unknown-name",
            ErrorKind::UnknownFunction => "unknown-function",
            ErrorKind::Type => "type",
            ErrorKind::Syntax => "syntax",
            ErrorKind::DeployTime => "deploy-time",
            ErrorKind::Placeholder => "placeholder",
            ErrorKind::MissingParameter => "missing-parameter",
            ErrorKind::Cycle => "cycle",
            ErrorKind::Unsupported => "unsupported",
            ErrorKind::Error => "error",
        }
    }
}

/// An expression that could not be evaluated, and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct EvalError {
    /// The kind of failure.
    pub kind: ErrorKind,
    /// A sentence for people.
    pub message: String,
}

impl EvalError {
    /// An error of `kind` with `message`.
    pub fn new(kind: ErrorKind, message: impl Into<String>) -> Self {
        EvalError {
            kind,
            message: message.into(),
        }
    }

    /// A wrong operand or argument.
    pub(crate) fn type_error(message: impl Into<String>) -> Self {
        Self::new(ErrorKind::Type, message)
    }
}

impl fmt::Display for EvalError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ({})", self.message, self.kind.code())
    }
}

/// The result of evaluating one expression or value.
pub type Evaluated = Result<Value, EvalError>;

impl Value {
    /// The name of the value's type, for messages.
    pub fn type_name(&self) -> &'static str {
        match self {
            Value::Undefined => "undefined",
            Value::Bool(_) => "boolean",
            Value::Integer(_) => "integer",
            Value::Real(_) => "real",
            Value::String(_) => "string",
            Value::List(_) => "list",
            Value::Record(_) => "record",
            Value::RelativeTime(_) => "relative time",
        }
    }

    /// A record's field (any case), `None` when absent or not a record.
    pub fn field(&self, name: &str) -> Option<&Value> {
        match self {
            Value::Record(fields) => fields
                .iter()
                .rev()
                .find(|(key, _)| key.eq_ignore_ascii_case(name))
                .map(|(_, value)| value),
            _ => None,
        }
    }

    /// The text a value becomes when written next to other text (`${n}-x`): strings as they
    /// are, numbers and booleans as written. Lists, records and `undefined` have no text form
    /// the sources document, so they are an error rather than a guess.
    pub fn to_text(&self) -> Result<String, EvalError> {
        match self {
            Value::String(text) | Value::RelativeTime(text) => Ok(text.clone()),
            Value::Integer(n) => Ok(n.to_string()),
            Value::Real(x) => Ok(real_text(*x)),
            Value::Bool(b) => Ok(b.to_string()),
            other => Err(EvalError::new(
                ErrorKind::Unsupported,
                format!(
                    "a {} written inside text has no documented form",
                    other.type_name()
                ),
            )),
        }
    }
}

/// A real number as text, always with a fraction or exponent so it reads back as a real.
fn real_text(x: f64) -> String {
    let text = x.to_string();
    if x.is_finite() && !text.contains(['.', 'e', 'E']) {
        format!("{text}.0")
    } else {
        text
    }
}

/// The value in the expression language's own notation (strings quoted, lists in braces,
/// records in brackets), for the text form of `render`.
impl fmt::Display for Value {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Value::Undefined => f.write_str("undefined"),
            Value::Bool(b) => write!(f, "{b}"),
            Value::Integer(n) => write!(f, "{n}"),
            Value::Real(x) => f.write_str(&real_text(*x)),
            Value::String(text) => write!(f, "{text:?}"),
            Value::RelativeTime(text) => write!(f, "`{text}`"),
            Value::List(items) => {
                f.write_str("{")?;
                for (index, item) in items.iter().enumerate() {
                    if index > 0 {
                        f.write_str(", ")?;
                    }
                    write!(f, "{item}")?;
                }
                f.write_str("}")
            }
            Value::Record(fields) => {
                f.write_str("[")?;
                for (index, (key, value)) in fields.iter().enumerate() {
                    if index > 0 {
                        f.write_str("; ")?;
                    }
                    write!(f, "{key} = {value}")?;
                }
                f.write_str("]")
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_forms_keep_numbers_readable_and_refuse_structures() {
        assert_eq!(Value::Integer(-3).to_text().unwrap(), "-3");
        assert_eq!(Value::Real(2.0).to_text().unwrap(), "2.0");
        assert_eq!(Value::Bool(true).to_text().unwrap(), "true");
        assert!(Value::List(vec![]).to_text().is_err());
        assert!(Value::Undefined.to_text().is_err());
        let record = Value::Record(vec![("A".into(), Value::List(vec![Value::Integer(1)]))]);
        assert_eq!(record.to_string(), "[A = {1}]");
        assert_eq!(
            record.field("a"),
            Some(&Value::List(vec![Value::Integer(1)]))
        );
        assert_eq!(Value::String("a\"b".into()).to_string(), r#""a\"b""#);
    }
}
