// Times "Make it importable" on the real page (dist/) in headless Chromium,
// against validating the same file there, in the same run.
//
//   node bench/fix-page.mjs [FILE.csv...]     (default: bench/out/users-100mb.csv)
//
// Method (bench/page.mjs's, for the drop): dist/ is served as the page is;
// the file is dropped on the page and the time runs to the summary shown
// ("validate"). Then "Make the files" is pressed, and the time runs from the
// press to the result shown, its downloads ready ("fix": the worker reads
// the file again, fixes it and keeps each output as a Blob). Each run is in
// a fresh browser context; best of BENCH_RUNS (3) each. "worker heap" is
// the worker's JavaScript heap after the fix (CDP), where the outputs'
// Blobs are referenced (their bytes are the browser's, outside it).
import { statSync } from 'node:fs';
import { cpus } from 'node:os';
import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../scripts/serve.mjs';
import { CHROMIUM } from '../scripts/chromium.mjs';
import { dropAndTime, openPage } from './page-driver.mjs';

const dist = fileURLToPath(new URL('../dist/', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const files = process.argv.slice(2);
if (files.length === 0) files.push('bench/out/users-100mb.csv');

/** Presses "Make the files" and waits for the result: seconds. */
async function fixAndTime(page) {
  return page.evaluate(
    () =>
      new Promise((done) => {
        const result = document.querySelector('#fix-result');
        const message = document.querySelector('#fix-message');
        const started = performance.now();
        const observer = new MutationObserver(() => {
          if (!result.hidden || !message.hidden) {
            observer.disconnect();
            done({ seconds: (performance.now() - started) / 1000, error: result.hidden ? message.textContent : null });
          }
        });
        observer.observe(document.querySelector('#fix-panel'), { subtree: true, attributes: true, attributeFilter: ['hidden'] });
        document.querySelector('#fix-start').click();
      }),
  );
}

const server = await serve(dist);
const browser = await chromium.launch(CHROMIUM);
console.log(`machine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores; ${browser.version()}`);
console.log(`method: drop to summary, then "Make the files" to its result, fresh context per run, best of ${RUNS}`);
console.log(['file'.padEnd(28), 'MB'.padStart(6), 'validate s'.padStart(11), 'fix s'.padStart(8), 'ratio'.padStart(7)].join(' '));
try {
  for (const path of files) {
    let validated = Infinity;
    let fixed = Infinity;
    for (let run = 0; run < RUNS; run += 1) {
      const context = await browser.newContext();
      const page = await openPage(context, server.url);
      validated = Math.min(validated, (await dropAndTime(page, resolve(path))).seconds);
      const result = await fixAndTime(page);
      if (result.error) throw new Error(`${path}: ${result.error}`);
      fixed = Math.min(fixed, result.seconds);
      await context.close();
    }
    console.log(
      [
        basename(path).padEnd(28),
        (statSync(path).size / 1e6).toFixed(1).padStart(6),
        validated.toFixed(3).padStart(11),
        fixed.toFixed(3).padStart(8),
        `${(fixed / validated).toFixed(2)}x`.padStart(7),
      ].join(' '),
    );
  }
} finally {
  await browser.close();
  await server.close();
}
