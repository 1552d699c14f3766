// The users already in the pool on the page (issue 15, point 1) in headless
// Chromium: a list-users file, chosen with its own button or dropped, is a
// third pool input; the page tells how many users were read, or where the
// file is wrong; the report is the engine's against them (the golden of
// tests/existing/), validated again when they change or go, and when the
// pool compares usernames otherwise; the main thread reads no more of a
// dropped list-users file than its first 64 KiB; nothing is requested.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readExistingUsers, validate } from '../../pkg/node.js';
import { root, withoutPool } from './common.mjs';
import { megabytes } from '../../www/shared.js';
import { assertPageShows, dropFiles, setPool, usePage, validated, validations } from './chromium-page.mjs';

const { openPage } = usePage();
const folder = join(root, 'tests/existing');
const csvPath = join(folder, 'import.csv');
const usersPath = join(folder, 'list-users.json');
const csv = readFileSync(csvPath);
const listUsers = readFileSync(usersPath);
const reading = `Reading the users already in the pool, list-users.json, ${megabytes(listUsers.length)}.`;
const expected = JSON.parse(readFileSync(join(folder, 'import.expected.json'), 'utf8'));
const poolOptions = {
  pool: readFileSync(join(root, 'tests/pools/describe-user-pool.json'), 'utf8'),
  header: readFileSync(join(root, 'tests/pools/get-csv-header.json'), 'utf8'),
};

/** A page with the pool of tests/existing/ given and import.csv's report shown. */
async function withImportShown() {
  const opened = await openPage();
  // Every text the live region says, in order.
  await opened.page.evaluate(() => {
    window.spoken = [];
    new MutationObserver(() => window.spoken.push(document.getElementById('announcer').textContent)).observe(document.getElementById('announcer'), { childList: true, characterData: true, subtree: true });
  });
  await setPool(opened.page, poolOptions);
  await dropFiles(opened.page, [{ name: 'import.csv', bytes: csv }]);
  await validated(opened.page, 1);
  return opened;
}

/** The list-users output of `count` made-up users, pretty-printed as the AWS CLI writes it. */
function manyUsers(count) {
  const users = Array.from({ length: count }, (_, user) => ({
    Username: `user${user}`,
    Attributes: [{ Name: 'email', Value: `user${user}@example.com` }, { Name: 'sub', Value: `0c9a5b1e-8f1d-4a57-9c43-${String(user).padStart(12, '0')}` }],
    UserCreateDate: '2024-03-01T09:12:44.112000+00:00',
    Enabled: true,
    UserStatus: 'CONFIRMED',
  }));
  return Buffer.from(JSON.stringify({ Users: users }, null, 4));
}

test('the pool\'s users, chosen with their button, give the engine\'s report; Clear takes them out', async () => {
  const { page, log, close } = await withImportShown();
  const loaded = log.requests.length;
  const without = withoutPool(await validate(csv, poolOptions));
  await assertPageShows(page, without, 'without the users');
  assert.match(await page.textContent('#notes'), /cannot be predicted without the pool's users/);
  assert.match(await page.textContent('#users-status'), /None given/);
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('#choose-users')]);
  await chooser.setFiles(usersPath);
  await validated(page, 2);
  await assertPageShows(page, expected, 'with the users');
  assert.equal(await page.textContent('#notes'), '');
  assert.equal(await page.textContent('#users-status'), 'list-users.json: 3 users in the pool.');
  assert.ok((await page.evaluate(() => window.spoken)).includes(reading), 'the reading is said');
  // The exports are made against the same users.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-export="json"]')]);
  assert.deepStrictEqual(withoutPool(JSON.parse(readFileSync(await download.path(), 'utf8'))), expected, 'the JSON export');
  await page.click('#clear-users');
  await validated(page, 3);
  await assertPageShows(page, without, 'the users cleared');
  assert.match(await page.textContent('#users-status'), /None given/);
  assert.equal(await page.isHidden('#clear-users'), true);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'choose-users');
  assert.deepStrictEqual(log.requests.slice(loaded).filter((url) => !url.startsWith('blob:')), [], 'requests after load');
  assert.deepStrictEqual(log.errors, []);
  await close();
});

test('a list-users file dropped goes to the users, read only in the worker: the page reads 64 KiB of it', async () => {
  const { page, log, close } = await openPage();
  await page.evaluate(() => {
    // Every read of a Blob in the page's thread, with the Blob's size.
    window.reads = [];
    for (const method of ['text', 'arrayBuffer', 'stream', 'bytes']) {
      const read = Blob.prototype[method];
      if (!read) continue;
      Blob.prototype[method] = function (...args) {
        window.reads.push([method, this.size]);
        return read.apply(this, args);
      };
    }
  });
  const users = manyUsers(20_000);
  assert.ok(users.length > 4_000_000, `${users.length} bytes`);
  await setPool(page, poolOptions);
  await dropFiles(page, [{ name: 'users.json', bytes: users }]);
  await page.waitForFunction(() => /users\.json: 20,000 users in the pool\./.test(document.getElementById('users-status').textContent), null, { timeout: 30_000 });
  const reads = await page.evaluate(() => window.reads);
  // The drop's own copy of the bytes into a File (the test's) is no read; what the page read is at most its head.
  assert.ok(reads.length > 0 && reads.every(([, size]) => size <= 64 * 1024), JSON.stringify(reads));
  assert.equal(await validations(page), 0, 'no file to validate');
  // Now a file: checked against them.
  const header = csv.toString('utf8').split('\n')[0];
  const file = `${header}\n,,,,,,,,,user7@example.com,true,,,,,,,,,,,false,someone\n,,,,,,,,,x@example.com,true,,,,,,,,,,,false,USER8\n`;
  await dropFiles(page, [{ name: 'two.csv', text: file }]);
  await validated(page, 1);
  const engine = withoutPool(await validate(Buffer.from(file), { ...poolOptions, existing: users }));
  await assertPageShows(page, engine, 'against 20,000 users');
  assert.equal(engine.outcome.imported, 0, 'line 2 has an email of the pool, line 3 a username');
  assert.deepStrictEqual(log.errors, []);
  await close();
});

test('a list-users file that is not one is told with its line and column; the report comes back once it goes', async () => {
  const { page, log, close } = await withImportShown();
  const broken = '{"Users": [{"Username": "a"';
  await dropFiles(page, [{ name: 'users.json', text: broken }]);
  await page.waitForSelector('#users-error:not([hidden])');
  let message;
  await assert.rejects(readExistingUsers(Buffer.from(broken), poolOptions), (error) => Boolean((message = error.message)));
  assert.equal(await page.textContent('#users-error'), `The list-users output: ${message}`);
  assert.match(message, /^line 1, column 27: /);
  assert.equal(await page.getAttribute('#choose-users', 'aria-invalid'), 'true');
  assert.equal(await page.locator('#summary').isHidden(), true);
  assert.match(await page.textContent('#file-message'), /import.csv will be validated once the pool is fixed/);
  await page.click('#clear-users');
  await validated(page, 2);
  assert.equal(await page.locator('#users-error').isHidden(), true);
  await assertPageShows(page, withoutPool(await validate(csv, poolOptions)), 'after Clear');
  assert.deepStrictEqual(log.errors, []);
  await close();
});

test('a pool that compares usernames otherwise reads the users again, and validates again', async () => {
  const { page, log, close } = await withImportShown();
  await dropFiles(page, [{ name: 'list-users.json', bytes: listUsers }]);
  await validated(page, 2);
  await assertPageShows(page, expected, 'case-insensitive');
  const said = (await page.evaluate(() => window.spoken)).length;
  await page.selectOption('#setting-case-sensitive', 'true');
  await validated(page, 3);
  const engine = withoutPool(await validate(csv, { ...poolOptions, caseSensitive: true, existing: listUsers }));
  assert.notDeepStrictEqual(engine.outcome, expected.outcome);
  await assertPageShows(page, engine, 'case-sensitive');
  assert.ok((await page.evaluate(() => window.spoken)).slice(said).includes(reading), 'read again, and said so');
  // A setting that leaves the comparison as it is reads nothing again.
  const again = (await page.evaluate(() => window.spoken)).length;
  await page.selectOption('#setting-mfa', 'ON');
  await validated(page, 4);
  assert.ok(!(await page.evaluate(() => window.spoken)).slice(again).some((text) => text.startsWith('Reading the users')), 'not read again');
  assert.deepStrictEqual(log.errors, []);
  await close();
});

test('on a 390 px phone, the users input needs no sideways scrolling', async () => {
  const { page, close } = await openPage({ viewport: { width: 390, height: 844 }, touch: true });
  await page.click('#pool-details summary');
  await dropFiles(page, [{ name: 'list-users.json', bytes: listUsers }]);
  await page.waitForFunction(() => /3 users in the pool/.test(document.getElementById('users-status').textContent));
  assert.equal(await page.isVisible('#command-list-users'), true);
  const widths = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  assert.ok(widths[0] <= widths[1], `page ${widths[0]} px wide in ${widths[1]} px`);
  await close();
});
