//! The functions of the expression language (spec §2.4) over evaluated arguments. Names are
//! case-insensitive; `ifThenElse` is lazy and lives in the evaluator.

use super::value::{ErrorKind, EvalError, Evaluated, Value};

/// Calls `name` (any case) with evaluated arguments.
pub(crate) fn call(name: &str, args: Vec<Value>) -> Evaluated {
    let lower = name.to_ascii_lowercase();
    match lower.as_str() {
        "undefined" => {
            arity(name, &args)?;
            Ok(Value::Undefined)
        }
        "ifundefined" => {
            arity(name, &args)?;
            let mut args = args.into_iter();
            let (value, fallback) = (args.next(), args.next());
            Ok(match value {
                Some(Value::Undefined) | None => fallback.unwrap_or(Value::Undefined),
                Some(value) => value,
            })
        }
        "isundefined" | "isstring" | "isinteger" | "isreal" | "isboolean" | "islist" => {
            arity(name, &args)?;
            Ok(Value::Bool(matches!(
                (lower.as_str(), &args[0]),
                ("isundefined", Value::Undefined)
                    | ("isstring", Value::String(_))
                    | ("isinteger", Value::Integer(_))
                    | ("isreal", Value::Real(_))
                    | ("isboolean", Value::Bool(_))
                    | ("islist", Value::List(_))
            )))
        }
        _ if args.contains(&Value::Undefined) => {
            // Every other function passes `undefined` on (ClassAd); check the name first.
            if KNOWN.contains(&lower.as_str()) {
                Ok(Value::Undefined)
            } else {
                Err(unknown(name))
            }
        }
        "size" => {
            arity(name, &args)?;
            match &args[0] {
                Value::String(text) => Ok(Value::Integer(text.chars().count() as i64)),
                Value::List(items) => Ok(Value::Integer(items.len() as i64)),
                other => Err(wrong(name, other)),
            }
        }
        "trim" | "tolower" | "toupper" => {
            arity(name, &args)?;
            let text = string(name, &args[0])?;
            Ok(Value::String(match lower.as_str() {
                "trim" => text.trim().to_owned(),
                "tolower" => text.to_lowercase(),
                _ => text.to_uppercase(),
            }))
        }
        "strcat" => {
            let mut joined = String::new();
            for arg in &args {
                joined.push_str(&arg.to_text()?);
            }
            Ok(Value::String(joined))
        }
        "strjoin" => strjoin(name, &args),
        "startswith" => {
            arity(name, &args)?;
            let (prefix, text) = (string(name, &args[0])?, string(name, &args[1])?);
            Ok(Value::Bool(text.starts_with(prefix)))
        }
        "substr" => substr(name, &args),
        "regexp" => {
            arity(name, &args)?;
            let regex = pattern(name, &args[0], args.get(2))?;
            Ok(Value::Bool(regex.is_match(string(name, &args[1])?)))
        }
        "regexps" => regexps(name, &args),
        "cluster" => Err(EvalError::new(
            ErrorKind::Unsupported,
            "`Cluster()` exists only in CycleServer queries",
        )),
        _ => Err(unknown(name)),
    }
}

/// The functions this module evaluates, in lower case (`ifThenElse` is the evaluator's).
const KNOWN: &[&str] = &[
    "size",
    "trim",
    "tolower",
    "toupper",
    "strcat",
    "strjoin",
    "startswith",
    "substr",
    "regexp",
    "regexps",
];

fn unknown(name: &str) -> EvalError {
    EvalError::new(
        ErrorKind::UnknownFunction,
        format!("the function `{name}` is not known"),
    )
}

/// Checks the argument count against the catalog's signature (the one source CC0111 reads too).
pub(crate) fn arity<T>(name: &str, args: &[T]) -> Result<(), EvalError> {
    match cyclecloud_catalog::catalog().function(name) {
        Some(function) if !function.accepts_arity(args.len()) => {
            Err(EvalError::type_error(format!(
                "`{name}` takes {}, not {}",
                function.arity_text(),
                args.len()
            )))
        }
        _ => Ok(()),
    }
}

fn wrong(name: &str, value: &Value) -> EvalError {
    EvalError::type_error(format!("`{name}` does not take a {}", value.type_name()))
}

fn string<'v>(name: &str, value: &'v Value) -> Result<&'v str, EvalError> {
    match value {
        Value::String(text) => Ok(text),
        other => Err(wrong(name, other)),
    }
}

fn integer(name: &str, value: &Value) -> Result<i64, EvalError> {
    match value {
        Value::Integer(n) => Ok(*n),
        other => Err(wrong(name, other)),
    }
}

/// `strjoin(separator, list)` or `strjoin(separator, s1, s2, …)`.
fn strjoin(name: &str, args: &[Value]) -> Evaluated {
    let Some((separator, rest)) = args.split_first() else {
        return Err(EvalError::type_error(format!("`{name}` needs a separator")));
    };
    let separator = string(name, separator)?;
    let items: &[Value] = match rest {
        [Value::List(items)] => items,
        items => items,
    };
    let texts = items
        .iter()
        .map(Value::to_text)
        .collect::<Result<Vec<_>, _>>()?;
    Ok(Value::String(texts.join(separator)))
}

/// ClassAd's `substr(text, offset [, length])`: a negative offset counts from the end, a
/// negative length stops that many characters before the end.
fn substr(name: &str, args: &[Value]) -> Evaluated {
    arity(name, args)?;
    let chars: Vec<char> = string(name, &args[0])?.chars().collect();
    let len = chars.len() as i64;
    let offset = integer(name, &args[1])?;
    let start = if offset < 0 { len + offset } else { offset }.clamp(0, len);
    let end = match args.get(2) {
        None => len,
        Some(length) => {
            let length = integer(name, length)?;
            if length < 0 {
                len + length
            } else {
                start.saturating_add(length)
            }
        }
    }
    .clamp(start, len);
    Ok(Value::String(
        chars[start as usize..end as usize].iter().collect(),
    ))
}

/// A regular expression with ClassAd's option letters (`i`, `m`, `s`, `x`). Java patterns
/// the `regex` crate does not support (look-around, back-references) are reported, not guessed.
fn pattern(
    name: &str,
    pattern: &Value,
    options: Option<&Value>,
) -> Result<regex::Regex, EvalError> {
    let pattern = string(name, pattern)?;
    let mut builder = regex::RegexBuilder::new(pattern);
    if let Some(options) = options {
        for letter in string(name, options)?.chars() {
            match letter.to_ascii_lowercase() {
                'i' => builder.case_insensitive(true),
                'm' => builder.multi_line(true),
                's' => builder.dot_matches_new_line(true),
                'x' => builder.ignore_whitespace(true),
                other => {
                    return Err(EvalError::new(
                        ErrorKind::Unsupported,
                        format!("the regular expression option `{other}` is not supported"),
                    ))
                }
            };
        }
    }
    builder.size_limit(1 << 20).build().map_err(|error| {
        EvalError::new(
            ErrorKind::Unsupported,
            format!("the pattern cannot be evaluated here: {error}"),
        )
    })
}

/// `regexps(pattern, target, substitution [, options])`. ClassAd returns the substitution with
/// `\0`…`\9` filled from the match; whether CycleCloud also keeps unmatched text around it is
/// not documented, so only a match of the whole target (where both readings agree) is evaluated.
fn regexps(name: &str, args: &[Value]) -> Evaluated {
    arity(name, args)?;
    let regex = pattern(name, &args[0], args.get(3))?;
    let target = string(name, &args[1])?;
    let substitution = string(name, &args[2])?;
    let whole = regex.captures(target).filter(|captures| {
        captures
            .get(0)
            .is_some_and(|m| m.range() == (0..target.len()))
    });
    let Some(captures) = whole else {
        return Err(EvalError::new(
            ErrorKind::Unsupported,
            "`regexps` whose pattern does not match the whole target has no documented result",
        ));
    };
    let mut out = String::new();
    let mut chars = substitution.chars().peekable();
    while let Some(c) = chars.next() {
        match (c, chars.peek().and_then(|d| d.to_digit(10))) {
            ('\\', Some(group)) => {
                chars.next();
                out.push_str(captures.get(group as usize).map_or("", |m| m.as_str()));
            }
            _ => out.push(c),
        }
    }
    Ok(Value::String(out))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn s(text: &str) -> Value {
        Value::String(text.into())
    }

    fn i(n: i64) -> Value {
        Value::Integer(n)
    }

    #[test]
    fn string_functions() {
        assert_eq!(call("size", vec![s("héllo")]), Ok(i(5)));
        assert_eq!(call("Size", vec![Value::List(vec![i(1), i(2)])]), Ok(i(2)));
        assert_eq!(call("trim", vec![s("  a b ")]), Ok(s("a b")));
        assert_eq!(call("toLower", vec![s("AbC")]), Ok(s("abc")));
        assert_eq!(
            call("strcat", vec![s("a"), i(1), Value::Bool(true)]),
            Ok(s("a1true"))
        );
        assert_eq!(
            call("StrJoin", vec![s(","), Value::List(vec![s("a"), s("b")])]),
            Ok(s("a,b"))
        );
        assert_eq!(call("strjoin", vec![s("-"), s("a"), s("b")]), Ok(s("a-b")));
        assert_eq!(
            call(
                "startswith",
                vec![s("cycle.image.win"), s("cycle.image.win2019")]
            ),
            Ok(Value::Bool(true))
        );
        assert_eq!(
            call("startswith", vec![s("x"), s("cycle")]),
            Ok(Value::Bool(false))
        );
    }

    #[test]
    fn substr_follows_classad() {
        assert_eq!(call("substr", vec![s("cluster7"), i(-1), i(1)]), Ok(s("7")));
        assert_eq!(call("substr", vec![s("abcdef"), i(2)]), Ok(s("cdef")));
        assert_eq!(call("substr", vec![s("abcdef"), i(1), i(-2)]), Ok(s("bcd")));
        assert_eq!(call("substr", vec![s("abc"), i(10), i(2)]), Ok(s("")));
        assert_eq!(
            call("substr", vec![s("abc"), i(1), i(i64::MAX)]),
            Ok(s("bc"))
        );
        assert_eq!(
            call("substr", vec![i(1), i(0)]).unwrap_err().kind,
            ErrorKind::Type
        );
    }

    #[test]
    fn regular_expressions() {
        assert_eq!(
            call("regexp", vec![s("^Standard_N"), s("Standard_NC6")]),
            Ok(Value::Bool(true))
        );
        assert_eq!(
            call("regexp", vec![s("^standard_n"), s("Standard_NC6"), s("i")]),
            Ok(Value::Bool(true))
        );
        assert_eq!(
            call("regexp", vec![s("^x"), s("y")]),
            Ok(Value::Bool(false))
        );
        assert_eq!(
            call("regexps", vec![s("([^:]+):(.*)"), s("a:b"), s("\\2-\\1")]),
            Ok(s("b-a"))
        );
        assert_eq!(
            call("regexps", vec![s("a"), s("xay"), s("b")])
                .unwrap_err()
                .kind,
            ErrorKind::Unsupported
        );
        assert_eq!(
            call("regexp", vec![s("(?<=a)b"), s("ab")])
                .unwrap_err()
                .kind,
            ErrorKind::Unsupported
        );
    }

    #[test]
    fn undefined_and_errors() {
        assert_eq!(call("ifUndefined", vec![Value::Undefined, i(2)]), Ok(i(2)));
        assert_eq!(call("ifUndefined", vec![i(1), i(2)]), Ok(i(1)));
        assert_eq!(call("trim", vec![Value::Undefined]), Ok(Value::Undefined));
        assert_eq!(
            call("isUndefined", vec![Value::Undefined]),
            Ok(Value::Bool(true))
        );
        assert_eq!(call("undefined", vec![]), Ok(Value::Undefined));
        assert_eq!(
            call("frobnicate", vec![]).unwrap_err().kind,
            ErrorKind::UnknownFunction
        );
        assert_eq!(
            call("frobnicate", vec![Value::Undefined]).unwrap_err().kind,
            ErrorKind::UnknownFunction
        );
        assert_eq!(call("trim", vec![]).unwrap_err().kind, ErrorKind::Type);
        assert_eq!(
            call("Cluster", vec![]).unwrap_err().kind,
            ErrorKind::Unsupported
        );
    }
}
