//! The model cache is invisible: after every edit, analysing with the cache (which takes over
//! the lines whose syntax nodes the parser reused) gives exactly what analysing from scratch
//! gives on the same tree — model and diagnostics.

use cyclecloud_analysis::{
    analyze, analyze_cached, rules, run_rules, Analysis, ModelCache, Settings,
};
use cyclecloud_syntax::{Document, TextEdit};

const FRAGMENTS: &[&str] = &[
    "x",
    " ",
    "\n",
    "$P",
    "${a}",
    "'",
    "\"",
    "#",
    "=",
    ":=",
    ",",
    "[[nodearray n]]\n",
    "[[[configuration cyclecloud.mounts.m]]]\n",
    "ImageId = /subscriptions/0/x\n",
    "Extends = defaults\n",
    "é",
    "😀",
    "\r\n",
    "[",
    "]",
    "Size = 1\n",
];

/// What an editor keeps of a document: the model cache and the last analysis, which goes back
/// to the cache before the next one (as the server hands it back), so that a build patches the
/// previous model whenever a keystroke changed one unit's rows only.
#[derive(Default)]
struct Session {
    cache: ModelCache,
    last: Option<Analysis>,
    /// Builds that patched the model before them.
    patched: usize,
    /// Builds that placed their units from the edit alone.
    around_edit: usize,
}

impl Session {
    fn analyze(&mut self, snapshot: &cyclecloud_syntax::Snapshot) -> &Analysis {
        if let Some(last) = self.last.take() {
            self.cache.recycle(last.model);
        }
        let analysis = analyze_cached(snapshot, &Settings::default(), &mut self.cache);
        self.patched += usize::from(self.cache.patched_last_build());
        self.around_edit += usize::from(self.cache.placed_around_edit_last_build());
        self.last.insert(analysis)
    }
}

/// The findings kept with each section's unit (the section-scoped rules) are those every rule
/// finds on the whole model: a rule that reads beyond its section must not be section-scoped.
fn assert_same_as_whole_model(
    name: &str,
    snapshot: &cyclecloud_syntax::Snapshot,
    fresh: &Analysis,
) {
    let whole = run_rules(snapshot, &fresh.model, &Settings::default(), rules::all());
    assert_eq!(
        fresh.diagnostics, whole,
        "{name}: unit findings differ from the whole model's"
    );
}

/// The cached analysis has the same model (everything but the inheritance tables, which the
/// diagnostics cover, and whose order is a hash map's) and the same diagnostics as a fresh one.
fn assert_same_analysis(name: &str, cached: &Analysis, fresh: &Analysis) {
    macro_rules! same {
        ($($field:ident),*) => {$(
            assert_eq!(
                format!("{:?}", cached.model.$field),
                format!("{:?}", fresh.model.$field),
                "{name}: {} differ",
                stringify!($field)
            );
        )*};
    }
    same!(
        attributes,
        sections,
        parameters,
        references,
        calls,
        string_tokens,
        template_directives
    );
    assert_eq!(
        nodes(cached),
        nodes(fresh),
        "{name}: nodes or their inheritance differ"
    );
    assert_eq!(
        cached.diagnostics, fresh.diagnostics,
        "{name}: diagnostics differ"
    );
}

/// Each node with its inheritance, the effective attributes in key order.
fn nodes(analysis: &Analysis) -> Vec<String> {
    let model = &analysis.model;
    model
        .nodes
        .iter()
        .map(|node| {
            let mut effective: Vec<_> = node.effective.iter().collect();
            effective.sort_by(|a, b| a.0.cmp(b.0));
            format!(
                "{} {:?} {:?} {} {:?} {:?} {:?}",
                node.name,
                node.extends,
                node.bases,
                node.is_abstract,
                node.cluster,
                effective,
                node.effective_children
            )
        })
        .collect()
}

#[test]
fn cached_analysis_equals_fresh_analysis_after_every_edit() {
    let corpus = cyclecloud_e2e::corpus::corpus();
    // The fixture set is small: edit every file of it, and more often.
    let (step, edits_per_file) = if corpus.is_shared() { (5, 12) } else { (1, 48) };
    let settings = Settings::default();
    let mut seed = 0x1234_5678_9ABC_DEF1u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut edits = 0;
    let (mut reused_total, mut patched) = (0, 0);
    for path in corpus.files.iter().step_by(step) {
        let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
        let mut document = Document::new(&text);
        let mut session = Session::default();
        session.analyze(&document.snapshot());
        for _ in 0..edits_per_file {
            let rope = document.rope();
            let len = rope.len_bytes();
            let at = rope.char_to_byte(rope.byte_to_char((next() as usize) % (len + 1)));
            let end = rope.char_to_byte(rope.byte_to_char((at + (next() as usize) % 8).min(len)));
            let insert = FRAGMENTS[(next() as usize) % FRAGMENTS.len()];
            document.apply_edits(&[TextEdit {
                range: at..end,
                new_text: insert.to_owned(),
            }]);
            let snapshot = document.snapshot();
            let cached = session.analyze(&snapshot);
            let fresh = analyze(&snapshot, &settings);
            assert_same_analysis(&path.display().to_string(), cached, &fresh);
            assert_same_as_whole_model(&path.display().to_string(), &snapshot, &fresh);
            // Line- and node-scoped rules run per node with an empty cache, none kept: what
            // each run judges adds up to the whole.
            let per_node = analyze_cached(&snapshot, &settings, &mut ModelCache::default());
            assert_eq!(
                per_node.diagnostics,
                fresh.diagnostics,
                "{}: per-node runs differ from the whole model's",
                path.display()
            );
            reused_total += session.cache.reused_last_build();
            edits += 1;
        }
        patched += session.patched;
    }
    println!(
        "{edits} edits; {reused_total} attribute lines taken over from the cache; {patched} \
         models patched"
    );
    assert!(edits > 400);
    assert!(
        patched * 20 > edits,
        "random edits should patch the model now and then"
    );
    assert!(
        reused_total > edits * 10,
        "the cache should take over most lines"
    );
}

/// Typing runs of characters in one place, then in another (as an editor does), so sections
/// are copied from models that were themselves partly copied.
#[test]
fn cached_analysis_equals_fresh_analysis_while_typing_in_several_places() {
    let corpus = cyclecloud_e2e::corpus::corpus();
    let step = if corpus.is_shared() { 7 } else { 1 };
    let typed = "    MaxCoreCount = 5\n[[[volume v]]]\n    Size = 1\n";
    let mut keystrokes = 0;
    let (mut reused_runs, mut runs, mut patched, mut around_edit) = (0, 0, 0, 0);
    for path in corpus.files.iter().step_by(step) {
        let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
        let mut document = Document::new(&text);
        let mut session = Session::default();
        session.analyze(&document.snapshot());
        let lines = document.rope().len_lines();
        for place in [lines / 3, lines / 2, lines / 3, (lines * 4) / 5] {
            let rope = document.rope();
            let offset = rope.line_to_byte(place.min(rope.len_lines() - 1));
            let name = path.display().to_string();
            type_comparing(&name, &mut document, &mut session, offset, typed, |cache| {
                let (reused, ran) = cache.rule_runs_last_analysis();
                (reused_runs, runs) = (reused_runs + reused, runs + reused + ran);
                keystrokes += 1;
            });
        }
        patched += session.patched;
        around_edit += session.around_edit;
    }
    println!(
        "{keystrokes} keystrokes compared; {reused_runs} of {runs} line and node rule runs taken \
         over; {patched} models patched, {around_edit} of them placed from the edit alone"
    );
    assert!(keystrokes > 1_000);
    // Most characters typed inside a line change that unit's text but not its rows.
    assert!(
        patched * 2 > keystrokes,
        "typing should patch the model: {patched} of {keystrokes}"
    );
    // Most of those without walking every section (a build in nine walks them all).
    assert!(
        around_edit * 2 > patched,
        "typing inside a line should place the units from the edit alone: {around_edit} of \
         {patched} patched models"
    );
    // Typing inside one node leaves every other node's runs as they were (typing in
    // parameters or `[[node defaults]]`, which every run reads, runs them all again).
    assert!(
        reused_runs * 10 > runs,
        "line- and node-scoped runs should be taken over while typing"
    );
}

/// Typing a comment line into parameter sections, which every node's runs read (but not their
/// comments), then commenting out the line below it and renaming the parameter (which they do
/// read): each version equals a fresh analysis, and the comment keeps most runs.
#[test]
fn cached_analysis_equals_fresh_analysis_while_commenting_parameters() {
    let corpus = cyclecloud_e2e::corpus::corpus();
    let step = if corpus.is_shared() { 3 } else { 1 };
    let (mut commented, mut reused_runs, mut runs) = (0, 0, 0);
    for path in corpus.files.iter().step_by(step) {
        let text = String::from_utf8_lossy(&std::fs::read(path).unwrap()).into_owned();
        let declarations: Vec<usize> = text
            .lines()
            .enumerate()
            .filter(|(_, line)| line.trim_start().starts_with("[[[parameter "))
            .map(|(index, _)| index + 1)
            .collect();
        if declarations.is_empty() {
            continue;
        }
        let mut document = Document::new(&text);
        let mut session = Session::default();
        session.analyze(&document.snapshot());
        let name = path.display().to_string();
        // From the last to the first of three, so that the lines above keep their numbers.
        let picked = [0, declarations.len() / 2, declarations.len() - 1];
        for &line in picked.iter().rev().map(|&index| &declarations[index]) {
            let offset = document.rope().line_to_byte(line);
            type_comparing(
                &name,
                &mut document,
                &mut session,
                offset,
                "  # note\n",
                |cache| {
                    let (reused, ran) = cache.rule_runs_last_analysis();
                    (reused_runs, runs) = (reused_runs + reused, runs + reused + ran);
                },
            );
            let next_line = document.rope().line_to_byte(line + 1);
            type_comparing(&name, &mut document, &mut session, next_line, "#", |_| {});
            // And a name the nodes' references no longer find.
            let header = document.rope().line(line - 1).to_string();
            if let Some(end) = header.find("]]]") {
                let at = document.rope().line_to_byte(line - 1) + end;
                type_comparing(&name, &mut document, &mut session, at, "X", |_| {});
            }
            commented += 1;
        }
    }
    println!("{commented} parameters commented; {reused_runs} of {runs} runs taken over");
    assert!(commented >= 3, "the corpus should declare parameters");
    assert!(
        reused_runs * 2 > runs,
        "a comment in the parameters should keep the runs: {reused_runs} of {runs}"
    );
}

/// Analyses `before` with a fresh cache, applies one edit, and checks that the cached analysis
/// of the result equals a fresh one; returns the edited snapshot. The fuzz findings below.
fn assert_one_edit_keeps_the_analysis(
    name: &str,
    before: &str,
    range: std::ops::Range<usize>,
    new_text: &str,
) -> cyclecloud_syntax::Snapshot {
    let settings = Settings::default();
    let mut document = Document::new(before);
    let mut cache = ModelCache::default();
    analyze_cached(&document.snapshot(), &settings, &mut cache);
    document.apply_edits(&[TextEdit {
        range,
        new_text: new_text.to_owned(),
    }]);
    let snapshot = document.snapshot();
    let cached = analyze_cached(&snapshot, &settings, &mut cache);
    let fresh = analyze(&snapshot, &settings);
    assert_same_analysis(name, &cached, &fresh);
    snapshot
}

/// A keystroke inside a line of an error-free template is placed from the edit alone (no walk
/// over every section); one that touches where a section starts, leaves an error or adds a line
/// is not.
/// Each result equals a fresh analysis.
#[test]
fn only_a_keystroke_strictly_inside_a_section_is_placed_from_the_edit_alone() {
    let text = "[cluster c]\n[[node defaults]]\nMachineType = Standard_D4s_v3\n\
                [[nodearray a]]\nMaxCount = 4\n[[[volume v]]]\nSize = 1\n[[nodearray b]]\n";
    let value = text.find("= 4").unwrap() + 2;
    let header = text.find("[[nodearray b]]").unwrap();
    let settings = Settings::default();
    // (where, what, whether the build places it from the edit alone)
    let cases = [
        (value..value, "2", true),
        (value..value + 1, "8", true),
        (header..header, "x", false),
        (value..value, "${", false),
        // Found around the edit, but a line more: the model is assembled afresh.
        (value + 1..value + 1, "\nMinCount = 1", false),
    ];
    for (range, inserted, around_edit) in cases {
        let mut document = Document::new(text);
        let mut session = Session::default();
        session.analyze(&document.snapshot());
        document.apply_edits(&[TextEdit {
            range: range.clone(),
            new_text: inserted.to_owned(),
        }]);
        let snapshot = document.snapshot();
        let name = format!("{inserted:?} at {range:?}");
        let cached = session.analyze(&snapshot);
        assert_same_analysis(&name, cached, &analyze(&snapshot, &settings));
        assert_eq!(
            session.cache.placed_around_edit_last_build(),
            around_edit,
            "{name}"
        );
    }
}

/// Found by the `edit_sequence` fuzz target: after an edit above it, a section with unchanged
/// text was parsed differently (the parser recovered from an error in it another way), so it
/// must be read again, not copied from the previous model by its text.
#[test]
fn a_section_with_the_same_text_but_a_different_error_recovery_is_read_again() {
    let before =
        "\n[cluster c]\nAutoscale = true\n    [[node defaults]]\n    Credentials = $Credenorm = \n";
    let inserted = format!(
        "ter Demo]\n    [[nodearray legacy]]\n    Az{}",
        "\r".repeat(39)
    );
    assert_one_edit_keeps_the_analysis("fuzz case", before, 20..20, &inserted);
}

/// Found by the `edit_sequence` fuzz target: when the rest of the file fails to parse, the
/// parser can give up on sections and hold a header in an error root, so the file's own text
/// reads exactly like a section's header, yet is no section: the section's unit with that text
/// must not be taken for it.
#[test]
fn the_file_own_text_is_not_taken_for_a_section_with_the_same_text() {
    let before = "[cluster Demo]\n[[node a]]\nA = 1\n[[nod";
    let end = before.len();
    let snapshot = assert_one_edit_keeps_the_analysis("error root", before, end..end, "= $x$");
    assert_eq!(snapshot.tree().root_node().kind(), "ERROR");
}

/// Found by the `edit_sequence` fuzz target: fixes that insert lines use the file's line break,
/// which its first line decides, even when that line lies outside every section's text.
#[test]
fn a_line_break_typed_before_the_first_header_changes_the_fixes_that_insert_lines() {
    assert_one_edit_keeps_the_analysis("first line break", "[c$r", 0..0, "\r\n");
}

/// Found by the `edit_sequence` fuzz target: a fix that appends to the file reads where the
/// file ends, which blanks after the last section can move without touching any section.
#[test]
fn blanks_typed_after_the_last_section_move_the_fixes_that_append() {
    let before = "[cluster c]\n[[node defaults]]\nA = $Size\n    [[[configuration]]]\n";
    let end = before.len();
    assert_one_edit_keeps_the_analysis("trailing blank", before, end..end, " ");
}

/// Found by the `edit_sequence` fuzz target: identical node sections misplaced in different
/// sections (here `[parameters …]`) read the same units, but each finding names the section
/// its own node sits in.
#[test]
fn identical_nodes_in_different_sections_keep_their_own_findings() {
    let misplaced = "[[nodearray hpc]]\nMachineType = x\n";
    let before = format!(
        "[cluster c]\n[[node edited]]\n{}",
        ["A", "B", "C", "D"]
            .map(|name| format!("[parameters {name}]\n{misplaced}"))
            .concat()
    );
    let at = "[cluster c]\n[[node edited]]\n".len();
    assert_one_edit_keeps_the_analysis("identical nodes", &before, at..at, "Zone = 1\n");
}

/// Found by the `edit_sequence` fuzz target: the declaration fix copies the indentation of the
/// last `[[parameter]]` header, which lies before that section's text (in no unit).
#[test]
fn a_header_indented_anew_changes_the_fixes_that_copy_its_indentation() {
    let before = "[cluster c]\n[[node n]]\nA = $Missing\n[parameters P]\n    [[parameter X]]\n";
    let header = before.find("[[parameter").expect("header");
    assert_one_edit_keeps_the_analysis("header indentation", before, header - 3..header, "");
}

/// The blanks before a header replaced by as many others: nothing moves, yet the fixes that
/// copy the header's indentation change (the gap is read again, not kept by its place).
#[test]
fn a_header_indented_with_other_blanks_of_one_length_changes_those_fixes() {
    let before = "[cluster c]\n[[node n]]\nA = $Missing\n[parameters P]\n    [[parameter X]]\n";
    let header = before.find("[[parameter").expect("header");
    assert_one_edit_keeps_the_analysis(
        "header re-indented",
        before,
        header - 4..header,
        "\t\t\t\t",
    );
}

/// A template large enough for the analysis to share its work with the helper thread
/// (inheritance beside the per-node run keys, the line and node runs beside the document
/// rules): typing in it still gives what a fresh analysis gives.
#[test]
fn cached_analysis_on_two_threads_equals_fresh_analysis() {
    let text = cyclecloud_e2e::generated::generated_template(150, 5_000);
    let mut document = Document::new(&text);
    let mut session = Session::default();
    let first = session.analyze(&document.snapshot());
    assert!(
        first.model.attributes.len() >= 3_000,
        "the template should be past the two-thread thresholds"
    );
    let typed = "    Extends = defaults\n[[[volume v]]]\n";
    let lines = document.rope().len_lines();
    for place in [lines / 4, (lines * 3) / 4] {
        let offset = document.rope().line_to_byte(place);
        type_comparing(
            "generated",
            &mut document,
            &mut session,
            offset,
            typed,
            |_| {},
        );
    }
    assert!(session.patched > 0, "typing should patch the model");
}

/// Types `typed` at `offset`, one character per version; after each, the cached analysis must
/// equal a fresh one, and `after` sees the cache.
fn type_comparing(
    name: &str,
    document: &mut Document,
    session: &mut Session,
    mut offset: usize,
    typed: &str,
    mut after: impl FnMut(&ModelCache),
) {
    let settings = Settings::default();
    for c in typed.chars() {
        document.apply_edits(&[TextEdit {
            range: offset..offset,
            new_text: c.to_string(),
        }]);
        offset += c.len_utf8();
        let snapshot = document.snapshot();
        let fresh = analyze(&snapshot, &settings);
        assert_same_analysis(name, session.analyze(&snapshot), &fresh);
        after(&session.cache);
    }
}
