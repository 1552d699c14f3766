// Measures the npm package's WebAssembly build against the native engine,
// in one run: native (bench/main.rs --json), the .wasm in Node, and the
// .wasm in a dedicated worker of headless Chromium, on the same file.
//
//   node bench/wasm.mjs [FILE.csv...]     (default: bench/out/users-100mb.csv)
//
// `npm run bench` builds what this needs and runs it after the native
// table. Method: the file is in the page cache; each measurement is the
// best of 3 runs (BENCH_RUNS); every run validates the whole file with the
// default pool, taking the findings after each chunk, as the command lines
// and the page do. Node reads the file with fs in chunks; the worker gets it
// as a Blob (a dropped File is one) and reads slices of it through the
// package's validate(). "wasm memory" is the module's linear memory at the
// end (it never shrinks, so it is the peak).
import { openSync, readSync, closeSync, readFileSync, statSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { cpus } from 'node:os';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium } from 'playwright-core';
import { serve } from '../scripts/serve.mjs';
import { CHROMIUM } from '../scripts/chromium.mjs';
import { initSync, Validator } from '../pkg/wasm/cognito_csv_validator.js';

const root = fileURLToPath(new URL('../', import.meta.url));
const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const CHUNK_SIZES = (process.env.BENCH_CHUNKS ?? '262144,1048576,4194304').split(',').map(Number);
const files = process.argv.slice(2);
if (files.length === 0) files.push('bench/out/users-100mb.csv');

const wasmExports = initSync({ module: readFileSync(new URL('../pkg/wasm/cognito_csv_validator_bg.wasm', import.meta.url)) });

/** The native engine on the file: best of RUNS, from bench/main.rs. */
function native(path) {
  const output = execFileSync(`${root}target/release/examples/bench`, ['--json', path], {
    env: { ...process.env, BENCH_RUNS: String(RUNS) },
    encoding: 'utf8',
  });
  return JSON.parse(output.trim().split('\n').at(-1));
}

/** The .wasm in this Node process: the file read with fs, `chunk` bytes at a time. */
function inNode(path, chunk) {
  const buffer = new Uint8Array(chunk);
  let best = Infinity;
  let findings = 0;
  for (let run = 0; run < RUNS; run += 1) {
    const started = performance.now();
    const file = openSync(path, 'r');
    const validator = new Validator({});
    findings = 0;
    for (;;) {
      const read = readSync(file, buffer, 0, chunk, null);
      if (read === 0) break;
      validator.push(buffer.subarray(0, read));
      findings += validator.takeFindings().length;
    }
    closeSync(file);
    findings += validator.finish().findings.length;
    validator.free();
    best = Math.min(best, (performance.now() - started) / 1000);
  }
  return { seconds: best, findings, memory: wasmExports.memory.buffer.byteLength };
}

/** The .wasm in a dedicated worker of headless Chromium, through validate(). */
async function inWorker(page, url, chunk) {
  return page.evaluate(
    ([url, chunk, runs]) =>
      new Promise((resolve, reject) => {
        const worker = new Worker('/bench/worker.js', { type: 'module' });
        worker.onmessage = ({ data }) => {
          worker.terminate();
          if (data.error) reject(new Error(data.error));
          else resolve(data);
        };
        worker.onerror = (event) => reject(new Error(event.message));
        worker.postMessage({ url, chunk, runs });
      }),
    [url, chunk, RUNS],
  );
}

const mb = (bytes) => bytes / 1e6;
const row = (cells) => console.log(cells.map((cell, index) => (index === 0 ? cell.padEnd(34) : cell.padStart(12))).join(''));

console.log(`machine: ${cpus()[0].model}, ${cpus().length} cores; node ${process.version}; ${execFileSync(CHROMIUM.executablePath, ['--version'], { encoding: 'utf8' }).trim()}`);
console.log(`method: best of ${RUNS} runs per figure, default pool, findings taken per chunk; ratio = wasm MB/s / native MB/s`);
const wasmFile = statSync(new URL('../pkg/wasm/cognito_csv_validator_bg.wasm', import.meta.url)).size;
console.log(`wasm: pkg/wasm/cognito_csv_validator_bg.wasm, ${(wasmFile / 1024).toFixed(1)} KiB`);

const server = await serve(root);
const browser = await chromium.launch(CHROMIUM);
try {
  const page = await browser.newPage();
  await page.goto(`${server.url}bench/browser.html`);
  for (const path of files) {
    const bytes = statSync(path).size;
    const baseline = native(path);
    const nativeSpeed = mb(bytes) / baseline.engineSeconds;
    console.log(`\n${basename(path)}: ${mb(bytes).toFixed(1)} MB, ${baseline.users} users, ${baseline.findings} findings`);
    row(['where', 'chunk', 'seconds', 'MB/s', 'ratio', 'wasm memory']);
    row(['native engine (bench/main.rs)', '1 MiB', baseline.engineSeconds.toFixed(3), nativeSpeed.toFixed(0), '1.00x', '-']);
    for (const chunk of CHUNK_SIZES) {
      const result = inNode(path, chunk);
      if (result.findings !== baseline.findings) throw new Error(`Node: ${result.findings} findings, native ${baseline.findings}`);
      const speed = mb(bytes) / result.seconds;
      row(['wasm in Node', `${chunk / 1024} KiB`, result.seconds.toFixed(3), speed.toFixed(0), `${(speed / nativeSpeed).toFixed(2)}x`, `${mb(result.memory).toFixed(1)} MB`]);
    }
    const url = `/${path.replace(/^\.?\//, '').replace(root, '')}`;
    for (const chunk of CHUNK_SIZES) {
      const result = await inWorker(page, url, chunk);
      if (result.findings !== baseline.findings) throw new Error(`worker: ${result.findings} findings, native ${baseline.findings}`);
      const speed = mb(bytes) / result.seconds;
      row(['wasm in a Chromium worker', `${chunk / 1024} KiB`, result.seconds.toFixed(3), speed.toFixed(0), `${(speed / nativeSpeed).toFixed(2)}x`, `${mb(result.memory).toFixed(1)} MB`]);
    }
  }
} finally {
  await browser.close();
  await server.close();
}
