import type { ConnectDirectory } from '../../../lambdas/src/connect/directory';
import { Budget } from '../../../lambdas/src/shared/budget';
import { deferred } from '../../fixtures/deferred';
import type { ConnectAgent, InstanceRef } from '../../../lambdas/src/routing/types';
import type { RoutingMapRepository } from '../../../lambdas/src/salesforce/routing-map';
import type { SalesforceSession } from '../../../lambdas/src/salesforce/session';
import type { VoiceCallRepository } from '../../../lambdas/src/salesforce/voice-calls';
import { lastAgentPorts, scvUsername, type PortDeps } from '../../../lambdas/src/wiring/last-agent-ports';

const SF_USER_18 = '005SB0000005EVEAAQ';
const ORG_18 = '00DSB0000000ORGAAA';
const instance: InstanceRef = {
  instanceId: 'inst-1',
  instanceArn: 'arn:aws:connect:us-east-1:123456789012:instance/inst-1',
};
const arnIn = (instanceId: string, userId: string): string =>
  `arn:aws:connect:us-east-1:123456789012:instance/${instanceId}/agent/${userId}`;

/** Ports over fakes: a routing map holding `mappedArn` for the user, a directory recording searches. */
function portsWith(mappedArn: string | undefined, orgId: string | null = ORG_18) {
  const searched: string[] = [];
  const byUsername: ConnectAgent = {
    connectUserId: 'by-name',
    arn: arnIn('inst-1', 'by-name'),
    mappedBy: 'scv-username',
  };
  const deps: PortDeps = {
    session: { orgId: orgId ?? undefined } as unknown as SalesforceSession,
    voiceCalls: {} as VoiceCallRepository,
    routingMap: { agentArnFor: async () => mappedArn } as unknown as RoutingMapRepository,
    directory: {
      findAgentByUsername: async (username: string) => {
        searched.push(username);
        return byUsername;
      },
    } as unknown as ConnectDirectory,
    routingLookbackDays: 7,
    scvUsernameTemplate: '{userId15}@{orgId15}',
  };
  return { ports: lastAgentPorts(deps), searched };
}

describe('lastAgentPorts.findConnectAgent', () => {
  it('takes the routing-map row of this Connect instance without asking Connect', async () => {
    // Prepare
    const { ports, searched } = portsWith(arnIn('inst-1', 'a1'));

    // Act
    const agent = await ports.findConnectAgent(SF_USER_18, instance, Budget.start(5000));

    // Assess
    expect(agent).toEqual({ connectUserId: 'a1', arn: arnIn('inst-1', 'a1'), mappedBy: 'routing-map' });
    expect(searched).toEqual([]);
  });

  it('ignores a routing-map row of another Connect instance and falls back to the SCV username', async () => {
    // Prepare: the user's row points at an agent in another instance, which cannot take this contact
    const { ports, searched } = portsWith(arnIn('inst-other', 'a1'));

    // Act
    const agent = await ports.findConnectAgent(SF_USER_18, instance, Budget.start(5000));

    // Assess
    expect(agent?.mappedBy).toBe('scv-username');
    expect(searched).toEqual(['005SB0000005EVE@00DSB0000000ORG']);
  });

  it('ignores a row that is not an agent ARN', async () => {
    const { ports, searched } = portsWith(`${instance.instanceArn}/queue/q1`);
    expect((await ports.findConnectAgent(SF_USER_18, instance, Budget.start(5000)))?.mappedBy).toBe(
      'scv-username',
    );
    expect(searched).toHaveLength(1);
  });

  it('asks Connect nothing when the template needs the org id and the session has none yet', async () => {
    const { ports, searched } = portsWith(undefined, null);
    expect(await ports.findConnectAgent(SF_USER_18, instance, Budget.start(5000))).toBeUndefined();
    expect(searched).toEqual([]);
  });
});

describe('scvUsername', () => {
  it.each([
    ['{userId15}@{orgId15}', '005SB0000005EVE@00DSB0000000ORG'],
    ['{userId18}@{orgId18}', `${SF_USER_18}@${ORG_18}`],
    ['{userId18}@{orgId15}', `${SF_USER_18}@00DSB0000000ORG`],
    ['eve@{userId15}@{orgId18}', `eve@005SB0000005EVE@${ORG_18}`],
    ['{userId18}', SF_USER_18],
    ['{userId15}{userId15}', '005SB0000005EVE005SB0000005EVE'],
  ])('fills %s', (template, expected) => {
    expect(scvUsername(template, SF_USER_18, ORG_18)).toBe(expected);
  });

  it('needs the org id only when the template names it', () => {
    expect(scvUsername('{userId18}', SF_USER_18, undefined)).toBe(SF_USER_18);
    expect(scvUsername('{userId15}@{orgId15}', SF_USER_18, undefined)).toBeUndefined();
    expect(scvUsername('{userId15}@{orgId18}', SF_USER_18, undefined)).toBeUndefined();
  });
});

describe('lastAgentPorts warmUp', () => {
  function warmUpWith(
    grant: () => Promise<unknown>,
    map: () => Promise<unknown>,
    queues: () => Promise<unknown>,
  ) {
    const deps: PortDeps = {
      session: { connection: grant } as unknown as SalesforceSession,
      voiceCalls: {} as VoiceCallRepository,
      routingMap: { load: map } as unknown as RoutingMapRepository,
      directory: { loadQueues: queues } as unknown as ConnectDirectory,
      routingLookbackDays: 7,
      scvUsernameTemplate: '{userId18}',
    };
    return lastAgentPorts(deps).warmUp(instance, Budget.start(1000));
  }

  it('answers a fast failure only once its other requests have ended, then with that failure', async () => {
    // Prepare: the org refuses at once while the queue list is still on its way
    const queues = deferred<void>();
    const down = new Error('org down');
    let settled = false;

    // Act
    const warming = warmUpWith(
      () => Promise.reject(down),
      () => Promise.reject(new Error('map unread')),
      () => queues.promise,
    );
    warming.then(
      () => (settled = true),
      () => (settled = true),
    );
    await new Promise((r) => setImmediate(r));
    await new Promise((r) => setImmediate(r));
    const settledBeforeQueues = settled;
    queues.resolve();

    // Assess
    expect(settledBeforeQueues).toBe(false);
    await expect(warming).rejects.toBe(down);
  });

  it('resolves when every request succeeds', async () => {
    // Act + Assess
    await expect(
      warmUpWith(
        () => Promise.resolve({}),
        () => Promise.resolve(),
        () => Promise.resolve(),
      ),
    ).resolves.toBeUndefined();
  });
});
