/**
 * Field paths such as `User.FirstName`: resolved against the schema (Salesforce's INVALID_FIELD
 * errors for unknown relationships and columns) and followed across the org's records by id.
 */
import type { OrgData, SObjectRecord } from '../../sample-data';
import {
  findField,
  findObject,
  findRelationship,
  type FieldDef,
  type ObjectDef,
  type Schema,
} from '../schema';
import { unsupported, type SoqlSource } from './source';

/** One hop of a relationship path: the reference field and the object it lands on. */
export interface Hop {
  field: FieldDef;
  target: ObjectDef;
}

/** A resolved field path: relationship hops, then the field itself. */
export interface FieldPath {
  hops: Hop[];
  field: FieldDef;
  /** Canonical dotted name, e.g. `User.FirstName`. */
  name: string;
}

/** A field value as the org stores it. */
export type FieldValue = string | number | boolean | null;

/** Finds records by their 15-character id across the org, so relationship paths can be followed. */
export type RecordIndex = Map<string, { type: string; record: SObjectRecord }>;

/** Ids compare by their case-sensitive 15-character form; the 18-character suffix is a checksum. */
export function id15(id: string): string {
  return id.slice(0, 15);
}

/** Indexes every record of the schema's objects by id. */
export function buildIndex(data: OrgData, schema: Schema): RecordIndex {
  const index: RecordIndex = new Map();
  for (const object of schema.objects) {
    for (const record of data[object.name] ?? []) {
      if (typeof record.Id === 'string') index.set(id15(record.Id), { type: object.name, record });
    }
  }
  return index;
}

/** The record a reference field points at, or null for an empty or dangling reference. */
export function follow(record: SObjectRecord, hop: Hop, index: RecordIndex): SObjectRecord | null {
  const id = record[hop.field.name];
  if (typeof id !== 'string') return null;
  const found = index.get(id15(id));
  return found && found.type === hop.target.name ? found.record : null;
}

/** The value at the end of a path, null when any hop is empty. */
export function readPath(record: SObjectRecord, path: FieldPath, index: RecordIndex): FieldValue {
  let current: SObjectRecord | null = record;
  for (const hop of path.hops) {
    current = follow(current, hop, index);
    if (!current) return null;
  }
  return current[path.field.name] ?? null;
}

/**
 * Resolves a dotted path from `object`, case-insensitively.
 * @throws SalesforceError INVALID_FIELD for an unknown relationship or column; MALFORMED_QUERY for a
 *   polymorphic relationship (Owner), which no product query follows
 */
export function resolvePath(source: SoqlSource, schema: Schema, object: ObjectDef, raw: string): FieldPath {
  const parts = raw.split('.');
  const hops: Hop[] = [];
  const names: string[] = [];
  let current = object;
  for (const part of parts.slice(0, -1)) {
    const ref = findRelationship(current, part);
    const target = ref?.referenceTo?.[0] ? findObject(schema, ref.referenceTo[0]) : undefined;
    if (!ref || !target) {
      throw source.error(
        'INVALID_FIELD',
        raw,
        `Didn't understand relationship '${part}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
      );
    }
    if ((ref.referenceTo?.length ?? 0) > 1) throw unsupported(`the polymorphic relationship ${part}`);
    hops.push({ field: ref, target });
    names.push(ref.relationshipName as string);
    current = target;
  }
  const last = parts[parts.length - 1] ?? '';
  const field = findField(current, last);
  if (!field) {
    throw source.error(
      'INVALID_FIELD',
      raw,
      `No such column '${last}' on entity '${current.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
    );
  }
  names.push(field.name);
  return { hops, field, name: names.join('.') };
}
