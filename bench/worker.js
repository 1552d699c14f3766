// The browser side of bench/wasm.mjs: a dedicated module worker that fetches
// the file once into a Blob, then times the package's validate() on it.
// The module is initialised here rather than by the package's entry, to
// read its memory size.
const loading = (async () => {
  const glue = await import('/pkg/wasm/cognito_csv_validator.js');
  const wasm = await glue.default();
  const { validate } = await import('/pkg/api.js');
  return { wasm, validate };
})();

self.onmessage = async ({ data: { url, chunk, runs } }) => {
  try {
    const { wasm, validate } = await loading;
    const blob = await (await fetch(url)).blob();
    let best = Infinity;
    let findings = 0;
    for (let run = 0; run < runs; run += 1) {
      findings = 0;
      const started = performance.now();
      await validate(blob, { chunkSize: chunk, onFindings: (batch) => (findings += batch.length) });
      best = Math.min(best, (performance.now() - started) / 1000);
    }
    self.postMessage({ seconds: best, findings, memory: wasm.memory.buffer.byteLength });
  } catch (error) {
    self.postMessage({ error: String(error?.stack ?? error) });
  }
};
