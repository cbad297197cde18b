import type { AccountInfo } from '../lib/bindings/AccountInfo';

/** An account as the backend describes it, for component tests. */
export function account(email: string, auth: AccountInfo['auth'], practitioner_id: string | null = null): AccountInfo {
  return {
    email,
    display_name: null,
    kind: 'personnel',
    may_write_to_patients: true,
    login: email,
    imap: 'imap.test:993',
    smtp: 'smtp.test:465',
    auth,
    practitioner_id,
    password_reset_url: null,
  };
}
