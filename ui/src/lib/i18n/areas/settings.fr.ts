// French strings of the settings area (the reference: its keys define the English file's).
export const settingsFr = {
} as const;
