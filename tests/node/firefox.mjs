// Drives Debian's Firefox ESR through Marionette, its built-in remote
// protocol (JSON over TCP), with no dependency: playwright-core's Firefox
// needs a patched build that can't be downloaded here, and its WebDriver
// BiDi mode asks this Firefox for commands it lacks.
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createConnection, createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export const FIREFOX = process.env.FIREFOX ?? '/usr/bin/firefox-esr';

/** Starts a headless Firefox with a new profile; resolves to a session. */
export async function launchFirefox() {
  const port = await freePort();
  const profile = mkdtempSync(join(tmpdir(), 'firefox-profile-'));
  // No background traffic: the machine's network is closed, and the page
  // must be the only thing that could make a request.
  writeFileSync(
    join(profile, 'user.js'),
    [
      ['marionette.port', port],
      ['browser.shell.checkDefaultBrowser', false],
      ['app.update.enabled', false],
      ['datareporting.policy.dataSubmissionEnabled', false],
      ['toolkit.telemetry.enabled', false],
      ['network.captive-portal-service.enabled', false],
      ['network.connectivity-service.enabled', false],
      ['extensions.update.enabled', false],
      ['browser.safebrowsing.malware.enabled', false],
      ['browser.safebrowsing.phishing.enabled', false],
    ]
      .map(([name, value]) => `user_pref(${JSON.stringify(name)}, ${JSON.stringify(value)});\n`)
      .join(''),
  );
  const child = spawn(FIREFOX, ['--headless', '--marionette', '--no-remote', '--profile', profile], { stdio: 'ignore' });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  let socket;
  for (let attempt = 0; !socket; attempt += 1) {
    try {
      socket = await connect(port);
    } catch (error) {
      if (attempt > 150) throw new Error(`Firefox did not open Marionette on port ${port}: ${error.message}`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  }
  const session = new Session(socket);
  await session.greeting;
  await session.command('WebDriver:NewSession', { capabilities: { alwaysMatch: { acceptInsecureCerts: false } } });
  session.close = async () => {
    await session.command('Marionette:Quit', {}).catch(() => {});
    socket.destroy();
    const timer = setTimeout(() => child.kill('SIGKILL'), 5000);
    await exited;
    clearTimeout(timer);
    rmSync(profile, { recursive: true, force: true });
  };
  return session;
}

class Session {
  constructor(socket) {
    this.socket = socket;
    this.nextId = 1;
    this.waiting = new Map();
    this.buffer = Buffer.alloc(0);
    this.greeting = new Promise((resolve) => (this.onGreeting = resolve));
    socket.on('data', (data) => this.receive(data));
  }

  /** Messages are `length:json`; the first is a greeting, the rest are
   * `[1, id, error, result]` answers. */
  receive(data) {
    this.buffer = Buffer.concat([this.buffer, data]);
    for (;;) {
      const colon = this.buffer.indexOf(':');
      if (colon < 0) return;
      const length = Number(this.buffer.subarray(0, colon).toString());
      if (this.buffer.length < colon + 1 + length) return;
      const message = JSON.parse(this.buffer.subarray(colon + 1, colon + 1 + length).toString('utf8'));
      this.buffer = this.buffer.subarray(colon + 1 + length);
      if (!Array.isArray(message)) {
        this.onGreeting(message);
        continue;
      }
      const [, id, error, result] = message;
      const { resolve, reject, name } = this.waiting.get(id);
      this.waiting.delete(id);
      if (error) reject(new Error(`${name}: ${error.error}: ${error.message}`));
      else resolve(result);
    }
  }

  command(name, parameters) {
    const id = this.nextId++;
    const text = Buffer.from(JSON.stringify([0, id, name, parameters]), 'utf8');
    this.socket.write(`${text.length}:`);
    this.socket.write(text);
    return new Promise((resolve, reject) => this.waiting.set(id, { resolve, reject, name }));
  }

  navigate(url) {
    return this.command('WebDriver:Navigate', { url });
  }

  /** Runs `fn(...args)` in the page (it may return a promise) and resolves to its result. */
  async evaluate(fn, ...args) {
    const script = `const [resolve, ...args] = [arguments[arguments.length - 1], ...Array.prototype.slice.call(arguments, 0, -1)];
      Promise.resolve((${fn})(...args)).then((value) => resolve({ value }), (error) => resolve({ error: String(error && error.stack || error) }));`;
    const { value } = await this.command('WebDriver:ExecuteAsyncScript', { script, args, scriptTimeout: 60_000 });
    if (value.error) throw new Error(`in Firefox: ${value.error}`);
    return value.value;
  }

  /** Waits until `fn(...args)` is truthy in the page. */
  async waitFor(fn, args = [], timeout = 30_000) {
    const deadline = Date.now() + timeout;
    while (!(await this.evaluate(fn, ...args))) {
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${fn}`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }

  /** Gives a file to an <input type=file>, as a user choosing it does. */
  async setInputFile(selector, path) {
    const element = await this.command('WebDriver:FindElement', { using: 'css selector', value: selector });
    const id = Object.values(element.value ?? element)[0];
    await this.command('WebDriver:ElementSendKeys', { id, text: path });
  }
}

function connect(port) {
  return new Promise((resolve, reject) => {
    const socket = createConnection({ port, host: '127.0.0.1' }, () => resolve(socket));
    socket.once('error', reject);
  });
}

function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
    server.once('error', reject);
  });
}
