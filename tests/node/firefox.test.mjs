// The page in Firefox (Debian's firefox-esr, through Marionette): the same
// fixtures as in Chromium against their golden reports, given by a drop
// and by the file button, a pool given by hand, the users already in the
// pool, and half a million findings in the table (past Firefox's limit on
// an element's height).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { serve } from '../../scripts/serve.mjs';
import { fixtures, root, withoutPool } from './common.mjs';
import { validate } from '../../pkg/node.js';
import { launchFirefox } from './firefox.mjs';
import { usersFile } from './parts-files.mjs';
import { assertShows, dragFileInPage, expectedMigrationPanel, migrationInPage, dropAllFailingInPage, dropHugeInPage, dropInPage, fixtureFiles, placeInViewInPage, poolOf, readRowsInPage, sampleOf, scrollToFootInPage, summaryInPage, TEMPLATE_HEADER, validationsInPage } from './page-helpers.mjs';

const all = fixtures();
let server;
let firefox;

before(async () => {
  server = await serve(join(root, 'dist'));
  firefox = await launchFirefox();
});

after(async () => {
  await firefox?.close();
  await server?.close();
});

/** A fresh load of the page, ready to validate. */
async function load() {
  await firefox.navigate(server.url);
  await firefox.waitFor(() => document.body.dataset.ready === 'true');
}

/** In the page: the pool inputs set as a user sets them. */
function setPoolInPage(options) {
  const set = (id, value, event) => {
    const element = document.getElementById(id);
    element.value = value;
    element.dispatchEvent(new Event(event, { bubbles: true }));
  };
  if (options.pool !== undefined) set('pool-json', options.pool, 'input');
  if (options.header !== undefined) set('header-json', options.header, 'input');
  if (options.mfa !== undefined) set('setting-mfa', options.mfa.toUpperCase(), 'change');
  if (options.autoVerified !== undefined) set('setting-auto-verified', options.autoVerified.length === 0 ? 'none' : options.autoVerified.join(','), 'change');
  if (options.caseSensitive !== undefined) set('setting-case-sensitive', String(options.caseSensitive), 'change');
  if (options.passwordHashAlgorithm !== undefined) set('setting-hash', options.passwordHashAlgorithm.toUpperCase(), 'change');
}

async function validated(n, timeout) {
  await firefox.waitFor((n) => Number(document.body.dataset.validated ?? 0) >= n, [n], timeout);
}

test('in Firefox, the page starts a worker per core (nested workers), and a large file read in parts shows the report of one pass', async () => {
  await load();
  const { workers, cores } = await firefox.evaluate(() => ({ workers: document.body.dataset.workers, cores: navigator.hardwareConcurrency }));
  assert.equal(workers, String(cores), 'a worker per core');
  const bytes = usersFile({ header: TEMPLATE_HEADER.split(','), bytes: 9 * (1 << 20) + 77, seed: 7, mistakes: 0.0003, names: 1e9, repeats: 0.0002 });
  const expected = withoutPool(await validate(bytes, { workers: 1 }));
  const done = await firefox.evaluate(validationsInPage);
  await firefox.evaluate(dropInPage, [{ name: 'parts.csv', type: 'text/csv', base64: Buffer.from(bytes).toString('base64') }]);
  await validated(done + 1, 60_000);
  assertShows(await firefox.evaluate(summaryInPage), await firefox.evaluate(readRowsInPage), expected, 'parts.csv');
});

test('in Firefox, dropped fixtures show their golden summary and rows', async () => {
  for (const fixture of sampleOf(all)) {
    await load();
    await firefox.evaluate(setPoolInPage, fixture.options);
    const done = await firefox.evaluate(validationsInPage);
    await firefox.evaluate(dropInPage, fixtureFiles(fixture));
    await validated(done + 1);
    assertShows(await firefox.evaluate(summaryInPage), await firefox.evaluate(readRowsInPage), fixture.expected, fixture.name);
  }
});

test('in Firefox, the file button validates the chosen file', async () => {
  const fixture = all.find(({ name }) => name === 'examples/readme.csv');
  await load();
  await firefox.setInputFile('#file-input', fixture.csv);
  await validated(1);
  assertShows(await firefox.evaluate(summaryInPage), await firefox.evaluate(readRowsInPage), fixture.expected, fixture.name);
  assert.match(await firefox.evaluate(() => document.getElementById('announcer').textContent), /would run/);
});

test('in Firefox, a pool that is not JSON says so', async () => {
  await load();
  await firefox.evaluate(setPoolInPage, { pool: '{"UserPool": ' });
  await firefox.waitFor(() => !document.getElementById('pool-json-error').hidden);
  const message = await firefox.evaluate(() => document.getElementById('pool-json-error').textContent);
  assert.match(message, /^The describe-user-pool output: not valid JSON/);
  await firefox.evaluate(setPoolInPage, { pool: readFileSync(join(root, 'tests/pools/describe-user-pool.json'), 'utf8') });
  await firefox.waitFor(() => document.getElementById('pool-json-error').hidden);
  assert.doesNotMatch(await firefox.evaluate(() => document.getElementById('pool-in-use').textContent), /default pool/);
});

test('in Firefox, 500,001 findings scroll to the end', async () => {
  await load();
  await firefox.evaluate(dropAllFailingInPage, { users: 500_000, header: TEMPLATE_HEADER });
  await validated(1, 120_000);
  assert.equal(await firefox.evaluate(() => document.getElementById('row-count').textContent), '500,001 findings.');
  const ends = await firefox.evaluate(async () => {
    const viewport = document.getElementById('viewport');
    const grid = document.getElementById('grid');
    grid.focus();
    const firstLine = async () => {
      await new Promise(requestAnimationFrame);
      await new Promise(requestAnimationFrame);
      return document.querySelector('#rows [data-index]').firstElementChild.textContent;
    };
    viewport.scrollTop = (viewport.scrollHeight - viewport.clientHeight) / 2;
    const middle = await firstLine();
    const press = async (key) => {
      grid.dispatchEvent(new KeyboardEvent('keydown', { key, bubbles: true, cancelable: true }));
      await firstLine();
      return document.querySelector('#rows .active').firstElementChild.textContent;
    };
    // The last finding is the job's warning (of the file); the last line's is before it.
    return { middle, height: viewport.scrollHeight, last: await press('End'), lastLine: await press('ArrowUp') };
  });
  const middle = Number(ends.middle.replace(/,/g, ''));
  assert.ok(middle > 240_000 && middle < 260_000, `the middle shows line ${middle}`);
  assert.equal(ends.last, '—');
  assert.equal(ends.lastLine, '500,001');
  assert.ok(ends.height < 17_000_000, `the table is ${ends.height} px tall`);
});

test('in Firefox, a pool typo undone brings the report back', async () => {
  const fixture = all.find((candidate) => candidate.name === 'examples/aws-template-example-pool.csv');
  await load();
  await firefox.evaluate(dropInPage, fixtureFiles(fixture));
  await validated(1);
  await firefox.evaluate(setPoolInPage, { pool: fixture.options.pool });
  await validated(2);
  await firefox.evaluate(setPoolInPage, { pool: `${fixture.options.pool}x` });
  await firefox.waitFor(() => !document.getElementById('pool-json-error').hidden && document.getElementById('summary').hidden);
  await firefox.evaluate(setPoolInPage, { pool: fixture.options.pool });
  await validated(3);
  assertShows(await firefox.evaluate(summaryInPage), await firefox.evaluate(readRowsInPage), fixture.expected, 'after the typo undone');
});

test('in Firefox, after Cancel, a pool change validates the file whose report is shown', async () => {
  const fixture = all.find((candidate) => candidate.name === 'examples/readme.csv');
  await load();
  await firefox.evaluate(dropInPage, fixtureFiles(fixture));
  await validated(1);
  await firefox.evaluate(dropHugeInPage, TEMPLATE_HEADER);
  await firefox.waitFor(() => document.getElementById('progress').value > 0.02);
  await firefox.evaluate(() => document.getElementById('cancel').click());
  await firefox.evaluate(setPoolInPage, { mfa: 'on' });
  await validated(2);
  assert.match(await firefox.evaluate(() => document.getElementById('summary-file').textContent), /^readme.csv: /);
});

test('in Firefox, scrolled down a report, a refused file, the drop target and an unusable pool are told in view', async () => {
  const fixture = all.find((candidate) => candidate.name === 'examples/readme.csv');
  await load();
  await firefox.evaluate(dropInPage, fixtureFiles(fixture));
  await validated(1);
  const scrolled = await firefox.evaluate(scrollToFootInPage);
  const height = await firefox.evaluate(() => innerHeight);
  assert.ok(scrolled > 2 * height, `scrolled ${scrolled} px down`);
  const inView = async (id, what) => {
    const place = await firefox.evaluate(placeInViewInPage, id);
    assert.ok(place.shown && place.whole, `${what} is out of view: ${JSON.stringify(place)}`);
    return place;
  };
  await firefox.evaluate(dragFileInPage, false);
  await inView('drop-overlay', 'the drop target');
  await firefox.evaluate(dragFileInPage, true);
  assert.equal((await firefox.evaluate(placeInViewInPage, 'drop-overlay')).shown, false);
  await firefox.evaluate(dropInPage, [{ name: 'users.xlsx', type: '', base64: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 6, 0]).toString('base64') }]);
  await firefox.waitFor(() => /users.xlsx is an Excel workbook/.test(document.getElementById('file-message').textContent));
  assert.ok((await inView('file-message', 'the refusal')).onTop, 'the refusal is under something');
  await firefox.evaluate(dropInPage, [{ name: 'pool.json', type: '', base64: Buffer.from('{"UserPool": ').toString('base64') }]);
  await firefox.waitFor(() => /readme.csv will be validated once the pool is fixed/.test(document.getElementById('file-message').textContent));
  assert.ok((await inView('file-message', 'the pool\'s message')).onTop, 'the pool\'s message is under something');
});

test('in Firefox, a remembered pool is restored at load and validated with', async () => {
  const fixture = all.find((candidate) => candidate.name === 'examples/aws-template-example-pool.csv');
  await load();
  await firefox.evaluate(setPoolInPage, { pool: fixture.options.pool });
  await firefox.evaluate(() => document.getElementById('remember-pool').click());
  await firefox.waitFor(() => !document.getElementById('pool-remembered').hidden);
  try {
    await load();
    assert.equal(await firefox.evaluate(() => document.getElementById('pool-json').value), fixture.options.pool);
    await firefox.waitFor((name) => document.getElementById('pool-in-use').textContent.includes(name), [poolOf(fixture.options).name]);
    await firefox.evaluate(dropInPage, fixtureFiles(fixture));
    await validated(1);
    assertShows(await firefox.evaluate(summaryInPage), await firefox.evaluate(readRowsInPage), fixture.expected, 'with the restored pool');
  } finally {
    // The other tests share this browser's storage.
    await firefox.evaluate(() => document.getElementById('forget-pool')?.click());
  }
  assert.equal(await firefox.evaluate(() => localStorage.length), 0);
});

test('in Firefox, the users already in the pool: chosen, read in the worker, validated against; told where they are wrong; cleared', async () => {
  const folder = join(root, 'tests/existing');
  const csv = readFileSync(join(folder, 'import.csv'));
  const options = {
    pool: readFileSync(join(root, 'tests/pools/describe-user-pool.json'), 'utf8'),
    header: readFileSync(join(root, 'tests/pools/get-csv-header.json'), 'utf8'),
  };
  await load();
  await firefox.evaluate(setPoolInPage, options);
  await firefox.evaluate(dropInPage, [{ name: 'import.csv', type: 'text/csv', base64: csv.toString('base64') }]);
  await validated(1);
  await firefox.setInputFile('#users-input', join(folder, 'list-users.json'));
  await validated(2);
  const expected = JSON.parse(readFileSync(join(folder, 'import.expected.json'), 'utf8'));
  assertShows(await firefox.evaluate(summaryInPage), await firefox.evaluate(readRowsInPage), expected, 'with the users');
  assert.equal(await firefox.evaluate(() => document.getElementById('users-status').textContent), 'list-users.json: 3 users in the pool.');
  await firefox.evaluate(dropInPage, [{ name: 'users.json', type: '', base64: Buffer.from('{"Users": [{"Username": "a"').toString('base64') }]);
  await firefox.waitFor(() => !document.getElementById('users-error').hidden);
  assert.match(await firefox.evaluate(() => document.getElementById('users-error').textContent), /^The list-users output: line 1, column 27: /);
  assert.equal(await firefox.evaluate(() => document.getElementById('summary').hidden), true);
  await firefox.evaluate(() => document.getElementById('clear-users').click());
  await validated(3);
  const without = withoutPool(await validate(csv, options));
  assertShows(await firefox.evaluate(summaryInPage), await firefox.evaluate(readRowsInPage), without, 'cleared');
});

test('in Firefox, files dropped together are one migration: one summary, and each file\'s report when chosen', async () => {
  const folder = join(root, 'tests/existing');
  const names = ['migration-1.csv', 'migration-2.csv', 'migration-3.csv'];
  const expected = JSON.parse(readFileSync(join(folder, 'migration.expected.json'), 'utf8'));
  await load();
  await firefox.evaluate(setPoolInPage, {
    pool: readFileSync(join(root, 'tests/pools/describe-user-pool.json'), 'utf8'),
    header: readFileSync(join(root, 'tests/pools/get-csv-header.json'), 'utf8'),
  });
  await firefox.setInputFile('#users-input', join(folder, 'list-users.json'));
  await firefox.waitFor(() => /3 users in the pool/.test(document.getElementById('users-status').textContent));
  await firefox.evaluate(dropInPage, [2, 0, 1].map((index) => ({ name: names[index], type: 'text/csv', base64: readFileSync(join(folder, names[index])).toString('base64') })));
  await validated(1);
  assert.deepStrictEqual(await firefox.evaluate(migrationInPage), expectedMigrationPanel(expected.summary, expected.files, names, 0));
  assertShows(await firefox.evaluate(summaryInPage), await firefox.evaluate(readRowsInPage), expected.files[0], names[0]);
  await firefox.evaluate(() => document.querySelector('#migration-files button[data-index="2"]').click());
  assert.equal(await firefox.evaluate(() => document.querySelector('#migration-files button[data-index="2"]').getAttribute('aria-current')), 'true');
  assertShows(await firefox.evaluate(summaryInPage), await firefox.evaluate(readRowsInPage), expected.files[2], names[2]);
});
