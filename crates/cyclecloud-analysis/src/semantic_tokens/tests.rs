//! Fixture tests: a template in, one line per token out (`text  type [modifiers]`).

use expect_test::{expect, Expect};

use super::*;

fn check(text: &str, expected: Expect) {
    let snapshot = Snapshot::parse(text);
    let model = crate::model::build(&snapshot);
    let tokens = semantic_tokens(&snapshot, &model);
    let mut out = String::new();
    for token in &tokens {
        let modifiers: Vec<&str> = TOKEN_MODIFIERS
            .iter()
            .enumerate()
            .filter(|(bit, _)| token.modifiers & (1 << bit) != 0)
            .map(|(_, name)| *name)
            .collect();
        out.push_str(&format!(
            "{:?} {} {}\n",
            &text[token.range.clone()],
            TOKEN_TYPES[token.token_type as usize],
            modifiers.join(",")
        ));
    }
    expected.assert_eq(&out);
}

#[test]
fn sections_keys_and_parameters() {
    check(
        "# about\n[cluster c]\nUseLowPrio = false\n[[node web]]\nJetpackPlatform = centos-7\nMachineType = $Size\nMachineTyp = 1\nAutoscale = TRUE\n[[[volume v]]]\n[parameters Basics]\n[[parameter Size]]\nLabel = \"VM size\"\n[blob x]\n",
        expect![[r##"
            "# about" comment 
            "cluster" type defaultLibrary
            "c" class declaration
            "UseLowPrio" property defaultLibrary
            "=" operator 
            "false" keyword 
            "node" type defaultLibrary
            "web" class declaration
            "JetpackPlatform" property deprecated,defaultLibrary
            "=" operator 
            "MachineType" property defaultLibrary
            "=" operator 
            "$Size" parameter 
            "MachineTyp" property 
            "=" operator 
            "1" number 
            "Autoscale" property 
            "=" operator 
            "TRUE" keyword 
            "volume" type defaultLibrary
            "v" class declaration
            "parameters" type defaultLibrary
            "Basics" namespace declaration
            "parameter" type defaultLibrary
            "Size" parameter declaration
            "Label" property defaultLibrary
            "=" operator 
            "\"VM size\"" string 
            "blob" type 
            "x" class declaration
        "##]],
    );
}

#[test]
fn expressions_functions_and_operators() {
    check(
        "[cluster c]\nA := size(Env.x) > 2 && !$Flag ? 'q' : undefined\nB = =Missing + 1\nC = '''one\ntwo'''\n{% if x %}\n[[[cluster-init proj:default:1.0.0]]]\n",
        expect![[r#"
            "cluster" type defaultLibrary
            "c" class declaration
            "A" property 
            ":=" operator 
            "size" function defaultLibrary
            "Env" variable 
            "x" property 
            ">" operator 
            "2" number 
            "&&" operator 
            "!" operator 
            "$Flag" variable 
            "?" operator 
            "'q'" string 
            ":" operator 
            "undefined" keyword 
            "B" property 
            "=" operator 
            "=" operator 
            "Missing" variable 
            "+" operator 
            "1" number 
            "C" property 
            "=" operator 
            "'''one\ntwo'''" string 
            "{% if x %}" macro 
            "cluster-init" type defaultLibrary
            "proj:default:1.0.0" namespace 
        "#]],
    );
}

#[test]
fn tokens_are_sorted_and_disjoint_on_broken_input() {
    for text in [
        "[[node $X",
        "A := f((",
        "'''\n",
        "[cluster c]\nA = \"x\n  := 1 + \n",
        "",
    ] {
        let snapshot = Snapshot::parse(text);
        let tokens = semantic_tokens(&snapshot, &crate::model::build(&snapshot));
        assert!(tokens
            .windows(2)
            .all(|pair| pair[0].range.end <= pair[1].range.start));
    }
}
