import { describe, expect, it, vi } from 'vitest';
import { render, screen, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { summary } from '../../lib/list/testing';
import MessageRow from './MessageRow.svelte';

function setup(props: Record<string, unknown> = {}) {
  const onRowClick = vi.fn();
  const onCheck = vi.fn();
  render(MessageRow, {
    message: summary({ id: 7 }),
    index: 4,
    top: 160,
    id: 'row-4',
    checked: false,
    open: false,
    selected: false,
    focused: false,
    sent: false,
    onRowClick,
    onCheck,
    ...props,
  });
  return { user: userEvent.setup(), onRowClick, onCheck };
}

describe('MessageRow', () => {
  it('is a grid row at its virtual position', () => {
    setup();
    const row = screen.getByTestId('message-row');
    expect(row).toHaveAttribute('role', 'row');
    expect(row).toHaveAttribute('aria-rowindex', '6');
    expect(row).toHaveAttribute('data-id', '7');
    expect(row).toHaveAttribute('id', 'row-4');
    expect(row.style.transform).toBe('translateY(160px)');
    expect(within(row).getAllByRole('gridcell')).toHaveLength(7);
  });

  it('shows the date, with the full date as a tooltip', () => {
    const date = new Date(2025, 2, 12, 15, 44).getTime() / 1000;
    setup({ message: summary({ date }) });
    const time = screen.getByText('12/03/2025');
    expect(time.tagName).toBe('TIME');
    expect(time.getAttribute('title')).toMatch(/mercredi 12 mars 2025/);
  });

  it('falls back to "(sans objet)" and the address', () => {
    setup({ message: summary({ subject: '  ', from_name: null }) });
    expect(screen.getByTestId('message-row')).toHaveTextContent('(sans objet)');
    expect(screen.getByTestId('message-row')).toHaveTextContent('anne.martin@chu.fr');
  });

  it('marks a flag without a colour and every colour by name', () => {
    setup({ message: summary({ flagged: true, flag_color: null }) });
    expect(screen.getByRole('img', { name: 'Drapeau' })).toBeInTheDocument();
  });

  it('passes clicks on the row and on the checkbox separately', async () => {
    const { user, onRowClick, onCheck } = setup();
    await user.click(screen.getByTestId('message-row'));
    expect(onRowClick).toHaveBeenCalledOnce();
    expect(onRowClick.mock.calls[0]?.[1]).toBe(4);
    await user.click(screen.getByTestId('row-checkbox'));
    expect(onCheck).toHaveBeenCalledOnce();
    expect(onRowClick).toHaveBeenCalledOnce();
    // The parent owns the state: the browser's own toggle is undone.
    expect(screen.getByTestId('row-checkbox')).not.toBeChecked();
  });

  it('reflects checked, open and selected', () => {
    setup({ checked: true, open: true, selected: true });
    const row = screen.getByTestId('message-row');
    expect(row).toHaveClass('checked', 'open');
    expect(row).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByTestId('row-checkbox')).toBeChecked();
  });

  it('is a busy placeholder while its page loads', () => {
    setup({ message: undefined });
    const row = screen.getByTestId('message-row-placeholder');
    expect(row).toHaveAttribute('aria-busy', 'true');
    expect(row).toHaveAttribute('aria-rowindex', '6');
    expect(row).toHaveTextContent('Chargement…');
    expect(screen.queryByTestId('message-row')).not.toBeInTheDocument();
  });
});
