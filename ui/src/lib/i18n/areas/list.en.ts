import type { listFr } from './list.fr';

export const listEn: Record<keyof typeof listFr, string> = {
};
