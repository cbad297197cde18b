// The compose window's attachments: the files listed under the subject, and the images of the
// body, kept by Content-ID (the editor shows them in place through `resolveImage`).
import type { ComposeAttachment } from '../bindings/ComposeAttachment';
import { dataUrl, fileToAttachment, newContentId } from './files';

export class ComposeFiles {
  files = $state.raw<ComposeAttachment[]>([]);
  inline = $state.raw<Record<string, ComposeAttachment>>({});
  /** The name of the last file that could not be read, until the next addition. */
  failed = $state<string | null>(null);
  // The editor asks again at every render: one data: URL per image, not one per ask.
  readonly #urls = new Map<string, string>();

  /** Replaces both lists (a composition opened, a signature swapped). */
  set(split: { files: ComposeAttachment[]; inline: Record<string, ComposeAttachment> }): void {
    this.files = split.files;
    this.inline = split.inline;
  }

  async add(list: FileList | readonly File[] | null | undefined): Promise<void> {
    this.failed = null;
    for (const file of Array.from(list ?? [])) {
      try {
        const attachment = await fileToAttachment(file);
        this.files = [...this.files, attachment];
      } catch {
        this.failed = file.name;
      }
    }
  }

  remove(index: number): void {
    this.files = this.files.filter((_, i) => i !== index);
  }

  /** An image put into the body: kept as an inline part; the editor refers to it by this id. */
  async keepImage(file: File): Promise<string> {
    const cid = newContentId();
    const attachment = await fileToAttachment(file, cid);
    this.inline = { ...this.inline, [cid]: attachment };
    return cid;
  }

  resolveImage(cid: string): string | null {
    const attachment = this.inline[cid];
    if (!attachment) return null;
    let url = this.#urls.get(cid);
    if (!url) {
      url = dataUrl(attachment);
      this.#urls.set(cid, url);
    }
    return url;
  }
}
