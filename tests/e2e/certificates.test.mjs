// End-to-end: a mail server whose certificate its authority has revoked is refused in the
// window, with the catalogue's French sentence, before the password is sent (issue 16).
// Real parts only: a PKI made with OpenSSL, its CRL served over HTTP, and an IMAP server over
// TLS that greets and records whatever reaches it.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import http from 'node:http';
import os from 'node:os';
import path from 'node:path';
import tls from 'node:tls';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { Session, startDriver } from './webdriver.mjs';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const binary = path.resolve(process.env.MEDIMAIL_BIN ?? path.join(root, 'target/debug/medimail'));

let pki;
let crlServer;
let imapServer;
let imapPort;
let received = '';
/** The server's open connections, closed at the end (a failed test must not hang on them). */
const sockets = new Set();
let driver;
let session;
let profile;

const $ = (testid) => `[data-testid="${testid}"]`;

const openssl = (...args) => run('openssl', args, { cwd: pki });

function listen(server) {
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server.address().port)));
}

/** A root authority whose server certificates name `http://127.0.0.1:{crlPort}/ca.crl`. */
async function authority(crlPort) {
  await fs.writeFile(path.join(pki, 'index.txt'), '');
  await fs.writeFile(path.join(pki, 'serial'), '1000\n');
  await fs.writeFile(path.join(pki, 'crlnumber'), '01\n');
  await fs.writeFile(
    path.join(pki, 'ca.cnf'),
    `[ca]\ndefault_ca = local\n[local]\ndir = .\ndatabase = index.txt\nnew_certs_dir = .\nserial = serial\n` +
      `crlnumber = crlnumber\ncertificate = ca.pem\nprivate_key = ca.key\ndefault_md = sha256\npolicy = any\n` +
      `default_days = 30\nunique_subject = no\ncopy_extensions = none\n[any]\ncommonName = supplied\n` +
      `[server]\nbasicConstraints = critical,CA:FALSE\nkeyUsage = critical,digitalSignature\n` +
      `extendedKeyUsage = serverAuth\nsubjectAltName = IP:127.0.0.1,DNS:localhost\n` +
      `crlDistributionPoints = URI:http://127.0.0.1:${crlPort}/ca.crl\n`,
  );
  await openssl('req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'ca.key',
    '-out', 'ca.pem', '-days', '30', '-subj', '/O=Medimail tests/CN=Revoked server test CA',
    '-addext', 'basicConstraints=critical,CA:TRUE', '-addext', 'keyUsage=critical,keyCertSign,cRLSign');
}

before(async () => {
  pki = await fs.mkdtemp(path.join(os.tmpdir(), 'medimail-e2e-pki-'));
  crlServer = http.createServer(async (req, res) => {
    const crl = await fs.readFile(path.join(pki, 'ca.crl')).catch(() => null);
    res.writeHead(crl && req.url === '/ca.crl' ? 200 : 404, { 'content-type': 'application/pkix-crl' });
    res.end(crl ?? undefined);
  });
  await authority(await listen(crlServer));
  // The server's certificate, then revoked, and the CRL that says so.
  await openssl('req', '-new', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-keyout', 'server.key',
    '-out', 'server.csr', '-subj', '/CN=localhost');
  await openssl('ca', '-batch', '-config', 'ca.cnf', '-extensions', 'server', '-in', 'server.csr', '-out', 'server.pem');
  await openssl('ca', '-config', 'ca.cnf', '-revoke', 'server.pem');
  await openssl('ca', '-config', 'ca.cnf', '-gencrl', '-crldays', '1', '-out', 'ca.crl.pem');
  await openssl('crl', '-in', 'ca.crl.pem', '-outform', 'DER', '-out', 'ca.crl');

  imapServer = tls.createServer(
    { cert: await fs.readFile(path.join(pki, 'server.pem')), key: await fs.readFile(path.join(pki, 'server.key')) },
    (socket) => {
      sockets.add(socket);
      socket.on('close', () => sockets.delete(socket));
      socket.write('* OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready\r\n');
      socket.on('data', (data) => { received += data.toString(); });
      socket.on('error', () => {});
    },
  );
  imapServer.on('tlsClientError', () => {});
  imapPort = await listen(imapServer);
  driver = await startDriver();
});

after(async () => {
  // The servers first: a window still waiting on one (a failed test) can then close.
  for (const socket of sockets) socket.destroy();
  imapServer?.close();
  crlServer?.closeAllConnections();
  crlServer?.close();
  await session?.delete().catch(() => {});
  await driver?.stop();
  if (pki) await fs.rm(pki, { recursive: true, force: true });
  if (profile) await fs.rm(profile, { recursive: true, force: true });
});

async function typeInto(selector, text) {
  const element = await session.find(selector);
  await element.click();
  await element.type(text);
}

test('a server whose certificate was revoked is refused in French, and it receives no password', { timeout: 120_000 }, async () => {
  profile = await fs.mkdtemp(path.join(os.tmpdir(), 'medimail-e2e-certificates-'));
  session = await Session.create(driver.url, binary, ['--profile', profile]);
  await session.find($('sign-in'));
  await typeInto($('setup-email'), 'dr.martin@certificats.test');
  await typeInto($('setup-password'), 'mot-de-passe-de-test');
  await typeInto($('setup-imap'), `localhost:${imapPort}`);
  await typeInto($('setup-smtp'), `localhost:${imapPort}`);
  // The test authority stands for the operator's (IGC-Santé for a real one).
  await typeInto($('setup-ca'), path.join(pki, 'ca.pem'));
  await (await session.find($('setup-submit'))).click();

  const failure = await session.find($('setup-error'), 30_000);
  await session.waitOrShoot(async () => /révoqué/.test(await failure.text()), 'the refusal said', 30_000);
  assert.match(await failure.text(), /Le certificat du serveur a été révoqué par son autorité de certification/);
  assert.equal(received, '', 'nothing reached the server: no login, no password');
  // Still on the sign-in screen: no account was added.
  assert.equal(await session.execute('return document.querySelector(arguments[0]) !== null', [$('sign-in')]), true);
});
