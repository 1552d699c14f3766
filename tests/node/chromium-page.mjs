// The page (dist/) in headless Chromium, as the page tests open it: a
// server and a browser per test file (`usePage()` in a test file's top
// level), and a fresh page per test that records its requests, errors,
// dialogs and long tasks.
import { after, before } from 'node:test';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/serve.mjs';
import { CHROMIUM } from '../../scripts/chromium.mjs';
import { root } from './common.mjs';
import { assertShows, dropInPage, fixtureFiles, readRowsInPage, summaryInPage, validationsInPage } from './page-helpers.mjs';

const site = join(root, 'dist');

/** Starts the site and the browser before the file's tests, and stops
 * them after. Returns `{openPage, browser, url}` (the last two once started). */
export function usePage() {
  if (!existsSync(join(site, 'pkg/index.js'))) {
    throw new Error('dist/ is missing: run `bash scripts/build-page.sh` first (npm test does)');
  }
  let server;
  let browser;
  before(async () => {
    server = await serve(site);
    browser = await chromium.launch(CHROMIUM);
  });
  after(async () => {
    await browser?.close();
    await server?.close();
  });
  /** A fresh page, loaded and ready. `init` runs in the page before its
   * scripts; `touch` makes it a phone's (touch events, a mobile viewport);
   * `hash` is the fragment of the address it opens (`#rule-CODE`). */
  async function openPage({ viewport = { width: 1280, height: 900 }, colorScheme = 'light', init, touch = false, hash = '' } = {}) {
    const context = await browser.newContext({ viewport, colorScheme, acceptDownloads: true, hasTouch: touch, isMobile: touch });
    const page = await context.newPage();
    const log = { requests: [], errors: [], dialogs: [] };
    page.on('request', (request) => log.requests.push(request.url()));
    page.on('pageerror', (error) => log.errors.push(error.message));
    page.on('console', (message) => message.type() === 'error' && log.errors.push(message.text()));
    page.on('dialog', (dialog) => {
      log.dialogs.push(dialog.message());
      dialog.dismiss();
    });
    await page.addInitScript(() => {
      window.longTasks = [];
      new PerformanceObserver((list) => window.longTasks.push(...list.getEntries().map((entry) => ({ start: entry.startTime, duration: entry.duration })))).observe({ type: 'longtask', buffered: true });
    });
    if (init) await page.addInitScript(init);
    await page.goto(server.url + hash);
    await page.waitForSelector('body[data-ready="true"]', { timeout: 20_000 });
    return { page, context, log, close: () => context.close() };
  }
  return {
    openPage,
    get browser() {
      return browser;
    },
    get url() {
      return server.url;
    },
  };
}

/** Drops files on the page. `files`: [{name, bytes (Buffer) | text, type}]. */
export async function dropFiles(page, files) {
  const given = files.map(({ name, bytes, text, type = '' }) => ({ name, type, base64: (bytes ?? Buffer.from(text ?? '')).toString('base64') }));
  await page.evaluate(dropInPage, given);
}

/** The number of validations the page has finished. */
export const validations = (page) => page.evaluate(validationsInPage);

/** Waits for validation number `n` to finish. */
export async function validated(page, n, timeout = 30_000) {
  await page.waitForFunction((n) => Number(document.body.dataset.validated ?? 0) >= n, n, { timeout });
}

/** Drops a fixture and waits for its report. */
export async function dropFixture(page, fixture) {
  const before = await validations(page);
  await page.evaluate(dropInPage, fixtureFiles(fixture));
  await validated(page, before + 1);
}

/** Gives the pool options of a fixture through the page's inputs. */
export async function setPool(page, options) {
  await page.evaluate(() => (document.getElementById('pool-details').open = true));
  if (options.pool !== undefined) await page.fill('#pool-json', options.pool);
  if (options.header !== undefined) await page.fill('#header-json', options.header);
  if (options.mfa !== undefined) await page.selectOption('#setting-mfa', options.mfa.toUpperCase());
  if (options.autoVerified !== undefined) {
    await page.selectOption('#setting-auto-verified', options.autoVerified.length === 0 ? 'none' : options.autoVerified.join(','));
  }
  if (options.caseSensitive !== undefined) await page.selectOption('#setting-case-sensitive', String(options.caseSensitive));
  if (options.passwordHashAlgorithm !== undefined) await page.selectOption('#setting-hash', options.passwordHashAlgorithm.toUpperCase());
}

/** Every row of the report table, as [line, status, column, code, message, value]. */
export const readRows = (page) => page.evaluate(readRowsInPage);

/** The outcome's numbers, as the summary shows them. */
export async function summaryNumbers(page) {
  return (await page.evaluate(summaryInPage)).outcome;
}

/** The page's summary and rows against a golden report. */
export async function assertPageShows(page, expected, name) {
  assertShows(await page.evaluate(summaryInPage), await readRows(page), expected, name);
}
