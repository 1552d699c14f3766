// The package's command line against the native one, on what goes wrong:
// usage errors, unusable pool files, missing files, standard input, help.
// Both must print the same and exit with the same status.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawn } from 'node:child_process';
import { nativeCli, packageCli, run, runPackageCli } from './common.mjs';

const scratch = mkdtempSync(join(tmpdir(), 'ccv-cli-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const write = (name, text) => {
  const path = join(scratch, name);
  writeFileSync(path, text);
  return path;
};
const template = 'tests/aws-template-example.csv';
const notJson = write('not-json.json', 'UserPool: nope');
const badMfa = write('bad-mfa.json', '{"UserPool": {"Id": "us-east-1_X", "MfaConfiguration": "MAYBE"}}');
const swapped = write('swapped.json', '{"CSVHeader": ["cognito:username"], "UserPoolId": "us-east-1_X"}');
const empty = write('empty.json', '');
const truncated = write('truncated.json', '{"UserPool": {"Id": ');
const mfaNumber = write('mfa-number.json', '{"UserPool":{"SchemaAttributes":[],"MfaConfiguration":5}}');
const usersCutShort = write('users-cut.json', '{"Users": [{"Username": "a"');
const usersTable = write('users-table.txt', '------\n| ListUsers |\n');
const existingPool = ['--pool', 'tests/pools/describe-user-pool.json', '--header', 'tests/pools/get-csv-header.json'];

/** What is asked, the arguments, and the exit status both must give. */
const cases = [
  ['help', ['--help'], 0],
  ['version', ['--version'], 0],
  ['no file', [], 2],
  ['the same file twice (one migration: the second job skips every user)', [template, template], 1],
  ['standard input among several files', [template, '-'], 2],
  ['several files in the CloudWatch form', ['--format', 'cloudwatch', template, template], 2],
  ['an unknown option', ['--pol', 'x.json', template], 2],
  ['a flag without its value', [template, '--format'], 2],
  ['a bad --format', ['--format', 'xml', template], 2],
  ['a bad --mfa', ['--mfa', 'maybe', template], 2],
  ['a bad --auto-verified', ['--auto-verified', 'email,phone', template], 2],
  ['both case flags', ['--case-sensitive', '--case-insensitive', template], 2],
  ['a value on a flag that takes none', ['--case-sensitive=yes', template], 2],
  ['a bad --password-hash-algorithm', ['--password-hash-algorithm', 'md5', template], 2],
  ['a missing file', ['no-such-file.csv'], 2],
  ['a folder as the file', ['tests'], 2],
  ['a missing pool file', ['--pool', 'no-such-pool.json', template], 2],
  ['a folder as the pool file', ['--pool', 'tests', template], 2],
  ['a pool file that is not JSON', ['--pool', notJson, template], 2],
  ['a pool file with a bad value', ['--pool', badMfa, template], 2],
  ['a get-csv-header output given as --pool', ['--pool', swapped, template], 2],
  ['an empty header file', ['--header', empty, template], 2],
  ['a pool file cut short', ['--pool', truncated, template], 2],
  ['a pool file with a number for a name', ['--pool', mfaNumber, template], 2],
  ['overrides on the default pool', ['--mfa', 'ON', '--auto-verified=', '--case-sensitive', template], 1],
  ['a file after --', ['--format', 'csv', '--', template], 0],
  ['the text form', [template], 0],
  ['the pool\'s users (--existing)', [...existingPool, '--existing', 'tests/existing/list-users.json', 'tests/existing/import.csv'], 1],
  ['the pool\'s users in the CloudWatch log', [...existingPool, '--existing', 'tests/existing/list-users.json', '--format', 'cloudwatch', 'tests/existing/import.csv'], 1],
  ['a users file cut short', ['--existing', usersCutShort, template], 2],
  ['a users file that is the CLI\'s table output', ['--existing', usersTable, template], 2],
  ['a missing users file', ['--existing', 'no-such-users.json', template], 2],
  ['a folder as the users file', ['--existing', 'tests', template], 2],
  ['several files as one migration', [...existingPool, '--existing', 'tests/existing/list-users.json', 'tests/migration/first.csv', 'tests/migration/second.csv'], 1],
  ['several files as one migration, in JSON', [...existingPool, '--format', 'json', 'tests/migration/first.csv', 'tests/migration/second.csv'], 1],
  ['several files as one migration, in CSV', [...existingPool, '--format', 'csv', 'tests/migration/first.csv', 'tests/migration/second.csv'], 1],
  ['--existing given to fix', ['fix', '--existing', 'tests/existing/list-users.json', template, '--out', scratch], 2],
];

for (const [what, args, status] of cases) {
  test(`the package command line answers ${what} as the native one does`, async () => {
    const [ours, native] = await Promise.all([runPackageCli(args), run(nativeCli, args)]);
    assert.equal(ours.stderr, native.stderr);
    assert.equal(ours.stdout.toString('utf8'), native.stdout.toString('utf8'));
    assert.equal(native.status, status, 'the native status');
    assert.equal(ours.status, status);
    if (status === 2) assert.match(ours.stderr, /^cognito-csv-validator: error: /);
  });
}

test('a value of the wrong type in a pool file is named at its path, not "not valid JSON"', async () => {
  const { stderr } = await runPackageCli(['--pool', mfaNumber, template]);
  assert.match(stderr, /mfa-number\.json: at UserPool\.MfaConfiguration: invalid type: integer `5`, expected one of `OFF`, `ON`, `OPTIONAL`/);
});

test('the package command line reads standard input, every form, as the native one does', async () => {
  const input = readFileSync('tests/fixtures/examples/readme.csv');
  for (const format of ['text', 'json', 'csv', 'cloudwatch']) {
    const args = ['--format', format, '-'];
    const [ours, native] = await Promise.all([runPackageCli(args, { input }), run(nativeCli, args, { input })]);
    assert.equal(ours.status, native.status, format);
    assert.equal(ours.stdout.toString('utf8'), native.stdout.toString('utf8'), format);
  }
});

test('a reader that goes away early (`| head`) ends the run quietly', async () => {
  const lines = ['cognito:username,email'];
  for (let index = 0; index < 200_000; index += 1) lines.push(`user${index},not-an-email`);
  const big = write('big.csv', `${lines.join('\n')}\n`);
  const status = await new Promise((resolve) => {
    const child = spawn(process.execPath, [packageCli, big]);
    child.stdout.once('data', () => child.stdout.destroy());
    let stderr = '';
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (code) => resolve({ code, stderr }));
  });
  assert.equal(status.stderr, '');
  assert.equal(status.code, 0);
});
