// What a link in a message really points to, shown before the app opens it: the real
// address with its domain set apart, and warnings for the tricks phishing relies on.
import { hostToUnicode } from './punycode';

export type LinkWarning =
  | 'punycode' // a label written xn--…: the readable form may imitate another domain
  | 'mixed_scripts' // Latin mixed with Cyrillic, Greek… in one label (paypal with a Cyrillic а)
  | 'text_mismatch' // the link's text names another domain than the one it goes to
  | 'not_secure' // http: the page travels unencrypted
  | 'ip_address' // a bare IP address instead of a name
  | 'credentials'; // https://ameli.fr@evil.example: the real host is after the @

export type LinkCheck = {
  /** The address as it will be opened. */
  url: string;
  kind: 'web' | 'mail';
  /** The host as people read it (xn-- labels decoded). */
  host: string;
  /** The host as the browser contacts it. */
  hostAscii: string;
  /** The address in three parts for display: `before` + **`domain`** + `after`. */
  before: string;
  domain: string;
  after: string;
  warnings: LinkWarning[];
};

// Public suffixes with two labels that are common in French and European mail; enough to
// put the owner's name in bold (gouv.fr → "ameli.gouv.fr"? no: "sante.gouv.fr").
const SECOND_LEVEL = new Set([
  'gouv.fr', 'asso.fr', 'com.fr', 'nom.fr', 'tm.fr', 'presse.fr', 'co.uk', 'org.uk', 'ac.uk', 'gov.uk',
  'nhs.uk', 'com.au', 'co.nz', 'co.jp', 'com.br', 'co.za', 'com.es', 'com.pt', 'com.tr', 'gc.ca', 'qc.ca',
]);

/** The registrable domain of a host (the part its owner chose), e.g. `www.ameli.fr` → `ameli.fr`. */
export function registrableDomain(host: string): string {
  const labels = host.replace(/\.$/, '').split('.');
  if (labels.length <= 2) return labels.join('.');
  const lastTwo = labels.slice(-2).join('.').toLowerCase();
  const take = SECOND_LEVEL.has(lastTwo) ? 3 : 2;
  return labels.slice(-take).join('.');
}

const SCRIPTS: [string, RegExp][] = [
  ['latin', /\p{Script=Latin}/u],
  ['cyrillic', /\p{Script=Cyrillic}/u],
  ['greek', /\p{Script=Greek}/u],
  ['armenian', /\p{Script=Armenian}/u],
  ['cherokee', /\p{Script=Cherokee}/u],
  ['georgian', /\p{Script=Georgian}/u],
  ['hebrew', /\p{Script=Hebrew}/u],
  ['arabic', /\p{Script=Arabic}/u],
  ['han', /\p{Script=Han}|\p{Script=Hiragana}|\p{Script=Katakana}/u],
  ['hangul', /\p{Script=Hangul}/u],
  ['thai', /\p{Script=Thai}/u],
  ['devanagari', /\p{Script=Devanagari}/u],
];

/** A label whose letters come from more than one script. */
export function hasMixedScripts(label: string): boolean {
  const seen = new Set<string>();
  for (const char of label) {
    if (!/\p{L}/u.test(char)) continue;
    const script = SCRIPTS.find(([, pattern]) => pattern.test(char))?.[0] ?? 'other';
    seen.add(script);
    if (seen.size > 1) return true;
  }
  return false;
}

function isIpAddress(host: string): boolean {
  return /^\d{1,3}(\.\d{1,3}){3}$/.test(host) || host.startsWith('[');
}

/** The domain a link's visible text names, when the text looks like an address. */
function domainInText(text: string): string | null {
  const trimmed = text.trim();
  if (trimmed === '' || /\s/.test(trimmed)) return null;
  const mail = /^(?:mailto:)?[^@\s]+@([^@\s/]+)$/i.exec(trimmed);
  if (mail?.[1]) return mail[1].toLowerCase();
  const web = /^(?:https?:\/\/)?([^/\s?#:@]+\.[a-z\p{L}]{2,})(?:[:/?#].*)?$/iu.exec(trimmed);
  return web?.[1] ? web[1].toLowerCase() : null;
}

/**
 * Checks an address from a message. `text` is the link's visible text, when known.
 * Null for anything that is not an http(s) or mailto address (never opened).
 */
export function checkLink(url: string, text?: string | null): LinkCheck | null {
  let parsed: URL;
  try {
    parsed = new URL(url.trim());
  } catch {
    return null;
  }
  const warnings: LinkWarning[] = [];
  if (parsed.protocol === 'mailto:') {
    const address = decodeURIComponent(parsed.pathname.split(',')[0] ?? '');
    const at = address.lastIndexOf('@');
    if (at <= 0) return null;
    const hostAscii = address.slice(at + 1).toLowerCase();
    let asciiHost = hostAscii;
    try {
      asciiHost = new URL(`https://${hostAscii}`).hostname;
    } catch {
      return null;
    }
    const host = hostToUnicode(asciiHost);
    checkHost(asciiHost, host, warnings);
    const domain = registrableDomain(host);
    const shown = `${address.slice(0, at + 1)}${host}`;
    addTextMismatch(text, host, warnings);
    return {
      url: parsed.href,
      kind: 'mail',
      host,
      hostAscii: asciiHost,
      before: shown.slice(0, shown.length - domain.length),
      domain,
      after: '',
      warnings,
    };
  }
  if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') return null;
  const hostAscii = parsed.hostname.toLowerCase();
  const host = hostToUnicode(hostAscii);
  if (parsed.protocol === 'http:') warnings.push('not_secure');
  if (parsed.username !== '' || parsed.password !== '') warnings.push('credentials');
  checkHost(hostAscii, host, warnings);
  addTextMismatch(text, host, warnings);
  const domain = isIpAddress(hostAscii) ? host : registrableDomain(host);
  const subdomains = host.slice(0, host.length - domain.length);
  const port = parsed.port ? `:${parsed.port}` : '';
  let rest = `${parsed.pathname}${parsed.search}${parsed.hash}`;
  if (rest === '/') rest = '';
  try {
    // Percent-escapes shown as the characters they stand for, as a browser's address bar does.
    rest = decodeURI(rest);
  } catch {
    // A malformed escape: shown as written.
  }
  return {
    url: parsed.href,
    kind: 'web',
    host,
    hostAscii,
    before: `${parsed.protocol}//${subdomains}`,
    domain,
    after: `${port}${rest}`,
    warnings,
  };
}

function checkHost(hostAscii: string, host: string, warnings: LinkWarning[]): void {
  const labels = hostAscii.split('.');
  if (labels.some((label) => label.startsWith('xn--'))) warnings.push('punycode');
  if (host.split('.').some(hasMixedScripts)) warnings.push('mixed_scripts');
  if (isIpAddress(hostAscii)) warnings.push('ip_address');
}

function addTextMismatch(text: string | null | undefined, host: string, warnings: LinkWarning[]): void {
  if (!text) return;
  const shown = domainInText(text);
  if (!shown) return;
  const shownDomain = registrableDomain(hostToUnicode(shown)).toLowerCase();
  if (shownDomain !== registrableDomain(host).toLowerCase()) warnings.push('text_mismatch');
}
