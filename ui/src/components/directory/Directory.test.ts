import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import Directory from './Directory.svelte';
import { entry } from '../../lib/directory/testing';
import type { DirectoryEntry } from '../../lib/bindings/DirectoryEntry';
import type { DirectoryFavorite } from '../../lib/bindings/DirectoryFavorite';
import type { DirectoryQuery } from '../../lib/bindings/DirectoryQuery';
import type { ImportSummary } from '../../lib/bindings/ImportSummary';
import { setLocale } from '../../lib/i18n/index.svelte';

vi.mock('../../lib/backend', async (importOriginal) => {
  const actual = await importOriginal<typeof import('../../lib/backend')>();
  return {
    ...actual,
    directoryInfo: vi.fn(),
    directoryFavorites: vi.fn(),
    searchDirectory: vi.fn(),
    searchDirectoryWithOperator: vi.fn(),
    directoryCard: vi.fn(),
    onDirectoryUpdated: vi.fn(),
    favoriteAddresses: vi.fn(),
    addDirectoryFavorite: vi.fn(),
    removeDirectoryFavorite: vi.fn(),
    directoryImport: vi.fn(),
    directoryDownload: vi.fn(),
    onDirectoryImportProgress: vi.fn(),
  };
});

import * as backend from '../../lib/backend';
const api = vi.mocked(backend);

const martin = entry();
const lefevre = entry({
  address: 'e.lefevre@infirmier.mssante.fr',
  surname: 'LEFÈVRE',
  first_name: 'Élodie',
  profession_label: 'Infirmier',
  skill_label: '',
  city: 'RENNES',
  department_code: '35',
});
const chu = entry({
  kind: 'ORG',
  address: 'secretariat@chu-rennes.mssante.fr',
  surname: '',
  first_name: '',
  profession_label: '',
  skill_label: '',
  service: 'Cardiologie',
  company_name: 'CHU de Rennes',
  city: 'RENNES',
  department_code: '35',
});

let favorites: DirectoryFavorite[] = [];

function deferred<T>(): { promise: Promise<T>; resolve: (value: T) => void } {
  let resolve: (value: T) => void = () => {};
  const promise = new Promise<T>((r) => (resolve = r));
  return { promise, resolve };
}

function setup(props: Record<string, unknown> = {}) {
  const user = userEvent.setup();
  const onValidate = vi.fn();
  const onError = vi.fn();
  render(Directory, { props: { context: 'new', onValidate, onError, ...props } } as never);
  return { user, onValidate, onError };
}

beforeEach(() => {
  vi.clearAllMocks();
  setLocale('fr');
  favorites = [];
  api.directoryInfo.mockResolvedValue({ extraction_date: '2025-12-06T02:15', entries: 3, imported_at: 0 });
  api.directoryFavorites.mockImplementation(async () => favorites);
  api.searchDirectory.mockImplementation(async (query: DirectoryQuery) => {
    const all = [martin, lefevre, chu];
    const who = query.who.toLowerCase();
    return all.filter((e) => !who || e.surname.toLowerCase().startsWith(who) || e.address.startsWith(who));
  });
  api.searchDirectoryWithOperator.mockResolvedValue({ entries: [], operator: 'not_configured' });
  api.directoryCard.mockResolvedValue({ entry: null, linked: [], operator: 'not_configured' });
  api.onDirectoryUpdated.mockResolvedValue(() => {});
  api.favoriteAddresses.mockImplementation(async (addresses: string[]) =>
    addresses.filter((a) => favorites.some((f) => f.entry.address === a)),
  );
  api.addDirectoryFavorite.mockImplementation(async (address: string) => {
    const found = [martin, lefevre, chu].find((e) => e.address === address)!;
    const favorite = { entry: found, listed: true, added_at: 0 };
    favorites = [...favorites, favorite];
    return favorite;
  });
  api.removeDirectoryFavorite.mockImplementation(async (address: string) => {
    favorites = favorites.filter((f) => f.entry.address !== address);
    return true;
  });
  api.onDirectoryImportProgress.mockResolvedValue(() => {});
});

async function search(user: ReturnType<typeof userEvent.setup>, text: string): Promise<HTMLElement[]> {
  await user.type(await screen.findByTestId('directory-who'), text);
  return waitFor(() => {
    const rows = screen.getAllByTestId('directory-row');
    expect(rows.length).toBeGreaterThan(0);
    return rows;
  });
}

describe('Directory', () => {
  it('shows the loaded extraction and searches as you type, with the count read out', async () => {
    const { user } = setup();
    expect(await screen.findByTestId('directory-info')).toHaveTextContent('Extraction du 06/12/2025 · 3 adresses');
    expect(screen.getByText('Qui ?')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByLabelText('Qui ?')).toHaveFocus());
    expect(screen.getByLabelText('Activité ?')).toBeInTheDocument();
    expect(screen.getByLabelText('Où ?')).toBeInTheDocument();
    const rows = await search(user, 'mar');
    expect(rows).toHaveLength(1);
    expect(api.searchDirectory).toHaveBeenLastCalledWith({ who: 'mar', activity: '', place: '', structure: '' }, 100);
    const count = screen.getByTestId('directory-count');
    expect(count).toHaveAttribute('aria-live', 'polite');
    await waitFor(() => expect(count).toHaveTextContent('1 résultat'));
    const row = rows[0]!;
    expect(row).toHaveTextContent('MARTIN Jean');
    expect(row).toHaveTextContent('Médecin, Cardiologie');
    expect(row).toHaveTextContent('PARIS (75)');
    expect(row).toHaveTextContent('Cabinet Martin');
    expect(row).toHaveTextContent('jean.martin@medecin.mssante.fr');
  });

  it('searches one text at a time and drops the answer to an older text', async () => {
    const slow = deferred<DirectoryEntry[]>();
    api.searchDirectory.mockImplementationOnce(() => slow.promise);
    const { user } = setup();
    const who = await screen.findByTestId('directory-who');
    await user.type(who, 'l');
    await user.type(who, 'e');
    await user.type(who, 'f');
    expect(api.searchDirectory).toHaveBeenCalledTimes(1);
    expect(screen.getByTestId('directory-count')).toHaveTextContent('Recherche…');
    slow.resolve([martin, lefevre, chu]);
    await waitFor(() => expect(screen.getAllByTestId('directory-row')).toHaveLength(1));
    // "l" answered late and was dropped; "le" was skipped; "lef" is the one shown.
    expect(api.searchDirectory).toHaveBeenCalledTimes(2);
    expect(api.searchDirectory).toHaveBeenLastCalledWith({ who: 'lef', activity: '', place: '', structure: '' }, 100);
    expect(screen.getAllByTestId('directory-row').map((r) => r.dataset.address)).toEqual([lefevre.address]);
  });

  it('searches the structure behind "Aller à la recherche avancée" and tells PER from ORG', async () => {
    const { user } = setup();
    expect(screen.queryByTestId('directory-structure')).not.toBeInTheDocument();
    await user.click(await screen.findByTestId('directory-advanced'));
    await user.type(screen.getByTestId('directory-structure'), 'chu');
    await waitFor(() => expect(screen.getAllByTestId('directory-row')).toHaveLength(3));
    expect(api.searchDirectory).toHaveBeenLastCalledWith({ who: '', activity: '', place: '', structure: 'chu' }, 100);
    const badges = screen.getAllByTestId('directory-kind');
    expect(badges.map((b) => b.dataset.kind)).toEqual(['PER', 'PER', 'ORG']);
    expect(badges[2]).toHaveTextContent('Boîte organisationnelle');
    expect(screen.getAllByTestId('directory-row')[2]).toHaveTextContent('Cardiologie – CHU de Rennes');
  });

  it('stars a result and finds it in Favoris', async () => {
    const { user } = setup();
    const [row] = await search(user, 'lef');
    const star = within(row!).getByTestId('directory-star');
    expect(star).toHaveAttribute('aria-pressed', 'false');
    expect(star).toHaveAccessibleName('Ajouter LEFÈVRE Élodie aux favoris');
    await user.click(star);
    await waitFor(() => expect(star).toHaveAttribute('aria-pressed', 'true'));
    expect(api.addDirectoryFavorite).toHaveBeenCalledWith(lefevre.address);
    expect(screen.getByTestId('directory-notice')).toHaveTextContent('LEFÈVRE Élodie ajouté aux favoris');
    screen.getByTestId('directory-tab-search').focus();
    await user.keyboard('{ArrowRight}');
    expect(screen.getByTestId('directory-tab-favorites')).toHaveAttribute('aria-selected', 'true');
    await waitFor(() => expect(screen.getByTestId('directory-tab-favorites')).toHaveFocus());
    const table = await screen.findByTestId('directory-favorites');
    expect(within(table).getAllByTestId('directory-row').map((r) => r.dataset.address)).toEqual([lefevre.address]);
    await user.click(within(table).getByTestId('directory-star'));
    await waitFor(() => expect(screen.getByTestId('directory-favorites-empty')).toBeInTheDocument());
    expect(api.removeDirectoryFavorite).toHaveBeenCalledWith(lefevre.address);
  });

  it('marks a favourite that left the national file', async () => {
    favorites = [{ entry: martin, listed: false, added_at: 0 }];
    const { user } = setup();
    await user.click(await screen.findByTestId('directory-tab-favorites'));
    const row = await screen.findByTestId('directory-row');
    expect(row).toHaveTextContent('N’est plus dans l’annuaire chargé');
    await user.click(within(row).getByTestId('directory-row-card'));
    expect(await screen.findByTestId('directory-card')).toHaveTextContent('Cette adresse n’est plus dans l’annuaire chargé');
  });

  it('shows the whole fiche contact with labels, its star and the add buttons', async () => {
    const { user, onValidate } = setup();
    const [row] = await search(user, 'mar');
    row!.focus();
    await user.keyboard('{Enter}');
    const card = await screen.findByTestId('directory-card');
    expect(within(card).getByTestId('directory-card-name')).toHaveTextContent('MARTIN Jean');
    expect(within(card).getByTestId('directory-card-pp_national_id')).toHaveTextContent('Identification nationale PP 810001234567');
    expect(within(card).getByTestId('directory-card-street_name')).toHaveTextContent('Libellé de voie de la République');
    expect(within(card).getByTestId('directory-card-region')).toHaveTextContent('Île-de-France');
    expect(within(card).getByTestId('directory-card-kind')).toHaveTextContent('Boîte personnelle');
    expect(within(card).getByTestId('directory-card-star')).toHaveAttribute('aria-pressed', 'false');
    await user.click(within(card).getByTestId('directory-card-add-cc'));
    expect(screen.queryByTestId('directory-card')).not.toBeInTheDocument();
    expect(screen.getByTestId('directory-chosen-cc')).toHaveTextContent('MARTIN Jean');
    await user.click(screen.getByTestId('directory-validate'));
    expect(onValidate).toHaveBeenCalledWith([], ['Jean MARTIN <jean.martin@medecin.mssante.fr>']);
  });

  it('merges the operator’s directory once the typing pauses, and says when it cannot be asked', async () => {
    const onlyAtOperator = entry({ address: 'marc.martinez@medimail.test', surname: 'MARTINEZ', first_name: 'Marc', source: 'operator' });
    api.searchDirectoryWithOperator.mockResolvedValueOnce({ entries: [martin, onlyAtOperator], operator: 'answered' });
    const { user } = setup();
    await search(user, 'mar');
    await waitFor(() => expect(screen.getAllByTestId('directory-row')).toHaveLength(2));
    expect(api.searchDirectoryWithOperator).toHaveBeenCalledWith({ who: 'mar', activity: '', place: '', structure: '' }, 100);
    expect(screen.getAllByTestId('directory-row').map((r) => r.dataset.address)).toEqual([martin.address, onlyAtOperator.address]);
    expect(screen.queryByTestId('directory-operator-unreachable')).not.toBeInTheDocument();

    api.searchDirectoryWithOperator.mockResolvedValueOnce({ entries: [martin], operator: 'unreachable' });
    await user.type(screen.getByTestId('directory-who'), 't');
    expect(await screen.findByTestId('directory-operator-unreachable')).toHaveTextContent(
      'L’annuaire de votre opérateur ne répond pas : seuls les résultats de l’annuaire national sont affichés.',
    );
    expect(screen.getAllByTestId('directory-row')).toHaveLength(1);
  });

  it('shows the new extraction and searches it again when the daily refresh replaced it', async () => {
    let updated: () => void = () => {};
    api.onDirectoryUpdated.mockImplementation(async (listener: () => void) => {
      updated = listener;
      return () => {};
    });
    const { user } = setup();
    await search(user, 'mar');
    const calls = api.searchDirectory.mock.calls.length;
    api.directoryInfo.mockResolvedValue({ extraction_date: '2025-12-07T02:15', entries: 4, imported_at: 0 });
    updated();
    await waitFor(() => expect(screen.getByTestId('directory-info')).toHaveTextContent('Extraction du 07/12/2025 · 4 adresses'));
    await waitFor(() => expect(api.searchDirectory.mock.calls.length).toBe(calls + 1));
    expect(api.searchDirectory).toHaveBeenLastCalledWith({ who: 'mar', activity: '', place: '', structure: '' }, 100);
  });

  it('shows in the fiche the organisational mailboxes the person may use, and adds one to À', async () => {
    const box = entry({ kind: 'ORG', address: 'secretariat@cabinet-martin.medimail.test', surname: '', first_name: '', service: 'Secrétariat', company_name: 'Cabinet Martin' });
    api.directoryCard.mockResolvedValueOnce({ entry: { ...martin, phones: ['01 40 00 00 00'], source: 'both' }, linked: [box], operator: 'answered' });
    const { user, onValidate } = setup();
    const [row] = await search(user, 'mar');
    row!.focus();
    await user.keyboard('{Enter}');
    const card = await screen.findByTestId('directory-card');
    const linked = await within(card).findByTestId('directory-card-linked');
    expect(api.directoryCard).toHaveBeenCalledWith(martin.address);
    expect(linked).toHaveTextContent('Ci-dessous les adresses organisationnelles accessibles par le professionnel.');
    expect(linked).toHaveTextContent('secretariat@cabinet-martin.medimail.test');
    expect(within(card).getByTestId('directory-card-phones')).toHaveTextContent('01 40 00 00 00');
    expect(within(card).getByTestId('directory-card-source')).toHaveTextContent('Annuaire national et annuaire de l’opérateur');
    await user.click(within(linked).getByRole('button', { name: /^Ajouter aux destinataires : Secrétariat/ }));
    expect(screen.queryByTestId('directory-card')).not.toBeInTheDocument();
    await user.click(screen.getByTestId('directory-validate'));
    expect(onValidate).toHaveBeenCalledWith([expect.stringContaining('<secretariat@cabinet-martin.medimail.test>')], []);
  });

  it('adds several ticked results at once, moves between rows with the arrows, then Valider', async () => {
    const { user, onValidate } = setup({ context: 'compose' });
    await user.click(await screen.findByTestId('directory-advanced'));
    await user.type(screen.getByTestId('directory-structure'), 'x');
    await waitFor(() => expect(screen.getAllByTestId('directory-row')).toHaveLength(3));
    const rows = screen.getAllByTestId('directory-row');
    expect(screen.getByTestId('directory-validate')).toBeDisabled();
    rows[0]!.focus();
    await user.keyboard('{ArrowDown}');
    expect(rows[1]).toHaveFocus();
    await user.keyboard(' ');
    await user.keyboard('{ArrowDown} ');
    expect(rows[2]).toHaveAttribute('aria-selected', 'true');
    await user.click(screen.getByTestId('directory-selected-add-to'));
    await user.click(within(rows[0]!).getByTestId('directory-row-add-cc'));
    expect(screen.getByTestId('directory-notice')).toHaveTextContent('1 adresse ajoutée aux copies');
    expect(screen.getByText('Les adresses choisies sont ajoutées au message en cours.')).toBeInTheDocument();
    await user.click(screen.getByTestId('directory-validate'));
    expect(onValidate).toHaveBeenCalledWith(
      ['Élodie LEFÈVRE <e.lefevre@infirmier.mssante.fr>', 'Cardiologie – CHU de Rennes <secretariat@chu-rennes.mssante.fr>'],
      ['Jean MARTIN <jean.martin@medecin.mssante.fr>'],
    );
  });

  it('explains how to load the directory before any import, then imports a file with its progress and summary', async () => {
    api.directoryInfo.mockResolvedValueOnce(null);
    const done = deferred<ImportSummary | null>();
    let progress: (rows: number) => void = () => {};
    api.onDirectoryImportProgress.mockImplementation(async (listener) => {
      progress = listener;
      return () => {};
    });
    api.directoryImport.mockReturnValue(done.promise);
    const { user } = setup();
    expect(await screen.findByTestId('directory-empty')).toHaveTextContent('L’annuaire national n’est pas encore chargé');
    expect(screen.getByTestId('directory-download')).toHaveTextContent('Mettre à jour depuis l’Annuaire Santé');
    await user.click(screen.getByTestId('directory-import'));
    await waitFor(() => expect(api.directoryImport).toHaveBeenCalled());
    progress(20000);
    const bar = await screen.findByTestId('directory-import-progress');
    await waitFor(() => expect(bar).toHaveTextContent(/20[\s\u202f]?000 lignes lues/));
    expect(screen.getByTestId('directory-import')).toBeDisabled();
    done.resolve({
      rows_read: 25,
      entries: 3,
      duplicates_merged: 20,
      rows_skipped: 2,
      skipped: [
        { line: 4, problem: 'column_count' },
        { line: 9, problem: 'address' },
      ],
      extraction_date: '2025-12-06T02:15',
    });
    const summary = await screen.findByTestId('directory-import-summary');
    expect(summary).toHaveTextContent('Annuaire importé : 3 adresses, 20 lignes fusionnées, 2 lignes ignorées.');
    expect(summary).toHaveTextContent('Ligne 4 : nombre de colonnes incorrect');
    expect(summary).toHaveTextContent('Ligne 9 : adresse de messagerie invalide');
    await waitFor(() => expect(screen.queryByTestId('directory-empty')).not.toBeInTheDocument());
    expect(screen.getByTestId('directory-info')).toHaveTextContent('Extraction du 06/12/2025');
  });

  it('updates from the Annuaire Santé through directory_download', async () => {
    api.directoryDownload.mockResolvedValue({
      rows_read: 3,
      entries: 3,
      duplicates_merged: 0,
      rows_skipped: 0,
      skipped: [],
      extraction_date: '2025-12-07T02:15',
    });
    const { user } = setup();
    await user.click(await screen.findByTestId('directory-download'));
    expect(await screen.findByTestId('directory-import-summary')).toHaveTextContent('3 adresses');
    expect(api.directoryDownload).toHaveBeenCalledTimes(1);
  });

  it('draws the first rows of a full page at once and the rest just after', async () => {
    const page = Array.from({ length: 30 }, (_, i) => entry({ address: `p${i}@medecin.mssante.fr`, first_name: `P${i}` }));
    api.searchDirectory.mockResolvedValue(page);
    const { user } = setup();
    await user.type(await screen.findByTestId('directory-who'), 'p');
    await waitFor(() => expect(screen.getAllByTestId('directory-row').length).toBeGreaterThan(0));
    await waitFor(() => expect(screen.getAllByTestId('directory-row')).toHaveLength(30));
    expect(screen.getByTestId('directory-count')).toHaveTextContent('30 résultats');
  });

  it('reports a failed search to the window', async () => {
    api.searchDirectory.mockRejectedValueOnce({ code: 'store', message: 'x' });
    const { user, onError } = setup();
    await user.type(await screen.findByTestId('directory-who'), 'a');
    await waitFor(() => expect(onError).toHaveBeenCalledWith({ code: 'store', message: 'x' }));
  });
});
