import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import type { SharedAccess } from '../../lib/bindings/SharedAccess';

vi.mock('../../lib/backend', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../lib/backend')>();
  return { ...original, sharedAccess: vi.fn(), grantShared: vi.fn(), revokeShared: vi.fn() };
});

import * as backend from '../../lib/backend';
import SharedMembersCard from './SharedMembersCard.svelte';

const api = vi.mocked(backend);
const BOX = 'secretariat@cabinet.mssante.fr';
const member = (identifier: string) => ({ identifier, rights: 'lrwstipekx', administrator: false });
const ADMIN: SharedAccess = {
  address: BOX,
  connection_address: BOX,
  may_administer: true,
  members: [member('jean.dupont@cabinet.mssante.fr'), member('nathalie.girard@cabinet.mssante.fr')],
};

beforeEach(() => {
  vi.clearAllMocks();
});

describe('Comptes de connexion d’une boîte organisationnelle', () => {
  it('shows the connection address and the accounts that may open it', async () => {
    api.sharedAccess.mockResolvedValue(ADMIN);
    render(SharedMembersCard, { mailbox: BOX });
    expect(await screen.findByTestId('settings-shared-connection')).toHaveValue(BOX);
    const rows = screen.getAllByTestId('settings-shared-member');
    expect(rows.map((r) => within(r).getByRole('rowheader').textContent)).toEqual(ADMIN.members.map((m) => m.identifier));
  });

  it('adds several accounts, comma-separated, and removes one', async () => {
    const user = userEvent.setup();
    api.sharedAccess.mockResolvedValue(ADMIN);
    api.grantShared.mockResolvedValue({ ...ADMIN, members: [...ADMIN.members, member('a@x.fr'), member('b@x.fr')] });
    api.revokeShared.mockResolvedValue({ ...ADMIN, members: [ADMIN.members[0]!] });
    render(SharedMembersCard, { mailbox: BOX });
    const field = await screen.findByLabelText('Compte de connexion');
    await user.type(field, 'a@x.fr, b@x.fr');
    await user.click(screen.getByTestId('settings-shared-add'));
    expect(api.grantShared).toHaveBeenCalledWith(BOX, 'a@x.fr, b@x.fr');
    await waitFor(() => expect(screen.getAllByTestId('settings-shared-member')).toHaveLength(4));
    expect(field).toHaveValue('');
    await user.click(screen.getByRole('button', { name: 'Supprimer l’accès de nathalie.girard@cabinet.mssante.fr' }));
    expect(api.revokeShared).toHaveBeenCalledWith(BOX, 'nathalie.girard@cabinet.mssante.fr');
    await waitFor(() => expect(screen.getAllByTestId('settings-shared-member')).toHaveLength(1));
    expect(screen.getByTestId('settings-shared-status')).toHaveTextContent('Accès retiré à nathalie.girard@cabinet.mssante.fr');
    expect(field).toHaveFocus();
  });

  it('is read-only, with the reason, for a member who does not administer the box', async () => {
    api.sharedAccess.mockResolvedValue({ ...ADMIN, may_administer: false, members: [] });
    render(SharedMembersCard, { mailbox: BOX });
    expect(await screen.findByTestId('settings-shared-readonly')).toHaveTextContent('Seul un administrateur de la boîte organisationnelle');
    expect(screen.queryByTestId('settings-shared-add')).not.toBeInTheDocument();
  });

  it('says the server’s refusal in French', async () => {
    const user = userEvent.setup();
    api.sharedAccess.mockResolvedValue(ADMIN);
    api.grantShared.mockRejectedValue({ code: 'shared_admin_refused', message: 'x' });
    render(SharedMembersCard, { mailbox: BOX });
    await user.type(await screen.findByLabelText('Compte de connexion'), 'a@x.fr');
    await user.click(screen.getByTestId('settings-shared-add'));
    expect(await screen.findByTestId('settings-shared-error')).toHaveTextContent('Seul un administrateur de cette boîte organisationnelle');
  });
});
