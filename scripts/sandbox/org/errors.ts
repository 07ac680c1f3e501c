/**
 * Salesforce's error shapes. REST errors are a JSON array of `{message, errorCode}`; OAuth errors are
 * `{error, error_description}`. Clients (jsforce, and the Lambda's error handling) key off these exact
 * shapes, so the emulator builds every error through here.
 */

/** Error codes the emulator produces. */
export type SalesforceErrorCode =
  | 'MALFORMED_QUERY'
  | 'INVALID_FIELD'
  | 'INVALID_TYPE'
  | 'INVALID_QUERY_FILTER_OPERATOR'
  | 'INVALID_QUERY_LOCATOR'
  | 'NUMBER_OUTSIDE_VALID_RANGE'
  | 'INVALID_SESSION_ID'
  | 'REQUEST_LIMIT_EXCEEDED'
  | 'NOT_FOUND'
  | 'METHOD_NOT_ALLOWED'
  | 'INVALID_FIELD_FOR_INSERT_UPDATE'
  | 'INVALID_OR_NULL_FOR_RESTRICTED_PICKLIST'
  | 'REQUIRED_FIELD_MISSING'
  | 'JSON_PARSER_ERROR'
  | 'MALFORMED_ID'
  | 'STRING_TOO_LONG';

/** One entry of a REST error body. */
export interface RestErrorBody {
  message: string;
  errorCode: SalesforceErrorCode;
  fields?: string[];
}

/** A Salesforce REST error: an HTTP status plus the `[{message, errorCode}]` body. */
export class SalesforceError extends Error {
  constructor(
    readonly errorCode: SalesforceErrorCode,
    message: string,
    readonly status = 400,
    readonly fields?: string[],
  ) {
    super(message);
    this.name = errorCode;
  }

  /** The REST body Salesforce sends for this error. */
  toBody(): RestErrorBody[] {
    return [
      { message: this.message, errorCode: this.errorCode, ...(this.fields ? { fields: this.fields } : {}) },
    ];
  }
}

/**
 * Prefixes a SOQL error the way Salesforce does for errors it can point at: the query line, a caret
 * under the offending token and its row/column.
 */
export function pointAt(soql: string, offset: number, text: string): string {
  const safe = Math.max(0, Math.min(offset, soql.length));
  const before = soql.slice(0, safe);
  const row = before.split('\n').length;
  const lineStart = before.lastIndexOf('\n') + 1;
  const lineEnd = soql.indexOf('\n', lineStart);
  const line = soql.slice(lineStart, lineEnd === -1 ? undefined : lineEnd);
  const column = safe - lineStart + 1;
  return `\n${line}\n${' '.repeat(column - 1)}^\nERROR at Row:${row}:Column:${column}\n${text}`;
}

/** OAuth token endpoint error body. */
export interface OAuthErrorBody {
  error: string;
  error_description: string;
}
