// The last step of scripts/build-package.sh: stamps the crate's version on
// the package, checks that the types list exactly the engine's rule codes,
// and prints the .wasm's size.
import { readFileSync, writeFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';

const root = new URL('../', import.meta.url);
const cargo = readFileSync(new URL('Cargo.toml', root), 'utf8');
const version = cargo.match(/^version = "([^"]+)"/m)[1];
const manifestUrl = new URL('pkg/package.json', root);
const manifest = JSON.parse(readFileSync(manifestUrl, 'utf8'));
manifest.version = version;
writeFileSync(manifestUrl, `${JSON.stringify(manifest, null, 2)}\n`);

const { rules, fixes } = await import(new URL('pkg/node.js', root));
const sourceUrl = new URL('src/npm/index.d.ts', root);
let source = readFileSync(sourceUrl, 'utf8');
// Each union of codes in the types lists its table's codes, in order.
let stale = false;
for (const [name, marker, codes] of [
  ['RuleCode', 'rule-codes', rules().map((rule) => rule.code)],
  ['FixCode', 'fix-codes', fixes().map((fix) => fix.code)],
]) {
  const start = source.indexOf('\n', source.indexOf(`// ${marker}:start`)) + 1;
  const end = source.indexOf(`// ${marker}:end`);
  const union = `${codes.map((code) => `  | '${code}'`).join('\n')};\n`;
  if (source.slice(start, end) !== union) {
    stale = true;
    source = source.slice(0, start) + union + source.slice(end);
    console.error(`src/npm/index.d.ts: ${name} does not list the table's codes${process.env.UPDATE_TYPES ? ' (updated; run the build again)' : '; run UPDATE_TYPES=1 npm run build'}`);
  }
}
if (stale) {
  if (process.env.UPDATE_TYPES) writeFileSync(sourceUrl, source);
  process.exit(1);
}

const wasm = readFileSync(new URL('pkg/wasm/cognito_csv_validator_bg.wasm', root));
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
console.log(`pkg/: cognito-csv-validator ${version}; .wasm ${kb(wasm.length)}, ${kb(gzipSync(wasm, { level: 9 }).length)} gzipped`);
