// `fix` in the package: its command line against the native one (the same
// files, byte for byte, the same standard error and exit status, for every
// fixture of tests/fixtures/tools and tests/fixtures/examples and for what
// goes wrong), and the API's fix(): the native files through onChunk, open()
// with Node streams and with WritableStreams, from every kind of source;
// progress, aborting, misuse, and a file that cannot be fixed.
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createWriteStream, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { fix, Fixer, validate } from '../../pkg/node.js';
import { eachLimited, fixtures, listUsersFixtures, nativeCli, run, runPackageCli, seededRandom, randomPieces } from './common.mjs';

const scratch = mkdtempSync(join(tmpdir(), 'ccv-fix-'));
after(() => rmSync(scratch, { recursive: true, force: true }));
const random = seededRandom('fix.test.mjs');

const all = fixtures().filter((fixture) => /^(tools|examples)\//.test(fixture.name));

/** A folder of its own under the scratch folder. */
let folders = 0;
function folder(label) {
  const path = join(scratch, `${(folders += 1)}-${label.replace(/[^a-z0-9]+/gi, '-')}`);
  mkdirSync(path, { recursive: true });
  return path;
}

/** Every file under `root`, by its path from there: its bytes. */
function tree(root) {
  const found = {};
  const walk = (path, prefix) => {
    for (const entry of readdirSync(path, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
      if (entry.isDirectory()) walk(join(path, entry.name), `${prefix}${entry.name}/`);
      else found[`${prefix}${entry.name}`] = readFileSync(join(path, entry.name));
    }
  };
  walk(root, '');
  return found;
}

function assertSameTree(ours, theirs, what) {
  assert.deepStrictEqual(Object.keys(ours), Object.keys(theirs), `${what}: the same files`);
  for (const name of Object.keys(ours)) {
    assert.ok(Buffer.compare(ours[name], theirs[name]) === 0, `${what}: ${name} differs`);
  }
}

/**
 * Runs `fix` with `args` through both command lines, each in a folder of
 * its own that `setUp(folder)` prepares the same way; the statuses, the
 * outputs and the folders after must be the same. Returns the native run
 * and its folder.
 */
async function bothFix(label, args, { setUp = () => {}, input } = {}) {
  const [nativeFolder, packageFolder] = [folder(`${label}-native`), folder(`${label}-package`)];
  setUp(nativeFolder);
  setUp(packageFolder);
  const [native, ours] = await Promise.all([
    run(nativeCli, ['fix', ...args], { cwd: nativeFolder, input }),
    runPackageCli(['fix', ...args], { cwd: packageFolder, input }),
  ]);
  assert.equal(ours.stderr, native.stderr, `${label}: standard error`);
  assert.equal(ours.stdout.toString('utf8'), native.stdout.toString('utf8'), `${label}: standard output`);
  assert.equal(ours.status, native.status, `${label}: exit status`);
  assertSameTree(tree(packageFolder), tree(nativeFolder), label);
  return { ...native, folder: nativeFolder };
}

/** The native command line's files for a fixture (and its exit status). */
async function nativeFiles(fixture, extra = []) {
  const out = folder(`native-${fixture.name}`);
  const result = await run(nativeCli, ['fix', ...fixture.args, ...extra, fixture.csv, '--out', out]);
  return { files: tree(out), status: result.status, stderr: result.stderr };
}

const bytesOf = (text) => new TextEncoder().encode(text);
const concat = (pieces) => Buffer.concat(pieces.map((piece) => Buffer.from(piece)));

/** fix() through onChunk: each file's bytes, and the result. */
async function fixToChunks(source, options) {
  const pieces = {};
  const result = await fix(source, {
    ...options,
    onChunk: (chunk) => {
      assert.ok(chunk.bytes instanceof Uint8Array);
      (pieces[chunk.file] ??= []).push(Buffer.from(chunk.bytes));
    },
  });
  const files = {};
  for (const name of Object.keys(pieces).sort()) files[name] = concat(pieces[name]);
  return { files, result };
}

test('there are fixtures of tools and examples to fix', () => {
  assert.ok(all.length >= 15, `only ${all.length} fixtures`);
});

test('the package command line fixes every fixture of tools and examples as the native one does', async () => {
  await eachLimited(all, 2, async (fixture) => {
    const native = await bothFix(fixture.name, [...fixture.args, fixture.csv, '--out', 'out']);
    assert.ok([0, 1].includes(native.status), `${fixture.name}: ${native.stderr}`);
    const written = Object.keys(tree(native.folder));
    assert.ok(written.includes('out/manifest.json') && written.includes('out/changes.csv'), `${fixture.name}: ${written}`);
  });
});

const header =
  'cognito:username,name,given_name,family_name,middle_name,nickname,preferred_username,profile,picture,website,' +
  'email,email_verified,gender,birthdate,zoneinfo,locale,phone_number,phone_number_verified,address,updated_at,cognito:mfa_enabled';
const clean = (users) =>
  `${header}\n${Array.from({ length: users }, (_, index) => `user${index},,,,,,,,,,user${index}@example.com,true,,,,,,,,,false\n`).join('')}`;
const spreadsheet =
  '\ufeffUsername;Email;Email_Verified;phone_number\r\nana;ana@example.com;yes;+1 (206) 555-0100\r\n' +
  'bob;not-an-email;1;\r\n;;;\r\ncy;cy@example.com;TRUE;+1 206 555 0101\r\n';
const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(clean(1), 'utf16le')]);
const put = (files) => (root) => {
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), text);
  }
};

/** What goes wrong, and what goes right, with the exit status both must give. */
const cases = [
  ['a file that imports', ['in.csv', '--out', 'out'], 0, put({ 'in.csv': clean(2) })],
  ['a file with a reject', ['in.csv', '--out', 'out'], 1, put({ 'in.csv': spreadsheet })],
  ['a blocker', ['in.csv', '--out', 'out', '--auto-verified='], 1, put({ 'in.csv': clean(1) })],
  ['no --out', ['in.csv'], 2, put({ 'in.csv': clean(1) })],
  ['an unknown flag', ['in.csv', '--out', 'out', '--nope'], 2, put({ 'in.csv': clean(1) })],
  ['a folder in use', ['in.csv', '--out', 'out'], 2, put({ 'in.csv': clean(1), 'out/notes.txt': 'mine' })],
  [
    'a folder in use, --force',
    ['in.csv', '--out', 'out', '--force'],
    0,
    put({ 'in.csv': clean(1), 'out/notes.txt': 'mine', 'out/users-7.csv': 'old', 'out/rejects.csv': 'old' }),
  ],
  ['the input in the folder', ['out/users-1.csv', '--out', 'out', '--force'], 2, put({ 'out/users-1.csv': clean(1) })],
  ['--out a file', ['in.csv', '--out', 'in.csv'], 2, put({ 'in.csv': clean(1) })],
  ['--max-users 2', ['in.csv', '--out', 'out', '--max-users', '2'], 0, put({ 'in.csv': clean(5) })],
  ['a file in UTF-16', ['in.csv', '--out', 'out'], 2, put({ 'in.csv': utf16 })],
  ['a file without a header', ['in.csv', '--out', 'out'], 2, put({ 'in.csv': 'ana,ana@example.com,true\n' })],
  ['an empty file', ['in.csv', '--out', 'out'], 2, put({ 'in.csv': '' })],
  [
    '--columns',
    ['in.csv', '--out', 'out', '--columns', 'cognito:username,email,email_verified'],
    0,
    put({ 'in.csv': 'ana,ana@example.com,true\n' }),
  ],
  ['a missing file', ['nope.csv', '--out', 'out'], 2, put({})],
  ['--max-users 0', ['in.csv', '--out', 'out', '--max-users', '0'], 2, put({ 'in.csv': clean(1) })],
  ['--max-bytes 5', ['in.csv', '--out', 'out', '--max-bytes', '5'], 2, put({ 'in.csv': clean(1) })],
  ['--date-order ymd', ['in.csv', '--out', 'out', '--date-order', 'ymd'], 2, put({ 'in.csv': clean(1) })],
  ['--default-country XX', ['in.csv', '--out', 'out', '--default-country', 'XX'], 2, put({ 'in.csv': clean(1) })],
  ['fix --help', ['--help'], 0, put({})],
];

for (const [what, args, status, setUp] of cases) {
  test(`the package command line answers fix with ${what} as the native one does`, async () => {
    const native = await bothFix(what, args, { setUp });
    assert.equal(native.status, status, `the native status: ${native.stderr}`);
    if (status === 2 && what !== 'fix --help') assert.match(native.stderr, /^cognito-csv-validator: error: /);
  });
}

test('the package command line fixes standard input as the native one does', async () => {
  for (const input of [spreadsheet, clean(3), utf16]) {
    await bothFix('standard input', ['-', '--out', 'out'], { input });
  }
});

test('fix() through onChunk gives the native files, for every fixture of tools and examples', async () => {
  for (const fixture of all) {
    const native = await nativeFiles(fixture);
    const { files, result } = await fixToChunks(readFileSync(fixture.csv), fixture.options);
    assert.equal(result.error, null, fixture.name);
    assertSameTree(files, Object.fromEntries(Object.entries(native.files)), fixture.name);
    assert.deepStrictEqual(result.manifest, JSON.parse(native.files['manifest.json']), fixture.name);
    assert.ok(Array.isArray(result.samples), fixture.name);
  }
});

const listed = listUsersFixtures();

test('the package command line fixes list-users output as the native one does', async () => {
  assert.ok(listed.length >= 10, `only ${listed.length} list-users fixtures`);
  await eachLimited(listed, 2, async (fixture) => {
    const native = await bothFix(fixture.name, [...fixture.args, fixture.path, '--out', 'out']);
    const written = Object.keys(tree(native.folder));
    if (fixture.name.startsWith('stops/')) {
      assert.equal(native.status, 2, `${fixture.name}: ${native.stderr}`);
      assert.match(native.stderr, /^cognito-csv-validator: error: cannot fix .*: the file was read as list-users output/);
    } else {
      assert.ok([0, 1].includes(native.status), `${fixture.name}: ${native.stderr}`);
      assert.ok(written.includes('out/subs.csv') && written.includes('out/manifest.json'), `${fixture.name}: ${written}`);
    }
  });
});

test('fix() gives the native files for list-users output, whole and in random chunks', async () => {
  for (const fixture of listed) {
    const native = await nativeFiles({ ...fixture, csv: fixture.path });
    const bytes = readFileSync(fixture.path);
    for (const source of [bytes, Readable.from(randomPieces(bytes, 5, random))]) {
      const { files, result } = await fixToChunks(source, fixture.options);
      assertSameTree(files, native.files, fixture.name);
      if (native.status === 2) {
        assert.ok(native.stderr.includes(result.error), `${fixture.name}: ${result.error}`);
      } else {
        assert.deepStrictEqual(result.manifest, JSON.parse(native.files['manifest.json']), fixture.name);
      }
    }
  }
});

test('fix() takes the options of the command line: the same files', async () => {
  const input = bytesOf(clean(5) + 'dup,,,,,,,,,,d@example.com,yes,,1990-02-01,,,020 7946 0958,,,,\n');
  const path = join(folder('options'), 'in.csv');
  writeFileSync(path, input);
  const fixture = { name: 'options', csv: path, args: [] };
  const native = await nativeFiles(fixture, ['--max-users', '2', '--date-order', 'dmy', '--default-country', 'GB', '--assume-verified', 'email', '--mfa', 'ON']);
  const { files } = await fixToChunks(input, {
    maxUsers: 2,
    dateOrder: 'dmy',
    defaultCountry: 'GB',
    assumeVerified: ['email'],
    mfa: 'ON',
  });
  assert.ok(Object.keys(files).includes('users-3.csv'));
  assertSameTree(files, native.files, 'options');
});

test('fix() through open() writes the native files to Node streams and to WritableStreams', async () => {
  for (const fixture of all.filter((_, index) => index % 3 === 0)) {
    const native = await nativeFiles(fixture);
    const bytes = readFileSync(fixture.csv);

    const out = folder(`open-${fixture.name}`);
    const streams = [];
    await fix(bytes, {
      ...fixture.options,
      open: (file) => {
        const stream = createWriteStream(join(out, file));
        streams.push(stream);
        return stream;
      },
    });
    assert.ok(streams.length > 0 && streams.every((stream) => stream.closed || stream.writableFinished), `${fixture.name}: streams ended`);
    assertSameTree(tree(out), native.files, `${fixture.name}, Node streams`);

    const written = {};
    const closed = [];
    await fix(bytes, {
      ...fixture.options,
      chunkSize: 1 + Math.floor(random() * 64),
      open: async (file) =>
        new WritableStream({
          write(chunk) {
            (written[file] ??= []).push(Buffer.from(chunk));
          },
          close() {
            closed.push(file);
          },
        }),
    });
    const files = Object.fromEntries(Object.keys(written).sort().map((name) => [name, concat(written[name])]));
    assertSameTree(files, native.files, `${fixture.name}, WritableStreams`);
    assert.deepStrictEqual(closed.sort(), Object.keys(native.files).sort(), `${fixture.name}: every stream closed`);
  }
});

test('fix() reads Blobs, Uint8Arrays, ReadableStreams and Node streams, in any chunking, to the same files', async () => {
  for (const fixture of all) {
    const bytes = readFileSync(fixture.csv);
    const expected = await fixToChunks(bytes, fixture.options);
    const sources = {
      Blob: new Blob([bytes]),
      'Blob in small chunks': new Blob([bytes]),
      ArrayBuffer: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.length),
      ReadableStream: new ReadableStream({
        start(controller) {
          for (const piece of randomPieces(bytes, 13, random)) controller.enqueue(piece);
          controller.close();
        },
      }),
      'Node stream': Readable.from(randomPieces(bytes, 7, random)),
      'async iterable': (async function* pieces() {
        yield* randomPieces(bytes, 3, random);
      })(),
    };
    for (const [kind, source] of Object.entries(sources)) {
      const options = kind === 'Blob in small chunks' ? { ...fixture.options, chunkSize: 1 + Math.floor(random() * 16) } : fixture.options;
      const got = await fixToChunks(source, options);
      assertSameTree(got.files, expected.files, `${fixture.name}, ${kind}`);
      assert.deepStrictEqual(got.result, expected.result, `${fixture.name}, ${kind}`);
    }
  }
});

test('onProgress counts up to the whole file', async () => {
  const fixture = all.find((each) => each.name === 'examples/readme.csv') ?? all[0];
  const bytes = readFileSync(fixture.csv);
  for (const source of [bytes, new Blob([bytes])]) {
    const progress = [];
    await fix(source, { ...fixture.options, chunkSize: 50, onChunk: () => {}, onProgress: (event) => progress.push(event) });
    assert.equal(progress.length, Math.ceil(bytes.length / 50));
    assert.ok(progress.every((event, index) => index === 0 || event.bytesRead > progress[index - 1].bytesRead), 'counts up');
    assert.deepStrictEqual(progress.at(-1), { bytesRead: bytes.length, totalBytes: bytes.length });
  }
  const progress = [];
  await fix(Readable.from([bytes]), { onChunk: () => {}, onProgress: (event) => progress.push(event) });
  assert.deepStrictEqual(progress.at(-1), { bytesRead: bytes.length, totalBytes: null });
});

test('an AbortSignal stops fix() with its reason, and closes the source and the streams', async () => {
  const bytes = bytesOf(clean(3000));
  const reason = new Error('stopped by the test');

  // On data it holds, between chunks.
  const controller = new AbortController();
  let chunks = 0;
  await assert.rejects(
    fix(bytes, {
      chunkSize: 1000,
      onChunk: () => {},
      onProgress: () => {
        chunks += 1;
        if (chunks === 3) controller.abort(reason);
      },
      signal: controller.signal,
    }),
    (error) => error === reason,
  );
  assert.equal(chunks, 3);
  await assert.rejects(fix(bytes, { onChunk: () => {}, signal: AbortSignal.abort() }), { name: 'AbortError' });

  // While it waits for data: the stream is cancelled, the Node streams given by open() destroyed.
  let cancelled = null;
  const stream = new ReadableStream({
    start(source) {
      source.enqueue(bytes.subarray(0, 200_000));
    },
    cancel(why) {
      cancelled = why;
    },
  });
  const out = folder('abort');
  const opened = [];
  const waiting = new AbortController();
  setTimeout(() => waiting.abort(reason), 50);
  await assert.rejects(
    fix(stream, {
      chunkSize: 65_536,
      signal: waiting.signal,
      open: (file) => {
        const writer = createWriteStream(join(out, file));
        opened.push(writer);
        return writer;
      },
    }),
    (error) => error === reason,
  );
  assert.equal(cancelled, reason, 'the source was cancelled with the reason');
  assert.ok(opened.length > 0, 'a file was opened before the abort');
  assert.ok(opened.every((writer) => writer.destroyed), 'every Node stream was destroyed');

  // A WritableStream given by open() is aborted with the reason.
  const node = new Readable({ read() {} });
  node.push(bytes.subarray(0, 200_000));
  const aborted = [];
  const stopping = new AbortController();
  setTimeout(() => stopping.abort(reason), 50);
  await assert.rejects(
    fix(node, {
      chunkSize: 65_536,
      signal: stopping.signal,
      open: () =>
        new WritableStream({
          write() {},
          abort(why) {
            aborted.push(why);
          },
        }),
    }),
    (error) => error === reason,
  );
  assert.equal(node.destroyed, true, 'the Node source was destroyed');
  assert.ok(aborted.length > 0 && aborted.every((why) => why === reason), 'every WritableStream was aborted');
});

test('misuse of fix() throws an error that says what to do', async () => {
  const bytes = bytesOf(clean(1));
  await assert.rejects(fix(bytes), { name: 'TypeError', message: /give options\.onChunk .* or options\.open/ });
  await assert.rejects(fix(bytes, {}), { name: 'TypeError', message: /give options\.onChunk .* or options\.open/ });
  await assert.rejects(fix(bytes, { onChunk: () => {}, open: () => {} }), { name: 'TypeError', message: /one of them/ });
  await assert.rejects(fix(bytes, { onChunk: 'x' }), { name: 'TypeError', message: /options\.onChunk must be a function, not a string/ });
  await assert.rejects(fix(bytes, { onChunk: () => {}, signal: 'x' }), {
    name: 'TypeError',
    message: /options\.signal must be an AbortSignal, not a string/,
  });
  await assert.rejects(fix(bytes, { onChunk: () => {}, chunkSize: 0 }), { name: 'TypeError', message: /chunkSize must be a positive integer/ });
  await assert.rejects(fix(bytes, null), { name: 'TypeError', message: /options must be an object, not null/ });
  await assert.rejects(fix('a,b\n', { onChunk: () => {} }), { name: 'TypeError', message: /source must be a File or Blob/ });
  await assert.rejects(fix(bytes, { open: () => 42 }), { name: 'TypeError', message: /options\.open\("[a-z0-9-]+\.csv"\) must give a WritableStream/ });
  // A misspelt option: named, with fix's options listed; the same kind of
  // error as validate() throws for one.
  const validateError = await validate(bytes, { maxUser: 2 }).catch((error) => error);
  await assert.rejects(fix(bytes, { onChunk: () => {}, maxUser: 2 }), (error) => {
    assert.match(error.message, /unknown option "maxUser"/);
    assert.match(error.message, /fix's options are maxUsers, maxBytes, dateOrder, defaultCountry, assumeVerified, keepUnknownColumns, columns/);
    assert.equal(error.name, validateError.name);
    return true;
  });
  await assert.rejects(fix(bytes, { onChunk: () => {}, maxUsers: 0 }), /max users is 0: it must be 1 to 500000/);
  await assert.rejects(fix(bytes, { onChunk: () => {}, dateOrder: 'ymd' }), /ymd/);
  await assert.rejects(fix(bytes, { onChunk: () => {}, defaultCountry: 'XX' }), /XX/);
});

test('a bad value of a fix option is named, with what it takes', async () => {
  // `fix option assumeVerified: invalid type: string "email", expected a sequence`.
  const bytes = bytesOf(clean(1));
  for (const [name, value] of [
    ['maxUsers', '2'],
    ['maxUsers', 1.5],
    ['dateOrder', 'ymd'],
    ['assumeVerified', 'email'],
    ['assumeVerified', ['phone']],
    ['columns', 'a,b'],
    ['keepUnknownColumns', 'yes'],
  ]) {
    await assert.rejects(fix(bytes, { onChunk: () => {}, [name]: value }), (error) => {
      assert.ok(error.message.startsWith(`fix option ${name}`), `${name}: ${JSON.stringify(value)}: ${error.message}`);
      assert.match(error.message, /expected|unknown variant/, `${name}: ${JSON.stringify(value)}: ${error.message}`);
      assert.doesNotMatch(error.message, /Reflect\.get|Error:/, `${name}: ${value}`);
      return true;
    });
  }
});

test('a file that cannot be fixed resolves with the error and no manifest, and writes nothing', async () => {
  for (const [bytes, message] of [
    [utf16, /UTF-16/],
    [bytesOf('ana,ana@example.com,true\n'), /--columns/],
    [new Uint8Array(0), /the file is empty/],
  ]) {
    const chunks = [];
    const result = await fix(bytes, { onChunk: (chunk) => chunks.push(chunk) });
    assert.equal(result.manifest, null);
    assert.match(result.error, message);
    assert.deepStrictEqual(chunks, [], 'no file');
  }
  // The rest of a stream is not read once the first line says so.
  let pulls = 0;
  const endless = new ReadableStream({
    pull(controller) {
      pulls += 1;
      controller.enqueue(pulls === 1 ? new Uint8Array(utf16) : new Uint8Array(1000));
    },
  });
  const result = await fix(endless, { onChunk: () => {} });
  assert.match(result.error, /UTF-16/);
  assert.ok(pulls < 10, `${pulls} pulls`);
});

test('the Fixer class gives fix()\'s files', async () => {
  const bytes = bytesOf(spreadsheet);
  const fixer = new Fixer({}, { maxUsers: 1 });
  const pieces = {};
  const keep = (chunks) => chunks.forEach((chunk) => (pieces[chunk.file] ??= []).push(Buffer.from(chunk.bytes)));
  for (const piece of randomPieces(bytes, 5, random)) {
    fixer.push(piece);
    keep(fixer.take());
  }
  assert.equal(fixer.stopped, null);
  assert.equal(fixer.bytesRead, bytes.length);
  const { chunks, manifest } = fixer.finish();
  keep(chunks);
  fixer.free();
  const files = Object.fromEntries(Object.keys(pieces).sort().map((name) => [name, concat(pieces[name])]));
  const expected = await fixToChunks(bytes, { maxUsers: 1 });
  assertSameTree(files, expected.files, 'Fixer');
  assert.deepStrictEqual(manifest, expected.result.manifest);
  assert.equal(statSync(scratch).isDirectory(), true);
});
