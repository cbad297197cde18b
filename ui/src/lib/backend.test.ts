import { describe, expect, it } from 'vitest';
import { mockIPC } from '@tauri-apps/api/mocks';
import { getAppInfo, isTauri, toAppError } from './backend';
import type { AppError } from './bindings/AppError';
import type { AppInfo } from './bindings/AppInfo';

describe('backend outside Tauri', () => {
  it('detects that there is no Tauri runtime', () => {
    expect(isTauri()).toBe(false);
  });

  it('rejects getAppInfo with an internal AppError instead of crashing', async () => {
    const error: unknown = await getAppInfo().catch((e: unknown) => e);
    expect(error).toEqual({
      code: 'internal',
      message: expect.stringContaining('app_info'),
    });
  });
});

describe('backend inside Tauri (mocked IPC)', () => {
  it('invokes the app_info command and returns its AppInfo', async () => {
    const info: AppInfo = { version: '1.2.3', profile_dir: '/home/u/.local/share/medimail' };
    const calls: string[] = [];
    mockIPC((cmd) => {
      calls.push(cmd);
      return info;
    });
    expect(isTauri()).toBe(true);
    await expect(getAppInfo()).resolves.toEqual(info);
    expect(calls).toEqual(['app_info']);
  });

  it('passes a command AppError through unchanged', async () => {
    const appError: AppError = { code: 'io', message: 'disk full' };
    mockIPC(() => {
      throw appError;
    });
    await expect(getAppInfo()).rejects.toEqual(appError);
  });

  it('turns a plain string rejection (e.g. unknown command) into an internal AppError', async () => {
    mockIPC(() => {
      throw 'command app_info not found';
    });
    await expect(getAppInfo()).rejects.toEqual({
      code: 'internal',
      message: 'command app_info not found',
    });
  });
});

describe('toAppError', () => {
  it.each([
    [new Error('boom'), { code: 'internal', message: 'boom' }],
    ['text', { code: 'internal', message: 'text' }],
    [42, { code: 'internal', message: 'Unknown error' }],
    [null, { code: 'internal', message: 'Unknown error' }],
    [{ code: 'io', message: 'm', extra: 1 }, { code: 'io', message: 'm' }],
  ])('normalises %o', (input, expected) => {
    expect(toAppError(input)).toEqual(expected);
  });
});
