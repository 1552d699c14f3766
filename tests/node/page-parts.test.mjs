// The page on every core (issue 16) in headless Chromium: its worker
// starts a worker per core as the page loads, a large file dropped is read
// in parts by them and shows the report of one pass, and once the page is
// ready nothing is requested, the workers' files included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { validate } from '../../pkg/node.js';
import { withoutPool } from './common.mjs';
import { assertPageShows, dropFiles, usePage, validated } from './chromium-page.mjs';
import { TEMPLATE_HEADER } from './page-helpers.mjs';
import { usersFile } from './parts-files.mjs';

const { openPage } = usePage();

/** In the page, before its scripts: the progress the page's worker sends. */
function recordProgress() {
  window.progressSeen = [];
  window.Worker = class extends Worker {
    constructor(...args) {
      super(...args);
      this.addEventListener('message', ({ data }) => data.type === 'progress' && window.progressSeen.push(data));
    }
  };
}

test('the page starts a worker per core with it, reads a large file in parts to the report of one pass, and asks for nothing after', async () => {
  const { page, log, close } = await openPage({ init: recordProgress });
  const loaded = log.requests.length;
  const cores = await page.evaluate(() => navigator.hardwareConcurrency);
  assert.equal(await page.evaluate(() => document.body.dataset.workers), String(cores), 'a worker per core');
  // The workers' module came with the page: the requests seen include those of workers.
  assert.ok(log.requests.some((url) => url.endsWith('/pkg/part-worker.js')), 'part-worker.js loaded with the page');

  // 9 MiB of users, few mistakes; lines repeated across the cut.
  const bytes = usersFile({ header: TEMPLATE_HEADER.split(','), bytes: 9 * (1 << 20) + 77, seed: 7, mistakes: 0.0003, names: 1e9, repeats: 0.0002 });
  const expected = withoutPool(await validate(bytes, { workers: 1 }));
  assert.ok(expected.findings.length > 5 && expected.findings.length < 200, `${expected.findings.length} findings`);
  assert.ok(expected.countsByCode['username.duplicate'] > 0, JSON.stringify(expected.countsByCode));
  await dropFiles(page, [{ name: 'parts.csv', bytes: Buffer.from(bytes) }]);
  await validated(page, 1);
  await assertPageShows(page, expected, 'parts.csv');
  const progress = await page.evaluate(() => window.progressSeen);
  if (cores > 1) assert.ok(progress.some((event) => event.users === null), `read in parts: ${JSON.stringify(progress)}`);

  assert.deepStrictEqual(log.requests.slice(loaded), [], 'requests after load');
  assert.deepStrictEqual(log.errors, []);
  await close();
});
