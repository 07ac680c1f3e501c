/**
 * The one log record a `find-last-agent` invocation writes: which fields it carries and at which
 * level. Pure, so the level rules are tested directly. Every value is masked or redacted here or
 * before it arrives (the caller's number as `masked`, error text through `redact`).
 */
import { DeadlineExceededError, SalesforceBackoffError } from '../shared/errors';
import { redact, redactedError } from '../shared/logger';
import type { LookupResult } from './find-last-agent';
import type { Channel } from './contact-event';
import type { LookupOutcome } from './response';

/** The record's message: scripts and tests find the lookup's line by it. */
export const LOOKUP_LOG_MESSAGE = 'last-agent lookup';

export type LookupLogLevel = 'info' | 'warn';

/** The fields of the record beyond outcome, contact, channel and duration (undefined ones are dropped by the logger). */
export type LookupLogFields = Record<string, unknown>;

export interface LookupLogRecord {
  level: LookupLogLevel;
  message: typeof LOOKUP_LOG_MESSAGE;
  attributes: LookupLogFields;
}

/** What the handler counted around the lookup. */
export interface LookupIo {
  /** The caller's number masked to its last 4 digits. */
  caller: string;
  sfRequests: number;
  connectRequests: number;
}

/**
 * Failures, and answers degraded by a soft failure (throttling) or an unreadable routing map, are
 * warnings: an operator should see them without turning on info logs. A back-off is warned about
 * once when it starts, so the calls it answers log at info.
 */
export function lookupLogLevel(outcome: LookupOutcome, fields: LookupLogFields = {}): LookupLogLevel {
  const degraded =
    (outcome === 'LOOKUP_FAILED' ||
      outcome === 'LOOKUP_TIMED_OUT' ||
      fields.softFailures !== undefined ||
      fields.routingMapUnreadable !== undefined) &&
    fields.backedOff === undefined;
  return degraded ? 'warn' : 'info';
}

/** The record for one invocation. */
export function lookupLogRecord(
  outcome: LookupOutcome,
  contact: { contactId: string; channel: Channel },
  durationMs: number,
  fields: LookupLogFields = {},
): LookupLogRecord {
  return {
    level: lookupLogLevel(outcome, fields),
    message: LOOKUP_LOG_MESSAGE,
    attributes: {
      outcome,
      contactId: contact.contactId,
      channel: contact.channel,
      durationMs: Math.round(durationMs),
      ...fields,
    },
  };
}

/** The fields of a lookup that answered: what was found and why the agent is or is not routable. */
export function answeredFields(
  result: LookupResult,
  io: LookupIo & { presenceMiss?: string; routingMapReadError?: string },
): LookupLogFields {
  const { facts } = result;
  return {
    caller: io.caller,
    sfRequests: io.sfRequests,
    connectRequests: io.connectRequests,
    lastVoiceCallId: facts.call?.lastVoiceCallId,
    mappedBy: facts.agent?.mappedBy,
    agentStatus: facts.state?.statusName,
    agentNextStatus: facts.state?.nextStatus,
    availability: facts.verdict?.reason,
    availabilitySource: facts.availabilitySource,
    presenceMiss: io.presenceMiss,
    softFailures: result.softFailures.length > 0 ? result.softFailures.map(redact) : undefined,
    routingMapUnreadable: io.routingMapReadError ? redact(io.routingMapReadError) : undefined,
  };
}

/** The outcome and fields of a lookup that threw or ran out of time. */
export function failedLookup(
  e: unknown,
  io: LookupIo,
): { outcome: 'LOOKUP_TIMED_OUT' | 'LOOKUP_FAILED'; fields: LookupLogFields } {
  const err = e as Error & { errorCode?: unknown };
  return {
    outcome: e instanceof DeadlineExceededError ? 'LOOKUP_TIMED_OUT' : 'LOOKUP_FAILED',
    fields: {
      caller: io.caller,
      error: redactedError(e),
      errorCode: typeof err?.errorCode === 'string' ? err.errorCode.slice(0, 64) : undefined,
      backedOff: e instanceof SalesforceBackoffError ? true : undefined,
      sfRequests: io.sfRequests,
      connectRequests: io.connectRequests,
    },
  };
}
