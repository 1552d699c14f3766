// The page's modules (www/) without a browser: the lifecycle's transitions
// and their effects, the findings store over real batches of the package,
// filters, go to line, the summary's and the pool's words, the header
// block's grouping of the header findings, pool box detection, options from
// settings, the sorting of given files, the built-in examples, the pool
// remembered on this device, export names and options, next steps, the
// progress line and number formatting; the fix's lifecycle, its options and
// words, and the ZIP writer. What draws is tested in the browsers (page.test.mjs,
// page-fix.test.mjs, firefox.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fix, lineStatuses as packageLineStatuses, renderFinding, rules as packageRules, validateMigration, Validator } from '../../pkg/node.js';
import { fixtures, root } from './common.mjs';
import { initialState, optionsKey, transition } from '../../www/lifecycle.js';
import { Findings, NO_LINE, statusName, statusOf } from '../../www/findings.js';
import { filterFindings, findLine, jumpMessage, rowCountText, rulePasses, shownMessage, STATUS_WORDS, whereText } from '../../www/report-table.js';
import { fileLine, JOB_FINDINGS_LISTED, outcomeItems, rulesByFindings, verdictHeading, verdictKind, verdictSentence } from '../../www/summary.js';
import { JSON_HEAD_BYTES, jsonFileKind, optionsFromSettings, poolBoxFor, poolErrorText, poolInUse, readJsonFile, usersText } from '../../www/pool-input.js';
import { notCsvReason, sortGivenFiles } from '../../www/given-files.js';
import { byName, fileVerdict, migrationNotes, migrationOf, migrationOutcomeItems, migrationVerdict } from '../../www/migration.js';
import { exportFileName, findingsCsvNote, findingsCsvOptions, headerLine, headerTemplate } from '../../www/exports.js';
import { HEADER_RULES, headerComparison } from '../../www/header-block.js';
import { poolOf } from './page-helpers.mjs';
import { fixAdvice, importHint, nextStepsKind } from '../../www/next-steps.js';
import { ESTIMATE_AFTER_SECONDS, progressText } from '../../www/progress.js';
import { count, counted, megabytes, visible } from '../../www/shared.js';
import { fixedSentence, fixTransition, initialFixState } from '../../www/fix-lifecycle.js';
import { fileNote, fixOptionsFrom, fixOutcomeItems, orderFiles, sampleView, zipName } from '../../www/fix-panel.js';
import { crc32, zipBlob, zipSize, ZIP_LIMIT } from '../../www/zip.js';
import { EXAMPLES } from '../../www/examples.js';
import { forgetSettings, POOL_MEMORY_KEY, recallSettings, REMEMBERED_SETTINGS, rememberSettings } from '../../www/pool-memory.js';
import { readZip } from './page-helpers.mjs';
import { crc32 as zlibCrc32 } from 'node:zlib';

const RULES = packageRules();
const LINE_STATUSES = packageLineStatuses();
const readme = fixtures().find((fixture) => fixture.name === 'examples/readme.csv');
const poolText = readFileSync(join(root, 'tests/pools/describe-user-pool.json'), 'utf8');

// ---- the lifecycle ----

/** Runs events from `state` (the initial one by default): the last state, and the effects of the last event. */
function run(events, state = initialState()) {
  let effects = [];
  for (const event of events) ({ state, effects } = transition(deepFreeze(state), event));
  return { state, effects };
}

/** Freezes a state, so that a transition that changed it in place throws. */
function deepFreeze(value) {
  if (value && typeof value === 'object' && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const inner of Object.values(value)) deepFreeze(inner);
  }
  return value;
}

const types = (effects) => effects.map((effect) => effect.type);
const file = (name = 'users.csv', size = 1_500_000) => ({ name, size });
const NO_OPTIONS = {};
const WITH_POOL = { pool: '{"UserPool": {}}' };
const report = (pool = { name: 'p' }) => ({ pool, outcome: { job: 'succeeds' } });
const poolError = { input: 'pool', path: '', message: 'not valid JSON: EOF while parsing' };

/** Ready, with no file: pool check 1 is pending. */
const ready = () => run([{ type: 'ready', options: NO_OPTIONS }]).state;
/** Ready, pool check 1 answered, and `given` read: run 2 under way. */
const reading = (given = file()) => run([{ type: 'poolAnswer', id: 1, pool: {}, options: NO_OPTIONS }, { type: 'fileGiven', file: given, options: NO_OPTIONS }], ready()).state;
/** A report shown for run 2. */
const showing = () => run([{ type: 'done', id: 2, report: report() }], reading()).state;

test('lifecycle: it starts loading; a file given meanwhile waits, and a pool change is left to ready', () => {
  assert.equal(initialState().phase, 'loading');
  const given = file();
  let { state, effects } = run([{ type: 'fileGiven', file: given, options: NO_OPTIONS }]);
  assert.equal(state.phase, 'loading');
  assert.equal(state.file, given);
  assert.deepStrictEqual(effects, [{ type: 'fileMessage', text: 'users.csv will be validated as soon as the validator has loaded.', kind: 'info' }]);
  ({ state, effects } = run([{ type: 'poolChanged', options: WITH_POOL }], state));
  assert.deepStrictEqual(effects, []);
  assert.deepStrictEqual(state.poolChecks, []);
});

test('lifecycle: ready shows the page and checks the pool; a file given before is validated then', () => {
  let { state, effects } = run([{ type: 'ready', options: NO_OPTIONS }]);
  assert.equal(state.phase, 'idle');
  assert.deepStrictEqual(effects, [{ type: 'showReady' }, { type: 'checkPool', id: 1, options: NO_OPTIONS }]);
  assert.deepStrictEqual(state.poolChecks, [{ id: 1, key: optionsKey(NO_OPTIONS) }]);

  const given = file();
  ({ state, effects } = run([{ type: 'fileGiven', file: given, options: NO_OPTIONS }, { type: 'ready', options: WITH_POOL }]));
  assert.equal(state.phase, 'reading');
  assert.deepStrictEqual(effects, [
    { type: 'showReady' },
    { type: 'checkPool', id: 1, options: WITH_POOL },
    { type: 'fileMessage', text: '', kind: 'info' },
    { type: 'startRun', id: 2, file: given, options: WITH_POOL },
    { type: 'announce', text: 'Reading users.csv, 1.5 MB.' },
  ]);
  assert.equal(state.validatedWith, optionsKey(WITH_POOL));
  // Its pool's answer, for the options the run has, validates nothing again.
  ({ state, effects } = run([{ type: 'poolAnswer', id: 1, pool: { name: 'p' }, options: WITH_POOL }], state));
  assert.deepStrictEqual(effects, [{ type: 'showPoolErrors', poolError: null }, { type: 'showPoolInUse', pool: { name: 'p' } }]);
  assert.equal(state.phase, 'reading');
  // A second ready changes nothing.
  assert.deepStrictEqual(run([{ type: 'ready', options: NO_OPTIONS }], state).effects, []);
});

test('lifecycle: a file given starts a run; another file cancels it, quietly, and starts its own', () => {
  const first = file('first.csv', 500);
  let { state, effects } = run([{ type: 'fileGiven', file: first, options: NO_OPTIONS }], ready());
  assert.equal(state.phase, 'reading');
  assert.deepStrictEqual(state.run, { id: 2, file: first, announced: 0 });
  assert.deepStrictEqual(effects, [
    { type: 'fileMessage', text: '', kind: 'info' },
    { type: 'startRun', id: 2, file: first, options: NO_OPTIONS },
    { type: 'announce', text: 'Reading first.csv, 1 kB.' },
  ]);
  const second = file('second.csv');
  ({ state, effects } = run([{ type: 'fileGiven', file: second, options: WITH_POOL }], state));
  assert.deepStrictEqual(types(effects), ['cancelRun', 'endRun', 'fileMessage', 'startRun', 'announce']);
  assert.equal(effects[0].id, 2);
  assert.deepStrictEqual(effects[3], { type: 'startRun', id: 3, file: second, options: WITH_POOL });
  assert.equal(state.file, second);
  assert.equal(state.validatedWith, optionsKey(WITH_POOL));
});

test('lifecycle: progress is shown for the run under way, and said each quarter', () => {
  const state = reading();
  const progress = (bytesRead, id = 2) => ({ type: 'progress', id, progress: { bytesRead, totalBytes: 100, lines: 1, users: 1 } });
  assert.deepStrictEqual(run([progress(10)], state).effects, [{ type: 'showProgress', progress: progress(10).progress }]);
  assert.deepStrictEqual(run([progress(30)], state).effects.slice(1), [{ type: 'announce', text: '25% read.' }]);
  // Once a quarter, and never 100% (the verdict follows).
  assert.deepStrictEqual(types(run([progress(30), progress(40)], state).effects), ['showProgress']);
  assert.deepStrictEqual(run([progress(30), progress(60)], state).effects.slice(1), [{ type: 'announce', text: '50% read.' }]);
  assert.deepStrictEqual(run([progress(80)], state).effects.slice(1), [{ type: 'announce', text: '75% read.' }]);
  assert.deepStrictEqual(types(run([progress(80), progress(100)], state).effects), ['showProgress']);
  // An unknown size: shown, never said.
  assert.deepStrictEqual(types(run([{ type: 'progress', id: 2, progress: { bytesRead: 99, totalBytes: null } }], state).effects), ['showProgress']);
  // Another run's progress (one cancelled) is not shown.
  assert.deepStrictEqual(run([progress(50, 7)], state).effects, []);
});

test('lifecycle: batches are kept for the run under way only', () => {
  const batch = { codes: new Uint8Array(1) };
  assert.deepStrictEqual(run([{ type: 'batch', id: 2, batch }], reading()).effects, [{ type: 'keepBatch', batch }]);
  assert.deepStrictEqual(run([{ type: 'batch', id: 1, batch }], reading()).effects, []);
  assert.deepStrictEqual(run([{ type: 'batch', id: 2, batch }], showing()).effects, []);
});

test('lifecycle: done shows the result and its pool', () => {
  const given = file();
  const shown = report({ name: 'the pool' });
  const { state, effects } = run([{ type: 'done', id: 2, report: shown }], reading(given));
  assert.equal(state.phase, 'showing');
  assert.equal(state.run, null);
  assert.equal(state.resultShown, true);
  assert.deepStrictEqual(effects, [{ type: 'endRun' }, { type: 'showPoolInUse', pool: { name: 'the pool' } }, { type: 'showResult', file: given, report: shown }]);
  // A cancelled run's report is not shown.
  assert.deepStrictEqual(run([{ type: 'done', id: 9, report: shown }], reading()).effects, []);
});

test('lifecycle: Cancel stops the run and says so; the report before it is shown again', () => {
  let { state, effects } = run([{ type: 'cancel' }], reading(file('huge.csv')));
  assert.equal(state.phase, 'idle');
  assert.deepStrictEqual(effects, [
    { type: 'cancelRun', id: 2 },
    { type: 'endRun' },
    { type: 'fileMessage', text: 'Cancelled: huge.csv was not read to its end. Drop it again, or choose a file, to validate it.', kind: 'info' },
    { type: 'announce', text: 'Cancelled.' },
    { type: 'focusFileButton' },
  ]);
  ({ state } = run([{ type: 'fileGiven', file: file('huge.csv'), options: NO_OPTIONS }, { type: 'cancel' }], showing()));
  assert.equal(state.phase, 'showing');
  // Nothing to cancel; the worker's word that it stopped changes nothing.
  assert.deepStrictEqual(run([{ type: 'cancel' }], showing()).effects, []);
  assert.deepStrictEqual(run([{ type: 'cancelled', id: 2 }], state).effects, []);
});

test('lifecycle: several files are one run, told as one; Cancel says they were not read', () => {
  const migration = { name: 'a.csv and b.csv', size: 2_000_000, files: [file('a.csv'), file('b.csv')] };
  let { state, effects } = run([{ type: 'fileGiven', file: migration, options: NO_OPTIONS }], ready());
  assert.deepStrictEqual(effects.slice(1), [{ type: 'startRun', id: 2, file: migration, options: NO_OPTIONS }, { type: 'announce', text: 'Reading a.csv and b.csv, 2.0 MB.' }]);
  ({ state, effects } = run([{ type: 'cancel' }], state));
  assert.deepStrictEqual(effects[2], { type: 'fileMessage', text: 'Cancelled: a.csv and b.csv were not read to their end. Drop them again, or choose them, to validate them.', kind: 'info' });
});

test('lifecycle: after Cancel, a pool change validates the file of the report shown, not the one cancelled', () => {
  // users.csv's report is shown; huge.csv is given, then cancelled.
  const shown = run([{ type: 'fileGiven', file: file('huge.csv'), options: NO_OPTIONS }, { type: 'cancel' }], showing()).state;
  let { state, effects } = run([{ type: 'poolChanged', options: WITH_POOL }, { type: 'poolAnswer', id: 4, pool: {}, options: WITH_POOL }], shown);
  assert.equal(state.phase, 'reading');
  assert.deepStrictEqual(effects.at(-2), { type: 'startRun', id: 5, file: file(), options: WITH_POOL });
  // With no report made before, a pool change validates nothing.
  ({ state, effects } = run(
    [{ type: 'cancel' }, { type: 'poolChanged', options: WITH_POOL }, { type: 'poolAnswer', id: 3, pool: {}, options: WITH_POOL }],
    reading(file('huge.csv')),
  ));
  assert.equal(state.phase, 'idle');
  assert.ok(!types(effects).includes('startRun'));
});

test('lifecycle: a run that fails says why; a pool check that fails says the pool could not be read', () => {
  let { state, effects } = run([{ type: 'failed', id: 2, message: 'out of memory' }], reading());
  assert.equal(state.phase, 'idle');
  const text = 'The validation stopped: out of memory.';
  assert.deepStrictEqual(effects, [{ type: 'endRun' }, { type: 'fileMessage', text, kind: 'error' }, { type: 'announce', text }]);
  ({ state, effects } = run([{ type: 'failed', id: 1, message: 'oops' }], ready()));
  assert.deepStrictEqual(effects, [{ type: 'poolUnreadable', message: 'oops' }]);
  assert.deepStrictEqual(state.poolChecks, []);
  assert.deepStrictEqual(run([{ type: 'failed', id: 42, message: 'oops' }], reading()).effects, []);
});

test('lifecycle: a pool change is checked; only the newest answer counts', () => {
  let { state, effects } = run([{ type: 'poolChanged', options: WITH_POOL }], showing());
  assert.deepStrictEqual(effects, [{ type: 'checkPool', id: 3, options: WITH_POOL }]);
  ({ state, effects } = run([{ type: 'poolChanged', options: NO_OPTIONS }], state));
  assert.deepStrictEqual(state.poolChecks.map(({ id }) => id), [3, 4]);
  // The answer to check 3 comes after check 4 was made: it is dropped.
  ({ state, effects } = run([{ type: 'poolAnswer', id: 3, poolError, options: NO_OPTIONS }], state));
  assert.deepStrictEqual(effects, []);
  assert.equal(state.phase, 'showing');
  // An answer to no check (or one answered) is dropped too.
  assert.deepStrictEqual(run([{ type: 'poolAnswer', id: 3, pool: {}, options: NO_OPTIONS }], state).effects, []);
  // Check 4 gives the options of the report shown: nothing is validated again.
  ({ state, effects } = run([{ type: 'poolAnswer', id: 4, pool: { name: 'p' }, options: NO_OPTIONS }], state));
  assert.deepStrictEqual(effects, [{ type: 'showPoolErrors', poolError: null }, { type: 'showPoolInUse', pool: { name: 'p' } }]);
  assert.equal(state.phase, 'showing');
});

test('lifecycle: a pool that gives other options validates the file again, with the options the inputs give now', () => {
  const { state, effects } = run([{ type: 'poolChanged', options: WITH_POOL }, { type: 'poolAnswer', id: 3, pool: { name: 'p' }, options: WITH_POOL }], showing());
  assert.equal(state.phase, 'reading');
  assert.deepStrictEqual(types(effects), ['showPoolErrors', 'showPoolInUse', 'fileMessage', 'startRun', 'announce']);
  assert.deepStrictEqual(effects[3].options, WITH_POOL);
  assert.equal(state.validatedWith, optionsKey(WITH_POOL));
  // With no file given, a pool is only shown.
  assert.deepStrictEqual(types(run([{ type: 'poolChanged', options: WITH_POOL }, { type: 'poolAnswer', id: 2, pool: {}, options: WITH_POOL }], ready()).effects), ['showPoolErrors', 'showPoolInUse']);
});

test('lifecycle: a pool that cannot be used hides the report, and the file waits for it', () => {
  const expected = (given) => [
    { type: 'showPoolErrors', poolError },
    { type: 'poolUnusable' },
    ...given,
    { type: 'hideResult' },
    { type: 'fileMessage', text: 'users.csv will be validated once the pool is fixed.', kind: 'info' },
    { type: 'announce', text: `The pool can't be used: ${poolErrorText(poolError)}` },
  ];
  let { state, effects } = run([{ type: 'poolChanged', options: WITH_POOL }, { type: 'poolAnswer', id: 3, poolError, options: WITH_POOL }], showing());
  assert.equal(state.phase, 'poolBroken');
  assert.equal(state.resultShown, false);
  assert.deepStrictEqual(effects, expected([]));
  // A run under way for the old pool is cancelled.
  ({ state, effects } = run([{ type: 'poolChanged', options: WITH_POOL }, { type: 'poolAnswer', id: 3, poolError, options: WITH_POOL }], reading()));
  assert.equal(state.phase, 'poolBroken');
  assert.equal(state.run, null);
  assert.deepStrictEqual(effects, expected([{ type: 'cancelRun', id: 2 }, { type: 'endRun' }]));
  // A run that stopped on the pool (the worker answers with the run's id) ends.
  ({ state, effects } = run([{ type: 'poolAnswer', id: 2, poolError, options: NO_OPTIONS }], reading()));
  assert.equal(state.phase, 'poolBroken');
  assert.deepStrictEqual(effects, expected([{ type: 'endRun' }]));
  // With no file given, nothing waits.
  assert.ok(!types(run([{ type: 'poolAnswer', id: 1, poolError, options: WITH_POOL }], ready()).effects).includes('fileMessage'));
});

test('lifecycle: from a broken pool, a file given is read; a run that stops on the pool goes back', () => {
  const broken = run([{ type: 'poolChanged', options: WITH_POOL }, { type: 'poolAnswer', id: 3, poolError, options: WITH_POOL }], showing()).state;
  let { state, effects } = run([{ type: 'fileGiven', file: file('new.csv'), options: WITH_POOL }], broken);
  assert.equal(state.phase, 'reading');
  assert.deepStrictEqual(types(effects), ['fileMessage', 'startRun', 'announce']);
  ({ state } = run([{ type: 'poolAnswer', id: 4, poolError, options: WITH_POOL }], state));
  assert.equal(state.phase, 'poolBroken');
  // Cancelled, it is still broken.
  ({ state } = run([{ type: 'fileGiven', file: file('new.csv'), options: WITH_POOL }, { type: 'cancel' }], state));
  assert.equal(state.phase, 'poolBroken');
});

test('lifecycle: a fixed pool validates the file again, a typo undone too', () => {
  const broken = run([{ type: 'poolChanged', options: WITH_POOL }, { type: 'poolAnswer', id: 3, poolError, options: WITH_POOL }], showing()).state;
  const fixed = { pool: poolText };
  let { state, effects } = run([{ type: 'poolChanged', options: fixed }, { type: 'poolAnswer', id: 4, pool: { name: 'p' }, options: fixed }], broken);
  assert.equal(state.phase, 'reading');
  assert.deepStrictEqual(types(effects), ['showPoolErrors', 'showPoolInUse', 'fileMessage', 'startRun', 'announce']);
  // The options the report was made with, again: the report the broken
  // pool hid comes back, validated again.
  ({ state, effects } = run([{ type: 'poolChanged', options: NO_OPTIONS }, { type: 'poolAnswer', id: 4, pool: { name: 'p' }, options: NO_OPTIONS }], broken));
  assert.equal(state.phase, 'reading');
  assert.deepStrictEqual(types(effects), ['showPoolErrors', 'showPoolInUse', 'fileMessage', 'startRun', 'announce']);
});

test('lifecycle: the users already in the pool are part of the options; their reading is said, their number shown', () => {
  const users = (id) => ({ existing: { id, file: { name: 'users.json', size: 400e6 } } });
  const reading = (id) => ({ type: 'existingReading', id, name: 'users.json', size: 400e6 });
  const said = { type: 'announce', text: 'Reading the users already in the pool, users.json, 400.0 MB.' };
  // Given while a report is shown: the pool is checked, and the worker reads them for it.
  let { state, effects } = run([{ type: 'poolChanged', options: users(1) }], showing());
  assert.deepStrictEqual(effects, [{ type: 'checkPool', id: 3, options: users(1) }]);
  ({ state, effects } = run([reading(3)], state));
  assert.deepStrictEqual(effects, [{ type: 'showExistingReading', forRun: false }, said]);
  // Read: how many is shown, and the file validated against them.
  ({ state, effects } = run([{ type: 'poolAnswer', id: 3, pool: { name: 'p' }, existing: { users: 3 }, options: users(1) }], state));
  assert.deepStrictEqual(types(effects), ['showPoolErrors', 'showPoolInUse', 'showExisting', 'fileMessage', 'startRun', 'announce']);
  assert.deepStrictEqual(effects[2], { type: 'showExisting', existing: { users: 3 } });
  assert.deepStrictEqual(effects[4].options, users(1));
  // Read again for the run (a pool that compares usernames otherwise): said, in the progress too.
  assert.deepStrictEqual(run([reading(4)], state).effects, [{ type: 'showExistingReading', forRun: true }, said]);
  // A request answered, or never made, is not said.
  assert.deepStrictEqual(run([reading(3)], state).effects, []);
  assert.deepStrictEqual(run([reading(9)], state).effects, []);
  // Another file of users is other options: validated again; and so is none.
  const shown = run([{ type: 'done', id: 4, report: report() }], state).state;
  for (const options of [users(2), NO_OPTIONS]) {
    ({ effects } = run([{ type: 'poolChanged', options }, { type: 'poolAnswer', id: 5, pool: { name: 'p' }, options }], shown));
    assert.deepStrictEqual(effects[3], { type: 'startRun', id: 6, file: file(), options });
  }
  // Users that can't be read are a pool that can't be used: the report waits for them.
  const usersError = { input: 'existing', path: '', message: 'line 1, column 27: it was cut short' };
  ({ state, effects } = run([{ type: 'poolChanged', options: users(2) }, { type: 'poolAnswer', id: 5, poolError: usersError, options: users(2) }], shown));
  assert.equal(state.phase, 'poolBroken');
  assert.deepStrictEqual(effects.at(-1), { type: 'announce', text: 'The pool can\'t be used: The list-users output: line 1, column 27: it was cut short' });
});

test('lifecycle: a validator that could not start says so, and then nothing happens', () => {
  let { state, effects } = run([{ type: 'startFailed', reason: 'its worker failed to load' }]);
  assert.equal(state.phase, 'broken');
  assert.deepStrictEqual(effects, [{ type: 'unsupported', text: 'The validator could not start: its worker failed to load. Reload the page.' }]);
  for (const event of [{ type: 'ready', options: NO_OPTIONS }, { type: 'fileGiven', file: file(), options: NO_OPTIONS }, { type: 'cancel' }]) {
    ({ state, effects } = run([event], state));
    assert.deepStrictEqual(effects, [], event.type);
    assert.equal(state.phase, 'broken');
  }
  assert.throws(() => transition(initialState(), { type: 'dropped' }), /no event "dropped"/);
});

test('lifecycle: files not taken as given are told as an error, in any phase, and the report or run stays', () => {
  const notes = ['users.xlsx is an Excel workbook or a ZIP archive, not a CSV file.', 'b.csv is not.'];
  for (const [phase, state] of [['loading', initialState()], ['idle', ready()], ['reading', reading()], ['showing', showing()]]) {
    const next = run([{ type: 'fileNotes', notes }], state);
    assert.deepStrictEqual(next.effects, [{ type: 'fileMessage', text: notes.join(' '), kind: 'error' }], phase);
    assert.deepStrictEqual(next.state, state, phase);
  }
  // Nothing to tell: the message of the file given stays.
  assert.deepStrictEqual(run([{ type: 'fileNotes', notes: [] }], reading()).effects, []);
});

// ---- the findings store ----

/** The fixture's findings as batches: the file pushed `size` bytes at a time. */
function batchesOf(fixture, size) {
  const bytes = readFileSync(fixture.csv);
  const validator = new Validator(fixture.options);
  const batches = [];
  for (let start = 0; start < bytes.length; start += size) {
    validator.push(bytes.subarray(start, start + size));
    batches.push(validator.takeBatch());
  }
  batches.push(validator.finish(true).batch);
  validator.free();
  return batches;
}

test('findings: batches kept in columns give each finding back with its words, in order', () => {
  for (const size of [1, 37, 1 << 20]) {
    const findings = new Findings(renderFinding);
    for (const batch of batchesOf(readme, size)) findings.add(batch);
    findings.seal();
    const expected = readme.expected.findings;
    assert.equal(findings.length, expected.length, `${size}-byte pieces`);
    assert.ok(findings.batches.length > 1 || size > 1000, 'several batches');
    for (let index = 0; index < expected.length; index += 1) {
      assert.deepStrictEqual(findings.get(index), expected[index], `finding ${index}, ${size}-byte pieces`);
      assert.equal(findings.line(index), expected[index].line);
      assert.equal(RULES[findings.codes[index]].code, expected[index].code);
    }
  }
});

test('findings: each finding has its line status, "file" for none; counted by status', () => {
  const findings = new Findings(renderFinding);
  for (const batch of batchesOf(readme, 64)) findings.add(batch);
  findings.seal();
  const names = Array.from(findings.statuses, (status) => statusName(LINE_STATUSES, status));
  // readme.csv: 3 users fail (lines 3, 4 and 7), one is skipped (line 5,
  // a username imported earlier); line 6 is blank; line 2 has no finding;
  // the job's warning (most users fail) is of the file.
  const byLine = Object.fromEntries(readme.expected.findings.map((finding, index) => [finding.line, names[index]]));
  assert.deepStrictEqual(byLine, { 3: 'failed', 4: 'failed', 5: 'skipped', 6: 'blank', 7: 'failed', null: 'file' });
  const counts = findings.countByStatus();
  for (const status of ['failed', 'skipped', 'imported', 'blank', 'header', 'file']) {
    assert.equal(counts[statusOf(LINE_STATUSES, status)], names.filter((name) => name === status).length, status);
  }
  // A line with a warning only is imported.
  const warned = new Validator({});
  warned.push(new TextEncoder().encode(`${warned.pool.header.join(',')}\nana,Ana ,,,,,,,,,ana@example.com,TRUE,,,,,,,,,FALSE\n`));
  const { batch: warnedBatch } = warned.finish(true);
  assert.deepStrictEqual([...warnedBatch.statuses].map((status) => statusName(LINE_STATUSES, status)), ['imported']);
  // A file with no header line: its finding has no line.
  const empty = new Validator({});
  const { batch } = empty.finish(true);
  assert.deepStrictEqual([...batch.statuses], [NO_LINE]);
  assert.equal(statusName(LINE_STATUSES, batch.statuses[0]), 'file');
  assert.equal(statusOf(LINE_STATUSES, 'file'), NO_LINE);
  assert.equal(statusOf(LINE_STATUSES, 'header'), LINE_STATUSES.indexOf('header'));
  assert.equal(statusOf(LINE_STATUSES, 'nonsense'), -1);
});

// ---- the report table ----

/** Columns as a sealed store has them. */
function columns(rows) {
  return {
    length: rows.length,
    lines: Float64Array.from(rows, ([line]) => line),
    codes: Uint8Array.from(rows, ([, code]) => RULES.findIndex((rule) => rule.code === code)),
    statuses: Uint8Array.from(rows, ([, , status]) => statusOf(LINE_STATUSES, status)),
  };
}

const sample = columns([
  [-1, 'file.bom', 'file'],
  [1, 'header.whitespace', 'header'],
  [3, 'email.invalid', 'failed'],
  [3, 'value.whitespace', 'failed'],
  [5, 'username.duplicate', 'skipped'],
  [8, 'value.whitespace', 'imported'],
  [9, 'email.invalid', 'failed'],
]);

test('report table: filters by rule, severity and status over the columns', () => {
  const all = rulePasses(RULES, { rule: '', severity: '' });
  assert.ok(all.every(Boolean));
  const filter = (filters, status = '') => [...filterFindings(sample, rulePasses(RULES, filters), status ? statusOf(LINE_STATUSES, status) : -1)];
  assert.deepStrictEqual(filter({ rule: '', severity: '' }), [0, 1, 2, 3, 4, 5, 6]);
  assert.deepStrictEqual(filter({ rule: 'email.invalid', severity: '' }), [2, 6]);
  const warnings = RULES.filter((rule) => rule.severity === 'warning').map((rule) => rule.code);
  assert.deepStrictEqual(['file.bom', 'header.whitespace', 'email.invalid', 'value.whitespace', 'username.duplicate'].filter((code) => warnings.includes(code)), ['header.whitespace', 'value.whitespace']);
  assert.deepStrictEqual(filter({ rule: '', severity: 'warning' }), [1, 3, 5]);
  assert.deepStrictEqual(filter({ rule: '', severity: 'error' }), [0, 2, 4, 6]);
  assert.deepStrictEqual(filter({ rule: 'value.whitespace', severity: 'error' }), []);
  assert.deepStrictEqual(filter({ rule: '', severity: '' }, 'failed'), [2, 3, 6]);
  assert.deepStrictEqual(filter({ rule: '', severity: 'warning' }, 'failed'), [3]);
  assert.deepStrictEqual(filter({ rule: '', severity: '' }, 'file'), [0]);
  assert.deepStrictEqual(filter({ rule: '', severity: '' }, 'header'), [1]);
  assert.equal(rowCountText(7, 7), '7 findings.');
  assert.equal(rowCountText(1, 1), '1 finding.');
  assert.equal(rowCountText(0, 500_000), '0 of 500,000 findings match the filters.');
});

test('report table: go to line finds the first finding on the line or after it, among those shown', () => {
  const everything = Uint32Array.from([0, 1, 2, 3, 4, 5, 6]);
  assert.equal(findLine(sample.lines, everything, 1), 1); // the line-less finding is never a target
  assert.equal(findLine(sample.lines, everything, 3), 2);
  assert.equal(findLine(sample.lines, everything, 4), 4);
  assert.equal(findLine(sample.lines, everything, 9), 6);
  assert.equal(findLine(sample.lines, everything, 10), -1);
  const failedOnly = Uint32Array.from([2, 3, 6]);
  assert.equal(findLine(sample.lines, failedOnly, 4), 2);
  assert.equal(jumpMessage(15_001, 15_001, false), 'Line 15,001.');
  assert.equal(jumpMessage(15_002, 15_004, false), 'Line 15,002 has no finding: the next one is on line 15,004.');
  assert.equal(jumpMessage(4, 9, true), 'Line 4 has no finding that matches the filters: the next one is on line 9.');
  assert.equal(jumpMessage(90_000, null, false), 'No finding on line 90,000 or after it.');
  assert.equal(jumpMessage(10, null, true), 'No finding on line 10 or after it that matches the filters.');
});

test('report table: hidden values take the message out, but for header and file findings; where a finding is', () => {
  const [finding] = readme.expected.findings;
  const rule = RULES.find(({ code }) => code === finding.code);
  assert.equal(shownMessage(finding, 'failed', false, rule), finding.message);
  const hidden = shownMessage(finding, 'failed', true, rule);
  assert.equal(hidden, rule.summary.replaceAll('`', ''));
  assert.ok(!hidden.includes(finding.value));
  assert.equal(shownMessage(finding, 'header', true, rule), finding.message);
  assert.equal(shownMessage(finding, 'file', true, rule), finding.message);
  assert.equal(whereText(finding, 'failed'), 'Line 3 · column email · line status: fails');
  assert.equal(whereText({ line: null, column: null }, 'file'), 'The whole file or the pool · line status: file');
  assert.deepStrictEqual(Object.keys(STATUS_WORDS).sort(), [...LINE_STATUSES, 'file'].sort());
});

// ---- the summary ----

test('summary: the verdict, its sentence, the file line and the outcome', () => {
  const completion = (job, users, failed, skipped) =>
    job === 'fails' ? null : (failed + skipped) * 2 > users ? 'Too many users have failed or been skipped during the import.' : 'Import Job Completed Successfully.';
  const outcome = (job, users, imported, failed, skipped) => ({ job, users, imported, failed, skipped, completion: completion(job, users, failed, skipped) });
  assert.equal(verdictKind(outcome('fails', 3, 0, 0, 0)), 'fails');
  assert.equal(verdictKind(outcome('succeeds', 3, 2, 1, 0)), 'partial');
  assert.equal(verdictKind(outcome('succeeds', 3, 2, 0, 1)), 'partial');
  assert.equal(verdictKind(outcome('succeeds', 3, 3, 0, 0)), 'succeeds');
  assert.match(verdictHeading(outcome('fails', 3, 0, 0, 0)), /^The import job would fail: nobody would be imported. Fix these first:$/);
  assert.equal(verdictHeading(outcome('succeeds', 3, 2, 0, 1)), 'The import job would run, but not every user would be imported. It would end “Import Job Completed Successfully.”');
  assert.equal(verdictHeading(outcome('succeeds', 3, 3, 0, 0)), 'The import job would run, and every user would be imported. It would end “Import Job Completed Successfully.”');
  assert.match(verdictHeading(outcome('succeeds', 3, 1, 2, 0)), /most likely end it Failed \(“Too many users have failed or been skipped during the import.”\)/);
  assert.equal(verdictHeading(outcome('succeeds', 0, 0, 0, 0)), 'The import job would run, but the file has no users.');
  assert.equal(
    verdictSentence({ outcome: outcome('succeeds', 1_500, 1, 1_000, 499), countsByCode: { 'email.invalid': 1_000, 'username.duplicate': 499 } }),
    'The import job would run: 1 user imported, 1,000 failed, 499 skipped, and it would most likely end Failed. 1,499 findings.',
  );
  assert.equal(verdictSentence({ outcome: outcome('fails', 0, 0, 0, 0), countsByCode: { 'file.empty': 1 } }), 'The import job would fail: nobody would be imported. 1 finding.');
  assert.equal(
    verdictSentence(readme.expected),
    `The import job would run: ${counted(readme.expected.outcome.imported, 'user')} imported, 3 failed, 1 skipped, and it would most likely end Failed. 10 findings.`,
  );
  assert.equal(fileLine('readme.csv', readme.expected, 0.04), 'readme.csv: 1 kB, 7 lines, 5 users, read in under 0.1 s.');
  assert.equal(fileLine('readme.csv', readme.expected, 0), 'readme.csv: 1 kB, 7 lines, 5 users, read in under 0.1 s.');
  assert.equal(fileLine('readme.csv', readme.expected, 0.06), 'readme.csv: 1 kB, 7 lines, 5 users, read in 0.1 s.');
  assert.equal(fileLine('readme.csv', readme.expected, 12.34), 'readme.csv: 1 kB, 7 lines, 5 users, read in 12.3 s.');
  assert.deepStrictEqual(outcomeItems(outcome('succeeds', 1, 1, 0, 0))[0], ['user', 1, '']);
  assert.deepStrictEqual(outcomeItems(readme.expected.outcome).map(([label, number, status]) => [number, status, label.split(' ')[0]]), [
    [5, '', 'users'],
    [1, 'imported', 'would'],
    [3, 'failed', 'would'],
    [1, 'skipped', 'would'],
  ]);
  assert.equal(JOB_FINDINGS_LISTED, 20);
});

test('summary: the rules a report found, most findings first, ties in the rule table\'s order', () => {
  const place = new Map(RULES.map((rule, index) => [rule.code, index]));
  for (const { name, expected } of fixtures()) {
    const ordered = rulesByFindings(expected.countsByCode, RULES);
    assert.deepStrictEqual(Object.fromEntries(ordered), expected.countsByCode, `${name}: every rule, with its count`);
    for (let index = 1; index < ordered.length; index += 1) {
      const [[first, firstCount], [second, secondCount]] = [ordered[index - 1], ordered[index]];
      assert.ok(firstCount > secondCount || (firstCount === secondCount && place.get(first) < place.get(second)), `${name}: ${first} before ${second}`);
    }
  }
  // The golden reports' counts come A to Z; the rule table has the job's rules first.
  assert.deepStrictEqual(rulesByFindings({ 'email.invalid': 2, 'file.bom': 2, 'boolean.invalid': 5 }, RULES), [
    ['boolean.invalid', 5],
    ['file.bom', 2],
    ['email.invalid', 2],
  ]);
});

// ---- the pool inputs ----

test('pool input: a dropped JSON file goes to the box its content belongs to', () => {
  assert.equal(poolBoxFor(poolText), 'pool-json');
  assert.equal(poolBoxFor(readFileSync(join(root, 'tests/pools/get-csv-header.json'), 'utf8')), 'header-json');
  assert.equal(poolBoxFor(`\uFEFF  ${poolText}`), 'pool-json');
  assert.equal(poolBoxFor('{"UserPool": '), 'pool-json'); // broken JSON: its box says why
  // list-users output, or its array alone: the users already in the pool.
  assert.equal(poolBoxFor('{"Users": []}'), 'users');
  assert.equal(poolBoxFor(readFileSync(join(root, 'tests/existing/list-users.json'), 'utf8')), 'users');
  assert.equal(poolBoxFor('[1, 2]'), 'users');
  assert.equal(poolBoxFor('{"Groups": []}'), null);
  assert.equal(poolBoxFor('null'), 'csv');
  assert.equal(poolBoxFor(readFileSync(readme.csv, 'utf8')), 'csv');
  assert.equal(poolBoxFor(''), 'csv');
});

test('pool input: a .json file is told by its first 64 KiB, and only a pool or header file is read whole', async () => {
  const listUsers = readFileSync(join(root, 'tests/existing/list-users.json'), 'utf8');
  for (const [text, kind] of [[poolText, 'pool-json'], [listUsers, 'users'], ['{"Users": [{"Username": "a"', 'users'], ['[]', 'users'], ['{"Groups": []}', null], [readFileSync(readme.csv, 'utf8'), 'csv']]) {
    assert.equal(jsonFileKind(text, true), kind, text.slice(0, 30));
  }
  // Larger than its head: list-users output when it starts as one, else none of the pool's.
  assert.equal(jsonFileKind('\uFEFF {\n    "Users": [\n        {"Username": "a", "Attri', false), 'users');
  assert.equal(jsonFileKind('[\n  {"Username": "a"', false), 'users');
  assert.equal(jsonFileKind('{"UserPool": {"Id": "us-east-1_x", "Sche', false), null);
  assert.equal(jsonFileKind('cognito:username,email\nann,ann@exa', false), 'csv');
  // A file of 400 MB: only its head is read.
  const sliced = [];
  const huge = {
    size: 400e6,
    slice(start, end) {
      sliced.push([start, end]);
      return new Blob([listUsers.slice(start, end)]);
    },
    text: () => assert.fail('the whole file was read'),
  };
  assert.deepStrictEqual(await readJsonFile(huge), ['users', null]);
  assert.deepStrictEqual(sliced, [[0, JSON_HEAD_BYTES]]);
  const pool = new File([poolText], 'pool.json');
  assert.deepStrictEqual(await readJsonFile(pool), ['pool-json', poolText]);
});

test('pool input: the settings give the options, each only when set', () => {
  const none = { pool: '', header: '', mfa: '', autoVerified: '', caseSensitive: '', hash: '' };
  assert.deepStrictEqual(optionsFromSettings(none), {});
  assert.deepStrictEqual(optionsFromSettings({ ...none, pool: '  \n ', header: ' ' }), {});
  assert.deepStrictEqual(optionsFromSettings({ ...none, pool: ' {"UserPool": {}}\n', header: '{"CSVHeader": []} ' }), { pool: '{"UserPool": {}}', header: '{"CSVHeader": []}' });
  assert.deepStrictEqual(optionsFromSettings({ ...none, mfa: 'ON' }), { mfa: 'ON' });
  assert.deepStrictEqual(optionsFromSettings({ ...none, autoVerified: 'none' }), { autoVerified: [] });
  assert.deepStrictEqual(optionsFromSettings({ ...none, autoVerified: 'email' }), { autoVerified: ['email'] });
  assert.deepStrictEqual(optionsFromSettings({ ...none, autoVerified: 'email,phone_number' }), { autoVerified: ['email', 'phone_number'] });
  assert.deepStrictEqual(optionsFromSettings({ ...none, caseSensitive: 'true' }), { caseSensitive: true });
  assert.deepStrictEqual(optionsFromSettings({ ...none, caseSensitive: 'false' }), { caseSensitive: false });
  assert.deepStrictEqual(optionsFromSettings({ ...none, hash: 'BCRYPT' }), { passwordHashAlgorithm: 'BCRYPT' });
  // The users already in the pool are part of the options: another file, another key.
  const users = { id: 1, file: new File(['{"Users": []}'], 'users.json') };
  assert.deepStrictEqual(optionsFromSettings({ ...none, mfa: 'ON' }, users), { existing: users, mfa: 'ON' });
  assert.notEqual(optionsKey(optionsFromSettings(none, users)), optionsKey(optionsFromSettings(none, { ...users, id: 2 })));
  assert.notEqual(optionsKey(optionsFromSettings(none, users)), optionsKey(optionsFromSettings(none)));
  // The engine takes every option the settings give.
  const options = optionsFromSettings({ pool: poolText, header: '', mfa: 'ON', autoVerified: 'none', caseSensitive: 'true', hash: 'SCRYPT' });
  const validator = new Validator(options);
  assert.deepStrictEqual(validator.pool.overrides.sort(), ['autoVerified', 'caseSensitive', 'mfa', 'passwordHashAlgorithm']);
  validator.free();
});

test('pool input: what the page says of a pool error and of the pool in use', () => {
  assert.equal(poolErrorText({ input: 'pool', path: '', message: 'not valid JSON' }), 'The describe-user-pool output: not valid JSON');
  assert.equal(poolErrorText({ input: 'header', path: 'CSVHeader', message: 'no CSVHeader' }), 'The get-csv-header output: no CSVHeader');
  assert.equal(poolErrorText({ input: 'pool', path: 'UserPool.SchemaAttributes[3].Name', message: 'not a string' }), 'The describe-user-pool output: not a string (at UserPool.SchemaAttributes[3].Name)');
  assert.equal(poolErrorText({ input: 'existing', path: '', message: 'line 1, column 27: it was cut short' }), 'The list-users output: line 1, column 27: it was cut short');
  const users = new File(['x'.repeat(1_500_000)], 'users.json');
  assert.equal(usersText(null), 'None given: users already in the pool are not known, and the report says so.');
  assert.equal(usersText(users, 'reading'), 'Reading users.json (1.5 MB)…');
  assert.equal(usersText(users, { users: 1 }), 'users.json: 1 user in the pool.');
  assert.equal(usersText(users, { users: 12_345 }), 'users.json: 12,345 users in the pool.');
  const poolFrom = (options) => {
    const validator = new Validator(options);
    const { pool } = validator;
    validator.free();
    return pool;
  };
  assert.deepStrictEqual(poolInUse(poolFrom({})), {
    name: 'default pool',
    rest: ' (the AWS template’s columns). MFA optional · auto-verified: email and phone_number · usernames case-insensitive · password hashes: none.',
  });
  const given = poolFrom({ pool: poolText, mfa: 'ON', autoVerified: [] });
  const { name, rest } = poolInUse(given);
  assert.equal(name, [given.name, given.userPoolId].filter(Boolean).join(', '));
  assert.ok(name.length > 0);
  assert.match(rest, /^, from describe-user-pool\. MFA on \(set here\) · auto-verified: none \(set here\) · usernames case-/);
  assert.equal(poolInUse({ ...given, source: 'get-csv-header', name: null, userPoolId: null }).name, 'your pool');
});

// ---- the files given ----

test('files given: the CSV files are validated (several as one migration, by name), pool files go to their boxes, the rest is told', async () => {
  const csv = new File([readFileSync(readme.csv)], 'users.csv');
  const headerFile = new File([readFileSync(join(root, 'tests/pools/get-csv-header.json'))], 'header.JSON');
  let sorted = await sortGivenFiles([headerFile, csv]);
  assert.deepStrictEqual(sorted.csvs, [csv]);
  assert.deepStrictEqual(sorted.pools.map(([box]) => box), ['header-json']);
  assert.match(sorted.pools[0][1], /CSVHeader/);
  assert.deepStrictEqual(sorted.notes, []);

  sorted = await sortGivenFiles([new File(['{"Groups": []}'], 'other.json')]);
  assert.deepStrictEqual(sorted, { csvs: [], pools: [], users: null, notes: ['other.json is not the output of describe-user-pool, get-csv-header or list-users, so it was not used.'] });
  // list-users output goes to the users, the first of several.
  const users = new File(['{"Users": []}'], 'users.json');
  sorted = await sortGivenFiles([users, csv, new File(['[]'], 'more.json'), new File(['[]'], 'most.json')]);
  assert.equal(sorted.users, users);
  assert.deepStrictEqual(sorted.csvs, [csv]);
  assert.deepStrictEqual(sorted.notes, ['Only one list-users output is used: users.json is, more.json, most.json are not.']);

  const savedAsJson = new File([readFileSync(readme.csv)], 'users.json');
  sorted = await sortGivenFiles([savedAsJson]);
  assert.deepStrictEqual(sorted.csvs, [savedAsJson]);
  assert.deepStrictEqual(sorted.notes, ['users.json is not JSON but looks like a CSV file, so it is validated as one.']);

  // Several: in the order of their names, numbers read as numbers; one that is no CSV is told and left out.
  const named = (name) => new File(['a'], name);
  const [tenth, second, first, workbook] = [named('users-10.csv'), named('users-2.csv'), named('Users-1.csv'), new File([Uint8Array.of(0x50, 0x4b, 0x03, 0x04)], 'users-3.xlsx')];
  sorted = await sortGivenFiles([tenth, workbook, second, first]);
  assert.deepStrictEqual(sorted.csvs, [first, second, tenth]);
  assert.deepStrictEqual(sorted.notes, [notCsvReason('users-3.xlsx', Uint8Array.of(0x50, 0x4b, 0x03, 0x04))]);

  sorted = await sortGivenFiles([new File([Uint8Array.of(0x50, 0x4b, 0x03, 0x04, 0x14, 0)], 'users.xlsx')]);
  assert.deepStrictEqual(sorted.csvs, []);
  assert.deepStrictEqual(sorted.notes, ['users.xlsx is an Excel workbook or a ZIP archive, not a CSV file. Save it as “CSV UTF-8 (comma delimited)” and drop that file: the report then says how to take out the byte order mark Excel adds.']);
  assert.match(notCsvReason('a.pdf', Uint8Array.of(0x25, 0x50, 0x44, 0x46, 0x2d)), /^a.pdf is a PDF document, not a CSV file/);
  assert.equal(notCsvReason('a.csv', new TextEncoder().encode('cognito:')), null);
  assert.equal(notCsvReason('short.csv', Uint8Array.of(0x1f)), null);
});

// ---- a migration ----

test('migration: files by name, its name and size, each file\'s verdict, and the summary\'s words', async () => {
  const files = ['b.csv', 'a.csv', 'c.csv', 'd.csv', 'e.csv'].map((name, index) => new File(['x'.repeat(index + 1)], name));
  assert.deepStrictEqual(byName(files).map((file) => file.name), ['a.csv', 'b.csv', 'c.csv', 'd.csv', 'e.csv']);
  assert.deepStrictEqual(migrationOf(files.slice(0, 3)), { name: 'b.csv, a.csv and c.csv', size: 6, files: files.slice(0, 3) });
  assert.equal(migrationOf(files.slice(0, 2)).name, 'b.csv and a.csv');
  assert.equal(migrationOf(files).name, 'b.csv, a.csv, c.csv and 2 more files');
  assert.equal(migrationOf(files).size, 15);

  // The words of the migration of tests/existing/, as the package checks it.
  const folder = join(root, 'tests/existing');
  const sources = [1, 2, 3].map((number) => readFileSync(join(folder, `migration-${number}.csv`)));
  const options = { pool: poolText, header: readFileSync(join(root, 'tests/pools/get-csv-header.json'), 'utf8'), existing: readFileSync(join(folder, 'list-users.json')) };
  const { files: reports, summary } = await validateMigration(sources, options);
  assert.deepStrictEqual(reports.map(fileVerdict), [
    `its job would run: ${reports[0].outcome.imported} of ${reports[0].outcome.users} users imported, 1 would fail and 1 be skipped`,
    `its job would fail: none of its 1 user imported`,
    `its job would run: ${reports[2].outcome.imported} of ${reports[2].outcome.users} users imported, 1 would fail and 1 be skipped`,
  ]);
  assert.equal(fileVerdict({ outcome: { job: 'succeeds', users: 2, imported: 2, failed: 0, skipped: 0 } }), 'its job would run: 2 of 2 users imported');
  assert.equal(fileVerdict({ outcome: { job: 'succeeds', users: 0, imported: 0, failed: 0, skipped: 0 } }), 'its job would run, with no users');
  assert.deepStrictEqual(migrationVerdict(summary), {
    kind: 'partial',
    heading: `Of the ${summary.users} users of the 3 files, ${summary.imported} would be imported: ${summary.failed} would fail and ${summary.skipped} be skipped.`,
  });
  const fine = { files: 2, users: 3, imported: 3, failed: 0, skipped: 0, failingJobs: [], overLimits: [] };
  assert.deepStrictEqual(migrationVerdict(fine), { kind: 'succeeds', heading: 'Every job of the 2 files would run, and all 3 users would be imported.' });
  assert.equal(migrationVerdict({ ...fine, imported: 0, failed: 3, failingJobs: [1, 2] }).kind, 'fails');
  const names = ['a.csv', 'b.csv', 'c.csv'];
  assert.deepStrictEqual(migrationNotes(summary, names), ['The job of file 2 (b.csv) would fail: none of its users would be imported, and the files after it do not find them in the pool.']);
  assert.deepStrictEqual(migrationNotes({ ...fine, failingJobs: [1, 3], overLimits: [{ file: 2, parts: 3 }] }, names), [
    'The jobs of file 1 (a.csv) and file 3 (c.csv) would fail: none of their users would be imported, and the files after them do not find them in the pool.',
    'File 2 (b.csv) is over Cognito\'s limits (100 MB, 500,000 users): “Make it importable” would make 3 import files of it.',
  ]);
  assert.deepStrictEqual(migrationOutcomeItems(summary), [['users', summary.users], ['would be imported', summary.imported], ['would fail', summary.failed], ['would be skipped', summary.skipped]]);
});

// ---- first visit ----

test('examples: each built-in example is its fixture, byte for byte', () => {
  for (const [example, fixture] of [['aws-template', 'aws-template.csv'], ['messy', 'messy-example.csv']]) {
    const fixtureBytes = readFileSync(join(root, 'tests/fixtures/examples', fixture));
    assert.ok(Buffer.from(new TextEncoder().encode(EXAMPLES[example].text)).equals(fixtureBytes), `www/examples.js's ${example} differs from tests/fixtures/examples/${fixture}: copy the fixture in`);
    assert.match(EXAMPLES[example].name, /\.csv$/);
  }
  // AWS's template example, as ../shared/examples has it.
  assert.equal(EXAMPLES['aws-template'].text, readFileSync(join(root, 'tests/aws-template-example.csv'), 'utf8'));
});

/** A Storage of the page's, in memory; `fail` names the error its methods throw. */
function memoryStorage(fail) {
  const items = new Map();
  const failing = () => {
    if (fail) throw Object.assign(new Error(`${fail} happened`), { name: fail });
  };
  const storage = {
    items,
    getItem: (key) => (failing(), items.get(key) ?? null),
    setItem: (key, value) => (failing(), items.set(key, String(value))),
    removeItem: (key) => (failing(), items.delete(key)),
  };
  return () => storage;
}

test('pool memory: only the settings are kept, recalled as they were, and forgotten', () => {
  const storage = memoryStorage();
  assert.equal(recallSettings(storage), null, 'nothing kept');
  const settings = { pool: poolText, header: '', mfa: 'ON', autoVerified: 'email', caseSensitive: 'true', hash: 'BCRYPT' };
  assert.equal(rememberSettings({ ...settings, file: 'john.doe,…', extra: 1 }, storage), null);
  assert.deepStrictEqual([...storage().items.keys()], [POOL_MEMORY_KEY]);
  assert.deepStrictEqual(Object.keys(JSON.parse(storage().items.get(POOL_MEMORY_KEY))), REMEMBERED_SETTINGS);
  assert.deepStrictEqual(recallSettings(storage), settings);
  assert.deepStrictEqual(optionsFromSettings(recallSettings(storage)), optionsFromSettings(settings));
  assert.equal(forgetSettings(storage), null);
  assert.equal(storage().items.size, 0);
  // What the page did not write (another version, a hand edit) is read as far as it goes.
  storage().items.set(POOL_MEMORY_KEY, '{"mfa": "OFF", "pool": 3}');
  assert.deepStrictEqual(recallSettings(storage), { pool: '', header: '', mfa: 'OFF', autoVerified: '', caseSensitive: '', hash: '' });
  storage().items.set(POOL_MEMORY_KEY, 'not JSON');
  assert.equal(recallSettings(storage), null);
});

test('pool memory: storage that fails is told, never thrown', () => {
  const full = memoryStorage('QuotaExceededError');
  assert.equal(rememberSettings({ pool: poolText }, full), 'The browser could not remember the pool (its storage for this page is full: the quota is exceeded): it is used on this page until it is closed.');
  assert.equal(recallSettings(full), null);
  const refused = memoryStorage('SecurityError');
  assert.match(rememberSettings({}, refused), /^The browser could not remember the pool \(it keeps no data for this page, as in private browsing or with storage turned off\)/);
  assert.match(forgetSettings(refused), /^The browser could not forget the pool \(it keeps no data for this page.*clear this site's data/);
  // Reading localStorage itself throws where storage is turned off.
  const unreachable = () => {
    throw Object.assign(new Error('The operation is insecure.'), { name: 'SecurityError' });
  };
  assert.equal(recallSettings(unreachable), null);
  assert.match(rememberSettings({}, unreachable), /private browsing/);
});

// ---- the header block ----

test('header block: the header findings, grouped, against the file and pool headers', () => {
  const all = fixtures();
  /** A fixture's file header, pool header and header findings, from its golden report. */
  const headerOf = (name) => {
    const { expected, options } = all.find((fixture) => fixture.name === name);
    return [expected.file.header, poolOf(options).header, expected.findings.filter((finding) => HEADER_RULES.has(finding.code))];
  };
  // Names without their prefixes: renames, and the pool's other columns missing.
  const [fileHeader, poolHeader, findings] = headerOf('header.missing_column/trigger-names-without-prefixes.csv');
  const comparison = headerComparison(fileHeader, poolHeader, findings);
  const renamed = findings.filter((finding) => finding.suggested !== null);
  const missing = findings.filter((finding) => finding.code === 'header.missing_column').map((finding) => finding.column);
  assert.ok(renamed.length > 0 && missing.length > 0);
  assert.deepStrictEqual(comparison.renames, renamed.map((finding) => ({ from: finding.column, to: finding.suggested })));
  assert.deepStrictEqual(comparison.missing, missing);
  assert.deepStrictEqual(comparison.unknown, []);
  assert.deepStrictEqual(comparison.notes, []);
  assert.deepStrictEqual(comparison.file, fileHeader.map((name) => ({ name, mark: renamed.some((finding) => finding.column === name) ? 'rename' : '' })));
  assert.deepStrictEqual(comparison.pool, poolHeader.map((name) => ({ name, missing: missing.includes(name) })));

  // Another separator: one name, and the finding's message as a note.
  const [line, , [separator]] = headerOf('header.unknown_column/trigger-semicolons.csv');
  const oneColumn = headerComparison(line, poolHeader, [separator]);
  assert.deepStrictEqual(oneColumn.file, [{ name: line[0], mark: '' }]);
  assert.deepStrictEqual(oneColumn.notes, [separator.message]);
  assert.deepStrictEqual([oneColumn.renames, oneColumn.unknown, oneColumn.missing], [[], [], []]);

  // A name three times: marked where it repeats, listed once.
  const [repeating, , repeats] = headerOf('header.duplicate_column/trigger-three-times.csv');
  const repeated = headerComparison(repeating, poolHeader, repeats);
  assert.deepStrictEqual(repeated.repeated, [repeats[0].column]);
  const marks = repeated.file.filter(({ name }) => name === repeats[0].column).map(({ mark }) => mark);
  assert.deepStrictEqual(marks, ['', 'repeated', 'repeated']);

  // Empty names: their positions; a JSON line: no names, its note.
  const [withEmpty, , empties] = headerOf('header.empty_column/trigger-middle.csv');
  const empty = headerComparison(withEmpty, poolHeader, empties);
  assert.deepStrictEqual(empty.empty, [withEmpty.indexOf('') + 1]);
  assert.equal(empty.file[withEmpty.indexOf('')].mark, 'empty');
  const [json, , jsonFindings] = headerOf('header.unknown_column/trigger-json.csv');
  assert.equal(json, null);
  assert.deepStrictEqual(headerComparison(json, poolHeader, jsonFindings).file, []);

  // A name the pool does not have, with no name to suggest.
  const unknown = headerComparison(['cognito:username', 'sub'], ['cognito:username'], [{ code: 'header.unknown_column', column: 'sub', suggested: null, message: '…' }]);
  assert.deepStrictEqual(unknown.unknown, ['sub']);
  assert.deepStrictEqual(unknown.file.map(({ mark }) => mark), ['', 'unknown']);
});

// ---- exports and formatting ----

test('exports: file names follow the file, the header template the pool', () => {
  assert.equal(exportFileName('users.csv', 'csv'), 'users.findings.csv');
  assert.equal(exportFileName('users.csv', 'json'), 'users.report.json');
  assert.equal(exportFileName('users.v2.CSV', 'cloudwatch'), 'users.v2.cloudwatch.log');
  assert.equal(exportFileName('users', 'csv'), 'users.findings.csv');
  assert.equal(exportFileName('.csv', 'json'), 'users.report.json');
  assert.deepStrictEqual(headerTemplate({ userPoolId: 'us-east-1_abc', header: ['cognito:username', 'email'] }), { name: 'us-east-1_abc-import-template.csv', text: 'cognito:username,email\n' });
  assert.equal(headerTemplate({ userPoolId: null, header: ['a'] }).name, 'cognito-import-template.csv');
  assert.equal(headerLine({ header: ['cognito:username', 'email'] }), 'cognito:username,email');
});

test('exports: the findings CSV\'s options and what the page says of it', () => {
  const filtered = Uint32Array.of(1, 4);
  assert.deepStrictEqual(findingsCsvOptions({ hideValues: false, onlyFiltered: false, filtered, total: 9 }), { byteOrderMark: true, hideValues: false });
  assert.deepStrictEqual(findingsCsvOptions({ hideValues: true, onlyFiltered: true, filtered, total: 9 }), { byteOrderMark: true, hideValues: true, only: filtered });
  // Filters that hide nothing: every finding, no list of them.
  assert.deepStrictEqual(findingsCsvOptions({ hideValues: false, onlyFiltered: true, filtered: Uint32Array.of(0, 1), total: 2 }), { byteOrderMark: true, hideValues: false });
  assert.equal(findingsCsvNote({ hideValues: false }, 1), '1 finding');
  assert.equal(findingsCsvNote({ hideValues: true, only: filtered }, 1_200), '2 of 1,200 findings, those the filters show, without values');
});

test('next steps: the commands when every user would be imported, the fix otherwise, nothing for no users', () => {
  const outcome = (job, users, imported, failed, skipped) => ({ job, users, imported, failed, skipped, completion: null });
  assert.equal(nextStepsKind(outcome('succeeds', 2, 2, 0, 0)), 'import');
  assert.equal(nextStepsKind(outcome('succeeds', 2, 1, 1, 0)), 'fix');
  assert.equal(nextStepsKind(outcome('succeeds', 2, 1, 0, 1)), 'fix');
  assert.equal(nextStepsKind(outcome('fails', 2, 0, 0, 0)), 'fix');
  assert.equal(nextStepsKind(outcome('fails', 0, 0, 0, 0)), 'fix');
  assert.equal(nextStepsKind(outcome('succeeds', 0, 0, 0, 0)), null);
  assert.equal(nextStepsKind(readme.expected.outcome), 'fix');
  assert.match(importHint({ userPoolId: null }), /`ROLE_ARN` .*, `POOL_ID` \(give the pool above/);
  assert.doesNotMatch(importHint({ userPoolId: 'us-east-1_abc' }), /POOL_ID/);
  assert.match(fixAdvice(outcome('fails', 2, 0, 0, 0)), /^Nobody would be imported until the errors above are fixed\. “Make it importable”/);
  assert.match(fixAdvice(outcome('succeeds', 1_500, 1_000, 499, 1)), /^500 users of 1,500 would not be imported\./);
});

test('progress: the time left only once the rate is steady', () => {
  const progress = { bytesRead: 2e6, totalBytes: 100e6, users: 12_000 };
  // After 74 ms the rate said "20 s left" of a file read in one.
  assert.equal(progressText(progress, 0.074), '2% · 27 MB/s · 12,000 users so far');
  assert.equal(progressText({ ...progress, bytesRead: 50e6 }, ESTIMATE_AFTER_SECONDS), '50% · 100 MB/s · 12,000 users so far · under a second left');
  assert.equal(progressText({ ...progress, bytesRead: 10e6 }, 1), '10% · 10 MB/s · 12,000 users so far · 9 s left');
  assert.equal(progressText({ bytesRead: 0, totalBytes: 0, users: 0 }, 0), '0% · 0 MB/s · 0 users so far');
  assert.equal(progressText({ bytesRead: 6e6, totalBytes: null, users: 3 }, 2), '0% · 3 MB/s · 3 users so far');
  // A file read in parts: its users are counted at the end.
  assert.equal(progressText({ bytesRead: 50e6, totalBytes: 100e6, users: null }, 0.5), '50% · 100 MB/s · under a second left');
});

test('formatting: counts, plurals, sizes and control characters', () => {
  assert.equal(count(1234567), '1,234,567');
  assert.equal(counted(1, 'user'), '1 user');
  assert.equal(counted(0, 'user'), '0 users');
  assert.equal(counted(2_000, 'more finding'), '2,000 more findings');
  assert.equal(counted(2, 'entry', 'entries'), '2 entries');
  assert.equal(megabytes(765), '1 kB');
  assert.equal(megabytes(999_999), '1,000 kB');
  assert.equal(megabytes(1_000_000), '1.0 MB');
  assert.equal(megabytes(99_999_000), '100.0 MB');
  assert.equal(visible('a\u001bb\tc\u007f\u0085d é'), 'a\\u{1b}b\\u{9}c\\u{7f}\\u{85}d é');
});

// ---- make it importable ----

/** Runs fix events from `state` (the initial one by default), as run() does. */
function runFix(events, state = initialFixState()) {
  let effects = [];
  for (const event of events) ({ state, effects } = fixTransition(deepFreeze(state), event));
  return { state, effects };
}

/** A fix lifecycle with the report of users.csv shown. */
const fixPanelShown = () => runFix([{ type: 'reportShown', fileName: 'users.csv' }]).state;
const FIX_OPTIONS = { dateOrder: 'dmy' };
const manifestOf = (fields) => ({ input: { bytes: 10, lines: 3, users: 2 }, parts: [{ file: 'users-1.csv', users: 1, bytes: 9, lines: [[2, 2]] }], imported: 1, rejected: 1, changes: 2, fixes: [], blockers: [], nextSteps: [], ...fields });

test('fix lifecycle: hidden until a report is shown; a fix starts, shows its progress, and ends fixed', () => {
  let { state, effects } = runFix([{ type: 'start', options: FIX_OPTIONS, folder: null }]);
  assert.equal(state.phase, 'hidden', 'no fix without a report');
  assert.deepStrictEqual(effects, []);
  ({ state, effects } = runFix([{ type: 'reportShown', fileName: 'users.csv' }]));
  assert.equal(state.phase, 'idle');
  assert.deepStrictEqual(effects, [{ type: 'clearResult' }, { type: 'showPanel', fileName: 'users.csv' }]);

  ({ state, effects } = runFix([{ type: 'start', options: FIX_OPTIONS, folder: null }], state));
  assert.equal(state.phase, 'fixing');
  assert.deepStrictEqual(effects, [
    { type: 'clearResult' },
    { type: 'startFix', id: 1, options: FIX_OPTIONS, folder: null },
    { type: 'showFixing', fileName: 'users.csv', folder: null },
    { type: 'announce', text: 'Fixing users.csv.' },
  ]);
  const fixing = state;
  assert.deepStrictEqual(runFix([{ type: 'start', options: {}, folder: null }], fixing).effects, [], 'one fix at a time');
  const progress = { bytesRead: 5, totalBytes: 10 };
  assert.deepStrictEqual(runFix([{ type: 'progress', id: 1, progress }], fixing).effects, [{ type: 'showProgress', progress }]);
  assert.deepStrictEqual(runFix([{ type: 'progress', id: 7, progress }], fixing).effects, [], 'another fix is not this one');

  const manifest = manifestOf({});
  const result = { manifest, samples: [], error: null };
  const files = [{ name: 'users-1.csv', size: 9 }];
  ({ state, effects } = runFix([{ type: 'fixed', id: 1, result, files }], fixing));
  assert.equal(state.phase, 'fixed');
  assert.deepStrictEqual(effects, [
    { type: 'endFixing' },
    { type: 'showFixed', result, files, folder: null },
    { type: 'announce', text: 'Fixed: 1 user in 1 import file, 1 user rejected, 2 changes.' },
    { type: 'focusResult' },
  ]);
  // Another fix replaces it.
  ({ state, effects } = runFix([{ type: 'start', options: {}, folder: null }], state));
  assert.deepStrictEqual(effects[1], { type: 'startFix', id: 2, options: {}, folder: null });
});

test('fix lifecycle: a file that can\'t be fixed, a failure, Cancel, stale options and a report gone', () => {
  const fixing = runFix([{ type: 'start', options: {}, folder: null }], fixPanelShown()).state;
  const error = 'the file is UTF-16 text';
  let { state, effects } = runFix([{ type: 'fixed', id: 1, result: { manifest: null, samples: [], error }, files: [] }], fixing);
  assert.equal(state.phase, 'cannotFix');
  assert.deepStrictEqual(effects, [
    { type: 'endFixing' },
    { type: 'showCannotFix', error },
    { type: 'announce', text: `users.csv can't be fixed: ${error}` },
    { type: 'focusResult' },
  ]);

  ({ state, effects } = runFix([{ type: 'failed', id: 1, message: 'maxUsers must be 1 to 500,000' }], fixing));
  assert.equal(state.phase, 'failed');
  assert.deepStrictEqual(types(effects), ['endFixing', 'showFailed', 'announce', 'focusResult']);
  assert.deepStrictEqual(runFix([{ type: 'failed', id: 3, message: 'x' }], fixing).effects, [], 'an older fix failing');

  ({ state, effects } = runFix([{ type: 'cancel' }], fixing));
  assert.equal(state.phase, 'idle');
  assert.deepStrictEqual(effects, [
    { type: 'cancelFix', id: 1 },
    { type: 'endFixing' },
    { type: 'say', text: 'Cancelled: nothing was made from users.csv.' },
    { type: 'announce', text: 'Cancelled.' },
    { type: 'focusStart' },
  ]);
  // The worker's answers for the cancelled fix change nothing.
  assert.deepStrictEqual(runFix([{ type: 'cancelled', id: 1 }, { type: 'fixed', id: 1, result: { manifest: manifestOf({}), samples: [], error: null }, files: [] }], state).effects, []);
  const intoFolder = runFix([{ type: 'start', options: {}, folder: {} }], fixPanelShown()).state;
  assert.equal(runFix([{ type: 'cancel' }], intoFolder).effects[2].text, 'Cancelled: nothing was written into the folder from users.csv.');

  // A fix option changed: the files shown are for other options.
  const fixed = runFix([{ type: 'fixed', id: 1, result: { manifest: manifestOf({}), samples: [], error: null }, files: [] }], fixing).state;
  ({ state, effects } = runFix([{ type: 'optionsChanged' }], fixed));
  assert.equal(state.phase, 'idle');
  assert.deepStrictEqual(effects, [{ type: 'clearResult' }, { type: 'say', text: 'The options changed: make the files again to get them.' }]);
  assert.deepStrictEqual(runFix([{ type: 'optionsChanged' }], fixing).effects, [], 'a fix under way keeps the options it started with');

  // The file or the pool changed: the fix under way stops, the panel goes.
  ({ state, effects } = runFix([{ type: 'reportGone' }], fixing));
  assert.equal(state.phase, 'hidden');
  assert.deepStrictEqual(effects, [{ type: 'cancelFix', id: 1 }, { type: 'endFixing' }, { type: 'clearResult' }, { type: 'hidePanel' }]);
  assert.deepStrictEqual(runFix([{ type: 'reportGone' }], state).effects, []);
  ({ state, effects } = runFix([{ type: 'reportGone' }], fixed));
  assert.deepStrictEqual(effects, [{ type: 'clearResult' }, { type: 'hidePanel' }]);
  // A new report: a fix under way for the last one stops.
  ({ state, effects } = runFix([{ type: 'reportShown', fileName: 'other.csv' }], fixing));
  assert.equal(state.phase, 'idle');
  assert.equal(state.fileName, 'other.csv');
  assert.deepStrictEqual(types(effects), ['cancelFix', 'endFixing', 'clearResult', 'showPanel']);
});

test('fix words: the options the controls give, samples with values shown or hidden, files in order', async () => {
  const controls = { dateOrder: '', defaultCountry: '', verifiedEmail: false, verifiedPhone: false, keepUnknownColumns: false, maxUsers: '500000', maxMegabytes: '100', columns: '' };
  assert.deepStrictEqual(fixOptionsFrom(controls), {}, 'the defaults give no option');
  assert.deepStrictEqual(fixOptionsFrom({ ...controls, maxUsers: '', maxMegabytes: ' ' }), {});
  assert.deepStrictEqual(
    fixOptionsFrom({ dateOrder: 'dmy', defaultCountry: 'FR', verifiedEmail: true, verifiedPhone: true, keepUnknownColumns: true, maxUsers: '1000', maxMegabytes: '0.5', columns: ' cognito:username , email,, ' }),
    // An empty column name leaves that column out, in its place (as --columns).
    { dateOrder: 'dmy', defaultCountry: 'FR', assumeVerified: ['email', 'phone_number'], keepUnknownColumns: true, maxUsers: 1000, maxBytes: 500_000, columns: ['cognito:username', 'email', '', ''] },
  );
  assert.deepStrictEqual(fixOptionsFrom({ ...controls, verifiedPhone: true }), { assumeVerified: ['phone_number'] });

  const sample = { fix: 'boolean.invalid', lines: '2', column: 'email_verified', before: 'VRAI\u001b', after: 'true' };
  assert.deepStrictEqual(sampleView(sample, false), { where: 'line 2, email_verified', values: { before: 'VRAI\\u{1b}', after: 'true' } });
  assert.deepStrictEqual(sampleView(sample, true), { where: 'line 2, email_verified', values: null });
  assert.deepStrictEqual(sampleView({ fix: 'file.bom', lines: '1', column: '', before: '', after: '' }, false), { where: 'line 1', values: null });
  assert.deepStrictEqual(sampleView({ fix: 'value.line_break', lines: '3-4', column: 'address', before: 'a\nb', after: 'a b' }, false).values, { before: 'a\\u{a}b', after: 'a b' });

  // A real fix: the manifest's words.
  const { manifest } = await fix(readFileSync(join(root, 'tests/fixtures/tools/excel-french.csv')), { onChunk() {}, maxUsers: 1 });
  assert.deepStrictEqual(manifest.parts.map((part) => part.file), ['users-1.csv', 'users-2.csv']);
  const files = ['manifest.json', 'rejects.csv', 'users-2.csv', 'changes.csv', 'users-1.csv'].map((name) => ({ name }));
  assert.deepStrictEqual(orderFiles(files, manifest).map((file) => file.name), ['users-1.csv', 'users-2.csv', 'rejects.csv', 'changes.csv', 'manifest.json']);
  assert.equal(fileNote('users-2.csv', manifest), '1 user');
  assert.equal(fileNote('rejects.csv', manifest), '2 users that can\'t be imported, and why');
  assert.equal(fileNote('changes.csv', manifest), '8 changes, each with its line and column');
  assert.deepStrictEqual(fixOutcomeItems(manifest), [
    [2, 'users in 2 import files'],
    [2, 'users rejected (rejects.csv says why: 2 birthdate.invalid)'],
    [8, 'changes made (changes.csv lists them)'],
  ]);
  assert.equal(fixedSentence(manifest), 'Fixed: 2 users in 2 import files, 2 users rejected, 8 changes.');
  assert.equal(
    fixedSentence({ ...manifest, blockers: ['the pool auto-verifies neither email nor phone number.'] }),
    'Fixed: 2 users in 2 import files, 2 users rejected, 8 changes. The import job would still fail: the pool auto-verifies neither email nor phone number.',
  );
  assert.equal(zipName('users.v2.csv'), 'users.v2-importable.zip');
  assert.equal(zipName('.csv'), 'users-importable.zip');
});

test('zip: CRC-32 chunk by chunk, entries stored as they are, and the 4 GiB limit', async () => {
  const text = new TextEncoder().encode('cognito:username,email\nana,ana@example.com\n'.repeat(1000));
  let crc = 0;
  for (let start = 0; start < text.length; start += 4096) crc = crc32(text.subarray(start, start + 4096), crc);
  assert.equal(crc, zlibCrc32(text));
  assert.equal(crc32(new Uint8Array(0)), 0);

  const json = new TextEncoder().encode('{"name": "Zoë"}');
  const entries = [
    { name: 'users-1.csv', blob: new Blob([text.subarray(0, 5000), text.subarray(5000)]), crc },
    { name: 'manifest.json', blob: new Blob([json]), crc: crc32(json) },
    { name: 'empty.csv', blob: new Blob([]), crc: 0 },
  ];
  const zip = zipBlob(entries, new Date(2024, 1, 29, 13, 45, 30));
  assert.equal(zip.type, 'application/zip');
  assert.equal(zip.size, zipSize(entries.map(({ name, blob }) => ({ name, size: blob.size }))));
  const bytes = new Uint8Array(await zip.arrayBuffer());
  const read = readZip(bytes);
  assert.deepStrictEqual(read.map(({ name, method }) => [name, method]), [['users-1.csv', 0], ['manifest.json', 0], ['empty.csv', 0]]);
  assert.deepStrictEqual(read[0].bytes, Buffer.from(text));
  assert.deepStrictEqual(read[1].bytes, Buffer.from(json));
  // The MS-DOS date and time: 2024-02-29 13:45:30.
  const view = new DataView(bytes.buffer);
  assert.equal(view.getUint16(10, true), (13 << 11) | (45 << 5) | 15);
  assert.equal(view.getUint16(12, true), (44 << 9) | (2 << 5) | 29);
  assert.equal(view.getUint16(6, true) & 0x0800, 0x0800, 'names are UTF-8');

  const huge = { name: 'users-1.csv', blob: { size: ZIP_LIMIT }, crc: 0 };
  assert.throws(() => zipBlob([huge]), { name: 'RangeError', message: /more than a ZIP file holds \(4 GiB\)/ });
  assert.ok(zipSize([{ name: 'a', size: ZIP_LIMIT - 200 }]) <= ZIP_LIMIT);
});
