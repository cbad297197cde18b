import '@testing-library/jest-dom/vitest';
import { afterEach } from 'vitest';
import { clearMocks } from '@tauri-apps/api/mocks';
import { setLocale, DEFAULT_LOCALE } from '../lib/i18n/index.svelte';

afterEach(() => {
  // The locale is module state shared by every test in a file: reset it so tests stay independent.
  setLocale(DEFAULT_LOCALE);
  localStorage.clear();
  // clearMocks leaves an empty __TAURI_INTERNALS__ behind, which would make later
  // tests believe they run inside Tauri.
  clearMocks();
  delete window.__TAURI_INTERNALS__;
});
