// Roving focus (WAI-ARIA menus, toolbars): one place decides where the arrow keys, Home and
// End lead, so every menu and toolbar of the app wraps around the same way.

/** Which arrows move: up/down in a menu, left/right in a toolbar, all four in a palette. */
export type Orientation = 'vertical' | 'horizontal' | 'both';

const FORWARD: Record<Orientation, readonly string[]> = {
  vertical: ['ArrowDown'],
  horizontal: ['ArrowRight'],
  both: ['ArrowDown', 'ArrowRight'],
};

const BACKWARD: Record<Orientation, readonly string[]> = {
  vertical: ['ArrowUp'],
  horizontal: ['ArrowLeft'],
  both: ['ArrowUp', 'ArrowLeft'],
};

/**
 * The index the focus moves to for `event` among `items`, the focus being on `index` (-1 when
 * it is on none of them), or null when the key does not move the focus.
 * An empty list still claims the key (-1), so that it does not leak to what lies behind.
 */
export function rovingIndex(
  event: Pick<KeyboardEvent, 'key'>,
  items: ArrayLike<unknown>,
  index: number,
  orientation: Orientation = 'vertical',
): number | null {
  const count = items.length;
  let next: number;
  if (event.key === 'Home') next = 0;
  else if (event.key === 'End') next = count - 1;
  else if (FORWARD[orientation].includes(event.key)) next = index < 0 ? 0 : (index + 1) % count;
  else if (BACKWARD[orientation].includes(event.key)) next = index < 0 ? count - 1 : (index - 1 + count) % count;
  else return null;
  return count === 0 ? -1 : next;
}

/**
 * Moves the focus among `items` for a navigation key, from `current` (by default the focused
 * element). Returns whether the key was one; the caller decides whether it may bubble further.
 */
export function moveFocus(
  event: KeyboardEvent,
  items: readonly HTMLElement[],
  orientation: Orientation = 'vertical',
  current: Element | null = document.activeElement,
): boolean {
  const next = rovingIndex(event, items, items.indexOf(current as HTMLElement), orientation);
  if (next === null) return false;
  event.preventDefault();
  items[next]?.focus();
  return true;
}
