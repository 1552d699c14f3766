// The users already in the target pool (issue 15) through the package:
// validate(file, {existing}) gives the native report of tests/existing/
// whatever the chunking of either input, readExistingUsers() reads once for
// many files, and anything that is not list-users output is told where.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readExistingUsers, validate, Validator } from '../../pkg/node.js';
import { randomPieces, root, seededRandom, withoutPool } from './common.mjs';

const folder = join(root, 'tests/existing');
const csv = readFileSync(join(folder, 'import.csv'));
const listUsers = readFileSync(join(folder, 'list-users.json'));
const expected = JSON.parse(readFileSync(join(folder, 'import.expected.json'), 'utf8'));
const poolOptions = {
  pool: readFileSync(join(root, 'tests/pools/describe-user-pool.json'), 'utf8'),
  header: readFileSync(join(root, 'tests/pools/get-csv-header.json'), 'utf8'),
};
const random = seededRandom('existing.test.mjs');

test('validate() with the pool\'s users gives the native report, whatever the chunking', async () => {
  assert.deepStrictEqual(withoutPool(await validate(csv, { ...poolOptions, existing: listUsers })), expected);
  for (let round = 0; round < 20; round += 1) {
    async function* pieces(bytes) {
      yield* randomPieces(bytes, 16, random);
    }
    const report = await validate(pieces(csv), { ...poolOptions, existing: pieces(listUsers) });
    assert.deepStrictEqual(withoutPool(report), expected, `round ${round}`);
  }
  const blob = await validate(new Blob([csv]), { ...poolOptions, existing: new Blob([listUsers]) });
  assert.deepStrictEqual(withoutPool(blob), expected, 'Blobs');
});

test('users read once serve many files, and a Validator', async () => {
  const users = await readExistingUsers(listUsers, poolOptions);
  assert.equal(users.users, 3);
  for (let file = 0; file < 2; file += 1) {
    assert.deepStrictEqual(withoutPool(await validate(csv, { ...poolOptions, existing: users })), expected, `file ${file}`);
  }
  const validator = Validator.withExisting(poolOptions, users);
  validator.push(csv);
  assert.deepStrictEqual(withoutPool(validator.finish()), expected);
  // Without them, the report says the pool's users are unknown.
  const without = await validate(csv, poolOptions);
  assert.equal(without.notes.length, 1);
  assert.notDeepStrictEqual(without.outcome, expected.outcome);
  // Read for a pool that compares usernames otherwise: misuse, said so.
  assert.throws(() => Validator.withExisting({ ...poolOptions, caseSensitive: true }, users), /read them again with this pool's options/);
  users.free();
});

test('anything but list-users output is told with where', async () => {
  const cases = [
    ['{"Users": [{"Username": "a"', 1, 27, /the input ends inside an object/],
    ['{"Users": [{"Attributes": []}]}', 1, 29, /user 1 has no "Username"/],
    ['------\n| ListUsers |', 1, 1, /this is not JSON; give the output of `aws cognito-idp list-users --user-pool-id ID --output json`/],
    ['{"UserPool": {}}', 1, 16, /the JSON has no "Users"/],
  ];
  for (const [text, line, column, message] of cases) {
    await assert.rejects(
      validate(csv, { ...poolOptions, existing: new TextEncoder().encode(text) }),
      (error) => error.name === 'ExistingUsersError' && error.line === line && error.column === column && message.test(error.message),
      text,
    );
  }
  await assert.rejects(readExistingUsers('{"Users": []}'), /readExistingUsers\(source\).*a source must be a File or Blob.*not a string/);
});
