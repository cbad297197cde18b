// Files dropped anywhere on the compose window become attachments. A Svelte action, so the
// window only says what to do with the files and whether it takes them now.

export type FileDropOptions = {
  /** Whether files are taken now (not while sending or loading). */
  enabled: () => boolean;
  /** Files are being dragged over the window (true) or left it (false): show the hint. */
  onActive: (active: boolean) => void;
  onFiles: (files: FileList) => void;
};

/** Whether the drag carries files (not text or a link from the page itself). */
export function carriesFiles(event: DragEvent): boolean {
  return Array.from(event.dataTransfer?.types ?? []).includes('Files');
}

export function fileDrop(node: HTMLElement, options: FileDropOptions) {
  let current = options;

  function onDragOver(event: DragEvent): void {
    if (!carriesFiles(event) || !current.enabled()) return;
    event.preventDefault();
    if (event.dataTransfer) event.dataTransfer.dropEffect = 'copy';
    current.onActive(true);
  }

  function onDragLeave(event: DragEvent): void {
    // Moving between the window's own children fires dragleave too.
    if (!node.contains(event.relatedTarget as Node | null)) current.onActive(false);
  }

  function onDrop(event: DragEvent): void {
    current.onActive(false);
    if (!carriesFiles(event) || !current.enabled()) return;
    event.preventDefault();
    if (event.dataTransfer?.files) current.onFiles(event.dataTransfer.files);
  }

  node.addEventListener('dragover', onDragOver);
  node.addEventListener('dragleave', onDragLeave);
  node.addEventListener('drop', onDrop);
  return {
    update(next: FileDropOptions) {
      current = next;
    },
    destroy() {
      node.removeEventListener('dragover', onDragOver);
      node.removeEventListener('dragleave', onDragLeave);
      node.removeEventListener('drop', onDrop);
    },
  };
}
