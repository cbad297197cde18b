// jsdom has no layout: ProseMirror's scrolling asks ranges for rectangles it cannot give.
// Imported by the compose tests only (not by the app).
function emptyRects(): DOMRectList {
  const list = [] as unknown as DOMRectList & DOMRect[];
  (list as unknown as { item: (i: number) => DOMRect | null }).item = () => null;
  return list;
}

const rect = (): DOMRect => ({ x: 0, y: 0, width: 0, height: 0, top: 0, left: 0, right: 0, bottom: 0, toJSON: () => ({}) }) as DOMRect;

if (typeof Range !== 'undefined') {
  Range.prototype.getClientRects ??= emptyRects;
  Range.prototype.getBoundingClientRect ??= rect;
}
if (typeof document !== 'undefined') {
  document.elementFromPoint ??= () => null;
}
