import { describe, expect, it } from 'vitest';
import { folder, summary } from './testing';
import { UNIFIED_INBOX_ID } from '../folders';
import { folderKey, folderQuery, foldersWithRole, folderTotal, isIn, listTitle, moveTargets } from './view';

const INBOX = folder({ id: 1, name: 'INBOX', role: 'inbox', total: 10, archived: 4 });
const SENT = folder({ id: 2, name: 'Sent', role: 'sent' });
const DRAFTS = folder({ id: 3, name: 'Drafts', role: 'drafts' });
const CARDIO = folder({ id: 4, name: 'Patients/Cardiologie', role: null });
const OTHER = folder({ id: 5, account: 'other@x.fr', name: 'Ailleurs', role: null });

describe('folderTotal', () => {
  it('counts what the view shows', () => {
    expect(folderTotal(INBOX, 'all')).toBe(10);
    expect(folderTotal(INBOX, 'archived')).toBe(4);
    expect(folderTotal(INBOX, 'on_server')).toBe(6);
    expect(folderTotal({ ...INBOX, archived: 12 }, 'on_server')).toBe(0);
  });
});

describe('folders by role', () => {
  it('finds a search result’s folder by account and name', () => {
    const sent = foldersWithRole([INBOX, SENT, OTHER], 'sent');
    expect(sent).toEqual(new Set([folderKey('me@x.fr', 'Sent')]));
    expect(isIn(summary({ account: 'me@x.fr', folder: 'Sent' }), sent)).toBe(true);
    expect(isIn(summary({ account: 'other@x.fr', folder: 'Sent' }), sent)).toBe(false);
    expect(isIn(summary({ account: 'me@x.fr', folder: 'INBOX' }), sent)).toBe(false);
  });
});

describe('folderQuery', () => {
  it('asks for the folder in the sort and presence shown', () => {
    expect(folderQuery(INBOX, { key: 'subject', descending: false }, 'all')).toEqual({
      account: 'me@x.fr',
      folder: 'INBOX',
      sort: 'subject',
      descending: false,
      presence: 'all',
    });
  });

  it('asks for every account’s inbox in the unified inbox, titled so', () => {
    const unified = folder({ id: UNIFIED_INBOX_ID, account: '', name: '', role: 'inbox' });
    expect(folderQuery(unified, { key: 'date', descending: true }, 'all')).toEqual({
      account: null,
      folder: null,
      sort: 'date',
      descending: true,
      presence: 'all',
      all_inboxes: true,
    });
    expect(listTitle(unified, 'all', '')).toBe('Toutes les boîtes de réception');
  });

  it('asks for every folder of the account in the archive view', () => {
    expect(folderQuery(folder({ name: '', role: null }), { key: 'date', descending: true }, 'archived').folder).toBeNull();
  });
});

describe('listTitle', () => {
  it('names the search, the archive, the folder, or nothing yet', () => {
    expect(listTitle(INBOX, 'all', 'martin')).toBe('Résultats pour « martin »');
    expect(listTitle(folder({ name: '', role: null }), 'archived', '')).toBe('Messages archivés');
    expect(listTitle(CARDIO, 'all', '')).toBe('Cardiologie');
    expect(listTitle(folder({ name: '', role: null }), 'all', '')).toBe('Messages');
    expect(listTitle(null, 'all', '')).toBe('Messages');
  });
});

describe('moveTargets', () => {
  const all = [CARDIO, DRAFTS, SENT, INBOX, OTHER];

  it('offers the account’s folders but the drafts and the folder listed', () => {
    expect(moveTargets(all, 'me@x.fr', INBOX).map((f) => f.id)).not.toContain(INBOX.id);
    const ids = moveTargets(all, 'me@x.fr', INBOX).map((f) => f.id);
    expect(ids.sort()).toEqual([SENT.id, CARDIO.id].sort());
  });

  it('offers every folder of the account for search results', () => {
    expect(moveTargets(all, 'me@x.fr', null).map((f) => f.id).sort()).toEqual([INBOX.id, SENT.id, CARDIO.id].sort());
    expect(moveTargets(all, 'other@x.fr', null).map((f) => f.id)).toEqual([OTHER.id]);
    expect(moveTargets(all, null, null)).toEqual([]);
  });
});
