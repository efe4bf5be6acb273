//! Fixture tests of the model: inheritance order and origins, clearing, parameters, references.

use cyclecloud_syntax::{Document, Snapshot, TextEdit};

use super::{
    build, build_cached, moved, shifted, Caseless, Model, ModelCache, NodeInfo, RefKind, SectionId,
};

fn model(text: &str) -> (Snapshot, Model) {
    let snapshot = Snapshot::parse(text);
    let model = build(&snapshot);
    (snapshot, model)
}

/// The node named `name`.
fn node<'m>(model: &'m Model, name: &str) -> &'m NodeInfo {
    let mut nodes = model.nodes.iter();
    nodes.find(|node| node.name == name).expect("node exists")
}

/// `key=value (from node)` for every effective attribute of a node, sorted by key.
fn effective(model: &Model, node_name: &str) -> String {
    let mut lines: Vec<String> = node(model, node_name)
        .effective
        .iter()
        .map(|(key, effective)| {
            let origin = &model.nodes[effective.origin].name;
            let value = &model.attributes[effective.attr].value;
            format!("{key}={value} (from {origin})")
        })
        .collect();
    lines.sort();
    lines.join("\n")
}

const TEMPLATE: &str = "\
[cluster c]
    [[node defaults]]
    MachineType = D2
    ImageName = cycle.image.ubuntu22
    Region = westus2
    [[node base]]
    Abstract = true
    MachineType = D4
    SubnetId = rg/vnet/a
    [[node gpu]]
    Abstract = true
    MachineType = NC6
    [[nodearray hpc]]
    Extends = base, gpu
    ImageName := undefined
    ImageId = /subscriptions/0/x
    Region = eastus
";

#[test]
fn inheritance_is_defaults_then_extends_in_order_then_own() {
    let (_, model) = model(TEMPLATE);
    assert_eq!(
        effective(&model, "hpc"),
        "extends=base, gpu (from hpc)\n\
         imageid=/subscriptions/0/x (from hpc)\n\
         machinetype=NC6 (from gpu)\n\
         region=eastus (from hpc)\n\
         subnetid=rg/vnet/a (from base)"
    );
    // `Abstract` describes a node itself and is not inherited.
    assert!(node(&model, "hpc").get("Abstract").is_none());
}

#[test]
fn a_value_a_base_clears_stays_cleared_in_nodes_that_extend_it() {
    let (_, model) = model(
        "[cluster c]\n[[node defaults]]\nImageName = u22\nRegion = r\n[[node base]]\nAbstract = true\nImageName := undefined\nImageId = /x\n[[nodearray a]]\nExtends = base\n[[nodearray b]]\nExtends = base\nImageName = u20\n[[node other]]\nAbstract = true\nImageName = u18\n[[nodearray c]]\nExtends = base, other\n",
    );
    // `defaults` comes first for `a`, then `base`, whose clear removes the image name again.
    assert_eq!(
        effective(&model, "a"),
        "extends=base (from a)\nimageid=/x (from base)\nregion=r (from defaults)"
    );
    // A node's own line, or a later base, sets the cleared value again.
    assert!(effective(&model, "b").contains("imagename=u20 (from b)"));
    assert!(effective(&model, "c").contains("imagename=u18 (from other)"));
}

#[test]
fn a_cycle_in_extends_does_not_hang_and_keeps_own_values() {
    let (_, model) =
        model("[cluster c]\n[[node a]]\nExtends = b\nX = 1\n[[node b]]\nExtends = a\nY = 2\n");
    assert!(effective(&model, "a").contains("x=1 (from a)"));
    assert!(effective(&model, "b").contains("y=2 (from b)"));
}

#[test]
fn parameters_carry_label_type_default_and_description() {
    let (_, model) = model(
        "[parameters P]\n  [[parameter Region]]\n  Label = Region\n  Description = Where\n  ParameterType = Cloud.Region\n  DefaultValue = westus2\n  [[parameter Empty]]\n",
    );
    let region = model.parameter("region").expect("case-insensitive lookup");
    assert_eq!(region.label.as_deref(), Some("Region"));
    assert_eq!(region.description.as_deref(), Some("Where"));
    assert_eq!(region.parameter_type.as_deref(), Some("Cloud.Region"));
    assert_eq!(region.default_value.as_deref(), Some("westus2"));
    let empty = model.parameter("Empty").unwrap();
    assert_eq!((&empty.label, &empty.default_value), (&None, &None));
}

#[test]
fn references_of_every_kind_with_their_ranges() {
    let text = "\
[cluster c]
    [[node n]]
    Extends = base
    A = $Alpha-${beta + f(Gamma)}
    B := Delta.Outputs.x
    C = plain text
    Config.Filter := Package in {\"x\"}
        [[[cluster-init proj:spec:$Version]]]
";
    let (snapshot, model) = model(text);
    let found: Vec<String> = model
        .references
        .iter()
        .map(|r| {
            let text = snapshot.slice(r.range.clone());
            format!("{:?} {} `{text}`", r.kind, r.name)
        })
        .collect();
    assert_eq!(
        found,
        vec![
            "Extends base `base`",
            "Value Alpha `$Alpha`",
            "Value beta `beta`",
            "Value Gamma `Gamma`",
            "Value Delta `Delta`",
            "ClusterInit proj:spec:$Version `proj:spec:$Version`",
            "Value Version `$Version`",
        ]
    );
    assert_eq!(model.calls.len(), 1);
    assert_eq!(model.calls[0].name, "f");
    assert!(
        model
            .references
            .iter()
            .all(|r| r.kind != RefKind::Value || r.name != "Package"),
        "Config.Filter has its own names"
    );
}

#[test]
fn catalog_key_is_and_starts_with_agree_with_the_catalog_key_they_do_not_build() {
    let (_, model) = model(
        "[cluster c]\n[[node n]]\n[[[configuration]]]\nslurm.hpc = true\n[[[configuration slurm ]]]\nhpc = true\n[[[configuration slurm.x]]]\ny = 1\n",
    );
    let sections = [2, 3, 4].map(|id| &model.sections[SectionId::new(id)]);
    for wanted in [
        "slurm.hpc",
        "SLURM.HPC",
        "slurm.hp",
        "slurmhpc",
        "hpc",
        "slurm.hpc.x",
        "é",
        "slurm.",
        "SLURM.H",
        "slurm",
        "slur",
        "slurm.hpcx",
        "slurm.x.",
        "slurm.x.y",
        "",
        "s",
    ] {
        for section in sections {
            for key in ["slurm.hpc", "hpc", "HPC", "y", "é"] {
                let built = section.catalog_key(key);
                let context = format!("{key} in {:?} against {wanted}", section.name);
                assert_eq!(
                    section.catalog_key_is(key, wanted),
                    built.eq_ignore_ascii_case(wanted),
                    "{context}"
                );
                assert_eq!(
                    section.catalog_key_starts_with(key, wanted),
                    built
                        .to_ascii_lowercase()
                        .starts_with(&wanted.to_ascii_lowercase()),
                    "{context}"
                );
            }
        }
    }
    assert!(sections[1].catalog_key_is("hpc", "Slurm.Hpc"));
}

#[test]
fn parameter_declared_in_agrees_with_a_scan_of_every_parameter() {
    let (_, model) = model(
        "[parameters A]\n[[parameters B]]\n[[[parameter One]]]\nParameterType = Cloud.Region\n\
         [[[parameter Two]]]\n[[[[list Config.Entries]]]]\nName = x\n[cluster c]\n[[node n]]\n\
         [parameters C]\n[[parameter Three]]\nDefaultValue = 1\n[[parameter Three]]\n",
    );
    assert!(model.parameters.len() >= 3);
    for (id, _) in model.sections_with_ids() {
        let scanned = model
            .parameters
            .iter()
            .find(|parameter| parameter.section == id);
        assert_eq!(
            model.parameter_declared_in(id).map(|p| &p.name),
            scanned.map(|p| &p.name),
            "section {id:?}"
        );
    }
}

#[test]
fn calls_with_their_argument_counts_names_and_strings_in_document_order() {
    let (snapshot, model) = model(concat!(
        "[cluster c]\n",
        "A := f(g(x, 1), h(), [a = b; \"k\" = y.z], k(1, 2))\n",
        "B := undefined()\n",
        "D := p.q(r)(s)\n",
        "C = ${m(1, (2}\n",
    ));
    let calls: Vec<String> = model
        .calls
        .iter()
        .map(|call| {
            let text = snapshot.slice(call.range.clone());
            format!("{} {:?} `{text}`", call.name, call.arguments)
        })
        .collect();
    assert_eq!(
        calls,
        vec![
            "f Some(4) `f(g(x, 1), h(), [a = b; \"k\" = y.z], k(1, 2))`",
            "g Some(2) `g(x, 1)`",
            "h Some(0) `h()`",
            "k Some(2) `k(1, 2)`",
            "undefined Some(0) `undefined()`",
        ]
    );
    let names: Vec<&str> = model
        .references
        .iter()
        .map(|reference| reference.name.as_str())
        .collect();
    // Field names of a record, members and plain function names are no names.
    // (`m(1, (2` does not parse as a call, but `m` is still a name.)
    assert_eq!(names, ["x", "b", "y", "p", "r", "s", "m"]);
    let strings: Vec<_> = model
        .string_tokens
        .iter()
        .map(|(range, _)| snapshot.slice(range.clone()))
        .collect();
    assert_eq!(strings, ["\"k\""]);
}

#[test]
fn value_references_name_their_declarations_after_edits_and_renames() {
    let text = "[cluster c]\n[[node a]]\nA = $Size\nB := f(size, Other)\n[parameter Size]\n[parameter other]\n";
    let mut document = Document::new(text);
    let mut cache = ModelCache::default();
    let declared = |model: &Model| -> Vec<String> {
        model
            .value_references()
            .map(|(reference, ids)| {
                let names: Vec<_> = ids.iter().map(|&id| &model.parameters[id].name).collect();
                format!("{} -> {names:?}", reference.name)
            })
            .collect()
    };
    let _ = build_cached(&document.snapshot(), &mut cache);
    // A line typed above the references moves their unit; renaming a parameter changes the
    // index.
    for (at, insert) in [(12, "X = 1\n"), (92, "Z")] {
        document.apply_edits(&[TextEdit {
            range: at..at,
            new_text: insert.to_owned(),
        }]);
        let cached = build_cached(&document.snapshot(), &mut cache);
        let fresh = build(&document.snapshot());
        assert_eq!(declared(&cached), declared(&fresh));
    }
    let fresh = build(&document.snapshot());
    assert_eq!(
        declared(&fresh),
        ["Size -> [\"Size\"]", "size -> [\"Size\"]", "Other -> []"]
    );
}

#[test]
fn units_of_text_typed_over_leave_the_cache() {
    // A hundred sections, so that the pruning to the units in use (at twice as many) does not
    // come within the keystrokes below.
    let mut text = String::from("[cluster c]\n[[node a]]\nA = 1\n");
    for node in 0..100 {
        text.push_str(&format!("[[node n{node}]]\nB = 2\n"));
    }
    let mut document = Document::new(&text);
    let mut cache = ModelCache::default();
    let mut model = build_cached(&document.snapshot(), &mut cache);
    // Each keystroke reads `[[node a]]` anew; only the last few of its old texts stay.
    let at = text.find("A = 1").unwrap() + "A = 1".len();
    for _ in 0..150 {
        document.apply_edits(&[TextEdit {
            range: at..at,
            new_text: "x".to_owned(),
        }]);
        model = build_cached(&document.snapshot(), &mut cache);
    }
    let limit = model.units.len() + super::cache::KEPT_READS;
    assert!(
        cache.units_by_text() <= limit,
        "{} units by text, at most {limit} expected",
        cache.units_by_text()
    );
}

#[test]
fn a_text_digest_tells_apart_texts_that_differ_in_one_byte_order_or_length() {
    use super::unit::TextDigest;
    let text = "[[node a]]\nMachineType = Standard_D4s_v3\n";
    let copy = format!("{}{}", &text[..7], &text[7..]);
    assert_eq!(TextDigest::of(text), TextDigest::of(&copy));
    for other in [
        "[[node b]]\nMachineType = Standard_D4s_v3\n",
        "[[node a]]\nMachineType = Standard_D4s_v3",
        "[[node a]]\nMachineType = Standard_D4s_v3\n\n",
        "\nMachineType = Standard_D4s_v3\n[[node a]]",
        "",
    ] {
        assert_ne!(TextDigest::of(text), TextDigest::of(other), "{other:?}");
    }
}

#[test]
fn a_moved_offset_stops_at_the_start_of_the_text() {
    assert_eq!(moved(10, 5), 15);
    assert_eq!(moved(10, -4), 6);
    assert_eq!(moved(3, -5), 0);
    assert_eq!(shifted(&(4..9), -6), 0..3);
}

#[test]
fn caseless_keys_ignore_ascii_case_only() {
    use std::collections::HashSet;
    let long = "A".repeat(40);
    let names = ["Execute", "EXECUTE", "execute", "Exécute", "exec", &long];
    let set: HashSet<Caseless<'_>> = names.iter().map(|name| Caseless(name)).collect();
    assert_eq!(set.len(), 4);
    assert!(set.contains(&Caseless(&"a".repeat(40))));
    assert!(!set.contains(&Caseless("EXÉCUTE")));
}

#[test]
fn namesakes_pair_each_later_sibling_with_the_first_of_its_kind_and_name() {
    let (_, model) = model(
        "[cluster c]\n[[nodearray A]]\n[[[volume d]]]\n[[nodearray a]]\n[[[volume d]]]\n\
         [[node a]]\n[[nodearray A]]\n[cluster c]\n",
    );
    let named = |(later, first): &(SectionId, SectionId)| {
        let header = |id: SectionId| {
            let section = &model.sections[id];
            format!("{} {}", section.kind, section.name.as_deref().unwrap_or(""))
        };
        (
            header(*later),
            header(*first),
            model.sections[*later].parent == model.sections[*first].parent,
        )
    };
    let pairs: Vec<_> = model.namesakes().iter().map(named).collect();
    // The volumes sit under different node arrays and the node is another kind; the second
    // cluster is the first's namesake at the top of the file (which kinds count is the rules').
    assert_eq!(
        pairs,
        [
            ("nodearray a".to_owned(), "nodearray A".to_owned(), true),
            ("nodearray A".to_owned(), "nodearray A".to_owned(), true),
            ("cluster c".to_owned(), "cluster c".to_owned(), true),
        ]
    );
}
