import type { composeFr } from './compose.fr';

export const composeEn: Record<keyof typeof composeFr, string> = {
};
