// The page side of the Papa Parse baseline, as a validator page built on it
// would have it: the worker starts with the page; a File goes to it, and the
// findings come back after each chunk and are kept for the report.
const worker = new Worker('papaparse-worker.js');
worker.addEventListener('message', ({ data }) => {
  if (data.type === 'ready') window.papaParseReady = true;
});

/** Validates `file` in the worker: `{ seconds, users, findings }`, timed from the hand-over to the last finding received. */
window.validateWithPapaParse = (file, pool = {}) =>
  new Promise((resolve, reject) => {
    const started = performance.now();
    const findings = [];
    worker.onmessage = ({ data }) => {
      if (data.type === 'findings') {
        for (const finding of data.findings) findings.push(finding);
      } else if (data.type === 'done') {
        resolve({ seconds: (performance.now() - started) / 1000, users: data.users, findings });
      } else if (data.type === 'error') {
        reject(new Error(data.message));
      }
    };
    worker.onerror = (event) => reject(new Error(event.message));
    worker.postMessage({ file, pool });
  });
