// The page (www/, built into dist/ by scripts/build-page.sh) in headless
// Chromium: files given by a real drop event and by the file button, the
// summary and rows against the golden reports, filters, jump to line,
// exports against the command line, Cancel, pool changes, hostile values,
// half a million findings, the keyboard alone, and no request after load
// (a fix and its downloads too; the fix itself: page-fix.test.mjs).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fixtures, nativeCli, root, run, withoutPool } from './common.mjs';
import { dropAllFailingInPage, dropHugeInPage, poolOf, sampleOf, TEMPLATE_HEADER } from './page-helpers.mjs';
import { assertPageShows, dropFiles, dropFixture, readRows, setPool, summaryNumbers, usePage, validated, validations } from './chromium-page.mjs';

const all = fixtures();
const byName = (name) => all.find((fixture) => fixture.name === name);
const site = usePage();
const { openPage } = site;

test('dropped fixtures show their golden summary and rows; the page then made no request', async () => {
  for (const fixture of sampleOf(all)) {
    const { page, log, close } = await openPage();
    const loaded = log.requests.length;
    await setPool(page, fixture.options);
    await dropFixture(page, fixture);
    await assertPageShows(page, fixture.expected, fixture.name);
    assert.deepStrictEqual(log.requests.slice(loaded), [], `${fixture.name}: requests after load`);
    assert.deepStrictEqual(log.errors, [], fixture.name);
    await close();
  }
});

test('the file button validates the chosen file, and the live region says the verdict', async () => {
  const fixture = byName('examples/readme.csv');
  const { page, log, close } = await openPage();
  await page.setInputFiles('#file-input', fixture.csv);
  await validated(page, 1);
  await assertPageShows(page, fixture.expected, fixture.name);
  const spoken = await page.textContent('#announcer');
  assert.match(spoken, fixture.expected.outcome.job === 'fails' ? /would fail/ : /would run/);
  assert.deepStrictEqual(log.errors, []);
  await close();
});

/** A file of `users` data lines under the default header, every
 * `errorEvery`-th one with an invalid email. */
function generated(users, errorEvery = 1) {
  const lines = [TEMPLATE_HEADER];
  for (let user = 1; user <= users; user += 1) {
    const email = user % errorEvery === 0 ? `user${user}.example.com` : `user${user}@example.com`;
    lines.push(`user${user},,User,${user},,,,,,,${email},TRUE,,,,,,,,,FALSE`);
  }
  return `${lines.join('\n')}\n`;
}

test('filters by rule, severity and status; jump to a line', async () => {
  const fixture = byName('examples/readme.csv');
  const { page, close } = await openPage();
  await dropFixture(page, fixture);
  const { countsByCode, findings } = fixture.expected;
  const [code, number] = Object.entries(countsByCode).sort(([, a], [, b]) => a - b)[0];
  // A rule in the summary opens its explanation, which shows its findings.
  await page.click(`#rule-counts a:text-is("${code}")`);
  await page.click(`#rule-dialog button:text-is("Show its ${number === 1 ? '1 finding' : `${number} findings`} in the table")`);
  assert.equal(await page.inputValue('#filter-rule'), code);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'grid');
  let rows = await readRows(page);
  assert.equal(rows.length, number);
  assert.ok(rows.every((row) => row[3] === code));
  await page.selectOption('#filter-rule', '');
  for (const severity of ['error', 'warning']) {
    await page.selectOption('#filter-severity', severity);
    rows = await readRows(page);
    assert.equal(rows.length, findings.filter((finding) => finding.severity === severity).length, severity);
  }
  await page.selectOption('#filter-severity', '');
  await page.selectOption('#filter-status', 'failed');
  rows = await readRows(page);
  assert.ok(rows.length > 0 && rows.every((row) => row[1] === 'fails'));
  await close();

  const big = await openPage();
  await dropFiles(big.page, [{ name: 'every-third.csv', text: generated(30_000, 3) }]);
  await validated(big.page, 1);
  assert.equal(await big.page.textContent('#row-count'), '10,000 findings.');
  await big.page.fill('#jump-line', '15001');
  await big.page.press('#jump-line', 'Enter');
  // Line 15,001 is user 15,000: an invalid email.
  const active = big.page.locator('#rows .active');
  assert.equal(await active.locator('[role=gridcell]').first().textContent(), '15,001');
  assert.equal(await big.page.evaluate(() => document.activeElement.id), 'grid');
  assert.match(await big.page.textContent('#details-body'), /Line 15,001/);
  await big.page.fill('#jump-line', '15002');
  await big.page.press('#jump-line', 'Enter');
  assert.match(await big.page.textContent('#jump-message'), /Line 15,002 has no finding: the next one is on line 15,004/);
  await big.page.fill('#jump-line', '90000');
  await big.page.press('#jump-line', 'Enter');
  assert.match(await big.page.textContent('#jump-message'), /No finding on line 90,000 or after it/);
  await big.close();
});

/** Clicks an export button and returns the downloaded file's name and text. */
async function exported(page, kind) {
  const [download] = await Promise.all([page.waitForEvent('download'), page.click(`[data-export="${kind}"]`)]);
  const stream = await download.createReadStream();
  const chunks = [];
  for await (const chunk of stream) chunks.push(chunk);
  return { name: download.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
}

test('the exports are the command line\'s forms of the same file, made without a request', async () => {
  for (const name of ['examples/readme.csv', 'examples/aws-template-example-pool.csv', 'header.missing_column/trigger.csv']) {
    const fixture = byName(name);
    const { page, log, close } = await openPage();
    await setPool(page, fixture.options);
    await dropFixture(page, fixture);
    const loaded = log.requests.length;
    const file = basename(fixture.csv);
    const native = async (format) => (await run(nativeCli, ['--format', format, ...fixture.args, file], { cwd: dirname(fixture.csv) })).stdout.toString('utf8');
    const csv = await exported(page, 'csv');
    assert.equal(csv.name, file.replace(/\.csv$/, '.findings.csv'));
    // The page's findings CSV is for Excel: a byte order mark starts it.
    assert.equal(csv.text, `\uFEFF${await native('csv')}`, `${fixture.name}: CSV`);
    const json = await exported(page, 'json');
    assert.equal(json.name, file.replace(/\.csv$/, '.report.json'));
    assert.equal(json.text, await native('json'), `${fixture.name}: JSON`);
    assert.deepStrictEqual(withoutPool(JSON.parse(json.text)), fixture.expected, `${fixture.name}: JSON`);
    const cloudwatch = await exported(page, 'cloudwatch');
    assert.equal(cloudwatch.name, file.replace(/\.csv$/, '.cloudwatch.log'));
    assert.equal(cloudwatch.text, await native('cloudwatch'), `${fixture.name}: CloudWatch`);
    const header = await exported(page, 'header');
    const pool = poolOf(fixture.options);
    assert.equal(header.name, `${pool.userPoolId ?? 'cognito'}-import-template.csv`, `${fixture.name}: header template`);
    assert.equal(header.text, `${pool.header.join(',')}\n`, `${fixture.name}: header template`);
    assert.deepStrictEqual(log.requests.slice(loaded).filter((url) => !url.startsWith('blob:')), [], `${fixture.name}: requests`);
    await close();
  }
});

test('Cancel stops the validation at once, and the next file is validated', async () => {
  const { page, log, close } = await openPage();
  // 200 MB in memory: it would take over a second to read.
  await page.evaluate(dropHugeInPage, TEMPLATE_HEADER);
  await page.waitForFunction(() => document.getElementById('progress').value > 0.02);
  // The time left comes once the rate is steady (page-exports.test.mjs).
  assert.match(await page.textContent('#progress-text'), /^\d+% · \d+ MB\/s( · [\d,]+ users so far)?( · (under a second|\d+ s) left)?$/);
  await page.click('#cancel');
  assert.equal(await page.locator('#progress-panel').isHidden(), true);
  assert.match(await page.textContent('#file-message'), /Cancelled: huge.csv was not read to its end/);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'choose-file');
  // The worker stops too: the next file does not wait for the cancelled one.
  const fixture = byName('examples/readme.csv');
  const dropped = Date.now();
  await dropFixture(page, fixture);
  const waited = Date.now() - dropped;
  assert.ok(waited < 1000, `the next file took ${waited} ms`);
  await assertPageShows(page, fixture.expected, 'after Cancel');
  assert.match(await page.textContent('#summary-file'), /^readme.csv: /);
  await page.waitForTimeout(1500);
  assert.equal(await validations(page), 1, 'no summary for the cancelled file');
  assert.deepStrictEqual(log.errors, []);
  await close();
});

test('a pool change validates again; a pool that is not JSON or not a pool says so', async () => {
  const fixture = byName('examples/aws-template-example-pool.csv');
  const { page, log, close } = await openPage();
  const loaded = log.requests.length;
  assert.match(await page.textContent('#pool-in-use'), /Pool in use: default pool/);
  await dropFixture(page, fixture);
  // The same file as examples/aws-template.csv, which has no pool.
  await assertPageShows(page, byName('examples/aws-template.csv').expected, 'default pool');
  await setPool(page, { pool: fixture.options.pool });
  await validated(page, 2);
  await assertPageShows(page, fixture.expected, 'with the pool');
  assert.match(await page.textContent('#pool-in-use'), new RegExp(`Pool in use: ${poolOf(fixture.options).name}`));
  await page.selectOption('#setting-mfa', 'ON');
  await validated(page, 3);
  assert.match(await page.textContent('#pool-in-use'), /MFA on \(set here\)/);
  assert.deepStrictEqual(log.requests.slice(loaded), [], 'requests after load');

  await page.fill('#pool-json', '{"UserPool": ');
  await page.waitForSelector('#pool-json-error:not([hidden])');
  // The report was for a pool no longer given: it goes, and comes back once the pool is fixed.
  assert.equal(await page.locator('#summary').isHidden(), true);
  assert.match(await page.textContent('#file-message'), /aws-template-example-pool.csv will be validated once the pool is fixed/);
  assert.match(await page.textContent('#pool-json-error'), /^The describe-user-pool output: not valid JSON/);
  assert.equal(await page.getAttribute('#pool-json', 'aria-invalid'), 'true');
  assert.match(await page.textContent('#pool-in-use'), /none, until the pool below is fixed/);
  await page.fill('#pool-json', '{"Users": []}');
  await page.waitForFunction(() => /SchemaAttributes/.test(document.getElementById('pool-json-error').textContent));
  await page.fill('#pool-json', '');
  await page.fill('#header-json', readFileSync(join(root, 'tests/pools/describe-user-pool.json'), 'utf8'));
  await page.waitForFunction(() => /give it as the pool file/.test(document.getElementById('header-json-error').textContent));
  assert.equal(await page.locator('#pool-json-error').isHidden(), true);
  assert.equal(await validations(page), 3, 'no validation with an unusable pool');
  // A dropped JSON file goes to the box its content belongs to.
  await page.fill('#header-json', '');
  await dropFiles(page, [{ name: 'header.json', bytes: readFileSync(join(root, 'tests/pools/get-csv-header.json')) }]);
  await validated(page, 4);
  assert.match(await page.inputValue('#header-json'), /CSVHeader/);
  assert.match(await page.textContent('#pool-in-use'), /get-csv-header/);
  await dropFiles(page, [{ name: 'other.json', text: '{"Groups": []}' }]);
  await page.waitForFunction(() => /other.json is not/.test(document.getElementById('file-message').textContent));
  assert.match(await page.textContent('#file-message'), /other.json is not the output of describe-user-pool, get-csv-header or list-users, so it was not used/);
  // A CSV saved as .json is validated as the CSV it is.
  await dropFiles(page, [{ name: 'users.json', bytes: readFileSync(fixture.csv) }]);
  await validated(page, 5);
  assert.match(await page.textContent('#file-message'), /users.json is not JSON but looks like a CSV file, so it is validated as one/);
  assert.match(await page.textContent('#summary-file'), /^users.json: /);
  assert.deepStrictEqual(log.errors, []);
  await close();
});

test('a pool typo undone brings the report back', async () => {
  const fixture = byName('examples/aws-template-example-pool.csv');
  const { page, log, close } = await openPage();
  await dropFixture(page, fixture);
  await setPool(page, { pool: fixture.options.pool });
  await validated(page, 2);
  // A typo at the end of the pool's JSON, then Backspace: the same pool as
  // the report's, whose report the typo hid.
  await page.focus('#pool-json');
  await page.keyboard.press('End');
  await page.keyboard.press('Control+End');
  await page.keyboard.type('x');
  await page.waitForSelector('#pool-json-error:not([hidden])');
  assert.equal(await page.locator('#summary').isHidden(), true);
  await page.keyboard.press('Backspace');
  await validated(page, 3);
  assert.equal(await page.locator('#summary').isHidden(), false);
  assert.equal(await page.locator('#file-message').isHidden(), true);
  await assertPageShows(page, fixture.expected, 'after the typo undone');
  assert.deepStrictEqual(log.errors, []);
  await close();
});

test('after Cancel, a pool change validates the file whose report is shown, not the one cancelled', async () => {
  const fixture = byName('examples/readme.csv');
  const { page, log, close } = await openPage();
  await dropFixture(page, fixture);
  await page.evaluate(dropHugeInPage, TEMPLATE_HEADER);
  await page.waitForFunction(() => document.getElementById('progress').value > 0.02);
  await page.click('#cancel');
  await setPool(page, { mfa: 'on' });
  await validated(page, 2);
  assert.match(await page.textContent('#summary-file'), /^readme.csv: /);
  assert.match(await page.textContent('#pool-in-use'), /MFA on \(set here\)/);
  assert.deepStrictEqual(log.errors, []);
  await close();
});

test('the pool\'s "Choose a file…" puts the JSON in its box, and the file is validated again with it', async () => {
  const fixture = byName('examples/aws-template-example-pool.csv');
  const { page, log, close } = await openPage();
  await dropFixture(page, fixture);
  await page.click('#pool-details summary');
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('[data-choose="pool-json"]')]);
  await chooser.setFiles(join(root, 'tests/pools/describe-user-pool.json'));
  await validated(page, 2);
  assert.equal(await page.inputValue('#pool-json'), readFileSync(join(root, 'tests/pools/describe-user-pool.json'), 'utf8'));
  assert.match(await page.textContent('#pool-in-use'), new RegExp(`Pool in use: ${poolOf(fixture.options).name}`));
  await assertPageShows(page, fixture.expected, 'with the chosen pool');
  assert.deepStrictEqual(log.errors, []);
  await close();
});

test('findings cross from the worker as data: no message is in its messages, the page renders those it shows', async () => {
  const fixture = byName('examples/readme.csv');
  const context = await site.browser.newContext();
  const page = await context.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  await page.addInitScript(() => {
    // Every string and every kind of value in the worker's messages.
    window.fromWorker = { strings: [], batches: [] };
    const walk = (value) => {
      if (typeof value === 'string') window.fromWorker.strings.push(value);
      else if (value && typeof value === 'object' && !ArrayBuffer.isView(value) && !(value instanceof Blob)) Object.values(value).forEach(walk);
    };
    window.Worker = class extends Worker {
      constructor(...args) {
        super(...args);
        this.addEventListener('message', ({ data }) => {
          walk(data);
          if (data.type === 'batch') window.fromWorker.batches.push(Object.entries(data.batch).map(([key, column]) => [key, column.constructor.name]));
        });
      }
    };
  });
  await page.goto(site.url);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
  await dropFixture(page, fixture);
  await assertPageShows(page, fixture.expected, fixture.name);
  const { strings, batches } = await page.evaluate(() => window.fromWorker);
  assert.ok(batches.length > 0, 'the findings came in batches');
  for (const columns of batches) {
    assert.deepStrictEqual(columns, [['lines', 'Float64Array'], ['codes', 'Uint8Array'], ['statuses', 'Uint8Array'], ['data', 'Uint8Array'], ['ends', 'Uint32Array']]);
  }
  const sent = strings.join('\n');
  for (const finding of fixture.expected.findings) assert.ok(!sent.includes(finding.message), `the worker sent "${finding.message}"`);
  assert.deepStrictEqual(errors, []);
  await context.close();
});

test('a value that looks like HTML is shown as text and runs nothing', async () => {
  const { page, log, close } = await openPage();
  const payload = '<img src=x onerror=alert(1)>';
  const header = 'cognito:username,email,email_verified,phone_number_verified';
  await dropFiles(page, [{ name: 'hostile.csv', text: `${header}\n${payload},<script>alert(2)</script>,TRUE,FALSE\n` }]);
  await validated(page, 1);
  const rows = await readRows(page);
  assert.ok(rows.some((row) => row[5] === payload), 'the payload is a row value');
  assert.ok(rows.some((row) => row[4].includes(payload)), 'and in a message');
  await page.click(`#rows [data-index] [role=gridcell]:text-is("${payload}")`);
  assert.match(await page.textContent('#details-body'), /<img src=x onerror=alert\(1\)>/);
  assert.equal(await page.locator('main img, main script').count(), 0);
  await page.waitForTimeout(200);
  assert.deepStrictEqual(log.dialogs, []);
  // The switch hides values from the table and the details.
  await page.check('#hide-values');
  assert.ok(!(await page.textContent('#report')).includes(payload.slice(1)), 'values hidden');
  assert.deepStrictEqual(log.errors, []);
  await close();
});

test('hide values takes them out of the messages too', async () => {
  const fixture = byName('examples/readme.csv');
  const { page, close } = await openPage();
  await dropFixture(page, fixture);
  // The row's message: its rule is a link, which opens the rule's explanation.
  await page.click('#rows [data-index="2"] [role=gridcell]:nth-child(5)');
  const shown = (await readRows(page)).flat().join(' ') + (await page.textContent('#details-body'));
  const values = fixture.expected.findings.map((finding) => finding.value).filter(Boolean);
  assert.ok(values.every((value) => shown.includes(value)), 'values shown');
  assert.ok(shown.includes('+12065550199'), 'the phone number as the fix writes it');
  await page.check('#hide-values');
  const hidden = (await readRows(page)).flat().join(' ') + (await page.textContent('#details-body'));
  for (const value of [...values, '+12065550199']) assert.ok(!hidden.includes(value), `${value} hidden`);
  await close();
});

test('a file that is not a CSV, or empty, is told plainly', async () => {
  const { page, close } = await openPage();
  await dropFiles(page, [{ name: 'users.xlsx', bytes: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 6, 0]) }]);
  await page.waitForSelector('#file-message:not([hidden])');
  assert.match(await page.textContent('#file-message'), /users.xlsx is an Excel workbook or a ZIP archive, not a CSV file. Save it as “CSV UTF-8/);
  assert.equal(await validations(page), 0);
  await dropFiles(page, [{ name: 'empty.csv', text: '' }]);
  await validated(page, 1);
  assert.match(await page.textContent('#verdict'), /would fail[\s\S]*file.empty/);
  await close();
});

test('a browser without what the page needs is told so', async () => {
  const context = await site.browser.newContext();
  const page = await context.newPage();
  await page.addInitScript(() => delete Blob.prototype.stream);
  await page.goto(site.url);
  await page.waitForSelector('#unsupported:not([hidden])');
  assert.match(await page.textContent('#unsupported'), /This browser lacks what the page needs \(Blob.stream\(\)\)\. Use a current/);
  assert.equal(await page.isDisabled('#choose-file'), true);
  await context.close();
});

test('500,000 failing lines: the report appears, scrolls, and no task blocks the page 200 ms', async () => {
  const { page, log, close } = await openPage();
  const loaded = log.requests.length;
  const started = await page.evaluate(dropAllFailingInPage, { users: 500_000, header: TEMPLATE_HEADER });
  await validated(page, 1, 120_000);
  // A finding for each line, and the job's warning that most users fail.
  assert.equal(await page.textContent('#row-count'), '500,001 findings.');
  assert.deepStrictEqual(await summaryNumbers(page), [500_000, 0, 500_000, 0]);
  const firstLine = () => page.evaluate(() => document.querySelector('#rows [data-index]').firstElementChild.textContent);
  assert.equal(await firstLine(), '2');
  await page.evaluate(() => {
    const viewport = document.getElementById('viewport');
    viewport.scrollTop = (viewport.scrollHeight - viewport.clientHeight) / 2;
  });
  await page.waitForFunction(() => Number(document.querySelector('#rows [data-index]').dataset.index) > 200_000);
  const middle = Number((await firstLine()).replace(/,/g, ''));
  assert.ok(middle > 240_000 && middle < 260_000, `the middle shows line ${middle}`);
  // Its message and value come from the right batch: line N is user N - 1.
  const middleRow = await page.evaluate(() => [...document.querySelector('#rows [data-index]').children].map((cell) => cell.textContent));
  assert.equal(middleRow[5], `user${middle - 1}.example.com`);
  assert.match(middleRow[4], new RegExp(`^email "user${middle - 1}\\.example\\.com" is not a valid address`));
  await page.focus('#grid');
  await page.keyboard.press('End');
  assert.equal(await page.locator('#rows .active [role=gridcell]').first().textContent(), '—');
  assert.match(await page.locator('#rows .active').textContent(), /job\.many_failed/);
  await page.keyboard.press('ArrowUp');
  assert.equal(await page.locator('#rows .active [role=gridcell]').first().textContent(), '500,001');
  assert.equal(await page.locator('#rows .active [role=gridcell]').last().textContent(), 'user500000.example.com');
  await page.selectOption('#filter-severity', 'warning');
  assert.equal(await page.textContent('#row-count'), '1 of 500,001 findings match the filters.');
  await page.selectOption('#filter-severity', '');
  const longest = await page.evaluate((started) => Math.max(0, ...window.longTasks.filter((task) => task.start >= started).map((task) => task.duration)), started);
  assert.ok(longest < 200, `the longest main-thread task took ${longest} ms`);
  assert.deepStrictEqual(log.requests.slice(loaded), [], 'requests after load');
  assert.deepStrictEqual(log.errors, []);
  await close();
});

test('the keyboard alone goes from an empty page to an exported report', async () => {
  const fixture = byName('examples/readme.csv');
  const { page, close } = await openPage();
  // Listening early: Playwright starts catching file choosers with the first
  // listener, and an Enter pressed before that opens a chooser it never sees.
  const chooser = new Promise((resolve) => page.once('filechooser', resolve));
  const tabTo = async (matches, what) => {
    for (let presses = 0; presses < 60; presses += 1) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(matches)) return;
    }
    assert.fail(`Tab never reached ${what}`);
  };
  await tabTo(() => document.activeElement.id === 'choose-file', 'the file button');
  await page.keyboard.press('Enter');
  await (await chooser).setFiles(fixture.csv);
  await validated(page, 1);
  await tabTo(() => document.activeElement.id === 'grid', 'the report table');
  await page.keyboard.press('ArrowDown');
  await page.keyboard.press('ArrowDown');
  const second = fixture.expected.findings[1];
  assert.match(await page.textContent('#details-body'), new RegExp(`Line ${second.line.toLocaleString('en-US')}`));
  await page.keyboard.press('Shift+Tab');
  await tabTo(() => document.activeElement.dataset.export === 'json', 'the JSON export');
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  const report = JSON.parse(readFileSync(await download.path(), 'utf8'));
  assert.deepStrictEqual(withoutPool(report), fixture.expected);
  assert.deepStrictEqual(report.pool, poolOf(fixture.options));
  await close();
});

test('privacy: the policy blocks other origins, a fix and its downloads make no request, and nothing is stored', async () => {
  const { page, log, close } = await openPage();
  const response = await page.request.get(site.url);
  assert.match(response.headers()['content-security-policy'], /default-src 'none'; script-src 'self' 'wasm-unsafe-eval'/);
  const blocked = await page.evaluate(async () => {
    const violations = [];
    document.addEventListener('securitypolicyviolation', (event) => violations.push(event.blockedURI));
    const fetched = await fetch('https://example.com/').then(() => 'fetched', () => 'refused');
    const image = new Image();
    image.src = 'https://example.com/pixel.png';
    await new Promise((resolve) => setTimeout(resolve, 100));
    return { fetched, violations };
  });
  assert.equal(blocked.fetched, 'refused');
  assert.ok(blocked.violations.some((uri) => uri.startsWith('https://example.com')), JSON.stringify(blocked.violations));
  const loaded = log.requests.length;
  await dropFixture(page, byName('examples/readme.csv'));
  await page.click('#fix-start');
  await page.waitForSelector('#fix-result:not([hidden])');
  const links = await page.$$eval('#fix-downloads a', (all) => all.map((link) => link.download));
  assert.ok(links.includes('users-1.csv') && links.some((name) => name.endsWith('.zip')), links.join());
  for (const name of links) await Promise.all([page.waitForEvent('download'), page.click(`#fix-downloads a[download="${name}"]`)]);
  // A download is a blob: URL of the page's own, read by the browser.
  assert.deepStrictEqual(log.requests.slice(loaded).filter((url) => !url.startsWith('blob:')), [], 'requests after load');
  // A pool given, with "remember the pool" left off, is not stored either.
  await setPool(page, { pool: readFileSync(join(root, 'tests/pools/describe-user-pool.json'), 'utf8'), mfa: 'on' });
  await page.waitForFunction(() => /example-pool.*MFA on \(set here\)/.test(document.getElementById('pool-in-use').textContent));
  const stored = await page.evaluate(async () => ({
    local: localStorage.length,
    session: sessionStorage.length,
    databases: (await indexedDB.databases()).length,
    caches: (await caches.keys()).length,
    cookies: document.cookie,
  }));
  assert.deepStrictEqual(stored, { local: 0, session: 0, databases: 0, caches: 0, cookies: '' });
  await close();
});

test('dark mode follows the system; a phone-sized screen needs no sideways scrolling', async () => {
  const background = async (colorScheme) => {
    const { page, close } = await openPage({ colorScheme });
    const color = await page.evaluate(() => getComputedStyle(document.documentElement).backgroundColor);
    await close();
    return color;
  };
  assert.notEqual(await background('dark'), await background('light'));
  const { page, close } = await openPage({ viewport: { width: 375, height: 740 } });
  await dropFixture(page, byName('examples/readme.csv'));
  const widths = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  assert.ok(widths[0] <= widths[1], `page ${widths[0]} px wide in ${widths[1]} px`);
  await close();
});
