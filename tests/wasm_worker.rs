//! The WebAssembly bindings in a dedicated worker of headless Chromium.
#![cfg(target_arch = "wasm32")]

mod wasm;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_dedicated_worker);

wasm::binding_tests!("DedicatedWorkerGlobalScope");
