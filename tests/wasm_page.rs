//! The WebAssembly bindings in a page of headless Chromium.
#![cfg(target_arch = "wasm32")]

mod wasm;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);

wasm::binding_tests!("Window");
