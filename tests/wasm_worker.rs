//! The WebAssembly bindings in a dedicated worker of headless Chromium.
#![cfg(target_arch = "wasm32")]

mod wasm;

use wasm_bindgen_test::{wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_dedicated_worker);

#[wasm_bindgen_test]
fn runs_where_it_should() {
    wasm::runs_in("DedicatedWorkerGlobalScope");
}

#[wasm_bindgen_test]
fn default_pool_report_equals_the_golden_one() {
    wasm::default_pool_report_equals_the_golden_one();
}

#[wasm_bindgen_test]
fn pool_as_text_or_object_gives_the_golden_report() {
    wasm::pool_as_text_or_object_gives_the_golden_report();
}

#[wasm_bindgen_test]
fn misuse_throws_errors_with_clear_messages() {
    wasm::misuse_throws_errors_with_clear_messages();
}

#[wasm_bindgen_test]
fn huge_pool_bounds_cross_as_numbers() {
    wasm::huge_pool_bounds_cross_as_numbers();
}

#[wasm_bindgen_test]
fn report_writer_writes_the_cloudwatch_log() {
    wasm::report_writer_writes_the_cloudwatch_log();
}

#[wasm_bindgen_test]
fn rules_are_the_rule_table() {
    wasm::rules_are_the_rule_table();
}
