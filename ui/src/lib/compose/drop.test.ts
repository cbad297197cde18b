import { afterEach, describe, expect, it, vi } from 'vitest';
import { carriesFiles, fileDrop } from './drop';

function dragEvent(type: string, over: Record<string, unknown> = {}): DragEvent {
  const event = new Event(type, { bubbles: true, cancelable: true }) as DragEvent;
  return Object.assign(event, over);
}

const withFiles = (files: File[] = []) => ({ dataTransfer: { types: ['Files'], files, dropEffect: 'none' } });

function setup(enabled = true) {
  const node = document.createElement('section');
  const child = document.createElement('p');
  node.append(child);
  document.body.append(node);
  const onActive = vi.fn();
  const onFiles = vi.fn();
  const action = fileDrop(node, { enabled: () => enabled, onActive, onFiles });
  return { node, child, onActive, onFiles, action };
}

afterEach(() => document.body.replaceChildren());

describe('fileDrop', () => {
  it('takes files dragged over, shows the hint, and hands over what is dropped', () => {
    const { node, onActive, onFiles } = setup();
    const file = new File(['abc'], 'ordonnance.txt');
    const over = dragEvent('dragover', withFiles());
    node.dispatchEvent(over);
    expect(over.defaultPrevented).toBe(true);
    expect(over.dataTransfer?.dropEffect).toBe('copy');
    expect(onActive).toHaveBeenLastCalledWith(true);
    const drop = dragEvent('drop', withFiles([file]));
    node.dispatchEvent(drop);
    expect(drop.defaultPrevented).toBe(true);
    expect(onActive).toHaveBeenLastCalledWith(false);
    expect(onFiles).toHaveBeenCalledWith([file]);
  });

  it('leaves text and links being dragged to the editor', () => {
    const { node, onActive, onFiles } = setup();
    const text = { dataTransfer: { types: ['text/plain'], files: [] } };
    const over = dragEvent('dragover', text);
    node.dispatchEvent(over);
    expect(over.defaultPrevented).toBe(false);
    node.dispatchEvent(dragEvent('drop', text));
    expect(onActive).not.toHaveBeenCalledWith(true);
    expect(onFiles).not.toHaveBeenCalled();
  });

  it('takes nothing while disabled', () => {
    const { node, onFiles } = setup(false);
    const over = dragEvent('dragover', withFiles());
    node.dispatchEvent(over);
    expect(over.defaultPrevented).toBe(false);
    node.dispatchEvent(dragEvent('drop', withFiles([new File(['x'], 'x')])));
    expect(onFiles).not.toHaveBeenCalled();
  });

  it('hides the hint only when the drag leaves the window, not one of its children', () => {
    const { node, child, onActive } = setup();
    node.dispatchEvent(dragEvent('dragleave', { relatedTarget: child }));
    expect(onActive).not.toHaveBeenCalled();
    node.dispatchEvent(dragEvent('dragleave', { relatedTarget: document.body }));
    expect(onActive).toHaveBeenCalledWith(false);
  });

  it('follows new options and lets go when destroyed', () => {
    const { node, onFiles, action } = setup();
    const later = vi.fn();
    action.update({ enabled: () => true, onActive: () => {}, onFiles: later });
    node.dispatchEvent(dragEvent('drop', withFiles([new File(['x'], 'x')])));
    expect(later).toHaveBeenCalledOnce();
    action.destroy();
    node.dispatchEvent(dragEvent('drop', withFiles([new File(['x'], 'x')])));
    expect(later).toHaveBeenCalledOnce();
    expect(onFiles).not.toHaveBeenCalled();
  });

  it('knows a drag of files', () => {
    expect(carriesFiles(dragEvent('dragover', withFiles()))).toBe(true);
    expect(carriesFiles(dragEvent('dragover'))).toBe(false);
  });
});
