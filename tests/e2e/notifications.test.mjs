// End-to-end: desktop notifications with a real notification daemon (dunst, dev/notify, on
// this run's private D-Bus session, the window's). The "Notifications" section of "Gérer mon
// compte" is driven with the keyboard and the mouse and what it saves is what the command
// line reads; a message delivered by LMTP while the window's IDLE runs reaches the daemon
// with its sender and without its subject; a click on it (dunst's own action) brings the
// window on that message.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { Session, startDriver, Keys } from './webdriver.mjs';
import { binary, medimailIn } from './cli.mjs';
import { Operator } from './operator.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

let operator;
let physician;
let secretary;
let driver;
let session;
let profile;
let daemon;
let record;

const medimail = (args, input) => medimailIn(profile, args, input);

function run(command, args) {
  return new Promise((resolve, reject) => {
    const child = spawn(command, args, { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('exit', (code) => (code === 0 ? resolve(out) : reject(new Error(`${command} ${args.join(' ')}: ${code}`))));
  });
}

/** What the daemon showed, in order (one JSON line each, dev/notify/record.py). */
function shown() {
  if (!existsSync(record)) return [];
  return readFileSync(record, 'utf8').split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

async function settingsOnServer() {
  return JSON.parse(await medimail(['--json', 'notify', 'settings']));
}

before(async () => {
  operator = await Operator.start();
  physician = operator.account('physician');
  secretary = operator.account('secretary');
  profile = await fs.mkdtemp(path.join(os.tmpdir(), 'medimail-e2e-notify-'));
  record = path.join(profile, '..', `${path.basename(profile)}-shown.jsonl`);
  daemon = spawn(path.join(root, 'dev/notify/daemon.sh'), [record], { stdio: 'ignore' });
  // The daemon owns the session's notification name before the window starts.
  const deadline = Date.now() + 20_000;
  for (;;) {
    const owner = await run('gdbus', [
      'call', '--session', '--dest', 'org.freedesktop.DBus', '--object-path', '/org/freedesktop/DBus',
      '--method', 'org.freedesktop.DBus.NameHasOwner', 'org.freedesktop.Notifications',
    ]).catch(() => '');
    if (owner.includes('true') && existsSync(record)) break;
    if (Date.now() > deadline) throw new Error('the notification daemon did not start');
    await new Promise((r) => setTimeout(r, 100));
  }
  await medimail(
    ['account', 'add', '--email', physician.email, '--imap', operator.imaps, '--smtp', operator.submissions,
      '--ca-file', operator.env.ca_file, '--password-stdin'],
    `${physician.password}\n`,
  );
  driver = await startDriver();
  session = await Session.create(driver.url, binary, ['--profile', profile]);
});

after(async () => {
  await session?.delete().catch(() => {});
  await driver?.stop();
  // With its window closed the app lives on in the tray, out of the driver's reach: ended
  // here, or it would keep the test runner's output open (and the run) for ever.
  if (profile) await run('pkill', ['-f', `medimail-window --profile ${profile}`]).catch(() => {});
  daemon?.kill('SIGTERM');
  await operator?.stop();
  if (profile) await fs.rm(profile, { recursive: true, force: true });
  if (record) await fs.rm(record, { force: true });
});

const $ = (testid) => `[data-testid="${testid}"]`;

async function click(selector) {
  const element = await session.find(selector);
  await session.execute('document.querySelector(arguments[0]).scrollIntoView({ block: "center" })', [selector]);
  await element.click();
}

function checked(selector) {
  return session.execute('return document.querySelector(arguments[0])?.checked ?? null', [selector]);
}

function enabled(selector) {
  return session.execute('const e = document.querySelector(arguments[0]); return !!e && !e.matches(":disabled")', [selector]);
}

/** Waits until the engine's store holds what the form saved (read by the command line). */
async function stored(check, what) {
  await session.waitFor(async () => check(await settingsOnServer()), what, 15_000);
}

test('the Notifications section: no "later" notice, each change saved where the engine reads it', async () => {
  await session.find($('account-menu-button'), 30_000);
  await click($('account-menu-button'));
  await click($('account-menu-manage'));
  await session.find($('settings'), 20_000);
  await click($('settings-nav-notifications'));
  await session.waitFor(() => enabled($('notify-content-sender')), 'the settings read', 15_000);
  assert.equal(await session.execute('return document.querySelector("[data-testid=settings-later]")'), null);
  assert.equal(await checked($('notify-content-sender')), true, 'sender only by default');
  assert.equal(await checked($(`notify-account-${physician.email}`)), true);

  // The keyboard: from "sender only", the arrow key chooses "sender and subject".
  const sender = await session.find($('notify-content-sender'));
  await sender.click();
  await session.keys(Keys.ArrowDown);
  await stored((s) => s.show_subject === true, 'the subject chosen');
  assert.equal(await checked($('notify-content-subject')), true);
  await session.waitFor(
    async () => /Réglage enregistré/.test((await session.execute('return document.querySelector(arguments[0]).textContent', [$('notifications-status')])) ?? ''),
    'the confirmation read to screen readers',
  );

  await session.waitFor(() => enabled($('notify-dnd')), 'the form free again');
  await click($('notify-dnd'));
  await stored((s) => s.do_not_disturb === true, 'ne pas déranger on');
  await session.waitFor(() => enabled($('notify-dnd')), 'the form free again');
  await click($('notify-dnd'));
  await stored((s) => s.do_not_disturb === false, 'ne pas déranger off');

  await session.waitFor(() => enabled($('notify-digest')), 'the form free again');
  await click($('notify-digest'));
  await stored((s) => s.digest_time === '08:00', 'the daily digest at 08:00');
  await session.waitFor(() => enabled($('notify-digest-time')), 'the time field enabled');

  await session.waitFor(() => enabled($('notify-autostart')), 'start at login read', 10_000);
  await click($('notify-autostart'));
  const entry = path.join(process.env.HOME, '.config/autostart/Medimail Desktop.desktop');
  await session.waitFor(async () => existsSync(entry), `${entry} written`);
  // In the tray, and on this profile (the one the window was opened with), not the default one.
  const exec = readFileSync(entry, 'utf8').split('\n').find((l) => l.startsWith('Exec=')) ?? '';
  assert.match(exec, /--background/);
  assert.ok(exec.includes(`--profile ${profile}`), exec);
  await session.waitFor(() => enabled($('notify-autostart')), 'the box free again');
  await click($('notify-autostart'));
  await session.waitFor(async () => !existsSync(entry), 'the entry removed again');

  // Back to the default for the next test: the sender only.
  await session.waitFor(() => enabled($('notify-content-sender')), 'the form free again');
  await click($('notify-content-sender'));
  await stored((s) => s.show_subject === false, 'the sender only again');
});

test('new mail reaches the daemon with its sender only; a click on it opens the message', async () => {
  const before = shown().length;
  const subject = `Bilan biologique de Mme Martin ${process.pid}`;
  const raw =
    `From: Claire Secrétaire <${secretary.email}>\r\nTo: <${physician.email}>\r\nSubject: ${subject}\r\n` +
    `Message-ID: <e2e-notify-${process.pid}@tests.local>\r\nDate: Mon, 7 Dec 2026 09:00:00 +0100\r\n` +
    'Content-Type: text/plain; charset=utf-8\r\n\r\nBonjour Docteur.\r\n';
  await operator.deliver(secretary.email, physician.email, raw);
  await session.waitFor(async () => shown().length > before, 'the notification on the desktop', 30_000);
  const [notice] = shown().slice(before);
  assert.equal(notice.summary, 'Nouveau message sécurisé');
  assert.match(notice.body, new RegExp(secretary.email.replace(/[.]/g, '\\.')));
  assert.ok(!notice.body.includes('Martin') && !notice.summary.includes('Martin'), 'never the subject by default');

  // The window still shows the settings: the click must bring the message itself.
  assert.equal(await session.execute('return document.querySelector(arguments[0]) !== null', [$('settings')]), true);
  await run('dunstctl', ['action', '0']);
  await session.waitFor(
    async () => (await session.execute('return document.querySelector(arguments[0])?.textContent ?? null', [$('reader-subject')])) === subject,
    'the message opened in the reader',
    20_000,
  );
  const selected = await session.execute(
    'return [...document.querySelectorAll(arguments[0])].filter((r) => r.getAttribute("aria-selected") === "true").map((r) => r.textContent)',
    [$('message-row')],
  );
  assert.equal(selected.length, 1);
  assert.match(selected[0], /Bilan biologique/);
});

/** The message delivered while the window is closed, opened by a click on its notice. */
const closedSubject = `Courrier de sortie ${process.pid}`;

/** The app's top-level X windows titled "Medimail Desktop" (xdotool, on the test's Xvfb). */
async function appWindows() {
  const out = await run('xdotool', ['search', '--onlyvisible', '--name', '^Medimail Desktop$']).catch(() => '');
  return out.split('\n').filter(Boolean).length;
}

test('with its window closed the app keeps running in the tray, syncing and notifying', async () => {
  assert.ok((await appWindows()) >= 1, 'the window is there first');
  // The window's close, as its title bar's button: the page's close hooks run, the window
  // goes. (Not WebDriver's close: the driver ends the browser with its last window.)
  await session
    .execute('window.__TAURI_INTERNALS__.invoke("plugin:window|close", { label: "main" }); return true')
    .catch(() => {});
  await session.waitFor(async () => (await appWindows()) === 0, 'the window closed', 15_000);
  assert.ok((await run('pgrep', ['-f', 'medimail-window'])).trim(), 'the app still runs, in the tray');

  // Only the next notice on screen: `dunstctl action 0` clicks the first one shown.
  await run('dunstctl', ['close-all']);
  const before = shown().length;
  const raw =
    `From: Claire Secrétaire <${secretary.email}>\r\nTo: <${physician.email}>\r\nSubject: ${closedSubject}\r\n` +
    `Message-ID: <e2e-notify-closed-${process.pid}@tests.local>\r\nDate: Mon, 7 Dec 2026 10:00:00 +0100\r\n` +
    'Content-Type: text/plain; charset=utf-8\r\n\r\nBonjour Docteur.\r\n';
  await operator.deliver(secretary.email, physician.email, raw);
  // Still running behind the tray: the message is synced and notified without a window.
  await session.waitFor(async () => shown().length > before, 'the notification with the window closed', 30_000);
  assert.ok(!shown().slice(before).some((n) => n.body.includes('Courrier')), 'never the subject');
});

test('a click on a notification makes the closed window again, on that message', async () => {
  await run('dunstctl', ['action', '0']);
  await session.waitFor(async () => (await appWindows()) >= 1, 'the window made again', 15_000);
  // The driver follows the app's new window: the page asked for the pending message.
  const [handle] = await session.waitFor(async () => {
    const all = await session.cmd('GET', '/window/handles').catch(() => []);
    return all.length > 0 ? all : null;
  }, 'the new window under the driver', 15_000);
  await session.cmd('POST', '/window', { handle });
  await session.waitFor(
    async () => (await session.execute('return document.querySelector(arguments[0])?.textContent ?? null', [$('reader-subject')])) === closedSubject,
    'the message opened in the window made again',
    20_000,
  );
});
