// Files chosen or dropped in the compose window, carried as base64 (`ComposeAttachment.content`).
import type { ComposeAttachment } from '../bindings/ComposeAttachment';

/** Reads a file into base64 (without the `data:…;base64,` prefix). */
export function readFileAsBase64(file: Blob): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(reader.error ?? new Error('unreadable file'));
    reader.onload = () => {
      const url = typeof reader.result === 'string' ? reader.result : '';
      const comma = url.indexOf(',');
      resolve(comma >= 0 ? url.slice(comma + 1) : '');
    };
    reader.readAsDataURL(file);
  });
}

/** A chosen file as an attachment (`inlineContentId` for an image of the body). */
export async function fileToAttachment(file: File, inlineContentId: string | null = null): Promise<ComposeAttachment> {
  return {
    file_name: file.name || 'piece-jointe',
    // Empty when the browser does not know it: the engine types the file by its name
    // (one table of file types, on the Rust side).
    mime_type: file.type,
    content: await readFileAsBase64(file),
    inline_content_id: inlineContentId,
  };
}

/** Size in bytes of base64 content. */
export function base64Size(content: string): number {
  const clean = content.replace(/\s+/g, '');
  if (clean === '') return 0;
  const padding = clean.endsWith('==') ? 2 : clean.endsWith('=') ? 1 : 0;
  return Math.floor((clean.length * 3) / 4) - padding;
}

/** A fresh Content-ID for an image inserted in the body. */
export function newContentId(): string {
  const random =
    globalThis.crypto?.randomUUID?.() ?? `${Date.now().toString(36)}-${Math.random().toString(36).slice(2)}`;
  return `image-${random}@medimail`;
}

export function dataUrl(attachment: Pick<ComposeAttachment, 'mime_type' | 'content'>): string {
  return `data:${attachment.mime_type};base64,${attachment.content}`;
}

/** `data:image/png;base64,…` → its type and base64 content; null for anything else. */
export function parseDataUrl(url: string): { mime_type: string; content: string } | null {
  const match = /^data:([\w.+-]+\/[\w.+-]+)(?:;[^,;]*)*;base64,([A-Za-z0-9+/=\s]*)$/.exec(url);
  return match ? { mime_type: match[1] ?? 'application/octet-stream', content: (match[2] ?? '').replace(/\s+/g, '') } : null;
}

export function isImageFile(file: { type: string; name: string }): boolean {
  return file.type.startsWith('image/');
}
