// validate() and fix(), the same in browsers and Node: they stream a source
// through a Validator or a Fixer. The entry points (index.js, node.js) load
// the WebAssembly module and export these with the engine's classes
// (checked, below).
import { Validator, ReportWriter, Fixer, Migration, ExistingUsers, ExistingUsersReader, fixPushBytes } from './wasm/cognito_csv_validator.js';
import { validateInParts, Workers } from './parts.js';

/** Bytes handed to the engine at a time: large enough that a call into the
 * module costs nothing next to the work, small enough for smooth progress. */
const DEFAULT_CHUNK_SIZE = 1 << 20;

/** With a signal, how long validate() works before it lets other tasks run
 * (the one that aborts, say), in milliseconds. */
const YIELD_EVERY_MS = 25;

/**
 * Validates a whole source and resolves to the report. See index.d.ts.
 * @param {Blob | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | Iterable<Uint8Array> | Uint8Array | ArrayBuffer} source
 * @param {import('./index.js').ValidateOptions} [options]
 */
export async function validate(source, options = {}) {
  const { callbacks, existing, workers, validatorOptions } = readValidateOptions('validate', options);
  const users = await usersOf(existing, validatorOptions, callbacks.signal);
  const opened = openerOf(source) ?? notASource(source);
  // A Blob is cut into parts, a worker each, when it is large enough and
  // workers can be had (parts.js); anything else is read in one pass.
  if (workers !== 1 && typeof Blob !== 'undefined' && source instanceof Blob) {
    const report = await validateInParts(source, validatorOptions, users, callbacks, workers);
    if (report) return deliver(report, callbacks);
  }
  const validator = users ? Validator.withExisting(validatorOptions, users) : new Validator(validatorOptions);
  try {
    return await streamThrough(validator, opened(), sizeOf(source), callbacks, (batch) => validator.finish(batch));
  } finally {
    validator.free();
  }
}

/**
 * Validates files as one migration, in the order their import jobs run,
 * and resolves to `{ files: [report, ...], summary }`. See index.d.ts.
 * @param {import('./index.js').Source[]} files
 * @param {import('./index.js').ValidateMigrationOptions} [options]
 */
export async function validateMigration(files, options = {}) {
  if (!Array.isArray(files) || files.length === 0) {
    throw new TypeError(`validateMigration(files, options): files must be an array of sources, one per file in the order their jobs run, not ${Array.isArray(files) ? 'an empty array' : describe(files)}`);
  }
  const { callbacks, existing, validatorOptions } = readValidateOptions('validateMigration', options);
  // Every file is checked before the first is read: a wrong one is told at once.
  const openers = files.map((file, index) => openerOf(file) ?? notASource(file, `validateMigration(files): files[${index}]`));
  const users = await usersOf(existing, validatorOptions, callbacks.signal);
  const migration = users ? Migration.withExisting(validatorOptions, users) : new Migration(validatorOptions);
  try {
    const reports = [];
    for (const [index, open] of openers.entries()) {
      // Each callback is told which file (its index in `files`) it is about.
      const { onProgress, onFindings, onBatch } = callbacks;
      const ofFile = {
        ...callbacks,
        onProgress: onProgress && ((progress) => onProgress({ file: index, ...progress })),
        onFindings: onFindings && ((findings) => onFindings(findings, index)),
        onBatch: onBatch && ((batch) => onBatch(batch, index)),
      };
      const validator = migration.nextFile();
      try {
        reports.push(await streamThrough(validator, open(), sizeOf(files[index]), ofFile, (batch) => migration.finishFile(validator, batch)));
      } finally {
        validator.free();
      }
    }
    return { files: reports, summary: migration.summary };
  } finally {
    migration.free();
  }
}

/** validate()'s and validateMigration()'s options, checked: the callbacks
 * and settings of the reading, `existing`, and the Validator's options. */
function readValidateOptions(name, options) {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`${name}(${name === 'validate' ? 'source' : 'files'}, options): options must be an object, not ${describe(options)}`);
  }
  const { onProgress, onFindings, onBatch, signal, existing, chunkSize = DEFAULT_CHUNK_SIZE, workers, ...validatorOptions } = options;
  for (const [option, value] of [['onProgress', onProgress], ['onFindings', onFindings], ['onBatch', onBatch]]) {
    if (value !== undefined && typeof value !== 'function') {
      throw new TypeError(`${name}(): options.${option} must be a function, not ${describe(value)}`);
    }
  }
  if (onFindings && onBatch) {
    throw new TypeError(`${name}(): give options.onFindings (findings as objects) or options.onBatch (batches), not both`);
  }
  if (signal !== undefined && !(typeof AbortSignal !== 'undefined' && signal instanceof AbortSignal)) {
    throw new TypeError(`${name}(): options.signal must be an AbortSignal, not ${describe(signal)}`);
  }
  if (!Number.isInteger(chunkSize) || chunkSize < 1) {
    throw new TypeError(`${name}(): options.chunkSize must be a positive integer, not ${shown(chunkSize)}`);
  }
  if (workers !== undefined && !(workers instanceof Workers) && !(Number.isInteger(workers) && workers >= 1)) {
    throw new TypeError(`${name}(): options.workers must be a positive integer (1: one pass, no worker) or what startWorkers() gives, not ${shown(workers)}`);
  }
  signal?.throwIfAborted();
  return { callbacks: { onProgress, onFindings, onBatch, signal, chunkSize }, existing, workers, validatorOptions };
}

/** The pool's users of `existing` (a source, or users read already), or
 * null: read first, as they may serve many files. */
async function usersOf(existing, validatorOptions, signal) {
  if (existing === undefined) return null;
  if (existing instanceof ExistingUsers) return existing;
  return readExistingUsers(existing, { ...validatorOptions, signal });
}

/**
 * Pushes what `reading` gives through `validator`, handing findings to the
 * callbacks as they come, and resolves to the report `finish(batch)` ends
 * it with (`batch`: whether the last findings go in the report's batch).
 */
async function streamThrough(validator, reading, totalBytes, { onProgress, onFindings, onBatch, signal, chunkSize }, finish) {
  let worked = now();
  try {
    for (;;) {
      const piece = await untilAborted(reading.next(), signal);
      if (piece === null) break;
      // A large piece is handed over in parts, for smooth progress (views, not copies).
      for (let start = 0; start < piece.length; start += chunkSize) {
        signal?.throwIfAborted();
        validator.push(piece.subarray(start, start + chunkSize));
        if (onFindings) {
          const batch = validator.takeFindings();
          if (batch.length > 0) await untilAborted(onFindings(batch), signal);
        } else if (onBatch) {
          await untilAborted(onBatch(validator.takeBatch()), signal);
        }
        onProgress?.({ bytesRead: validator.bytesRead, totalBytes, lines: validator.lines, users: validator.users });
        // Awaiting data a stream already holds runs no other task: without
        // this, a signal aborted by a message or a timer would wait for the end.
        if (signal && now() - worked > YIELD_EVERY_MS) {
          await otherTasks();
          worked = now();
        }
      }
    }
    signal?.throwIfAborted();
    return await deliver(finish(Boolean(onBatch)), { onFindings, onBatch, signal });
  } catch (error) {
    // Stops the source at once: a stream is cancelled, a Node stream destroyed.
    reading.cancel(error);
    throw error;
  }
}

/** Hands the findings a finished report holds (its `findings`, or its
 * `batch` when `onBatch` is given) to the callbacks, and resolves to it. */
async function deliver(report, { onFindings, onBatch, signal }) {
  if (onFindings) {
    if (report.findings.length > 0) await untilAborted(onFindings(report.findings), signal);
    report.findings = [];
  } else if (onBatch) {
    const { batch } = report;
    delete report.batch;
    await untilAborted(onBatch(batch), signal);
  }
  return report;
}

/**
 * Reads the target pool's users (the output of `aws cognito-idp
 * list-users`) from a source, for `validate(file, {existing})`. See index.d.ts.
 * @param {import('./index.js').Source} source
 * @param {import('./index.js').PoolOptions & {signal?: AbortSignal}} [options]
 */
export async function readExistingUsers(source, options = {}) {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`readExistingUsers(source, options): options must be an object, not ${describe(options)}`);
  }
  const { signal, ...poolOptions } = options;
  signal?.throwIfAborted();
  const reading = openSource(source);
  const reader = new ExistingUsersReader(poolOptions);
  try {
    for (;;) {
      const piece = await untilAborted(reading.next(), signal);
      if (piece === null) break;
      reader.push(piece);
    }
    return reader.finish();
  } catch (error) {
    reading.cancel(error);
    throw error;
  } finally {
    reader.free();
  }
}

/** The options `fix()` hands to the engine's Fixer (the rest describe the pool). */
const FIX_OPTION_NAMES = [
  'maxUsers',
  'maxBytes',
  'dateOrder',
  'defaultCountry',
  'assumeVerified',
  'keepUnknownColumns',
  'columns',
  'keepUnconfirmed',
  'keepDisabled',
];

/**
 * Fixes a whole source into files Cognito imports: each output's bytes go
 * to `onChunk` or to the stream `open(file)` gives. See index.d.ts.
 * @param {import('./index.js').Source} source
 * @param {import('./index.js').FixOptions} [options]
 */
export async function fix(source, options = {}) {
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`fix(source, options): options must be an object, not ${describe(options)}`);
  }
  const { onChunk, open, onProgress, signal, chunkSize = DEFAULT_CHUNK_SIZE, ...rest } = options;
  for (const [name, value] of [['onChunk', onChunk], ['open', open], ['onProgress', onProgress]]) {
    if (value !== undefined && typeof value !== 'function') {
      throw new TypeError(`fix(): options.${name} must be a function, not ${describe(value)}`);
    }
  }
  if ((onChunk === undefined) === (open === undefined)) {
    throw new TypeError('fix(): give options.onChunk (each chunk of each file) or options.open (a stream per file), one of them');
  }
  if (signal !== undefined && !(typeof AbortSignal !== 'undefined' && signal instanceof AbortSignal)) {
    throw new TypeError(`fix(): options.signal must be an AbortSignal, not ${describe(signal)}`);
  }
  if (!Number.isInteger(chunkSize) || chunkSize < 1) {
    throw new TypeError(`fix(): options.chunkSize must be a positive integer, not ${shown(chunkSize)}`);
  }
  const poolOptions = {};
  const fixOptions = {};
  for (const [name, value] of Object.entries(rest)) {
    if (value === undefined) continue;
    (FIX_OPTION_NAMES.includes(name) ? fixOptions : poolOptions)[name] = value;
  }
  signal?.throwIfAborted();
  const sinks = open ? new Sinks(open) : null;
  const hand = async (chunks) => {
    for (const chunk of chunks) {
      if (sinks) await untilAborted(sinks.write(chunk.file, chunk.bytes), signal);
      else await untilAborted(onChunk(chunk), signal);
    }
  };
  const totalBytes = sizeOf(source);
  const pushBytes = fixPushBytes();
  let fixer;
  try {
    fixer = new Fixer(poolOptions, fixOptions);
  } catch (error) {
    // The pool's options are checked first: a misspelt fix option is named there.
    if (/unknown option/.test(error.message)) {
      error.message += `; and fix's options are ${FIX_OPTION_NAMES.join(', ')}`;
    }
    throw error;
  }
  const reading = openSource(source);
  let worked = now();
  try {
    reading: for (;;) {
      const piece = await untilAborted(reading.next(), signal);
      if (piece === null) break;
      for (let start = 0; start < piece.length; start += chunkSize) {
        signal?.throwIfAborted();
        // In pieces whose output is handed on before the next: a line of a
        // byte may make a reject of hundreds.
        const end = Math.min(start + chunkSize, piece.length);
        for (let at = start; at < end; at += pushBytes) {
          fixer.push(piece.subarray(at, Math.min(at + pushBytes, end)));
          await hand(fixer.take());
        }
        onProgress?.({ bytesRead: fixer.bytesRead, totalBytes });
        // The file cannot be fixed (its first line tells): the rest is not read.
        if (fixer.stopped !== null) {
          reading.cancel();
          break reading;
        }
        if (signal && now() - worked > YIELD_EVERY_MS) {
          await otherTasks();
          worked = now();
        }
      }
    }
    signal?.throwIfAborted();
    const { chunks, manifest, samples, error } = fixer.finish();
    await hand(chunks);
    await sinks?.close();
    return { manifest, samples, error };
  } catch (error) {
    reading.cancel(error);
    sinks?.abort(error);
    throw error;
  } finally {
    fixer.free();
  }
}

/** The streams `open(file)` gives, one per file, opened at its first bytes:
 * a WritableStream, a Node stream, or any `{ write(bytes), close() }`. */
class Sinks {
  constructor(open) {
    this.open = open;
    this.byFile = new Map();
  }

  async write(file, bytes) {
    let sink = this.byFile.get(file);
    if (!sink) {
      sink = toSink(await this.open(file), file);
      this.byFile.set(file, sink);
    }
    await sink.write(bytes);
  }

  async close() {
    for (const sink of this.byFile.values()) await sink.close();
  }

  abort(reason) {
    for (const sink of this.byFile.values()) sink.abort(reason);
  }
}

function toSink(stream, file) {
  if (typeof WritableStream !== 'undefined' && stream instanceof WritableStream) {
    const writer = stream.getWriter();
    return {
      async write(bytes) {
        await writer.ready;
        await writer.write(bytes);
      },
      close: () => writer.close(),
      abort: (reason) => writer.abort(reason).catch(() => {}),
    };
  }
  if (stream && typeof stream.write === 'function' && typeof stream.end === 'function' && typeof stream.once === 'function') {
    // A Node stream: waits for 'drain' when its buffer is full.
    const failed = new Promise((_, reject) => stream.once('error', reject));
    failed.catch(() => {});
    const settle = (promise) => Promise.race([promise, failed]);
    return {
      write: (bytes) => settle(new Promise((resolve) => (stream.write(bytes) ? resolve() : stream.once('drain', resolve)))),
      close: () => settle(new Promise((resolve) => stream.end(resolve))),
      abort: (reason) => stream.destroy?.(reason instanceof Error ? reason : undefined),
    };
  }
  if (stream && typeof stream.write === 'function') {
    return {
      write: async (bytes) => stream.write(bytes),
      close: async () => stream.close?.(),
      abort: (reason) => stream.abort?.(reason),
    };
  }
  throw new TypeError(`fix(): options.open(${JSON.stringify(file)}) must give a WritableStream, a Node stream or an object with write(bytes), not ${describe(stream)}`);
}

const now = () => performance.now();

/** Resolves once the tasks waiting in the event loop have had their turn.
 * (Not `scheduler.yield()`: it resumes before the tasks waiting.) */
function otherTasks() {
  if (typeof setImmediate === 'function') return new Promise((resolve) => setImmediate(resolve));
  // A message, as timeouts that follow each other are held back 4 ms.
  return new Promise((resolve) => {
    const channel = new MessageChannel();
    channel.port1.onmessage = () => {
      channel.port1.close();
      resolve();
    };
    channel.port2.postMessage(null);
  });
}

/** `promise`, or a rejection with the signal's reason as soon as it aborts
 * (a stream that waits for data would otherwise hold validate() forever). */
export function untilAborted(promise, signal) {
  if (!signal) return promise;
  return new Promise((resolve, reject) => {
    const abort = () => reject(signal.reason);
    if (signal.aborted) return abort();
    signal.addEventListener('abort', abort, { once: true });
    Promise.resolve(promise).then(
      (value) => {
        signal.removeEventListener('abort', abort);
        resolve(value);
      },
      (error) => {
        signal.removeEventListener('abort', abort);
        reject(error);
      },
    );
  });
}

function sizeOf(source) {
  if (typeof Blob !== 'undefined' && source instanceof Blob) return source.size;
  if (source instanceof Uint8Array || source instanceof ArrayBuffer) return source.byteLength;
  return null;
}

/** A Blob's byte stream read into one buffer over and over. A
 * reader's fresh buffer per chunk is garbage as large as the file: reading
 * 100 MB so grew a Chromium tab by 70 MB, and by 11 MB this way. The
 * buffer is read again only once validate() has handed the piece over. */
function readByob(stream) {
  let reader;
  try {
    reader = stream.getReader({ mode: 'byob' });
  } catch {
    return null; // not a byte stream
  }
  let buffer = new ArrayBuffer(DEFAULT_CHUNK_SIZE);
  readers.add(reader);
  return {
    async next() {
      const { done, value } = await reader.read(new Uint8Array(buffer));
      if (done) {
        readers.delete(reader);
        return null;
      }
      buffer = value.buffer; // the read moved the buffer: this is it now
      return value;
    },
    cancel(reason) {
      readers.delete(reader);
      reader.cancel(reason).catch(() => {});
    },
  };
}

/** The BYOB readers of Blobs being read. Chromium (156) lets the garbage
 * collector take a Blob's stream whose read into a buffer is pending when
 * nothing but the read refers to it, and that read then never ends: with
 * a busy collector, one stream in a few dozen hung validate() for ever
 * (and 27 in 30 with collections forced). Held here until read to the end
 * or cancelled, none hung in some 250 streams so read. */
const readers = new Set();

/** A Blob's bytes as `{ next(), cancel(reason) }` (see openSource). */
export function openBlob(blob) {
  const stream = blob.stream();
  return readByob(stream) ?? readChunks(stream);
}

function readChunks(stream) {
  const reader = stream.getReader();
  return {
    async next() {
      const { done, value } = await reader.read();
      return done ? null : bytes(value, 'the stream');
    },
    cancel(reason) {
      reader.cancel(reason).catch(() => {});
    },
  };
}

/** The source as `{ next(), cancel(reason) }`: `next()` resolves to its
 * next piece of bytes, or null at its end. */
function openSource(source) {
  return (openerOf(source) ?? notASource(source))();
}

/** What opens the source (see openSource), or null when it is none. */
function openerOf(source) {
  if (source instanceof ArrayBuffer || source instanceof Uint8Array) {
    const whole = source instanceof ArrayBuffer ? new Uint8Array(source) : source;
    return () => {
      let given = false;
      return {
        next: async () => (given ? null : ((given = true), whole)),
        cancel() {},
      };
    };
  }
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    // A Blob's stream reads ahead off the thread: in Chromium it reads
    // 100 MB three times faster than awaiting slice().arrayBuffer() in turn.
    // Its byte stream answers reads into a buffer of ours; a stream of any
    // other source may not (a BYOB read waits for ever on a source that
    // closes without answering the read's request), so those are read
    // chunk by chunk.
    return () => openBlob(source);
  }
  if (typeof ReadableStream !== 'undefined' && source instanceof ReadableStream) {
    return () => readChunks(source);
  }
  const iterate = source?.[Symbol.asyncIterator] ?? source?.[Symbol.iterator];
  if (typeof iterate === 'function' && typeof source !== 'string') {
    return () => {
      const iterator = iterate.call(source);
      return {
        async next() {
          const { done, value } = await iterator.next();
          return done ? null : bytes(value, 'the iterable');
        },
        cancel() {
          // A Node stream is destroyed; other iterators are told to stop.
          if (typeof source.destroy === 'function') source.destroy();
          else Promise.resolve(iterator.return?.()).catch(() => {});
        },
      };
    };
  }
  return null;
}

/** Throws the error of a value given where a source is wanted (`what`). */
function notASource(value, what = 'validate(source), fix(source) and readExistingUsers(source) (and options.existing)') {
  throw new TypeError(
    `${what}: a source must be a File or Blob, a ReadableStream of Uint8Array, ` +
      `an (async) iterable of Uint8Array such as a Node stream, a Uint8Array or an ArrayBuffer, not ${describe(value)}`,
  );
}

function bytes(chunk, from) {
  if (chunk instanceof Uint8Array) return chunk;
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  const hint = typeof chunk === 'string' ? ' (a Node stream gives strings when it has an encoding: do not set one)' : '';
  throw new TypeError(`validate(source): ${from} gave a chunk that is ${describe(chunk)}, not bytes (a Uint8Array)${hint}`);
}

export function describe(value) {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  const kind = typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value;
  return `${/^[aeiou]/i.test(kind) ? 'an' : 'a'} ${kind}`;
}

/** A value as a message shows it: strings quoted, so that "10" is not 10. */
export function shown(value) {
  return typeof value === 'string' ? JSON.stringify(value) : typeof value === 'number' ? String(value) : describe(value);
}

/**
 * The engine's class, whose methods say so when the object, or one given to
 * them, was freed with free(): wasm-bindgen's own words there are "null
 * pointer passed to rust". (wasm-bindgen sets `__wbg_ptr` to 0 on free().)
 */
function checkedAfterFree(Class) {
  const name = Class.name;
  const freed = (object) => object !== null && typeof object === 'object' && '__wbg_ptr' in object && object.__wbg_ptr === 0;
  const check = (self, args) => {
    if (freed(self)) throw new Error(`this ${name} was freed with free(): create a new ${name}`);
    const given = args.find(freed);
    if (given) throw new Error(`the ${given.constructor.name} given was freed with free(): create a new one`);
  };
  const Checked = { [name]: class extends Class {} }[name];
  for (const key of Object.getOwnPropertyNames(Class.prototype)) {
    if (key === 'constructor' || key === 'free') continue;
    const descriptor = Object.getOwnPropertyDescriptor(Class.prototype, key);
    if (typeof descriptor.value === 'function') {
      const method = descriptor.value;
      descriptor.value = function (...args) {
        check(this, args);
        return method.apply(this, args);
      };
    } else if (descriptor.get) {
      const get = descriptor.get;
      descriptor.get = function () {
        check(this, []);
        return get.call(this);
      };
    }
    Object.defineProperty(Checked.prototype, key, descriptor);
  }
  // What a static method makes (Validator.withExisting) is checked too.
  for (const key of Object.getOwnPropertyNames(Class)) {
    const make = Class[key];
    if (typeof make !== 'function' || key.startsWith('__')) continue;
    Checked[key] = (...args) => {
      check(null, args);
      const made = make.apply(Class, args);
      return made instanceof Class ? Object.setPrototypeOf(made, Checked.prototype) : made;
    };
  }
  return Checked;
}

/** The engine's Validator, for the package's users. */
export const CheckedValidator = checkedAfterFree(Validator);
/** The engine's ReportWriter, for the package's users. */
export const CheckedReportWriter = checkedAfterFree(ReportWriter);
/** The engine's Fixer, for the package's users. */
export const CheckedFixer = checkedAfterFree(Fixer);
/** The engine's Migration, for the package's users; the validators it
 * gives are checked too. */
export const CheckedMigration = checkedAfterFree(Migration);
const nextFile = CheckedMigration.prototype.nextFile;
CheckedMigration.prototype.nextFile = function () {
  return Object.setPrototypeOf(nextFile.call(this), CheckedValidator.prototype);
};
