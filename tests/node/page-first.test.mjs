// The page in headless Chromium for a first visit and a long stay (issue
// 14, points 3, 8, 9 and 14): what the page says of a drop is in view
// wherever the page is scrolled, the built-in examples give their golden
// reports in one click and with no request, the pool hint's commands are
// copied exactly, and the pool is remembered on this device only when asked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fixtures, root } from './common.mjs';
import { dragFileInPage, placeInViewInPage, poolOf, scrollToFootInPage } from './page-helpers.mjs';
import { assertPageShows, dropFiles, dropFixture, setPool, usePage, validated } from './chromium-page.mjs';

const all = fixtures();
const byName = (name) => all.find((fixture) => fixture.name === name);
const site = usePage();
const { openPage } = site;
const LAPTOP = { width: 1366, height: 900 };
const XLSX = { name: 'users.xlsx', bytes: Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 6, 0]) };

/** A page showing readme.csv's report, scrolled to its foot. */
async function scrolledDown() {
  const opened = await openPage({ viewport: LAPTOP });
  await dropFixture(opened.page, byName('examples/readme.csv'));
  const scrolled = await opened.page.evaluate(scrollToFootInPage);
  assert.ok(scrolled > 2 * LAPTOP.height, `scrolled ${scrolled} px down`);
  return opened;
}

const inView = (page, id) => page.evaluate(placeInViewInPage, id);

test('scrolled down a report, a refused file is told in view, and the message can be dismissed', async () => {
  const { page, log, close } = await scrolledDown();
  await dropFiles(page, [XLSX]);
  await page.waitForSelector('#file-message:not([hidden])');
  assert.match(await page.textContent('#file-message'), /users.xlsx is an Excel workbook or a ZIP archive, not a CSV file/);
  const place = await inView(page, 'file-message');
  assert.ok(place.shown && place.whole && place.onTop, `the message is out of view: ${JSON.stringify(place)}`);
  // The report stays, and so does the place the user was reading.
  assert.equal(await page.locator('#summary').isHidden(), false);
  assert.equal(place.viewport.scrollY, await page.evaluate(() => scrollY));
  await page.click('#file-message-close');
  assert.equal(await page.locator('#file-message').isHidden(), true);
  assert.equal(await page.evaluate(() => document.activeElement.id), 'choose-file');
  assert.deepStrictEqual(log.errors, []);
  await close();
});

test('scrolled down a report, a file dragged over the page shows where to drop it, in view', async () => {
  const { page, log, close } = await scrolledDown();
  assert.equal((await inView(page, 'drop-overlay')).shown, false, 'no drop target before a drag');
  await page.evaluate(dragFileInPage, false);
  const place = await inView(page, 'drop-overlay');
  assert.ok(place.shown && place.whole, `the drop target is out of view: ${JSON.stringify(place)}`);
  assert.ok(place.box.bottom - place.box.top > LAPTOP.height / 2, 'it covers the viewport');
  assert.match(await page.textContent('#drop-overlay'), /Drop/);
  await page.evaluate(dragFileInPage, true);
  assert.equal((await inView(page, 'drop-overlay')).shown, false, 'gone when the file leaves');
  // A drop takes it away too.
  await page.evaluate(dragFileInPage, false);
  await dropFiles(page, [XLSX]);
  assert.equal((await inView(page, 'drop-overlay')).shown, false, 'gone after the drop');
  assert.deepStrictEqual(log.errors, []);
  await close();
});

test('scrolled down a report, a pool made unusable says so in view', async () => {
  const { page, log, close } = await scrolledDown();
  // Reading the rule catalogue at the foot: the page stays long once the
  // report goes.
  await page.evaluate(() => (document.getElementById('rule-catalogue').open = true));
  await page.evaluate(scrollToFootInPage);
  await dropFiles(page, [{ name: 'pool.json', text: '{"UserPool": ' }]);
  await page.waitForFunction(() => /readme.csv will be validated once the pool is fixed/.test(document.getElementById('file-message').textContent));
  assert.equal(await page.locator('#summary').isHidden(), true);
  assert.ok((await page.evaluate(() => scrollY)) > LAPTOP.height, 'the page is still scrolled down');
  const place = await inView(page, 'file-message');
  assert.ok(place.shown && place.whole && place.onTop, `the message is out of view: ${JSON.stringify(place)}`);
  assert.deepStrictEqual(log.errors, []);
  await close();
});

test('"Try an example": each built-in example shows its golden report in one click, with no request', async () => {
  for (const [example, name, fixture] of [
    ['aws-template', 'aws-template-example.csv', 'examples/aws-template.csv'],
    ['messy', 'messy-example.csv', 'examples/messy-example.csv'],
  ]) {
    const { page, log, close } = await openPage({ viewport: LAPTOP });
    const loaded = log.requests.length;
    const button = page.locator(`button[data-example="${example}"]`);
    assert.match(await button.textContent(), /\w/);
    await button.click();
    await validated(page, 1);
    assert.match(await page.textContent('#summary-file'), new RegExp(`^${name}: `));
    await assertPageShows(page, byName(fixture).expected, fixture);
    assert.deepStrictEqual(log.requests.slice(loaded), [], `${example}: requests after load`);
    assert.deepStrictEqual(log.errors, [], example);
    await close();
  }
});

test('the pool hint says why the pool matters and gives the three commands; Copy puts each on the clipboard', async () => {
  const { page, context, log, close } = await openPage();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.url.replace(/\/$/, '') });
  assert.match(await page.textContent('#pool-why'), /required attributes, MFA, auto-verified attributes and custom attributes/);
  await page.click('#pool-details summary');
  const commands = [
    'aws cognito-idp describe-user-pool --user-pool-id ID --region REGION > pool.json',
    'aws cognito-idp get-csv-header --user-pool-id ID --region REGION > header.json',
    'aws cognito-idp list-users --user-pool-id ID --region REGION > users.json',
  ];
  const copyButtons = page.locator('button[data-copy]');
  assert.equal(await copyButtons.count(), commands.length);
  for (const [index, command] of commands.entries()) {
    const button = copyButtons.nth(index);
    const shown = await page.textContent(`#${await button.getAttribute('data-copy')}`);
    assert.equal(shown, command);
    assert.equal(await button.isVisible(), true);
    await button.click();
    await page.waitForFunction((index) => document.getElementById('pool-copy-message').textContent === `Copied the ${['describe-user-pool', 'get-csv-header', 'list-users'][index]} command.`, index);
    assert.equal(await page.evaluate(() => navigator.clipboard.readText()), command);
  }
  assert.deepStrictEqual(log.errors, []);
  await close();
});

/** Everything the page keeps in localStorage, as {key: value}. */
const stored = (page) => page.evaluate(() => Object.fromEntries(Object.entries(localStorage)));

test('remember the pool: off by default; on, a reload restores the pool and validates with it; Forget empties the storage', async () => {
  const fixture = byName('examples/aws-template-example-pool.csv');
  const { page, log, close } = await openPage();
  assert.equal(await page.isChecked('#remember-pool'), false);
  await dropFixture(page, byName('examples/readme.csv'));
  await setPool(page, { pool: fixture.options.pool, mfa: 'on' });
  await page.waitForFunction(() => /example-pool.*MFA on \(set here\)/.test(document.getElementById('pool-in-use').textContent));
  assert.deepStrictEqual(await stored(page), {}, 'nothing stored while the option is off');
  await page.check('#remember-pool');
  await page.waitForSelector('#pool-remembered:not([hidden])');
  const kept = Object.values(await stored(page)).join('\n');
  assert.ok(kept.includes('us-east-1_Example1') && kept.includes('"ON"'), `the pool is stored: ${kept.slice(0, 200)}`);
  assert.ok(!kept.includes('john.doe'), 'no file data is stored');

  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await page.inputValue('#pool-json'), fixture.options.pool);
  assert.equal(await page.inputValue('#setting-mfa'), 'ON');
  assert.equal(await page.isChecked('#remember-pool'), true);
  assert.equal(await page.isVisible('#forget-pool'), true, 'Forget is in view without opening the pool inputs');
  await page.waitForFunction((name) => document.getElementById('pool-in-use').textContent.includes(name), poolOf(fixture.options).name);
  await page.click('#pool-details summary');
  await page.selectOption('#setting-mfa', '');
  await dropFixture(page, fixture);
  await assertPageShows(page, fixture.expected, 'with the restored pool');

  await page.click('#forget-pool');
  assert.deepStrictEqual(await stored(page), {}, 'Forget empties the storage');
  assert.equal(await page.isChecked('#remember-pool'), false);
  assert.equal(await page.isVisible('#pool-remembered'), false);
  assert.ok(await page.evaluate(() => document.activeElement !== document.body), 'focus stays in the page');
  await page.reload();
  await page.waitForSelector('body[data-ready="true"]');
  assert.equal(await page.inputValue('#pool-json'), '');
  assert.match(await page.textContent('#pool-in-use'), /Pool in use: default pool/);
  assert.deepStrictEqual(await stored(page), {});
  assert.deepStrictEqual(log.errors, []);
  await close();
});

test('remember the pool: turned off it stores nothing; storage that fails is told, not thrown', async () => {
  const { page, log, close } = await openPage();
  await setPool(page, { pool: readFileSync(join(root, 'tests/pools/describe-user-pool.json'), 'utf8') });
  await page.check('#remember-pool');
  assert.equal(Object.keys(await stored(page)).length, 1);
  await page.uncheck('#remember-pool');
  assert.deepStrictEqual(await stored(page), {});
  await page.selectOption('#setting-hash', 'BCRYPT');
  await page.fill('#header-json', readFileSync(join(root, 'tests/pools/get-csv-header.json'), 'utf8'));
  await page.waitForFunction(() => /get-csv-header/.test(document.getElementById('pool-in-use').textContent));
  assert.deepStrictEqual(await stored(page), {}, 'nothing stored after the option is turned off');
  assert.deepStrictEqual(log.errors, []);
  await close();

  // A full or forbidden storage (private browsing, a quota).
  const full = await openPage({
    init: () => {
      Storage.prototype.setItem = () => {
        throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
      };
    },
  });
  await full.page.click('#pool-details summary');
  await full.page.click('#remember-pool');
  await full.page.waitForSelector('#remember-message:not([hidden])');
  assert.match(await full.page.textContent('#remember-message'), /could not remember the pool.*quota/i);
  assert.equal(await full.page.isChecked('#remember-pool'), false);
  assert.equal(await full.page.isVisible('#pool-remembered'), false);
  assert.deepStrictEqual(full.log.errors, []);
  await full.close();
});
