// End-to-end: the Annuaire in the real window. A small national extraction in the exact
// format of the Annuaire Santé (31 columns, `|`, accents, PER and ORG mailboxes) is imported
// with `medimail directory import` before the window starts; then: a search by each field
// typed with or without accents, the fiche contact, one address added to À and one to Cc,
// "Valider" into a new message, the Annuaire opened from the message's Cc, and a favourite
// starred and found in "Favoris". The tests run in order and share one window.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFile } from 'node:child_process';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { promisify } from 'node:util';

import { Session, startDriver } from './webdriver.mjs';
import * as annuaire from './annuaire.mjs';
import { Operator } from './operator.mjs';

const run = promisify(execFile);
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const binary = path.resolve(process.env.MEDIMAIL_BIN ?? path.join(root, 'target/debug/medimail'));
const screenshots = path.join(root, 'docs/screenshots');

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

function per({ address, surname, first, code, profession, skill, company, postal, department, city, rpps }) {
  return [
    'PER', address, '8', rpps, `8${rpps}`, '', '', '', 'DR', surname, first, 'C', 'Civil', code, profession, 'S', skill, 'O',
    company, '', '', '', '12', '', 'R', 'de la République', '', `${postal} ${city}`, postal, department, 'France',
  ].join('|');
}

const LEFEVRE = 'elodie.lefevre@infirmier.mssante.fr';
const FRANCOIS = 'jerome.francois@medecin.mssante.fr';
const MENARD = 'anais.menard@kine.mssante.fr';
const CHU = 'secretariat.cardio@chu-rennes.mssante.fr';

const ROWS = [
  per({ address: LEFEVRE, surname: 'LEFÈVRE', first: 'Élodie', code: '60', profession: 'Infirmier', skill: '', company: 'Cabinet infirmier du Thabor', postal: '35000', department: '35', city: 'RENNES', rpps: '10000000011' }),
  per({ address: FRANCOIS, surname: 'FRANÇOIS', first: 'Jérôme', code: '10', profession: 'Médecin', skill: 'Pédiatrie', company: 'Cabinet François', postal: '29200', department: '29', city: 'BREST', rpps: '10000000022' }),
  per({ address: MENARD, surname: 'MÉNARD', first: 'Anaïs', code: '70', profession: 'Masseur-Kinésithérapeute', skill: '', company: 'Kiné Océan', postal: '97400', department: '974', city: 'SAINT-DENIS', rpps: '10000000033' }),
  [
    'ORG', CHU, '', '', '', '1', '000000019', 'Service de cardiologie', '', '', '', '', '', '', '', '', '', 'O',
    'Centre Hospitalier Universitaire de Rennes', 'Hôpital Pontchaillou', '', 'BP 12', '2', '', 'R', "de l'Hôpital", '',
    '35033 RENNES CEDEX 9', '35033', '35', 'France',
  ].join('|'),
];

let operator;
let driver;
let session;
let profile;
let physician;
let scratch;

before(async () => {
  operator = await Operator.start();
  physician = operator.account('physician');
  profile = await fs.mkdtemp(path.join(os.tmpdir(), 'medimail-e2e-directory-'));
  scratch = await fs.mkdtemp(path.join(os.tmpdir(), 'medimail-e2e-extraction-'));
  const file = path.join(scratch, 'Extraction_Correspondance_MSSante_202512060215.txt');
  await fs.writeFile(file, [HEADER, ...ROWS].join('\r\n') + '\r\n');
  const { stdout } = await run(binary, ['--profile', profile, '--json', 'directory', 'import', file]);
  assert.equal(JSON.parse(stdout).entries, ROWS.length);
  driver = await startDriver();
  session = await Session.create(driver.url, binary, ['--profile', profile]);
});

after(async () => {
  await session?.delete().catch(() => {});
  await driver?.stop();
  await operator?.stop();
  if (profile) await fs.rm(profile, { recursive: true, force: true });
  if (scratch) await fs.rm(scratch, { recursive: true, force: true });
});

const $ = (testid) => `[data-testid="${testid}"]`;

async function shot(name) {
  await fs.mkdir(screenshots, { recursive: true });
  await fs.writeFile(path.join(screenshots, `${name}.png`), await session.screenshot());
}

/** Clicks once the element takes clicks: the shared mailbox's folders, once synced, push
 *  "Annuaire" below the sidebar's fold, and a dialog opening may still be moving. */
async function click(selector) {
  let last;
  await session.waitFor(async () => {
    try {
      const element = await session.find(selector);
      await session.execute('document.querySelector(arguments[0])?.scrollIntoView({ block: "center" })', [selector]);
      await element.click();
      return true;
    } catch (err) {
      last = err;
      return false;
    }
  }, `a click on ${selector}`).catch((err) => {
    throw new Error(`${err.message}: ${last?.message}`);
  });
}

async function typeInto(selector, text) {
  const element = await session.find(selector);
  await element.click();
  await element.type(text);
}

const waitOrShoot = (fn, what, timeout = 10_000) => session.waitOrShoot(fn, what, timeout);

const clearFields = () => annuaire.clearFields(session);

/** The addresses of the rows of the table `testid` once they are exactly `expected`. */
async function rowsAre(expected, testid = 'directory-results') {
  const read = () => annuaire.rowAddresses(session, testid);
  // Compared as sets: the order is the engine's (tested there).
  const same = (found) => JSON.stringify([...found].sort()) === JSON.stringify([...expected].sort());
  await waitOrShoot(async () => same(await read()), `rows ${expected.join(', ')}`);
}

async function searchBy(field, text, expected) {
  await clearFields();
  await typeInto($(`directory-${field}`), text);
  await rowsAre(expected);
}

/** The chips of the compose field `testid` (compose-to, compose-cc). */
function composeChips(testid) {
  return session.execute(
    `const field = document.querySelector('[data-testid="${testid}"]').closest('.recipient-field');
     return Array.from(field.querySelectorAll('[data-testid="recipient-chip"]')).map((c) => c.dataset.address)`,
  );
}

const { rowControl } = annuaire;

test('an account is added, then the Annuaire shows the imported extraction', async () => {
  await session.find($('account-setup'), 30_000);
  await typeInto($('setup-email'), physician.email);
  await typeInto($('setup-name'), physician.display_name);
  await typeInto($('setup-password'), physician.password);
  await typeInto($('setup-imap'), operator.imaps);
  await typeInto($('setup-smtp'), operator.submissions);
  await typeInto($('setup-ca'), operator.env.ca_file);
  await click($('setup-submit'));
  await session.find($('folder-directory'), 30_000);
  await click($('folder-directory'));
  const info = await session.find($('directory-info'));
  await waitOrShoot(async () => /Extraction du 06\/12\/2025 · 4 adresses/.test(await info.text()), 'the extraction date and count');
  assert.match(await (await session.find($('directory-download'))).text(), /Mettre à jour depuis l’Annuaire Santé/);
});

test('each field searches, accents and case aside', async () => {
  await searchBy('who', 'lefevre', [LEFEVRE]);
  await searchBy('who', 'Jérôme FRANC', [FRANCOIS]);
  await searchBy('activity', 'pediatrie', [FRANCOIS]);
  await searchBy('place', 'Réunion', [MENARD]);
  await searchBy('place', 'rennes', [LEFEVRE, CHU]);
  await clearFields();
  await click($('directory-advanced'));
  await typeInto($('directory-structure'), 'hopital pontch');
  await rowsAre([CHU]);
  const count = await session.find($('directory-count'));
  assert.match(await count.text(), /1 résultat/);
  assert.equal(await count.attribute('aria-live'), 'polite');
  const kind = await session.find(`[data-address="${CHU}"] [data-testid="directory-kind"]`);
  assert.equal(await kind.attribute('data-kind'), 'ORG');
});

test('a star puts a result in Favoris', async () => {
  await searchBy('who', 'francois', [FRANCOIS]);
  await click(rowControl(FRANCOIS, 'directory-star'));
  const star = await session.find(rowControl(FRANCOIS, 'directory-star'));
  await waitOrShoot(async () => (await star.attribute('aria-pressed')) === 'true', 'the star to turn on');
  await click($('directory-tab-favorites'));
  await rowsAre([FRANCOIS], 'directory-favorites');
  await click($('directory-tab-search'));
});

test('the fiche contact shows the whole entry and adds to À; another result goes to Cc; Valider opens the message', async () => {
  await searchBy('who', 'élodie', [LEFEVRE]);
  await click(rowControl(LEFEVRE, 'directory-row-card'));
  const card = await session.find($('directory-card'));
  await shot('directory-card');
  const text = await card.text();
  for (const expected of ['LEFÈVRE Élodie', LEFEVRE, 'Infirmier', 'Cabinet infirmier du Thabor', '810000000011', 'RENNES', 'Bretagne', 'Boîte personnelle']) {
    assert.ok(text.includes(expected), `the fiche shows ${expected}: ${text}`);
  }
  await click($('directory-card-add-to'));
  await waitOrShoot(async () => (await session.findAll($('directory-card'))).length === 0, 'the fiche to close');

  await clearFields();
  await typeInto($('directory-structure'), 'cardiologie');
  await rowsAre([CHU]);
  await click(rowControl(CHU, 'directory-row-add-cc'));
  assert.match(await (await session.find($('directory-chosen-to'))).text(), /LEFÈVRE Élodie/);
  assert.match(await (await session.find($('directory-chosen-cc'))).text(), /Centre Hospitalier Universitaire de Rennes/);
  await clearFields();
  await typeInto($('directory-place'), 'rennes');
  await rowsAre([LEFEVRE, CHU]);
  await shot('directory');

  await click($('directory-validate'));
  await session.find($('compose'), 10_000);
  await waitOrShoot(async () => JSON.stringify(await composeChips('compose-to')) === JSON.stringify([LEFEVRE]), 'À to hold Lefèvre');
  assert.deepEqual(await composeChips('compose-cc'), [CHU]);
});

test('the Annuaire opens from the message’s Cc and Valider returns into it', async () => {
  await click($('compose-cc-directory'));
  await session.find($('directory-dialog'));
  await typeInto(`${$('directory-dialog')} ${$('directory-who')}`, 'MENARD');
  await rowsAre([MENARD]);
  await click(rowControl(MENARD, 'directory-row-add-cc'));
  await click(`${$('directory-dialog')} ${$('directory-validate')}`);
  await waitOrShoot(async () => (await session.findAll($('directory-dialog'))).length === 0, 'the dialog to close');
  await waitOrShoot(
    async () => JSON.stringify(await composeChips('compose-cc')) === JSON.stringify([CHU, MENARD]),
    'Cc to hold the CHU and Ménard',
  );
  assert.deepEqual(await composeChips('compose-to'), [LEFEVRE]);
});
