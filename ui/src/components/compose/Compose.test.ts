import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import Compose from './Compose.svelte';
import './testDom';
import type { AccountInfo } from '../../lib/bindings/AccountInfo';
import type { Composition } from '../../lib/bindings/Composition';
import type { Draft } from '../../lib/bindings/Draft';
import type { ExplainedProblem } from '../../lib/bindings/ExplainedProblem';
import type { OutboxEntry } from '../../lib/bindings/OutboxEntry';
import { setLocale } from '../../lib/i18n/index.svelte';

vi.mock('../../lib/backend', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../lib/backend')>();
  return {
    ...actual,
    newComposition: vi.fn(),
    checkComposition: vi.fn(),
    sendMessage: vi.fn(),
    sendDraft: vi.fn(),
    saveDraft: vi.fn(),
    deleteDraft: vi.fn(),
    listSignatures: vi.fn(),
    applySignature: vi.fn(),
    recipientSuggestions: vi.fn(),
    directoryInfo: vi.fn(),
    directoryFavorites: vi.fn(),
    searchDirectory: vi.fn(),
    favoriteAddresses: vi.fn(),
  };
});

import * as backend from '../../lib/backend';
const api = vi.mocked(backend);

const account: AccountInfo = {
  email: 'nadege.vives@medecin.mssante.fr',
  display_name: 'Dr Nadège Vives',
  kind: 'personnel',
  may_write_to_patients: true,
  login: 'nvives',
  imap: 'imap.example',
  smtp: 'smtp.example',
  auth: 'password',
  practitioner_id: null,
  password_reset_url: null,
};

function composition(overrides: Partial<Composition> = {}): Composition {
  return {
    mode: 'pro',
    from: { address: account.email, name: account.display_name },
    to: [],
    cc: [],
    patient_ins: null,
    subject: '',
    body_text: '',
    body_html: '<p></p><div class="medimail-signature" data-signature-id="3">-- <br>\nDr Vives</div>',
    attachments: [],
    in_reply_to: null,
    references: [],
    request_read_receipt: false,
    close_exchange: false,
    ...overrides,
  };
}

function draft(c: Composition, id: number | null = null): Draft {
  return {
    info: {
      id,
      message: null,
      account: account.email,
      mode: c.mode,
      subject: c.subject,
      recipients: c.to,
      attachment_count: 0,
      signature_id: 3,
      updated_at: null,
      server_pending: false,
    },
    composition: c,
    signature_id: 3,
  };
}

const entry: OutboxEntry = {
  id: 9,
  account: account.email,
  message_id: 'abc@medimail',
  state: 'sent',
  to: ['a@b.fr'],
  subject: 'Bonjour',
  size: 1200,
  created_at: 0,
  sent_at: 0,
  filed: true,
  attempts: 1,
  last_error: null,
};

/** A problem as the engine sends it: its kind and its sentence of the catalogue. */
function problem(kind: ExplainedProblem['problem'], key: string, args: Record<string, string | number> = {}): ExplainedProblem {
  return { problem: kind, text: { key, args } };
}

function setup(start: Record<string, unknown> = { mode: 'pro' }, extra: Record<string, unknown> = {}) {
  const user = userEvent.setup();
  const onClose = vi.fn();
  const onSent = vi.fn();
  const onError = vi.fn();
  render(Compose, { start, account, onClose, onSent, onError, ...extra } as never);
  return { user, onClose, onSent, onError };
}

beforeEach(() => {
  // In beforeEach: unmounting the previous test's window may still save its draft.
  vi.clearAllMocks();
  api.newComposition.mockResolvedValue(draft(composition()));
  api.checkComposition.mockResolvedValue([]);
  api.sendMessage.mockResolvedValue(entry);
  api.sendDraft.mockResolvedValue(entry);
  api.saveDraft.mockImplementation(async (c) => ({ ...draft(c, 41).info }));
  api.deleteDraft.mockResolvedValue(undefined);
  api.listSignatures.mockResolvedValue([]);
  api.recipientSuggestions.mockResolvedValue([]);
  api.directoryInfo.mockResolvedValue({ extraction_date: '2025-12-06T02:15', entries: 3, imported_at: 0 });
  api.directoryFavorites.mockResolvedValue([]);
  api.searchDirectory.mockResolvedValue([]);
  api.favoriteAddresses.mockResolvedValue([]);
});

afterEach(() => {
  vi.useRealTimers();
});

describe('Compose', () => {
  it('opens a new Pro message from newComposition with the signature in the body', async () => {
    setup();
    const editor = await screen.findByTestId('compose-editor');
    expect(api.newComposition).toHaveBeenCalledWith('pro', account.email);
    expect(editor).toHaveTextContent('Dr Vives');
    expect(screen.getByRole('heading', { name: 'Nouveau message Pro' })).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('compose-to')).toHaveFocus());
    expect(screen.getByTestId('recipient-count')).toHaveTextContent('0 / 40 destinataires');
  });

  it('suggests past correspondents, then directory entries with their profession and city', async () => {
    api.recipientSuggestions.mockResolvedValue([
      { address: 'claire@chu.test', name: 'Claire Martinet', source: 'correspondent', kind: null, profession: null, city: null },
      {
        address: 'c.martinez@medecin.mssante.fr',
        name: 'Céline MARTINEZ',
        source: 'directory',
        kind: 'PER',
        profession: 'Médecin, Pédiatrie',
        city: 'MARSEILLE',
      },
    ]);
    const { user } = setup();
    const to = await screen.findByTestId('compose-to');
    await user.type(to, 'mart');
    await waitFor(() => expect(screen.getAllByTestId('recipient-suggestion')).toHaveLength(2));
    expect(api.recipientSuggestions).toHaveBeenLastCalledWith('mart');
    const [first, second] = screen.getAllByTestId('recipient-suggestion');
    expect(first).toHaveTextContent('Correspondant');
    expect(second).toHaveTextContent('Annuaire');
    expect(second).toHaveTextContent('Médecin, Pédiatrie · MARSEILLE');
    await user.keyboard('{ArrowDown}{Enter}');
    const chip = screen.getByTestId('recipient-chip');
    expect(chip).toHaveAttribute('data-address', 'c.martinez@medecin.mssante.fr');
    expect(chip).toHaveTextContent('Céline MARTINEZ');
  });

  it('opens the Annuaire from À and puts what was chosen into À and Cc', async () => {
    const { entry: directoryEntry } = await import('../../lib/directory/testing');
    const martin = directoryEntry();
    const chu = directoryEntry({
      kind: 'ORG',
      address: 'secretariat@chu-rennes.mssante.fr',
      surname: '',
      first_name: '',
      service: 'Cardiologie',
      company_name: 'CHU de Rennes',
    });
    api.searchDirectory.mockResolvedValue([martin, chu]);
    const { user } = setup();
    await screen.findByTestId('compose-editor');
    await user.click(screen.getByTestId('compose-to-directory'));
    const dialog = await screen.findByTestId('directory-dialog');
    await user.type(within(dialog).getByTestId('directory-who'), 'mar');
    await waitFor(() => expect(within(dialog).getAllByTestId('directory-row')).toHaveLength(2));
    const [first, second] = within(dialog).getAllByTestId('directory-row');
    await user.click(within(first!).getByTestId('directory-row-add-to'));
    await user.click(within(second!).getByTestId('directory-row-add-cc'));
    await user.click(within(dialog).getByTestId('directory-validate'));
    expect(screen.queryByTestId('directory-dialog')).not.toBeInTheDocument();
    const chips = screen.getAllByTestId('recipient-chip');
    expect(chips.map((c) => c.dataset.address)).toEqual([martin.address, chu.address]);
    expect(chips[0]).toHaveTextContent('Jean MARTIN');
    expect(screen.getByTestId('recipient-count')).toHaveTextContent('2 / 40 destinataires');
  });

  it('starts a new message with the addresses chosen in the Annuaire', async () => {
    setup({ mode: 'pro', recipients: { to: ['"Jean MARTIN" <jean.martin@medecin.mssante.fr>'], cc: ['cc@chu.test'] } });
    await screen.findByTestId('compose-editor');
    const chips = screen.getAllByTestId('recipient-chip');
    expect(chips.map((c) => c.dataset.address)).toEqual(['jean.martin@medecin.mssante.fr', 'cc@chu.test']);
  });

  it('counts recipients of À and CC together and turns red above 40', async () => {
    const { user } = setup();
    const to = await screen.findByTestId('compose-to');
    await user.type(to, 'a@b.fr, c@d.fr,');
    const counter = screen.getByTestId('recipient-count');
    expect(counter).toHaveTextContent('2 / 40 destinataires');
    await user.click(screen.getByTestId('compose-cc'));
    await user.paste(Array.from({ length: 40 }, (_, i) => `p${i}@x.fr`).join(';'));
    expect(counter).toHaveTextContent('42 / 40 destinataires');
    expect(counter).toHaveAttribute('data-over', 'true');
    expect(counter).toHaveClass('over');
    expect(counter).toHaveTextContent('retirez-en 2');
  });

  it('lists the engine’s problems next to the fields and sends nothing', async () => {
    api.checkComposition.mockResolvedValue([
      problem({ kind: 'missing_to' }, 'problem-missing_to'),
      problem({ kind: 'missing_subject' }, 'problem-missing_subject'),
    ]);
    const { user, onSent } = setup();
    await screen.findByTestId('compose-editor');
    await user.click(screen.getByTestId('compose-send'));
    const region = screen.getByTestId('compose-problems');
    await waitFor(() => expect(region).toHaveTextContent('Le champ À est obligatoire.'));
    expect(region).toHaveAttribute('role', 'alert');
    expect(within(region).getAllByRole('listitem')).toHaveLength(2);
    expect(region).toHaveFocus();
    expect(api.sendMessage).not.toHaveBeenCalled();
    expect(onSent).not.toHaveBeenCalled();
    setLocale('en');
    await waitFor(() => expect(region).toHaveTextContent('The subject is required.'));
  });

  it('sends what was written, then reports and closes', async () => {
    const { user, onSent, onClose } = setup();
    await screen.findByTestId('compose-editor');
    await user.type(screen.getByTestId('compose-to'), 'Dr Paul Martin <paul.martin@medecin.mssante.fr>, x@y.fr');
    await user.type(screen.getByTestId('compose-subject'), 'Compte rendu');
    await user.click(screen.getByTestId('compose-receipt'));
    await user.click(screen.getByTestId('compose-send'));
    await waitFor(() => expect(onClose).toHaveBeenCalledOnce());
    expect(api.checkComposition).toHaveBeenCalledOnce();
    const [sent, sentAccount] = api.sendMessage.mock.calls[0]!;
    expect(sentAccount).toBe(account.email);
    expect(sent).toMatchObject({
      mode: 'pro',
      to: ['Dr Paul Martin <paul.martin@medecin.mssante.fr>', 'x@y.fr'],
      cc: [],
      subject: 'Compte rendu',
      request_read_receipt: true,
      patient_ins: null,
    });
    expect(sent.body_html).toContain('<div class="medimail-signature" data-signature-id="3">');
    expect(onSent).toHaveBeenCalledWith(entry);
    expect(onSent.mock.invocationCallOrder[0]).toBeLessThan(onClose.mock.invocationCallOrder[0]!);
  });

  it('sends with Ctrl+Enter, from the body too', async () => {
    const { user, onSent } = setup();
    const editor = await screen.findByTestId('compose-editor');
    await user.type(screen.getByTestId('compose-to'), 'a@b.fr');
    await user.type(screen.getByTestId('compose-subject'), 'Vite');
    editor.focus();
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => expect(onSent).toHaveBeenCalledWith(entry));
    // Ctrl+Enter did not also become a line break in the body.
    expect(editor.querySelector('p')?.querySelectorAll('br:not(.ProseMirror-trailingBreak)')).toHaveLength(0);
  });

  it('sends an opened draft with sendDraft, so that it leaves the drafts', async () => {
    const c = composition({ to: ['a@b.fr'], subject: 'Suivi', body_html: '<p>Bonjour</p>' });
    const { user, onSent } = setup({ mode: 'pro', composition: c, draftId: 12, signatureId: null });
    await screen.findByTestId('compose-editor');
    await user.click(screen.getByTestId('compose-send'));
    await waitFor(() => expect(onSent).toHaveBeenCalledWith(entry));
    expect(api.sendDraft).toHaveBeenCalledWith(12);
    expect(api.sendMessage).not.toHaveBeenCalled();
  });

  it('shows the busy state while sending and keeps the window on failure', async () => {
    let fail: (e: unknown) => void = () => {};
    api.sendMessage.mockImplementation(() => new Promise((_, reject) => (fail = reject)));
    const { user, onError, onClose } = setup();
    await screen.findByTestId('compose-editor');
    await user.type(screen.getByTestId('compose-to'), 'a@b.fr');
    await user.type(screen.getByTestId('compose-subject'), 'x');
    await user.click(screen.getByTestId('compose-send'));
    const send = screen.getByTestId('compose-send');
    await waitFor(() => expect(send).toHaveTextContent('Envoi…'));
    expect(send).toBeDisabled();
    expect(screen.getByTestId('compose')).toHaveAttribute('aria-busy', 'true');
    fail({ code: 'network', message: 'down' });
    await waitFor(() => expect(onError).toHaveBeenCalledWith({ code: 'network', message: 'down' }));
    expect(send).toBeEnabled();
    expect(onClose).not.toHaveBeenCalled();
  });

  it('saves the draft a moment after a change and says so', async () => {
    const { user } = setup({ mode: 'pro' }, { autosaveDelay: 30, autosaveMaxWait: 1000 });
    await screen.findByTestId('compose-editor');
    const state = screen.getByTestId('compose-draft-state');
    expect(state).toHaveTextContent('Aucune modification');
    expect(state).toHaveAttribute('aria-live', 'polite');
    await user.type(screen.getByTestId('compose-subject'), 'Résultats');
    await waitFor(() => expect(api.saveDraft).toHaveBeenCalled());
    await waitFor(() => expect(state).toHaveTextContent(/^Brouillon enregistré à \d\d:\d\d$/));
    const [saved, draftId, signatureId, acc] = api.saveDraft.mock.calls.at(-1)!;
    expect(saved.subject).toBe('Résultats');
    expect([draftId === null || draftId === 41, signatureId, acc]).toEqual([true, 3, account.email]);
    const calls = api.saveDraft.mock.calls.length;
    await user.type(screen.getByTestId('compose-subject'), ' sanguins');
    await waitFor(() => expect(api.saveDraft.mock.calls.length).toBeGreaterThan(calls));
    expect(api.saveDraft.mock.calls.at(-1)![1]).toBe(41);
  });

  it('shows unsaved changes until the save', async () => {
    setup({ mode: 'pro' }, { autosaveDelay: 60_000, autosaveMaxWait: 60_000 });
    const user = userEvent.setup();
    await screen.findByTestId('compose-editor');
    await user.type(screen.getByTestId('compose-subject'), 'x');
    expect(screen.getByTestId('compose-draft-state')).toHaveTextContent('Modifications non enregistrées');
    expect(api.saveDraft).not.toHaveBeenCalled();
  });

  it('saves before closing, with the button or Escape', async () => {
    const { user, onClose } = setup({ mode: 'pro' }, { autosaveDelay: 60_000, autosaveMaxWait: 60_000 });
    await screen.findByTestId('compose-editor');
    await user.type(screen.getByTestId('compose-subject'), 'À garder');
    await user.keyboard('{Escape}');
    await waitFor(() => expect(onClose).toHaveBeenCalledOnce());
    expect(api.saveDraft).toHaveBeenCalledOnce();
    expect(api.saveDraft.mock.calls[0]![0].subject).toBe('À garder');
    expect(api.saveDraft.mock.invocationCallOrder[0]).toBeLessThan(onClose.mock.invocationCallOrder[0]!);
  });

  it('closes without saving when nothing changed', async () => {
    const { user, onClose } = setup();
    await screen.findByTestId('compose-editor');
    await user.click(screen.getByTestId('compose-close'));
    await waitFor(() => expect(onClose).toHaveBeenCalledOnce());
    expect(api.saveDraft).not.toHaveBeenCalled();
  });

  it('does not close when the draft cannot be saved, unless asked to', async () => {
    api.saveDraft.mockRejectedValue({ code: 'store', message: 'disk full' });
    const { user, onClose } = setup({ mode: 'pro' }, { autosaveDelay: 60_000, autosaveMaxWait: 60_000 });
    await screen.findByTestId('compose-editor');
    await user.type(screen.getByTestId('compose-subject'), 'x');
    await user.click(screen.getByTestId('compose-close'));
    const dialog = await screen.findByTestId('compose-close-failed-dialog');
    expect(dialog).toHaveAttribute('role', 'alertdialog');
    expect(onClose).not.toHaveBeenCalled();
    await user.click(screen.getByTestId('compose-close-force'));
    expect(onClose).toHaveBeenCalledOnce();
  });

  it('saves when the window is hidden or closed', async () => {
    setup({ mode: 'pro' }, { autosaveDelay: 60_000, autosaveMaxWait: 60_000 });
    const user = userEvent.setup();
    await screen.findByTestId('compose-editor');
    await user.type(screen.getByTestId('compose-subject'), 'x');
    window.dispatchEvent(new Event('pagehide'));
    await waitFor(() => expect(api.saveDraft).toHaveBeenCalledOnce());
    await user.type(screen.getByTestId('compose-subject'), 'y');
    window.dispatchEvent(new Event('beforeunload'));
    await waitFor(() => expect(api.saveDraft).toHaveBeenCalledTimes(2));
  });

  it('saves the draft when the window is removed without closing', async () => {
    const user = userEvent.setup();
    const { unmount } = render(Compose, {
      start: { mode: 'pro' },
      account,
      onClose: vi.fn(),
      onSent: vi.fn(),
      onError: vi.fn(),
      autosaveDelay: 60_000,
      autosaveMaxWait: 60_000,
    });
    await screen.findByTestId('compose-editor');
    await user.type(screen.getByTestId('compose-subject'), 'Ne pas perdre');
    unmount();
    await waitFor(() => expect(api.saveDraft).toHaveBeenCalledOnce());
    expect(api.saveDraft.mock.calls[0]![0].subject).toBe('Ne pas perdre');
  });

  it('deletes the draft after confirmation', async () => {
    const c = composition({ to: ['a@b.fr'], subject: 'Brouillon', body_html: '<p>x</p>' });
    const { user, onClose } = setup({ mode: 'pro', composition: c, draftId: 7 });
    await screen.findByTestId('compose-editor');
    await user.click(screen.getByTestId('compose-discard'));
    const dialog = screen.getByTestId('compose-discard-dialog');
    expect(dialog).toHaveTextContent('Supprimer ce brouillon ?');
    await user.click(within(dialog).getByRole('button', { name: 'Annuler' }));
    expect(api.deleteDraft).not.toHaveBeenCalled();
    await user.click(screen.getByTestId('compose-discard'));
    await user.click(screen.getByTestId('compose-discard-confirm'));
    await waitFor(() => expect(onClose).toHaveBeenCalledOnce());
    expect(api.deleteDraft).toHaveBeenCalledWith(7);
    expect(api.saveDraft).not.toHaveBeenCalled();
  });

  it('opens a reply with the quote and the cursor at the top of the body', async () => {
    const reply = composition({
      to: ['Dr A <a@chu.mssante.fr>'],
      subject: 'RE: Patient X',
      in_reply_to: 'orig@chu',
      references: ['orig@chu'],
      body_text: '\n\nLe 12 mars, Dr A a écrit :\n> Bonjour\n',
      body_html: '<p><br></p>\n<div class="moz-cite-prefix">Le 12 mars 2025, Dr A a écrit :</div>\n<blockquote type="cite">\nBonjour<br>\nPouvez-vous me rappeler ?\n</blockquote>\n',
    });
    const { user } = setup({ mode: 'pro', composition: reply });
    const editor = await screen.findByTestId('compose-editor');
    expect(api.newComposition).not.toHaveBeenCalled();
    expect(editor).toHaveTextContent('Pouvez-vous me rappeler ?');
    expect(editor.querySelector('blockquote')).not.toBeNull();
    await waitFor(() => expect(editor).toHaveFocus());
    expect(screen.getAllByTestId('recipient-chip').map((c) => c.dataset.address)).toEqual(['a@chu.mssante.fr']);
    await user.click(screen.getByTestId('compose-send'));
    await waitFor(() => expect(api.sendMessage).toHaveBeenCalled());
    const sent = api.sendMessage.mock.calls[0]![0];
    expect(sent).toMatchObject({ in_reply_to: 'orig@chu', references: ['orig@chu'], body_text: '' });
    expect(sent.body_html).toContain('<blockquote type="cite">');
    expect(sent.body_html).toContain('<div class="moz-cite-prefix">');
  });

  it('saves nothing for a reply opened and left untouched', async () => {
    const reply = composition({
      to: ['a@chu.mssante.fr'],
      subject: 'RE: x',
      body_html: '<p>Bonjour <span style="color: rgb(192, 57, 43)">merci</span></p><div class="moz-cite-prefix">A a écrit :</div><blockquote type="cite">Texte</blockquote>',
    });
    setup({ mode: 'pro', composition: reply }, { autosaveDelay: 20, autosaveMaxWait: 100 });
    await screen.findByTestId('compose-editor');
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(api.saveDraft).not.toHaveBeenCalled();
    expect(screen.getByTestId('compose-draft-state')).toHaveTextContent('Aucune modification');
  });

  it('attaches files from the button’s file input and removes them', async () => {
    const { user } = setup();
    await screen.findByTestId('compose-editor');
    const input = screen.getByTestId('compose-file-input') as HTMLInputElement;
    expect(input.type).toBe('file');
    const click = vi.spyOn(input, 'click');
    await user.click(screen.getByTestId('compose-attach'));
    expect(click).toHaveBeenCalled();
    await user.upload(input, [new File(['%PDF-1.4 contenu'], 'compte-rendu.pdf', { type: 'application/pdf' })]);
    const item = await screen.findByTestId('attachment-item');
    expect(item).toHaveTextContent('compte-rendu.pdf');
    expect(item).toHaveTextContent('16 o');
    await user.type(screen.getByTestId('compose-to'), 'a@b.fr');
    await user.click(screen.getByTestId('compose-send'));
    await waitFor(() => expect(api.sendMessage).toHaveBeenCalled());
    expect(api.sendMessage.mock.calls[0]![0].attachments).toEqual([
      { file_name: 'compte-rendu.pdf', mime_type: 'application/pdf', content: btoa('%PDF-1.4 contenu'), inline_content_id: null },
    ]);
  });

  it('attaches files dropped on the compose area', async () => {
    setup();
    await screen.findByTestId('compose-editor');
    const root = screen.getByTestId('compose');
    const file = new File(['abc'], 'ordonnance.txt', { type: 'text/plain' });
    const dataTransfer = { types: ['Files'], files: [file], dropEffect: 'none' };
    const over = new Event('dragover', { bubbles: true, cancelable: true });
    Object.assign(over, { dataTransfer });
    root.dispatchEvent(over);
    expect(over.defaultPrevented).toBe(true);
    await waitFor(() => expect(screen.getByText('Déposez les fichiers ici pour les joindre au message')).toBeInTheDocument());
    const drop = new Event('drop', { bubbles: true, cancelable: true });
    Object.assign(drop, { dataTransfer });
    root.dispatchEvent(drop);
    expect(await screen.findByTestId('attachment-item')).toHaveTextContent('ordonnance.txt');
    const user = userEvent.setup();
    await user.click(screen.getByRole('button', { name: 'Retirer la pièce jointe ordonnance.txt' }));
    expect(screen.queryByTestId('attachment-item')).not.toBeInTheDocument();
  });

  it('sends an inserted image as an inline part referenced by cid:', async () => {
    const { user } = setup();
    await screen.findByTestId('compose-editor');
    await user.upload(screen.getByTestId('toolbar-image-input'), new File(['PNGDATA'], 'radio.png', { type: 'image/png' }));
    const shown = () => screen.getByTestId('compose-editor').querySelector('img:not(.ProseMirror-separator)');
    await waitFor(() => expect(shown()).not.toBeNull());
    expect(shown()?.getAttribute('src')).toBe(`data:image/png;base64,${btoa('PNGDATA')}`);
    await user.type(screen.getByTestId('compose-to'), 'a@b.fr');
    await user.click(screen.getByTestId('compose-send'));
    await waitFor(() => expect(api.sendMessage).toHaveBeenCalled());
    const sent = api.sendMessage.mock.calls[0]![0];
    const image = sent.attachments.find((a) => a.inline_content_id);
    expect(image).toMatchObject({ file_name: 'radio.png', mime_type: 'image/png', content: btoa('PNGDATA') });
    expect(sent.body_html).toContain(`src="cid:${image!.inline_content_id}"`);
    expect(screen.queryByTestId('attachment-item')).not.toBeInTheDocument();
  });

  it('swaps the signature through applySignature', async () => {
    api.listSignatures.mockResolvedValue([
      { id: 3, account: account.email, title: 'Cabinet', html: 'Dr Vives', text: 'Dr Vives', is_default: true, created_at: 0, updated_at: 0 },
      { id: 4, account: account.email, title: 'Hôpital', html: 'Dr N. Vives, CHU', text: 'Dr N. Vives, CHU', is_default: false, created_at: 0, updated_at: 0 },
    ]);
    api.applySignature.mockImplementation(async (c) => ({
      ...c,
      body_text: '-- \nDr N. Vives, CHU',
      body_html: '<p></p><div class="medimail-signature" data-signature-id="4">-- <br>\nDr N. Vives, CHU</div>',
    }));
    const { user } = setup();
    const editor = await screen.findByTestId('compose-editor');
    await user.click(screen.getByTestId('toolbar-signature'));
    const menu = await screen.findByRole('menu', { name: 'Insérer une signature' });
    const options = within(menu).getAllByRole('menuitemradio');
    expect(options.map((o) => o.textContent?.replace(/\s+/g, ' ').trim())).toEqual(['✓ Cabinet (par défaut)', 'Hôpital', 'Sans signature']);
    expect(options[0]).toHaveAttribute('aria-checked', 'true');
    await user.click(options[1]!);
    await waitFor(() => expect(editor).toHaveTextContent('Dr N. Vives, CHU'));
    expect(api.applySignature).toHaveBeenCalledWith(expect.objectContaining({ mode: 'pro' }), 3, 4);
    expect(api.listSignatures).toHaveBeenCalledWith(account.email);
  });
});

describe('Compose, patient mode', () => {
  const patient = () => draft(composition({ mode: 'patient' }));

  it('shows the patient form: INS, no CC, Clore l’échange, read receipt always asked', async () => {
    api.newComposition.mockResolvedValue(patient());
    setup({ mode: 'patient' });
    await screen.findByTestId('compose-editor');
    expect(api.newComposition).toHaveBeenCalledWith('patient', account.email);
    expect(screen.getByRole('heading', { name: 'Nouveau message Patient' })).toBeInTheDocument();
    expect(screen.getByTestId('compose-ins')).toBeInTheDocument();
    expect(screen.queryByTestId('compose-to')).not.toBeInTheDocument();
    expect(screen.queryByTestId('compose-cc')).not.toBeInTheDocument();
    expect(screen.getByText(/Pas de champ « copie »/)).toBeInTheDocument();
    expect(screen.getByLabelText('Clore l’échange')).not.toBeChecked();
    const receipt = screen.getByTestId('compose-receipt');
    expect(receipt).toBeChecked();
    expect(receipt).toBeDisabled();
    expect(screen.getByText(/Toujours demandé pour un patient/)).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('compose-ins')).toHaveFocus());
  });

  it('groups the INS and shows the engine’s sentence about it as it is typed', async () => {
    api.newComposition.mockResolvedValue(patient());
    api.checkComposition.mockImplementation(async (c) =>
      c.patient_ins?.replace(/\s/g, '') === '185057800608437'
        ? [
            problem(
              { kind: 'ins', error: { kind: 'bad_key', expected: 36, found: 37 } },
              'problem-ins-bad_key',
              { expected: '36', found: '37' },
            ),
            problem({ kind: 'missing_subject' }, 'problem-missing_subject'),
          ]
        : [],
    );
    const { user } = setup({ mode: 'patient' });
    await screen.findByTestId('compose-editor');
    const ins = screen.getByTestId('compose-ins');
    await user.type(ins, '185057800608437');
    expect(ins).toHaveValue('1 85 05 78 006 084 37');
    const message = screen.getByTestId('compose-ins-message');
    await waitFor(() => expect(message).toHaveTextContent('Clé incorrecte : attendue 36, saisie 37.'));
    expect(message).not.toHaveTextContent('objet');
    expect(ins).toHaveAttribute('aria-invalid', 'true');
    await user.type(ins, '{Backspace}6');
    await waitFor(() => expect(message).toHaveTextContent('INS valide.'));
  });

  it('sends a patient message with the INS, the closing choice and a receipt', async () => {
    api.newComposition.mockResolvedValue(patient());
    const { user, onSent } = setup({ mode: 'patient' });
    await screen.findByTestId('compose-editor');
    await user.type(screen.getByTestId('compose-ins'), '185057800608436');
    await user.type(screen.getByTestId('compose-subject'), 'Vos résultats');
    await user.click(screen.getByLabelText('Clore l’échange'));
    await user.click(screen.getByTestId('compose-send'));
    await waitFor(() => expect(onSent).toHaveBeenCalled());
    expect(api.sendMessage.mock.calls[0]![0]).toMatchObject({
      mode: 'patient',
      to: [],
      cc: [],
      patient_ins: '1 85 05 78 006 084 36',
      request_read_receipt: true,
      close_exchange: true,
    });
  });

  it('warns an account that may not write to patients', async () => {
    api.newComposition.mockResolvedValue(patient());
    const user = userEvent.setup();
    render(Compose, {
      start: { mode: 'patient' },
      account: { ...account, kind: 'interne', may_write_to_patients: false },
      onClose: vi.fn(),
      onSent: vi.fn(),
      onError: vi.fn(),
    });
    await screen.findByTestId('compose-editor');
    expect(screen.getByText(/ne peut pas écrire aux patients/)).toBeInTheDocument();
    void user;
  });
});
