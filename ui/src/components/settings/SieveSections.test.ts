import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import type { AccountInfo } from '../../lib/bindings/AccountInfo';
import type { SieveSettings } from '../../lib/bindings/SieveSettings';
import { setLocale } from '../../lib/i18n/index.svelte';

vi.mock('../../lib/backend', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../lib/backend')>();
  return { ...original, sieveSettings: vi.fn(), setAutoReply: vi.fn(), addForward: vi.fn(), removeForward: vi.fn() };
});

// TipTap needs a real browser: a textarea with the same props.
vi.mock('../compose/RichEditor.svelte', async () => ({
  default: (await import('./testing/RichEditorStub.svelte')).default,
}));

import * as backend from '../../lib/backend';
import AutoReplySection from './AutoReplySection.svelte';
import ForwardingSection from './ForwardingSection.svelte';

const mocked = vi.mocked(backend);

const ACCOUNT: AccountInfo = {
  email: 'jean.dupont@medimail.test',
  display_name: 'Dr Jean Dupont',
  kind: 'personnel',
  may_write_to_patients: true,
  login: 'jean.dupont@medimail.test',
  imap: 'imap.medimail.test:993',
  smtp: 'smtp.medimail.test:465',
  auth: 'password',
  practitioner_id: null,
  password_reset_url: null,
};

function settings(partial: Partial<SieveSettings> = {}): SieveSettings {
  return {
    auto_reply: { enabled: false, start: null, end: null, subject: '', html: '' },
    forwards: [],
    ...partial,
  };
}

beforeEach(() => {
  setLocale('fr');
  vi.resetAllMocks();
});

describe('AutoReplySection', () => {
  it('reads the server’s auto-reply and saves the one typed, dates in UTC', async () => {
    mocked.sieveSettings.mockResolvedValue(
      settings({ auto_reply: { enabled: false, start: null, end: null, subject: 'Ancien', html: '<p>Ancien</p>' } }),
    );
    mocked.setAutoReply.mockImplementation(async (reply) => settings({ auto_reply: reply }));
    const user = userEvent.setup();
    render(AutoReplySection, { account: ACCOUNT });
    const subject = await screen.findByLabelText(/Objet/);
    expect(subject).toHaveValue('Ancien');
    expect(screen.getByLabelText('Désactiver la réponse automatique')).toBeChecked();

    await user.click(screen.getByLabelText('Activer la réponse automatique'));
    await user.clear(subject);
    await user.type(subject, 'Absent du cabinet');
    await user.type(screen.getByLabelText(/Début/), '2026-12-24T08:00');
    await user.click(screen.getByRole('button', { name: 'Enregistrer' }));

    await waitFor(() => expect(mocked.setAutoReply).toHaveBeenCalled());
    const [reply, account] = mocked.setAutoReply.mock.calls[0]!;
    expect(account).toBe(ACCOUNT.email);
    expect(reply.enabled).toBe(true);
    expect(reply.subject).toBe('Absent du cabinet');
    expect(reply.start).toBe(new Date('2026-12-24T08:00').toISOString().replace('.000Z', 'Z'));
    expect(reply.end).toBeNull();
    expect(await screen.findByTestId('autoreply-status')).toHaveTextContent('enregistrée et activée');
  });

  it('shows the server’s refusal in French', async () => {
    mocked.sieveSettings.mockResolvedValue(settings());
    mocked.setAutoReply.mockRejectedValue({ code: 'sieve_script_refused', message: 'refused' });
    const user = userEvent.setup();
    render(AutoReplySection, { account: ACCOUNT });
    await user.click(await screen.findByRole('button', { name: 'Enregistrer' }));
    expect(await screen.findByRole('alert')).toHaveTextContent('Le serveur de messagerie a refusé les règles');
  });
});

describe('ForwardingSection', () => {
  it('lists, adds and removes forwards, saying so to screen readers', async () => {
    mocked.sieveSettings.mockResolvedValue(settings({ forwards: ['a@medimail.test'] }));
    mocked.addForward.mockResolvedValue(settings({ forwards: ['a@medimail.test', 'nathalie.girard@medimail.test'] }));
    mocked.removeForward.mockResolvedValue(settings({ forwards: ['nathalie.girard@medimail.test'] }));
    const user = userEvent.setup();
    render(ForwardingSection, { account: ACCOUNT });
    expect(await screen.findByText('a@medimail.test')).toBeInTheDocument();

    await user.type(screen.getByLabelText('Adresse email de redirection'), 'nathalie.girard@medimail.test{Enter}');
    await waitFor(() => expect(mocked.addForward).toHaveBeenCalledWith('nathalie.girard@medimail.test', ACCOUNT.email));
    expect(await screen.findByTestId('forwarding-status')).toHaveTextContent('nathalie.girard@medimail.test ajouté');
    expect(screen.getByLabelText('Adresse email de redirection')).toHaveValue('');

    await user.click(screen.getByRole('button', { name: 'Supprimer le transfert vers a@medimail.test' }));
    await waitFor(() => expect(mocked.removeForward).toHaveBeenCalledWith('a@medimail.test', ACCOUNT.email));
    await waitFor(() => expect(screen.queryByText('a@medimail.test')).not.toBeInTheDocument());
    expect(screen.getByLabelText('Adresse email de redirection')).toHaveFocus();
  });

  it('shows a refused address with its reason', async () => {
    mocked.sieveSettings.mockResolvedValue(settings());
    mocked.addForward.mockRejectedValue({
      code: 'invalid_input',
      message: 'refused',
      details: [{ key: 'sieve-forward-self', args: { address: ACCOUNT.email } }],
    });
    const user = userEvent.setup();
    render(ForwardingSection, { account: ACCOUNT });
    expect(await screen.findByTestId('forwarding-none')).toBeInTheDocument();
    await user.type(screen.getByLabelText('Adresse email de redirection'), `${ACCOUNT.email}{Enter}`);
    expect(await screen.findByRole('alert')).toHaveTextContent('vers votre propre adresse');
  });
});
