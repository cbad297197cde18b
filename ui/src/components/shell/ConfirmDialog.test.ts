import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { tick } from 'svelte';
import ConfirmDialog from './ConfirmDialog.svelte';

function setup() {
  const onConfirm = vi.fn();
  const onCancel = vi.fn();
  render(ConfirmDialog, {
    title: 'Supprimer définitivement ?',
    body: 'Cette action est irréversible.',
    confirmLabel: 'Supprimer définitivement',
    cancelLabel: 'Annuler',
    testid: 'confirm',
    onConfirm,
    onCancel,
  });
  return { user: userEvent.setup(), onConfirm, onCancel };
}

describe('ConfirmDialog', () => {
  it('is a modal alert dialog, focused on the safe choice', async () => {
    setup();
    await tick();
    const dialog = screen.getByRole('alertdialog', { name: 'Supprimer définitivement ?' });
    expect(dialog).toHaveAttribute('aria-modal', 'true');
    expect(dialog).toHaveAccessibleDescription('Cette action est irréversible.');
    expect(screen.getByTestId('confirm-cancel')).toHaveFocus();
  });

  it('keeps Tab inside and cancels on Escape', async () => {
    const { user, onCancel } = setup();
    await tick();
    await user.tab();
    expect(screen.getByTestId('confirm-ok')).toHaveFocus();
    await user.tab();
    expect(screen.getByTestId('confirm-cancel')).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(onCancel).toHaveBeenCalledOnce();
  });

  it('confirms', async () => {
    const { user, onConfirm } = setup();
    await user.click(screen.getByTestId('confirm-ok'));
    expect(onConfirm).toHaveBeenCalledOnce();
  });
});

describe('ConfirmDialog options', () => {
  it('adds a detail, locks the confirm button while busy and keeps a click beside it harmless', async () => {
    const user = userEvent.setup();
    const onCancel = vi.fn();
    render(ConfirmDialog, {
      title: 'Supprimer la signature ?',
      body: 'Elle sera supprimée.',
      detail: 'C’est votre signature par défaut.',
      confirmLabel: 'Supprimer',
      cancelLabel: 'Annuler',
      busy: true,
      testid: 'sig',
      confirmTestid: 'sig-confirm',
      closeOnBackdrop: false,
      onConfirm: vi.fn(),
      onCancel,
    });
    await tick();
    const dialog = screen.getByRole('alertdialog', { name: 'Supprimer la signature ?' });
    expect(dialog).toHaveAccessibleDescription('Elle sera supprimée. C’est votre signature par défaut.');
    expect(screen.getByTestId('sig-confirm')).toBeDisabled();
    await user.click(dialog.parentElement!);
    expect(onCancel).not.toHaveBeenCalled();
  });

  it('keeps the keys away from the app behind it', async () => {
    const { user } = setup();
    const behind = vi.fn();
    window.addEventListener('keydown', behind);
    await tick();
    await user.keyboard('n');
    window.removeEventListener('keydown', behind);
    expect(behind).not.toHaveBeenCalled();
  });
});
