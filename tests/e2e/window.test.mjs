// End-to-end: the real `medimail` binary in a real WebKitGTK window under Xvfb, driven
// through tauri-driver and WebKitWebDriver. Run by `make test-e2e` (inside xvfb-run and a
// private D-Bus session).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { Keys, Session, startDriver } from './webdriver.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const binary = path.resolve(process.env.MEDIMAIL_BIN ?? path.join(root, 'target/debug/medimail'));
const screenshots = path.join(root, 'docs/screenshots');
const version = JSON.parse(await fs.readFile(path.join(root, 'tauri.conf.json'), 'utf8')).version;

let driver;
let session;
let profile;

before(async () => {
  profile = await fs.mkdtemp(path.join(os.tmpdir(), 'medimail-e2e-'));
  driver = await startDriver();
  session = await Session.create(driver.url, binary, ['--profile', profile]);
});

after(async () => {
  await session?.delete().catch(() => {});
  await driver?.stop();
  if (profile) await fs.rm(profile, { recursive: true, force: true });
});

/** The rendered text of an element, once the page has painted it. */
async function textOf(testid) {
  const element = await session.find(`[data-testid="${testid}"]`);
  return session.waitFor(async () => (await element.text()).trim(), `text of ${testid}`);
}

test('the window comes up in French with the Medimail layout', async () => {
  await session.find('[data-testid="folder-inbox"]');
  assert.equal(await session.execute('return document.documentElement.lang'), 'fr');
  assert.equal(await session.execute('return document.title'), 'Medimail Desktop');

  const folders = {
    'folder-inbox': 'Boîte de réception',
    'folder-sent': 'Messages envoyés',
    'folder-drafts': 'Brouillons',
    'folder-trash': 'Messages supprimés',
    'folder-directory': 'Annuaire',
  };
  for (const [testid, label] of Object.entries(folders)) {
    assert.match(await textOf(testid), new RegExp(label), testid);
  }
  assert.match(await textOf('new-message-pro'), /Nouveau message Pro/);
  assert.match(await textOf('refresh'), /Actualiser/);
  const search = await session.find('[data-testid="search-input"]');
  assert.match(await search.attribute('placeholder'), /Rechercher/);
  assert.match(await textOf('message-list'), /Aucun message/);
});

test('the status bar shows what the engine reports through the IPC bridge', async () => {
  // The version comes from the Rust side (command app_info): this proves the CSP, the
  // capability file and the command wiring all let the call through.
  await session.waitFor(async () => (await textOf('status-bar')).includes(version), `version ${version} in the status bar`);
});

test('the Patient tab offers "Nouveau message Patient"', async () => {
  await (await session.find('[data-testid="tab-patient"]')).click();
  assert.match(await textOf('new-message-patient'), /Nouveau message Patient/);
  await (await session.find('[data-testid="tab-pro"]')).click();
  assert.match(await textOf('new-message-pro'), /Nouveau message Pro/);
});

test('the account menu opens from the keyboard and closes with Escape', async () => {
  const button = await session.find('[data-testid="account-menu-button"]');
  await session.execute('arguments[0].focus()', [button.ref()]);
  await session.keys(Keys.Enter);
  const items = {
    'account-menu-manage': 'Gérer mon compte',
    'account-menu-switch': 'Changer de compte',
    'account-menu-logout': 'Se déconnecter',
  };
  for (const [testid, label] of Object.entries(items)) {
    assert.match(await textOf(testid), new RegExp(label), testid);
  }
  await fs.mkdir(screenshots, { recursive: true });
  await fs.writeFile(path.join(screenshots, 'account-menu.png'), await session.screenshot());
  await session.keys(Keys.Escape);
  await session.waitFor(
    async () => (await session.findAll('[data-testid="account-menu-manage"]')).length === 0,
    'the menu to close',
  );
  const focused = await session.execute('return document.activeElement?.dataset?.testid ?? null');
  assert.equal(focused, 'account-menu-button', 'focus returns to the menu button');
});

test('a screenshot of the main window is saved for the README', async () => {
  await fs.mkdir(screenshots, { recursive: true });
  const png = await session.screenshot();
  assert.ok(png.subarray(0, 8).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a])), 'a PNG');
  assert.ok(png.length > 10_000, 'a real picture, not a blank');
  await fs.writeFile(path.join(screenshots, 'main-window.png'), png);
});
