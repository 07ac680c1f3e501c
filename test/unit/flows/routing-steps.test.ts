/**
 * The preferred-agent flow's routing: routing steps on a simulated clock, the checker's rules for
 * the routing actions, and every branch of flows/inbound-preferred-agent.json with fake Lambdas.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  buildResponse,
  fallbackResponse,
  withRoutingCriteria,
  type LastAgentResponse,
} from '../../../lambdas/src/routing/response';
import { checkFlowText } from '../../../scripts/flows/check';
import { runInboundFlow } from '../../../scripts/flows/inbound';
import { playRoutingSteps, type RoutingAgents } from '../../../scripts/flows/routing-steps';
import { formatEnd, SimulationError, simulate, type LambdaInvoker } from '../../../scripts/flows/simulate';

const ROOT = join(__dirname, '../../..');
const INSTANCE = 'arn:aws:connect:us-east-1:123456789012:instance/11111111-2222-4333-8444-555555555555';
const ANA_ID = 'a1a1a1a1-0000-4000-8000-00000000a0a1';
const ANA_ARN = `${INSTANCE}/agent/${ANA_ID}`;
const DEFAULT_QUEUE = `${INSTANCE}/queue/basic`;
const SUPPORT_QUEUE = `${INSTANCE}/queue/support`;
const FIND_LAST_AGENT = 'arn:aws:lambda:us-east-1:123456789012:function:find-last-agent';
const TELEPHONY = 'arn:aws:lambda:us-east-1:123456789012:function:InvokeTelephonyIntegrationApiFunction';
const PLACEHOLDERS = {
  FIND_LAST_AGENT_LAMBDA_ARN: FIND_LAST_AGENT,
  TELEPHONY_INTEGRATION_LAMBDA_ARN: TELEPHONY,
  DEFAULT_QUEUE_ARN: DEFAULT_QUEUE,
  PREFERRED_AGENT_SECONDS: '20',
  SPEAK_LAST_CALL_REASON: 'false',
};
const NAMES: Record<string, string> = {
  [ANA_ARN]: 'Ana Lopez',
  [DEFAULT_QUEUE]: 'BasicQueue',
  [SUPPORT_QUEUE]: 'Support',
};
const resolvers = { agentName: (arn: string) => NAMES[arn], queueName: (arn: string) => NAMES[arn] };

/** Ana as the simulated clock sees her: free after `freeIn` seconds (undefined: never), serving Support. */
const agents = (freeIn: number | undefined, serves = [SUPPORT_QUEUE]): RoutingAgents => ({
  freeInSeconds: (id) => (id === ANA_ID ? freeIn : undefined),
  servesQueue: (id, queue) => id === ANA_ID && serves.includes(queue),
});

describe('playRoutingSteps', () => {
  const step = [{ agentIds: [ANA_ID], durationSeconds: 20 }];

  it('gives the contact to the preferred agent who is free now', () => {
    expect(playRoutingSteps(step, SUPPORT_QUEUE, agents(0))).toEqual({
      kind: 'agent',
      agentId: ANA_ID,
      atSecond: 0,
      step: 1,
    });
  });

  it('waits for a busy agent whose call ends before the step expires', () => {
    expect(playRoutingSteps(step, SUPPORT_QUEUE, agents(8))).toMatchObject({ kind: 'agent', atSecond: 8 });
  });

  it('offers the queue when the agent frees up only after the expiry (or exactly at it)', () => {
    expect(playRoutingSteps(step, SUPPORT_QUEUE, agents(240))).toEqual({ kind: 'queue', atSecond: 20 });
    expect(playRoutingSteps(step, SUPPORT_QUEUE, agents(20))).toEqual({ kind: 'queue', atSecond: 20 });
  });

  it('never gives the contact to an agent who does not serve the queue', () => {
    expect(playRoutingSteps(step, SUPPORT_QUEUE, agents(0, [DEFAULT_QUEUE]))).toEqual({
      kind: 'queue',
      atSecond: 20,
    });
  });

  it('plays the steps in order, adding up their expiries', () => {
    const steps = [
      { agentIds: ['someone-else'], durationSeconds: 10 },
      { agentIds: [ANA_ID], durationSeconds: 20 },
    ];
    expect(playRoutingSteps(steps, SUPPORT_QUEUE, agents(15))).toMatchObject({
      kind: 'agent',
      step: 2,
      atSecond: 15,
    });
  });

  it('reports a step without expiry that nobody can satisfy as stranding the caller', () => {
    expect(playRoutingSteps([{ agentIds: [ANA_ID] }], SUPPORT_QUEUE, agents(undefined))).toEqual({
      kind: 'stranded',
      step: 1,
      agentIds: [ANA_ID],
    });
  });
});

describe('the checker on routing actions', () => {
  const flowWith = (action: Record<string, unknown>, type = 'contactFlow') =>
    JSON.stringify({
      Version: '2019-10-30',
      StartAction: 'a',
      Metadata: { type },
      Actions: [
        {
          Identifier: 'a',
          // "Set routing priority / age" has "Errors: None"; the criteria action has NoMatchingError.
          Transitions:
            action.Type === 'UpdateContactRoutingBehavior'
              ? { NextAction: 'end' }
              : { NextAction: 'end', Errors: [{ NextAction: 'end', ErrorType: 'NoMatchingError' }] },
          ...action,
        },
        { Identifier: 'end', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
      ],
    });
  const problems = (action: Record<string, unknown>, type?: string) =>
    checkFlowText('f.json', flowWith(action, type))
      .filter((p) => p.severity === 'error')
      .map((p) => p.problem);
  const agentStep = (expiry?: unknown) => ({
    Expression: {
      AttributeCondition: {
        ComparisonOperator: 'Match',
        MatchCriteria: { AgentsCriteria: { AgentIds: ['$.Attributes.lastAgentId'] } },
      },
    },
    ...(expiry === undefined ? {} : { Expiry: { DurationInSeconds: expiry } }),
  });

  it('accepts a static agent step with an expiry, and a whole criteria by reference', () => {
    expect(
      problems({
        Type: 'UpdateContactRoutingCriteria',
        Parameters: { RoutingCriteria: { Steps: [agentStep('30')] } },
      }),
    ).toEqual([]);
    expect(
      problems({
        Type: 'UpdateContactRoutingCriteria',
        Parameters: { RoutingCriteria: '$.External.criteria' },
      }),
    ).toEqual([]);
  });

  it('refuses the reference page spelling UpdateRoutingCriteria', () => {
    expect(
      problems({
        Type: 'UpdateRoutingCriteria',
        Parameters: { RoutingCriteria: { Steps: [agentStep(30)] } },
      }),
    ).toEqual([expect.stringContaining('write UpdateContactRoutingCriteria')]);
  });

  it('refuses an agent step without an expiry: it would strand the caller', () => {
    expect(
      problems({
        Type: 'UpdateContactRoutingCriteria',
        Parameters: { RoutingCriteria: { Steps: [agentStep()] } },
      }),
    ).toEqual([expect.stringContaining('matches named agents but has no Expiry.DurationInSeconds')]);
  });

  it('refuses a dynamic expiry (static only, per the reference)', () => {
    expect(
      problems({
        Type: 'UpdateContactRoutingCriteria',
        Parameters: { RoutingCriteria: { Steps: [agentStep('$.External.s')] } },
      }),
    ).toEqual([expect.stringContaining('must be set statically')]);
  });

  it('refuses routing actions in a whisper flow, and holds each to its error branches', () => {
    expect(
      problems({ Type: 'UpdateContactRoutingBehavior', Parameters: { QueuePriority: '2' } }, 'agentWhisper'),
    ).toContainEqual(
      expect.stringContaining('UpdateContactRoutingBehavior cannot be used in a agentWhisper flow'),
    );
    const withTransitions = (type: string, parameters: unknown, transitions: unknown) => {
      const flow = JSON.parse(flowWith({ Type: type, Parameters: parameters })) as {
        Actions: { Transitions: unknown }[];
      };
      (flow.Actions[0] as { Transitions: unknown }).Transitions = transitions;
      return checkFlowText('f.json', JSON.stringify(flow)).map((p) => p.problem);
    };
    // Set routing criteria can fail (NoMatchingError must be wired); routing priority cannot.
    expect(
      withTransitions(
        'UpdateContactRoutingCriteria',
        { RoutingCriteria: '$.Attributes.c' },
        { NextAction: 'end' },
      ),
    ).toEqual([expect.stringContaining('NoMatchingError')]);
    expect(
      withTransitions(
        'UpdateContactRoutingBehavior',
        { QueuePriority: '2' },
        { NextAction: 'end', Errors: [{ NextAction: 'end', ErrorType: 'NoMatchingError' }] },
      ),
    ).toEqual([expect.stringContaining('no error branches')]);
  });

  it('holds QueuePriority to a static whole number from 1', () => {
    expect(
      problems({ Type: 'UpdateContactRoutingBehavior', Parameters: { QueuePriority: '0' } }),
    ).toHaveLength(1);
    expect(
      problems({ Type: 'UpdateContactRoutingBehavior', Parameters: { QueuePriority: '$.External.p' } }),
    ).toHaveLength(1);
    expect(problems({ Type: 'UpdateContactRoutingBehavior', Parameters: {} })).toHaveLength(1);
    expect(
      problems({ Type: 'UpdateContactRoutingBehavior', Parameters: { QueueTimeAdjustmentSeconds: '30' } }),
    ).toEqual([]);
  });
});

function anaPreferred(overrides: Partial<Record<string, string>> = {}, available = true): LastAgentResponse {
  return buildResponse(available ? 'AGENT_AVAILABLE' : 'AGENT_UNAVAILABLE', {
    lastAgentFound: 'true',
    lastAgentArn: ANA_ARN,
    lastAgentId: ANA_ID,
    lastAgentFirstName: 'Ana',
    lastAgentAvailable: available ? 'true' : 'false',
    lastAgentRoutable: 'true',
    lastAgentServesQueue: 'true',
    lastQueueArn: SUPPORT_QUEUE,
    lastQueueName: 'Support',
    lastCallReason: 'Router not delivered',
    preferredQueueArn: SUPPORT_QUEUE,
    ...overrides,
  });
}

describe('flows/inbound-preferred-agent.json, branch by branch', () => {
  /** The flow with find-last-agent answering `response` the way the handler does (routing criteria added). */
  const run = (
    response: LastAgentResponse | (() => never),
    input: string[],
    extra: { freeIn?: number; telephony?: LambdaInvoker; queuesAtCapacity?: string[]; speak?: string } = {},
  ) => {
    const invokeLambda: LambdaInvoker = async (arn, event) => {
      if (arn === TELEPHONY)
        return extra.telephony ? extra.telephony(arn, event, 8000) : { voiceCallId: '0LQ1' };
      if (typeof response === 'function') return response();
      return withRoutingCriteria(response, event.Details.Parameters);
    };
    const flow = readFileSync(join(ROOT, 'flows/inbound-preferred-agent.json'), 'utf8');
    return simulate({
      flow,
      invokeLambda,
      input,
      placeholders: { ...PLACEHOLDERS, SPEAK_LAST_CALL_REASON: extra.speak ?? 'false' },
      resolvers,
      contact: { customerNumber: '+14155550101', instanceArn: INSTANCE },
      routingAgents: agents('freeIn' in extra ? extra.freeIn : 0),
      queuesAtCapacity: extra.queuesAtCapacity,
    });
  };
  const ids = (r: { steps: { actionId: string }[] }) => r.steps.map((s) => s.actionId);
  const priorityOf = (r: { steps: { actionId: string; detail: string }[] }) =>
    r.steps.find((s) => s.actionId === 'raise-priority')?.detail;
  const said = (r: { steps: { prompt?: string }[] }) =>
    r.steps.flatMap((s) => (s.prompt ? [s.prompt] : [])).join(' | ');

  it('available agent + 1: a 20 s step for Ana in Support, and Ana takes it', async () => {
    const r = await run(anaPreferred(), ['1']);
    expect(formatEnd(r.end)).toBe('agent Ana Lopez');
    expect(r.end).toMatchObject({ via: 'routing-step', queueArn: SUPPORT_QUEUE, afterSeconds: 0 });
    expect(r.attributes).toMatchObject({
      lastAgentRouting: 'preferred-agent',
      'sfdc-Routed_To_Last_Agent__c': 'false',
    });
    expect(ids(r)).toContain('prefer-last-agent');
  });

  it.each([['2'], ['timeout'], ['9']])(
    'available agent, caller answers %s: the last queue, no step',
    async (key) => {
      const r = await run(anaPreferred(), [key]);
      expect(formatEnd(r.end)).toBe('queue Support');
      expect(ids(r)).not.toContain('prefer-last-agent');
      expect(r.attributes.lastAgentRouting).toBe('last-queue');
    },
  );

  it('busy agent: preferred without a question; takes the call when free within the step', async () => {
    const r = await run(anaPreferred({}, false), [], { freeIn: 8 });
    expect(said(r)).toContain('finishing another call');
    expect(r.steps.some((s) => s.input !== undefined)).toBe(false);
    expect(r.end).toMatchObject({ kind: 'agent', afterSeconds: 8 });
  });

  it('busy agent who stays busy: the step expires and the queue answers', async () => {
    const r = await run(anaPreferred({}, false), [], { freeIn: 240 });
    expect(r.end).toMatchObject({ kind: 'queue', queueArn: SUPPORT_QUEUE });
    expect(r.end).toHaveProperty('routingOutcome', expect.stringContaining('expired after 20 s'));
  });

  it('no preferred queue (agent not routable or not serving it): the last queue, no step', async () => {
    const r = await run(anaPreferred({ preferredQueueArn: '', lastAgentServesQueue: 'false' }), ['1']);
    expect(formatEnd(r.end)).toBe('queue Support');
    expect(ids(r)).not.toContain('prefer-last-agent');
  });

  it('routing criteria the action rejects: still queued in the preferred queue, for everyone', async () => {
    // A Lambda that answers without the criteria (an old version) makes the action fail.
    const r = await run(anaPreferred(), ['1'], {});
    const broken = await simulate({
      flow: readFileSync(join(ROOT, 'flows/inbound-preferred-agent.json'), 'utf8'),
      invokeLambda: async (arn) => (arn === TELEPHONY ? { voiceCallId: '0LQ1' } : anaPreferred()),
      input: ['1'],
      placeholders: PLACEHOLDERS,
      resolvers,
      contact: { customerNumber: '+14155550101', instanceArn: INSTANCE },
      routingAgents: agents(0),
    });
    expect(r.end.kind).toBe('agent');
    expect(broken.steps.find((s) => s.actionId === 'prefer-last-agent')?.branch).toBe(
      'error NoMatchingError',
    );
    expect(formatEnd(broken.end)).toBe('queue Support');
    expect(broken.attributes.lastAgentRouting).toBe('last-queue');
  });

  it('the Lambda fails: the default queue', async () => {
    const r = await run(() => {
      throw new Error('boom');
    }, ['1']);
    expect(formatEnd(r.end)).toBe('queue BasicQueue');
    expect(r.attributes.lastAgentRouting).toBe('default');
  });

  it.each(['NO_RECENT_CALL', 'LOOKUP_TIMED_OUT'] as const)('%s: the default queue', async (outcome) => {
    const r = await run(fallbackResponse(outcome), ['1']);
    expect(formatEnd(r.end)).toBe('queue BasicQueue');
  });

  it('open matter + 1: asked generically (no free text), priority raised, then preferred', async () => {
    const r = await run(anaPreferred({ openMatter: 'true', lastCallReasonStatus: 'Open' }), ['1', '1']);
    expect(said(r)).toContain('still open');
    expect(said(r)).not.toContain('Router not delivered');
    expect(priorityOf(r)).toBe('queue priority 2');
    expect(ids(r).indexOf('raise-priority')).toBeLessThan(ids(r).indexOf('transfer-to-queue'));
    expect(r.end.kind).toBe('agent');
  });

  it('open matter read out only when the deployment opts in', async () => {
    const r = await run(anaPreferred({ openMatter: 'true' }), ['1', '1'], { speak: 'true' });
    expect(said(r)).toContain('Are you calling about Router not delivered?');
  });

  it.each([['2'], ['timeout']])('open matter answered %s: no priority, routing goes on', async (key) => {
    const r = await run(anaPreferred({ openMatter: 'true' }, false), [key], { freeIn: 0 });
    expect(priorityOf(r)).toBeUndefined();
    expect(r.end.kind).toBe('agent');
  });

  it('open matter with an Offline agent: priority raised in the last queue', async () => {
    const offline = anaPreferred(
      { openMatter: 'true', lastAgentRoutable: 'false', preferredQueueArn: '' },
      false,
    );
    const r = await run(offline, ['1']);
    expect(priorityOf(r)).toBe('queue priority 2');
    expect(formatEnd(r.end)).toBe('queue Support');
  });

  it('the preferred queue at capacity: the default queue, without creating the VoiceCall again', async () => {
    let creates = 0;
    const r = await run(anaPreferred(), ['1'], {
      queuesAtCapacity: [SUPPORT_QUEUE],
      telephony: async () => {
        creates += 1;
        return { voiceCallId: '0LQ1' };
      },
    });
    expect(creates).toBe(1);
    expect(r.attributes.lastAgentTransferFallback).toBe('default');
    // The step still applies in the default queue, which Ana does not serve: it expires into the queue.
    expect(formatEnd(r.end)).toBe('queue BasicQueue');
  });

  it('createVoiceCall failing twice still routes the call', async () => {
    const r = await run(anaPreferred(), ['1'], {
      telephony: async () => {
        throw new Error('SCV down');
      },
    });
    expect(r.attributes.createVoiceCallError).toContain('failed twice');
    expect(r.end.kind).toBe('agent');
  });

  it('a flow whose agent step has no expiry fails the simulation instead of parking the caller', async () => {
    const flow = JSON.parse(readFileSync(join(ROOT, 'flows/inbound-preferred-agent.json'), 'utf8')) as {
      Actions: { Identifier: string; Parameters: Record<string, unknown> }[];
    };
    const prefer = flow.Actions.find((a) => a.Identifier === 'prefer-last-agent');
    (prefer as { Parameters: Record<string, unknown> }).Parameters = {
      RoutingCriteria: {
        Steps: [
          {
            Expression: {
              AttributeCondition: {
                ComparisonOperator: 'Match',
                MatchCriteria: { AgentsCriteria: { AgentIds: ['$.External.lastAgentId'] } },
              },
            },
          },
        ],
      },
    };
    await expect(
      simulate({
        flow: JSON.stringify(flow),
        invokeLambda: async (arn, event) =>
          arn === TELEPHONY
            ? { voiceCallId: '0LQ1' }
            : withRoutingCriteria(anaPreferred({}, false), event.Details.Parameters),
        placeholders: PLACEHOLDERS,
        contact: { customerNumber: '+14155550101', instanceArn: INSTANCE },
        routingAgents: agents(undefined),
      }),
    ).rejects.toThrow(SimulationError);
  });

  it('runInboundFlow picks the flow by mode', async () => {
    const r = await runInboundFlow({
      mode: 'preferred',
      caller: '+14155550101',
      press: '1',
      repoRoot: ROOT,
      placeholders: PLACEHOLDERS,
      resolvers,
      contact: { instanceArn: INSTANCE },
      routingAgents: agents(0),
      invokeLambda: async (arn, event) =>
        arn === TELEPHONY
          ? { voiceCallId: '0LQ1' }
          : withRoutingCriteria(anaPreferred(), event.Details.Parameters),
    });
    expect(ids(r)).toContain('prefer-last-agent');
  });
});
