// The entry point for Node: the WebAssembly module is read from the
// package's folder, then the API is ready.
import { readFileSync } from 'node:fs';
import { initSync, rules as wasmRules, renderFinding as wasmRenderFinding, lineStatuses as wasmLineStatuses, fixes as wasmFixes, fixCountries as wasmFixCountries, importCommands as wasmImportCommands } from './wasm/cognito_csv_validator.js';
import { validate as validateSource, fix as fixSource, CheckedValidator, CheckedReportWriter, CheckedFixer, CheckedMigration, readExistingUsers as readExistingUsersSource, validateMigration as validateMigrationSource } from './api.js';

initSync({ module: readFileSync(new URL('./wasm/cognito_csv_validator_bg.wasm', import.meta.url)) });

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
