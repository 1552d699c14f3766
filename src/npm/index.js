// The entry point for browsers, Web Workers and bundlers: the WebAssembly
// module is fetched next to this file and compiled (once: validate()'s
// workers are given it), then the API is ready.
import init, { rules as wasmRules, renderFinding as wasmRenderFinding, lineStatuses as wasmLineStatuses, fixes as wasmFixes, fixCountries as wasmFixCountries, importCommands as wasmImportCommands } from './wasm/cognito_csv_validator.js';
import { validate as validateSource, fix as fixSource, CheckedValidator, CheckedReportWriter, CheckedFixer, CheckedMigration, readExistingUsers as readExistingUsersSource, validateMigration as validateMigrationSource } from './api.js';
import { browserThread, startWorkers as startWorkersOf, usePlatform } from './parts.js';

const wasmModule = await compile(new URL('./wasm/cognito_csv_validator_bg.wasm', import.meta.url));
await init({ module_or_path: wasmModule });

usePlatform({
  // Written so that bundlers (Vite, webpack 5) see the worker and bundle it.
  spawn: () => browserThread(new Worker(new URL('./part-worker.js', import.meta.url), { type: 'module' })),
  cores: () => (typeof Worker === 'function' ? (globalThis.navigator?.hardwareConcurrency ?? 1) : 1),
  fed: false,
  module: wasmModule,
});

/** The module at `url`, compiled as it streams in when the server says
 * `application/wasm` (as wasm-bindgen's init does). */
async function compile(url) {
  const response = await fetch(url);
  if (!response.ok) throw new Error(`failed to fetch Wasm: ${response.status} ${response.statusText} fetching '${response.url}'`);
  if (typeof WebAssembly.compileStreaming === 'function' && response.headers.get('Content-Type') === 'application/wasm') {
    return WebAssembly.compileStreaming(response);
  }
  return WebAssembly.compile(await response.arrayBuffer());
}

// Bindings of this module's own, not re-exports: the package says
// "sideEffects": false, so a bundler keeps this module (and its `await
// init`) only when one of its own exports is used.
export const Validator = CheckedValidator;
export const ReportWriter = CheckedReportWriter;
export const rules = wasmRules;
export const renderFinding = wasmRenderFinding;
export const lineStatuses = wasmLineStatuses;
export const validate = validateSource;
export const Fixer = CheckedFixer;
export const fix = fixSource;
export const readExistingUsers = readExistingUsersSource;
export const validateMigration = validateMigrationSource;
export const Migration = CheckedMigration;
export const fixes = wasmFixes;
export const fixCountries = wasmFixCountries;
export const importCommands = wasmImportCommands;
export const startWorkers = startWorkersOf;
