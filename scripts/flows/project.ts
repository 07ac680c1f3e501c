/**
 * What this project's own flows rely on beyond the flow language: the Lambdas behind our
 * placeholders and the keys they return. The checker holds `$.External` reads to these.
 */
import { RESPONSE_KEYS, ROUTING_CRITERIA_KEY } from '../../lambdas/src/routing/response';

/** The placeholder that names the find-last-agent Lambda; reads after it are held to RESPONSE_KEYS. */
export const FIND_LAST_AGENT_ARN_PLACEHOLDER = '${FIND_LAST_AGENT_LAMBDA_ARN}';

/**
 * What the Lambdas behind our placeholders return. After one of them runs, `$.External` holds only
 * its keys: an earlier Lambda's result must have been copied into contact attributes.
 */
export const KNOWN_LAMBDA_KEYS: Record<string, { name: string; keys: readonly string[] }> = {
  // With ResponseValidation JSON and preferredAgentSeconds it also returns the routing criteria.
  [FIND_LAST_AGENT_ARN_PLACEHOLDER]: {
    name: 'find-last-agent',
    keys: [...RESPONSE_KEYS, ROUTING_CRITERIA_KEY],
  },
  // SCV's InvokeTelephonyIntegrationApiFunction answers createVoiceCall / createTransferVC so.
  '${TELEPHONY_INTEGRATION_LAMBDA_ARN}': { name: "SCV's telephony Lambda", keys: ['voiceCallId'] },
};
