//! Evaluation over the syntax tree: the value of an attribute (`=` loose values and `:=`
//! expressions share one walk, since their node kinds do not overlap) in the scope of
//! [`Names`].

use cyclecloud_syntax::{kinds, Node, Snapshot};

use super::functions;
use super::operators;
use super::value::{ErrorKind, EvalError, Evaluated, Value};
use super::Names;

/// How deep an expression may nest before the evaluator stops (a bound on its recursion, so a
/// pathological value cannot overflow the stack; real values nest a few levels).
pub(crate) const MAX_DEPTH: usize = 128;

pub(crate) struct Evaluator<'a> {
    pub(crate) snapshot: &'a Snapshot,
    pub(crate) names: &'a dyn Names,
    pub(crate) depth: usize,
}

impl Evaluator<'_> {
    pub(crate) fn eval(&mut self, node: Node<'_>) -> Evaluated {
        if self.depth >= MAX_DEPTH {
            return Err(EvalError::new(
                ErrorKind::Unsupported,
                format!("the expression nests deeper than {MAX_DEPTH} levels"),
            ));
        }
        self.depth += 1;
        let result = self.eval_node(node);
        self.depth -= 1;
        result
    }

    fn text(&self, node: Node<'_>) -> String {
        self.snapshot.text_of(node).into_owned()
    }

    fn field<'t>(&self, node: Node<'t>, name: &str) -> Result<Node<'t>, EvalError> {
        node.child_by_field_name(name).ok_or_else(incomplete)
    }

    fn lookup(&self, name: &str) -> Evaluated {
        self.names.value_of(name).unwrap_or_else(|| {
            Err(EvalError::new(
                ErrorKind::UnknownName,
                format!("`{name}` is no parameter, attribute or built-in name"),
            ))
        })
    }

    fn eval_node(&mut self, node: Node<'_>) -> Evaluated {
        if node.is_error() || node.is_missing() {
            return Err(incomplete());
        }
        match node.kind() {
            kinds::TEXT => Ok(Value::String(self.text(node))),
            kinds::NUMBER => number(&self.text(node)),
            kinds::BOOLEAN => Ok(Value::Bool(self.text(node).eq_ignore_ascii_case("true"))),
            kinds::STRING => unescape(&self.text(node)).map(Value::String),
            kinds::RAW_STRING => Ok(Value::String(strip(&self.text(node), "'")?)),
            kinds::RELATIVE_TIME => Ok(Value::RelativeTime(strip(&self.text(node), "`")?)),
            kinds::TRIPLE_STRING => {
                let text = self.text(node);
                let delimiter = if text.starts_with("\"\"\"") {
                    "\"\"\""
                } else {
                    "'''"
                };
                Ok(Value::String(strip(&text, delimiter)?))
            }
            kinds::PARAMETER_REFERENCE => {
                let text = self.text(node);
                self.lookup(text.trim_start_matches('$'))
            }
            kinds::IDENTIFIER => self.lookup(&self.text(node)),
            kinds::QUOTED_NAME => self.lookup(&strip(&self.text(node), "'")?),
            kinds::UNDEFINED => {
                if self.text(node).eq_ignore_ascii_case("error") {
                    Err(EvalError::new(ErrorKind::Error, "the value is `error`"))
                } else {
                    Ok(Value::Undefined)
                }
            }
            kinds::INTERPOLATION => {
                let expression = self.field(node, kinds::field::EXPRESSION)?;
                self.eval(expression)
            }
            kinds::LEGACY_EXPRESSION | kinds::PARENTHESIZED_EXPRESSION => {
                let inner = node.named_child(0).ok_or_else(incomplete)?;
                self.eval(inner)
            }
            kinds::VALUE_LIST | kinds::LIST => self
                .named_children(node)
                .into_iter()
                .map(|element| self.eval(element))
                .collect::<Result<Vec<_>, _>>()
                .map(Value::List),
            kinds::CONCATENATION => self.concatenation(node),
            kinds::RECORD => self.record(node),
            kinds::UNARY_EXPRESSION => {
                let operator = self.text(self.field(node, "operator")?);
                let operand = self.eval(self.field(node, "operand")?)?;
                operators::unary(&operator, operand)
            }
            kinds::BINARY_EXPRESSION => self.binary(node),
            kinds::CONDITIONAL_EXPRESSION => {
                let condition = self.eval(self.field(node, "condition")?)?;
                self.choose(condition, node, "consequence", "alternative")
            }
            kinds::CALL_EXPRESSION => self.call(node),
            kinds::MEMBER_EXPRESSION => {
                let object = self.eval(self.field(node, kinds::field::OBJECT)?)?;
                let member = self.field(node, kinds::field::MEMBER)?;
                let name = match member.kind() {
                    kinds::QUOTED_NAME => strip(&self.text(member), "'")?,
                    _ => self.text(member),
                };
                field_of(object, &name)
            }
            kinds::SUBSCRIPT_EXPRESSION => {
                let object = self.eval(self.field(node, kinds::field::OBJECT)?)?;
                let index = self.eval(self.field(node, "index")?)?;
                subscript(object, index)
            }
            other => Err(EvalError::new(
                ErrorKind::Syntax,
                format!("a `{other}` is not a value"),
            )),
        }
    }

    fn named_children<'t>(&self, node: Node<'t>) -> Vec<Node<'t>> {
        cyclecloud_syntax::ast::named_children(node)
    }

    /// Loose segments written together: text as written, references as text.
    fn concatenation(&mut self, node: Node<'_>) -> Evaluated {
        let mut joined = String::new();
        for segment in self.named_children(node) {
            match segment.kind() {
                kinds::TEXT | kinds::NUMBER | kinds::BOOLEAN => {
                    joined.push_str(&self.text(segment))
                }
                _ => joined.push_str(&self.eval(segment)?.to_text()?),
            }
        }
        Ok(Value::String(joined))
    }

    fn record(&mut self, node: Node<'_>) -> Evaluated {
        let mut fields = Vec::new();
        for field in self.named_children(node) {
            let name = self.field(field, kinds::field::NAME)?;
            let name = match name.kind() {
                kinds::STRING => unescape(&self.text(name))?,
                _ => self.text(name),
            };
            let value = self.eval(self.field(field, kinds::field::VALUE)?)?;
            fields.push((name, value));
        }
        Ok(Value::Record(fields))
    }

    fn binary(&mut self, node: Node<'_>) -> Evaluated {
        let operator = self.text(self.field(node, "operator")?);
        let left = self.eval(self.field(node, "left")?)?;
        if operator == "&&" || operator == "||" {
            let and = operator == "&&";
            if let Some(settled) = operators::logic_short_circuit(and, &left)? {
                return Ok(settled);
            }
            let right = self.eval(self.field(node, "right")?)?;
            return operators::logic(and, &left, &right);
        }
        let right = self.eval(self.field(node, "right")?)?;
        operators::binary(&operator, left, right)
    }

    /// `?:` and `ifThenElse`: only the branch taken is evaluated.
    fn choose(&mut self, condition: Value, node: Node<'_>, yes: &str, no: &str) -> Evaluated {
        match condition {
            Value::Bool(true) => self.eval(self.field(node, yes)?),
            Value::Bool(false) => self.eval(self.field(node, no)?),
            Value::Undefined => Ok(Value::Undefined),
            other => Err(EvalError::type_error(format!(
                "a condition must be a boolean, not a {}",
                other.type_name()
            ))),
        }
    }

    fn call(&mut self, node: Node<'_>) -> Evaluated {
        let function = self.field(node, kinds::field::FUNCTION)?;
        if function.kind() != kinds::IDENTIFIER && function.kind() != kinds::UNDEFINED {
            return Err(EvalError::new(
                ErrorKind::Unsupported,
                "only a named function can be called",
            ));
        }
        let name = self.text(function);
        let arguments = self.field(node, kinds::field::ARGUMENTS)?;
        let arguments = self.named_children(arguments);
        if name.eq_ignore_ascii_case("ifThenElse") {
            functions::arity(&name, &arguments)?;
            let [condition, yes, no] = arguments[..] else {
                return Err(EvalError::type_error(format!(
                    "`{name}` takes 3 arguments, not {}",
                    arguments.len()
                )));
            };
            let condition = self.eval(condition)?;
            return match condition {
                Value::Bool(true) => self.eval(yes),
                Value::Bool(false) => self.eval(no),
                Value::Undefined => Ok(Value::Undefined),
                other => Err(EvalError::type_error(format!(
                    "a condition must be a boolean, not a {}",
                    other.type_name()
                ))),
            };
        }
        let values = arguments
            .into_iter()
            .map(|argument| self.eval(argument))
            .collect::<Result<Vec<_>, _>>()?;
        functions::call(&name, values)
    }
}

fn incomplete() -> EvalError {
    EvalError::new(ErrorKind::Syntax, "the value does not parse")
}

fn number(text: &str) -> Evaluated {
    if !text.contains(['.', 'e', 'E']) {
        if let Ok(n) = text.parse::<i64>() {
            return Ok(Value::Integer(n));
        }
        return Err(EvalError::new(
            ErrorKind::Unsupported,
            format!("{text} does not fit a 64-bit integer"),
        ));
    }
    text.parse::<f64>()
        .ok()
        .filter(|x| x.is_finite())
        .map(Value::Real)
        .ok_or_else(|| EvalError::new(ErrorKind::Syntax, format!("{text} is no number")))
}

/// `text` without its opening and closing `delimiter`; an unclosed one does not parse.
fn strip(text: &str, delimiter: &str) -> Result<String, EvalError> {
    text.strip_prefix(delimiter)
        .and_then(|rest| rest.strip_suffix(delimiter))
        .map(str::to_owned)
        .ok_or_else(|| EvalError::new(ErrorKind::Syntax, "the quoted value is not closed"))
}

/// A double-quoted string's content: `\"` and `\\` unescaped, `\n` and `\t` as ClassAd reads
/// them, any other backslash kept as written.
fn unescape(text: &str) -> Result<String, EvalError> {
    let inner = strip(text, "\"")
        .ok()
        .filter(|_| text.len() >= 2)
        .ok_or_else(|| EvalError::new(ErrorKind::Syntax, "the string is not closed"))?;
    let mut out = String::with_capacity(inner.len());
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        if c != '\\' {
            out.push(c);
            continue;
        }
        match chars.next() {
            Some('n') => out.push('\n'),
            Some('t') => out.push('\t'),
            Some(escaped @ ('"' | '\\')) => out.push(escaped),
            Some(other) => {
                out.push('\\');
                out.push(other);
            }
            None => out.push('\\'),
        }
    }
    Ok(out)
}

/// `object.name`: a record's field (`undefined` when absent, as ClassAd).
fn field_of(object: Value, name: &str) -> Evaluated {
    match object {
        Value::Undefined => Ok(Value::Undefined),
        Value::Record(_) => Ok(object.field(name).cloned().unwrap_or(Value::Undefined)),
        other => Err(EvalError::type_error(format!(
            "`.{name}` needs a record, not a {}",
            other.type_name()
        ))),
    }
}

/// `record["key"]` or `list[index]`.
fn subscript(object: Value, index: Value) -> Evaluated {
    match (&object, &index) {
        (Value::Undefined, _) | (_, Value::Undefined) => Ok(Value::Undefined),
        (Value::Record(_), Value::String(key)) => {
            Ok(object.field(key).cloned().unwrap_or(Value::Undefined))
        }
        (Value::List(items), Value::Integer(n)) => usize::try_from(*n)
            .ok()
            .and_then(|n| items.get(n).cloned())
            .ok_or_else(|| EvalError::new(ErrorKind::Error, format!("no element {n} in the list"))),
        _ => Err(EvalError::type_error(format!(
            "a {} cannot be indexed by a {}",
            object.type_name(),
            index.type_name()
        ))),
    }
}
