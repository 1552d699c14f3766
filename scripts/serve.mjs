// A small static file server for localhost, with no dependencies:
// `node scripts/serve.mjs [folder] [port]`. Tests and benchmarks import
// `serve()` to run it in their own process.
import { createServer } from 'node:http';
import { createReadStream, readFileSync, statSync } from 'node:fs';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.wasm': 'application/wasm',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.csv': 'text/csv; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
  '.md': 'text/markdown; charset=utf-8',
};

/** Serves `folder` on 127.0.0.1:`port` (0 for any free port); resolves to
 * `{ url, close() }`. `headers` go on every response, and so does the
 * Content-Security-Policy of the folder's index.html, if it has one (a
 * <meta> policy covers the page but not its workers). */
export function serve(folder, { port = 0, headers = {} } = {}) {
  const base = resolve(folder);
  headers = { ...pagePolicy(base), ...headers };
  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url, 'http://localhost').pathname);
    let file = resolve(join(base, path));
    if (file !== base && !file.startsWith(base + sep)) return end(response, 403, 'outside the served folder');
    try {
      if (statSync(file).isDirectory()) file = join(file, 'index.html');
      const size = statSync(file).size;
      response.writeHead(200, {
        'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream',
        'Content-Length': size,
        'Cache-Control': 'no-cache',
        ...headers,
      });
      if (request.method === 'HEAD') return response.end();
      createReadStream(file).pipe(response);
    } catch {
      end(response, 404, 'not found');
    }
  });
  return new Promise((resolvePromise, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const url = `http://127.0.0.1:${server.address().port}/`;
      resolvePromise({ url, close: () => new Promise((done) => server.close(done)) });
    });
  });
}

function pagePolicy(base) {
  try {
    const html = readFileSync(join(base, 'index.html'), 'utf8');
    const policy = html.match(/<meta http-equiv="Content-Security-Policy" content="([^"]*)">/);
    return policy ? { 'Content-Security-Policy': policy[1] } : {};
  } catch {
    return {};
  }
}

function end(response, status, text) {
  response.writeHead(status, { 'Content-Type': 'text/plain; charset=utf-8' });
  response.end(`${status} ${text}\n`);
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const [folder = '.', port = '8080'] = process.argv.slice(2);
  const { url } = await serve(folder, { port: Number(port) });
  console.log(`Serving ${resolve(folder)} at ${url}\nOpen it in a browser; Ctrl-C stops.`);
}
