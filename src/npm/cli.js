#!/usr/bin/env node
// The package's command line. It only moves bytes: the run itself (the
// flags, the pool files, the two readings of a CloudWatch log, the report,
// the exit status, every message) is the engine's CommandLine, the same
// code as the native command line's.
import { closeSync, mkdirSync, mkdtempSync, openSync, readdirSync, readSync, readFileSync, realpathSync, rmSync, statSync, writeSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join } from 'node:path';
import './node.js';
import { CommandLine, fixPushBytes } from './wasm/cognito_csv_validator.js';

const CHUNK_SIZE = 1 << 20;
/** `fix`: the most bytes given to the run at a time. */
const PUSH_BYTES = fixPushBytes();

const run = new CommandLine(process.argv.slice(2));

// A reader that has gone (`| head`) ends the run quietly, as the native one does.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  const { stderr, status } = run.cannotWrite(error.message);
  process.stderr.write(stderr);
  process.exit(status);
});

/** The temporary file of what the run puts aside: `{folder, fd}`. */
let aside = null;
let step = run.firstStep();
try {
  while (step.kind !== 'exit') {
    if (step.kind === 'readPoolFile') step = readPoolFile(step.path);
    else if (step.kind === 'readExisting') step = await readExisting(step.path);
    else if (step.kind === 'readInput') step = await readInput(step.path, step.aside);
    // Read in one pass here: the native command line reads a file in parts.
    else if (step.kind === 'readInParts') step = await readInput(step.path, false);
    else if (step.kind === 'writeAside') step = await writeAside();
    else if (step.kind === 'inspectFolder') step = run.outputFolder(inspect(step.folder), inFolder(step.input, step.folder));
    else step = await fixInput(step.path, step.folder, step.remove);
  }
} finally {
  if (aside) {
    closeSync(aside.fd);
    rmSync(aside.folder, { recursive: true, force: true });
  }
}
await write(step.stdout);
end(step);

function readPoolFile(path) {
  try {
    if (statSync(path).isDirectory()) return run.poolFileFailed({ code: 'EISDIR' });
    return run.poolFile(readFileSync(path));
  } catch (error) {
    return run.poolFileFailed(error);
  }
}

/** Streams the target pool's users (`--existing`) through the run. */
async function readExisting(path) {
  try {
    for await (const chunk of await fileChunks(path)) {
      const stop = run.pushExisting(chunk);
      if (stop !== null) return stop;
    }
  } catch (error) {
    return run.existingFailed(error);
  }
  return run.endExisting();
}

/** Streams the input (a file, or standard input for null) through the
 * run, writing what it says to standard output, or to a temporary file when
 * it puts it aside. */
async function readInput(path, putAside) {
  let input;
  try {
    input = path === null ? process.stdin : await fileChunks(path);
  } catch (error) {
    return run.cannotOpen(error);
  }
  if (putAside) {
    const folder = mkdtempSync(join(tmpdir(), 'cognito-csv-validator-'));
    aside = { folder, fd: openSync(join(folder, 'aside.log'), 'w+') };
  }
  try {
    for await (const chunk of input) {
      const text = run.push(chunk);
      if (aside) writeSync(aside.fd, text);
      else await write(text);
    }
  } catch (error) {
    return run.cannotRead(error);
  }
  const { text, step } = run.endInput();
  await write(text);
  return step;
}

/** `fix`: what is at `folder`, as the run takes it. */
function inspect(folder) {
  try {
    if (!statSync(folder).isDirectory()) return { kind: 'notAFolder' };
    return { kind: 'holding', names: readdirSync(folder) };
  } catch (error) {
    return error.code === 'ENOENT' ? { kind: 'missing' } : { kind: 'unreadable', error };
  }
}

/** `fix`: the input's file name if it is in `folder` (null for standard input). */
function inFolder(input, folder) {
  if (input === null) return undefined;
  try {
    return dirname(realpathSync(input)) === realpathSync(folder) ? basename(input) : undefined;
  } catch {
    return undefined;
  }
}

/** `fix`: streams the input through the run, appending the bytes it
 * returns to the files of `folder`. */
async function fixInput(path, folder, remove) {
  let name = folder;
  /** Open files by name: their descriptors. */
  const files = new Map();
  const writeFiles = (chunks) => {
    for (const chunk of chunks) {
      name = chunk.name;
      let fd = files.get(chunk.name);
      if (fd === undefined) {
        fd = openSync(join(folder, chunk.name), 'w');
        files.set(chunk.name, fd);
      }
      writeSync(fd, chunk.bytes);
    }
  };
  try {
    mkdirSync(folder, { recursive: true });
    for (name of remove) rmSync(join(folder, name));
    let input;
    try {
      input = path === null ? process.stdin : await fileChunks(path);
    } catch (error) {
      return run.cannotOpen(error);
    }
    try {
      for await (const chunk of input) {
        // Each piece's output is written before the next piece is read.
        for (let at = 0; at < chunk.length && run.wantsInput; at += PUSH_BYTES) {
          writeFiles(run.pushFix(chunk.subarray(at, at + PUSH_BYTES)));
        }
        if (!run.wantsInput) break;
      }
    } catch (error) {
      if (error.syscall === 'write' || error.syscall === 'open') throw error;
      return run.cannotRead(error);
    }
    const { files: last, step } = run.endFix();
    writeFiles(last);
    return step;
  } catch (error) {
    return run.cannotWriteFile(name, error);
  } finally {
    for (const fd of files.values()) closeSync(fd);
  }
}

/** Copies what was put aside to standard output. */
async function writeAside() {
  const buffer = Buffer.allocUnsafe(CHUNK_SIZE);
  for (let position = 0; ; ) {
    const read = readSync(aside.fd, buffer, 0, CHUNK_SIZE, position);
    if (read === 0) break;
    position += read;
    await write(buffer.subarray(0, read));
  }
  const { text, step } = run.asideWritten();
  await write(text);
  return step;
}

/** The file's bytes, a chunk at a time, read into one buffer over and over:
 * the engine copies each chunk, and a stream's fresh buffer per chunk made
 * garbage as large as the file (49 MB still held at the end of 100 MB). */
async function fileChunks(path) {
  if (statSync(path).isDirectory()) throw Object.assign(new Error('a folder'), { code: 'EISDIR' });
  const file = await open(path, 'r');
  return (async function* read() {
    try {
      const buffer = Buffer.allocUnsafe(CHUNK_SIZE);
      for (;;) {
        const { bytesRead } = await file.read(buffer, 0, CHUNK_SIZE, null);
        if (bytesRead === 0) return;
        yield buffer.subarray(0, bytesRead);
      }
    } finally {
      await file.close();
    }
  })();
}

/** Writes to standard output, waiting when the reader is slower. */
function write(text) {
  if (text.length === 0) return;
  return new Promise((resolve) => {
    if (process.stdout.write(text)) resolve();
    else process.stdout.once('drain', resolve);
  });
}

function end({ stderr, status }) {
  if (stderr) process.stderr.write(stderr);
  process.exitCode = status;
}
