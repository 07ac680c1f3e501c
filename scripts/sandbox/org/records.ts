/**
 * /sobjects/<Type>/<Id>: reading a record (optionally `?fields=`) and PATCHing it with the checks
 * Salesforce makes (unknown and read-only fields, types, restricted picklists, lengths, required).
 */
import type { EmulatorResponse } from '../emulator-server';
import { toId18 } from '../ids';
import { sfDateTime, type OrgData, type SObjectRecord } from '../sample-data';
import { SalesforceError } from './errors';
import { notFound } from './responses';
import { findField, type FieldDef, type ObjectDef } from './schema';
import { parseSfDateTime } from './soql';

const RECORD_ID = /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/;

const noSuchColumn = (name: string, object: ObjectDef): SalesforceError =>
  new SalesforceError(
    'INVALID_FIELD',
    `No such column '${name}' on entity '${object.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
  );

/** The records of one org, read and updated through the REST record routes. */
export class Records {
  public constructor(
    private readonly data: OrgData,
    private readonly now: () => Date,
  ) {}

  /** GET /sobjects/<Type>/<Id>[?fields=A,B]. */
  public retrieve(object: ObjectDef, id: string, version: string, wanted: string | null): EmulatorResponse {
    const record = this.find(object, id);
    const fields: FieldDef[] = wanted
      ? wanted
          .split(',')
          .map((name) => findField(object, name.trim()) ?? throwError(noSuchColumn(name.trim(), object)))
      : object.fields;
    const body: Record<string, unknown> = {
      attributes: {
        type: object.name,
        url: `/services/data/v${version}/sobjects/${object.name}/${String(record.Id)}`,
      },
    };
    for (const f of fields) body[f.name] = record[f.name] ?? null;
    return { status: 200, operation: `retrieve ${object.name}`, body };
  }

  /** PATCH /sobjects/<Type>/<Id> with a JSON body: all changes or none. */
  public update(object: ObjectDef, id: string, body: string): EmulatorResponse {
    const record = this.find(object, id);
    const changes: SObjectRecord = {};
    for (const [name, value] of Object.entries(patchBody(body))) {
      if (name === 'attributes') continue;
      const f = findField(object, name);
      if (!f)
        throw new SalesforceError(
          'INVALID_FIELD',
          `No such column '${name}' on sobject of type ${object.name}`,
        );
      changes[f.name] = coerceForUpdate(f, value);
    }
    refuseReadOnlyOrMissing(object, changes);
    Object.assign(record, changes);
    if (findField(object, 'LastModifiedDate')) record.LastModifiedDate = sfDateTime(this.now());
    return { status: 204, operation: `update ${object.name}` };
  }

  private find(object: ObjectDef, id: string): SObjectRecord {
    if (!RECORD_ID.test(id)) {
      throw new SalesforceError(
        'NOT_FOUND',
        `Provided external ID field does not exist or is not accessible: ${id}`,
        404,
      );
    }
    const want = id.slice(0, 15);
    const record = (this.data[object.name] ?? []).find(
      (r) => typeof r.Id === 'string' && r.Id.slice(0, 15) === want,
    );
    if (!record) throw notFound();
    return record;
  }
}

function throwError(e: Error): never {
  throw e;
}

function patchBody(text: string): Record<string, unknown> {
  let patch: unknown;
  try {
    patch = JSON.parse(text || '{}');
  } catch (e) {
    throw new SalesforceError('JSON_PARSER_ERROR', `Unexpected character: ${(e as Error).message}`);
  }
  if (typeof patch !== 'object' || patch === null || Array.isArray(patch)) {
    throw new SalesforceError(
      'JSON_PARSER_ERROR',
      'Cannot deserialize instance of SObject from non-object value',
    );
  }
  return patch as Record<string, unknown>;
}

function refuseReadOnlyOrMissing(object: ObjectDef, changes: SObjectRecord): void {
  const readOnly = Object.keys(changes).filter((n) => !findField(object, n)?.updateable);
  if (readOnly.length) {
    throw new SalesforceError(
      'INVALID_FIELD_FOR_INSERT_UPDATE',
      `Unable to create/update fields: ${readOnly.join(', ')}. Please check the security settings of this field and verify that it is read/write for your profile or permission set.`,
      400,
      readOnly,
    );
  }
  const missing = Object.keys(changes).filter((n) => changes[n] === null && !findField(object, n)?.nillable);
  if (missing.length) {
    throw new SalesforceError(
      'REQUIRED_FIELD_MISSING',
      `Required fields are missing: [${missing.join(', ')}]`,
      400,
      missing,
    );
  }
}

/** Validates and converts one value of a PATCH body for the field's type. */
export function coerceForUpdate(field: FieldDef, value: unknown): string | number | boolean | null {
  const wrongType = (expected: string): SalesforceError =>
    new SalesforceError(
      'JSON_PARSER_ERROR',
      `Cannot deserialize instance of ${expected} from ${JSON.stringify(value)} value for field ${field.name}`,
    );
  if (value === null) {
    if (field.type === 'boolean') throw wrongType('boolean');
    return null;
  }
  switch (field.type) {
    case 'boolean':
      if (typeof value !== 'boolean') throw wrongType('boolean');
      return value;
    case 'int':
      if (typeof value !== 'number' || !Number.isInteger(value)) throw wrongType('int');
      return value;
    case 'datetime':
      if (typeof value !== 'string' || Number.isNaN(parseSfDateTime(value))) throw wrongType('datetime');
      return sfDateTime(new Date(parseSfDateTime(value)));
    case 'id':
    case 'reference':
      if (typeof value !== 'string' || !RECORD_ID.test(value)) {
        throw new SalesforceError(
          'MALFORMED_ID',
          `${field.name}: id value of incorrect type: ${String(value)}`,
          400,
          [field.name],
        );
      }
      return toId18(value);
    default:
      if (typeof value !== 'string') throw wrongType('string');
      return checkedText(field, value);
  }
}

function checkedText(field: FieldDef, value: string): string {
  if (field.picklistValues && !field.picklistValues.includes(value)) {
    throw new SalesforceError(
      'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST',
      `${field.name}: bad value for restricted picklist field: ${value}`,
      400,
      [field.name],
    );
  }
  if (field.length !== undefined && value.length > field.length) {
    throw new SalesforceError(
      'STRING_TOO_LONG',
      `${field.name}: data value too large: ${value.slice(0, 20)}... (max length=${field.length})`,
      400,
      [field.name],
    );
  }
  return value;
}
