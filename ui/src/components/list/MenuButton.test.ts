import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { folder } from '../../lib/list/testing';
import FlagMenu from './FlagMenu.svelte';
import MoveMenu from './MoveMenu.svelte';

describe('FlagMenu', () => {
  it('opens with the keyboard, moves, chooses and gives focus back', async () => {
    const user = userEvent.setup();
    const onFlag = vi.fn();
    render(FlagMenu, { onFlag });
    const button = screen.getByTestId('action-flag');
    expect(button).toHaveAttribute('aria-haspopup', 'menu');
    button.focus();
    await user.keyboard('{ArrowDown}');
    expect(button).toHaveAttribute('aria-expanded', 'true');
    expect(screen.getByTestId('flag-red')).toHaveFocus();
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(screen.getByTestId('flag-yellow')).toHaveFocus();
    await user.keyboard('{End}');
    expect(screen.getByTestId('flag-none')).toHaveFocus();
    await user.keyboard('{ArrowDown}');
    expect(screen.getByTestId('flag-red')).toHaveFocus();
    await user.keyboard('{ArrowUp}{Enter}');
    expect(onFlag).toHaveBeenCalledWith(null);
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
    expect(button).toHaveFocus();
  });

  it('closes on Escape and on a click outside', async () => {
    const user = userEvent.setup();
    render(FlagMenu, { onFlag: vi.fn() });
    const button = screen.getByTestId('action-flag');
    await user.click(button);
    expect(screen.getByRole('menu')).toBeInTheDocument();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
    expect(button).toHaveFocus();
    await user.click(button);
    await user.click(document.body);
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
  });
});

describe('MoveMenu', () => {
  it('lists folders by their French names and hands back the chosen one', async () => {
    const user = userEvent.setup();
    const onMove = vi.fn();
    const target = folder({ id: 5, name: 'Cardiologie', role: null });
    render(MoveMenu, { folders: [folder({ id: 3, name: 'Trash', role: 'trash' }), target], onMove });
    await user.click(screen.getByTestId('action-move'));
    const items = screen.getAllByTestId('move-target');
    expect(items.map((i) => i.textContent?.trim())).toEqual(['Messages supprimés', 'Cardiologie']);
    expect(items[1]).toHaveAttribute('data-value', 'Cardiologie');
    await user.click(items[1]!);
    expect(onMove).toHaveBeenCalledWith(target);
  });

  it('says when there is nowhere to move to', async () => {
    const user = userEvent.setup();
    render(MoveMenu, { folders: [], onMove: vi.fn() });
    await user.click(screen.getByTestId('action-move'));
    expect(screen.getByRole('menu')).toHaveTextContent('Aucun autre dossier');
  });
});
