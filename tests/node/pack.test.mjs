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
    `import { Validator } from 'cognito-csv-validator';
const validator = new Validator();
validator.push(new TextEncoder().encode('cognito:username,email\\nbob,bob@\\n'));
window.result = validator.finish().countsByCode;
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
  } finally {
    await browser.close();
    await server.close();
  }
});
