/**
 * SOQL literals, checked against the field's type the way Salesforce checks them (INVALID_FIELD for a
 * wrong-typed value, INVALID_QUERY_FILTER_OPERATOR for a malformed id) and decoded: string escapes,
 * datetimes, and `LAST_N_DAYS:n`, the one date literal the product uses.
 */
import { SalesforceError } from '../errors';
import type { FieldDef } from '../schema';
import { unsupported, type SoqlSource } from './source';

const DAY_MS = 86_400_000;
const RECORD_ID = /^[a-zA-Z0-9]{15}([a-zA-Z0-9]{3})?$/;

/** A decoded literal: a plain value, or the range of instants a date literal covers. */
export type Literal =
  | { kind: 'null' }
  | { kind: 'text'; value: string }
  | { kind: 'number'; value: number }
  | { kind: 'boolean'; value: boolean }
  | { kind: 'instant'; value: number }
  | { kind: 'range'; start: number; end: number };

/** Field types compared as text, case-insensitively. */
const TEXT_TYPES = new Set(['string', 'phone', 'picklist', 'textarea']);
/** Field types holding record ids, compared by their 15-character form. */
export const ID_TYPES = new Set(['id', 'reference']);

/** Salesforce datetimes come as `...+0000`; Date.parse wants `+00:00`. */
export function parseSfDateTime(value: string): number {
  return Date.parse(value.replace(/([+-]\d\d)(\d\d)$/, '$1:$2'));
}

const ESCAPES: Record<string, string> = {
  n: '\n',
  r: '\r',
  t: '\t',
  b: '\b',
  f: '\f',
  '"': '"',
  "'": "'",
  '\\': '\\',
};

/** Decodes a quoted SOQL string literal; an unknown escape is Salesforce's MALFORMED_QUERY. */
function decodeString(raw: string): string {
  const body = raw.length >= 2 && raw.startsWith("'") && raw.endsWith("'") ? raw.slice(1, -1) : raw;
  let text = '';
  for (let i = 0; i < body.length; i++) {
    const c = body.charAt(i);
    if (c !== '\\') {
      text += c;
      continue;
    }
    i += 1;
    const next = body.charAt(i);
    const mapped = ESCAPES[next.toLowerCase()];
    if (mapped === undefined) {
      throw new SalesforceError(
        'MALFORMED_QUERY',
        `Invalid string literal '${body}'. Illegal character sequence '\\${next}' in string literal.`,
      );
    }
    text += mapped;
  }
  return text;
}

/** Where a literal is checked: the field it is compared with, as written in the query. */
export interface LiteralSite {
  source: SoqlSource;
  field: FieldDef;
  rawField: string;
  /** The clock `LAST_N_DAYS:n` is relative to. */
  now: Date;
}

/** Salesforce's error for a literal of the wrong type. */
function typeError(site: LiteralSite): SalesforceError {
  const wanted: Record<string, [string, boolean]> = {
    id: ['id', true],
    reference: ['id', true],
    int: ['integer', false],
    boolean: ['boolean', false],
    datetime: ['dateTime', false],
  };
  const [type, quoted] = wanted[site.field.type] ?? ['string', true];
  return site.source.error(
    'INVALID_FIELD',
    site.rawField,
    `value of filter criterion for field '${site.field.name}' must be of type ${type} and ${quoted ? 'should be enclosed in quotes' : 'should not be enclosed in quotes'}`,
  );
}

/** `LAST_N_DAYS:n` as the instants it covers: today (UTC) and the n days before. */
function lastNDays(literal: string, now: Date): Literal {
  const m = /^LAST_N_DAYS:(\d+)$/i.exec(literal);
  if (!m) throw unsupported(`the date literal ${literal}`);
  const today = Math.floor(now.getTime() / DAY_MS) * DAY_MS;
  const n = Number(m[1]);
  return { kind: 'range', start: today - n * DAY_MS, end: today + DAY_MS };
}

/**
 * Checks a literal as the parser typed it against the field's type, and decodes it.
 * @param value the literal as written (strings with their quotes)
 * @param literalType the parser's type: STRING, INTEGER, DECIMAL, BOOLEAN, DATETIME, DATE_N_LITERAL...
 */
export function checkLiteral(site: LiteralSite, value: string, literalType: string): Literal {
  if (literalType === 'NULL') return { kind: 'null' };
  const type = site.field.type;
  if (type === 'datetime' && literalType === 'DATETIME') {
    const at = Date.parse(value);
    if (!Number.isNaN(at)) return { kind: 'instant', value: at };
  }
  if (type === 'datetime' && (literalType === 'DATE_LITERAL' || literalType === 'DATE_N_LITERAL'))
    return lastNDays(value, site.now);
  if (type === 'int' && (literalType === 'INTEGER' || literalType === 'DECIMAL'))
    return { kind: 'number', value: Number(value) };
  if (type === 'boolean' && literalType === 'BOOLEAN')
    return { kind: 'boolean', value: value.toUpperCase() === 'TRUE' };
  if (literalType !== 'STRING' || (!TEXT_TYPES.has(type) && !ID_TYPES.has(type))) throw typeError(site);
  const text = decodeString(value);
  if (ID_TYPES.has(type) && !RECORD_ID.test(text)) {
    throw site.source.error('INVALID_QUERY_FILTER_OPERATOR', site.rawField, `invalid ID field: ${text}`);
  }
  return { kind: 'text', value: text };
}
