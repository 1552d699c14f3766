// The package's TypeScript declarations: tsc checks a usage file against
// them (and that they refuse what usage.ts marks @ts-expect-error). That
// RuleCode lists the rule table's codes is checked by the build itself
// (scripts/finish-package.mjs), which npm test runs first.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { root, run } from './common.mjs';

test('tsc --noEmit accepts the usage file against the package types', async () => {
  const tsc = join(root, 'node_modules/typescript/bin/tsc');
  const result = await run(process.execPath, [tsc, '-p', 'tests/node/tsconfig.json']);
  assert.equal(result.stdout.toString('utf8') + result.stderr, '');
  assert.equal(result.status, 0);
});
