//! One test per construct of the language, evaluated from real template text.

use std::collections::HashMap;

use cyclecloud_syntax::Snapshot;

use super::*;
use crate::model::build;

/// Parameters by lower-case name; `Env` is an environment (known after deployment).
struct Params(HashMap<String, Value>);

impl Names for Params {
    fn value_of(&self, name: &str) -> Option<Evaluated> {
        if name.eq_ignore_ascii_case("env") {
            return Some(Err(EvalError::new(
                ErrorKind::DeployTime,
                "after deployment",
            )));
        }
        self.0.get(&name.to_ascii_lowercase()).cloned().map(Ok)
    }
}

fn params() -> Params {
    let s = |t: &str| Value::String(t.into());
    Params(HashMap::from([
        ("region".into(), s("westus2")),
        ("count".into(), Value::Integer(4)),
        ("autoscale".into(), Value::Bool(true)),
        ("nothing".into(), Value::Undefined),
        ("clustername".into(), s("demo7")),
        (
            "lookup".into(),
            Value::Record(vec![("ubuntu".into(), s("Canonical:ubuntu"))]),
        ),
        (
            "zones".into(),
            Value::List(vec![Value::Integer(1), Value::Integer(3)]),
        ),
    ]))
}

/// The value of `line` (`X = …` or `X := …`) in a one-line cluster.
fn eval(line: &str) -> Evaluated {
    let snapshot = Snapshot::parse(&format!("[cluster c]\n{line}\n"));
    let model = build(&snapshot);
    let attr = model.attributes.first().expect("one attribute line");
    evaluate_line(&snapshot, attr, &params())
}

fn ok(line: &str) -> Value {
    eval(line).unwrap_or_else(|error| panic!("{line}: {error}"))
}

fn kind(line: &str) -> ErrorKind {
    match eval(line) {
        Ok(value) => panic!("{line}: expected an error, got {value}"),
        Err(error) => error.kind,
    }
}

fn s(text: &str) -> Value {
    Value::String(text.into())
}

#[test]
fn loose_literals_are_typed() {
    assert_eq!(ok("X = 1"), Value::Integer(1));
    assert_eq!(ok("X = -1"), Value::Integer(-1));
    assert_eq!(ok("X = 1.5"), Value::Real(1.5));
    assert_eq!(ok("X = TRUE"), Value::Bool(true));
    assert_eq!(ok("X = Standard_D4s_v3"), s("Standard_D4s_v3"));
    assert_eq!(ok("X = Deployment Location"), s("Deployment Location"));
    assert_eq!(ok("X = \"2.10\""), s("2.10"));
    assert_eq!(ok("X = 'quoted'"), s("quoted"));
    assert_eq!(ok("X = 23.11.9-1"), s("23.11.9-1"));
    assert_eq!(ok("X = `10m`"), Value::RelativeTime("10m".into()));
    assert_eq!(ok("X = '''line\nnext $Region'''"), s("line\nnext $Region"));
}

#[test]
fn comma_lists_type_each_element() {
    assert_eq!(
        ok("X = a, 2, true"),
        Value::List(vec![s("a"), Value::Integer(2), Value::Bool(true)])
    );
    assert_eq!(
        ok("X = 1,3"),
        Value::List(vec![Value::Integer(1), Value::Integer(3)])
    );
}

#[test]
fn references_keep_native_types_alone_and_become_text_inside_text() {
    assert_eq!(ok("X = $Count"), Value::Integer(4));
    assert_eq!(ok("X = ${autoscale}"), Value::Bool(true));
    assert_eq!(
        ok("X = $Zones"),
        Value::List(vec![Value::Integer(1), Value::Integer(3)])
    );
    assert_eq!(ok("X = ${ClusterName}-00-resource"), s("demo7-00-resource"));
    assert_eq!(ok("X = 123$Count"), s("1234"));
    assert_eq!(
        ok("X = $Region, $Count"),
        Value::List(vec![s("westus2"), Value::Integer(4)])
    );
    assert_eq!(ok("X = $Nothing"), Value::Undefined);
    assert_eq!(kind("X = ${Nothing}-x"), ErrorKind::Unsupported);
    assert_eq!(kind("X = $Zones-x"), ErrorKind::Unsupported);
    assert_eq!(kind("X = $Missing"), ErrorKind::UnknownName);
}

#[test]
fn expression_literals() {
    assert_eq!(ok("X := undefined"), Value::Undefined);
    assert_eq!(ok("X = =undefined"), Value::Undefined);
    assert_eq!(ok("X := undefined()"), Value::Undefined);
    assert_eq!(
        ok("X := \"-Z --conf \\\"Feature=dyn\\\"\""),
        s("-Z --conf \"Feature=dyn\"")
    );
    assert_eq!(ok("X := {}"), Value::List(vec![]));
    assert_eq!(ok("X := []"), Value::Record(vec![]));
    assert_eq!(
        ok("X := {[Label=\"NFS\"; Value=\"nfs\"], [Label=\"Lustre\"; Value=\"lustre\";]}"),
        Value::List(vec![
            Value::Record(vec![("Label".into(), s("NFS")), ("Value".into(), s("nfs"))]),
            Value::Record(vec![
                ("Label".into(), s("Lustre")),
                ("Value".into(), s("lustre"))
            ]),
        ])
    );
    assert_eq!(kind("X := error"), ErrorKind::Error);
}

#[test]
fn arithmetic_comparison_and_logic() {
    assert_eq!(ok("X := Count * 2 + 1"), Value::Integer(9));
    assert_eq!(ok("X := (Count + 2) / 4"), Value::Integer(1));
    assert_eq!(ok("X := -Count"), Value::Integer(-4));
    assert_eq!(
        ok("X := Count >= 4 && Region == \"WestUS2\""),
        Value::Bool(true)
    );
    assert_eq!(ok("X := !Autoscale || Count < 2"), Value::Bool(false));
    assert_eq!(ok("X := Nothing === undefined"), Value::Bool(true));
    assert_eq!(ok("X := Nothing isnt undefined"), Value::Bool(false));
    assert_eq!(
        ok("X := Region in {\"eastus\", \"westus2\"}"),
        Value::Bool(true)
    );
    assert_eq!(ok("X := false && Missing"), Value::Bool(false));
    assert_eq!(kind("X := Count + \"a\""), ErrorKind::Type);
    assert_eq!(kind("X := Count / 0"), ErrorKind::Error);
}

#[test]
fn conditionals_evaluate_only_the_branch_taken() {
    assert_eq!(ok("X := Autoscale ? \"yes\" : Missing"), s("yes"));
    assert_eq!(
        ok("X := ifThenElse(Count > 8, Missing, $Region)"),
        s("westus2")
    );
    assert_eq!(ok("X := IfThenElse(Nothing, 1, 2)"), Value::Undefined);
    assert_eq!(ok("X = ${ifThenElse($Autoscale, \"a\", \"b\")}"), s("a"));
    assert_eq!(kind("X := ifThenElse(true, 1)"), ErrorKind::Type);
    assert_eq!(kind("X := ifThenElse(Region, 1, 2)"), ErrorKind::Type);
}

#[test]
fn functions_members_and_subscripts() {
    assert_eq!(ok("X := strjoin(\",\", {\"a\", Region})"), s("a,westus2"));
    assert_eq!(ok("X := substr(ClusterName, -1, 1)"), s("7"));
    assert_eq!(ok("X := ifUndefined(Nothing, Count)"), Value::Integer(4));
    assert_eq!(ok("X = ${Lookup[\"Ubuntu\"]}"), s("Canonical:ubuntu"));
    assert_eq!(ok("X := Lookup.ubuntu"), s("Canonical:ubuntu"));
    assert_eq!(ok("X := Lookup.other"), Value::Undefined);
    assert_eq!(ok("X := Zones[1]"), Value::Integer(3));
    assert_eq!(kind("X := Zones[5]"), ErrorKind::Error);
    assert_eq!(kind("X := frob(1)"), ErrorKind::UnknownFunction);
    assert_eq!(kind("X = ${env.Outputs.SubnetId}"), ErrorKind::DeployTime);
    assert_eq!(kind("X := Region.name"), ErrorKind::Type);
}

#[test]
fn broken_and_generated_values_are_errors_not_guesses() {
    assert_eq!(kind("X := (1 +"), ErrorKind::Syntax);
    assert_eq!(kind("X := \"open"), ErrorKind::Syntax);
    assert_eq!(kind("X = {{ queue.name }}"), ErrorKind::Placeholder);
    assert_eq!(kind("X ="), ErrorKind::Unsupported);
    let deep = format!("X := {}1{}", "(".repeat(5000), ")".repeat(5000));
    assert_eq!(kind(&deep), ErrorKind::Unsupported);
    let long = format!("X := 1{}", " + 1".repeat(5000));
    assert!(eval(&long).is_err());
}

#[test]
fn header_names_interpolate_parameters() {
    assert_eq!(
        interpolate("lsf:execute:$Count", &params()).unwrap(),
        "lsf:execute:4"
    );
    assert_eq!(interpolate("costs $ 5", &params()).unwrap(), "costs $ 5");
    assert_eq!(
        interpolate("a:$Missing", &params()).unwrap_err().kind,
        ErrorKind::UnknownName
    );
}

#[test]
fn argument_counts_come_from_the_catalog_and_cover_the_arguments_read() {
    // The evaluator reads this many arguments of each function after checking the count
    // against the catalog, so the catalog's minimum must be at least that.
    let read = [
        ("ifThenElse", 3),
        ("ifUndefined", 2),
        ("isUndefined", 1),
        ("isList", 1),
        ("size", 1),
        ("trim", 1),
        ("toLower", 1),
        ("toUpper", 1),
        ("startswith", 2),
        ("substr", 2),
        ("regexp", 2),
        ("regexps", 3),
    ];
    for (name, count) in read {
        let function = cyclecloud_catalog::catalog()
            .function(name)
            .unwrap_or_else(|| panic!("{name} is not in the catalog"));
        assert!(usize::from(function.min_args) >= count, "{name}");
    }
    assert_eq!(
        eval("X := ifThenElse(true, 1)").unwrap_err().message,
        "`ifThenElse` takes 3 arguments, not 2"
    );
    assert_eq!(
        eval("X := substr(\"abc\")").unwrap_err().message,
        "`substr` takes 2 to 3 arguments, not 1"
    );
}

proptest::proptest! {
    /// Any text after `=` or `:=` evaluates to a value or an error value, never a panic.
    #[test]
    fn arbitrary_values_never_panic(
        value in "[-+*/%!<>=&|?:,;(){}\\[\\]\"'`$._a-zA-Z0-9 ]{0,40}",
        strict in proptest::bool::ANY,
    ) {
        let line = if strict { format!("X := {value}") } else { format!("X = {value}") };
        // The text may not even read as an attribute line: evaluate whatever lines it made.
        let snapshot = Snapshot::parse(&format!("[cluster c]\n{line}\n"));
        let model = build(&snapshot);
        for attr in &model.attributes {
            let _ = evaluate_line(&snapshot, attr, &params());
        }
    }
}
