/**
 * From `@jetstreamapp/soql-parser-js`'s AST to the emulator's query model, checked against the
 * schema as Salesforce checks it: unknown objects (INVALID_TYPE) and fields (INVALID_FIELD), parse
 * errors (MALFORMED_QUERY, with the offending token). Clauses no product query uses (GROUP BY,
 * OFFSET, WITH, aliases, functions, subqueries...) are refused with a clear MALFORMED_QUERY.
 */
import { parseQuery } from '@jetstreamapp/soql-parser-js';
import { SalesforceError } from '../errors';
import { findObject, type ObjectDef, type Schema } from '../schema';
import { resolvePath, type FieldPath } from './paths';
import type { OrderKey } from './result';
import { SoqlSource, toArray, unexpected, unsupported } from './source';
import { compileWhere, type Predicate, type RawWhere } from './where';

// Loose views of the parser's output; every part is checked before use.
interface RawField {
  type?: string;
  field?: string;
  relationships?: string[];
  functionName?: string;
  parameters?: unknown[];
  alias?: string;
  rawValue?: string;
}
interface RawOrderBy {
  field?: string;
  fn?: unknown;
  order?: string;
  nulls?: string;
}
interface RawQuery {
  fields?: RawField[];
  sObject?: string;
  where?: RawWhere;
  orderBy?: RawOrderBy | RawOrderBy[];
  limit?: number;
  [clause: string]: unknown;
}

/** A checked query, ready to run over an org. */
export interface SoqlQuery {
  object: ObjectDef;
  /** `SELECT COUNT()`: the answer is the number of rows, with no records. */
  count: boolean;
  select: FieldPath[];
  where: Predicate;
  order: OrderKey[];
  limit?: number;
}

const SUPPORTED_CLAUSES = new Set(['fields', 'sObject', 'where', 'orderBy', 'limit']);

const CLAUSE_NAMES: Record<string, string> = {
  sObjectAlias: 'object aliases',
  groupBy: 'GROUP BY',
  having: 'HAVING',
  offset: 'OFFSET',
  usingScope: 'USING SCOPE',
  withDataCategory: 'WITH DATA CATEGORY',
  withSecurityEnforced: 'WITH SECURITY_ENFORCED',
  withAccessLevel: 'WITH USER_MODE/SYSTEM_MODE (Apex-only)',
  for: 'FOR VIEW/REFERENCE/UPDATE',
  update: 'UPDATE TRACKING/VIEWSTAT',
};

/** Pulls the offending token out of the parser's (chevrotain's) message. */
function offendingToken(message: string): string {
  const patterns = [/but found --> '(.*?)' <--/s, /but found: '(.*?)'/s, /unexpected character: ->(.)<-/s];
  for (const p of patterns) {
    const m = p.exec(message);
    if (m) return m[1] === '' ? '<EOF>' : (m[1] as string);
  }
  return message.split('\n')[0] ?? message;
}

/** Parses with the library, turning its errors into MALFORMED_QUERY and refusing unmodelled clauses. */
function parseRaw(soql: string): RawQuery {
  let query: RawQuery;
  try {
    query = parseQuery(soql) as unknown as RawQuery;
  } catch (e) {
    throw unexpected(offendingToken((e as Error).message));
  }
  for (const clause of Object.keys(query)) {
    if (query[clause] !== undefined && !SUPPORTED_CLAUSES.has(clause))
      throw unsupported(CLAUSE_NAMES[clause] ?? clause);
  }
  return query;
}

function resolveObject(source: SoqlSource, schema: Schema, name: string): ObjectDef {
  const object = findObject(schema, name);
  if (object) return object;
  const from = /\bFROM\s+/i.exec(source.text);
  throw source.errorAt(
    'INVALID_TYPE',
    from ? from.index + from[0].length : 0,
    `sObject type '${name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
  );
}

const isCount = (f: RawField): boolean =>
  f.type === 'FieldFunctionExpression' && f.functionName?.toUpperCase() === 'COUNT' && !f.parameters?.length;

/** SELECT: plain and relationship fields once each, or COUNT() alone. */
function resolveSelect(
  source: SoqlSource,
  schema: Schema,
  object: ObjectDef,
  fields: RawField[],
): FieldPath[] {
  const paths: FieldPath[] = [];
  const seen = new Set<string>();
  for (const f of fields) {
    if (isCount(f)) {
      if (fields.length > 1) throw unexpected('COUNT() cannot be combined with other fields');
      continue;
    }
    if ((f.type !== 'Field' && f.type !== 'FieldRelationship') || !f.field || f.alias)
      throw unsupported(`${f.rawValue ?? f.functionName ?? f.type ?? 'this field expression'} in SELECT`);
    const path = resolvePath(source, schema, object, [...(f.relationships ?? []), f.field].join('.'));
    if (seen.has(path.name.toLowerCase()))
      throw new SalesforceError('MALFORMED_QUERY', `duplicate field selected: ${path.name}`);
    seen.add(path.name.toLowerCase());
    paths.push(path);
  }
  return paths;
}

function resolveOrder(source: SoqlSource, schema: Schema, object: ObjectDef, raw: RawOrderBy): OrderKey {
  if (!raw.field || raw.fn) throw unsupported('functions in ORDER BY');
  if (raw.nulls) throw unsupported('NULLS FIRST/LAST');
  return { path: resolvePath(source, schema, object, raw.field), desc: raw.order?.toUpperCase() === 'DESC' };
}

/**
 * Parses and checks one query.
 * @param now the clock date literals are relative to
 * @throws SalesforceError with the code Salesforce would answer with
 */
export function parseSoql(soql: string, schema: Schema, now: Date): SoqlQuery {
  const raw = parseRaw(soql);
  const source = new SoqlSource(soql);
  const object = resolveObject(source, schema, raw.sObject ?? '');
  const fields = raw.fields ?? [];
  const select = resolveSelect(source, schema, object, fields);
  const where = raw.where ? compileWhere({ source, schema, object, now }, raw.where) : () => true;
  return {
    object,
    count: fields.some(isCount),
    select,
    where,
    order: toArray(raw.orderBy).map((o) => resolveOrder(source, schema, object, o)),
    limit: raw.limit,
  };
}
