/**
 * The contract between the `find-last-agent` Lambda and the Connect flows that read it as
 * `$.External.<key>`. This module is the single source of truth: the Lambda builds its response
 * from it and the flow checker verifies every `$.External.x` read against it.
 */

/** Every key the Lambda returns. All are always present; "" means unknown. */
export const RESPONSE_KEYS = [
  'lastAgentFound',
  'lastAgentArn',
  'lastAgentId',
  'lastAgentFirstName',
  'lastAgentAvailable',
  'lastAgentStatus',
  'lastAgentNextStatus',
  'lastQueueArn',
  'lastQueueName',
  'lastVoiceCallId',
  'lastCallAt',
  'lastCallReason',
  'hasLastCallReason',
  'lookupOutcome',
] as const;

export type ResponseKey = (typeof RESPONSE_KEYS)[number];

/** Why the lookup ended the way it did; flows branch on `$.External.lookupOutcome`. */
export const LOOKUP_OUTCOMES = [
  'AGENT_AVAILABLE',
  'AGENT_UNAVAILABLE',
  'AGENT_STATUS_UNKNOWN',
  'AGENT_NOT_MAPPED',
  'NO_RECENT_CALL',
  'NO_CALLER_NUMBER',
  'LOOKUP_FAILED',
  'LOOKUP_TIMED_OUT',
] as const;

export type LookupOutcome = (typeof LOOKUP_OUTCOMES)[number];

/** `lastAgentAvailable` is tri-state: Connect may throttle or fail while the agent is known. */
export type Availability = 'true' | 'false' | 'unknown';

/**
 * The flat STRING_MAP Connect receives. Connect rejects nested values and anything that is not a
 * string under `ResponseValidation: STRING_MAP`, so the type allows nothing else.
 */
export type LastAgentResponse = Record<ResponseKey, string> & {
  lastAgentFound: 'true' | 'false';
  /** "true" when `lastCallReason` holds a reason: flows branch on it (no flow compares with ""). */
  hasLastCallReason: 'true' | 'false';
  lastAgentAvailable: Availability | '';
  lookupOutcome: LookupOutcome;
};

/** Keys computed from the others, never passed in. */
type DerivedKey = 'lookupOutcome' | 'hasLastCallReason';

/** Builds a response with every key present; unspecified keys are "". */
export function buildResponse(
  outcome: LookupOutcome,
  values: Partial<Record<Exclude<ResponseKey, DerivedKey>, string>> = {},
): LastAgentResponse {
  const response = {} as Record<ResponseKey, string>;
  for (const key of RESPONSE_KEYS) response[key] = values[key as Exclude<ResponseKey, DerivedKey>] ?? '';
  response.lookupOutcome = outcome;
  response.hasLastCallReason = response.lastCallReason !== '' ? 'true' : 'false';
  if (response.lastAgentFound !== 'true') response.lastAgentFound = 'false';
  return response as LastAgentResponse;
}

/** The map a flow gets whenever the lookup cannot answer: it routes the call the normal way. */
export function fallbackResponse(outcome: LookupOutcome): LastAgentResponse {
  return buildResponse(outcome, { lastAgentFound: 'false' });
}
