//! The WebAssembly bindings, for the npm package: the only code that names
//! `wasm_bindgen`. Each is a thin layer over the engine; the package's
//! JavaScript (`src/npm/`) builds `validate()` and the command line on them.
//!
//! Values cross as plain JavaScript objects with camelCase names, `null`
//! where the JSON report has `null`, so that `JSON.stringify` of a report
//! gives the native command line's JSON.

use crate::cli::{self, Command};
use crate::format::{ReportFormat, ReportWriter};
use crate::pool::{
    deserialize_input, json_object_text, HashAlgorithm, Mfa, Overrides, Pool, PoolError, PoolInput,
    PoolSources, Verifiable,
};
use crate::{Code, Finding, Progress, Report, Severity, Validator, RULES};
use serde::Serialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(start)]
fn start() {
    // A panic is a bug: show it in the console with its message.
    console_error_panic_hook::set_once();
}

/// Converts a value for JavaScript: maps as objects, `None` as `null`.
fn to_js<T: Serialize + ?Sized>(value: &T) -> JsValue {
    let serializer = serde_wasm_bindgen::Serializer::new()
        .serialize_maps_as_objects(true)
        .serialize_missing_as_null(true);
    value
        .serialize(&serializer)
        .expect("reports, findings and rules convert to JavaScript")
}

#[wasm_bindgen(module = "/src/wasm_findings.js")]
extern "C" {
    #[wasm_bindgen(js_name = unpackFindings)]
    fn unpack_findings(
        lines: &[f64],
        codes: &[u8],
        texts: &str,
        lengths: &[u32],
        rules: &JsValue,
    ) -> JsValue;
}

thread_local! {
    /// `{ code, severity }` of each rule, for `unpackFindings`.
    static RULE_NAMES: JsValue = {
        #[derive(Serialize)]
        struct Name {
            code: Code,
            severity: Severity,
        }
        let names: Vec<Name> = RULES
            .iter()
            .map(|rule| Name { code: rule.code, severity: rule.severity() })
            .collect();
        to_js(&names)
    };
}

/// Findings for JavaScript, as an array of objects: packed into a few
/// arrays and one string, from which `src/wasm_findings.js` builds them.
fn findings_to_js(findings: &[Finding]) -> JsValue {
    const NONE: u32 = u32::MAX;
    let mut lines = Vec::with_capacity(findings.len());
    let mut codes = Vec::with_capacity(findings.len());
    let mut texts = String::with_capacity(findings.len() * 160);
    let mut lengths = Vec::with_capacity(findings.len() * 3);
    let mut push = |text: Option<&str>, texts: &mut String| {
        lengths.push(text.map_or(NONE, |text| {
            texts.push_str(text);
            // JavaScript slices strings in UTF-16 units.
            if text.is_ascii() {
                text.len() as u32
            } else {
                text.encode_utf16().count() as u32
            }
        }));
    };
    for finding in findings {
        lines.push(finding.line.map_or(-1.0, |line| line as f64));
        codes.push(finding.code as u8);
        push(finding.column.as_deref(), &mut texts);
        push(Some(&finding.message), &mut texts);
        push(finding.value.as_deref(), &mut texts);
    }
    RULE_NAMES.with(|rules| unpack_findings(&lines, &codes, &texts, &lengths, rules))
}

/// A report for JavaScript, its findings read as [`findings_to_js`] does.
fn report_to_js(mut report: Report) -> JsValue {
    let findings = std::mem::take(&mut report.findings);
    let object = to_js(&report);
    js_sys::Reflect::set(&object, &"findings".into(), &findings_to_js(&findings))
        .expect("a report is an object");
    object
}

/// The options of `new Validator(options)` (see `src/npm/index.d.ts`), each
/// with what it takes, for the message when it is given something else.
const OPTIONS: [(&str, &str); 6] = [
    (
        "pool",
        "the output of `aws cognito-idp describe-user-pool`: its JSON text or the parsed object",
    ),
    (
        "header",
        "the output of `aws cognito-idp get-csv-header`: its JSON text or the parsed object",
    ),
    ("mfa", "\"OFF\", \"ON\" or \"OPTIONAL\""),
    (
        "autoVerified",
        "an array of \"email\" and/or \"phone_number\" ([] for none)",
    ),
    ("caseSensitive", "true or false"),
    (
        "passwordHashAlgorithm",
        "\"BCRYPT\", \"SCRYPT\", \"ARGON2ID\" or \"PBKDF2_SHA256\"",
    ),
];

/// What an option takes, from [`OPTIONS`].
fn option_takes(name: &str) -> &'static str {
    OPTIONS
        .iter()
        .find(|(option, _)| *option == name)
        .map_or("", |(_, takes)| *takes)
}

/// The options, read: the two pool inputs as given, and the overrides.
struct Options {
    pool: JsValue,
    header: JsValue,
    overrides: Overrides,
}

impl Options {
    /// Reads the options object, refusing unknown names and wrong values
    /// with a message that says what the option takes.
    fn read(options: &JsValue) -> Result<Options, JsValue> {
        if options.is_undefined() || options.is_null() {
            return Ok(Options {
                pool: JsValue::UNDEFINED,
                header: JsValue::UNDEFINED,
                overrides: Overrides::default(),
            });
        }
        if !options.is_object() || js_sys::Array::is_array(options) {
            return Err(misuse(&format!(
                "new Validator(options) takes an object of options, not {}",
                describe(options)
            )));
        }
        let object: &js_sys::Object = options.unchecked_ref();
        for key in js_sys::Object::keys(object) {
            let key = key.as_string().unwrap_or_default();
            if !OPTIONS.iter().any(|(name, _)| *name == key) {
                let names: Vec<&str> = OPTIONS.iter().map(|(name, _)| *name).collect();
                return Err(misuse(&format!(
                    "options: unknown option {key:?}; the options are {}",
                    names.join(", ")
                )));
            }
        }
        let get = |name: &str| {
            js_sys::Reflect::get(object, &name.into())
                .ok()
                .filter(|value| !value.is_undefined() && !value.is_null())
        };
        let wrong = |name: &str, value: &JsValue| {
            misuse(&format!(
                "options.{name} takes {}, not {}",
                option_takes(name),
                shown(value)
            ))
        };
        let text = |name: &str| match get(name) {
            None => Ok(None),
            Some(value) => value
                .as_string()
                .map(Some)
                .ok_or_else(|| wrong(name, &value)),
        };
        let mfa = match text("mfa")? {
            None => None,
            Some(name) => Some(Mfa::parse(&name).ok_or_else(|| wrong("mfa", &name.into()))?),
        };
        let password_hash_algorithm = match text("passwordHashAlgorithm")? {
            None => None,
            Some(name) => Some(
                HashAlgorithm::parse(&name)
                    .ok_or_else(|| wrong("passwordHashAlgorithm", &name.into()))?,
            ),
        };
        let case_sensitive = match get("caseSensitive") {
            None => None,
            Some(value) => Some(
                value
                    .as_bool()
                    .ok_or_else(|| wrong("caseSensitive", &value))?,
            ),
        };
        let auto_verified = match get("autoVerified") {
            None => None,
            Some(value) => {
                let array = value
                    .dyn_ref::<js_sys::Array>()
                    .ok_or_else(|| wrong("autoVerified", &value))?;
                let mut attributes = Vec::new();
                for item in array.iter() {
                    let attribute = item
                        .as_string()
                        .and_then(|name| Verifiable::parse(&name))
                        .ok_or_else(|| {
                            misuse(&format!(
                                "options.autoVerified takes \"email\" and/or \"phone_number\", not {}",
                                shown(&item)
                            ))
                        })?;
                    if !attributes.contains(&attribute) {
                        attributes.push(attribute);
                    }
                }
                Some(attributes)
            }
        };
        Ok(Options {
            pool: get("pool").unwrap_or(JsValue::UNDEFINED),
            header: get("header").unwrap_or(JsValue::UNDEFINED),
            overrides: Overrides {
                mfa,
                auto_verified,
                case_sensitive,
                password_hash_algorithm,
            },
        })
    }
}

/// A deserialization error's text, without the `Error: ` that
/// serde-wasm-bindgen's errors (JavaScript errors) put first.
fn js_error_text(error: impl std::fmt::Display) -> String {
    let text = error.to_string();
    match text.strip_prefix("Error: ") {
        Some(rest) => rest.to_owned(),
        None => text,
    }
}

/// A value as a message shows it: a string quoted, anything else by kind.
fn shown(value: &JsValue) -> String {
    match value.as_string() {
        Some(text) => format!("{text:?}"),
        None => describe(value),
    }
}

/// Reads one pool input given as JSON text or as the parsed object.
fn pool_input<T: serde::de::DeserializeOwned>(
    input: PoolInput,
    value: &JsValue,
) -> Result<Option<T>, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Ok(None);
    }
    let object = match value.as_string() {
        Some(text) => {
            let text = json_object_text(input, &text).map_err(pool_error)?;
            js_sys::JSON::parse(text).map_err(|error| {
                let reason = js_sys::Error::from(error).message();
                pool_error(PoolError {
                    input,
                    path: String::new(),
                    message: format!("not valid JSON: {reason}"),
                })
            })?
        }
        None if value.is_object() && !js_sys::Array::is_array(value) => value.clone(),
        None => {
            let name = option_name(input);
            return Err(misuse(&format!(
                "options.{name} takes {}, not {}",
                option_takes(name),
                describe(value)
            )));
        }
    };
    deserialize_input(input, serde_wasm_bindgen::Deserializer::from(object))
        .map(Some)
        .map_err(|mut error| {
            error.message = js_error_text(&error.message);
            pool_error(error)
        })
}

fn option_name(input: PoolInput) -> &'static str {
    match input {
        PoolInput::DescribeUserPool => "pool",
        PoolInput::GetCsvHeader => "header",
    }
}

/// A pool that can't be used, as a JavaScript `Error` that also tells which
/// option (`input`: `"pool"` or `"header"`) and where in it (`path`).
fn pool_error(error: PoolError) -> JsValue {
    let js = js_sys::Error::new(&error.to_string());
    let set = |key: &str, value: &str| {
        js_sys::Reflect::set(&js, &key.into(), &value.into()).expect("an Error takes properties");
    };
    set("name", "PoolError");
    set("input", option_name(error.input));
    set("path", &error.path);
    js.into()
}

/// What a JavaScript value is, for a message: `a string`, `an ArrayBuffer`.
fn describe(value: &JsValue) -> String {
    let kind = value.js_typeof().as_string().unwrap_or_default();
    if value.is_null() || value.is_undefined() {
        return kind.replace("object", "null");
    }
    let name = if kind == "object" {
        js_sys::Object::from(value.clone())
            .constructor()
            .name()
            .as_string()
            .unwrap_or(kind)
    } else {
        kind
    };
    match name.chars().next() {
        Some('a' | 'e' | 'i' | 'o' | 'u' | 'A' | 'E' | 'I' | 'O' | 'U') => format!("an {name}"),
        _ => format!("a {name}"),
    }
}

fn misuse(message: &str) -> JsValue {
    JsError::new(message).into()
}

/// Validates one file, pushed in chunks. `Validator` in JavaScript.
#[wasm_bindgen(js_name = Validator)]
pub struct JsValidator {
    /// `None` once finished.
    inner: Option<Validator>,
    /// Where each chunk is copied into the module's memory (kept, so that
    /// pushing allocates nothing once it has the chunks' size).
    chunk: Vec<u8>,
    /// How far it got, kept when it finishes.
    finished: Progress,
}

#[wasm_bindgen(js_class = Validator)]
impl JsValidator {
    /// A validator for the pool the options describe; throws on bad options
    /// or an unusable pool.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<JsValidator, JsValue> {
        let options = Options::read(&options)?;
        let sources = PoolSources {
            describe_user_pool: pool_input(PoolInput::DescribeUserPool, &options.pool)?,
            get_csv_header: pool_input(PoolInput::GetCsvHeader, &options.header)?,
        };
        let pool = Pool::from_sources(sources, &options.overrides).map_err(pool_error)?;
        Ok(JsValidator {
            inner: Some(Validator::new(pool)),
            chunk: Vec::new(),
            finished: Progress::default(),
        })
    }

    fn validator(&mut self) -> Result<&mut Validator, JsValue> {
        self.inner.as_mut().ok_or_else(|| {
            misuse("this validator has finished: create a new Validator for another file")
        })
    }

    /// Validates the next bytes of the file (the chunk is copied into the
    /// module's memory once). Anything but a `Uint8Array` is refused: a
    /// string would otherwise be read as bytes of zero.
    pub fn push(&mut self, chunk: &JsValue) -> Result<(), JsValue> {
        let Some(bytes) = chunk.dyn_ref::<js_sys::Uint8Array>() else {
            return Err(misuse(&format!(
                "push(chunk) takes a Uint8Array (bytes), not {}; for text, encode it with new TextEncoder().encode(text)",
                describe(chunk)
            )));
        };
        self.validator()?;
        let length = bytes.length() as usize;
        self.chunk.resize(length, 0);
        bytes.copy_to(&mut self.chunk);
        self.inner
            .as_mut()
            .expect("checked above")
            .push(&self.chunk);
        Ok(())
    }

    /// Takes the findings found so far and not yet taken, in order.
    #[wasm_bindgen(js_name = takeFindings)]
    pub fn take_findings(&mut self) -> Result<JsValue, JsValue> {
        Ok(findings_to_js(&self.validator()?.take_findings()))
    }

    fn progress(&self) -> Progress {
        self.inner
            .as_ref()
            .map_or(self.finished, Validator::progress)
    }

    /// Bytes pushed so far.
    #[wasm_bindgen(getter, js_name = bytesRead)]
    pub fn bytes_read(&self) -> f64 {
        self.progress().bytes as f64
    }

    /// Lines completed so far.
    #[wasm_bindgen(getter)]
    pub fn lines(&self) -> f64 {
        self.progress().lines as f64
    }

    /// Users (non-blank data lines) completed so far.
    #[wasm_bindgen(getter)]
    pub fn users(&self) -> f64 {
        self.progress().users as f64
    }

    /// The pool the file is checked against, as the report gives it.
    #[wasm_bindgen(getter)]
    pub fn pool(&self) -> JsValue {
        self.inner
            .as_ref()
            .map_or(JsValue::NULL, |validator| to_js(validator.pool()))
    }

    /// Ends the file and returns the report; its `findings` are those not
    /// taken already.
    pub fn finish(&mut self) -> Result<JsValue, JsValue> {
        self.validator()?;
        self.finished = self.progress();
        let validator = self.inner.take().expect("checked above");
        Ok(report_to_js(validator.finish()))
    }
}

/// Writes a report as text, CSV or a CloudWatch log as findings come (the
/// command line's forms; JSON is `JSON.stringify` of the report).
#[wasm_bindgen(js_name = ReportWriter)]
pub struct JsReportWriter {
    inner: Option<ReportWriter>,
}

#[wasm_bindgen(js_class = ReportWriter)]
impl JsReportWriter {
    /// A writer of `format` (`text`, `csv` or `cloudwatch`) for the file
    /// `fileName`. A CloudWatch log holds its entries until the end, when
    /// the job's fate is known, unless `holdLog` is `false` (for a caller
    /// that has read the file once already to learn it).
    #[wasm_bindgen(constructor)]
    pub fn new(
        format: JsValue,
        file_name: JsValue,
        hold_log: Option<bool>,
    ) -> Result<JsReportWriter, JsValue> {
        let writer = format
            .as_string()
            .and_then(|name| ReportFormat::parse(&name))
            .filter(|format| *format != ReportFormat::Json)
            .ok_or_else(|| {
                misuse(&format!(
                    "new ReportWriter(format, fileName) takes the format \"text\", \"csv\" or \"cloudwatch\", not {} (for JSON, use JSON.stringify on the report)",
                    shown(&format)
                ))
            })?;
        let file_name = file_name.as_string().ok_or_else(|| {
            misuse(&format!(
                "new ReportWriter(format, fileName) takes the file's name as a string (the text form shows it), not {}",
                shown(&file_name)
            ))
        })?;
        let writer = ReportWriter::new(writer, file_name, hold_log.unwrap_or(true))
            .expect("every form but JSON is built in");
        Ok(JsReportWriter {
            inner: Some(writer),
        })
    }

    fn writer(&mut self) -> Result<&mut ReportWriter, JsValue> {
        self.inner.as_mut().ok_or_else(|| {
            misuse("this report writer has finished: create a new ReportWriter for another file")
        })
    }

    /// What goes before the first finding.
    pub fn start(&mut self) -> Result<String, JsValue> {
        Ok(self.writer()?.start())
    }

    /// Takes the validator's findings so far and returns their text.
    pub fn write(&mut self, validator: &mut JsValidator) -> Result<String, JsValue> {
        let validator = validator.validator()?;
        let mut out = String::new();
        let (header_line, completed) = (validator.header_line(), validator.progress().lines);
        let findings = validator.take_findings();
        self.writer()?
            .findings(findings, header_line, completed, &mut out);
        Ok(out)
    }

    /// Finishes the validator and returns `{ text, report }`: the end of the
    /// output, and the report (its findings written already, so empty).
    pub fn finish(&mut self, validator: &mut JsValidator) -> Result<JsValue, JsValue> {
        validator.validator()?;
        self.writer()?;
        validator.finished = validator.progress();
        let mut report = validator.inner.take().expect("checked above").finish();
        let findings = std::mem::take(&mut report.findings);
        let mut text = String::new();
        self.inner
            .take()
            .expect("checked above")
            .finish(findings, &report, &mut text);
        #[derive(Serialize)]
        struct Finished<'a> {
            text: String,
            report: &'a Report,
        }
        Ok(to_js(&Finished {
            text,
            report: &report,
        }))
    }
}

/// The rule table: `{ code, severity, effect, summary, help }` for each rule.
#[wasm_bindgen]
pub fn rules() -> JsValue {
    to_js(RULES)
}

/// The command line's words read as the native command line reads them:
/// `{ command: "help", text }`, `{ command: "version", text }`, or
/// `{ command: "validate", input, pool, header, format, options }`, where
/// `options` are `new Validator()`'s. Throws a usage error.
#[wasm_bindgen(js_name = parseArguments)]
pub fn parse_arguments(words: Vec<String>) -> Result<JsValue, JsValue> {
    #[derive(Serialize)]
    #[serde(tag = "command", rename_all = "camelCase")]
    enum Parsed {
        Help {
            text: &'static str,
        },
        Version {
            text: String,
        },
        #[serde(rename_all = "camelCase")]
        Validate {
            input: String,
            pool: Option<String>,
            header: Option<String>,
            format: &'static str,
            options: OverridesOptions,
        },
    }
    #[derive(Serialize)]
    #[serde(rename_all = "camelCase")]
    struct OverridesOptions {
        #[serde(skip_serializing_if = "Option::is_none")]
        mfa: Option<&'static str>,
        #[serde(skip_serializing_if = "Option::is_none")]
        auto_verified: Option<Vec<&'static str>>,
        #[serde(skip_serializing_if = "Option::is_none")]
        case_sensitive: Option<bool>,
        #[serde(skip_serializing_if = "Option::is_none")]
        password_hash_algorithm: Option<&'static str>,
    }
    let parsed = match cli::parse_arguments(words).map_err(|message| misuse(&message))? {
        Command::Help => Parsed::Help { text: cli::USAGE },
        Command::Version => Parsed::Version {
            text: cli::version(),
        },
        Command::Validate(arguments) => {
            let overrides = arguments.overrides;
            Parsed::Validate {
                input: arguments.input,
                pool: arguments.pool,
                header: arguments.header,
                format: arguments.format.as_str(),
                options: OverridesOptions {
                    mfa: overrides.mfa.map(Mfa::as_str),
                    auto_verified: overrides
                        .auto_verified
                        .map(|list| list.into_iter().map(Verifiable::as_str).collect()),
                    case_sensitive: overrides.case_sensitive,
                    password_hash_algorithm: overrides
                        .password_hash_algorithm
                        .map(HashAlgorithm::as_str),
                },
            }
        }
    };
    Ok(to_js(&parsed))
}
