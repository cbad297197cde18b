// French strings of the shell area (the reference: its keys define the English file's).
export const shellFr = {
} as const;
