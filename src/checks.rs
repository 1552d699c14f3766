//! Checks of single values, as pure functions of the (trimmed) value.
//!
//! Each returns `None` when the value passes, or what is wrong with it, as
//! a typed reason whose words ([`EmailReason::as_str`]...) complete a
//! sentence such as `email "x" is not a valid address: …`.

use crate::pool::HashAlgorithm;
use serde::{Deserialize, Serialize};

/// Declares a reason enum with the words of each reason.
macro_rules! reasons {
    ($(#[$doc:meta])* $name:ident { $($variant:ident => $words:literal,)* }) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
        pub enum $name {
            $(#[doc = $words] $variant,)*
        }

        impl $name {
            /// The reason in words, completing a sentence about the value.
            pub fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $words,)*
                }
            }
        }
    };
}

reasons! {
    /// Why an email address is not valid.
    EmailReason {
        WhiteSpace => "it contains white space",
        TooLong => "it is longer than 254 characters",
        NoAt => "it has no @",
        SeveralAts => "it has more than one @",
        EmptyLocalPart => "the part before the @ is empty",
        EmptyDomain => "the domain is empty",
        NoDotInDomain => "the domain has no dot (expected a domain such as example.com)",
        EmptyDomainLabel => "the domain has an empty part (a dot at its start or end, or two dots in a row)",
        DomainCharacter => "the domain may hold only letters, digits, hyphens and dots",
        LongLocalPart => "the part before the @ is longer than 64 characters",
        LongLabel => "a part of the domain is longer than 63 characters",
    }
}

reasons! {
    /// Why a phone number is not valid.
    PhoneReason {
        NotDigits => "it may hold only a leading + and digits",
        NoDigits => "it has no digits",
        TooManyDigits => "it has more than 15 digits",
        NoCountryCode => "it needs a leading + and the country code",
        DoubleZero => "it starts with 00, the international prefix dialled from many countries, where Cognito needs +",
        ScientificNotation => "it is in scientific notation, as a spreadsheet shows a long number, and its last digits are lost",
        Decimal => "it has a decimal part (.0), as a number read as a float by pandas or a spreadsheet is written",
    }
}

reasons! {
    /// Why a birthdate is not valid.
    DateReason {
        NotADate => "it is not a date of the form mm/dd/yyyy",
        DayFirst => "it is written day first (dd/mm/yyyy)",
        NotReal => "it is not a real calendar date",
        YearFirst => "it is written year first",
        NotExact => "it is not written exactly as mm/dd/yyyy",
        Timestamp => "it is a timestamp, a date with a time",
        YearZero => "0000 is not a year",
    }
}

reasons! {
    /// Why an `updated_at` value is not a number of seconds.
    UpdatedAtReason {
        NotSeconds => "is not a whole number of seconds",
        Negative => "is negative",
        Fraction => "has a fractional part (a float, as pandas writes a number read as one)",
        Date => "is a date, not a number of seconds",
        BeforeEpoch => "is a date before 1970, which no number of seconds since 1970 can be",
    }
}

/// An `updated_at` problem, with the value in seconds when it is certain.
#[derive(Debug, PartialEq, Eq)]
pub struct UpdatedAtProblem {
    /// What is wrong.
    pub reason: UpdatedAtReason,
    /// The same time in whole seconds since 1970-01-01.
    pub corrected: Option<String>,
}

/// What makes `value` an invalid `updated_at` (whole seconds since 1970).
///
/// ```
/// use cognito_csv_validator::checks::updated_at_problem;
/// assert_eq!(updated_at_problem("1700000000"), None);
/// let seconds = |value| updated_at_problem(value).unwrap().corrected;
/// assert_eq!(seconds("1700000000.0").as_deref(), Some("1700000000"));
/// assert_eq!(seconds("2023-11-14T22:13:20Z").as_deref(), Some("1700000000"));
/// assert_eq!(seconds("2023-11-15 00:13:20+02:00").as_deref(), Some("1700000000"));
/// assert_eq!(seconds("last week"), None);
/// ```
#[inline]
pub fn updated_at_problem(value: &str) -> Option<UpdatedAtProblem> {
    if !value.is_empty() && value.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    updated_at_not_seconds(value)
}

/// The whole seconds of a time given in finer units (13 or more digits):
/// milliseconds are certain enough to divide; finer, the first ten digits
/// are the seconds of any date until 2286.
///
/// ```
/// use cognito_csv_validator::checks::seconds_of_finer_time;
/// assert_eq!(seconds_of_finer_time("1700000000123").as_deref(), Some("1700000000"));
/// assert_eq!(seconds_of_finer_time("1700000000123456").as_deref(), Some("1700000000"));
/// ```
pub fn seconds_of_finer_time(value: &str) -> Option<String> {
    let divisor = if value.len() < 16 {
        3
    } else {
        value.len() as u32 - 10
    };
    value
        .parse::<u128>()
        .ok()
        .map(|units| (units / 10u128.pow(divisor)).to_string())
}

#[cold]
fn updated_at_not_seconds(value: &str) -> Option<UpdatedAtProblem> {
    let problem = |reason, corrected: Option<String>| Some(UpdatedAtProblem { reason, corrected });
    if parse_integer(value).is_some() {
        return problem(UpdatedAtReason::Negative, None);
    }
    if let Some((whole, fraction)) = value.split_once('.') {
        let digits = |text: &str| !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
        if digits(whole) && digits(fraction) {
            return problem(UpdatedAtReason::Fraction, Some(whole.to_owned()));
        }
    }
    match Timestamp::parse(value).map(|timestamp| timestamp.seconds()) {
        Some(seconds) if seconds >= 0 => problem(UpdatedAtReason::Date, Some(seconds.to_string())),
        Some(_) => problem(UpdatedAtReason::BeforeEpoch, None),
        None => problem(UpdatedAtReason::NotSeconds, None),
    }
}

/// An ISO 8601 date or date and time: `yyyy-mm-dd`, then optionally `T` or
/// a space, `hh:mm`, `:ss`, a fraction, and `Z` or an offset (`+02`,
/// `+02:00`, `+0200`).
struct Timestamp {
    date: (u32, u32, u32),
    /// Seconds into the day, in UTC (the offset taken off).
    seconds: i64,
    /// The value has a time, not a date alone.
    has_time: bool,
}

impl Timestamp {
    fn parse(value: &str) -> Option<Timestamp> {
        let number = |text: &str| -> Option<u32> {
            (!text.is_empty() && text.bytes().all(|b| b.is_ascii_digit()))
                .then(|| text.parse().ok())?
        };
        let date = value.get(..10)?;
        let (year, rest) = date.split_once('-')?;
        let (month, day) = rest.split_once('-')?;
        if year.len() != 4 || month.len() != 2 || day.len() != 2 {
            return None;
        }
        let (y, m, d) = (number(year)?, number(month)?, number(day)?);
        if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
            return None;
        }
        let rest = &value[10..];
        if rest.is_empty() {
            return Some(Timestamp {
                date: (y, m, d),
                seconds: 0,
                has_time: false,
            });
        }
        let rest = rest.strip_prefix(['T', 't', ' '])?;
        // The offset: after the time, at `Z`, `+` or `-`.
        let split = rest.find(['Z', 'z', '+', '-']).unwrap_or(rest.len());
        let (time, offset) = rest.split_at(split);
        let mut parts = time.split(':');
        let hours = number(parts.next()?)?;
        let minutes = number(parts.next()?)?;
        let seconds = match parts.next() {
            None => 0,
            Some(seconds) => number(seconds.split_once('.').map_or(
                seconds,
                |(whole, fraction)| {
                    if fraction.bytes().all(|b| b.is_ascii_digit()) {
                        whole
                    } else {
                        "x"
                    }
                },
            ))?,
        };
        if parts.next().is_some() || hours > 23 || minutes > 59 || seconds > 60 {
            return None;
        }
        let offset_seconds = match offset {
            "" | "Z" | "z" => 0,
            _ => {
                let sign = if offset.starts_with('-') { -1 } else { 1 };
                let digits: String = offset[1..].chars().filter(|&c| c != ':').collect();
                if !digits.bytes().all(|b| b.is_ascii_digit()) {
                    return None;
                }
                let (hours, minutes) = match digits.len() {
                    2 => (number(&digits)?, 0),
                    4 => (number(&digits[..2])?, number(&digits[2..])?),
                    _ => return None,
                };
                if hours > 23 || minutes > 59 {
                    return None;
                }
                sign * i64::from(hours * 3600 + minutes * 60)
            }
        };
        Some(Timestamp {
            date: (y, m, d),
            seconds: i64::from(hours * 3600 + minutes * 60 + seconds) - offset_seconds,
            has_time: true,
        })
    }

    /// Seconds since 1970-01-01T00:00:00Z.
    fn seconds(&self) -> i64 {
        let (y, m, d) = self.date;
        days_from_civil(i64::from(y), i64::from(m), i64::from(d)) * 86_400 + self.seconds
    }
}

/// Days from 1970-01-01 to a date of the proleptic Gregorian calendar
/// (Howard Hinnant's `days_from_civil`).
fn days_from_civil(year: i64, month: i64, day: i64) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400;
    let month_from_march = (month + 9) % 12;
    let day_of_year = (153 * month_from_march + 2) / 5 + day - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// What a Boolean value that is not `true` or `false` stands for, when it
/// is certain: the other words tools write (`1`/`0`, `yes`/`no`, `y`/`n`,
/// psql's `t`/`f`, French `VRAI`/`FAUX`, German `WAHR`/`FALSCH`), in any
/// letter case.
pub fn boolean_meant(value: &str) -> Option<bool> {
    const TRUE: [&str; 6] = ["1", "yes", "y", "t", "vrai", "wahr"];
    const FALSE: [&str; 6] = ["0", "no", "n", "f", "faux", "falsch"];
    let is = |words: &[&str]| words.iter().any(|word| value.eq_ignore_ascii_case(word));
    if is(&TRUE) {
        Some(true)
    } else if is(&FALSE) {
        Some(false)
    } else {
        None
    }
}
use unicode_general_category::{get_general_category, GeneralCategory};

/// A placeholder that a tool writes for "nothing", by the tool.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Placeholder {
    /// `null`: JSON, JavaScript and SQL exports.
    Null,
    /// `None`: Python, written with `str()` (pandas keeps it from objects).
    None,
    /// `undefined`: JavaScript, a missing property in a template string.
    Undefined,
    /// `NaN`: pandas, for an empty cell of a column of numbers.
    NaN,
    /// `N/A`, `#N/A`: spreadsheets.
    NotAvailable,
    /// `\N`: MySQL's `SELECT … INTO OUTFILE` and `mysqldump --tab`.
    MySqlNull,
}

impl Placeholder {
    /// Who writes it.
    pub fn writer(self) -> &'static str {
        match self {
            Placeholder::Null => "JSON, JavaScript and SQL exports write for a null value",
            Placeholder::None => "Python writes for None (pandas keeps it from objects)",
            Placeholder::Undefined => {
                "JavaScript writes for a missing property (a template string)"
            }
            Placeholder::NaN => "pandas writes for an empty cell of a column of numbers",
            Placeholder::NotAvailable => "spreadsheets write for a missing value",
            Placeholder::MySqlNull => "MySQL's SELECT … INTO OUTFILE writes for NULL",
        }
    }
}

/// The placeholder `value` is, if it is one (any letter case).
///
/// ```
/// use cognito_csv_validator::checks::{placeholder, Placeholder};
/// assert_eq!(placeholder("NULL"), Some(Placeholder::Null));
/// assert_eq!(placeholder("\\N"), Some(Placeholder::MySqlNull));
/// assert_eq!(placeholder("Nancy"), None);
/// ```
pub fn placeholder(value: &str) -> Option<Placeholder> {
    if value == "\\N" {
        return Some(Placeholder::MySqlNull);
    }
    if !might_be_placeholder(value.as_bytes()) {
        return None;
    }
    const WORDS: [(&str, Placeholder); 6] = [
        ("null", Placeholder::Null),
        ("none", Placeholder::None),
        ("undefined", Placeholder::Undefined),
        ("nan", Placeholder::NaN),
        ("n/a", Placeholder::NotAvailable),
        ("#n/a", Placeholder::NotAvailable),
    ];
    WORDS
        .iter()
        .find(|(word, _)| value.eq_ignore_ascii_case(word))
        .map(|&(_, placeholder)| placeholder)
}

/// Whether a value's bytes may be a placeholder: a quick test that spares
/// most values the full one.
pub fn might_be_placeholder(bytes: &[u8]) -> bool {
    // Bit 5 lowercases the letters; it makes `\` (MySQL's `\N`) a `|`.
    matches!(bytes, [first, ..] if matches!(first | 0x20, b'n' | b'u' | b'#' | b'|'))
        && (2..=9).contains(&bytes.len())
}

/// `true` / `false` in any letter case; `None` for anything else.
pub fn parse_bool(value: &str) -> Option<bool> {
    // Setting bit 5 lowercases ASCII letters and leaves no other byte
    // equal to a lowercase letter of these words.
    let lowered =
        |bytes: &[u8]| u32::from_le_bytes([bytes[0], bytes[1], bytes[2], bytes[3]]) | 0x2020_2020;
    match value.as_bytes() {
        bytes @ [_, _, _, _] if lowered(bytes) == u32::from_le_bytes(*b"true") => Some(true),
        bytes @ [_, _, _, _, last]
            if lowered(bytes) == u32::from_le_bytes(*b"fals") && last | 0x20 == b'e' =>
        {
            Some(false)
        }
        _ => None,
    }
}

/// Whether `value` has more than `limit` characters (Unicode scalar values).
/// Quick for the common short value: at most `limit` bytes are at most
/// `limit` characters.
pub fn exceeds_chars(value: &str, limit: usize) -> bool {
    value.len() > limit && value.chars().count() > limit
}

/// The first character a username may not contain, with its 1-based
/// position: anything outside letters, marks, symbols, numbers and
/// punctuation (`[\p{L}\p{M}\p{S}\p{N}\p{P}]`).
pub fn invalid_username_char(username: &str) -> Option<(usize, char)> {
    let bytes = username.as_bytes();
    let mut at = 0;
    // Printable ASCII passes as bytes: only the other characters are decoded.
    while let Some(graphic) = bytes[at..].iter().position(|byte| !byte.is_ascii_graphic()) {
        at += graphic;
        let c = username[at..].chars().next()?;
        if !is_username_char(c) {
            return Some((username[..at].chars().count() + 1, c));
        }
        at += c.len_utf8();
    }
    None
}

fn is_username_char(c: char) -> bool {
    if c.is_ascii() {
        return c.is_ascii_graphic();
    }
    use GeneralCategory::*;
    !matches!(
        get_general_category(c),
        SpaceSeparator
            | LineSeparator
            | ParagraphSeparator
            | Control
            | Format
            | Surrogate
            | PrivateUse
            | Unassigned
    )
}

/// How a character reads in a message: `'é'`, or its code point when it is
/// invisible (`U+00A0 (no-break space)`).
pub fn describe_char(c: char) -> String {
    let name = match c {
        ' ' => Some("space"),
        '\t' => Some("tab"),
        '\u{a0}' => Some("no-break space"),
        '\u{200b}' => Some("zero-width space"),
        '\u{200d}' => Some("zero-width joiner"),
        '\u{feff}' => Some("byte order mark"),
        _ => None,
    };
    match name {
        Some(name) => format!("U+{:04X} ({name})", c as u32),
        None if c.is_control() || c.is_whitespace() || !is_username_char(c) => {
            format!("U+{:04X}", c as u32)
        }
        None => format!("'{c}'"),
    }
}

/// What makes `value` an invalid email address, if anything.
///
/// ```
/// use cognito_csv_validator::checks::{email_problem, EmailReason};
/// assert_eq!(email_problem("bob@example.com"), None);
/// assert_eq!(email_problem("bob@"), Some(EmailReason::EmptyDomain));
/// ```
pub fn email_problem(value: &str) -> Option<EmailReason> {
    if plain_email(value.as_bytes()) {
        return None;
    }
    email_checks(value)
}

/// Every check of [`email_problem`], one after the other.
fn email_checks(value: &str) -> Option<EmailReason> {
    let bytes = value.as_bytes();
    // Whole-slice folds over a byte-class table: the compiler vectorises
    // them, and most addresses are read in a few instructions a byte.
    let classes = |part: &[u8]| {
        part.iter()
            .fold(0, |classes, &byte| classes | EMAIL_CLASSES[byte as usize])
    };
    let all = classes(bytes);
    let white_space = if all & NON_ASCII == 0 {
        all & WHITE_SPACE != 0
    } else {
        value.chars().any(char::is_whitespace)
    };
    if white_space {
        return Some(EmailReason::WhiteSpace);
    }
    if exceeds_chars(value, 254) {
        return Some(EmailReason::TooLong);
    }
    let Some(at) = bytes.iter().position(|&byte| byte == b'@') else {
        return Some(EmailReason::NoAt);
    };
    let domain = &bytes[at + 1..];
    if domain.contains(&b'@') {
        return Some(EmailReason::SeveralAts);
    }
    if at == 0 {
        return Some(EmailReason::EmptyLocalPart);
    }
    if domain.is_empty() {
        return Some(EmailReason::EmptyDomain);
    }
    if !domain.contains(&b'.') {
        return Some(EmailReason::NoDotInDomain);
    }
    let empty_label = domain[0] == b'.'
        || domain[domain.len() - 1] == b'.'
        || domain.windows(2).any(|pair| pair == b"..");
    if empty_label {
        return Some(EmailReason::EmptyDomainLabel);
    }
    let domain_classes = classes(domain);
    // Letters of any script, with their marks, are fine (internationalised
    // domains); invisible characters are not.
    let odd = domain_classes & NOT_IN_DOMAIN != 0
        || domain_classes & NON_ASCII != 0
            && !value[at + 1..]
                .chars()
                .all(|c| c.is_ascii() || is_domain_letter(c));
    if odd {
        return Some(EmailReason::DomainCharacter);
    }
    if exceeds_chars(&value[..at], 64) {
        return Some(EmailReason::LongLocalPart);
    }
    if value[at + 1..]
        .split('.')
        .any(|label| exceeds_chars(label, 63))
    {
        return Some(EmailReason::LongLabel);
    }
    None
}

/// A letter of any script, a mark on one, or a digit: what an
/// internationalised domain's labels are made of.
fn is_domain_letter(c: char) -> bool {
    use GeneralCategory::*;
    matches!(
        get_general_category(c),
        UppercaseLetter
            | LowercaseLetter
            | TitlecaseLetter
            | ModifierLetter
            | OtherLetter
            | NonspacingMark
            | SpacingMark
            | EnclosingMark
            | DecimalNumber
    )
}

/// The common address, checked in one pass: at most 254 bytes of ASCII
/// without white space, text before a single `@`, and a domain of letters,
/// digits and hyphens in dot-separated, non-empty labels, at least two.
/// Such an address passes every check of [`email_problem`]; anything else
/// (including every invalid address) is left to those checks.
fn plain_email(bytes: &[u8]) -> bool {
    if bytes.len() > 254 {
        return false;
    }
    let Some(at) = memchr::memchr(b'@', bytes).filter(|&at| (1..=64).contains(&at)) else {
        return false;
    };
    let local = bytes[..at]
        .iter()
        .fold(0, |classes, &byte| classes | EMAIL_CLASSES[byte as usize]);
    if local & (WHITE_SPACE | NON_ASCII) != 0 {
        return false;
    }
    // A dot before the domain makes a leading dot an empty label.
    let mut previous = b'.';
    let mut dots = 0;
    let mut label = 0;
    for &byte in &bytes[at + 1..] {
        // Class 0: a letter, digit, `-` or `.` (so no second `@`).
        if EMAIL_CLASSES[byte as usize] != 0 || byte == b'.' && previous == b'.' {
            return false;
        }
        dots += usize::from(byte == b'.');
        label = if byte == b'.' { 0 } else { label + 1 };
        if label > 63 {
            return false;
        }
        previous = byte;
    }
    dots > 0 && previous != b'.'
}

const WHITE_SPACE: u8 = 1;
const NON_ASCII: u8 = 2;
/// ASCII that may not stand in a domain (all but letters, digits, `-` and `.`).
const NOT_IN_DOMAIN: u8 = 4;

/// The class of each byte, for [`email_problem`].
static EMAIL_CLASSES: [u8; 256] = {
    let mut classes = [0; 256];
    let mut byte = 0;
    while byte < 256 {
        let b = byte as u8;
        classes[byte] = if b >= 0x80 {
            NON_ASCII
        } else if b.is_ascii_alphanumeric() || b == b'-' || b == b'.' {
            0
        } else if matches!(b, b'\t'..=b'\r' | b' ') {
            // Unicode's white space within ASCII (`char::is_whitespace`).
            WHITE_SPACE | NOT_IN_DOMAIN
        } else {
            NOT_IN_DOMAIN
        };
        byte += 1;
    }
    classes
};

/// A phone number problem, with the corrected number when it can be given.
#[derive(Debug, PartialEq, Eq)]
pub struct PhoneProblem {
    /// What is wrong.
    pub reason: PhoneReason,
    /// The number as Cognito wants it, when only separators were in the way.
    pub corrected: Option<String>,
}

/// What makes `value` an invalid phone number (`+` and 1 to 15 digits),
/// with the number as Cognito wants it when that is certain: separators
/// (spaces, `-`, `.`, parentheses) taken out, a trunk prefix written `(0)`
/// after the country code dropped, a leading `00` read as `+`. A number
/// without a country code gets none.
///
/// ```
/// use cognito_csv_validator::checks::phone_problem;
/// assert_eq!(phone_problem("+12065550100"), None);
/// let corrected = |value| phone_problem(value).unwrap().corrected;
/// assert_eq!(corrected("+1 (206) 555-0100").as_deref(), Some("+12065550100"));
/// assert_eq!(corrected("+44 (0)20 7946 0958").as_deref(), Some("+442079460958"));
/// assert_eq!(corrected("0044 20 7946 0958").as_deref(), Some("+442079460958"));
/// assert_eq!(corrected("020 7946 0958"), None);
/// ```
pub fn phone_problem(value: &str) -> Option<PhoneProblem> {
    let bytes = value.as_bytes();
    if let [b'+', digits @ ..] = bytes {
        if (1..=15).contains(&digits.len()) && digits.iter().all(u8::is_ascii_digit) {
            return None;
        }
    }
    let problem = |reason, corrected: Option<String>| Some(PhoneProblem { reason, corrected });
    if is_scientific(value) {
        return problem(PhoneReason::ScientificNotation, None);
    }
    // `12065550100.0`: a number read as a float (pandas, spreadsheets).
    if let Some(number) = value.strip_suffix(".0") {
        let digits = number.strip_prefix('+').unwrap_or(number);
        if !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit()) {
            let corrected =
                (number.starts_with('+') && digits.len() <= 15).then(|| number.to_owned());
            return problem(PhoneReason::Decimal, corrected);
        }
    }
    let (international, rest, reason) = if let Some(rest) = value.strip_prefix('+') {
        (true, rest, PhoneReason::NotDigits)
    } else if let Some(rest) = value.strip_prefix("00") {
        (true, rest, PhoneReason::DoubleZero)
    } else {
        (false, value, PhoneReason::NoCountryCode)
    };
    // The trunk prefix, written `(0)` after the country code, is not dialled
    // from abroad.
    let without_trunk;
    let rest = match international.then(|| rest.split_once("(0)")).flatten() {
        Some((before, after)) => {
            without_trunk = [before, after].concat();
            without_trunk.as_str()
        }
        None => rest,
    };
    if !rest
        .bytes()
        .all(|b| b.is_ascii_digit() || matches!(b, b' ' | b'-' | b'.' | b'(' | b')'))
    {
        return problem(PhoneReason::NotDigits, None);
    }
    let digits: String = rest.chars().filter(char::is_ascii_digit).collect();
    if digits.is_empty() {
        return problem(PhoneReason::NoDigits, None);
    }
    if digits.len() > 15 {
        return problem(PhoneReason::TooManyDigits, None);
    }
    if !international {
        return problem(PhoneReason::NoCountryCode, None);
    }
    problem(reason, Some(format!("+{digits}")))
}

/// `4.47791E+11`: how a spreadsheet shows a long number.
fn is_scientific(value: &str) -> bool {
    let Some((mantissa, exponent)) = value.split_once(['e', 'E']) else {
        return false;
    };
    let exponent = exponent.strip_prefix(['+', '-']).unwrap_or(exponent);
    let mantissa = mantissa.strip_prefix('+').unwrap_or(mantissa);
    !exponent.is_empty()
        && exponent.bytes().all(|b| b.is_ascii_digit())
        && mantissa.bytes().any(|b| b.is_ascii_digit())
        && mantissa
            .bytes()
            .all(|b| b.is_ascii_digit() || b == b'.' || b == b',')
}

/// A birthdate problem, with the `mm/dd/yyyy` form when it can be given.
#[derive(Debug, PartialEq, Eq)]
pub struct DateProblem {
    /// What is wrong.
    pub reason: DateReason,
    /// The same date as `mm/dd/yyyy`.
    pub corrected: Option<String>,
}

/// What makes `value` an invalid birthdate (`mm/dd/yyyy`, a real date).
///
/// ```
/// use cognito_csv_validator::checks::birthdate_problem;
/// assert_eq!(birthdate_problem("02/29/2000"), None);
/// let problem = birthdate_problem("1985-02-01").unwrap();
/// assert_eq!(problem.corrected.as_deref(), Some("02/01/1985"));
/// ```
pub fn birthdate_problem(value: &str) -> Option<DateProblem> {
    // Most dates are already canonical: read them in place, without the
    // splitting (and allocation) below, which only they would pass anyway.
    if let &[m1, m2, b'/', d1, d2, b'/', y1, y2, y3, y4] = value.as_bytes() {
        let digits = [m1, m2, d1, d2, y1, y2, y3, y4];
        if digits.iter().all(u8::is_ascii_digit) {
            let number = |tens: u8, ones: u8| u32::from(tens - b'0') * 10 + u32::from(ones - b'0');
            let (m, d) = (number(m1, m2), number(d1, d2));
            let y = number(y1, y2) * 100 + number(y3, y4);
            if y != 0 && (1..=12).contains(&m) && d != 0 && d <= days_in_month(y, m) {
                return None;
            }
        }
    }
    // An ISO timestamp (`1985-02-01T00:00:00Z`, psql's `1985-02-01
    // 00:00:00`): its date, when the rest is a time.
    if let Some(timestamp) = Timestamp::parse(value).filter(|timestamp| timestamp.has_time) {
        let (y, m, d) = timestamp.date;
        return Some(DateProblem {
            reason: DateReason::Timestamp,
            corrected: (y != 0).then(|| format!("{m:02}/{d:02}/{y:04}")),
        });
    }
    let fields: Vec<&str> = value.split(['/', '-', '.']).collect();
    let numeric = |text: &str| !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
    if fields.len() != 3 || !fields.iter().all(|field| numeric(field)) {
        return Some(DateProblem {
            reason: DateReason::NotADate,
            corrected: None,
        });
    }
    let number = |text: &str| text.parse::<u32>().unwrap_or(u32::MAX);
    // Which of the three is the year decides the reading: yyyy-mm-dd or mm/dd/yyyy.
    let (year, month, day) = if fields[0].len() == 4 {
        (fields[0], fields[1], fields[2])
    } else {
        (fields[2], fields[0], fields[1])
    };
    if year.len() != 4 || month.len() > 2 || day.len() > 2 {
        return Some(DateProblem {
            reason: DateReason::NotADate,
            corrected: None,
        });
    }
    let (y, m, d) = (number(year), number(month), number(day));
    if y == 0 {
        return Some(DateProblem {
            reason: DateReason::YearZero,
            corrected: None,
        });
    }
    let real = |m: u32, d: u32| (1..=12).contains(&m) && d != 0 && d <= days_in_month(y, m);
    if !real(m, d) {
        // 31/12/1990: day first, as most of the world writes dates.
        if fields[0].len() != 4 && real(d, m) {
            return Some(DateProblem {
                reason: DateReason::DayFirst,
                corrected: Some(format!("{d:02}/{m:02}/{y:04}")),
            });
        }
        return Some(DateProblem {
            reason: DateReason::NotReal,
            corrected: None,
        });
    }
    // A canonical real date has passed at the top: this one is written
    // another way.
    let reason = if fields[0].len() == 4 {
        DateReason::YearFirst
    } else {
        DateReason::NotExact
    };
    Some(DateProblem {
        reason,
        corrected: Some(format!("{m:02}/{d:02}/{y:04}")),
    })
}

fn days_in_month(year: u32, month: u32) -> u32 {
    match month {
        2 if (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Reads an integer of a Number attribute: optional `-`, then digits.
/// One too large for `i128` saturates: it still compares right with bounds.
pub fn parse_integer(value: &str) -> Option<i128> {
    let (negative, digits) = match value.strip_prefix('-') {
        Some(digits) => (true, digits),
        None => (false, value),
    };
    if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    Some(
        value
            .parse()
            .unwrap_or(if negative { i128::MIN } else { i128::MAX }),
    )
}

/// What a password hash check found.
#[derive(Debug, PartialEq, Eq)]
pub enum HashCheck {
    /// Well formed, parameters within Cognito's maximums.
    Valid,
    /// Not of the algorithm's format: why.
    Malformed(String),
    /// Well formed, but a parameter is above Cognito's maximum: which.
    OutOfBounds(String),
}

/// Checks a password hash against one algorithm's format and maximums.
///
/// ```
/// use cognito_csv_validator::checks::{check_hash, HashCheck};
/// use cognito_csv_validator::pool::HashAlgorithm;
/// let hash = "$2b$10$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy";
/// assert_eq!(check_hash(HashAlgorithm::Bcrypt, hash), HashCheck::Valid);
/// assert!(matches!(check_hash(HashAlgorithm::Scrypt, hash), HashCheck::Malformed(_)));
/// ```
pub fn check_hash(algorithm: HashAlgorithm, hash: &str) -> HashCheck {
    match algorithm {
        HashAlgorithm::Bcrypt => check_bcrypt(hash),
        HashAlgorithm::Scrypt => check_scrypt(hash),
        HashAlgorithm::Argon2id => check_argon2id(hash),
        HashAlgorithm::Pbkdf2Sha256 => check_pbkdf2(hash),
    }
}

fn malformed(reason: impl Into<String>) -> HashCheck {
    HashCheck::Malformed(reason.into())
}

/// Valid, or out of bounds naming every parameter above its maximum.
fn bounds(parameters: &[(&str, u64, u64)]) -> HashCheck {
    let over: Vec<String> = parameters
        .iter()
        .filter(|&&(_, value, max)| value > max)
        .map(|&(name, value, max)| format!("{name} is {value}, more than {max}"))
        .collect();
    if over.is_empty() {
        HashCheck::Valid
    } else {
        HashCheck::OutOfBounds(over.join("; "))
    }
}

fn decimal(text: &str) -> Option<u64> {
    if text.is_empty() || text.len() > 12 || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

fn check_bcrypt(hash: &str) -> HashCheck {
    let bytes = hash.as_bytes();
    let prefix_ok =
        bytes.len() >= 4 && matches!(&bytes[..4], b"$2a$" | b"$2b$" | b"$2x$" | b"$2y$");
    if !prefix_ok {
        return malformed("a bcrypt hash starts with $2a$, $2b$, $2x$ or $2y$");
    }
    if bytes.len() != 60 {
        return malformed(format!(
            "a bcrypt hash is 60 characters long, this one {}",
            hash.chars().count()
        ));
    }
    let Some(cost) = std::str::from_utf8(&bytes[4..6]).ok().and_then(decimal) else {
        return malformed("the cost after the prefix must be two digits");
    };
    if bytes[6] != b'$' {
        return malformed("the cost must be followed by $");
    }
    let alphabet = |b: &u8| b.is_ascii_alphanumeric() || *b == b'.' || *b == b'/';
    if !bytes[7..].iter().all(alphabet) {
        return malformed("the salt and hash may hold only A-Z, a-z, 0-9, . and /");
    }
    if !(4..=31).contains(&cost) {
        return malformed(format!("the cost must be from 04 to 31, found {cost:02}"));
    }
    bounds(&[("the cost", cost, 12)])
}

fn check_scrypt(hash: &str) -> HashCheck {
    let parts: Vec<&str> = hash.split('$').collect();
    if parts.len() != 5 {
        return malformed("a scrypt hash has five parts separated by $: N$r$p$salt$hash");
    }
    let (Some(n), Some(r), Some(p)) = (decimal(parts[0]), decimal(parts[1]), decimal(parts[2]))
    else {
        return malformed("N, r and p must be whole numbers");
    };
    let hex = |text: &str| !text.is_empty() && text.bytes().all(|b| b.is_ascii_hexdigit());
    if !hex(parts[3]) || !hex(parts[4]) {
        return malformed("the salt and hash must be hexadecimal digits");
    }
    if n < 2 || !n.is_power_of_two() || r == 0 || p == 0 {
        return malformed("N must be a power of two and r and p at least 1");
    }
    bounds(&[("N", n, 65536), ("r", r, 8), ("p", p, 1)])
}

fn base64_text(text: &str, extra: &[u8]) -> bool {
    !text.is_empty()
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'+' || b == b'/' || extra.contains(&b))
}

fn check_argon2id(hash: &str) -> HashCheck {
    let parts: Vec<&str> = hash.split('$').collect();
    if parts.len() != 6 || !parts[0].is_empty() || parts[1] != "argon2id" {
        return malformed("an Argon2id hash has the form $argon2id$v=19$m=M,t=T,p=P$salt$hash");
    }
    if parts[2].strip_prefix("v=").and_then(decimal).is_none() {
        return malformed("the version must be written v=19");
    }
    let mut parameters = [None; 3];
    let names = ["m", "t", "p"];
    let fields: Vec<&str> = parts[3].split(',').collect();
    if fields.len() == 3 {
        for (slot, (field, name)) in parameters.iter_mut().zip(fields.iter().zip(names)) {
            *slot = field
                .strip_prefix(name)
                .and_then(|rest| rest.strip_prefix('='))
                .and_then(decimal);
        }
    }
    let [Some(m), Some(t), Some(p)] = parameters else {
        return malformed("the parameters must be written m=M,t=T,p=P with whole numbers");
    };
    if !base64_text(parts[4], &[]) || !base64_text(parts[5], &[]) {
        return malformed(
            "the salt and hash must be base64 without padding (A-Z, a-z, 0-9, + and /)",
        );
    }
    bounds(&[("m", m, 19456), ("t", t, 2), ("p", p, 1)])
}

fn check_pbkdf2(hash: &str) -> HashCheck {
    let parts: Vec<&str> = hash.split('$').collect();
    if parts.len() != 5 || !parts[0].is_empty() || parts[1] != "pbkdf2-sha256" {
        return malformed("a PBKDF2 hash has the form $pbkdf2-sha256$iterations$salt$hash");
    }
    let Some(iterations) = decimal(parts[2]).filter(|&n| n > 0) else {
        return malformed("the iteration count must be a whole number");
    };
    // The standard alphabet or passlib's (`.` for `+`), padding optional.
    let base64 = |text: &str| {
        base64_text(text.trim_end_matches('='), b".")
            && text.len() - text.trim_end_matches('=').len() <= 2
    };
    if !base64(parts[3]) || !base64(parts[4]) {
        return malformed(
            "the salt and hash must be base64 (A-Z, a-z, 0-9, + or ., /, and = at the end)",
        );
    }
    bounds(&[("the iteration count", iterations, 600_000)])
}

#[cfg(test)]
mod tests {
    use super::*;

    const GOOD_EMAILS: [&str; 3] = ["a@b.co", "first.last+tag@sub.example.org", "ü@exämple.de"];
    const BAD_EMAILS: [&str; 13] = [
        "plain",
        "a@@b.com",
        "@b.com",
        "a@b",
        "a@.b.com",
        "a@b..com",
        "a@b.com.",
        "a b@c.com",
        "\"a@b.com\"",
        "a@b_c.com",
        "a@",
        "@",
        "a@b.c@d",
    ];

    #[test]
    fn an_offset_of_other_characters_is_no_offset() {
        // (Sliced by bytes, U+FEFF's three made two "digits" and a panic.)
        for value in [
            "2023-11-14T22:13:20Z,\u{feff}",
            "2023-11-14T22:13:20+\u{e9}12",
        ] {
            assert!(Timestamp::parse(value).is_none(), "{value:?}");
            assert!(birthdate_problem(value).is_some(), "{value:?}");
        }
    }

    #[test]
    fn booleans() {
        for (text, expected) in [
            ("true", Some(true)),
            ("TRUE", Some(true)),
            ("True", Some(true)),
            ("false", Some(false)),
        ] {
            assert_eq!(parse_bool(text), expected, "{text}");
        }
        assert_eq!(parse_bool("FaLsE"), Some(false));
        // Bytes that bit 5 would turn into the letters must not pass.
        for text in [
            "tRUE\u{0}",
            "\u{14}rue",
            "TRU\u{5}",
            "fals\u{5}",
            "yes",
            "1",
            "",
            "truee",
            "f",
            "\u{d4}rue",
        ] {
            assert_eq!(parse_bool(text), None, "{text:?}");
        }
    }

    #[test]
    fn emails() {
        for good in GOOD_EMAILS {
            assert_eq!(email_problem(good), None, "{good}");
        }
        for bad in BAD_EMAILS {
            assert!(email_problem(bad).is_some(), "{bad}");
        }
        let long = format!("{}@example.com", "a".repeat(250));
        assert_eq!(email_problem(&long), Some(EmailReason::TooLong));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4000))]
        /// The one-pass check passes only addresses that every check passes.
        #[test]
        fn plain_emails_pass_every_check(value in "[a-cé\" \t.]{0,4}@?[a-c.\\-@é ]{0,6}|a{60,70}@b{60,70}\\.c") {
            if plain_email(value.as_bytes()) {
                proptest::prop_assert_eq!(email_checks(&value), None);
            }
        }
    }

    proptest::proptest! {
        #[test]
        fn username_characters_as_decoded(value in "[a \t\u{a0}é\u{200b}山\u{e000}]{0,8}|\\PC{0,8}") {
            let decoded = value
                .chars()
                .enumerate()
                .find(|&(_, c)| !is_username_char(c))
                .map(|(index, c)| (index + 1, c));
            proptest::prop_assert_eq!(invalid_username_char(&value), decoded);
        }
    }

    #[test]
    fn phones() {
        assert_eq!(phone_problem("+1"), None);
        assert_eq!(phone_problem("+123456789012345"), None);
        assert!(phone_problem("+1234567890123456").is_some());
        assert!(phone_problem("+").is_some());
        assert!(phone_problem("+1 555 abc").unwrap().corrected.is_none());
        let missing_plus = phone_problem("206-555-0100").unwrap();
        assert_eq!(missing_plus.reason, PhoneReason::NoCountryCode);
        assert_eq!(missing_plus.corrected, None);
        let excel = phone_problem("4.47791E+11").unwrap();
        assert_eq!(
            (excel.reason, excel.corrected),
            (PhoneReason::ScientificNotation, None)
        );
        let pandas = phone_problem("12065550100.0").unwrap();
        assert_eq!(
            (pandas.reason, pandas.corrected),
            (PhoneReason::Decimal, None)
        );
        assert_eq!(
            phone_problem("+12065550100.0")
                .unwrap()
                .corrected
                .as_deref(),
            Some("+12065550100")
        );
        // Not formatting: a list around the number.
        assert_eq!(phone_problem("['+4915112345678']").unwrap().corrected, None);
        assert_eq!(
            phone_problem("+44.20.7946.0958")
                .unwrap()
                .corrected
                .as_deref(),
            Some("+442079460958")
        );
    }

    #[test]
    fn birthdates() {
        assert_eq!(birthdate_problem("12/31/1999"), None);
        assert_eq!(birthdate_problem("02/29/2000"), None);
        for bad in [
            "00/10/2000",
            "12/00/2000",
            "04/31/2000",
            "02/29/1900",
            "1a/01/2000",
        ] {
            assert!(birthdate_problem(bad).is_some(), "{bad}");
        }
        assert_eq!(
            birthdate_problem("02/29/2001").unwrap().reason,
            DateReason::NotReal
        );
        let day_first = birthdate_problem("13/01/2000").unwrap();
        assert_eq!(day_first.reason, DateReason::DayFirst);
        assert_eq!(day_first.corrected.as_deref(), Some("01/13/2000"));
        assert_eq!(
            birthdate_problem("13/13/2000").unwrap().reason,
            DateReason::NotReal
        );
        assert_eq!(
            birthdate_problem("2/1/1985").unwrap().corrected.as_deref(),
            Some("02/01/1985")
        );
        assert!(birthdate_problem("yesterday").unwrap().corrected.is_none());
        assert!(birthdate_problem("02/01/85").unwrap().corrected.is_none());
    }

    #[test]
    fn username_characters() {
        assert_eq!(invalid_username_char("jörg_o'brien@x.com"), None);
        assert_eq!(invalid_username_char("山田太郎"), None);
        assert_eq!(invalid_username_char("a b"), Some((2, ' ')));
        assert_eq!(invalid_username_char("ab\u{200b}"), Some((3, '\u{200b}')));
        assert_eq!(invalid_username_char("x\u{e000}"), Some((2, '\u{e000}')));
    }

    #[test]
    fn hashes() {
        use HashAlgorithm::*;
        let bcrypt13 = "$2b$13$N9qo8uLOickgx2ZMRZoMyeIjZAgcfl7p92ldGxad68LJZdL17lhWy";
        assert!(matches!(
            check_hash(Bcrypt, bcrypt13),
            HashCheck::OutOfBounds(_)
        ));
        assert_eq!(
            check_hash(Scrypt, "16384$8$1$abcdef01$0123456789abcdef"),
            HashCheck::Valid
        );
        assert!(matches!(
            check_hash(Scrypt, "131072$8$1$ab$cd"),
            HashCheck::OutOfBounds(_)
        ));
        assert!(matches!(
            check_hash(Scrypt, "1000$8$1$ab$cd"),
            HashCheck::Malformed(_)
        ));
        assert_eq!(
            check_hash(
                Argon2id,
                "$argon2id$v=19$m=19456,t=2,p=1$c29tZXNhbHQ$RdescudvJCsgt3ub+b+dWRWJTmaaJObG"
            ),
            HashCheck::Valid
        );
        assert!(matches!(
            check_hash(
                Argon2id,
                "$argon2id$v=19$m=65536,t=3,p=4$c29tZXNhbHQ$RdescudvJCsgt3ub"
            ),
            HashCheck::OutOfBounds(_)
        ));
        assert_eq!(
            check_hash(Pbkdf2Sha256, "$pbkdf2-sha256$600000$c2FsdA$aGFzaA"),
            HashCheck::Valid
        );
        assert!(matches!(
            check_hash(Pbkdf2Sha256, "$pbkdf2-sha256$600001$c2FsdA$aGFzaA"),
            HashCheck::OutOfBounds(_)
        ));
    }
}
