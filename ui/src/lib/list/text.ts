// Strings of the list that depend on a count or a flag colour.
import type { FlagColor } from '../bindings/FlagColor';
import { i18n, type MessageKey, type Params } from '../i18n/index.svelte';
import { formatCount, pluralForm } from './format';

/** `base.one` or `base.other` by the count, with `{count}` written the language's way. */
export function tn(base: string, count: number, params: Params = {}): string {
  const key = `${base}.${pluralForm(i18n.locale, count)}` as MessageKey;
  return i18n.t(key, { ...params, count: formatCount(i18n.locale, count) });
}

export const FLAG_COLORS: readonly FlagColor[] = ['red', 'orange', 'yellow', 'green', 'blue'];

/** "Drapeau rouge" (a flag without a colour: "Drapeau"). */
export function flagLabel(color: FlagColor | null): string {
  return i18n.t(color ? (`list.row.flag.${color}` as MessageKey) : 'list.row.flag.plain');
}

/** "Rouge" … "Aucun", for the colour menu. */
export function flagChoiceLabel(color: FlagColor | null): string {
  return i18n.t(color ? (`list.flag.${color}` as MessageKey) : 'list.flag.none');
}
