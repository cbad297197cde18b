import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import { flushSync } from 'svelte';
import RichEditor from './RichEditor.svelte';
import { applyBlockedStyles } from './editor';
import './testDom';

/** Renders with a bound `html` the test can read (`state.html`) and write (`setHtml`). */
async function mount(props: Record<string, unknown> = {}) {
  const user = userEvent.setup();
  const state = { html: '' };
  const { html: initial = '', ...rest } = props as { html?: string };
  const { default: Harness } = await import('./RichEditorHarness.test.svelte');
  const { component } = render(Harness, { initial, onHtml: (html: string) => (state.html = html), ...rest } as never);
  const editor = await screen.findByTestId('compose-editor');
  const setHtml = (html: string) => (component as unknown as { setHtml: (html: string) => void }).setHtml(html);
  return { user, state, editor, setHtml };
}

const TOGGLES = ['bold', 'italic', 'underline', 'bullet-list', 'ordered-list', 'align-left', 'align-center', 'align-right', 'align-justify'];

describe('RichEditor', () => {
  it('offers every option of the seed in a labelled toolbar', async () => {
    await mount();
    const toolbar = screen.getByRole('toolbar', { name: 'Mise en forme du message' });
    for (const name of [...TOGGLES, 'color', 'highlight', 'image', 'clear', 'font', 'size']) {
      const control = screen.getByTestId(`toolbar-${name}`);
      expect(toolbar).toContainElement(control);
      expect(control).toHaveAttribute('aria-label');
      expect(control).toHaveAttribute('title');
    }
    for (const name of TOGGLES) expect(screen.getByTestId(`toolbar-${name}`)).toHaveAttribute('aria-pressed', 'false');
  });

  it('keeps the signature form’s set when minimal', async () => {
    await mount({ minimal: true });
    for (const name of ['bold', 'italic', 'underline', 'color', 'highlight', 'image', 'clear']) {
      expect(screen.getByTestId(`toolbar-${name}`)).toBeInTheDocument();
    }
    for (const name of ['font', 'size', 'bullet-list', 'align-center']) {
      expect(screen.queryByTestId(`toolbar-${name}`)).not.toBeInTheDocument();
    }
  });

  it('has one Tab stop and moves with the arrow keys, Home and End', async () => {
    const { user } = await mount();
    const bold = screen.getByTestId('toolbar-bold');
    const italic = screen.getByTestId('toolbar-italic');
    expect(bold).toHaveAttribute('tabindex', '0');
    expect(italic).toHaveAttribute('tabindex', '-1');
    bold.focus();
    await user.keyboard('{ArrowRight}');
    expect(italic).toHaveFocus();
    expect(italic).toHaveAttribute('tabindex', '0');
    expect(bold).toHaveAttribute('tabindex', '-1');
    await user.keyboard('{ArrowLeft}{ArrowLeft}');
    expect(screen.getByTestId('toolbar-clear')).toHaveFocus();
    await user.keyboard('{Home}');
    expect(bold).toHaveFocus();
    await user.keyboard('{End}');
    expect(screen.getByTestId('toolbar-clear')).toHaveFocus();
  });

  it('applies bold to the selection and reports it pressed', async () => {
    const { user, state, editor } = await mount({ html: '<p>Bonjour docteur</p>' });
    editor.focus();
    await user.keyboard('{Control>}a{/Control}');
    await user.click(screen.getByTestId('toolbar-bold'));
    expect(state.html).toBe('<p><strong>Bonjour docteur</strong></p>');
    expect(screen.getByTestId('toolbar-bold')).toHaveAttribute('aria-pressed', 'true');
    await user.keyboard('{Control>}i{/Control}');
    expect(state.html).toContain('<em>');
    expect(screen.getByTestId('toolbar-italic')).toHaveAttribute('aria-pressed', 'true');
  });

  it('colours, highlights, aligns and clears', async () => {
    const { user, state, editor } = await mount({ html: '<p>Texte</p>' });
    editor.focus();
    await user.keyboard('{Control>}a{/Control}');
    await user.click(screen.getByTestId('toolbar-color'));
    expect(screen.getByRole('menu', { name: 'Couleur de police' })).toBeInTheDocument();
    await user.click(screen.getByRole('menuitemradio', { name: 'Rouge' }));
    expect(state.html).toMatch(/color: (#c0392b|rgb\(192, 57, 43\))/);
    await user.click(screen.getByTestId('toolbar-highlight'));
    await user.click(screen.getByRole('menuitemradio', { name: 'Jaune' }));
    expect(state.html).toContain('<mark data-color="#fff59d"');
    await user.click(screen.getByTestId('toolbar-align-center'));
    expect(state.html).toContain('text-align: center');
    expect(screen.getByTestId('toolbar-align-center')).toHaveAttribute('aria-pressed', 'true');
    await user.selectOptions(screen.getByTestId('toolbar-size'), '18px');
    expect(state.html).toContain('font-size: 18px');
    await user.click(screen.getByTestId('toolbar-clear'));
    expect(state.html).toBe('<p>Texte</p>');
  });

  it('closes a colour palette with Escape and gives focus back', async () => {
    const { user } = await mount();
    const trigger = screen.getByTestId('toolbar-highlight');
    await user.click(trigger);
    expect(trigger).toHaveAttribute('aria-expanded', 'true');
    await user.keyboard('{Escape}');
    expect(screen.queryByRole('menu')).not.toBeInTheDocument();
    expect(trigger).toHaveFocus();
  });

  it('keeps the signature block and the quote the engine relies on', async () => {
    const html =
      '<p><br></p>\n<div class="medimail-signature" data-signature-id="3">-- <br>\n<b>Dr Vives</b></div>\n' +
      '<div class="moz-cite-prefix">Le 12 mars 2025, A a écrit :</div>\n<blockquote type="cite">\nBonjour<br>\nMerci\n</blockquote>\n';
    const { state, editor } = await mount({ html });
    expect(editor).toHaveTextContent('Dr Vives');
    expect(state.html).toContain('<div class="medimail-signature" data-signature-id="3">');
    expect(state.html).toContain('<div class="moz-cite-prefix">');
    expect(state.html).toContain('<blockquote type="cite">');
    expect(state.html.indexOf('medimail-signature')).toBeLessThan(state.html.indexOf('moz-cite-prefix'));
  });

  it('shows inline images from their Content-ID and keeps cid: in the HTML', async () => {
    const png = 'data:image/png;base64,iVBORw0KGgo=';
    const { state, editor } = await mount({
      html: '<p>Voir <img src="cid:img-1@medimail" alt="radio"></p>',
      resolveImage: (cid: string) => (cid === 'img-1@medimail' ? png : null),
    });
    expect(editor.querySelector('img')).toHaveAttribute('src', png);
    expect(state.html).toContain('src="cid:img-1@medimail"');
    expect(state.html).not.toContain('data:');
  });

  it('never loads a remote image inside the app', async () => {
    const { editor } = await mount({ html: '<p><img src="https://tracker.example/p.gif"></p>' });
    expect(editor.querySelector('img')).not.toHaveAttribute('src');
  });

  it('inserts a chosen image as an inline part when the window keeps them', async () => {
    const onImageFile = vi.fn(async () => 'img-9@medimail');
    const { user, state } = await mount({ html: '<p>x</p>', onImageFile, resolveImage: () => 'data:image/png;base64,AA==' });
    await user.upload(screen.getByTestId('toolbar-image-input'), new File(['png'], 'photo.png', { type: 'image/png' }));
    await waitFor(() => expect(state.html).toContain('src="cid:img-9@medimail"'));
    expect(onImageFile).toHaveBeenCalledOnce();
  });

  it('inserts a chosen image as a data: URL in a signature', async () => {
    const { user, state } = await mount({ html: '<p>x</p>', minimal: true });
    await user.upload(screen.getByTestId('toolbar-image-input'), new File(['png'], 'logo.png', { type: 'image/png' }));
    await waitFor(() => expect(state.html).toContain(`src="data:image/png;base64,${btoa('png')}"`));
  });

  it('takes new content given from outside (a signature swapped)', async () => {
    const { state, editor, setHtml } = await mount({ html: '<p>Un</p>' });
    setHtml('<p>Deux</p>');
    flushSync();
    await waitFor(() => expect(editor).toHaveTextContent('Deux'));
    expect(state.html).toBe('<p>Deux</p>');
  });
});

describe('applyBlockedStyles', () => {
  it('re-applies through the CSSOM a style attribute the CSP refused', () => {
    const root = document.createElement('div');
    const span = document.createElement('span');
    span.setAttribute('style', 'color: rgb(192, 57, 43); font-family: "Times New Roman", serif; font-size: 18px !important');
    const setProperty = vi.fn();
    Object.defineProperty(span, 'style', { value: { length: 0, setProperty } });
    const fine = document.createElement('b');
    fine.setAttribute('style', 'color: red');
    root.append(span, fine);
    applyBlockedStyles(root);
    expect(setProperty.mock.calls).toEqual([
      ['color', 'rgb(192, 57, 43)', ''],
      ['font-family', '"Times New Roman", serif', ''],
      ['font-size', '18px', 'important'],
    ]);
    expect(fine.style.color).toBe('red');
  });
});

