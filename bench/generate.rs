//! Writes a realistic Cognito import file, deterministically: the same
//! arguments give the same bytes on every machine.
//!
//! ```text
//! cargo run --release --example generate -- [--users N] [--bytes N] [--errors SHARE] [--seed N] OUT.csv
//! cargo run --release --example generate -- --list-users [--users N] [--seed N] OUT.json
//! ```
//!
//! Defaults: 500,000 users in just under 100,000,000 bytes (Cognito's two
//! limits), 10% of the lines with one error. All 21 columns of the AWS
//! template; names from many languages; addresses with `\,` escapes; a
//! share of optional values left empty.
//!
//! With `--list-users`, the same users (without errors) as a pool holds
//! them, in the JSON `aws cognito-idp list-users` (AWS CLI v2) writes:
//! each user's `sub`, `email`, `email_verified` and (for some) a `name`; a
//! third a custom attribute, a fifth a birthdate (year first, as pools
//! keep it), a tenth MFA (a phone number and `MFAOptions`); their dates;
//! 2% `UNCONFIRMED`, 1% disabled. 500,000 users take some 430 MB.

use std::io::{BufWriter, Write};

const HEADER: &str =
    "cognito:username,name,given_name,family_name,middle_name,nickname,preferred_username,\
profile,picture,website,email,email_verified,gender,birthdate,zoneinfo,locale,phone_number,\
phone_number_verified,address,updated_at,cognito:mfa_enabled";

const GIVEN: &[&str] = &[
    "John",
    "Jane",
    "José",
    "Zoë",
    "Łukasz",
    "Siobhán",
    "Björn",
    "Amélie",
    "Chloé",
    "Mohammed",
    "Aiyana",
    "Ngozi",
    "Søren",
    "Ana",
    "Đorđe",
    "İlkay",
    "Priya",
    "Mei",
    "Kenji",
    "Olúwaseun",
    "François",
    "Nuño",
];
const FAMILY: &[&str] = &[
    "Doe",
    "Roe",
    "García",
    "Müller",
    "O'Brien",
    "Nowak",
    "Ødegaard",
    "Nguyễn",
    "Kowalczyk",
    "Smith",
    "Dubois",
    "Yılmaz",
    "Okafor",
    "Rossi",
    "Johansson",
    "Tanaka",
    "Ivanović",
    "Kim",
    "Silva",
    "Cohen",
];
const NON_LATIN: &[&str] = &[
    "山田 太郎",
    "Иван Петров",
    "Σοφία Παπαδοπούλου",
    "محمد علي",
    "김민준",
    "सुनील शर्मा",
];
const ZONES: &[&str] = &[
    "America/New_York",
    "Europe/Berlin",
    "Asia/Tokyo",
    "Europe/Warsaw",
    "America/Sao_Paulo",
];
const LOCALES: &[&str] = &["en-US", "de-DE", "ja-JP", "pl-PL", "pt-BR", "fr-FR"];
const STREETS: &[&str] = &[
    "Main Street",
    "Rue de la Paix",
    "Hauptstraße",
    "ul. Długa",
    "Calle Mayor",
    "Oak Avenue",
];
const CITIES: &[&str] = &[
    "Springfield",
    "Paris",
    "Berlin",
    "Kraków",
    "Madrid",
    "Seattle",
];

/// SplitMix64: small, fast and the same everywhere.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }
    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
    fn chance(&mut self, share: f64) -> bool {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64 <= share
    }
}

/// The errors a line can be given, one at a time (see `user_line`).
const ERRORS: usize = 10;
/// Those that fail their line: not 4 (a username repeated, whose first
/// line is imported and the others skipped) nor 7 (`updated_at` in
/// milliseconds, a warning). A file where every line has an error draws
/// from these alone, so that every line fails.
const FAILING: [usize; 8] = [0, 1, 2, 3, 5, 6, 8, 9];

fn user_line(index: u64, random: &mut Random, error: Option<usize>) -> String {
    let given = random.pick(GIVEN);
    let family = random.pick(FAMILY);
    let display = match random.below(20) {
        0 => random.pick(NON_LATIN).to_owned(),
        1..=8 => format!("{given} {family}"),
        _ => String::new(),
    };
    let handle: String = format!("{given}{family}")
        .chars()
        .filter(|c| c.is_alphanumeric())
        .collect::<String>()
        .to_lowercase();
    let ascii: String = handle.chars().filter(char::is_ascii_alphanumeric).collect();
    let mut username = format!("{handle}{index}");
    let mut email = format!("{ascii}.{index}@example.com");
    let mut phone = format!("+1206555{:04}", index % 10_000);
    let mut birthdate = format!(
        "{:02}/{:02}/{}",
        1 + random.below(12),
        1 + random.below(28),
        1940 + random.below(65)
    );
    let mut email_verified = if random.chance(0.5) { "true" } else { "TRUE" }.to_owned();
    let mut phone_verified = if random.chance(0.3) { "true" } else { "false" }.to_owned();
    let mut updated_at = (1_600_000_000 + random.below(100_000_000)).to_string();
    // Never empty: rule set 2 fails an empty cognito:mfa_enabled.
    let mfa = match random.below(3) {
        0 | 1 => "false",
        _ => "true",
    };
    let mut address = if random.chance(0.3) {
        format!(
            "{} {}\\, {}",
            1 + random.below(999),
            random.pick(STREETS),
            random.pick(CITIES)
        )
    } else {
        String::new()
    };
    let nickname = if random.chance(0.3) { given } else { "" };
    let middle = if random.chance(0.2) {
        random.pick(GIVEN)
    } else {
        ""
    };
    let website = if random.chance(0.1) {
        format!("https://example.com/~{ascii}")
    } else {
        String::new()
    };
    let gender = ["", "female", "male", "non-binary"][random.below(4)];
    let zone = if random.chance(0.5) {
        random.pick(ZONES)
    } else {
        ""
    };
    let locale = if random.chance(0.5) {
        random.pick(LOCALES)
    } else {
        ""
    };
    let preferred = if random.chance(0.2) {
        format!("{handle}{index}")
    } else {
        String::new()
    };
    match error {
        Some(0) => email = email.replace('@', ""),
        Some(1) => phone = format!("(206) 555-{:04}", index % 10_000),
        Some(2) => birthdate = "1985-02-30".into(),
        Some(3) => username = format!("{given} {family}"),
        Some(4) => username = "john.doe1".into(),
        Some(5) => email_verified = "yes".into(),
        Some(6) => {
            email_verified = "false".into();
            phone_verified = "false".into();
        }
        Some(7) => updated_at.push_str("000"),
        Some(8) => {
            address = format!(
                "{} {}, {}",
                1 + random.below(999),
                random.pick(STREETS),
                random.pick(CITIES)
            )
        }
        Some(_) => phone = phone.replace('+', ""),
        None => {}
    }
    // `pad_profile` lengthens this URL to reach the requested file size.
    let profile = format!("https://example.com/p/{index}");
    format!(
        "{username},{display},{given},{family},{middle},{nickname},{preferred},{profile},,{website},{email},\
         {email_verified},{gender},{birthdate},{zone},{locale},{phone},{phone_verified},{address},{updated_at},{mfa}"
    )
}

fn main() {
    let mut users: u64 = 500_000;
    let mut bytes: u64 = 99_999_000;
    let mut errors = 0.10;
    let mut seed = 1;
    let mut list_users = false;
    let mut out = None;
    let mut arguments = std::env::args().skip(1);
    let usage = "usage: generate [--users N] [--bytes N] [--errors SHARE] [--seed N] OUT.csv\n       generate --list-users [--users N] [--seed N] OUT.json";
    while let Some(argument) = arguments.next() {
        let mut value = |name: &str| {
            arguments.next().unwrap_or_else(|| {
                eprintln!("{name} needs a value\n{usage}");
                std::process::exit(2)
            })
        };
        let number = |text: String| -> f64 {
            text.replace('_', "").parse().unwrap_or_else(|_| {
                eprintln!("not a number: {text}\n{usage}");
                std::process::exit(2)
            })
        };
        match argument.as_str() {
            "--users" => users = number(value("--users")) as u64,
            "--bytes" => bytes = number(value("--bytes")) as u64,
            "--errors" => errors = number(value("--errors")),
            "--seed" => seed = number(value("--seed")) as u64,
            "--list-users" => list_users = true,
            _ if !argument.starts_with('-') => out = Some(argument),
            _ => {
                eprintln!("unknown option {argument}\n{usage}");
                std::process::exit(2)
            }
        }
    }
    let Some(out) = out else {
        eprintln!("{usage}");
        std::process::exit(2)
    };
    let file = std::fs::File::create(&out).unwrap_or_else(|error| {
        eprintln!("cannot create {out}: {error}");
        std::process::exit(2)
    });
    let mut writer = BufWriter::new(file);
    if list_users {
        let mut random = Random(seed);
        let mut written = 0;
        let mut write = |text: &str| {
            writer.write_all(text.as_bytes()).unwrap();
            written += text.len() as u64;
        };
        write("{\n    \"Users\": [\n");
        for index in 1..=users {
            let line = user_line(index, &mut random, None);
            let disabled = random.chance(0.01);
            let status = if random.chance(0.02) {
                "UNCONFIRMED"
            } else {
                "CONFIRMED"
            };
            write(&listed_user(index, &line, status, disabled));
            write(if index < users { ",\n" } else { "\n" });
        }
        write("    ]\n}\n");
        writer.flush().unwrap();
        eprintln!("{out}: list-users output of {users} users, {written} bytes");
        return;
    }
    // A first pass measures the lines as they come; the second writes them
    // (the same lines: same seed) with the padding spread evenly, so that
    // the file has exactly the bytes asked for when they are more.
    let lines = |mut write: Box<dyn FnMut(u64, String) + '_>| {
        let mut random = Random(seed);
        for index in 1..=users {
            let error = random.chance(errors).then(|| {
                if errors >= 1.0 {
                    FAILING[random.below(FAILING.len())]
                } else {
                    random.below(ERRORS)
                }
            });
            write(index, user_line(index, &mut random, error));
        }
    };
    let mut natural = HEADER.len() as u64 + 1;
    lines(Box::new(|_, line| natural += line.len() as u64 + 1));
    let padding = bytes.saturating_sub(natural);
    writeln!(writer, "{HEADER}").unwrap();
    let mut written = HEADER.len() as u64 + 1;
    lines(Box::new(|index, mut line| {
        let pad = padding / users + u64::from(index <= padding % users);
        if pad > 0 {
            line = pad_profile(&line, pad as usize);
        }
        writer.write_all(line.as_bytes()).unwrap();
        writer.write_all(b"\n").unwrap();
        written += line.len() as u64 + 1;
    }));
    writer.flush().unwrap();
    eprintln!(
        "{out}: {users} users, {written} bytes, about {:.0}% of lines with an error",
        errors * 100.0
    );
}

/// Lengthens the profile URL (column 8) by `pad` characters.
fn pad_profile(line: &str, pad: usize) -> String {
    let start = line
        .find(",https://example.com/p/")
        .expect("the profile column");
    let end = start
        + 1
        + line[start + 1..]
            .find(',')
            .expect("a column after the profile");
    format!("{}{}{}", &line[..end], "x".repeat(pad), &line[end..])
}

/// A user of `line` (from `user_line`) as `aws cognito-idp list-users`
/// writes it (see the module's doc), its dates from `updated_at`.
fn listed_user(index: u64, line: &str, status: &str, disabled: bool) -> String {
    let mut fields = Vec::new();
    let mut field = String::new();
    let mut escaped = false;
    for c in line.chars() {
        match c {
            '\\' if !escaped => escaped = true,
            ',' if !escaped => fields.push(std::mem::take(&mut field)),
            _ => {
                if escaped && c != ',' {
                    field.push('\\');
                }
                escaped = false;
                field.push(c);
            }
        }
    }
    fields.push(field);
    let json = |text: &str| text.replace('\\', "\\\\").replace('"', "\\\"");
    let attribute = |name: &str, value: &str| {
        format!(
            "                {{\n                    \"Name\": \"{name}\",\n                    \"Value\": \"{}\"\n                }}",
            json(value)
        )
    };
    let mut attributes = vec![attribute(
        "sub",
        &format!(
            "{:08x}-{:04x}-4{:03x}-8{:03x}-{:012x}",
            index,
            index % 0xffff,
            index % 0xfff,
            (index * 7) % 0xfff,
            index * 2_654_435_761
        ),
    )];
    let value = |name: &str| {
        let place = HEADER.split(',').position(|column| column == name);
        fields[place.expect("a column of the header")].as_str()
    };
    let mfa = index % 10 == 0;
    let updated_at = value("updated_at").parse().unwrap_or(0);
    attributes.push(attribute("email", value("email")));
    attributes.push(attribute(
        "email_verified",
        &value("email_verified").to_lowercase(),
    ));
    if !value("name").is_empty() {
        attributes.push(attribute("name", value("name")));
    }
    if index % 5 == 0 {
        let date: Vec<&str> = value("birthdate").split('/').collect();
        attributes.push(attribute(
            "birthdate",
            &format!("{}-{}-{}", date[2], date[0], date[1]),
        ));
    }
    if mfa {
        attributes.push(attribute("phone_number", value("phone_number")));
        attributes.push(attribute("phone_number_verified", "true"));
    }
    if index % 3 == 0 {
        attributes.push(attribute("custom:tier", "gold"));
    }
    let date = iso_date(updated_at);
    let mfa_options = if mfa {
        ",\n            \"MFAOptions\": [\n                {\n                    \"DeliveryMedium\": \"SMS\",\n                    \"AttributeName\": \"phone_number\"\n                }\n            ]"
    } else {
        ""
    };
    format!(
        "        {{\n            \"Username\": \"{}\",\n            \"Attributes\": [\n{}\n            ],\n            \"UserCreateDate\": \"{date}\",\n            \"UserLastModifiedDate\": \"{date}\",\n            \"Enabled\": {},\n            \"UserStatus\": \"{status}\"{mfa_options}\n        }}",
        json(&fields[0]),
        attributes.join(",\n"),
        !disabled
    )
}

/// Seconds since 1970 as the AWS CLI v2 writes a date:
/// `2024-03-01T09:12:44.112000+00:00`.
fn iso_date(seconds: u64) -> String {
    let days = seconds / 86_400;
    let (hour, minute, second) = (seconds % 86_400 / 3_600, seconds % 3_600 / 60, seconds % 60);
    // Howard Hinnant's days-to-civil.
    let z = days as i64 + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z - era * 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1_460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{hour:02}:{minute:02}:{second:02}.000000+00:00")
}
