//! Just enough JSON for this extension, written by hand so the crate has no
//! dependencies: string escaping for building output, and a scanner that
//! returns the raw text of a top-level object member.
//!
//! The scanner is tolerant rather than validating: it finds value boundaries
//! correctly (strings with escapes, nested objects/arrays) but does not check
//! that every byte in between is well-formed JSON.

/// Appends `s` to `out` as a quoted JSON string.
pub fn push_string(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if (c as u32) < 0x20 => {
                const HEX: &[u8; 16] = b"0123456789abcdef";
                let v = c as u32 as usize;
                out.push_str("\\u00");
                out.push(HEX[v >> 4] as char);
                out.push(HEX[v & 0xf] as char);
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// `{"ok":<value>}` where `value` is raw JSON text.
pub fn ok(value: &str) -> String {
    let mut out = String::with_capacity(value.len() + 7);
    out.push_str("{\"ok\":");
    out.push_str(value);
    out.push('}');
    out
}

/// `{"error":{"code":<code>,"message":<message>}}`.
pub fn error(code: &str, message: &str) -> String {
    let mut out = String::from("{\"error\":{\"code\":");
    push_string(&mut out, code);
    out.push_str(",\"message\":");
    push_string(&mut out, message);
    out.push_str("}}");
    out
}

fn is_ws(b: u8) -> bool {
    matches!(b, b' ' | b'\t' | b'\n' | b'\r')
}

fn skip_ws(bytes: &[u8], mut i: usize) -> usize {
    while i < bytes.len() && is_ws(bytes[i]) {
        i += 1;
    }
    i
}

/// `bytes[start]` must be `"`; returns the index just past the closing quote.
fn skip_string(bytes: &[u8], start: usize) -> Option<usize> {
    let mut i = start + 1;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2, // the escaped byte can never end the string
            b'"' => return Some(i + 1),
            _ => i += 1,
        }
    }
    None
}

/// Returns the index just past the JSON value starting at `start`.
fn skip_value(bytes: &[u8], start: usize) -> Option<usize> {
    match *bytes.get(start)? {
        b'"' => skip_string(bytes, start),
        b'{' | b'[' => {
            // Brackets inside strings must not count, so strings are skipped
            // as a whole; the kinds of bracket are not matched against each
            // other (tolerant, not validating).
            let mut depth = 0usize;
            let mut i = start;
            while i < bytes.len() {
                match bytes[i] {
                    b'"' => {
                        i = skip_string(bytes, i)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth -= 1;
                        if depth == 0 {
                            return Some(i + 1);
                        }
                    }
                    _ => {}
                }
                i += 1;
            }
            None
        }
        // Scalar (number, true, false, null): runs up to a delimiter.
        _ => {
            let mut i = start;
            while i < bytes.len() && !is_ws(bytes[i]) && !matches!(bytes[i], b',' | b'}' | b']') {
                i += 1;
            }
            if i == start {
                None
            } else {
                Some(i)
            }
        }
    }
}

/// Raw JSON text of member `key` of the top-level object in `json`, or
/// `None` if `json` is not an object or has no such member. Keys are compared
/// after decoding escapes, so `"\u006dethod"` matches `method`.
pub fn member<'a>(json: &'a str, key: &str) -> Option<&'a str> {
    let bytes = json.as_bytes();
    let mut i = skip_ws(bytes, 0);
    if bytes.get(i) != Some(&b'{') {
        return None;
    }
    i = skip_ws(bytes, i + 1);
    if bytes.get(i) == Some(&b'}') {
        return None;
    }
    loop {
        if bytes.get(i) != Some(&b'"') {
            return None;
        }
        let key_end = skip_string(bytes, i)?;
        let this_key = parse_string(&json[i..key_end]);
        i = skip_ws(bytes, key_end);
        if bytes.get(i) != Some(&b':') {
            return None;
        }
        let value_start = skip_ws(bytes, i + 1);
        let value_end = skip_value(bytes, value_start)?;
        if this_key.as_deref() == Some(key) {
            return Some(&json[value_start..value_end]);
        }
        i = skip_ws(bytes, value_end);
        match bytes.get(i) {
            Some(b',') => i = skip_ws(bytes, i + 1),
            _ => return None, // '}' (key not found) or malformed
        }
    }
}

fn hex4(bytes: &[u8]) -> Option<u32> {
    if bytes.len() < 4 {
        return None;
    }
    let mut v = 0u32;
    for &b in &bytes[..4] {
        v = (v << 4) | (b as char).to_digit(16)?;
    }
    Some(v)
}

/// Decodes a JSON string literal (including its quotes). `None` if `raw` is
/// not a well-formed string literal.
pub fn parse_string(raw: &str) -> Option<String> {
    let bytes = raw.as_bytes();
    if bytes.len() < 2 || bytes[0] != b'"' || bytes[bytes.len() - 1] != b'"' {
        return None;
    }
    let body = &raw[1..raw.len() - 1];
    let mut out = String::with_capacity(body.len());
    let mut chars = body.char_indices();
    while let Some((pos, c)) = chars.next() {
        match c {
            '"' => return None, // unescaped quote inside the literal
            '\\' => {
                let (_, e) = chars.next()?;
                match e {
                    '"' => out.push('"'),
                    '\\' => out.push('\\'),
                    '/' => out.push('/'),
                    'b' => out.push('\u{8}'),
                    'f' => out.push('\u{c}'),
                    'n' => out.push('\n'),
                    'r' => out.push('\r'),
                    't' => out.push('\t'),
                    'u' => {
                        let rest = &body.as_bytes()[pos + 2..];
                        let hi = hex4(rest)?;
                        let mut consumed = 4;
                        let code = if (0xD800..0xDC00).contains(&hi) {
                            // High surrogate: must be followed by \uDC00-\uDFFF.
                            let tail = rest.get(4..)?;
                            if tail.len() < 6 || tail[0] != b'\\' || tail[1] != b'u' {
                                return None;
                            }
                            let lo = hex4(&tail[2..])?;
                            if !(0xDC00..0xE000).contains(&lo) {
                                return None;
                            }
                            consumed += 6;
                            0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                        } else {
                            hi
                        };
                        out.push(char::from_u32(code)?);
                        // The consumed characters are ASCII hex digits and
                        // `\u`, so skipping by char equals skipping by byte.
                        for _ in 0..consumed {
                            chars.next();
                        }
                    }
                    _ => return None,
                }
            }
            c => out.push(c),
        }
    }
    Some(out)
}

/// Parses a non-negative integer written as plain digits.
pub fn parse_u64(raw: &str) -> Option<u64> {
    let raw = raw.trim();
    if raw.is_empty() || !raw.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    raw.parse().ok()
}

/// Parses a UUID string (`8-4-4-4-12` hex, hyphens optional) into its 16 raw
/// bytes, in the usual big-endian textual order.
pub fn parse_uuid(s: &str) -> Option<[u8; 16]> {
    let mut out = [0u8; 16];
    let mut n = 0usize;
    for (i, c) in s.chars().enumerate() {
        if c == '-' {
            if !matches!(i, 8 | 13 | 18 | 23) {
                return None;
            }
            continue;
        }
        let d = c.to_digit(16)? as u8;
        if n >= 32 {
            return None;
        }
        out[n / 2] = (out[n / 2] << 4) | d;
        n += 1;
    }
    if n == 32 {
        Some(out)
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn member_finds_raw_values() {
        let j = r#" { "a" : "x\"}" , "b":{"c":[1,{"d":"]"}]},"method":"core.ping", "n": 42 ,"z":null}"#;
        assert_eq!(member(j, "a"), Some(r#""x\"}""#));
        assert_eq!(member(j, "b"), Some(r#"{"c":[1,{"d":"]"}]}"#));
        assert_eq!(member(j, "method"), Some(r#""core.ping""#));
        assert_eq!(member(j, "n"), Some("42"));
        assert_eq!(member(j, "z"), Some("null"));
        assert_eq!(member(j, "c"), None);
        assert_eq!(member(j, "d"), None);
        assert_eq!(member("{}", "a"), None);
        assert_eq!(member("[1]", "a"), None);
        assert_eq!(member(r#"{"\u0061":1}"#, "a"), Some("1"));
        assert_eq!(member(r#"{"a":"unterminated}"#, "a"), None);
    }

    #[test]
    fn strings_round_trip() {
        let s = "q\"b\\n\n\u{1}é😀";
        let mut quoted = String::new();
        push_string(&mut quoted, s);
        assert_eq!(quoted, "\"q\\\"b\\\\n\\n\\u0001é😀\"");
        assert_eq!(parse_string(&quoted).as_deref(), Some(s));
        assert_eq!(parse_string(r#""\ud83d\ude00\u00e9\/""#).as_deref(), Some("😀é/"));
        assert_eq!(parse_string(r#""\ud83d""#), None);
        assert_eq!(parse_string("\"a\"b\""), None);
        assert_eq!(parse_string("x"), None);
    }

    #[test]
    fn builders() {
        assert_eq!(ok("[1]"), r#"{"ok":[1]}"#);
        assert_eq!(error("c", "m\"x"), r#"{"error":{"code":"c","message":"m\"x"}}"#);
    }

    #[test]
    fn numbers_and_uuids() {
        assert_eq!(parse_u64(" 17 "), Some(17));
        assert_eq!(parse_u64("-1"), None);
        assert_eq!(parse_u64("1.5"), None);
        let id = parse_uuid("01234567-89ab-cdef-0123-456789ABCDEF").unwrap();
        assert_eq!(id[0], 0x01);
        assert_eq!(id[15], 0xef);
        assert_eq!(parse_uuid("0123456789abcdef0123456789abcdef"), Some(id));
        assert_eq!(parse_uuid("0123456-789ab-cdef-0123-456789abcdef"), None);
        assert_eq!(parse_uuid("01234567-89ab-cdef-0123-456789abcde"), None);
    }
}
