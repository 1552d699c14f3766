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

const { rules } = await import(new URL('pkg/node.js', root));
const sourceUrl = new URL('src/npm/index.d.ts', root);
const source = readFileSync(sourceUrl, 'utf8');
const start = source.indexOf('\n', source.indexOf('// rule-codes:start')) + 1;
const end = source.indexOf('// rule-codes:end');
const listed = source.slice(start, end);
const union = `${rules().map((rule) => `  | '${rule.code}'`).join('\n')};\n`;
if (listed !== union) {
  if (process.env.UPDATE_TYPES) {
    writeFileSync(sourceUrl, source.slice(0, start) + union + source.slice(end));
    console.error('src/npm/index.d.ts: RuleCode updated from the rule table; run the build again');
  } else {
    console.error('src/npm/index.d.ts: RuleCode does not list the rule table\'s codes; run UPDATE_TYPES=1 npm run build');
  }
  process.exit(1);
}

const wasm = readFileSync(new URL('pkg/wasm/cognito_csv_validator_bg.wasm', root));
const kb = (bytes) => `${(bytes / 1024).toFixed(1)} KiB`;
console.log(`pkg/: cognito-csv-validator ${version}; .wasm ${kb(wasm.length)}, ${kb(gzipSync(wasm, { level: 9 }).length)} gzipped`);
