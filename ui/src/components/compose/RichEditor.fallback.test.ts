import { describe, expect, it, vi } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';

// The rich editor cannot start (an engine without what TipTap needs): nothing may be lost.
vi.mock('./editor', () => ({
  FONT_FAMILIES: [],
  FONT_SIZES: [],
  createEditor: () => {
    throw new Error('contenteditable unsupported');
  },
  replaceContent: () => {},
}));

describe('RichEditor fallback', () => {
  it('offers a plain editable area with the same test id, content and binding', async () => {
    vi.spyOn(console, 'warn').mockImplementation(() => {});
    const user = userEvent.setup();
    let html = '';
    const { default: Harness } = await import('./RichEditorHarness.test.svelte');
    render(Harness, {
      initial: '<p>Bonjour <b>docteur</b></p><script>alert(1)</script><img src="x" onerror="alert(1)">',
      onHtml: (value: string) => (html = value),
    });
    const area = await screen.findByTestId('compose-editor');
    expect(area).toHaveAttribute('contenteditable', 'true');
    expect(area).toHaveAttribute('role', 'textbox');
    expect(area).toHaveAccessibleName('Corps du message');
    expect(area).toHaveTextContent('Bonjour docteur');
    expect(area.innerHTML).not.toContain('script');
    expect(area.innerHTML).not.toContain('onerror');
    expect(screen.getByText(/Éditeur simplifié/)).toBeInTheDocument();
    expect(screen.getByTestId('toolbar-bold')).toBeDisabled();
    await user.click(area);
    await user.keyboard(' merci');
    expect(html).toContain('merci');
  });
});
