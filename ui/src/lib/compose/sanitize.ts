// For the plain fallback editor only (the rich editor keeps nothing its schema does not know):
// HTML put into the app's own document must carry no active content, and must make the app
// fetch nothing from the network (a remote image would tell a sender when and where a
// health message was opened, and the CSP would block it anyway).

import createDOMPurify, { type Config, type DOMPurify, type UponSanitizeAttributeHookEvent } from 'dompurify';

// The HTML profile already leaves out SVG and MathML; these are the HTML elements that can
// still run, load, submit or restyle the app's own page.
const FORBIDDEN_TAGS = [
  'script', 'style', 'iframe', 'frame', 'frameset', 'object', 'embed', 'applet',
  'link', 'meta', 'base', 'template', 'noscript',
  'form', 'input', 'button', 'select', 'option', 'optgroup', 'textarea', 'datalist',
  'audio', 'video', 'source', 'track', 'picture', 'portal',
];

// URL-bearing attributes a message body never needs: srcset/background/poster fetch on their
// own, action/formaction/ping send data somewhere.
const FORBIDDEN_ATTRIBUTES = ['srcset', 'background', 'poster', 'action', 'formaction', 'ping', 'xlink:href'];

const INLINE_SOURCE = /^(?:data:image\/|cid:)/i;
const LINK_TARGET = /^(?:https?:|mailto:)/i;
// Anything in an inline style that can fetch or evaluate; backslashes go too since CSS escapes
// could otherwise spell `url(` in a way no pattern sees.
const ACTIVE_CSS = /url\s*\(|image-set\s*\(|image\s*\(|src\s*\(|expression\s*\(|@import|binding|behavior|\\/i;

const CONFIG: Config = {
  USE_PROFILES: { html: true },
  FORBID_TAGS: FORBIDDEN_TAGS,
  FORBID_ATTR: FORBIDDEN_ATTRIBUTES,
};

function compact(value: string): string {
  // Browsers ignore ASCII whitespace and control characters inside a URL scheme (`java\tscript:`).
  // eslint-disable-next-line no-control-regex
  return value.replace(/[\u0000-\u0020]/g, '');
}

function checkAttribute(_node: Element, event: UponSanitizeAttributeHookEvent): void {
  const value = compact(event.attrValue);
  if (event.attrName === 'src') event.keepAttr = INLINE_SOURCE.test(value);
  else if (event.attrName === 'href') event.keepAttr = LINK_TARGET.test(value);
  else if (event.attrName === 'style') event.keepAttr = !ACTIVE_CSS.test(event.attrValue);
}

let purifier: DOMPurify | null = null;

// An instance of our own, so the hook never applies to anyone else's DOMPurify use.
function instance(): DOMPurify {
  if (!purifier) {
    purifier = createDOMPurify(window);
    purifier.addHook('uponSanitizeAttribute', checkAttribute);
  }
  return purifier;
}

export function sanitizeHtml(html: string): string {
  return instance().sanitize(html, CONFIG);
}
