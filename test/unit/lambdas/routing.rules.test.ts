/**
 * Routing rules the other suites leave loose: when the routing profile
 * is worth a request, how soft failures are named, the derived response keys, and which
 * `preferredAgentSeconds` values a flow may pass.
 */
import { findLastAgent, type LookupPorts } from '../../../lambdas/src/routing/find-last-agent';
import { buildResponse, withRoutingCriteria } from '../../../lambdas/src/routing/response';
import type { AgentState } from '../../../lambdas/src/routing/types';
import { Budget } from '../../../lambdas/src/shared/budget';
import { agent, answeringPorts, call, input, QUEUE } from '../../fixtures/returning-caller';

const AVAILABLE: AgentState = {
  loggedIn: true,
  statusName: 'Available',
  availableVoiceSlots: 1,
  source: 'connect',
};

/** Ports answering a returning caller; `overrides` replace single ports. The profile reads are counted. */
function ports(overrides: Partial<LookupPorts> = {}) {
  const profileReads: AgentState[] = [];
  const p: LookupPorts = {
    ...answeringPorts({ state: AVAILABLE }),
    findAgentQueueArns: async (_a, state) => {
      profileReads.push(state);
      return [QUEUE];
    },
    ...overrides,
  };
  return { ports: p, profileReads };
}

describe('findLastAgent: the routing profile', () => {
  it('is read for a routable agent with a known last queue, and its queues reach the facts', async () => {
    // Prepare
    const { ports: p, profileReads } = ports();

    // Act
    const { response, facts } = await findLastAgent(p, input, Budget.start(1_000));

    // Assess
    expect(profileReads).toEqual([AVAILABLE]);
    expect(response.preferredQueueArn).toBe(QUEUE);
    expect(facts).toEqual({
      call,
      agent,
      state: AVAILABLE,
      verdict: expect.objectContaining({ reason: 'available' }),
      agentQueueArns: [QUEUE],
      availabilitySource: 'connect',
    });
  });

  it.each([
    ['the status is unknown', { getAgentState: async () => Promise.reject(new Error('throttled')) }],
    ['the agent is offline', { getAgentState: async (): Promise<AgentState> => ({ loggedIn: false }) }],
    ['the agent is unmapped', { findConnectAgent: async () => undefined }],
    ['the last queue is unknown', { findQueueArn: async () => undefined }],
  ])('is not read when %s', async (_why, overrides) => {
    // Prepare
    const { ports: p, profileReads } = ports(overrides as Partial<LookupPorts>);

    // Act
    const { facts } = await findLastAgent(p, input, Budget.start(1_000));

    // Assess
    expect(profileReads).toEqual([]);
    expect(facts.agentQueueArns).toBeUndefined();
  });

  it('names each soft failure by its step, whatever was thrown', async () => {
    // Prepare
    const { ports: p } = ports({
      warmUp: async () => Promise.reject('token endpoint unreachable'),
      findAgentQueueArns: async () =>
        Promise.reject(Object.assign(new Error('slow down'), { name: 'ThrottlingException' })),
    });

    // Act
    const { softFailures, response } = await findLastAgent(p, input, Budget.start(1_000));

    // Assess
    expect(softFailures.sort()).toEqual([
      'agent-queues: ThrottlingException: slow down',
      'warm-up: token endpoint unreachable',
    ]);
    expect(response.lookupOutcome).toBe('AGENT_AVAILABLE');
  });

  it('gives soft steps a budget that ends before the invocation’s', async () => {
    // Prepare
    const budgets: Budget[] = [];
    const { ports: p } = ports({
      getAgentState: async (_a, _i, b) => {
        budgets.push(b);
        return AVAILABLE;
      },
    });
    const invocation = Budget.start(1_000);

    // Act
    await findLastAgent(p, input, invocation);

    // Assess
    expect(budgets[0]?.root).toBe(invocation);
    expect(budgets[0]?.deadlineAt).toBeLessThan(invocation.deadlineAt);
    expect(invocation.deadlineAt - (budgets[0]?.deadlineAt ?? 0)).toBeGreaterThanOrEqual(50);
  });
});

describe('buildResponse', () => {
  it('derives hasLastCallReason from the reason', () => {
    expect(buildResponse('AGENT_AVAILABLE', { lastCallReason: 'Router' }).hasLastCallReason).toBe('true');
    expect(buildResponse('AGENT_AVAILABLE', { lastCallReason: '' }).hasLastCallReason).toBe('false');
    expect(buildResponse('AGENT_AVAILABLE').hasLastCallReason).toBe('false');
  });
});

describe('withRoutingCriteria: preferredAgentSeconds', () => {
  const preferable = buildResponse('AGENT_AVAILABLE', {
    lastAgentFound: 'true',
    lastAgentId: 'a1',
    preferredQueueArn: QUEUE,
  });
  const seconds = (asked: unknown): number | undefined =>
    (
      withRoutingCriteria(preferable, { preferredAgentSeconds: asked }) as {
        preferredRoutingCriteria: { Steps?: { Expiry: { DurationInSeconds: number } }[] };
      }
    ).preferredRoutingCriteria.Steps?.[0]?.Expiry.DurationInSeconds;

  it.each([
    ['1', 1],
    ['300', 300],
    [' 20 ', 20],
  ])('takes %p as %i seconds', (asked, expected) => {
    expect(seconds(asked)).toBe(expected);
  });

  it.each(['20s', 's20', '2 0', '-1', '', 20, null])('refuses %p: no step, the queue answers', (asked) => {
    expect(seconds(asked)).toBeUndefined();
  });
});
