/**
 * Binds the lookup's ports to the real adapters: Salesforce (jsforce) for calls and the routing
 * map, Connect (AWS SDK) for users, live state and queues.
 */
import type { ConnectDirectory } from '../connect/directory';
import type { LookupPorts } from '../routing/find-last-agent';
import type { ConnectAgent, InstanceRef } from '../routing/types';
import { id15, parseAgentArn, type RoutingMapRepository } from '../salesforce/routing-map';
import type { SalesforceSession } from '../salesforce/session';
import type { VoiceCallRepository } from '../salesforce/voice-calls';

export interface PortDeps {
  session: SalesforceSession;
  voiceCalls: VoiceCallRepository;
  routingMap: RoutingMapRepository;
  directory: ConnectDirectory;
  lookbackDays: number;
  scvUsernameTemplate: string;
  signal?: AbortSignal;
}

/** Fills SCV's username template; undefined when a part it needs (the org id) is unknown. */
export function scvUsername(
  template: string,
  sfUserId: string,
  orgId: string | undefined,
): string | undefined {
  if (/\{orgId(15|18)\}/.test(template) && !orgId) return undefined;
  return template
    .replaceAll('{userId15}', id15(sfUserId))
    .replaceAll('{userId18}', sfUserId)
    .replaceAll('{orgId15}', orgId ? id15(orgId) : '')
    .replaceAll('{orgId18}', orgId ?? '');
}

export function lastAgentPorts(d: PortDeps): LookupPorts {
  return {
    async warmUp(instance) {
      await Promise.all([
        d.session.connection(),
        d.routingMap.load(),
        d.directory.loadQueues(instance, d.signal),
      ]);
    },
    findLastAnsweredCall: (numberForms) => d.voiceCalls.findLastAnsweredCall(numberForms, d.lookbackDays),
    async findConnectAgent(sfUserId, instance): Promise<ConnectAgent | undefined> {
      const arn = await d.routingMap.agentArnFor(sfUserId);
      const parts = arn ? parseAgentArn(arn) : undefined;
      // A row for another Connect instance cannot route this contact.
      if (arn && parts && parts.instanceId === instance.instanceId) {
        return { userId: parts.userId, arn, mappedBy: 'routing-map' };
      }
      const username = scvUsername(d.scvUsernameTemplate, sfUserId, d.session.orgId);
      return username ? d.directory.findAgentByUsername(username, instance, d.signal) : undefined;
    },
    getAgentState: (agent, instance: InstanceRef) =>
      d.directory.getAgentState(agent.userId, instance, d.signal),
    findQueueArn: (queueName, instance) => d.directory.queueArnByName(queueName, instance, d.signal),
    async findAgentQueueArns(_agent, state, instance) {
      // The presence snapshot's queues when the state came from it; else Connect's routing profile
      // (one ListRoutingProfileQueues per profile, cached).
      if (state.inboundQueueArns) return state.inboundQueueArns;
      if (!state.routingProfileId) throw new Error('the agent state names no routing profile');
      return d.directory.routingProfileQueueArns(state.routingProfileId, instance, d.signal);
    },
  };
}
