// A dedicated module worker that runs compareParts (parts-compare.mjs): the
// package's workers are then nested in it.
const loading = Promise.all([import('/pkg/index.js'), import('/tests/node/browser/parts-compare.mjs')]);

self.onmessage = async ({ data }) => {
  try {
    const [{ validate, startWorkers }, { compareParts }] = await loading;
    self.postMessage({ result: await compareParts({ validate, startWorkers }, data) });
  } catch (error) {
    self.postMessage({ error: String(error?.stack ?? error) });
  }
};
