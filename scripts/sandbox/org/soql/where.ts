/**
 * WHERE: the parser's condition chain rebuilt into AND/OR groups (SOQL refuses to guess precedence,
 * so mixing them needs parentheses), and each condition compiled into a predicate over records.
 * Operators: `=`, `!=`, `IN`, and `<`, `<=`, `>`, `>=` on datetime fields; others are refused.
 */
import type { SObjectRecord } from '../../sample-data';
import type { FieldDef, ObjectDef, Schema } from '../schema';
import { checkLiteral, ID_TYPES, parseSfDateTime, type Literal } from './literals';
import { id15, readPath, resolvePath, type FieldValue, type RecordIndex } from './paths';
import { toArray, unexpected, unsupported, type SoqlSource } from './source';

/** One condition as the parser gives it. */
export interface RawCondition {
  field?: string;
  fn?: unknown;
  operator?: string;
  value?: string | string[];
  literalType?: string | string[];
  valueQuery?: unknown;
  openParen?: number;
  closeParen?: number;
}

/** The parser's WHERE: a right-leaning chain with paren counts on each condition. */
export interface RawWhere {
  left?: RawCondition | null;
  operator?: string;
  right?: RawWhere;
}

/** Whether a record matches; the index follows relationship paths. */
export type Predicate = (record: SObjectRecord, index: RecordIndex) => boolean;

/** What conditions are checked against. */
export interface WhereScope {
  source: SoqlSource;
  schema: Schema;
  object: ObjectDef;
  now: Date;
}

type Token = '(' | ')' | 'AND' | 'OR' | RawCondition;

/** The chain back into a token stream, so grouping can be parsed properly. */
function tokens(where: RawWhere): Token[] {
  const out: Token[] = [];
  for (let node: RawWhere | undefined = where; node; node = node.right) {
    if (node.operator?.toUpperCase() === 'NOT') throw unsupported('NOT');
    const cond = node.left;
    if (!cond) throw unexpected('WHERE');
    for (let i = 0; i < (cond.openParen ?? 0); i++) out.push('(');
    out.push(cond);
    for (let i = 0; i < (cond.closeParen ?? 0); i++) out.push(')');
    if (!node.right) break;
    const op = node.operator?.toUpperCase();
    if (op !== 'AND' && op !== 'OR') throw unexpected(node.right.left?.field ?? node.operator ?? '?');
    out.push(op);
  }
  return out;
}

/** Recursive descent over the tokens, compiling conditions as it meets them. */
function group(list: Token[], compile: (cond: RawCondition) => Predicate): Predicate {
  let pos = 0;
  const fail = (t: Token | undefined): Error =>
    unexpected(t === undefined ? '<EOF>' : typeof t === 'string' ? t : (t.field ?? '?'));
  const operand = (): Predicate => {
    const t = list[pos++];
    if (t !== undefined && typeof t === 'object') return compile(t);
    if (t !== '(') throw fail(t);
    const inner = expression();
    if (list[pos++] !== ')') throw fail(list[pos - 1]);
    return inner;
  };
  const expression = (): Predicate => {
    const parts = [operand()];
    const op = list[pos];
    while (list[pos] === 'AND' || list[pos] === 'OR') {
      if (list[pos] !== op) throw fail(list[pos]);
      pos += 1;
      parts.push(operand());
    }
    if (parts.length === 1) return parts[0] as Predicate;
    return op === 'AND' ? (r, i) => parts.every((p) => p(r, i)) : (r, i) => parts.some((p) => p(r, i));
  };
  const tree = expression();
  if (pos !== list.length) throw fail(list[pos]);
  return tree;
}

/**
 * Compiles a WHERE clause. Structure is checked before fields, as Salesforce reports a malformed
 * WHERE before an unknown column.
 */
export function compileWhere(scope: WhereScope, where: RawWhere): Predicate {
  const list = tokens(where);
  // A first pass with no field checks, so a grouping error wins over an unknown column.
  group(list, () => () => true);
  return group(list, (cond) => compileCondition(scope, cond));
}

/** `value = literal` for one field type: ids by their 15-character form, text case-insensitively. */
function equalsFn(field: FieldDef, literal: Literal): (v: FieldValue) => boolean {
  switch (literal.kind) {
    case 'null':
      return (v) => v === null;
    case 'text': {
      const isId = ID_TYPES.has(field.type);
      const want = isId ? id15(literal.value) : literal.value.toLowerCase();
      return (v) => typeof v === 'string' && (isId ? id15(v) : v.toLowerCase()) === want;
    }
    case 'instant':
      return (v) => typeof v === 'string' && parseSfDateTime(v) === literal.value;
    case 'range':
      return (v) => {
        const at = typeof v === 'string' ? parseSfDateTime(v) : NaN;
        return at >= literal.start && at < literal.end;
      };
    default:
      return (v) => v === literal.value;
  }
}

/** `<`, `<=`, `>`, `>=` against a datetime literal. */
function orderingFn(field: FieldDef, literal: Literal, operator: string): (v: FieldValue) => boolean {
  if (field.type !== 'datetime' || literal.kind !== 'instant')
    throw unsupported(`${operator} other than on a datetime field against a datetime value`);
  const test: Record<string, (c: number) => boolean> = {
    '<': (c) => c < 0,
    '<=': (c) => c <= 0,
    '>': (c) => c > 0,
    '>=': (c) => c >= 0,
  };
  const cmp = test[operator] as (c: number) => boolean;
  return (v) => typeof v === 'string' && cmp(parseSfDateTime(v) - literal.value);
}

/** One literal where the operator takes one. */
function single(literals: Literal[]): Literal {
  if (literals.length !== 1) throw unexpected('(');
  return literals[0] as Literal;
}

/** `IN (...)`: a null value never matches (null in the list is not modelled). */
function inListFn(field: FieldDef, literals: Literal[]): (v: FieldValue) => boolean {
  if (literals.some((l) => l.kind === 'null' || l.kind === 'range'))
    throw unsupported('null or date literals in IN lists');
  const matchers = literals.map((l) => equalsFn(field, l));
  return (v) => v !== null && matchers.some((m) => m(v));
}

function compileCondition(scope: WhereScope, cond: RawCondition): Predicate {
  if (cond.fn) throw unsupported('functions in WHERE');
  if (cond.valueQuery !== undefined || cond.literalType === 'SUBQUERY')
    throw unsupported('semi-join subqueries in WHERE');
  if (!cond.field || !cond.operator) throw unexpected('WHERE');
  const path = resolvePath(scope.source, scope.schema, scope.object, cond.field);
  const site = { source: scope.source, field: path.field, rawField: cond.field, now: scope.now };
  const types = toArray(cond.literalType);
  const literals = toArray(cond.value).map((v, i) => checkLiteral(site, v, types[i] ?? types[0] ?? 'STRING'));
  const operator = cond.operator.toUpperCase();
  let test: (v: FieldValue) => boolean;
  if (operator === 'IN') test = inListFn(path.field, literals);
  else if (operator === '=') test = equalsFn(path.field, single(literals));
  else if (operator === '!=') {
    // SOQL's != matches null values too, unlike SQL's.
    const eq = equalsFn(path.field, single(literals));
    test = (v) => !eq(v);
  } else if (['<', '<=', '>', '>='].includes(operator))
    test = orderingFn(path.field, single(literals), operator);
  else throw unsupported(`the ${cond.operator} operator`);
  return (record, index) => test(readPath(record, path, index));
}
