// validate(), the same in browsers and Node: streams a source through a
// Validator. The entry points (index.js, node.js) load the WebAssembly
// module and export this with the engine's classes.
import { Validator } from './wasm/cognito_csv_validator.js';

/** Bytes handed to the engine at a time: large enough that a call into the
 * module costs nothing next to the work, small enough for smooth progress. */
const DEFAULT_CHUNK_SIZE = 1 << 20;

/**
 * Validates a whole source and resolves to the report. See index.d.ts.
 * @param {Blob | ReadableStream<Uint8Array> | AsyncIterable<Uint8Array> | Iterable<Uint8Array> | Uint8Array | ArrayBuffer} source
 * @param {import('./index.js').ValidateOptions} [options]
 */
export async function validate(source, options = {}) {
  if (options === null || typeof options !== 'object') {
    throw new TypeError('validate(source, options): options must be an object');
  }
  const { onProgress, onFindings, signal, chunkSize = DEFAULT_CHUNK_SIZE, ...validatorOptions } = options;
  for (const [name, value] of [['onProgress', onProgress], ['onFindings', onFindings]]) {
    if (value !== undefined && typeof value !== 'function') {
      throw new TypeError(`validate(): options.${name} must be a function`);
    }
  }
  if (!Number.isInteger(chunkSize) || chunkSize < 1) {
    throw new TypeError(`validate(): options.chunkSize must be a positive integer, not ${chunkSize}`);
  }
  signal?.throwIfAborted();
  const chunks = chunksOf(source, chunkSize);
  const totalBytes = sizeOf(source);
  const validator = new Validator(validatorOptions);
  try {
    for await (const chunk of chunks) {
      signal?.throwIfAborted();
      validator.push(chunk);
      if (onFindings) {
        const batch = validator.takeFindings();
        if (batch.length > 0) await onFindings(batch);
      }
      onProgress?.({ bytesRead: validator.bytesRead, totalBytes, lines: validator.lines, users: validator.users });
    }
    signal?.throwIfAborted();
    const report = validator.finish();
    if (onFindings) {
      if (report.findings.length > 0) await onFindings(report.findings);
      report.findings = [];
    }
    return report;
  } finally {
    validator.free();
  }
}

function sizeOf(source) {
  if (typeof Blob !== 'undefined' && source instanceof Blob) return source.size;
  if (source instanceof Uint8Array || source instanceof ArrayBuffer) return source.byteLength;
  return null;
}

/** The source's bytes, in chunks of at most `size`. */
async function* chunksOf(source, size) {
  for await (const chunk of piecesOf(source)) {
    // A large piece is handed over in parts, for smooth progress (views, not copies).
    for (let start = 0; start < chunk.length; start += size) {
      yield chunk.subarray(start, start + size);
    }
  }
}

/** The source's bytes, in the pieces it brings. */
async function* piecesOf(source) {
  if (source instanceof ArrayBuffer) {
    yield new Uint8Array(source);
  } else if (source instanceof Uint8Array) {
    yield source;
  } else if (typeof Blob !== 'undefined' && source instanceof Blob) {
    // A Blob's stream reads ahead off the thread: in Chromium it reads
    // 100 MB three times faster than awaiting slice().arrayBuffer() in turn.
    yield* piecesOf(source.stream());
  } else if (typeof ReadableStream !== 'undefined' && source instanceof ReadableStream) {
    const reader = source.getReader();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) return;
        yield bytes(value);
      }
    } finally {
      // Ends the stream when validation stops early (an abort, an error).
      reader.cancel().catch(() => {});
    }
  } else if (source != null && (typeof source[Symbol.asyncIterator] === 'function' || typeof source[Symbol.iterator] === 'function') && typeof source !== 'string') {
    for await (const chunk of source) yield bytes(chunk);
  } else {
    throw new TypeError(
      'validate(source): source must be a File or Blob, a ReadableStream of Uint8Array, ' +
        `an (async) iterable of Uint8Array such as a Node stream, a Uint8Array or an ArrayBuffer, not ${describe(source)}`,
    );
  }
}

function bytes(chunk) {
  if (chunk instanceof Uint8Array) return chunk;
  if (chunk instanceof ArrayBuffer) return new Uint8Array(chunk);
  throw new TypeError(
    `validate(source): the source gave a chunk that is ${describe(chunk)}, not bytes (a Uint8Array); ` +
      'for a Node stream, do not set an encoding on it',
  );
}

function describe(value) {
  if (value === null) return 'null';
  if (typeof value === 'string') return 'a string';
  if (typeof value === 'object') return `a ${value.constructor?.name ?? 'object'}`;
  return `a ${typeof value}`;
}
