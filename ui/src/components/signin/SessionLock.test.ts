import { beforeEach, describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import type { SessionLock as SessionLockState } from '../../lib/bindings/SessionLock';

vi.mock('../../lib/backend', async (importOriginal) => {
  const original = await importOriginal<typeof import('../../lib/backend')>();
  return {
    ...original,
    sessionLock: vi.fn(),
    pscCibaStart: vi.fn(),
    pscCibaWait: vi.fn(),
    pscCibaCancel: vi.fn(),
    pscSignInBrowser: vi.fn(),
  };
});

import * as backend from '../../lib/backend';
import SessionLock from './SessionLock.svelte';
import { account } from '../../test/accounts';

const api = vi.mocked(backend);

const PSC_ACCOUNT = account('claire.martin@medimail.test', 'psc', '810000000001');

function state(locked: boolean): SessionLockState {
  return { locked, unlock: { kind: 'psc', email: PSC_ACCOUNT.email }, after_minutes: 10 };
}

describe('the session lock of a Pro Santé Connect account', () => {
  beforeEach(() => vi.resetAllMocks());

  it('asks the same practitioner to sign in again, for this account only, then opens', async () => {
    api.pscSignInBrowser.mockResolvedValue(PSC_ACCOUNT);
    api.sessionLock.mockResolvedValue(state(false));
    const onUnlocked = vi.fn();
    render(SessionLock, { reason: 'idle', passwordFor: null, pscFor: PSC_ACCOUNT, onUnlocked });
    expect(screen.getByRole('alertdialog')).toHaveTextContent(/Pro Santé Connect/);
    await userEvent.click(screen.getByTestId('ecps-browser'));
    await waitFor(() => expect(onUnlocked).toHaveBeenCalled());
    expect(api.pscSignInBrowser).toHaveBeenCalledWith(PSC_ACCOUNT.email);
  });

  it('passes the account to the e-CPS app sign-in too', async () => {
    api.pscCibaStart.mockResolvedValue({ binding_message: 'A1B2' });
    api.pscCibaWait.mockResolvedValue(undefined);
    api.sessionLock.mockResolvedValue(state(false));
    const onUnlocked = vi.fn();
    render(SessionLock, { reason: 'idle', passwordFor: null, pscFor: PSC_ACCOUNT, onUnlocked });
    await userEvent.type(screen.getByTestId('ecps-identifier'), '810000000001');
    await userEvent.click(screen.getByTestId('ecps-submit'));
    await waitFor(() => expect(onUnlocked).toHaveBeenCalled());
    expect(api.pscCibaWait).toHaveBeenCalledWith(PSC_ACCOUNT.email);
  });

  it('stays locked when another practitioner signs in, and says why', async () => {
    api.pscSignInBrowser.mockRejectedValue({ code: 'psc_wrong_practitioner', message: 'another practitioner' });
    const onUnlocked = vi.fn();
    render(SessionLock, { reason: 'idle', passwordFor: null, pscFor: PSC_ACCOUNT, onUnlocked });
    await userEvent.click(screen.getByTestId('ecps-browser'));
    expect(await screen.findByTestId('ecps-error')).toBeInTheDocument();
    expect(onUnlocked).not.toHaveBeenCalled();
  });

  it('stays locked when the engine says it still is', async () => {
    api.pscSignInBrowser.mockResolvedValue(PSC_ACCOUNT);
    api.sessionLock.mockResolvedValue(state(true));
    const onUnlocked = vi.fn();
    render(SessionLock, { reason: 'idle', passwordFor: null, pscFor: PSC_ACCOUNT, onUnlocked });
    await userEvent.click(screen.getByTestId('ecps-browser'));
    await waitFor(() => expect(api.sessionLock).toHaveBeenCalled());
    expect(onUnlocked).not.toHaveBeenCalled();
  });
});
