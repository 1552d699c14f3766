// Takes the README's picture of the page (docs/page.png): a generated file
// of 20,000 users, 10% of them with an error, validated in headless
// Chromium at 1280 × 900, with a finding selected.
// `node scripts/screenshot.mjs` after `bash scripts/build-page.sh` and
// `cargo build --release --examples`.
import { execFileSync } from 'node:child_process';
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from './serve.mjs';
import { CHROMIUM } from './chromium.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const csv = join(root, 'target/screenshot/users.csv');
mkdirSync(join(root, 'target/screenshot'), { recursive: true });
execFileSync(join(root, 'target/release/examples/generate'), ['--users', '20000', '--bytes', '4000000', '--errors', '0.1', csv]);

const server = await serve(join(root, 'dist'));
const browser = await chromium.launch(CHROMIUM);
try {
  const page = await browser.newPage({ viewport: { width: 1280, height: 900 }, deviceScaleFactor: 1 });
  await page.goto(server.url);
  await page.waitForSelector('body[data-ready="true"]');
  await page.setInputFiles('#file-input', csv);
  await page.waitForSelector('body[data-validated="1"]');
  await page.focus('#grid');
  for (let row = 0; row < 4; row += 1) await page.keyboard.press('ArrowDown');
  // From the summary to the selected finding's details, in page coordinates.
  const top = await page.evaluate(() => document.getElementById('summary').getBoundingClientRect().top + scrollY);
  const bottom = await page.evaluate(() => document.getElementById('details').getBoundingClientRect().bottom + scrollY);
  const path = join(root, 'docs/page.png');
  await page.screenshot({ path, fullPage: true, clip: { x: 0, y: top - 8, width: 1280, height: bottom - top + 16 } });
  console.log(`wrote ${path}`);
} finally {
  await browser.close();
  await server.close();
}
