// The "Gérer mon compte" sections, in the order of the manual (seed parts 2 and 3).
import type { MessageKey } from '../i18n/index.svelte';

export type SettingsSection =
  | 'personal'
  | 'credentials'
  | 'signatures'
  | 'autoreply'
  | 'notifications'
  | 'forwarding'
  | 'dematerialisation'
  | 'devices';

export const SETTINGS_SECTIONS: readonly SettingsSection[] = [
  'personal',
  'credentials',
  'signatures',
  'autoreply',
  'notifications',
  'forwarding',
  'dematerialisation',
  'devices',
];

/** Each section's name in the navigation and as its screen's heading. */
export const SECTION_TITLE_KEYS: Record<SettingsSection, MessageKey> = {
  personal: 'settings-nav-personal',
  credentials: 'settings-nav-credentials',
  signatures: 'settings-nav-signatures',
  autoreply: 'settings-nav-autoreply',
  notifications: 'settings-nav-notifications',
  forwarding: 'settings-nav-forwarding',
  dematerialisation: 'settings-nav-dematerialisation',
  devices: 'settings-nav-devices',
};

export function isSettingsSection(value: unknown): value is SettingsSection {
  return typeof value === 'string' && (SETTINGS_SECTIONS as readonly string[]).includes(value);
}

/**
 * The section reached from `current` by a navigation key (vertical list: arrows wrap,
 * Home/End go to the ends); null for any other key.
 */
export function sectionForKey(current: SettingsSection, key: string): SettingsSection | null {
  const count = SETTINGS_SECTIONS.length;
  const index = Math.max(0, SETTINGS_SECTIONS.indexOf(current));
  let next: number;
  switch (key) {
    case 'ArrowDown':
    case 'ArrowRight':
      next = (index + 1) % count;
      break;
    case 'ArrowUp':
    case 'ArrowLeft':
      next = (index - 1 + count) % count;
      break;
    case 'Home':
      next = 0;
      break;
    case 'End':
      next = count - 1;
      break;
    default:
      return null;
  }
  return SETTINGS_SECTIONS[next] ?? null;
}
