// The package in headless Chromium, without a bundler: imported by a page
// and by a dedicated module worker, it gives the golden reports, and it
// fetches nothing but its own files.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/serve.mjs';
import { CHROMIUM } from '../../scripts/chromium.mjs';
import { fixtures, root, withoutPool } from './common.mjs';


const sample = fixtures().filter((fixture, index) => fixture.name.startsWith('examples/') || index % 20 === 0);
let server;
let browser;
let page;
const requests = [];
const errors = [];

before(async () => {
  server = await serve(root);
  browser = await chromium.launch(CHROMIUM);
  page = await browser.newPage();
  page.on('request', (request) => requests.push(request.url()));
  page.on('pageerror', (error) => errors.push(error.message));
  page.on('console', (message) => message.type() === 'error' && errors.push(message.text()));
  await page.goto(`${server.url}tests/node/browser/page.html`);
  await page.waitForFunction(() => window.ready === true, null, { timeout: 20_000 });
});

after(async () => {
  await browser?.close();
  await server?.close();
});

for (const where of ['Page', 'Worker']) {
  test(`in a ${where.toLowerCase()}, the package gives the golden reports`, async () => {
    for (const fixture of sample) {
      const bytes = [...readFileSync(fixture.csv)];
      const report = await withTimeout(page.evaluate(
        ([name, bytes, options]) => window[name](new Uint8Array(bytes), options),
        [`validateIn${where}`, bytes, fixture.options],
      ), `${where}: ${fixture.name}`);
      assert.deepStrictEqual(withoutPool(report), fixture.expected, fixture.name);
    }
    assert.deepStrictEqual(errors, []);
  });
}

/** A page's promise that never settles would hang the test run. */
function withTimeout(promise, what, seconds = 20) {
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: no answer within ${seconds} s`)), seconds * 1000);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

test('a Blob read while the garbage collector runs is read to its end', async () => {
  // Chromium let the collector take a Blob's stream whose read into a
  // buffer was pending, and validate() then waited for ever (9 files in 10
  // here, before the package held its readers).
  const cdp = await page.context().newCDPSession(page);
  await page.evaluate(async () => {
    window.pkg = await import('/pkg/index.js');
  });
  for (let round = 0; round < 8; round += 1) {
    await page.evaluate(() => {
      const line = 'user,,,,,,,,,,user@example.com,TRUE,,,,,,,,,FALSE\n';
      // Bytes made just now: the Blob takes a moment to be ready to read.
      const blob = new Blob(['cognito:username\n', new TextEncoder().encode(line.repeat(200_000))]);
      window.validated = false;
      window.pkg.validate(blob, { workers: 1 }).then(() => (window.validated = true));
    });
    for (let collection = 0; collection < 3; collection += 1) await cdp.send('HeapProfiler.collectGarbage');
    await page.waitForFunction(() => window.validated, null, { timeout: 10_000 }).catch(() => assert.fail(`round ${round}: validate() never ended`));
  }
  await cdp.detach();
  assert.deepStrictEqual(errors, []);
});

test('the package fetches only its own files, from the page\'s origin', () => {
  assert.ok(requests.some((url) => url.endsWith('/pkg/wasm/cognito_csv_validator_bg.wasm')), 'the .wasm was loaded');
  assert.deepStrictEqual(
    requests.filter((url) => !url.startsWith(server.url)),
    [],
  );
});
