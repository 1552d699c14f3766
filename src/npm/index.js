// The entry point for browsers, Web Workers and bundlers: the WebAssembly
// module is fetched next to this file, then the API is ready.
import init from './wasm/cognito_csv_validator.js';

await init({ module_or_path: new URL('./wasm/cognito_csv_validator_bg.wasm', import.meta.url) });

export * from './api.js';
