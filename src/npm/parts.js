// validate() of a Blob on every core: the file is cut at line breaks into
// parts (where: the engine's partStarts), each part is validated on a
// worker of its own (the engine's PartValidator), and the caller's thread
// merges the parts into the report of one pass (the engine's mergeParts).
// This module holds both sides: the pool of workers as the caller sees it
// (Workers, validateInParts) and what a worker does with a part (servePart,
// which part-worker.js and part-worker-node.js run).
//
// A worker reads its part itself, with `blob.slice(readFrom).stream()`, in
// browsers. Node cannot send a Blob of a file (fs.openAsBlob) to a worker
// ("File-backed Blobs are not cloneable"), so there the caller's thread reads
// each part's slice and hands its chunks over, two at most in flight a part,
// each buffer sent back to be read into again.
//
// Messages to a worker: {type: 'init', module} (the compiled WebAssembly
// module, shared: no worker fetches or compiles it again), {type: 'part',
// run, task, blob?}, {type: 'chunk', run, bytes}, {type: 'end', run},
// {type: 'contested', run, keys, offset?}, {type: 'cancel', run}. From a worker:
// {type: 'ready'}, {type: 'initFailed', message}, and for a run: {type:
// 'readFrom', readFrom} (without a blob: the offset to feed it from),
// {type: 'progress', bytesRead}, {type: 'pushed', bytes, bytesRead} (a
// chunk's buffer back), {type: 'keys', keys, lines, bytesRead}, {type: 'done',
// part, bytesRead}, {type: 'failed', name, message}.
//
// The keys: a part read sends its keys first (PartValidator.end(): a hash
// per username and alias value, sorted); once every part has, each is told
// which of its keys occur elsewhere in the file too, or among the pool's
// users when they are given (contestedKeys, contestedKeysWithExisting), and
// sends only what the merge reads (finish(contested)): the log of the
// lines that have one, not of every user. When the caller takes batches
// (onBatch), each part is told its offset too (the lines of the parts
// before), and sends the findings the merge leaves alone in a batch's
// columns, numbered in the file, made in its worker: the merge copies
// their bytes.
import { canCut, contestedKeys, contestedKeysWithExisting, mergeParts, mergePartsWithExisting, partStarts, PartValidator, Validator } from './wasm/cognito_csv_validator.js';
import { describe, openBlob, shown, untilAborted } from './api.js';

/** The bytes a file's head is read from: a megabyte holds any header. */
const HEAD_BYTES = 1 << 20;
/** How long a worker may take to start before it counts as one that failed. */
const START_MS = 10_000;
/** A worker tells its progress at most this often, in milliseconds. */
const PROGRESS_MS = 25;
/** Chunks of a part on their way to its worker at once, when fed (Node). */
const IN_FLIGHT = 2;

/** What the entry point (index.js, node.js) says of its platform: `spawn()`
 * a worker (see browserThread, nodeThread), `cores()`, whether workers are
 * `fed` their chunks, and the compiled `module`. */
let platform = null;

export function usePlatform(given) {
  platform = given;
}

/** Workers started for validate(): `startWorkers(count)`. See index.d.ts. */
export function startWorkers(count) {
  if (count === undefined) count = platform?.cores() ?? 1;
  if (!Number.isInteger(count) || count < 1) {
    throw new TypeError(`startWorkers(count): count must be a positive integer, not ${shown(count)}`);
  }
  return new Workers(count);
}

/** A pool of workers that validate parts: `size` of them asked for,
 * `ready` resolving to how many started (the others failed to, and are
 * left out), `close()` to end them. */
export class Workers {
  #threads;
  #closed = false;

  constructor(count) {
    this.#threads = Array.from({ length: count }, () => new PartThread());
    /** How many of the workers started (each started, or failed to). */
    this.ready = Promise.all(this.#threads.map((thread) => thread.started)).then((started) => started.filter(Boolean).length);
  }

  /** The workers asked for. */
  get size() {
    return this.#threads.length;
  }

  /** Whether close() was called. */
  get closed() {
    return this.#closed;
  }

  /** The `count` started workers with the fewest parts under way, once
   * every worker has started or failed to. */
  async take(count) {
    await this.ready;
    const started = this.#threads.filter((thread) => thread.state === 'ready');
    return started.sort((a, b) => a.jobs.size - b.jobs.size).slice(0, count);
  }

  /** Ends the workers: the validations using them reject. */
  close() {
    if (this.#closed) return;
    this.#closed = true;
    for (const thread of this.#threads) thread.fail(new Error('the workers were closed (close()) while they validated this file'));
  }
}

/**
 * The report of a Blob validated in parts, one worker each: `workers` says
 * how many at most (undefined: one per core) or gives a pool. Resolves to
 * null when the file is read in one pass (too small, cannot be cut, no
 * worker started).
 */
export async function validateInParts(source, options, users, { onProgress, onBatch, signal, chunkSize }, workers) {
  if (platform === null) return null;
  let pool = workers instanceof Workers ? workers : null;
  if (pool?.closed) throw new TypeError('validate(): options.workers were closed with close(): start others with startWorkers()');
  const most = pool ? pool.size : (workers ?? platform.cores());
  const planned = partStarts(source.size, most).length;
  if (planned < 2) return null;
  const head = new Uint8Array(await untilAborted(source.slice(0, HEAD_BYTES).arrayBuffer(), signal));
  if (!canCut(options, head)) return null;
  // Users read for a pool that compares usernames otherwise are told now,
  // not once every part is read.
  if (users) Validator.withExisting(options, users).free();
  const own = pool === null;
  if (own) pool = new Workers(planned);
  try {
    const threads = await untilAborted(pool.take(planned), signal);
    const starts = Array.from(partStarts(source.size, threads.length)); // not a Float64Array: its map() gives numbers
    if (starts.length < 2) return null;
    const task = (index) => ({ options, head, start: starts[index], end: starts[index + 1], chunkSize });
    const read = starts.map(() => 0);
    const progress = (index, bytesRead) => {
      if (read[index] === bytesRead) return;
      read[index] = bytesRead;
      // The workers count bytes; lines and users are known at the merge.
      onProgress?.({ bytesRead: read.reduce((sum, bytes) => sum + bytes, 0), totalBytes: source.size, lines: null, users: null });
    };
    const contested = gatherKeys(starts.length, users, Boolean(onBatch));
    const run = nextRun++;
    const pending = starts.map((_, index) =>
      threads[index].part(run, task(index), source, (bytesRead) => progress(index, bytesRead), (keys, lines) => contested(index, keys, lines)),
    );
    let parts;
    try {
      parts = await untilAborted(Promise.all(pending), signal);
    } catch (error) {
      // One part failed, or the signal aborted: every part stops at once.
      for (const thread of threads) thread.cancel(run, error);
      for (const part of pending) part.catch(() => {});
      throw error;
    }
    const batch = Boolean(onBatch);
    const report = users ? mergePartsWithExisting(options, users, head, parts, batch) : mergeParts(options, head, parts, batch);
    onProgress?.({ bytesRead: source.size, totalBytes: source.size, lines: report.file.lines, users: report.outcome.users });
    return report;
  } finally {
    if (own) pool.close();
  }
}

let nextRun = 1;

/** Gathers the keys and lines of `count` parts: `contested(index, keys,
 * lines)` resolves, once every part's are in, to what part `index` is
 * told: its contested keys (with the pool's `users`, when given) and, for
 * `batches`, its offset. */
function gatherKeys(count, users, batches) {
  const keys = new Array(count);
  const lines = new Array(count);
  let waiting = count;
  let tell;
  const told = new Promise((resolve) => (tell = resolve));
  return (index, partKeys, partLines) => {
    keys[index] = partKeys;
    lines[index] = partLines;
    if (--waiting === 0) tell(users ? contestedKeysWithExisting(keys, users) : contestedKeys(keys));
    // A part's lines follow those of the parts before it.
    const offset = () => lines.slice(0, index).reduce((sum, before) => sum + before, 0);
    return told.then((contested) => ({ keys: contested[index], offset: batches ? offset() : undefined }));
  };
}

/** One worker as the caller's thread sees it: started or failed, and the
 * parts it validates (`jobs`, by run). */
class PartThread {
  constructor() {
    this.state = 'starting';
    this.jobs = new Map();
    this.held = 1; // while it starts
    this.started = new Promise((resolve) => (this.settle = resolve));
    const timer = setTimeout(() => this.fail(new Error(`a worker did not start within ${START_MS / 1000} s`)), START_MS);
    timer.unref?.();
    this.started.then(() => clearTimeout(timer));
    try {
      this.thread = platform.spawn();
      this.thread.listen(
        (data) => this.receive(data),
        (error) => this.fail(error),
      );
      this.thread.post({ type: 'init', module: platform.module });
    } catch (error) {
      // No Worker, a policy that refuses it, a module that cannot be sent.
      this.fail(error);
    }
  }

  receive(data) {
    if (data.type === 'ready') {
      if (this.state !== 'starting') return;
      this.state = 'ready';
      this.release();
      this.settle(true);
    } else if (data.type === 'initFailed') {
      this.fail(new Error(`a worker could not load the validator: ${data.message}`));
    } else {
      this.jobs.get(data.run)?.(data);
    }
  }

  /** The worker is gone (it failed to start, stopped, or was closed): its
   * parts under way reject with `error`. */
  fail(error) {
    if (this.state === 'failed') return;
    this.state = 'failed';
    this.settle(false);
    try {
      this.thread?.terminate();
    } catch {
      // gone already
    }
    for (const job of this.jobs.values()) job({ type: 'gone', error });
    this.jobs.clear();
  }

  /** Node: a worker that has nothing to do does not keep the process alive. */
  hold() {
    if (this.held++ === 0) this.thread.ref();
  }

  release() {
    if (--this.held === 0) this.thread.unref();
  }

  /** Validates part `task` of `source` for run `run`: resolves to the
   * part's bytes, for the merge; `onRead(bytesRead)` on the way, and
   * `onKeys(keys, lines)` resolving to what it is told of them
   * ({keys, offset}). */
  part(run, task, source, onRead, onKeys) {
    return new Promise((resolve, reject) => {
      if (this.state !== 'ready') return reject(new Error('this worker has stopped'));
      let feeding = null;
      const end = (settle, value) => {
        if (!this.jobs.has(run)) return;
        this.jobs.delete(run);
        feeding?.stop();
        this.release();
        settle(value);
      };
      this.jobs.set(run, (data) => {
        try {
          switch (data.type) {
            case 'readFrom':
              feeding = feed(this.thread, run, source.slice(data.readFrom), task.chunkSize, (error) => this.cancel(run, error));
              break;
            case 'pushed':
              feeding?.given(data.bytes.buffer);
              onRead(data.bytesRead);
              break;
            case 'progress':
              onRead(data.bytesRead);
              break;
            case 'keys':
              feeding?.stop(); // read: chunks on the way are dropped
              onRead(data.bytesRead);
              onKeys(data.keys, data.lines)
                .then(({ keys, offset }) => this.jobs.has(run) && this.thread.post({ type: 'contested', run, keys, offset }, [keys.buffer]))
                .catch((error) => this.cancel(run, error));
              break;
            case 'done':
              onRead(data.bytesRead);
              end(resolve, data.part);
              break;
            case 'failed':
              end(reject, Object.assign(new Error(data.message), { name: data.name }));
              break;
            case 'gone':
              end(reject, data.error);
              break;
          }
        } catch (error) {
          // onProgress threw: the part stops, and validate() rejects with it.
          this.cancel(run, error);
        }
      });
      this.hold();
      try {
        this.thread.post({ type: 'part', run, task, ...(platform.fed ? {} : { blob: source }) });
      } catch (error) {
        this.cancel(run, error);
      }
    });
  }

  /** Stops run `run`'s part, if under way here: it rejects with `reason`. */
  cancel(run, reason) {
    const job = this.jobs.get(run);
    if (!job) return;
    job({ type: 'gone', error: reason });
    try {
      this.thread.post({ type: 'cancel', run });
    } catch {
      // gone
    }
  }
}

/** Node: reads `blob` (a part's slice) on this thread and hands it to the
 * worker in chunks of `size` bytes, `IN_FLIGHT` at most, each buffer
 * coming back (`given`) to be read into again. */
function feed(thread, run, blob, size, fail) {
  const stream = blob.stream();
  let reader;
  try {
    reader = stream.getReader({ mode: 'byob' });
  } catch {
    reader = null;
  }
  const chunks = reader ? null : openBlob(blob);
  const free = Array.from({ length: IN_FLIGHT }, () => new ArrayBuffer(size));
  let wake = null;
  let stopped = false;
  (async () => {
    try {
      for (;;) {
        while (free.length === 0 && !stopped) await new Promise((resolve) => (wake = resolve));
        if (stopped) return;
        const bytes = reader ? await fill(reader, free.pop()) : await chunks.next().then((piece) => piece?.slice() ?? null);
        if (stopped) return;
        if (bytes === null) return thread.post({ type: 'end', run });
        thread.post({ type: 'chunk', run, bytes }, [bytes.buffer]);
      }
    } catch (error) {
      if (!stopped) fail(error);
    }
  })();
  return {
    given(buffer) {
      if (reader && buffer.byteLength === size) free.push(buffer);
      wake?.();
    },
    stop() {
      if (stopped) return;
      stopped = true;
      wake?.();
      (reader ?? chunks).cancel();
    },
  };
}

/** Reads into `buffer` until it is full or the stream ends: the bytes
 * read, or null at the end. (A file's stream in Node gives 64 KiB a read.) */
async function fill(reader, buffer) {
  let filled = 0;
  while (filled < buffer.byteLength) {
    const { done, value } = await reader.read(new Uint8Array(buffer, filled));
    if (value) buffer = value.buffer; // the read moved the buffer: this is it now
    if (done) break;
    filled += value.length;
  }
  return filled === 0 ? null : new Uint8Array(buffer, 0, filled);
}

/** A browser's Worker as PartThread uses it. */
export function browserThread(worker) {
  return {
    post: (message, transfer) => worker.postMessage(message, transfer ?? []),
    listen(onMessage, onError) {
      worker.onmessage = ({ data }) => onMessage(data);
      worker.onerror = (event) => {
        event.preventDefault?.();
        onError(new Error(`a worker failed: ${event.message ?? 'it did not load'}`));
      };
      worker.onmessageerror = () => onError(new Error('a worker could not read a message'));
    },
    terminate: () => worker.terminate(),
    ref() {},
    unref() {},
  };
}

/** A Node worker_threads Worker as PartThread uses it. */
export function nodeThread(worker) {
  let terminated = false;
  return {
    post: (message, transfer) => worker.postMessage(message, transfer),
    listen(onMessage, onError) {
      worker.on('message', onMessage);
      worker.on('error', (error) => onError(new Error(`a worker failed: ${error.message}`)));
      worker.on('messageerror', () => onError(new Error('a worker could not read a message')));
      worker.on('exit', (code) => terminated || onError(new Error(`a worker exited (code ${code})`)));
    },
    terminate() {
      terminated = true;
      worker.terminate();
    },
    ref: () => worker.ref(),
    unref: () => worker.unref(),
  };
}

/**
 * The worker's side: answers the messages of `port` (`{post(message,
 * transfer), listen(onMessage)}`), with the validator loaded by
 * `load(module)` (a promise, or nothing when loaded at once).
 */
export function servePart(port, load) {
  const runs = new Map(); // run → {part, reading, posted}
  const post = (message, transfer) => port.post(message, transfer);

  function failed(run, error) {
    const state = runs.get(run);
    if (!state) return;
    stop(run, state);
    post({ type: 'failed', run, name: error?.name ?? 'Error', message: error?.message ?? String(error) });
  }

  function stop(run, state) {
    runs.delete(run);
    state.reading?.cancel();
    state.part.free();
  }

  /** The part read: its keys sent (then `finish` once they are answered). */
  function done(run, state) {
    state.ended = true;
    const keys = state.part.end();
    post({ type: 'keys', run, keys, lines: state.part.lines, bytesRead: state.part.bytesRead }, [keys.buffer]);
  }

  function finish(run, state, contested, offset) {
    const bytesRead = state.part.bytesRead;
    const part = state.part.finish(contested, offset);
    stop(run, state);
    post({ type: 'done', run, part, bytesRead }, [part.buffer]);
  }

  /** Pushes `piece` in chunks of `chunkSize`: whether the part wants more. */
  function push(state, piece) {
    let more = true;
    for (let at = 0; at < piece.length && more; at += state.chunkSize) {
      more = state.part.push(piece.subarray(at, at + state.chunkSize));
    }
    return more;
  }

  async function read(run, state, blob) {
    const reading = (state.reading = openBlob(blob));
    try {
      for (;;) {
        const piece = await reading.next();
        if (runs.get(run) !== state) return; // cancelled meanwhile
        if (piece === null) break;
        const more = push(state, piece);
        const now = performance.now();
        if (now - state.posted >= PROGRESS_MS) {
          state.posted = now;
          post({ type: 'progress', run, bytesRead: state.part.bytesRead });
        }
        if (!more) break;
      }
      reading.cancel(); // the rest of the file is other parts'
      done(run, state);
    } catch (error) {
      failed(run, error);
    }
  }

  port.listen(async (data) => {
    const { run } = data;
    switch (data.type) {
      case 'init':
        try {
          await load(data.module);
          post({ type: 'ready' });
        } catch (error) {
          post({ type: 'initFailed', message: error?.message ?? String(error) });
        }
        return;
      case 'part': {
        const { options, head, start, end, chunkSize } = data.task;
        let part;
        try {
          part = new PartValidator(options, head, start, end);
        } catch (error) {
          return post({ type: 'failed', run, name: error?.name ?? 'Error', message: error?.message ?? String(error) });
        }
        const state = { part, reading: null, posted: 0, chunkSize };
        runs.set(run, state);
        if (data.blob) read(run, state, data.blob.slice(part.readFrom));
        else post({ type: 'readFrom', run, readFrom: part.readFrom });
        return;
      }
      case 'chunk': {
        const state = runs.get(run);
        if (!state || state.ended) return; // a part read or cancelled: its chunks on the way are dropped
        try {
          const more = push(state, data.bytes);
          post({ type: 'pushed', run, bytes: data.bytes, bytesRead: state.part.bytesRead }, [data.bytes.buffer]);
          if (!more) done(run, state);
        } catch (error) {
          failed(run, error);
        }
        return;
      }
      case 'end': {
        const state = runs.get(run);
        if (state && !state.ended) done(run, state);
        return;
      }
      case 'contested': {
        const state = runs.get(run);
        if (!state) return; // cancelled meanwhile
        try {
          finish(run, state, data.keys, data.offset);
        } catch (error) {
          failed(run, error);
        }
        return;
      }
      case 'cancel': {
        const state = runs.get(run);
        if (state) stop(run, state);
        return;
      }
      default:
        post({ type: 'failed', run, name: 'TypeError', message: `a worker of cognito-csv-validator got ${describe(data)} it does not know` });
    }
  });
}
