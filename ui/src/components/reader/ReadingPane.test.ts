import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { mockIPC } from '@tauri-apps/api/mocks';
import { emit } from '@tauri-apps/api/event';
import ReadingPane from '../ReadingPane.svelte';
import type { MessageDetail } from '../../lib/backend';

function message(overrides: Partial<MessageDetail> = {}, summary: Partial<MessageDetail['summary']> = {}): MessageDetail {
  return {
    summary: {
      id: 5,
      account: 'dr.vives@medimail.fr',
      message_id: 'abc@x',
      folder: 'INBOX',
      from: 'anne.martin@ch-toulouse.fr',
      from_name: 'Dr Anne Martin',
      to: ['dr.vives@medimail.fr'],
      cc: ['Secrétariat <secretariat@ch-toulouse.fr>'],
      subject: 'Compte rendu de consultation',
      date: Date.UTC(2025, 2, 12, 14, 44, 23) / 1000,
      seen: false,
      flagged: false,
      flag_color: null,
      has_attachments: true,
      on_server: true,
      size: 1000,
      open_state: null,
      ...summary,
    },
    reply_to: [],
    body_text: 'Bonjour',
    attachments: [
      { name: 'compte-rendu.pdf', mime_type: 'application/pdf', size: 153600, may_open: true, archive: null, title: null, patient: null },
      { name: 'setup.exe', mime_type: 'application/octet-stream', size: 2048, may_open: false, archive: null, title: null, patient: null },
    ],
    problems: [],
    has_html: true,
    remote_content: true,
    ...overrides,
  };
}

type Calls = { cmd: string; args: Record<string, unknown> }[];

function backend(detail: MessageDetail, answers: Record<string, unknown> = {}): Calls {
  const calls: Calls = [];
  mockIPC(
    (cmd, args) => {
      calls.push({ cmd, args: (args ?? {}) as Record<string, unknown> });
      if (cmd in answers) {
        const answer = answers[cmd];
        if (answer instanceof Error) throw { code: 'not_found', message: answer.message };
        return answer;
      }
      switch (cmd) {
        case 'message_detail':
          return detail;
        case 'message_opened':
          return 'not_requested';
        case 'reply_composition':
        case 'forward_composition':
          return { subject: cmd === 'reply_composition' ? 'RE: x' : 'TR: x' };
        default:
          return null;
      }
    },
    { shouldMockEvents: true },
  );
  return calls;
}

function setup(detail = message(), answers: Record<string, unknown> = {}) {
  const calls = backend(detail, answers);
  const props = {
    messageId: detail.summary.id as number | null,
    onReply: vi.fn(),
    onForward: vi.fn(),
    onChanged: vi.fn(),
    onError: vi.fn(),
  };
  const user = userEvent.setup();
  const view = render(ReadingPane, props);
  return { calls, props, user, view };
}

describe('ReadingPane', () => {
  it('invites to pick a message when none is selected', () => {
    render(ReadingPane, { messageId: null, onReply: vi.fn(), onForward: vi.fn(), onChanged: vi.fn(), onError: vi.fn() });
    expect(screen.getByTestId('reading-pane')).toHaveTextContent('Sélectionnez un message pour le lire');
  });

  it('shows the header the manual describes', async () => {
    setup();
    expect(await screen.findByTestId('reader-subject')).toHaveTextContent('Compte rendu de consultation');
    expect(screen.getByTestId('reader-from')).toHaveTextContent('Dr Anne Martin');
    expect(screen.getByTestId('reader-from')).toHaveTextContent('anne.martin@ch-toulouse.fr');
    expect(screen.getByTestId('reader-to')).toHaveTextContent('dr.vives@medimail.fr');
    expect(screen.getByTestId('reader-cc')).toHaveTextContent('Secrétariat <secretariat@ch-toulouse.fr>');
    expect(screen.getByTestId('reader-date').textContent).toMatch(/^Envoyé le \S+ \d{1,2} mars 2025 à \d\d:44:23$/);
    for (const id of ['reply', 'reply-all', 'forward', 'print', 'download']) {
      expect(screen.getByTestId(id)).toBeEnabled();
    }
    expect(screen.getByTestId('reply')).toHaveTextContent('Répondre');
    expect(screen.getByTestId('reply-all')).toHaveTextContent('Répondre à tous');
    expect(screen.getByTestId('forward')).toHaveTextContent('Transférer');
  });

  it('renders the body in a sandboxed frame of the mail view, without script', async () => {
    setup();
    const frame = await screen.findByTestId('reader-body');
    expect(frame.tagName).toBe('IFRAME');
    expect(frame).toHaveAttribute('sandbox', '');
    expect(frame).toHaveAttribute('referrerpolicy', 'no-referrer');
    expect(frame).toHaveAttribute('src', 'mailview://localhost/message/5');
    expect(frame).toHaveAttribute('title', 'Contenu du message');
  });

  it('blocks remote images until "Afficher les images"', async () => {
    const { user } = setup();
    const button = await screen.findByTestId('show-images');
    expect(screen.getByText('Des images distantes ont été bloquées pour protéger votre vie privée.')).toBeInTheDocument();
    await user.click(button);
    expect(screen.getByTestId('reader-body')).toHaveAttribute('src', 'mailview://localhost/message/5?remote=1');
    expect(screen.queryByTestId('show-images')).not.toBeInTheDocument();
  });

  it('has no banner when nothing remote was blocked', async () => {
    setup(message({ remote_content: false }));
    await screen.findByTestId('reader-body');
    expect(screen.queryByTestId('show-images')).not.toBeInTheDocument();
  });

  it('marks the message opened and tells the list', async () => {
    const { calls, props } = setup();
    await waitFor(() => expect(props.onChanged).toHaveBeenCalled());
    expect(calls.find((c) => c.cmd === 'message_opened')?.args).toEqual({ id: 5 });
  });

  it('asks before sending a requested read receipt', async () => {
    const { calls, user } = setup(message(), { message_opened: 'ask_user', send_read_receipt: 'sent' });
    const prompt = await screen.findByTestId('receipt-prompt');
    expect(prompt).toHaveTextContent('L’expéditeur demande un accusé de lecture');
    await user.click(within(prompt).getByRole('button', { name: 'Envoyer' }));
    await waitFor(() => expect(screen.queryByTestId('receipt-prompt')).not.toBeInTheDocument());
    expect(calls.filter((c) => c.cmd === 'send_read_receipt')).toHaveLength(1);
    expect(screen.getByText('Accusé de lecture envoyé.')).toHaveAttribute('role', 'status');
  });

  it('declining the read receipt sends nothing', async () => {
    const { calls, user } = setup(message(), { message_opened: 'ask_user' });
    await user.click(await screen.findByTestId('receipt-decline'));
    expect(screen.queryByTestId('receipt-prompt')).not.toBeInTheDocument();
    expect(calls.some((c) => c.cmd === 'send_read_receipt')).toBe(false);
  });

  it('starts a reply, a reply to all and a forward', async () => {
    const { calls, props, user } = setup();
    await user.click(await screen.findByTestId('reply'));
    await waitFor(() => expect(props.onReply).toHaveBeenCalledWith({ subject: 'RE: x' }));
    await user.click(screen.getByTestId('reply-all'));
    await waitFor(() => expect(props.onReply).toHaveBeenCalledTimes(2));
    expect(calls.filter((c) => c.cmd === 'reply_composition').map((c) => c.args)).toEqual([
      { id: 5, all: false },
      { id: 5, all: true },
    ]);
    await user.click(screen.getByTestId('forward'));
    await waitFor(() => expect(props.onForward).toHaveBeenCalledWith({ subject: 'TR: x' }));
  });

  it('lists the attachments and opens, saves and saves them all', async () => {
    const { calls, user } = setup(message(), { save_attachment: '/home/x/compte-rendu.pdf', save_all_attachments: 2 });
    const items = await screen.findAllByTestId('attachment');
    expect(items).toHaveLength(2);
    expect(items[0]).toHaveAttribute('data-index', '0');
    expect(items[0]).toHaveTextContent('compte-rendu.pdf');
    expect(items[0]).toHaveTextContent('150 Ko');
    await user.click(within(items[0]!).getByTestId('attachment-open'));
    await waitFor(() => expect(calls.find((c) => c.cmd === 'open_attachment')?.args).toEqual({ id: 5, index: 0 }));
    await user.click(within(items[0]!).getByTestId('attachment-save'));
    expect(await screen.findByText('Pièce jointe enregistrée : /home/x/compte-rendu.pdf')).toBeInTheDocument();
    await user.click(screen.getByTestId('save-all'));
    expect(await screen.findByText('Pièces jointes enregistrées : 2')).toBeInTheDocument();
  });

  it('shows the documents of a structured message with their title and patient, and opens them', async () => {
    const archived = { archive: 'IHE_XDM.zip', may_open: true };
    const detail = message({
      attachments: [
        { name: 'IHE_XDM.zip', mime_type: 'application/zip', size: 4096, may_open: true, archive: null, title: null, patient: null },
        { ...archived, name: 'DOC0001.XML', mime_type: 'text/xml', size: 2048, title: 'Compte rendu de biologie', patient: 'Jean DUPONT' },
        { ...archived, name: 'DOC0002.PDF', mime_type: 'application/pdf', size: 8192, title: null, patient: null },
      ],
    });
    const { calls, user } = setup(detail);
    const items = await screen.findAllByTestId('attachment');
    expect(items).toHaveLength(3);
    expect(items[1]).toHaveTextContent('Compte rendu de biologie');
    expect(within(items[1]!).getByTestId('attachment-origin')).toHaveTextContent('Patient : Jean DUPONT · DOC0001.XML · dans IHE_XDM.zip');
    expect(within(items[2]!).getByTestId('attachment-origin')).toHaveTextContent('dans IHE_XDM.zip');
    await user.click(within(items[2]!).getByTestId('attachment-open'));
    await waitFor(() => expect(calls.find((c) => c.cmd === 'open_attachment')?.args).toEqual({ id: 5, index: 2 }));
  });

  it('does not open a program attached to a message', async () => {
    const { calls, user } = setup();
    const items = await screen.findAllByTestId('attachment');
    await user.click(within(items[1]!).getByTestId('attachment-open'));
    expect(screen.getByRole('alert')).toHaveTextContent('peut contenir un programme');
    expect(calls.some((c) => c.cmd === 'open_attachment')).toBe(false);
  });

  it('downloads the message', async () => {
    const { calls, user } = setup(message(), { download_messages: '/home/x/cr.eml' });
    await user.click(await screen.findByTestId('download'));
    expect(await screen.findByText('Message enregistré : /home/x/cr.eml')).toBeInTheDocument();
    expect(calls.find((c) => c.cmd === 'download_messages')?.args).toEqual({ ids: [5] });
  });

  it('prints through the print window, with the images the user chose to show', async () => {
    const print = vi.spyOn(window, 'print').mockImplementation(() => {});
    const { calls, user } = setup();
    await user.click(await screen.findByTestId('print'));
    await waitFor(() => expect(calls.find((c) => c.cmd === 'print_message')?.args).toEqual({ id: 5, remote: false, lang: 'fr' }));
    expect(print).not.toHaveBeenCalled();
    print.mockRestore();
  });

  it('shows the timeline of a sent message', async () => {
    setup(message({}, { folder: 'Sent', open_state: 'some_opened', seen: true }), {
      timeline: {
        id: 5,
        message_id: 'abc@x',
        open_state: 'some_opened',
        events: [
          { at: 1_741_790_640, recipient: null, kind: 'sent', text: { key: 'timeline-sent', args: {} }, detail: null },
          { at: 1_741_791_600, recipient: 'a@b.fr', kind: 'opened', text: { key: 'timeline-opened', args: { who: 'a@b.fr' } }, detail: null },
          { at: null, recipient: 'c@d.fr', kind: 'open_unknown', text: { key: 'timeline-open_unknown', args: { who: 'c@d.fr' } }, detail: null },
        ],
      },
    });
    const timeline = await screen.findByTestId('timeline');
    const lines = within(timeline).getAllByRole('listitem').map((li) => li.textContent?.trim());
    expect(lines[0]).toMatch(/^12\/03\/2025 \d{2}:44 : Envoi du message$/);
    expect(lines[1]).toMatch(/^12\/03\/2025 \d{2}:00 : a@b\.fr a ouvert le message$/);
    expect(lines[2]).toBe('Information sur l\'ouverture du message non disponible pour c@d.fr');
  });

  it('has no timeline for a received message', async () => {
    const { calls } = setup();
    await screen.findByTestId('reader-body');
    expect(screen.queryByTestId('timeline')).not.toBeInTheDocument();
    expect(calls.some((c) => c.cmd === 'timeline')).toBe(false);
  });

  it('says so when the message cannot be read', async () => {
    setup(message(), { message_detail: new Error('gone') });
    expect(await screen.findByRole('alert')).toHaveTextContent('L’élément demandé n’existe pas ou plus.');
  });

  it('reports a failed action through onError', async () => {
    const { props, user } = setup(message(), { reply_composition: new Error('gone') });
    await user.click(await screen.findByTestId('reply'));
    await waitFor(() => expect(props.onError).toHaveBeenCalledWith({ code: 'not_found', message: 'gone' }));
  });

  it('asks before opening a clicked link, and opens it only after "Ouvrir"', async () => {
    const { calls, user } = setup();
    await screen.findByTestId('reader-body');
    await emit('mail-link', 'https://xn--80ak6aa92e.com/connexion');
    const dialog = await screen.findByTestId('link-confirm');
    expect(dialog).toHaveAttribute('role', 'dialog');
    expect(dialog).toHaveAttribute('aria-modal', 'true');
    expect(within(dialog).getByTestId('link-address')).toHaveTextContent('https://аррӏе.com/connexion');
    expect(within(dialog).getByText('аррӏе.com').tagName).toBe('STRONG');
    expect(within(dialog).getByTestId('link-warnings')).toHaveTextContent('xn--80ak6aa92e.com');
    await waitFor(() => expect(screen.getByTestId('link-cancel')).toHaveFocus());
    expect(calls.some((c) => c.cmd === 'open_link')).toBe(false);
    await user.click(screen.getByTestId('link-open'));
    await waitFor(() => expect(calls.find((c) => c.cmd === 'open_link')?.args).toEqual({ url: 'https://xn--80ak6aa92e.com/connexion' }));
    expect(screen.queryByTestId('link-confirm')).not.toBeInTheDocument();
  });

  it('Escape cancels the link and keeps the focus inside the dialog meanwhile', async () => {
    const { calls, user } = setup();
    await screen.findByTestId('reader-body');
    await emit('mail-link', 'https://www.ameli.fr/');
    await screen.findByTestId('link-confirm');
    await waitFor(() => expect(screen.getByTestId('link-cancel')).toHaveFocus());
    await user.tab();
    expect(screen.getByTestId('link-open')).toHaveFocus();
    await user.tab();
    expect(screen.getByTestId('link-cancel')).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('link-confirm')).not.toBeInTheDocument();
    expect(calls.some((c) => c.cmd === 'open_link')).toBe(false);
  });

  it('speaks English too', async () => {
    const { setLocale } = await import('../../lib/i18n/index.svelte');
    setLocale('en');
    setup();
    expect(await screen.findByTestId('reply')).toHaveTextContent('Reply');
    expect(screen.getByTestId('reader-date').textContent).toMatch(/^Sent on .*2025 at \d\d:44:23$/);
    expect(screen.getByTestId('show-images')).toHaveTextContent('Show images');
  });
});
