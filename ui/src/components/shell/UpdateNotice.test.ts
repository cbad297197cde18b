// The notice of a newer version (issue 16): it shows the version and its French notes,
// installs only on "Installer et redémarrer", shows the download's progress, says plainly
// why an update was refused, and "Plus tard" puts it away until another version.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { setLocale } from '../../lib/i18n/index.svelte';

vi.mock('../../lib/backend', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../lib/backend')>();
  return { ...original, checkForUpdate: vi.fn(), installUpdate: vi.fn() };
});

import * as backend from '../../lib/backend';
import { UpdateState } from '../../lib/updates/update.svelte';
import UpdateNotice from './UpdateNotice.svelte';

const api = vi.mocked(backend);

const OFFER = {
  version: '0.2.0',
  current_version: '0.1.0',
  notes: 'Recherche plus rapide dans l’annuaire.\nCorrection de l’envoi des pièces jointes.',
  date: '2026-12-01T09:00:00Z',
};

beforeEach(() => {
  vi.clearAllMocks();
  setLocale('fr');
});

describe('UpdateNotice', () => {
  it('shows nothing until a version is offered', () => {
    render(UpdateNotice, { updates: new UpdateState() });
    expect(screen.queryByTestId('update-notice')).toBeNull();
  });

  it('offers the version with its French notes and installs only on consent', async () => {
    const state = new UpdateState();
    state.offered(OFFER);
    let finish: () => void = () => {};
    api.installUpdate.mockImplementation(() => new Promise<void>((resolve) => (finish = resolve)));
    render(UpdateNotice, { updates: state });
    expect(screen.getByRole('heading', { level: 2 }).textContent).toBe('Une mise à jour est disponible (version 0.2.0)');
    expect(screen.getByTestId('update-notes').textContent).toContain('Recherche plus rapide dans l’annuaire.');
    expect(api.installUpdate).not.toHaveBeenCalled();

    await userEvent.click(screen.getByRole('button', { name: 'Installer et redémarrer' }));
    expect(api.installUpdate).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId('update-progress').textContent).toBe('Téléchargement et vérification de la mise à jour…');
    state.received({ downloaded: 512, total: 2048 });
    await waitFor(() => expect(screen.getByTestId('update-progress').textContent).toBe('Téléchargement de la mise à jour : 25 %'));
    expect(screen.queryByRole('button', { name: 'Plus tard' })).toBeNull();
    finish();
  });

  it('says why a refused update was not installed, and may try again', async () => {
    const state = new UpdateState();
    state.offered(OFFER);
    api.installUpdate.mockRejectedValueOnce({ code: 'update_refused', message: 'update refused: signature' });
    render(UpdateNotice, { updates: state });
    await userEvent.click(screen.getByRole('button', { name: 'Installer et redémarrer' }));
    const alert = await screen.findByTestId('update-error');
    expect(alert.textContent).toMatch(/^La mise à jour a été refusée : sa signature ne correspond pas/);
    expect(alert.textContent).toContain('Rien n’a été installé');
    expect(screen.getByRole('button', { name: 'Réessayer' })).toBeTruthy();
  });

  it('"Plus tard" puts the notice away until another version is offered', async () => {
    const state = new UpdateState();
    state.offered(OFFER);
    render(UpdateNotice, { updates: state });
    await userEvent.click(screen.getByRole('button', { name: 'Plus tard' }));
    expect(screen.queryByTestId('update-notice')).toBeNull();
    state.offered(OFFER);
    await Promise.resolve();
    expect(screen.queryByTestId('update-notice')).toBeNull();
    state.offered({ ...OFFER, version: '0.3.0' });
    expect(await screen.findByText('Une mise à jour est disponible (version 0.3.0)')).toBeTruthy();
  });
});
