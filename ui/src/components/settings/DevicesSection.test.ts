// "Appareils": the installations that use the account, read from the server; "Révoquer"
// asks first and the list comes back without it; this computer cannot revoke itself; a
// server without a list says so; a revoked computer signs in again with its password.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import type { AccountInfo } from '../../lib/bindings/AccountInfo';
import type { Devices } from '../../lib/bindings/Devices';

vi.mock('../../lib/backend', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../lib/backend')>();
  return { ...original, listDevices: vi.fn(), revokeDevice: vi.fn(), reconnectWithPassword: vi.fn() };
});

import * as backend from '../../lib/backend';
import DevicesSection from './DevicesSection.svelte';

const api = vi.mocked(backend);

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

const TWO: Devices = {
  supported: true,
  devices: [
    { id: 'aa01', name: 'poste-accueil', system: 'linux', last_activity: 1_796_000_000, this_one: true },
    { id: 'bb02', name: 'portable-dupont', system: 'windows', last_activity: 1_795_990_000, this_one: false },
  ],
};

beforeEach(() => {
  vi.clearAllMocks();
  api.listDevices.mockResolvedValue(TWO);
});

describe('Appareils', () => {
  it('lists the installations with their last activity, this computer marked and not revocable', async () => {
    render(DevicesSection, { account: ACCOUNT });
    const table = await screen.findByTestId('devices-table');
    const rows = within(table).getAllByTestId('device-row');
    expect(rows).toHaveLength(2);
    const [here, other] = rows as [HTMLElement, HTMLElement];
    expect(here).toHaveTextContent('poste-accueil');
    expect(within(here).getByTestId('device-this-one')).toHaveTextContent('Cet ordinateur');
    expect(within(here).queryByTestId('device-revoke')).not.toBeInTheDocument();
    expect(other).toHaveTextContent(/portable-dupont.*\(windows\)/);
    expect(other).toHaveTextContent(/^le .* à \d\d:\d\d/);
    expect(within(other).getByRole('button', { name: 'Révoquer l’accès de portable-dupont' })).toBeEnabled();
    expect(api.listDevices).toHaveBeenCalledWith(ACCOUNT.email);
  });

  it('asks before revoking, then shows the list without it', async () => {
    const user = userEvent.setup();
    api.revokeDevice.mockResolvedValue({ supported: true, devices: [TWO.devices[0]!] });
    render(DevicesSection, { account: ACCOUNT });
    await user.click(await screen.findByRole('button', { name: 'Révoquer l’accès de portable-dupont' }));
    const dialog = screen.getByTestId('device-revoke-dialog');
    expect(dialog).toHaveTextContent('Révoquer l’accès de « portable-dupont » ?');
    expect(dialog).toHaveTextContent('oubliera le mot de passe');
    expect(api.revokeDevice).not.toHaveBeenCalled();
    await user.click(screen.getByTestId('device-revoke-confirm'));
    expect(api.revokeDevice).toHaveBeenCalledWith('bb02', ACCOUNT.email);
    await waitFor(() => expect(screen.queryByTestId('device-revoke-dialog')).not.toBeInTheDocument());
    expect(screen.getAllByTestId('device-row')).toHaveLength(1);
    expect(screen.getByTestId('devices-done')).toHaveTextContent('L’accès de « portable-dupont » est révoqué.');
  });

  it('says a refusal in French inside the dialog', async () => {
    const user = userEvent.setup();
    api.revokeDevice.mockRejectedValue({ code: 'network', message: 'connection refused' });
    render(DevicesSection, { account: ACCOUNT });
    await user.click(await screen.findByTestId('device-revoke'));
    await user.click(screen.getByTestId('device-revoke-confirm'));
    const error = await screen.findByTestId('device-revoke-error');
    expect(error).not.toHaveTextContent('connection refused');
    expect(screen.getAllByTestId('device-row')).toHaveLength(2);
  });

  it('says plainly when the server keeps no list, and that the mobile app is not offered here', async () => {
    api.listDevices.mockResolvedValue({ supported: false, devices: [] });
    render(DevicesSection, { account: ACCOUNT });
    expect(await screen.findByTestId('devices-unsupported')).toHaveTextContent('ne conserve pas la liste des appareils');
    expect(screen.queryByTestId('devices-table')).not.toBeInTheDocument();
    expect(screen.getByTestId('devices-mobile')).toHaveTextContent('votre opérateur ne la propose pas');
    expect(screen.queryByText(/prochaine version/)).not.toBeInTheDocument();
  });

  it('offers a revoked computer to sign in again with the password, checked by the server', async () => {
    const user = userEvent.setup();
    const onChanged = vi.fn();
    api.reconnectWithPassword.mockRejectedValueOnce({ code: 'auth_failed', message: 'no' }).mockResolvedValue(ACCOUNT);
    render(DevicesSection, { account: { ...ACCOUNT, revoked: true }, onChanged });
    const card = screen.getByTestId('settings-devices-revoked');
    expect(card).toHaveTextContent('révoqué depuis un autre appareil');
    expect(api.listDevices).not.toHaveBeenCalled();
    await user.click(screen.getByTestId('devices-reconnect'));
    expect(screen.getByTestId('devices-reconnect-error')).toHaveTextContent('Ce champ est obligatoire');
    await user.type(screen.getByLabelText('Mot de passe du compte'), 'faux');
    await user.click(screen.getByTestId('devices-reconnect'));
    expect(await screen.findByTestId('devices-reconnect-error')).not.toHaveTextContent('no');
    expect(screen.getByLabelText('Mot de passe du compte')).toHaveValue('');
    await user.type(screen.getByLabelText('Mot de passe du compte'), 'juste');
    await user.click(screen.getByTestId('devices-reconnect'));
    expect(api.reconnectWithPassword).toHaveBeenLastCalledWith(ACCOUNT.email, 'juste');
    await waitFor(() => expect(onChanged).toHaveBeenCalledWith(ACCOUNT));
    expect(screen.getByTestId('devices-done')).toHaveTextContent('Vous êtes reconnecté');
    expect(await screen.findByTestId('devices-table')).toBeInTheDocument();
  });

  it('tells a card account to sign in with its card', () => {
    render(DevicesSection, { account: { ...ACCOUNT, auth: 'card', revoked: true } });
    expect(screen.getByTestId('settings-devices-revoked')).toHaveTextContent('carte CPS et son code PIN');
    expect(screen.queryByTestId('devices-reconnect')).not.toBeInTheDocument();
  });
});
