/**
 * One structured JSON logger for the Lambdas (Powertools). Callers pass masked numbers only; keys
 * and tokens never reach a log line.
 */
import { Logger } from '@aws-lambda-powertools/logger';
import { maskPhone } from './phone';

export const logger = new Logger({ serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'scv-last-agent' });

/** The failing query and caret line Salesforce puts before "ERROR at Row:r:Column:c". */
const SOQL_ECHO = /\s*\n\s*SELECT\b[\s\S]*?\n[ \t]*\^[ \t]*\n/;
/** A maximal run of digits and the separators people write in phone numbers. */
const DIGIT_RUN = /[+\d][\d ().-]*\d/g;
/** Percent-encoding, as in a query URL quoted by a network error (`request to …?q=… failed`). */
const PERCENT_ESCAPE = /%([0-9A-Fa-f]{2})/g;
/** Error text kept per log line. */
const MAX_ERROR_CHARS = 600;

/**
 * Makes error text safe to log: Salesforce echoes the failing SOQL (with the caller's number in
 * every stored form) in INVALID_FIELD, INVALID_TYPE and MALFORMED_QUERY messages, and network
 * errors quote the URL-encoded query. Escapes are decoded, the echo is dropped, any phone-like
 * digit run left is masked to its last 4 digits, and the text is capped.
 */
export function redact(text: string): string {
  const withoutQuery = text
    .replace(PERCENT_ESCAPE, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)))
    .replace(SOQL_ECHO, ' ');
  const masked = withoutQuery.replace(DIGIT_RUN, (run: string, offset: number, whole: string) => {
    // Runs that touch letters belong to record ids, UUIDs or timestamps: keep them for diagnosis.
    const before = whole.charAt(offset - 1);
    const after = whole.charAt(offset + run.length);
    if (/[A-Za-z0-9]/.test(before) || /[A-Za-z]/.test(after)) return run;
    return run.replace(/\D/g, '').length >= 5 ? maskPhone(run) : run;
  });
  return masked.length > MAX_ERROR_CHARS ? `${masked.slice(0, MAX_ERROR_CHARS)}…` : masked;
}
