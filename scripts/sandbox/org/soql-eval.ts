/**
 * A pure SOQL evaluator over the emulator's in-memory org: parse with `@jetstreamapp/soql-parser-js`,
 * check the query against the schema the way Salesforce does (unknown objects and fields, wrong-typed
 * literals, unsupported clauses all fail with Salesforce's error codes), then filter, sort and project
 * the records into the REST query shape. No I/O: the HTTP routes live in `org-emulator.ts`.
 */
import { parseQuery } from '@jetstreamapp/soql-parser-js';
import type { OrgData, SObjectRecord } from '../sample-data';
import { SalesforceError, pointAt } from './errors';
import {
  findField,
  findObject,
  findRelationship,
  type FieldDef,
  type ObjectDef,
  type Schema,
} from './schema';

/** What the evaluator needs besides the query and the data. */
export interface SoqlEvalOptions {
  schema: Schema;
  /** The clock date literals (TODAY, LAST_N_DAYS:n, ...) are relative to. */
  now: Date;
  /** Used in each record's `attributes.url`; default '62.0'. */
  apiVersion?: string;
}

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

/** The evaluated query: every matching record (paging is the HTTP layer's business). */
export interface SoqlResult {
  /** Canonical API name of the queried object. */
  sObject: string;
  /** Matching rows, or the count for `SELECT COUNT()`. */
  totalSize: number;
  /** Projected records; empty for `SELECT COUNT()`, as Salesforce returns it. */
  records: QueryRecord[];
}

const MAX_OFFSET = 2000;
const DAY_MS = 86_400_000;
const HOUR_MS = 3_600_000;
/**
 * The parser has no LAST_N_HOURS:n, so the evaluator swaps it for a date literal the parser accepts and
 * the evaluator never supports in its own right.
 */
const HOURS_STAND_IN = 'LAST_N_FISCAL_YEARS';

// Loose views of the parser's output; it is checked field by field below.
interface RawField {
  type?: string;
  field?: string;
  relationships?: string[];
  functionName?: string;
  parameters?: unknown[];
  alias?: string;
  rawValue?: string;
}
interface RawCondition {
  field?: string;
  fn?: unknown;
  operator?: string;
  value?: string | string[];
  literalType?: string | string[];
  valueQuery?: unknown;
  openParen?: number;
  closeParen?: number;
}
interface RawWhere {
  left?: RawCondition | null;
  operator?: string;
  right?: RawWhere;
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
  sObjectAlias?: string;
  where?: RawWhere;
  orderBy?: RawOrderBy | RawOrderBy[];
  limit?: number;
  offset?: number;
  [clause: string]: unknown;
}

/** One hop of a relationship path: the reference field and the object it lands on. */
interface Hop {
  field: FieldDef;
  target: ObjectDef;
}

/** A resolved field path such as `User.FirstName`: relationship hops, then the field itself. */
interface FieldPath {
  hops: Hop[];
  field: FieldDef;
  /** Canonical dotted name, e.g. `User.FirstName`. */
  name: string;
}

/** Finds records by id across the org, so relationship paths can be followed. */
type RecordIndex = Map<string, { type: string; record: SObjectRecord }>;

type Predicate = (record: SObjectRecord) => boolean;

type Token = '(' | ')' | 'AND' | 'OR' | 'NOT' | RawCondition;

/** A parsed literal: a plain value, or a range of instants for date literals. */
type Literal =
  | { kind: 'null' }
  | { kind: 'string'; value: string; raw: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'instant'; value: number }
  | { kind: 'range'; start: number; end: number };

/**
 * Parses and evaluates `soql` over `data`.
 * @throws SalesforceError with Salesforce's error code (MALFORMED_QUERY, INVALID_FIELD, INVALID_TYPE,
 *   INVALID_QUERY_FILTER_OPERATOR, NUMBER_OUTSIDE_VALID_RANGE) when Salesforce would reject the query.
 */
export function evaluateSoql(soql: string, data: OrgData, options: SoqlEvalOptions): SoqlResult {
  const query = parse(soql);
  const index = buildIndex(data, options.schema);
  const ctx = new QueryContext(soql, options, index);
  const object = ctx.resolveObject(query);

  const selectPaths: FieldPath[] = [];
  let isCount = false;
  const fields = query.fields ?? [];
  for (const f of fields) {
    if (
      f.type === 'FieldFunctionExpression' &&
      f.functionName?.toUpperCase() === 'COUNT' &&
      !f.parameters?.length
    ) {
      isCount = true;
      continue;
    }
    if ((f.type === 'Field' || f.type === 'FieldRelationship') && f.field && !f.alias) {
      selectPaths.push(ctx.resolvePath(object, [...(f.relationships ?? []), f.field], query.sObjectAlias));
      continue;
    }
    throw unsupported(`${f.rawValue ?? f.functionName ?? f.type ?? 'this field expression'} in SELECT`);
  }
  if (isCount && fields.length > 1) {
    throw new SalesforceError(
      'MALFORMED_QUERY',
      'unexpected token: COUNT() cannot be combined with other fields',
    );
  }
  const seen = new Set<string>();
  for (const p of selectPaths) {
    const key = p.name.toLowerCase();
    if (seen.has(key)) throw new SalesforceError('MALFORMED_QUERY', `duplicate field selected: ${p.name}`);
    seen.add(key);
  }

  const predicate = query.where ? ctx.compileWhere(object, query.where, query.sObjectAlias) : () => true;
  const order = toArray(query.orderBy).map((o) => ctx.resolveOrder(object, o, query.sObjectAlias));

  if (query.offset !== undefined && query.offset > MAX_OFFSET) {
    throw new SalesforceError('NUMBER_OUTSIDE_VALID_RANGE', `Maximum SOQL offset allowed is ${MAX_OFFSET}`);
  }

  const filtered = (data[object.name] ?? []).filter(predicate);
  const sorted = order.length ? sortRecords(filtered, order, index) : filtered;
  const start = query.offset ?? 0;
  const end = query.limit === undefined ? undefined : start + query.limit;
  const page = sorted.slice(start, end);

  if (isCount) return { sObject: object.name, totalSize: page.length, records: [] };
  const apiVersion = options.apiVersion ?? '62.0';
  return {
    sObject: object.name,
    totalSize: page.length,
    records: page.map((r) => project(r, object, selectPaths, index, apiVersion)),
  };
}

function toArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}

function unsupported(what: string): SalesforceError {
  return new SalesforceError('MALFORMED_QUERY', `The local org emulator does not support ${what}`);
}

const ALLOWED_CLAUSES = new Set(['fields', 'sObject', 'sObjectAlias', 'where', 'orderBy', 'limit', 'offset']);

/** Parses with the library, turning its errors into Salesforce's MALFORMED_QUERY. */
function parse(soql: string): RawQuery {
  const text = substituteHoursLiteral(soql);
  let query: RawQuery;
  try {
    query = parseQuery(text) as unknown as RawQuery;
  } catch (e) {
    throw new SalesforceError(
      'MALFORMED_QUERY',
      `unexpected token: ${unexpectedToken((e as Error).message)}`,
    );
  }
  for (const clause of Object.keys(query)) {
    if (query[clause] !== undefined && !ALLOWED_CLAUSES.has(clause)) throw unsupported(clauseName(clause));
  }
  return query;
}

function clauseName(key: string): string {
  const names: Record<string, string> = {
    groupBy: 'GROUP BY',
    having: 'HAVING',
    usingScope: 'USING SCOPE',
    withDataCategory: 'WITH DATA CATEGORY',
    withSecurityEnforced: 'WITH SECURITY_ENFORCED',
    withAccessLevel: 'WITH USER_MODE/SYSTEM_MODE',
    for: 'FOR VIEW/REFERENCE/UPDATE',
    update: 'UPDATE TRACKING/VIEWSTAT',
  };
  return names[key] ?? key;
}

/** Pulls the offending token out of the parser's (chevrotain's) message. */
function unexpectedToken(message: string): string {
  const patterns = [/but found --> '(.*?)' <--/s, /but found: '(.*?)'/s, /unexpected character: ->(.)<-/s];
  for (const p of patterns) {
    const m = p.exec(message);
    if (m) return m[1] === '' ? '<EOF>' : (m[1] as string);
  }
  return message.split('\n')[0] ?? message;
}

/** Replaces LAST_N_HOURS:n outside string literals (see HOURS_STAND_IN). */
function substituteHoursLiteral(soql: string): string {
  let out = '';
  let segment = '';
  const flush = (): void => {
    if (new RegExp(`\\b${HOURS_STAND_IN}\\b`, 'i').test(segment))
      throw unsupported(`the date literal ${HOURS_STAND_IN}`);
    out += segment.replace(/\bLAST_N_HOURS(\s*:)/gi, `${HOURS_STAND_IN}$1`);
    segment = '';
  };
  for (let i = 0; i < soql.length; i++) {
    const c = soql.charAt(i);
    if (c !== "'") {
      segment += c;
      continue;
    }
    flush();
    let j = i + 1;
    while (j < soql.length && soql.charAt(j) !== "'") j += soql.charAt(j) === '\\' ? 2 : 1;
    out += soql.slice(i, j + 1);
    i = j;
  }
  flush();
  return out;
}

/** Decodes a SOQL string literal; `like` keeps escaped % and _ as literal characters. */
function decodeString(raw: string): { text: string; chars: { c: string; escaped: boolean }[] } {
  const body = raw.startsWith("'") && raw.endsWith("'") && raw.length >= 2 ? raw.slice(1, -1) : raw;
  const chars: { c: string; escaped: boolean }[] = [];
  const escapes: Record<string, string> = {
    n: '\n',
    r: '\r',
    t: '\t',
    b: '\b',
    f: '\f',
    '"': '"',
    "'": "'",
    '\\': '\\',
  };
  for (let i = 0; i < body.length; i++) {
    const c = body.charAt(i);
    if (c !== '\\') {
      chars.push({ c, escaped: false });
      continue;
    }
    const next = body.charAt(i + 1);
    i += 1;
    const mapped = escapes[next.toLowerCase()] ?? (next === '%' || next === '_' ? next : undefined);
    if (mapped === undefined) {
      throw new SalesforceError(
        'MALFORMED_QUERY',
        `Invalid string literal '${body}'. Illegal character sequence '\\${next}' in string literal.`,
      );
    }
    chars.push({ c: mapped, escaped: true });
  }
  return { text: chars.map((x) => x.c).join(''), chars };
}

function likeToRegExp(chars: { c: string; escaped: boolean }[]): RegExp {
  let source = '';
  for (const { c, escaped } of chars) {
    if (!escaped && c === '%') source += '[\\s\\S]*';
    else if (!escaped && c === '_') source += '[\\s\\S]';
    else source += c.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'i');
}

/** Salesforce datetimes come as `...+0000`; Date.parse wants `+00:00`. */
export function parseSfDateTime(value: string): number {
  return Date.parse(value.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
}

function id15(id: string): string {
  return id.slice(0, 15);
}

function buildIndex(data: OrgData, schema: Schema): RecordIndex {
  const index: RecordIndex = new Map();
  for (const object of schema.objects) {
    for (const record of data[object.name] ?? []) {
      const id = record.Id;
      if (typeof id === 'string') index.set(id15(id), { type: object.name, record });
    }
  }
  return index;
}

function follow(record: SObjectRecord, hop: Hop, index: RecordIndex): SObjectRecord | null {
  const id = record[hop.field.name];
  if (typeof id !== 'string') return null;
  const found = index.get(id15(id));
  return found && hop.field.referenceTo?.includes(found.type) ? found.record : null;
}

function readPath(
  record: SObjectRecord,
  path: FieldPath,
  index: RecordIndex,
): string | number | boolean | null {
  let current: SObjectRecord | null = record;
  for (const hop of path.hops) {
    current = follow(current, hop, index);
    if (!current) return null;
  }
  return current[path.field.name] ?? null;
}

const STRING_TYPES = new Set(['string', 'phone', 'picklist', 'textarea']);
const ID_TYPES = new Set(['id', 'reference']);

/** Everything that needs the query text (for error carets), the clock and the record index. */
class QueryContext {
  constructor(
    private readonly soql: string,
    private readonly options: SoqlEvalOptions,
    private readonly index: RecordIndex,
  ) {}

  private offsetOf(text: string, after = 0): number {
    const escaped = text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const re = new RegExp(`(^|[^\\w.])(${escaped})(?![\\w])`, 'gi');
    re.lastIndex = after;
    const m = re.exec(this.soql);
    return m ? m.index + (m[1] as string).length : 0;
  }

  private error(
    code: 'INVALID_FIELD' | 'INVALID_TYPE' | 'INVALID_QUERY_FILTER_OPERATOR',
    at: string,
    text: string,
  ): SalesforceError {
    return new SalesforceError(code, pointAt(this.soql, this.offsetOf(at), text));
  }

  resolveObject(query: RawQuery): ObjectDef {
    const name = query.sObject ?? '';
    const object = findObject(this.options.schema, name);
    if (object) return object;
    const from = /\bFROM\s+/i.exec(this.soql);
    const offset = from ? from.index + from[0].length : 0;
    throw new SalesforceError(
      'INVALID_TYPE',
      pointAt(
        this.soql,
        offset,
        `sObject type '${name}' is not supported. If you are attempting to use a custom object, be sure to append the '__c' after the entity name. Please reference your WSDL or the describe call for the appropriate names.`,
      ),
    );
  }

  resolvePath(object: ObjectDef, rawParts: string[], alias: string | undefined): FieldPath {
    const parts =
      alias && rawParts.length > 1 && rawParts[0]?.toLowerCase() === alias.toLowerCase()
        ? rawParts.slice(1)
        : rawParts;
    const raw = rawParts.join('.');
    const hops: Hop[] = [];
    const names: string[] = [];
    let current = object;
    for (const part of parts.slice(0, -1)) {
      const ref = findRelationship(current, part);
      const target = ref?.referenceTo?.[0] ? findObject(this.options.schema, ref.referenceTo[0]) : undefined;
      if (!ref || !target) {
        throw this.error(
          'INVALID_FIELD',
          raw,
          `Didn't understand relationship '${part}' in field path. If you are attempting to use a custom relationship, be sure to append the '__r' after the custom relationship name. Please reference your WSDL or the describe call for the appropriate names.`,
        );
      }
      hops.push({ field: ref, target });
      names.push(ref.relationshipName as string);
      current = target;
    }
    const last = parts[parts.length - 1] ?? '';
    const field = findField(current, last);
    if (!field) {
      throw this.error(
        'INVALID_FIELD',
        raw,
        `No such column '${last}' on entity '${current.name}'. If you are attempting to use a custom field, be sure to append the '__c' after the custom field name. Please reference your WSDL or the describe call for the appropriate names.`,
      );
    }
    names.push(field.name);
    return { hops, field, name: names.join('.') };
  }

  resolveOrder(object: ObjectDef, raw: RawOrderBy, alias: string | undefined): OrderKey {
    if (!raw.field || raw.fn) throw unsupported('functions in ORDER BY');
    const path = this.resolvePath(object, raw.field.split('.'), alias);
    const desc = raw.order?.toUpperCase() === 'DESC';
    const nullsFirst = raw.nulls ? raw.nulls.toUpperCase() === 'FIRST' : !desc;
    return { path, desc, nullsFirst };
  }

  compileWhere(object: ObjectDef, where: RawWhere, alias: string | undefined): Predicate {
    // Structure first, fields second: Salesforce reports a malformed WHERE before an unknown column.
    const tree = parseWhere(flattenWhere(where));
    const compile = (node: WhereNode): Predicate => {
      if (node.kind === 'cond') return this.compileCondition(object, node.cond, alias);
      if (node.kind === 'not') {
        const inner = compile(node.inner);
        return (r) => !inner(r);
      }
      const parts = node.children.map(compile);
      return node.kind === 'and' ? (r) => parts.every((p) => p(r)) : (r) => parts.some((p) => p(r));
    };
    return compile(tree);
  }

  private compileCondition(object: ObjectDef, cond: RawCondition, alias: string | undefined): Predicate {
    if (cond.fn) throw unsupported('functions in WHERE');
    if (cond.valueQuery !== undefined || cond.literalType === 'SUBQUERY')
      throw unsupported('semi-join subqueries in WHERE');
    if (!cond.field || !cond.operator)
      throw new SalesforceError('MALFORMED_QUERY', 'unexpected token: WHERE');
    const path = this.resolvePath(object, cond.field.split('.'), alias);
    const field = path.field;
    const operator = cond.operator.toUpperCase() === '<>' ? '!=' : cond.operator.toUpperCase();
    const index = this.index;
    const read: Reader = (r) => readPath(r, path, index);

    if (operator === 'INCLUDES' || operator === 'EXCLUDES') {
      throw this.error(
        'INVALID_QUERY_FILTER_OPERATOR',
        cond.field,
        'includes or excludes operator only valid on multipicklist field',
      );
    }
    const rawValues = toArray(cond.value);
    const types = toArray(cond.literalType);
    const literals = rawValues.map((v, i) =>
      this.literal(field, cond.field as string, v, types[i] ?? types[0] ?? 'STRING', operator),
    );

    if (operator === 'IN' || operator === 'NOT IN')
      return inListPredicate(field, literals, read, operator === 'IN');
    const literal = literals[0];
    if (!literal || literals.length !== 1)
      throw new SalesforceError('MALFORMED_QUERY', `unexpected token: (`);
    if (operator === 'LIKE') return this.likePredicate(field, cond.field, literal, read);
    if (literal.kind === 'null') return nullPredicate(operator, read);
    if (operator === '=' || operator === '!=')
      return equalityPredicate(field, literal, read, operator === '=');
    if (!['<', '<=', '>', '>='].includes(operator))
      throw new SalesforceError('MALFORMED_QUERY', `unexpected token: ${cond.operator}`);
    if (field.type === 'boolean') {
      throw this.error(
        'INVALID_QUERY_FILTER_OPERATOR',
        cond.field,
        `invalid operator on boolean field: ${field.name}`,
      );
    }
    const cmp = compareToLiteral(field, literal, operator);
    return (r) => {
      const v = read(r);
      return v !== null && cmp(v);
    };
  }

  private likePredicate(field: FieldDef, rawField: string, literal: Literal, read: Reader): Predicate {
    if (!STRING_TYPES.has(field.type) && !ID_TYPES.has(field.type)) {
      throw this.error(
        'INVALID_QUERY_FILTER_OPERATOR',
        rawField,
        `invalid operator on ${field.type} field: ${field.name}`,
      );
    }
    if (literal.kind !== 'string') throw this.typeError(field, rawField);
    const re = likeToRegExp(decodeString(literal.raw).chars);
    return (r) => {
      const v = read(r);
      return typeof v === 'string' && re.test(v);
    };
  }

  private typeError(field: FieldDef, raw: string): SalesforceError {
    const wanted: Record<string, [string, boolean]> = {
      id: ['id', true],
      reference: ['id', true],
      string: ['string', true],
      phone: ['string', true],
      picklist: ['string', true],
      textarea: ['string', true],
      int: ['integer', false],
      boolean: ['boolean', false],
      datetime: ['dateTime', false],
    };
    const [type, quoted] = wanted[field.type] ?? ['string', true];
    return this.error(
      'INVALID_FIELD',
      raw,
      `value of filter criterion for field '${field.name}' must be of type ${type} and ${quoted ? 'should be enclosed in quotes' : 'should not be enclosed in quotes'}`,
    );
  }

  /** Checks a literal against the field's type and decodes it. */
  private literal(
    field: FieldDef,
    rawField: string,
    value: string,
    literalType: string,
    operator: string,
  ): Literal {
    if (literalType === 'NULL') return { kind: 'null' };
    const isString = STRING_TYPES.has(field.type);
    const isId = ID_TYPES.has(field.type);
    switch (field.type) {
      case 'datetime':
        if (literalType === 'DATETIME') {
          const at = Date.parse(value);
          if (Number.isNaN(at)) throw this.typeError(field, rawField);
          return { kind: 'instant', value: at };
        }
        if (literalType === 'DATE_LITERAL' || literalType === 'DATE_N_LITERAL') return this.dateRange(value);
        throw this.typeError(field, rawField);
      case 'int':
        if (literalType === 'INTEGER' || literalType === 'DECIMAL')
          return { kind: 'number', value: Number(value) };
        throw this.typeError(field, rawField);
      case 'boolean':
        if (literalType === 'BOOLEAN') return { kind: 'boolean', value: value.toUpperCase() === 'TRUE' };
        throw this.typeError(field, rawField);
      default:
        break;
    }
    if (!isString && !isId) throw this.typeError(field, rawField);
    if (literalType !== 'STRING') throw this.typeError(field, rawField);
    const text = operator === 'LIKE' ? value : decodeString(value).text;
    if (isId && operator !== 'LIKE' && !/^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/.test(text)) {
      throw this.error('INVALID_QUERY_FILTER_OPERATOR', rawField, `invalid ID field: ${text}`);
    }
    return { kind: 'string', value: text, raw: value };
  }

  /** A date literal as the half-open range of instants it covers (UTC days). */
  private dateRange(literal: string): Literal {
    const now = this.options.now.getTime();
    const today = Math.floor(now / DAY_MS) * DAY_MS;
    const [name = '', nText] = literal.toUpperCase().split(':');
    const n = nText === undefined ? NaN : Number(nText);
    const days = (from: number, count: number): Literal => ({
      kind: 'range',
      start: from,
      end: from + count * DAY_MS,
    });
    switch (name) {
      case 'TODAY':
        return days(today, 1);
      case 'YESTERDAY':
        return days(today - DAY_MS, 1);
      case 'TOMORROW':
        return days(today + DAY_MS, 1);
      case 'LAST_90_DAYS':
        return days(today - 90 * DAY_MS, 91);
      case 'NEXT_90_DAYS':
        return days(today + DAY_MS, 90);
      case 'LAST_N_DAYS':
        // Includes today: LAST_N_DAYS:1 is yesterday and today.
        return days(today - n * DAY_MS, n + 1);
      case 'NEXT_N_DAYS':
        return days(today + DAY_MS, n);
      case 'N_DAYS_AGO':
        return days(today - n * DAY_MS, 1);
      case HOURS_STAND_IN:
        return { kind: 'range', start: now - n * HOUR_MS, end: now + 1 };
      default:
        throw unsupported(`the date literal ${literal}`);
    }
  }
}

/** Reads one field path of a record. */
type Reader = (record: SObjectRecord) => string | number | boolean | null;

/** `IN (...)` / `NOT IN (...)`: a null value matches only a list holding null. */
function inListPredicate(field: FieldDef, literals: Literal[], read: Reader, positive: boolean): Predicate {
  if (literals.some((l) => l.kind === 'range')) throw unsupported('date literals in IN lists');
  const hasNull = literals.some((l) => l.kind === 'null');
  const matchers = literals.filter((l) => l.kind !== 'null').map((l) => equalsFn(field, l));
  const inList = (r: SObjectRecord): boolean => {
    const v = read(r);
    return v === null ? hasNull : matchers.some((m) => m(v));
  };
  return positive ? inList : (r) => !inList(r);
}

/** Comparisons with null: `= null`, `!= null`; Salesforce accepts `< null` and friends and matches nothing. */
function nullPredicate(operator: string, read: Reader): Predicate {
  if (operator === '=') return (r) => read(r) === null;
  if (operator === '!=') return (r) => read(r) !== null;
  return () => false;
}

/** `=` and `!=`; SOQL's != matches null values too, unlike SQL's. */
function equalityPredicate(field: FieldDef, literal: Literal, read: Reader, positive: boolean): Predicate {
  const eq = equalsFn(field, literal);
  return (r) => {
    const v = read(r);
    return positive ? v !== null && eq(v) : v === null || !eq(v);
  };
}

/** Builds `value == literal` for one field type (ids by their 15-character form, text case-insensitively). */
function equalsFn(field: FieldDef, literal: Literal): (v: string | number | boolean) => boolean {
  switch (literal.kind) {
    case 'string': {
      if (ID_TYPES.has(field.type)) {
        const want = id15(literal.value);
        return (v) => typeof v === 'string' && id15(v) === want;
      }
      const want = literal.value.toLowerCase();
      return (v) => typeof v === 'string' && v.toLowerCase() === want;
    }
    case 'number':
    case 'boolean':
      return (v) => v === literal.value;
    case 'instant':
      return (v) => typeof v === 'string' && parseSfDateTime(v) === literal.value;
    case 'range':
      return (v) => {
        const at = typeof v === 'string' ? parseSfDateTime(v) : NaN;
        return at >= literal.start && at < literal.end;
      };
    default:
      return () => false;
  }
}

/** Builds `value <op> literal`; a date literal range compares by its edges as Salesforce does. */
function compareToLiteral(
  field: FieldDef,
  literal: Literal,
  operator: string,
): (v: string | number | boolean) => boolean {
  const test = (c: number): boolean =>
    operator === '<' ? c < 0 : operator === '<=' ? c <= 0 : operator === '>' ? c > 0 : c >= 0;
  if (literal.kind === 'range') {
    return (v) => {
      const at = typeof v === 'string' ? parseSfDateTime(v) : NaN;
      if (Number.isNaN(at)) return false;
      if (operator === '<') return at < literal.start;
      if (operator === '<=') return at < literal.end;
      if (operator === '>') return at >= literal.end;
      return at >= literal.start;
    };
  }
  if (literal.kind === 'instant') {
    return (v) => typeof v === 'string' && test(parseSfDateTime(v) - literal.value);
  }
  if (literal.kind === 'number') return (v) => typeof v === 'number' && test(v - literal.value);
  if (literal.kind === 'string') {
    const want = ID_TYPES.has(field.type) ? id15(literal.value) : literal.value.toLowerCase();
    return (v) => {
      if (typeof v !== 'string') return false;
      const have = ID_TYPES.has(field.type) ? id15(v) : v.toLowerCase();
      return test(have < want ? -1 : have > want ? 1 : 0);
    };
  }
  return () => false;
}

/**
 * The parser keeps WHERE as a right-leaning chain with paren counts on each condition; this turns it
 * back into a token stream so precedence and grouping can be parsed properly.
 */
function flattenWhere(where: RawWhere): Token[] {
  const tokens: Token[] = [];
  let node: RawWhere | undefined = where;
  while (node) {
    if (node.operator?.toUpperCase() === 'NOT') {
      for (let i = 0; i < (node.left?.openParen ?? 0); i++) tokens.push('(');
      tokens.push('NOT');
      node = node.right;
      continue;
    }
    const cond = node.left;
    if (!cond) throw new SalesforceError('MALFORMED_QUERY', 'unexpected token: WHERE');
    for (let i = 0; i < (cond.openParen ?? 0); i++) tokens.push('(');
    tokens.push(cond);
    for (let i = 0; i < (cond.closeParen ?? 0); i++) tokens.push(')');
    if (node.right) {
      const op = node.operator?.toUpperCase();
      if (op !== 'AND' && op !== 'OR') {
        throw new SalesforceError(
          'MALFORMED_QUERY',
          `unexpected token: ${node.right.left?.field ?? node.operator ?? '?'}`,
        );
      }
      tokens.push(op);
    }
    node = node.right;
  }
  return tokens;
}

type WhereNode =
  | { kind: 'cond'; cond: RawCondition }
  | { kind: 'not'; inner: WhereNode }
  | { kind: 'and' | 'or'; children: WhereNode[] };

/** Recursive descent over the flattened WHERE tokens. */
function parseWhere(tokens: Token[]): WhereNode {
  let pos = 0;
  const peek = (): Token | undefined => tokens[pos];
  const unexpected = (t: Token | undefined): SalesforceError =>
    new SalesforceError(
      'MALFORMED_QUERY',
      `unexpected token: ${t === undefined ? '<EOF>' : typeof t === 'string' ? t : (t.field ?? '?')}`,
    );
  const parseUnary = (): WhereNode => {
    const t = peek();
    if (t === 'NOT') {
      pos += 1;
      return { kind: 'not', inner: parseUnary() };
    }
    if (t === '(') {
      pos += 1;
      const inner = parseExpr();
      if (peek() !== ')') throw unexpected(peek());
      pos += 1;
      return inner;
    }
    if (t !== undefined && typeof t === 'object') {
      pos += 1;
      return { kind: 'cond', cond: t };
    }
    throw unexpected(t);
  };
  const parseExpr = (): WhereNode => {
    const children = [parseUnary()];
    let op: 'AND' | 'OR' | undefined;
    for (let t = peek(); t === 'AND' || t === 'OR'; t = peek()) {
      // SOQL refuses to guess precedence: mixing AND and OR needs parentheses.
      if (op && op !== t) throw unexpected(t);
      op = t;
      pos += 1;
      children.push(parseUnary());
    }
    if (!op) return children[0] as WhereNode;
    return { kind: op === 'AND' ? 'and' : 'or', children };
  };
  const tree = parseExpr();
  if (pos !== tokens.length) throw unexpected(peek());
  return tree;
}

interface OrderKey {
  path: FieldPath;
  desc: boolean;
  nullsFirst: boolean;
}

function compareValues(
  type: FieldDef['type'],
  a: string | number | boolean,
  b: string | number | boolean,
): number {
  if (type === 'datetime') return parseSfDateTime(String(a)) - parseSfDateTime(String(b));
  if (typeof a === 'number' && typeof b === 'number') return a - b;
  if (typeof a === 'boolean' && typeof b === 'boolean') return Number(a) - Number(b);
  const x = String(a).toLowerCase();
  const y = String(b).toLowerCase();
  return x < y ? -1 : x > y ? 1 : 0;
}

function sortRecords(records: SObjectRecord[], keys: OrderKey[], index: RecordIndex): SObjectRecord[] {
  const rows = records.map((record, position) => ({
    record,
    position,
    values: keys.map((k) => readPath(record, k.path, index)),
  }));
  rows.sort((a, b) => {
    for (let i = 0; i < keys.length; i++) {
      const key = keys[i] as OrderKey;
      const x = a.values[i] ?? null;
      const y = b.values[i] ?? null;
      if (x === null && y === null) continue;
      if (x === null) return key.nullsFirst ? -1 : 1;
      if (y === null) return key.nullsFirst ? 1 : -1;
      const c = compareValues(key.path.field.type, x, y);
      if (c !== 0) return key.desc ? -c : c;
    }
    return a.position - b.position;
  });
  return rows.map((r) => r.record);
}

function attributesFor(type: string, id: unknown, apiVersion: string, reportedType = type): RecordAttributes {
  return { type: reportedType, url: `/services/data/v${apiVersion}/sobjects/${type}/${String(id)}` };
}

/** Shapes one record like the REST API: selected fields in order, relationships as nested objects. */
function project(
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
      const key = hop.field.relationshipName as string;
      if (!(key in target)) {
        const related: SObjectRecord | null = follow(current, hop, index);
        const type = related
          ? (index.get(id15(String(related.Id)))?.type ?? hop.target.name)
          : hop.target.name;
        // Polymorphic lookups (Owner, ReferenceRecord) report the `Name` pseudo-type, as Salesforce does.
        const reported = (hop.field.referenceTo?.length ?? 0) > 1 ? 'Name' : type;
        target[key] = related ? { attributes: attributesFor(type, related.Id, apiVersion, reported) } : null;
      }
      const next = target[key];
      if (next === null || typeof next !== 'object') {
        current = null;
        break;
      }
      target = next as Record<string, unknown>;
      current = follow(current, hop, index);
      if (!current) break;
    }
    if (current) target[path.field.name] = current[path.field.name] ?? null;
  }
  return out;
}
