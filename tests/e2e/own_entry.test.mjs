// End-to-end: "Mon compte" reads and writes the user's own entry in the operator's directory
// (the local operator's slapd, StartTLS): Informations personnelles, visibility and
// Dématérialisation edited, "Enregistrer" confirms, the value is on the server and back after
// a reload; an entry the operator froze refuses the change and the window says why in French.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';

import { Session, startDriver } from './webdriver.mjs';
import { binary, medimailIn } from './cli.mjs';
import { Operator } from './operator.mjs';

const run = promisify(execFile);

let operator;
let physician;
let driver;
let session;
let profile;

/** Runs `medimail` with `input` on stdin; rejects when it fails. */
const medimail = (args, input) => medimailIn(profile, args, input);

/** The physician's entry as the server has it (anonymous read over StartTLS). */
async function onServer(attribute) {
  const { stdout } = await run(
    'ldapsearch',
    ['-x', '-ZZ', '-LLL', '-H', operator.env.ldap.url, '-b', operator.env.ldap.base_dn, `(mail=${physician.email})`, attribute],
    { env: { ...process.env, LDAPTLS_CACERT: operator.env.ca_file } },
  );
  const line = stdout.split('\n').find((l) => l.startsWith(`${attribute}:`));
  return line ? line.slice(attribute.length + 1).trim() : null;
}

/** The operator's administrator changes the entry (ldapmodify as rootdn). */
function asAdmin(ldif) {
  return new Promise((resolve, reject) => {
    const { url, bind_dn, bind_password } = operator.env.ldap;
    const child = spawn('ldapmodify', ['-x', '-ZZ', '-H', url, '-D', bind_dn, '-w', bind_password], {
      env: { ...process.env, LDAPTLS_CACERT: operator.env.ca_file },
    });
    let err = '';
    child.stderr.on('data', (d) => (err += d));
    child.on('exit', (code) => (code === 0 ? resolve() : reject(new Error(`ldapmodify: ${err}`))));
    child.stdin.end(ldif);
  });
}

before(async () => {
  operator = await Operator.start();
  physician = operator.account('physician');
  profile = await fs.mkdtemp(path.join(os.tmpdir(), 'medimail-e2e-own-'));
  await medimail(
    [
      'account', 'add', '--email', physician.email, '--imap', operator.imaps, '--smtp', operator.submissions,
      '--ca-file', operator.env.ca_file, '--password-stdin', '--directory-url', operator.env.ldap.url,
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
  // Lower cards of the settings page are below the fold.
  await session.execute('document.querySelector(arguments[0]).scrollIntoView({ block: "center" })', [selector]);
  await element.click();
}

/** The value of an input, read in the page (no element handle to go stale). */
function valueOf(testid) {
  return session.execute('return document.querySelector(arguments[0])?.value ?? null', [$(testid)]);
}

function textOf(testid) {
  return session.execute('return document.querySelector(arguments[0])?.innerText ?? null', [$(testid)]);
}

async function openPersonal() {
  await click($('account-menu-button'));
  await click($('account-menu-manage'));
  await session.find($('settings'), 20_000);
  await click($('settings-nav-personal'));
  await session.waitFor(async () => (await valueOf('own-phone')) === '05 61 00 12 34' || (await valueOf('own-phone'))?.startsWith('06'), 'the entry read from the directory', 20_000);
}

/** Replaces an input's text the way a person does: select all, type. */
async function retype(testid, text) {
  const input = await session.find($(testid));
  await input.click();
  await session.execute('document.querySelector(arguments[0]).select()', [$(testid)]);
  await input.type(text);
}

test('Informations personnelles: edited, Enregistrer confirms, on the server, back after a reload', async () => {
  await session.find($('account-menu-button'), 30_000);
  await openPersonal();
  assert.equal(await valueOf('own-surname'), 'DUPONT');
  assert.equal(await valueOf('own-region'), 'Occitanie');
  assert.match(await textOf('settings-activity-kind'), /Type de compte : Personnel/);
  await retype('own-mobile', '06 12 34 56 78');
  await click($('own-personal-save'));
  await session.waitFor(async () => /enregistrées dans l’annuaire/.test((await textOf('own-personal-save-status')) ?? ''), 'the confirmation', 15_000);
  assert.equal(await onServer('mobile'), '06 12 34 56 78');

  await session.execute('location.reload()');
  await session.find($('account-menu-button'), 30_000);
  await openPersonal();
  assert.equal(await valueOf('own-mobile'), '06 12 34 56 78');
});

test('Dématérialisation and visibility are saved to the entry', async () => {
  await click($('settings-nav-dematerialisation'));
  const option = await session.find($('dematerialisation-option'));
  await session.waitFor(async () => session.execute('return !document.querySelector(arguments[0]).matches(":disabled")', [$('dematerialisation-option')]), 'the choice read', 15_000);
  const before = await session.execute('return document.querySelector(arguments[0]).checked', [$('dematerialisation-option')]);
  await option.click();
  await click($('dematerialisation-save'));
  await session.waitFor(async () => /enregistrées/.test((await textOf('dematerialisation-save-status')) ?? ''), 'the confirmation', 15_000);
  assert.equal(await onServer('medimailDematerialisation'), before ? 'FALSE' : 'TRUE');

  // "Adresse Medimail visible dans l'annuaire" unticked: hidden, the server no longer gives
  // the entry to anyone else; ticked again, it is back.
  await click($('settings-nav-personal'));
  await session.waitFor(async () => session.execute('return !document.querySelector(arguments[0]).matches(":disabled")', [$('own-visible-medimail')]), 'the visibility read', 15_000);
  assert.equal(await session.execute('return document.querySelector(arguments[0]) !== null', [$('own-visible-mssante')]), true);
  await click($('own-visible-medimail'));
  await click($('own-visibility-save'));
  await session.waitFor(async () => /enregistrées/.test((await textOf('own-visibility-save-status')) ?? ''), 'the confirmation', 15_000);
  assert.equal(await onServer('mail'), null);
  // The section reads the entry back after a save: the box is ticked again only once it is
  // enabled and shows the saved (unticked) state, or the click would be lost.
  const box = (state) => session.execute(
    'const b = document.querySelector(arguments[0]); return !!b && !b.matches(":disabled") && b.checked === arguments[1]',
    [$('own-visible-medimail'), state],
  );
  await session.waitFor(() => box(false), 'the saved visibility shown', 15_000);
  await click($('own-visible-medimail'));
  await session.waitFor(() => box(true), 'the box ticked', 15_000);
  await click($('own-visibility-save'));
  await session.waitFor(async () => (await onServer('mail')) === physician.email, 'the entry visible again', 15_000);
});

test('a change the operator refuses is said in French, and nothing changes on the server', async () => {
  await asAdmin(`dn: mail=${physician.email},${operator.env.ldap.people_dn}\nchangetype: modify\nreplace: medimailLocked\nmedimailLocked: TRUE\n`);
  await click($('settings-nav-personal'));
  await session.waitFor(async () => (await valueOf('own-city')) === 'Toulouse', 'the entry read', 20_000);
  await retype('own-city', 'Balma');
  await click($('own-personal-save'));
  await session.waitFor(async () => /a refusé la modification/.test((await textOf('own-personal-save-error')) ?? ''), 'the French refusal', 15_000);
  assert.equal(await onServer('l'), 'Toulouse');
  const role = await session.execute('return document.querySelector(arguments[0]).getAttribute("role")', [$('own-personal-save-error')]);
  assert.equal(role, 'alert');
});
