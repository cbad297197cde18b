// End-to-end security of the reading pane: hostile HTML mail runs no script and reaches no
// network; remote images load only after "Afficher les images". A local HTTP server counts
// every request the window makes.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { Keys, Session, startDriver } from './webdriver.mjs';
import { Operator } from './operator.mjs';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const binary = path.resolve(process.env.MEDIMAIL_BIN ?? path.join(root, 'target/debug/medimail'));
const screenshots = path.join(root, 'docs/screenshots');

let operator;
let driver;
let session;
let profile;
let server;
let base;
const hits = [];

const $ = (testid) => `[data-testid="${testid}"]`;

function message(subject, html, id) {
  return [
    'From: "Dr Pirate" <pirate@medimail.test>',
    'To: jean.dupont@medimail.test',
    `Subject: ${subject}`,
    `Message-ID: <${id}@attaque.test>`,
    'Date: Mon, 23 Nov 2026 10:00:00 +0100',
    'MIME-Version: 1.0',
    'Content-Type: text/html; charset=utf-8',
    'Content-Transfer-Encoding: 8bit',
    '',
    html,
    '',
  ].join('\r\n');
}

// Each payload names itself in the URL it would fetch, so a hit says which trick worked.
function payloads() {
  const u = (name) => `${base}/${name}`;
  return `<!doctype html><html><head>
<meta http-equiv="refresh" content="0;url=${u('meta-refresh')}">
<base href="${u('base/')}">
<link rel="stylesheet" href="${u('link-css')}">
<style>@import url("${u('import-css')}"); body { background: url("${u('css-background')}"); }
.x { background-image: url(${u('css-class')}); } @font-face { font-family: x; src: url(${u('font')}); }</style>
<script>fetch("${u('script')}"); parent.postMessage("pwned", "*"); top.document.title = "pwned";</script>
</head><body onload="fetch('${u('onload')}')">
<p class="x">Bonjour, ceci est un message piégé.</p>
<img src="x" onerror="fetch('${u('onerror')}')">
<img src="${u('remote-image.png')}" alt="image distante">
<img srcset="${u('srcset.png')} 2x">
<svg xmlns="http://www.w3.org/2000/svg" onload="fetch('${u('svg-onload')}')"><script>fetch("${u('svg-script')}")</script>
<image href="${u('svg-image')}"/></svg>
<a href="javascript:fetch('${u('javascript-url')}')">cliquez ici</a>
<iframe src="${u('iframe')}"></iframe>
<object data="${u('object')}"></object><embed src="${u('embed')}">
<video poster="${u('video-poster')}" src="${u('video')}"></video><audio src="${u('audio')}"></audio>
<form action="${u('form')}"><input type="image" src="${u('input-image')}"></form>
<div style="background:url('${u('inline-style')}')">style inline</div>
<table background="${u('table-background')}"><tr><td>tableau</td></tr></table>
<a href="${u('link-target')}" id="lien">un lien</a>
</body></html>`;
}

before(async () => {
  server = http.createServer((req, res) => {
    hits.push(req.url);
    res.writeHead(200, { 'content-type': 'image/png', 'access-control-allow-origin': '*' });
    // A 1×1 transparent PNG.
    res.end(
      Buffer.from(
        'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8AAAAASUVORK5CYII=',
        'base64',
      ),
    );
  });
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `http://127.0.0.1:${server.address().port}`;

  operator = await Operator.start();
  await operator.append('physician', message('Message piégé', payloads(), 'piege-1'));

  // The account is added through the command line (the UI path has its own test); the
  // window then opens on a synced profile.
  profile = await fs.mkdtemp(path.join(os.tmpdir(), 'medimail-e2e-sec-'));
  const physician = operator.account('physician');
  const add = execFile(binary, [
    '--profile', profile, 'account', 'add',
    '--email', physician.email,
    '--imap', operator.imaps,
    '--smtp', operator.submissions,
    '--tls', 'implicit',
    '--ca-file', operator.env.ca_file,
    '--password-stdin',
  ]);
  add.stdin.end(physician.password);
  await new Promise((resolve, reject) => add.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`account add: ${code}`)))));
  await run(binary, ['--profile', profile, 'sync']);

  driver = await startDriver();
  session = await Session.create(driver.url, binary, ['--profile', profile]);
});

after(async () => {
  await session?.delete().catch(() => {});
  await driver?.stop();
  await operator?.stop();
  server?.close();
  if (profile) await fs.rm(profile, { recursive: true, force: true });
});

async function openTrap() {
  const row = await session.waitFor(
    async () => {
      for (const r of await session.findAll($('message-row'))) if ((await r.text()).includes('Message piégé')) return r;
      return null;
    },
    'the trapped message in the list',
    30_000,
  );
  await row.click();
  await session.find($('reader-body'));
  // Give every trick time to fire: loads, refresh, onerror…
  await new Promise((resolve) => setTimeout(resolve, 3000));
}

test('a hostile HTML message runs no script and reaches no network', async () => {
  const before = await session.execute('return document.title');
  await openTrap();
  assert.deepEqual(hits, [], `requests made while reading: ${hits.join(', ')}`);
  assert.equal(await session.execute('return document.title'), before, 'the app window was not touched');
  // The app's own page still works and the frame stayed a sandboxed, script-less view.
  const frame = await session.find($('reader-body'));
  assert.equal(await frame.attribute('sandbox'), '');
  assert.match(await (await session.find($('reader-subject'))).text(), /Message piégé/);
  // The app's own context cannot reach into the frame (a different, opaque origin).
  const reachable = await session.execute(
    'try { return arguments[0].contentDocument !== null && arguments[0].contentDocument.body !== null } catch (e) { return false }',
    [frame.ref()],
  );
  assert.equal(reachable, false, 'the message is not in the app’s own context');
  await fs.mkdir(screenshots, { recursive: true });
  await fs.writeFile(path.join(screenshots, 'remote-content-blocked.png'), await session.screenshot());
});

test('"Afficher les images" loads remote images, and still no script', async () => {
  await (await session.find($('show-images'))).click();
  await new Promise((resolve) => setTimeout(resolve, 3000));
  assert.ok(hits.some((h) => h.startsWith('/remote-image.png')), `the remote image was fetched: ${hits.join(', ')}`);
  const scripted = hits.filter((h) =>
    ['/script', '/onerror', '/onload', '/svg-onload', '/svg-script', '/javascript-url', '/meta-refresh', '/iframe', '/object', '/embed', '/form'].some(
      (p) => h.startsWith(p),
    ),
  );
  assert.deepEqual(scripted, [], 'no script, refresh, frame or plugin ran');
});

test('a command the window was not granted is refused, and Tauri is not global to the page', async () => {
  assert.equal(await session.execute('return typeof window.__TAURI__'), 'undefined');
  // The window plugin is there (the app closes its window), but setting its title is not granted.
  await session.execute(
    `window.__refused = null;
     window.__TAURI_INTERNALS__.invoke('plugin:window|set_title', { label: 'main', value: 'piraté' })
       .then(() => (window.__refused = 'allowed'), (e) => (window.__refused = String(e)));`,
  );
  await session.waitFor(async () => (await session.execute('return window.__refused')) !== null, 'the answer', 5_000);
  const answer = await session.execute('return window.__refused');
  assert.notEqual(answer, 'allowed');
  assert.match(answer, /not allowed|denied/i);
});

test('a link asks first, showing the real address', async () => {
  // As a reader would before following a link, the message gets the room: the splitter,
  // from the keyboard, gives the list its least share. (WebKitWebDriver also misses links
  // near the bottom edge of a frame inside a scrolled pane.)
  const splitter = await session.find($('splitter'));
  await splitter.type(Keys.Home);
  await session.waitFor(async () => (await splitter.attribute('aria-valuenow')) === '15', 'the reading pane given the room');
  // Clicking inside the frame: WebDriver switches into it.
  const frame = await session.find($('reader-body'));
  await session.cmd('POST', '/frame', { id: frame.ref() });
  // The sanitiser drops ids and rewrites every href; the original address stays in it.
  const link = await session.find('a[href*="link-target"]');
  await link.click();
  await session.cmd('POST', '/frame/parent', {});
  const dialog = await session.find($('link-confirm'));
  assert.match(await dialog.text(), new RegExp(`127\\.0\\.0\\.1:${server.address().port}`));
  const before = hits.length;
  await (await session.find($('link-cancel'))).click();
  assert.equal(hits.length, before, 'cancelling opens nothing');
});
