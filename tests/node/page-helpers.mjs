// What the page tests share between Chromium (page.test.mjs, through
// playwright-core) and Firefox (firefox.test.mjs, through Marionette): the
// functions that run in the page take one argument, so both can call them.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import assert from 'node:assert/strict';
import { Validator } from '../../pkg/node.js';

/** In the page: drops files through a real `drop` event carrying a
 * DataTransfer. `files`: [{name, type, base64}]. */
export function dropInPage(files) {
  const transfer = new DataTransfer();
  for (const { name, type, base64 } of files) {
    const bytes = Uint8Array.from(atob(base64), (character) => character.charCodeAt(0));
    transfer.items.add(new File([bytes], name, { type }));
  }
  const zone = document.getElementById('drop-zone');
  for (const type of ['dragenter', 'dragover', 'drop']) {
    zone.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
  }
}

/** `dropInPage`'s argument for a fixture. */
export function fixtureFiles(fixture) {
  return [{ name: basename(fixture.csv), type: 'text/csv', base64: readFileSync(fixture.csv).toString('base64') }];
}

/** In the page: every row of the report table, scrolled through, as
 * [line, status, column, code, message, value]. */
export async function readRowsInPage() {
  const viewport = document.getElementById('viewport');
  const total = Number(document.getElementById('grid').getAttribute('aria-rowcount')) - 1;
  const rows = new Map();
  viewport.scrollTop = 0;
  for (let guard = 0; rows.size < total && guard < 10_000; guard += 1) {
    await new Promise(requestAnimationFrame);
    await new Promise(requestAnimationFrame);
    for (const row of document.querySelectorAll('#rows [data-index]')) {
      rows.set(Number(row.dataset.index), [...row.children].map((cell) => cell.textContent));
    }
    viewport.scrollTop += viewport.clientHeight / 2;
  }
  return [...rows.entries()].sort(([a], [b]) => a - b).map(([, cells]) => cells);
}

/** In the page: what the summary shows. */
export function summaryInPage() {
  return {
    outcome: [...document.querySelectorAll('#outcome li strong')].map((strong) => Number(strong.textContent.replace(/,/g, ''))),
    verdict: document.getElementById('verdict').className,
    ruleCounts: [...document.querySelectorAll('#rule-counts tbody tr')].map((row) => [row.cells[0].textContent, Number(row.cells[2].textContent.replace(/,/g, ''))]),
    reportHidden: document.getElementById('report').hidden,
  };
}

/** In the page: the number of validations finished. */
export function validationsInPage() {
  return Number(document.body.dataset.validated ?? 0);
}

/** What the page shows for a finding, as the golden report gives it. */
function expectedRow(finding) {
  const visible = (text) => text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (character) => `\\u{${character.charCodeAt(0).toString(16)}}`);
  return [finding.line === null ? '—' : finding.line.toLocaleString('en-US'), finding.column ?? '', finding.code, finding.message, visible(finding.value ?? '')];
}

/** The page's summary and rows (from summaryInPage and readRowsInPage)
 * against a golden report. */
export function assertShows(summary, rows, expected, name) {
  const { outcome } = expected;
  assert.deepStrictEqual(summary.outcome, [outcome.users, outcome.imported, outcome.failed, outcome.skipped], `${name}: outcome`);
  assert.equal(summary.verdict.includes('fails'), outcome.job === 'fails', `${name}: verdict ${summary.verdict}`);
  assert.deepStrictEqual(summary.ruleCounts, Object.entries(expected.countsByCode), `${name}: counts by rule`);
  if (expected.findings.length === 0) {
    assert.equal(summary.reportHidden, true, `${name}: no table without findings`);
    return;
  }
  assert.deepStrictEqual(
    rows.map(([line, , column, code, message, value]) => [line, column, code, message, value]),
    expected.findings.map(expectedRow),
    `${name}: rows`,
  );
  // Statuses, checked against the outcome: each failed (skipped) user has a
  // row that says so, on a distinct line.
  if (outcome.job === 'succeeds') {
    for (const [status, users] of [['fails', outcome.failed], ['skipped', outcome.skipped]]) {
      const lines = new Set(rows.filter((row) => row[1] === status).map((row) => row[0]));
      assert.equal(lines.size, users, `${name}: lines with status ${status}`);
    }
  }
}

/** The pool `new Validator(options)` checks against (golden reports leave it out). */
export function poolOf(options) {
  const validator = new Validator(options);
  try {
    return validator.pool;
  } finally {
    validator.free();
  }
}

/** The default pool's header: the AWS template's first line. */
export const TEMPLATE_HEADER = readFileSync(new URL('../aws-template-example.csv', import.meta.url), 'utf8').split('\n')[0];

/** In the page: a file of `users` data lines under `header` (the
 * template's), each with an invalid email, dropped. Returns the time of the
 * drop. */
export function dropAllFailingInPage({ users, header }) {
  const parts = [`${header}\n`];
  for (let user = 1; user <= users; user += 1) parts.push(`user${user},,,,,,,,,,user${user}.example.com,TRUE,,,,,,,,,FALSE\n`);
  const transfer = new DataTransfer();
  transfer.items.add(new File(parts, 'all-failing.csv'));
  const started = performance.now();
  document.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: transfer }));
  return started;
}

/** The same sample of fixtures for every browser: the examples and every
 * twelfth other. */
export function sampleOf(all) {
  return all.filter((fixture, index) => fixture.name.startsWith('examples/') || index % 12 === 0);
}
