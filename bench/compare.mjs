// This project side by side with what users would otherwise write: a
// Papa Parse validator in a Web Worker (bench/baseline/papaparse-*.js) and
// a Python one on the csv module (bench/baseline/validate.py), on the same
// files, in one run, printed as one table.
//
//   node bench/compare.mjs [FILE.csv...]   (`npm run bench:compare` makes the standard files and runs this)
//
// Method:
// - Every file is read once first, so that it is in the page cache.
// - Each validator runs BENCH_RUNS times (default 3) per file; the time is
//   the best run; the memory, that of the run that added most.
// - In the browser, both pages run in one headless Chromium, a fresh browser
//   context per run (a new tab, a new worker). "This project's page" is
//   dist/: the time runs from the drop of the File on the page to its summary
//   shown (bench/page-driver.mjs). The Papa Parse page gets the same File
//   (disk-backed, from an <input>): its time runs from the hand-over to the
//   worker to the last findings received by the page.
// - Command lines: the native one (target/release), the npm package's bin
//   (node pkg/cli.js) and the Python script, each writing its findings as
//   CSV to a file; the time is the process's wall time, start-up included.
// - Peak memory: a command line's peak resident size (GNU time's %M); a
//   tab's, the peak resident size of its renderer process (the page and its
//   worker), reset through /proc/PID/clear_refs before the drop. "Added" is
//   that peak less the idle figure: for a command line, its peak on a file
//   of the header alone; for a tab, its renderer's size once loaded, half a
//   second later and after a garbage collection.
// - The findings are checked to agree, in every run: per rule the baselines
//   implement, the Python script's and the Papa Parse page's counts are the
//   native command line's; the npm bin's report is the native one's, byte
//   for byte; the page shows as many findings. (The command lines run first,
//   so that the native findings are known.)
import { closeSync, openSync, readFileSync, readSync, statSync, writeFileSync, mkdtempSync, rmSync } from 'node:fs';
import { spawnSync, execFileSync } from 'node:child_process';
import { cpus, totalmem, tmpdir } from 'node:os';
import { basename, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../scripts/serve.mjs';
import { CHROMIUM } from '../scripts/chromium.mjs';
import { dropAndTime, openPage } from './page-driver.mjs';
import { BASELINE_CODES } from './baseline/codes.mjs';

const root = fileURLToPath(new URL('../', import.meta.url));
const RUNS = Math.max(1, Number(process.env.BENCH_RUNS ?? 3));
const KINDS = { '': '10% errors', '-valid': 'all valid', '-all-failing': 'every line failing' };
const files = process.argv.slice(2);
if (files.length === 0) {
  for (const size of [10, 50, 100]) for (const kind of Object.keys(KINDS)) files.push(`bench/out/users-${size}mb${kind}.csv`);
}

const scratch = mkdtempSync(join(tmpdir(), 'compare-'));
const COMMAND_LINES = {
  native: { label: 'native command line', command: join(root, 'target/release/cognito-csv-validator'), args: ['--format', 'csv'] },
  npm: { label: 'npm bin (wasm in Node)', command: process.execPath, args: [join(root, 'pkg/cli.js'), '--format', 'csv'] },
  python: { label: 'Python csv script', command: 'python3', args: [join(root, 'bench/baseline/validate.py')] },
};

/** Runs a command line on `file`, its CSV findings into `out`: `{ seconds, peak }`. */
function runCommandLine({ command, args }, file, out) {
  const output = openSync(out, 'w');
  const timeFile = join(scratch, 'time');
  const started = performance.now();
  const result = spawnSync('/usr/bin/time', ['-f', '%M', '-o', timeFile, command, ...args, file], { stdio: ['ignore', output, 'pipe'] });
  const seconds = (performance.now() - started) / 1000;
  closeSync(output);
  // 0: all imported; 1: findings. Anything else is a failure to run.
  // A crash can exit 1 too (Python's does): anything on stderr fails the run.
  if ((result.status !== 0 && result.status !== 1) || result.stderr.length > 0) {
    throw new Error(`${command} ${file}: exit ${result.status}: ${result.stderr}`);
  }
  // GNU time writes "Command exited with non-zero status 1" first when it did.
  const peakKiB = Number(readFileSync(timeFile, 'utf8').trim().split('\n').at(-1));
  return { seconds, peak: peakKiB * 1024 };
}

/** Counts per rule in a CSV report (`line,column,code,severity,message`). */
function countsOfCsv(path) {
  const counts = {};
  for (const row of readFileSync(path, 'utf8').split('\n').slice(1)) {
    const code = /^\d*,(?:"(?:[^"]|"")*"|[^,]*),([a-z_.]+),/.exec(row)?.[1];
    if (code) counts[code] = (counts[code] ?? 0) + 1;
  }
  return counts;
}

/** Only the rules the baselines implement, in a stable order. */
const baselineCounts = (counts) =>
  Object.fromEntries(Object.entries(counts).filter(([code]) => BASELINE_CODES.has(code)).sort(([a], [b]) => a.localeCompare(b)));

function assertSameCounts(what, found, expected, file) {
  const [a, b] = [JSON.stringify(baselineCounts(found)), JSON.stringify(baselineCounts(expected))];
  if (a !== b) throw new Error(`${basename(file)}: ${what} found ${a}, the native command line ${b}`);
}

// The renderer processes, and their sizes, from /proc.
async function rendererIds(cdp) {
  const { processInfo } = await cdp.send('SystemInfo.getProcessInfo');
  return processInfo.filter((process) => process.type === 'renderer').map((process) => process.id);
}
function statusBytes(pid, field) {
  try {
    const match = new RegExp(`${field}:\\s+(\\d+) kB`).exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return match ? Number(match[1]) * 1024 : 0;
  } catch {
    return 0; // the process has ended
  }
}

/** Runs `measured` in `page`'s tab: `{ result, idle, peak }` of the renderer that grew most (the tab's).
 * The idle sizes are read once the page has settled and its heap was collected. */
async function inRenderer(cdp, page, measured) {
  await new Promise((resolve) => setTimeout(resolve, 500));
  const session = await page.context().newCDPSession(page);
  await session.send('HeapProfiler.collectGarbage');
  await session.detach();
  const pids = await rendererIds(cdp);
  const idle = new Map(pids.map((pid) => [pid, statusBytes(pid, 'VmRSS')]));
  for (const pid of pids) writeFileSync(`/proc/${pid}/clear_refs`, '5'); // the peak (VmHWM) restarts from now
  const result = await measured();
  let tab = { idle: 0, peak: 0 };
  for (const pid of pids) {
    const peak = statusBytes(pid, 'VmHWM');
    if (peak - idle.get(pid) > tab.peak - tab.idle) tab = { idle: idle.get(pid), peak };
  }
  return { result, ...tab };
}

const warm = (file) => {
  const buffer = Buffer.alloc(1 << 20);
  const descriptor = openSync(file, 'r');
  while (readSync(descriptor, buffer) > 0);
  closeSync(descriptor);
};

const mb = (bytes) => bytes / 1e6;
const pad = (cells, widths) => cells.map((cell, index) => (index < 2 ? String(cell).padEnd(widths[index]) : String(cell).padStart(widths[index]))).join('  ');
const WIDTHS = [30, 30, 8, 7, 9, 9, 8];

const machine = `${cpus()[0].model}, ${cpus().length} cores, ${(totalmem() / 2 ** 30).toFixed(0)} GiB`;
const python = execFileSync('python3', ['--version'], { encoding: 'utf8' }).trim();
const papaparse = JSON.parse(readFileSync(join(root, 'node_modules/papaparse/package.json'), 'utf8')).version;

const server = await serve(root);
const pageServer = await serve(join(root, 'dist'));
const browser = await chromium.launch(CHROMIUM);
const cdp = await browser.newBrowserCDPSession();
const results = [];
try {
  console.log(`machine: ${machine}; Node ${process.version}; ${python}; Chromium ${browser.version()} (headless); Papa Parse ${papaparse}`);
  console.log(`method: best time of ${RUNS} runs; memory of the run that added most; see bench/compare.mjs\n`);
  console.log(pad(['file', 'validator', 'seconds', 'MB/s', 'peak MB', 'added MB', '÷ page'], WIDTHS));

  // What each command line holds on a file of the header alone.
  const headerOnly = join(scratch, 'header-only.csv');
  writeFileSync(headerOnly, `${readFileSync(resolve(files[0]), 'utf8').slice(0, 4096).split('\n')[0]}\n`);
  const idle = {};
  for (const [name, commandLine] of Object.entries(COMMAND_LINES)) {
    idle[name] = Math.max(...Array.from({ length: RUNS }, () => runCommandLine(commandLine, headerOnly, join(scratch, 'idle.csv')).peak));
  }

  for (const file of files) {
    const path = resolve(file);
    const bytes = statSync(path).size;
    warm(path);
    const rows = {};
    // The best time; the memory of the run that added most (its peak with it).
    const best = (runs) => {
      const most = runs.reduce((a, b) => (b.added > a.added ? b : a));
      return { seconds: Math.min(...runs.map((run) => run.seconds)), peak: most.peak, added: most.added, idle: most.peak - most.added };
    };

    // The command lines; the native one's findings are the reference every
    // other run is checked against.
    let native;
    for (const [name, commandLine] of Object.entries(COMMAND_LINES)) {
      const runs = [];
      const output = join(scratch, `${name}.csv`);
      for (let run = 0; run < RUNS; run += 1) {
        const measured = runCommandLine(commandLine, path, output);
        runs.push({ ...measured, added: measured.peak - idle[name] });
        if (name === 'native') {
          native ??= { counts: countsOfCsv(output), report: readFileSync(output) };
        } else if (name === 'npm') {
          if (!readFileSync(output).equals(native.report)) throw new Error(`${file}: the npm bin's report is not the native one's`);
        } else {
          assertSameCounts('the Python script', countsOfCsv(output), native.counts, file);
        }
      }
      rows[name] = { label: commandLine.label, ...best(runs) };
    }
    const nativeTotal = Object.values(native.counts).reduce((sum, count) => sum + count, 0);

    // This project's page, then the Papa Parse page, in the same browser.
    const pageRuns = [];
    for (let run = 0; run < RUNS; run += 1) {
      const context = await browser.newContext();
      const page = await openPage(context, pageServer.url);
      const { result, idle: tabIdle, peak } = await inRenderer(cdp, page, () => dropAndTime(page, path));
      if (result.findings !== nativeTotal) throw new Error(`${file}: the page shows ${result.findings} findings, the native command line ${nativeTotal}`);
      pageRuns.push({ seconds: result.seconds, peak, added: peak - tabIdle });
      await context.close();
    }
    rows.page = { label: "this project's page", ...best(pageRuns) };

    const papaRuns = [];
    for (let run = 0; run < RUNS; run += 1) {
      const context = await browser.newContext();
      const page = await context.newPage();
      page.setDefaultTimeout(600_000);
      await page.goto(`${server.url}bench/baseline/papaparse.html`);
      await page.waitForFunction(() => window.papaParseReady === true);
      const input = await page.evaluateHandle(() => Object.assign(document.createElement('input'), { type: 'file' }));
      await input.setInputFiles(path);
      const { result, idle: tabIdle, peak } = await inRenderer(cdp, page, () =>
        page.evaluate(async (input) => {
          const { seconds, findings } = await window.validateWithPapaParse(input.files[0]);
          const counts = {};
          for (const { code } of findings) counts[code] = (counts[code] ?? 0) + 1;
          return { seconds, counts };
        }, input),
      );
      assertSameCounts('the Papa Parse page', result.counts, native.counts, file);
      papaRuns.push({ seconds: result.seconds, peak, added: peak - tabIdle });
      await context.close();
    }
    rows.papaparse = { label: 'Papa Parse in a worker', ...best(papaRuns) };

    const size = /(\d+)mb/.exec(basename(file))?.[1];
    const kind = KINDS[/mb(-valid|-all-failing)?\.csv$/.exec(basename(file))?.[1] ?? ''];
    const title = size && kind ? `${size} MB, ${kind}` : basename(file);
    for (const name of ['page', 'papaparse', 'native', 'npm', 'python']) {
      const row = rows[name];
      console.log(pad([name === 'page' ? title : '', row.label, row.seconds.toFixed(2), (mb(bytes) / row.seconds).toFixed(1), mb(row.peak).toFixed(0), mb(row.added).toFixed(0), (row.seconds / rows.page.seconds).toFixed(2)], WIDTHS));
    }
    results.push({ file, title, bytes, rows });
  }

  const tabs = (name) => {
    const idles = results.map(({ rows }) => mb(rows[name].idle));
    return `${Math.min(...idles).toFixed(0)}–${Math.max(...idles).toFixed(0)} MB`;
  };
  console.log(`\nidle: a tab of this project's page ${tabs('page')}, of the Papa Parse page ${tabs('papaparse')}; command lines on a header-only file: ${Object.entries(idle).map(([name, bytes]) => `${COMMAND_LINES[name].label} ${mb(bytes).toFixed(0)} MB`).join(', ')}`);
  console.log('findings: in every run, the same counts per rule as the native command line (the rules the baselines implement), and the npm bin\'s report byte for byte');
  printTargets(results);
} finally {
  await browser.close();
  await server.close();
  await pageServer.close();
  rmSync(scratch, { recursive: true, force: true });
}

/** The issue's targets, on the 100 MB files: met or missed, with the figures. */
function printTargets(results) {
  console.log('\ntargets (100 MB files):');
  for (const { title, rows } of results.filter(({ bytes }) => bytes > 90e6)) {
    const times = (slow, fast) => rows[slow].seconds / rows[fast].seconds;
    const checks = [
      [`page ${times('papaparse', 'page').toFixed(1)}x faster than Papa Parse`, times('papaparse', 'page') >= 5],
      [`native ${times('python', 'native').toFixed(1)}x faster than Python`, times('python', 'native') >= 10],
      [`npm bin ${times('python', 'npm').toFixed(1)}x faster than Python`, times('python', 'npm') >= 10],
      [`memory added: page ${mb(rows.page.added).toFixed(0)} MB vs Papa Parse ${mb(rows.papaparse.added).toFixed(0)} MB`, rows.page.added < rows.papaparse.added],
      [`native ${mb(rows.native.added).toFixed(0)} MB and npm bin ${mb(rows.npm.added).toFixed(0)} MB vs Python ${mb(rows.python.added).toFixed(0)} MB`, Math.max(rows.native.added, rows.npm.added) < rows.python.added],
    ];
    console.log(`  ${title}: ${checks.map(([text, met]) => `${text} (${met ? 'met' : 'MISSED'})`).join('; ')}`);
  }
}
