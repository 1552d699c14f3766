// The benchmark's baselines (bench/baseline/: Python's csv, and Papa Parse in
// a worker of headless Chromium) find what this project finds, on the
// fixtures of the rules they implement: so `npm run bench:compare` races
// validators that do the same work.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/serve.mjs';
import { CHROMIUM } from '../../scripts/chromium.mjs';
import { eachLimited, fixtures, root, run } from './common.mjs';
import { BASELINE_CODES } from '../../bench/baseline/codes.mjs';
import { Validator } from '../../pkg/node.js';

const JSON_FOR_CSV = 'this project recognises a JSON file given for the CSV and says so once; a script reports each "column"';
const NOT_THE_DIALECT =
  'this project recognises a header in another dialect (quoted, semicolons, a PowerShell #TYPE line) and says so once; a script reports each "column" and each row';
const RENAMES = 'this project names a column that is a known one in another spelling once, as unknown with its rename, not again as missing';
const FILE_LEVEL = 'this project reports a line break Cognito reads otherwise (a lone \\r) once for the file; a script splits on it and sees blank lines';
const both = (why) => ({ python: why, papaparse: why });
/** Fixtures where a baseline finds otherwise, and why; each is checked to still differ. */
const KNOWN_DIFFERENCES = {
  'header.unknown_column/trigger-json.csv': both(JSON_FOR_CSV),
  'header.unknown_column/trigger-powershell.csv': both(NOT_THE_DIALECT),
  'header.unknown_column/trigger-quoted.csv': both(NOT_THE_DIALECT),
  'header.unknown_column/trigger-semicolons.csv': both(NOT_THE_DIALECT),
  'header.unknown_column/trigger-renames.csv': both(RENAMES),
  'header.unknown_column/trigger-renames-pool.csv': both(RENAMES),
  'header.unknown_column/trigger-suggestions.csv': both(RENAMES),
  'header.unknown_column/trigger-semicolons-renamed.csv': both(NOT_THE_DIALECT),
  'header.missing_column/trigger-names-without-prefixes.csv': both(RENAMES),
  'line.blank/trigger-lone-cr.csv': both(FILE_LEVEL),
  'line.blank/trigger-cr-cr-lf.csv': both(FILE_LEVEL),
};

// The fixtures of those rules, and of `\,` escapes (the dialect).
const cases = fixtures().filter(({ name }) => BASELINE_CODES.has(name.split('/')[0]) || name.startsWith('value.backslash/'));

/** The baselines' pool settings, from the pool of a fixture's options. */
function poolOf(fixture) {
  const validator = new Validator(fixture.options);
  const { pool } = validator;
  validator.free();
  return {
    header: pool.header,
    optionalColumns: ['password_hash', ...pool.attributes.filter((attribute) => attribute.developerOnly).map((attribute) => attribute.name)],
    booleans: ['cognito:mfa_enabled', ...pool.attributes.filter((attribute) => attribute.dataType === 'Boolean').map((attribute) => attribute.name)],
    mfa: pool.mfa,
    autoVerified: pool.autoVerifiedAttributes,
    caseSensitive: pool.caseSensitive,
  };
}

/** Findings as comparable text: line, code and column, in order. */
const comparable = (findings) =>
  findings
    .filter((finding) => BASELINE_CODES.has(finding.code))
    .map((finding) => `line ${finding.line}: ${finding.code} (${finding.column ?? '-'})`)
    .sort();

test('the fixtures of the baselines\' rules are many, and find every one of those rules', () => {
  assert.ok(cases.length >= 100, `${cases.length} fixtures`);
  const found = new Set(cases.flatMap((fixture) => fixture.expected.findings.map((finding) => finding.code)));
  for (const code of BASELINE_CODES) assert.ok(found.has(code), `no fixture finds ${code}`);
  for (const name of Object.keys(KNOWN_DIFFERENCES)) assert.ok(cases.some((fixture) => fixture.name === name), `KNOWN_DIFFERENCES names ${name}, which is not a fixture of these rules`);
});

/** Whether a baseline's findings are this project's, or differ where KNOWN_DIFFERENCES says. */
function agrees(fixture, baseline, findings) {
  const same = JSON.stringify(comparable(findings)) === JSON.stringify(comparable(fixture.expected.findings));
  return same !== Boolean(KNOWN_DIFFERENCES[fixture.name]?.[baseline]);
}

const difference = (fixture, findings) => ({
  fixture: fixture.name,
  found: comparable(findings),
  expected: comparable(fixture.expected.findings),
  knownDifference: KNOWN_DIFFERENCES[fixture.name] ?? null,
});

test('the Python baseline (csv module) finds what this project finds', async () => {
  const folder = mkdtempSync(join(tmpdir(), 'baseline-'));
  try {
    const differences = [];
    await eachLimited(cases, 2, async (fixture) => {
      const config = join(folder, `${fixture.name.replaceAll('/', '_')}.json`);
      writeFileSync(config, JSON.stringify(poolOf(fixture)));
      const { status, stdout, stderr } = await run('python3', ['bench/baseline/validate.py', '--format', 'json', '--config', config, fixture.csv]);
      assert.ok(status === 0 || status === 1, `${fixture.name}: exit ${status}: ${stderr}`);
      const { findings } = JSON.parse(stdout.toString('utf8'));
      if (!agrees(fixture, 'python', findings)) differences.push(difference(fixture, findings));
    });
    assert.deepEqual(differences, []);
  } finally {
    rmSync(folder, { recursive: true, force: true });
  }
});

let server;
let browser;
before(async () => {
  server = await serve(root);
  browser = await chromium.launch(CHROMIUM);
});
after(async () => {
  await browser?.close();
  await server?.close();
});

test('the Papa Parse baseline (in a Chromium worker) finds what this project finds', async () => {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.goto(`${server.url}bench/baseline/papaparse.html`);
  await page.waitForFunction(() => window.papaParseReady === true);
  const input = await page.evaluateHandle(() => Object.assign(document.createElement('input'), { type: 'file' }));
  const differences = [];
  for (const fixture of cases) {
    await input.setInputFiles(fixture.csv);
    const findings = await page.evaluate(
      async ([input, pool]) => (await window.validateWithPapaParse(input.files[0], pool)).findings,
      [input, poolOf(fixture)],
    );
    if (!agrees(fixture, 'papaparse', findings)) differences.push(difference(fixture, findings));
  }
  assert.deepEqual(differences, []);
  assert.deepEqual(errors, []);
});
