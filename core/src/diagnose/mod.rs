//! Which known mistakes produced a token, signature or header that does not verify.
//!
//! Each scheme has a catalogue of the mistakes integrators make (an enum per
//! scheme: [`XPayMistake`], [`CyberSourceMistake`], [`PaySimpleMistake`],
//! [`WebhookMistake`]). A diagnosis recomputes the correct value from the
//! credentials and the request; when the received value differs, it
//! recomputes the value each mistake — and each pair of mistakes in different
//! parts of the message — would have produced, and reports the smallest set
//! that reproduces the received value, most likely first, each with one
//! sentence that says what went wrong and how to fix it. When none does, the
//! expected value is given beside the received one.
//!
//! Explanations name request parts (paths, queries, dates, digests) but never
//! a secret.
//!
//! ```
//! use paysign::diagnose::{xpay, XPayRequest};
//! use paysign::PathRule;
//! let req = XPayRequest {
//!     api_key: "K", shared_secret: b"s", method: "GET",
//!     url: "https://sandbox.api.visa.com/vdp/helloworld?apikey=K", body: b"",
//!     path_rule: PathRule::ContextPath, time: None,
//! };
//! // the Node article's token: milliseconds, and "/helloworld" instead of "helloworld"
//! let mac = paysign::hmac_sha256(b"s", b"1455716783000/helloworldapikey=K");
//! let wrong = format!("xv2:1455716783000:{}", hex::encode(mac));
//! let report = xpay::diagnose(&req, &wrong).unwrap();
//! assert_eq!(report.mistakes, ["timestamp_milliseconds", "resource_path_leading_slash"]);
//! ```

use std::fmt;

pub mod cybersource;
mod json;
pub mod paysimple;
pub mod webhook;
pub mod xpay;

pub use cybersource::{CyberSourceMistake, CyberSourceRequest};
pub use paysimple::{PaySimpleMistake, PaySimpleRequest};
pub use webhook::{WebhookMistake, WebhookRequest};
pub use xpay::{XPayMistake, XPayRequest};

/// One entry of a scheme's catalogue, as `--list` prints it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Mistake {
    /// Stable snake-case identifier, e.g. `"resource_path_leading_slash"`.
    pub id: &'static str,
    /// What the mistake is, in a few words.
    pub summary: &'static str,
}

/// What every scheme's mistake enum provides.
pub trait Catalogued: Copy + Ord + fmt::Debug + 'static {
    /// Every mistake, in the order a report lists them (most likely first).
    const ALL: &'static [Self];
    /// The stable id (what bindings and `cases.json` compare).
    fn id(self) -> &'static str;
    /// A few words.
    fn summary(self) -> &'static str;
}

/// Declares a scheme's mistakes once: the enum, its ids and summaries, and the
/// catalogue constant `--list` prints.
macro_rules! catalogue {
    ($(#[$meta:meta])* $vis:vis enum $name:ident, $list:ident { $($(#[$vmeta:meta])* $variant:ident => $id:literal, $summary:literal,)+ }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
        #[non_exhaustive]
        $vis enum $name { $($(#[$vmeta])* #[doc = $summary] $variant,)+ }

        impl $crate::diagnose::Catalogued for $name {
            const ALL: &'static [Self] = &[$($name::$variant,)+];
            fn id(self) -> &'static str { match self { $($name::$variant => $id,)+ } }
            fn summary(self) -> &'static str { match self { $($name::$variant => $summary,)+ } }
        }

        impl $name {
            /// The stable id.
            pub fn id(self) -> &'static str { $crate::diagnose::Catalogued::id(self) }
        }

        /// The catalogue, in the order reports list mistakes.
        pub const $list: &[$crate::diagnose::Mistake] = &[$($crate::diagnose::Mistake { id: $id, summary: $summary },)+];
    };
}
pub(crate) use catalogue;

pub use cybersource::CYBERSOURCE;
pub use paysimple::PAYSIMPLE;
pub use webhook::WEBHOOK;
pub use xpay::XPAY;

/// A diagnosis as every binding returns it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Report {
    /// The received value is the correct one.
    pub valid: bool,
    /// The ids of the mistakes found, most likely first; empty when valid or unexplained.
    pub mistakes: Vec<&'static str>,
    /// One paragraph: what went wrong and how to fix it (or "valid").
    pub message: String,
    /// The correct value, when the received one is wrong.
    pub expected: Option<String>,
}

impl Report {
    /// The received value is the correct one.
    pub fn valid() -> Self {
        Report {
            valid: true,
            mistakes: vec![],
            message: "valid".into(),
            expected: None,
        }
    }

    /// Wrong, and no known mistake reproduces it.
    pub fn no_match(expected: String, received: &str) -> Self {
        Report {
            valid: false,
            mistakes: vec![],
            message: format!(
                "no known mistake reproduces it: expected {expected}, received {}",
                shown(received)
            ),
            expected: Some(expected),
        }
    }
}

impl fmt::Display for Report {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.mistakes.is_empty() {
            write!(f, "{}: ", self.mistakes.join(", "))?;
        }
        f.write_str(&self.message)
    }
}

/// The mistakes found so far, each with its sentence; one entry per mistake.
#[derive(Debug)]
pub(crate) struct Findings<M> {
    found: Vec<(M, String)>,
}

impl<M: Catalogued> Findings<M> {
    pub(crate) fn new() -> Self {
        Findings { found: Vec::new() }
    }

    /// Adds `mistake` unless it is already there (the first sentence is kept).
    pub(crate) fn add(&mut self, mistake: M, why: impl Into<String>) {
        if !self.has(mistake) {
            self.found.push((mistake, why.into()));
        }
    }

    pub(crate) fn has(&self, mistake: M) -> bool {
        self.found.iter().any(|(m, _)| *m == mistake)
    }

    pub(crate) fn is_empty(&self) -> bool {
        self.found.is_empty()
    }

    /// Every mistake in catalogue order, the sentences joined; `expected` is
    /// the correct value.
    pub(crate) fn into_report(mut self, expected: String) -> Report {
        if self.found.is_empty() {
            return Report::valid();
        }
        self.found.sort_by_key(|(m, _)| *m);
        Report {
            valid: false,
            mistakes: self.found.iter().map(|(m, _)| m.id()).collect(),
            message: self
                .found
                .iter()
                .map(|(_, why)| why.as_str())
                .collect::<Vec<_>>()
                .join(" "),
            expected: Some(expected),
        }
    }
}

/// One way a part of the message may have been made wrong.
pub(crate) struct Variant<'a, S, M> {
    pub mistake: M,
    pub why: String,
    pub apply: Box<dyn Fn(&mut S) + 'a>,
}

impl<'a, S, M> Variant<'a, S, M> {
    pub(crate) fn new(mistake: M, why: impl Into<String>, apply: impl Fn(&mut S) + 'a) -> Self {
        Variant {
            mistake,
            why: why.into(),
            apply: Box::new(apply),
        }
    }
}

/// The wrong ways of one part of a message; mistakes of different axes are
/// independent and combine.
pub(crate) type Axis<'a, S, M> = Vec<Variant<'a, S, M>>;

/// The most mistakes combined in one search: every pair across two axes.
pub const MAX_COMBINED: usize = 2;

/// Finds the fewest variants, from distinct axes, that turn `correct` into a
/// state `hits` accepts: none (the value is right), one, then every pair —
/// first by axis order, then by variant order. `None`: nothing reproduces it.
pub(crate) fn search<'v, 'a, S: Clone, M>(
    correct: &S,
    axes: &'v [Axis<'a, S, M>],
    mut hits: impl FnMut(&S) -> bool,
) -> Option<Vec<&'v Variant<'a, S, M>>> {
    if hits(correct) {
        return Some(vec![]);
    }
    for axis in axes {
        for v in axis {
            let mut s = correct.clone();
            (v.apply)(&mut s);
            if hits(&s) {
                return Some(vec![v]);
            }
        }
    }
    for (i, first_axis) in axes.iter().enumerate() {
        for second_axis in &axes[i + 1..] {
            for a in first_axis {
                let mut once = correct.clone();
                (a.apply)(&mut once);
                for b in second_axis {
                    let mut s = once.clone();
                    (b.apply)(&mut s);
                    if hits(&s) {
                        return Some(vec![a, b]);
                    }
                }
            }
        }
    }
    None
}

/// A value as shown in an explanation: control characters escaped (quotes
/// are not), length capped.
pub(crate) fn shown(text: &str) -> String {
    const MAX_CHARS: usize = 80;
    let mut out = String::new();
    for c in text.chars().take(MAX_CHARS) {
        if c.is_control() {
            out.extend(c.escape_debug());
        } else {
            out.push(c);
        }
    }
    if text.chars().count() > MAX_CHARS {
        out.push('…');
    }
    out
}

/// A value quoted for an explanation.
pub(crate) fn q(text: &str) -> String {
    format!("`{}`", shown(text))
}

pub(crate) fn q_bytes(bytes: &[u8]) -> String {
    q(&String::from_utf8_lossy(bytes))
}

/// The first header named `name` (any case, names trimmed).
pub(crate) fn find_header<'a>(headers: &[(&'a str, &'a str)], name: &str) -> Option<&'a str> {
    headers
        .iter()
        .find(|(n, _)| n.trim().eq_ignore_ascii_case(name))
        .map(|(_, v)| *v)
}

/// The secret as read from a file or an environment file with its line end.
pub(crate) const SECRET_LINE_ENDS: [&str; 2] = ["\n", "\r\n"];

#[cfg(test)]
mod tests;
