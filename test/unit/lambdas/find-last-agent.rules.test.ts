import fc from 'fast-check';
import {
  findLastAgent,
  softStepReserveMs,
  type LookupPorts,
} from '../../../lambdas/src/routing/find-last-agent';
import { Budget } from '../../../lambdas/src/shared/budget';
import type { AgentState, LastCall } from '../../../lambdas/src/routing/types';
import {
  agent,
  answeringPorts,
  call as namedCall,
  input,
  QUEUE,
  recordingPorts,
} from '../../fixtures/returning-caller';

const { agentFirstName: _firstName, ...call }: LastCall = namedCall;
const available: AgentState = {
  loggedIn: true,
  statusName: 'Available',
  availableVoiceSlots: 1,
  source: 'presence',
};

/** Ports that answer everything, recording the budget each step ran on. */
function portsOn(overrides: Partial<LookupPorts> = {}): LookupPorts & { budgets: Record<string, Budget> } {
  const budgets: Record<string, Budget> = {};
  const recorded = recordingPorts(answeringPorts({ call, state: available }), (name, args) => {
    budgets[name] = args[args.length - 1] as Budget;
  });
  return { budgets, ...recorded, ...overrides };
}

describe('softStepReserveMs', () => {
  it('keeps a tenth of the deadline back, within 50-200 ms', () => {
    // Act / Assess
    expect(
      [0, 100, 400, 499, 500, 1000, 1234, 1235, 2000, 2001, 3000, 30_000].map(softStepReserveMs),
    ).toEqual([50, 50, 50, 50, 50, 100, 123, 124, 200, 200, 200, 200]);
  });

  it('is always within 50..200 and never more than what a tenth rounds to above 500 ms', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 900_000 }), (deadlineMs) => {
        const reserve = softStepReserveMs(deadlineMs);
        expect(reserve).toBeGreaterThanOrEqual(50);
        expect(reserve).toBeLessThanOrEqual(200);
        if (deadlineMs >= 500 && deadlineMs <= 2000) expect(reserve).toBe(Math.round(deadlineMs / 10));
      }),
    );
  });
});

describe('findLastAgent: which budget each step runs on', () => {
  it.each([
    [5000, 200],
    [300, 50],
  ])(
    'gives the call lookup the whole %i ms and the soft steps a budget ending %i ms earlier',
    async (deadlineMs, reserveMs) => {
      // Prepare
      const ports = portsOn();
      const budget = Budget.start(deadlineMs);

      // Act
      await findLastAgent(ports, input, budget);

      // Assess
      expect(ports.budgets.findLastAnsweredCall).toBe(budget);
      for (const soft of [
        'warmUp',
        'findConnectAgent',
        'getAgentState',
        'findQueueArn',
        'findAgentQueueArns',
      ]) {
        expect(ports.budgets[soft]?.root).toBe(budget);
        expect(budget.deadlineAt - (ports.budgets[soft]?.deadlineAt ?? 0)).toBe(reserveMs);
      }
      budget.end();
    },
  );
});

describe('findLastAgent: what a soft failure says', () => {
  it('names the step and the error, also for a warm-up that fails and a thrown non-Error', async () => {
    // Prepare
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    const ports = portsOn({
      warmUp: async () => Promise.reject(throttled),
      findQueueArn: async () => Promise.reject('socket hang up'),
    });

    // Act
    const { response, softFailures } = await findLastAgent(ports, input, Budget.start(5000));

    // Assess
    expect(softFailures.sort()).toEqual([
      'queue: socket hang up',
      'warm-up: ThrottlingException: Rate exceeded',
    ]);
    expect(response.lookupOutcome).toBe('AGENT_AVAILABLE');
  });

  it('waits for the warm-up even when there is no recent call, and reports its failure', async () => {
    // Prepare
    let warmed = false;
    const ports = portsOn({
      findLastAnsweredCall: async () => undefined,
      warmUp: async () => {
        await Promise.resolve();
        warmed = true;
        throw new Error('token grant failed');
      },
    });

    // Act
    const { response, softFailures, facts } = await findLastAgent(ports, input, Budget.start(5000));

    // Assess
    expect([warmed, response.lookupOutcome, facts]).toEqual([true, 'NO_RECENT_CALL', {}]);
    expect(softFailures).toEqual(['warm-up: Error: token grant failed']);
  });

  it('does not look up a queue for a call without a queue name', async () => {
    // Prepare
    const ports = portsOn({ findLastAnsweredCall: async () => ({ ...call, queueName: undefined }) });

    // Act
    const { response } = await findLastAgent(ports, input, Budget.start(5000));

    // Assess
    expect(ports.budgets.findQueueArn).toBeUndefined();
    expect(ports.budgets.findAgentQueueArns).toBeUndefined();
    expect(response).toMatchObject({ lastQueueArn: '', lastAgentServesQueue: '', preferredQueueArn: '' });
  });
});

describe('findLastAgent: the facts it reports', () => {
  it('returns what it learned, with the source that answered the state', async () => {
    // Act
    const { facts } = await findLastAgent(portsOn(), input, Budget.start(5000));

    // Assess
    expect(facts).toEqual({
      call,
      agent,
      state: available,
      verdict: { available: true, reason: 'available' },
      agentQueueArns: [QUEUE],
      availabilitySource: 'presence',
    });
  });

  it('has no state, verdict or source when the state read failed', async () => {
    // Prepare
    const ports = portsOn({ getAgentState: async () => Promise.reject(new Error('down')) });

    // Act
    const { facts } = await findLastAgent(ports, input, Budget.start(5000));

    // Assess
    expect(facts).toMatchObject({
      call,
      agent,
      state: undefined,
      verdict: undefined,
      availabilitySource: undefined,
    });
    expect(ports.budgets.findAgentQueueArns).toBeUndefined();
  });
});
