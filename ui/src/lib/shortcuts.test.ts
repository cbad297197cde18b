import { describe, expect, it } from 'vitest';
import { shortcutFor } from './shortcuts';

function press(key: string, init: KeyboardEventInit = {}, target?: HTMLElement): KeyboardEvent {
  const event = new KeyboardEvent('keydown', { key, ...init });
  if (target) Object.defineProperty(event, 'target', { value: target });
  return event;
}

describe('shortcutFor', () => {
  it('maps the main actions', () => {
    expect(shortcutFor(press('n', { ctrlKey: true }))).toBe('compose');
    expect(shortcutFor(press('F5'))).toBe('refresh');
    expect(shortcutFor(press('R', { ctrlKey: true, shiftKey: true }))).toBe('refresh');
    expect(shortcutFor(press('r', { ctrlKey: true }))).toBe('reply');
    expect(shortcutFor(press('A', { ctrlKey: true, shiftKey: true }))).toBe('replyAll');
    expect(shortcutFor(press('F', { ctrlKey: true, shiftKey: true }))).toBe('forward');
    expect(shortcutFor(press('f', { ctrlKey: true }))).toBe('search');
    expect(shortcutFor(press('2', { metaKey: true }))).toBe('folder2');
    expect(shortcutFor(press(',', { ctrlKey: true }))).toBe('settings');
  });

  it('never takes plain keys while the user types', () => {
    const input = document.createElement('input');
    expect(shortcutFor(press('?', {}, input))).toBeNull();
    expect(shortcutFor(press('/', {}, input))).toBeNull();
    expect(shortcutFor(press('?', {}, document.createElement('div')))).toBe('help');
  });

  it('ignores ordinary typing', () => {
    expect(shortcutFor(press('a'))).toBeNull();
    expect(shortcutFor(press('Enter'))).toBeNull();
  });
});
