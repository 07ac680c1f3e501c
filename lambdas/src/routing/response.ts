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
  'lastCallReasonStatus',
  'openMatter',
  'lastAgentRoutable',
  'lastAgentServesQueue',
  'preferredQueueArn',
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

/** The values a flow may compare each enumerated key with ("" = unknown or not applicable). */
export const RESPONSE_KEY_VALUES: Partial<Record<ResponseKey, readonly string[]>> = {
  lastAgentFound: ['true', 'false'],
  hasLastCallReason: ['true', 'false'],
  lastAgentAvailable: ['true', 'false', 'unknown', ''],
  lastAgentRoutable: ['true', 'false', 'unknown', ''],
  lastAgentServesQueue: ['true', 'false', 'unknown', ''],
  openMatter: ['true', 'false'],
  lastCallReasonStatus: ['Open', 'Resolved', ''],
};

/**
 * The one key that is not a string: with `ResponseValidation: JSON` and the invocation parameter
 * `preferredAgentSeconds`, the Lambda adds the whole routing criteria for the preferred-agent step
 * (see `preferredRoutingCriteria`). A STRING_MAP invocation never gets it, so the direct flow's
 * contract is unchanged.
 */
export const ROUTING_CRITERIA_KEY = 'preferredRoutingCriteria';

/** Invocation parameter that asks for `preferredRoutingCriteria`: the step's expiry in seconds. */
export const PREFERRED_AGENT_SECONDS_PARAMETER = 'preferredAgentSeconds';

/**
 * The flat STRING_MAP Connect receives. Connect rejects nested values and anything that is not a
 * string under `ResponseValidation: STRING_MAP`, so the type allows nothing else.
 */
export type LastAgentResponse = Record<ResponseKey, string> & {
  lastAgentFound: 'true' | 'false';
  /** "true" when `lastCallReason` holds a reason: flows branch on it (no flow compares with ""). */
  hasLastCallReason: 'true' | 'false';
  lastAgentAvailable: Availability | '';
  lastAgentRoutable: Availability | '';
  lastAgentServesQueue: Availability | '';
  openMatter: 'true' | 'false';
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
  if (response.openMatter !== 'true') response.openMatter = 'false';
  return response as LastAgentResponse;
}

/**
 * The map a flow gets whenever the lookup cannot answer: it routes the call the normal way.
 * `buildResponse` already makes every flag "false" when nothing is known.
 */
export function fallbackResponse(outcome: LookupOutcome): LastAgentResponse {
  return buildResponse(outcome);
}

/** A routing step of Connect's RoutingCriteria, as the flow action and UpdateContactRoutingData take it. */
export interface RoutingCriteriaStep {
  Expression: {
    AttributeCondition: {
      ComparisonOperator: 'Match';
      MatchCriteria: { AgentsCriteria: { AgentIds: string[] } };
    };
  };
  Expiry: { DurationInSeconds: number };
}

/**
 * The routing criteria that prefers one agent for `seconds`, then (all steps exhausted) offers the
 * contact to anyone in the queue. Undefined when there is no agent worth a step or no valid expiry,
 * so a caller can never be parked on one agent without an end.
 */
export function preferredRoutingCriteria(
  response: LastAgentResponse,
  seconds: number,
): { Steps: RoutingCriteriaStep[] } | undefined {
  if (!response.preferredQueueArn || !response.lastAgentId) return undefined;
  if (!Number.isInteger(seconds) || seconds < 1 || seconds > MAX_PREFERRED_AGENT_SECONDS) return undefined;
  return {
    Steps: [
      {
        Expression: {
          AttributeCondition: {
            ComparisonOperator: 'Match',
            MatchCriteria: { AgentsCriteria: { AgentIds: [response.lastAgentId] } },
          },
        },
        Expiry: { DurationInSeconds: seconds },
      },
    ],
  };
}

/** A caller waits at most this long for one agent before the whole queue may answer. */
export const MAX_PREFERRED_AGENT_SECONDS = 300;

/** The answer to a `ResponseValidation: JSON` invocation that asked for the routing criteria. */
export type LastAgentJsonResponse = LastAgentResponse & {
  [ROUTING_CRITERIA_KEY]: { Steps: RoutingCriteriaStep[] } | Record<string, never>;
};

/**
 * Adds `preferredRoutingCriteria` when the flow asked for it (`preferredAgentSeconds` among the
 * invocation's parameters). Without a preferred agent it is `{}`: the flow only reads it on its
 * preferred path, and an empty criteria would take the action's error branch into the queue.
 */
export function withRoutingCriteria(
  response: LastAgentResponse,
  parameters: Record<string, unknown> | undefined,
): LastAgentResponse | LastAgentJsonResponse {
  const asked = parameters?.[PREFERRED_AGENT_SECONDS_PARAMETER];
  if (asked === undefined) return response;
  const seconds = typeof asked === 'string' && /^\d+$/.test(asked.trim()) ? Number(asked) : Number.NaN;
  return { ...response, [ROUTING_CRITERIA_KEY]: preferredRoutingCriteria(response, seconds) ?? {} };
}
