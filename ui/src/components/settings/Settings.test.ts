import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor, within } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import type { AccountInfo } from '../../lib/bindings/AccountInfo';
import type { Signature } from '../../lib/bindings/Signature';
import type { SettingsSection } from '../../lib/settings/sections';
import { setLocale } from '../../lib/i18n/index.svelte';

vi.mock('../../lib/backend', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../lib/backend')>();
  return {
    ...original,
    listAccounts: vi.fn(),
    listSignatures: vi.fn(),
    createSignature: vi.fn(),
    updateSignature: vi.fn(),
    deleteSignature: vi.fn(),
    getMdnPolicy: vi.fn(),
    setMdnPolicy: vi.fn(),
    getOpenNotifications: vi.fn(),
    setOpenNotifications: vi.fn(),
    getNotificationSettings: vi.fn(),
    setNotificationSettings: vi.fn(),
    getAutostart: vi.fn(),
    setAutostart: vi.fn(),
    getOwnEntry: vi.fn(),
    saveOwnEntry: vi.fn(),
    sieveSettings: vi.fn(),
    onMailboxChanged: vi.fn(),
  };
});

// TipTap needs a real browser: the signature form gets a textarea with the same props.
vi.mock('../compose/RichEditor.svelte', async () => ({
  default: (await import('./testing/RichEditorStub.svelte')).default,
}));

import * as backend from '../../lib/backend';
import Settings from './Settings.svelte';

const mocked = vi.mocked(backend);

const ACCOUNT: AccountInfo = {
  email: 'nadege.vives@esante-occitanie.mssante.fr',
  display_name: 'Nadège Vives',
  kind: 'personnel',
  may_write_to_patients: true,
  login: 'nadege.vives@esante-occitanie.fr',
  imap: 'imap.medimail.fr:993',
  smtp: 'smtp.medimail.fr:465',
  auth: 'password',
  practitioner_id: null,
  password_reset_url: null,
};

function signature(id: number, title: string, isDefault = false, html = `<p>${title} — Dr Vives</p>`): Signature {
  return {
    id,
    account: ACCOUNT.email,
    title,
    html,
    text: `${title} — Dr Vives`,
    is_default: isDefault,
    created_at: 1,
    updated_at: 1,
  };
}

function setup(props: { account?: AccountInfo | null; section?: SettingsSection } = {}) {
  const user = userEvent.setup();
  const onClose = vi.fn();
  const onError = vi.fn();
  const result = render(Settings, {
    account: props.account === undefined ? ACCOUNT : props.account,
    section: props.section ?? 'personal',
    onClose,
    onError,
  });
  return { user, onClose, onError, ...result };
}

// The last listener of `mailbox-changed` (a sync pass ended): tests call it.
let mailboxChanged: (() => void) | null = null;

beforeEach(() => {
  vi.clearAllMocks();
  mailboxChanged = null;
  mocked.onMailboxChanged.mockImplementation(async (listener) => {
    mailboxChanged = listener;
    return () => {
      if (mailboxChanged === listener) mailboxChanged = null;
    };
  });
  mocked.listAccounts.mockResolvedValue([ACCOUNT]);
  mocked.listSignatures.mockResolvedValue([]);
  mocked.getMdnPolicy.mockResolvedValue('ask');
  mocked.setMdnPolicy.mockResolvedValue();
  mocked.getOpenNotifications.mockResolvedValue(false);
  // The operator's directory answers only in the tests about it (OwnEntry.test.ts).
  mocked.getOwnEntry.mockReturnValue(new Promise(() => {}));
  mocked.setOpenNotifications.mockResolvedValue();
  mocked.getNotificationSettings.mockResolvedValue({
    show_subject: false,
    do_not_disturb: false,
    digest_time: null,
    accounts: [{ email: ACCOUNT.email, enabled: true }],
  });
  mocked.setNotificationSettings.mockResolvedValue();
  mocked.getAutostart.mockResolvedValue(false);
  mocked.setAutostart.mockResolvedValue();
});

const SECTIONS: [SettingsSection, string][] = [
  ['personal', 'Informations personnelles'],
  ['credentials', 'Identifiants de connexion'],
  ['signatures', 'Signatures'],
  ['autoreply', 'Réponse automatique'],
  ['notifications', 'Notifications'],
  ['forwarding', 'Transferts automatiques'],
  ['dematerialisation', 'Dématérialisation'],
  ['devices', 'Appareils mobiles'],
];

describe('Settings navigation', () => {
  it('lists the manual’s eight sections as tabs, the current one selected and focused', () => {
    setup();
    expect(screen.getByTestId('settings')).toBeInTheDocument();
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('Mon compte');
    const tabs = screen.getAllByRole('tab');
    expect(tabs.map((tab) => tab.textContent?.replace(/^\d+/, '').trim())).toEqual(SECTIONS.map(([, name]) => name));
    for (const [section] of SECTIONS) expect(screen.getByTestId(`settings-nav-${section}`)).toBeInTheDocument();
    const personal = screen.getByTestId('settings-nav-personal');
    expect(personal).toHaveAttribute('aria-selected', 'true');
    expect(personal).toHaveAttribute('tabindex', '0');
    expect(personal).toHaveFocus();
    expect(screen.getByTestId('settings-nav-signatures')).toHaveAttribute('tabindex', '-1');
    expect(screen.getByRole('tabpanel')).toHaveAccessibleName('Informations personnelles');
    expect(screen.getByRole('heading', { level: 2 })).toHaveTextContent('Informations personnelles');
  });

  it('opens on the section given by the caller', () => {
    setup({ section: 'notifications' });
    expect(screen.getByTestId('settings-nav-notifications')).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('heading', { level: 2 })).toHaveTextContent('Notifications');
  });

  it('switches sections on click', async () => {
    const { user } = setup();
    for (const [section, name] of SECTIONS) {
      await user.click(screen.getByTestId(`settings-nav-${section}`));
      expect(screen.getByTestId(`settings-nav-${section}`)).toHaveAttribute('aria-selected', 'true');
      expect(screen.getByRole('heading', { level: 2 })).toHaveTextContent(name);
    }
  });

  it('moves between sections with the arrow keys (wrapping), Home and End', async () => {
    const { user } = setup();
    await user.keyboard('{ArrowDown}');
    expect(screen.getByTestId('settings-nav-credentials')).toHaveFocus();
    expect(screen.getByTestId('settings-nav-credentials')).toHaveAttribute('aria-selected', 'true');
    expect(screen.getByRole('heading', { level: 2 })).toHaveTextContent('Identifiants de connexion');
    await user.keyboard('{End}');
    expect(screen.getByTestId('settings-nav-devices')).toHaveFocus();
    await user.keyboard('{ArrowDown}');
    expect(screen.getByTestId('settings-nav-personal')).toHaveFocus();
    await user.keyboard('{ArrowUp}');
    expect(screen.getByTestId('settings-nav-devices')).toHaveFocus();
    await user.keyboard('{Home}');
    expect(screen.getByTestId('settings-nav-personal')).toHaveFocus();
    expect(screen.getByRole('heading', { level: 2 })).toHaveTextContent('Informations personnelles');
  });

  it('Tab leaves the section list for the screen (one tab stop)', async () => {
    const { user } = setup();
    await user.tab();
    expect(screen.getByRole('tabpanel')).toContainElement(document.activeElement as HTMLElement);
  });

  it('returns to the inbox', async () => {
    const { user, onClose } = setup();
    const close = screen.getByTestId('settings-close');
    expect(close).toHaveTextContent('Retour à la boîte de réception');
    await user.click(close);
    expect(onClose).toHaveBeenCalledOnce();
  });

  it('is translated to English', async () => {
    setLocale('en');
    setup();
    expect(screen.getByRole('heading', { level: 1 })).toHaveTextContent('My account');
    expect(screen.getByTestId('settings-nav-signatures')).toHaveTextContent('Signatures');
    expect(screen.getByTestId('settings-close')).toHaveTextContent('Back to the inbox');
  });
});

describe('Informations personnelles and Identifiants de connexion', () => {
  it('shows the account’s real data read-only', () => {
    setup();
    expect(screen.getByTestId('settings-display-name')).toHaveValue('Nadège Vives');
    expect(screen.getByTestId('settings-display-name')).toHaveAttribute('readonly');
    expect(screen.getByTestId('settings-email')).toHaveValue(ACCOUNT.email);
    expect(screen.getByTestId('settings-kind')).toHaveValue('Personnel');
    expect(screen.getByTestId('settings-activity-kind')).toHaveTextContent('Type de compte : Personnel');
    expect(screen.getByTestId('settings-activity')).toHaveTextContent('identifiant RPPS');
    expect(screen.getByTestId('settings-address-medimail')).toHaveTextContent('nadege.vives@esante-occitanie.fr');
    expect(screen.getByTestId('settings-address-mss')).toHaveTextContent(ACCOUNT.email);
  });

  it('keeps the directory forms disabled, with no "later" notice, until the entry is read', async () => {
    mocked.getOwnEntry.mockReturnValue(new Promise(() => {}));
    setup();
    expect(screen.queryByTestId('settings-later')).not.toBeInTheDocument();
    expect(await screen.findByTestId('own-entry-loading')).toHaveTextContent('Lecture de votre fiche');
    expect(screen.getByLabelText(/^Nom\*$/)).toBeDisabled();
    expect(screen.getByLabelText(/^Prénom\*$/)).toBeDisabled();
    expect(screen.getByLabelText('Téléphone 1')).toBeDisabled();
    expect(screen.getByLabelText(/^Région/)).toBeRequired();
    for (const box of screen.getAllByRole('checkbox', { name: 'Visible dans l’annuaire' })) {
      expect(box).toBeDisabled();
    }
  });

  it('follows the manual’s part 3 for a shared (organisationnel) mailbox', () => {
    setup({ account: { ...ACCOUNT, kind: 'organisationnel', login: 'mss@esante-occitanie.fr' } });
    expect(screen.queryByLabelText(/^Prénom/)).not.toBeInTheDocument();
    expect(screen.getByLabelText('FINESS')).toBeDisabled();
    expect(screen.getByTestId('settings-activity-kind')).toHaveTextContent('Type de compte : Organisationnel');
  });

  it('shows login and servers read-only, and says honestly where to reset the password', async () => {
    const { user } = setup({ section: 'credentials' });
    expect(screen.getByTestId('settings-login')).toHaveValue(ACCOUNT.login);
    expect(screen.getByTestId('settings-imap')).toHaveValue(ACCOUNT.imap);
    expect(screen.getByTestId('settings-smtp')).toHaveValue(ACCOUNT.smtp);
    expect(screen.getByTestId('settings-login')).toHaveAttribute('readonly');
    expect(screen.getByTestId('settings-password-reset')).toHaveTextContent('Demander la réinitialisation du mot de passe');
    const table = await screen.findByTestId('settings-accounts');
    expect(within(table).getByRole('rowheader')).toHaveTextContent(ACCOUNT.email);
    // The only account opens at start: it is the default one, and may be changed.
    expect(within(table).getByRole('checkbox', { name: `Compte par défaut : ${ACCOUNT.email}` })).toBeChecked();
    await user.click(screen.getByTestId('settings-password-reset'));
    // No operator page is known: no invented address, the sentence says whom to ask.
    expect(screen.getByTestId('settings-password-reset-info')).toHaveTextContent('contactez votre opérateur de messagerie');
    expect(screen.getByTestId('settings-password-reset')).toHaveAttribute('aria-expanded', 'true');
    expect(mocked.listAccounts).toHaveBeenCalledOnce();
  });

  it('explains when there is no account', () => {
    setup({ account: null });
    expect(screen.getByTestId('settings-no-account')).toHaveTextContent('Aucun compte n’est configuré');
  });
});

const SIEVE_ON = {
  auto_reply: { enabled: true, start: null, end: null, subject: 'Absent', html: '<p>Absent</p>' },
  forwards: ['nathalie.girard@medimail.test'],
};

describe('The manual’s wording', () => {
  it('uses the manual’s wording for the automatic reply, now working', async () => {
    mocked.sieveSettings.mockResolvedValue(SIEVE_ON);
    setup({ section: 'autoreply' });
    expect(await screen.findByLabelText('Activer la réponse automatique')).toBeChecked();
    expect(screen.getByLabelText('Désactiver la réponse automatique')).toBeEnabled();
    expect(screen.getByLabelText(/^Début/)).toHaveAttribute('type', 'datetime-local');
    expect(screen.getByLabelText(/^Fin/)).toHaveAttribute('type', 'datetime-local');
    expect(screen.getByLabelText(/^Objet/)).toBeRequired();
    expect(screen.queryByTestId('settings-later')).not.toBeInTheDocument();
  });

  it('uses the manual’s wording for forwarding and paperless exchanges', async () => {
    mocked.sieveSettings.mockResolvedValue(SIEVE_ON);
    const { user } = setup({ section: 'forwarding' });
    expect(await screen.findByText('nathalie.girard@medimail.test')).toBeInTheDocument();
    expect(screen.getByLabelText('Adresse email de redirection')).toBeEnabled();
    expect(screen.getByTestId('forwarding-add')).toHaveTextContent('Ajouter le transfert automatique');
    expect(screen.queryByTestId('settings-later')).not.toBeInTheDocument();
    mocked.getOwnEntry.mockReturnValue(new Promise(() => {}));
    await user.click(screen.getByTestId('settings-nav-dematerialisation'));
    // Disabled until the operator's directory gives the current choice.
    expect(
      screen.getByLabelText('Je souhaite dématérialiser tous mes échanges et ne plus recevoir de papier.'),
    ).toBeDisabled();
  });
});

describe('Signatures', () => {
  it('lists the signatures with their default marker', async () => {
    mocked.listSignatures.mockResolvedValue([signature(1, 'Consultation'), signature(2, 'Cabinet', true)]);
    setup({ section: 'signatures' });
    const items = await screen.findAllByTestId('signature-item');
    expect(mocked.listSignatures).toHaveBeenCalledWith(ACCOUNT.email);
    // The default first, as the engine orders them.
    expect(items[0]).toHaveTextContent('Cabinet');
    expect(within(items[0]!).getByTestId('signature-default-badge')).toHaveTextContent('Par défaut');
    expect(items[1]).toHaveTextContent('Consultation');
    expect(within(items[1]!).queryByTestId('signature-default-badge')).not.toBeInTheDocument();
  });

  it('shows what another member of the box changed once a sync pass ends', async () => {
    setup({ section: 'signatures' });
    await screen.findByTestId('signature-empty');
    mocked.listSignatures.mockResolvedValue([signature(5, 'Secrétariat')]);
    await waitFor(() => expect(mailboxChanged).not.toBeNull());
    mailboxChanged!();
    const items = await screen.findAllByTestId('signature-item');
    expect(items[0]).toHaveTextContent('Secrétariat');
  });

  it('says so when there is none yet', async () => {
    setup({ section: 'signatures' });
    expect(await screen.findByTestId('signature-empty')).toHaveTextContent('Aucune signature');
  });

  it('creates a signature, announces it and lists it', async () => {
    const created = signature(7, 'Cabinet', true, 'Dr Vives<br>Cabinet');
    mocked.createSignature.mockResolvedValue(created);
    const { user } = setup({ section: 'signatures' });
    await screen.findByTestId('signature-empty');
    await user.click(screen.getByTestId('signature-new'));
    expect(screen.getByTestId('signature-title')).toHaveFocus();
    await user.type(screen.getByTestId('signature-title'), '  Cabinet ');
    const content = screen.getByTestId('signature-content');
    expect(content).toHaveAccessibleName('Contenu');
    expect(content).toHaveAttribute('data-minimal', 'true');
    await user.type(content, 'Dr Vives<br>Cabinet');
    await user.click(screen.getByTestId('signature-default'));
    mocked.listSignatures.mockResolvedValue([created]);
    await user.click(screen.getByTestId('signature-save'));
    expect(mocked.createSignature).toHaveBeenCalledWith('Cabinet', { html: 'Dr Vives<br>Cabinet' }, true, ACCOUNT.email);
    await waitFor(() => expect(screen.getByTestId('signature-status')).toHaveTextContent('Signature enregistrée'));
    expect(screen.getByTestId('signature-status')).toHaveAttribute('aria-live', 'polite');
    expect(screen.getByTestId('signature-item')).toHaveTextContent('Cabinet');
    expect(screen.getByRole('heading', { level: 3, name: 'Modifier « Cabinet »' })).toBeInTheDocument();
  });

  it('refuses an empty title or content with messages tied to the fields', async () => {
    const { user } = setup({ section: 'signatures' });
    await screen.findByTestId('signature-empty');
    await user.click(screen.getByTestId('signature-new'));
    await user.click(screen.getByTestId('signature-save'));
    expect(mocked.createSignature).not.toHaveBeenCalled();
    const title = screen.getByTestId('signature-title');
    expect(title).toHaveAttribute('aria-invalid', 'true');
    expect(title).toHaveAccessibleDescription(/Indiquez un intitulé pour cette signature\./);
    expect(title).toHaveFocus();
    expect(screen.getByRole('group', { name: /^Contenu/ })).toHaveAccessibleDescription(
      /Écrivez le contenu de la signature\./,
    );
    expect(screen.getByTestId('signature-problems')).toHaveTextContent('La signature n’a pas été enregistrée');

    await user.type(title, 'Cabinet');
    expect(title).not.toHaveAttribute('aria-invalid');
    await user.click(screen.getByTestId('signature-save'));
    expect(mocked.createSignature).not.toHaveBeenCalled();
    expect(screen.getByTestId('signature-problems')).toHaveTextContent('Écrivez le contenu de la signature.');
    expect(screen.getByTestId('signature-content')).toHaveFocus();
  });

  it('edits only what changed and can make a signature the default', async () => {
    const original = signature(3, 'Consultation');
    mocked.listSignatures.mockResolvedValue([original]);
    mocked.updateSignature.mockResolvedValue({ ...original, title: 'Consultations', is_default: true });
    const { user } = setup({ section: 'signatures' });
    await user.click(await screen.findByRole('button', { name: /Consultation/ }));
    const title = screen.getByTestId('signature-title');
    expect(title).toHaveValue('Consultation');
    expect(screen.getByTestId('signature-content')).toHaveValue('<p>Consultation — Dr Vives</p>');
    expect(screen.getByTestId('signature-default')).not.toBeChecked();
    await user.type(title, 's');
    await user.click(screen.getByTestId('signature-default'));
    mocked.listSignatures.mockResolvedValue([{ ...original, title: 'Consultations', is_default: true }]);
    await user.click(screen.getByTestId('signature-save'));
    expect(mocked.updateSignature).toHaveBeenCalledWith(3, { title: 'Consultations', content: null, is_default: true });
    await waitFor(() => expect(screen.getByTestId('signature-default-badge')).toBeInTheDocument());
    expect(screen.getByTestId('signature-status')).toHaveTextContent('Signature enregistrée');
  });

  it('sends nothing when nothing changed', async () => {
    mocked.listSignatures.mockResolvedValue([signature(3, 'Consultation')]);
    const { user } = setup({ section: 'signatures' });
    await user.click(await screen.findByRole('button', { name: /Consultation/ }));
    await user.click(screen.getByTestId('signature-save'));
    expect(mocked.updateSignature).not.toHaveBeenCalled();
    expect(screen.getByTestId('signature-status')).toHaveTextContent('Aucune modification à enregistrer');
  });

  it('deletes after confirmation, and not when cancelled', async () => {
    const doomed = signature(4, 'Ancienne', true);
    mocked.listSignatures.mockResolvedValue([doomed]);
    mocked.deleteSignature.mockResolvedValue();
    const { user } = setup({ section: 'signatures' });
    await user.click(await screen.findByRole('button', { name: /Ancienne/ }));

    await user.click(screen.getByTestId('signature-delete'));
    let dialog = screen.getByRole('alertdialog', { name: 'Supprimer la signature ?' });
    expect(dialog).toHaveTextContent('La signature « Ancienne » sera supprimée');
    expect(dialog).toHaveTextContent('C’est votre signature par défaut');
    expect(screen.getByTestId('signature-delete-dialog-cancel')).toHaveFocus();
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(mocked.deleteSignature).not.toHaveBeenCalled();

    await user.click(screen.getByTestId('signature-delete'));
    dialog = screen.getByRole('alertdialog');
    mocked.listSignatures.mockResolvedValue([]);
    await user.click(within(dialog).getByTestId('signature-delete-dialog-confirm'));
    expect(mocked.deleteSignature).toHaveBeenCalledWith(4);
    await waitFor(() => expect(screen.getByTestId('signature-status')).toHaveTextContent('Signature supprimée'));
    expect(screen.queryByRole('alertdialog')).not.toBeInTheDocument();
    expect(screen.queryByTestId('signature-item')).not.toBeInTheDocument();
    expect(screen.getByTestId('signature-new')).toHaveFocus();
  });

  it('reports a failed save through onError and keeps what was typed', async () => {
    const failure = { code: 'store', message: 'disk full' } as const;
    mocked.createSignature.mockRejectedValue(failure);
    const { user, onError } = setup({ section: 'signatures' });
    await screen.findByTestId('signature-empty');
    await user.click(screen.getByTestId('signature-new'));
    await user.type(screen.getByTestId('signature-title'), 'Cabinet');
    await user.type(screen.getByTestId('signature-content'), 'Dr Vives');
    await user.click(screen.getByTestId('signature-save'));
    await waitFor(() => expect(onError).toHaveBeenCalledWith(failure));
    expect(screen.getByTestId('signature-title')).toHaveValue('Cabinet');
    expect(screen.getByTestId('signature-status')).toHaveTextContent('');
  });

  it('shows a French sentence, never the raw error, when the list cannot load', async () => {
    mocked.listSignatures.mockRejectedValueOnce({ code: 'store', message: 'SQLITE_CORRUPT' });
    const { user } = setup({ section: 'signatures' });
    const alert = await screen.findByRole('alert');
    expect(alert).toHaveTextContent('La base locale des messages a rencontré un problème');
    expect(alert).not.toHaveTextContent('SQLITE_CORRUPT');
    expect(alert).not.toHaveTextContent('store');
    await user.click(within(alert).getByRole('button', { name: 'Réessayer' }));
    expect(await screen.findByTestId('signature-empty')).toBeInTheDocument();
  });
});

describe('Notifications', () => {
  it('shows the stored read-receipt policy and changes it', async () => {
    const { user } = setup({ section: 'notifications' });
    await waitFor(() => expect(screen.getByTestId('mdn-policy-ask')).toBeChecked());
    expect(screen.getByLabelText('Toujours envoyer')).toBe(screen.getByTestId('mdn-policy-always'));
    expect(screen.getByLabelText('Me demander')).toBe(screen.getByTestId('mdn-policy-ask'));
    expect(screen.getByLabelText('Ne jamais envoyer')).toBe(screen.getByTestId('mdn-policy-never'));
    await user.click(screen.getByTestId('mdn-policy-never'));
    expect(mocked.setMdnPolicy).toHaveBeenCalledWith('never');
    await waitFor(() => expect(screen.getByTestId('notifications-status')).toHaveTextContent('Réglage enregistré'));
    expect(screen.getByTestId('mdn-policy-never')).toBeChecked();
  });

  it('goes back to the stored policy when the change fails', async () => {
    const failure = { code: 'io', message: 'read-only' } as const;
    mocked.setMdnPolicy.mockRejectedValue(failure);
    const { user, onError } = setup({ section: 'notifications' });
    await waitFor(() => expect(screen.getByTestId('mdn-policy-ask')).toBeChecked());
    await user.click(screen.getByTestId('mdn-policy-always'));
    await waitFor(() => expect(onError).toHaveBeenCalledWith(failure));
    expect(screen.getByTestId('mdn-policy-ask')).toBeChecked();
    expect(screen.getByTestId('mdn-policy-always')).not.toBeChecked();
  });

  it('toggles the opening notification', async () => {
    const { user } = setup({ section: 'notifications' });
    const toggle = screen.getByTestId('open-notifications');
    await waitFor(() => expect(toggle).toBeEnabled());
    expect(toggle).not.toBeChecked();
    expect(toggle).toHaveAccessibleName('Recevoir une notification à chaque ouverture d’un Medimail envoyé');
    await user.click(toggle);
    expect(mocked.setOpenNotifications).toHaveBeenCalledWith(true);
    await waitFor(() => expect(toggle).toBeEnabled());
    expect(toggle).toBeChecked();
    await user.click(toggle);
    expect(mocked.setOpenNotifications).toHaveBeenLastCalledWith(false);
  });

  it('unticks the opening notification again when saving fails', async () => {
    mocked.setOpenNotifications.mockRejectedValue({ code: 'io', message: 'x' });
    const { user, onError } = setup({ section: 'notifications' });
    const toggle = screen.getByTestId('open-notifications');
    await waitFor(() => expect(toggle).toBeEnabled());
    await user.click(toggle);
    await waitFor(() => expect(onError).toHaveBeenCalled());
    await waitFor(() => expect(toggle).not.toBeChecked());
  });

  it('shows the desktop notifications as stored: sender only by default, nothing "later"', async () => {
    setup({ section: 'notifications' });
    const reception = screen.getByTestId('settings-reception');
    const account = await within(reception).findByRole('checkbox', { name: ACCOUNT.email });
    expect(account).toBeChecked();
    expect(within(reception).getByRole('group', { name: 'Recevoir une notification à chaque réception d’un Medimail' })).toContainElement(account);
    const content = within(reception).getByRole('group', { name: 'Contenu des notifications' });
    expect(within(content).getByRole('radio', { name: 'L’expéditeur seulement (recommandé)' })).toBeChecked();
    expect(within(content).getByRole('radio', { name: 'L’expéditeur et l’objet' })).toHaveAccessibleDescription(/données de santé/);
    expect(within(reception).getByRole('checkbox', { name: 'Ne pas déranger' })).not.toBeChecked();
    expect(within(reception).getByLabelText('Heure du point quotidien')).toBeDisabled();
    expect(within(reception).getByRole('checkbox', { name: 'Lancer au démarrage de la session' })).not.toBeChecked();
    expect(screen.queryByTestId('settings-later')).toBeNull();
    expect(reception).not.toHaveTextContent('Disponible dans une prochaine version');
  });

  it('saves each change of the desktop notifications and says so', async () => {
    const { user } = setup({ section: 'notifications' });
    const reception = screen.getByTestId('settings-reception');
    await user.click(await within(reception).findByRole('radio', { name: 'L’expéditeur et l’objet' }));
    expect(mocked.setNotificationSettings).toHaveBeenLastCalledWith(expect.objectContaining({ show_subject: true }));
    await waitFor(() => expect(screen.getByTestId('notifications-status')).toHaveTextContent('Réglage enregistré'));
    await user.click(within(reception).getByRole('checkbox', { name: 'Ne pas déranger' }));
    expect(mocked.setNotificationSettings).toHaveBeenLastCalledWith(expect.objectContaining({ do_not_disturb: true, show_subject: true }));
    await waitFor(() => expect(within(reception).getByRole('checkbox', { name: ACCOUNT.email })).toBeEnabled());
    await user.click(within(reception).getByRole('checkbox', { name: ACCOUNT.email }));
    expect(mocked.setNotificationSettings).toHaveBeenLastCalledWith(
      expect.objectContaining({ accounts: [{ email: ACCOUNT.email, enabled: false }] }),
    );
    await waitFor(() => expect(within(reception).getByTestId('notify-digest')).toBeEnabled());
    await user.click(within(reception).getByTestId('notify-digest'));
    expect(mocked.setNotificationSettings).toHaveBeenLastCalledWith(expect.objectContaining({ digest_time: '08:00' }));
    await waitFor(() => expect(within(reception).getByLabelText('Heure du point quotidien')).toBeEnabled());
    await user.click(within(reception).getByRole('checkbox', { name: 'Lancer au démarrage de la session' }));
    expect(mocked.setAutostart).toHaveBeenCalledWith(true);
  });

  it('puts a desktop setting back when saving it fails', async () => {
    mocked.setNotificationSettings.mockRejectedValue({ code: 'io', message: 'x' });
    const { user, onError } = setup({ section: 'notifications' });
    const dnd = await screen.findByRole('checkbox', { name: 'Ne pas déranger' });
    await user.click(dnd);
    await waitFor(() => expect(onError).toHaveBeenCalled());
    await waitFor(() => expect(dnd).not.toBeChecked());
  });
});
