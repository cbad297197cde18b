import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import ListHeader from './ListHeader.svelte';

function setup(props: Record<string, unknown> = {}) {
  const onSort = vi.fn();
  const onCheckAll = vi.fn();
  render(ListHeader, {
    sort: { key: 'date', descending: true },
    sent: false,
    allChecked: false,
    someChecked: false,
    onSort,
    onCheckAll,
    ...props,
  });
  return { user: userEvent.setup(), onSort, onCheckAll };
}

describe('ListHeader', () => {
  it('has the seed’s six sort buttons, named even when they show an icon', () => {
    setup();
    const names = ['flag', 'attachment', 'read', 'from', 'subject', 'date'].map((key) =>
      screen.getByTestId(`sort-${key}`).textContent?.trim(),
    );
    expect(names).toEqual(['Drapeau', 'Pièce jointe', 'Lu / non lu', 'Expéditeur', 'Objet', 'Date']);
    expect(screen.getByTestId('sort-subject')).toHaveAttribute('title', 'Trier par objet');
    expect(screen.getAllByRole('columnheader')).toHaveLength(6);
  });

  it('puts aria-sort on the sorted column only', () => {
    setup({ sort: { key: 'flag', descending: false } });
    expect(screen.getByRole('columnheader', { name: 'Drapeau' })).toHaveAttribute('aria-sort', 'ascending');
    expect(screen.getAllByRole('columnheader').filter((h) => h.hasAttribute('aria-sort'))).toHaveLength(1);
  });

  it('asks for a sort', async () => {
    const { user, onSort } = setup();
    await user.click(screen.getByTestId('sort-read'));
    expect(onSort).toHaveBeenCalledWith('read');
  });

  it('shows recipients and open status in Sent, without a sort that would do nothing', () => {
    setup({ sent: true });
    expect(screen.getByRole('columnheader', { name: 'Destinataires' })).toBeInTheDocument();
    expect(screen.getByRole('columnheader', { name: 'État d’ouverture' })).toBeInTheDocument();
    expect(screen.queryByTestId('sort-from')).not.toBeInTheDocument();
    expect(screen.queryByTestId('sort-read')).not.toBeInTheDocument();
    expect(screen.getByTestId('sort-date')).toBeInTheDocument();
  });

  it('has a "Tout sélectionner" box, mixed when some rows are checked', async () => {
    const { user, onCheckAll } = setup({ someChecked: true });
    const box = screen.getByTestId('select-all') as HTMLInputElement;
    expect(box).toHaveAccessibleName('Tout sélectionner');
    expect(box.indeterminate).toBe(true);
    await user.click(box);
    expect(onCheckAll).toHaveBeenCalledWith(true);
  });
});
