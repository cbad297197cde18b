import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { folder } from '../../lib/list/testing';
import ActionBar from './ActionBar.svelte';

function setup(props: Record<string, unknown> = {}) {
  const handlers = {
    onDelete: vi.fn(),
    onRestore: vi.fn(),
    onPurge: vi.fn(),
    onMove: vi.fn(),
    onMarkRead: vi.fn(),
    onFlag: vi.fn(),
    onDownload: vi.fn(),
    onPrint: vi.fn(),
    onClear: vi.fn(),
  };
  render(ActionBar, {
    checkedCount: 2,
    inTrash: false,
    canPrint: true,
    moveTargets: [folder({ id: 2, name: 'Sent', role: 'sent' }), folder({ id: 5, name: 'Cardiologie/Échos', role: null })],
    ...handlers,
    ...props,
  });
  return { user: userEvent.setup(), ...handlers };
}

describe('ActionBar', () => {
  it('is a labelled toolbar with the seed’s actions', () => {
    setup();
    expect(screen.getByRole('toolbar', { name: 'Actions sur les messages sélectionnés' })).toBeInTheDocument();
    expect(screen.getByTestId('action-count')).toHaveTextContent('2 messages sélectionnés');
    for (const id of ['delete', 'move', 'read', 'unread', 'flag', 'download', 'print']) {
      expect(screen.getByTestId(`action-${id}`)).toBeEnabled();
    }
    expect(screen.queryByTestId('action-restore')).not.toBeInTheDocument();
    expect(screen.getByTestId('action-delete')).toHaveTextContent('Supprimer');
    expect(screen.getByTestId('action-read')).toHaveTextContent('Marquer comme lu');
    expect(screen.getByTestId('action-unread')).toHaveTextContent('Marquer comme non lu');
    expect(screen.getByTestId('action-download')).toHaveTextContent('Télécharger');
    expect(screen.getByTestId('action-print')).toHaveTextContent('Imprimer');
  });

  it('offers Restaurer and Supprimer définitivement in the trash', () => {
    setup({ inTrash: true });
    expect(screen.getByTestId('action-restore')).toHaveTextContent('Restaurer');
    expect(screen.getByTestId('action-purge')).toHaveTextContent('Supprimer définitivement');
    expect(screen.queryByTestId('action-delete')).not.toBeInTheDocument();
  });

  it('speaks of the open message when nothing is checked', () => {
    setup({ checkedCount: 0 });
    expect(screen.getByTestId('action-count')).toHaveTextContent('Message ouvert');
    expect(screen.queryByTestId('action-clear')).not.toBeInTheDocument();
  });

  it('runs each action', async () => {
    const h = setup();
    await h.user.click(screen.getByTestId('action-delete'));
    await h.user.click(screen.getByTestId('action-read'));
    await h.user.click(screen.getByTestId('action-unread'));
    await h.user.click(screen.getByTestId('action-download'));
    await h.user.click(screen.getByTestId('action-print'));
    await h.user.click(screen.getByTestId('action-clear'));
    expect(h.onDelete).toHaveBeenCalledOnce();
    expect(h.onMarkRead.mock.calls).toEqual([[true], [false]]);
    expect(h.onDownload).toHaveBeenCalledOnce();
    expect(h.onPrint).toHaveBeenCalledOnce();
    expect(h.onClear).toHaveBeenCalledOnce();
  });

  it('disables printing without an open message, and everything while busy', () => {
    setup({ canPrint: false, busy: true });
    expect(screen.getByTestId('action-print')).toBeDisabled();
    expect(screen.getByTestId('action-delete')).toBeDisabled();
    expect(screen.getByTestId('action-move')).toBeDisabled();
  });

  it('moves between buttons with the arrow keys', async () => {
    const { user } = setup();
    screen.getByTestId('action-delete').focus();
    await user.keyboard('{ArrowRight}');
    expect(screen.getByTestId('action-move')).toHaveFocus();
    await user.keyboard('{ArrowLeft}{ArrowLeft}');
    expect(screen.getByTestId('action-clear')).toHaveFocus();
    await user.keyboard('{ArrowLeft}');
    expect(screen.getByTestId('action-print')).toHaveFocus();
    await user.keyboard('{Home}');
    expect(screen.getByTestId('action-clear')).toHaveFocus();
    await user.keyboard('{End}');
    expect(screen.getByTestId('action-print')).toHaveFocus();
  });
});
