// End-to-end: the window on a faulty line (issue 16). A relay between the window and the
// operator's IMAP server cuts every connection at a random point while mail keeps arriving:
// the status bar says "Hors ligne" and the archive stays readable meanwhile; once the line is
// sound again the window is back "En ligne" by itself and shows the mail that came, each
// message once, as the server has it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

import { Session, startDriver } from './webdriver.mjs';
import { binary, medimailIn } from './cli.mjs';
import { Operator } from './operator.mjs';

/**
 * A TCP relay that passes everything, or, once faulty, cuts every connection (the ones open
 * and each new one) after a random number of bytes from the server: in the TLS handshake,
 * the login, a FETCH, or IDLE.
 */
class FaultyLine {
  constructor(target) {
    this.target = target;
    this.faulty = false;
    this.cuts = 0;
    this.open = new Set();
    this.server = net.createServer((client) => this.relay(client));
  }

  listen() {
    return new Promise((resolve) => this.server.listen(0, '127.0.0.1', () => resolve(this.server.address().port)));
  }

  relay(client) {
    const upstream = net.connect(this.target.port, this.target.host);
    const pair = { client, upstream, limit: this.faulty ? Math.floor(Math.random() * 6000) : Infinity, down: 0 };
    this.open.add(pair);
    const close = () => {
      this.open.delete(pair);
      client.destroy();
      upstream.destroy();
    };
    client.on('data', (bytes) => upstream.write(bytes));
    upstream.on('data', (bytes) => {
      const allowed = Math.max(0, Math.min(bytes.length, pair.limit - pair.down));
      if (allowed > 0) client.write(bytes.subarray(0, allowed));
      pair.down += allowed;
      if (allowed < bytes.length || pair.down >= pair.limit) this.cut(pair);
    });
    for (const socket of [client, upstream]) {
      socket.on('error', close);
      socket.on('close', close);
    }
  }

  cut(pair) {
    this.cuts += 1;
    pair.client.destroy();
    pair.upstream.destroy();
    this.open.delete(pair);
  }

  fail() {
    this.faulty = true;
    for (const pair of [...this.open]) this.cut(pair);
  }

  heal() {
    this.faulty = false;
  }

  close() {
    for (const pair of [...this.open]) this.cut(pair);
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

let operator;
let physician;
let line;
let driver;
let session;
let profile;

before(async () => {
  operator = await Operator.start();
  physician = operator.account('physician');
  await operator.seedDemo();
  line = new FaultyLine({ host: operator.env.host, port: operator.env.ports.imaps });
  const port = await line.listen();
  profile = await fs.mkdtemp(path.join(os.tmpdir(), 'medimail-e2e-faults-'));
  await medimailIn(
    profile,
    ['account', 'add', '--email', physician.email, '--imap', `127.0.0.1:${port}`, '--smtp', operator.submissions,
     '--tls', 'implicit', '--ca-file', operator.env.ca_file, '--login', physician.login, '--password-stdin'],
    `${physician.password}\n`,
  );
  await medimailIn(profile, ['sync']);
  driver = await startDriver();
  session = await Session.create(driver.url, binary, ['--profile', profile]);
});

after(async () => {
  await session?.delete().catch(() => {});
  await driver?.stop();
  await line?.close();
  await operator?.stop();
  if (profile) await fs.rm(profile, { recursive: true, force: true });
});

const $ = (testid) => `[data-testid="${testid}"]`;

function statusText() {
  return session.execute('return document.querySelector(arguments[0])?.innerText.trim() ?? ""', [$('connection-status')]);
}

function rowSubjects() {
  return session.execute(
    `return Array.from(document.querySelectorAll('[data-testid="message-row"]')).map((r) => r.innerText)`,
  );
}

function message(subject, id) {
  return `From: secretariat@medimail.test\r\nTo: ${physician.email}\r\nSubject: ${subject}\r\n` +
    `Message-ID: <${id}@faults.test>\r\nDate: Mon, 7 Dec 2026 10:00:00 +0100\r\n\r\nBonjour.\r\n`;
}

test('a line cut over and over: "Hors ligne", the archive readable, then back by itself with the new mail', async () => {
  await session.find($('folder-inbox'), 30_000);
  await session.waitOrShoot(async () => /En ligne/.test(await statusText()), '"En ligne" on a sound line', 60_000);
  const before = (await rowSubjects()).length;
  assert.ok(before > 0, 'the inbox shows the synced mail');

  line.fail();
  await operator.deliver('secretariat@medimail.test', physician.email, message('Arrivé pendant la panne', 'during-fault'));
  await session.waitOrShoot(async () => /Hors ligne/.test(await statusText()), '"Hors ligne" once the line fails', 30_000);
  // The watch tries again (after its pause) and is cut again: it stays "Hors ligne", and
  // what was synced stays on screen and readable.
  const cutsSoFar = line.cuts;
  await session.waitFor(async () => line.cuts > cutsSoFar, 'another attempt, cut too', 60_000);
  assert.match(await statusText(), /Hors ligne/);
  assert.equal((await rowSubjects()).length, before, 'the archive is shown as it was');
  await (await session.find($('message-row'))).click();
  await session.find($('reader-subject'), 20_000);

  line.heal();
  await operator.deliver('secretariat@medimail.test', physician.email, message('Arrivé après la panne', 'after-fault'));
  await session.waitOrShoot(async () => /En ligne/.test(await statusText()), '"En ligne" once the line is sound', 90_000);
  await session.waitOrShoot(
    async () => {
      const subjects = await rowSubjects();
      return subjects.some((s) => s.includes('Arrivé pendant la panne')) && subjects.some((s) => s.includes('Arrivé après la panne'));
    },
    'the mail that came during and after the fault',
    90_000,
  );
});

test('each message once, as the server has it', async () => {
  await session.delete();
  session = undefined;
  const listed = JSON.parse(await medimailIn(profile, ['--json', 'list', '--folder', 'INBOX', '--limit', '100000']));
  const onServer = await operator.subjects('physician', 'INBOX');
  assert.equal(listed.length, onServer.length, 'the archive holds what the server holds');
  const ids = listed.map((m) => m.message_id);
  assert.equal(new Set(ids).size, ids.length, 'no message twice');
});
