import { afterEach, describe, expect, it, vi } from 'vitest';
import type { ComposeAttachment } from '../bindings/ComposeAttachment';
import { ComposeFiles } from './attachments.svelte';

const pdf: ComposeAttachment = { file_name: 'cr.pdf', mime_type: 'application/pdf', content: 'JVBERi0=', inline_content_id: null };
const image: ComposeAttachment = { file_name: 'a.png', mime_type: 'image/png', content: 'iVBORw0KGgo=', inline_content_id: 'img-1@medimail' };

afterEach(() => vi.restoreAllMocks());

describe('ComposeFiles', () => {
  it('adds files in order and removes one by its place', async () => {
    const files = new ComposeFiles();
    files.set({ files: [pdf], inline: {} });
    await files.add([new File(['bonjour'], 'note.txt', { type: 'text/plain' })]);
    expect(files.files.map((f) => f.file_name)).toEqual(['cr.pdf', 'note.txt']);
    expect(files.files[1]).toMatchObject({ mime_type: 'text/plain', content: btoa('bonjour'), inline_content_id: null });
    files.remove(0);
    expect(files.files.map((f) => f.file_name)).toEqual(['note.txt']);
  });

  it('keeps an image of the body by Content-ID and gives the editor one data: URL for it', async () => {
    const files = new ComposeFiles();
    const cid = await files.keepImage(new File(['PNG'], 'radio.png', { type: 'image/png' }));
    expect(files.inline[cid]).toMatchObject({ file_name: 'radio.png', inline_content_id: cid });
    const url = files.resolveImage(cid);
    expect(url).toBe(`data:image/png;base64,${btoa('PNG')}`);
    expect(files.resolveImage(cid)).toBe(url);
    expect(files.resolveImage('unknown@x')).toBeNull();
    expect(files.files).toEqual([]);
  });

  it('replaces both lists at once', () => {
    const files = new ComposeFiles();
    files.set({ files: [pdf], inline: { 'img-1@medimail': image } });
    expect(files.files).toEqual([pdf]);
    expect(files.resolveImage('img-1@medimail')).toBe('data:image/png;base64,iVBORw0KGgo=');
  });

  it('names a file that could not be read, adds the others, and forgets it at the next addition', async () => {
    const read = FileReader.prototype.readAsDataURL;
    vi.spyOn(FileReader.prototype, 'readAsDataURL').mockImplementation(function (this: FileReader, blob: Blob) {
      if ((blob as File).name === 'verrouillé.pdf') {
        queueMicrotask(() => this.onerror?.(new ProgressEvent('error') as ProgressEvent<FileReader>));
        return;
      }
      read.call(this, blob);
    });
    const files = new ComposeFiles();
    await files.add([new File(['a'], 'a.txt'), new File(['b'], 'verrouillé.pdf'), new File(['c'], 'c.txt')]);
    expect(files.files.map((f) => f.file_name)).toEqual(['a.txt', 'c.txt']);
    expect(files.failed).toBe('verrouillé.pdf');
    await files.add([new File(['d'], 'd.txt')]);
    expect(files.failed).toBeNull();
  });
});
