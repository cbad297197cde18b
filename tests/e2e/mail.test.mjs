// End-to-end: a practitioner's first day, in the real `medimail` window (WebKitGTK under
// Xvfb, driven through tauri-driver + WebKitWebDriver) against a private local operator.
// The tests run in order and share one window: each starts where the previous one left.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import fs from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

import { Element, Keys, Session, startDriver } from './webdriver.mjs';
import { Operator } from './operator.mjs';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const binary = path.resolve(process.env.MEDIMAIL_BIN ?? path.join(root, 'target/debug/medimail'));
const screenshots = path.join(root, 'docs/screenshots');
const version = JSON.parse(await fs.readFile(path.join(root, 'tauri.conf.json'), 'utf8')).version;
const SYNC_TIMEOUT = 120_000;
const execFileAsync = promisify(execFile);

let operator;
let driver;
let session;
let profile;
let physician;

before(async () => {
  operator = await Operator.start();
  physician = operator.account('physician');
  await operator.seedDemo();
  // Enough mail that the first sync lasts long enough to watch its progress bar.
  await operator.seedBulk(physician.email, 3000, 'Classement');
  profile = await fs.mkdtemp(path.join(os.tmpdir(), 'medimail-e2e-'));
  driver = await startDriver();
  session = await Session.create(driver.url, binary, ['--profile', profile]);
  await fs.mkdir(screenshots, { recursive: true });
});

after(async () => {
  await session?.delete().catch(() => {});
  await driver?.stop();
  await operator?.stop();
  if (profile) await fs.rm(profile, { recursive: true, force: true });
});

const $ = (testid) => `[data-testid="${testid}"]`;

async function textOf(selector) {
  const element = await session.find(selector);
  return session.waitFor(async () => (await element.text()).trim(), `text of ${selector}`);
}

async function click(selector) {
  await (await session.find(selector)).click();
}

async function typeInto(selector, text) {
  const element = await session.find(selector);
  await element.click();
  await element.type(text);
}

async function shot(name) {
  await fs.writeFile(path.join(screenshots, `${name}.png`), await session.screenshot());
}

/** Subjects of the rows the list currently shows. */
function rowSubjects() {
  return session.execute(
    `return Array.from(document.querySelectorAll('[data-testid="message-row"]')).map((r) => r.innerText)`,
  );
}

/** The row showing `text`, scrolling the virtual list down to it (rows exist only when seen). */
async function rowWith(text, timeout = 20_000) {
  return waitOrShoot(
    async () => {
      const found = await session.execute(
        `const text = arguments[0];
         const find = () => Array.from(document.querySelectorAll('[data-testid="message-row"]')).find((r) => r.innerText.includes(text));
         const first = document.querySelector('[data-testid="message-row"]');
         let scroller = first?.parentElement;
         while (scroller && !['auto', 'scroll'].includes(getComputedStyle(scroller).overflowY)) scroller = scroller.parentElement;
         if (scroller) scroller.scrollTop = 0;
         let row = find();
         while (!row && scroller && scroller.scrollTop + scroller.clientHeight < scroller.scrollHeight) {
           scroller.scrollTop += scroller.clientHeight;
           // The virtual list renders on its scroll event: give it that turn synchronously.
           scroller.dispatchEvent(new Event('scroll'));
           row = find();
         }
         if (row) row.scrollIntoView({ block: 'nearest' });
         return row ?? null;`,
        [text],
      );
      return found ? new Element(session, Object.values(found)[0]) : null;
    },
    `a row with "${text}"`,
    timeout,
  );
}

const waitOrShoot = (fn, what, timeout) => session.waitOrShoot(fn, what, timeout);

async function openFolder(testid, name) {
  const selector = name ? `[data-testid="${testid}"][data-folder-name="${name}"]` : $(testid);
  await click(selector);
}

async function search(text) {
  const input = await session.find($('search-input'));
  // WebDriver's clear sends no input event, so the app would not see the box emptied.
  await session.execute(
    "arguments[0].value = ''; arguments[0].dispatchEvent(new Event('input', { bubbles: true }))",
    [input.ref()],
  );
  if (text) await input.type(text);
}

test('a newcomer adds an account from the welcome screen', async () => {
  await session.find($('account-setup'));
  assert.equal(await session.execute('return document.documentElement.lang'), 'fr');
  assert.equal(await session.execute('return document.title'), 'Medimail Desktop');
  await shot('welcome');

  // A wrong password is refused with a French sentence, and nothing is saved.
  await typeInto($('setup-email'), physician.email);
  await typeInto($('setup-name'), physician.display_name);
  await typeInto($('setup-password'), 'pas-le-bon-mot-de-passe');
  await typeInto($('setup-imap'), operator.imaps);
  await typeInto($('setup-smtp'), operator.submissions);
  await typeInto($('setup-ca'), operator.env.ca_file);
  await click($('setup-submit'));
  const error = await textOf($('setup-error'));
  assert.match(error, /identifiants|mot de passe/i, error);

  const password = await session.find($('setup-password'));
  await password.clear();
  await password.type(physician.password);
  await click($('setup-submit'));
  await session.find($('folder-inbox'), 30_000);
});

test('the first sync shows a progress bar with counts, then the inbox', async () => {
  const seen = await session.waitFor(
    async () => {
      const bars = await session.findAll(`${$('sync-progress')} progress`);
      if (bars.length === 0) return null;
      return (await textOf($('sync-progress'))) || null;
    },
    'the sync progress bar',
    SYNC_TIMEOUT,
  );
  // Counts written the French way: "Synchronisation 1 750/3 039" (thin spaces between thousands).
  assert.match(seen, /Synchronisation \d[\d\u202f ]*\/\d[\d\u202f ]*$/);
  await shot('first-sync');
  await session.waitFor(
    async () => (await session.findAll(`${$('sync-progress')} progress`)).length === 0,
    'the first sync to end',
    SYNC_TIMEOUT,
  );
  await rowWith('Résultats IRM genou droit');
  assert.match(await textOf($('status-bar')), new RegExp(version));
  assert.match(await textOf($('connection-status')), /En ligne/);
});

test('the main window has the Medimail layout in French', async () => {
  const folders = {
    'folder-inbox': 'Boîte de réception',
    'folder-sent': 'Messages envoyés',
    'folder-drafts': 'Brouillons',
    'folder-trash': 'Messages supprimés',
    'folder-directory': 'Annuaire',
    'folder-archived': 'Messages archivés',
  };
  for (const [testid, label] of Object.entries(folders)) {
    assert.match(await textOf($(testid)), new RegExp(label), testid);
  }
  assert.match(await textOf($('new-message-pro')), /Nouveau message Pro/);
  await click($('tab-patient'));
  assert.match(await textOf($('new-message-patient')), /Nouveau message Patient/);
  await click($('tab-pro'));
  assert.match(await textOf($('refresh')), /Actualiser/);
  // Confirmations fade: the welcome toast is gone by now.
  await session.waitFor(async () => (await (await session.find($('announcer'))).text()).trim() === '', 'the toast to go', 15_000);
  // Earlier steps scrolled the list to find rows: show the newest at the top for the picture.
  await session.execute(
    `let el = document.querySelector('[data-testid="message-row"]')?.parentElement;
     while (el && !['auto', 'scroll'].includes(getComputedStyle(el).overflowY)) el = el.parentElement;
     if (el) { el.scrollTop = 0; el.dispatchEvent(new Event('scroll')); }`,
  );
  await new Promise((resolve) => setTimeout(resolve, 300));
  await shot('main-window');
});

test('the account menu opens from the keyboard and closes with Escape', async () => {
  const button = await session.find($('account-menu-button'));
  assert.match(await button.text(), /Jean Dupont/);
  await session.execute('arguments[0].focus()', [button.ref()]);
  await session.keys(Keys.Enter);
  for (const [testid, label] of Object.entries({
    'account-menu-manage': 'Gérer mon compte',
    'account-menu-switch': 'Changer de compte',
    'account-menu-logout': 'Se déconnecter',
  })) {
    assert.match(await textOf($(testid)), new RegExp(label), testid);
  }
  await shot('account-menu');
  await session.keys(Keys.Escape);
  await session.waitFor(async () => (await session.findAll($('account-menu-manage'))).length === 0, 'the menu to close');
  assert.equal(await session.execute('return document.activeElement?.dataset?.testid ?? null'), 'account-menu-button');
});

test('opening a message shows its header, body and attachments', async () => {
  const row = await rowWith('Résultats IRM genou droit');
  await row.click();
  assert.match(await textOf($('reader-subject')), /Résultats IRM genou droit/);
  assert.match(await textOf($('reader-date')), /^Envoyé le \w+ \d{1,2} \w+ \d{4} à \d{2}:\d{2}:\d{2}$/);
  assert.ok((await textOf($('reader-from'))).length > 0);
  const frame = await session.find($('reader-body'));
  assert.equal(await frame.attribute('sandbox'), '', 'the body frame may run nothing');
  await shot('reading-message');

  const withPdf = await rowWith('Compte rendu de consultation – M. Bernard LEFÈVRE');
  await withPdf.click();
  await session.waitFor(async () => (await session.findAll($('attachment'))).length > 0, 'the attachment list');
  assert.match(await textOf($('attachment')), /\.pdf/i);
});

test('printing shows the HTML letter with its formatting in a print window, and the print dialog', async () => {
  const row = await rowWith('Compte rendu de consultation – M. Bernard LEFÈVRE');
  await row.click();
  await session.find($('reader-body'));
  const main = await session.cmd('GET', '/window');
  await click($('print'));
  const handles = await session.waitFor(async () => {
    const all = await session.cmd('GET', '/window/handles');
    return all.length > 1 ? all : null;
  }, 'the print window', 15_000);
  const printWindow = handles.find((h) => h !== main);
  await session.cmd('POST', '/window', { handle: printWindow });
  const source = await session.waitFor(async () => {
    const html = await session.cmd('GET', '/source');
    return html.includes('print-heading') ? html : null;
  }, 'the print document');
  // The HTML part with its formatting, not the text part; under a heading.
  assert.match(source, /<b>M\. Bernard Lefèvre<\/b>/);
  assert.match(source, /<h1>Compte rendu de consultation – M\. Bernard LEFÈVRE<\/h1>/);
  assert.match(source, /<th>De<\/th>/);
  assert.match(source, /CR_consultation_LEFEVRE_Bernard\.pdf/);
  assert.doesNotMatch(source, /<script/i);
  // The system's print dialog is up over it (GTK, out of WebDriver's reach): cancel it.
  const dialog = await session.waitFor(async () => {
    try {
      const { stdout } = await execFileAsync('xdotool', ['search', '--onlyvisible', '--name', '^(Print|Imprimer)$']);
      return stdout.trim().split('\n')[0] || null;
    } catch {
      return null;
    }
  }, 'the print dialog', 15_000);
  // The dialog runs its own loop on the main thread, and the main window goes on meanwhile:
  // "Actualiser" brings what came in (a pass once waited there for the tray's menu, holding
  // every other pass and every send behind it until the dialog closed).
  await session.cmd('POST', '/window', { handle: main });
  const subject = `Arrivé pendant l’impression ${process.pid}`;
  const secretary = operator.account('secretary');
  await operator.deliver(
    secretary.email,
    physician.email,
    `From: <${secretary.email}>\r\nTo: <${physician.email}>\r\nSubject: ${subject}\r\n` +
      `Message-ID: <e2e-print-${process.pid}@tests.local>\r\nDate: Mon, 7 Dec 2026 10:00:00 +0100\r\n` +
      'Content-Type: text/plain; charset=utf-8\r\n\r\nBonjour.\r\n',
  );
  await click($('refresh'));
  await rowWith(subject, 30_000);
  // Closed from the keyboard like a user would: the dialog focused, then Escape.
  await execFileAsync('xdotool', ['windowfocus', '--sync', dialog]);
  await execFileAsync('xdotool', ['key', 'Escape']);
  await session.waitFor(async () => {
    const { stdout } = await execFileAsync('xdotool', ['search', '--onlyvisible', '--name', '^(Print|Imprimer)$']).catch(() => ({ stdout: '' }));
    return stdout.trim() === '';
  }, 'the print dialog to close', 10_000);
  await session.cmd('POST', '/window', { handle: printWindow });
  await session.cmd('DELETE', '/window');
  await session.cmd('POST', '/window', { handle: main });
  await session.find($('reader-body'));
});

test('the list sorts by subject, both ways', async () => {
  await click($('sort-subject'));
  const collator = new Intl.Collator('fr', { sensitivity: 'base' });
  const firstRows = async () => (await rowSubjects()).slice(0, 8);
  const ascending = await session.waitFor(async () => {
    const rows = await firstRows();
    return rows.length >= 8 ? rows : null;
  }, 'rows after sorting');
  const header = await session.find($('sort-subject'));
  const sortState = await session.execute(
    'return arguments[0].closest("[aria-sort]")?.getAttribute("aria-sort") ?? arguments[0].getAttribute("aria-sort")',
    [header.ref()],
  );
  assert.equal(sortState, 'ascending');
  await click($('sort-subject'));
  const descending = await session.waitFor(async () => {
    const rows = await firstRows();
    return rows.length >= 8 && rows[0] !== ascending[0] ? rows : null;
  }, 'rows after reversing');
  assert.notDeepEqual(descending, ascending);
  assert.ok(collator.compare(ascending[0], descending[0]) !== 0);
  await click($('sort-date'));
});

/** Types `text` in the search box and waits for its results; the subjects listed. */
async function searchResults(text) {
  await search(text);
  return waitOrShoot(
    async () => {
      const state = await session.execute(
        `const grid = document.querySelector('[data-testid="message-grid"]');
         return {
           title: document.querySelector('.message-list h1')?.innerText ?? '',
           busy: grid?.getAttribute('aria-busy'),
           rows: Array.from(document.querySelectorAll('[data-testid="message-row"]')).map((r) => r.innerText),
         };`,
      );
      return state.title.includes(`« ${text} »`) && state.busy === 'false' ? state.rows : null;
    },
    `the results for ${text}`,
    20_000,
  );
}

test('search finds messages as the user types, accents ignored', async () => {
  const hasRow = (rows, subject) => rows.some((r) => r.includes(subject));
  assert.ok(hasRow(await searchResults('genou'), 'Résultats IRM genou droit'));
  const whole = await searchResults('kinesitherapique');
  assert.ok(hasRow(whole, 'Bilan kinésithérapique'), 'accents ignored');
  assert.ok(!hasRow(whole, 'Résultats IRM genou droit'), 'only what matches');
  // The word being typed is a prefix: a few letters already find it.
  assert.ok(hasRow(await searchResults('kinesith'), 'Bilan kinésithérapique'));
  await shot('search');
  await search('');
  await rowWith('Résultats IRM genou droit');
});

test('compose and send a message with an attachment; it shows in Sent with its receipt state', async () => {
  const intern = operator.account('intern');
  await click($('new-message-pro'));
  await session.find($('compose'));
  await typeInto($('compose-to'), `${intern.email}`);
  await session.keys(Keys.Enter);
  await typeInto($('compose-subject'), 'Avis sur le dossier de M. Test');
  await typeInto($('compose-editor'), 'Bonjour, pouvez-vous regarder le compte rendu joint ? Merci.');
  // A file as if chosen in the file dialog: WebDriver hands the path to the file input.
  const attachment = path.join(profile, '..', `compte-rendu-${Date.now()}.pdf`);
  await fs.writeFile(attachment, '%PDF-1.4\n% compte rendu de test\n%%EOF\n');
  const input = await session.find($('compose-file-input'));
  await input.type(attachment);
  await session.waitFor(async () => (await textOf($('compose'))).includes(path.basename(attachment)), 'the attachment chip');
  await shot('compose');
  await click($('compose-send'));
  await session.waitFor(async () => (await session.findAll($('compose'))).length === 0, 'the compose screen to close', 60_000);
  await fs.rm(attachment, { force: true });

  // Delivered to the intern's mailbox on the server.
  await session.waitFor(
    async () => (await operator.subjects('intern')).includes('Avis sur le dossier de M. Test'),
    'delivery to the intern',
    30_000,
  );
  await openFolder('folder-sent');
  const sent = await rowWith('Avis sur le dossier de M. Test', 60_000);
  // The Sent list shows an open-status icon with its label.
  const state = await session.execute(
    'return arguments[0].querySelector("[data-testid=open-state]")?.getAttribute("data-state") ?? null',
    [sent.ref()],
  );
  assert.ok(['none_opened', 'no_information', 'some_opened', 'all_opened'].includes(state), `open state ${state}`);
  await sent.click();
  await session.waitFor(async () => /Envoi du message/.test(await textOf($('timeline'))), 'the timeline');
});

test('a patient message: a wrong INS is refused, a valid one is sent', async () => {
  const patient = operator.account('patient');
  await click($('tab-patient'));
  await click($('new-message-patient'));
  await session.find($('compose'));
  const wrong = patient.ins.slice(0, 13) + (patient.ins.slice(13) === '00' ? '01' : '00');
  await typeInto($('compose-ins'), wrong);
  await typeInto($('compose-subject'), 'Vos résultats sont disponibles');
  await typeInto($('compose-editor'), 'Bonjour, vos résultats sont dans votre espace santé.');
  await click($('compose-send'));
  const problems = await textOf($('compose-problems'));
  assert.match(problems, /INS|clé/i, problems);
  await shot('compose-patient-ins');

  const ins = await session.find($('compose-ins'));
  await ins.clear();
  await ins.type(patient.ins);
  await click($('compose-send'));
  await session.waitFor(async () => (await session.findAll($('compose'))).length === 0, 'the patient message to leave', 60_000);
  await session.waitFor(
    async () => (await operator.subjects('patient')).includes('Vos résultats sont disponibles'),
    'delivery to the patient mailbox',
    30_000,
  );
  await click($('tab-pro'));
});

test('create a folder and drag a message into it', async () => {
  await openFolder('folder-inbox');
  await click($('new-folder-button'));
  await typeInto($('new-folder-input'), 'Dossiers patients');
  await session.keys(Keys.Enter);
  await session.find('[data-folder-name="Dossiers patients"]');
  await openFolder('folder-inbox');
  const row = await rowWith('Résultats IRM genou droit');
  // WebDriver has no HTML5 drag and drop: play the browser's events with real DataTransfer.
  await session.execute(
    `const [row, target] = arguments;
     const data = new DataTransfer();
     row.dispatchEvent(new DragEvent('dragstart', { bubbles: true, cancelable: true, dataTransfer: data }));
     const over = target.closest('li') ?? target;
     over.dispatchEvent(new DragEvent('dragover', { bubbles: true, cancelable: true, dataTransfer: data }));
     over.dispatchEvent(new DragEvent('drop', { bubbles: true, cancelable: true, dataTransfer: data }));
     row.dispatchEvent(new DragEvent('dragend', { bubbles: true, dataTransfer: data }));`,
    [row.ref(), (await session.find('[data-folder-name="Dossiers patients"]')).ref()],
  );
  await openFolder('folder-user', 'Dossiers patients');
  await session.waitFor(
    async () => /Dossiers patients/.test(await textOf('[data-testid="message-list"] h1')),
    'the folder to open',
  );
  await rowWith('Résultats IRM genou droit');
  await shot('folder-after-drop');
  await session.waitFor(
    async () => (await operator.subjects('physician', 'Dossiers patients')).some((s) => s.includes('IRM genou droit')),
    'the move on the server',
    60_000,
  );
});

test('delete a message, then restore it from the trash to where it was', async () => {
  const row = await rowWith('Résultats IRM genou droit');
  await row.click();
  await click($('action-delete'));
  await session.waitFor(
    async () => !(await rowSubjects()).some((s) => s.includes('Résultats IRM genou droit')),
    'the message to leave the folder',
  );
  await openFolder('folder-trash');
  const trashed = await rowWith('Résultats IRM genou droit');
  await trashed.click();
  await click($('action-restore'));
  await openFolder('folder-user', 'Dossiers patients');
  await rowWith('Résultats IRM genou droit');
});

test('a draft survives closing the app', async () => {
  await click($('new-message-pro'));
  await session.find($('compose'));
  await typeInto($('compose-subject'), 'Brouillon à finir demain');
  await typeInto($('compose-editor'), 'Texte du brouillon qui ne doit pas se perdre.');
  await session.waitFor(
    async () => (await (await session.find($('compose-draft-state'))).attribute('data-state')) === 'saved',
    'the autosave',
    30_000,
  );
  await session.delete();
  session = await Session.create(driver.url, binary, ['--profile', profile]);
  await session.find($('folder-drafts'), 30_000);
  // The first background pass ends before the page listens: the status bar still says so,
  // without "Actualiser" (it said "Hors ligne" until the next pass before).
  await waitOrShoot(async () => /En ligne/.test(await textOf($('connection-status'))), '"En ligne" after a restart', 15_000);
  await openFolder('folder-drafts');
  const draft = await rowWith('Brouillon à finir demain', SYNC_TIMEOUT);
  await draft.click();
  await session.find($('compose'));
  const body = await textOf($('compose-editor'));
  assert.match(body, /Texte du brouillon qui ne doit pas se perdre/);
  await click($('compose-close'));
});

test('the settings screens follow the manual, and signatures work', async () => {
  await click($('account-menu-button'));
  await click($('account-menu-manage'));
  await session.find($('settings'));
  await click($('settings-nav-signatures'));
  await click($('signature-new'));
  await typeInto($('signature-title'), 'Consultation');
  await typeInto(`${$('signature-content')} [contenteditable="true"], ${$('signature-content')}[contenteditable="true"]`, 'Dr Jean Dupont — Médecin généraliste');
  await click($('signature-save'));
  await session.waitFor(async () => (await session.findAll($('signature-item'))).length > 0, 'the new signature');
  await shot('settings-signatures');
  // The auto-reply works (sieve.test.mjs fills it in): it asks the account's ManageSieve
  // server, which this account, given its servers by hand, was not told of. Either way the
  // section says where it stands, never a form disabled for later.
  await click($('settings-nav-autoreply'));
  const shown = await session.waitFor(
    () => session.execute(
      'return document.querySelector("[data-testid=autoreply-enable]") ? "form" : document.querySelector("[data-testid=autoreply-load-error]")?.textContent.trim() || null',
    ),
    'the auto-reply read from the server',
    20_000,
  );
  if (shown !== 'form') assert.match(shown, /serveur/i, shown);
  const disabled = await session.execute('return document.querySelector("[data-testid=settings] fieldset[disabled]") !== null');
  assert.equal(disabled, false, 'no section is a form disabled for later');
  await click($('settings-close'));
});

test('the reading pane goes beside the list, and stays there after a restart', async () => {
  await openFolder('folder-inbox');
  await click($('account-menu-button'));
  await click($('account-menu-pane-beside'));
  const layoutOf = async () => (await session.find('main.content')).attribute('data-reading-pane');
  await session.waitFor(async () => (await layoutOf()) === 'beside', 'the reading pane beside the list');
  await (await rowWith('Question sur le patient de 11 h')).click();
  await session.find($('reader-subject'), 20_000);
  await shot('reading-pane-beside');
  await session.delete();
  session = await Session.create(driver.url, binary, ['--profile', profile]);
  await session.find($('folder-inbox'), 30_000);
  await session.waitFor(async () => (await layoutOf()) === 'beside', 'the layout remembered');
  await click($('account-menu-button'));
  await click($('account-menu-pane-below'));
  await session.waitFor(async () => (await layoutOf()) === 'below', 'the reading pane back below');
});

test('the status bar says "Hors ligne" within seconds of the server going away', async () => {
  assert.match(await textOf($('connection-status')), /En ligne/);
  await operator.stop();
  await waitOrShoot(async () => /Hors ligne/.test(await textOf($('connection-status'))), '"Hors ligne" once the server is gone', 15_000);
});
