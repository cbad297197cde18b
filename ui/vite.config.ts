import { defineConfig } from 'vitest/config';
import { svelte } from '@sveltejs/vite-plugin-svelte';
import { svelteTesting } from '@testing-library/svelte/vite';
import { fileURLToPath } from 'node:url';

const uiDir = fileURLToPath(new URL('.', import.meta.url));
const iconsDir = fileURLToPath(new URL('../icons', import.meta.url));
// The message catalogue, shared with the engine and the command line.
const localesDir = fileURLToPath(new URL('../locales', import.meta.url));

export default defineConfig({
  plugins: [svelte(), svelteTesting()],
  // Relative URLs so the bundle loads from Tauri's custom protocol (and from any folder).
  base: './',
  clearScreen: false,
  server: {
    port: 1420,
    strictPort: true,
    // The app icon lives with the Tauri bundle icons in ../icons, the sentences in ../locales:
    // serve ui/ and those folders, nothing else of the repo.
    fs: { allow: [uiDir, iconsDir, localesDir] },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    // Never inline assets as data: URIs, so the CSP can stay at img-src 'self'.
    assetsInlineLimit: 0,
    // WebKitGTK 2.40+ / WebView2 / WKWebView all handle ES2022.
    target: 'es2022',
  },
  test: {
    environment: 'jsdom',
    include: ['src/**/*.test.ts'],
    setupFiles: ['./src/test/setup.ts'],
  },
});
