// The rules the baselines (validate.py, papaparse-worker.js) implement: the
// core of the rule set. tests/node/baselines.test.mjs checks them on these
// rules' fixtures; bench/compare.mjs compares their counts on its files.
export const BASELINE_CODES = new Set([
  'row.field_count', 'line.blank',
  'header.unknown_column', 'header.missing_column', 'header.duplicate_column', 'header.empty_column',
  'username.missing', 'username.invalid_character', 'username.too_long', 'username.duplicate',
  'verified.none', 'verified.required', 'boolean.invalid',
  'email.invalid', 'email.required', 'phone_number.invalid', 'phone_number.required',
  'birthdate.invalid', 'mfa.conflict', 'mfa.no_factor',
]);
