/**
 * A TypeScript mirror of PriorCallContextController.getPriorCalls over the sandbox's sample data,
 * so the local preview answers the component's Apex call with the same filters and the same shape.
 */
import { parseCallerNumber } from '../../lambdas/src/shared/phone';
import type { OrgData, SObjectRecord } from '../sandbox/sample-data';

export const DEFAULT_HISTORY_DAYS = 90;
export const MAX_HISTORY_DAYS = 365;
export const DEFAULT_MAX_ROWS = 10;
export const MAX_ROWS_LIMIT = 50;

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

const DAY = 86_400_000;

/**
 * The spellings of a phone number an org may hold: the Lambda's own rule, which the shared
 * PhoneNumberVectors prove equal to the Apex controller's `phoneVariants` (national numbers read
 * as North American, as Apex does).
 * @param phone a phone number in any format
 * @returns the distinct spellings, empty when the value is not a usable phone number
 */
export function phoneVariants(phone: string | null | undefined): string[] {
  return parseCallerNumber(phone, 'US')?.storedForms ?? [];
}

function range(value: number | null | undefined, dflt: number, max: number, name: string): number {
  if (value === null || value === undefined) return dflt;
  if (!Number.isInteger(value) || value < 1 || value > max) {
    throw new ApexError(`${name} must be between 1 and ${max}.`);
  }
  return value;
}

const str = (r: SObjectRecord, f: string): string | null =>
  r[f] === null || r[f] === undefined ? null : String(r[f]);
const time = (r: SObjectRecord): number => Date.parse(String(r.CallStartDateTime).replace('+0000', 'Z'));

/**
 * Prior calls of the customer on a VoiceCall, like the Apex controller: same validation, customer
 * number (To for outbound, From otherwise), window ending at the call's start, newest first.
 * @param org the org's data (VoiceCall and User lists)
 * @param voiceCallId the current VoiceCall's Id
 * @param historyDays 1 to 365, default 90
 * @param maxRows 1 to 50, default 10
 * @returns the context the Apex method would return
 * @throws ApexError with the Apex message for invalid input or an unknown call
 */
export function getPriorCalls(
  org: OrgData,
  voiceCallId: string | null | undefined,
  historyDays?: number | null,
  maxRows?: number | null,
): PriorCallContext {
  const days = range(historyDays, DEFAULT_HISTORY_DAYS, MAX_HISTORY_DAYS, 'historyDays');
  const rowLimit = range(maxRows, DEFAULT_MAX_ROWS, MAX_ROWS_LIMIT, 'maxRows');
  if (!voiceCallId || !/^0LQ/.test(voiceCallId))
    throw new ApexError('voiceCallId must be the Id of a VoiceCall record.');
  const calls = org.VoiceCall ?? [];
  const current = calls.find((c) => c.Id === voiceCallId);
  if (!current) throw new ApexError('The voice call was not found or you do not have access to it.');

  const raw =
    current.CallType === 'Outbound' ? str(current, 'ToPhoneNumber') : str(current, 'FromPhoneNumber');
  const customerNumber = raw && raw.trim() ? raw.trim() : null;
  const result: PriorCallContext = { customerNumber, historyDays: days, totalCalls: 0, calls: [] };
  const variants = new Set(phoneVariants(customerNumber));
  if (variants.size === 0) return result;

  const until = current.CallStartDateTime ? time(current) : Date.now();
  const since = until - days * DAY;
  const matching = calls
    .filter(
      (c) =>
        c.Id !== current.Id &&
        time(c) >= since &&
        time(c) <= until &&
        (variants.has(String(c.FromPhoneNumber)) || variants.has(String(c.ToPhoneNumber))),
    )
    .sort((a, b) => time(b) - time(a) || String(b.Id).localeCompare(String(a.Id)));
  const users = new Map((org.User ?? []).map((u) => [u.Id, u]));
  result.totalCalls = matching.length;
  result.calls = matching.slice(0, rowLimit).map((c) => ({
    id: String(c.Id),
    name: str(c, 'Name'),
    agentUserId: str(c, 'UserId'),
    agentName: c.UserId ? str(users.get(c.UserId as string) ?? {}, 'Name') : null,
    queueName: str(c, 'QueueName'),
    startTime: c.CallStartDateTime ? new Date(time(c)).toISOString() : null,
    durationSeconds: typeof c.CallDurationInSeconds === 'number' ? c.CallDurationInSeconds : null,
    callType: str(c, 'CallType'),
    disposition: str(c, 'CallDisposition'),
    reason: str(c, 'Call_Reason__c'),
    reasonStatus: str(c, 'Call_Reason_Status__c'),
  }));
  return result;
}
