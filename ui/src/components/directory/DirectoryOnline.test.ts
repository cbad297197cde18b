// "Paramètres de l'annuaire" (the last download, the download address and CA file, the API
// key) and "Rechercher aussi en ligne (Annuaire Santé)": online results merged in, the
// source on the fiche, and a quiet line, never an error, when the online directory fails.
import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import Directory from './Directory.svelte';
import { entry } from '../../lib/directory/testing';
import type { DirectoryEntry } from '../../lib/bindings/DirectoryEntry';
import type { DownloadSourceSettings } from '../../lib/bindings/DownloadSourceSettings';
import { downloadOutcome } from '../../lib/directory/settings';
import { setLocale } from '../../lib/i18n/index.svelte';

vi.mock('../../lib/backend', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../lib/backend')>();
  return {
    ...actual,
    directoryInfo: vi.fn(),
    directoryFavorites: vi.fn(),
    searchDirectory: vi.fn(),
    searchDirectoryWithOperator: vi.fn(),
    searchDirectoryOnline: vi.fn(),
    directoryCard: vi.fn(),
    onDirectoryUpdated: vi.fn(),
    favoriteAddresses: vi.fn(),
    addDirectoryFavorite: vi.fn(),
    directoryDownload: vi.fn(),
    onDirectoryImportProgress: vi.fn(),
    directoryApiKeySaved: vi.fn(),
    setDirectoryApiKey: vi.fn(),
    forgetDirectoryApiKey: vi.fn(),
    directoryDownloadState: vi.fn(),
    directoryDownloadSource: vi.fn(),
    setDirectoryDownloadSource: vi.fn(),
    chooseDirectoryCaFile: vi.fn(),
  };
});

import * as backend from '../../lib/backend';
const api = vi.mocked(backend);

const ANS = 'https://service.annuaire.sante.fr/annuaire-sante-webservices/V300/services/extraction/Extraction_Correspondance_MSSante';
const martin = entry();
const online: DirectoryEntry = entry({
  kind: 'ORG',
  address: 'cardiologie@chu-rennes.mssante.fr',
  surname: '',
  first_name: '',
  service: 'Cardiologie',
  company_name: 'CHU de Rennes',
  source: 'online',
});

let source: DownloadSourceSettings;

function setup() {
  const user = userEvent.setup();
  const onError = vi.fn();
  render(Directory, { props: { context: 'new', onValidate: vi.fn(), onError } } as never);
  return { user, onError };
}

beforeEach(() => {
  vi.clearAllMocks();
  localStorage.clear();
  setLocale('fr');
  source = { url: null, ca_file: null, default_url: ANS };
  api.directoryInfo.mockResolvedValue({ extraction_date: '2025-12-06T02:15', entries: 3, imported_at: 0 });
  api.directoryFavorites.mockResolvedValue([]);
  api.searchDirectory.mockResolvedValue([martin]);
  api.searchDirectoryWithOperator.mockResolvedValue({ entries: [], operator: 'not_configured' });
  api.searchDirectoryOnline.mockImplementation(async (_query, found) => [...found, online]);
  api.directoryCard.mockResolvedValue({ entry: null, linked: [], operator: 'not_configured' });
  api.onDirectoryUpdated.mockResolvedValue(() => {});
  api.onDirectoryImportProgress.mockResolvedValue(() => {});
  api.favoriteAddresses.mockResolvedValue([]);
  api.directoryApiKeySaved.mockResolvedValue(true);
  api.setDirectoryApiKey.mockResolvedValue(undefined);
  api.forgetDirectoryApiKey.mockResolvedValue(undefined);
  api.directoryDownloadState.mockResolvedValue({
    url: ANS,
    etag: null,
    last_modified: null,
    checked_at: 1_765_000_000,
    succeeded_at: 1_764_900_000,
  });
  api.directoryDownloadSource.mockImplementation(async () => source);
  api.setDirectoryDownloadSource.mockImplementation(async (url, caFile) => {
    if (url && !url.startsWith('https://')) throw { code: 'invalid_input', message: 'not https' };
    source = { ...source, url, ca_file: caFile };
    return source;
  });
  api.chooseDirectoryCaFile.mockResolvedValue('/etc/medimail/igc-sante.pem');
});

async function openSettings(user: ReturnType<typeof userEvent.setup>): Promise<HTMLElement> {
  await user.click(await screen.findByTestId('directory-settings-open'));
  return screen.findByTestId('directory-settings');
}

describe('Paramètres de l’annuaire', () => {
  it('shows the loaded extraction and a failed last download in French', async () => {
    const { user } = setup();
    const dialog = await openSettings(user);
    expect(within(dialog).getByRole('heading', { name: 'Paramètres de l’annuaire' })).toBeInTheDocument();
    expect(within(dialog).getByTestId('directory-settings-extraction')).toHaveTextContent('Extraction chargée : 06/12/2025 (3 adresses)');
    await waitFor(() =>
      expect(within(dialog).getByTestId('directory-settings-download-state')).toHaveTextContent(/échouée \(dernière réussite/),
    );
    expect(within(dialog).getByLabelText('Adresse (https) de l’extraction')).toHaveAttribute('placeholder', ANS);
  });

  it('saves an address and a CA file chosen in the dialog, says a bad address plainly, and goes back to the ANS', async () => {
    const { user, onError } = setup();
    const dialog = await openSettings(user);
    const url = within(dialog).getByLabelText('Adresse (https) de l’extraction');
    await user.type(url, 'http://miroir.cabinet.test/annuaire.zip');
    await user.click(within(dialog).getByTestId('directory-settings-source-save'));
    expect(await within(dialog).findByRole('alert')).toHaveTextContent('commençant par https://');
    expect(onError).not.toHaveBeenCalled();

    await user.clear(url);
    await user.type(url, 'https://miroir.cabinet.test/annuaire.zip');
    await user.click(within(dialog).getByTestId('directory-settings-ca-choose'));
    expect(within(dialog).getByTestId('directory-settings-ca')).toHaveTextContent('/etc/medimail/igc-sante.pem');
    await user.click(within(dialog).getByTestId('directory-settings-source-save'));
    expect(api.setDirectoryDownloadSource).toHaveBeenLastCalledWith('https://miroir.cabinet.test/annuaire.zip', '/etc/medimail/igc-sante.pem');
    expect(await within(dialog).findByTestId('directory-settings-source-notice')).toHaveTextContent('enregistrée');
    expect(within(dialog).queryByRole('alert')).not.toBeInTheDocument();

    await user.click(within(dialog).getByTestId('directory-settings-source-default'));
    expect(api.setDirectoryDownloadSource).toHaveBeenLastCalledWith(null, null);
    await waitFor(() => expect(url).toHaveValue(''));
    expect(within(dialog).getByTestId('directory-settings-ca')).toHaveTextContent('Aucun fichier');
  });

  it('"Mettre à jour maintenant" downloads with the header’s progress', async () => {
    api.directoryDownload.mockResolvedValue({ entries: 4, rows_read: 4, duplicates_merged: 0, rows_skipped: 0, skipped: [], extraction_date: null } as never);
    const { user } = setup();
    const dialog = await openSettings(user);
    await user.click(within(dialog).getByTestId('directory-settings-update'));
    expect(api.directoryDownload).toHaveBeenCalledTimes(1);
    await waitFor(() => expect(screen.queryByTestId('directory-settings')).not.toBeInTheDocument());
  });

  it('keeps and removes the API key, the online option following', async () => {
    api.directoryApiKeySaved.mockResolvedValue(false);
    const { user } = setup();
    await screen.findByTestId('directory-who');
    expect(screen.queryByTestId('directory-online')).not.toBeInTheDocument();
    const dialog = await openSettings(user);
    await user.click(within(dialog).getByTestId('directory-settings-key-save'));
    expect(within(dialog).getByRole('alert')).toHaveTextContent('Saisissez la clé');
    expect(api.setDirectoryApiKey).not.toHaveBeenCalled();
    const key = within(dialog).getByLabelText('Clé d’API (ESANTE-API-KEY)');
    expect(key).toHaveAttribute('type', 'password');
    await user.type(key, 'ma-cle{Enter}');
    expect(api.setDirectoryApiKey).toHaveBeenCalledWith('ma-cle');
    expect(await within(dialog).findByTestId('directory-settings-key-state')).toHaveTextContent('Une clé est enregistrée');
    expect(key).toHaveValue('');
    expect(screen.getByTestId('directory-online')).toBeInTheDocument();
    await user.click(within(dialog).getByTestId('directory-settings-key-remove'));
    expect(api.forgetDirectoryApiKey).toHaveBeenCalled();
    await waitFor(() => expect(screen.queryByTestId('directory-online')).not.toBeInTheDocument());
  });
});

describe('Rechercher aussi en ligne', () => {
  it('adds the online results once ticked, remembers the choice, and the fiche names the source', async () => {
    const { user } = setup();
    const option = await screen.findByLabelText('Rechercher aussi en ligne (Annuaire Santé)');
    expect(option).not.toBeChecked();
    await user.type(screen.getByTestId('directory-who'), 'cardio');
    await waitFor(() => expect(screen.getAllByTestId('directory-row')).toHaveLength(1));
    await user.click(option);
    expect(localStorage.getItem('medimail.directory.online')).toBe('yes');
    await waitFor(() => expect(screen.getAllByTestId('directory-row')).toHaveLength(2), { timeout: 3000 });
    expect(api.searchDirectoryOnline).toHaveBeenCalledWith(expect.objectContaining({ who: 'cardio' }), [martin], 100);
    expect(screen.getByTestId('directory-online-note')).toHaveTextContent('a ajouté 1 adresse');
    const rows = screen.getAllByTestId('directory-row');
    await user.click(within(rows[1]!).getByTestId('directory-row-card'));
    const card = await screen.findByTestId('directory-card');
    expect(card).toHaveTextContent('Annuaire Santé en ligne');
    // Not in the extraction: no favourite (which keeps the extraction's copy), said quietly.
    await user.click(within(card).getByTestId('directory-card-star'));
    expect(api.addDirectoryFavorite).not.toHaveBeenCalled();
    expect(screen.getByTestId('directory-online-note')).toHaveTextContent('trouvé en ligne');
  });

  it('says quietly that the online directory does not answer, the offline results kept, no error', async () => {
    localStorage.setItem('medimail.directory.online', 'yes');
    api.searchDirectoryOnline.mockRejectedValue({ code: 'network', message: 'unreachable' });
    const { user, onError } = setup();
    await user.type(await screen.findByTestId('directory-who'), 'mar');
    await waitFor(() => expect(screen.getByTestId('directory-online-note')).toHaveTextContent('ne répond pas'), { timeout: 3000 });
    expect(screen.getAllByTestId('directory-row')).toHaveLength(1);
    expect(onError).not.toHaveBeenCalled();
    expect(screen.queryByRole('alert')).not.toBeInTheDocument();
  });

  it('says a refused key quietly too', async () => {
    localStorage.setItem('medimail.directory.online', 'yes');
    api.searchDirectoryOnline.mockRejectedValue({ code: 'auth_failed', message: '401' });
    const { user, onError } = setup();
    await user.type(await screen.findByTestId('directory-who'), 'mar');
    await waitFor(() => expect(screen.getByTestId('directory-online-note')).toHaveTextContent('a refusé la clé'), { timeout: 3000 });
    expect(onError).not.toHaveBeenCalled();
  });
});

describe('downloadOutcome', () => {
  it('tells never, succeeded and failed apart', () => {
    expect(downloadOutcome(null)).toEqual({ kind: 'never' });
    const base = { url: ANS, etag: null, last_modified: null };
    expect(downloadOutcome({ ...base, checked_at: 10, succeeded_at: 10 })).toEqual({ kind: 'ok', at: 10 });
    expect(downloadOutcome({ ...base, checked_at: 20, succeeded_at: 10 })).toEqual({ kind: 'failed', at: 20, lastSuccess: 10 });
    expect(downloadOutcome({ ...base, checked_at: 20, succeeded_at: null })).toEqual({ kind: 'failed', at: 20, lastSuccess: null });
  });
});
