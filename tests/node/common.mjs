// Shared by the Node tests: the fixtures of tests/fixtures, their options,
// the built package and the native command line.
import { readdirSync, readFileSync, existsSync } from 'node:fs';
import { spawn } from 'node:child_process';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { seeded } from './parts-files.mjs';

export const root = fileURLToPath(new URL('../../', import.meta.url));
export const packageDir = join(root, 'pkg');
export const packageCli = join(packageDir, 'cli.js');
/** The native command line, as `cargo test` builds it (scripts/test.sh runs that first). */
export const nativeCli = process.env.NATIVE_CLI ?? join(root, 'target/debug/cognito-csv-validator');

if (!existsSync(join(packageDir, 'node.js'))) {
  throw new Error('pkg/ is missing: run `npm run build` first (npm test does)');
}
if (!existsSync(nativeCli)) {
  throw new Error(`${nativeCli} is missing: run \`cargo test\` first (npm test does), or set NATIVE_CLI`);
}

/** A report as golden files hold it: without the pool, which each
 * fixture's options give. */
export function withoutPool(report) {
  const { pool, ...rest } = report;
  return rest;
}

/** Every fixture CSV under tests/fixtures, with its golden report (the
 * JSON report without the pool). */
export function fixtures() {
  const found = [];
  const walk = (folder) => {
    for (const entry of readdirSync(folder, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      const path = join(folder, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.name.endsWith('.csv')) found.push(path);
    }
  };
  walk(join(root, 'tests/fixtures'));
  return found.map((csv) => ({
    csv,
    name: relative(join(root, 'tests/fixtures'), csv),
    expected: JSON.parse(readFileSync(sibling(csv, 'expected.json'), 'utf8')),
    ...optionsFor(csv),
  }));
}

/** The `list-users` outputs among fix's fixtures (tests/fix-fixtures/list-users,
 * and those fix stops at in tests/fix-fixtures/stops), with their options. */
export function listUsersFixtures() {
  const folder = join(root, 'tests/fix-fixtures');
  const found = [];
  for (const sub of ['list-users', 'stops']) {
    for (const name of readdirSync(join(folder, sub)).sort()) {
      if (name.endsWith('.json') && !name.endsWith('.options.json')) found.push(join(folder, sub, name));
    }
  }
  return found.map((path) => ({ path, name: relative(folder, path), ...optionsFor(path) }));
}

function sibling(csv, extension) {
  return csv.replace(/\.(csv|json)$/, `.${extension}`);
}

/** A fixture's `x.options.json` as `new Validator()` options (pool files
 * read as text, and fix's options, `"fix": {...}`, beside them) and as
 * command-line arguments. */
function optionsFor(csv) {
  const path = sibling(csv, 'options.json');
  if (!existsSync(path)) return { options: {}, args: [] };
  const { fix = {}, ...given } = JSON.parse(readFileSync(path, 'utf8'));
  const options = { ...given, ...fix };
  const args = [];
  for (const key of ['pool', 'header']) {
    if (given[key] === undefined) continue;
    const file = join(dirname(path), given[key]);
    options[key] = readFileSync(file, 'utf8');
    args.push(`--${key}`, file);
  }
  if (given.mfa !== undefined) args.push('--mfa', given.mfa);
  if (given.autoVerified !== undefined) args.push(`--auto-verified=${given.autoVerified.join(',')}`);
  if (given.caseSensitive !== undefined) args.push(given.caseSensitive ? '--case-sensitive' : '--case-insensitive');
  if (given.passwordHashAlgorithm !== undefined) args.push('--password-hash-algorithm', given.passwordHashAlgorithm);
  // keepUnconfirmed: true → --keep-unconfirmed; maxUsers: 2 → --max-users 2.
  for (const [key, value] of Object.entries(fix)) {
    const flag = `--${key.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}`;
    if (value === true) args.push(flag);
    else if (value !== false) args.push(flag, Array.isArray(value) ? value.join(',') : String(value));
  }
  return { options, args };
}

/** Runs a program to its end: `{ status, stdout, stderr }` (stdout as bytes). */
export function run(program, args, { input, cwd = root } = {}) {
  return new Promise((resolve, reject) => {
    const child = spawn(program, args, { cwd });
    const stdout = [];
    const stderr = [];
    child.stdout.on('data', (chunk) => stdout.push(chunk));
    child.stderr.on('data', (chunk) => stderr.push(chunk));
    child.on('error', reject);
    child.on('close', (status) =>
      resolve({ status, stdout: Buffer.concat(stdout), stderr: Buffer.concat(stderr).toString('utf8') }),
    );
    child.stdin.end(input);
  });
}

/** The package's command line, run by this Node. */
export function runPackageCli(args, options) {
  return run(process.execPath, [packageCli, ...args], options);
}

/** A small seeded generator (mulberry32), so that a failure can be replayed
 * with TEST_SEED. */
/** `bytes` cut at offsets `random()` picks into pieces of 1 to `largest` bytes. */
export function randomPieces(bytes, largest, random) {
  const pieces = [];
  for (let start = 0; start < bytes.length; ) {
    const end = Math.min(bytes.length, start + 1 + Math.floor(random() * largest));
    pieces.push(bytes.subarray(start, end));
    start = end;
  }
  return pieces;
}

export function seededRandom(label) {
  const seed = Number(process.env.TEST_SEED ?? Math.floor(Math.random() * 2 ** 32));
  console.log(`${label}: TEST_SEED=${seed}`);
  return seeded(seed);
}

/** Runs `task` over `items`, `limit` at a time. */
export async function eachLimited(items, limit, task) {
  let next = 0;
  const workers = Array.from({ length: limit }, async () => {
    while (next < items.length) await task(items[next++]);
  });
  await Promise.all(workers);
}
