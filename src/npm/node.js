// The entry point for Node: the WebAssembly module is read from the
// package's folder and compiled (once: validate()'s workers are given it),
// then the API is ready.
import { readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { initSync, rules as wasmRules, renderFinding as wasmRenderFinding, lineStatuses as wasmLineStatuses, fixes as wasmFixes, fixCountries as wasmFixCountries, importCommands as wasmImportCommands } from './wasm/cognito_csv_validator.js';
import { validate as validateSource, fix as fixSource, CheckedValidator, CheckedReportWriter, CheckedFixer, CheckedMigration, readExistingUsers as readExistingUsersSource, validateMigration as validateMigrationSource } from './api.js';
import { nodeThread, startWorkers as startWorkersOf, usePlatform } from './parts.js';

const wasmModule = new WebAssembly.Module(readFileSync(new URL('./wasm/cognito_csv_validator_bg.wasm', import.meta.url)));
initSync({ module: wasmModule });

usePlatform({
  spawn: () => nodeThread(new Worker(new URL('./part-worker-node.js', import.meta.url))),
  cores: availableParallelism,
  // A Blob of a file (fs.openAsBlob) cannot be sent to a worker: this
  // thread reads the parts and hands their chunks over.
  fed: true,
  module: wasmModule,
});

// Bindings of this module's own, not re-exports: see index.js.
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
