// French strings of the reader area (the reference: its keys define the English file's).
export const readerFr = {
} as const;
