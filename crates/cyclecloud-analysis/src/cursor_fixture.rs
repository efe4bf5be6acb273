//! The fixture form of the cursor features' tests (completion, hover, signature help): a
//! template with `$0` where the cursor is.

/// Removes the `$0` cursor marker from a fixture; returns the text and the cursor's offset.
pub(crate) fn cursor(fixture: &str) -> (String, usize) {
    let text = fixture.strip_prefix('\n').unwrap_or(fixture);
    let offset = text
        .find("$0")
        .expect("the fixture marks the cursor with $0");
    (
        format!("{}{}", &text[..offset], &text[offset + 2..]),
        offset,
    )
}

/// Half-typed and odd templates the cursor features must answer (or decline) at every offset.
pub(crate) const ODD_INPUTS: [&str; 5] = [
    "[cluster c]\n[[nod",
    "[cluster c]\r\n[[node n]]\r\nKey = ",
    "[[[\n]]]\n$\n${\n${a.\n:=\n = =\n[x]\n\"\n'''\n",
    "[cluster é]\n[[node ü]]\nA = ${ifThenElse(é, \"ü\"\nB := [a=1; b={1,2\n",
    "",
];
