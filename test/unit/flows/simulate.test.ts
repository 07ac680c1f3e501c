import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { buildResponse, fallbackResponse } from '../../../lambdas/src/routing/response';
import { runInboundFlow } from '../../../scripts/flows/inbound';
import {
  agentQueueArn,
  formatEnd,
  simulate,
  SimulationError,
  type ContactFlowEvent,
  type LambdaInvoker,
  type SimulateOptions,
} from '../../../scripts/flows/simulate';
import { formatTrace } from '../../../scripts/flows/trace';

const ROOT = join(__dirname, '../../..');
const INSTANCE = 'arn:aws:connect:us-east-1:123456789012:instance/11111111-2222-4333-8444-555555555555';
const ANA_ARN = `${INSTANCE}/agent/a1a1a1a1-0000-4000-8000-00000000a0a1`;
const BEN_ARN = `${INSTANCE}/agent/b2b2b2b2-0000-4000-8000-00000000b0b2`;
const DEFAULT_QUEUE = `${INSTANCE}/queue/0a000000-0000-4000-8000-0000000000b1`;
const SUPPORT_QUEUE = `${INSTANCE}/queue/0a000000-0000-4000-8000-0000000000b2`;
const FIND_LAST_AGENT = 'arn:aws:lambda:us-east-1:123456789012:function:find-last-agent';
const TELEPHONY = 'arn:aws:lambda:us-east-1:123456789012:function:InvokeTelephonyIntegrationApiFunction';
const PLACEHOLDERS = {
  FIND_LAST_AGENT_LAMBDA_ARN: FIND_LAST_AGENT,
  TELEPHONY_INTEGRATION_LAMBDA_ARN: TELEPHONY,
  DEFAULT_QUEUE_ARN: DEFAULT_QUEUE,
  SPEAK_LAST_CALL_REASON: 'true',
};
const NAMES: Record<string, string> = {
  [ANA_ARN]: 'Ana Lopez',
  [BEN_ARN]: 'Ben Okafor',
  [DEFAULT_QUEUE]: 'BasicQueue',
  [SUPPORT_QUEUE]: 'Support',
};
const resolvers = { agentName: (arn: string) => NAMES[arn], queueName: (arn: string) => NAMES[arn] };

const anaAvailable = (reason = '') =>
  buildResponse('AGENT_AVAILABLE', {
    lastAgentFound: 'true',
    lastAgentArn: ANA_ARN,
    lastAgentFirstName: 'Ana',
    lastAgentAvailable: 'true',
    lastAgentStatus: 'Available',
    lastQueueArn: SUPPORT_QUEUE,
    lastQueueName: 'Support',
    lastCallReason: reason,
  });

/** A fake clock the fake Lambda can move, so "slow" costs no real time. */
function fakeClock() {
  let t = 1_000_000;
  return { now: () => t, advance: (ms: number) => (t += ms) };
}

const VOICE_CALL_ID = '0LQSB9000000001AAA';
type FakeLambda = jest.Mock<ReturnType<LambdaInvoker>, Parameters<LambdaInvoker>>;

/** SCV's telephony Lambda answering createVoiceCall. */
const fake = (body: () => ReturnType<LambdaInvoker>): FakeLambda =>
  jest.fn<ReturnType<LambdaInvoker>, Parameters<LambdaInvoker>>(body);
const telephonyOk = (): FakeLambda => fake(async () => ({ voiceCallId: VOICE_CALL_ID }));

/** Both Lambdas the inbound flow invokes, each its own fake, told apart by ARN as Connect does. */
function lambdas(findLastAgent: LambdaInvoker, telephony: LambdaInvoker = telephonyOk()): LambdaInvoker {
  return async (arn, event, limitMs) => {
    if (arn === FIND_LAST_AGENT) return findLastAgent(arn, event, limitMs);
    if (arn === TELEPHONY) return telephony(arn, event, limitMs);
    throw new Error(`no Lambda ${arn}`);
  };
}

/** Runs the inbound flow with `findLastAgent` and a telephony fake (by default one that succeeds). */
function inbound(
  findLastAgent: LambdaInvoker,
  press: '1' | '2' | 'none',
  extra: Partial<SimulateOptions> & { telephony?: LambdaInvoker } = {},
) {
  const { telephony, ...rest } = extra;
  return runInboundFlow({
    caller: '+14155550101',
    press,
    invokeLambda: lambdas(findLastAgent, telephony),
    placeholders: PLACEHOLDERS,
    resolvers,
    repoRoot: ROOT,
    ...rest,
  });
}

const returning = (response: Record<string, string>): FakeLambda => fake(async () => response);
const ids = (r: { steps: { actionId: string }[] }) => r.steps.map((s) => s.actionId);
const prompts = (r: { steps: { prompt?: string }[] }) => r.steps.flatMap((s) => (s.prompt ? [s.prompt] : []));

describe('inbound last-agent routing flow', () => {
  it('available agent + 1: working queue is the agent, marked routed to last agent', async () => {
    // Prepare
    const invoke = returning(anaAvailable());

    // Act
    const result = await inbound(invoke, '1');

    // Assess
    expect(result.end).toEqual({
      kind: 'agent',
      agentArn: ANA_ARN,
      agentName: 'Ana Lopez',
      queueArn: agentQueueArn(ANA_ARN),
      via: 'agent-queue',
    });
    expect(formatEnd(result.end)).toBe('agent Ana Lopez');
    expect(result.attributes['sfdc-Routed_To_Last_Agent__c']).toBe('true');
    expect(result.attributes.lastAgentFirstName).toBe('Ana');
    expect(result.attributes.lastAgentLookupOutcome).toBe('AGENT_AVAILABLE');
    expect(prompts(result)[0]).toContain('To continue with Ana, press 1');
    expect(result.settings.flowLogging).toBe('Enabled');
  });

  it('sends the contact event Connect sends, with the caller number', async () => {
    // Prepare
    const invoke = jest.fn<ReturnType<LambdaInvoker>, Parameters<LambdaInvoker>>(async () => anaAvailable());

    // Act
    await inbound(invoke, '1');

    // Assess
    expect(invoke).toHaveBeenCalledTimes(1);
    const [arn, event, limitMs] = invoke.mock.calls[0] as [string, ContactFlowEvent, number];
    expect(arn).toBe(FIND_LAST_AGENT);
    expect(limitMs).toBe(8000);
    expect(event.Name).toBe('ContactFlowEvent');
    expect(event.Details.ContactData).toMatchObject({
      Channel: 'VOICE',
      CustomerEndpoint: { Address: '+14155550101', Type: 'TELEPHONE_NUMBER' },
      InitiationMethod: 'INBOUND',
      Queue: null,
    });
    expect(event.Details.Parameters).toEqual({});
  });

  it('mentions the previous call reason when it is known', async () => {
    // Prepare
    const invoke = returning(anaAvailable('a billing dispute'));

    // Act
    const result = await inbound(invoke, '1');

    // Assess
    expect(prompts(result)[0]).toMatch(/^Welcome back\. Are you calling about a billing dispute\?/);
    expect(result.steps.map((s) => s.actionId)).toContain('offer-last-agent-with-reason');
    expect(result.end.kind).toBe('agent');
  });

  it('never reads the reason out when the deployment keeps SPEAK_LAST_CALL_REASON false', async () => {
    // Prepare
    const invoke = returning(anaAvailable('a billing dispute'));

    // Act
    const result = await inbound(invoke, '1', {
      placeholders: { ...PLACEHOLDERS, SPEAK_LAST_CALL_REASON: 'false' },
    });

    // Assess
    expect(prompts(result).join(' ')).not.toContain('billing dispute');
    expect(result.steps.map((s) => s.actionId)).toContain('offer-last-agent');
    expect(result.end.kind).toBe('agent');
  });

  it('does not ask about a reason when none is known', async () => {
    // Prepare
    const invoke = returning(anaAvailable(''));

    // Act
    const result = await inbound(invoke, '2');

    // Assess
    expect(prompts(result)[0]).not.toContain('calling about');
    expect(result.steps.map((s) => s.actionId)).toContain('offer-last-agent');
  });

  it('available agent + 2: default queue, not routed to last agent', async () => {
    // Prepare
    const invoke = returning(anaAvailable());

    // Act
    const result = await inbound(invoke, '2');

    // Assess
    expect(result.end).toEqual({ kind: 'queue', queueArn: DEFAULT_QUEUE, queueName: 'BasicQueue' });
    expect(formatEnd(result.end)).toBe('queue BasicQueue');
    expect(result.attributes['sfdc-Routed_To_Last_Agent__c']).toBe('false');
    expect(result.attributes.lastAgentRouting).toBe('default');
  });

  it('available agent + timeout: treated as no, default queue', async () => {
    // Prepare
    const invoke = returning(anaAvailable());

    // Act
    const result = await inbound(invoke, 'none');

    // Assess
    const offer = result.steps.find((s) => s.type === 'GetParticipantInput');
    expect(offer?.branch).toBe('error InputTimeLimitExceeded');
    expect(formatEnd(result.end)).toBe('queue BasicQueue');
    expect(result.attributes['sfdc-Routed_To_Last_Agent__c']).toBe('false');
  });

  it('available agent + a key with no meaning: default queue', async () => {
    // Prepare
    const invoke = returning(anaAvailable());

    // Act
    const result = await simulate({
      flow: readFileSync(join(ROOT, 'flows/inbound-last-agent-routing.json'), 'utf8'),
      invokeLambda: lambdas(invoke),
      contact: { customerNumber: '+14155550101' },
      input: ['7'],
      placeholders: PLACEHOLDERS,
      resolvers,
    });

    // Assess
    expect(result.steps.find((s) => s.type === 'GetParticipantInput')?.branch).toBe(
      'error NoMatchingCondition',
    );
    expect(formatEnd(result.end)).toBe('queue BasicQueue');
  });

  it('unavailable agent with a last queue: last queue, the agent is never offered', async () => {
    // Prepare
    const invoke = returning(
      buildResponse('AGENT_UNAVAILABLE', {
        lastAgentFound: 'true',
        lastAgentArn: BEN_ARN,
        lastAgentFirstName: 'Ben',
        lastAgentAvailable: 'false',
        lastAgentStatus: 'Offline',
        lastQueueArn: SUPPORT_QUEUE,
        lastQueueName: 'Support',
      }),
    );

    // Act
    const result = await inbound(invoke, '1', { contact: { customerNumber: '+14155550102' } });

    // Assess
    expect(result.end).toEqual({ kind: 'queue', queueArn: SUPPORT_QUEUE, queueName: 'Support' });
    expect(result.steps.some((s) => s.type === 'GetParticipantInput')).toBe(false);
    expect(prompts(result).join(' ')).not.toContain('Ben');
    expect(result.attributes['sfdc-Routed_To_Last_Agent__c']).toBe('false');
    expect(result.attributes.lastAgentRouting).toBe('last-queue');
  });

  it('unavailable agent without a last queue: default queue', async () => {
    // Prepare
    const invoke = returning(
      buildResponse('AGENT_UNAVAILABLE', {
        lastAgentFound: 'true',
        lastAgentArn: BEN_ARN,
        lastAgentFirstName: 'Ben',
        lastAgentAvailable: 'false',
      }),
    );

    // Act
    const result = await inbound(invoke, '1');

    // Assess
    expect(formatEnd(result.end)).toBe('queue BasicQueue');
    expect(result.steps.some((s) => s.type === 'GetParticipantInput')).toBe(false);
    expect(result.steps.find((s) => s.actionId === 'check-last-queue')?.branch).toBe(
      'error NoMatchingCondition',
    );
  });

  it('available outcome but availability not "true": no offer, last queue', async () => {
    // Prepare
    const invoke = returning({ ...anaAvailable(), lastAgentAvailable: 'unknown' });

    // Act
    const result = await inbound(invoke, '1');

    // Assess
    expect(result.steps.some((s) => s.type === 'GetParticipantInput')).toBe(false);
    expect(formatEnd(result.end)).toBe('queue Support');
  });

  it('agent not mapped: no offer, default queue', async () => {
    // Prepare
    const invoke = returning(
      buildResponse('AGENT_NOT_MAPPED', { lastAgentFound: 'true', lastAgentFirstName: 'Dev' }),
    );

    // Act
    const result = await inbound(invoke, '1');

    // Assess
    expect(result.steps.some((s) => s.type === 'GetParticipantInput')).toBe(false);
    expect(formatEnd(result.end)).toBe('queue BasicQueue');
    expect(result.attributes.lastAgentLookupOutcome).toBe('AGENT_NOT_MAPPED');
  });

  it('no prior call: default queue', async () => {
    // Prepare
    const invoke = returning(fallbackResponse('NO_RECENT_CALL'));

    // Act
    const result = await inbound(invoke, '1');

    // Assess
    expect(result.steps.find((s) => s.actionId === 'check-lookup-outcome')?.branch).toBe(
      'error NoMatchingCondition',
    );
    expect(formatEnd(result.end)).toBe('queue BasicQueue');
    expect(result.attributes['sfdc-Routed_To_Last_Agent__c']).toBe('false');
  });

  it('Lambda error: Connect retries, then the error branch lands on the default queue', async () => {
    // Prepare
    const invoke = jest.fn(async () => {
      throw new Error('boom');
    });

    // Act
    const result = await inbound(invoke, '1');

    // Assess
    const lambdaStep = result.steps.find((s) => s.type === 'InvokeLambdaFunction');
    expect(lambdaStep?.branch).toBe('error NoMatchingError');
    expect(lambdaStep?.lambda).toMatchObject({ attempts: 4, error: 'boom' });
    expect(invoke).toHaveBeenCalledTimes(4);
    expect(formatEnd(result.end)).toBe('queue BasicQueue');
    expect(result.attributes['sfdc-Routed_To_Last_Agent__c']).toBe('false');
  });

  it('Lambda timeout: a response after the time limit takes the error branch', async () => {
    // Prepare
    const clock = fakeClock();
    const invoke = jest.fn(async () => {
      clock.advance(8_500);
      return anaAvailable();
    });

    // Act
    const result = await inbound(invoke, '1', { now: clock.now });

    // Assess
    const lambdaStep = result.steps.find((s) => s.type === 'InvokeLambdaFunction');
    expect(lambdaStep?.lambda?.error).toMatch(/after the 8 s time limit/);
    expect(invoke).toHaveBeenCalledTimes(1);
    expect(formatEnd(result.end)).toBe('queue BasicQueue');
    expect(result.steps.some((s) => s.type === 'GetParticipantInput')).toBe(false);
  });

  it('Lambda that never answers: cut off by the real time limit', async () => {
    // Prepare
    const flow = JSON.parse(readFileSync(join(ROOT, 'flows/inbound-last-agent-routing.json'), 'utf8'));
    const lambda = flow.Actions.find((a: { Identifier: string }) => a.Identifier === 'find-last-agent');
    lambda.Parameters.InvocationTimeLimitSeconds = 0.05;
    const invoke = jest.fn(() => new Promise<Record<string, string>>(() => undefined));

    // Act
    const result = await simulate({
      flow,
      invokeLambda: lambdas(invoke),
      contact: { customerNumber: '+1' },
      placeholders: PLACEHOLDERS,
      resolvers,
    });

    // Assess
    expect(result.steps[1]?.lambda?.error).toMatch(/no response within/);
    expect(formatEnd(result.end)).toBe('queue BasicQueue');
  });

  it('a non-string value under STRING_MAP is an error, as in Connect', async () => {
    // Prepare
    const invoke = jest.fn(
      async () => ({ ...anaAvailable(), lastAgentAvailable: true }) as Record<string, unknown>,
    );

    // Act
    const result = await inbound(invoke, '1');

    // Assess
    expect(result.steps[1]?.lambda?.error).toMatch(/non-string value at "lastAgentAvailable"/);
    expect(formatEnd(result.end)).toBe('queue BasicQueue');
  });

  it('the agent queue at capacity falls back to the default queue without a second VoiceCall', async () => {
    // Prepare
    const invoke = returning(anaAvailable());
    const telephony = telephonyOk();

    // Act
    const result = await inbound(invoke, '1', { telephony, queuesAtCapacity: [agentQueueArn(ANA_ARN)] });

    // Assess
    expect(result.steps.find((s) => s.actionId === 'transfer-to-queue')?.branch).toBe(
      'error QueueAtCapacity',
    );
    expect(result.steps.find((s) => s.actionId === 'check-routing')?.next).toBe('fallback-default-queue');
    expect(formatEnd(result.end)).toBe('queue BasicQueue');
    expect(telephony).toHaveBeenCalledTimes(1);
    // The known limit (flows/README.md): the VoiceCall was created saying "routed to last agent".
    expect(result.attributes['sfdc-Routed_To_Last_Agent__c']).toBe('true');
    expect(result.attributes.lastAgentTransferFallback).toBe('default');
  });

  it('the last queue at capacity falls back to the default queue the same way', async () => {
    // Prepare
    const invoke = returning({ ...anaAvailable(), lastAgentAvailable: 'unknown' });
    const telephony = telephonyOk();

    // Act
    const result = await inbound(invoke, '1', { telephony, queuesAtCapacity: [SUPPORT_QUEUE] });

    // Assess
    expect(formatEnd(result.end)).toBe('queue BasicQueue');
    expect(telephony).toHaveBeenCalledTimes(1);
    expect(result.attributes.lastAgentRouting).toBe('last-queue');
    expect(result.attributes.lastAgentTransferFallback).toBe('default');
  });

  it('the agent queue and the default queue both at capacity: apology, then disconnect', async () => {
    // Prepare
    const invoke = returning(anaAvailable());
    const telephony = telephonyOk();

    // Act
    const result = await inbound(invoke, '1', {
      telephony,
      queuesAtCapacity: [agentQueueArn(ANA_ARN), DEFAULT_QUEUE],
    });

    // Assess
    expect(result.end).toEqual({ kind: 'disconnected' });
    expect(ids(result).slice(-3)).toEqual([
      'transfer-to-default-queue',
      'tell-queue-unavailable',
      'disconnect',
    ]);
    expect(telephony).toHaveBeenCalledTimes(1);
  });

  it('the default queue at capacity: apology, then disconnect', async () => {
    // Prepare
    const invoke = returning(fallbackResponse('NO_RECENT_CALL'));

    // Act
    const result = await inbound(invoke, 'none', { queuesAtCapacity: [DEFAULT_QUEUE] });

    // Assess
    expect(result.end).toEqual({ kind: 'disconnected' });
    expect(formatEnd(result.end)).toBe('disconnected');
    expect(prompts(result).at(-1)).toMatch(/all of our agents are busy/);
    // The default path's own transfer error does not try the default queue a second time.
    expect(ids(result)).not.toContain('fallback-default-queue');
  });

  it('prints a readable trace ending with where the call went', async () => {
    // Prepare
    const invoke = returning(anaAvailable());

    // Act
    const text = formatTrace(await inbound(invoke, '1'));

    // Assess
    expect(text).toContain('find-last-agent');
    expect(text).toContain('lookupOutcome=AGENT_AVAILABLE');
    expect(text).toContain('caller pressed 1');
    expect(text.split('\n').at(-1)).toBe('=> agent Ana Lopez (agent queue)');
  });
});

describe('inbound flow: SCV creates the VoiceCall once, after the routing decision', () => {
  const benUnavailable = buildResponse('AGENT_UNAVAILABLE', {
    lastAgentFound: 'true',
    lastAgentArn: BEN_ARN,
    lastAgentFirstName: 'Ben',
    lastAgentAvailable: 'false',
    lastQueueArn: SUPPORT_QUEUE,
    lastQueueName: 'Support',
  });
  const failing: LambdaInvoker = async () => {
    throw new Error('boom');
  };
  const PATHS: [
    path: string,
    findLastAgent: () => LambdaInvoker,
    press: '1' | '2' | 'none',
    routed: string,
    routing: string,
    end: string,
  ][] = [
    ['last agent (1)', () => returning(anaAvailable()), '1', 'true', 'last-agent', 'agent Ana Lopez'],
    ['declined (2)', () => returning(anaAvailable()), '2', 'false', 'default', 'queue BasicQueue'],
    ['no answer (timeout)', () => returning(anaAvailable()), 'none', 'false', 'default', 'queue BasicQueue'],
    ['agent unavailable', () => returning(benUnavailable), '1', 'false', 'last-queue', 'queue Support'],
    [
      'no prior call',
      () => returning(fallbackResponse('NO_RECENT_CALL')),
      '1',
      'false',
      'default',
      'queue BasicQueue',
    ],
    ['lookup Lambda failed', () => failing, '1', 'false', 'default', 'queue BasicQueue'],
  ];

  it.each(PATHS)('%s: one createVoiceCall carrying the sfdc- field, then the transfer', async (...row) => {
    // Prepare
    const [, findLastAgent, press, routed, routing, end] = row;
    const telephony = telephonyOk();

    // Act
    const result = await inbound(findLastAgent(), press, { telephony });

    // Assess
    expect(telephony).toHaveBeenCalledTimes(1);
    const [arn, event, limitMs] = telephony.mock.calls[0] as [string, ContactFlowEvent, number];
    expect(arn).toBe(TELEPHONY);
    expect(limitMs).toBe(8000);
    expect(event.Details.Parameters).toEqual({ methodName: 'createVoiceCall' });
    // SCV sends Salesforce only what the attributes hold at this moment.
    expect(event.Details.ContactData.Attributes).toMatchObject({
      'sfdc-Routed_To_Last_Agent__c': routed,
      lastAgentRouting: routing,
    });
    expect(result.attributes.voiceCallId).toBe(VOICE_CALL_ID);
    expect(formatEnd(result.end)).toBe(end);
    const order = ids(result);
    const lastTargetQueue = order.lastIndexOf(
      result.steps.filter((s) => s.type === 'UpdateContactTargetQueue').at(-1)?.actionId as string,
    );
    expect(lastTargetQueue).toBeGreaterThanOrEqual(0);
    expect(lastTargetQueue).toBeLessThan(order.indexOf('create-voice-call'));
    expect(order.indexOf('create-voice-call')).toBeLessThan(order.indexOf('transfer-to-queue'));
    expect(order.at(-1)).toBe('transfer-to-queue');
  });

  it('createVoiceCall times out twice: the error attribute is set and the call still goes to Ana', async () => {
    // Prepare
    const clock = fakeClock();
    const telephony = jest.fn(async () => {
      clock.advance(9_000);
      return { voiceCallId: 'late' };
    });

    // Act
    const result = await inbound(returning(anaAvailable()), '1', { telephony, now: clock.now });

    // Assess
    expect(telephony).toHaveBeenCalledTimes(2);
    expect(result.steps.filter((s) => s.type === 'Loop').map((s) => s.detail)).toEqual([
      'iteration 1 of 2',
      'iteration 2 of 2',
      'done after 2',
    ]);
    expect(result.attributes.createVoiceCallError).toMatch(/failed twice/);
    expect(result.attributes.voiceCallId).toBeUndefined();
    expect(formatEnd(result.end)).toBe('agent Ana Lopez');
  });

  it('createVoiceCall throws: Connect retries within each try, then the call is routed anyway', async () => {
    // Prepare
    const telephony = jest.fn(async () => {
      throw new Error('Unsupported method');
    });

    // Act
    const result = await inbound(returning(anaAvailable()), '2', { telephony });

    // Assess
    expect(telephony).toHaveBeenCalledTimes(8);
    expect(result.attributes.createVoiceCallError).toMatch(/failed twice/);
    expect(formatEnd(result.end)).toBe('queue BasicQueue');
  });

  it('a cold first try and a good second one: one VoiceCall id kept, no error attribute', async () => {
    // Prepare
    const clock = fakeClock();
    let calls = 0;
    const telephony = jest.fn(async () => {
      calls++;
      if (calls === 1) clock.advance(9_000);
      return { voiceCallId: VOICE_CALL_ID };
    });

    // Act
    const result = await inbound(returning(anaAvailable()), '1', { telephony, now: clock.now });

    // Assess
    expect(telephony).toHaveBeenCalledTimes(2);
    expect(result.attributes.voiceCallId).toBe(VOICE_CALL_ID);
    expect(result.attributes.createVoiceCallError).toBeUndefined();
  });
});

describe('agent transfer flow', () => {
  const flow = readFileSync(join(ROOT, 'flows/agent-transfer.json'), 'utf8');
  const contact = { customerNumber: '+14155550101', transferAgentArn: ANA_ARN, previousContactId: 'prev-1' };

  it('creates the transfer VoiceCall, keeps its id, records, and transfers to the agent', async () => {
    // Prepare
    const invoke = jest.fn<ReturnType<LambdaInvoker>, Parameters<LambdaInvoker>>(async () => ({
      voiceCallId: '0LQSB0000000001',
    }));

    // Act
    const result = await simulate({
      flow,
      invokeLambda: invoke,
      contact,
      placeholders: PLACEHOLDERS,
      resolvers,
    });

    // Assess
    expect(invoke).toHaveBeenCalledTimes(1);
    expect(invoke.mock.calls[0]?.[0]).toBe(TELEPHONY);
    expect(invoke.mock.calls[0]?.[1].Details.Parameters).toEqual({ methodName: 'createTransferVC' });
    expect(result.attributes.voiceCallId).toBe('0LQSB0000000001');
    expect(result.attributes.createTransferVCError).toBeUndefined();
    expect(result.settings.recording).toEqual({ RecordedParticipants: ['Agent', 'Customer'] });
    expect(result.settings.flowLogging).toBe('Enabled');
    expect(result.end).toMatchObject({ kind: 'agent', agentArn: ANA_ARN, via: 'transfer-to-agent' });
  });

  it('tries the Lambda a second time when the first invocation fails', async () => {
    // Prepare
    const clock = fakeClock();
    let calls = 0;
    const invoke = jest.fn(async () => {
      calls++;
      // A cold start: the first invocation runs out the clock, the second answers.
      if (calls === 1) clock.advance(9_000);
      return { voiceCallId: '0LQSB0000000002' };
    });

    // Act
    const result = await simulate({
      flow,
      invokeLambda: invoke,
      contact,
      placeholders: PLACEHOLDERS,
      resolvers,
      now: clock.now,
    });

    // Assess
    expect(invoke).toHaveBeenCalledTimes(2);
    expect(result.steps.filter((s) => s.type === 'Loop').map((s) => s.detail)).toEqual([
      'iteration 1 of 2',
      'iteration 2 of 2',
    ]);
    expect(result.attributes.voiceCallId).toBe('0LQSB0000000002');
    expect(formatEnd(result.end)).toBe('agent Ana Lopez');
  });

  it('sets the error attribute when both tries fail, and still transfers', async () => {
    // Prepare
    const clock = fakeClock();
    const invoke = jest.fn(async () => {
      clock.advance(9_000);
      return { voiceCallId: 'late' };
    });

    // Act
    const result = await simulate({
      flow,
      invokeLambda: invoke,
      contact,
      placeholders: PLACEHOLDERS,
      resolvers,
      now: clock.now,
    });

    // Assess
    expect(invoke).toHaveBeenCalledTimes(2);
    expect(result.attributes.createTransferVCError).toMatch(/failed twice/);
    expect(result.attributes.voiceCallId).toBeUndefined();
    expect(formatEnd(result.end)).toBe('agent Ana Lopez');
  });

  it('ends at TransferContactToAgent, which has no error branch: no agent means disconnected', async () => {
    // Prepare
    const invoke = returning({ voiceCallId: 'x' });

    // Act
    const result = await simulate({
      flow,
      invokeLambda: invoke,
      contact: { customerNumber: '+1' },
      placeholders: PLACEHOLDERS,
    });

    // Assess
    expect(result.end).toEqual({ kind: 'disconnected', reason: 'no agent to transfer to' });
    expect(result.steps.at(-1)).toMatchObject({ actionId: 'transfer-to-agent', branch: 'end' });
    expect(prompts(result)).toEqual([]);
    expect(result.attributes.voiceCallId).toBe('x');
  });
});

describe('chat disconnect flow', () => {
  const flow = readFileSync(join(ROOT, 'flows/chat-agent-offline-disconnect.json'), 'utf8');
  const noLambda: LambdaInvoker = async () => {
    throw new Error('no Lambda in this flow');
  };
  const chat = { channel: 'CHAT' as const };

  it('routes the customer back to the queue when they write again', async () => {
    // Prepare / Act
    const result = await simulate({
      flow,
      invokeLambda: noLambda,
      contact: chat,
      input: ['returned'],
      placeholders: PLACEHOLDERS,
      resolvers,
    });

    // Assess
    expect(result.steps.find((s) => s.type === 'Wait')?.branch).toBe('condition Equals "CustomerReturned"');
    // The contact's own queue is not set in this simulation, so the flow falls back to the default queue.
    expect(formatEnd(result.end)).toBe('queue BasicQueue');
  });

  it('closes the chat when the customer does not write within the time limit', async () => {
    // Prepare / Act
    const result = await simulate({
      flow,
      invokeLambda: noLambda,
      contact: chat,
      input: ['timeout'],
      placeholders: PLACEHOLDERS,
      resolvers,
    });

    // Assess
    expect(result.steps.find((s) => s.type === 'Wait')?.branch).toBe('condition Equals "WaitCompleted"');
    expect(result.end.kind).toBe('disconnected');
    expect(prompts(result).at(-1)).toMatch(/chat is now closed/);
  });

  it.each(['VOICE', 'TASK'] as const)(
    'a %s contact is disconnected before any Wait, which only the chat channel supports',
    async (channel) => {
      // Prepare / Act
      const result = await simulate({
        flow,
        invokeLambda: noLambda,
        contact: { channel },
        input: ['returned'],
        placeholders: PLACEHOLDERS,
        resolvers,
      });

      // Assess
      expect(result.steps.map((s) => s.actionId)).toEqual(['check-channel', 'disconnect']);
      expect(result.steps[0]?.branch).toBe('error NoMatchingCondition');
      expect(result.end).toEqual({ kind: 'disconnected' });
      expect(prompts(result)).toEqual([]);
    },
  );

  it('checks the channel first, then waits for a chat customer', async () => {
    // Prepare / Act
    const result = await simulate({
      flow,
      invokeLambda: noLambda,
      contact: chat,
      input: ['returned'],
      placeholders: PLACEHOLDERS,
      resolvers,
    });

    // Assess
    expect(result.steps.slice(0, 4).map((s) => s.actionId)).toEqual([
      'check-channel',
      'check-agent-going-offline',
      'tell-agent-left',
      'wait-for-customer',
    ]);
    expect(result.steps[0]?.branch).toBe('condition Equals "CHAT"');
  });

  it('puts a chat whose agent went offline (marked by agent-events) straight back in its queue with priority 1', async () => {
    // Prepare / Act: Connect gives the disconnect flow the contact's own queue as the working queue
    const result = await simulate({
      flow,
      invokeLambda: noLambda,
      contact: { ...chat, attributes: { agentGoingOffline: 'true' }, queueArn: SUPPORT_QUEUE },
      input: [],
      placeholders: PLACEHOLDERS,
      resolvers,
    });

    // Assess
    expect(result.steps.map((s) => s.type)).not.toContain('Wait');
    expect(prompts(result)[0]).toMatch(/agent has gone offline/);
    expect(result.steps.find((s) => s.type === 'UpdateContactRoutingBehavior')?.detail).toBe(
      'queue priority 1',
    );
    expect(result.routing.queuePriority).toBe(1);
    expect(result.end).toMatchObject({ kind: 'queue', queueArn: SUPPORT_QUEUE });
  });
});

describe('simulator edge cases', () => {
  it('refuses to run with a placeholder left unfilled', async () => {
    // Prepare
    const flow = readFileSync(join(ROOT, 'flows/inbound-last-agent-routing.json'), 'utf8');

    // Act
    const run = simulate({
      flow,
      invokeLambda: returning(anaAvailable()),
      placeholders: { DEFAULT_QUEUE_ARN: DEFAULT_QUEUE },
    });

    // Assess
    await expect(run).rejects.toThrow(/FIND_LAST_AGENT_LAMBDA_ARN/);
  });

  it('stops a flow that loops forever', async () => {
    // Prepare
    const flow = {
      Version: '2019-10-30',
      StartAction: 'a',
      Actions: [
        {
          Identifier: 'a',
          Type: 'MessageParticipant',
          Parameters: { Text: 'hi' },
          Transitions: { NextAction: 'b' },
        },
        {
          Identifier: 'b',
          Type: 'MessageParticipant',
          Parameters: { Text: 'again' },
          Transitions: { NextAction: 'a' },
        },
      ],
    };

    // Act
    const run = simulate({ flow, invokeLambda: returning({}), maxSteps: 10 });

    // Assess
    await expect(run).rejects.toThrow(SimulationError);
  });

  it('refuses an action type it does not simulate rather than guessing', async () => {
    // Prepare
    const flow = {
      Version: '2019-10-30',
      StartAction: 'a',
      Actions: [{ Identifier: 'a', Type: 'ShowView', Parameters: {}, Transitions: { NextAction: 'a' } }],
    };

    // Act
    const run = simulate({ flow, invokeLambda: returning({}) });

    // Assess
    await expect(run).rejects.toThrow(/ShowView is not simulated/);
  });
});

describe('routing data and queue flows', () => {
  const routingFlow = (criteria: unknown) => ({
    Version: '2019-10-30',
    StartAction: 'lookup',
    Actions: [
      {
        Identifier: 'lookup',
        Type: 'InvokeLambdaFunction',
        Parameters: { LambdaFunctionARN: FIND_LAST_AGENT, InvocationTimeLimitSeconds: '8' },
        Transitions: {
          NextAction: 'priority',
          Errors: [{ NextAction: 'queue', ErrorType: 'NoMatchingError' }],
        },
      },
      {
        Identifier: 'priority',
        Type: 'UpdateContactRoutingBehavior',
        Parameters: { QueuePriority: '2' },
        Transitions: { NextAction: 'prefer' },
      },
      {
        Identifier: 'prefer',
        Type: 'UpdateContactRoutingCriteria',
        Parameters: { RoutingCriteria: criteria },
        Transitions: { NextAction: 'queue', Errors: [{ NextAction: 'queue', ErrorType: 'NoMatchingError' }] },
      },
      {
        Identifier: 'queue',
        Type: 'UpdateContactTargetQueue',
        Parameters: { QueueId: SUPPORT_QUEUE },
        Transitions: {
          NextAction: 'transfer',
          Errors: [{ NextAction: 'bye', ErrorType: 'NoMatchingError' }],
        },
      },
      {
        Identifier: 'transfer',
        Type: 'TransferContactToQueue',
        Parameters: {},
        Transitions: {
          NextAction: 'bye',
          Errors: [
            { NextAction: 'bye', ErrorType: 'QueueAtCapacity' },
            { NextAction: 'bye', ErrorType: 'NoMatchingError' },
          ],
        },
      },
      { Identifier: 'bye', Type: 'DisconnectParticipant', Parameters: {}, Transitions: {} },
    ],
  });
  const step = {
    Expression: {
      AttributeCondition: {
        ComparisonOperator: 'Match',
        MatchCriteria: { AgentsCriteria: { AgentIds: ['$.External.lastAgentId'] } },
      },
    },
    Expiry: { DurationInSeconds: 30 },
  };

  it('carries static routing steps and the queue priority to the queue the contact lands in', async () => {
    // Prepare
    const flow = routingFlow({ Steps: [step] });

    // Act
    const result = await simulate({ flow, invokeLambda: returning({ lastAgentId: 'ana-id' }), resolvers });

    // Assess
    expect(result.end).toEqual({
      kind: 'queue',
      queueArn: SUPPORT_QUEUE,
      queueName: 'Support',
      routing: { queuePriority: 2, steps: [{ agentIds: ['ana-id'], durationSeconds: 30, raw: step }] },
    });
  });

  it('reads dynamic routing criteria from a JSON Lambda result, and takes the error branch when they are not steps', async () => {
    // Prepare
    const flow = routingFlow('$.External.RoutingCriteria');

    // Act
    const good = await simulate({
      flow,
      invokeLambda: returning({ RoutingCriteria: JSON.stringify({ Steps: [step] }) }),
    });
    const bad = await simulate({ flow, invokeLambda: returning({ RoutingCriteria: 'not json' }) });

    // Assess
    expect(good.end).toMatchObject({ kind: 'queue', routing: { steps: [{ durationSeconds: 30 }] } });
    expect(bad.steps.find((s) => s.actionId === 'prefer')?.branch).toBe('error NoMatchingError');
    expect(bad.end).toMatchObject({ kind: 'queue', routing: { queuePriority: 2 } });
  });

  it('a customer queue flow ends in its looping prompt, which holds the contact', async () => {
    // Prepare
    const flow = {
      Version: '2019-10-30',
      StartAction: 'loop',
      Actions: [
        {
          Identifier: 'loop',
          Type: 'MessageParticipantIteratively',
          Parameters: { Messages: [{ Text: 'Please hold' }, { PromptId: 'music' }] },
          Transitions: { Errors: [{ NextAction: 'loop', ErrorType: 'NoMatchingError' }] },
        },
      ],
    };

    // Act
    const result = await simulate({ flow, invokeLambda: returning({}) });

    // Assess
    expect(result.end).toEqual({ kind: 'held', reason: 'prompts repeat until the contact leaves the flow' });
    expect(result.steps[0]?.prompt).toBe('Please hold / [prompt music]');
  });
});
