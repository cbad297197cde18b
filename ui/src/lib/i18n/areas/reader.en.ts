import type { readerFr } from './reader.fr';

export const readerEn: Record<keyof typeof readerFr, string> = {
};
