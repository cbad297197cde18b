// The colours offered by "Couleur de police" and "Couleur de remplissage".
import type { MessageKey } from '../i18n/index.svelte';

export type Swatch = { value: string; key: MessageKey };

export const TEXT_COLORS: readonly Swatch[] = [
  { value: '#000000', key: 'compose-color-black' },
  { value: '#555555', key: 'compose-color-gray' },
  { value: '#c0392b', key: 'compose-color-red' },
  { value: '#d35400', key: 'compose-color-orange' },
  { value: '#1e8449', key: 'compose-color-green' },
  { value: '#1f5fc4', key: 'compose-color-blue' },
  { value: '#1a2b6d', key: 'compose-color-navy' },
  { value: '#7d3c98', key: 'compose-color-purple' },
];

export const HIGHLIGHT_COLORS: readonly Swatch[] = [
  { value: '#fff59d', key: 'compose-color-yellow' },
  { value: '#c8e6c9', key: 'compose-color-lightGreen' },
  { value: '#bbdefb', key: 'compose-color-lightBlue' },
  { value: '#f8bbd0', key: 'compose-color-pink' },
  { value: '#ffe0b2', key: 'compose-color-lightOrange' },
  { value: '#e0e0e0', key: 'compose-color-lightGray' },
];
