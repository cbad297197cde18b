// End-to-end: "Réponse automatique" and "Transferts automatiques" driven from their
// settings sections against the local operator's Dovecot (ManageSieve, STARTTLS): the
// auto-reply turned on with a subject, a message and an end date, a forwarding address
// added; both read back from the server after the window reloads; the forward removed.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';

import { Session, startDriver } from './webdriver.mjs';
import { binary, medimailIn } from './cli.mjs';
import { Operator } from './operator.mjs';


let operator;
let physician;
let secretary;
let driver;
let session;
let profile;

const medimail = (args, input) => medimailIn(profile, args, input);

before(async () => {
  operator = await Operator.start();
  physician = operator.account('physician');
  secretary = operator.account('secretary');
  profile = await fs.mkdtemp(path.join(os.tmpdir(), 'medimail-e2e-sieve-'));
  await medimail(
    [
      'account', 'add', '--email', physician.email, '--imap', operator.imaps, '--smtp', operator.submissions,
      '--ca-file', operator.env.ca_file, '--password-stdin', '--sieve', `${operator.env.host}:${operator.env.ports.managesieve}`,
    ],
    `${physician.password}\n`,
  );
  driver = await startDriver();
  session = await Session.create(driver.url, binary, ['--profile', profile]);
});

after(async () => {
  await session?.delete().catch(() => {});
  await driver?.stop();
  await operator?.stop();
  if (profile) await fs.rm(profile, { recursive: true, force: true });
});

const $ = (testid) => `[data-testid="${testid}"]`;

async function click(selector) {
  const element = await session.find(selector);
  await session.execute('document.querySelector(arguments[0]).scrollIntoView({ block: "center" })', [selector]);
  await element.click();
}

function valueOf(testid) {
  return session.execute('return document.querySelector(arguments[0])?.value ?? null', [$(testid)]);
}

function textOf(testid) {
  return session.execute('return document.querySelector(arguments[0])?.innerText ?? null', [$(testid)]);
}

/** Sets an input's value as typing would (datetime-local fields take no keystrokes reliably). */
function setValue(testid, value) {
  return session.execute(
    'const e = document.querySelector(arguments[0]); e.value = arguments[1]; e.dispatchEvent(new Event("input", { bubbles: true }));',
    [$(testid), value],
  );
}

async function openSection(name, ready) {
  await click($('account-menu-button'));
  await click($('account-menu-manage'));
  await session.find($('settings'), 20_000);
  await click($(`settings-nav-${name}`));
  await session.find(ready, 20_000);
}

test('the auto-reply is saved on the server and read back after a reload', async () => {
  await session.find($('account-menu-button'), 30_000);
  await openSection('autoreply', $('autoreply-subject'));
  await click($('autoreply-enable'));
  const subject = await session.find($('autoreply-subject'));
  await subject.click();
  await subject.type('Absent du cabinet');
  await setValue('autoreply-end', '2030-01-02T18:00');
  const editor = `${$('autoreply-message')} [contenteditable="true"], ${$('autoreply-message')}[contenteditable="true"]`;
  await (await session.find(editor)).click();
  await (await session.find(editor)).type('Je suis absent jusqu’au 2 janvier.');
  await click($('autoreply-save'));
  await session.waitFor(async () => /enregistrée et activée/.test((await textOf('autoreply-status')) ?? ''), 'the confirmation', 20_000);

  await session.execute('location.reload()');
  await session.find($('account-menu-button'), 30_000);
  await openSection('autoreply', $('autoreply-subject'));
  assert.equal(await valueOf('autoreply-subject'), 'Absent du cabinet');
  assert.equal(await valueOf('autoreply-end'), '2030-01-02T18:00');
  assert.equal(await session.execute('return document.querySelector(arguments[0]).checked', [$('autoreply-enable')]), true);
  assert.match(await textOf('autoreply-message'), /absent jusqu’au 2 janvier/);
});

test('a forwarding address is added, read back after a reload, refused for oneself, and removed', async () => {
  await click($('settings-nav-forwarding'));
  await session.find($('forwarding-none'), 20_000);
  const field = await session.find($('forwarding-address'));
  await field.click();
  await field.type(secretary.email);
  await click($('forwarding-add'));
  await session.waitFor(async () => ((await textOf('forwarding-list')) ?? '').includes(secretary.email), 'the address listed', 20_000);

  await session.execute('location.reload()');
  await session.find($('account-menu-button'), 30_000);
  await openSection('forwarding', $('forwarding-list'));
  assert.match(await textOf('forwarding-list'), new RegExp(secretary.email.replace('.', '\\.')));

  // Oneself: refused, said in French, in an alert.
  const again = await session.find($('forwarding-address'));
  await again.click();
  await again.type(physician.email);
  await click($('forwarding-add'));
  await session.waitFor(async () => /propre adresse/.test((await textOf('forwarding-error')) ?? ''), 'the refusal', 20_000);
  assert.equal(await session.execute('return document.querySelector(arguments[0]).getAttribute("role")', [$('forwarding-error')]), 'alert');

  await click($('forwarding-remove'));
  await session.find($('forwarding-none'), 20_000);
});
