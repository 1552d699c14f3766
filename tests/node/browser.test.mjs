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

test('the package fetches only its own files, from the page\'s origin', () => {
  assert.ok(requests.some((url) => url.endsWith('/pkg/wasm/cognito_csv_validator_bg.wasm')), 'the .wasm was loaded');
  assert.deepStrictEqual(
    requests.filter((url) => !url.startsWith(server.url)),
    [],
  );
});
