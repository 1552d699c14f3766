// What the page tests share between Chromium (page.test.mjs, through
// playwright-core) and Firefox (firefox.test.mjs, through Marionette): the
// functions that run in the page take one argument, so both can call them.
import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import { crc32 as zlibCrc32 } from 'node:zlib';
import assert from 'node:assert/strict';
import { renderFinding, rules, Validator } from '../../pkg/node.js';
import { fileVerdict, migrationNotes, migrationVerdict } from '../../www/migration.js';

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

/** The page's words for the messages the reports give in Cognito's words
 * (verified.none's): report's message → page's, as the package renders
 * them (`renderFinding(data, true)`), found in the readme example. */
export const PAGE_WORDS = pageWords(readFileSync(new URL('../fixtures/examples/readme.csv', import.meta.url)));

function pageWords(bytes) {
  const validator = new Validator({});
  validator.push(bytes);
  const { batch } = validator.finish(true);
  const words = new Map();
  for (let index = 0; index < batch.codes.length; index += 1) {
    const data = batch.data.subarray(index === 0 ? 0 : batch.ends[index - 1], batch.ends[index]);
    const [report, page] = [renderFinding(data).message, renderFinding(data, true).message];
    if (page !== report) words.set(report, page);
  }
  return words;
}

/** What the page shows for a finding, as the golden report gives it. */
function expectedRow(finding) {
  const visible = (text) => text.replace(/[\u0000-\u001f\u007f-\u009f]/g, (character) => `\\u{${character.charCodeAt(0).toString(16)}}`);
  const message = PAGE_WORDS.get(finding.message) ?? finding.message;
  return [finding.line === null ? '—' : finding.line.toLocaleString('en-US'), finding.column ?? '', finding.code, message, visible(finding.value ?? '')];
}

const RULE_PLACES = new Map(rules().map((rule, index) => [rule.code, index]));

/** The page's summary and rows (from summaryInPage and readRowsInPage)
 * against a golden report. */
export function assertShows(summary, rows, expected, name) {
  const { outcome } = expected;
  assert.deepStrictEqual(summary.outcome, [outcome.users, outcome.imported, outcome.failed, outcome.skipped], `${name}: outcome`);
  assert.equal(summary.verdict.includes('fails'), outcome.job === 'fails', `${name}: verdict ${summary.verdict}`);
  // The rules most findings first, ties in the rule table's order.
  const byFindings = Object.entries(expected.countsByCode).sort(([first, a], [second, b]) => b - a || RULE_PLACES.get(first) - RULE_PLACES.get(second));
  assert.deepStrictEqual(summary.ruleCounts, byFindings, `${name}: counts by rule`);
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

/** In the page: 200 MB of valid users (`huge.csv`, made in memory: it
 * takes over a second to read) dropped, to be cancelled. */
export function dropHugeInPage(header) {
  const line = 'user,,,,,,,,,,user@example.com,TRUE,,,,,,,,,FALSE\n';
  const block = line.repeat(Math.ceil((1 << 20) / line.length));
  const file = new File([`${header}\n`, ...Array(200).fill(block)], 'huge.csv');
  const transfer = new DataTransfer();
  transfer.items.add(file);
  document.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: transfer }));
}

/** The same sample of fixtures for every browser: the examples and every
 * twelfth other. */
export function sampleOf(all) {
  return all.filter((fixture, index) => fixture.name.startsWith('examples/') || index % 12 === 0);
}

/** The entries of a ZIP file, read with nothing but its own records (the
 * central directory, then each local header): [{name, method, crc, bytes}],
 * each entry's CRC-32 checked against its bytes. */
export function readZip(zip) {
  const view = new DataView(zip.buffer, zip.byteOffset, zip.byteLength);
  const end = zip.byteLength - 22;
  assert.equal(view.getUint32(end, true), 0x06054b50, 'ZIP: the end record (with no comment) ends the file');
  const count = view.getUint16(end + 10, true);
  let at = view.getUint32(end + 16, true);
  const entries = [];
  for (let index = 0; index < count; index += 1) {
    assert.equal(view.getUint32(at, true), 0x02014b50, `ZIP: central header ${index}`);
    const method = view.getUint16(at + 10, true);
    const crc = view.getUint32(at + 16, true);
    const size = view.getUint32(at + 24, true);
    const nameLength = view.getUint16(at + 28, true);
    const extraLength = view.getUint16(at + 30, true);
    const commentLength = view.getUint16(at + 32, true);
    const name = new TextDecoder().decode(zip.subarray(at + 46, at + 46 + nameLength));
    const local = view.getUint32(at + 42, true);
    assert.equal(view.getUint32(local, true), 0x04034b50, `ZIP: local header of ${name}`);
    assert.equal(view.getUint32(local + 14, true), crc, `ZIP: ${name}'s local CRC`);
    assert.equal(view.getUint32(local + 22, true), size, `ZIP: ${name}'s local size`);
    const start = local + 30 + view.getUint16(local + 26, true) + view.getUint16(local + 28, true);
    const bytes = Buffer.from(zip.subarray(start, start + size));
    assert.equal(zlibCrc32(bytes), crc, `ZIP: ${name}'s CRC-32`);
    entries.push({ name, method, crc, bytes });
    at += 46 + nameLength + extraLength + commentLength;
  }
  return entries;
}

/** In the page: scrolled to its foot. Returns how far down that is, in px. */
export function scrollToFootInPage() {
  window.scrollTo(0, document.documentElement.scrollHeight);
  return window.scrollY;
}

/** In the page: where an element is against the viewport: `shown` (rendered
 * and visible), `whole` (all of it inside the viewport), `onTop` (the point
 * at its centre hits it, not something over it), and its box. */
export function placeInViewInPage(id) {
  const element = document.getElementById(id);
  if (!element || element.getClientRects().length === 0) return { shown: false, whole: false, onTop: false };
  const box = element.getBoundingClientRect();
  const style = getComputedStyle(element);
  const hit = document.elementFromPoint(box.left + box.width / 2, box.top + box.height / 2);
  return {
    shown: style.visibility === 'visible' && Number(style.opacity) > 0 && box.width > 0 && box.height > 0,
    whole: box.top >= 0 && box.left >= 0 && box.bottom <= innerHeight && box.right <= innerWidth,
    onTop: element.contains(hit),
    box: { top: box.top, bottom: box.bottom, left: box.left, right: box.right },
    viewport: { width: innerWidth, height: innerHeight, scrollY },
  };
}

/** In the page: a file dragged into the page over the element at the
 * viewport's centre, or (`leave`) out of it again. */
export function dragFileInPage(leave) {
  const transfer = new DataTransfer();
  transfer.items.add(new File(['cognito:username\n'], 'users.csv', { type: 'text/csv' }));
  const target = document.elementFromPoint(innerWidth / 2, innerHeight / 2);
  for (const type of leave ? ['dragleave'] : ['dragenter', 'dragover']) {
    target.dispatchEvent(new DragEvent(type, { bubbles: true, cancelable: true, dataTransfer: transfer }));
  }
}

/** In the page: what the migration panel shows. */
export function migrationInPage() {
  return {
    hidden: document.getElementById('migration').hidden,
    verdict: document.getElementById('migration-verdict').textContent,
    outcome: [...document.querySelectorAll('#migration-outcome strong')].map((strong) => Number(strong.textContent.replace(/,/g, ''))),
    notes: [...document.querySelectorAll('#migration-notes li')].map((item) => item.textContent),
    files: [...document.querySelectorAll('#migration-files button')].map((button) => [button.textContent, button.getAttribute('aria-current')]),
  };
}

/** What `migrationInPage` gives for a migration's summary and reports (as
 * the engine gives them) of files `names`, file `chosen` shown. */
export function expectedMigrationPanel(summary, reports, names, chosen) {
  return {
    hidden: false,
    verdict: migrationVerdict(summary).heading,
    outcome: [summary.users, summary.imported, summary.failed, summary.skipped],
    notes: migrationNotes(summary, names),
    files: reports.map((report, index) => [`${names[index]}: ${fileVerdict(report)}`, String(index === chosen)]),
  };
}
