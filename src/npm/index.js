// The entry point for browsers, Web Workers and bundlers: the WebAssembly
// module is fetched next to this file, then the API is ready.
import init, { rules as wasmRules, renderFinding as wasmRenderFinding, lineStatuses as wasmLineStatuses, fixes as wasmFixes, fixCountries as wasmFixCountries, importCommands as wasmImportCommands } from './wasm/cognito_csv_validator.js';
import { validate as validateSource, fix as fixSource, CheckedValidator, CheckedReportWriter, CheckedFixer, CheckedMigration, readExistingUsers as readExistingUsersSource, validateMigration as validateMigrationSource } from './api.js';

await init({ module_or_path: new URL('./wasm/cognito_csv_validator_bg.wasm', import.meta.url) });

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
