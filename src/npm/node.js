// The entry point for Node: the WebAssembly module is read from the
// package's folder, then the API is ready.
import { readFileSync } from 'node:fs';
import { initSync } from './wasm/cognito_csv_validator.js';

initSync({ module: readFileSync(new URL('./wasm/cognito_csv_validator_bg.wasm', import.meta.url)) });

export * from './api.js';
