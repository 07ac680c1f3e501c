/**
 * Binds the lookup's ports to the real adapters: Salesforce (jsforce) for calls and the routing
 * map, Connect (AWS SDK) for users, live state and queues.
 */
import type { ConnectDirectory } from '../connect/directory';
import type { PresenceReader } from '../presence/presence-reader';
import type { LookupPorts } from '../routing/find-last-agent';
import type { ConnectAgent, InstanceRef } from '../routing/types';
import { id15, parseAgentArn, type RoutingMapRepository } from '../salesforce/routing-map';
import type { SalesforceSession } from '../salesforce/session';
import type { VoiceCallRepository } from '../salesforce/voice-calls';
import { agentStateReader } from './availability-port';

export interface PortDeps {
  session: SalesforceSession;
  voiceCalls: VoiceCallRepository;
  routingMap: RoutingMapRepository;
  directory: ConnectDirectory;
  routingLookbackDays: number;
  scvUsernameTemplate: string;
  /** The presence table; when absent (or without a fresh item) live state comes from Connect. */
  presence?: PresenceReader;
  presenceMaxAgeMs?: number;
  onPresenceMiss?: (reason: string) => void;
}

/** Fills SCV's username template; undefined when a part it needs (the org id) is unknown. */
export function scvUsername(
  template: string,
  agentUserId: string,
  orgId: string | undefined,
): string | undefined {
  if (/\{orgId(15|18)\}/.test(template) && !orgId) return undefined;
  return template
    .replaceAll('{userId15}', id15(agentUserId))
    .replaceAll('{userId18}', agentUserId)
    .replaceAll('{orgId15}', orgId ? id15(orgId) : '')
    .replaceAll('{orgId18}', orgId ?? '');
}

export function lastAgentPorts(d: PortDeps): LookupPorts {
  const agentState = agentStateReader({
    directory: d.directory,
    presence: d.presence,
    presenceMaxAgeMs: d.presenceMaxAgeMs ?? 0,
    onPresenceMiss: d.onPresenceMiss,
  });
  return {
    // The token grant goes on the wire first: it is the cold start's long pole, and the SDK's
    // first request spends milliseconds of synchronous set-up that would otherwise delay it.
    async warmUp(instance, budget) {
      const grant = d.session.connection(budget);
      grant.catch(() => undefined); // awaited below; must not count as unhandled meanwhile
      await new Promise((resolve) => setImmediate(resolve));
      // Every request ends before the warm-up answers, the first failure then rethrown: one that
      // fails fast (an org that is down) must not leave the others running unobserved.
      const settled = await Promise.allSettled([
        grant,
        d.routingMap.load(budget),
        d.directory.loadQueues(instance, budget),
      ]);
      const failed = settled.find((s): s is PromiseRejectedResult => s.status === 'rejected');
      if (failed) throw failed.reason;
    },
    findLastAnsweredCall: (numberForms, budget) =>
      d.voiceCalls.findLastAnsweredCall(numberForms, d.routingLookbackDays, budget),
    async findConnectAgent(agentUserId, instance, budget): Promise<ConnectAgent | undefined> {
      const arn = await d.routingMap.agentArnFor(agentUserId, budget);
      const parts = arn ? parseAgentArn(arn) : undefined;
      // A row for another Connect instance cannot route this contact.
      if (arn && parts && parts.instanceId === instance.instanceId) {
        return { connectUserId: parts.connectUserId, arn, mappedBy: 'routing-map' };
      }
      const username = scvUsername(d.scvUsernameTemplate, agentUserId, d.session.orgId);
      return username ? d.directory.findAgentByUsername(username, instance, budget) : undefined;
    },
    getAgentState: (agent, instance: InstanceRef, budget) =>
      agentState(agent.connectUserId, instance, budget),
    findQueueArn: (queueName, instance, budget) => d.directory.queueArnByName(queueName, instance, budget),
    async findAgentQueueArns(_agent, state, instance, budget) {
      // The presence snapshot's queues when the state came from it; else Connect's routing profile
      // (one ListRoutingProfileQueues per profile, cached).
      if (state.inboundQueueArns) return state.inboundQueueArns;
      if (!state.routingProfileId) throw new Error('the agent state names no routing profile');
      return d.directory.routingProfileQueueArns(state.routingProfileId, instance, budget);
    },
  };
}
