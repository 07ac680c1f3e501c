/**
 * PriorCallContextController.getPriorCalls for the local preview: the controller's own SOQL, read
 * from the Apex class and run with its bind values against the org emulator, so the preview shows
 * what those queries return. Around the queries, the same steps as the Apex method: argument
 * checks, the customer's number, its stored spellings (the Lambda's rule, which the shared
 * PhoneNumberVectors prove equal to the controller's `phoneVariants`) and the row shape.
 */
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseCallerNumber } from '../../lambdas/src/shared/phone';
import { soqlInList, soqlString } from '../../lambdas/src/salesforce/soql';
import { SalesforceError } from '../sandbox/org/errors';
import { parseSfDateTime, type QueryRecord } from '../sandbox/org/soql';
import type { PreviewOrg } from './org';

const CONTROLLER = join(
  resolve(__dirname, '..', '..'),
  'force-app/main/default/classes/PriorCallContextController.cls',
);

/** One earlier call, as the Apex PriorCall class serialises it. */
export interface PriorCall {
  id: string;
  name: string | null;
  agentUserId: string | null;
  agentName: string | null;
  queueName: string | null;
  startTime: string | null;
  durationSeconds: number | null;
  callType: string | null;
  disposition: string | null;
  reason: string | null;
  reasonStatus: string | null;
}

/** The Apex PriorCallContext class as JSON. */
export interface PriorCallContext {
  customerNumber: string | null;
  historyDays: number;
  totalCalls: number;
  calls: PriorCall[];
}

/** What AuraHandledException carries to the component: its message. */
export class ApexError extends Error {}

/** The parts of the controller the preview runs: its constants and its three queries, with binds. */
export interface ControllerSource {
  defaultHistoryDays: number;
  maxHistoryDays: number;
  defaultMaxRows: number;
  maxRowsLimit: number;
  noAccessMessage: string;
  /** The current call, by :voiceCallId. */
  currentCall: string;
  /** COUNT() of the prior calls. */
  priorCallCount: string;
  /** The prior calls, newest first, LIMIT :rowLimit. */
  priorCalls: string;
}

function constant(apex: string, name: string, type: 'Integer' | 'String'): string {
  const m = new RegExp(`\\bstatic final ${type} ${name}\\s*=\\s*([^;]+);`).exec(apex);
  if (!m) throw new Error(`${CONTROLLER}: no ${type} constant ${name}`);
  const value = m[1] as string;
  return type === 'Integer'
    ? value.trim()
    : [...value.matchAll(/'((?:\\.|[^'\\])*)'/g)].map((s) => s[1]).join('');
}

/**
 * Reads the controller's constants and static queries from its Apex source.
 * @param apex the class text (default: the package's class)
 */
export function readController(apex = readFileSync(CONTROLLER, 'utf8')): ControllerSource {
  const queries = [...apex.matchAll(/\[\s*(SELECT\b[\s\S]*?)\]/gi)].map((m) =>
    (m[1] as string).replace(/\s+/g, ' ').trim(),
  );
  const [currentCall, priorCallCount, priorCalls] = queries;
  if (queries.length !== 3 || !currentCall || !priorCallCount?.includes('COUNT()') || !priorCalls)
    throw new Error(`${CONTROLLER}: expected three static queries (current call, COUNT(), rows)`);
  return {
    defaultHistoryDays: Number(constant(apex, 'DEFAULT_HISTORY_DAYS', 'Integer')),
    maxHistoryDays: Number(constant(apex, 'MAX_HISTORY_DAYS', 'Integer')),
    defaultMaxRows: Number(constant(apex, 'DEFAULT_MAX_ROWS', 'Integer')),
    maxRowsLimit: Number(constant(apex, 'MAX_ROWS_LIMIT', 'Integer')),
    noAccessMessage: constant(apex, 'NO_ACCESS_MESSAGE', 'String'),
    currentCall,
    priorCallCount,
    priorCalls,
  };
}

/**
 * An Apex static query as the REST API runs it: bind variables replaced by escaped literals, and
 * `WITH USER_MODE` dropped, since it is Apex-only syntax and a REST query runs as its user anyway.
 * @throws Error for a bind variable without a value
 */
export function bindQuery(apexSoql: string, binds: Record<string, string>): string {
  return apexSoql.replace(/\s+WITH\s+USER_MODE\b/i, '').replace(/:\s*([A-Za-z_]\w*)/g, (_m, name: string) => {
    const value = binds[name];
    if (value === undefined) throw new Error(`no value for the bind variable :${name}`);
    return value;
  });
}

/** A Datetime bind as a SOQL literal. */
const soqlDateTime = (at: number): string => new Date(at).toISOString();

function range(value: number | null | undefined, dflt: number, max: number, name: string): number {
  if (value === null || value === undefined) return dflt;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new ApexError(`${name} must be between 1 and ${max}.`);
  }
  return value;
}

const text = (r: QueryRecord, f: string): string | null =>
  r[f] === null || r[f] === undefined ? null : String(r[f]);

function toPriorCall(vc: QueryRecord): PriorCall {
  const user = vc.User as { Name?: string } | null | undefined;
  return {
    id: String(vc.Id),
    name: text(vc, 'Name'),
    agentUserId: text(vc, 'UserId'),
    agentName: vc.UserId ? (user?.Name ?? null) : null,
    queueName: text(vc, 'QueueName'),
    startTime: vc.CallStartDateTime
      ? new Date(parseSfDateTime(String(vc.CallStartDateTime))).toISOString()
      : null,
    durationSeconds: typeof vc.CallDurationInSeconds === 'number' ? vc.CallDurationInSeconds : null,
    callType: text(vc, 'CallType'),
    disposition: text(vc, 'CallDisposition'),
    reason: text(vc, 'Call_Reason__c'),
    reasonStatus: text(vc, 'Call_Reason_Status__c'),
  };
}

/** The customer's side of a call: the number called on outbound calls, the caller otherwise. */
function customerNumberOf(vc: QueryRecord): string | null {
  const value = vc.CallType === 'Outbound' ? text(vc, 'ToPhoneNumber') : text(vc, 'FromPhoneNumber');
  return value && value.trim() ? value.trim() : null;
}

function queryPriorCalls(
  org: PreviewOrg,
  apex: ControllerSource,
  voiceCallId: string,
  days: number,
  rowLimit: number,
): PriorCallContext {
  const [current] = org.query(bindQuery(apex.currentCall, { voiceCallId: soqlString(voiceCallId) })).records;
  if (!current) throw new ApexError('The voice call was not found or you do not have access to it.');
  const customerNumber = customerNumberOf(current);
  const result: PriorCallContext = { customerNumber, historyDays: days, totalCalls: 0, calls: [] };
  const variants = parseCallerNumber(customerNumber, 'US')?.storedForms ?? [];
  if (variants.length === 0) return result;

  const until = current.CallStartDateTime ? parseSfDateTime(String(current.CallStartDateTime)) : Date.now();
  const binds = {
    currentId: soqlString(String(current.Id)),
    sinceTime: soqlDateTime(until - days * 86_400_000),
    untilTime: soqlDateTime(until),
    variants: soqlInList(variants),
    rowLimit: String(rowLimit),
  };
  result.totalCalls = org.query(bindQuery(apex.priorCallCount, binds)).totalSize;
  result.calls = org.query(bindQuery(apex.priorCalls, binds)).records.map(toPriorCall);
  return result;
}

/**
 * The controller's getPriorCalls over the preview's org.
 * @param historyDays 1 to the controller's maximum, default its default
 * @param maxRows 1 to the controller's maximum, default its default
 * @throws ApexError with the controller's message for invalid input, an unknown call, or a query
 *   the org refuses (no access to VoiceCall or a field)
 */
export function getPriorCalls(
  org: PreviewOrg,
  voiceCallId: string | null | undefined,
  historyDays?: number | null,
  maxRows?: number | null,
): PriorCallContext {
  const apex = readController();
  const days = range(historyDays, apex.defaultHistoryDays, apex.maxHistoryDays, 'historyDays');
  const rowLimit = range(maxRows, apex.defaultMaxRows, apex.maxRowsLimit, 'maxRows');
  if (!voiceCallId || !/^0LQ[A-Za-z0-9]{12}([A-Za-z0-9]{3})?$/.test(voiceCallId))
    throw new ApexError('voiceCallId must be the Id of a VoiceCall record.');
  try {
    return queryPriorCalls(org, apex, voiceCallId, days, rowLimit);
  } catch (e) {
    // Apex turns a QueryException (user mode refusing an object or field) into this message.
    if (e instanceof SalesforceError) throw new ApexError(apex.noAccessMessage);
    throw e;
  }
}
