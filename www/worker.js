// The page's worker: it runs the npm package (copied to ./pkg/ by
// scripts/build-page.sh), so the page's thread only draws. It keeps the last
// file and options, to make the exports and the fixes from the file itself,
// and the users already in the pool, read once from their list-users file
// (streamed) for every run, and again for a pool that compares usernames
// otherwise.
//
// Messages in:  {type: 'pool'|'validate'|'cancel'|'export'|'fix'|'fixCancel', id, ...};
//   the options of 'pool' and 'validate' may hold `existing`: {id, file},
//   the list-users file (its id changes when another is given). The file
//   of 'validate' may be a migration, {files, ...}: its files are checked
//   as one, and 'export' and 'fix' then say which of them (`place`).
// Messages out: {type: 'ready', workers (how many the pool has)}, and for a request's id:
//   'pool' {pool, existing: {users} (when given)} or {poolError},
//   'existingReading' {name, size}, 'progress' (of a migration: overall, and
//   `file`, the one read), 'batch' {batch} (of a migration: `batch.file`),
//   'done' {report} (of a migration: {pool, files, summary, seconds}), 'cancelled', 'exported' {blob}, 'fixProgress',
//   'fixed' {result, files}, 'fixCancelled', 'failed' {request (its type), message}.
// Pool checks and runs are numbered by the page's lifecycle, exports and
// fixes apart: a failure says which kind of request it answers.
import { crc32 } from './zip.js';

// The package's entry awaits its .wasm, and a module worker drops the
// messages that come while its module awaits: so the package is imported
// dynamically, and the handler is set meanwhile.
const loading = import('./pkg/index.js');
let running = null; // {id, controller} of the validation under way
let fixing = null; // {id, controller} of the fix under way
let last = null; // {input (a file or a migration), options, users} of the last validation that finished (the report the page shows)
let existing = null; // {id, caseSensitive, users (a promise), controller} of the list-users file read last
let workers = null; // the package's workers, which validate the parts of a large file

/** Why a read of the pool's users stopped when another file replaced it:
 * the requests that waited for it are stale, and answered by newer ones. */
const REPLACED = new Error('another list-users file was given');

self.onmessage = async ({ data }) => {
  const { Validator, ReportWriter, Migration, validate, validateMigration, fix, readExistingUsers } = await loading;
  const { id } = data;
  try {
    switch (data.type) {
      case 'pool': {
        const answer = await checkPool(Validator, readExistingUsers, data);
        if (answer) self.postMessage({ type: 'pool', id, ...answer });
        break;
      }
      case 'validate':
        await runValidation(Validator, readExistingUsers, data.file.files ? validateMigration : validate, data);
        break;
      case 'cancel':
        if (running?.id === data.id) running.controller.abort();
        break;
      case 'export': {
        const blob = await exportReport({ Validator, ReportWriter, Migration }, data);
        self.postMessage({ type: 'exported', id, blob });
        break;
      }
      case 'fix':
        await runFix(fix, data);
        break;
      case 'fixCancel':
        if (fixing?.id === data.id) fixing.controller.abort();
        break;
    }
  } catch (error) {
    self.postMessage({ type: 'failed', id, request: data.type, message: error?.message ?? String(error) });
  }
};

loading.then(
  async ({ Validator, Fixer, startWorkers, validate }) => {
    // The pool: one worker per core, each validating a part of a large file
    // (the package cuts it). Started with the page, so that a dropped file
    // waits for none of them, and no request is made once the page is
    // ready. Where a worker cannot start workers, the pool has none, and
    // files are read in one pass here.
    workers = startWorkers(navigator.hardwareConcurrency || 1);
    const header = warmUp(Validator, Fixer);
    // A warm-up that fails costs the first file some speed, nothing more.
    await warmUpWorkers(validate, header).catch(() => {});
    self.postMessage({ type: 'ready', workers: await workers.ready });
  },
  (error) => self.postMessage({ type: 'failed', id: null, message: `the validator did not load: ${error.message}` }),
);

/** Users of a made-up file: 10,000 lines (1.3 MB), a tenth of them with
 * mistakes, their usernames starting with `prefix`. */
function madeUpUsers(prefix) {
  const lines = [];
  for (let user = 0; user < 10_000; user += 1) {
    const odd = user % 10 === 0;
    lines.push(
      `${prefix}.${user % 9_000},Ana García,Ana,García,,,,,,,${odd ? 'ana' : `ana${user}@example.com`},${odd ? 'yes' : 'TRUE'},,` +
        `${odd ? '1985-02-30' : '02/01/1985'},,,+1206555${String(user).padStart(4, '0')},true,12 Calle Mayor\\, Madrid,1700000000,false\n`,
    );
  }
  return lines.join('');
}

/** Validates and fixes a small made-up file once. Chromium runs
 * WebAssembly first from a quick compile, and optimises the functions that
 * turn out hot while they run: without this, the user's first file paid for
 * that (a 100 MB file took 0.2 s more than the same file again). Returns
 * the default pool's header line. */
function warmUp(Validator, Fixer) {
  const validator = new Validator({});
  const header = `${validator.pool.header.join(',')}\n`;
  const bytes = new TextEncoder().encode(header + madeUpUsers('user'));
  const fixer = new Fixer({}, {});
  try {
    validator.push(bytes);
    validator.takeBatch();
    validator.finish(true);
    fixer.push(bytes);
    fixer.take();
    fixer.finish();
  } finally {
    validator.free();
    fixer.free();
  }
  return header;
}

/** The same for the pool: a made-up file of a part (4 MiB) per worker,
 * validated in parts, so that the workers' code and the merge here are
 * warm for the first file too (they made it 0.06 s slower). */
async function warmUpWorkers(validate, header) {
  const started = await workers.ready;
  if (started < 2) return;
  const blocks = [header];
  for (let size = 0, block = 0; size <= started * (4 << 20); block += 1) {
    blocks.push(madeUpUsers(`user${block}`));
    size += blocks.at(-1).length;
  }
  await validate(new Blob(blocks), { workers });
}

/** The pool the options give and, when they give users already in it,
 * how many were read (`existing`: {users}); or what is wrong with them. */
async function checkPool(Validator, readExistingUsers, { id, options }) {
  const { existing: given, ...poolOptions } = options;
  const described = describePool(Validator, poolOptions);
  if (!given || described.poolError) return described;
  try {
    const users = await usersFor(readExistingUsers, id, given, poolOptions, described.pool);
    return { ...described, existing: { users: users.users } };
  } catch (error) {
    if (error === REPLACED) return null;
    if (error.name !== 'ExistingUsersError') throw error;
    return { poolError: existingError(error) };
  }
}

/** The users of the list-users file `given` for a pool of `poolOptions`
 * (`pool`, as the engine reads them), a promise: read once, and again only
 * for another file or a pool that compares usernames otherwise. Request
 * `id` is told when a read starts. */
function usersFor(readExistingUsers, id, given, poolOptions, pool) {
  if (existing?.id !== given.id || existing.caseSensitive !== pool.caseSensitive) {
    existing?.controller.abort(REPLACED);
    const controller = new AbortController();
    self.postMessage({ type: 'existingReading', id, name: given.file.name, size: given.file.size });
    const users = readExistingUsers(given.file, { ...poolOptions, signal: controller.signal });
    users.catch(() => {}); // told to those that wait for it
    existing = { id: given.id, caseSensitive: pool.caseSensitive, users, controller };
  }
  return existing.users;
}

/** An ExistingUsersError as the page shows pool errors: its message says
 * the line and column. */
const existingError = (error) => ({ input: 'existing', path: '', message: error.message });

/** `promise`, or a rejection with the signal's reason once it aborts. */
function untilAborted(promise, signal) {
  return new Promise((resolve, reject) => {
    signal.addEventListener('abort', () => reject(signal.reason), { once: true });
    promise.then(resolve, reject);
  });
}

/** The pool the options give, or what is wrong with them. */
function describePool(Validator, options) {
  let validator;
  try {
    validator = new Validator(options);
    return { pool: validator.pool };
  } catch (error) {
    if (error.name !== 'PoolError') throw error;
    return { poolError: { input: error.input, path: error.path, message: error.message } };
  } finally {
    validator?.free();
  }
}

/** Validates `file` (a File, or a migration's {files}: `check` is then
 * validateMigration) and posts its findings, its progress and its report. */
async function runValidation(Validator, readExistingUsers, check, { id, file, options }) {
  running?.controller.abort();
  const controller = new AbortController();
  running = { id, controller };
  const { existing: given, ...poolOptions } = options;
  const progress = new Progress(id, file);
  try {
    let users;
    if (given) {
      const described = describePool(Validator, poolOptions);
      if (described.poolError) {
        self.postMessage({ type: 'pool', id, poolError: described.poolError });
        return;
      }
      users = await untilAborted(usersFor(readExistingUsers, id, given, poolOptions, described.pool), controller.signal);
    }
    const result = await check(file.files ?? file, {
      ...poolOptions,
      existing: users,
      // A migration's files are read one after the other, each in one pass.
      ...(file.files ? {} : { workers }),
      signal: controller.signal,
      // Findings as data, moved rather than copied: their words are
      // rendered in the page for the rows it shows (see findings.js). The
      // page takes each finding's status; it has no use for the statuses
      // of all the lines. A migration's batches say their file.
      onBatch: ({ lines, codes, statuses, data, ends }, place) => {
        if (codes.length === 0) return;
        const batch = { lines, codes, statuses, data, ends, ...(place === undefined ? {} : { file: place }) };
        self.postMessage({ type: 'batch', id, batch }, [lines.buffer, codes.buffer, statuses.buffer, data.buffer, ends.buffer]);
      },
      onProgress: (reached) => progress.post(reached),
    });
    last = { input: file, options: poolOptions, users };
    const report = file.files ? { pool: result.files[0].pool, files: result.files, summary: result.summary, seconds: progress.seconds() } : result;
    self.postMessage({ type: 'done', id, report });
  } catch (error) {
    if (controller.signal.aborted) self.postMessage({ type: 'cancelled', id });
    else if (error.name === 'PoolError') {
      self.postMessage({ type: 'pool', id, poolError: { input: error.input, path: error.path, message: error.message } });
    } else if (error.name === 'ExistingUsersError') self.postMessage({ type: 'pool', id, poolError: existingError(error) });
    else if (error !== REPLACED) throw error;
  } finally {
    if (running?.id === id) running = null;
  }
}

/** How often the progress of a run is posted, at most: see Progress. */
const PROGRESS_MS = 200;

/** The progress of run `id` on `input` (a file, or a migration's files),
 * posted at most every 200 ms (and at once at first): five times a second
 * is plenty for a progress line, and each one the page draws takes a core
 * from the workers. On 2 cores, every 50 ms made the 100 MB file 0.04 s
 * slower read in parts. A migration's is told of all its files (bytes and
 * users so far), with the file read. */
class Progress {
  constructor(id, input) {
    this.id = id;
    this.sizes = (input.files ?? [input]).map((file) => file.size);
    this.total = this.sizes.reduce((sum, size) => sum + size, 0);
    this.migration = Boolean(input.files);
    this.users = []; // of each file, so far
    this.ends = []; // when each file's last chunk was read
    this.started = performance.now();
    this.posted = 0;
  }

  post({ file: place = 0, bytesRead, users, ...rest }) {
    const now = performance.now();
    this.users[place] = users;
    this.ends[place] = now;
    if (now - this.posted < PROGRESS_MS) return;
    this.posted = now;
    const before = (values) => values.slice(0, place).reduce((sum, value) => sum + (value ?? 0), 0);
    // A file read in parts tells bytes, not users (null), until its end.
    const overall = { ...rest, bytesRead: before(this.sizes) + bytesRead, totalBytes: this.total, users: users === null ? null : before(this.users) + users };
    self.postMessage({ type: 'progress', id: this.id, ...overall, ...(this.migration ? { file: place } : {}) });
  }

  /** Seconds each file of a migration took (none for a file of no bytes,
   * which tells no progress). */
  seconds() {
    let from = this.started;
    return this.sizes.map((_, place) => {
      const end = this.ends[place] ?? from;
      const took = (end - from) / 1000;
      from = end;
      return took;
    });
  }
}

/** Content types of the exports. */
const TYPES = { csv: 'text/csv', json: 'application/json', cloudwatch: 'text/plain' };

/** Reads the last file again into one of the command line's forms, written
 * by the engine as the command line writes them; the CSV form with the
 * page's `csvOptions` (ReportWriter's: a byte order mark, values hidden,
 * only some findings). Of a migration, file `place`, after the files
 * before it: their jobs run first. */
async function exportReport({ Validator, ReportWriter, Migration }, { kind, csvOptions, place }) {
  if (!last) throw new Error('there is no finished report to export: validate a file first');
  const { options, users } = last;
  const file = fileOf(place);
  const parts = [];
  const migration = last.input.files ? (users ? Migration.withExisting(options, users) : new Migration(options)) : null;
  // The log's entries are not held back: this run knows the job's fate only
  // at the end, and drops them then if it fails (below).
  const writer = new ReportWriter(kind, file.name, false, csvOptions);
  let validator;
  try {
    for (const earlier of migration ? last.input.files.slice(0, place) : []) {
      validator = migration.nextFile();
      await readInto(validator, earlier, () => validator.takeBatch());
      migration.finishFile(validator, true);
      validator.free();
      validator = null;
    }
    validator = migration ? migration.nextFile() : users ? Validator.withExisting(options, users) : new Validator(options);
    parts.push(writer.start());
    await readInto(validator, file, () => parts.push(writer.write(validator)));
    const { text, report } = migration ? writer.finishFile(migration, validator) : writer.finish(validator);
    // A failed job's CloudWatch log holds the job's errors alone: the
    // per-line entries written on the way are then dropped (the command
    // line reads the file twice to the same effect).
    if (kind === 'cloudwatch' && report.outcome.job === 'fails') parts.length = 0;
    parts.push(text);
    return new Blob(parts, { type: TYPES[kind] });
  } finally {
    writer.free();
    validator?.free();
    migration?.free();
  }
}

/** The last file validated, or file `place` of the last migration. */
function fileOf(place) {
  return last.input.files ? last.input.files[place] : last.input;
}

async function readInto(validator, file, afterChunk) {
  const reader = file.stream().getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) return;
    validator.push(value);
    afterChunk();
  }
}

/**
 * Fixes the last file validated (of a migration, file `place`, on its
 * own), with its pool and the fix `options`: its
 * files go into Blobs, or into `folder` (a FileSystemDirectoryHandle) as
 * they are made. Posts 'fixed' with the result and the files:
 * [{name, size, blob, crc}], or [{name, size}] for a folder.
 */
async function runFix(fix, { id, options, folder, place }) {
  if (!last) throw new Error('there is no finished report to fix: validate a file first');
  fixing?.controller.abort();
  const controller = new AbortController();
  fixing = { id, controller };
  const outputs = folder ? new FolderOutputs(folder) : new BlobOutputs();
  let lastProgress = 0;
  try {
    const result = await fix(fileOf(place), {
      ...last.options,
      ...options,
      ...outputs.fixOption(),
      signal: controller.signal,
      onProgress: (progress) => {
        const now = performance.now();
        if (now - lastProgress < 50) return;
        lastProgress = now;
        self.postMessage({ type: 'fixProgress', id, ...progress });
      },
    });
    self.postMessage({ type: 'fixed', id, result, files: await outputs.files() });
  } catch (error) {
    if (controller.signal.aborted) self.postMessage({ type: 'fixCancelled', id });
    else throw error;
  } finally {
    if (fixing?.id === id) fixing = null;
  }
}

/** Bytes of a file held as chunks before they join its Blob. */
const BLOB_STEP = 4 << 20;

/** The files of a fix as Blobs, each grown from its chunks every few MB:
 * a new Blob of the last one and the chunks since refers to the last one's
 * bytes rather than copy them, and the chunks are then let go, so a file's
 * bytes are held once. Each file's CRC-32 is computed as its chunks come,
 * for the .zip the page offers (zip.js). */
class BlobOutputs {
  constructor() {
    this.byName = new Map(); // name → {name, type, blob, pending, pendingBytes, size, crc}
  }

  fixOption() {
    return { onChunk: ({ file, bytes }) => this.write(file, bytes) };
  }

  write(name, bytes) {
    let output = this.byName.get(name);
    if (!output) {
      const type = name.endsWith('.json') ? 'application/json' : 'text/csv';
      output = { name, type, blob: new Blob([], { type }), pending: [], pendingBytes: 0, size: 0, crc: 0 };
      this.byName.set(name, output);
    }
    output.crc = crc32(bytes, output.crc);
    output.size += bytes.length;
    output.pending.push(bytes);
    output.pendingBytes += bytes.length;
    if (output.pendingBytes >= BLOB_STEP) settle(output);
  }

  async files() {
    return [...this.byName.values()].map((output) => {
      settle(output);
      return { name: output.name, size: output.size, blob: output.blob, crc: output.crc };
    });
  }
}

function settle(output) {
  if (output.pending.length === 0) return;
  output.blob = new Blob([output.blob, ...output.pending], { type: output.type });
  output.pending = [];
  output.pendingBytes = 0;
}

/** The files of a fix written into a folder the page was given, each
 * through the stream the package's `open` asks for (it closes them). */
class FolderOutputs {
  constructor(folder) {
    this.folder = folder;
    this.handles = []; // of the files opened, in order
  }

  fixOption() {
    return {
      open: async (name) => {
        const handle = await this.folder.getFileHandle(name, { create: true });
        this.handles.push(handle);
        return handle.createWritable();
      },
    };
  }

  files() {
    return Promise.all(this.handles.map(async (handle) => ({ name: handle.name, size: (await handle.getFile()).size })));
  }
}
