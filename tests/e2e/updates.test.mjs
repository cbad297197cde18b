// Signed updates end to end (issue 16): the real window against a local HTTPS update server
// (node's https with the operator's test certificate, trusted as if in the system's store:
// SSL_CERT_FILE) and real minisign signatures made by the Tauri CLI with a throwaway key
// pair. The debug build takes the test public key from MEDIMAIL_UPDATE_TEST_PUBKEY (release
// builds have no such door; commands/updates.rs). The app runs "as an AppImage": $APPIMAGE
// names a file in a temporary folder, which tauri-plugin-updater replaces with the update's
// bytes, and which the app then starts again; the new "version" here is a tiny program that
// writes down that it was started, with which arguments.
//
// Each case is a fresh start of the window: the look at start (after one second here)
// finds what the server offers. The last one adds an account and uses the settings' card:
// the version, "Rechercher des mises à jour", a server in clear refused, one that does not
// answer.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { manifest as releaseManifest } from '../../dev/release-manifest.mjs';
import { Session, startDriver } from './webdriver.mjs';
import { binary, medimailIn } from './cli.mjs';
import { Operator } from './operator.mjs';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const tauriCli = path.join(root, 'ui/node_modules/.bin/tauri');
const screenshots = path.join(root, 'docs/screenshots');

const NOTES = 'Nouveautés de la version 0.2.0 :\n- recherche plus rapide dans l’annuaire ;\n- envoi des pièces jointes plus fiable.';
// The app as installed before the update: what must stay untouched when an update is refused.
const RELEASED = 'Medimail Desktop_0.2.0_amd64.AppImage';
const CURRENT_APP = Buffer.from('#!/bin/sh\n# Medimail Desktop 0.1.0 (the AppImage in use)\n');

let operator;
let driver;
let session;
let work;
let profile;
let server;
let base;
let manifest = null;
const files = new Map();
/** What the server may offer, by case. */
const manifests = {};
const hits = [];
const saved = {};

const $ = (testid) => `[data-testid="${testid}"]`;
const appimage = () => path.join(work, 'Medimail_Desktop.AppImage');
const restarted = () => path.join(work, 'restarted.txt');

/** Signs `file` with `key` for `version`: the `.sig` file's text, as latest.json carries it. */
async function sign(file, key, version) {
  await run(tauriCli, ['signer', 'sign', '--app-version', version, '-f', key, '-p', '', file]);
  return (await fs.readFile(`${file}.sig`, 'utf8')).trim();
}

function platformEntry(name, signature) {
  return { 'linux-x86_64': { url: `${base}/files/${encodeURIComponent(name)}`, signature } };
}

function offer(version, name, signature) {
  return { version, notes: NOTES, pub_date: '2026-12-01T09:00:00Z', platforms: platformEntry(name, signature) };
}

before(async () => {
  operator = await Operator.start();
  work = await fs.mkdtemp(path.join(os.tmpdir(), 'medimail-e2e-updates-'));

  const pki = path.dirname(operator.env.ca_file);
  server = https.createServer(
    { cert: await fs.readFile(path.join(pki, 'server.chain.pem')), key: await fs.readFile(path.join(pki, 'server.key.pem')) },
    (req, res) => {
      hits.push(req.url);
      if (req.url === '/medimail/latest.json' && manifest) {
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(manifest));
        return;
      }
      const file = req.url.startsWith('/files/') ? files.get(decodeURIComponent(req.url.slice('/files/'.length))) : undefined;
      if (file) {
        res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': file.length }).end(file);
        return;
      }
      res.writeHead(404).end();
    },
  );
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  base = `https://127.0.0.1:${server.address().port}`;

  // The project's key is never needed: the test makes its own, and another one for a
  // signature the app must refuse.
  await run(tauriCli, ['signer', 'generate', '--ci', '-w', path.join(work, 'test.key')]);
  await fs.mkdir(path.join(work, 'other'));
  await run(tauriCli, ['signer', 'generate', '--ci', '-w', path.join(work, 'other', 'other.key')]);

  // The new version: an ELF program (an AppImage is one) that says it was started, laid out
  // as a release build leaves it, so that the manifest is the one `make release` writes
  // (dev/release-manifest.mjs).
  const bundles = path.join(work, 'bundle');
  await fs.mkdir(path.join(bundles, 'appimage'), { recursive: true });
  const program = path.join(bundles, 'appimage', RELEASED);
  const source =
    '#include <stdio.h>\n#include <stdlib.h>\n' +
    'int main(int argc, char **argv) { const char *to = getenv("MEDIMAIL_E2E_RESTARTED"); if (!to) return 1;\n' +
    ' FILE *f = fopen(to, "w"); if (!f) return 1; fputs("version 0.2.0 started", f);\n' +
    ' for (int i = 1; i < argc; i++) fprintf(f, " %s", argv[i]); fputc(10, f); fclose(f); return 0; }\n';
  await fs.writeFile(path.join(work, 'new.c'), source);
  await run('cc', ['-O1', '-o', program, path.join(work, 'new.c')]);
  const good = await sign(program, path.join(work, 'test.key'), '0.2.0');
  files.set(RELEASED, await fs.readFile(program));
  await fs.writeFile(path.join(work, 'notes.md'), `${NOTES}\n`);
  const released = releaseManifest({
    bundles,
    url: `${base}/files`,
    notes: path.join(work, 'notes.md'),
    version: '0.2.0',
    arch: 'x86_64',
    date: '2026-12-01T09:00:00Z',
  });

  const elsewhere = path.join(work, 'other', 'new.AppImage');
  await fs.copyFile(program, elsewhere);
  const otherKey = await sign(elsewhere, path.join(work, 'other', 'other.key'), '0.2.0');
  files.set('other-key.AppImage', await fs.readFile(elsewhere));

  // Changed after signing: one byte in the middle.
  const tampered = Buffer.from(files.get(RELEASED));
  tampered[Math.floor(tampered.length / 2)] ^= 0xff;
  files.set('tampered.AppImage', tampered);

  Object.assign(manifests, {
    good: released,
    tampered: offer('0.2.0', 'tampered.AppImage', good),
    otherKey: offer('0.2.0', 'other-key.AppImage', otherKey),
    // The 0.2.0 file, properly signed, announced as 0.3.0: the signed version disagrees.
    relabelled: offer('0.3.0', RELEASED, good),
    same: offer('0.1.0', RELEASED, good),
    older: offer('0.0.9', RELEASED, good),
  });

  profile = path.join(work, 'profile');
  await run(binary, ['--profile', profile, 'updates', 'server', `${base}/medimail/latest.json`]);

  // The driver starts the window with its own environment: set before it starts.
  const env = {
    SSL_CERT_FILE: operator.env.ca_file,
    MEDIMAIL_UPDATE_TEST_PUBKEY: (await fs.readFile(path.join(work, 'test.key.pub'), 'utf8')).trim(),
    MEDIMAIL_UPDATE_FIRST_CHECK_SECONDS: '1',
    APPIMAGE: appimage(),
    MEDIMAIL_E2E_RESTARTED: restarted(),
  };
  for (const [key, value] of Object.entries(env)) {
    saved[key] = process.env[key];
    process.env[key] = value;
  }
  driver = await startDriver();
});

after(async () => {
  await session?.delete().catch(() => {});
  await driver?.stop();
  await operator?.stop();
  server?.close();
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  if (work) await fs.rm(work, { recursive: true, force: true });
});

/** Starts the window on a server offering `served` (null: no manifest at all). */
async function start(served) {
  await session?.delete().catch(() => {});
  session = null;
  manifest = served;
  hits.length = 0;
  await fs.writeFile(appimage(), CURRENT_APP, { mode: 0o755 });
  session = await Session.create(driver.url, binary, ['--profile', profile]);
  await session.find($('app'), 30_000);
}

async function offeredNotice() {
  const notice = await session.waitOrShoot(
    async () => (await session.findAll($('update-notice')))[0] ?? null,
    'the update notice',
    20_000,
  );
  return notice;
}

async function installRefused() {
  await offeredNotice();
  await (await session.find($('update-install'))).click();
  const error = await session.waitOrShoot(async () => (await session.findAll($('update-error')))[0] ?? null, 'the refusal', 30_000);
  return error.text();
}

test('a newer, properly signed version is offered with its French notes and installed on consent', async () => {
  await start(manifests.good);
  const notice = await offeredNotice();
  const text = await notice.text();
  assert.match(text, /Une mise à jour est disponible \(version 0\.2\.0\)/);
  assert.match(text, /recherche plus rapide dans l’annuaire/);
  // Offered only: nothing downloaded, nothing replaced before the user's choice.
  await new Promise((resolve) => setTimeout(resolve, 1500));
  assert.deepEqual(hits.filter((h) => h.startsWith('/files/')), []);
  assert.deepEqual(await fs.readFile(appimage()), CURRENT_APP);
  await fs.mkdir(screenshots, { recursive: true });
  await fs.writeFile(path.join(screenshots, 'update-offered.png'), await session.screenshot());

  await (await session.find($('update-install'))).click();
  // The app replaced its AppImage with the signed file and started it, with its own arguments.
  const started = await waitForFile(restarted(), 30_000);
  assert.match(started, /^version 0\.2\.0 started .*--profile/);
  assert.deepEqual(await fs.readFile(appimage()), files.get(RELEASED));
  assert.deepEqual(hits.filter((h) => h.startsWith('/files/')), [`/files/${encodeURIComponent(RELEASED)}`]);
  // The old process is gone: the driver's session has no window any more.
  await session.delete().catch(() => {});
  session = null;
  await fs.rm(restarted(), { force: true });
});

for (const [name, manifestName, why] of [
  ['bytes changed after signing', 'tampered', 'tampered'],
  ['a file signed with another key', 'otherKey', 'other key'],
  ['a proper file announced as another version', 'relabelled', 'relabelled'],
]) {
  test(`${name} is refused with a clear French message, the app untouched`, async () => {
    await start(manifests[manifestName]);
    const said = await installRefused();
    assert.match(said, /La mise à jour a été refusée : sa signature ne correspond pas à celle de Medimail Desktop/, why);
    assert.match(said, /Rien n’a été installé/);
    assert.ok(hits.some((h) => h.startsWith('/files/')), `${why}: the file was downloaded and checked`);
    assert.deepEqual(await fs.readFile(appimage()), CURRENT_APP, `${why}: the AppImage in use is untouched`);
    await assert.rejects(fs.access(restarted()), `${why}: nothing was started`);
    // Still the running app: its page answers.
    await session.find($('app'));
    if (manifestName === 'tampered') await fs.writeFile(path.join(screenshots, 'update-refused.png'), await session.screenshot());
  });
}

test('the same or an older version is never offered', async () => {
  for (const version of ['same', 'older']) {
    await start(manifests[version]);
    await session.waitFor(async () => hits.includes('/medimail/latest.json'), `the look at start (${version})`, 20_000);
    await new Promise((resolve) => setTimeout(resolve, 2000));
    assert.equal((await session.findAll($('update-notice'))).length, 0, `${version}: no notice`);
    assert.deepEqual(hits.filter((h) => h.startsWith('/files/')), [], `${version}: nothing downloaded`);
  }
});

test('with checks turned off, the update server receives no request', async () => {
  await run(binary, ['--profile', profile, 'updates', 'off']);
  try {
    await start(manifests.good);
    // Well past the look at start (one second here).
    await new Promise((resolve) => setTimeout(resolve, 5000));
    assert.deepEqual(hits, []);
    assert.equal((await session.findAll($('update-notice'))).length, 0);
  } finally {
    await run(binary, ['--profile', profile, 'updates', 'on']);
  }
});

async function waitForFile(file, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const text = await fs.readFile(file, 'utf8');
      if (text.endsWith('\n')) return text;
    } catch {
      // not written yet
    }
    if (Date.now() > deadline) throw new Error(`${file} was never written`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

test('in the settings: the version in use, "Rechercher des mises à jour", and only https servers', async () => {
  // The settings are an account's: one is added through the command line.
  const physician = operator.account('physician');
  await medimailIn(
    profile,
    ['account', 'add', '--email', physician.email, '--imap', operator.imaps, '--smtp', operator.submissions,
     '--tls', 'implicit', '--ca-file', operator.env.ca_file, '--password-stdin'],
    physician.password,
  );

  await start(manifests.same);
  const click = async (testid) => {
    const element = await session.find($(testid), 30_000);
    // The settings' lower cards are below the fold: in view first, and enabled (settings read).
    await session.execute('document.querySelector(arguments[0]).scrollIntoView({ block: "center" })', [$(testid)]);
    await session.waitFor(async () => !(await session.execute('return document.querySelector(arguments[0]).disabled', [$(testid)])), `${testid} enabled`);
    await element.click();
  };
  const textOf = async (testid) => (await session.find($(testid))).text();
  await click('account-menu-button');
  await click('account-menu-manage');
  await click('settings-nav-devices');
  assert.equal(await textOf('settings-updates-version'), 'Version installée : 0.1.0');

  await click('settings-updates-check');
  await session.waitOrShoot(
    async () => (await textOf('settings-updates-status')) === 'Medimail Desktop est à jour (version 0.1.0).',
    'up to date',
  );
  assert.equal((await session.findAll($('update-notice'))).length, 0);
  await fs.writeFile(path.join(screenshots, 'update-settings.png'), await session.screenshot());

  manifest = manifests.good;
  await click('settings-updates-check');
  await session.waitOrShoot(
    async () => (await textOf('settings-updates-status')) === 'Une mise à jour est disponible (version 0.2.0)',
    'the newer version found',
  );
  await offeredNotice();
  await click('update-later');
  assert.equal((await session.findAll($('update-notice'))).length, 0);
  assert.deepEqual(hits.filter((h) => h.startsWith('/files/')), [], 'nothing downloaded without consent');

  // A practice's server in clear is refused, in French, and the one in force stays.
  const field = await session.find($('settings-updates-server'));
  await field.clear();
  await field.type('http://127.0.0.1:1/latest.json');
  await click('settings-updates-server-save');
  await session.waitOrShoot(async () => (await session.findAll($('settings-updates-error'))).length > 0, 'the refusal');
  assert.match(await textOf('settings-updates-error'), /doit être complète et commencer par https:\/\//);
  const { stdout } = await run(binary, ['--profile', profile, '--json', 'updates', 'status']);
  assert.equal(JSON.parse(stdout).server, `${base}/medimail/latest.json`);

  // A server that does not answer: said plainly, nothing else changes.
  await field.clear();
  await field.type('https://127.0.0.1:1/latest.json');
  await click('settings-updates-server-save');
  await session.waitOrShoot(async () => (await textOf('settings-updates-status')) === 'Serveur de mises à jour enregistré.', 'the server saved');
  await click('settings-updates-check');
  await session.waitOrShoot(async () => (await session.findAll($('settings-updates-error'))).length > 0, 'the failure');
  assert.match(await textOf('settings-updates-error'), /Le serveur de mises à jour n’a pas pu être joint/);
  await click('settings-updates-server-default');
  await session.waitOrShoot(async () => (await session.findAll($('settings-updates-server-default'))).length === 0, 'back to the project');
  const back = JSON.parse((await run(binary, ['--profile', profile, '--json', 'updates', 'status'])).stdout);
  assert.equal(back.custom_server, false);
});
