// For the plain fallback editor only (the rich editor keeps nothing its schema does not know):
// HTML put into the app's own document must carry no active content.

const DROPPED = 'script, style, iframe, frame, frameset, object, embed, link, meta, base, form, svg, math, template, noscript';

export function sanitizeHtml(html: string): string {
  const doc = new DOMParser().parseFromString(`<!DOCTYPE html><body>${html}</body>`, 'text/html');
  for (const element of Array.from(doc.body.querySelectorAll(DROPPED))) element.remove();
  for (const element of Array.from(doc.body.querySelectorAll('*'))) {
    for (const attribute of Array.from(element.attributes)) {
      const name = attribute.name.toLowerCase();
      const value = attribute.value.trim().toLowerCase();
      const url = ['href', 'src', 'action', 'formaction', 'xlink:href', 'srcset', 'background', 'poster'].includes(name);
      if (
        name.startsWith('on') ||
        (url && !(value.startsWith('data:image/') || value.startsWith('cid:') || value.startsWith('https:') || value.startsWith('http:') || value.startsWith('mailto:'))) ||
        (name === 'src' && /^https?:/.test(value))
      ) {
        element.removeAttribute(attribute.name);
      }
    }
  }
  return doc.body.innerHTML;
}
