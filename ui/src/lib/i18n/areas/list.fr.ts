// French strings of the list area (the reference: its keys define the English file's).
export const listFr = {
} as const;
