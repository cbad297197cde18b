// End-to-end: "Appareils" against the local operator (Dovecot, IMAP METADATA). The window and
// a second installation (the command line in another profile) sync the same account; the
// window lists both, revokes the other, which is refused at its next contact. Then the other
// revokes the window: at its next pass the window opens "Appareils" on the account and
// signs in again with the password, and the account syncs again.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { Session, startDriver } from './webdriver.mjs';
import { binary, runMedimail } from './cli.mjs';
import { Operator } from './operator.mjs';


let operator;
let physician;
let driver;
let session;
let profile;
let laptop;

/** Runs `medimail --profile DIR ARGS` with `input` on stdin: { code, out, err }. */
const medimail = runMedimail;

async function ok(dir, args, input) {
  const done = await medimail(dir, args, input);
  assert.equal(done.code, 0, `medimail ${args.join(' ')}: ${done.err}`);
  return done.out;
}

async function addAccount(dir) {
  await ok(
    dir,
    ['account', 'add', '--email', physician.email, '--imap', operator.imaps, '--smtp', operator.submissions, '--ca-file', operator.env.ca_file, '--password-stdin'],
    `${physician.password}\n`,
  );
}

async function devicesSeenBy(dir) {
  return JSON.parse(await ok(dir, ['--json', 'device', 'list'])).devices;
}

before(async () => {
  operator = await Operator.start();
  physician = operator.account('physician');
  profile = await fs.mkdtemp(path.join(os.tmpdir(), 'medimail-e2e-devices-'));
  laptop = await fs.mkdtemp(path.join(os.tmpdir(), 'medimail-e2e-laptop-'));
  await addAccount(profile);
  await addAccount(laptop);
  await ok(laptop, ['sync']);
  driver = await startDriver();
  session = await Session.create(driver.url, binary, ['--profile', profile]);
});

after(async () => {
  await session?.delete().catch(() => {});
  await driver?.stop();
  await operator?.stop();
  for (const dir of [profile, laptop]) if (dir) await fs.rm(dir, { recursive: true, force: true });
});

const $ = (testid) => `[data-testid="${testid}"]`;

async function click(selector) {
  const element = await session.find(selector);
  await session.execute('document.querySelector(arguments[0]).scrollIntoView({ block: "center" })', [selector]);
  await element.click();
}

function textOf(testid) {
  return session.execute('return document.querySelector(arguments[0])?.innerText ?? null', [$(testid)]);
}

function rows() {
  return session.execute('return document.querySelectorAll(arguments[0]).length', [$('device-row')]);
}

test('the window lists both installations and revokes the other, which stops at its next contact', async () => {
  await session.find($('account-menu-button'), 30_000);
  // The window's first pass writes its entry.
  await session.waitFor(async () => (await devicesSeenBy(laptop)).length === 2, 'both installations on the server', 30_000);
  await click($('account-menu-button'));
  await click($('account-menu-manage'));
  await session.find($('settings'), 20_000);
  await click($('settings-nav-devices'));
  await session.waitFor(async () => (await rows()) === 2, 'two rows', 20_000);
  assert.match(await textOf('device-this-one'), /Cet ordinateur/);
  const hostname = (await fs.readFile('/proc/sys/kernel/hostname', 'utf8')).trim();
  assert.match(await textOf('devices-table'), new RegExp(hostname));

  await click($('device-revoke'));
  assert.match(await textOf('device-revoke-dialog'), /oubliera le mot de passe/);
  await click($('device-revoke-confirm'));
  await session.waitFor(async () => (await rows()) === 1, 'the other installation gone from the list', 15_000);
  assert.match(await textOf('devices-done'), /est révoqué/);

  const refused = await medimail(laptop, ['--json', 'sync']);
  assert.notEqual(refused.code, 0);
  assert.match(refused.err, /device_revoked/);
});

test('revoked from the other installation, the window opens Appareils and signs in again', async () => {
  await ok(laptop, ['account', 'reconnect', '--password-stdin'], `${physician.password}\n`);
  await ok(laptop, ['sync']);
  const windowEntry = (await devicesSeenBy(laptop)).find((d) => !d.this_one);
  assert.ok(windowEntry, 'the window is listed from the other installation');
  await ok(laptop, ['device', 'revoke', windowEntry.id]);

  // Mail arriving wakes the window's IDLE: its pass learns it was revoked.
  await click($('settings-close')).catch(() => {});
  await operator.append('physician', 'From: labo@chu.test\r\nTo: x@y\r\nSubject: Bilan\r\nMessage-ID: <revoke-1@test>\r\n\r\nBonjour\r\n');
  await session.find($('settings-devices-revoked'), 60_000);
  assert.match(await textOf('settings-devices-revoked'), /révoqué depuis un autre appareil/);

  const password = await session.find($('devices-reconnect-password'));
  await password.click();
  await password.type('pas le bon');
  await click($('devices-reconnect'));
  await session.waitFor(async () => (await textOf('devices-reconnect-error')) !== null, 'the refusal', 20_000);
  await (await session.find($('devices-reconnect-password'))).type(physician.password);
  await click($('devices-reconnect'));
  await session.waitFor(async () => /Vous êtes reconnecté/.test((await textOf('devices-done')) ?? ''), 'the confirmation', 20_000);
  // The account syncs again: the window shows as a new installation on the server.
  await session.waitFor(async () => (await devicesSeenBy(laptop)).filter((d) => !d.this_one && d.id !== windowEntry.id).length === 1, 'the window back, under a new id', 60_000);
});
