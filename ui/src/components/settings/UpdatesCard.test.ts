// "Mises à jour" in the settings (issue 16): the version in use, a look on demand that says
// "à jour" or offers the newer version, the practice's server (refused unless https://,
// in French), and checks turned off, after which the button asks nothing.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { setLocale } from '../../lib/i18n/index.svelte';

vi.mock('../../lib/backend', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../lib/backend')>();
  return {
    ...original,
    getAppInfo: vi.fn(),
    updateSettings: vi.fn(),
    setUpdatesEnabled: vi.fn(),
    setUpdateServer: vi.fn(),
    checkForUpdate: vi.fn(),
  };
});

import * as backend from '../../lib/backend';
import type { UpdateSettings } from '../../lib/bindings/UpdateSettings';
import { UpdateState } from '../../lib/updates/update.svelte';
import UpdatesCard from './UpdatesCard.svelte';

const api = vi.mocked(backend);
const DEFAULT = 'https://mises-a-jour.medimail-desktop.fr/stable/latest.json';
const ON: UpdateSettings = { enabled: true, server: DEFAULT, custom_server: false, default_server: DEFAULT };

beforeEach(() => {
  vi.clearAllMocks();
  setLocale('fr');
  api.getAppInfo.mockResolvedValue({ version: '0.1.0', profile_dir: '/tmp/p' });
  api.updateSettings.mockResolvedValue(ON);
});

describe('UpdatesCard', () => {
  it('shows the version and says when it is up to date', async () => {
    api.checkForUpdate.mockResolvedValueOnce(null);
    render(UpdatesCard, { onError: vi.fn(), updates: new UpdateState() });
    expect((await screen.findByText('Version installée : 0.1.0')).textContent).toBe('Version installée : 0.1.0');
    await waitFor(() => expect((screen.getByTestId('settings-updates-check') as HTMLButtonElement).disabled).toBe(false));
    await userEvent.click(screen.getByRole('button', { name: 'Rechercher des mises à jour' }));
    await waitFor(() => expect(screen.getByTestId('settings-updates-status').textContent).toBe('Medimail Desktop est à jour (version 0.1.0).'));
  });

  it('a newer version found here is offered in the shared notice state', async () => {
    const state = new UpdateState();
    api.checkForUpdate.mockResolvedValueOnce({ version: '0.2.0', current_version: '0.1.0', notes: 'Nouveautés', date: null });
    render(UpdatesCard, { onError: vi.fn(), updates: state });
    await waitFor(() => expect((screen.getByTestId('settings-updates-check') as HTMLButtonElement).disabled).toBe(false));
    await userEvent.click(screen.getByTestId('settings-updates-check'));
    await waitFor(() => expect(screen.getByTestId('settings-updates-status').textContent).toBe('Une mise à jour est disponible (version 0.2.0)'));
    expect(state.visible).toBe(true);
    expect(state.offer?.version).toBe('0.2.0');
  });

  it('keeps the practice server, and says in French why an http address is refused', async () => {
    api.setUpdateServer.mockRejectedValueOnce({ code: 'update_server', message: 'update server address refused: not an https address' });
    api.setUpdateServer.mockResolvedValueOnce({ ...ON, server: 'https://maj.cabinet.fr/latest.json', custom_server: true });
    render(UpdatesCard, { onError: vi.fn(), updates: new UpdateState() });
    const field = await screen.findByTestId('settings-updates-server');
    await userEvent.type(field, 'http://maj.cabinet.fr/latest.json');
    await userEvent.click(screen.getByTestId('settings-updates-server-save'));
    expect(api.setUpdateServer).toHaveBeenLastCalledWith('http://maj.cabinet.fr/latest.json');
    expect((await screen.findByTestId('settings-updates-error')).textContent).toMatch(/doit être complète et commencer par https:\/\//);

    await userEvent.clear(field);
    await userEvent.type(field, 'https://maj.cabinet.fr/latest.json');
    await userEvent.click(screen.getByTestId('settings-updates-server-save'));
    await waitFor(() => expect(screen.getByTestId('settings-updates-status').textContent).toBe('Serveur de mises à jour enregistré.'));
    expect(screen.queryByTestId('settings-updates-error')).toBeNull();
    expect(screen.getByRole('button', { name: 'Revenir au serveur du projet' })).toBeTruthy();
  });

  it('turned off, nothing is asked: the button is disabled and the card says so', async () => {
    api.setUpdatesEnabled.mockResolvedValueOnce({ ...ON, enabled: false });
    render(UpdatesCard, { onError: vi.fn(), updates: new UpdateState() });
    const box = (await screen.findByTestId('settings-updates-enabled')) as HTMLInputElement;
    await waitFor(() => expect(box.checked).toBe(true));
    await userEvent.click(box);
    expect(api.setUpdatesEnabled).toHaveBeenCalledWith(false);
    await waitFor(() => expect(screen.getByTestId('settings-updates-off').textContent).toBe('La recherche des mises à jour est désactivée sur ce poste.'));
    expect((screen.getByTestId('settings-updates-check') as HTMLButtonElement).disabled).toBe(true);
    expect(api.checkForUpdate).not.toHaveBeenCalled();
  });
});
