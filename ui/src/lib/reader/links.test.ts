import { describe, expect, it } from 'vitest';
import { checkLink, hasMixedScripts, registrableDomain } from './links';
import { decodePunycode, hostToUnicode } from './punycode';

describe('punycode', () => {
  it('decodes RFC 3492 labels', () => {
    expect(decodePunycode('bcher-kva')).toBe('bücher');
    expect(decodePunycode('80ak6aa92e')).toBe('аррӏе'); // Cyrillic look-alike of "apple"
    expect(decodePunycode('sant-epa')).toBe('santé');
    expect(hostToUnicode('www.xn--sant-epa.fr')).toBe('www.santé.fr');
  });

  it('leaves invalid labels alone', () => {
    expect(decodePunycode('!!!')).toBeNull();
    expect(hostToUnicode('xn--!!!.fr')).toBe('xn--!!!.fr');
  });
});

describe('registrableDomain', () => {
  it('keeps the name its owner chose', () => {
    expect(registrableDomain('www.ameli.fr')).toBe('ameli.fr');
    expect(registrableDomain('ameli.fr')).toBe('ameli.fr');
    expect(registrableDomain('solidarites-sante.gouv.fr')).toBe('solidarites-sante.gouv.fr');
    expect(registrableDomain('a.b.nhs.uk')).toBe('b.nhs.uk');
  });
});

describe('checkLink', () => {
  it('splits a web address around its domain', () => {
    const check = checkLink('https://www.ameli.fr/assure/remboursements?x=1#top');
    expect(check).toMatchObject({
      kind: 'web',
      before: 'https://www.',
      domain: 'ameli.fr',
      after: '/assure/remboursements?x=1#top',
      warnings: [],
    });
  });

  it('shows punycode domains readably and warns', () => {
    const check = checkLink('https://xn--80ak6aa92e.com/login');
    expect(check?.domain).toBe('аррӏе.com');
    expect(check?.hostAscii).toBe('xn--80ak6aa92e.com');
    expect(check?.warnings).toContain('punycode');
  });

  it('warns for a Unicode domain typed in the address, as the browser encodes it', () => {
    const check = checkLink('https://pаypal.com/'); // Cyrillic а
    expect(check?.warnings).toEqual(expect.arrayContaining(['punycode', 'mixed_scripts']));
    expect(check?.domain).toBe('pаypal.com');
  });

  it('detects mixed scripts inside one label only', () => {
    expect(hasMixedScripts('pаypal')).toBe(true);
    expect(hasMixedScripts('paypal')).toBe(false);
    expect(hasMixedScripts('santé')).toBe(false);
    expect(hasMixedScripts('日本語')).toBe(false);
  });

  it('warns when the text names another site', () => {
    expect(checkLink('https://evil.example/ameli', 'www.ameli.fr')?.warnings).toContain('text_mismatch');
    expect(checkLink('https://www.ameli.fr/x', 'https://ameli.fr')?.warnings).not.toContain('text_mismatch');
    expect(checkLink('https://evil.example/', 'Cliquez ici')?.warnings).not.toContain('text_mismatch');
  });

  it('reveals the host hidden after credentials', () => {
    const check = checkLink('https://www.ameli.fr@evil.example/connexion');
    expect(check?.domain).toBe('evil.example');
    expect(check?.warnings).toContain('credentials');
  });

  it('flags plain http and IP addresses', () => {
    expect(checkLink('http://192.168.1.10/x')?.warnings).toEqual(expect.arrayContaining(['not_secure', 'ip_address']));
    expect(checkLink('http://192.168.1.10/x')?.domain).toBe('192.168.1.10');
  });

  it('shows mail addresses with their domain in bold', () => {
    const check = checkLink('mailto:secretariat@ch-toulouse.fr?subject=RDV');
    expect(check).toMatchObject({ kind: 'mail', before: 'secretariat@', domain: 'ch-toulouse.fr', after: '' });
  });

  it('refuses anything else', () => {
    for (const url of ['javascript:alert(1)', 'file:///etc/passwd', 'data:text/html,x', 'not a url', 'ftp://x.fr/']) {
      expect(checkLink(url)).toBeNull();
    }
  });
});
