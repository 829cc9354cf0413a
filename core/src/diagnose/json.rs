//! JSON re-serialisation: the same tokens with other whitespace, as other
//! serialisers (or a framework's body parser) would write them.

pub(crate) enum Tok<'a> {
    Punct(u8),
    Atom(&'a str),
}

pub(crate) fn json_tokens(text: &str) -> Option<Vec<Tok<'_>>> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b' ' | b'\t' | b'\n' | b'\r' => i += 1,
            c @ (b'{' | b'}' | b'[' | b']' | b',' | b':') => {
                out.push(Tok::Punct(c));
                i += 1;
            }
            b'"' => {
                let start = i;
                i += 1;
                loop {
                    match b.get(i)? {
                        b'\\' => i += 2,
                        b'"' => break,
                        _ => i += 1,
                    }
                }
                i += 1;
                out.push(Tok::Atom(&text[start..i]));
            }
            _ => {
                let start = i;
                while i < b.len()
                    && !matches!(
                        b[i],
                        b' ' | b'\t'
                            | b'\n'
                            | b'\r'
                            | b'{'
                            | b'}'
                            | b'['
                            | b']'
                            | b','
                            | b':'
                            | b'"'
                    )
                {
                    i += 1;
                }
                out.push(Tok::Atom(&text[start..i]));
            }
        }
    }
    matches!(out.first(), Some(Tok::Punct(b'{' | b'['))).then_some(out)
}

#[derive(Clone, Copy)]
pub(crate) enum JsonStyle {
    Compact,
    Spaced,
    Indent(usize),
}

pub(crate) fn render_json(toks: &[Tok<'_>], style: JsonStyle) -> String {
    let mut s = String::new();
    let mut depth = 0usize;
    let newline = |s: &mut String, depth: usize, n: usize| {
        s.push('\n');
        s.extend(std::iter::repeat_n(' ', depth * n));
    };
    let mut i = 0;
    while i < toks.len() {
        match (&toks[i], style) {
            (Tok::Atom(a), _) => s.push_str(a),
            (Tok::Punct(c @ (b'{' | b'[')), JsonStyle::Indent(n)) => {
                s.push(*c as char);
                let close = if *c == b'{' { b'}' } else { b']' };
                if matches!(toks.get(i + 1), Some(Tok::Punct(x)) if *x == close) {
                    s.push(close as char);
                    i += 1;
                } else {
                    depth += 1;
                    newline(&mut s, depth, n);
                }
            }
            (Tok::Punct(c @ (b'}' | b']')), JsonStyle::Indent(n)) => {
                depth = depth.saturating_sub(1);
                newline(&mut s, depth, n);
                s.push(*c as char);
            }
            (Tok::Punct(b','), JsonStyle::Indent(n)) => {
                s.push(',');
                newline(&mut s, depth, n);
            }
            (Tok::Punct(b','), JsonStyle::Spaced) => s.push_str(", "),
            (Tok::Punct(b':'), JsonStyle::Spaced | JsonStyle::Indent(_)) => s.push_str(": "),
            (Tok::Punct(c), _) => s.push(*c as char),
        }
        i += 1;
    }
    s
}

/// The body as other serialisers would have written the same JSON, each with a
/// description; only those that differ from `body`.
pub(crate) fn reserialised(body: &[u8]) -> Vec<(&'static str, Vec<u8>)> {
    let Ok(text) = std::str::from_utf8(body) else {
        return Vec::new();
    };
    let Some(toks) = json_tokens(text) else {
        return Vec::new();
    };
    let styles = [
        ("compact JSON", JsonStyle::Compact),
        ("JSON with a space after each , and :", JsonStyle::Spaced),
        ("JSON indented by 2 spaces", JsonStyle::Indent(2)),
        ("JSON indented by 4 spaces", JsonStyle::Indent(4)),
    ];
    let mut out: Vec<(&'static str, Vec<u8>)> = Vec::new();
    for (name, style) in styles {
        let v = render_json(&toks, style).into_bytes();
        if v != body && !out.iter().any(|(_, o)| *o == v) {
            out.push((name, v));
        }
    }
    out
}

/// A JSON value as JavaScript's `JSON.parse` builds it: strings as UTF-16
/// code units, numbers as doubles, an object's members in JavaScript's own
/// order. Only what `JSON.stringify` needs to write it back.
pub(crate) enum JsValue {
    Object(Vec<(Vec<u16>, JsValue)>),
    Array(Vec<JsValue>),
    String(Vec<u16>),
    Number(f64),
    Literal(&'static str),
}

/// Deeper than this the body is not taken apart (no recursion without bound
/// on a body that anyone may send).
const MAX_DEPTH: usize = 64;

/// `JSON.parse(text)`, or `None` where it would throw (or nests too deep).
pub(crate) fn js_parse(text: &str) -> Option<JsValue> {
    let toks = json_tokens(text)?;
    let mut at = 0;
    let value = js_value(&toks, &mut at, 0)?;
    (at == toks.len()).then_some(value)
}

fn js_value(toks: &[Tok<'_>], at: &mut usize, depth: usize) -> Option<JsValue> {
    if depth > MAX_DEPTH {
        return None;
    }
    let tok = toks.get(*at)?;
    *at += 1;
    match tok {
        Tok::Punct(b'{') => {
            let mut members: Vec<(Vec<u16>, JsValue)> = Vec::new();
            if matches!(toks.get(*at), Some(Tok::Punct(b'}'))) {
                *at += 1;
                return Some(JsValue::Object(members));
            }
            loop {
                let Some(Tok::Atom(name)) = toks.get(*at) else {
                    return None;
                };
                let name = js_string(name)?;
                *at += 1;
                if !matches!(toks.get(*at), Some(Tok::Punct(b':'))) {
                    return None;
                }
                *at += 1;
                let value = js_value(toks, at, depth + 1)?;
                // A repeated name keeps its first place and takes the last value.
                match members.iter_mut().find(|(n, _)| *n == name) {
                    Some(member) => member.1 = value,
                    None => members.push((name, value)),
                }
                let separator = toks.get(*at)?;
                *at += 1;
                match separator {
                    Tok::Punct(b',') => {}
                    Tok::Punct(b'}') => break,
                    _ => return None,
                }
            }
            // Own property order: array indices ascending first, then the
            // other names in insertion order.
            let mut indexed: Vec<(u32, (Vec<u16>, JsValue))> = Vec::new();
            let mut named = Vec::new();
            for member in members {
                match array_index(&member.0) {
                    Some(i) => indexed.push((i, member)),
                    None => named.push(member),
                }
            }
            indexed.sort_by_key(|(i, _)| *i);
            let mut ordered: Vec<(Vec<u16>, JsValue)> =
                indexed.into_iter().map(|(_, m)| m).collect();
            ordered.extend(named);
            Some(JsValue::Object(ordered))
        }
        Tok::Punct(b'[') => {
            let mut items = Vec::new();
            if matches!(toks.get(*at), Some(Tok::Punct(b']'))) {
                *at += 1;
                return Some(JsValue::Array(items));
            }
            loop {
                items.push(js_value(toks, at, depth + 1)?);
                let separator = toks.get(*at)?;
                *at += 1;
                match separator {
                    Tok::Punct(b',') => {}
                    Tok::Punct(b']') => break,
                    _ => return None,
                }
            }
            Some(JsValue::Array(items))
        }
        Tok::Punct(_) => None,
        Tok::Atom(a) if a.starts_with('"') => js_string(a).map(JsValue::String),
        Tok::Atom(a) => match *a {
            "true" => Some(JsValue::Literal("true")),
            "false" => Some(JsValue::Literal("false")),
            "null" => Some(JsValue::Literal("null")),
            number if is_json_number(number) => number.parse().ok().map(JsValue::Number),
            _ => None,
        },
    }
}

/// An array index as ECMAScript orders property keys: the canonical decimal
/// of an integer below 2³² − 1.
fn array_index(name: &[u16]) -> Option<u32> {
    let text = String::from_utf16(name).ok()?;
    let canonical = text == "0"
        || (!text.starts_with('0') && !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()));
    let i: u32 = text.parse().ok().filter(|_| canonical)?;
    (i < u32::MAX).then_some(i)
}

fn is_json_number(a: &str) -> bool {
    let b = a.strip_prefix('-').unwrap_or(a).as_bytes();
    let digits = |b: &[u8], i: &mut usize| {
        let start = *i;
        while b.get(*i).is_some_and(u8::is_ascii_digit) {
            *i += 1;
        }
        *i > start
    };
    let mut i = 0;
    if b.first() == Some(&b'0') {
        i = 1;
    } else if !digits(b, &mut i) {
        return false;
    }
    if b.get(i) == Some(&b'.') {
        i += 1;
        if !digits(b, &mut i) {
            return false;
        }
    }
    if matches!(b.get(i), Some(b'e' | b'E')) {
        i += 1;
        if matches!(b.get(i), Some(b'+' | b'-')) {
            i += 1;
        }
        if !digits(b, &mut i) {
            return false;
        }
    }
    i == b.len()
}

/// A JSON string token (with its quotes) decoded to UTF-16 code units, lone
/// surrogates kept as JavaScript keeps them.
fn js_string(token: &str) -> Option<Vec<u16>> {
    let inner = token.strip_prefix('"')?.strip_suffix('"')?;
    let mut out = Vec::new();
    let mut chars = inner.chars();
    while let Some(c) = chars.next() {
        match c {
            '\\' => {
                let unit = match chars.next()? {
                    '"' => 0x22,
                    '\\' => 0x5c,
                    '/' => 0x2f,
                    'b' => 0x08,
                    'f' => 0x0c,
                    'n' => 0x0a,
                    'r' => 0x0d,
                    't' => 0x09,
                    'u' => {
                        let hex: String = chars.by_ref().take(4).collect();
                        if hex.len() != 4 || !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
                            return None;
                        }
                        u16::from_str_radix(&hex, 16).ok()?
                    }
                    _ => return None,
                };
                out.push(unit);
            }
            c if (c as u32) < 0x20 => return None,
            c => out.extend(c.encode_utf16(&mut [0; 2]).iter()),
        }
    }
    Some(out)
}

impl JsValue {
    /// The member `name` of an object (`value[name]`).
    pub(crate) fn member(&self, name: &str) -> Option<&JsValue> {
        let JsValue::Object(members) = self else {
            return None;
        };
        let name: Vec<u16> = name.encode_utf16().collect();
        members.iter().find(|(n, _)| *n == name).map(|(_, v)| v)
    }

    /// `JSON.stringify(value)`: no whitespace, only `"`, `\` and control
    /// characters escaped (not `/`, not non-ASCII), numbers as JavaScript
    /// writes them.
    pub(crate) fn stringify(&self) -> String {
        let mut out = String::new();
        self.write(&mut out);
        out
    }

    fn write(&self, out: &mut String) {
        match self {
            JsValue::Object(members) => {
                out.push('{');
                for (i, (name, value)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    write_js_string(name, out);
                    out.push(':');
                    value.write(out);
                }
                out.push('}');
            }
            JsValue::Array(items) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                    }
                    item.write(out);
                }
                out.push(']');
            }
            JsValue::String(units) => write_js_string(units, out),
            JsValue::Number(x) => out.push_str(&js_number(*x)),
            JsValue::Literal(l) => out.push_str(l),
        }
    }
}

fn write_js_string(units: &[u16], out: &mut String) {
    out.push('"');
    for unit in char::decode_utf16(units.iter().copied()) {
        match unit {
            Ok('"') => out.push_str("\\\""),
            Ok('\\') => out.push_str("\\\\"),
            Ok('\u{8}') => out.push_str("\\b"),
            Ok('\u{c}') => out.push_str("\\f"),
            Ok('\n') => out.push_str("\\n"),
            Ok('\r') => out.push_str("\\r"),
            Ok('\t') => out.push_str("\\t"),
            Ok(c) if (c as u32) < 0x20 => out.push_str(&format!("\\u{:04x}", c as u32)),
            Ok(c) => out.push(c),
            Err(lone) => out.push_str(&format!("\\u{:04x}", lone.unpaired_surrogate())),
        }
    }
    out.push('"');
}

/// `Number.prototype.toString()` of a double (ECMAScript Number::toString):
/// the shortest digits that round-trip, in fixed notation from 1e-6 to 1e21.
fn js_number(x: f64) -> String {
    if !x.is_finite() {
        return "null".into();
    }
    if x == 0.0 {
        return "0".into();
    }
    // `{:e}` writes the shortest round-trip digits: "1.2345e-7".
    let exp_form = format!("{:e}", x.abs());
    let (mantissa, exponent) = exp_form.split_once('e').unwrap_or((&exp_form, "0"));
    let digits: String = mantissa.chars().filter(|c| *c != '.').collect();
    let k = digits.len() as i64;
    let n = exponent.parse::<i64>().unwrap_or(0) + 1;
    let text = if k <= n && n <= 21 {
        format!("{digits}{}", "0".repeat((n - k) as usize))
    } else if 0 < n && n <= 21 {
        format!("{}.{}", &digits[..n as usize], &digits[n as usize..])
    } else if -6 < n && n <= 0 {
        format!("0.{}{digits}", "0".repeat((-n) as usize))
    } else {
        let sign = if n - 1 < 0 { '-' } else { '+' };
        let e = (n - 1).abs();
        if k == 1 {
            format!("{digits}e{sign}{e}")
        } else {
            format!("{}.{}e{sign}{e}", &digits[..1], &digits[1..])
        }
    };
    if x < 0.0 {
        format!("-{text}")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_styles() {
        let toks = json_tokens(r#"{ "a" : [1, {}, []], "b":"x, y: z" }"#).unwrap();
        assert_eq!(
            render_json(&toks, JsonStyle::Compact),
            r#"{"a":[1,{},[]],"b":"x, y: z"}"#
        );
        assert_eq!(
            render_json(&toks, JsonStyle::Spaced),
            r#"{"a": [1, {}, []], "b": "x, y: z"}"#
        );
        assert_eq!(
            render_json(&toks, JsonStyle::Indent(2)),
            "{\n  \"a\": [\n    1,\n    {},\n    []\n  ],\n  \"b\": \"x, y: z\"\n}"
        );
        assert!(json_tokens("plain text").is_none());
        assert!(json_tokens("{\"unterminated").is_none());
    }

    /// The expected texts are what Node's `JSON.stringify(JSON.parse(text))` printed.
    #[test]
    fn stringify_as_javascript_does() {
        let stringify = |text: &str| js_parse(text).map(|v| v.stringify());
        assert_eq!(
            stringify(r#"{ "b" : 1, "a": [1.50, -0, 1e21, 1e-7, 123456789012345678901, 0.000001, 1E+2, -2.5e-10], "2": "x", "10": true, "01": null, "b": 2 }"#).unwrap(),
            r#"{"2":"x","10":true,"b":2,"a":[1.5,0,1e+21,1e-7,123456789012345680000,0.000001,100,-2.5e-10],"01":null}"#
        );
        assert_eq!(
            stringify(r#"{"u": "Caf\u00e9 Zoë \/path\/ \"q\" \\ \n\t\b\f\r \u0001 \u001f \ud800 \ud83d\ude00 😀"}"#).unwrap(),
            r#"{"u":"Café Zoë /path/ \"q\" \\ \n\t\b\f\r \u0001 \u001f \ud800 😀 😀"}"#
        );
        assert_eq!(
            stringify(r#"{"4294967294": 1, "4294967295": 2, "1": 3}"#).unwrap(),
            r#"{"1":3,"4294967294":1,"4294967295":2}"#
        );
        assert_eq!(stringify("[ ]").unwrap(), "[]");
        assert_eq!(stringify("[1e400]").unwrap(), "[null]");
        // what JSON.parse refuses
        for bad in [
            "{\"a\":01}",
            "{\"a\":1,}",
            "[1 2]",
            "{\"a\" 1}",
            "{\"a\":tru}",
            "{\"a\":\"\\x\"}",
            "{\"a\":\"\\u12\"}",
            "{\"a\":\"tab\there\"}",
            "{a:1}",
            "[1] [2]",
            "[1.]",
            "[-]",
        ] {
            assert!(stringify(bad).is_none(), "{bad}");
        }
        let deep = format!("{}{}", "[".repeat(MAX_DEPTH + 2), "]".repeat(MAX_DEPTH + 2));
        assert!(js_parse(&deep).is_none());
        let fits = format!("{}{}", "[".repeat(MAX_DEPTH), "]".repeat(MAX_DEPTH));
        assert_eq!(stringify(&fits).unwrap(), fits);
    }

    #[test]
    fn member_of_an_object() {
        let v = js_parse(r#"{"payload": [ {"a": 1} ], "payload2": 0}"#).unwrap();
        assert_eq!(v.member("payload").unwrap().stringify(), r#"[{"a":1}]"#);
        assert!(v.member("missing").is_none());
        assert!(js_parse("[1]").unwrap().member("payload").is_none());
    }
}
