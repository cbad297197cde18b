// When the window has gone unused for a while (issue 16's lock): any key, click, scroll
// or pointer movement in it counts as use.

const ACTIVITY = ['keydown', 'pointerdown', 'pointermove', 'wheel', 'touchstart'] as const;

/** How often the delay is checked: the lock comes at most this late. */
export const IDLE_CHECK_MS = 5_000;

/**
 * Calls `onIdle` once when nothing happened in `target` for `afterMs`; starts counting
 * again after it. Returns the function that stops watching.
 */
export function watchIdle(afterMs: number, onIdle: () => void, target: EventTarget = window): () => void {
  let last = Date.now();
  const used = (): void => {
    last = Date.now();
  };
  for (const type of ACTIVITY) target.addEventListener(type, used, { passive: true, capture: true });
  const timer = setInterval(() => {
    if (Date.now() - last < afterMs) return;
    last = Date.now();
    onIdle();
  }, Math.min(IDLE_CHECK_MS, afterMs));
  return () => {
    clearInterval(timer);
    for (const type of ACTIVITY) target.removeEventListener(type, used, { capture: true });
  };
}
