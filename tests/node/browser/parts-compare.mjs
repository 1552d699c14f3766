// In a browser: validate() of a generated file in parts, against one pass
// (browser-parts.test.mjs). `given`: {header, bytes, seed, workers
// ('pool' for a pool of startWorkers(2)), cancel (abort a first run
// half-way, then validate again)}.
import { usersFile } from '/tests/node/parts-files.mjs';

export async function compareParts({ validate, startWorkers }, { header, bytes, seed, workers, cancel = false }) {
  const blob = new Blob([usersFile({ header, bytes, seed })]);
  const one = await validate(blob, { workers: 1 });
  const pool = workers === 'pool' ? startWorkers(2) : null;
  const result = { started: pool ? await pool.ready : null, findings: one.findings.length };
  try {
    if (cancel) {
      const controller = new AbortController();
      const reason = new Error('stop');
      const run = validate(blob, {
        workers: pool ?? workers,
        signal: controller.signal,
        onProgress: ({ bytesRead }) => bytesRead > bytes / 4 && controller.abort(reason),
      });
      result.cancelled = await run.then(() => 'resolved', (error) => (error === reason ? 'rejected with the reason' : String(error)));
    }
    const progress = [];
    const parts = await validate(blob, { workers: pool ?? workers, onProgress: (event) => progress.push(event) });
    result.same = JSON.stringify(parts) === JSON.stringify(one);
    result.inParts = progress.some((event) => event.lines === null);
    result.lastProgress = progress.at(-1);
    return result;
  } finally {
    pool?.close();
  }
}
