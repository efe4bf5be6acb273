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
