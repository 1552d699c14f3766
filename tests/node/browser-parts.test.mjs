// validate() in parts (issue 16) in headless Chromium, without a bundler:
// in a page and in a module worker (whose workers are nested), the report
// of a file cut into parts is the one of one pass, a pool survives a
// cancel, and where the page's policy refuses workers it is read in one
// pass, without an error.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/serve.mjs';
import { CHROMIUM } from '../../scripts/chromium.mjs';
import { root } from './common.mjs';
import { TEMPLATE_HEADER } from './page-helpers.mjs';

const header = TEMPLATE_HEADER.split(',');
const bytes = 13 * (1 << 20) + 5;
let server;
let refusing; // a server whose pages may not start workers
let browser;

before(async () => {
  server = await serve(root);
  refusing = await serve(root, { headers: { 'Content-Security-Policy': "worker-src 'none'" } });
  browser = await chromium.launch(CHROMIUM);
});

after(async () => {
  await browser?.close();
  await server?.close();
  await refusing?.close();
});

async function open(url) {
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  await page.goto(`${url}tests/node/browser/parts.html`);
  await page.waitForFunction(() => window.ready === true, null, { timeout: 20_000 });
  return { page, errors };
}

for (const where of ['Page', 'Worker']) {
  test(`in a ${where.toLowerCase()}, a file cut into parts gives the report of one pass; a pool serves again after a cancel`, async () => {
    const { page, errors } = await open(server.url);
    const compare = (given) => page.evaluate(([name, given]) => window[name](given), [`compareIn${where}`, { header, bytes, ...given }]);
    for (const workers of [2, 3]) {
      const result = await compare({ seed: workers, workers });
      assert.equal(result.same, true, `${workers} workers`);
      assert.equal(result.inParts, true, `${workers} workers: in parts`);
      assert.deepStrictEqual([result.lastProgress.bytesRead, result.lastProgress.totalBytes], [bytes, bytes]);
      assert.ok(result.findings > 1000);
    }
    const pooled = await compare({ seed: 9, workers: 'pool', cancel: true });
    assert.deepStrictEqual(
      { started: pooled.started, cancelled: pooled.cancelled, same: pooled.same, inParts: pooled.inParts },
      { started: 2, cancelled: 'rejected with the reason', same: true, inParts: true },
    );
    assert.deepStrictEqual(errors, []);
    await page.close();
  });
}

test('where the page\'s policy refuses workers, validate() reads in one pass, and fails for nothing', async () => {
  const { page, errors } = await open(refusing.url);
  const result = await page.evaluate((given) => window.compareInPage(given), { header, bytes, seed: 4, workers: 2 });
  assert.deepStrictEqual({ same: result.same, inParts: result.inParts }, { same: true, inParts: false });
  const pooled = await page.evaluate((given) => window.compareInPage(given), { header, bytes, seed: 4, workers: 'pool' });
  assert.deepStrictEqual({ started: pooled.started, same: pooled.same, inParts: pooled.inParts }, { started: 0, same: true, inParts: false });
  // The browser tells of each refusal on the console; nothing else went wrong.
  assert.deepStrictEqual(errors.filter((error) => !/Content Security Policy/.test(error)), []);
  await page.close();
});
