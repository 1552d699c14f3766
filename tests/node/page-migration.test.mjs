// Several CSV files as one migration on the page (issue 15, point 3) in
// headless Chromium: dropped or chosen together, they are checked in the
// order of their names as the engine checks a migration (the golden of
// tests/existing/, written by tests/existing.rs); the list of files gives
// each file's verdict, choosing one shows its summary, table and exports;
// one summary covers them all, with the jobs that would fail and the files
// over Cognito's limits; the keyboard reaches it all; nothing is requested.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fix, validateMigration } from '../../pkg/node.js';
import { root, withoutPool } from './common.mjs';
import { expectedMigrationPanel as expectedPanel, migrationInPage, TEMPLATE_HEADER } from './page-helpers.mjs';
import { assertPageShows, dropFiles, setPool, usePage, validated } from './chromium-page.mjs';
import { fileVerdict, migrationNotes, migrationVerdict } from '../../www/migration.js';

const { openPage } = usePage();
const folder = join(root, 'tests/existing');
const names = ['migration-1.csv', 'migration-2.csv', 'migration-3.csv'];
const paths = names.map((name) => join(folder, name));
const expected = JSON.parse(readFileSync(join(folder, 'migration.expected.json'), 'utf8'));
const poolOptions = {
  pool: readFileSync(join(root, 'tests/pools/describe-user-pool.json'), 'utf8'),
  header: readFileSync(join(root, 'tests/pools/get-csv-header.json'), 'utf8'),
};

test('files dropped together are one migration, in the order of their names: each file\'s report and one summary, as the engine gives them', async () => {
  const { page, log, close } = await openPage();
  await setPool(page, poolOptions);
  await dropFiles(page, [{ name: 'list-users.json', bytes: readFileSync(join(folder, 'list-users.json')) }]);
  await page.waitForFunction(() => /3 users in the pool/.test(document.getElementById('users-status').textContent));
  const loaded = log.requests.length;
  // Dropped out of order: their jobs run in the order of their names.
  await dropFiles(page, [2, 0, 1].map((index) => ({ name: names[index], bytes: readFileSync(paths[index]), type: 'text/csv' })));
  await validated(page, 1);
  assert.deepStrictEqual(await page.evaluate(migrationInPage), expectedPanel(expected.summary, expected.files, names, 0));
  assert.match((await page.evaluate(migrationInPage)).notes[0], /^The job of file 2 \(migration-2\.csv\) would fail/);
  assert.equal(await page.textContent('#announcer'), migrationVerdict(expected.summary).heading);
  // The first file's summary and table are shown; each of the others when chosen.
  await assertPageShows(page, expected.files[0], names[0]);
  for (const index of [2, 1]) {
    await page.click(`#migration-files button[data-index="${index}"]`);
    assert.deepStrictEqual((await page.evaluate(migrationInPage)).files.map(([, current]) => current), names.map((_, place) => String(place === index)));
    assert.match(await page.textContent('#summary-file'), new RegExp(`^${names[index]}: `));
    await assertPageShows(page, expected.files[index], names[index]);
    assert.equal(await page.textContent('#announcer'), `${names[index]}, file ${index + 1} of 3: ${fileVerdict(expected.files[index])}.`);
  }
  // The exports are of the file shown, after the jobs before it.
  await page.click('#migration-files button[data-index="2"]');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('[data-export="json"]')]);
  assert.equal(download.suggestedFilename(), 'migration-3.report.json');
  assert.deepStrictEqual(withoutPool(JSON.parse(readFileSync(await download.path(), 'utf8'))), expected.files[2]);
  assert.deepStrictEqual(log.requests.slice(loaded).filter((url) => !url.startsWith('blob:')), [], 'requests after load');
  // One file again: as it always was, without the migration.
  await dropFiles(page, [{ name: names[0], bytes: readFileSync(paths[0]), type: 'text/csv' }]);
  await validated(page, 2);
  assert.equal(await page.locator('#migration').isHidden(), true);
  assert.deepStrictEqual(log.errors, []);
  await close();
});

test('files chosen with the button are one migration; the keyboard chooses a file', async () => {
  const { page, log, close } = await openPage();
  await setPool(page, poolOptions);
  const [chooser] = await Promise.all([page.waitForEvent('filechooser'), page.click('#choose-file')]);
  assert.equal(chooser.isMultiple(), true);
  await chooser.setFiles([paths[1], paths[0]]);
  await validated(page, 1);
  // Without the pool's users, and with two of the files: the engine's migration of them.
  const engine = await validateMigration(paths.slice(0, 2).map((path) => readFileSync(path)), poolOptions);
  assert.deepStrictEqual(await page.evaluate(migrationInPage), expectedPanel(engine.summary, engine.files, names.slice(0, 2), 0));
  await page.focus('#migration-files button[data-index="0"]');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.dataset.index), '1');
  await page.keyboard.press('Enter');
  assert.equal(await page.getAttribute('#migration-files button[data-index="1"]', 'aria-current'), 'true');
  await assertPageShows(page, withoutPool(engine.files[1]), names[1]);
  // "Make it importable" makes the files of the file shown.
  await page.click('#fix-start');
  await page.waitForSelector('#fix-result:not([hidden])');
  const { manifest } = await fix(readFileSync(paths[1]), { ...poolOptions, onChunk: () => {} });
  assert.equal(await page.textContent('#fix-input'), `From ${manifest.input.users.toLocaleString('en-US')} user${manifest.input.users === 1 ? '' : 's'} on ${manifest.input.lines} lines of ${names[1]}.`);
  // On a phone, the migration needs no sideways scrolling.
  await page.setViewportSize({ width: 390, height: 844 });
  const widths = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  assert.ok(widths[0] <= widths[1], `page ${widths[0]} px wide in ${widths[1]} px`);
  assert.deepStrictEqual(log.errors, []);
  await close();
});

test('a file over Cognito\'s limits is named with the files fix would make of it', async () => {
  const { page, log, close } = await openPage();
  const line = (user) => `user${user},,,,,,,,,,user${user}@example.com,TRUE,,,,,,,,,FALSE\n`;
  const small = `${TEMPLATE_HEADER}\n${line(0)}`;
  const users = 500_001;
  // Every file the progress names while the files are read.
  await page.evaluate(() => {
    window.progressFiles = [];
    new MutationObserver(() => window.progressFiles.push(document.getElementById('progress-file').textContent)).observe(document.getElementById('progress-file'), { childList: true, characterData: true, subtree: true });
  });
  await page.evaluate(
    ({ header, users, small }) => {
      const parts = [`${header}\n`];
      for (let user = 1; user <= users; user += 1) parts.push(`user${user},,,,,,,,,,user${user}@example.com,TRUE,,,,,,,,,FALSE\n`);
      const transfer = new DataTransfer();
      transfer.items.add(new File(parts, 'b-big.csv'));
      transfer.items.add(new File([small], 'a-small.csv'));
      document.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: transfer }));
    },
    { header: TEMPLATE_HEADER, users, small },
  );
  await validated(page, 1, 120_000);
  assert.ok((await page.evaluate(() => window.progressFiles)).includes('b-big.csv (file 2 of 2)'), 'the progress names the file read');
  const big = [`${TEMPLATE_HEADER}\n`];
  for (let user = 1; user <= users; user += 1) big.push(line(user));
  const engine = await validateMigration([Buffer.from(small), Buffer.from(big.join(''))], {});
  assert.deepStrictEqual(engine.summary.overLimits, [{ file: 2, parts: 2 }]);
  const shown = await page.evaluate(migrationInPage);
  assert.deepStrictEqual(shown.notes, migrationNotes(engine.summary, ['a-small.csv', 'b-big.csv']));
  assert.match(shown.notes.at(-1), /^File 2 \(b-big\.csv\) is over Cognito's limits .*would make 2 import files of it\.$/);
  assert.deepStrictEqual(log.errors, []);
  await close();
});

test('an empty file among them is a file of the migration like any other', async () => {
  const { page, log, close } = await openPage();
  await setPool(page, poolOptions);
  await dropFiles(page, [{ name: 'a-empty.csv', text: '' }, { name: names[0], bytes: readFileSync(paths[0]) }]);
  await validated(page, 1);
  const engine = await validateMigration([Buffer.alloc(0), readFileSync(paths[0])], poolOptions);
  assert.deepStrictEqual(await page.evaluate(migrationInPage), expectedPanel(engine.summary, engine.files, ['a-empty.csv', names[0]], 0));
  await assertPageShows(page, withoutPool(engine.files[0]), 'a-empty.csv');
  assert.match(await page.textContent('#summary-file'), /^a-empty.csv: 0 kB, 0 lines, 0 users, read in /);
  assert.deepStrictEqual(log.errors, []);
  await close();
});
