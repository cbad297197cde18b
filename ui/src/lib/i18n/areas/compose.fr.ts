// French strings of the compose area (the reference: its keys define the English file's).
export const composeFr = {
} as const;
