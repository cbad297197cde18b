import type { Messages } from './fr';

import { listEn } from './areas/list.en';
import { readerEn } from './areas/reader.en';
import { composeEn } from './areas/compose.en';
import { settingsEn } from './areas/settings.en';
import { shellEn } from './areas/shell.en';

export const en: Messages = {
  ...listEn,
  ...readerEn,
  ...composeEn,
  ...settingsEn,
  ...shellEn,
  'app.name': 'Medimail Desktop',

  'topbar.search.label': 'Search messages',
  'topbar.search.placeholder': 'Search messages…',
  'topbar.refresh': 'Refresh',
  'topbar.refresh.hint': 'Refresh the mailbox',

  'account.noName': 'My account',
  'account.manage': 'Manage my account',
  'account.switch': 'Switch account',
  'account.logout': 'Sign out',
  'account.language': 'Language',

  'language.fr': 'Français',
  'language.en': 'English',

  'mode.label': 'Messaging type',
  'mode.pro': 'Pro',
  'mode.patient': 'Patient',
  'mode.pro.hint': 'Messages with health professionals',
  'mode.patient.hint': 'Messages with patients',
  'compose.pro': 'New Pro message',
  'compose.patient': 'New Patient message',
  'compose.patient.notAllowed': 'This kind of account cannot write to patients: use an organisational mailbox or a personal account with an RPPS number.',

  'folders.label': 'Folders',
  'folders.inbox': 'Inbox',
  'folders.sent': 'Sent messages',
  'folders.drafts': 'Drafts',
  'folders.trash': 'Deleted messages',
  'folders.directory': 'Directory',
  'folders.new': 'New folder',
  'folders.unread': '{count} unread',
  'folders.junk': 'Junk',
  'folders.archive': 'Archive',
  'folders.mine': 'My folders',
  'folders.shared': 'Shared mailbox: {owner}',
  'folders.new.label': 'Name of the new folder',
  'folders.new.placeholder': 'Folder name, then Enter',
  'folders.rename': 'Rename',
  'folders.rename.label': 'Rename folder “{name}”',
  'folders.delete': 'Delete',
  'folders.delete.label': 'Delete folder “{name}”',
  'folders.archived': 'Archived messages',
  'folders.archived.hint': 'Messages kept on this computer after the server deleted them (90 days)',
  'folders.notOnServer': 'This folder no longer exists on the server; its messages stay here',
  'folders.name.empty': 'Enter a folder name.',
  'folders.name.tooLong': 'This name is too long (100 characters at most).',
  'folders.name.invalid': 'This name contains a character that is not allowed (% * " \\).',
  'folders.name.taken': 'A folder already has this name.',


  'reader.label': 'Message reader',
  'reader.empty': 'Select a message to read it',

  'status.label': 'Application status',
  'status.online': 'Online',
  'status.offline': 'Offline',
  'status.connecting': 'Connecting…',
  'status.outbox': 'Outbox: {count}',
  'status.sync': 'Syncing {done}/{total}',
  'status.version': 'Version {version}',

  'error.invalid_input': 'Some of the information entered is not valid. Check it and try again.',
  'error.io': 'Data could not be read from or written to this computer. Check the available disk space and the rights on the Medimail folder, then try again.',
  'error.network': 'The mail server cannot be reached. Check your Internet connection and try again.',
  'error.tls': 'The secure connection to the server failed. Try again in a moment; if the problem persists, contact support.',
  'error.certificate': 'The server certificate or your personal certificate is not recognised. Check the account settings or contact support.',
  'error.auth_failed': 'The server refused your credentials. Check your address and password, or your CPS card, then sign in again.',
  'error.unsupported': 'The server does not offer a feature this operation needs. Contact the support team of your mail service.',
  'error.server': 'The mail server refused the operation. Try again later; if the problem persists, contact support.',
  'error.timeout': 'The server is taking too long to answer. Check your connection and try again.',
  'error.store': 'The local message store ran into a problem. Restart the app; your messages are not lost.',
  'error.store_key': 'The local store does not open with the key from the keyring. Check that you are in your usual session, then contact support.',
  'error.store_too_new': 'This data was saved by a newer Medimail Desktop. Install the latest version; your messages are not lost.',
  'error.keyring':
    'The system password keyring is locked or unavailable. Open your usual session and unlock its keyring (on Linux: “Passwords and Keys”), then try again.',
  'error.not_found': 'The requested item does not exist (any more). Refresh the list and try again.',
  'error.busy': 'Another Medimail window or task is using this profile. Wait a moment and try again.',
  'error.internal': 'An internal error occurred. Restart the application; if the problem persists, contact support.',
  'error.unknown': 'An unexpected error occurred. Try again; if the problem persists, contact support.',
};
