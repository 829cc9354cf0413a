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
}
