//! Small text helpers shared by the engine's messages and the outputs:
//! numbers with thousands separators, plurals, values quoted and shortened,
//! control characters made visible, case folding.

use std::borrow::Cow;

/// How much of a value a message quotes.
const VALUE_QUOTED: usize = 60;

/// `1234567` as `1,234,567`.
pub fn group(number: u64) -> String {
    let digits = number.to_string();
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (index, digit) in digits.chars().enumerate() {
        if index > 0 && (digits.len() - index) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    out
}

/// `1 character`, `2 characters`, `1,000 lines`.
pub fn plural(count: u64, noun: &str) -> String {
    if count == 1 {
        format!("1 {noun}")
    } else {
        format!("{} {noun}s", group(count))
    }
}

/// Text with its control characters written as escapes (`\u{1b}`), so that
/// a value from a file can't drive the terminal it is shown on.
pub fn printable(text: &str) -> Cow<'_, str> {
    if !text.chars().any(char::is_control) {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.chars()
            .map(|c| {
                if c.is_control() {
                    c.escape_unicode().to_string()
                } else {
                    c.to_string()
                }
            })
            .collect(),
    )
}

/// Shortens a value: at most `max` characters, then `…`.
pub fn truncate(value: &str, max: usize) -> Cow<'_, str> {
    match value.char_indices().nth(max) {
        None => value.into(),
        Some((cut, _)) => format!("{}…", &value[..cut]).into(),
    }
}

/// A value as a message quotes it: shortened, control characters escaped,
/// in double quotes, or in single quotes when it holds a double quote.
pub fn quote(value: &str) -> String {
    let shown = printable(&truncate(value, VALUE_QUOTED)).into_owned();
    if value.contains('"') {
        format!("'{shown}'")
    } else {
        format!("\"{shown}\"")
    }
}

/// `a BCRYPT`, `an ARGON2ID`: a name with its indefinite article.
pub fn with_article(name: &str) -> String {
    let article = if name.starts_with(['A', 'E', 'I', 'O', 'U', 'a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    };
    format!("{article} {name}")
}

/// Levenshtein distance, for "did you mean" suggestions on short names.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let b: Vec<char> = b.chars().collect();
    let mut previous: Vec<usize> = (0..=b.len()).collect();
    for (i, ca) in a.chars().enumerate() {
        let mut current = vec![i + 1; b.len() + 1];
        for (j, &cb) in b.iter().enumerate() {
            let substitution = previous[j] + usize::from(ca != cb);
            current[j + 1] = substitution.min(previous[j + 1] + 1).min(current[j] + 1);
        }
        previous = current;
    }
    previous[b.len()]
}

/// Writes `value` lowercased, as `str::to_lowercase` does, into `out`
/// (kept between calls, so that folding allocates nothing once it is large
/// enough).
pub fn fold_case_into(value: &str, out: &mut String) {
    out.clear();
    // Runs of ASCII and of lowercase letters are copied as they are, and
    // the ASCII lowercased in one go at the end (no lowercase mapping gives
    // an ASCII capital); other characters are mapped one by one.
    let bytes = value.as_bytes();
    let mut copied = 0;
    let mut at = 0;
    while let Some(ascii) = bytes[at..].iter().position(|byte| !byte.is_ascii()) {
        at += ascii;
        let c = value[at..].chars().next().expect("a character starts here");
        let next = at + c.len_utf8();
        if !c.is_lowercase() {
            if c == 'Σ' {
                // Capital sigma lowercases by its place in a word (σ or ς):
                // leave the whole value to std.
                out.clear();
                out.push_str(&value.to_lowercase());
                return;
            }
            out.push_str(&value[copied..at]);
            out.extend(c.to_lowercase());
            copied = next;
        }
        at = next;
    }
    out.push_str(&value[copied..]);
    out.make_ascii_lowercase();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_and_plurals() {
        assert_eq!(group(0), "0");
        assert_eq!(group(999), "999");
        assert_eq!(group(1_000), "1,000");
        assert_eq!(group(100_000_001), "100,000,001");
        assert_eq!(plural(1, "line"), "1 line");
        assert_eq!(plural(0, "line"), "0 lines");
        assert_eq!(plural(12_345, "user"), "12,345 users");
    }

    #[test]
    fn quoting() {
        assert_eq!(quote("bob@"), "\"bob@\"");
        assert_eq!(quote("say \"hi\""), "'say \"hi\"'");
        assert_eq!(quote("a\u{1b}b"), "\"a\\u{1b}b\"");
        let long = "x".repeat(61);
        assert_eq!(quote(&long), format!("\"{}…\"", "x".repeat(60)));
    }

    #[test]
    fn truncation() {
        assert_eq!(truncate("abc", 5), "abc");
        assert_eq!(truncate("abcdef", 3), "abc…");
        assert_eq!(truncate("ééé", 2), "éé…");
    }

    #[test]
    fn articles_and_distances() {
        assert_eq!(with_article("BCRYPT"), "a BCRYPT");
        assert_eq!(with_article("ARGON2ID"), "an ARGON2ID");
        assert_eq!(edit_distance("emial", "email"), 2);
        assert_eq!(edit_distance("", "abc"), 3);
    }

    #[test]
    fn lowercase_mappings_give_no_ascii_capitals() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            if !c.is_ascii() {
                assert!(!c.to_lowercase().any(|c| c.is_ascii_uppercase()), "{c:?}");
            }
        }
    }

    #[cfg(not(target_arch = "wasm32"))]
    proptest::proptest! {
        #[test]
        fn case_folding_is_lowercasing(value in "[aZ Σσİ\u{212a}éÉ山\u{1e9e}]{0,8}|\\PC{0,8}") {
            let mut out = String::from("left over");
            fold_case_into(&value, &mut out);
            proptest::prop_assert_eq!(out, value.to_lowercase());
        }
    }
}
