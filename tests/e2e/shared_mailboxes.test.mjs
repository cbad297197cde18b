// End-to-end: organisational mailboxes in the window. "Changer de compte" lists the box the
// local operator shares with the physician (Dovecot's shared namespace), "Ouvrir" opens it
// with the physician's own sign-in and switches to it, its INBOX shows the message waiting
// there, and "Toutes les boîtes de réception" lists both inboxes; its "Identifiants de
// connexion" show the connection address, and the members editor read-only with the reason
// (the physician may open the box, not administer it).
// Signed in as the box itself (its administrator), the editor adds two accounts at once
// and removes one, each change on the server (IMAP ACL).
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { Session, startDriver } from './webdriver.mjs';
import { binary, medimailIn } from './cli.mjs';
import { Operator } from './operator.mjs';


let operator;
let driver;
let session;
const profiles = [];

const medimail = medimailIn;

async function profileWith(key, extra = []) {
  const profile = await fs.mkdtemp(path.join(os.tmpdir(), 'medimail-e2e-shared-'));
  profiles.push(profile);
  const account = operator.account(key);
  await medimail(
    profile,
    ['account', 'add', '--email', account.email, '--imap', operator.imaps, '--smtp', operator.submissions, '--ca-file', operator.env.ca_file, '--password-stdin', ...extra],
    `${account.password}\n`,
  );
  return profile;
}

before(async () => {
  operator = await Operator.start();
  const orgbox = operator.account('orgbox');
  await operator.append('orgbox', `From: patient.ville@example.test\r\nTo: ${orgbox.email}\r\nSubject: Demande de rendez-vous\r\nMessage-ID: <rdv-1@example.test>\r\nDate: Mon, 7 Dec 2026 09:00:00 +0100\r\n\r\nBonjour,\r\n`);
  await operator.append('physician', `From: labo@example.test\r\nTo: ${operator.account('physician').email}\r\nSubject: Compte rendu de biologie\r\nMessage-ID: <cr-1@example.test>\r\nDate: Mon, 7 Dec 2026 08:00:00 +0100\r\n\r\nBonjour,\r\n`);
  driver = await startDriver();
});

after(async () => {
  await session?.delete().catch(() => {});
  await driver?.stop();
  await operator?.stop();
  for (const profile of profiles) await fs.rm(profile, { recursive: true, force: true });
});

const $ = (testid) => `[data-testid="${testid}"]`;

async function click(selector) {
  const element = await session.find(selector, 20_000);
  await session.execute('document.querySelector(arguments[0]).scrollIntoView({ block: "center" })', [selector]);
  await element.click();
}

function textOf(selector) {
  return session.execute('return document.querySelector(arguments[0])?.innerText ?? null', [selector]);
}

function valueOf(selector) {
  return session.execute('return document.querySelector(arguments[0])?.value ?? null', [selector]);
}

test('"Changer de compte" opens the organisational mailbox with the physician’s sign-in and switches to it', async () => {
  const orgbox = operator.account('orgbox');
  const profile = await profileWith('physician');
  session = await Session.create(driver.url, binary, ['--profile', profile]);
  await session.find($('account-menu-button'), 30_000);
  await click($('account-menu-button'));
  await click($('account-menu-switch'));
  await session.find($('account-switch-dialog'));
  await click(`[aria-label="Ouvrir la boîte organisationnelle ${orgbox.email}"]`);
  await session.waitFor(async () => /Demande de rendez-vous/.test((await textOf($('message-list'))) ?? ''), 'the box’s INBOX', 30_000);

  // Two accounts now: "Toutes les boîtes de réception" lists both inboxes.
  await click($('folder-unified'));
  await session.waitFor(async () => {
    const text = (await textOf($('message-list'))) ?? '';
    return /Demande de rendez-vous/.test(text) && /Compte rendu de biologie/.test(text);
  }, 'both inboxes in one list', 30_000);

  // Its "Identifiants de connexion": the connection address, the editor read-only with the reason.
  await click($('account-menu-button'));
  await click($('account-menu-manage'));
  await click($('settings-nav-credentials'));
  await session.waitFor(async () => (await valueOf($('settings-shared-connection'))) === orgbox.email, 'the connection address', 20_000);
  assert.match(await textOf($('settings-shared-readonly')), /Seul un administrateur de la boîte organisationnelle/);
  await session.delete();
  session = null;
});

test('the box’s administrator adds two accounts at once and removes one (IMAP ACL)', async () => {
  const intern = operator.account('intern');
  const secretary = operator.account('secretary');
  // The box signed in as itself (its own password): the owner holds the administer right.
  const profile = await profileWith('orgbox', ['--kind', 'organisationnel']);
  session = await Session.create(driver.url, binary, ['--profile', profile]);
  await session.find($('account-menu-button'), 30_000);
  await click($('account-menu-button'));
  await click($('account-menu-manage'));
  await click($('settings-nav-credentials'));
  await session.find($('settings-shared-add-field'), 20_000);
  const members = () => session.execute(
    'return [...document.querySelectorAll(arguments[0])].map((r) => r.querySelector("th").innerText.trim())',
    [$('settings-shared-member')],
  );
  await session.waitFor(async () => (await members()).includes(secretary.email), 'the members read', 20_000);
  const field = await session.find($('settings-shared-add-field'));
  await field.click();
  await field.type(`${intern.email}, patient.test@example.test`);
  await click($('settings-shared-add'));
  await session.waitFor(async () => (await members()).includes(intern.email), 'the accounts added', 20_000);
  assert.ok((await members()).includes('patient.test@example.test'));
  await click(`[aria-label="Supprimer l’accès de patient.test@example.test"]`);
  await session.waitFor(async () => !(await members()).includes('patient.test@example.test'), 'the account removed', 20_000);
  assert.match(await textOf($('settings-shared-status')), /Accès retiré/);
  // On the server: the box's ACL, as the CLI reads it.
  const access = JSON.parse(await medimail(profile, ['--json', 'shared', 'list', operator.account('orgbox').email]));
  const ids = access.members.map((m) => m.identifier);
  assert.ok(ids.includes(intern.email) && !ids.includes('patient.test@example.test'), ids.join(', '));
});
