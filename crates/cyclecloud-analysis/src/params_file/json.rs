//! A small JSON reader that keeps the byte range of every key and value, so findings in a
//! parameter file point at the text the user wrote. `serde_json` drops positions, and no
//! span-keeping JSON crate is available offline; this one is strict RFC 8259, never panics, and
//! limits nesting so garbage cannot exhaust the stack.

use std::ops::Range;

/// Deeper nesting than this is reported instead of followed (parameter files are flat).
const MAX_DEPTH: usize = 64;

/// One JSON value and where it is written.
#[derive(Clone, Debug, PartialEq)]
pub struct JsonValue {
    /// What the value is.
    pub kind: JsonKind,
    /// Its text, quotes and brackets included.
    pub range: Range<usize>,
}

impl JsonValue {
    /// The text a scalar stands for (a string unquoted, a number or boolean as written), as
    /// CycleCloud compares it with `Config.Entries`; `None` for null, arrays and objects.
    pub fn scalar_text(&self) -> Option<&str> {
        match &self.kind {
            JsonKind::String(text) | JsonKind::Number(text) => Some(text),
            JsonKind::Bool(true) => Some("true"),
            JsonKind::Bool(false) => Some("false"),
            JsonKind::Null | JsonKind::Array(_) | JsonKind::Object(_) => None,
        }
    }

    /// What kind of JSON value it is, for messages.
    pub fn kind_name(&self) -> &'static str {
        match &self.kind {
            JsonKind::Null => "null",
            JsonKind::Bool(_) => "a boolean",
            JsonKind::Number(_) => "a number",
            JsonKind::String(_) => "a string",
            JsonKind::Array(_) => "an array",
            JsonKind::Object(_) => "an object",
        }
    }
}

/// The kinds of JSON value, with what a check needs of each.
#[derive(Clone, Debug, PartialEq)]
pub enum JsonKind {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written (so `3.0` and `3` stay apart for integer checks).
    Number(String),
    /// A string, unescaped.
    String(String),
    /// An array.
    Array(Vec<JsonValue>),
    /// An object's members in document order (duplicates kept).
    Object(Vec<JsonMember>),
}

/// One `"key": value` pair of an object.
#[derive(Clone, Debug, PartialEq)]
pub struct JsonMember {
    /// The key, unescaped.
    pub key: String,
    /// The key's text, quotes included.
    pub key_range: Range<usize>,
    /// The value.
    pub value: JsonValue,
}

/// Why a text is not JSON, and the byte offset where reading stopped.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct JsonError {
    /// One sentence for the user.
    pub message: String,
    /// Byte offset of the problem.
    pub offset: usize,
}

/// Reads one JSON value filling the whole text (blanks around it allowed).
pub fn parse(text: &str) -> Result<JsonValue, JsonError> {
    let mut reader = Reader {
        text,
        bytes: text.as_bytes(),
        pos: 0,
    };
    // A byte-order mark is tolerated: editors on Windows write one.
    if text.starts_with('\u{feff}') {
        reader.pos = 3;
    }
    reader.skip_blanks();
    let value = reader.value(0)?;
    reader.skip_blanks();
    if reader.pos < reader.bytes.len() {
        return Err(reader.error("unexpected text after the JSON value"));
    }
    Ok(value)
}

struct Reader<'t> {
    text: &'t str,
    bytes: &'t [u8],
    pos: usize,
}

impl Reader<'_> {
    fn error(&self, message: &str) -> JsonError {
        JsonError {
            message: message.to_owned(),
            offset: self.pos.min(self.bytes.len()),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.bytes.get(self.pos).copied()
    }

    fn skip_blanks(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn expect(&mut self, byte: u8, what: &str) -> Result<(), JsonError> {
        if self.peek() == Some(byte) {
            self.pos += 1;
            Ok(())
        } else {
            Err(self.error(what))
        }
    }

    fn value(&mut self, depth: usize) -> Result<JsonValue, JsonError> {
        if depth > MAX_DEPTH {
            return Err(self.error("JSON nested too deeply"));
        }
        let start = self.pos;
        let kind = match self.peek() {
            None => return Err(self.error("expected a JSON value, found the end of the file")),
            Some(b'{') => self.object(depth)?,
            Some(b'[') => self.array(depth)?,
            Some(b'"') => JsonKind::String(self.string()?),
            Some(b'-' | b'0'..=b'9') => self.number()?,
            Some(_) => self.word()?,
        };
        Ok(JsonValue {
            kind,
            range: start..self.pos,
        })
    }

    fn word(&mut self) -> Result<JsonKind, JsonError> {
        for (word, kind) in [
            ("true", JsonKind::Bool(true)),
            ("false", JsonKind::Bool(false)),
            ("null", JsonKind::Null),
        ] {
            if self.bytes[self.pos..].starts_with(word.as_bytes()) {
                self.pos += word.len();
                return Ok(kind);
            }
        }
        Err(self.error("expected a JSON value (a string in double quotes, a number, true, false, null, an array or an object)"))
    }

    fn object(&mut self, depth: usize) -> Result<JsonKind, JsonError> {
        self.pos += 1;
        let mut members = Vec::new();
        self.skip_blanks();
        if self.peek() == Some(b'}') {
            self.pos += 1;
            return Ok(JsonKind::Object(members));
        }
        loop {
            self.skip_blanks();
            if self.peek() != Some(b'"') {
                return Err(self.error("expected a key in double quotes"));
            }
            let key_start = self.pos;
            let key = self.string()?;
            let key_range = key_start..self.pos;
            self.skip_blanks();
            self.expect(b':', "expected `:` after the key")?;
            self.skip_blanks();
            let value = self.value(depth + 1)?;
            members.push(JsonMember {
                key,
                key_range,
                value,
            });
            self.skip_blanks();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b'}') => {
                    self.pos += 1;
                    return Ok(JsonKind::Object(members));
                }
                _ => return Err(self.error("expected `,` or `}` after a member")),
            }
        }
    }

    fn array(&mut self, depth: usize) -> Result<JsonKind, JsonError> {
        self.pos += 1;
        let mut items = Vec::new();
        self.skip_blanks();
        if self.peek() == Some(b']') {
            self.pos += 1;
            return Ok(JsonKind::Array(items));
        }
        loop {
            self.skip_blanks();
            items.push(self.value(depth + 1)?);
            self.skip_blanks();
            match self.peek() {
                Some(b',') => self.pos += 1,
                Some(b']') => {
                    self.pos += 1;
                    return Ok(JsonKind::Array(items));
                }
                _ => return Err(self.error("expected `,` or `]` after an element")),
            }
        }
    }

    fn number(&mut self) -> Result<JsonKind, JsonError> {
        let start = self.pos;
        if self.peek() == Some(b'-') {
            self.pos += 1;
        }
        match self.peek() {
            Some(b'0') => self.pos += 1,
            Some(b'1'..=b'9') => self.digits(),
            _ => return Err(self.error("expected a digit")),
        }
        if self.peek() == Some(b'.') {
            self.pos += 1;
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error("expected a digit after `.`"));
            }
            self.digits();
        }
        if matches!(self.peek(), Some(b'e' | b'E')) {
            self.pos += 1;
            if matches!(self.peek(), Some(b'+' | b'-')) {
                self.pos += 1;
            }
            if !matches!(self.peek(), Some(b'0'..=b'9')) {
                return Err(self.error("expected a digit in the exponent"));
            }
            self.digits();
        }
        Ok(JsonKind::Number(self.text[start..self.pos].to_owned()))
    }

    fn digits(&mut self) {
        while matches!(self.peek(), Some(b'0'..=b'9')) {
            self.pos += 1;
        }
    }

    fn string(&mut self) -> Result<String, JsonError> {
        self.pos += 1;
        let mut out = String::new();
        loop {
            let run = self.pos;
            while matches!(self.peek(), Some(byte) if byte != b'"' && byte != b'\\' && byte >= 0x20)
            {
                self.pos += 1;
            }
            // Stops only at ASCII bytes, so the slice is on character boundaries.
            out.push_str(&self.text[run..self.pos]);
            match self.peek() {
                Some(b'"') => {
                    self.pos += 1;
                    return Ok(out);
                }
                Some(b'\\') => {
                    self.pos += 1;
                    out.push(self.escape()?);
                }
                None => return Err(self.error("unterminated string")),
                Some(_) => return Err(self.error("control character in a string (escape it)")),
            }
        }
    }

    fn escape(&mut self) -> Result<char, JsonError> {
        let byte = self
            .peek()
            .ok_or_else(|| self.error("unterminated string"))?;
        self.pos += 1;
        Ok(match byte {
            b'"' => '"',
            b'\\' => '\\',
            b'/' => '/',
            b'b' => '\u{8}',
            b'f' => '\u{c}',
            b'n' => '\n',
            b'r' => '\r',
            b't' => '\t',
            b'u' => {
                let high = self.hex4()?;
                if (0xD800..0xDC00).contains(&high) {
                    if self.bytes[self.pos..].starts_with(b"\\u") {
                        self.pos += 2;
                        let low = self.hex4()?;
                        if (0xDC00..0xE000).contains(&low) {
                            let code = 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00);
                            return Ok(char::from_u32(code).unwrap_or('\u{fffd}'));
                        }
                    }
                    '\u{fffd}'
                } else {
                    char::from_u32(high).unwrap_or('\u{fffd}')
                }
            }
            _ => {
                self.pos -= 1;
                return Err(self.error("unknown escape in a string"));
            }
        })
    }

    fn hex4(&mut self) -> Result<u32, JsonError> {
        let digits = self
            .bytes
            .get(self.pos..self.pos + 4)
            .and_then(|hex| std::str::from_utf8(hex).ok())
            .and_then(|hex| {
                u32::from_str_radix(hex, 16)
                    .ok()
                    .filter(|_| !hex.starts_with('+'))
            })
            .ok_or_else(|| self.error("expected four hex digits after `\\u`"))?;
        self.pos += 4;
        Ok(digits)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keeps_ranges_of_keys_and_values() {
        let text = r#" { "Region" : "westeurope", "Max": 10, "On": true, "L": [1, "a\u00e9"] } "#;
        let JsonKind::Object(members) = parse(text).unwrap().kind else {
            panic!("object")
        };
        assert_eq!(&text[members[0].key_range.clone()], "\"Region\"");
        assert_eq!(&text[members[0].value.range.clone()], "\"westeurope\"");
        assert_eq!(members[1].value.kind, JsonKind::Number("10".to_owned()));
        assert_eq!(members[2].value.kind, JsonKind::Bool(true));
        let JsonKind::Array(items) = &members[3].value.kind else {
            panic!("array")
        };
        assert_eq!(items[1].kind, JsonKind::String("aé".to_owned()));
    }

    #[test]
    fn reports_bad_json_with_its_offset() {
        for (text, offset) in [
            ("{\"a\": 1,}", 8),
            ("{\"a\" 1}", 5),
            ("{'a': 1}", 1),
            ("{\"a\": tru}", 6),
            ("{\"a\": 01}", 7),
            ("{\"a\": \"x", 8),
            ("{} x", 3),
            ("", 0),
        ] {
            let error = parse(text).unwrap_err();
            assert_eq!(error.offset, offset, "{text}: {}", error.message);
        }
    }

    #[test]
    fn garbage_and_deep_nesting_never_panic() {
        let deep = "[".repeat(100_000);
        assert!(parse(&deep).is_err());
        for text in [
            "\\u",
            "\"\\ud800\"",
            "\"\\u12",
            "-",
            "1e",
            "{\"é\":",
            "\u{feff}",
            "\"\u{1}\"",
        ] {
            let _ = parse(text);
        }
        assert_eq!(
            parse("\"\\ud83d\\ude00\"").unwrap().kind,
            JsonKind::String("😀".to_owned())
        );
    }
}
