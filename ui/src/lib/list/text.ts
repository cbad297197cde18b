// Strings of the list that depend on a count or a flag colour.
import type { FlagColor } from '../bindings/FlagColor';
import { i18n, type MessageKey, type Params } from '../i18n/index.svelte';

/** A sentence about `count` things: the catalogue picks the plural form and writes the number. */
export function tn(key: MessageKey, count: number, params: Params = {}): string {
  return i18n.t(key, { ...params, count });
}

export const FLAG_COLORS: readonly FlagColor[] = ['red', 'orange', 'yellow', 'green', 'blue'];

/** "Drapeau rouge" (a flag without a colour: "Drapeau"). */
export function flagLabel(color: FlagColor | null): string {
  return i18n.t(color ? (`list-row-flag-${color}` as MessageKey) : 'list-row-flag-plain');
}

/** "Rouge" … "Aucun", for the colour menu. */
export function flagChoiceLabel(color: FlagColor | null): string {
  return i18n.t(color ? (`list-flag-${color}` as MessageKey) : 'list-flag-none');
}
