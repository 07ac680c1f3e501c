/**
 * One structured JSON logger for the Lambdas (Powertools). Callers pass masked numbers and
 * validated event fields only; keys and tokens never reach a log line. Whatever is passed, a line
 * never exceeds `MAX_LOG_LINE_BYTES`: the formatter caps long fields and, failing that, keeps only
 * the line's level, message and a note that it was cut.
 */
import { LogFormatter, LogItem, Logger } from '@aws-lambda-powertools/logger';
import type { LogAttributes, UnformattedAttributes } from '@aws-lambda-powertools/logger/types';
import type { Context } from 'aws-lambda';
import { maskPhone } from './phone';

/** CloudWatch takes far more, but a lookup's line is a few hundred bytes: more means a bug or an attack. */
export const MAX_LOG_LINE_BYTES = 8 * 1024;
/** What a single string field keeps when a line is too long. */
const MAX_FIELD_CHARS = 512;

const byteLength = (value: unknown): number => {
  try {
    return Buffer.byteLength(JSON.stringify(value) ?? '');
  } catch {
    return Number.POSITIVE_INFINITY;
  }
};

/** Caps a value without recursing: strings are cut, arrays and objects summarised below one level. */
function capValue(value: unknown): unknown {
  if (typeof value === 'string')
    return value.length > MAX_FIELD_CHARS ? `${value.slice(0, MAX_FIELD_CHARS)}…` : value;
  if (Array.isArray(value))
    return value.slice(0, 8).map((v) => (typeof v === 'string' ? capValue(v) : '[…]'));
  if (value !== null && typeof value === 'object') return '[object]';
  return value;
}

/** Powertools' standard JSON layout (the same keys), with a hard bound on the line's size. */
export class CappedLogFormatter extends LogFormatter {
  public formatAttributes(
    attributes: UnformattedAttributes,
    additionalLogAttributes: LogAttributes,
  ): LogItem {
    const context = attributes.lambdaContext;
    const item = new LogItem({
      attributes: {
        level: attributes.logLevel,
        message: attributes.message,
        timestamp: this.formatTimestamp(attributes.timestamp),
        service: attributes.serviceName,
        cold_start: context?.coldStart,
        function_arn: context?.invokedFunctionArn,
        function_memory_size: context?.memoryLimitInMB,
        function_name: context?.functionName,
        function_request_id: context?.awsRequestId,
        sampling_rate: attributes.sampleRateValue,
        xray_trace_id: attributes.xRayTraceId,
      },
    }).addAttributes(additionalLogAttributes);
    const all = item.getAttributes();
    if (byteLength(all) <= MAX_LOG_LINE_BYTES) return item;
    const capped: LogAttributes = {};
    for (const [key, value] of Object.entries(all)) capped[key] = capValue(value) as LogAttributes[string];
    capped.logLineCapped = true;
    if (byteLength(capped) <= MAX_LOG_LINE_BYTES) return new LogItem({ attributes: capped });
    return new LogItem({
      attributes: {
        level: all.level,
        message: capValue(attributes.message) as string,
        timestamp: all.timestamp,
        service: attributes.serviceName,
        logLineCapped: true,
      },
    });
  }
}

export const logger = new Logger({
  serviceName: process.env.POWERTOOLS_SERVICE_NAME ?? 'scv-last-agent',
  logFormatter: new CappedLogFormatter(),
});

/**
 * Puts the invocation's request id, function ARN and cold-start flag on every line that follows
 * (Powertools `addContext`). Tests and scripts may pass a partial context, or none.
 */
export function addLogContext(context: unknown): void {
  if (typeof context === 'object' && context !== null) logger.addContext(context as Context);
}

/** Error text read by `redact`; the rest is ignored, so the work per call is bounded. */
export const MAX_REDACT_INPUT_CHARS = 16 * 1024;
/** Error text kept per log line. */
const MAX_ERROR_CHARS = 600;
/** A maximal run of digits and the separators people write in phone numbers. */
const DIGIT_RUN = /[+\d][\d ().-]*\d/g;
/** Percent-encoding, as in a query URL quoted by a network error (`request to …?q=… failed`). */
const PERCENT_ESCAPE = /%([0-9A-Fa-f]{2})/g;
const SELECT_LINE = /^\s*SELECT\b/i;
const CARET_LINE = /^[ \t]*\^[ \t]*$/;

/**
 * Drops the failing query and caret line Salesforce puts before "ERROR at Row:r:Column:c", in one
 * pass over the lines: a block runs from a line starting with SELECT to the next line holding only
 * a caret, and is replaced by a space. (A single regex for this backtracks quadratically.)
 */
function dropSoqlEcho(text: string): string {
  const out: string[] = [];
  let echo: string[] | undefined;
  // After an echo, the next line continues the line before it.
  let glue = false;
  const push = (line: string): void => {
    const last = out.length - 1;
    if (glue && last >= 0) out[last] = `${(out[last] as string).trimEnd()} ${line}`;
    else out.push(line);
    glue = false;
  };
  for (const line of text.split('\n')) {
    if (echo) {
      if (CARET_LINE.test(line)) {
        echo = undefined;
        glue = true;
      } else echo.push(line);
    } else if (SELECT_LINE.test(line)) echo = [line];
    else push(line);
  }
  // No caret line: not an echo after all.
  for (const line of echo ?? []) push(line);
  return out.join('\n');
}

/** What was thrown, as `Name: message` made safe to log (`redact`); `Error` when it has no name. */
export function redactedError(e: unknown): string {
  const err = e as Error | null | undefined;
  return redact(`${err?.name ?? 'Error'}: ${err?.message ?? String(e)}`);
}

/**
 * Makes error text safe to log: Salesforce echoes the failing SOQL (with the caller's number in
 * every stored form) in INVALID_FIELD, INVALID_TYPE and MALFORMED_QUERY messages, and network
 * errors quote the URL-encoded query. The text is cut to `MAX_REDACT_INPUT_CHARS` first, then
 * escapes are decoded, the echo is dropped, any phone-like digit run left is masked to its last 4
 * digits, and the result is capped. Every step is linear in the (capped) input.
 */
export function redact(text: string): string {
  const bounded = String(text).slice(0, MAX_REDACT_INPUT_CHARS);
  const decoded = bounded.replace(PERCENT_ESCAPE, (_m, hex: string) =>
    String.fromCharCode(parseInt(hex, 16)),
  );
  const withoutQuery = dropSoqlEcho(decoded);
  const masked = withoutQuery.replace(DIGIT_RUN, (run: string, offset: number, whole: string) => {
    // Runs that touch letters belong to record ids, UUIDs or timestamps: keep them for diagnosis.
    const before = whole.charAt(offset - 1);
    const after = whole.charAt(offset + run.length);
    if (/[A-Za-z0-9]/.test(before) || /[A-Za-z]/.test(after)) return run;
    return run.replace(/\D/g, '').length >= 5 ? maskPhone(run) : run;
  });
  return masked.length > MAX_ERROR_CHARS ? `${masked.slice(0, MAX_ERROR_CHARS)}…` : masked;
}
