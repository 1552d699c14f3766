// Many files as one migration (issue 15, point 3) through the package:
// validateMigration() gives the reports and the summary the Rust engine
// gives (tests/existing/migration.expected.json, written by
// tests/existing.rs), whatever the chunking; a job that fails imports
// nobody for the files after it; a user an earlier file imports is skipped
// in a later one; the callbacks say which file; misuse is told.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Migration, readExistingUsers, ReportWriter, validate, validateMigration, Validator } from '../../pkg/node.js';
import { randomPieces, root, seededRandom, withoutPool } from './common.mjs';

const folder = join(root, 'tests/existing');
const files = [1, 2, 3].map((file) => readFileSync(join(folder, `migration-${file}.csv`)));
const listUsers = readFileSync(join(folder, 'list-users.json'));
const expected = JSON.parse(readFileSync(join(folder, 'migration.expected.json'), 'utf8'));
// The migration's pool is import.csv's (tests/existing/import.options.json).
const poolOptions = {
  pool: readFileSync(join(root, 'tests/pools/describe-user-pool.json'), 'utf8'),
  header: readFileSync(join(root, 'tests/pools/get-csv-header.json'), 'utf8'),
};
const random = seededRandom('migration.test.mjs');

/** A result as the golden holds it: the reports without their pool. */
const asGolden = ({ files: reports, summary }) => ({ files: reports.map(withoutPool), summary });

test('validateMigration() gives the engine\'s reports and summary, whatever the chunking', async () => {
  assert.deepStrictEqual(asGolden(await validateMigration(files, { ...poolOptions, existing: listUsers })), expected);
  for (let round = 0; round < 20; round += 1) {
    async function* pieces(bytes) {
      yield* randomPieces(bytes, 16, random);
    }
    const result = await validateMigration(files.map(pieces), { ...poolOptions, existing: pieces(listUsers), chunkSize: 1 + Math.floor(random() * 64) });
    assert.deepStrictEqual(asGolden(result), expected, `round ${round}`);
  }
  const users = await readExistingUsers(new Blob([listUsers]), poolOptions);
  const blobs = await validateMigration(
    files.map((bytes) => new Blob([bytes])),
    { ...poolOptions, existing: users },
  );
  assert.deepStrictEqual(asGolden(blobs), expected, 'Blobs, users read once');
  users.free();
});

test('a job that fails imports nobody for the files after it', async () => {
  // migration-2.csv lacks a column (its job fails) and has erik, whom
  // migration-3.csv has on line 3.
  const [, failing, later] = files;
  const afterFailure = await validateMigration([failing, later], poolOptions);
  assert.equal(afterFailure.files[0].outcome.job, 'fails');
  assert.deepStrictEqual(afterFailure.summary.failingJobs, [1]);
  assert.deepStrictEqual(withoutPool(afterFailure.files[1]), withoutPool(await validate(later, poolOptions)), 'as if the failed file had not been');
  // The same erik after a job that runs is in the pool.
  const succeeding = new TextEncoder().encode(`${lineOf(later, 1)}\n${lineOf(later, 3)}\n`);
  const afterSuccess = await validateMigration([succeeding, later], poolOptions);
  assert.equal(afterSuccess.files[0].outcome.imported, 1);
  const erik = afterSuccess.files[1].findings.filter((finding) => finding.line === 3);
  assert.deepStrictEqual(erik.map((finding) => finding.code), ['username.duplicate']);
  assert.match(erik[0].message, /line 2 of file 1, whose job imports that user/);
});

test('a user of file 1 is skipped in file 2, and an alias of file 1 fails there', async () => {
  const [first, , later] = files;
  const alone = await validate(later, poolOptions);
  const { files: reports, summary } = await validateMigration([first, later], poolOptions);
  const codesOn = (report, line) => report.findings.filter((finding) => finding.line === line).map((finding) => finding.code);
  // Line 2 is BRUNO, whom file 1 imports as bruno; line 5's email is carla's of file 1.
  assert.deepStrictEqual(codesOn(alone, 2), []);
  assert.deepStrictEqual(codesOn(reports[1], 2), ['username.duplicate']);
  assert.deepStrictEqual(codesOn(alone, 5), []);
  assert.deepStrictEqual(codesOn(reports[1], 5), ['alias.duplicate']);
  assert.equal(reports[1].outcome.skipped, alone.outcome.skipped + 1);
  assert.equal(reports[1].outcome.failed, alone.outcome.failed + 1);
  assert.equal(summary.skipped, reports[0].outcome.skipped + reports[1].outcome.skipped);
  assert.equal(summary.files, 2);
});

test('the callbacks say which file they are about', async () => {
  const progress = [];
  const findings = [[], [], []];
  const result = await validateMigration(files, {
    ...poolOptions,
    existing: listUsers,
    chunkSize: 40,
    onProgress: ({ file, bytesRead, totalBytes }) => progress.push([file, bytesRead, totalBytes]),
    onFindings: (batch, file) => findings[file].push(...batch),
  });
  assert.deepStrictEqual([...new Set(progress.map(([file]) => file))], [0, 1, 2]);
  for (const [index, bytes] of files.entries()) {
    const mine = progress.filter(([file]) => file === index);
    assert.deepStrictEqual(mine.at(-1).slice(1), [bytes.length, bytes.length], `file ${index}'s last progress`);
    assert.deepStrictEqual(result.files[index].findings, [], `file ${index}'s findings went to onFindings`);
    assert.deepStrictEqual(findings[index], expected.files[index].findings, `file ${index}'s findings`);
  }
  const batches = [0, 0, 0];
  await validateMigration(files, { ...poolOptions, existing: listUsers, onBatch: (batch, file) => (batches[file] += batch.codes.length) });
  assert.deepStrictEqual(batches, expected.files.map((report) => report.findings.length));
});

test('Migration: nextFile() and finishFile() give the same, and misuse is told', async () => {
  const users = await readExistingUsers(listUsers, poolOptions);
  const migration = Migration.withExisting(poolOptions, users);
  const reports = files.map((bytes, index) => {
    const validator = migration.nextFile();
    validator.push(bytes);
    assert.throws(() => validator.finish(), /this validator is a migration's file: end it with migration\.finishFile\(validator\)/);
    let report;
    if (index < files.length - 1) report = migration.finishFile(validator);
    else {
      // The last through a ReportWriter: the JSON report is the engine's.
      const writer = new ReportWriter('json', 'migration-3.csv');
      assert.throws(() => writer.finish(validator), /this validator is a migration's file/);
      const text = writer.start() + writer.write(validator);
      const end = writer.finishFile(migration, validator);
      report = JSON.parse(text + end.text);
      assert.deepStrictEqual(end.report.outcome, report.outcome);
    }
    validator.free();
    return report;
  });
  assert.deepStrictEqual(asGolden({ files: reports, summary: migration.summary }), expected);
  // Only the last file's validator ends: the jobs run in nextFile()'s order.
  const skipped = migration.nextFile();
  migration.nextFile();
  assert.throws(() => migration.finishFile(skipped), /takes the validator of the last file: nextFile\(\) was called again/);
  assert.throws(() => migration.finishFile(new Validator(poolOptions)), /takes a validator this migration's nextFile\(\) gave/);
  assert.throws(() => new Migration(poolOptions).finishFile(migration.nextFile()), /takes a validator this migration's nextFile\(\) gave/);
  assert.throws(() => Migration.withExisting({ ...poolOptions, caseSensitive: true }, users), /read them again with this pool's options/);
  const freed = migration.nextFile();
  freed.free();
  assert.throws(() => migration.finishFile(freed), /the Validator given was freed with free\(\)/);
  migration.free();
  assert.throws(() => migration.nextFile(), /this Migration was freed with free\(\)/);
  users.free();

  await assert.rejects(validateMigration(files[0]), /validateMigration\(files, options\): files must be an array of sources, one per file in the order their jobs run, not a Buffer/);
  await assert.rejects(validateMigration([]), /not an empty array/);
  await assert.rejects(validateMigration([files[0], 'users.csv']), /validateMigration\(files\): files\[1\]: a source must be a File or Blob.*not a string/);
  await assert.rejects(validateMigration(files, { onProgress: 1 }), /validateMigration\(\): options\.onProgress must be a function, not a number/);
  await assert.rejects(validateMigration(files, { pool: '{' }), (error) => error.name === 'PoolError');
  const controller = new AbortController();
  const reading = validateMigration(files, { ...poolOptions, signal: controller.signal, onProgress: ({ file }) => file === 1 && controller.abort(new Error('stop')) });
  await assert.rejects(reading, /^Error: stop$/);
});

/** Line `number` (from 1) of a file's bytes. */
function lineOf(bytes, number) {
  return bytes.toString('utf8').split('\n')[number - 1];
}
