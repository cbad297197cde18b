// A minimal W3C WebDriver client over fetch, enough to drive the real app through
// tauri-driver. Kept tiny on purpose: no browser download, no extra npm packages.
import { spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';

const ELEMENT = 'element-6066-11e4-a52e-4f735466cecf';

export async function freePort() {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function portOpen(port) {
  return new Promise((resolve) => {
    const socket = net.connect(port, '127.0.0.1');
    socket.once('connect', () => { socket.destroy(); resolve(true); });
    socket.once('error', () => resolve(false));
  });
}

async function waitForPorts(ports, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (const port of ports) {
    while (!(await portOpen(port))) {
      if (Date.now() > deadline) throw new Error(`port ${port} never opened`);
      await sleep(100);
    }
  }
}

/** Starts tauri-driver (which starts WebKitWebDriver) and waits for both ports. */
export async function startDriver({ driver = 'tauri-driver', nativeDriver = '/usr/bin/WebKitWebDriver' } = {}) {
  const port = await freePort();
  const nativePort = await freePort();
  const child = spawn(driver, ['--port', String(port), '--native-port', String(nativePort), '--native-driver', nativeDriver], {
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const exited = new Promise((resolve) => child.once('exit', resolve));
  // tauri-driver opens its port before WebKitWebDriver is ready: wait for both.
  await Promise.race([
    waitForPorts([port, nativePort], 30_000),
    exited.then((code) => { throw new Error(`tauri-driver exited early (${code})`); }),
  ]);
  return {
    url: `http://127.0.0.1:${port}`,
    async stop() {
      child.kill('SIGTERM');
      await Promise.race([exited, sleep(5_000)]);
    },
  };
}

export class Session {
  constructor(base, id) {
    this.base = base;
    this.id = id;
  }

  static async create(driverUrl, application, args = []) {
    const body = { capabilities: { alwaysMatch: { 'tauri:options': { application, args } } } };
    const value = await request('POST', `${driverUrl}/session`, body);
    return new Session(driverUrl, value.sessionId);
  }

  cmd(method, path, body) {
    return request(method, `${this.base}/session/${this.id}${path}`, body);
  }

  async find(selector, timeoutMs = 10_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const value = await this.cmd('POST', '/element', { using: 'css selector', value: selector });
        return new Element(this, value[ELEMENT]);
      } catch (err) {
        if (Date.now() > deadline) throw new Error(`no element ${selector}: ${err.message}`);
        await sleep(100);
      }
    }
  }

  async findAll(selector) {
    const value = await this.cmd('POST', '/elements', { using: 'css selector', value: selector });
    return value.map((v) => new Element(this, v[ELEMENT]));
  }

  execute(script, args = []) {
    return this.cmd('POST', '/execute/sync', { script, args });
  }

  /** Polls `fn` until it returns a truthy value. */
  async waitFor(fn, what, timeoutMs = 10_000) {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = await fn();
      if (value) return value;
      if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
      await sleep(100);
    }
  }

  /** Like waitFor, with a picture of the window when it fails (to see why; at most 5 s for it). */
  async waitOrShoot(fn, what, timeoutMs = 10_000) {
    try {
      return await this.waitFor(fn, what, timeoutMs);
    } catch (err) {
      const file = path.join(os.tmpdir(), `medimail-e2e-failure-${Date.now()}.png`);
      const picture = Promise.race([this.screenshot(), sleep(5_000).then(() => Promise.reject(new Error('no picture')))]);
      await picture.then((png) => fs.writeFile(file, png)).catch(() => {});
      throw new Error(`${err.message} (window at failure: ${file})`);
    }
  }

  async screenshot() {
    return Buffer.from(await this.cmd('GET', '/screenshot'), 'base64');
  }

  keys(text) {
    const actions = [...text].flatMap((ch) => [{ type: 'keyDown', value: ch }, { type: 'keyUp', value: ch }]);
    return this.cmd('POST', '/actions', { actions: [{ type: 'key', id: 'keyboard', actions }] });
  }

  async delete() {
    await this.cmd('DELETE', '');
  }
}

export class Element {
  constructor(session, id) {
    this.session = session;
    this.id = id;
  }
  ref() { return { [ELEMENT]: this.id }; }
  // innerText rather than WebDriver's Get Element Text: WebKitWebDriver returns an empty
  // string for elements that start with an inline SVG icon.
  text() { return this.session.execute('return arguments[0].innerText', [this.ref()]); }
  click() { return this.session.cmd('POST', `/element/${this.id}/click`, {}); }
  type(text) { return this.session.cmd('POST', `/element/${this.id}/value`, { text }); }
  clear() { return this.session.cmd('POST', `/element/${this.id}/clear`, {}); }
  attribute(name) { return this.session.cmd('GET', `/element/${this.id}/attribute/${name}`); }
  displayed() { return this.session.cmd('GET', `/element/${this.id}/displayed`); }
}

export const Keys = { Enter: '\uE007', Escape: '\uE00C', ArrowDown: '\uE015', ArrowUp: '\uE013', Tab: '\uE004', Delete: '\uE017', Control: '\uE009', Home: '\uE011', End: '\uE010' };

async function request(method, url, body) {
  const response = await fetch(url, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = await response.json().catch(() => ({}));
  if (!response.ok) {
    const detail = json.value?.message ?? response.statusText;
    throw new Error(`${method} ${url}: ${response.status} ${detail}`);
  }
  return json.value;
}
