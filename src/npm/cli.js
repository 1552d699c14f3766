#!/usr/bin/env node
// The package's command line: the native command line's flags, forms and
// exit codes (the arguments are read by the same Rust code), over the
// WebAssembly engine. The file is streamed; so is the report.
import { readFileSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { Validator, ReportWriter } from './node.js';
import { parseArguments } from './wasm/cognito_csv_validator.js';
import { JsonReportWriter } from './api.js';

const CHUNK_SIZE = 1 << 20;

/** A failure that ends the run with status 2. */
class Fatal extends Error {}

// A reader that has gone (`| head`) ends the run quietly, as the native one does.
process.stdout.on('error', (error) => {
  if (error.code === 'EPIPE') process.exit(0);
  process.stderr.write(`cognito-csv-validator: error: cannot write the report: ${error.message}\n`);
  process.exit(2);
});

try {
  process.exitCode = await run(process.argv.slice(2));
} catch (error) {
  if (!(error instanceof Fatal)) throw error;
  process.stderr.write(`cognito-csv-validator: error: ${error.message}\n`);
  process.exitCode = 2;
}

async function run(words) {
  let parsed;
  try {
    parsed = parseArguments(words);
  } catch (error) {
    throw new Fatal(error.message);
  }
  if (parsed.command !== 'validate') {
    await write(`${parsed.text}\n`);
    return 0;
  }
  const fromStdin = parsed.input === '-';
  const name = fromStdin ? '<stdin>' : parsed.input;
  const options = { ...parsed.options };
  if (parsed.pool !== null) options.pool = readPoolFile(parsed.pool, 'pool');
  if (parsed.header !== null) options.header = readPoolFile(parsed.header, 'header');
  let validator;
  try {
    validator = new Validator(options);
  } catch (error) {
    const path = error.input === 'header' ? parsed.header : error.input === 'pool' ? parsed.pool : 'pool';
    throw new Fatal(`${path}: ${error.message}`);
  }
  if (parsed.format === 'cloudwatch' && !fromStdin) {
    // The log of a failed job is the job's errors alone, and a job's fate is
    // known at the end of the file: read it once to learn it (standard
    // input, which can't be read twice, has its entries held instead).
    const writer = new ReportWriter('cloudwatch', name, false);
    await readInto(validator, openFile(parsed.input), name, () => writer.write(validator));
    const { text, report } = writer.finish(validator);
    if (report.outcome.job === 'fails') {
      await write(text);
      return 1;
    }
    validator = new Validator(options);
  }
  const input = fromStdin ? process.stdin : openFile(parsed.input);
  const writer = parsed.format === 'json' ? new JsonReportWriter() : new ReportWriter(parsed.format, name, fromStdin);
  await write(writer.start());
  await readInto(validator, input, name, () => write(writer.write(validator)));
  const { text, report } = writer.finish(validator);
  await write(text);
  const allImported = report.outcome.job === 'succeeds' && report.outcome.imported === report.outcome.users;
  return allImported ? 0 : 1;
}

/** Streams `input` through the validator, calling `afterChunk` after each chunk. */
async function readInto(validator, input, name, afterChunk) {
  try {
    for await (const chunk of input) {
      validator.push(chunk);
      await afterChunk();
    }
  } catch (error) {
    if (error instanceof Fatal) throw error;
    throw new Fatal(`cannot read ${name}: ${reason(error)}`);
  }
}

function readPoolFile(path, what) {
  if (isFolder(path)) throw new Fatal(`the ${what} file ${path} is a folder: give the JSON file`);
  try {
    return readFileSync(path, 'utf8');
  } catch (error) {
    throw new Fatal(`cannot read the ${what} file ${path}: ${reason(error)}`);
  }
}

function openFile(path) {
  if (isFolder(path)) throw new Fatal(`${path} is a folder: give the CSV file`);
  try {
    statSync(path);
  } catch (error) {
    throw new Fatal(`cannot open ${path}: ${reason(error)}`);
  }
  return fileChunks(path);
}

/** The file's bytes, a chunk at a time, read into one buffer over and over:
 * the engine copies each chunk, and a stream's fresh buffer per chunk made
 * garbage as large as the file (49 MB still held at the end of 100 MB). */
async function* fileChunks(path) {
  const file = await open(path, 'r');
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
}

function isFolder(path) {
  try {
    return statSync(path).isDirectory();
  } catch {
    return false;
  }
}

function reason(error) {
  switch (error.code) {
    case 'ENOENT':
      return 'no such file';
    case 'EACCES':
      return 'permission denied';
    default:
      return error.message;
  }
}

/** Writes to standard output, waiting when the reader is slower. */
function write(text) {
  if (text.length === 0) return;
  return new Promise((resolve) => {
    if (process.stdout.write(text)) resolve();
    else process.stdout.once('drain', resolve);
  });
}
