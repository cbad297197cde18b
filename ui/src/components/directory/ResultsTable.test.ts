import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import ResultsTable from './ResultsTable.svelte';
import { entry } from '../../lib/directory/testing';
import { setLocale } from '../../lib/i18n/index.svelte';

// The test DOM has no IntersectionObserver: one the test triggers stands in for the view.
let seen: (() => void) | null = null;
class StubObserver {
  constructor(private readonly callback: (entries: { isIntersecting: boolean }[]) => void) {}
  observe(): void {
    seen = () => this.callback([{ isIntersecting: true }]);
  }
  disconnect(): void {
    seen = null;
  }
}

const page = Array.from({ length: 100 }, (_, n) => entry({ address: `medecin.${n}@medecin.mssante.fr`, surname: `NOM${n}` }));

function table(entries = page, onSelect = vi.fn()) {
  return render(ResultsTable, {
    entries,
    favorites: new Set<string>(),
    selected: new Set<string>(),
    firstRows: 20,
    onSelect,
    onToggleFavorite: vi.fn(),
    onShowCard: vi.fn(),
    onAddTo: vi.fn(),
    onAddCc: vi.fn(),
  });
}

const rows = () => screen.queryAllByTestId('directory-row');

describe('ResultsTable', () => {
  beforeEach(() => {
    setLocale('fr');
    vi.stubGlobal('IntersectionObserver', StubObserver);
  });
  afterEach(() => {
    vi.unstubAllGlobals();
    seen = null;
  });

  it('draws the first rows of a page, the rest once its end comes into view', async () => {
    table();
    expect(rows()).toHaveLength(20);
    // The table still says how many there are, for screen readers.
    expect(screen.getByTestId('directory-results').getAttribute('aria-rowcount')).toBe('101');
    expect(rows()[19]?.getAttribute('aria-rowindex')).toBe('21');
    seen?.();
    await waitFor(() => expect(rows()).toHaveLength(100));
  });

  it('a new answer starts with its first rows again', async () => {
    const view = table();
    seen?.();
    await waitFor(() => expect(rows()).toHaveLength(100));
    await view.rerender({ entries: page.slice(10) });
    expect(rows()).toHaveLength(20);
    expect(rows()[0]?.dataset.address).toBe('medecin.10@medecin.mssante.fr');
  });

  it('End moves to the last result, drawing the rows before it', async () => {
    const user = userEvent.setup();
    table();
    rows()[0]?.focus();
    await user.keyboard('{End}');
    await waitFor(() => expect(document.activeElement?.getAttribute('data-address')).toBe('medecin.99@medecin.mssante.fr'));
    expect(rows()).toHaveLength(100);
  });

  it('"select all" ticks the whole answer, not only the rows drawn', async () => {
    const user = userEvent.setup();
    const onSelect = vi.fn();
    table(page, onSelect);
    await user.click(screen.getByTestId('directory-select-all'));
    expect(onSelect).toHaveBeenCalledWith(page.map((e) => e.address), true);
    expect(rows()).toHaveLength(20);
  });
});
