// Reading a finding where it is (issue 14, points 4, 5, 7 and 11), in
// headless Chromium: the selected finding whole, with how to fix it, beside
// the table at 1366 × 900; a rule's explanation in place from every rule
// link (a phone's taps too), with the catalogue folded until asked for; a
// skip link to the report and one Tab stop per rule of the summary; the
// summary's rules ordered by their findings, and no rule text that sends a
// web user to a README.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fixtures } from './common.mjs';
import { summaryInPage } from './page-helpers.mjs';
import { dropFixture, setPool, usePage } from './chromium-page.mjs';
import { rules as packageRules } from '../../pkg/node.js';

const all = fixtures();
const byName = (name) => all.find((fixture) => fixture.name === name);
const RULES = packageRules();
const RULE = new Map(RULES.map((rule) => [rule.code, rule]));
const { openPage } = usePage();

/** A rule's text as the page shows it: its `code` spans without the backticks. */
const asShown = (text) => text.replaceAll('`', '');

/** In the page: where the selected finding's row, message and "How to fix"
 * are, and whether the message is cut. */
function detailsInPage() {
  const box = (element) => {
    const { top, bottom, left, right } = element.getBoundingClientRect();
    return { top, bottom, left, right };
  };
  const message = document.querySelector('#details-body .details-message');
  const fix = [...document.querySelectorAll('#details-body dt')].find((term) => term.textContent === 'How to fix')?.nextElementSibling;
  const row = document.querySelector('#rows .active');
  return {
    viewport: { width: innerWidth, height: innerHeight },
    row: row && box(row),
    message: message && { text: message.textContent, box: box(message), cut: message.scrollWidth > message.clientWidth || message.scrollHeight > message.clientHeight },
    fix: fix && { text: fix.textContent, box: box(fix) },
  };
}

/** The selected finding's row, its whole message and its fix are all in the window at once. */
function assertReadInPlace({ viewport, row, message, fix }, finding, how) {
  assert.ok(row, `${how}: a row is selected`);
  assert.equal(message.text, finding.message, `${how}: the whole message`);
  assert.equal(message.cut, false, `${how}: the message is not cut`);
  assert.equal(fix.text, asShown(RULE.get(finding.code).help), `${how}: how to fix`);
  for (const [what, box] of [['the row', row], ['the message', message.box], ['how to fix', fix.box]]) {
    const inside = box.top >= 0 && box.bottom <= viewport.height && box.left >= 0 && box.right <= viewport.width;
    assert.ok(inside, `${how}: ${what} at ${JSON.stringify(box)}, out of the ${viewport.width} × ${viewport.height} window`);
  }
}

test('point 4: at 1366 × 900, the selected finding is read whole beside the table, with how to fix it, by click and by keyboard', async () => {
  const fixture = byName('examples/readme.csv');
  const { page, log, close } = await openPage({ viewport: { width: 1366, height: 900 } });
  await dropFixture(page, fixture);
  const { findings } = fixture.expected;
  // The longest message, which the table cuts.
  const longest = findings.reduce((best, finding, index) => (finding.message.length > findings[best].message.length ? index : best), 0);
  await page.click(`#rows [data-index="${longest}"] [role=gridcell]:nth-child(5)`);
  assertReadInPlace(await page.evaluate(detailsInPage), findings[longest], 'by click');

  // The keyboard, with the table's top scrolled out of the window.
  await page.focus('#grid');
  await page.evaluate(() => window.scrollBy(0, document.getElementById('grid').getBoundingClientRect().top + 200));
  await page.keyboard.press('Home');
  for (let row = 0; row < longest; row += 1) await page.keyboard.press('ArrowDown');
  assertReadInPlace(await page.evaluate(detailsInPage), findings[longest], 'by keyboard');
  await page.keyboard.press('Home');
  assertReadInPlace(await page.evaluate(detailsInPage), findings[0], 'by keyboard, the first');
  assert.deepStrictEqual(log.errors, []);
  await close();
});

/** The rule's explanation is open in place, whole, and fits the window. */
async function assertExplains(page, code, where) {
  const dialog = page.locator('#rule-dialog');
  await dialog.waitFor({ state: 'visible', timeout: 2000 });
  const text = await dialog.textContent();
  const rule = RULE.get(code);
  for (const part of [code, asShown(rule.summary), asShown(rule.help)]) assert.ok(text.includes(part), `${where}: the explanation of ${code} says "${part}", not: ${text}`);
  const box = await dialog.boundingBox();
  const { width, height } = page.viewportSize();
  assert.ok(box.x >= 0 && box.y >= 0 && box.x + box.width <= width && box.y + box.height <= height, `${where}: the explanation at ${JSON.stringify(box)}`);
}

test('point 5: on a phone, a tap selects a row and the page stays; every rule link explains its rule in place; closing goes back', async () => {
  const fixture = byName('examples/readme.csv');
  const { page, log, close } = await openPage({ viewport: { width: 390, height: 844 }, touch: true });
  await dropFixture(page, fixture);
  const { findings } = fixture.expected;
  const where = () => page.evaluate(() => ({ scrollY: Math.round(scrollY), hash: location.hash }));
  // Whether the focus is on `selector` (once the dialog's close event, a task after the close, has run).
  const focusIs = (selector) =>
    page.waitForFunction((selector) => document.activeElement === document.querySelector(selector), selector, { timeout: 2000 }).then(
      () => true,
      () => false,
    );

  // A tap on a row where its rule is (the first line of a row on a phone).
  await page.locator('#grid').scrollIntoViewIfNeeded();
  let before = await where();
  await page.tap('#rows [data-index="1"] a');
  assert.equal(await page.getAttribute('#rows [data-index="1"]', 'aria-selected'), 'true', 'the row tapped is selected');
  assert.deepStrictEqual(await where(), before, 'the page stayed where it was');
  await assertExplains(page, findings[1].code, 'a row');
  await page.tap('#rule-dialog button:text-is("Close")');
  assert.equal(await page.locator('#rule-dialog').isVisible(), false, 'closed');
  assert.ok(await focusIs('#grid'), 'focus back on the table');
  assert.deepStrictEqual(await where(), before, 'the page stayed where it was');
  // A tap on a row's message selects it, and opens nothing.
  await page.tap('#rows [data-index="2"] [role=gridcell]:nth-child(5)');
  assert.equal(await page.getAttribute('#rows [data-index="2"]', 'aria-selected'), 'true');
  assert.equal(await page.locator('#rule-dialog').isVisible(), false);
  assert.deepStrictEqual(await where(), before);

  // The details' rule link, the summary's, and the verdict's of a failed job.
  for (const [selector, code] of [
    ['#details-body a[href^="#rule-"]', findings[2].code],
    [`#rule-counts a[href="#rule-${findings[0].code}"]`, findings[0].code],
  ]) {
    await page.locator(selector).scrollIntoViewIfNeeded();
    before = await where();
    await page.tap(selector);
    await assertExplains(page, code, selector);
    await page.keyboard.press('Escape');
    assert.equal(await page.locator('#rule-dialog').isVisible(), false, `${selector}: closed by Escape`);
    assert.ok(await focusIs(selector), `${selector}: focus back on the link`);
    assert.deepStrictEqual(await where(), before, `${selector}: the page stayed where it was`);
  }
  const failing = byName('tools/excel-csv-utf8.csv');
  await dropFixture(page, failing);
  const jobFinding = failing.expected.findings.find((finding) => RULE.get(finding.code).effect === 'failsJob');
  const verdictLink = `#verdict a[href="#rule-${jobFinding.code}"]`;
  await page.locator(verdictLink).scrollIntoViewIfNeeded();
  before = await where();
  await page.tap(verdictLink);
  await assertExplains(page, jobFinding.code, 'the verdict');
  await page.tap('#rule-dialog button:text-is("Close")');
  assert.ok(await focusIs(verdictLink), 'the verdict: focus back on the link');
  assert.deepStrictEqual(await where(), before, 'the verdict: the page stayed where it was');
  const widths = await page.evaluate(() => [document.documentElement.scrollWidth, document.documentElement.clientWidth]);
  assert.ok(widths[0] <= widths[1], `page ${widths[0]} px wide in ${widths[1]} px`);

  // The catalogue at the foot is folded until asked for.
  assert.equal(await page.locator('#rule-list').isVisible(), false, 'the catalogue is folded');
  await page.tap('#rules summary');
  assert.equal(await page.locator('#rule-list').isVisible(), true, 'and opens when asked for');
  assert.deepStrictEqual(log.errors, []);
  await close();

  // An address at a rule opens the page there, the catalogue unfolded.
  const atRule = await openPage({ viewport: { width: 390, height: 844 }, touch: true, hash: '#rule-email.invalid' });
  const entry = atRule.page.locator('[id="rule-email.invalid"]');
  assert.equal(await entry.isVisible(), true, 'the rule addressed is shown');
  const box = await entry.boundingBox();
  assert.ok(box.y >= 0 && box.y + box.height <= 844, `the rule addressed is in the window: ${JSON.stringify(box)}`);
  assert.deepStrictEqual(atRule.log.errors, []);
  await atRule.close();
});

test('point 7: a skip link to the report once there is one; each rule of the summary is one Tab stop', async (t) => {
  const fixture = byName('examples/readme.csv');
  const { page, log, close } = await openPage();
  const activeId = () => page.evaluate(() => document.activeElement.id);
  // No report yet: the Tab after "Skip to the validator" is the file button.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to the validator');
  await page.keyboard.press('Tab');
  assert.equal(await activeId(), 'choose-file', 'no skip link to a report not there');

  await dropFixture(page, fixture);
  // From the file button to the table, Tab by Tab.
  await page.focus('#choose-file');
  const rows = await page.locator('#rule-counts tbody tr').count();
  const stopsInRow = new Array(rows).fill(0);
  let presses = 0;
  while ((await activeId()) !== 'grid') {
    assert.ok(presses < 200, 'Tab never reached the table');
    await page.keyboard.press('Tab');
    presses += 1;
    const row = await page.evaluate(() => [...document.querySelectorAll('#rule-counts tbody tr')].findIndex((row) => row.contains(document.activeElement)));
    if (row >= 0) stopsInRow[row] += 1;
  }
  t.diagnostic(`${presses} Tab presses from the file button to the table, with ${rows} rules`);
  assert.deepStrictEqual(stopsInRow, new Array(rows).fill(1), 'Tab stops once in each rule of the summary');
  const controls = await page.$$eval('#rule-counts tbody tr', (all) =>
    all.map((row) => [...row.querySelectorAll('a[href], button, input, select, textarea, [tabindex]')].filter((element) => element.tabIndex >= 0 && !element.disabled).length),
  );
  assert.deepStrictEqual(controls, new Array(rows).fill(1), 'one control in each rule row');

  // The skip link, now that there is a report, moves focus into it.
  await page.focus('.skip-link');
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.textContent), 'Skip to the report');
  await page.keyboard.press('Enter');
  assert.ok(await page.evaluate(() => document.getElementById('summary').contains(document.activeElement)), `focus in the report, not on #${await activeId()}`);
  const heading = await page.locator('#summary-heading').boundingBox();
  assert.ok(heading.y >= 0 && heading.y + heading.height <= 900, `the report's heading in view: ${JSON.stringify(heading)}`);
  assert.deepStrictEqual(log.errors, []);
  await close();
});

test('point 11: the summary\'s rules are ordered by their findings, most first; no rule sends a reader to a README', async () => {
  const fixture = byName('tools/mysql-into-outfile.csv');
  const { page, log, close } = await openPage();
  await setPool(page, fixture.options);
  await dropFixture(page, fixture);
  const { ruleCounts } = await page.evaluate(summaryInPage);
  assert.deepStrictEqual(Object.fromEntries(ruleCounts), fixture.expected.countsByCode, 'every rule found, with its count');
  const place = new Map(RULES.map((rule, index) => [rule.code, index]));
  for (let index = 1; index < ruleCounts.length; index += 1) {
    const [[first, firstCount], [second, secondCount]] = [ruleCounts[index - 1], ruleCounts[index]];
    const inOrder = firstCount > secondCount || (firstCount === secondCount && place.get(first) < place.get(second));
    assert.ok(inOrder, `${first} (${firstCount}) comes before ${second} (${secondCount})`);
  }
  const catalogue = await page.textContent('#rule-list');
  assert.ok(RULES.every((rule) => catalogue.includes(asShown(rule.help))), 'the catalogue has every rule\'s fix');
  assert.doesNotMatch(catalogue, /README/i);
  assert.deepStrictEqual(log.errors, []);
  await close();
});
