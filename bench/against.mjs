// Measures this checkout against another build of the project, in one run:
// the commit before a change against the change.
//
//   node bench/against.mjs OTHER [--write] [FILE.csv...]
//
// OTHER is the root of another checkout, built as this one is (`cargo build
// --release --examples`, `bash scripts/build-page.sh`); scripts/
// bench-against.sh REV makes one of a commit and runs this. The files
// default to the three 100 MB ones (bench/out/). For each file, each side
// is measured RUNS times (BENCH_RUNS, default 3), the sides taking turns,
// and the best and worst are printed:
//
// - native: the side's own bench/main.rs (`bench --json`, the engine alone
//   on 1 MiB chunks from the page cache);
// - Node: the side's npm package (pkg/), `validate()` on the file read in
//   1 MiB chunks, findings taken as objects after each one (`onFindings`),
//   as the package's callers do;
// - page: the side's dist/, in headless Chromium, from the drop of the file
//   to the summary, and the page's JS heap after it (bench/page-driver.mjs,
//   a fresh browser context per run); the heap is the page's JavaScript
//   heap after a garbage collection, and beside it the typed arrays'
//   bytes, which the page's findings are kept in and which lie outside it.
//
// With --write, the table also goes into docs/benchmarks.md, between the
// `against:start` and `against:end` marks, with the date, the machine and
// both commits.
import { execFileSync } from 'node:child_process';
import { closeSync, openSync, readFileSync, readSync, writeFileSync } from 'node:fs';
import { cpus } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../scripts/serve.mjs';
import { CHROMIUM } from '../scripts/chromium.mjs';
import { dropAndTime, openPage } from './page-driver.mjs';

const here = fileURLToPath(new URL('../', import.meta.url));
const args = process.argv.slice(2);
const write = args.includes('--write');
const [otherRoot, ...files] = args.filter((arg) => arg !== '--write');
if (!otherRoot) {
  console.error('usage: node bench/against.mjs OTHER_CHECKOUT [--write] [FILE.csv...]');
  process.exit(2);
}
if (files.length === 0) files.push('bench/out/users-100mb.csv', 'bench/out/users-100mb-valid.csv', 'bench/out/users-100mb-all-failing.csv');
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const sides = [
  { name: 'before', root: resolve(otherRoot) },
  { name: 'after', root: here },
];

const commit = (root) => execFileSync('git', ['-C', root, 'log', '-1', '--format=%h %<(60,trunc)%s'], { encoding: 'utf8' }).trim();

function native(side, path) {
  const output = execFileSync(join(side.root, 'target/release/examples/bench'), ['--json', path], {
    env: { ...process.env, BENCH_RUNS: '1' },
    encoding: 'utf8',
  });
  return JSON.parse(output.trim().split('\n').at(-1)).engineSeconds;
}

async function node(side, path) {
  side.validate ??= (await import(join(side.root, 'pkg/node.js'))).validate;
  const fd = openSync(path, 'r');
  const buffer = Buffer.allocUnsafe(1 << 20);
  async function* chunks() {
    for (;;) {
      const read = readSync(fd, buffer, 0, buffer.length, null);
      if (read === 0) return;
      yield buffer.subarray(0, read);
    }
  }
  try {
    const start = performance.now();
    await side.validate(chunks(), { onFindings: () => {} });
    return (performance.now() - start) / 1000;
  } finally {
    closeSync(fd);
  }
}

async function page(side, path, browser) {
  side.server ??= await serve(join(side.root, 'dist'));
  const context = await browser.newContext();
  try {
    return await dropAndTime(await openPage(context, side.server.url), resolve(path));
  } finally {
    await context.close();
  }
}

const seconds = (values) => `${Math.min(...values).toFixed(3)} (${Math.max(...values).toFixed(3)})`;
const browser = await chromium.launch(CHROMIUM);
const rows = [];
try {
  for (const path of files) {
    const measured = {};
    for (const side of sides) measured[side.name] = { native: [], node: [], page: [], heap: [], buffers: [], longest: [] };
    for (let run = 0; run < RUNS; run += 1) {
      // The sides take turns, so that what the machine does meanwhile falls on both.
      for (const side of run % 2 === 0 ? sides : [...sides].reverse()) {
        const into = measured[side.name];
        into.native.push(native(side, path));
        into.node.push(await node(side, path));
        const shown = await page(side, path, browser);
        into.page.push(shown.seconds);
        into.heap.push(shown.heap / 1e6);
        into.buffers.push(shown.buffers / 1e6);
        into.longest.push(shown.longest);
      }
    }
    for (const side of sides) {
      const into = measured[side.name];
      rows.push(
        `| ${basename(path)} | ${side.name} | ${seconds(into.native)} | ${seconds(into.node)} | ${seconds(into.page)} | ` +
          `${Math.min(...into.heap).toFixed(1)} + ${Math.min(...into.buffers).toFixed(1)} | ${Math.max(...into.longest).toFixed(0)} |`,
      );
    }
  }
} finally {
  await browser.close();
  for (const side of sides) side.server?.close();
}

const table = [
  `Measured ${new Date().toISOString().slice(0, 10)} by \`node bench/against.mjs\` on ${cpus()[0].model.trim()} (${cpus().length} cores), Node ${process.version}, Chromium ${browser.version()}; best of ${RUNS} runs a side, the sides taking turns (the worst in brackets).`,
  `before: \`${commit(sides[0].root)}\`; after: \`${commit(sides[1].root)}\`.`,
  '',
  '| file | build | native s | Node s | page s, drop to summary | page heap + typed arrays MB | longest page task ms |',
  '|---|---|---|---|---|---|---|',
  ...rows,
].join('\n');
console.log(table);
if (write) {
  const docs = join(here, 'docs/benchmarks.md');
  const text = readFileSync(docs, 'utf8');
  const start = text.indexOf('<!-- against:start -->');
  const end = text.indexOf('<!-- against:end -->');
  if (start < 0 || end < start) throw new Error('docs/benchmarks.md has no against:start / against:end marks');
  writeFileSync(docs, `${text.slice(0, start)}<!-- against:start -->\n${table}\n${text.slice(end)}`);
  console.log('\n(written into docs/benchmarks.md)');
}
