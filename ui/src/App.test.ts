import { describe, expect, it } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { mockIPC } from '@tauri-apps/api/mocks';
import App from './App.svelte';

describe('App layout', () => {
  it('exposes the landmarks', () => {
    render(App);
    expect(screen.getByRole('banner')).toBeInTheDocument();
    expect(screen.getByRole('navigation', { name: 'Dossiers' })).toBeInTheDocument();
    expect(screen.getByRole('main')).toBeInTheDocument();
    expect(screen.getByRole('contentinfo')).toBe(screen.getByTestId('status-bar'));
    expect(within(screen.getByTestId('status-bar')).getByRole('status')).toHaveAttribute(
      'aria-live',
      'polite',
    );
  });

  it('renders the French labels of the Medimail layout', () => {
    render(App);
    expect(document.documentElement.lang).toBe('fr');
    expect(screen.getByTestId('search-input')).toHaveAttribute(
      'placeholder',
      'Rechercher un message…',
    );
    expect(screen.getByTestId('refresh')).toHaveTextContent('Actualiser');
    expect(screen.getByTestId('new-message-pro')).toHaveTextContent('Nouveau message Pro');
    expect(screen.getByTestId('folder-inbox')).toHaveTextContent('Boîte de réception');
    expect(screen.getByTestId('folder-sent')).toHaveTextContent('Messages envoyés');
    expect(screen.getByTestId('folder-drafts')).toHaveTextContent('Brouillons');
    expect(screen.getByTestId('folder-trash')).toHaveTextContent('Messages supprimés');
    expect(screen.getByTestId('folder-directory')).toHaveTextContent('Annuaire');
    expect(screen.getByTestId('new-folder-button')).toHaveTextContent('Nouveau dossier');
    expect(screen.getByTestId('new-folder-button')).toHaveAttribute('aria-disabled', 'true');
    expect(screen.getByTestId('message-list')).toHaveTextContent('Aucun message dans ce dossier');
    expect(screen.getByText('Sélectionnez un message pour le lire')).toBeInTheDocument();
    expect(screen.getByTestId('status-bar')).toHaveTextContent('Hors ligne');
    expect(screen.getByTestId('status-bar')).toHaveTextContent('Boîte d’envoi : 0');
  });

  it('offers the manual’s sort options as column headers', () => {
    render(App);
    const names = screen.getAllByRole('columnheader').map((th) => th.textContent?.trim());
    expect(names).toEqual(['Drapeau', 'Pièce jointe', 'Lu / non lu', 'Expéditeur', 'Objet', 'Date']);
    expect(screen.getByRole('columnheader', { name: /Date/ })).toHaveAttribute(
      'aria-sort',
      'descending',
    );
  });

  it('toggles the sort direction of a column', async () => {
    const user = userEvent.setup();
    render(App);
    await user.click(screen.getByTestId('sort-subject'));
    const subject = screen.getByRole('columnheader', { name: /Objet/ });
    expect(subject).toHaveAttribute('aria-sort', 'ascending');
    await user.click(screen.getByTestId('sort-subject'));
    expect(subject).toHaveAttribute('aria-sort', 'descending');
    expect(screen.getByRole('columnheader', { name: /Date/ })).not.toHaveAttribute('aria-sort');
  });

  it('switches between Pro and Patient', async () => {
    const user = userEvent.setup();
    render(App);
    await user.click(screen.getByTestId('tab-patient'));
    expect(screen.getByTestId('tab-patient')).toHaveAttribute('aria-checked', 'true');
    expect(screen.getByTestId('new-message-patient')).toHaveTextContent('Nouveau message Patient');
    expect(screen.queryByTestId('new-message-pro')).not.toBeInTheDocument();
    await user.keyboard('{ArrowLeft}');
    expect(screen.getByTestId('tab-pro')).toHaveFocus();
    expect(screen.getByTestId('new-message-pro')).toBeInTheDocument();
  });

  it('navigates folders with the arrow keys and opens one with Enter', async () => {
    const user = userEvent.setup();
    render(App);
    const inbox = screen.getByTestId('folder-inbox');
    expect(inbox).toHaveAttribute('aria-current', 'page');
    // Only the current folder is a Tab stop.
    expect(inbox).toHaveAttribute('tabindex', '0');
    expect(screen.getByTestId('folder-sent')).toHaveAttribute('tabindex', '-1');

    inbox.focus();
    await user.keyboard('{ArrowDown}{ArrowDown}');
    expect(screen.getByTestId('folder-drafts')).toHaveFocus();
    await user.keyboard('{End}');
    expect(screen.getByTestId('folder-directory')).toHaveFocus();
    await user.keyboard('{ArrowDown}');
    expect(screen.getByTestId('folder-directory')).toHaveFocus();
    await user.keyboard('{Home}{ArrowDown}{Enter}');
    expect(screen.getByTestId('folder-sent')).toHaveAttribute('aria-current', 'page');
    expect(inbox).not.toHaveAttribute('aria-current');
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Messages envoyés');
  });

  it('switches the whole UI to English from the account menu', async () => {
    const user = userEvent.setup();
    render(App);
    const button = screen.getByTestId('account-menu-button');
    button.focus();
    await user.keyboard('{Enter}');
    await user.click(screen.getByTestId('account-menu-lang-en'));

    expect(document.documentElement.lang).toBe('en');
    expect(localStorage.getItem('medimail.locale')).toBe('en');
    expect(button).toHaveFocus();
    expect(screen.getByTestId('folder-inbox')).toHaveTextContent('Inbox');
    expect(screen.getByTestId('new-message-pro')).toHaveTextContent('New Pro message');
    expect(screen.getByTestId('refresh')).toHaveTextContent('Refresh');
    expect(screen.getByTestId('search-input')).toHaveAttribute('placeholder', 'Search messages…');
    expect(screen.getByTestId('message-list')).toHaveTextContent('No messages in this folder');
    expect(screen.getByTestId('status-bar')).toHaveTextContent('Offline');
    expect(screen.getByRole('navigation', { name: 'Folders' })).toBeInTheDocument();

    await user.click(button);
    expect(screen.getByTestId('account-menu-lang-en')).toHaveAttribute('aria-checked', 'true');
    await user.click(screen.getByTestId('account-menu-lang-fr'));
    expect(document.documentElement.lang).toBe('fr');
    expect(screen.getByTestId('folder-inbox')).toHaveTextContent('Boîte de réception');
  });

  it('shows the version reported by the app_info command', async () => {
    mockIPC(
      (cmd) => {
        if (cmd === 'app_info') return { version: '0.3.1', profile_dir: '/tmp/p' };
        if (cmd === 'accounts') return [{ email: 'jean.dupont@medimail.test', display_name: 'Dr Jean Dupont', login: 'x', imap: 'h:1', smtp: 'h:2' }];
        return null;
      },
      { shouldMockEvents: true },
    );
    render(App);
    expect(await screen.findByTestId('app-version')).toHaveTextContent('Version 0.3.1');
    // The account menu names the signed-in practitioner (command `accounts`).
    await waitFor(() => expect(screen.getByTestId('account-menu-button')).toHaveTextContent('Dr Jean Dupont'));
  });

  it('renders without a version outside Tauri', async () => {
    render(App);
    await Promise.resolve();
    expect(screen.queryByTestId('app-version')).not.toBeInTheDocument();
  });
});
