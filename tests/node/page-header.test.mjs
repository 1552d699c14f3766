// The summary's header block in headless Chromium: a file of another
// separator, or of names without their prefixes, shows one block (its
// header against the pool's, each rename, missing and unknown column, from
// the golden report) instead of a line per header finding in the verdict;
// the block's buttons give the pool's header line; a file whose header is
// right shows none.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { rules } from '../../pkg/node.js';
import { fixtures } from './common.mjs';
import { poolOf } from './page-helpers.mjs';
import { dropFixture, setPool, usePage } from './chromium-page.mjs';

const all = fixtures();
const byName = (name) => all.find((fixture) => fixture.name === name);
const site = usePage();
const { openPage } = site;

/** The rules the block gathers (the verdict no longer lists them). */
const HEADER_RULES = ['header.unknown_column', 'header.missing_column', 'header.duplicate_column', 'header.empty_column'];
const FAILS_JOB = new Set(rules().filter((rule) => rule.effect === 'failsJob').map((rule) => rule.code));

/** In the page: what the header block and the verdict's list show. */
function headerBlockInPage() {
  const names = (id) => [...document.querySelectorAll(`#${id} .header-name`)].map((code) => code.firstChild.textContent);
  const marked = (id, mark) => [...document.querySelectorAll(`#${id} .header-${mark}`)].map((code) => code.firstChild.textContent);
  const changes = [...document.querySelectorAll('#verdict .header-changes li')].map((item) => item.textContent);
  return {
    blocks: document.querySelectorAll('#verdict .header-block').length,
    fileNames: names('header-file-line'),
    poolNames: names('header-pool-line'),
    missingMarked: marked('header-pool-line', 'missing'),
    renameMarked: marked('header-file-line', 'rename'),
    unknownMarked: marked('header-file-line', 'unknown'),
    notes: [...document.querySelectorAll('#verdict .header-note')].map((note) => note.textContent),
    changes,
    // The verdict's list: each item's rule link.
    listed: [...document.querySelectorAll('#verdict > ul > li')].map((item) => item.querySelector('a')?.textContent ?? item.textContent),
  };
}

/** What the golden report says the block should show. */
function expectedBlock(fixture) {
  const { findings, file } = fixture.expected;
  const header = findings.filter((finding) => HEADER_RULES.includes(finding.code));
  const unknown = header.filter((finding) => finding.code === 'header.unknown_column' && finding.column !== null);
  return {
    fileNames: file.header,
    poolNames: poolOf(fixture.options).header,
    renames: unknown.filter((finding) => finding.suggested !== null),
    unknown: unknown.filter((finding) => finding.suggested === null).map((finding) => finding.column),
    missing: header.filter((finding) => finding.code === 'header.missing_column').map((finding) => finding.column),
    notes: header.filter((finding) => finding.column === null && finding.code === 'header.unknown_column').map((finding) => finding.message),
    otherJobFindings: findings.filter((finding) => FAILS_JOB.has(finding.code) && !HEADER_RULES.includes(finding.code)),
  };
}

for (const [what, name] of [
  ['a file of another separator', 'header.unknown_column/trigger-semicolons-renamed.csv'],
  ['a file of names without prefixes', 'header.missing_column/trigger-names-without-prefixes.csv'],
  ['a file of close names, an unknown one and a missing one', 'header.unknown_column/trigger-suggestions.csv'],
]) {
  test(`${what}: one header block, the file's header against the pool's, and no line per header finding`, async () => {
    const fixture = byName(name);
    const expected = expectedBlock(fixture);
    assert.ok(expected.fileNames?.length > 0, `${name}: the golden report has the file's header`);
    const { page, log, close } = await openPage();
    await setPool(page, fixture.options);
    await dropFixture(page, fixture);
    const shown = await page.evaluate(headerBlockInPage);
    // The verdict lists the other findings that fail the job, not the header's.
    assert.deepStrictEqual(
      shown.listed,
      expected.otherJobFindings.slice(0, 20).map((finding) => finding.code),
      `${name}: the verdict's list`,
    );
    assert.equal(shown.blocks, 1, `${name}: one header block`);
    assert.deepStrictEqual(shown.fileNames, expected.fileNames, `${name}: the file's header`);
    assert.deepStrictEqual(shown.poolNames, expected.poolNames, `${name}: the pool's header`);
    assert.deepStrictEqual(shown.missingMarked, expected.missing, `${name}: missing columns marked in the pool's header`);
    assert.deepStrictEqual(shown.renameMarked, expected.renames.map((finding) => finding.column), `${name}: renames marked in the file's header`);
    assert.deepStrictEqual(shown.unknownMarked, expected.unknown, `${name}: unknown columns marked in the file's header`);
    assert.deepStrictEqual(shown.notes, expected.notes, `${name}: the findings about the whole line`);
    // Each rename, missing and unknown column is in the block's lists, once.
    const changes = shown.changes.join('\n');
    for (const { column, suggested } of expected.renames) assert.ok(changes.includes(`${column} (to rename) → ${suggested}`), `${name}: rename ${column}: ${changes}`);
    const missingLine = shown.changes.find((line) => line.includes('missing:')) ?? '';
    for (const column of expected.missing) assert.ok(missingLine.includes(`${column} (missing)`), `${name}: missing ${column}: ${changes}`);
    const unknownLine = shown.changes.find((line) => line.includes('the pool does not have:')) ?? '';
    for (const column of expected.unknown) assert.ok(unknownLine.includes(`${column} (not in the pool)`), `${name}: unknown ${column}: ${changes}`);
    assert.deepStrictEqual(log.errors, [], name);
    await close();
  });
}

test("the block's buttons copy the pool's header line and download it as the template", async () => {
  const fixture = byName('header.unknown_column/trigger-renames-pool.csv');
  const pool = poolOf(fixture.options);
  const { page, context, log, close } = await openPage();
  await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: site.url.replace(/\/$/, '') });
  await setPool(page, fixture.options);
  await dropFixture(page, fixture);
  await page.click('.header-block button:text("Copy the pool’s header line")');
  await page.waitForFunction(() => document.querySelector('.header-block [role="status"]').textContent.startsWith('Copied'));
  assert.equal(await page.evaluate(() => navigator.clipboard.readText()), pool.header.join(','));
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('.header-block button:text("Download it as a CSV template")')]);
  assert.equal(download.suggestedFilename(), `${pool.userPoolId}-import-template.csv`);
  assert.equal(readFileSync(await download.path(), 'utf8'), `${pool.header.join(',')}\n`);
  assert.match(await page.textContent('.header-block [role="status"]'), new RegExp(`^Saved ${pool.userPoolId}-import-template.csv`));
  assert.deepStrictEqual(log.errors, []);
  await close();
});

test('a file whose header is right shows no header block; a phone shows the block without sideways scrolling', async () => {
  for (const name of ['examples/readme.csv', 'header.missing_column/near-miss.csv']) {
    const fixture = byName(name);
    assert.ok(!fixture.expected.findings.some((finding) => HEADER_RULES.includes(finding.code)), `${name}: no header finding`);
    const { page, close } = await openPage();
    await setPool(page, fixture.options);
    await dropFixture(page, fixture);
    assert.equal(await page.locator('.header-block').count(), 0, `${name}: no header block`);
    await close();
  }
  const { page, close } = await openPage({ viewport: { width: 390, height: 844 } });
  await dropFixture(page, byName('header.unknown_column/trigger-semicolons.csv'));
  assert.equal(await page.locator('.header-block').count(), 1);
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), 'no sideways scrolling');
  await close();
});
