// "Make it importable" (www/fix-panel.js, run by www/worker.js) in headless
// Chromium: what it shows against the package's fix() of the same file and
// options, each download and the .zip against the bytes fix() writes, the
// options, hidden values, files fix can't read, Cancel, the panel reset by
// a new pool, the folder a browser can write to, the keyboard alone, and
// no request.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { root } from './common.mjs';
import { readZip, TEMPLATE_HEADER } from './page-helpers.mjs';
import { usePage, validations } from './chromium-page.mjs';
import { fix, fixes } from '../../pkg/node.js';

const FRENCH = join(root, 'tests/fixtures/tools/excel-french.csv');
const PANDAS = join(root, 'tests/fixtures/tools/pandas-to-csv.csv');
const POOL = readFileSync(join(root, 'tests/pools/describe-user-pool.json'), 'utf8');
const SUMMARIES = new Map(fixes().map(({ code, summary }) => [code, summary]));

const site = usePage();
const { openPage } = site;

/** Validates a file (a path, or {name, bytes}) and waits for its report. */
async function validateFile(page, file) {
  const before = await validations(page);
  await page.setInputFiles('#file-input', typeof file === 'string' ? file : { name: file.name, mimeType: 'text/csv', buffer: file.bytes });
  await page.waitForFunction((n) => Number(document.body.dataset.validated ?? 0) > n, before, { timeout: 30_000 });
  await page.waitForSelector('#fix-panel:not([hidden])');
}

/** Sets the fix controls: {dateOrder, defaultCountry, assumeVerified, maxUsers, columns}. */
async function setFixOptions(page, { dateOrder, defaultCountry, assumeVerified, maxUsers, columns }) {
  if (dateOrder !== undefined) await page.selectOption('#fix-date-order', dateOrder);
  if (defaultCountry !== undefined) await page.selectOption('#fix-country', defaultCountry);
  if (assumeVerified !== undefined) {
    await page.setChecked('#fix-verified-email', assumeVerified.includes('email'));
    await page.setChecked('#fix-verified-phone', assumeVerified.includes('phone_number'));
  }
  if (maxUsers !== undefined) await page.fill('#fix-max-users', String(maxUsers));
  if (columns !== undefined) await page.fill('#fix-columns', columns.join(','));
}

/** Presses a fix button and waits for its result, or its error. */
async function fixInPage(page, button = '#fix-start') {
  await page.click(button);
  await page.waitForFunction(() => !document.getElementById('fix-result').hidden || document.getElementById('fix-message').classList.contains('error'), null, { timeout: 30_000 });
}

/** What the panel shows of a fix. */
function shownInPage() {
  const text = (element) => element.textContent;
  return {
    outcome: [...document.querySelectorAll('#fix-outcome strong')].map((strong) => Number(strong.textContent.replace(/,/g, ''))),
    fixes: [...document.querySelectorAll('#fix-table tbody tr')].map((row) => ({
      code: row.cells[0].textContent,
      count: Number(row.cells[1].textContent.replace(/,/g, '')),
      summary: row.cells[2].textContent,
      samples: [...row.cells[3].querySelectorAll('li')].map(text),
    })),
    blockers: [...document.querySelectorAll('#fix-blockers li')].map(text),
    blockersShown: !document.getElementById('fix-blockers').hidden,
    files: [...document.querySelectorAll('#fix-downloads a')].map((link) => link.download),
    nextSteps: document.getElementById('fix-next-steps').textContent,
  };
}

/** The package's fix() of a file, in Node: its result and each file's bytes. */
async function packageFix(path, options) {
  const chunks = new Map();
  const result = await fix(readFileSync(path), {
    ...options,
    onChunk: ({ file, bytes }) => {
      if (!chunks.has(file)) chunks.set(file, []);
      chunks.get(file).push(Buffer.from(bytes));
    },
  });
  return { result, files: new Map([...chunks].map(([name, parts]) => [name, Buffer.concat(parts)])) };
}

/** The samples as the panel writes them, values shown. */
const sampleText = ({ lines, column, before, after }) => {
  const where = `line ${lines}${column ? `, ${column}` : ''}`;
  if (before === '' && after === '') return where;
  const value = (text) => (text === '' ? '(empty)' : text);
  return `${where}: ${value(before)} → ${value(after)}`;
};

/** The panel against the package's result. */
function assertShowsFix(shown, { manifest, samples }, name) {
  assert.deepStrictEqual(shown.outcome, [manifest.imported, manifest.rejected, manifest.changes], `${name}: outcome`);
  assert.deepStrictEqual(
    shown.fixes,
    manifest.fixes.map(({ code, count }) => ({
      code,
      count,
      summary: SUMMARIES.get(code).replaceAll('`', ''),
      samples: samples.filter((sample) => sample.fix === code).map(sampleText),
    })),
    `${name}: fixes`,
  );
  assert.deepStrictEqual(shown.blockers, manifest.blockers, `${name}: blockers`);
  assert.equal(shown.blockersShown, manifest.blockers.length > 0, `${name}: blockers shown`);
  assert.equal(shown.nextSteps, manifest.nextSteps.join('\n'), `${name}: next steps`);
}

/** Clicks a download link and reads what the browser saved. */
async function download(page, selector) {
  const [saved] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  const chunks = [];
  for await (const chunk of await saved.createReadStream()) chunks.push(chunk);
  return { name: saved.suggestedFilename(), bytes: Buffer.concat(chunks) };
}

test('the fix shown is the package\'s: counts, fixes, samples, next steps; each download and the .zip hold its bytes; no request', async () => {
  for (const path of [FRENCH, PANDAS]) {
    const name = basename(path);
    const { page, log, close } = await openPage();
    await validateFile(page, path);
    const loaded = log.requests.length;
    await fixInPage(page);
    const expected = await packageFix(path, {});
    assertShowsFix(await page.evaluate(shownInPage), expected.result, name);
    const order = [...expected.result.manifest.parts.map((part) => part.file), 'rejects.csv', 'changes.csv', 'manifest.json'].filter((file) => expected.files.has(file));
    const zipName = name.replace(/\.csv$/, '-importable.zip');
    assert.deepStrictEqual((await page.evaluate(shownInPage)).files, [...order, zipName], `${name}: downloads`);
    for (const file of order) {
      const saved = await download(page, `#fix-downloads a[download="${file}"]`);
      assert.equal(saved.name, file);
      assert.ok(saved.bytes.equals(expected.files.get(file)), `${name}: ${file}'s bytes`);
    }
    const zip = await download(page, `#fix-downloads a[download="${zipName}"]`);
    const entries = readZip(new Uint8Array(zip.bytes));
    assert.deepStrictEqual(entries.map((entry) => [entry.name, entry.method]), order.map((file) => [file, 0]), `${name}: the .zip's entries, stored`);
    for (const entry of entries) assert.ok(entry.bytes.equals(expected.files.get(entry.name)), `${name}: ${entry.name} in the .zip`);
    assert.match(await page.textContent('#announcer'), new RegExp(`^Fixed: ${expected.result.manifest.imported} users? in`));
    assert.deepStrictEqual(log.requests.slice(loaded).filter((url) => !url.startsWith('blob:')), [], `${name}: requests`);
    assert.deepStrictEqual(log.errors, [], name);
    await close();
  }
});

test('the options change the files: day-first dates, verified addresses, a country, smaller files', async () => {
  const { page, log, close } = await openPage();
  await validateFile(page, FRENCH);
  await fixInPage(page);
  const plain = await page.evaluate(shownInPage);
  const options = { dateOrder: 'dmy', assumeVerified: ['email'], maxUsers: 3 };
  // A changed option takes the files made with the last ones away.
  await setFixOptions(page, options);
  assert.equal(await page.locator('#fix-result').isHidden(), true);
  assert.match(await page.textContent('#fix-message'), /The options changed/);
  await fixInPage(page);
  const expected = await packageFix(FRENCH, options);
  const shown = await page.evaluate(shownInPage);
  assertShowsFix(shown, expected.result, 'day first, email verified, 3 users a file');
  assert.deepStrictEqual(expected.result.manifest.parts.map((part) => part.users), [3, 1]);
  assert.deepStrictEqual(shown.files.slice(0, 2), ['users-1.csv', 'users-2.csv']);
  assert.notDeepStrictEqual(shown.outcome, plain.outcome, 'the dates read give more users');
  const part = await download(page, '#fix-downloads a[download="users-2.csv"]');
  assert.ok(part.bytes.equals(expected.files.get('users-2.csv')));

  await validateFile(page, PANDAS);
  await setFixOptions(page, { dateOrder: 'mdy', defaultCountry: 'US', assumeVerified: [], maxUsers: 500_000 });
  await fixInPage(page);
  assertShowsFix(await page.evaluate(shownInPage), (await packageFix(PANDAS, { dateOrder: 'mdy', defaultCountry: 'US' })).result, 'month first, US numbers');
  assert.deepStrictEqual(log.errors, []);
  await close();
});

test('a pool given: the next steps name its id and hashing algorithm, and what still fails the job is shown first', async () => {
  const { page, close } = await openPage();
  await page.evaluate(() => (document.getElementById('pool-details').open = true));
  await page.fill('#pool-json', POOL);
  await page.selectOption('#setting-hash', 'BCRYPT');
  await page.selectOption('#setting-auto-verified', 'none');
  await validateFile(page, FRENCH);
  assert.match(await page.textContent('#pool-in-use'), /us-east-1_Example1/);
  await fixInPage(page);
  const expected = await packageFix(FRENCH, { pool: POOL, passwordHashAlgorithm: 'BCRYPT', autoVerified: [] });
  const shown = await page.evaluate(shownInPage);
  assertShowsFix(shown, expected.result, 'with a pool');
  assert.match(shown.nextSteps, /create-user-import-job --user-pool-id us-east-1_Example1 .*--password-hashing-algorithm BCRYPT/);
  assert.match(shown.nextSteps, /curl -v -T users-1.csv -H "x-amz-server-side-encryption:aws:kms" "PRE_SIGNED_URL"/);
  assert.match(shown.nextSteps, /start-user-import-job --user-pool-id us-east-1_Example1 .*--job-id JOB_ID/);
  assert.match(shown.nextSteps, /describe-user-import-job --user-pool-id us-east-1_Example1 .*--job-id JOB_ID/);
  assert.doesNotMatch(shown.nextSteps, /POOL_ID/);
  // The blockers come before what was fixed, and the live region says them.
  assert.ok(shown.blockers.length > 0 && shown.blockersShown);
  assert.match(shown.blockers[0], /auto-verifies neither email nor phone/);
  const [blockersTop, fixedTop] = await page.evaluate(() => ['fix-blockers', 'fix-result-heading'].map((id) => document.getElementById(id).getBoundingClientRect().top));
  assert.ok(blockersTop < fixedTop);
  assert.match(await page.textContent('#announcer'), /The import job would still fail: the pool auto-verifies neither/);
  await close();
});

test('hide values: the samples say line and column, no value', async () => {
  const { page, close } = await openPage();
  await validateFile(page, FRENCH);
  await fixInPage(page);
  const samples = () => page.evaluate(() => [...document.querySelectorAll('#fix-table .samples li')].map((item) => item.textContent));
  assert.ok((await samples()).some((sample) => sample.includes('VRAI → true')));
  await page.check('#hide-values');
  const { result } = await packageFix(FRENCH, {});
  assert.deepStrictEqual(await samples(), result.samples.map(({ lines, column }) => `line ${lines}${column ? `, ${column}` : ''}`));
  // (The fix table's summaries name VRAI and FAUX: the examples are checked.)
  const examples = (await samples()).join(' ');
  for (const value of ['VRAI', 'FAUX', 'true', 'false']) assert.ok(!examples.includes(value), `${value} is shown`);
  // A fix made while values are hidden shows none either.
  await fixInPage(page);
  assert.ok(!(await samples()).some((sample) => sample.includes('→')));
  await page.uncheck('#hide-values');
  assert.ok((await samples()).some((sample) => sample.includes('VRAI → true')));
  await close();
});

test('a value that looks like HTML is shown as text and runs nothing', async () => {
  const { page, log, close } = await openPage();
  const html = '<img src=x onerror="window.hacked=1">';
  const text = `${TEMPLATE_HEADER}\nuser1, ${html} ,,,,,,,,,user1@example.com,TRUE,,,,,,,,,FALSE\n`;
  await validateFile(page, { name: 'hostile.csv', bytes: Buffer.from(text) });
  await fixInPage(page);
  const samples = await page.evaluate(() => [...document.querySelectorAll('#fix-table .samples li')].map((item) => item.textContent));
  assert.deepStrictEqual(samples, [`line 2, name:  ${html}  → ${html}`]);
  await page.waitForTimeout(200);
  assert.deepStrictEqual(await page.evaluate(() => ({ images: document.querySelectorAll('#fix-panel img').length, ran: 'hacked' in window })), { images: 0, ran: false });
  assert.deepStrictEqual(log.errors, []);
  await close();
});

test('a file fix can\'t read says why: UTF-16, and no header line until its columns are given', async () => {
  const { page, log, close } = await openPage();
  const text = readFileSync(join(root, 'tests/fixtures/tools/google-sheets.csv'), 'utf8');
  const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(text, 'utf16le')]);
  await validateFile(page, { name: 'unicode.csv', bytes: utf16 });
  await fixInPage(page);
  const result = await fix(utf16, { onChunk() {} });
  assert.match(result.error, /UTF-16/);
  assert.equal(await page.textContent('#fix-message'), `unicode.csv can't be fixed: ${result.error}`);
  assert.equal(await page.locator('#fix-result').isHidden(), true);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'fix-message');
  assert.match(await page.textContent('#announcer'), /unicode.csv can't be fixed: the file is UTF-16/);

  const [header, ...lines] = text.split('\n');
  const headerless = Buffer.from(lines.join('\n'));
  await validateFile(page, { name: 'firebase.csv', bytes: headerless });
  await fixInPage(page);
  assert.match(await page.textContent('#fix-message'), /^firebase.csv can't be fixed: line 1 is not a header/);
  const columns = header.split(',');
  await setFixOptions(page, { columns });
  await fixInPage(page);
  const expected = await fix(headerless, { onChunk() {}, columns });
  assertShowsFix(await page.evaluate(shownInPage), expected, 'columns given');
  assert.equal(expected.manifest.imported, 4);
  assert.deepStrictEqual(log.errors, []);
  await close();
});

/** In the page: drops a file of about `megabytes` MB of users whose
 * email_verified needs a fix (VRAI), named `name`. */
function dropManyUsersInPage({ header, megabytes, name }) {
  const parts = [`${header}\n`];
  for (let user = 0, size = 0; size < megabytes * 1e6; user += 1) {
    const line = `user${user},,,,,,,,,,user${user}@example.com,VRAI,,,,,,,,,FALSE\n`;
    parts.push(line);
    size += line.length;
  }
  const transfer = new DataTransfer();
  transfer.items.add(new File(parts, name));
  document.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: transfer }));
}

/** In the page: starts recording whether the fix panel is hidden at some point. */
function watchPanelHidden() {
  window.panelWasHidden = false;
  const panel = document.getElementById('fix-panel');
  new MutationObserver(() => (window.panelWasHidden ||= panel.hidden)).observe(panel, { attributes: true });
}

test('Cancel stops the fix at once, in the worker too, and the next fix does not wait for it', async () => {
  const { page, log, close } = await openPage({
    init: () => {
      // The fix messages the worker sends, as "type id".
      window.fixMessages = [];
      window.Worker = class extends Worker {
        constructor(...args) {
          super(...args);
          this.addEventListener('message', ({ data }) => data.type.startsWith('fix') && window.fixMessages.push(`${data.type} ${data.id}`));
        }
      };
    },
  });
  // 100 MB: some seconds of work.
  await page.evaluate(dropManyUsersInPage, { header: TEMPLATE_HEADER, megabytes: 100, name: 'huge.csv' });
  await page.waitForFunction(() => document.body.dataset.validated === '1', null, { timeout: 60_000 });
  await page.waitForSelector('#fix-panel:not([hidden])');
  await page.click('#fix-start');
  await page.waitForFunction(() => document.getElementById('fix-progress').value > 0.05);
  assert.match(await page.textContent('#fix-progress-text'), /^\d+% of 100\.0 MB read$/);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'fix-cancel');
  await page.click('#fix-cancel');
  assert.equal(await page.locator('#fix-progress-area').isHidden(), true);
  assert.equal(await page.textContent('#fix-message'), 'Cancelled: nothing was made from huge.csv.');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'fix-start');
  assert.equal(await page.textContent('#announcer'), 'Cancelled.');
  // The worker stopped too: its last word on the fix says so, and the next
  // fix does not wait for the cancelled one.
  await page.waitForFunction(() => window.fixMessages.includes('fixCancelled 1'));
  await page.waitForTimeout(500);
  assert.equal((await page.evaluate(() => window.fixMessages)).at(-1), 'fixCancelled 1');
  await validateFile(page, FRENCH);
  const started = Date.now();
  await fixInPage(page);
  assert.ok(Date.now() - started < 2000, `the next fix took ${Date.now() - started} ms`);
  assert.deepStrictEqual((await page.evaluate(shownInPage)).outcome, [2, 2, 8]);
  assert.deepStrictEqual(log.errors, []);
  await close();
});

test('a new file or pool takes the fix away, even one under way; a cancelled validation gives the last one back', async () => {
  const { page, log, close } = await openPage();
  await page.evaluate(dropManyUsersInPage, { header: TEMPLATE_HEADER, megabytes: 50, name: 'big.csv' });
  await page.waitForFunction(() => document.body.dataset.validated === '1', null, { timeout: 60_000 });
  await page.waitForSelector('#fix-panel:not([hidden])');
  await page.click('#fix-start');
  await page.waitForFunction(() => document.getElementById('fix-progress').value > 0.05);
  // A new file while big.csv is being fixed: the panel goes while it is read.
  await page.evaluate(watchPanelHidden);
  await validateFile(page, FRENCH);
  assert.equal(await page.evaluate(() => window.panelWasHidden), true);
  assert.equal(await page.locator('#fix-progress-area').isHidden(), true);
  assert.equal(await page.locator('#fix-result').isHidden(), true);
  await fixInPage(page);
  assert.deepStrictEqual((await page.evaluate(shownInPage)).outcome, [2, 2, 8]);

  // A pool change validates again: the fix shown was of the last pool.
  await page.evaluate(() => (document.getElementById('pool-details').open = true));
  await page.selectOption('#setting-mfa', 'ON');
  await page.waitForFunction(() => document.body.dataset.validated === '3');
  assert.equal(await page.locator('#fix-panel').isVisible(), true);
  assert.equal(await page.locator('#fix-result').isHidden(), true);
  await fixInPage(page);
  assertShowsFix(await page.evaluate(shownInPage), (await packageFix(FRENCH, { mfa: 'ON' })).result, 'MFA on');
  // A pool that can't be used: no report, no fix.
  await page.fill('#pool-json', '{"UserPool": ');
  await page.waitForSelector('#fix-panel', { state: 'hidden' });

  // A validation cancelled leaves the last report, which can be fixed again.
  await page.fill('#pool-json', '');
  await validateFile(page, FRENCH);
  await page.evaluate(dropManyUsersInPage, { header: TEMPLATE_HEADER, megabytes: 200, name: 'huge.csv' });
  // (The progress bar shows the last run's end until this one starts.)
  await page.waitForFunction(() => !document.getElementById('progress-panel').hidden && document.getElementById('progress').value > 0.02);
  assert.equal(await page.locator('#fix-panel').isHidden(), true);
  await page.click('#cancel');
  await page.waitForSelector('#fix-panel:not([hidden])');
  await fixInPage(page);
  assertShowsFix(await page.evaluate(shownInPage), (await packageFix(FRENCH, { mfa: 'ON' })).result, 'after a cancelled validation');
  assert.deepStrictEqual(log.errors, []);
  await close();
});

test('files past a few megabytes: each file, grown from its chunks, holds every byte', async () => {
  const { page, close } = await openPage();
  const lines = [TEMPLATE_HEADER];
  for (let user = 0; lines.length < 160_000; user += 1) lines.push(`user${user},,,,,,,,,,user${user}@example.com,VRAI,,,,,,,,,FALSE`);
  const path = join(tmpdir(), 'page-fix-10mb.csv');
  writeFileSync(path, `${lines.join('\n')}\n`);
  await validateFile(page, path);
  await setFixOptions(page, { maxUsers: 100_000 });
  await fixInPage(page);
  const expected = await packageFix(path, { maxUsers: 100_000 });
  // The worker adds a file's chunks to its Blob every 4 MiB.
  for (const file of ['users-1.csv', 'changes.csv']) assert.ok(expected.files.get(file).length > 5 << 20, `${file} passes a step`);
  for (const file of ['users-1.csv', 'users-2.csv', 'changes.csv']) {
    const saved = await download(page, `#fix-downloads a[download="${file}"]`);
    assert.ok(saved.bytes.equals(expected.files.get(file)), `${file}: ${saved.bytes.length} bytes, ${expected.files.get(file).length} expected`);
  }
  const zip = readZip(new Uint8Array((await download(page, '#fix-downloads a[download$=".zip"]')).bytes));
  assert.ok(zip.find((entry) => entry.name === 'changes.csv').bytes.equals(expected.files.get('changes.csv')));
  await close();
});

test('into a folder: the files are written there as they are made', async () => {
  // Headless Chromium shows no picker: the origin's private folder stands
  // in for the one the user would pick (the same FileSystemDirectoryHandle).
  const { page, log, close } = await openPage({
    init: () => {
      window.showDirectoryPicker = async () => {
        window.pickedFolder = true;
        return navigator.storage.getDirectory();
      };
    },
  });
  await validateFile(page, FRENCH);
  assert.equal(await page.locator('#fix-folder').isVisible(), true);
  await fixInPage(page, '#fix-folder');
  const expected = await packageFix(FRENCH, {});
  const shown = await page.evaluate(shownInPage);
  assertShowsFix(shown, expected.result, 'into a folder');
  assert.equal(await page.textContent('#fix-files-heading'), 'Saved into the folder');
  assert.deepStrictEqual(shown.files, [], 'no downloads: the files are in the folder');
  const written = await page.evaluate(async () => {
    const folder = await navigator.storage.getDirectory();
    const files = {};
    for await (const [name, handle] of folder.entries()) files[name] = [...new Uint8Array(await (await handle.getFile()).arrayBuffer())];
    return files;
  });
  assert.deepStrictEqual(Object.keys(written).sort(), [...expected.files.keys()].sort());
  for (const [name, bytes] of expected.files) assert.ok(Buffer.from(written[name]).equals(bytes), `${name} in the folder`);
  assert.deepStrictEqual(
    await page.evaluate(() => [...document.querySelectorAll('#fix-downloads li code')].map((code) => code.textContent)),
    ['users-1.csv', 'rejects.csv', 'changes.csv', 'manifest.json'],
  );
  assert.deepStrictEqual(log.errors, []);
  await close();
});

test('the keyboard alone fixes, downloads and copies the commands', async () => {
  const { page, context, close } = await openPage();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.url.replace(/\/$/, '') });
  await validateFile(page, FRENCH);
  const tabTo = async (matches, what) => {
    for (let presses = 0; presses < 80; presses += 1) {
      await page.keyboard.press('Tab');
      if (await page.evaluate(matches)) return;
    }
    assert.fail(`Tab never reached ${what}`);
  };
  await tabTo(() => document.activeElement.id === 'fix-date-order', 'the date order');
  await page.keyboard.press('ArrowDown'); // month first
  await tabTo(() => document.activeElement.id === 'fix-start', 'Make the files');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#fix-result:not([hidden])');
  assert.equal(await page.evaluate(() => document.activeElement.id), 'fix-result-heading');
  await tabTo(() => document.activeElement.download === 'users-1.csv', 'the first download');
  const [saved] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  const expected = await packageFix(FRENCH, { dateOrder: 'mdy' });
  assert.ok(readFileSync(await saved.path()).equals(expected.files.get('users-1.csv')));
  await tabTo(() => document.activeElement.id === 'fix-copy', 'Copy the commands');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => document.getElementById('fix-copy-message').textContent === 'Copied.');
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), expected.result.manifest.nextSteps.join('\n'));
  await close();
});
