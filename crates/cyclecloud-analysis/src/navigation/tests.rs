//! Fixture tests: a small template with a cursor (`¦`) in, the places found drawn under the
//! lines (`===` a declaration, `^^^` a use) out.

use std::ops::Range;

use cyclecloud_syntax::Snapshot;
use expect_test::{expect, Expect};

use super::*;
use crate::model::build;

const CURSOR: char = '¦';

/// The text without the cursor, the cursor's offset, and the model.
fn parse(fixture: &str) -> (String, usize, Model) {
    let fixture = fixture.trim_start_matches('\n');
    let offset = fixture.find(CURSOR).unwrap_or(0);
    let text = fixture.replacen(CURSOR, "", 1);
    let model = build(&Snapshot::parse(&text));
    (text, offset, model)
}

/// Draws `marker` under each range, one marker line per text line that has any.
fn draw(text: &str, ranges: &[(Range<usize>, char)]) -> String {
    let mut out = String::new();
    let mut line_start = 0;
    for line in text.split_inclusive('\n') {
        let content = line.trim_end_matches(['\n', '\r']);
        let line_end = line_start + content.len();
        out.push_str(content);
        out.push('\n');
        let mut marks: Vec<char> = Vec::new();
        for (range, marker) in ranges {
            if range.start >= line_start && range.start <= line_end {
                let from = content[..range.start - line_start].chars().count();
                let to = content[..range.end.min(line_end) - line_start]
                    .chars()
                    .count();
                if marks.len() < to.max(from + 1) {
                    marks.resize(to.max(from + 1), ' ');
                }
                for mark in &mut marks[from..to.max(from + 1)] {
                    *mark = *marker;
                }
            }
        }
        if !marks.is_empty() {
            out.push_str(marks.iter().collect::<String>().trim_end());
            out.push('\n');
        }
        line_start += line.len();
    }
    out
}

fn occurrences(text: &str, found: &[Occurrence]) -> String {
    let ranges: Vec<(Range<usize>, char)> = found
        .iter()
        .map(|o| (o.range.clone(), if o.is_declaration { '=' } else { '^' }))
        .collect();
    draw(text, &ranges)
}

fn check_references(fixture: &str, expect: Expect) {
    let (text, offset, model) = parse(fixture);
    expect.assert_eq(&occurrences(&text, &references(&model, offset, true)));
}

fn check_definition(fixture: &str, expect: Expect) {
    let (text, offset, model) = parse(fixture);
    let out = match definition(&model, offset) {
        Some(Definition::Local(ranges)) => {
            let ranges: Vec<_> = ranges.into_iter().map(|r| (r, '=')).collect();
            draw(&text, &ranges)
        }
        Some(Definition::Spec(spec)) => format!("{spec:?}\n"),
        None => "no definition\n".to_owned(),
    };
    expect.assert_eq(&out);
}

fn check_rename(fixture: &str, new_name: &str, expect: Expect) {
    let (text, offset, model) = parse(fixture);
    let out = match rename(&model, offset, new_name) {
        Ok(edits) => {
            let mut out = text.clone();
            for edit in edits.iter().rev() {
                out.replace_range(edit.range.clone(), &edit.new_text);
            }
            out
        }
        Err(error) => format!("error: {error}\n"),
    };
    expect.assert_eq(&out);
}

const PARAMS: &str = r#"
[cluster demo]
    [[node defaults]]
    Region = $region
    SubnetId = ${ifThenElse(UseSubnet, $SUBNET, "x")}
    [[[cluster-init demo:default:$Version]]]
    [[nodearray execute]]
    Disabled := !UseSubnet
[parameters About]
    [[parameters Net]]
        [[[parameter Region]]]
        [[[parameter Subnet]]]
        [[[parameter UseSubnet]]]
        [[[parameter Version]]]
"#;

#[test]
fn parameter_references_match_case_insensitively_in_every_form() {
    check_references(
        &PARAMS.replace("[[[parameter Subnet]]]", "[[[parameter Sub¦net]]]"),
        expect![[r#"
            [cluster demo]
                [[node defaults]]
                Region = $region
                SubnetId = ${ifThenElse(UseSubnet, $SUBNET, "x")}
                                                    ^^^^^^
                [[[cluster-init demo:default:$Version]]]
                [[nodearray execute]]
                Disabled := !UseSubnet
            [parameters About]
                [[parameters Net]]
                    [[[parameter Region]]]
                    [[[parameter Subnet]]]
                                 ======
                    [[[parameter UseSubnet]]]
                    [[[parameter Version]]]
        "#]],
    );
    check_references(
        &PARAMS.replace("!UseSubnet", "!Use¦Subnet"),
        expect![[r#"
            [cluster demo]
                [[node defaults]]
                Region = $region
                SubnetId = ${ifThenElse(UseSubnet, $SUBNET, "x")}
                                        ^^^^^^^^^
                [[[cluster-init demo:default:$Version]]]
                [[nodearray execute]]
                Disabled := !UseSubnet
                             ^^^^^^^^^
            [parameters About]
                [[parameters Net]]
                    [[[parameter Region]]]
                    [[[parameter Subnet]]]
                    [[[parameter UseSubnet]]]
                                 =========
                    [[[parameter Version]]]
        "#]],
    );
}

#[test]
fn definition_of_a_dollar_reference_in_a_header_is_the_parameter() {
    check_definition(
        &PARAMS.replace(":$Version", ":$Ver¦sion"),
        expect![[r#"
            [cluster demo]
                [[node defaults]]
                Region = $region
                SubnetId = ${ifThenElse(UseSubnet, $SUBNET, "x")}
                [[[cluster-init demo:default:$Version]]]
                [[nodearray execute]]
                Disabled := !UseSubnet
            [parameters About]
                [[parameters Net]]
                    [[[parameter Region]]]
                    [[[parameter Subnet]]]
                    [[[parameter UseSubnet]]]
                    [[[parameter Version]]]
                                 =======
        "#]],
    );
}

const NODES: &str = "
[cluster demo]
    [[node defaults]]
    [[node base]]
    Abstract = true
    [[nodearray execute]]
    Extends = BASE, gpu
    [[nodearray gpu]]
    Extends = base
[cluster other]
    [[node base]]
";

#[test]
fn extends_entries_lead_to_the_node_of_the_same_cluster() {
    check_definition(
        &NODES.replace("BASE,", "BA¦SE,"),
        expect![[r#"
            [cluster demo]
                [[node defaults]]
                [[node base]]
                       ====
                Abstract = true
                [[nodearray execute]]
                Extends = BASE, gpu
                [[nodearray gpu]]
                Extends = base
            [cluster other]
                [[node base]]
        "#]],
    );
    check_references(
        &NODES.replace(
            "[[node base]]\n    Abstract",
            "[[node ba¦se]]\n    Abstract",
        ),
        expect![[r#"
            [cluster demo]
                [[node defaults]]
                [[node base]]
                       ====
                Abstract = true
                [[nodearray execute]]
                Extends = BASE, gpu
                          ^^^^
                [[nodearray gpu]]
                Extends = base
                          ^^^^
            [cluster other]
                [[node base]]
        "#]],
    );
}

#[test]
fn references_of_defaults_are_every_node_of_its_cluster() {
    check_references(
        &NODES.replace("defaults", "def¦aults"),
        expect![[r#"
            [cluster demo]
                [[node defaults]]
                       ========
                [[node base]]
                       ^^^^
                Abstract = true
                [[nodearray execute]]
                            ^^^^^^^
                Extends = BASE, gpu
                [[nodearray gpu]]
                            ^^^
                Extends = base
            [cluster other]
                [[node base]]
        "#]],
    );
}

#[test]
fn environments_and_noderefs_are_declarations_of_expression_names() {
    check_references(
        "
[environment vnet]
TemplateURL = https://example.com/t.json
[noderef fs]
Name = filer
[cluster c]
[[node a]]
SubnetId = ${vn¦et.Outputs.subnet}
Address = ${fs.instance.privateip}
",
        expect![[r#"
            [environment vnet]
                         ====
            TemplateURL = https://example.com/t.json
            [noderef fs]
            Name = filer
            [cluster c]
            [[node a]]
            SubnetId = ${vnet.Outputs.subnet}
                         ^^^^
            Address = ${fs.instance.privateip}
        "#]],
    );
}

#[test]
fn cluster_init_specs_are_recognised_in_both_forms() {
    let (_, _, model) = parse(
        "
[cluster c]
[[node a]]
[[[cluster-init cyclecloud/slurm:default:3.0.7]]]
[[[cluster-init label]]]
Project = demo
Spec = scheduler
[[[cluster-init lsf:execute:$V]]]
[[[cluster-init x:$Spec:1]]]
[[[cluster-init demo:../../etc:1]]]
[[[cluster-init pbs:default]]]
Version = 2.0
",
    );
    let found: Vec<String> = spec_refs(&model)
        .iter()
        .map(|spec| format!("{}:{}:{:?}", spec.project, spec.spec, spec.version))
        .collect();
    assert_eq!(
        found,
        [
            "slurm:default:Some(\"3.0.7\")",
            "demo:scheduler:None",
            "lsf:execute:Some(\"$V\")",
            "demo:../../etc:Some(\"1\")",
            "pbs:default:Some(\"2.0\")",
        ]
    );
    assert!(is_safe_spec_name("default"));
    assert!(is_safe_spec_name("gpu-1.2_x"));
    for unsafe_name in ["", ".", "..", "../../etc", "a/b", "a\\b", "x y"] {
        assert!(!is_safe_spec_name(unsafe_name), "{unsafe_name}");
    }
}

#[test]
fn project_ini_gives_the_project_name() {
    assert_eq!(
        project_name("[project]\nversion = 1.0\nName = demo\n[spec x]\nname = y\n").as_deref(),
        Some("demo")
    );
    assert_eq!(project_name("[spec x]\nname = y\n"), None);
}

#[test]
fn rename_a_parameter_rewrites_every_form_and_keeps_the_dollar() {
    check_rename(
        &PARAMS.replace("$SUBNET", "$SUB¦NET"),
        "SubnetName",
        expect![[r#"
            [cluster demo]
                [[node defaults]]
                Region = $region
                SubnetId = ${ifThenElse(UseSubnet, $SubnetName, "x")}
                [[[cluster-init demo:default:$Version]]]
                [[nodearray execute]]
                Disabled := !UseSubnet
            [parameters About]
                [[parameters Net]]
                    [[[parameter Region]]]
                    [[[parameter SubnetName]]]
                    [[[parameter UseSubnet]]]
                    [[[parameter Version]]]
        "#]],
    );
}

#[test]
fn rename_a_node_rewrites_extends_entries() {
    check_rename(
        &NODES.replace("Extends = base", "Extends = ba¦se"),
        "common",
        expect![[r#"
            [cluster demo]
                [[node defaults]]
                [[node common]]
                Abstract = true
                [[nodearray execute]]
                Extends = common, gpu
                [[nodearray gpu]]
                Extends = common
            [cluster other]
                [[node base]]
        "#]],
    );
}

#[test]
fn rename_refuses_invalid_names_collisions_and_positions() {
    let param = PARAMS.replace("$SUBNET", "$SUB¦NET");
    check_rename(
        &param,
        "2fast",
        expect![[r#"
            error: `2fast` is not a valid name: use letters, digits and `_`, not starting with a digit, so `$Name` and expressions can refer to it
        "#]],
    );
    check_rename(
        &param,
        "region",
        expect![[r#"
            error: `region` is already declared in this file; renaming would merge two names
        "#]],
    );
    check_rename(
        &param,
        "true",
        expect![[r#"
            error: `true` is reserved in expressions and cannot name a parameter
        "#]],
    );
    check_rename(
        &NODES.replace("Extends = base", "Extends = ba¦se"),
        "GPU",
        expect![[r#"
            error: A node or node array named `GPU` already exists in this cluster
        "#]],
    );
    check_rename(
        &NODES.replace("Extends = base", "Extends = ba¦se"),
        "a,b",
        expect![[r#"
            error: `a,b` is not a valid node name: use letters, digits, `_`, `-` and `.` (no spaces or commas, which `Extends` lists would split)
        "#]],
    );
    check_rename(
        &NODES.replace("defaults", "def¦aults"),
        "base2",
        expect![[r#"
            error: `defaults` is the node every node inherits from; renaming it would break that
        "#]],
    );
    check_rename(
        &NODES.replace("Abstract", "Abs¦tract"),
        "x",
        expect![[r#"
            error: Only a parameter, node, node array, environment or noderef name can be renamed here
        "#]],
    );
    check_rename(
        "[cluster c]\n[[node a]]\nRegion = $Undecl¦ared\n",
        "x",
        expect![[r#"
            error: `undeclared` is not declared in this file (no parameter, environment or noderef), so there is nothing to rename
        "#]],
    );
}

#[test]
fn renaming_to_a_different_case_of_itself_is_allowed() {
    check_rename(
        &PARAMS.replace("$region", "$reg¦ion"),
        "REGION",
        expect![[r#"
            [cluster demo]
                [[node defaults]]
                Region = $REGION
                SubnetId = ${ifThenElse(UseSubnet, $SUBNET, "x")}
                [[[cluster-init demo:default:$Version]]]
                [[nodearray execute]]
                Disabled := !UseSubnet
            [parameters About]
                [[parameters Net]]
                    [[[parameter REGION]]]
                    [[[parameter Subnet]]]
                    [[[parameter UseSubnet]]]
                    [[[parameter Version]]]
        "#]],
    );
}

fn outline_text(symbols: &[OutlineSymbol], text: &str, depth: usize, out: &mut String) {
    for symbol in symbols {
        out.push_str(&format!(
            "{}{} ({}) [{}]\n",
            "  ".repeat(depth),
            symbol.name,
            symbol.kind,
            &text[symbol.selection_range.clone()]
        ));
        assert!(
            symbol.range.start <= symbol.selection_range.start
                && symbol.selection_range.end <= symbol.range.end
        );
        outline_text(&symbol.children, text, depth + 1, out);
    }
}

#[test]
fn outline_nests_clusters_nodes_and_parameter_groups() {
    let (text, _, model) = parse(
        "
[cluster demo]
[[node defaults]]
[[[configuration]]]
[[[volume boot]]]
[[nodearray execute]]
[[[network-interface eth0]]]
[[[input-endpoint ssh]]]
[[[cluster-init demo:default:1.0.0]]]
[parameters About]
[[parameters Net]]
[[[parameter Region]]]
[[[[record DefaultValue]]]]
[environment vnet]
",
    );
    let mut out = String::new();
    outline_text(&document_symbols(&model.sections), &text, 0, &mut out);
    expect![[r#"
        demo (cluster) [demo]
          defaults (node) [defaults]
            configuration (configuration) [configuration]
            boot (volume) [boot]
          execute (nodearray) [execute]
            eth0 (network-interface) [eth0]
            ssh (input-endpoint) [ssh]
            demo:default:1.0.0 (cluster-init) [demo:default:1.0.0]
        About (parameters) [About]
          Net (parameters) [Net]
            Region (parameter) [Region]
              DefaultValue (record) [DefaultValue]
        vnet (environment) [vnet]
    "#]]
    .assert_eq(&out);
    // The header-only walk sees the same sections as the model.
    let headers = header_sections(&Snapshot::parse(&text));
    assert_eq!(
        document_symbols(&headers),
        document_symbols(&model.sections)
    );
    let found: Vec<String> = workspace_symbols(&headers)
        .iter()
        .map(|symbol| format!("{} {} in {:?}", symbol.kind, symbol.name, symbol.container))
        .collect();
    expect![[r#"
        [
            "cluster demo in None",
            "node defaults in Some(\"demo\")",
            "nodearray execute in Some(\"demo\")",
            "parameters About in None",
            "parameters Net in Some(\"About\")",
            "parameter Region in Some(\"Net\")",
            "environment vnet in None",
        ]
    "#]]
    .assert_debug_eq(&found);
}

#[test]
fn templates_are_recognised_by_folder_or_first_header() {
    use std::path::Path;
    assert!(is_template_path(Path::new("/p/templates/slurm.txt")));
    assert!(!is_template_path(Path::new("/p/templates/notes.md")));
    assert!(!is_template_path(Path::new("/p/docs/slurm.txt")));
    assert!(is_template_text("# comment\n\n  [cluster x]\n"));
    assert!(is_template_text("\u{feff}[Parameters About]\n"));
    assert!(is_template_text("[noderef fs]\n"));
    assert!(!is_template_text("Some notes\n[cluster x]\n"));
    assert!(!is_template_text("[[node a]]\n"));
    assert!(!is_template_text("[clusters]\n"));
    assert!(!is_template_text(""));
}

#[test]
fn fuzzy_matching_is_a_case_insensitive_subsequence_ranked_by_tightness() {
    assert!(fuzzy_score("exe", "Execute").is_some());
    assert!(fuzzy_score("xct", "execute").is_some());
    assert!(fuzzy_score("tex", "execute").is_none());
    let mut names = [
        "MaxExecuteCoreCount",
        "execute",
        "ExecuteMachineType",
        "xexecute",
    ];
    names.sort_by_key(|name| std::cmp::Reverse(fuzzy_score("execute", name)));
    assert_eq!(
        names,
        [
            "execute",
            "ExecuteMachineType",
            "xexecute",
            "MaxExecuteCoreCount"
        ]
    );
    assert_eq!(fuzzy_score("", "anything"), Some(0));
}

#[test]
fn links_are_urls_and_cluster_init_specs() {
    let (text, _, model) = parse(
        "
# See https://learn.microsoft.com/azure/cyclecloud (the docs).
[cluster c]
IconUrl = \"https://example.com/icon.png\"
[[node a]]
Description = http://x.org/a_(b), then text; not ahttp://y nor https://$Host/x
[[[cluster-init demo:default:1.0.0]]]
",
    );
    let found: Vec<String> = links(&text, &model)
        .into_iter()
        .map(|link| match link.target {
            LinkTarget::Url(url) => url,
            LinkTarget::Spec(spec) => format!("spec {}", spec.spec),
        })
        .collect();
    assert_eq!(
        found,
        [
            "https://learn.microsoft.com/azure/cyclecloud",
            "https://example.com/icon.png",
            "http://x.org/a_(b)",
            "spec default",
        ]
    );
}

#[test]
fn nothing_panics_on_half_typed_or_out_of_range_positions() {
    for text in [
        "",
        "[",
        "[[node",
        "[cluster c]\n[[node a]]\nExtends = ",
        "$",
        "${",
    ] {
        let model = build(&Snapshot::parse(text));
        for offset in 0..=text.len() + 3 {
            let _ = definition(&model, offset);
            let _ = references(&model, offset, true);
            let _ = highlights(&model, offset);
            let _ = prepare_rename(text, &model, offset);
            let _ = rename(&model, offset, "x");
        }
        let _ = document_symbols(&model.sections);
        let _ = links(text, &model);
    }
}

#[test]
fn a_hostile_nesting_depth_is_capped_in_the_outline_without_losing_sections() {
    let text: String = (1..=200)
        .map(|rank| {
            format!(
                "{}parameters p{rank}{}\n",
                "[".repeat(rank),
                "]".repeat(rank)
            )
        })
        .collect();
    let snapshot = Snapshot::parse(&text);
    let sections = header_sections(&snapshot);
    assert_eq!(sections.len(), 200);
    let outline = document_symbols(&sections);
    let (mut count, mut deepest) = (0, 0);
    let mut stack: Vec<(&OutlineSymbol, usize)> = outline.iter().map(|s| (s, 1)).collect();
    while let Some((symbol, depth)) = stack.pop() {
        count += 1;
        deepest = deepest.max(depth);
        stack.extend(symbol.children.iter().map(|child| (child, depth + 1)));
    }
    assert_eq!(count, 200);
    assert_eq!(deepest, 16);
}
