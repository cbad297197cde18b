import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import AccountMenu from './AccountMenu.svelte';

function setup(props: Record<string, unknown> = {}) {
  const user = userEvent.setup();
  render(AccountMenu, { displayName: 'Dr Nadège Vives', ...props });
  const button = screen.getByTestId('account-menu-button');
  return { user, button };
}

const menu = () => screen.queryByRole('menu');

describe('AccountMenu', () => {
  it('shows the display name and initials on a closed menu button', () => {
    const { button } = setup();
    expect(button).toHaveTextContent('Dr Nadège Vives');
    expect(button).toHaveTextContent('DN');
    expect(button).toHaveAttribute('aria-haspopup', 'menu');
    expect(button).toHaveAttribute('aria-expanded', 'false');
    expect(button).not.toHaveAttribute('aria-controls');
    expect(menu()).not.toBeInTheDocument();
  });

  it.each(['{Enter}', ' ', '{ArrowDown}'])('opens with %s and focuses the first item', async (key) => {
    const { user, button } = setup();
    button.focus();
    await user.keyboard(key);
    expect(button).toHaveAttribute('aria-expanded', 'true');
    expect(button).toHaveAttribute('aria-controls', menu()?.id);
    expect(menu()).toBeVisible();
    expect(screen.getByTestId('account-menu-manage')).toHaveFocus();
  });

  it('opens on ArrowUp with the last item focused', async () => {
    const { user, button } = setup();
    button.focus();
    await user.keyboard('{ArrowUp}');
    expect(screen.getByTestId('account-menu-logout')).toHaveFocus();
  });

  it('lists the manual’s account actions in French', async () => {
    const { user, button } = setup();
    await user.click(button);
    expect(screen.getByTestId('account-menu-manage')).toHaveTextContent('Gérer mon compte');
    expect(screen.getByTestId('account-menu-switch')).toHaveTextContent('Changer de compte');
    expect(screen.getByTestId('account-menu-logout')).toHaveTextContent('Se déconnecter');
    expect(screen.getAllByRole('menuitem')).toHaveLength(3);
    expect(screen.getAllByRole('menuitemradio')).toHaveLength(2);
  });

  it('moves with the arrow keys (wrapping), Home and End', async () => {
    const { user, button } = setup();
    button.focus();
    await user.keyboard('{ArrowDown}');
    const order = ['manage', 'switch', 'lang-fr', 'lang-en', 'logout'].map((id) =>
      screen.getByTestId(`account-menu-${id}`),
    );
    for (const item of order.slice(1)) {
      await user.keyboard('{ArrowDown}');
      expect(item).toHaveFocus();
    }
    await user.keyboard('{ArrowDown}');
    expect(order[0]).toHaveFocus();
    await user.keyboard('{ArrowUp}');
    expect(order[4]).toHaveFocus();
    await user.keyboard('{Home}');
    expect(order[0]).toHaveFocus();
    await user.keyboard('{End}');
    expect(order[4]).toHaveFocus();
  });

  it('closes on Escape and returns focus to the button', async () => {
    const { user, button } = setup();
    button.focus();
    await user.keyboard('{Enter}');
    await user.keyboard('{ArrowDown}');
    await user.keyboard('{Escape}');
    expect(menu()).not.toBeInTheDocument();
    expect(button).toHaveAttribute('aria-expanded', 'false');
    expect(button).toHaveFocus();
  });

  it('runs the chosen action, closes and returns focus', async () => {
    const onLogout = vi.fn();
    const { user, button } = setup({ onLogout });
    button.focus();
    await user.keyboard('{ArrowUp}');
    await user.keyboard('{Enter}');
    expect(onLogout).toHaveBeenCalledOnce();
    expect(menu()).not.toBeInTheDocument();
    expect(button).toHaveFocus();
  });

  it('closes when clicking outside, and on a second click of the button', async () => {
    const { user, button } = setup();
    await user.click(button);
    expect(menu()).toBeVisible();
    await user.click(document.body);
    expect(menu()).not.toBeInTheDocument();
    await user.click(button);
    await user.click(button);
    expect(menu()).not.toBeInTheDocument();
  });

  it('closes when Tab moves focus away', async () => {
    const { user, button } = setup();
    button.focus();
    await user.keyboard('{Enter}');
    await user.tab();
    expect(menu()).not.toBeInTheDocument();
  });

  it('falls back to a generic label without a display name', () => {
    const { button } = setup({ displayName: '  ' });
    expect(button).toHaveTextContent('Mon compte');
  });
});
