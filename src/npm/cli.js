#!/usr/bin/env node
// The package's command line. It only moves bytes: the run itself (the
// flags, the pool files, the two readings of a CloudWatch log, the report,
// the exit status, every message) is the engine's CommandLine, the same
// code as the native command line's.
import { readFileSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import './node.js';
import { CommandLine } from './wasm/cognito_csv_validator.js';

const CHUNK_SIZE = 1 << 20;

const run = new CommandLine(process.argv.slice(2));

// A reader that has gone (`| head`) ends the run quietly, as the native one does.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  const { stderr, status } = run.cannotWrite(error.message);
  process.stderr.write(stderr);
  process.exit(status);
});

let step = run.firstStep();
while (step.kind !== 'exit') {
  if (step.kind === 'readPoolFile') step = readPoolFile(step.path);
  else step = await readInput(step.path);
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

/** Streams the input (a file, or standard input for null) through the run. */
async function readInput(path) {
  let input;
  try {
    input = path === null ? process.stdin : await fileChunks(path);
  } catch (error) {
    return run.cannotOpen(error);
  }
  try {
    for await (const chunk of input) await write(run.push(chunk));
  } catch (error) {
    return run.cannotRead(error);
  }
  const { text, step } = run.endInput();
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
