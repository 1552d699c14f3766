//! The bindings' tests, shared by `tests/wasm_page.rs` (a page) and
//! `tests/wasm_worker.rs` (a dedicated worker): run in headless Chromium by
//! `wasm-bindgen-test-runner` (scripts/test.sh).

use cognito_csv_validator::wasm::{
    render_finding, rules, JsCommandLine, JsReportWriter, JsValidator,
};
use cognito_csv_validator::RULES;
use wasm_bindgen::{JsCast, JsValue};

const README_CSV: &[u8] = include_bytes!("../fixtures/examples/readme.csv");
const README_REPORT: &str = include_str!("../fixtures/examples/readme.expected.json");
const POOL_CSV: &[u8] = include_bytes!("../fixtures/examples/aws-template-example-pool.csv");
const POOL_REPORT: &str =
    include_str!("../fixtures/examples/aws-template-example-pool.expected.json");
const POOL_JSON: &str = include_str!("../pools/describe-user-pool.json");

fn options(pairs: &[(&str, JsValue)]) -> JsValue {
    let object = js_sys::Object::new();
    for (key, value) in pairs {
        js_sys::Reflect::set(&object, &(*key).into(), value).unwrap();
    }
    object.into()
}

/// Bytes as the `Uint8Array` JavaScript would push.
fn uint8_array(data: &[u8]) -> JsValue {
    js_sys::Uint8Array::from(data).into()
}

/// A JavaScript value as JSON, to compare with a golden report.
fn json(value: &JsValue) -> serde_json::Value {
    let text: String = js_sys::JSON::stringify(value).unwrap().into();
    serde_json::from_str(&text).unwrap()
}

/// Validates `bytes` in chunks of `chunk`, taking findings as it goes, and
/// gives the report with every finding in it, without the pool (as golden
/// reports are).
fn validate(options: JsValue, bytes: &[u8], chunk: usize) -> serde_json::Value {
    let mut validator = JsValidator::new(options).unwrap();
    let mut findings = Vec::new();
    for piece in bytes.chunks(chunk) {
        validator.push(&uint8_array(piece)).unwrap();
        findings.extend(
            json(&validator.take_findings().unwrap())
                .as_array()
                .unwrap()
                .clone(),
        );
    }
    let mut report = json(&validator.finish(None).unwrap());
    findings.extend(report["findings"].as_array().unwrap().clone());
    report["findings"] = findings.into();
    report.as_object_mut().unwrap().remove("pool");
    report
}

fn error_message(error: JsValue) -> String {
    error.dyn_into::<js_sys::Error>().unwrap().message().into()
}

pub fn default_pool_report_equals_the_golden_one() {
    let golden: serde_json::Value = serde_json::from_str(README_REPORT).unwrap();
    for chunk in [1, 7, README_CSV.len()] {
        assert_eq!(
            validate(JsValue::UNDEFINED, README_CSV, chunk),
            golden,
            "chunks of {chunk}"
        );
    }
}

pub fn pool_as_text_or_object_gives_the_golden_report() {
    let golden: serde_json::Value = serde_json::from_str(POOL_REPORT).unwrap();
    let text = options(&[("pool", POOL_JSON.into())]);
    assert_eq!(validate(text, POOL_CSV, 13), golden);
    let object = options(&[("pool", js_sys::JSON::parse(POOL_JSON).unwrap())]);
    assert_eq!(validate(object, POOL_CSV, 64), golden);
}

pub fn misuse_throws_errors_with_clear_messages() {
    let unknown = JsValidator::new(options(&[("poool", "{}".into())]))
        .err()
        .unwrap();
    assert!(error_message(unknown).contains("unknown option \"poool\""));
    let bad_type = JsValidator::new(options(&[("caseSensitive", "yes".into())]))
        .err()
        .unwrap();
    assert_eq!(
        error_message(bad_type),
        "options.caseSensitive takes true or false, not \"yes\""
    );
    let pool = JsValidator::new(options(&[(
        "pool",
        "{\"MfaConfiguration\": \"MAYBE\"}".into(),
    )]))
    .err()
    .unwrap();
    let name = js_sys::Reflect::get(&pool, &"name".into()).unwrap();
    assert_eq!(name.as_string().as_deref(), Some("PoolError"));
    let path = js_sys::Reflect::get(&pool, &"path".into()).unwrap();
    assert_eq!(path.as_string().as_deref(), Some("MfaConfiguration"));

    let mut validator = JsValidator::new(JsValue::NULL).unwrap();
    let text = validator.push(&"cognito:username\n".into()).err().unwrap();
    assert!(error_message(text).starts_with("push(chunk) takes a Uint8Array (bytes), not a string"));
    let buffer = validator
        .push(&js_sys::ArrayBuffer::new(4).into())
        .err()
        .unwrap();
    assert!(error_message(buffer).contains("not an ArrayBuffer"));
    validator.push(&uint8_array(b"cognito:username\n")).unwrap();
    validator.finish(None).unwrap();
    let after = validator.push(&uint8_array(b"more")).err().unwrap();
    assert!(error_message(after).contains("this validator has finished"));
    assert!(
        JsReportWriter::new("xml".into(), "users.csv".into(), None, JsValue::UNDEFINED).is_err()
    );
}

/// Bounds beyond JavaScript's safe integers cross as the nearest number
/// rather than failing to cross.
pub fn huge_pool_bounds_cross_as_numbers() {
    let pool = r#"{"UserPool": {"SchemaAttributes": [
        {"Name": "custom:seats", "AttributeDataType": "Number",
         "NumberAttributeConstraints": {"MaxValue": "99999999999999999999999"}},
        {"Name": "custom:note", "AttributeDataType": "String",
         "StringAttributeConstraints": {"MaxLength": "18446744073709551615"}}]}}"#;
    let mut validator = JsValidator::new(options(&[("pool", pool.into())])).unwrap();
    validator.push(&uint8_array(b"cognito:username\n")).unwrap();
    let report = json(&validator.finish(None).unwrap());
    let attributes = report["pool"]["attributes"].as_array().unwrap();
    let seats = attributes
        .iter()
        .find(|attribute| attribute["name"] == "custom:seats")
        .unwrap();
    assert_eq!(seats["maxValue"].as_f64(), Some(1e23));
    let note = attributes
        .iter()
        .find(|attribute| attribute["name"] == "custom:note")
        .unwrap();
    assert_eq!(note["maxLength"].as_f64(), Some(18446744073709551615.0));
}

pub fn report_writer_writes_the_cloudwatch_log() {
    let mut validator = JsValidator::new(JsValue::UNDEFINED).unwrap();
    let mut writer = JsReportWriter::new(
        "cloudwatch".into(),
        "users.csv".into(),
        None,
        JsValue::UNDEFINED,
    )
    .unwrap();
    let mut log = writer.start().unwrap();
    for piece in README_CSV.chunks(5) {
        validator.push(&uint8_array(piece)).unwrap();
        log += &writer.write(&mut validator).unwrap();
    }
    let finished = writer.finish(&mut validator).unwrap();
    log += &js_sys::Reflect::get(&finished, &"text".into())
        .unwrap()
        .as_string()
        .unwrap();
    assert!(
        log.starts_with("[SUCCEEDED] Line Number 2 - The import succeeded.\n"),
        "{log}"
    );
    assert!(
        log.contains(
            "[FAILED] Line Number 3 - The User Record contains an invalid value for email.\n"
        ),
        "{log}"
    );
    // Four of the five users fail: Cognito would end the job so.
    assert!(
        log.ends_with("Too many users have failed or been skipped during the import.\n"),
        "{log}"
    );
}

/// A batch holds each finding's data without its words; rendered, it is the
/// finding `takeFindings()` gives.
pub fn batches_render_the_findings_they_hold() {
    let golden: serde_json::Value = serde_json::from_str(README_REPORT).unwrap();
    let mut validator = JsValidator::new(JsValue::UNDEFINED).unwrap();
    validator.push(&uint8_array(README_CSV)).unwrap();
    let batch = validator.take_batch().unwrap();
    let get = |key: &str| js_sys::Reflect::get(&batch, &key.into()).unwrap();
    let data: js_sys::Uint8Array = get("data").dyn_into().unwrap();
    let ends: js_sys::Uint32Array = get("ends").dyn_into().unwrap();
    let statuses: js_sys::Uint8Array = get("statuses").dyn_into().unwrap();
    let mut rendered = Vec::new();
    let mut start = 0;
    for end in ends.to_vec() {
        let bytes = data.subarray(start, end).to_vec();
        rendered.push(json(&render_finding(&bytes, None).unwrap()));
        start = end;
    }
    let last = json(&validator.finish(Some(true)).unwrap());
    assert_eq!(last["findings"], serde_json::json!([]));
    let expected = golden["findings"].as_array().unwrap();
    assert_eq!(&rendered[..], &expected[..rendered.len()]);
    assert!(!rendered.is_empty());
    // The readme file's line 3 fails: so do its findings' statuses.
    let failed = 3;
    let line_three = rendered
        .iter()
        .position(|finding| finding["line"] == 3)
        .unwrap();
    assert_eq!(statuses.get_index(line_three as u32), failed);
    assert!(render_finding(&[255, 255], None).is_err());
}

/// The command line's run, as the package's `bin` drives it.
pub fn the_command_line_asks_for_what_it_needs() {
    let mut command_line = JsCommandLine::new(vec!["--format".into(), "csv".into(), "-".into()]);
    let step = json(&command_line.first_step().unwrap());
    assert_eq!(
        step,
        serde_json::json!({"kind": "readInput", "path": null, "aside": false})
    );
    let mut out = command_line.push(README_CSV);
    let ended = json(&command_line.end_input());
    out += ended["text"].as_str().unwrap();
    assert!(
        out.starts_with("line,column,code,severity,message,line_status,value\n"),
        "{out}"
    );
    assert_eq!(ended["step"]["kind"], "exit");
    assert_eq!(ended["step"]["status"], 1);
    let mut missing =
        JsCommandLine::new(vec!["--pool".into(), "nowhere.json".into(), "x.csv".into()]);
    assert_eq!(json(&missing.first_step().unwrap())["kind"], "readPoolFile");
    let error = js_sys::Object::new();
    js_sys::Reflect::set(&error, &"code".into(), &"ENOENT".into()).unwrap();
    let step = json(&missing.pool_file_failed(error.into()));
    assert_eq!(
        step["stderr"],
        "cognito-csv-validator: error: cannot read the pool file nowhere.json: no such file\n"
    );
}

pub fn rules_are_the_rule_table() {
    let table = json(&rules());
    let codes: Vec<&str> = table
        .as_array()
        .unwrap()
        .iter()
        .map(|rule| rule["code"].as_str().unwrap())
        .collect();
    let expected: Vec<&str> = RULES.iter().map(|rule| rule.code.as_str()).collect();
    assert_eq!(codes, expected);
    assert_eq!(table[0]["severity"], "error");
}

/// Checks the global scope the tests run in (`Window`, or
/// `DedicatedWorkerGlobalScope`), so that the worker tests can't silently
/// run in a page.
pub fn runs_in(scope: &str) {
    let name: String = js_sys::global().constructor().name().into();
    assert_eq!(name, scope);
}

/// The tests, as `#[wasm_bindgen_test]` functions of the test file that
/// calls this, which runs them in the global scope it names.
macro_rules! binding_tests {
    ($scope:literal) => {
        #[wasm_bindgen_test::wasm_bindgen_test]
        fn runs_where_it_should() {
            crate::wasm::runs_in($scope);
        }

        crate::wasm::binding_tests!(@each
            default_pool_report_equals_the_golden_one,
            pool_as_text_or_object_gives_the_golden_report,
            misuse_throws_errors_with_clear_messages,
            huge_pool_bounds_cross_as_numbers,
            report_writer_writes_the_cloudwatch_log,
            batches_render_the_findings_they_hold,
            the_command_line_asks_for_what_it_needs,
            rules_are_the_rule_table,
        );
    };
    (@each $($test:ident,)*) => {
        $(
            #[wasm_bindgen_test::wasm_bindgen_test]
            fn $test() {
                crate::wasm::$test();
            }
        )*
    };
}
pub(crate) use binding_tests;
