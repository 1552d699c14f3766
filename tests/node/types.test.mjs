// The package's TypeScript declarations: tsc checks a usage file against
// them (and that they refuse what usage.ts marks @ts-expect-error).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { rules } from '../../pkg/node.js';
import { root, run } from './common.mjs';

test('tsc --noEmit accepts the usage file against the package types', async () => {
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  const result = await run(process.execPath, [tsc, '-p', 'tests/node/tsconfig.json']);
  assert.equal(result.stdout.toString('utf8') + result.stderr, '');
  assert.equal(result.status, 0);
});

test('RuleCode lists exactly the rule table\'s codes', () => {
  const types = readFileSync(join(root, 'pkg/index.d.ts'), 'utf8');
  const listed = [...types.matchAll(/^\s+\| '([a-z_.0-9]+)';?$/gm)].map((match) => match[1]);
  assert.deepStrictEqual(listed, rules().map((rule) => rule.code));
});
