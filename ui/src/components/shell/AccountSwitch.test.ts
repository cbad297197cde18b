import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import type { AccountInfo } from '../../lib/bindings/AccountInfo';

vi.mock('../../lib/backend', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../lib/backend')>();
  return { ...original, sharedMailboxes: vi.fn(), openSharedMailbox: vi.fn() };
});

import * as backend from '../../lib/backend';
import AccountSwitch from './AccountSwitch.svelte';

const api = vi.mocked(backend);
const OWN: AccountInfo = {
  email: 'jean.dupont@cabinet.mssante.fr',
  display_name: 'Dr Jean Dupont',
  kind: 'personnel',
  may_write_to_patients: true,
  login: 'jean.dupont@cabinet.mssante.fr',
  imap: 'imap.test:993',
  smtp: 'smtp.test:465',
  auth: 'password',
  practitioner_id: null,
  password_reset_url: null,
};
const BOX = 'secretariat@cabinet.mssante.fr';
const ORG: AccountInfo = { ...OWN, email: BOX, display_name: null, kind: 'organisationnel', login: BOX, opened_through: OWN.email };

function setup(accounts: AccountInfo[]) {
  const props = { accounts, current: OWN.email, onChoose: vi.fn(), onOpened: vi.fn(), onAdd: vi.fn(), onClose: vi.fn() };
  render(AccountSwitch, props);
  return { user: userEvent.setup(), props };
}

beforeEach(() => vi.clearAllMocks());

describe('Changer de compte', () => {
  it('offers the organisational mailboxes shared with the account and opens one with its sign-in', async () => {
    api.sharedMailboxes.mockResolvedValue([{ address: BOX, through: OWN.email, opened: false }]);
    api.openSharedMailbox.mockResolvedValue(ORG);
    const { user, props } = setup([OWN]);
    const open = await screen.findByRole('button', { name: `Ouvrir la boîte organisationnelle ${BOX}` });
    await user.click(open);
    expect(api.openSharedMailbox).toHaveBeenCalledWith(BOX, OWN.email);
    await waitFor(() => expect(props.onOpened).toHaveBeenCalledWith(ORG));
  });

  it('switches to an organisational mailbox already opened, and says which account opens it', async () => {
    api.sharedMailboxes.mockResolvedValue([{ address: BOX, through: OWN.email, opened: true }]);
    const { user, props } = setup([OWN, ORG]);
    expect(await screen.findByTestId('account-switch-shared-none')).toHaveTextContent('Aucune autre boîte organisationnelle');
    const choice = screen.getAllByTestId('account-choice')[1]!;
    expect(choice).toHaveTextContent(`ouverte par ${OWN.email}`);
    await user.click(choice);
    expect(props.onChoose).toHaveBeenCalledWith(BOX);
  });

  it('says in French why a mailbox could not be opened', async () => {
    api.sharedMailboxes.mockResolvedValue([{ address: BOX, through: OWN.email, opened: false }]);
    api.openSharedMailbox.mockRejectedValue({ code: 'shared_access_refused', message: 'x' });
    const { user, props } = setup([OWN]);
    await user.click(await screen.findByRole('button', { name: `Ouvrir la boîte organisationnelle ${BOX}` }));
    expect(await screen.findByTestId('account-switch-error')).toHaveTextContent('Le serveur ne vous donne pas accès à cette boîte organisationnelle');
    expect(props.onOpened).not.toHaveBeenCalled();
  });
});
