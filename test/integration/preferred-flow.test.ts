/**
 * Both inbound modes on the sandbox with the real handler, for every sample caller: the README's
 * table is this test. Busy agents free up on the routing step's simulated clock, per the Connect
 * emulator's agent state.
 */
import { randomUUID } from 'node:crypto';
import type { InboundMode } from '../../scripts/flows/inbound';
import { runInboundOnSandbox, type FindLastAgentHandler } from '../../scripts/flows/sandbox-run';
import { formatEnd } from '../../scripts/flows/simulate';
import { sampleAgent } from '../../scripts/sandbox/sample-data';
import { coldFindLastAgent } from '../fixtures/find-last-agent-handler';
import { useSandbox } from '../fixtures/sandbox-suite';

const suite = useSandbox();
let handler: FindLastAgentHandler;
beforeAll(() => {
  handler = coldFindLastAgent() as unknown as FindLastAgentHandler;
});

const run = (caller: string, mode: InboundMode, press: '1' | '2' | 'none' = '1') =>
  runInboundOnSandbox({ sandbox: suite.sb, handler, caller, press, mode, contactId: randomUUID() });

describe('the sample callers in both modes (caller presses 1)', () => {
  it.each([
    ['+14155550101', 'agent Ana Lopez', 'agent Ana Lopez'],
    ['+14155550102', 'queue Billing', 'queue Billing'],
    ['+14155550103', 'queue Support', 'queue Support'],
    ['+14155550104', 'queue Support', 'queue Support'],
    ['+14155550105', 'agent Eve Martin', 'agent Eve Martin'],
    ['+14155550106', 'queue BasicQueue', 'queue BasicQueue'],
    ['+14155550107', 'agent Ana Lopez', 'agent Ana Lopez'],
    ['+14155550108', 'queue BasicQueue', 'agent Ana Lopez'],
    ['+14155550109', 'agent Ana Lopez', 'agent Ana Lopez'],
    ['+14155550199', 'queue BasicQueue', 'queue BasicQueue'],
    ['+14155550113', 'agent Fay Nguyen', 'queue Support'],
    ['+14155550114', 'queue Support', 'queue Support'],
    ['+14155550115', 'queue Billing', 'agent Hana Sato'],
  ])('%s: preferred → %s, direct → %s', async (caller, preferred, direct) => {
    const p = await run(caller, 'preferred');
    const d = await run(caller, 'direct');
    expect(formatEnd(p.result.end)).toBe(preferred);
    expect(formatEnd(d.result.end)).toBe(direct);
    // Only the agent queue is "routed to the last agent"; a preferred step is not.
    expect(p.voiceCall?.Routed_To_Last_Agent__c).toBe(false);
    if (p.result.end.kind === 'agent') expect(p.result.end.via).toBe('routing-step');
  });
});

describe('preferred mode on the sandbox', () => {
  it("Fay's caller waits for her call to end (8 s of the 20 s step); the trace says so", async () => {
    const r = await run('+14155550113', 'preferred');
    expect(r.result.end).toMatchObject({ kind: 'agent', via: 'routing-step', afterSeconds: 8 });
    expect(r.lambdaCalls[0]?.response).toMatchObject({
      lookupOutcome: 'AGENT_UNAVAILABLE',
      lastAgentRoutable: 'true',
      lastAgentServesQueue: 'true',
    });
  });

  it("follows the emulator's agent state: Fay still on the call at expiry means the queue answers", async () => {
    const fay = sampleAgent('fay').connectUserId as string;
    suite.sb.connect.setUserState(fay, { busyForSeconds: 60 });
    try {
      const r = await run('+14155550113', 'preferred');
      expect(formatEnd(r.result.end)).toBe('queue Support');
    } finally {
      suite.sb.connect.setUserState(fay, { busyForSeconds: 8 });
    }
  });

  it('never prefers Ben (Offline): no routing step, his caller lands in the last queue with priority', async () => {
    const r = await run('+14155550102', 'preferred');
    expect(r.result.steps.map((s) => s.actionId)).not.toContain('prefer-last-agent');
    expect(r.result.steps.find((s) => s.actionId === 'raise-priority')?.detail).toBe('queue priority 2');
    expect(r.result.attributes.lastAgentRouting).toBe('last-queue');
  });

  it('Hana does not serve Billing: no step that would only make her caller wait', async () => {
    const r = await run('+14155550115', 'preferred');
    expect(r.lambdaCalls[0]?.response).toMatchObject({
      lastAgentServesQueue: 'false',
      preferredQueueArn: '',
    });
    expect(r.result.steps.map((s) => s.actionId)).not.toContain('prefer-last-agent');
  });

  it('the org down: the default queue', async () => {
    suite.sb.org.setFaults({ down: true });
    try {
      const r = await run('+14155550101', 'preferred');
      expect(formatEnd(r.result.end)).toBe('queue BasicQueue');
    } finally {
      suite.sb.org.clearFaults();
    }
  });

  it('press 2 and no input: Ana is not preferred; the last queue', async () => {
    for (const press of ['2', 'none'] as const) {
      const r = await run('+14155550101', 'preferred', press);
      expect(formatEnd(r.result.end)).toBe('queue Support');
      expect(r.result.steps.map((s) => s.actionId)).not.toContain('raise-priority');
    }
  });
});
