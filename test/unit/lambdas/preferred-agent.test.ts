import { Budget } from '../../../lambdas/src/shared/budget';
import { ConnectClient, ListRoutingProfileQueuesCommand } from '@aws-sdk/client-connect';
import { mockClient } from 'aws-sdk-client-mock';
import { ConnectDirectory } from '../../../lambdas/src/connect/directory';
import { lastAgentPorts, type PortDeps } from '../../../lambdas/src/wiring/last-agent-ports';
import { judgeAvailability } from '../../../lambdas/src/routing/availability';
import { decide, type LookupFacts } from '../../../lambdas/src/routing/decide';
import { findLastAgent, type LookupPorts } from '../../../lambdas/src/routing/find-last-agent';
import {
  buildResponse,
  MAX_PREFERRED_AGENT_SECONDS,
  preferredRoutingCriteria,
  RESPONSE_KEYS,
  RESPONSE_KEY_VALUES,
  withRoutingCriteria,
} from '../../../lambdas/src/routing/response';
import type { AgentState, ConnectAgent, InstanceRef, LastCall } from '../../../lambdas/src/routing/types';

const QUEUE = 'arn:aws:connect:us-east-1:123456789012:instance/i/queue/support';
const OTHER_QUEUE = 'arn:aws:connect:us-east-1:123456789012:instance/i/queue/billing';
const call: LastCall = {
  lastVoiceCallId: '0LQ1',
  agentUserId: '005A',
  agentFirstName: 'Ana',
  queueName: 'Support',
  reason: 'Router not delivered',
  reasonStatus: 'Open',
};
const agent: ConnectAgent = {
  connectUserId: 'a1',
  arn: 'arn:aws:connect:us-east-1:1:instance/i/agent/a1',
  mappedBy: 'routing-map',
};
const AVAILABLE: AgentState = { loggedIn: true, statusName: 'Available', availableVoiceSlots: 1 };
const BUSY: AgentState = { loggedIn: true, statusName: 'Available', availableVoiceSlots: 0 };

function factsFor(state: AgentState | undefined, agentQueueArns?: readonly string[]): LookupFacts {
  return {
    call,
    agent,
    state,
    verdict: state ? judgeAvailability(state, ['Available']) : undefined,
    lastQueueArn: QUEUE,
    agentQueueArns,
  };
}

describe('decide: preferred-agent keys', () => {
  it('prefers an available agent who serves the last queue', () => {
    const r = decide(factsFor(AVAILABLE, [QUEUE]));
    expect(r).toMatchObject({
      lookupOutcome: 'AGENT_AVAILABLE',
      lastAgentRoutable: 'true',
      lastAgentServesQueue: 'true',
      preferredQueueArn: QUEUE,
    });
  });

  it('prefers a busy but routable agent without calling them available', () => {
    const r = decide(factsFor(BUSY, [QUEUE]));
    expect(r).toMatchObject({
      lookupOutcome: 'AGENT_UNAVAILABLE',
      lastAgentAvailable: 'false',
      lastAgentRoutable: 'true',
      preferredQueueArn: QUEUE,
    });
  });

  it.each([
    ['Offline', { loggedIn: true, statusName: 'Offline', availableVoiceSlots: 0 }],
    ['logged out', { loggedIn: false }],
    [
      'next status pending',
      { loggedIn: true, statusName: 'Available', nextStatus: 'Offline', availableVoiceSlots: 1 },
    ],
    ['on lunch', { loggedIn: true, statusName: 'Lunch', availableVoiceSlots: 1 }],
  ] as [string, AgentState][])('never prefers an agent who is %s', (_name, state) => {
    const r = decide(factsFor(state, [QUEUE]));
    expect(r.lastAgentRoutable).toBe('false');
    expect(r.lastAgentServesQueue).toBe('');
    expect(r.preferredQueueArn).toBe('');
  });

  it('does not prefer an agent whose routing profile lacks the last queue', () => {
    const r = decide(factsFor(BUSY, [OTHER_QUEUE]));
    expect(r).toMatchObject({
      lastAgentRoutable: 'true',
      lastAgentServesQueue: 'false',
      preferredQueueArn: '',
    });
  });

  it('does not prefer when the routing profile could not be read', () => {
    const r = decide(factsFor(AVAILABLE, undefined));
    expect(r).toMatchObject({ lastAgentServesQueue: 'unknown', preferredQueueArn: '' });
  });

  it('says unknown when the status is unknown, false when the agent is unmapped', () => {
    expect(decide(factsFor(undefined)).lastAgentRoutable).toBe('unknown');
    expect(decide({ call }).lastAgentRoutable).toBe('false');
    expect(decide({ call }).preferredQueueArn).toBe('');
  });

  it('has no queue to judge without a last queue', () => {
    const r = decide({ ...factsFor(AVAILABLE, [QUEUE]), lastQueueArn: undefined });
    expect(r).toMatchObject({ lastAgentServesQueue: '', preferredQueueArn: '' });
  });

  it('marks an Open last call reason as an open matter, and nothing else', () => {
    expect(decide({ call }).openMatter).toBe('true');
    expect(decide({ call }).lastCallReasonStatus).toBe('Open');
    expect(decide({ call: { ...call, reasonStatus: 'Resolved' } }).openMatter).toBe('false');
    expect(decide({ call: { ...call, reasonStatus: undefined } })).toMatchObject({
      openMatter: 'false',
      lastCallReasonStatus: '',
    });
    expect(decide({}).openMatter).toBe('false');
  });

  it('only ever answers the enumerated values it declares', () => {
    const all = [
      decide({}),
      decide({ call }),
      decide({ call, agentLookupFailed: true }),
      ...[AVAILABLE, BUSY, { loggedIn: false }].flatMap((s) => [
        decide(factsFor(s, [QUEUE])),
        decide(factsFor(s, [OTHER_QUEUE])),
        decide(factsFor(s)),
      ]),
    ];
    for (const r of all) {
      expect(Object.keys(r).sort()).toEqual([...RESPONSE_KEYS].sort());
      for (const [key, values] of Object.entries(RESPONSE_KEY_VALUES)) {
        expect(values).toContain(r[key as keyof typeof r]);
      }
    }
  });
});

describe('preferredRoutingCriteria', () => {
  const preferred = decide(factsFor(BUSY, [QUEUE]));

  it('is one Match step on the agent id with the expiry, so the queue takes over after it', () => {
    expect(preferredRoutingCriteria(preferred, 20)).toEqual({
      Steps: [
        {
          Expression: {
            AttributeCondition: {
              ComparisonOperator: 'Match',
              MatchCriteria: { AgentsCriteria: { AgentIds: ['a1'] } },
            },
          },
          Expiry: { DurationInSeconds: 20 },
        },
      ],
    });
  });

  it.each([0, -5, 1.5, Number.NaN, MAX_PREFERRED_AGENT_SECONDS + 1])(
    'refuses an expiry of %s seconds (no step without a bounded end)',
    (seconds) => {
      expect(preferredRoutingCriteria(preferred, seconds)).toBeUndefined();
    },
  );

  it('is undefined when no agent is worth a step', () => {
    expect(preferredRoutingCriteria(decide(factsFor(BUSY, [OTHER_QUEUE])), 20)).toBeUndefined();
    expect(preferredRoutingCriteria(buildResponse('LOOKUP_FAILED'), 20)).toBeUndefined();
  });
});

describe('findLastAgent: routing profile queues', () => {
  const instance: InstanceRef = { instanceId: 'i', instanceArn: 'arn:aws:connect:us-east-1:1:instance/i' };
  const input = { numberForms: ['+14155550101'], instance, availableStatusNames: ['Available'] };
  const ports = (
    state: AgentState,
    queues: LookupPorts['findAgentQueueArns'],
  ): LookupPorts & { asked: number } => {
    const p = {
      asked: 0,
      warmUp: async () => undefined,
      findLastAnsweredCall: async () => call,
      findConnectAgent: async () => agent,
      getAgentState: async () => state,
      findQueueArn: async () => QUEUE,
      findAgentQueueArns: async (a: ConnectAgent, s: AgentState, i: InstanceRef, b: Budget) => {
        p.asked += 1;
        return queues(a, s, i, b);
      },
    };
    return p;
  };

  it('reads the profile for a routable agent and prefers them', async () => {
    const p = ports(BUSY, async () => [QUEUE]);
    const { response } = await findLastAgent(p, input, Budget.start(5000));
    expect(p.asked).toBe(1);
    expect(response.preferredQueueArn).toBe(QUEUE);
  });

  it('does not spend a Connect request on an agent who is not routable', async () => {
    const p = ports({ loggedIn: true, statusName: 'Offline', availableVoiceSlots: 0 }, async () => [QUEUE]);
    await findLastAgent(p, input, Budget.start(5000));
    expect(p.asked).toBe(0);
  });

  it('keeps the agent when the profile read fails (soft failure, no preference)', async () => {
    const p = ports(AVAILABLE, async () => {
      throw new Error('ThrottlingException');
    });
    const { response, softFailures } = await findLastAgent(p, input, Budget.start(5000));
    expect(response).toMatchObject({
      lookupOutcome: 'AGENT_AVAILABLE',
      lastAgentServesQueue: 'unknown',
      preferredQueueArn: '',
    });
    expect(softFailures).toEqual([expect.stringContaining('agent-queues')]);
  });
});

describe('withRoutingCriteria (what the handler returns)', () => {
  const preferred = decide(factsFor(BUSY, [QUEUE]));

  it('leaves a STRING_MAP answer flat when the flow did not ask', () => {
    expect(withRoutingCriteria(preferred, {})).toBe(preferred);
    expect(withRoutingCriteria(preferred, undefined)).toBe(preferred);
  });

  it('adds the criteria when the flow passes preferredAgentSeconds', () => {
    const r = withRoutingCriteria(preferred, { preferredAgentSeconds: '20' });
    expect(r).toMatchObject({
      ...preferred,
      preferredRoutingCriteria: preferredRoutingCriteria(preferred, 20),
    });
  });

  it.each(['', 'abc', '0', '301', '20.5'])(
    'answers {} for an unusable expiry %j: the flow queues the caller',
    (s) => {
      expect(withRoutingCriteria(preferred, { preferredAgentSeconds: s })).toMatchObject({
        preferredRoutingCriteria: {},
      });
    },
  );

  it('answers {} when nobody is worth a step, so every key is still there', () => {
    expect(
      withRoutingCriteria(buildResponse('NO_RECENT_CALL'), { preferredAgentSeconds: '20' }),
    ).toMatchObject({
      lookupOutcome: 'NO_RECENT_CALL',
      preferredRoutingCriteria: {},
    });
  });
});

describe('lastAgentPorts.findAgentQueueArns (where "serves the last queue" comes from)', () => {
  const instance: InstanceRef = { instanceId: 'i', instanceArn: 'arn:aws:connect:us-east-1:1:instance/i' };
  const connectMock = mockClient(ConnectClient);
  beforeEach(() => connectMock.reset());
  const ports = () =>
    lastAgentPorts({
      directory: new ConnectDirectory(new ConnectClient({ region: 'us-east-1' }), {
        agentCacheTtlMs: 60_000,
        queueCacheTtlMs: 60_000,
      }),
      scvUsernameTemplate: '{userId15}@{orgId15}',
      routingLookbackDays: 7,
    } as unknown as PortDeps);

  it("takes the presence snapshot's queues without asking Connect", async () => {
    const arns = await ports().findAgentQueueArns(
      agent,
      { ...BUSY, inboundQueueArns: [QUEUE] },
      instance,
      Budget.start(5000),
    );
    expect(arns).toEqual([QUEUE]);
    expect(connectMock).toHaveReceivedCommandTimes(ListRoutingProfileQueuesCommand, 0);
  });

  it("otherwise reads the routing profile's voice queues from Connect", async () => {
    connectMock.on(ListRoutingProfileQueuesCommand).resolves({
      RoutingProfileQueueConfigSummaryList: [
        { QueueId: 's', QueueArn: QUEUE, QueueName: 'Support', Priority: 1, Delay: 0, Channel: 'VOICE' },
        { QueueId: 'b', QueueArn: OTHER_QUEUE, QueueName: 'Billing', Priority: 1, Delay: 0, Channel: 'CHAT' },
      ],
    });
    const arns = await ports().findAgentQueueArns(
      agent,
      { ...BUSY, routingProfileId: 'rp-1' },
      instance,
      Budget.start(5000),
    );
    expect(arns).toEqual([QUEUE]);
    expect(connectMock).toHaveReceivedCommandWith(ListRoutingProfileQueuesCommand, {
      InstanceId: 'i',
      RoutingProfileId: 'rp-1',
    });
  });

  it('fails (a soft failure for the lookup) when the state names no routing profile', async () => {
    await expect(ports().findAgentQueueArns(agent, BUSY, instance, Budget.start(5000))).rejects.toThrow(
      /no routing profile/,
    );
  });
});
