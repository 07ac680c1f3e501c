/**
 * The result side of a query: ORDER BY (nulls first ascending, last descending, as Salesforce
 * defaults), LIMIT, and records shaped like the REST API's (attributes, selected fields in order,
 * relationships as nested objects).
 */
import type { SObjectRecord } from '../../sample-data';
import type { FieldDef, ObjectDef } from '../schema';
import { parseSfDateTime } from './literals';
import { follow, readPath, type FieldPath, type FieldValue, type RecordIndex } from './paths';

/** `attributes` of a record or related record in a REST query result. */
export interface RecordAttributes {
  type: string;
  url: string;
}

/** One record of a REST query result: attributes, selected fields, nested relationship objects. */
export interface QueryRecord {
  attributes: RecordAttributes;
  [field: string]: unknown;
}

/** One ORDER BY key. */
export interface OrderKey {
  path: FieldPath;
  desc: boolean;
}

function compareValues(
  type: FieldDef['type'],
  a: NonNullable<FieldValue>,
  b: NonNullable<FieldValue>,
): number {
  if (type === 'datetime') return parseSfDateTime(String(a)) - parseSfDateTime(String(b));
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const x = String(a).toLowerCase();
  const y = String(b).toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

/** Sorts stably by the keys; a null sorts first ascending and last descending. */
export function sortRecords(records: SObjectRecord[], keys: OrderKey[], index: RecordIndex): SObjectRecord[] {
  if (keys.length === 0) return records;
  const rows = records.map((record, position) => ({
    record,
    position,
    values: keys.map((k) => readPath(record, k.path, index)),
  }));
  rows.sort((a, b) => {
    for (const [i, key] of keys.entries()) {
      const x = a.values[i] ?? null;
      const y = b.values[i] ?? null;
      if (x === y) continue;
      // Nulls are the smallest values: first ascending, last descending.
      const c = x === null ? -1 : y === null ? 1 : compareValues(key.path.field.type, x, y);
      if (c !== 0) return key.desc ? -c : c;
    }
    return a.position - b.position;
  });
  return rows.map((r) => r.record);
}

function attributesFor(type: string, id: unknown, apiVersion: string): RecordAttributes {
  return { type, url: `/services/data/v${apiVersion}/sobjects/${type}/${String(id)}` };
}

/** Shapes one record like the REST API: selected fields in order, relationships as nested objects. */
export function project(
  record: SObjectRecord,
  object: ObjectDef,
  paths: FieldPath[],
  index: RecordIndex,
  apiVersion: string,
): QueryRecord {
  const out: QueryRecord = { attributes: attributesFor(object.name, record.Id, apiVersion) };
  for (const path of paths) {
    let target: Record<string, unknown> = out;
    let current: SObjectRecord | null = record;
    for (const hop of path.hops) {
      const related: SObjectRecord | null = current && follow(current, hop, index);
      const key = hop.field.relationshipName as string;
      if (!(key in target)) {
        target[key] = related ? { attributes: attributesFor(hop.target.name, related.Id, apiVersion) } : null;
      }
      current = related;
      if (!current) break;
      target = target[key] as Record<string, unknown>;
    }
    if (current) target[path.field.name] = current[path.field.name] ?? null;
  }
  return out;
}
