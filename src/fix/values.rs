//! The fixes of one value, by the kind of its column: each applied only
//! where the result is certain, each recorded as a step (before, after).

use crate::checks::{self, DateReason, PhoneReason};
use crate::engine::header::Kind;
use crate::fix::country::Country;
use crate::fix::table::FixCode;
use serde::{Deserialize, Serialize};

/// How a file writes its dates, when it does not say (`--date-order`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DateOrder {
    /// Month, day, year (`1/2/1985` is January 2).
    Mdy,
    /// Day, month, year (`1/2/1985` is February 1).
    Dmy,
}

impl DateOrder {
    /// The order for `mdy` or `dmy`.
    pub fn parse(text: &str) -> Option<DateOrder> {
        match text.trim().to_ascii_lowercase().as_str() {
            "mdy" => Some(DateOrder::Mdy),
            "dmy" => Some(DateOrder::Dmy),
            _ => None,
        }
    }
}

/// One change to a value.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// The fix that made it.
    pub fix: FixCode,
    /// The value before.
    pub before: String,
    /// The value after.
    pub after: String,
}

/// Fixes values with the options that make some fixes certain.
#[derive(Clone, Copy, Debug, Default)]
pub struct ValueFixer {
    /// How day-or-month-first dates are read, if at all.
    pub date_order: Option<DateOrder>,
    /// The country of phone numbers without one, if any.
    pub country: Option<Country>,
}

impl ValueFixer {
    /// Whether [`fix`](ValueFixer::fix) leaves `raw` as it is: a quick
    /// test that spares most values of most lines their copies.
    pub fn unchanged(&self, kind: Kind, raw: &str) -> bool {
        if raw.is_empty() {
            return true;
        }
        if raw.trim().len() != raw.len()
            || raw.starts_with('"')
            || checks::might_be_placeholder(raw.as_bytes())
        {
            return false;
        }
        match kind {
            Kind::EmailVerified | Kind::PhoneNumberVerified | Kind::MfaEnabled | Kind::Boolean => {
                checks::parse_bool(raw).is_some()
            }
            Kind::Birthdate => {
                self.date_order != Some(DateOrder::Dmy) && checks::birthdate_problem(raw).is_none()
            }
            Kind::PhoneNumber => checks::phone_problem(raw).is_none(),
            Kind::UpdatedAt => raw.len() < 13 && checks::updated_at_problem(raw).is_none(),
            _ => true,
        }
    }

    /// The value `raw` of a column of `kind` as it is to be imported, each
    /// change added to `steps`. `quotes_read`: the line was read as RFC
    /// 4180 has it, so quotes around a value were already taken out.
    pub fn fix(&self, kind: Kind, raw: &str, quotes_read: bool, steps: &mut Vec<Step>) -> String {
        let mut value = raw.to_owned();
        let mut step = |fix: FixCode, value: &mut String, after: String| {
            steps.push(Step {
                fix,
                before: std::mem::replace(value, after.clone()),
                after,
            });
        };
        let trimmed = value.trim();
        if trimmed.len() != value.len() {
            let trimmed = trimmed.to_owned();
            step(FixCode::Trim, &mut value, trimmed);
        }
        if !quotes_read && value.len() >= 2 && value.starts_with('"') && value.ends_with('"') {
            let inner = value[1..value.len() - 1]
                .replace("\"\"", "\"")
                .trim()
                .to_owned();
            step(FixCode::Unquote, &mut value, inner);
        }
        if checks::placeholder(&value).is_some() && written_by_a_tool(&value) {
            step(FixCode::Placeholder, &mut value, String::new());
            return value;
        }
        if value.is_empty() {
            return value;
        }
        let fixed = match kind {
            Kind::EmailVerified | Kind::PhoneNumberVerified | Kind::MfaEnabled | Kind::Boolean => {
                boolean(&value).map(|after| (FixCode::Boolean, after))
            }
            Kind::Birthdate => self
                .birthdate(&value)
                .map(|after| (FixCode::Birthdate, after)),
            Kind::PhoneNumber => self
                .phone_number(&value)
                .map(|after| (FixCode::PhoneNumber, after)),
            Kind::UpdatedAt => updated_at(&value),
            _ => None,
        };
        if let Some((fix, after)) = fixed {
            step(fix, &mut value, after);
        }
        value
    }

    /// A birthdate as `mm/dd/yyyy`: from year first or a timestamp; from
    /// day or month first with a date order.
    fn birthdate(&self, value: &str) -> Option<String> {
        // Day first: every date so written is read so, including those
        // that also read as a valid month first (`01/02/1985`).
        if let (Some(DateOrder::Dmy), Some(written)) =
            (self.date_order, in_order(value, DateOrder::Dmy))
        {
            return (written != value).then_some(written);
        }
        let problem = checks::birthdate_problem(value)?;
        match problem.reason {
            DateReason::YearFirst | DateReason::Timestamp => problem.corrected,
            _ => self.date_order.and_then(|order| in_order(value, order)),
        }
    }

    /// A phone number as `+` and digits.
    fn phone_number(&self, value: &str) -> Option<String> {
        let problem = checks::phone_problem(value)?;
        if problem.corrected.is_some() {
            return problem.corrected;
        }
        let country = self.country?;
        let digits = match problem.reason {
            PhoneReason::NoCountryCode => value,
            PhoneReason::Decimal => value.strip_suffix(".0")?,
            _ => return None,
        };
        let digits: String = digits
            .chars()
            .filter(|c| !matches!(c, ' ' | '-' | '.' | '(' | ')'))
            .collect();
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return None;
        }
        country.international(&digits)
    }
}

/// Another tool's word for true or false, as `true` or `false`.
fn boolean(value: &str) -> Option<String> {
    if checks::parse_bool(value).is_some() {
        return None;
    }
    checks::boolean_meant(value).map(|meant| meant.to_string())
}

/// `updated_at` as whole seconds, and the fix that makes it.
pub fn updated_at(value: &str) -> Option<(FixCode, String)> {
    match checks::updated_at_problem(value) {
        // A date and time with no zone is local to somewhere not known.
        Some(_) if is_iso_date(value) && !has_zone(value) => None,
        Some(problem) => problem.corrected.map(|after| (FixCode::UpdatedAt, after)),
        None if value.len() >= 13 => {
            checks::seconds_of_finer_time(value).map(|after| (FixCode::Milliseconds, after))
        }
        None => None,
    }
}

/// A placeholder as tools write it (`NULL`, `null`, `NaN`, `None`,
/// `#N/A`...): `Nan` or `NUll` may be a name or a typing slip.
fn written_by_a_tool(value: &str) -> bool {
    value == value.to_ascii_lowercase()
        || value == value.to_ascii_uppercase()
        || matches!(value, "NaN" | "None" | "Null")
}

/// Whether `value` starts as an ISO 8601 date (`2023-11-14`).
fn is_iso_date(value: &str) -> bool {
    let bytes = value.as_bytes();
    bytes.len() >= 10
        && bytes[4] == b'-'
        && bytes[7] == b'-'
        && bytes[..4].iter().all(u8::is_ascii_digit)
}

/// Whether an ISO 8601 date and time says its zone: `Z`, or an offset
/// after the time (a date alone has none).
fn has_zone(value: &str) -> bool {
    let Some(time) = value.get(11..) else {
        return false;
    };
    time.ends_with(['Z', 'z']) || time.contains(['+', '-'])
}

/// A date of one or two digit day and month and a four-digit year,
/// separated by `/`, `.` or `-`, read in `order`, as `mm/dd/yyyy` when it
/// is a real date.
fn in_order(value: &str, order: DateOrder) -> Option<String> {
    let parts: Vec<&str> = value.split(['/', '.', '-']).collect();
    let [first, second, year] = parts[..] else {
        return None;
    };
    let number = |text: &str, digits: std::ops::RangeInclusive<usize>| {
        (digits.contains(&text.len()) && text.bytes().all(|b| b.is_ascii_digit()))
            .then(|| text.parse::<u32>().ok())
            .flatten()
    };
    let (first, second, year) = (
        number(first, 1..=2)?,
        number(second, 1..=2)?,
        number(year, 4..=4)?,
    );
    let (month, day) = match order {
        DateOrder::Mdy => (first, second),
        DateOrder::Dmy => (second, first),
    };
    let written = format!("{month:02}/{day:02}/{year:04}");
    checks::birthdate_problem(&written)
        .is_none()
        .then_some(written)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fixed(fixer: ValueFixer, kind: Kind, raw: &str) -> (String, Vec<FixCode>) {
        let mut steps = Vec::new();
        let value = fixer.fix(kind, raw, false, &mut steps);
        (value, steps.iter().map(|step| step.fix).collect())
    }

    fn plain(kind: Kind, raw: &str) -> (String, Vec<FixCode>) {
        fixed(ValueFixer::default(), kind, raw)
    }

    #[test]
    fn a_valid_value_is_left_as_it_is() {
        for (kind, value) in [
            (Kind::EmailVerified, "TRUE"),
            (Kind::Birthdate, "02/01/1985"),
            (Kind::PhoneNumber, "+12065550100"),
            (Kind::UpdatedAt, "1700000000"),
            (Kind::Text, r"a\b"),
            (Kind::Text, "Nancy"),
        ] {
            assert_eq!(plain(kind, value), (value.to_owned(), vec![]), "{value}");
        }
    }

    #[test]
    fn placeholders_are_emptied_before_other_fixes_look() {
        assert_eq!(
            plain(Kind::PhoneNumber, " NULL "),
            (String::new(), vec![FixCode::Trim, FixCode::Placeholder])
        );
        assert_eq!(
            plain(Kind::Text, r"\N"),
            (String::new(), vec![FixCode::Placeholder])
        );
        assert_eq!(
            plain(Kind::Text, "\"n/a\""),
            (String::new(), vec![FixCode::Unquote, FixCode::Placeholder])
        );
    }

    #[test]
    fn quotes_are_taken_out_unless_already_read() {
        assert_eq!(
            plain(Kind::Text, r#""say ""hi""""#),
            (r#"say "hi""#.to_owned(), vec![FixCode::Unquote])
        );
        let mut steps = Vec::new();
        assert_eq!(
            ValueFixer::default().fix(Kind::Text, r#""a""#, true, &mut steps),
            r#""a""#
        );
        assert!(steps.is_empty());
    }

    #[test]
    fn booleans_of_other_tools_are_read() {
        for (raw, value) in [
            ("1", "true"),
            ("No", "false"),
            ("t", "true"),
            ("FAUX", "false"),
            ("wahr", "true"),
        ] {
            assert_eq!(
                plain(Kind::MfaEnabled, raw),
                (value.to_owned(), vec![FixCode::Boolean]),
                "{raw}"
            );
        }
        assert_eq!(plain(Kind::EmailVerified, "maybe").1, vec![]);
    }

    #[test]
    fn birthdates_need_a_date_order_unless_year_first() {
        assert_eq!(plain(Kind::Birthdate, "1985-02-01").0, "02/01/1985");
        assert_eq!(
            plain(Kind::Birthdate, "1985-02-01T00:00:00Z").0,
            "02/01/1985"
        );
        assert_eq!(
            plain(Kind::Birthdate, "2/1/1985"),
            ("2/1/1985".to_owned(), vec![])
        );
        let mdy = ValueFixer {
            date_order: Some(DateOrder::Mdy),
            ..ValueFixer::default()
        };
        let dmy = ValueFixer {
            date_order: Some(DateOrder::Dmy),
            ..ValueFixer::default()
        };
        assert_eq!(fixed(mdy, Kind::Birthdate, "2/1/1985").0, "02/01/1985");
        assert_eq!(fixed(dmy, Kind::Birthdate, "2.1.1985").0, "01/02/1985");
        assert_eq!(fixed(dmy, Kind::Birthdate, "31-12-1990").0, "12/31/1990");
        // Not a real date in that order: left to the rejects.
        assert_eq!(fixed(mdy, Kind::Birthdate, "31/12/1990").1, vec![]);
        assert_eq!(fixed(dmy, Kind::Birthdate, "1/2/85").1, vec![]);
    }

    #[test]
    fn phone_numbers_are_fixed_when_certain() {
        assert_eq!(
            plain(Kind::PhoneNumber, "+44 (0)20 7946 0958").0,
            "+442079460958"
        );
        assert_eq!(
            plain(Kind::PhoneNumber, "0044 20 7946 0958").0,
            "+442079460958"
        );
        assert_eq!(plain(Kind::PhoneNumber, "(206) 555-0100").1, vec![]);
        assert_eq!(plain(Kind::PhoneNumber, "4.47791E+11").1, vec![]);
        let us = ValueFixer {
            country: Country::find("US"),
            ..ValueFixer::default()
        };
        assert_eq!(
            fixed(us, Kind::PhoneNumber, "(206) 555-0100").0,
            "+12065550100"
        );
        assert_eq!(
            fixed(us, Kind::PhoneNumber, "12065550100.0").0,
            "+12065550100"
        );
        assert_eq!(fixed(us, Kind::PhoneNumber, "['+49301234567']").1, vec![]);
    }

    #[test]
    fn updated_at_becomes_seconds() {
        assert_eq!(
            plain(Kind::UpdatedAt, "1700000000.0"),
            ("1700000000".to_owned(), vec![FixCode::UpdatedAt])
        );
        assert_eq!(
            plain(Kind::UpdatedAt, "2023-11-14T22:13:20Z").0,
            "1700000000"
        );
        assert_eq!(
            plain(Kind::UpdatedAt, "1700000000123"),
            ("1700000000".to_owned(), vec![FixCode::Milliseconds])
        );
        assert_eq!(plain(Kind::UpdatedAt, "last week").1, vec![]);
    }

    #[test]
    fn only_placeholders_as_tools_write_them_are_emptied() {
        for raw in ["NaN", "nan", "NULL", "null", "None", "#N/A", "undefined"] {
            assert_eq!(
                plain(Kind::Text, raw).1,
                vec![FixCode::Placeholder],
                "{raw}"
            );
        }
        // A name (Nan, 楠), or a typing slip: not certain.
        for raw in ["Nan", "NUll"] {
            assert_eq!(plain(Kind::Text, raw), (raw.to_owned(), vec![]), "{raw}");
        }
    }

    #[test]
    fn day_first_reads_every_date_day_first() {
        let dmy = ValueFixer {
            date_order: Some(DateOrder::Dmy),
            country: None,
        };
        assert_eq!(
            fixed(dmy, Kind::Birthdate, "01/02/1985"),
            ("02/01/1985".to_owned(), vec![FixCode::Birthdate])
        );
        assert_eq!(fixed(dmy, Kind::Birthdate, "02/02/1985").1, vec![]);
    }

    #[test]
    fn a_time_without_its_zone_is_not_made_seconds() {
        for raw in ["2023-11-14 22:13:20", "2023-11-14T22:13:20", "2023-11-14"] {
            assert_eq!(
                plain(Kind::UpdatedAt, raw),
                (raw.to_owned(), vec![]),
                "{raw}"
            );
        }
        assert_eq!(
            plain(Kind::UpdatedAt, "2023-11-14 23:13:20+01").0,
            "1700000000"
        );
    }

    #[test]
    fn what_is_unchanged_is_what_fix_leaves_alone() {
        let kinds = [
            Kind::Text,
            Kind::EmailVerified,
            Kind::MfaEnabled,
            Kind::Birthdate,
            Kind::PhoneNumber,
            Kind::UpdatedAt,
        ];
        let values = [
            "",
            "ana",
            " ana",
            "ana\u{a0}",
            "\"ana\"",
            "null",
            "Nan",
            "\\N",
            "TRUE",
            "true",
            "1",
            "yes",
            "02/01/1985",
            "1985-02-01",
            "2/1/1985",
            "01/02/1985",
            "+12065550100",
            "+1 206 555 0100",
            "12065550100",
            "1700000000",
            "1700000000123",
            "1700000000.0",
            "2023-11-14T22:13:20Z",
        ];
        for order in [None, Some(DateOrder::Mdy), Some(DateOrder::Dmy)] {
            let fixer = ValueFixer {
                date_order: order,
                country: Country::find("US"),
            };
            for kind in kinds {
                for value in values {
                    let (fixed, steps) = fixed(fixer, kind, value);
                    let left_alone = fixed == value && steps.is_empty();
                    assert!(
                        !fixer.unchanged(kind, value) || left_alone,
                        "{kind:?} {value:?} with {order:?}: said unchanged, fixed to {fixed:?}"
                    );
                }
            }
        }
    }
}
