// Measures the npm package's fix() against its validate() on the same files,
// in one Node process, taking turns.
//
//   node bench/fix.mjs [FILE.csv...]     (default: bench/out/users-100mb.csv)
//
// `npm run bench` builds the package and runs this after the native tables.
// Method: each file is read from the page cache as a Blob (as the page and
// a caller with a File have it), in the package's 1 MiB chunks; validate()
// takes the findings as they come (onFindings), fix() counts the bytes of
// each output it hands to onChunk without writing them, so that the disk
// is not measured. Best of BENCH_RUNS (3) runs each; "wasm memory" is the
// module's linear memory at the end (it never shrinks: the peak of both).
import { openAsBlob, readFileSync, statSync } from 'node:fs';
import { cpus } from 'node:os';
import { basename } from 'node:path';
import { fix, validate } from '../pkg/node.js';
import { initSync } from '../pkg/wasm/cognito_csv_validator.js';

// The package initialised the module already: this gives its exports.
const { memory } = initSync({ module: readFileSync(new URL('../pkg/wasm/cognito_csv_validator_bg.wasm', import.meta.url)) });

const RUNS = Number(process.env.BENCH_RUNS ?? 3);
const files = process.argv.slice(2);
if (files.length === 0) files.push('bench/out/users-100mb.csv');

async function timeValidate(blob) {
  const started = performance.now();
  let findings = 0;
  await validate(blob, { onFindings: (batch) => void (findings += batch.length) });
  return { seconds: (performance.now() - started) / 1000, findings };
}

async function timeFix(blob) {
  const started = performance.now();
  const bytes = { part: 0, other: 0 };
  const { manifest, error } = await fix(blob, {
    onChunk: (chunk) => void (bytes[chunk.output === 'part' ? 'part' : 'other'] += chunk.bytes.length),
  });
  if (error) throw new Error(`fix stopped: ${error}`);
  return { seconds: (performance.now() - started) / 1000, manifest, bytes };
}

console.log(`machine: ${cpus()[0]?.model ?? 'unknown'}, ${cpus().length} cores; Node ${process.versions.node}`);
console.log(`method: the file as a Blob from the page cache, default pool and options, validate() and fix() taking turns, best of ${RUNS} runs each`);
const row = (...cells) => console.log(cells.map((cell, index) => String(cell)[index === 0 ? 'padEnd' : 'padStart'](index === 0 ? 28 : 11)).join(' '));
row('file', 'MB', 'validate s', 'fix s', 'ratio', 'imported', 'rejected', 'wasm MB');
for (const path of files) {
  const blob = await openAsBlob(path);
  let validated = Infinity;
  let fixed = null;
  for (let run = 0; run < RUNS; run += 1) {
    validated = Math.min(validated, (await timeValidate(blob)).seconds);
    const result = await timeFix(blob);
    if (!fixed || result.seconds < fixed.seconds) fixed = result;
  }
  row(
    basename(path),
    (statSync(path).size / 1e6).toFixed(1),
    validated.toFixed(3),
    fixed.seconds.toFixed(3),
    `${(fixed.seconds / validated).toFixed(2)}x`,
    fixed.manifest.imported,
    fixed.manifest.rejected,
    (memory.buffer.byteLength / 1e6).toFixed(1),
  );
}
