import { describe, expect, it } from 'vitest';
import { base64Size, dataUrl, fileToAttachment, isImageFile, parseDataUrl, readFileAsBase64 } from './files';

describe('files', () => {
  it('reads a file into base64', async () => {
    const file = new File(['Bonjour'], 'note.txt', { type: 'text/plain' });
    expect(await readFileAsBase64(file)).toBe(btoa('Bonjour'));
    expect(await fileToAttachment(file)).toEqual({
      file_name: 'note.txt',
      mime_type: 'text/plain',
      content: btoa('Bonjour'),
      inline_content_id: null,
    });
  });

  it('leaves a type the browser left empty to the engine, which types it by name', async () => {
    const file = new File(['%PDF'], 'compte-rendu.PDF');
    expect((await fileToAttachment(file, 'x@y')).mime_type).toBe('');
    expect(isImageFile(new File(['x'], 'photo.png', { type: 'image/png' }))).toBe(true);
    expect(isImageFile(new File(['x'], 'photo.png'))).toBe(false);
  });

  it('knows the size of base64 content', () => {
    expect(base64Size(btoa('Bonjour'))).toBe(7);
    expect(base64Size(btoa('ab'))).toBe(2);
    expect(base64Size('')).toBe(0);
  });

  it('reads data: URLs back', () => {
    const url = dataUrl({ mime_type: 'image/png', content: 'iVBO' });
    expect(parseDataUrl(url)).toEqual({ mime_type: 'image/png', content: 'iVBO' });
    expect(parseDataUrl('https://example.org/a.png')).toBeNull();
  });
});
