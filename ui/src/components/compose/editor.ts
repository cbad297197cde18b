// The TipTap editor of the compose window and of the signature form. Loaded on demand
// (dynamic import from RichEditor.svelte) so the mailbox's first paint does not wait for it.
import { Editor, Extension, Node, getSchema, mergeAttributes, type AnyExtension, type JSONContent } from '@tiptap/core';
import { DOMParser as PMDOMParser } from '@tiptap/pm/model';
import { Plugin, PluginKey } from '@tiptap/pm/state';
import type { EditorView } from '@tiptap/pm/view';
import StarterKit from '@tiptap/starter-kit';
import { TextStyle, Color, FontFamily, FontSize } from '@tiptap/extension-text-style';
import Highlight from '@tiptap/extension-highlight';
import Image from '@tiptap/extension-image';
import TextAlign from '@tiptap/extension-text-align';
import { Placeholder } from '@tiptap/extensions';

export { Editor };

/** Divs that carry meaning for the engine: the signature block and the quoted original. */
const MAIL_BLOCK_CLASSES = ['medimail-signature', 'moz-cite-prefix', 'moz-forward-container'];

/**
 * `<div class="medimail-signature" data-signature-id="N">` (so that the engine can swap the
 * signature) and the reply/forward containers (so that it finds where the quote starts). The
 * class comes first: the engine looks for `<div class="medimail-signature"` as written.
 */
const MailBlock = Node.create({
  name: 'mailBlock',
  group: 'block',
  content: 'block+',
  defining: true,
  addAttributes() {
    return {
      class: {
        default: null,
        parseHTML: (element) => element.getAttribute('class'),
        rendered: false,
      },
      signatureId: {
        default: null,
        parseHTML: (element) => element.getAttribute('data-signature-id'),
        rendered: false,
      },
    };
  },
  parseHTML() {
    return [
      {
        tag: 'div',
        priority: 60,
        getAttrs: (element) =>
          MAIL_BLOCK_CLASSES.includes((element as HTMLElement).getAttribute('class') ?? '') ? null : false,
      },
    ];
  },
  renderHTML({ node }) {
    const attrs: Record<string, string> = { class: String(node.attrs.class) };
    if (node.attrs.signatureId != null) attrs['data-signature-id'] = String(node.attrs.signatureId);
    return ['div', attrs, 0];
  },
});

/** Keeps `<blockquote type="cite">`, which mail readers style as a quote. */
const QuoteType = Extension.create({
  name: 'quoteType',
  addGlobalAttributes() {
    return [
      {
        types: ['blockquote'],
        attributes: {
          type: {
            default: null,
            parseHTML: (element) => element.getAttribute('type'),
            renderHTML: (attributes) => (attributes.type ? { type: attributes.type } : {}),
          },
        },
      },
    ];
  },
});

export type ImageResolver = (cid: string) => string | null;

/**
 * Images of the body. An image of the message carries its Content-ID: the HTML says
 * `src="cid:<id>"` (what is sent and saved), the editor shows the data: URL the window keeps
 * for that id. An image without one (a signature's, a pasted one) keeps its data: URL.
 */
function inlineImage(resolve: ImageResolver) {
  return Image.extend({
    addAttributes() {
      return {
        ...this.parent?.(),
        src: {
          default: null,
          parseHTML: (element) => {
            const src = element.getAttribute('src') ?? '';
            return /^cid:/i.test(src) ? null : src;
          },
        },
        cid: {
          default: null,
          parseHTML: (element) => {
            const src = element.getAttribute('src') ?? '';
            return /^cid:/i.test(src) ? src.slice(4) : null;
          },
          rendered: false,
        },
      };
    },
    renderHTML({ node, HTMLAttributes }) {
      const attrs = { ...HTMLAttributes };
      if (node.attrs.cid) attrs.src = `cid:${node.attrs.cid}`;
      return ['img', mergeAttributes(this.options.HTMLAttributes, attrs)];
    },
    addNodeView() {
      return ({ node }) => {
        const img = document.createElement('img');
        const paint = (attrs: Record<string, unknown>) => {
          const src = attrs.cid ? resolve(String(attrs.cid)) : (attrs.src as string | null);
          // Only what the window itself holds: never a remote address (the CSP refuses them too).
          if (src && /^(data|blob):/i.test(src)) img.src = src;
          else img.removeAttribute('src');
          img.alt = String(attrs.alt ?? '');
          if (attrs.title) img.title = String(attrs.title);
          for (const dim of ['width', 'height'] as const) {
            if (attrs[dim]) img.setAttribute(dim, String(attrs[dim]));
            else img.removeAttribute(dim);
          }
        };
        paint(node.attrs);
        return {
          dom: img,
          update: (next) => {
            if (next.type !== node.type) return false;
            paint(next.attrs);
            return true;
          },
        };
      };
    },
  }).configure({ inline: true, allowBase64: true });
}

/**
 * The app's CSP (`style-src 'self'`, no 'unsafe-inline') stops `style="…"` attributes from
 * applying, and ProseMirror writes colours, fonts and alignment as such attributes. Styles set
 * through the CSSOM are allowed: re-apply any style attribute that did not take.
 */
export function applyBlockedStyles(root: ParentNode): void {
  for (const element of Array.from(root.querySelectorAll<HTMLElement>('[style]'))) {
    if (element.style.length > 0) continue;
    const declarations = element.getAttribute('style') ?? '';
    for (const declaration of declarations.split(';')) {
      const colon = declaration.indexOf(':');
      if (colon <= 0) continue;
      const property = declaration.slice(0, colon).trim();
      let value = declaration.slice(colon + 1).trim();
      const important = /!important$/i.test(value);
      if (important) value = value.replace(/\s*!important$/i, '');
      if (property && value) element.style.setProperty(property, value, important ? 'important' : '');
    }
  }
}

type ObservedView = EditorView & { domObserver?: { stop(): void; start(): void } };

const StyleUnderCsp = Extension.create({
  name: 'styleUnderCsp',
  addProseMirrorPlugins() {
    const fix = (view: ObservedView) => {
      // Our own DOM writes must not read as user edits.
      view.domObserver?.stop();
      try {
        applyBlockedStyles(view.dom);
      } finally {
        view.domObserver?.start();
      }
    };
    return [
      new Plugin({
        key: new PluginKey('styleUnderCsp'),
        view: (view) => {
          fix(view);
          return { update: (updated) => fix(updated) };
        },
      }),
    ];
  },
});

export const FONT_FAMILIES = [
  { value: 'Arial, Helvetica, sans-serif', label: 'Arial' },
  { value: 'Verdana, Geneva, sans-serif', label: 'Verdana' },
  { value: 'Tahoma, Geneva, sans-serif', label: 'Tahoma' },
  { value: '"Trebuchet MS", Helvetica, sans-serif', label: 'Trebuchet MS' },
  { value: 'Georgia, serif', label: 'Georgia' },
  { value: '"Times New Roman", Times, serif', label: 'Times New Roman' },
  { value: '"Courier New", Courier, monospace', label: 'Courier New' },
] as const;

export const FONT_SIZES = ['10px', '12px', '14px', '16px', '18px', '24px', '32px'] as const;

export type EditorOptions = {
  element: HTMLElement;
  html: string;
  label: string;
  placeholder?: string;
  resolveImage?: ImageResolver;
  testId?: string;
  onUpdate: (editor: Editor) => void;
  onState: (editor: Editor) => void;
};

export function extensions(placeholder: string | undefined, resolveImage: ImageResolver): AnyExtension[] {
  return [
    StarterKit.configure({
      // Links are kept, never followed from inside the editor.
      link: { openOnClick: false, autolink: true, defaultProtocol: 'https' },
      codeBlock: false,
      code: false,
    }),
    TextStyle,
    Color,
    FontFamily,
    FontSize,
    Highlight.configure({ multicolor: true }),
    TextAlign.configure({ types: ['heading', 'paragraph'] }),
    inlineImage(resolveImage),
    MailBlock,
    QuoteType,
    StyleUnderCsp,
    ...(placeholder ? [Placeholder.configure({ placeholder })] : []),
  ];
}

/** HTML to the editor's document, parsing it ourselves so that blocked styles are restored first. */
export function parseContent(html: string, schema: ReturnType<typeof getSchema>): JSONContent {
  const doc = new DOMParser().parseFromString(`<!DOCTYPE html><body>${html}</body>`, 'text/html');
  applyBlockedStyles(doc.body);
  return PMDOMParser.fromSchema(schema).parse(doc.body).toJSON() as JSONContent;
}

export function createEditor(options: EditorOptions): Editor {
  const all = extensions(options.placeholder, options.resolveImage ?? (() => null));
  const schema = getSchema(all);
  const editor = new Editor({
    element: options.element,
    extensions: all,
    content: parseContent(options.html, schema),
    injectCSS: false,
    editorProps: {
      attributes: {
        'aria-label': options.label,
        'aria-multiline': 'true',
        spellcheck: 'true',
        lang: document.documentElement.lang || 'fr',
        ...(options.testId ? { 'data-testid': options.testId } : {}),
      },
    },
    onUpdate: ({ editor }) => options.onUpdate(editor),
    onTransaction: ({ editor }) => options.onState(editor),
    onFocus: ({ editor }) => options.onState(editor),
  });
  settle(editor);
  return editor;
}

/**
 * Lets the plugins that adjust a document on its first transaction (the trailing paragraph
 * after a quote) do it now: the first click must not look like a change to the draft.
 */
function settle(editor: Editor): void {
  editor.view.dispatch(editor.state.tr.setMeta('addToHistory', false).setMeta('preventUpdate', true));
}

/** Replaces the content without emitting an update (a signature swapped by the engine). */
export function replaceContent(editor: Editor, html: string): void {
  editor.commands.setContent(parseContent(html, editor.schema), { emitUpdate: false });
  settle(editor);
}
