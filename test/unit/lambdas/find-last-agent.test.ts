import { findLastAgent, type LookupPorts } from '../../../lambdas/src/routing/find-last-agent';
import { Budget } from '../../../lambdas/src/shared/budget';
import type { AgentState } from '../../../lambdas/src/routing/types';
import { answeringPorts, input, instance, recordingPorts } from '../../fixtures/returning-caller';

const available: AgentState = { loggedIn: true, statusName: 'Available', availableVoiceSlots: 1 };

/** Fake ports recording the order of calls (a port given in `overrides` is not recorded). */
function fakePorts(overrides: Partial<LookupPorts> = {}): LookupPorts & { calls: string[] } {
  const calls: string[] = [];
  const recorded = recordingPorts(answeringPorts({ state: available }), (name) => calls.push(name));
  return Object.assign({ ...recorded, ...overrides }, { calls });
}

describe('findLastAgent', () => {
  it('offers the available last agent with the last queue', async () => {
    // Prepare
    const ports = fakePorts();

    // Act
    const { response, softFailures } = await findLastAgent(ports, input, Budget.start(5000));

    // Assess
    expect(response.lookupOutcome).toBe('AGENT_AVAILABLE');
    expect(response.lastQueueArn).toBe(`${instance.instanceArn}/queue/q1`);
    expect(softFailures).toEqual([]);
    expect(ports.calls).toEqual(
      expect.arrayContaining(['warmUp', 'findLastAnsweredCall', 'findConnectAgent', 'getAgentState']),
    );
  });

  it('stops after the call lookup when there is no recent call', async () => {
    // Prepare
    const ports = fakePorts({ findLastAnsweredCall: async () => undefined });

    // Act
    const { response } = await findLastAgent(ports, input, Budget.start(5000));

    // Assess
    expect(response.lookupOutcome).toBe('NO_RECENT_CALL');
    expect(ports.calls).not.toContain('findConnectAgent');
    expect(ports.calls).not.toContain('getAgentState');
  });

  it('does not ask Connect for the state of an unmapped user', async () => {
    const ports = fakePorts({ findConnectAgent: async () => undefined });
    const { response } = await findLastAgent(ports, input, Budget.start(5000));
    expect(response.lookupOutcome).toBe('AGENT_NOT_MAPPED');
    expect(ports.calls).not.toContain('getAgentState');
  });

  it('turns a throttled status read into AGENT_STATUS_UNKNOWN, not a failure', async () => {
    // Prepare
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    const ports = fakePorts({ getAgentState: async () => Promise.reject(throttled) });

    // Act
    const { response, softFailures } = await findLastAgent(ports, input, Budget.start(5000));

    // Assess
    expect(response.lookupOutcome).toBe('AGENT_STATUS_UNKNOWN');
    expect(response.lastAgentAvailable).toBe('unknown');
    expect(softFailures).toEqual(['agent-state: ThrottlingException: Rate exceeded']);
  });

  it('turns a throttled agent mapping (SearchUsers) into AGENT_STATUS_UNKNOWN with the last queue kept', async () => {
    // Prepare
    const throttled = Object.assign(new Error('Rate exceeded'), { name: 'ThrottlingException' });
    const ports = fakePorts({ findConnectAgent: async () => Promise.reject(throttled) });

    // Act
    const { response, softFailures } = await findLastAgent(ports, input, Budget.start(5000));

    // Assess
    expect(response).toMatchObject({
      lookupOutcome: 'AGENT_STATUS_UNKNOWN',
      lastAgentFound: 'false',
      lastQueueArn: `${instance.instanceArn}/queue/q1`,
    });
    expect(softFailures).toEqual(['agent-mapping: ThrottlingException: Rate exceeded']);
    expect(ports.calls).not.toContain('getAgentState');
  });

  it('keeps the agent when the queue ARN cannot be resolved', async () => {
    const ports = fakePorts({ findQueueArn: async () => Promise.reject(new Error('ListQueues failed')) });
    const { response, softFailures } = await findLastAgent(ports, input, Budget.start(5000));
    expect(response.lookupOutcome).toBe('AGENT_AVAILABLE');
    expect(response.lastQueueArn).toBe('');
    expect(softFailures[0]).toContain('ListQueues failed');
  });

  it('fails the lookup when the call query fails (the handler falls back)', async () => {
    const ports = fakePorts({
      findLastAnsweredCall: async () => Promise.reject(new Error('INVALID_SESSION_ID')),
    });
    await expect(findLastAgent(ports, input, Budget.start(5000))).rejects.toThrow('INVALID_SESSION_ID');
  });

  it('runs the state and queue reads concurrently', async () => {
    // Prepare: neither read answers until both have started, so a sequential lookup never ends
    const started: string[] = [];
    let release: () => void = () => undefined;
    const bothStarted = new Promise<void>((r) => {
      release = r;
    });
    const gate = async <T>(name: string, value: T): Promise<T> => {
      started.push(name);
      if (started.length === 2) release();
      await bothStarted;
      return value;
    };
    const ports = fakePorts({
      getAgentState: () => gate('state', available),
      findQueueArn: () => gate('queue', 'arn:q'),
    });

    // Act
    const { response } = await findLastAgent(ports, input, Budget.start(5000));

    // Assess
    expect(started.sort()).toEqual(['queue', 'state']);
    expect(response).toMatchObject({ lookupOutcome: 'AGENT_AVAILABLE', lastQueueArn: 'arn:q' });
  });
});
