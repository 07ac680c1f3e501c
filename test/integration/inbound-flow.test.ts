/**
 * The inbound flow end to end: the simulator walks flows/inbound-last-agent-routing.json and
 * invokes the real `find-last-agent` handler against the sandbox, and the sandbox's stand-in for
 * SCV's telephony Lambda creates the VoiceCall in the org emulator, as `npm start` does.
 */
import { randomUUID } from 'node:crypto';
import {
  runInboundOnSandbox,
  type FindLastAgentHandler,
  type SandboxFlowRun,
} from '../../scripts/flows/sandbox-run';
import { formatEnd } from '../../scripts/flows/simulate';
import { startSandbox, type Sandbox } from '../../scripts/sandbox/sandbox';
import { sampleAgent } from '../../scripts/sandbox/sample-data';
import { coldFindLastAgent } from '../fixtures/find-last-agent-handler';

const loadHandler = (overrides?: Record<string, string>): FindLastAgentHandler =>
  coldFindLastAgent(overrides) as unknown as FindLastAgentHandler;

describe('inbound last-agent flow on the sandbox', () => {
  let sandbox: Sandbox;
  let handler: FindLastAgentHandler;
  const savedEnv = { ...process.env };

  beforeAll(async () => {
    sandbox = await startSandbox({ presence: false });
    Object.assign(process.env, sandbox.env, { POWERTOOLS_LOG_LEVEL: 'SILENT' });
    handler = loadHandler();
  });

  afterAll(async () => {
    process.env = savedEnv;
    await sandbox.close();
  });

  beforeEach(() => sandbox.org.clearFaults());

  const voiceCalls = () => sandbox.data.org.VoiceCall ?? [];
  /** One simulated call, with the VoiceCall records the org gained while it ran. */
  const run = async (
    caller: string,
    press: '1' | '2' | 'none',
    h: FindLastAgentHandler = handler,
    extra: Partial<Parameters<typeof runInboundOnSandbox>[0]> = {},
  ) => {
    const before = voiceCalls().length;
    const contactId = randomUUID();
    const r = await runInboundOnSandbox({ sandbox, handler: h, caller, press, contactId, ...extra });
    return { ...r, contactId, created: voiceCalls().slice(before) };
  };
  type Run = Awaited<ReturnType<typeof run>>;
  const prompts = (r: Pick<SandboxFlowRun, 'result'>) =>
    r.result.steps
      .map((s) => s.prompt)
      .filter(Boolean)
      .join(' | ');
  /** SCV created exactly one VoiceCall for the call, for this caller, with this routing flag. */
  const expectOneVoiceCall = (r: Run, caller: string, routedToLastAgent: boolean) => {
    expect(r.created).toHaveLength(1);
    expect(r.created[0]).toMatchObject({
      CallType: 'Inbound',
      FromPhoneNumber: caller,
      VendorCallKey: r.contactId,
      UserId: null,
      Routed_To_Last_Agent__c: routedToLastAgent,
    });
    expect(r.voiceCall).toBe(r.created[0]);
    expect(r.result.attributes.voiceCallId).toBe(r.created[0]?.Id);
    expect(r.telephonyCalls.map((c) => c.methodName)).toEqual(['createVoiceCall']);
  };

  it('available last agent + 1: the working queue is set to Ana and the call goes to her', async () => {
    // Act
    const r = await run('+14155550101', '1');

    // Assess
    const { result, lambdaCalls } = r;
    expect(formatEnd(result.end)).toBe('agent Ana Lopez');
    expect(result.end).toMatchObject({ kind: 'agent', via: 'agent-queue' });
    expect(result.attributes['sfdc-Routed_To_Last_Agent__c']).toBe('true');
    expect(lambdaCalls).toHaveLength(1);
    expect(lambdaCalls[0]?.response?.lookupOutcome).toBe('AGENT_AVAILABLE');
    expect(prompts(r)).toContain('Ana');
    // The sandbox deploys with SPEAK_LAST_CALL_REASON "false": a free-text reason is never read out.
    expect(prompts(r)).not.toContain('Replacement router not delivered');
    expectOneVoiceCall(r, '+14155550101', true);
  });

  it('available last agent + 2: the default queue, not marked as routed to the last agent', async () => {
    // Act
    const r = await run('+14155550101', '2');

    // Assess
    expect(formatEnd(r.result.end)).toBe('queue BasicQueue');
    expect(r.result.attributes['sfdc-Routed_To_Last_Agent__c']).toBe('false');
    expectOneVoiceCall(r, '+14155550101', false);
  });

  it('available last agent + no input: the prompt times out to the default queue', async () => {
    // Act
    const r = await run('+14155550101', 'none');

    // Assess
    expect(formatEnd(r.result.end)).toBe('queue BasicQueue');
    expect(r.result.steps.some((s) => s.branch.includes('InputTimeLimitExceeded'))).toBe(true);
    expectOneVoiceCall(r, '+14155550101', false);
  });

  it('unavailable last agent (Ben, Offline): last-queue routing, and Ben is never offered', async () => {
    // Act
    const run102 = await run('+14155550102', '1');

    // Assess
    expect(formatEnd(run102.result.end)).toBe('queue Billing');
    expect(prompts(run102)).not.toContain('Ben');
    expect(run102.result.steps.some((s) => s.type === 'GetParticipantInput')).toBe(false);
    expect(run102.result.attributes['sfdc-Routed_To_Last_Agent__c']).toBe('false');
    expectOneVoiceCall(run102, '+14155550102', false);
  });

  it('agent with a pending next status (Carla → Offline) is not offered either', async () => {
    // Act
    const r = await run('+14155550103', '1');

    // Assess
    expect(formatEnd(r.result.end)).toBe('queue Support');
    expect(prompts(r)).not.toContain('Carla');
    expectOneVoiceCall(r, '+14155550103', false);
  });

  it('unavailable last agent without a last queue: the default queue', async () => {
    // Prepare: +14155550108's last call was Ana's outbound callback, which has no queue
    const ana = sampleAgent('ana').connectUserId as string;
    sandbox.connect.setUserState(ana, { status: 'Offline', availableVoiceSlots: 0 });

    // Act
    const r = await run('+14155550108', '1');
    sandbox.connect.setUserState(ana, { status: 'Available', availableVoiceSlots: 1 });

    // Assess
    expect(r.lambdaCalls[0]?.response).toMatchObject({
      lookupOutcome: 'AGENT_UNAVAILABLE',
      lastQueueArn: '',
    });
    expect(formatEnd(r.result.end)).toBe('queue BasicQueue');
    expectOneVoiceCall(r, '+14155550108', false);
  });

  it('last agent not mapped to Connect: last-queue routing', async () => {
    // Act
    const r = await run('+14155550104', '1');

    // Assess
    expect(r.lambdaCalls[0]?.response?.lookupOutcome).toBe('AGENT_NOT_MAPPED');
    expect(formatEnd(r.result.end)).toBe('queue Support');
    expectOneVoiceCall(r, '+14155550104', false);
  });

  it('no prior call: straight to the default queue', async () => {
    // Act
    const r = await run('+14155550199', '1');

    // Assess
    expect(r.lambdaCalls[0]?.response?.lookupOutcome).toBe('NO_RECENT_CALL');
    expect(formatEnd(r.result.end)).toBe('queue BasicQueue');
    expect(prompts(r)).not.toContain('Welcome back');
    expectOneVoiceCall(r, '+14155550199', false);
  });

  it('the VoiceCalls created by earlier calls never become anyone’s "last agent" call', async () => {
    // Prepare: every test above has added an unanswered VoiceCall (UserId null) for 101
    const created = voiceCalls().filter((c) => c.FromPhoneNumber === '+14155550101' && c.UserId === null);

    // Act
    const r = await run('+14155550101', '1');

    // Assess
    expect(created.length).toBeGreaterThan(0);
    expect(r.lambdaCalls[0]?.response?.lastAgentFirstName).toBe('Ana');
    expect(formatEnd(r.result.end)).toBe('agent Ana Lopez');
  });

  it('SCV telephony Lambda failing twice: no VoiceCall, the error attribute is set, Ana still gets the call', async () => {
    // Prepare
    const telephony = async (): Promise<Record<string, string>> => {
      throw new Error('Salesforce is unreachable');
    };

    // Act
    const r = await run('+14155550101', '1', handler, { telephony });

    // Assess
    expect(r.created).toEqual([]);
    expect(r.voiceCall).toBeUndefined();
    expect(r.result.attributes.createVoiceCallError).toMatch(/failed twice/);
    // Two tries of the flow's Loop, each retried by Connect (4 attempts).
    expect(r.telephonyCalls).toHaveLength(8);
    expect(r.telephonyCalls[0]?.sfdcAttributes).toEqual({ 'sfdc-Routed_To_Last_Agent__c': 'true' });
    expect(formatEnd(r.result.end)).toBe('agent Ana Lopez');
  });

  it('Lambda error (it throws on every retry): the Error branch lands on the default queue', async () => {
    // Prepare
    const failing: FindLastAgentHandler = async () => {
      throw new Error('Runtime.ImportModuleError');
    };

    // Act
    const r = await run('+14155550101', '1', failing);

    // Assess
    expect(formatEnd(r.result.end)).toBe('queue BasicQueue');
    expect(r.result.steps.some((s) => s.branch.startsWith('error'))).toBe(true);
    expectOneVoiceCall(r, '+14155550101', false);
  });

  it('Lambda timeout (the org hangs): the handler answers LOOKUP_TIMED_OUT in time and the call is routed', async () => {
    // Prepare: a container with a short deadline; the org never answers
    const shortDeadline = loadHandler({ LOOKUP_DEADLINE_MS: '300' });
    sandbox.org.setFaults({ hang: true });

    // Act
    const r = await run('+14155550101', '1', shortDeadline);

    // Assess: the org never answers, so only the handler's own deadline can have produced this
    expect(r.lambdaCalls[0]?.response?.lookupOutcome).toBe('LOOKUP_TIMED_OUT');
    expect(formatEnd(r.result.end)).toBe('queue BasicQueue');
    expectOneVoiceCall(r, '+14155550101', false);
  });

  it('Lambda slower than the flow allows: Connect’s time limit sends the call down the Error branch', async () => {
    // Prepare: a handler that ignores its deadline (as a broken deploy might)
    const late: FindLastAgentHandler = () => new Promise(() => undefined);

    // Act
    const r = await run('+14155550101', '1', late);

    // Assess
    expect(formatEnd(r.result.end)).toBe('queue BasicQueue');
    expect(r.lambdaCalls.length).toBeGreaterThanOrEqual(1);
    expectOneVoiceCall(r, '+14155550101', false);
  }, 20_000);
});
