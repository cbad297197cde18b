import type { settingsFr } from './settings.fr';

export const settingsEn: Record<keyof typeof settingsFr, string> = {
};
