// The page in headless Chromium after a verdict (issue 14, points 10, 12
// and 13): the next steps under the verdict (the commands that import the
// file, or the way to "Make it importable"); the findings CSV (a byte order
// mark, each finding's value and line status, no values under "hide
// values", only the rows the filters show); the time a small file took, the
// first progress estimate, and verified.none in the page's own words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { basename } from 'node:path';
import { fixtures } from './common.mjs';
import { PAGE_WORDS, poolOf, TEMPLATE_HEADER, dropHugeInPage } from './page-helpers.mjs';
import { dropFixture, readRows, setPool, usePage } from './chromium-page.mjs';
import { importCommands, rules } from '../../pkg/node.js';
import { STATUS_WORDS } from '../../www/report-table.js';

const all = fixtures();
const byName = (name) => all.find((fixture) => fixture.name === name);
const site = usePage();
const { openPage } = site;

const BYTE_ORDER_MARK = Buffer.from([0xef, 0xbb, 0xbf]);
const CSV_HEADER = ['line', 'column', 'code', 'severity', 'message', 'line_status', 'value'];

/** Clicks `selector` (an export button) and returns the download's name and bytes. */
async function download(page, selector) {
  const [saved] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const chunks = [];
  for await (const chunk of await saved.createReadStream()) chunks.push(chunk);
  return { name: saved.suggestedFilename(), bytes: Buffer.concat(chunks) };
}

/** The records of CSV text (RFC 4180 quoting), the header's first. */
function parseCsv(text) {
  const records = [];
  let record = [''];
  let quoted = false;
  for (let at = 0; at < text.length; at += 1) {
    const character = text[at];
    if (quoted) {
      if (character === '"' && text[at + 1] === '"') {
        record[record.length - 1] += '"';
        at += 1;
      } else if (character === '"') quoted = false;
      else record[record.length - 1] += character;
    } else if (character === '"') quoted = true;
    else if (character === ',') record.push('');
    else if (character === '\n') {
      records.push(record);
      record = [''];
    } else record[record.length - 1] += character;
  }
  return records;
}

/** The findings CSV's rows as the table shows them: [line, status, column,
 * code, value] (the value as a spreadsheet would show it: without the
 * quote that keeps a leading = + - @ from being a formula). */
function asTableRows(records) {
  return records.map(([line, column, code, , , status, value]) => [
    line === '' ? '—' : Number(line).toLocaleString('en-US'),
    STATUS_WORDS[status || 'file'],
    column,
    code,
    /^'[=+\-@]/.test(value) ? value.slice(1) : value,
  ]);
}

const tableRows = async (page) => (await readRows(page)).map(([line, status, column, code, , value]) => [line, status, column, code, value]);

test('every user imported: the next steps are the commands that import this file, with the pool\'s id and region, copied by a button', async () => {
  const fixture = byName('header.unknown_column/near-miss-pool.csv');
  const { page, context, log, close } = await openPage();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.url.replace(/\/$/, '') });
  await setPool(page, fixture.options);
  await dropFixture(page, fixture);
  assert.equal(await page.isVisible('#next-import'), true);
  assert.equal(await page.isVisible('#next-fix'), false);
  const pool = poolOf(fixture.options);
  const expected = importCommands(basename(fixture.csv), fixture.expected.outcome.users, pool).join('\n');
  const shown = await page.textContent('#next-commands');
  assert.equal(shown, expected);
  const region = pool.userPoolId.split('_')[0];
  assert.match(shown, new RegExp(`create-user-import-job --user-pool-id ${pool.userPoolId} --region ${region} `));
  assert.match(shown, /curl -v -T near-miss-pool\.csv /);
  assert.match(shown, /start-user-import-job .*\n.*describe-user-import-job /);
  assert.doesNotMatch(await page.textContent('#next-import-hint'), /POOL_ID/);
  await page.click('#next-copy');
  await page.waitForFunction(() => document.getElementById('next-copy-message').textContent === 'Copied.');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), expected);
  assert.deepStrictEqual(log.errors, []);
  await close();

  // Without a pool, the id is left to fill in, and the hint says so.
  const template = byName('examples/aws-template.csv');
  const unknown = await openPage();
  await dropFixture(unknown.page, template);
  const commands = await unknown.page.textContent('#next-commands');
  assert.equal(commands, importCommands('aws-template.csv', template.expected.outcome.users, poolOf({})).join('\n'));
  assert.match(commands, /--user-pool-id POOL_ID --job-name aws-template /);
  assert.match(await unknown.page.textContent('#next-import-hint'), /POOL_ID/);
  await unknown.close();
});

test('lines or the job would fail: the next steps say what to do, take focus to "Make it importable", and export the findings', async () => {
  const { page, log, close } = await openPage();
  const readme = byName('examples/readme.csv');
  await dropFixture(page, readme);
  assert.equal(await page.isVisible('#next-import'), false);
  const { failed, skipped, users } = readme.expected.outcome;
  assert.match(await page.textContent('#next-fix-text'), new RegExp(`^${failed + skipped} users of ${users} would not be imported\\. “Make it importable”`));
  await page.click('#next-go-fix');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'fix-heading');
  assert.equal(await page.isVisible('#fix-start'), true);
  const saved = await download(page, '#next-export');
  assert.equal(saved.name, 'readme.findings.csv');
  assert.equal(parseCsv(saved.bytes.subarray(3).toString('utf8')).length - 1, readme.expected.findings.length);
  // A job that fails: nobody would be imported.
  await dropFixture(page, byName('header.missing_column/trigger.csv'));
  assert.match(await page.textContent('#next-fix-text'), /^Nobody would be imported until the errors above are fixed\./);
  assert.equal(await page.isVisible('#next-go-fix'), true);
  assert.deepStrictEqual(log.errors, []);
  await close();
});

test('the findings CSV: a byte order mark, each finding\'s line status and value as the table shows them, none of the values under "hide values"; the header template has no mark', async () => {
  const fixture = byName('examples/readme.csv');
  const { page, log, close } = await openPage();
  await dropFixture(page, fixture);
  const csv = await download(page, '[data-export="csv"]');
  const [header, ...records] = parseCsv(csv.bytes.subarray(3).toString('utf8'));
  assert.deepStrictEqual(header, CSV_HEADER);
  assert.ok(csv.bytes.subarray(0, 3).equals(BYTE_ORDER_MARK), 'a byte order mark');
  assert.deepStrictEqual(asTableRows(records), await tableRows(page));
  assert.ok(records.some((record) => record[6] !== ''), 'values');
  assert.ok(records.some((record) => record[5] === 'failed') && records.some((record) => record[5] === 'skipped'), 'statuses');
  assert.match(await page.textContent('#export-message'), new RegExp(`^Saved readme\\.findings\\.csv \\(.*\\): ${fixture.expected.findings.length} findings\\.$`));

  await page.check('#hide-values');
  const hidden = await download(page, '[data-export="csv"]');
  const text = hidden.bytes.toString('utf8');
  const [, ...hiddenRecords] = parseCsv(text.slice(1));
  assert.equal(hiddenRecords.length, records.length);
  assert.ok(hiddenRecords.every((record) => record[6] === ''), 'no value column');
  for (const value of fixture.expected.findings.map((finding) => finding.value).filter(Boolean)) assert.ok(!text.includes(value), `${value} left out`);
  // The messages are those the table shows with values hidden.
  assert.deepStrictEqual(
    hiddenRecords.map((record) => record[4]),
    (await readRows(page)).map((row) => row[4]),
  );
  assert.match(await page.textContent('#export-message'), /findings, without values\.$/);

  const template = await download(page, '[data-export="header"]');
  assert.ok(!template.bytes.subarray(0, 3).equals(BYTE_ORDER_MARK), 'no byte order mark in a file to import');
  assert.equal(template.bytes.toString('utf8'), `${poolOf(fixture.options).header.join(',')}\n`);
  assert.deepStrictEqual(log.errors, []);
  await close();
});

test('only what the filters show: the findings CSV holds the table\'s rows', async () => {
  const fixture = byName('examples/readme.csv');
  const { page, log, close } = await openPage();
  await dropFixture(page, fixture);
  await page.check('#export-filtered');
  const filters = [
    { status: 'failed' },
    { severity: 'warning' },
    { rule: 'username.duplicate' },
    { rule: 'email.invalid', status: 'failed' },
    { status: 'file' },
    { rule: 'email.invalid', status: 'skipped' },
  ];
  for (const filter of filters) {
    await page.selectOption('#filter-rule', filter.rule ?? '');
    await page.selectOption('#filter-severity', filter.severity ?? '');
    await page.selectOption('#filter-status', filter.status ?? '');
    const rows = await tableRows(page);
    const csv = await download(page, '[data-export="csv"]');
    const [, ...records] = parseCsv(csv.bytes.subarray(3).toString('utf8'));
    assert.deepStrictEqual(asTableRows(records), rows, JSON.stringify(filter));
    const total = fixture.expected.findings.length;
    assert.match(await page.textContent('#export-message'), new RegExp(`: ${rows.length} of ${total} findings, those the filters show\\.$`), JSON.stringify(filter));
  }
  // Unchecked, the export holds every finding whatever the filters.
  await page.uncheck('#export-filtered');
  const csv = await download(page, '[data-export="csv"]');
  assert.equal(parseCsv(csv.bytes.subarray(3).toString('utf8')).length - 1, fixture.expected.findings.length);
  assert.deepStrictEqual(log.errors, []);
  await close();
});

test('a small file is read "in under 0.1 s", not "in 0.0 s"', async () => {
  // The page's clock runs 100 times slower: any read shows under 0.05 s.
  const { page, close } = await openPage({
    init: () => {
      const now = performance.now.bind(performance);
      performance.now = () => now() / 100;
    },
  });
  await dropFixture(page, byName('examples/readme.csv'));
  assert.match(await page.textContent('#summary-file'), /^readme\.csv: 1 kB, 7 lines, 5 users, read in under 0\.1 s\.$/);
  await close();
});

test('the progress tells the time left only once the rate is steady, not after the first tenth of a second', async () => {
  const { page, log, close } = await openPage();
  // Each progress line with the time since the first ("0% of 210 MB"),
  // which the page writes as it starts reading.
  await page.evaluate(() => {
    window.progressLines = [];
    let started = null;
    const text = document.getElementById('progress-text');
    new MutationObserver(() => {
      started ??= performance.now();
      window.progressLines.push({ at: performance.now() - started, text: text.textContent });
    }).observe(text, { childList: true, characterData: true, subtree: true });
  });
  await page.evaluate(dropHugeInPage, TEMPLATE_HEADER);
  await page.waitForFunction(() => window.progressLines.some((line) => / left$/.test(line.text)), null, { timeout: 30_000 });
  const lines = await page.evaluate(() => window.progressLines);
  const early = lines.filter((line) => line.at < 500 && line.text.includes(' · '));
  assert.ok(early.length > 0, `progress in the first half second: ${JSON.stringify(lines.slice(0, 3))}`);
  // A file read in parts (one worker per core) counts its users at the end.
  for (const line of early) assert.match(line.text, /^\d+% · \d+ MB\/s( · [\d,]+ users so far)?$/, `${Math.round(line.at)} ms`);
  const estimate = lines.find((line) => / left$/.test(line.text));
  assert.ok(estimate.at >= 500, `the first estimate came after ${Math.round(estimate.at)} ms`);
  assert.match(estimate.text, /^\d+% · \d+ MB\/s( · [\d,]+ users so far)? · (under a second|\d+ s) left$/);
  await page.click('#cancel');
  assert.deepStrictEqual(log.errors, []);
  await close();
});

test('verified.none is told in the page\'s words in the table and the details; the reports and the CloudWatch log keep Cognito\'s', async () => {
  const fixture = byName('verified.none/trigger.csv');
  const cognito = fixture.expected.findings.find((finding) => finding.code === 'verified.none');
  const own = PAGE_WORDS.get(cognito.message);
  assert.ok(own && own !== cognito.message, 'the package words it apart');
  const { page, log, close } = await openPage();
  await dropFixture(page, fixture);
  const rows = await readRows(page);
  const index = rows.findIndex((row) => row[3] === 'verified.none');
  assert.equal(rows[index][4], own);
  await page.click(`#rows [data-index="${index}"] [role=gridcell]:nth-child(5)`);
  assert.equal(await page.textContent('#details-body .details-message'), own);
  // Nowhere on the page, nor read out.
  const onPage = await page.evaluate(() => document.body.innerText + document.getElementById('announcer').textContent);
  assert.ok(!onPage.includes(cognito.message), 'Cognito\'s sentence on the page');
  // With values hidden, the rule's summary stands for every line's message.
  await page.check('#hide-values');
  assert.equal((await readRows(page))[index][4], rules().find((rule) => rule.code === 'verified.none').summary.replaceAll('`', ''));
  await page.uncheck('#hide-values');
  const cloudwatch = await download(page, '[data-export="cloudwatch"]');
  assert.ok(cloudwatch.bytes.toString('utf8').includes(`Line Number ${cognito.line} - ${cognito.message}`), 'the CloudWatch log');
  const report = JSON.parse((await download(page, '[data-export="json"]')).bytes.toString('utf8'));
  assert.equal(report.findings.find((finding) => finding.code === 'verified.none').message, cognito.message);
  const csv = await download(page, '[data-export="csv"]');
  assert.ok(csv.bytes.toString('utf8').includes(cognito.message), 'the findings CSV, as the command line writes it');
  assert.deepStrictEqual(log.errors, []);
  await close();
});
