// End-to-end: the Annuaire with the operator's directory and the online sources, in the real
// window. The physician's account is added with the local operator's LDAP directory; a small
// national extraction is imported; a local HTTPS server (the operator's test PKI) plays both
// the Annuaire Santé's download address and its FHIR API (the published Bundle format, the
// same file as tests/directory_download.rs). Then:
//   - the fiche lists the organisational mailboxes the physician may use ("Ci-dessous les
//     adresses organisationnelles accessibles par le professionnel"), one added to À;
//   - "Paramètres de l'annuaire": the download address saved (read back by the command line
//     and after reopening), "Mettre à jour maintenant" loads the server's extraction, the
//     last download said; "Adresse par défaut de l'ANS" resets it;
//   - the API key saved in the keyring, "Rechercher aussi en ligne" adds the API's mailbox,
//     its fiche says "Annuaire Santé en ligne"; the server gone, a quiet line, no error.
// The tests run in order and share one window.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import https from 'node:https';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import { Keys, Session, startDriver } from './webdriver.mjs';
import * as annuaire from './annuaire.mjs';
import { binary, medimailIn } from './cli.mjs';
import { Operator } from './operator.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');

const HEADER = [
  'Type de BAL', 'Adresse BAL', 'Type Identifiant PP', 'Identifiant PP', 'Identification nationale PP',
  'Type identifiant structure', 'Identification Structure', 'Service de rattachement', "Civilité d'exercice",
  "Nom d'exercice", "Prénom d'exercice", 'Catégorie profession', 'Libellé de catégorie profession', 'Code Profession',
  'Libellé Profession', 'Code savoir-faire', 'Libellé savoir-faire', 'Dématérialisation', 'Raison Sociale structure BAL',
  'Enseigne commerciale structure BAL', 'L2COMPLEMENTLOCALISATION structure BAL', 'L3COMPLEMENTDISTRIBUTION structure BAL',
  'L4NUMEROVOIE structure BAL', 'L4COMPLEMENTNUMEROVOIE structure BAL', 'NL4TYPEVOIE structure BAL',
  'L4LIBELLEVOIE structure BAL', 'L5LIEUDITMENTION structure BAL', 'L6LIGNEACHEMINEMENT structure BAL',
  'Code postal structure BAL', 'Département structure BAL', 'Pays structure BAL',
].join('|');

const FHIR_KEY = 'e2e-esante-api-key';
const FHIR_ORG = 'cardiologie.chu-rennes@chu-rennes.mssante.fr';
const EXTRACTION_PATH = '/annuaire-sante-webservices/V300/services/extraction/Extraction_Correspondance_MSSante';
const ANS = 'https://service.annuaire.sante.fr/annuaire-sante-webservices/V300/services/extraction/Extraction_Correspondance_MSSante';

function extraction(rows) {
  return [HEADER, ...rows].join('\r\n') + '\r\n';
}

function physicianRow(physician) {
  return `PER|${physician.email}|8|${physician.rpps}|8${physician.rpps}|||| DR|DUPONT|Jean|C|Civil|10|Médecin|S|Médecine générale|O|Cabinet médical du Dr Dupont||||12||R|des Lois||31000 TOULOUSE|31000|31|France`;
}

const LAMBERT = 'PER|anne.lambert@medecin.mssante.fr|8|10000000001|810000000001|||| DR|LAMBERT|Anne|C|Civil|10|Médecin|S|Pédiatrie|O|Cabinet Lambert||||3||R|de la Paix||35000 RENNES|35000|35|France';
const GIRARD = 'PER|paul.girard@medecin.mssante.fr|8|10000000009|810000000009|||| DR|GIRARD|Paul|C|Civil|10|Médecin|S|Cardiologie|O|Cabinet Girard||||8||R|Nationale||29200 BREST|29200|29|France';

let operator;
let physician;
let driver;
let session;
let profile;
let server;
let serverUrl;
const requests = [];

/** Runs `medimail` with `input` on stdin; rejects when it fails. */
const medimail = (args, input) => medimailIn(profile, args, input);

/** The local Annuaire Santé: the extraction (a newer one than imported) and the FHIR API. */
async function startServer() {
  const pki = path.dirname(operator.env.ca_file);
  const bundle = await fs.readFile(path.join(root, 'tests/corpus/fhir/practitioner_role_bundle.json'));
  const newer = Buffer.from(extraction([physicianRow(physician), LAMBERT, GIRARD]));
  server = https.createServer(
    { cert: await fs.readFile(path.join(pki, 'server.chain.pem')), key: await fs.readFile(path.join(pki, 'server.key.pem')) },
    (req, res) => {
      requests.push({ url: req.url, key: req.headers['esante-api-key'] ?? null });
      if (req.url.startsWith('/fhir/v2/PractitionerRole?')) {
        if (req.headers['esante-api-key'] !== FHIR_KEY) {
          res.writeHead(401).end();
          return;
        }
        res.writeHead(200, { 'Content-Type': 'application/fhir+json;charset=UTF-8', 'Content-Length': bundle.length });
        res.end(bundle);
        return;
      }
      if (req.url === EXTRACTION_PATH) {
        res.writeHead(200, {
          'Content-Type': 'text/plain; charset=UTF-8',
          'Content-Length': newer.length,
          ETag: '"e2e-1"',
          'Last-Modified': 'Sun, 07 Dec 2025 03:00:00 GMT',
        });
        res.end(newer);
        return;
      }
      res.writeHead(404).end();
    },
  );
  await new Promise((resolve) => server.listen(0, '127.0.0.1', resolve));
  serverUrl = `https://127.0.0.1:${server.address().port}`;
}

before(async () => {
  operator = await Operator.start();
  physician = operator.account('physician');
  profile = await fs.mkdtemp(path.join(os.tmpdir(), 'medimail-e2e-online-'));
  const file = path.join(profile, 'Extraction_Correspondance_MSSante_202512060215.txt');
  await fs.writeFile(file, extraction([physicianRow(physician), LAMBERT]));
  JSON.parse(await medimail(['--json', 'directory', 'import', file]));
  await medimail(
    [
      'account', 'add', '--email', physician.email, '--imap', operator.imaps, '--smtp', operator.submissions,
      '--ca-file', operator.env.ca_file, '--password-stdin', '--directory-url', operator.env.ldap.url,
    ],
    `${physician.password}\n`,
  );
  await startServer();
  // The window trusts the operator's test roots for both the download and the API, and asks
  // this server's API (what MEDIMAIL_FHIR_URL is for: a test server, a proxy of the IT).
  process.env.MEDIMAIL_DIRECTORY_CA_FILE = operator.env.ca_file;
  process.env.MEDIMAIL_FHIR_URL = `${serverUrl}/fhir/v2`;
  driver = await startDriver();
  session = await Session.create(driver.url, binary, ['--profile', profile]);
});

after(async () => {
  await session?.delete().catch(() => {});
  await driver?.stop();
  server?.close();
  await operator?.stop();
  if (profile) await fs.rm(profile, { recursive: true, force: true });
});

const $ = (testid) => `[data-testid="${testid}"]`;

/** Clicks once the element takes clicks (a dialog closing may still cover it). The shared
 *  mailbox's folders push "Annuaire" below the sidebar's fold: scrolled into view first. */
async function click(selector) {
  let last;
  await waitOrShoot(async () => {
    try {
      const element = await session.find(selector);
      await session.execute('document.querySelector(arguments[0])?.scrollIntoView({ block: "center" })', [selector]);
      await element.click();
      return true;
    } catch (err) {
      last = err;
      return false;
    }
  }, `a click on ${selector}${last ? ` (${last.message})` : ''}`);
}

async function typeInto(selector, text) {
  const element = await session.find(selector);
  await element.click();
  await element.type(text);
}

function textOf(selector) {
  return session.execute('return document.querySelector(arguments[0])?.innerText ?? null', [selector]);
}

function valueOf(selector) {
  return session.execute('return document.querySelector(arguments[0])?.value ?? null', [selector]);
}

const waitOrShoot = (fn, what, timeout = 15_000) => session.waitOrShoot(fn, what, timeout);

const clearFields = () => annuaire.clearFields(session);

const rowAddresses = () => annuaire.rowAddresses(session);

const { rowControl } = annuaire;

async function closeCard() {
  await session.keys(Keys.Escape);
  await waitOrShoot(async () => (await session.findAll($('directory-card'))).length === 0, 'the fiche to close');
}

test('the fiche lists the organisational mailboxes the professional may use, one goes to À', async () => {
  await session.find($('folder-directory'), 30_000);
  await click($('folder-directory'));
  await typeInto($('directory-who'), 'dupont');
  await waitOrShoot(async () => (await rowAddresses()).includes(physician.email), 'the physician in the results');
  await click(rowControl(physician.email, 'directory-row-card'));
  await session.find($('directory-card'));
  const orgbox = operator.account('orgbox').email;
  await waitOrShoot(async () => ((await textOf($('directory-card-linked'))) ?? '').includes(orgbox), 'the linked organisational mailbox');
  const linked = await textOf($('directory-card-linked'));
  assert.match(linked, /Ci-dessous les adresses organisationnelles accessibles par le professionnel\./);
  // The fiche says where it comes from: the national file completed by the operator's directory.
  assert.match(await textOf($('directory-card')), /Annuaire national et annuaire de l’opérateur/);
  const add = await session.find(`${$('directory-card-linked')} li button`);
  assert.match(await add.attribute('aria-label'), /Ajouter aux destinataires : /);
  await add.click();
  await waitOrShoot(
    async () =>
      (await session.execute(`return Array.from(document.querySelectorAll('[data-testid="directory-chosen-to"] li')).map((c) => c.dataset.address)`)).includes(orgbox),
    'the organisational mailbox among the chosen À',
  );
});

test('Paramètres de l’annuaire: the download address is saved and read back, Mettre à jour maintenant loads it', async () => {
  await click($('directory-settings-open'));
  await session.find($('directory-settings'));
  await waitOrShoot(async () => /Extraction chargée : 06\/12\/2025 \(2 adresses\)/.test((await textOf($('directory-settings-extraction'))) ?? ''), 'the loaded extraction');
  assert.match(await textOf($('directory-settings-download-state')), /Aucun téléchargement/);
  assert.equal(await (await session.find($('directory-settings-url'))).attribute('placeholder'), ANS);

  // A plain-http address: refused, said in French, nothing kept.
  await typeInto($('directory-settings-url'), 'http://miroir.cabinet.test/annuaire');
  await click($('directory-settings-source-save'));
  await waitOrShoot(async () => /commençant par https:\/\//.test((await textOf($('directory-settings-source-error'))) ?? ''), 'the French refusal');
  assert.equal(JSON.parse(await medimail(['--json', 'directory', 'source'])).kept_url ?? null, null);

  await session.execute(`const el = document.querySelector('[data-testid="directory-settings-url"]'); el.value = ''; el.dispatchEvent(new Event('input', { bubbles: true }));`);
  await typeInto($('directory-settings-url'), `${serverUrl}${EXTRACTION_PATH}`);
  await click($('directory-settings-source-save'));
  await waitOrShoot(async () => /enregistrée/.test((await textOf($('directory-settings-source-notice'))) ?? ''), 'the confirmation');
  // Kept in the store: the command line reads the same address.
  const kept = JSON.parse(await medimail(['--json', 'directory', 'source']));
  assert.equal(kept.kept_url, `${serverUrl}${EXTRACTION_PATH}`);

  // Read back after closing and reopening.
  await click($('directory-settings-close'));
  await click($('directory-settings-open'));
  await waitOrShoot(async () => (await valueOf($('directory-settings-url'))) === `${serverUrl}${EXTRACTION_PATH}`, 'the saved address shown again');

  await click($('directory-settings-update'));
  await waitOrShoot(async () => /Extraction du 07\/12\/2025 · 3 adresses|3 adresses/.test((await textOf($('directory-info'))) ?? ''), 'the downloaded extraction loaded', 30_000);
  assert.ok(requests.some((r) => r.url === EXTRACTION_PATH), 'the server was asked');
  await click($('directory-settings-open'));
  await waitOrShoot(async () => /réussi/.test((await textOf($('directory-settings-download-state'))) ?? ''), 'the last download said');

  // Back to the ANS address: nothing set any more.
  await click($('directory-settings-source-default'));
  await waitOrShoot(async () => /adresse par défaut de l’ANS/.test((await textOf($('directory-settings-source-notice'))) ?? ''), 'the reset said');
  assert.equal(await valueOf($('directory-settings-url')), '');
  assert.equal(JSON.parse(await medimail(['--json', 'directory', 'source'])).kept_url ?? null, null);
});

test('the API key is kept, and "Rechercher aussi en ligne" adds the Annuaire Santé’s mailbox with its source', async () => {
  assert.match(await textOf($('directory-settings-key-state')), /Aucune clé/);
  await typeInto($('directory-settings-key'), FHIR_KEY);
  await click($('directory-settings-key-save'));
  await waitOrShoot(async () => /Une clé est enregistrée/.test((await textOf($('directory-settings-key-state'))) ?? ''), 'the key kept');
  assert.equal(await valueOf($('directory-settings-key')), '', 'the key is not left on screen');
  await click($('directory-settings-close'));

  const online = await session.find($('directory-online'));
  await online.click();
  await clearFields();
  await typeInto($('directory-who'), 'cardiologie');
  await waitOrShoot(async () => (await rowAddresses()).includes(FHIR_ORG), 'the API’s mailbox among the results', 20_000);
  assert.ok(requests.some((r) => r.url.includes('mailbox-mss%3Acontains=cardiologie') && r.key === FHIR_KEY), 'the key in its header');
  assert.match(await textOf($('directory-online-note')), /a ajouté 1 adresse/);
  await click(rowControl(FHIR_ORG, 'directory-row-card'));
  await session.find($('directory-card'));
  await waitOrShoot(async () => /Annuaire Santé en ligne/.test((await textOf($('directory-card'))) ?? ''), 'the source on the fiche');
  await closeCard();
});

test('the online directory unreachable: a quiet line, the offline results kept, no error', async () => {
  server.close();
  server.closeAllConnections?.();
  await clearFields();
  await typeInto($('directory-who'), 'lambert');
  await waitOrShoot(async () => (await rowAddresses()).includes('anne.lambert@medecin.mssante.fr'), 'the offline result');
  await waitOrShoot(async () => /ne répond pas/.test((await textOf($('directory-online-note'))) ?? ''), 'the quiet line', 30_000);
  assert.ok((await rowAddresses()).includes('anne.lambert@medecin.mssante.fr'));
  assert.equal((await session.findAll('[role="alert"]')).length, 0, 'no error shown');
});
