/**
 * The query text every check points into: Salesforce prefixes the errors it can locate with the query
 * line and a caret under the offending token. Also the emulator's refusal of what it does not model.
 */
import { SalesforceError, pointAt, type SalesforceErrorCode } from '../errors';

/** The SOQL text of one query, for errors with a caret. */
export class SoqlSource {
  public constructor(public readonly text: string) {}

  /** An error whose caret sits under the first standalone occurrence of `at`. */
  public error(code: SalesforceErrorCode, at: string, message: string): SalesforceError {
    return new SalesforceError(code, pointAt(this.text, this.offsetOf(at), message));
  }

  /** An error whose caret sits at `offset`. */
  public errorAt(code: SalesforceErrorCode, offset: number, message: string): SalesforceError {
    return new SalesforceError(code, pointAt(this.text, offset, message));
  }

  private offsetOf(token: string): number {
    const escaped = token.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    const m = new RegExp(`(^|[^\\w.])(${escaped})(?![\\w])`, 'i').exec(this.text);
    return m ? m.index + (m[1] as string).length : 0;
  }
}

/**
 * What the emulator leaves out on purpose (no product query uses it): refused with a clear
 * MALFORMED_QUERY rather than answered wrongly.
 */
export function unsupported(what: string): SalesforceError {
  return new SalesforceError('MALFORMED_QUERY', `The local org emulator does not support ${what}`);
}

/** Salesforce's parse error for a token it did not expect. */
export function unexpected(token: string): SalesforceError {
  return new SalesforceError('MALFORMED_QUERY', `unexpected token: ${token}`);
}

/** The parser gives one item or a list for several clauses. */
export function toArray<T>(value: T | T[] | undefined): T[] {
  if (value === undefined) return [];
  return Array.isArray(value) ? value : [value];
}
