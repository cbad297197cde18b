import { describe, expect, it } from 'vitest';
import { sanitizeHtml } from './sanitize';

const PIXEL = 'data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==';

describe('sanitizeHtml', () => {
  it('keeps ordinary formatting as it is', () => {
    const html = '<p>Bonjour <b>docteur</b>, <i>merci</i> <span style="color: rgb(255, 0, 0);">urgent</span></p><ul><li>un</li></ul>';
    expect(sanitizeHtml(html)).toBe(html);
  });

  it('drops a script element with its content', () => {
    expect(sanitizeHtml('<p>a</p><script>alert(1)</script><p>b</p>')).toBe('<p>a</p><p>b</p>');
  });

  it('drops event handlers and keeps the element', () => {
    expect(sanitizeHtml(`<img src="${PIXEL}" onerror="alert(1)" alt="x">`)).toBe(`<img src="${PIXEL}" alt="x">`);
    expect(sanitizeHtml('<p onclick="alert(1)" onmouseover="alert(2)">texte</p>')).toBe('<p>texte</p>');
  });

  it('drops javascript: links, however they are spelt, and keeps the text', () => {
    expect(sanitizeHtml('<a href="javascript:alert(1)">lien</a>')).toBe('<a>lien</a>');
    expect(sanitizeHtml('<a href=" JaVaScRiPt:alert(1)">lien</a>')).toBe('<a>lien</a>');
    expect(sanitizeHtml('<a href="java&#9;script:alert(1)">lien</a>')).toBe('<a>lien</a>');
    expect(sanitizeHtml('<a href="data:text/html,<script>alert(1)</script>">lien</a>')).toBe('<a>lien</a>');
  });

  it('keeps http, https and mailto links, and nothing else', () => {
    expect(sanitizeHtml('<a href="https://esante.gouv.fr/">ANS</a>')).toBe('<a href="https://esante.gouv.fr/">ANS</a>');
    expect(sanitizeHtml('<a href="http://example.org/a?b=c">x</a>')).toBe('<a href="http://example.org/a?b=c">x</a>');
    expect(sanitizeHtml('<a href="mailto:dr.martin@medecin.mssante.fr">écrire</a>')).toBe(
      '<a href="mailto:dr.martin@medecin.mssante.fr">écrire</a>',
    );
    expect(sanitizeHtml('<a href="file:///etc/passwd">x</a>')).toBe('<a>x</a>');
    expect(sanitizeHtml('<a href="/relatif">x</a>')).toBe('<a>x</a>');
  });

  it('drops srcset, even with a data: or https: candidate', () => {
    expect(sanitizeHtml(`<img src="${PIXEL}" srcset="https://tracker.example/p.png 2x">`)).toBe(`<img src="${PIXEL}">`);
    expect(sanitizeHtml(`<img srcset="${PIXEL} 1x">`)).toBe('<img>');
  });

  it('drops the background attribute', () => {
    expect(sanitizeHtml('<table background="https://tracker.example/bg.png"><tbody><tr><td background="x.png">a</td></tr></tbody></table>')).toBe(
      '<table><tbody><tr><td>a</td></tr></tbody></table>',
    );
  });

  it('keeps no remote image source, http or https', () => {
    expect(sanitizeHtml('<img src="https://tracker.example/p.png" alt="logo">')).toBe('<img alt="logo">');
    expect(sanitizeHtml('<img src="http://tracker.example/p.png">')).toBe('<img>');
    expect(sanitizeHtml('<img src="//tracker.example/p.png">')).toBe('<img>');
    expect(sanitizeHtml('<img src="p.png">')).toBe('<img>');
  });

  it('keeps data:image and cid: image sources', () => {
    expect(sanitizeHtml(`<img src="${PIXEL}" alt="signature">`)).toBe(`<img src="${PIXEL}" alt="signature">`);
    expect(sanitizeHtml('<img src="cid:logo@cabinet">')).toBe('<img src="cid:logo@cabinet">');
  });

  it('keeps no data: source that is not an image', () => {
    expect(sanitizeHtml('<img src="data:text/html;base64,PHNjcmlwdD4=">')).toBe('<img>');
  });

  it('drops a style element and inline styles that could fetch', () => {
    expect(sanitizeHtml('<style>body { display: none }</style><p>a</p>')).toBe('<p>a</p>');
    expect(sanitizeHtml('<p style="background-image: url(https://tracker.example/p.png)">a</p>')).toBe('<p>a</p>');
    expect(sanitizeHtml('<p style="background: image-set(&quot;x.png&quot; 1x)">a</p>')).toBe('<p>a</p>');
    expect(sanitizeHtml('<p style="background: u\\72l(x.png)">a</p>')).toBe('<p>a</p>');
  });

  it('drops svg with its content, onload included', () => {
    expect(sanitizeHtml('<p>a</p><svg onload="alert(1)"><circle r="4"></circle><text>b</text></svg>')).toBe('<p>a</p>');
    expect(sanitizeHtml('<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>')).toBe('');
  });

  it('drops math with its content', () => {
    expect(sanitizeHtml('<math><mi>x</mi></math><p>a</p>')).toBe('<p>a</p>');
  });

  it('drops a form (nested one included) and its controls, keeping their text', () => {
    expect(
      sanitizeHtml('<div><form action="https://evil.example/"><p>Nom <input name="nom"></p><form><button formaction="https://evil.example/">ok</button></form></form></div>'),
    ).toBe('<div><p>Nom </p>ok</div>');
  });

  it('drops elements that load or embed other documents', () => {
    expect(sanitizeHtml('<iframe src="https://evil.example/"></iframe><p>a</p>')).toBe('<p>a</p>');
    expect(sanitizeHtml('<object data="x.swf"></object><embed src="x.swf"><p>a</p>')).toBe('<p>a</p>');
    expect(sanitizeHtml('<link rel="stylesheet" href="https://evil.example/s.css"><p>a</p>')).toBe('<p>a</p>');
    expect(sanitizeHtml('<meta http-equiv="refresh" content="0;url=https://evil.example/"><p>a</p>')).toBe('<p>a</p>');
    expect(sanitizeHtml('<base href="https://evil.example/"><p>a</p>')).toBe('<p>a</p>');
    expect(sanitizeHtml('<template><img src="x" onerror="alert(1)"></template><p>a</p>')).toBe('<p>a</p>');
    expect(sanitizeHtml('<video poster="https://tracker.example/p.png" src="https://tracker.example/v.mp4"></video><p>a</p>')).toBe('<p>a</p>');
  });

  it('keeps plain text and empty input as they are', () => {
    expect(sanitizeHtml('')).toBe('');
    expect(sanitizeHtml('Bonjour &amp; merci')).toBe('Bonjour &amp; merci');
  });
});
