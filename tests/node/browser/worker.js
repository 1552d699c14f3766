// A dedicated module worker that loads the package and validates a file.
// The handler is set at once and awaits the import: the package's entry
// awaits its .wasm, and a message that arrives before a module worker's
// handler is set is lost.
const loading = import('/pkg/index.js');

self.onmessage = async ({ data: { bytes, options } }) => {
  try {
    const { validate } = await loading;
    const stream = new Blob([bytes]).stream();
    self.postMessage({ report: await validate(stream, options) });
  } catch (error) {
    self.postMessage({ error: String(error?.message ?? error) });
  }
};
