// validate(), the same in browsers and Node: streams a source through a
// Validator. The entry points (index.js, node.js) load the WebAssembly
// module and export this with the engine's classes (checked, below).
import { Validator, ReportWriter } from './wasm/cognito_csv_validator.js';

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
  if (options === null || typeof options !== 'object' || Array.isArray(options)) {
    throw new TypeError(`validate(source, options): options must be an object, not ${describe(options)}`);
  }
  const { onProgress, onFindings, onBatch, signal, chunkSize = DEFAULT_CHUNK_SIZE, ...validatorOptions } = options;
  for (const [name, value] of [['onProgress', onProgress], ['onFindings', onFindings], ['onBatch', onBatch]]) {
    if (value !== undefined && typeof value !== 'function') {
      throw new TypeError(`validate(): options.${name} must be a function, not ${describe(value)}`);
    }
  }
  if (onFindings && onBatch) {
    throw new TypeError('validate(): give options.onFindings (findings as objects) or options.onBatch (batches), not both');
  }
  if (signal !== undefined && !(typeof AbortSignal !== 'undefined' && signal instanceof AbortSignal)) {
    throw new TypeError(`validate(): options.signal must be an AbortSignal, not ${describe(signal)}`);
  }
  if (!Number.isInteger(chunkSize) || chunkSize < 1) {
    throw new TypeError(`validate(): options.chunkSize must be a positive integer, not ${shown(chunkSize)}`);
  }
  signal?.throwIfAborted();
  const reading = openSource(source);
  const totalBytes = sizeOf(source);
  let validator;
  let worked = now();
  try {
    validator = new Validator(validatorOptions);
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
    const report = validator.finish(Boolean(onBatch));
    if (onFindings) {
      if (report.findings.length > 0) await untilAborted(onFindings(report.findings), signal);
      report.findings = [];
    } else if (onBatch) {
      const { batch } = report;
      delete report.batch;
      await untilAborted(onBatch(batch), signal);
    }
    return report;
  } catch (error) {
    // Stops the source at once: a stream is cancelled, a Node stream destroyed.
    reading.cancel(error);
    throw error;
  } finally {
    validator?.free();
  }
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
function untilAborted(promise, signal) {
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
  return {
    async next() {
      const { done, value } = await reader.read(new Uint8Array(buffer));
      if (done) return null;
      buffer = value.buffer; // the read moved the buffer: this is it now
      return value;
    },
    cancel(reason) {
      reader.cancel(reason).catch(() => {});
    },
  };
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
  if (source instanceof ArrayBuffer) source = new Uint8Array(source);
  if (source instanceof Uint8Array) {
    let given = false;
    return {
      next: async () => (given ? null : ((given = true), source)),
      cancel() {},
    };
  }
  if (typeof Blob !== 'undefined' && source instanceof Blob) {
    // A Blob's stream reads ahead off the thread: in Chromium it reads
    // 100 MB three times faster than awaiting slice().arrayBuffer() in turn.
    // Its byte stream answers reads into a buffer of ours; a stream of any
    // other source may not (a BYOB read waits for ever on a source that
    // closes without answering the read's request), so those are read
    // chunk by chunk.
    const stream = source.stream();
    return readByob(stream) ?? readChunks(stream);
  }
  if (typeof ReadableStream !== 'undefined' && source instanceof ReadableStream) {
    return readChunks(source);
  }
  const iterate = source?.[Symbol.asyncIterator] ?? source?.[Symbol.iterator];
  if (typeof iterate === 'function' && typeof source !== 'string') {
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
  }
  throw new TypeError(
    'validate(source): source must be a File or Blob, a ReadableStream of Uint8Array, ' +
      `an (async) iterable of Uint8Array such as a Node stream, a Uint8Array or an ArrayBuffer, not ${describe(source)}`,
  );
}

function bytes(chunk, from) {
  if (chunk instanceof Uint8Array) return chunk;
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  const hint = typeof chunk === 'string' ? ' (a Node stream gives strings when it has an encoding: do not set one)' : '';
  throw new TypeError(`validate(source): ${from} gave a chunk that is ${describe(chunk)}, not bytes (a Uint8Array)${hint}`);
}

function describe(value) {
  if (value === null) return 'null';
  if (value === undefined) return 'undefined';
  if (Array.isArray(value)) return 'an array';
  const kind = typeof value === 'object' ? (value.constructor?.name ?? 'object') : typeof value;
  return `${/^[aeiou]/i.test(kind) ? 'an' : 'a'} ${kind}`;
}

/** A value as a message shows it: strings quoted, so that "10" is not 10. */
function shown(value) {
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
  return Checked;
}

/** The engine's Validator, for the package's users. */
export const CheckedValidator = checkedAfterFree(Validator);
/** The engine's ReportWriter, for the package's users. */
export const CheckedReportWriter = checkedAfterFree(ReportWriter);
