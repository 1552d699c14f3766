// Every fixture of tests/ through the built package: validate() must give
// the golden report (the native engine's: tests/fixtures.rs holds it to
// them), whatever the chunking and the kind of source; the package's
// command line must write what the native one writes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { Readable } from 'node:stream';
import { validate, Validator, ReportWriter, renderFinding, rules, lineStatuses, fix, importCommands } from '../../pkg/node.js';
import { fixtures, nativeCli, run, runPackageCli, seededRandom, randomPieces, eachLimited, withoutPool } from './common.mjs';

const all = fixtures();
const random = seededRandom('fixtures.test.mjs');

test('there are fixtures to run', () => {
  assert.ok(all.length > 200, `only ${all.length} fixtures found`);
});

test('validate() of bytes gives the native report, for every fixture', async () => {
  for (const fixture of all) {
    const report = await validate(readFileSync(fixture.csv), fixture.options);
    assert.deepStrictEqual(withoutPool(report), fixture.expected, fixture.name);
  }
});

test('validate() gives the same report in small random chunks, for every fixture', async () => {
  for (const fixture of all) {
    const bytes = readFileSync(fixture.csv);
    async function* pieces() {
      yield* randomPieces(bytes, 16, random);
    }
    assert.deepStrictEqual(withoutPool(await validate(pieces(), fixture.options)), fixture.expected, `${fixture.name}, async iterable`);
    const chunkSize = 1 + Math.floor(random() * 32);
    assert.deepStrictEqual(
      withoutPool(await validate(new Blob([bytes]), { ...fixture.options, chunkSize })),
      fixture.expected,
      `${fixture.name}, Blob in chunks of ${chunkSize}`,
    );
  }
});

test('validate() reads ReadableStreams, Node streams, ArrayBuffers and iterables', async () => {
  const fixture = all.find((each) => each.name === 'examples/readme.csv');
  const bytes = readFileSync(fixture.csv);
  const stream = new ReadableStream({
    start(controller) {
      for (const piece of randomPieces(bytes, 7, random)) controller.enqueue(piece);
      controller.close();
    },
  });
  assert.deepStrictEqual(withoutPool(await validate(stream, fixture.options)), fixture.expected);
  // A byte stream whose source closes without answering a read into a
  // buffer of the reader's (one piece a pull): read chunk by chunk, it ends.
  const pieces = randomPieces(bytes, 7, random);
  const byteStream = new ReadableStream({
    type: 'bytes',
    pull(controller) {
      // A copy: enqueueing into a byte stream detaches the buffer (a Buffer's slice is a view).
      if (pieces.length > 0) controller.enqueue(new Uint8Array(pieces.shift()));
      else controller.close();
    },
  });
  assert.deepStrictEqual(withoutPool(await validate(byteStream, fixture.options)), fixture.expected);
  assert.deepStrictEqual(withoutPool(await validate(Readable.from(randomPieces(bytes, 5, random)), fixture.options)), fixture.expected);
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length);
  assert.deepStrictEqual(withoutPool(await validate(buffer, fixture.options)), fixture.expected);
  assert.deepStrictEqual(withoutPool(await validate(randomPieces(bytes, 9, random), fixture.options)), fixture.expected);
});

test('onFindings gets every finding once, in order, and onProgress counts up to the whole file', async () => {
  for (const fixture of all) {
    const bytes = readFileSync(fixture.csv);
    const batches = [];
    const progress = [];
    const report = await validate(bytes, {
      ...fixture.options,
      chunkSize: 64,
      onFindings: (batch) => batches.push(batch),
      onProgress: (event) => progress.push(event),
    });
    assert.deepStrictEqual(report.findings, [], fixture.name);
    assert.deepStrictEqual(withoutPool({ ...report, findings: batches.flat() }), fixture.expected, fixture.name);
    assert.ok(batches.every((batch) => batch.length > 0), `${fixture.name}: an empty batch`);
    if (bytes.length > 0) {
      const last = progress.at(-1);
      assert.equal(last.bytesRead, bytes.length, fixture.name);
      assert.equal(last.totalBytes, bytes.length, fixture.name);
      assert.ok(last.lines <= fixture.expected.file.lines, fixture.name);
      assert.equal(progress.length, Math.ceil(bytes.length / 64), fixture.name);
    }
  }
});

test('onBatch gets every finding once in columns, each renders as onFindings gives it, with its line status', async () => {
  const codes = rules().map((rule) => rule.code);
  const statusNames = lineStatuses();
  for (const fixture of all) {
    const bytes = readFileSync(fixture.csv);
    const findings = [];
    const statuses = [];
    let nextLine = 1;
    const lineStatus = new Map();
    const report = await validate(bytes, {
      ...fixture.options,
      chunkSize: 37,
      onBatch: (batch) => {
        let start = 0;
        batch.ends.forEach((end, index) => {
          const finding = renderFinding(batch.data.subarray(start, end));
          assert.equal(finding.code, codes[batch.codes[index]], fixture.name);
          assert.equal(finding.line ?? -1, batch.lines[index], fixture.name);
          findings.push(finding);
          statuses.push(batch.statuses[index]);
          start = end;
        });
        const runs = batch.lineStatuses;
        assert.equal(runs.first, nextLine, `${fixture.name}: the statuses of every line, in order`);
        runs.statuses.forEach((status, index) => {
          for (let line = nextLine; line < nextLine + runs.counts[index]; line += 1) lineStatus.set(line, statusNames[status]);
          nextLine += runs.counts[index];
        });
      },
    });
    assert.deepStrictEqual(withoutPool({ ...report, findings }), fixture.expected, fixture.name);
    assert.equal(nextLine, report.file.lines + 1, `${fixture.name}: a status for every line`);
    findings.forEach((finding, index) => {
      const expected = finding.line === null ? undefined : lineStatus.get(finding.line);
      assert.equal(statusNames[statuses[index]], expected, `${fixture.name}: line ${finding.line}'s status`);
    });
    const users = [...lineStatus.values()].filter((status) => ['imported', 'failed', 'skipped'].includes(status));
    assert.equal(users.length, report.outcome.users, fixture.name);
  }
});

test('an AbortSignal stops validate() with its reason', async () => {
  const controller = new AbortController();
  const bytes = new TextEncoder().encode('cognito:username,email\n'.repeat(1000));
  let chunks = 0;
  const validation = validate(bytes, {
    chunkSize: 100,
    onProgress: () => {
      chunks += 1;
      if (chunks === 3) controller.abort(new Error('stopped by the test'));
    },
    signal: controller.signal,
  });
  await assert.rejects(validation, /stopped by the test/);
  assert.equal(chunks, 3);
  await assert.rejects(validate(bytes, { signal: AbortSignal.abort() }), { name: 'AbortError' });
});

test('an AbortSignal stops validate() while it waits for data, and stops the source', async () => {
  let cancelled = null;
  const stream = new ReadableStream({
    start(controller) {
      controller.enqueue(bytesOf('cognito:username\n'));
    },
    cancel(reason) {
      cancelled = reason;
    },
  });
  const reason = new Error('stopped while waiting');
  const started = Date.now();
  const waiting = new AbortController();
  setTimeout(() => waiting.abort(reason), 50);
  await assert.rejects(validate(stream, { signal: waiting.signal }), /stopped while waiting/);
  assert.ok(Date.now() - started < 2000, 'rejected at once');
  assert.ok(cancelled, 'the stream was cancelled');

  const node = new Readable({ read() {} });
  node.push(bytesOf('cognito:username\n'));
  const controller = new AbortController();
  const validation = validate(node, { signal: controller.signal });
  setTimeout(() => controller.abort(reason), 20);
  await assert.rejects(validation, /stopped while waiting/);
  assert.equal(node.destroyed, true, 'the Node stream was destroyed');
});

test('a timer or a message can abort validate() on data it already holds', async () => {
  // 60 MB at once: read without waiting for anything, in about half a second.
  const line = 'user,,,,,,,,,,user@example.com,TRUE,,,,,,,,,FALSE\n';
  const bytes = new TextEncoder().encode(line.repeat(Math.ceil(60e6 / line.length)));
  const controller = new AbortController();
  let read = 0;
  setTimeout(() => controller.abort(new Error('stopped by a timer')), 30);
  await assert.rejects(
    validate(bytes, { signal: controller.signal, onProgress: (progress) => (read = progress.bytesRead) }),
    /stopped by a timer/,
  );
  assert.ok(read < bytes.length / 2, `stopped after ${read} of ${bytes.length} bytes`);
});

test('misuse throws clear errors; findings never do', async () => {
  await assert.rejects(validate('a,b\n'), /source must be a File or Blob/);
  await assert.rejects(validate(bytesOf('x'), { mfa: 'MAYBE' }), /options\.mfa takes "OFF", "ON" or "OPTIONAL", not "MAYBE"/);
  await assert.rejects(validate(bytesOf('x'), { poool: '{}' }), /unknown option "poool"/);
  await assert.rejects(validate(bytesOf('x'), { chunkSize: 0 }), /chunkSize must be a positive integer/);
  await assert.rejects(validate([bytesOf('x'), 'text'], {}), /a chunk that is a string, not bytes/);
  assert.throws(() => new Validator({ autoVerified: ['email', 'phone'] }), /not "phone"/);
  assert.throws(() => new Validator({ pool: 42 }), /options\.pool takes the output of `aws cognito-idp describe-user-pool`/);
  assert.throws(
    () => new Validator({ pool: { UserPool: { MfaConfiguration: 'MAYBE' } } }),
    (error) => error.name === 'PoolError' && error.input === 'pool' && error.path === 'UserPool.MfaConfiguration',
  );
  assert.throws(
    () => new Validator({ header: '{"CSVHeader": ["email"' }),
    (error) => error.name === 'PoolError' && error.input === 'header' && /not valid JSON/.test(error.message),
  );
  const validator = new Validator();
  assert.throws(() => validator.push('cognito:username\n'), /push\(chunk\) takes a Uint8Array \(bytes\), not a string/);
  validator.push(bytesOf('not,a,cognito,file\n\u0000\u0001'));
  const report = validator.finish();
  assert.equal(report.outcome.job, 'fails');
  assert.throws(() => validator.push(bytesOf('more')), /this validator has finished/);
  assert.throws(() => validator.finish(), /this validator has finished/);
  assert.throws(() => new ReportWriter('xml', 'x.csv'), /takes the format "text", "json", "csv" or "cloudwatch", not "xml"/);
  assert.throws(() => new ReportWriter('text'), /takes the file's name as a string \(the text form shows it\), not undefined/);
  assert.throws(() => new Validator({ autoVerified: 'email' }), /options\.autoVerified takes an array of "email" and\/or "phone_number" \(\[\] for none\), not "email"/);
  assert.throws(() => new Validator({ caseSensitive: 'yes' }), /options\.caseSensitive takes true or false, not "yes"/);
  assert.throws(() => new Validator([]), /takes an object of options, not an Array/);
  await assert.rejects(validate(bytesOf('x'), []), /options must be an object, not an array/);
  await assert.rejects(validate(bytesOf('x'), { signal: 'x' }), /options\.signal must be an AbortSignal, not a string/);
  await assert.rejects(validate(bytesOf('x'), { chunkSize: '10' }), /chunkSize must be a positive integer, not "10"/);
});

test('a validator or writer used after free() says so', () => {
  const validator = new Validator();
  validator.free();
  assert.throws(() => validator.push(bytesOf('x')), /^Error: this Validator was freed with free\(\): create a new Validator$/);
  assert.throws(() => validator.bytesRead, /this Validator was freed/);
  const writer = new ReportWriter('text', 'x.csv');
  const freed = new Validator();
  freed.free();
  assert.throws(() => writer.write(freed), /the Validator given was freed with free\(\)/);
  writer.free();
  assert.throws(() => writer.start(), /this ReportWriter was freed/);
});

test('12 MB of line breaks are one finding, in the package too', async () => {
  const bytes = new Uint8Array(12e6 + 17).fill(0x0a);
  bytes.set(bytesOf('cognito:username\n'));
  const report = await validate(bytes);
  assert.equal(report.file.lines, 12e6 + 1);
  assert.equal(report.countsByCode['line.blank'], 1);
  assert.equal(report.findings.find((finding) => finding.code === 'line.blank').message.slice(0, 40), 'lines 2 to 12000001 are blank (12,000,00');
});

test('a finished validator keeps its counters', () => {
  const validator = new Validator();
  validator.push(bytesOf('cognito:username\nbob\n'));
  validator.finish();
  assert.deepStrictEqual([validator.bytesRead, validator.lines, validator.users, validator.pool], [21, 2, 1, null]);
});

test('a pool given as text and as the parsed object gives the same report', async () => {
  for (const fixture of all.filter((each) => typeof each.options.pool === 'string').slice(0, 20)) {
    const parsed = { ...fixture.options, pool: JSON.parse(fixture.options.pool) };
    if (typeof parsed.header === 'string') parsed.header = JSON.parse(parsed.header);
    assert.deepStrictEqual(withoutPool(await validate(readFileSync(fixture.csv), parsed)), fixture.expected, fixture.name);
  }
});

test('ReportWriter writes the native forms, for every fixture', async () => {
  await eachLimited(all, 4, async (fixture) => {
    const bytes = readFileSync(fixture.csv);
    for (const format of ['text', 'json', 'csv', 'cloudwatch']) {
      const native = await run(nativeCli, [...fixture.args, '--format', format, '-'], { input: bytes });
      const validator = new Validator(fixture.options);
      const writer = new ReportWriter(format, '<stdin>');
      let text = writer.start();
      for (const piece of randomPieces(bytes, 64, random)) {
        validator.push(piece);
        text += writer.write(validator);
      }
      text += writer.finish(validator).text;
      assert.equal(text, native.stdout.toString('utf8'), `${fixture.name}, ${format}`);
    }
  });
});

test('ReportWriter\'s CSV options: only the findings at the places given, no values, a byte order mark', async () => {
  await eachLimited(all, 4, async (fixture) => {
    const bytes = readFileSync(fixture.csv);
    const write = (csvOptions) => {
      const validator = new Validator(fixture.options);
      const writer = new ReportWriter('csv', '<stdin>', false, csvOptions);
      let text = writer.start();
      for (const piece of randomPieces(bytes, 64, random)) {
        validator.push(piece);
        text += writer.write(validator);
      }
      return text + writer.finish(validator).text;
    };
    const [header, ...rows] = write().split('\n').slice(0, -1);
    const odd = rows.map((_, place) => place).filter((place) => place % 2 === 1);
    const some = write({ only: Uint32Array.from(odd), byteOrderMark: true });
    assert.equal(some, `\uFEFF${[header, ...odd.map((place) => rows[place])].join('\n')}\n`, fixture.name);
    assert.equal(write({ only: [] }), `${header}\n`, fixture.name);
    const hidden = write({ hideValues: true }).split('\n').slice(1, -1);
    assert.equal(hidden.length, rows.length, fixture.name);
    assert.ok(
      hidden.every((row) => row.endsWith(',')),
      `${fixture.name}: no value`,
    );
  });
  assert.throws(() => new ReportWriter('json', 'x.csv', false, { hideValues: true }), /takes csvOptions for the "csv" format only, not for "json"/);
  assert.throws(() => new ReportWriter('csv', 'x.csv', false, { hide: true }), /csvOptions: unknown option "hide"; the options are hideValues, only, byteOrderMark/);
  assert.throws(() => new ReportWriter('csv', 'x.csv', false, { only: [2, 1] }), /csvOptions\.only takes the places of the findings to write, in increasing order/);
  assert.throws(() => new ReportWriter('csv', 'x.csv', false, { byteOrderMark: 'yes' }), /csvOptions\.byteOrderMark takes true or false, not "yes"/);
});

test('importCommands are a fix\'s next steps for one file; renderFinding(data, true) words verified.none in the package\'s words', async () => {
  for (const name of ['examples/readme.csv', 'examples/aws-template-example-pool.csv']) {
    const fixture = all.find((each) => each.name === name);
    const { manifest } = await fix(readFileSync(fixture.csv), { ...fixture.options, onChunk: () => {} });
    const pool = new Validator(fixture.options).pool;
    const [part] = manifest.parts;
    assert.deepStrictEqual(manifest.nextSteps.slice(0, -1), importCommands(part.file, part.users, pool), name);
  }
  assert.throws(() => importCommands('users.csv', 1, null), /importCommands\(fileName, users, pool\) takes a report's pool, not null/);
  const validator = new Validator();
  validator.push(readFileSync(all.find((each) => each.name === 'verified.none/trigger.csv').csv));
  const { batch } = validator.finish(true);
  const place = [...batch.codes].findIndex((code) => rules()[code].code === 'verified.none');
  const data = batch.data.subarray(place === 0 ? 0 : batch.ends[place - 1], batch.ends[place]);
  assert.match(renderFinding(data).message, /^The User Record does not set any of the auto verified attributes to true\./);
  assert.match(renderFinding(data, true).message, /^neither email_verified nor phone_number_verified is true/);
  assert.deepStrictEqual({ ...renderFinding(data, true), message: '' }, { ...renderFinding(data), message: '' });
});

test('the package command line writes the native JSON report and exits as it does, for every fixture', async () => {
  await eachLimited(all, 2, async (fixture) => {
    const args = [...fixture.args, '--format', 'json', fixture.csv];
    const [ours, native] = await Promise.all([runPackageCli(args), run(nativeCli, args)]);
    assert.equal(ours.stderr, '', fixture.name);
    assert.equal(ours.status, native.status, fixture.name);
    assert.deepStrictEqual(withoutPool(JSON.parse(ours.stdout)), fixture.expected, fixture.name);
    assert.equal(ours.stdout.toString('utf8'), native.stdout.toString('utf8'), fixture.name);
  });
});

test('the package command line writes every form as the native one does', async () => {
  const sample = all.filter((fixture, index) => fixture.name.startsWith('examples/') || index % 15 === 0);
  await eachLimited(sample, 2, async (fixture) => {
    for (const format of ['text', 'csv', 'cloudwatch']) {
      const args = [...fixture.args, '--format', format, fixture.csv];
      const [ours, native] = await Promise.all([runPackageCli(args), run(nativeCli, args)]);
      assert.equal(ours.status, native.status, `${fixture.name}, ${format}`);
      assert.equal(ours.stdout.toString('utf8'), native.stdout.toString('utf8'), `${fixture.name}, ${format}`);
    }
  });
});

function bytesOf(text) {
  return new TextEncoder().encode(text);
}
