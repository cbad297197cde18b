// End-to-end: the third way in, e-CPS through Pro Santé Connect, in the real window against a
// private operator started with its PSC-like provider (dev/psc, oidc-provider). The window is
// pointed at that provider (MEDIMAIL_PSC_ISSUER, MEDIMAIL_PSC_CLIENT_ID) and trusts the
// operator's test CA as if it were in the system's store (SSL_CERT_FILE); the e-CPS app is
// played by dev/psc/approve. The practitioner types their identifier only: the mailbox comes
// from PSC, its servers from the operator's DNS.
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
const approve = path.join(root, 'dev/psc/approve');
const SUBJECT = 'Résultats IRM genou droit';

let operator;
let driver;
let session;
let profile;
const saved = {};

before(async () => {
  operator = await Operator.start(['psc']);
  await operator.seedDemo();
  const env = {
    MEDIMAIL_DNS_SERVER: `${operator.env.dns.host}:${operator.env.dns.port}`,
    MEDIMAIL_PSC_ISSUER: operator.env.psc.issuer,
    MEDIMAIL_PSC_CLIENT_ID: operator.env.psc.client_id,
    SSL_CERT_FILE: operator.env.ca_file,
  };
  for (const [key, value] of Object.entries(env)) {
    saved[key] = process.env[key];
    process.env[key] = value;
  }
  driver = await startDriver();
  profile = await fs.mkdtemp(path.join(os.tmpdir(), 'medimail-e2e-ecps-'));
  session = await Session.create(driver.url, binary, ['--profile', profile]);
});

after(async () => {
  await session?.delete().catch(() => {});
  await driver?.stop();
  await operator?.stop();
  for (const [key, value] of Object.entries(saved)) {
    if (value === undefined) delete process.env[key];
    else process.env[key] = value;
  }
  if (profile) await fs.rm(profile, { recursive: true, force: true });
});

const $ = (testid) => `[data-testid="${testid}"]`;

test('e-CPS: the identifier, the code checked in the app, then the INBOX of the mailbox PSC names', async () => {
  const practitioner = operator.env.psc.practitioners.find((p) => p.key === 'physician');
  await session.find($('sign-in'));
  await (await session.find($('signin-method-ecps'))).click();
  const identifier = await session.find($('ecps-identifier'));
  await identifier.click();
  await identifier.type(practitioner.subject_name_id);
  await (await session.find($('ecps-submit'))).click();
  const shown = await (await session.find($('ecps-code'), 20_000)).text();
  assert.ok(shown.trim().length > 0, 'a code to check in the app');

  // The e-CPS app: the request it shows carries the same code, and the practitioner approves.
  const { stdout } = await run(approve, ['--dir', operator.dir, practitioner.subject_name_id]);
  const { decided } = JSON.parse(stdout);
  assert.equal(decided.length, 1, 'one request waited in the app');
  assert.equal(decided[0].binding_message, shown.trim(), 'the app shows the code the window shows');

  await session.find($('folder-inbox'), 60_000);
  await session.waitFor(
    () => session.execute('return document.body.innerText.includes(arguments[0])', [SUBJECT]),
    `the row "${SUBJECT}"`,
    120_000,
  );
  assert.equal(await session.execute('return document.querySelector(arguments[0]) !== null', [$('sign-in')]), false);
});
