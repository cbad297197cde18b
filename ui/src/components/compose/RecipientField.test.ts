import { describe, expect, it, vi } from 'vitest';
import { render, screen, waitFor } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import RecipientField from './RecipientField.svelte';
import type { Sender } from '../../lib/bindings/Sender';

function setup(props: Record<string, unknown> = {}) {
  const user = userEvent.setup();
  const onChange = vi.fn();
  render(RecipientField, { label: 'À', testId: 'compose-to', onChange, suggestDelay: 0, ...props } as never);
  const input = screen.getByTestId('compose-to') as HTMLInputElement;
  const chips = () => screen.queryAllByTestId('recipient-chip').map((chip) => chip.dataset.address);
  return { user, input, chips, onChange };
}

describe('RecipientField', () => {
  it.each([
    ['Enter', 'a@b.fr{Enter}'],
    ['comma', 'a@b.fr,'],
    ['semicolon', 'a@b.fr;'],
  ])('makes a chip on %s', async (_, keys) => {
    const { user, input, chips } = setup();
    await user.type(input, keys);
    expect(chips()).toEqual(['a@b.fr']);
    expect(input).toHaveValue('');
  });

  it('makes a chip when the field is left', async () => {
    const { user, input, chips } = setup();
    await user.type(input, 'a@b.fr');
    await user.tab();
    expect(chips()).toEqual(['a@b.fr']);
  });

  it('makes several chips from a paste', async () => {
    const { user, input, chips } = setup();
    await user.click(input);
    await user.paste('a@b.fr, c@d.fr;e@f.fr');
    expect(chips()).toEqual(['a@b.fr', 'c@d.fr', 'e@f.fr']);
  });

  it('keeps a comma typed inside a quoted name', async () => {
    const { user, input, chips } = setup();
    await user.type(input, '"Martin, Claire" <c@chu.mssante.fr>{Enter}');
    expect(chips()).toEqual(['c@chu.mssante.fr']);
    expect(screen.getByTestId('recipient-chip')).toHaveTextContent('Martin, Claire');
  });

  it('removes the last chip with Backspace in the empty input, and any chip with its button', async () => {
    const { user, input, chips } = setup();
    await user.type(input, 'a@b.fr,c@d.fr,e@f.fr,');
    await user.keyboard('{Backspace}');
    expect(chips()).toEqual(['a@b.fr', 'c@d.fr']);
    await user.click(screen.getByRole('button', { name: 'Retirer a@b.fr' }));
    expect(chips()).toEqual(['c@d.fr']);
    expect(input).toHaveFocus();
  });

  it('shows an invalid address in red with its reason', async () => {
    const { user, input } = setup();
    await user.type(input, 'jean.dupont,jean@medecin,185057800608436@patient.mssante.fr,');
    const chips = screen.getAllByTestId('recipient-chip');
    expect(chips.every((chip) => chip.dataset.invalid === 'true')).toBe(true);
    const errors = screen.getByTestId('compose-to-errors');
    expect(errors).toHaveTextContent('jean.dupont : ce n’est pas une adresse de messagerie valide.');
    expect(errors).toHaveTextContent('jean@medecin : le domaine est incomplet');
    expect(errors).toHaveTextContent('« Nouveau message Patient »');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    expect(input).toHaveAttribute('aria-describedby', errors.id);
  });

  it('proposes past correspondents as a combobox, chosen with the arrows and Enter', async () => {
    const found: Sender[] = [
      { address: 'claire.martin@chu.mssante.fr', name: 'Claire Martin' },
      { address: 'paul.martin@medecin.mssante.fr', name: null },
    ];
    const suggest = vi.fn(async () => found);
    const { user, input, chips } = setup({ suggest });
    expect(input).toHaveAttribute('role', 'combobox');
    expect(input).toHaveAttribute('aria-expanded', 'false');
    await user.type(input, 'mar');
    await waitFor(() => expect(input).toHaveAttribute('aria-expanded', 'true'));
    expect(suggest).toHaveBeenLastCalledWith('mar');
    const options = screen.getAllByRole('option');
    expect(options).toHaveLength(2);
    expect(options[0]).toHaveAttribute('aria-selected', 'true');
    expect(input).toHaveAttribute('aria-activedescendant', options[0]?.id);
    await user.keyboard('{ArrowDown}');
    expect(options[1]).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{Enter}');
    expect(chips()).toEqual(['paul.martin@medecin.mssante.fr']);
    expect(input).toHaveAttribute('aria-expanded', 'false');
  });

  it('closes the suggestions on Escape without leaving the field', async () => {
    const suggest = vi.fn(async () => [{ address: 'a@b.fr', name: 'A' }]);
    const { user, input } = setup({ suggest });
    await user.type(input, 'ab');
    await waitFor(() => expect(input).toHaveAttribute('aria-expanded', 'true'));
    await user.keyboard('{Escape}');
    expect(input).toHaveAttribute('aria-expanded', 'false');
    expect(input).toHaveValue('ab');
  });

  it('picks a suggestion with the mouse and does not propose chosen addresses', async () => {
    const suggest = vi.fn(async () => [
      { address: 'a@b.fr', name: 'A' },
      { address: 'c@d.fr', name: 'C' },
    ]);
    const { user, input, chips } = setup({ suggest });
    await user.type(input, 'a@b.fr,');
    await user.type(input, 'xx');
    await waitFor(() => expect(screen.getAllByRole('option')).toHaveLength(1));
    await user.click(screen.getByRole('option'));
    expect(chips()).toEqual(['a@b.fr', 'c@d.fr']);
  });
});
