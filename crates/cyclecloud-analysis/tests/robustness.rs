//! Bad input never panics: random bytes, binary data, very long lines, deeply nested
//! expressions and mutated real templates all come back as diagnostics.

use cyclecloud_analysis::{analyze, Settings};
use cyclecloud_syntax::Snapshot;
use proptest::prelude::*;

fn analyze_text(text: &str) -> usize {
    let snapshot = Snapshot::parse(text);
    analyze(&snapshot, &Settings::default()).diagnostics.len()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn random_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2048)) {
        analyze_text(&String::from_utf8_lossy(&bytes));
    }

    #[test]
    fn template_shaped_noise_never_panics(parts in proptest::collection::vec(prop_oneof![
        Just("[cluster c]\n"), Just("[[node defaults]]\n"), Just("[[nodearray x]]\n"), Just("[[[volume v]]]\n"),
        Just("[[[configuration]]]\n"), Just("[[[parameter P]]]\n"), Just("[parameters A]\n"), Just("ImageId = /subscriptions/x\n"),
        Just("Extends = x, defaults\n"), Just("JetpackVersion = 7.9.0\n"), Just("JetpackPlatform = centos7\n"),
        Just("a := f(${x}\n"), Just("b = $P, ${ifThenElse(a, b, c)}\n"), Just("'''\n"), Just("\"\n"), Just("#"),
        Just("é"), Just("😀"), Just("\r\n"), Just("Abstract = true\n"), Just("Mount = data\n"), Just("[[["), Just("]]"),
        Just("= ="), Just(":="), Just("{% if %}\n"), Just("\u{a0}"), Just("\0"),
    ], 0..60)) {
        analyze_text(&parts.concat());
    }
}

#[test]
fn binary_content_is_analysed() {
    let bytes: Vec<u8> = (0..200_000u32)
        .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
        .collect();
    analyze_text(&String::from_utf8_lossy(&bytes));
}

#[test]
fn a_100_kb_line_is_analysed() {
    let long = format!(
        "[cluster c]\n[[node n]]\nDescription = {}\nx = {}\n",
        "word ".repeat(20_000),
        "$P".repeat(50_000)
    );
    assert!(long.len() > 200_000);
    analyze_text(&long);
}

#[test]
fn deeply_nested_expressions_are_analysed() {
    for depth in [1_000usize, 50_000] {
        let text = format!(
            "[cluster c]\n[[node n]]\na := {}x{}\nb = ${{{}1{}}}\n",
            "(".repeat(depth),
            ")".repeat(depth),
            "f(".repeat(depth),
            ")".repeat(depth)
        );
        // Run in a thread with the default test stack: deep trees must not recurse per level.
        std::thread::spawn(move || analyze_text(&text))
            .join()
            .expect("no stack overflow or panic");
    }
    let unclosed = format!("a := {}\n", "{[".repeat(30_000));
    std::thread::spawn(move || analyze_text(&unclosed))
        .join()
        .expect("no stack overflow or panic");
}

#[test]
fn mutated_real_templates_are_analysed() {
    let corpus = cyclecloud_e2e::corpus::corpus();
    // The fixture set is small: mutate every file of it, and more often.
    let (step, per_file) = if corpus.is_shared() { (4, 8) } else { (1, 32) };
    let mut seed = 0x9E37_79B9_7F4A_7C15u64;
    let mut next = move || {
        seed ^= seed << 13;
        seed ^= seed >> 7;
        seed ^= seed << 17;
        seed
    };
    let mut mutations = 0;
    for path in corpus.files.iter().step_by(step) {
        let original = std::fs::read(path).unwrap();
        for _ in 0..per_file {
            let mut bytes = original.clone();
            for _ in 0..1 + next() % 6 {
                if bytes.is_empty() {
                    break;
                }
                let at = (next() as usize) % bytes.len();
                match next() % 3 {
                    0 => {
                        let replacements = b"[]'\"#$={}(),:\n";
                        bytes[at] = replacements[(next() as usize) % replacements.len()];
                    }
                    1 => drop(bytes.drain(at..(at + (next() % 40) as usize).min(bytes.len()))),
                    _ => bytes
                        .splice(at..at, b"'''[[x]]${".iter().copied())
                        .for_each(drop),
                }
            }
            analyze_text(&String::from_utf8_lossy(&bytes));
            mutations += 1;
        }
    }
    println!("analysed {mutations} mutated templates");
    assert!(mutations > 300);
}
