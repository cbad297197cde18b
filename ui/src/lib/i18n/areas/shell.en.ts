import type { shellFr } from './shell.fr';

export const shellEn: Record<keyof typeof shellFr, string> = {
};
