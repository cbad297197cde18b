// End-to-end: signing in, out and in again, in the real window against a private operator.
// The servers come from the operator's own DNS server (MEDIMAIL_DNS_SERVER, inherited by the
// window through tauri-driver and WebKitWebDriver): the address and password are enough.
// With the virtual CPS card test bed (dev/card, root only), a card account too, and the lock
// when the card is pulled out. The tests run in order; each starts where the previous one left.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { Session, startDriver } from './webdriver.mjs';
import { Operator } from './operator.mjs';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const binary = path.resolve(process.env.MEDIMAIL_BIN ?? path.join(root, 'target/debug/medimail'));
const cardBin = path.join(root, 'dev/card/card');
const SYNC_TIMEOUT = 120_000;
const SUBJECT = 'Résultats IRM genou droit';
const screenshots = path.join(root, 'docs/screenshots');

let operator;
let physician;
let driver;
let session;
const profiles = [];
/** The virtual card test bed, when it could start (it needs root and vpcd). */
let card = null;
let cardWhyNot = '';

before(async () => {
  operator = await Operator.start();
  physician = operator.account('physician');
  await operator.seedDemo();
  // The window inherits the driver's environment: the operator's DNS, the card's pcscd.
  process.env.MEDIMAIL_DNS_SERVER = `${operator.env.dns.host}:${operator.env.dns.port}`;
  try {
    const dir = await fs.mkdtemp('/tmp/mm-e2e-card.');
    const { stdout } = await run(cardBin, ['start', '--dir', dir, '--operator-dir', operator.dir]);
    card = { dir, env: JSON.parse(stdout) };
    process.env.PCSCLITE_CSOCK_NAME = card.env.PCSCLITE_CSOCK_NAME;
  } catch (err) {
    cardWhyNot = `the virtual card test bed did not start: ${err.message.split('\n')[0]}`;
  }
  driver = await startDriver();
});

after(async () => {
  await session?.delete().catch(() => {});
  await driver?.stop();
  if (card) await run(cardBin, ['stop', '--dir', card.dir]).catch(() => {});
  if (card) await fs.rm(card.dir, { recursive: true, force: true }).catch(() => {});
  await operator?.stop();
  for (const profile of profiles) await fs.rm(profile, { recursive: true, force: true });
});

async function openWindow() {
  await session?.delete().catch(() => {});
  const profile = await fs.mkdtemp(path.join(os.tmpdir(), 'medimail-e2e-signin-'));
  profiles.push(profile);
  session = await Session.create(driver.url, binary, ['--profile', profile]);
}

const $ = (testid) => `[data-testid="${testid}"]`;

async function shot(name) {
  await fs.mkdir(screenshots, { recursive: true });
  await fs.writeFile(path.join(screenshots, `${name}.png`), await session.screenshot());
}

async function click(selector) {
  await (await session.find(selector)).click();
}

async function typeInto(selector, text) {
  const element = await session.find(selector);
  await element.click();
  await element.type(text);
}

const waitOrShoot = (fn, what, timeout) => session.waitOrShoot(fn, what, timeout);

/** Whether an element is in the page now (one script: no element handle to go stale). */
function present(testid) {
  return session.execute('return document.querySelector(arguments[0]) !== null', [$(testid)]);
}

/** The page's visible text. */
function pageText() {
  return session.execute('return document.body.innerText');
}

/** Whether a message row shows `text` (the list scrolled from the top down to it). */
function rowShown(text) {
  return session.execute(
    `const text = arguments[0];
     const find = () => Array.from(document.querySelectorAll('[data-testid="message-row"]')).find((r) => r.innerText.includes(text));
     const first = document.querySelector('[data-testid="message-row"]');
     let scroller = first?.parentElement;
     while (scroller && !['auto', 'scroll'].includes(getComputedStyle(scroller).overflowY)) scroller = scroller.parentElement;
     let row = find();
     while (!row && scroller && scroller.scrollTop + scroller.clientHeight < scroller.scrollHeight) {
       scroller.scrollTop += scroller.clientHeight;
       scroller.dispatchEvent(new Event('scroll'));
       row = find();
     }
     return Boolean(row);`,
    [text],
  );
}

async function seeInbox() {
  await session.find($('folder-inbox'), 30_000);
  await waitOrShoot(() => rowShown(SUBJECT), `the row "${SUBJECT}"`, SYNC_TIMEOUT);
}

test('a newcomer adds an account with the address and password alone: the servers come from the DNS', async () => {
  await openWindow();
  await session.find($('sign-in'));
  assert.match(await pageText(), /Carte CPS \/ CPE/);
  assert.match(await pageText(), /e-CPS/);
  await typeInto($('setup-email'), physician.email);
  await typeInto($('setup-password'), physician.password);
  const lookup = await session.find($('setup-lookup'));
  await waitOrShoot(async () => /Serveurs annoncés/.test(await lookup.text()), 'the servers found in the DNS', 10_000);
  // The test operator's CA (a real operator's is in the system's store).
  await typeInto($('setup-ca'), operator.env.ca_file);
  await click($('setup-submit'));
  await seeInbox();
});

test('"Se déconnecter" shows the sign-in screen and no mail at all', async () => {
  await click($('account-menu-button'));
  await click($('account-menu-logout'));
  await session.find($('sign-in'), 10_000);
  assert.match(await pageText(), /Vous êtes déconnecté/);
  assert.equal(await present('message-row'), false);
  assert.equal(await present('folder-inbox'), false);
  assert.equal(await present('reading-pane'), false);
  assert.doesNotMatch(await pageText(), new RegExp(SUBJECT));
  await shot('signed-out');
});

test('signing in again with the password shows the mail again', async () => {
  await typeInto($('signin-password'), 'pas-le-bon-mot-de-passe');
  await click($('signin-submit'));
  const error = await session.find($('signin-error'));
  assert.match(await error.text(), /identifiants|mot de passe/i);
  assert.equal(await present('folder-inbox'), false);
  await typeInto($('signin-password'), physician.password);
  await click($('signin-submit'));
  await seeInbox();
  assert.equal(await present('sign-in'), false);
});

test('"Verrouiller" hides the mail and only the password opens it again; the message being written stays', async () => {
  await click($('new-message-pro'));
  await typeInto($('compose-subject'), 'Lettre en cours');
  await click($('account-menu-button'));
  await click($('account-menu-lock'));
  await waitOrShoot(() => present('card-lock'), 'the lock dialog', 5_000);
  assert.match(await (await session.find($('card-lock'))).text(), /Session verrouillée/);
  assert.match(await (await session.find($('card-lock'))).text(), new RegExp(physician.email));
  assert.equal(await session.execute(`return getComputedStyle(document.querySelector('[data-testid="app"]')).visibility`), 'hidden');
  assert.equal(await session.execute(`return document.querySelector('[data-testid="app"]').inert`), true);
  await shot('session-lock');

  await typeInto(`${$('card-lock')} ${$('signin-password')}`, 'pas-le-bon-mot-de-passe');
  await click(`${$('card-lock')} ${$('signin-submit')}`);
  const error = await session.find(`${$('card-lock')} ${$('signin-error')}`);
  assert.match(await error.text(), /identifiants|mot de passe/i);
  assert.equal(await present('card-lock'), true, 'a wrong password leaves it locked');

  await typeInto(`${$('card-lock')} ${$('signin-password')}`, physician.password);
  await click(`${$('card-lock')} ${$('signin-submit')}`);
  await waitOrShoot(async () => !(await present('card-lock')), 'the lock to go', 10_000);
  const subject = await session.find($('compose-subject'));
  assert.equal(await subject.displayed(), true);
  assert.equal(await session.execute('return arguments[0].value', [subject.ref()]), 'Lettre en cours');
});

test('after the delay chosen in "Gérer mon compte" without use, the window locks by itself', async () => {
  await click($('compose-close'));
  await session.find($('folder-inbox'), 10_000);
  await click($('account-menu-button'));
  await click($('account-menu-manage'));
  await click($('settings-nav-devices'));
  const delay = await session.find($('settings-lock-after'));
  assert.equal(await session.execute('return arguments[0].value', [delay.ref()]), '10', 'ten minutes unless chosen otherwise');
  await session.execute(
    `const select = document.querySelector(arguments[0]); select.value = '1'; select.dispatchEvent(new Event('change', { bubbles: true }));`,
    [$('settings-lock-after')],
  );
  await waitOrShoot(async () => /Délai de verrouillage enregistré/.test(await pageText()), 'the delay saved', 5_000);
  // A minute without a key or a click (checked every 5 s).
  const since = Date.now();
  await waitOrShoot(() => present('card-lock'), 'the window to lock by itself', 90_000);
  assert.ok(Date.now() - since >= 50_000, `locked after ${Date.now() - since} ms`);
  await typeInto(`${$('card-lock')} ${$('signin-password')}`, physician.password);
  await click(`${$('card-lock')} ${$('signin-submit')}`);
  await waitOrShoot(async () => !(await present('card-lock')), 'the lock to go', 10_000);
  await session.execute(
    `const select = document.querySelector(arguments[0]); select.value = 'never'; select.dispatchEvent(new Event('change', { bubbles: true }));`,
    [$('settings-lock-after')],
  );
});

test('a card account from the welcome screen: the address and the PIN, then the INBOX', async (t) => {
  if (!card) return t.skip(cardWhyNot);
  await openWindow();
  await click($('signin-method-card'));
  await typeInto($('card-email'), physician.email);
  await click(`${$('card-panel')} summary`);
  await typeInto($('card-ca'), operator.env.ca_file);
  const status = await session.find($('card-status'));
  await waitOrShoot(async () => /Carte de Dr Jean DUPONT/.test(await status.text()), 'the card holder', 10_000);
  await click($('card-authenticate'));
  await typeInto($('card-pin'), card.env.pin);
  await shot('sign-in-card');
  await click($('card-submit'));
  await seeInbox();
});

test('the card pulled out locks the window within 2 s; put back with its PIN, the mail and the message being written are back', async (t) => {
  if (!card) return t.skip(cardWhyNot);
  await click($('new-message-pro'));
  await typeInto($('compose-subject'), 'Compte rendu à relire');

  await run(cardBin, ['remove', '--dir', card.dir]);
  const pulled = Date.now();
  await waitOrShoot(() => present('card-lock'), 'the lock dialog', 2_000);
  assert.ok(Date.now() - pulled <= 2_000, `locked after ${Date.now() - pulled} ms`);
  assert.match(await (await session.find($('card-lock'))).text(), /Carte CPS retirée/);
  await shot('card-lock');
  // The mail is hidden and out of reach under the dialog, the compose form still there.
  assert.equal(await session.execute(`return getComputedStyle(document.querySelector('[data-testid="app"]')).visibility`), 'hidden');
  assert.equal(await session.execute(`return document.querySelector('[data-testid="app"]').inert`), true);
  assert.equal(await session.execute(`return document.querySelector('[data-testid="compose-subject"]').value`), 'Compte rendu à relire');

  await run(cardBin, ['insert', '--dir', card.dir]);
  const pin = await session.find($('card-pin'), 10_000);
  await pin.click();
  await pin.type(card.env.pin);
  await click($('card-submit'));
  await waitOrShoot(async () => !(await present('card-lock')), 'the lock to go', 15_000);
  const subject = await session.find($('compose-subject'));
  assert.equal(await subject.displayed(), true);
  assert.equal(await session.execute('return arguments[0].value', [subject.ref()]), 'Compte rendu à relire');
  // The focus is back where it was when the card was pulled out.
  await waitOrShoot(
    async () => (await session.execute('return document.activeElement?.dataset?.testid ?? null')) === 'compose-subject',
    'the focus back in the subject',
    5_000,
  );
});
