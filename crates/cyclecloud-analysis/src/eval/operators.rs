//! Operators on evaluated values, with ClassAd's rules for `undefined`: arithmetic, comparison
//! and `==` pass it on, `is`/`===` never do, `&&`/`||` decide when one side settles it.

use std::cmp::Ordering;

use super::value::{ErrorKind, EvalError, Evaluated, Value};

/// `-x`, `+x`, `!x`.
pub(crate) fn unary(operator: &str, operand: Value) -> Evaluated {
    match (operator, operand) {
        (_, Value::Undefined) => Ok(Value::Undefined),
        ("!", Value::Bool(b)) => Ok(Value::Bool(!b)),
        ("-", Value::Integer(n)) => n
            .checked_neg()
            .map(Value::Integer)
            .ok_or_else(|| overflow("-")),
        ("-", Value::Real(x)) => Ok(Value::Real(-x)),
        ("+", value @ (Value::Integer(_) | Value::Real(_))) => Ok(value),
        (operator, operand) => Err(EvalError::type_error(format!(
            "`{operator}` does not apply to a {}",
            operand.type_name()
        ))),
    }
}

/// A binary operator other than `&&`, `||` (which the evaluator short-circuits).
pub(crate) fn binary(operator: &str, left: Value, right: Value) -> Evaluated {
    let operator = operator.to_ascii_lowercase();
    match operator.as_str() {
        "is" | "===" | "=?=" => Ok(Value::Bool(identical(&left, &right))),
        "isnt" | "!==" | "=!=" => Ok(Value::Bool(!identical(&left, &right))),
        _ if left == Value::Undefined || right == Value::Undefined => Ok(Value::Undefined),
        "==" => equal(&left, &right).map(Value::Bool),
        "!=" => equal(&left, &right).map(|same| Value::Bool(!same)),
        "<" | "<=" | ">" | ">=" => {
            let ordering = compare(&left, &right, &operator)?;
            Ok(Value::Bool(match operator.as_str() {
                "<" => ordering == Ordering::Less,
                "<=" => ordering != Ordering::Greater,
                ">" => ordering == Ordering::Greater,
                _ => ordering != Ordering::Less,
            }))
        }
        "in" => member(&left, &right).map(Value::Bool),
        "+" | "-" | "*" | "/" | "%" => arithmetic(&operator, &left, &right),
        other => Err(EvalError::new(
            ErrorKind::Unsupported,
            format!("the operator `{other}` is not known"),
        )),
    }
}

/// The two-valued logic of `&&` (`and` true) or `||` once the left side is known: `Some` when
/// the left side settles the result without the right.
pub(crate) fn logic_short_circuit(and: bool, left: &Value) -> Result<Option<Value>, EvalError> {
    match left {
        Value::Bool(b) if *b != and => Ok(Some(Value::Bool(*b))),
        Value::Bool(_) | Value::Undefined => Ok(None),
        other => Err(logic_type(and, other)),
    }
}

/// `&&` or `||` with both sides known (the left did not settle it).
pub(crate) fn logic(and: bool, left: &Value, right: &Value) -> Evaluated {
    match (left, right) {
        (_, Value::Bool(b)) if *b != and => Ok(Value::Bool(*b)),
        (Value::Undefined, Value::Bool(_) | Value::Undefined)
        | (Value::Bool(_), Value::Undefined) => Ok(Value::Undefined),
        (Value::Bool(_), Value::Bool(b)) => Ok(Value::Bool(*b)),
        (_, other) => Err(logic_type(and, other)),
    }
}

fn logic_type(and: bool, value: &Value) -> EvalError {
    let operator = if and { "&&" } else { "||" };
    EvalError::type_error(format!(
        "`{operator}` needs booleans, not a {}",
        value.type_name()
    ))
}

/// `is`/`===`: same type and value, strings compared with case.
fn identical(left: &Value, right: &Value) -> bool {
    left == right
}

/// `==`: numbers by value, strings ignoring case (ClassAd), booleans; other pairs are errors.
pub(crate) fn equal(left: &Value, right: &Value) -> Result<bool, EvalError> {
    match (left, right) {
        (Value::String(a), Value::String(b)) => Ok(a.eq_ignore_ascii_case(b)),
        (Value::Bool(a), Value::Bool(b)) => Ok(a == b),
        _ => match (number(left), number(right)) {
            (Some(a), Some(b)) => Ok(a == b),
            _ => Err(EvalError::type_error(format!(
                "`==` cannot compare a {} with a {}",
                left.type_name(),
                right.type_name()
            ))),
        },
    }
}

fn compare(left: &Value, right: &Value, operator: &str) -> Result<Ordering, EvalError> {
    match (left, right) {
        (Value::String(a), Value::String(b)) => {
            Ok(a.to_ascii_lowercase().cmp(&b.to_ascii_lowercase()))
        }
        _ => match (number(left), number(right)) {
            (Some(a), Some(b)) => a.partial_cmp(&b).ok_or_else(|| {
                EvalError::new(
                    ErrorKind::Error,
                    "a comparison with a number that is not one",
                )
            }),
            _ => Err(EvalError::type_error(format!(
                "`{operator}` cannot compare a {} with a {}",
                left.type_name(),
                right.type_name()
            ))),
        },
    }
}

/// `x in {list}`: whether an element equals `x` as `==` says (other types never match).
fn member(item: &Value, list: &Value) -> Result<bool, EvalError> {
    let Value::List(items) = list else {
        return Err(EvalError::type_error(format!(
            "the right side of `in` must be a list, not a {}",
            list.type_name()
        )));
    };
    Ok(items
        .iter()
        .any(|element| equal(item, element).unwrap_or(false)))
}

fn number(value: &Value) -> Option<f64> {
    match value {
        Value::Integer(n) => Some(*n as f64),
        Value::Real(x) => Some(*x),
        _ => None,
    }
}

fn arithmetic(operator: &str, left: &Value, right: &Value) -> Evaluated {
    match (left, right) {
        (Value::Integer(a), Value::Integer(b)) => {
            let (a, b) = (*a, *b);
            if matches!(operator, "/" | "%") && b == 0 {
                return Err(EvalError::new(ErrorKind::Error, "division by zero"));
            }
            let result = match operator {
                "+" => a.checked_add(b),
                "-" => a.checked_sub(b),
                "*" => a.checked_mul(b),
                "/" => a.checked_div(b),
                _ => a.checked_rem(b),
            };
            result.map(Value::Integer).ok_or_else(|| overflow(operator))
        }
        _ => match (number(left), number(right)) {
            (Some(a), Some(b)) => {
                if matches!(operator, "/" | "%") && b == 0.0 {
                    return Err(EvalError::new(ErrorKind::Error, "division by zero"));
                }
                Ok(Value::Real(match operator {
                    "+" => a + b,
                    "-" => a - b,
                    "*" => a * b,
                    "/" => a / b,
                    _ => a % b,
                }))
            }
            _ => Err(EvalError::type_error(format!(
                "`{operator}` needs numbers, not a {} and a {}",
                left.type_name(),
                right.type_name()
            ))),
        },
    }
}

fn overflow(operator: &str) -> EvalError {
    EvalError::new(
        ErrorKind::Error,
        format!("`{operator}` overflows a 64-bit integer"),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> Value {
        Value::String(text.into())
    }

    #[test]
    fn arithmetic_keeps_integers_and_reports_division_by_zero() {
        assert_eq!(
            binary("/", Value::Integer(7), Value::Integer(2)),
            Ok(Value::Integer(3))
        );
        assert_eq!(
            binary("*", Value::Integer(2), Value::Real(1.5)),
            Ok(Value::Real(3.0))
        );
        assert_eq!(
            binary("%", Value::Integer(7), Value::Integer(4)),
            Ok(Value::Integer(3))
        );
        assert_eq!(
            binary("/", Value::Integer(1), Value::Integer(0))
                .unwrap_err()
                .kind,
            ErrorKind::Error
        );
        assert_eq!(
            binary("+", s("a"), s("b")).unwrap_err().kind,
            ErrorKind::Type
        );
        assert_eq!(
            binary("+", Value::Integer(i64::MAX), Value::Integer(1))
                .unwrap_err()
                .kind,
            ErrorKind::Error
        );
        assert_eq!(
            binary("-", Value::Undefined, Value::Integer(1)),
            Ok(Value::Undefined)
        );
    }

    #[test]
    fn equality_ignores_case_but_identity_does_not() {
        assert_eq!(
            binary("==", s("Lustre"), s("lustre")),
            Ok(Value::Bool(true))
        );
        assert_eq!(
            binary("===", s("Lustre"), s("lustre")),
            Ok(Value::Bool(false))
        );
        assert_eq!(
            binary("IS", Value::Undefined, Value::Undefined),
            Ok(Value::Bool(true))
        );
        assert_eq!(
            binary("!==", s("x"), Value::Undefined),
            Ok(Value::Bool(true))
        );
        assert_eq!(binary("==", s("x"), Value::Undefined), Ok(Value::Undefined));
        assert_eq!(
            binary("==", Value::Integer(1), Value::Real(1.0)),
            Ok(Value::Bool(true))
        );
        assert_eq!(
            binary("==", s("1"), Value::Integer(1)).unwrap_err().kind,
            ErrorKind::Type
        );
        assert_eq!(binary(">=", s("23.02"), s("20")), Ok(Value::Bool(true)));
        assert_eq!(
            binary("<", Value::Integer(2), Value::Real(2.5)),
            Ok(Value::Bool(true))
        );
    }

    #[test]
    fn membership_and_logic_follow_classad() {
        let list = Value::List(vec![s("almalinux8"), s("cycle.image.ubuntu22")]);
        assert_eq!(
            binary("in", s("AlmaLinux8"), list.clone()),
            Ok(Value::Bool(true))
        );
        assert_eq!(binary("in", s("x"), list), Ok(Value::Bool(false)));
        assert_eq!(
            binary("in", s("x"), s("x")).unwrap_err().kind,
            ErrorKind::Type
        );
        assert_eq!(
            logic_short_circuit(true, &Value::Bool(false)),
            Ok(Some(Value::Bool(false)))
        );
        assert_eq!(
            logic_short_circuit(false, &Value::Bool(true)),
            Ok(Some(Value::Bool(true)))
        );
        assert_eq!(
            logic(true, &Value::Undefined, &Value::Bool(false)),
            Ok(Value::Bool(false))
        );
        assert_eq!(
            logic(true, &Value::Undefined, &Value::Bool(true)),
            Ok(Value::Undefined)
        );
        assert_eq!(
            logic(false, &Value::Bool(false), &Value::Bool(true)),
            Ok(Value::Bool(true))
        );
        assert!(logic(true, &Value::Bool(true), &s("x")).is_err());
        assert_eq!(unary("!", Value::Undefined), Ok(Value::Undefined));
        assert_eq!(unary("-", Value::Integer(3)), Ok(Value::Integer(-3)));
        assert!(unary("!", s("x")).is_err());
    }
}
