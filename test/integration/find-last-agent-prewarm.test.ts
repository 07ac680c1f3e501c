/**
 * The pre-warm: the cold-start work a provisioned-concurrency container does in its init phase,
 * proven from the emulators' journals (which requests happen when), never from a stopwatch.
 */
import type * as HandlerModule from '../../lambdas/src/handlers/find-last-agent';
import { REHEARSAL_ROUNDS } from '../../lambdas/src/wiring/rehearsal';
import { SAMPLE_CALLERS } from '../../scripts/sandbox/sample-data';
import { logged } from '../fixtures/captured-output';
import { contactEvent, lambdaContext } from '../fixtures/contact-event';
import { useSandbox } from '../fixtures/sandbox-suite';

/** A fresh container: the handler module loaded anew with the environment as it is now. */
function freshModule(overrides: Record<string, string> = {}): typeof HandlerModule {
  const saved = { ...process.env };
  Object.assign(process.env, overrides);
  let loaded: typeof HandlerModule | undefined;
  try {
    jest.isolateModules(() => {
      // eslint-disable-next-line @typescript-eslint/no-require-imports
      loaded = require('../../lambdas/src/handlers/find-last-agent') as typeof HandlerModule;
    });
  } finally {
    process.env = saved;
  }
  return loaded as typeof HandlerModule;
}

describe('find-last-agent prewarm()', () => {
  const ctx = useSandbox();
  const available = SAMPLE_CALLERS.find((c) => c.outcome === 'AGENT_AVAILABLE')?.number as string;
  const operations = (): { sf: string[]; connect: string[] } => ({
    sf: ctx.sb.org.journal.map((e) =>
      e.path.startsWith('/services/oauth2/token') ? 'token' : (e.operation ?? e.path),
    ),
    connect: ctx.sb.connect.journal.map((e) => e.operation ?? e.path),
  });

  it("does the cold start before any call, so the first call makes only a warm call's requests", async () => {
    // Prepare: a fresh container; nothing starts outside Lambda until prewarm() is called
    ctx.sb.clearJournals();
    const mod = freshModule();
    expect(operations()).toEqual({ sf: [], connect: [] });

    // Act: the init phase
    await mod.prewarm();
    const init = operations();
    ctx.sb.clearJournals();
    const first = await mod.handler(contactEvent(available), lambdaContext());
    const firstCall = operations();
    ctx.sb.clearJournals();
    await mod.handler(contactEvent(available), lambdaContext());
    const warmCall = operations();

    // Assess
    expect(init.sf).toContain('token');
    expect(init.sf.filter((o) => o !== 'token').length).toBeGreaterThanOrEqual(2); // routing map, VoiceCall
    expect(init.connect).toEqual(['ListQueues']);
    expect(first.lookupOutcome).toBe('AGENT_AVAILABLE');
    expect(firstCall.sf).not.toContain('token');
    expect(firstCall.connect).not.toContain('ListQueues');
    // Salesforce: exactly a warm call's request. Connect: a warm call's, plus only what is per
    // agent (the agent's routing-profile queues, cached after their first call), never the instance's.
    expect(firstCall.sf).toEqual(warmCall.sf);
    expect(firstCall.connect).toEqual(expect.arrayContaining(warmCall.connect));
    expect(firstCall.connect.filter((o) => !warmCall.connect.includes(o))).toEqual(
      firstCall.connect.filter((o) => o === 'ListRoutingProfileQueues'),
    );
  });

  it('rehearses an answered lookup in a provisioned container: no request, log line or metric of its own', async () => {
    // Prepare: metrics on, so that an EMF document written by the rehearsal would show
    const metricsOn = { POWERTOOLS_METRICS_DISABLED: 'false', POWERTOOLS_LOG_LEVEL: 'INFO' };
    const onDemand = freshModule(metricsOn);
    const provisioned = freshModule({
      ...metricsOn,
      AWS_LAMBDA_INITIALIZATION_TYPE: 'provisioned-concurrency',
    });
    const saved = process.env.POWERTOOLS_METRICS_DISABLED;
    process.env.POWERTOOLS_METRICS_DISABLED = 'false';

    // Act
    let plain, rehearsed, firstCall, plainOps, rehearsedOps;
    try {
      ctx.sb.clearJournals();
      plain = await logged(() => onDemand.prewarm());
      plainOps = operations();
      ctx.sb.clearJournals();
      rehearsed = await logged(() => provisioned.prewarm());
      rehearsedOps = operations();
      firstCall = await logged(() => provisioned.handler(contactEvent(available), lambdaContext()));
    } finally {
      process.env.POWERTOOLS_METRICS_DISABLED = saved;
    }

    // Assess: the same requests as an on-demand pre-warm, one line, and the rehearsal got the
    // whole way (every adapter read its canned answer) as often as asked
    expect(rehearsedOps).toEqual(plainOps);
    expect(plain.lines).toEqual([expect.objectContaining({ message: 'pre-warmed' })]);
    expect(plain.lines[0]).not.toHaveProperty('rehearsal');
    expect(rehearsed.lines).toEqual([
      expect.objectContaining({
        message: 'pre-warmed',
        rehearsal: expect.objectContaining({
          rounds: REHEARSAL_ROUNDS,
          outcome: 'AGENT_AVAILABLE',
          degraded: 0,
          mappedBy: ['routing-map', 'scv-username'],
        }),
      }),
    ]);
    // Control: the same container does write a lookup line and metrics for a real call
    expect(firstCall.result.lookupOutcome).toBe('AGENT_AVAILABLE');
    expect(firstCall.lines.map((l) => l.message ?? (l._aws ? 'EMF' : '?'))).toEqual(
      expect.arrayContaining(['last-agent lookup', 'EMF']),
    );
  });

  it('runs once per container: later calls of prewarm() share the first', async () => {
    const mod = freshModule();
    const once = mod.prewarm();
    expect(mod.prewarm()).toBe(once);
    await once;
    ctx.sb.clearJournals();
    await mod.prewarm();
    expect(operations()).toEqual({ sf: [], connect: [] });
  });

  it('never rejects: a misconfigured container or an unreachable org leaves the work to the first call', async () => {
    await expect(freshModule({ SF_LOGIN_URL: '' }).prewarm()).resolves.toBeUndefined();
    ctx.sb.org.setFaults({ down: true });
    try {
      await expect(freshModule().prewarm()).resolves.toBeUndefined();
    } finally {
      ctx.sb.org.clearFaults();
    }
  });
});
