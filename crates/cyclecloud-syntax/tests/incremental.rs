//! Incremental reparsing agrees with a fresh parse: random edits to real templates, checked
//! after every edit against a plain `String` model and a from-scratch parse of it.

mod contract;

use std::fmt::Write as _;

use std::ops::Range;
use std::time::Instant;

use contract::{apply_to_model, clamp_range, floor_char_boundary, tree_difference};
use cyclecloud_syntax::{Document, Snapshot, TextEdit};
use proptest::prelude::*;

// ------------------------------------------------------------------ corpus

use cyclecloud_e2e::corpus::corpus;

// ------------------------------------------------------------------ PRNG

/// xorshift64*: tiny, seedable and good enough to pick edits.
struct Rng(u64);

impl Rng {
    fn new(seed: u64) -> Rng {
        // splitmix64 once, so nearby seeds give unrelated streams and zero is not a fixed point.
        let mut z = seed.wrapping_add(0x9E37_79B9_7F4A_7C15);
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        Rng((z ^ (z >> 31)) | 1)
    }

    fn next_u64(&mut self) -> u64 {
        let mut x = self.0;
        x ^= x >> 12;
        x ^= x << 25;
        x ^= x >> 27;
        self.0 = x;
        x.wrapping_mul(0x2545_F491_4F6C_DD1D)
    }

    /// Uniform-ish in `0..n` (`n > 0`).
    fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }

    /// Uniform-ish in `range` (inclusive).
    fn between(&mut self, low: usize, high: usize) -> usize {
        low + self.below(high - low + 1)
    }

    /// True with probability `percent`/100.
    fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
}

// ------------------------------------------------------------------ edits and the model

/// Pieces of template syntax that stress the external scanner, strings and line ends.
const FRAGMENTS: &[&str] = &[
    "[",
    "]",
    "[[",
    "]]]",
    "'",
    "\"",
    "'''",
    "\"\"\"",
    "#",
    "$",
    "${",
    "}",
    "=",
    ":=",
    ",",
    "\n",
    "\r\n",
    " ",
    "\t",
    "é",
    "中",
    "😀",
    "\u{a0}",
    "[[nodearray x]]\n",
    "Size = 1\n",
];

const WORDS: &[&str] = &[
    "cluster",
    "nodearray",
    "node",
    "parameters",
    "parameter",
    "configuration",
    "volume",
    "true",
    "undefined",
    "in",
];

fn random_word(rng: &mut Rng) -> String {
    if rng.chance(30) {
        return WORDS[rng.below(WORDS.len())].to_owned();
    }
    const ALPHABET: &[u8] = b"abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.-";
    let len = rng.between(1, 8);
    (0..len)
        .map(|_| ALPHABET[rng.below(ALPHABET.len())] as char)
        .collect()
}

fn random_text(rng: &mut Rng) -> String {
    let pieces = rng.between(1, 3);
    let mut text = String::new();
    for _ in 0..pieces {
        if rng.chance(70) {
            text.push_str(FRAGMENTS[rng.below(FRAGMENTS.len())]);
        } else {
            text.push_str(&random_word(rng));
        }
    }
    text
}

/// A byte offset in `0..=text.len()`, raw (possibly inside a multi-byte char, which
/// `Document` must clamp) and biased towards line starts and syntax characters.
fn random_offset(rng: &mut Rng, text: &str) -> usize {
    let len = text.len();
    if len == 0 {
        return 0;
    }
    let raw = rng.below(len + 1);
    match rng.below(100) {
        // Just after the next line break: where headers and keys start.
        0..=24 => text[floor_char_boundary(text, raw)..]
            .find('\n')
            .map_or(len, |i| floor_char_boundary(text, raw) + i + 1),
        // At the next character the grammar cares about.
        25..=39 => {
            let from = floor_char_boundary(text, raw);
            text[from..]
                .find(['[', ']', '\'', '"', '=', '#', '$', '\r', '\n'])
                .map_or(len, |i| from + i)
        }
        _ => raw,
    }
}

fn random_delete_len(rng: &mut Rng) -> usize {
    match rng.below(100) {
        0..=69 => rng.between(1, 4),
        70..=94 => rng.between(5, 40),
        _ => rng.between(41, 400),
    }
}

fn random_edit(rng: &mut Rng, text: &str) -> TextEdit {
    let start = random_offset(rng, text);
    let (range, new_text) = match rng.below(100) {
        // Insert.
        0..=44 => (start..start, random_text(rng)),
        // Delete.
        45..=74 => (start..start + random_delete_len(rng), String::new()),
        // Replace.
        _ => (start..start + random_delete_len(rng), random_text(rng)),
    };
    TextEdit { range, new_text }
}

/// Opens `before`, applies `edit` incrementally and compares with a fresh parse.
fn divergence(before: &str, edit: &TextEdit) -> Option<String> {
    let mut document = Document::new(before);
    document.apply_edits(std::slice::from_ref(edit));
    let mut model = before.to_owned();
    apply_to_model(&mut model, edit);
    tree_difference(document.tree(), Snapshot::parse(&model).tree())
}

/// A one-edit case: the text before the edit and the (already clamped) edit.
type Case = (String, TextEdit);

/// `case` without the bytes `cut` of its text, or `None` when the cut straddles an end of the
/// edit's range. A cut before the range shifts it; a cut inside it shrinks it.
fn without(case: &Case, cut: Range<usize>) -> Option<Case> {
    let (text, edit) = case;
    let range = &edit.range;
    let shift = |at: usize| if at >= cut.end { at - cut.len() } else { at };
    let inside = range.start <= cut.start && cut.end <= range.end;
    let disjoint = cut.end <= range.start || range.end <= cut.start;
    if !(inside || disjoint) {
        return None;
    }
    let mut text = text.clone();
    text.replace_range(cut.clone(), "");
    let range = if inside {
        range.start..range.end - cut.len()
    } else {
        shift(range.start)..shift(range.end)
    };
    let edit = TextEdit {
        range,
        new_text: edit.new_text.clone(),
    };
    Some((text, edit))
}

/// Deletes ever smaller runs of chars (halving from half the string down to one char, from the
/// end backwards so earlier char boundaries stay valid) from the string `pick` selects, keeping
/// every deletion after which `candidate` still diverges.
fn shrink(
    case: &mut Case,
    pick: fn(&Case) -> &str,
    candidate: fn(&Case, Range<usize>) -> Option<Case>,
) -> bool {
    let mut shrunk = false;
    let mut size = (pick(case).chars().count() / 2).max(1);
    loop {
        let bounds: Vec<usize> = pick(case)
            .char_indices()
            .map(|(i, _)| i)
            .chain([pick(case).len()])
            .collect();
        let mut end = bounds.len() - 1;
        while end > 0 {
            let start = end.saturating_sub(size);
            if let Some(smaller) = candidate(case, bounds[start]..bounds[end]) {
                if divergence(&smaller.0, &smaller.1).is_some() {
                    *case = smaller;
                    shrunk = true;
                }
            }
            end = start;
        }
        if size == 1 {
            return shrunk;
        }
        size /= 2;
    }
}

/// Shrinks a one-edit divergence: deletes text before, inside and after the edit's range and
/// chars of the inserted text for as long as the incremental tree still differs.
fn minimise(before: String, edit: TextEdit) -> Case {
    let mut case = (before, edit);
    loop {
        let text_shrunk = shrink(&mut case, |case| &case.0, without);
        let insert_shrunk = shrink(
            &mut case,
            |case| &case.1.new_text,
            |case, cut| {
                let mut case = case.clone();
                case.1.new_text.replace_range(cut, "");
                Some(case)
            },
        );
        if !text_shrunk && !insert_shrunk {
            return case;
        }
    }
}

// ------------------------------------------------------------------ differential test

/// The base seed; each file gets its own stream derived from it and its index.
const BASE_SEED: u64 = 0x00C7_C1EC_10D5;
/// Edits per file for files up to 8 KiB; larger files get fewer (their reparses cost more).
const EDITS_PER_SMALL_FILE: usize = 32;

fn edits_for(len: usize) -> usize {
    match len {
        0..=8_192 => EDITS_PER_SMALL_FILE,
        8_193..=32_768 => 24,
        _ => 12,
    }
}

/// `name` from the environment as a number, for longer or different fuzzing runs by hand
/// (`INCREMENTAL_SEED=0x1234 INCREMENTAL_EDIT_SCALE=20 cargo test --test incremental`).
fn env_number(name: &str) -> Option<u64> {
    let value = std::env::var(name).ok()?;
    let value = value.trim();
    match value.strip_prefix("0x") {
        Some(hex) => u64::from_str_radix(hex, 16).ok(),
        None => value.parse().ok(),
    }
}

#[test]
fn incremental_reparse_matches_fresh_parse_on_random_edits_to_corpus_templates() {
    let corpus = corpus();
    let started = Instant::now();
    let files = &corpus.files;
    let base_seed = env_number("INCREMENTAL_SEED").unwrap_or(BASE_SEED);
    // The fixture set is small: edit each of its files 16 times as often.
    let default_scale = if corpus.is_shared() { 1 } else { 16 };
    let scale = env_number("INCREMENTAL_EDIT_SCALE").unwrap_or(default_scale) as usize;
    let mut total_edits = 0usize;
    let mut divergences = Vec::new();
    for (index, path) in files.iter().enumerate() {
        let text = std::fs::read_to_string(path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let shown = corpus.relative(path);
        let seed = base_seed ^ (index as u64).wrapping_mul(0x1000_0000_01B3);
        let mut rng = Rng::new(seed);
        let mut document = Document::new(&text);
        let mut model = text;
        let mut undo: Option<TextEdit> = None;
        for step in 0..edits_for(model.len()) * scale {
            // Now and then undo the previous edit, as editors do, which often makes the text
            // valid again: the transition where a stale reused subtree would show most.
            let edit = match undo.take() {
                Some(undo) if rng.chance(15) => undo,
                _ => random_edit(&mut rng, &model),
            };
            let before = model.clone();
            undo = Some(apply_to_model(&mut model, &edit));
            document.apply_edits(std::slice::from_ref(&edit));
            total_edits += 1;

            let rope_text = document.rope().to_string();
            assert!(
                rope_text == model,
                "rope differs from the model after edit #{step} {edit:?} to {shown} \
                 (seed {seed:#x})"
            );
            let fresh = Snapshot::parse(&model);
            if let Some(difference) = tree_difference(document.tree(), fresh.tree()) {
                let clamped = TextEdit {
                    range: clamp_range(&before, &edit.range),
                    new_text: edit.new_text.clone(),
                };
                let mut message =
                    format!("{shown}: edit #{step} {edit:?} (seed {seed:#x}): {difference}\n");
                if divergence(&before, &clamped).is_some() {
                    let (text, edit) = minimise(before, clamped);
                    let difference = divergence(&text, &edit).unwrap_or_default();
                    let _ = writeln!(
                        message,
                        "minimal reproducer: Document::new({text:?}) then apply_edits(&[{edit:?}])\n{difference}"
                    );
                } else {
                    let _ = writeln!(
                        message,
                        "(not reproducible from a fresh document plus this one edit: it depends \
                         on the edit history)"
                    );
                }
                divergences.push(message);
                // Start again from a correct tree so later edits are checked on their own.
                document = Document::new(&model);
            }
        }
    }
    println!(
        "incremental: {total_edits} edits applied to {} files, {} divergences, {:.1?}",
        files.len(),
        divergences.len(),
        started.elapsed()
    );
    assert!(
        total_edits >= 5_000,
        "only {total_edits} edits were applied"
    );
    assert!(
        divergences.is_empty(),
        "{} of {total_edits} edits left an incremental tree unlike a fresh parse:\n\n{}",
        divergences.len(),
        divergences.join("\n")
    );
}

// ------------------------------------------------------------------ minimal reproducers
//
// Divergences the differential test found (with other seeds and longer runs), shrunk by
// `minimise`. Each asserts what should hold, so each fails until its cause is fixed.

/// Applies one edit to `before` incrementally and asserts the tree equals a fresh parse.
fn assert_incremental_matches_fresh(before: &str, edit: TextEdit) {
    if let Some(difference) = divergence(before, &edit) {
        panic!("Document::new({before:?}) then apply_edits(&[{edit:?}]): {difference}");
    }
}

/// Regression (found by the differential test): U+00A0 used to be both a blank and a `text`
/// character, so after `$P` the comment started at the U+00A0 on a fresh parse (6..14) but
/// after it on a reparse (8..14). The grammar now keeps U+00A0 and U+FEFF out of text, keys
/// and names, so both parses agree.
#[test]
fn nbsp_before_a_comment_after_a_value_keeps_the_comment_range_on_reparse() {
    // Inserting a line right after it: the edit touches the lookahead of the line break, so
    // the attribute is re-entered, the value node reused and the comment lexed again.
    let before = "a = $P\u{a0}# note\nb = 1\n";
    let next_line = before.find('\n').expect("a line break") + 1;
    assert_incremental_matches_fresh(
        before,
        TextEdit {
            range: next_line..next_line,
            new_text: "c = 2\n".to_owned(),
        },
    );
}

/// Both trees have errors, and their shapes differ: the contract (see `tree_difference`) only
/// asks that both have errors. The first parse tries, on a recovery branch that loses, a
/// `triple_string` at `'''` whose scan reads to the end of the file (it is unterminated);
/// the kept branch's tokens look only a few bytes ahead, so the section is reused when `'''`
/// is appended at the very end, although the fresh parse now closes the string there and
/// recovers differently. The scanner's unbounded lookahead makes this likely; the reuse of an
/// error-containing subtree is tree-sitter's.
#[test]
fn with_errors_closing_a_triple_string_after_an_error_may_keep_the_old_recovery() {
    let before = "[t\ne=''''''>'''\n=\n[\n";
    assert_incremental_matches_fresh(
        before,
        TextEdit {
            range: before.len()..before.len(),
            new_text: "'''".to_owned(),
        },
    );
}

/// Both trees have errors, and their shapes differ (allowed, see `tree_difference`); no
/// external token is involved. Deleting `(r(""` inside a broken
/// interpolation: the reparse reuses `arguments` subtrees and error recovery settles on a
/// different (cheaper-looking) tree than a fresh parse does.
#[test]
fn with_errors_recovery_inside_a_broken_interpolation_depends_on_reused_subtrees() {
    let before = "s=${((r(r(\"\"(r,\"\",t(r,\n)?c:3}";
    assert_incremental_matches_fresh(
        before,
        TextEdit {
            range: 7..12,
            new_text: String::new(),
        },
    );
}

// ------------------------------------------------------------------ proptest

/// One line of a small template.
fn template_line() -> impl Strategy<Value = String> {
    prop_oneof![
        (1usize..=3, "[a-z]{1,8}", "[a-z0-9 ]{0,6}").prop_map(|(rank, kind, name)| format!(
            "{}{kind} {name}{}\n",
            "[".repeat(rank),
            "]".repeat(rank)
        )),
        (
            "[A-Za-z.]{1,10}",
            prop::sample::select(vec!["=", ":="]),
            "[ -~]{0,16}"
        )
            .prop_map(|(key, op, value)| format!("{key} {op} {value}\n")),
        "#[ -~]{0,12}\n",
        Just("\n".to_owned()),
        Just("\r\n".to_owned()),
        Just("Script = '''\nrun it\n'''\n".to_owned()),
        Just("Cmd = \"\"\"a \"quoted\" b\"\"\"\n".to_owned()),
        Just("Name = ${ifThenElse(a, \"x\", 'y')}\n".to_owned()),
        Just("Tags := [a = 1; b = \"é中😀\"]\n".to_owned()),
    ]
}

fn fragment() -> impl Strategy<Value = String> {
    prop_oneof![
        4 => prop::sample::select(FRAGMENTS).prop_map(str::to_owned),
        1 => "[A-Za-z0-9_]{1,6}",
        1 => "\\PC{0,4}",
    ]
}

/// A raw edit: offsets may run past the end, sit inside a char or be reversed.
fn raw_edit() -> impl Strategy<Value = TextEdit> {
    (0usize..600, 0usize..600, fragment(), any::<bool>()).prop_map(|(start, end, text, insert)| {
        TextEdit {
            range: if insert { start..start } else { start..end },
            new_text: text,
        }
    })
}

proptest! {
    // No persistence file: a failure prints its shrunk input, to be pasted into a named test.
    #![proptest_config(ProptestConfig {
        cases: 128,
        failure_persistence: None,
        ..ProptestConfig::default()
    })]

    #[test]
    fn random_edit_sequences_never_panic_and_keep_the_rope_equal_to_the_model(
        lines in prop::collection::vec(template_line(), 0..24),
        batches in prop::collection::vec(prop::collection::vec(raw_edit(), 1..4), 1..24),
    ) {
        let mut model: String = lines.concat();
        let mut document = Document::new(&model);
        for batch in &batches {
            document.apply_edits(batch);
            for edit in batch {
                apply_to_model(&mut model, edit);
            }
            prop_assert_eq!(document.rope().to_string(), model.clone());
            // The tree always covers the text it was parsed from.
            prop_assert!(document.tree().root_node().end_byte() <= model.len());
        }
    }
}
