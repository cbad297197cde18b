// The Annuaire's icons, drawn once by DirectoryIcons.svelte and shown by DirectoryIcon.svelte.
export const ICON_ID_PREFIX = 'directory-icon-';

export type DirectoryIconName = 'add-to' | 'add-cc' | 'card' | 'star' | 'star-on' | 'per' | 'org';
