// validate() on every core (issue 16) in Node: a Blob large enough is cut
// into parts, a worker_threads worker each, and the report is the one of
// one pass, whatever the number of workers, the chunk size, the kind of
// Blob; workers: 1 and small files are one pass; progress, cancel and a
// pool of workers started ahead (startWorkers()).
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { openAsBlob, readFileSync, rmSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readExistingUsers, startWorkers, validate } from '../../pkg/node.js';
import { fixtures, root, run } from './common.mjs';
import { cutsOf, usersFile } from './parts-files.mjs';

const MiB = 1 << 20;
const scratch = mkdtempSync(join(tmpdir(), 'ccv-parts-'));
const pool = startWorkers(2);
after(() => {
  pool.close();
  rmSync(scratch, { recursive: true, force: true });
});

// The pool of tests/existing: aliases (email, preferred_username), usernames
// in any case.
const poolOptions = {
  pool: readFileSync(join(root, 'tests/pools/describe-user-pool.json'), 'utf8'),
  header: readFileSync(join(root, 'tests/pools/get-csv-header.json'), 'utf8'),
};
const header = JSON.parse(poolOptions.header).CSVHeader;
const listUsers = readFileSync(join(root, 'tests/existing/list-users.json'));

/** The generated file, 17 MiB and some: 2, 3 and 4 parts. */
const big = usersFile({ header, bytes: 17 * MiB + 1234, seed: 16 });
const bigPath = join(scratch, 'big.csv');
writeFileSync(bigPath, big);

/** validate() with the progress it told; `inParts`: whether the file was
 * read in parts (the workers count bytes, so lines are null meanwhile). */
async function validated(source, options) {
  const progress = [];
  const report = await validate(source, { ...options, onProgress: (event) => progress.push(event) });
  return { report, progress, inParts: progress.some((event) => event.lines === null) };
}

/** Reports compared whole, findings in order: as JSON first (quick), and
 * when they differ, by deepStrictEqual for a readable difference. */
function assertSameReport(actual, expected, what) {
  if (JSON.stringify(actual) === JSON.stringify(expected)) return;
  assert.deepStrictEqual(actual, expected, what);
  assert.fail(`${what}: the reports differ in key order`);
}

test('a file cut into 2, 3 or 4 parts gives the report of one pass, with or without the pool\'s users', async () => {
  const blob = new Blob([big]);
  for (const existing of [undefined, await readExistingUsers(listUsers, poolOptions)]) {
    const options = { ...poolOptions, existing };
    const one = await validated(blob, { ...options, workers: 1 });
    assert.equal(one.inParts, false, 'workers: 1 is one pass');
    const counts = one.report.countsByCode;
    assert.ok(counts['username.duplicate'] > 1000 && counts['alias.duplicate'] > 1000 && counts['email.invalid'] > 1000, JSON.stringify(counts));
    for (const workers of existing ? [3] : [2, 3, 4]) {
      const parts = await validated(blob, { ...options, workers });
      assert.equal(parts.inParts, true, `${workers} workers: in parts`);
      assertSameReport(parts.report, one.report, `${workers} workers${existing ? ', with the pool\'s users' : ''}`);
    }
    const pooled = await validated(blob, { ...options, workers: pool });
    assert.equal(pooled.inParts, true);
    assertSameReport(pooled.report, one.report, 'a pool of 2');
    const batches = { one: [], parts: [] };
    await validate(blob, { ...options, workers: 1, onBatch: (batch) => void batches.one.push(batch) });
    await validate(blob, { ...options, workers: pool, onBatch: (batch) => void batches.parts.push(batch) });
    assert.deepStrictEqual(joined(batches.parts), joined(batches.one), `its batches${existing ? ', with the pool\'s users' : ''}`);
  }
});

test('a Blob of a file (fs.openAsBlob), small chunks, onBatch and onFindings: the same findings, in order', async () => {
  const file = await openAsBlob(bigPath);
  const one = await validate(file, { ...poolOptions, workers: 1 });
  const small = await validated(file, { ...poolOptions, workers: pool, chunkSize: 65_521 });
  assert.equal(small.inParts, true);
  assertSameReport(small.report, one, 'chunks of 65,521 bytes');

  const found = [];
  const report = await validate(file, { ...poolOptions, workers: pool, onFindings: (findings) => void found.push(findings) });
  assert.deepStrictEqual(report.findings, []);
  assert.equal(found.length, 1, 'in parts, the findings come in one batch, at the end');
  assertSameReport({ ...report, findings: found.flat() }, one, 'onFindings');

  const batches = [];
  const oneBatches = [];
  await validate(file, { ...poolOptions, workers: pool, onBatch: (batch) => void batches.push(batch) });
  await validate(file, { ...poolOptions, workers: 1, onBatch: (batch) => void oneBatches.push(batch) });
  assert.equal(batches.length, 1);
  assert.deepStrictEqual(joined(batches), joined(oneBatches), 'onBatch: the columns and every line\'s status');
});

/** Batches as one: each column end to end, and every line's status. */
function joined(batches) {
  const column = (name) => batches.flatMap((batch) => [...batch[name]]);
  let offset = 0;
  const ends = batches.flatMap((batch) => {
    const shifted = [...batch.ends].map((end) => end + offset);
    offset += batch.data.length;
    return shifted;
  });
  const statuses = batches.flatMap(({ lineStatuses: runs }) => [...runs.statuses].flatMap((status, index) => Array(runs.counts[index]).fill(status)));
  return { lines: column('lines'), codes: column('codes'), statuses: column('statuses'), data: Buffer.concat(batches.map((batch) => batch.data)), ends, lineStatuses: statuses, first: batches[0].lineStatuses.first };
}

test('every fixture, made large enough to cut with its lines across the cut, gives the report of one pass, and its batches', async () => {
  let cut = 0;
  for (const fixture of fixtures()) {
    const blob = new Blob([aroundACut(readFileSync(fixture.csv))]);
    const one = await validated(blob, { ...fixture.options, workers: 1 });
    const parts = await validated(blob, { ...fixture.options, workers: pool });
    if (parts.inParts) cut += 1;
    assertSameReport(parts.report, one.report, fixture.name);
    // With onBatch, the parts send most findings in a batch's columns.
    const batches = { one: [], parts: [] };
    await validate(blob, { ...fixture.options, workers: 1, onBatch: (batch) => void batches.one.push(batch) });
    await validate(blob, { ...fixture.options, workers: pool, onBatch: (batch) => void batches.parts.push(batch) });
    assert.deepStrictEqual(joined(batches.parts), joined(batches.one), `${fixture.name}: its batches`);
  }
  // Those that are not cut: no header, or not text (file.empty, file.not_utf8...).
  assert.ok(cut > 280, `only ${cut} fixtures were cut into parts`);
});

test('users already in the pool, in a file cut into parts: the report and batches of one pass', async () => {
  // tests/existing's file, whose lines take the pool's users' usernames and
  // aliases, once, after the cut: a part that has them cannot tell.
  const csv = readFileSync(join(root, 'tests/existing/import.csv'));
  const first = csv.subarray(0, csv.indexOf(0x0a) + 1);
  const length = 8 * MiB + 999;
  const [cut] = cutsOf(length, 2);
  const before = longLine(cut - first.length + 100);
  const after = longLine(length - first.length - before.length - (csv.length - first.length));
  const blob = new Blob([first, before, csv.subarray(first.length), after]);
  const existing = await readExistingUsers(listUsers, poolOptions);
  const batches = { one: [], parts: [] };
  const one = await validate(blob, { ...poolOptions, existing, workers: 1, onBatch: (batch) => void batches.one.push(batch) });
  const parts = await validated(blob, { ...poolOptions, existing, workers: pool, onBatch: (batch) => void batches.parts.push(batch) });
  assert.equal(parts.inParts, true);
  assert.ok(one.countsByCode['username.duplicate'] > 0 && one.countsByCode['alias.duplicate'] > 0, JSON.stringify(one.countsByCode));
  assertSameReport(parts.report, one, 'the report');
  assert.deepStrictEqual(joined(batches.parts), joined(batches.one), 'its batches');
});

/** A fixture made 8 MiB long and cut into 2 parts in the middle of its
 * lines: the fixture, a long line, its lines again (the cut among them), a
 * few blank lines, a long line, its lines again. */
function aroundACut(fixture) {
  const length = 8 * MiB + 999;
  const [cut] = cutsOf(length, 2);
  const first = Buffer.from(fixture.at(-1) === 0x0a || fixture.length === 0 ? fixture : Buffer.concat([fixture, Buffer.from('\n')]));
  const lines = first.subarray(first.indexOf(0x0a) + 1);
  const before = cut - first.length - Math.floor(lines.length / 2);
  const after = length - (first.length + before + 2 * lines.length + 3);
  return Buffer.concat([first, longLine(before), lines, Buffer.from('\n\n\n'), longLine(after), lines]);
}

const longLine = (bytes) => Buffer.from(`${'x'.repeat(bytes - 1)}\n`);

test('workers: 1, a small file and sources that are no Blob are read in one pass', async () => {
  const blob = new Blob([big]);
  assert.equal((await validated(blob, { ...poolOptions, workers: 1 })).inParts, false, 'workers: 1');
  const small = new Blob([big.subarray(0, 8 * MiB - 1)]);
  assert.equal((await validated(small, { ...poolOptions, workers: 4 })).inParts, false, 'under 8 MiB');
  assert.equal((await validated(small, { ...poolOptions, workers: pool })).inParts, false, 'under 8 MiB, with a pool');
  assert.equal((await validated(big, { ...poolOptions, workers: pool })).inParts, false, 'bytes');
  const oneByte = await validated(new Blob([big.subarray(0, 9 * MiB)]), { ...poolOptions, workers: pool });
  assert.equal(oneByte.inParts, true, '9 MiB with a pool of 2');
  // Without `workers`, one per core (this machine's): cut when it has two.
  const byDefault = await validated(blob, poolOptions);
  assert.equal(byDefault.inParts, (await import('node:os')).availableParallelism() > 1, 'the default');
});

test('progress counts the bytes of every part, up to the file\'s size, then the lines and users', async () => {
  const { report, progress } = await validated(new Blob([big]), { ...poolOptions, workers: pool });
  assert.ok(progress.length > 4, `${progress.length} progress events`);
  for (const [index, event] of progress.entries()) {
    assert.equal(event.totalBytes, big.length);
    if (index > 0) assert.ok(event.bytesRead >= progress[index - 1].bytesRead, 'it never goes back');
    assert.ok(event.bytesRead <= big.length);
  }
  assert.ok(progress.some((event) => event.lines === null && event.bytesRead > 0 && event.bytesRead < big.length), 'on the way');
  assert.deepStrictEqual(progress.at(-1), { bytesRead: big.length, totalBytes: big.length, lines: report.file.lines, users: report.outcome.users });
  assert.equal(progress.filter((event) => event.bytesRead === big.length && event.lines === null).length, 1, 'the parts\' end is told once, before the lines');
});

test('an abort stops every part at once and rejects with its reason; the pool serves the next file', async () => {
  const blob = new Blob([big]);
  const expected = await validate(blob, { ...poolOptions, workers: 1 });
  for (const workers of [pool, 3]) {
    const controller = new AbortController();
    const reason = new Error('stop');
    let after = 0;
    const validation = validate(blob, {
      ...poolOptions,
      workers,
      signal: controller.signal,
      onProgress: ({ bytesRead }) => {
        if (bytesRead > 2 * MiB) controller.abort(reason);
        if (controller.signal.aborted) after += 1;
      },
    });
    await assert.rejects(validation, (error) => error === reason);
    await new Promise((resolve) => setTimeout(resolve, 50));
    assert.ok(after <= 2, `${after} progress events after the abort`);
  }
  // A run that failed (its onProgress threw) too.
  const thrown = new Error('onProgress failed');
  await assert.rejects(validate(blob, { ...poolOptions, workers: pool, onProgress: () => { throw thrown; } }), (error) => error === thrown);
  assertSameReport((await validated(blob, { ...poolOptions, workers: pool })).report, expected, 'after the abort');
  // Two files at once on one pool.
  const [first, second] = await Promise.all([validate(blob, { ...poolOptions, workers: pool }), validate(blob, { ...poolOptions, workers: pool })]);
  assertSameReport(first, expected, 'at once, first');
  assertSameReport(second, expected, 'at once, second');
});

test('workers that are no positive integer or pool, or a closed pool, are misuse', async () => {
  const blob = new Blob([big]);
  for (const workers of [0, -1, 1.5, '2', {}, null]) {
    await assert.rejects(validate(blob, { workers }), (error) => error instanceof TypeError && /options\.workers must be a positive integer/.test(error.message), String(workers));
  }
  assert.throws(() => startWorkers(0), /startWorkers\(count\): count must be a positive integer, not 0/);
  const closed = startWorkers(1);
  closed.close();
  await assert.rejects(validate(blob, { workers: closed }), /closed with close\(\)/);
  // A pool closed while it validates rejects that validation.
  const closing = startWorkers(2);
  await closing.ready;
  const validation = validate(blob, { workers: closing, onProgress: () => closing.close() });
  await assert.rejects(validation, /the workers were closed/);
  assert.equal(await closing.ready, 2);
  assert.equal(closing.size, 2);
});

test('a pool left open does not keep Node running', async () => {
  const script = `
    import { openAsBlob } from 'node:fs';
    import { startWorkers, validate } from ${JSON.stringify(join(root, 'pkg/node.js'))};
    const workers = startWorkers(2);
    const report = await validate(await openAsBlob(${JSON.stringify(bigPath)}), { workers });
    console.log(report.outcome.users);
  `;
  const started = Date.now();
  const result = await run(process.execPath, ['--input-type=module', '-e', script]);
  assert.equal(result.stderr, '');
  assert.equal(result.status, 0);
  assert.match(result.stdout.toString(), /^\d+\n$/);
  assert.ok(Date.now() - started < 20_000);
});
