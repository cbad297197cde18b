// The user's own entry in the operator's directory, shared by the sections of "Mon compte"
// that show it (Informations personnelles, Dématérialisation): read once per account,
// replaced by what the server returns after each "Enregistrer".
import { getOwnEntry, isAppError, saveOwnEntry } from '../backend';
import type { OwnEntry } from '../bindings/OwnEntry';
import type { OwnEntryChanges } from '../bindings/OwnEntryChanges';
import { errorMessage } from '../errors';

export class OwnEntryState {
  entry = $state<OwnEntry | null>(null);
  loading = $state(false);
  /** Why the entry could not be read (offline, no operator directory…), in words. */
  error = $state<string | null>(null);
  /** The account signs in with Pro Santé Connect, which operators do not take for their
   *  directory: the sections say so and how to do it, rather than an error to retry. */
  pscSignIn = $state(false);
  #account: string | null = null;

  async load(account: string): Promise<void> {
    this.#account = account;
    this.loading = true;
    this.error = null;
    this.pscSignIn = false;
    try {
      const entry = await getOwnEntry(account);
      if (this.#account === account) this.entry = entry;
    } catch (error) {
      if (this.#account === account) {
        this.entry = null;
        if (isAppError(error) && error.code === 'directory_psc_unsupported') this.pscSignIn = true;
        else this.error = errorMessage(error);
      }
    } finally {
      if (this.#account === account) this.loading = false;
    }
  }

  /** Writes `changes`; rejects with the server's AppError, the entry then unchanged. */
  async save(changes: OwnEntryChanges): Promise<void> {
    const account = this.#account;
    if (!account) return;
    const entry = await saveOwnEntry(changes, account);
    if (this.#account === account) this.entry = entry;
  }
}
