// How a directory entry reads in the window: the seed's table columns (name, profession,
// locality, structure), the chip it becomes, and the fiche's fields grouped with labels.
import type { DirectoryEntry } from '../bindings/DirectoryEntry';
import type { DirectoryQuery } from '../bindings/DirectoryQuery';
import type { MessageKey } from '../i18n/index.svelte';
import { senderEntry } from '../compose/recipients';

function joined(parts: readonly string[], separator = ' '): string {
  return parts
    .map((part) => part.trim())
    .filter(Boolean)
    .join(separator);
}

/** "Raison sociale", else "Enseigne". */
export function structureName(entry: DirectoryEntry): string {
  return entry.company_name.trim() || entry.trade_name.trim();
}

/** "MARTIN Jean" as the seed's table writes it; an organisational mailbox by its service and structure. */
export function displayName(entry: DirectoryEntry): string {
  const person = joined([entry.surname, entry.first_name]);
  if (entry.kind === 'PER' && person) return person;
  return joined([entry.service, structureName(entry)], ' – ') || person || entry.address;
}

/** "Jean MARTIN": the name put in front of the address in a message's header. */
export function recipientName(entry: DirectoryEntry): string {
  const person = joined([entry.first_name, entry.surname]);
  if (entry.kind === 'PER' && person) return person;
  return displayName(entry);
}

/** "Médecin, Cardiologie". */
export function activity(entry: DirectoryEntry): string {
  return joined([entry.profession_label, entry.skill_label], ', ');
}

/** "Toulouse (31)", as in the seed. */
export function locality(entry: DirectoryEntry): string {
  const city = entry.city.trim();
  const department = entry.department_code.trim();
  if (city && department) return `${city} (${department})`;
  return city || entry.postal_code.trim();
}

/** What goes into À or Cc: `"Jean MARTIN" <address>`. */
export function recipientEntry(entry: DirectoryEntry): string {
  return senderEntry({ address: entry.address, name: recipientName(entry) });
}

/** Whether anything searchable was typed. */
export function isEmptyQuery(query: DirectoryQuery): boolean {
  return !(query.who.trim() || query.activity.trim() || query.place.trim() || query.structure.trim());
}

export type CardField = { key: keyof DirectoryEntry; label: MessageKey };
export type CardSection = { title: MessageKey; fields: CardField[] };

/** Each field's label: a record, so that a field added to the file's type needs its label. */
const LABELS: Record<keyof DirectoryEntry, MessageKey> = {
  kind: 'directory-field-kind',
  address: 'directory-field-address',
  pp_id_type: 'directory-field-pp_id_type',
  pp_id: 'directory-field-pp_id',
  pp_national_id: 'directory-field-pp_national_id',
  structure_id_type: 'directory-field-structure_id_type',
  structure_id: 'directory-field-structure_id',
  service: 'directory-field-service',
  civility: 'directory-field-civility',
  surname: 'directory-field-surname',
  first_name: 'directory-field-first_name',
  profession_category: 'directory-field-profession_category',
  profession_category_label: 'directory-field-profession_category_label',
  profession_code: 'directory-field-profession_code',
  profession_label: 'directory-field-profession_label',
  skill_code: 'directory-field-skill_code',
  skill_label: 'directory-field-skill_label',
  dematerialisation: 'directory-field-dematerialisation',
  company_name: 'directory-field-company_name',
  trade_name: 'directory-field-trade_name',
  location_complement: 'directory-field-location_complement',
  distribution_complement: 'directory-field-distribution_complement',
  street_number: 'directory-field-street_number',
  street_number_complement: 'directory-field-street_number_complement',
  street_type: 'directory-field-street_type',
  street_name: 'directory-field-street_name',
  place_mention: 'directory-field-place_mention',
  routing_line: 'directory-field-routing_line',
  postal_code: 'directory-field-postal_code',
  department: 'directory-field-department',
  country: 'directory-field-country',
  city: 'directory-field-city',
  department_code: 'directory-field-department_code',
  region: 'directory-field-region',
  phones: 'directory-field-phones',
  source: 'directory-field-source',
};

const field = (key: keyof DirectoryEntry): CardField => ({ key, label: LABELS[key] });

/** Every field of the national file, grouped as the fiche shows them. */
export const CARD_SECTIONS: readonly CardSection[] = [
  {
    title: 'directory-card-identity',
    fields: ['civility', 'surname', 'first_name', 'pp_national_id', 'pp_id_type', 'pp_id'].map((k) => field(k as keyof DirectoryEntry)),
  },
  {
    title: 'directory-card-activity',
    fields: [
      'profession_category_label',
      'profession_category',
      'profession_label',
      'profession_code',
      'skill_label',
      'skill_code',
    ].map((k) => field(k as keyof DirectoryEntry)),
  },
  {
    title: 'directory-card-structure',
    fields: ['company_name', 'trade_name', 'service', 'structure_id_type', 'structure_id'].map((k) => field(k as keyof DirectoryEntry)),
  },
  {
    title: 'directory-card-address',
    fields: [
      'location_complement',
      'distribution_complement',
      'street_number',
      'street_number_complement',
      'street_type',
      'street_name',
      'place_mention',
      'routing_line',
      'postal_code',
      'city',
      'department',
      'department_code',
      'region',
      'country',
    ].map((k) => field(k as keyof DirectoryEntry)),
  },
  {
    title: 'directory-card-mailbox',
    fields: ['address', 'kind', 'phones', 'dematerialisation', 'source'].map((k) => field(k as keyof DirectoryEntry)),
  },
];

/** "2025-12-06T02:15" (the extraction's file name) as "06/12/2025". */
export function extractionDay(date: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(date);
  return match ? `${match[3]}/${match[2]}/${match[1]}` : date;
}
