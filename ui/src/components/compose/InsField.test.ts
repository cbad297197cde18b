import { describe, expect, it } from 'vitest';
import { render, screen } from '@testing-library/svelte';
import userEvent from '@testing-library/user-event';
import InsField from './InsField.svelte';

describe('InsField', () => {
  it('groups the INS as it is typed', async () => {
    const user = userEvent.setup();
    render(InsField, {});
    const input = screen.getByTestId('compose-ins');
    await user.type(input, '185057800608436');
    expect(input).toHaveValue('1 85 05 78 006 084 36');
  });

  it('accepts spaces typed by the user', async () => {
    const user = userEvent.setup();
    render(InsField, {});
    const input = screen.getByTestId('compose-ins');
    await user.type(input, '1 85 0578');
    expect(input).toHaveValue('1 85 05 78');
  });

  it('shows the engine’s sentence, marked invalid', () => {
    render(InsField, { value: '1 85 05 78 006 084 37', problem: 'INS du patient : Clé incorrecte : attendue 36, saisie 37. Vérifiez le numéro.' });
    const input = screen.getByTestId('compose-ins');
    expect(input).toHaveAttribute('aria-invalid', 'true');
    const message = screen.getByTestId('compose-ins-message');
    expect(message).toHaveTextContent('Clé incorrecte : attendue 36, saisie 37.');
    expect(message).toHaveAttribute('aria-live', 'polite');
    expect(input.getAttribute('aria-describedby')).toContain(message.id);
  });

  it('says when the INS is valid, and explains what an INS is', () => {
    render(InsField, { value: '1 85 05 78 006 084 36', valid: true });
    expect(screen.getByTestId('compose-ins-message')).toHaveTextContent('INS valide.');
    expect(screen.getByText(/composé de 15 chiffres/)).toBeInTheDocument();
    expect(screen.getByLabelText(/INS du patient/)).toBe(screen.getByTestId('compose-ins'));
  });
});
