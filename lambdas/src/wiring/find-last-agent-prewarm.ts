/**
 * The pre-warm of a `find-last-agent` container: its cold-start work before the first call, and in
 * a provisioned-concurrency container the rehearsal of an answered lookup (`rehearsal.ts`).
 */
import type { LookupConfig } from '../shared/config';
import { Budget, withinBudget } from '../shared/budget';
import { ConfigError } from '../shared/errors';
import { logger, redactedError } from '../shared/logger';
import { METRIC_SERVICES, unpublishedMetrics } from '../shared/metrics';
import { parseCallerNumber } from '../shared/phone';
import { cachedPrivateKey } from '../salesforce/private-key';
import type { LookupLogRecord } from '../routing/lookup-log';
import { answerContactEvent, type LookupReport } from './find-last-agent-lookup';
import { createRuntime, portsOf, type Runtime } from './find-last-agent-runtime';
import { rehearsalEvents, rehearsalWire, type RehearsalWire } from './rehearsal';

/** How long the pre-warm may run; Lambda's init phase allows 10 s. */
export const PREWARM_MS = 5000;
/** A number from the fictional 555-01xx range: parsing it loads what the first caller's parse would. */
const PREWARM_NUMBER = '+12025550100';
/** The nil UUID: no Connect user has it, so the pre-warm's presence read finds nothing. */
const PREWARM_CONNECT_USER_ID = '00000000-0000-0000-0000-000000000000';

/** What the rehearsal did, for the pre-warm's log line. */
export interface RehearsalSummary {
  /** Rounds run: as many as asked, unless the pre-warm's time ran out first. */
  rounds: number;
  /**
   * AGENT_AVAILABLE when every round found its agent available (every adapter read its canned
   * answer); otherwise the first other outcome.
   */
  outcome: string;
  /**
   * Rounds that took a fallback the rehearsal is not meant to take (a soft failure, the presence
   * table missed, the agent's queue unknown): 0 when the canned answers still match the adapters.
   */
  degraded: number;
  /** How the rehearsed agents were found (`routing-map`, `scv-username`). */
  mappedBy: string[];
  /** Which source answered their availability (`presence`, or `connect` without a table). */
  sources: string[];
  durationMs: number;
}

/**
 * Runs `rounds` lookups of the rehearsal's returning callers on a runtime of its own, built on
 * canned wire answers; nothing leaves the container and nothing is logged or published.
 */
export async function rehearse(
  config: LookupConfig,
  rounds: number,
  until = performance.now() + PREWARM_MS,
  wire: RehearsalWire = rehearsalWire(config),
): Promise<RehearsalSummary> {
  const started = performance.now();
  const runtime = createRuntime({
    config,
    wire,
    // Never a fetch: the rehearsal runs after a pre-warm that has the key in memory.
    keyProvider: (c) => {
      const key = cachedPrivateKey(c);
      return key
        ? Promise.resolve(key)
        : Promise.reject(new ConfigError(['no signing key in memory to rehearse with']));
    },
  });
  // The log record is built as for a caller, then read here instead of written.
  let record: LookupLogRecord | undefined;
  const report: LookupReport = {
    log: (r) => (record = r),
    metrics: unpublishedMetrics(METRIC_SERVICES.findLastAgent),
  };
  const events = rehearsalEvents(config);
  const mappedBy = new Set<string>();
  const sources = new Set<string>();
  let outcome = 'NOT_RUN';
  let degraded = 0;
  let done = 0;
  // Each round answers on its own deadline; the wire answers at once, so only a fault is slow.
  // The callers take turns: one agent mapped by the routing map, one by SCV's username convention.
  for (; done < rounds && performance.now() < until; done++) {
    const response = await answerContactEvent(runtime, events[done % events.length], undefined, report);
    const fields = record?.attributes ?? {};
    if (outcome === 'NOT_RUN' || outcome === 'AGENT_AVAILABLE') outcome = response.lookupOutcome;
    if (
      record?.level !== 'info' ||
      fields.presenceMiss !== undefined ||
      response.lastAgentServesQueue !== 'true'
    )
      degraded += 1;
    if (typeof fields.mappedBy === 'string') mappedBy.add(fields.mappedBy);
    if (typeof fields.availabilitySource === 'string') sources.add(fields.availabilitySource);
  }
  return {
    rounds: done,
    outcome,
    degraded,
    mappedBy: [...mappedBy].sort(),
    sources: [...sources].sort(),
    durationMs: Math.round(performance.now() - started),
  };
}

/**
 * The container's pre-warm for `runtime`: its cold-start work, which needs nothing from a caller:
 * the token grant (with the private key from Secrets Manager), the routing map, the configured
 * instance's queue list, the phone-number parser, one VoiceCall query and one presence-table read;
 * then, when `rehearsals` > 0, that many rehearsed lookups. The returned function starts it on its
 * first call and gives every caller the same promise. The real work runs on its own budget through
 * the same shared flights as a call (a call arriving meanwhile joins them), is bounded by
 * `PREWARM_MS` and never rejects: what fails is left to the first call.
 */
export function prewarmFor(
  runtime: Runtime | Error,
  options: { rehearsals?: number } = {},
): () => Promise<void> {
  let prewarming: Promise<void> | undefined;
  return () => {
    prewarming ??= (async () => {
      if (runtime instanceof Error) return;
      const started = performance.now();
      const sample = parseCallerNumber(PREWARM_NUMBER, runtime.config.defaultCountry);
      const budget = Budget.start(PREWARM_MS);
      const ports = portsOf(runtime);
      const instanceId = runtime.config.connectInstanceId;
      const work = async (): Promise<void> => {
        await (instanceId
          ? ports.warmUp({ instanceId, instanceArn: '' }, budget)
          : Promise.all([runtime.session.connection(budget), runtime.routingMap.load(budget)]));
        // One VoiceCall query for a number nobody has, and one presence read for an agent nobody is:
        // the first caller's requests then run on code V8 has already compiled, an SDK client whose
        // middleware and endpoint are resolved, and connections already open.
        await Promise.all([
          sample ? ports.findLastAnsweredCall(sample.storedForms, budget) : undefined,
          instanceId ? runtime.presence?.get(instanceId, PREWARM_CONNECT_USER_ID, budget.signal) : undefined,
        ]);
      };
      try {
        await withinBudget(work(), budget);
      } catch (e) {
        logger.warn('pre-warm did not finish; the first call completes it', {
          durationMs: Math.round(performance.now() - started),
          error: redactedError(e),
        });
        return;
      } finally {
        budget.end();
      }
      const rehearsal = options.rehearsals
        ? await rehearse(runtime.config, options.rehearsals, started + PREWARM_MS).catch((e: unknown) => ({
            error: redactedError(e),
          }))
        : undefined;
      logger.info('pre-warmed', { durationMs: Math.round(performance.now() - started), rehearsal });
    })();
    return prewarming;
  };
}
