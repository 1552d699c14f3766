// The packed tarball, as a user gets it: it installs into a new project,
// where an ESM import, the `bin` and a bundler (Vite) all work.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/serve.mjs';
import { CHROMIUM } from '../../scripts/chromium.mjs';
import { packageDir, root, run, withoutPool } from './common.mjs';
import { TEMPLATE_HEADER } from './page-helpers.mjs';
import { usersFile } from './parts-files.mjs';

const scratch = mkdtempSync(join(tmpdir(), 'ccv-pack-'));
const project = join(scratch, 'project');
let tarball;
let packed;
after(() => rmSync(scratch, { recursive: true, force: true }));

const npm = (args, cwd) => run('npm', [...args, '--no-audit', '--no-fund', '--loglevel=error'], { cwd });

before(async () => {
  const pack = await npm(['pack', packageDir, '--pack-destination', scratch, '--json'], root);
  assert.equal(pack.status, 0, pack.stderr);
  [packed] = JSON.parse(pack.stdout);
  tarball = join(scratch, packed.filename);
  mkdirSync(project);
  writeFileSync(join(project, 'package.json'), JSON.stringify({ name: 'user-project', private: true, type: 'module' }));
  // The package has no dependencies: installing it needs no network.
  const install = await npm(['install', '--offline', tarball], project);
  assert.equal(install.status, 0, install.stderr);
});

test('the tarball holds the package files and nothing else', () => {
  // wasm-bindgen names the folder of the JavaScript the Rust code imports.
  const files = packed.files.map((file) => file.path.replace(/^wasm\/snippets\/[^/]+\//, 'wasm/snippets/*/')).sort();
  assert.deepStrictEqual(files, [
    'LICENSE',
    'README.md',
    'api.js',
    'cli.js',
    'index.d.ts',
    'index.js',
    'node.js',
    'package.json',
    'part-worker-node.js',
    'part-worker.js',
    'parts.js',
    'wasm/cognito_csv_validator.js',
    'wasm/cognito_csv_validator_bg.wasm',
    'wasm/snippets/*/src/wasm_findings.js',
  ]);
  const manifest = JSON.parse(readFileSync(join(packageDir, 'package.json'), 'utf8'));
  const cargo = readFileSync(join(root, 'Cargo.toml'), 'utf8');
  assert.equal(manifest.version, cargo.match(/^version = "([^"]+)"/m)[1]);
  assert.equal(manifest.sideEffects, false);
});

test('an ESM import works in the installed project', async () => {
  const csv = join(root, 'tests/fixtures/examples/readme.csv');
  const expected = JSON.parse(readFileSync(join(root, 'tests/fixtures/examples/readme.expected.json'), 'utf8'));
  writeFileSync(
    join(project, 'check.mjs'),
    `import { validate, rules } from 'cognito-csv-validator';
import { createReadStream } from 'node:fs';
const report = await validate(createReadStream(${JSON.stringify(csv)}));
console.log(JSON.stringify({ report, rules: rules().length }));
`,
  );
  const result = await run(process.execPath, ['check.mjs'], { cwd: project });
  assert.equal(result.stderr, '');
  const { report, rules } = JSON.parse(result.stdout);
  assert.deepStrictEqual(withoutPool(report), expected);
  assert.ok(rules > 40);
});

test('in the installed project, Node validates a file in parts with the package\'s workers', async () => {
  const csv = join(scratch, 'parts.csv');
  writeFileSync(csv, usersFile({ header: TEMPLATE_HEADER.split(','), bytes: 9 * (1 << 20), seed: 1 }));
  writeFileSync(
    join(project, 'parts.mjs'),
    `import { startWorkers, validate } from 'cognito-csv-validator';
import { openAsBlob } from 'node:fs';
const file = await openAsBlob(${JSON.stringify(csv)});
const one = await validate(file, { workers: 1 });
const workers = startWorkers(2);
let inParts = false;
const parts = await validate(file, { workers, onProgress: ({ lines }) => (inParts ||= lines === null) });
console.log(JSON.stringify({ started: await workers.ready, inParts, same: JSON.stringify(one) === JSON.stringify(parts) }));
`,
  );
  const result = await run(process.execPath, ['parts.mjs'], { cwd: project });
  assert.equal(result.stderr, '');
  assert.deepStrictEqual(JSON.parse(result.stdout), { started: 2, inParts: true, same: true });
});

test('the bin works in the installed project (npx)', async () => {
  const csv = join(root, 'tests/fixtures/examples/readme.csv');
  const expected = JSON.parse(readFileSync(join(root, 'tests/fixtures/examples/readme.expected.json'), 'utf8'));
  const result = await run('npx', ['--no-install', 'cognito-csv-validator', '--format', 'json', csv], { cwd: project });
  // npm itself may warn about the machine's npm configuration.
  assert.equal(result.stderr.replace(/^npm warn .*\n/gm, ''), '');
  assert.deepStrictEqual(withoutPool(JSON.parse(result.stdout)), expected);
  assert.equal(result.status, 1, 'the readme example has failing lines');
  const help = await run('npx', ['--no-install', 'cognito-csv-validator', '--version'], { cwd: project });
  assert.match(help.stdout.toString('utf8'), /^cognito-csv-validator \d+\.\d+\.\d+\n$/);
});

test('a Vite build of a page that imports the package runs in Chromium', async () => {
  // "sideEffects": false lets a bundler drop a module whose own exports go
  // unused: the entry's `await init()` must survive that.
  writeFileSync(join(project, 'index.html'), '<!doctype html><meta charset="utf-8"><link rel="icon" href="data:,"><script type="module" src="/main.js"></script>');
  writeFileSync(
    join(project, 'main.js'),
    `import { Validator, startWorkers, validate } from 'cognito-csv-validator';
const validator = new Validator();
validator.push(new TextEncoder().encode('cognito:username,email\\nbob,bob@\\n'));
window.result = validator.finish().countsByCode;
// A file of 9 MiB, read in parts by the package's worker, which Vite bundled.
const lines = ['cognito:username,email\\n'];
for (let user = 0, size = 0; size < 9 << 20; user += 1) size += lines[lines.push(\`user\${user},user\${user}@example.com\\n\`) - 1].length;
const workers = startWorkers(2);
let inParts = false;
validate(new Blob(lines), { workers, onProgress: ({ lines }) => (inParts ||= lines === null) }).then(async (report) => {
  window.parts = { started: await workers.ready, inParts, users: report.outcome.users, usersInFile: lines.length - 1 };
});
`,
  );
  writeFileSync(join(project, 'vite.config.js'), "export default { build: { target: 'es2022' }, logLevel: 'error' };");
  const build = await run(process.execPath, [join(root, 'node_modules/vite/bin/vite.js'), 'build'], { cwd: project });
  assert.equal(build.status, 0, build.stderr);
  const server = await serve(join(project, 'dist'));
  const browser = await chromium.launch(CHROMIUM);
  try {
    const page = await browser.newPage();
    const errors = [];
    page.on('pageerror', (error) => errors.push(error.message));
    await page.goto(server.url);
    await page.waitForFunction(() => window.result, null, { timeout: 20_000 }).catch(() => {});
    assert.deepStrictEqual(errors, []);
    const counts = await page.evaluate(() => window.result);
    assert.ok(counts['email.invalid'] >= 1, JSON.stringify(counts));
    await page.waitForFunction(() => window.parts, null, { timeout: 20_000 }).catch(() => {});
    assert.deepStrictEqual(errors, []);
    const parts = await page.evaluate(() => window.parts);
    assert.ok(parts, 'the file read in parts was validated');
    assert.deepStrictEqual(parts, { started: 2, inParts: true, users: parts.usersInFile, usersInFile: parts.usersInFile });
  } finally {
    await browser.close();
    await server.close();
  }
});
