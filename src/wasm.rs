//! The WebAssembly bindings, for the npm package: the only code that names
//! `wasm_bindgen`. Each is a thin layer over the engine; the package's
//! JavaScript (`src/npm/`) builds `validate()` and the command line on them.
//!
//! Values cross as plain JavaScript objects with the JSON report's names
//! (camelCase, `null` where JSON has `null`).

use crate::cli::{FileChunk, Folder, IoError, Run, Step};
use crate::engine::columns::Columns;
use crate::engine::migration::Migration;
use crate::engine::parts::{self, Head, Part, PartValidator};
use crate::engine::Batch;
use crate::existing::json::JsonError;
use crate::existing::{ExistingUsers, ExistingUsersReader};
use crate::finding::{Finding, LineStatus, LineStatuses};
use crate::fix::{Chunk, FixOptions, Fixer, Output, COUNTRIES, FIXES};
use crate::output::csv::CsvOptions;
use crate::output::json::ReportJson;
use crate::output::{ReportFormat, ReportWriter};
use crate::pool::{
    parse_describe_user_pool, parse_get_csv_header, HashAlgorithm, Mfa, Overrides, Pool, PoolError,
    PoolInput, PoolSources, Verifiable,
};
use crate::{Code, Progress, Report, Severity, Validator, RULES};
use serde::Serialize;
use std::sync::Arc;
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

/// Findings for JavaScript, as an array of objects with their messages:
/// packed into a few arrays and one string, from which
/// `src/wasm_findings.js` builds them (several times quicker than building
/// each object across the boundary). `message` words each.
fn findings_to_js_with(findings: &[Finding], message: fn(&Finding) -> String) -> JsValue {
    const NONE: u32 = u32::MAX;
    let mut lines = Vec::with_capacity(findings.len());
    let mut codes = Vec::with_capacity(findings.len());
    let mut texts = String::with_capacity(findings.len() * 160);
    let mut lengths = Vec::with_capacity(findings.len() * 4);
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
        push(Some(&message(finding)), &mut texts);
        push(finding.value.as_deref(), &mut texts);
        push(finding.suggested.as_deref(), &mut texts);
    }
    RULE_NAMES.with(|rules| unpack_findings(&lines, &codes, &texts, &lengths, rules))
}

/// Findings for JavaScript with their messages, as the reports word them.
fn findings_to_js(findings: &[Finding]) -> JsValue {
    findings_to_js_with(findings, Finding::message)
}

/// A report for JavaScript: the JSON report's object, its findings read as
/// [`findings_to_js`] does.
fn report_to_js(report: &Report) -> JsValue {
    let object = to_js(&ReportJson::of(report));
    set(&object, "findings", &findings_to_js(&report.findings));
    object
}

fn set(object: &JsValue, key: &str, value: &JsValue) {
    js_sys::Reflect::set(object, &key.into(), value).expect("an object takes properties");
}

/// A batch for a page that keeps many findings: columns to filter by, and
/// each finding's data in a compact form, without its words, which
/// [`render_finding`] gives for the rows in view.
///
/// `{ lines: Float64Array, codes: Uint8Array, statuses: Uint8Array, data:
/// Uint8Array, ends: Uint32Array, lineStatuses: { first, statuses: Uint8Array,
/// counts: Float64Array } }`: per finding its line (-1 for none), its
/// rule's place in `rules()`, its line's status (a place in
/// `lineStatuses()`, 255 for none), and where its data ends in `data`; then
/// the statuses of the lines, run-length encoded.
fn batch_to_js(batch: &Batch) -> JsValue {
    columns_to_js(
        &Columns::of(&batch.findings, &batch.statuses),
        &batch.statuses,
    )
}

/// Findings in columns as a batch, with the statuses of its lines.
fn columns_to_js(columns: &Columns, statuses: &LineStatuses) -> JsValue {
    let lines: Vec<f64> = columns
        .lines
        .iter()
        .map(|line| line.map_or(-1.0, |line| line as f64))
        .collect();
    let object = js_sys::Object::new();
    set(&object, "lines", &js_sys::Float64Array::from(&lines[..]));
    set(
        &object,
        "codes",
        &js_sys::Uint8Array::from(&columns.codes[..]),
    );
    set(
        &object,
        "statuses",
        &js_sys::Uint8Array::from(&columns.statuses[..]),
    );
    set(
        &object,
        "data",
        &js_sys::Uint8Array::from(&columns.data[..]),
    );
    set(
        &object,
        "ends",
        &js_sys::Uint32Array::from(&columns.ends[..]),
    );
    set(&object, "lineStatuses", &line_statuses_to_js(statuses));
    object.into()
}

fn line_statuses_to_js(statuses: &LineStatuses) -> JsValue {
    let object = js_sys::Object::new();
    let kinds: Vec<u8> = statuses
        .runs
        .iter()
        .map(|&(status, _)| status as u8)
        .collect();
    let counts: Vec<f64> = statuses
        .runs
        .iter()
        .map(|&(_, lines)| lines as f64)
        .collect();
    set(&object, "first", &(statuses.first as f64).into());
    set(&object, "statuses", &js_sys::Uint8Array::from(&kinds[..]));
    set(&object, "counts", &js_sys::Float64Array::from(&counts[..]));
    object.into()
}

/// One finding of a batch's `data` (`data.subarray(ends[i - 1], ends[i])`)
/// as an object with its message: `{ line, column, code, severity,
/// message, value, suggested }`. With `ownWords`, the message is in this
/// tool's words where the reports give Cognito's log sentence
/// (`verified.none`): for a page that shows findings to people.
#[wasm_bindgen(js_name = renderFinding)]
pub fn render_finding(data: &[u8], own_words: Option<bool>) -> Result<JsValue, JsValue> {
    let finding: Finding = postcard::from_bytes(data).map_err(|error| {
        misuse(&format!(
            "renderFinding(data) takes one finding's bytes of a batch's data: {error}"
        ))
    })?;
    let message = if own_words == Some(true) {
        Finding::own_message
    } else {
        Finding::message
    };
    Ok(findings_to_js_with(std::slice::from_ref(&finding), message)
        .unchecked_into::<js_sys::Array>()
        .get(0))
}

/// The line statuses, in the order of their numbers in batches:
/// `['header', 'blank', 'imported', 'failed', 'skipped']`.
#[wasm_bindgen(js_name = lineStatuses)]
pub fn line_statuses() -> Vec<String> {
    LineStatus::ALL
        .iter()
        .map(|status| status.as_str().to_owned())
        .collect()
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

/// Reads `new Validator()`'s options into a pool, refusing unknown names
/// and wrong values with a message that says what the option takes.
fn read_pool(options: &JsValue) -> Result<Pool, JsValue> {
    if options.is_undefined() || options.is_null() {
        return Ok(Pool::default());
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
    let pool_text = |input: PoolInput| -> Result<Option<String>, JsValue> {
        let name = option_name(input);
        match get(name) {
            None => Ok(None),
            Some(value) => match value.as_string() {
                Some(text) => Ok(Some(text)),
                // A parsed object is read as the text it was parsed from:
                // one parser, with the same messages, for both.
                None if value.is_object() && !js_sys::Array::is_array(&value) => {
                    Ok(js_sys::JSON::stringify(&value)?.as_string())
                }
                None => Err(misuse(&format!(
                    "options.{name} takes {}, not {}",
                    option_takes(name),
                    describe(&value)
                ))),
            },
        }
    };
    let sources = PoolSources {
        describe_user_pool: pool_text(PoolInput::DescribeUserPool)?
            .map(|text| parse_describe_user_pool(&text))
            .transpose()
            .map_err(pool_error)?,
        get_csv_header: pool_text(PoolInput::GetCsvHeader)?
            .map(|text| parse_get_csv_header(&text))
            .transpose()
            .map_err(pool_error)?,
    };
    let overrides = Overrides {
        mfa,
        auto_verified,
        case_sensitive,
        password_hash_algorithm,
    };
    Pool::from_sources(sources, &overrides).map_err(pool_error)
}

/// A value as a message shows it: a string quoted, anything else by kind.
fn shown(value: &JsValue) -> String {
    match value.as_string() {
        Some(text) => format!("{text:?}"),
        None => describe(value),
    }
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
    /// The migration whose `nextFile()` made it (which ends it) and the
    /// file's place in it.
    migration: Option<(u32, u32)>,
}

impl JsValidator {
    fn of(validator: Validator, migration: Option<(u32, u32)>) -> JsValidator {
        JsValidator {
            inner: Some(validator),
            chunk: Vec::new(),
            finished: Progress::default(),
            migration,
        }
    }
}

#[wasm_bindgen(js_class = Validator)]
impl JsValidator {
    /// A validator for the pool the options describe; throws on bad options
    /// or an unusable pool.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<JsValidator, JsValue> {
        Ok(JsValidator::of(Validator::new(read_pool(&options)?), None))
    }

    /// A validator for a file imported into a pool that has `existing`'s
    /// users (read for a pool of the same options); throws on bad options,
    /// an unusable pool, or users read for a pool that compares usernames
    /// otherwise.
    #[wasm_bindgen(js_name = withExisting)]
    pub fn with_existing(
        options: JsValue,
        existing: &JsExistingUsers,
    ) -> Result<JsValidator, JsValue> {
        let pool = pool_for_existing(&options, existing)?;
        Ok(JsValidator::of(
            Validator::with_existing(pool, existing.inner.clone()),
            None,
        ))
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

    /// Takes the findings found so far and not yet taken, in order, as
    /// objects with their messages.
    #[wasm_bindgen(js_name = takeFindings)]
    pub fn take_findings(&mut self) -> Result<JsValue, JsValue> {
        Ok(findings_to_js(&self.validator()?.take().findings))
    }

    /// Takes the findings and line statuses so far and not yet taken, as a
    /// batch (see [`batch_to_js`]): for a caller that keeps many findings
    /// and shows a few.
    #[wasm_bindgen(js_name = takeBatch)]
    pub fn take_batch(&mut self) -> Result<JsValue, JsValue> {
        Ok(batch_to_js(&self.validator()?.take()))
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

    fn end(&mut self) -> Result<Report, JsValue> {
        self.validator()?;
        if self.migration.is_some() {
            return Err(misuse(
                "this validator is a migration's file: end it with migration.finishFile(validator) (or a ReportWriter's finishFile(migration, validator))",
            ));
        }
        self.finished = self.progress();
        Ok(self.inner.take().expect("checked above").finish())
    }

    /// Ends the file and returns the report; its `findings` are those not
    /// taken already. With `batch`, they are the report's `batch` (as
    /// `takeBatch()` gives them), and its `findings` are empty.
    pub fn finish(&mut self, batch: Option<bool>) -> Result<JsValue, JsValue> {
        Ok(finished_report_to_js(self.end()?, batch))
    }
}

/// A finished file's report for JavaScript, the findings not taken as its
/// `findings`, or with `batch` as its `batch` (see [`JsValidator::finish`]).
fn finished_report_to_js(mut report: Report, batch: Option<bool>) -> JsValue {
    if batch != Some(true) {
        return report_to_js(&report);
    }
    let rest = Batch {
        findings: std::mem::take(&mut report.findings),
        statuses: std::mem::take(&mut report.statuses),
    };
    let object = report_to_js(&report);
    set(&object, "batch", &batch_to_js(&rest));
    object
}

/// Where the parts of a file of `length` bytes start, for at most `most`
/// workers (one part for a small file): give part `i` the range from
/// `starts[i]` to `starts[i + 1]` (the last to the file's end).
#[wasm_bindgen(js_name = partStarts)]
pub fn part_starts(length: f64, most: u32) -> Vec<f64> {
    parts::cuts(length as u64, most as usize)
        .into_iter()
        .map(|start| start as f64)
        .collect()
}

/// The head of a file for the pool the options describe, from its first
/// bytes (a megabyte holds any header): throws on bad options; `undefined`
/// when the file cannot be cut into parts (its header does not end in
/// these bytes, or it is no text), and is read in one pass.
fn read_head(options: &JsValue, head: &[u8]) -> Result<Option<(Pool, Head)>, JsValue> {
    let pool = read_pool(options)?;
    Ok(Head::read(&pool, head).map(|head| (pool, head)))
}

/// Whether a file whose first bytes are `head` can be cut into parts for
/// the pool the options describe; throws on bad options.
#[wasm_bindgen(js_name = canCut)]
pub fn can_cut(options: JsValue, head: &[u8]) -> Result<bool, JsValue> {
    Ok(read_head(&options, head)?.is_some())
}

/// Validates one part of a file cut at line breaks, on a worker of its
/// own. `PartValidator` in JavaScript.
#[wasm_bindgen(js_name = PartValidator)]
pub struct JsPartValidator {
    /// `None` once its reading has ended.
    inner: Option<PartValidator>,
    /// The part once its reading has ended, until it is finished.
    ended: Option<Part>,
    read_from: u64,
    /// Bytes validated when its reading ended.
    bytes_read: u64,
    chunk: Vec<u8>,
}

#[wasm_bindgen(js_class = PartValidator)]
impl JsPartValidator {
    /// The part of a file, whose first bytes are `head`, that holds the
    /// lines that start from `start` to `end` (`undefined`: the file's
    /// end); throws on bad options or a file that cannot be cut
    /// ([`can_cut`]).
    #[wasm_bindgen(constructor)]
    pub fn new(
        options: JsValue,
        head: &[u8],
        start: f64,
        end: Option<f64>,
    ) -> Result<JsPartValidator, JsValue> {
        let Some((pool, head)) = read_head(&options, head)? else {
            return Err(misuse(
                "this file cannot be cut into parts (see canCut): validate it in one pass",
            ));
        };
        let start = start as u64;
        Ok(JsPartValidator {
            inner: Some(PartValidator::new(
                pool,
                &head,
                start,
                end.map(|end| end as u64),
            )),
            ended: None,
            read_from: head.read_from(start),
            bytes_read: 0,
            chunk: Vec::new(),
        })
    }

    /// The file offset to read the part from.
    #[wasm_bindgen(getter, js_name = readFrom)]
    pub fn read_from(&self) -> f64 {
        self.read_from as f64
    }

    /// Validates the next bytes of the file (from `readFrom` on); `false`
    /// once the part has all it needs, and the rest can be left unread.
    pub fn push(&mut self, chunk: &JsValue) -> Result<bool, JsValue> {
        let Some(bytes) = chunk.dyn_ref::<js_sys::Uint8Array>() else {
            return Err(misuse(&format!(
                "push(chunk) takes a Uint8Array (bytes), not {}",
                describe(chunk)
            )));
        };
        let Some(part) = self.inner.as_mut() else {
            return Err(misuse("this part's reading has ended (end() or finish())"));
        };
        self.chunk.resize(bytes.length() as usize, 0);
        bytes.copy_to(&mut self.chunk);
        Ok(part.push(&self.chunk))
    }

    /// The part's bytes validated so far.
    #[wasm_bindgen(getter, js_name = bytesRead)]
    pub fn bytes_read(&self) -> f64 {
        self.inner
            .as_ref()
            .map_or(self.bytes_read, PartValidator::bytes) as f64
    }

    /// Ends the reading (if it was under way, at the file's end): the
    /// part's keys, one per username or alias value, sorted, for
    /// `contestedKeys`. Then `finish(contested)`.
    pub fn end(&mut self) -> Result<Vec<u64>, JsValue> {
        Ok(self.ended()?.keys())
    }

    /// The part's lines, once its reading has ended (0 before): the next
    /// part's follow the lines of the parts before it.
    #[wasm_bindgen(getter)]
    pub fn lines(&self) -> f64 {
        self.ended.as_ref().map_or(0, Part::lines) as f64
    }

    /// Ends the part: what the merge needs of it, as bytes to send to the
    /// worker that merges (transferable). With `contested` (this part's of
    /// `contestedKeys`, or of `contestedKeysWithExisting` for a merge with
    /// the pool's users), only the lines that have one of those keys are
    /// kept of its log, which is all the merge reads of it. With `offset` too (the lines of
    /// the parts before), the findings the merge leaves alone go in the
    /// columns of a batch, numbered in the file, for `mergeParts(...,
    /// batch)` to copy rather than read.
    pub fn finish(
        &mut self,
        contested: Option<Vec<u64>>,
        offset: Option<f64>,
    ) -> Result<Vec<u8>, JsValue> {
        self.ended()?;
        let part = self.ended.take().expect("ended");
        let part = match (contested, offset) {
            (Some(keys), Some(offset)) => part.sending(&keys, offset as u64),
            (Some(keys), None) => part.keeping(&keys),
            (None, None) => part,
            (None, Some(_)) => {
                return Err(misuse(
                    "finish(contested, offset) takes the part's contested keys with its offset",
                ))
            }
        };
        Ok(part.to_bytes())
    }

    /// The part, its reading ended.
    fn ended(&mut self) -> Result<&Part, JsValue> {
        if let Some(reading) = self.inner.take() {
            self.bytes_read = reading.bytes();
            self.ended = Some(reading.finish());
        }
        self.ended
            .as_ref()
            .ok_or_else(|| misuse("this part has finished"))
    }
}

/// For each part's keys (`PartValidator.end()`), in order, those that
/// occur more than once in the whole file: each part's to give its
/// `finish(contested)`.
#[wasm_bindgen(js_name = contestedKeys)]
pub fn contested_keys(keys: Vec<js_sys::BigUint64Array>) -> js_sys::Array {
    contested_keys_in(&keys, None)
}

/// [`contested_keys`] of a file imported into a pool that has `existing`'s
/// users: the keys a user of the pool has are contested too.
#[wasm_bindgen(js_name = contestedKeysWithExisting)]
pub fn contested_keys_with_existing(
    keys: Vec<js_sys::BigUint64Array>,
    existing: &JsExistingUsers,
) -> js_sys::Array {
    contested_keys_in(&keys, Some(&existing.inner))
}

fn contested_keys_in(
    keys: &[js_sys::BigUint64Array],
    existing: Option<&ExistingUsers>,
) -> js_sys::Array {
    let keys: Vec<Vec<u64>> = keys.iter().map(js_sys::BigUint64Array::to_vec).collect();
    let lists: Vec<&[u64]> = keys.iter().map(Vec::as_slice).collect();
    parts::contested_keys(&lists, existing)
        .iter()
        .map(|contested| js_sys::BigUint64Array::from(&contested[..]))
        .collect()
}

/// The report of a whole file from its parts' bytes, in order (see
/// `PartValidator`), for the pool the options describe, as
/// `Validator.finish(batch)` gives it; throws on misuse (bytes that are
/// no part, a file that cannot be cut).
#[wasm_bindgen(js_name = mergeParts)]
pub fn merge_parts(
    options: JsValue,
    head: &[u8],
    parts: Vec<js_sys::Uint8Array>,
    batch: Option<bool>,
) -> Result<JsValue, JsValue> {
    merge(read_pool(&options)?, head, &parts, batch, None)
}

/// [`merge_parts`] of a file imported into a pool that has `existing`'s
/// users (read for a pool of the same options).
#[wasm_bindgen(js_name = mergePartsWithExisting)]
pub fn merge_parts_with_existing(
    options: JsValue,
    existing: &JsExistingUsers,
    head: &[u8],
    parts: Vec<js_sys::Uint8Array>,
    batch: Option<bool>,
) -> Result<JsValue, JsValue> {
    let pool = pool_for_existing(&options, existing)?;
    merge(pool, head, &parts, batch, Some(existing.inner.clone()))
}

fn merge(
    pool: Pool,
    head: &[u8],
    parts: &[js_sys::Uint8Array],
    batch: Option<bool>,
    existing: Option<Arc<ExistingUsers>>,
) -> Result<JsValue, JsValue> {
    let Some(head) = Head::read(&pool, head) else {
        return Err(misuse("this file cannot be cut into parts (see canCut)"));
    };
    let parts = parts
        .iter()
        .map(|bytes| Part::from_bytes(&bytes.to_vec()))
        .map(|part| part.filter(|part| part.fits(&head)))
        .collect::<Option<Vec<Part>>>()
        .ok_or_else(|| {
            misuse("mergeParts takes what PartValidator.finish() returns, for the file of this head and these options")
        })?;
    if batch != Some(true) {
        if parts.iter().any(Part::in_columns) {
            return Err(misuse(
                "parts finished with an offset give their findings in columns: merge them into a batch, mergeParts(options, head, parts, true)",
            ));
        }
        return Ok(finished_report_to_js(
            parts::merge(pool, &head, parts, existing),
            batch,
        ));
    }
    let (mut report, columns) = parts::merge_in_columns(pool, &head, parts, existing)
        .ok_or_else(|| {
            misuse("each part's offset must be the lines of the parts before it, in order (PartValidator.lines)")
        })?;
    let statuses = std::mem::take(&mut report.statuses);
    let object = report_to_js(&report);
    set(&object, "batch", &columns_to_js(&columns, &statuses));
    Ok(object)
}

/// The pool the options describe, for users read for it: throws on bad
/// options, an unusable pool, or users read for a pool that compares
/// usernames otherwise.
fn pool_for_existing(options: &JsValue, existing: &JsExistingUsers) -> Result<Pool, JsValue> {
    let pool = read_pool(options)?;
    if pool.case_sensitive != existing.inner.case_sensitive() {
        return Err(misuse(
            "these existing users were read for a pool that compares usernames otherwise: read them again with this pool's options",
        ));
    }
    Ok(pool)
}

thread_local! {
    /// The number of the next `Migration`, which its validators carry.
    static NEXT_MIGRATION: std::cell::Cell<u32> = const { std::cell::Cell::new(1) };
}

/// Files checked as one migration, in the order their import jobs run: a
/// user imported by an earlier file's job is in the pool for the later
/// files. `Migration` in JavaScript.
#[wasm_bindgen(js_name = Migration)]
pub struct JsMigration {
    inner: Migration,
    /// This migration's number, which the validators of its files carry.
    id: u32,
    /// The validators given by `nextFile()`: the last is the file to end.
    given: u32,
}

#[wasm_bindgen(js_class = Migration)]
impl JsMigration {
    /// A migration into the pool the options describe (as `new
    /// Validator()` takes them); throws on bad options or an unusable pool.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<JsMigration, JsValue> {
        Ok(JsMigration::of(Migration::new(read_pool(&options)?, None)))
    }

    /// A migration into a pool that has `existing`'s users (read for a pool
    /// of the same options); throws as `Validator.withExisting` does.
    #[wasm_bindgen(js_name = withExisting)]
    pub fn with_existing(
        options: JsValue,
        existing: &JsExistingUsers,
    ) -> Result<JsMigration, JsValue> {
        let pool = pool_for_existing(&options, existing)?;
        Ok(JsMigration::of(Migration::new(
            pool,
            Some(existing.inner.clone()),
        )))
    }

    fn of(inner: Migration) -> JsMigration {
        let id = NEXT_MIGRATION.with(|next| next.replace(next.get() + 1));
        JsMigration {
            inner,
            id,
            given: 0,
        }
    }

    /// A validator for the next file, to push it into and end with
    /// `finishFile()` (a validator given before and not ended is dropped
    /// from the migration).
    #[wasm_bindgen(js_name = nextFile)]
    pub fn next_file(&mut self) -> JsValidator {
        self.given += 1;
        JsValidator::of(self.inner.next_file(), Some((self.id, self.given)))
    }

    /// Ends the file of `validator` (from `nextFile()`) and returns its
    /// report, as `validator.finish(batch)` would; the users its job
    /// imports are in the pool for the files after it.
    #[wasm_bindgen(js_name = finishFile)]
    pub fn finish_file(
        &mut self,
        validator: &mut JsValidator,
        batch: Option<bool>,
    ) -> Result<JsValue, JsValue> {
        Ok(finished_report_to_js(self.end_file(validator)?, batch))
    }

    /// Ends the file of `validator`, which must be the last `nextFile()`
    /// gave, and returns its report.
    fn end_file(&mut self, validator: &mut JsValidator) -> Result<Report, JsValue> {
        match validator.migration {
            Some((id, file)) if id == self.id && file == self.given => {}
            Some((id, _)) if id == self.id => {
                return Err(misuse(
                    "finishFile(validator) takes the validator of the last file: nextFile() was called again, and the files' jobs run in the order nextFile() gave them",
                ))
            }
            _ => {
                return Err(misuse(
                    "finishFile(validator) takes a validator this migration's nextFile() gave",
                ))
            }
        }
        validator.validator()?;
        validator.finished = validator.progress();
        Ok(self
            .inner
            .finish_file(validator.inner.take().expect("checked above")))
    }

    /// The files ended so far, summed up: `{ files, users, imported,
    /// failed, skipped, failingJobs, overLimits }`.
    #[wasm_bindgen(getter)]
    pub fn summary(&self) -> JsValue {
        to_js(self.inner.summary())
    }
}

/// Reads `new ReportWriter()`'s CSV options: `{ hideValues, only,
/// byteOrderMark }`, each optional.
fn read_csv_options(options: &JsValue) -> Result<CsvOptions, JsValue> {
    const NAMES: [&str; 3] = ["hideValues", "only", "byteOrderMark"];
    if !options.is_object() || js_sys::Array::is_array(options) {
        return Err(misuse(&format!(
            "csvOptions takes an object ({{ hideValues, only, byteOrderMark }}), not {}",
            describe(options)
        )));
    }
    let object: &js_sys::Object = options.unchecked_ref();
    for key in js_sys::Object::keys(object) {
        let key = key.as_string().unwrap_or_default();
        if !NAMES.contains(&key.as_str()) {
            return Err(misuse(&format!(
                "csvOptions: unknown option {key:?}; the options are {}",
                NAMES.join(", ")
            )));
        }
    }
    let get = |name: &str| {
        js_sys::Reflect::get(object, &name.into())
            .ok()
            .filter(|value| !value.is_undefined() && !value.is_null())
    };
    let switch = |name: &str| match get(name) {
        None => Ok(false),
        Some(value) => value.as_bool().ok_or_else(|| {
            misuse(&format!(
                "csvOptions.{name} takes true or false, not {}",
                shown(&value)
            ))
        }),
    };
    let only = match get("only") {
        None => None,
        Some(value) => {
            let wrong = || {
                misuse(&format!(
                    "csvOptions.only takes the places of the findings to write, in increasing order (a Uint32Array or an array of whole numbers), not {}",
                    describe(&value)
                ))
            };
            let places: Vec<u32> = if let Some(array) = value.dyn_ref::<js_sys::Uint32Array>() {
                array.to_vec()
            } else if let Some(array) = value.dyn_ref::<js_sys::Array>() {
                array
                    .iter()
                    .map(|item| {
                        item.as_f64()
                            .filter(|n| n.fract() == 0.0 && (0.0..=f64::from(u32::MAX)).contains(n))
                            .map(|n| n as u32)
                    })
                    .collect::<Option<_>>()
                    .ok_or_else(wrong)?
            } else {
                return Err(wrong());
            };
            if places.windows(2).any(|pair| pair[0] >= pair[1]) {
                return Err(wrong());
            }
            Some(places)
        }
    };
    Ok(CsvOptions {
        hide_values: switch("hideValues")?,
        only,
        byte_order_mark: switch("byteOrderMark")?,
        file: None,
    })
}

/// Reads the target pool's users (the output of `aws cognito-idp
/// list-users`) in chunks. `ExistingUsersReader` in JavaScript.
#[wasm_bindgen(js_name = ExistingUsersReader)]
pub struct JsExistingUsersReader {
    /// `None` once finished.
    inner: Option<ExistingUsersReader>,
}

#[wasm_bindgen(js_class = ExistingUsersReader)]
impl JsExistingUsersReader {
    /// A reader for the users of the pool the options describe (they say
    /// how it compares usernames); throws on bad options or an unusable pool.
    #[wasm_bindgen(constructor)]
    pub fn new(options: JsValue) -> Result<JsExistingUsersReader, JsValue> {
        Ok(JsExistingUsersReader {
            inner: Some(ExistingUsersReader::new(&read_pool(&options)?)),
        })
    }

    fn reader(&mut self) -> Result<&mut ExistingUsersReader, JsValue> {
        self.inner.as_mut().ok_or_else(|| {
            misuse("this reader has finished: create a new ExistingUsersReader for other users")
        })
    }

    /// Reads the next bytes; throws an `ExistingUsersError` (with `line` and
    /// `column`) when they are no `list-users` output.
    pub fn push(&mut self, chunk: &JsValue) -> Result<(), JsValue> {
        let Some(bytes) = chunk.dyn_ref::<js_sys::Uint8Array>() else {
            return Err(misuse(&format!(
                "push(chunk) takes a Uint8Array (bytes), not {}",
                describe(chunk)
            )));
        };
        let bytes = bytes.to_vec();
        self.reader()?
            .push(&bytes)
            .map_err(|error| existing_users_error(&error))
    }

    /// Ends the output: the users, to give to `Validator.withExisting`.
    pub fn finish(&mut self) -> Result<JsExistingUsers, JsValue> {
        self.reader()?;
        let reader = self.inner.take().expect("checked above");
        let users = reader
            .finish()
            .map_err(|error| existing_users_error(&error))?;
        Ok(JsExistingUsers {
            inner: Arc::new(users),
        })
    }
}

/// Bad `list-users` output, as a JavaScript `Error` that also tells where.
fn existing_users_error(error: &JsonError) -> JsValue {
    let js = js_sys::Error::new(&error.to_string());
    let set = |key: &str, value: &JsValue| {
        js_sys::Reflect::set(&js, &key.into(), value).expect("an Error takes properties");
    };
    set("name", &"ExistingUsersError".into());
    set("line", &(error.at.line as f64).into());
    set("column", &(error.at.column as f64).into());
    js.into()
}

/// The target pool's users, read. `ExistingUsers` in JavaScript.
#[wasm_bindgen(js_name = ExistingUsers)]
pub struct JsExistingUsers {
    inner: Arc<ExistingUsers>,
}

#[wasm_bindgen(js_class = ExistingUsers)]
impl JsExistingUsers {
    /// How many users the pool has.
    #[wasm_bindgen(getter)]
    pub fn users(&self) -> f64 {
        self.inner.users() as f64
    }
}

/// Writes a report in one of the command line's forms as findings come.
#[wasm_bindgen(js_name = ReportWriter)]
pub struct JsReportWriter {
    inner: Option<ReportWriter>,
}

#[wasm_bindgen(js_class = ReportWriter)]
impl JsReportWriter {
    /// A writer of `format` (`text`, `json`, `csv` or `cloudwatch`) for the
    /// file `fileName`. A CloudWatch log holds its entries until the end,
    /// when the job's fate is known, unless `holdLog` is `false` (for a
    /// caller that has read the file once already to learn it). The CSV
    /// form takes `csvOptions`: `{ hideValues, only, byteOrderMark }` (see
    /// [`CsvOptions`]; `only` a `Uint32Array` or an array of places).
    #[wasm_bindgen(constructor)]
    pub fn new(
        format: JsValue,
        file_name: JsValue,
        hold_log: Option<bool>,
        csv_options: JsValue,
    ) -> Result<JsReportWriter, JsValue> {
        let format = format
            .as_string()
            .and_then(|name| ReportFormat::parse(&name))
            .ok_or_else(|| {
                misuse(&format!(
                    "new ReportWriter(format, fileName) takes the format \"text\", \"json\", \"csv\" or \"cloudwatch\", not {}",
                    shown(&format)
                ))
            })?;
        let file_name = file_name.as_string().ok_or_else(|| {
            misuse(&format!(
                "new ReportWriter(format, fileName) takes the file's name as a string (the text form shows it), not {}",
                shown(&file_name)
            ))
        })?;
        let csv_options = if csv_options.is_undefined() || csv_options.is_null() {
            CsvOptions::default()
        } else if format != ReportFormat::Csv {
            return Err(misuse(&format!(
                "new ReportWriter(format, fileName, holdLog, csvOptions) takes csvOptions for the \"csv\" format only, not for {:?}",
                format.as_str()
            )));
        } else {
            read_csv_options(&csv_options)?
        };
        Ok(JsReportWriter {
            inner: Some(
                ReportWriter::new(format, file_name, hold_log.unwrap_or(true))
                    .with_csv_options(csv_options),
            ),
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
        let batch = validator.validator()?.take();
        let mut out = String::new();
        self.writer()?.write(&batch, &mut out);
        Ok(out)
    }

    /// Finishes the validator and returns `{ text, report }`: the end of the
    /// output, and the report (its findings written already, so empty).
    pub fn finish(&mut self, validator: &mut JsValidator) -> Result<JsValue, JsValue> {
        validator.validator()?;
        self.writer()?;
        let report = validator.end()?;
        Ok(self.written(report))
    }

    /// Finishes the validator of a migration's file through the migration,
    /// as `migration.finishFile(validator)` does, and returns `{ text,
    /// report }` as `finish()` does.
    #[wasm_bindgen(js_name = finishFile)]
    pub fn finish_file(
        &mut self,
        migration: &mut JsMigration,
        validator: &mut JsValidator,
    ) -> Result<JsValue, JsValue> {
        self.writer()?;
        let report = migration.end_file(validator)?;
        Ok(self.written(report))
    }
}

impl JsReportWriter {
    /// The end of the output for the finished file's `report`, and the
    /// report without its findings (written already).
    fn written(&mut self, mut report: Report) -> JsValue {
        let mut text = String::new();
        self.inner
            .take()
            .expect("checked by the caller")
            .finish(&report, &mut text);
        report.findings.clear();
        let object = js_sys::Object::new();
        set(&object, "text", &text.into());
        set(&object, "report", &report_to_js(&report));
        object.into()
    }
}

/// Fixes one file, pushed in chunks, into files Cognito imports. `Fixer`
/// in JavaScript.
#[wasm_bindgen(js_name = Fixer)]
pub struct JsFixer {
    /// `None` once finished.
    inner: Option<Fixer>,
    chunk: Vec<u8>,
}

/// Output chunks as `{ file, output, part, bytes }`: `output` is `"part"`,
/// `"rejects"`, `"changes"`, `"subs"` or `"manifest"`, `part` the import
/// file's number (or null).
fn chunks_to_js(chunks: Vec<Chunk>) -> JsValue {
    let array = js_sys::Array::new();
    for chunk in chunks {
        let object = js_sys::Object::new();
        set(&object, "file", &chunk.output.file_name().into());
        let (output, part) = match chunk.output {
            Output::Part(number) => ("part", JsValue::from(number)),
            Output::Rejects => ("rejects", JsValue::NULL),
            Output::Changes => ("changes", JsValue::NULL),
            Output::Subs => ("subs", JsValue::NULL),
            Output::Manifest => ("manifest", JsValue::NULL),
        };
        set(&object, "output", &output.into());
        set(&object, "part", &part);
        set(
            &object,
            "bytes",
            &js_sys::Uint8Array::from(&chunk.bytes[..]).into(),
        );
        array.push(&object);
    }
    array.into()
}

#[wasm_bindgen(js_class = Fixer)]
impl JsFixer {
    /// A fixer for the pool `poolOptions` describe (as `new Validator()`
    /// takes them), with `fixOptions` (`{ maxUsers, maxBytes, dateOrder,
    /// defaultCountry, assumeVerified, keepUnknownColumns, columns,
    /// keepUnconfirmed, keepDisabled }`);
    /// throws on bad options.
    #[wasm_bindgen(constructor)]
    pub fn new(pool_options: JsValue, fix_options: JsValue) -> Result<JsFixer, JsValue> {
        let pool = read_pool(&pool_options)?;
        let options: FixOptions = if fix_options.is_undefined() || fix_options.is_null() {
            FixOptions::default()
        } else {
            // Through JSON, for errors that name the option and what it takes.
            let json = js_sys::JSON::stringify(&fix_options)
                .ok()
                .and_then(|json| json.as_string())
                .unwrap_or_default();
            let mut reader = serde_json::Deserializer::from_str(&json);
            serde_path_to_error::deserialize(&mut reader).map_err(|error| {
                let path = error.path().to_string();
                let error = error.into_inner().to_string();
                // serde_json's " at line 1 column 20" points into JSON the
                // caller never wrote.
                let error = error.split(" at line ").next().unwrap_or(&error);
                misuse(&format!("fix option {path}: {error}"))
            })?
        };
        let fixer = Fixer::new(pool, options).map_err(|error| misuse(&error.0))?;
        Ok(JsFixer {
            inner: Some(fixer),
            chunk: Vec::new(),
        })
    }

    fn fixer(&mut self) -> Result<&mut Fixer, JsValue> {
        self.inner
            .as_mut()
            .ok_or_else(|| misuse("this fixer has finished: create a new Fixer for another file"))
    }

    /// Reads the next bytes of the file (a `Uint8Array`).
    pub fn push(&mut self, chunk: &JsValue) -> Result<(), JsValue> {
        let Some(bytes) = chunk.dyn_ref::<js_sys::Uint8Array>() else {
            return Err(misuse(&format!(
                "push(chunk) takes a Uint8Array (bytes), not {}",
                describe(chunk)
            )));
        };
        self.fixer()?;
        self.chunk.resize(bytes.length() as usize, 0);
        bytes.copy_to(&mut self.chunk);
        self.inner
            .as_mut()
            .expect("checked above")
            .push(&self.chunk);
        Ok(())
    }

    /// Takes the output's chunks completed so far.
    pub fn take(&mut self) -> Result<JsValue, JsValue> {
        Ok(chunks_to_js(self.fixer()?.take()))
    }

    /// Why the file cannot be fixed, once that is known (the rest of it
    /// need not be pushed); `null` while it can.
    #[wasm_bindgen(getter)]
    pub fn stopped(&self) -> JsValue {
        self.inner
            .as_ref()
            .and_then(|fixer| fixer.stopped())
            .map_or(JsValue::NULL, |error| error.0.as_str().into())
    }

    /// Bytes pushed so far.
    #[wasm_bindgen(getter, js_name = bytesRead)]
    pub fn bytes_read(&self) -> f64 {
        self.inner
            .as_ref()
            .map_or(0.0, |fixer| fixer.bytes() as f64)
    }

    /// Ends the file: `{ chunks, manifest, samples, error }`, the last
    /// chunks (`manifest.json`'s last), the manifest and the first changes
    /// of each fix, or (`manifest` null) why the file cannot be fixed.
    pub fn finish(&mut self) -> Result<JsValue, JsValue> {
        self.fixer()?;
        let object = js_sys::Object::new();
        match self.inner.take().expect("checked above").finish() {
            Ok(fixed) => {
                set(&object, "chunks", &chunks_to_js(fixed.chunks));
                set(&object, "manifest", &to_js(&fixed.manifest));
                set(&object, "samples", &to_js(&fixed.samples));
                set(&object, "error", &JsValue::NULL);
            }
            Err(error) => {
                set(&object, "chunks", &js_sys::Array::new().into());
                set(&object, "manifest", &JsValue::NULL);
                set(&object, "samples", &js_sys::Array::new().into());
                set(&object, "error", &error.0.into());
            }
        }
        Ok(object.into())
    }
}

/// The fix table: `{ code, summary }` for each fix.
#[wasm_bindgen]
pub fn fixes() -> JsValue {
    to_js(FIXES)
}

/// The commands that import the file `fileName` of `users` users with one
/// import job, as a fix's `nextSteps` give them for its files: into the
/// pool a report's `pool` describes (its `userPoolId` and
/// `passwordHashAlgorithm` are read; `POOL_ID` when it has no id).
#[wasm_bindgen(js_name = importCommands)]
pub fn import_commands(
    file_name: String,
    users: f64,
    pool: JsValue,
) -> Result<Vec<String>, JsValue> {
    if !pool.is_object() {
        return Err(misuse(&format!(
            "importCommands(fileName, users, pool) takes a report's pool, not {}",
            describe(&pool)
        )));
    }
    let text = |key: &str| {
        js_sys::Reflect::get(&pool, &key.into())
            .ok()
            .and_then(|value| value.as_string())
    };
    let target = Pool {
        user_pool_id: text("userPoolId"),
        password_hash_algorithm: text("passwordHashAlgorithm")
            .and_then(|name| HashAlgorithm::parse(&name)),
        ..Pool::default()
    };
    Ok(crate::fix::import_commands(
        &file_name,
        users as u64,
        &target,
    ))
}

/// The most bytes to give `Fixer.push()` (or `CommandLine.pushFix()`) at
/// a time, taking the output after each, for bounded memory.
#[wasm_bindgen(js_name = fixPushBytes)]
pub fn fix_push_bytes() -> usize {
    crate::fix::PUSH_BYTES
}

/// The countries `defaultCountry` takes, by ISO code.
#[wasm_bindgen(js_name = fixCountries)]
pub fn fix_countries() -> Vec<String> {
    COUNTRIES
        .iter()
        .map(|country| country.code.to_owned())
        .collect()
}

/// The rule table: `{ code, severity, effect, summary, help }` for each rule.
#[wasm_bindgen]
pub fn rules() -> JsValue {
    to_js(RULES)
}

/// One run of the command line, for the package's `bin`, which only moves
/// bytes: `{ kind: 'readPoolFile', path }`, `{ kind: 'readExisting', path }`, `{ kind: 'readInput', path,
/// aside }` (`null` for standard input; `aside`: to a temporary file),
/// `{ kind: 'writeAside' }` and `{ kind: 'exit', stdout, stderr, status }`
/// are the steps it asks for (see `cli::Run`).
#[wasm_bindgen(js_name = CommandLine)]
pub struct JsCommandLine {
    run: Run,
    /// The step to take first.
    first: Option<Step>,
}

fn step_to_js(step: Step) -> JsValue {
    to_js(&step)
}

fn file_chunks_to_js(chunks: Vec<FileChunk>) -> JsValue {
    let array = js_sys::Array::new();
    for chunk in chunks {
        let object = js_sys::Object::new();
        set(&object, "name", &chunk.name.into());
        set(
            &object,
            "bytes",
            &js_sys::Uint8Array::from(&chunk.bytes[..]).into(),
        );
        array.push(&object);
    }
    array.into()
}

/// A Node error (`{ code, message }`) as the run words it.
fn io_error(error: &JsValue) -> IoError {
    let get = |key: &str| {
        js_sys::Reflect::get(error, &key.into())
            .ok()
            .and_then(|value| value.as_string())
    };
    match get("code").as_deref() {
        Some("ENOENT") => IoError::NotFound,
        Some("EACCES" | "EPERM") => IoError::PermissionDenied,
        Some("EISDIR") => IoError::IsFolder,
        _ => IoError::Other(get("message").unwrap_or_else(|| "unknown error".into())),
    }
}

#[wasm_bindgen(js_class = CommandLine)]
impl JsCommandLine {
    /// A run of the command line's words (the program's name left out).
    #[wasm_bindgen(constructor)]
    pub fn new(words: Vec<String>) -> JsCommandLine {
        let (run, step) = Run::start(words);
        JsCommandLine {
            run,
            first: Some(step),
        }
    }

    /// The first step.
    #[wasm_bindgen(js_name = firstStep)]
    pub fn first_step(&mut self) -> Result<JsValue, JsValue> {
        self.first
            .take()
            .map(step_to_js)
            .ok_or_else(|| misuse("firstStep() gives the first step once"))
    }

    /// The bytes of the pool file asked for; the next step.
    #[wasm_bindgen(js_name = poolFile)]
    pub fn pool_file(&mut self, bytes: Vec<u8>) -> JsValue {
        step_to_js(self.run.pool_file(Ok(bytes)))
    }

    /// The pool file asked for could not be read (a Node error); the next step.
    #[wasm_bindgen(js_name = poolFileFailed)]
    pub fn pool_file_failed(&mut self, error: JsValue) -> JsValue {
        step_to_js(self.run.pool_file(Err(io_error(&error))))
    }

    /// The next chunk of the target pool's users (`--existing`): `null`
    /// to read on, or the step to take in place of reading on.
    #[wasm_bindgen(js_name = pushExisting)]
    pub fn push_existing(&mut self, chunk: &[u8]) -> JsValue {
        self.run
            .push_existing(chunk)
            .map_or(JsValue::NULL, step_to_js)
    }

    /// The end of the target pool's users; the next step.
    #[wasm_bindgen(js_name = endExisting)]
    pub fn end_existing(&mut self) -> JsValue {
        step_to_js(self.run.end_existing())
    }

    /// The target pool's users could not be read (a Node error); the next step.
    #[wasm_bindgen(js_name = existingFailed)]
    pub fn existing_failed(&mut self, error: JsValue) -> JsValue {
        step_to_js(self.run.existing_unreadable(io_error(&error)))
    }

    /// The next chunk of the input; what to write.
    pub fn push(&mut self, chunk: &[u8]) -> String {
        self.run.push(chunk)
    }

    /// The end of the input: `{ text, step }`, what to write and the next step.
    #[wasm_bindgen(js_name = endInput)]
    pub fn end_input(&mut self) -> JsValue {
        let (text, step) = self.run.end_input();
        let object = js_sys::Object::new();
        set(&object, "text", &text.into());
        set(&object, "step", &step_to_js(step));
        object.into()
    }

    /// The entries put aside are written: `{ text, step }`, what to write
    /// after them and the next step.
    #[wasm_bindgen(js_name = asideWritten)]
    pub fn aside_written(&mut self) -> JsValue {
        let (text, step) = self.run.aside_written();
        let object = js_sys::Object::new();
        set(&object, "text", &text.into());
        set(&object, "step", &step_to_js(step));
        object.into()
    }

    /// The input could not be opened (a Node error); the next step.
    #[wasm_bindgen(js_name = cannotOpen)]
    pub fn cannot_open(&mut self, error: JsValue) -> JsValue {
        step_to_js(self.run.cannot_open(io_error(&error)))
    }

    /// The input could not be read (a Node error); the next step.
    #[wasm_bindgen(js_name = cannotRead)]
    pub fn cannot_read(&mut self, error: JsValue) -> JsValue {
        step_to_js(self.run.cannot_read(io_error(&error)))
    }

    /// The report could not be written; the next step.
    #[wasm_bindgen(js_name = cannotWrite)]
    pub fn cannot_write(&mut self, reason: String) -> JsValue {
        step_to_js(self.run.cannot_write(&reason))
    }

    /// `fix`: what is at the output folder (`{ kind: "missing" }`, `{ kind:
    /// "holding", names }`, `{ kind: "notAFolder" }` or `{ kind:
    /// "unreadable", error }`), and the input's file name if it is in it;
    /// the next step.
    #[wasm_bindgen(js_name = outputFolder)]
    pub fn output_folder(&mut self, folder: JsValue, input_in_it: Option<String>) -> JsValue {
        let get =
            |key: &str| js_sys::Reflect::get(&folder, &key.into()).unwrap_or(JsValue::UNDEFINED);
        let folder = match get("kind").as_string().as_deref() {
            Some("missing") => Folder::Missing,
            Some("holding") => Folder::Holding(
                js_sys::Array::from(&get("names"))
                    .iter()
                    .filter_map(|name| name.as_string())
                    .collect(),
            ),
            Some("notAFolder") => Folder::NotAFolder,
            _ => Folder::Unreadable(io_error(&get("error"))),
        };
        step_to_js(self.run.output_folder(folder, input_in_it))
    }

    /// `fix`: the next chunk of the input; `[{ name, bytes }]`, the bytes
    /// to append to the folder's files.
    #[wasm_bindgen(js_name = pushFix)]
    pub fn push_fix(&mut self, chunk: &[u8]) -> JsValue {
        file_chunks_to_js(self.run.push_fix(chunk))
    }

    /// `fix`: whether the rest of the input is still needed.
    #[wasm_bindgen(getter, js_name = wantsInput)]
    pub fn wants_input(&self) -> bool {
        self.run.wants_input()
    }

    /// `fix`: the end of the input: `{ files, step }`, the last bytes of
    /// the files and the next step.
    #[wasm_bindgen(js_name = endFix)]
    pub fn end_fix(&mut self) -> JsValue {
        let (files, step) = self.run.end_fix();
        let object = js_sys::Object::new();
        set(&object, "files", &file_chunks_to_js(files));
        set(&object, "step", &step_to_js(step));
        object.into()
    }

    /// `fix`: a file of the output folder could not be written (a Node
    /// error); the next step.
    #[wasm_bindgen(js_name = cannotWriteFile)]
    pub fn cannot_write_file(&mut self, name: String, error: JsValue) -> JsValue {
        step_to_js(self.run.cannot_write_file(&name, io_error(&error)))
    }
}
