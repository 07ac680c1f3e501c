/**
 * CloudWatch metrics of the Lambdas, as Embedded Metric Format log lines (Powertools Metrics):
 * no API call, nothing on the call path but one stdout write. Dimensions are low-cardinality
 * only (outcome, source, service), never a phone number, contact or agent id: each distinct
 * dimension value is a separately billed metric. The stack's dashboard and alarms
 * (scripts/deploy/observability.ts) read these same names.
 */
import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

import type { LookupOutcome } from '../routing/response';

/** The namespace of every metric of this package. */
export const METRICS_NAMESPACE = 'ScvLastAgent';

/** Powertools' `service` dimension per Lambda. */
export const METRIC_SERVICES = { findLastAgent: 'find-last-agent', agentEvents: 'agent-events' } as const;

/** find-last-agent, one set per lookup. */
export const LOOKUP_METRICS = {
  /** Count per lookup, dimension `Outcome` (a `LookupOutcome`). */
  outcome: 'LookupOutcome',
  /** Handler time from event to answer. */
  latency: 'LookupLatencyMs',
  /** Connect calls refused for the request quota during the lookup. */
  connectThrottles: 'ConnectThrottles',
  /** Count per lookup that reached availability, dimension `Source` (`presence` | `connect`). */
  availabilitySource: 'AvailabilitySource',
  /** Age of the presence item that answered availability. */
  presenceAge: 'PresenceAgeSeconds',
} as const;

/** agent-events, one set per batch. */
export const AGENT_EVENT_METRICS = {
  processed: 'RecordsProcessed',
  malformed: 'RecordsMalformed',
  stale: 'RecordsStale',
  chatsMarked: 'ChatsMarked',
  lag: 'EventLagMs',
} as const;

export const METRIC_DIMENSIONS = { outcome: 'Outcome', source: 'Source' } as const;

const namespace = (): string => process.env.POWERTOOLS_METRICS_NAMESPACE || METRICS_NAMESPACE;

/** A Metrics instance for one Lambda; the namespace can be overridden by POWERTOOLS_METRICS_NAMESPACE. */
export function createMetrics(service: string): Metrics {
  return new Metrics({ namespace: namespace(), serviceName: service });
}

/**
 * Metrics built and serialised as the real ones are, and never written: the rehearsal's
 * (wiring/rehearsal.ts). A rehearsed lookup must not count as a caller in any dashboard.
 */
export class UnpublishedMetrics extends Metrics {
  public override publishStoredMetrics(): this {
    try {
      JSON.stringify(this.serializeMetrics());
    } finally {
      this.clearMetrics();
      this.clearDimensions();
      this.clearMetadata();
    }
    return this;
  }

  public override singleMetric(): Metrics {
    return new UnpublishedMetrics({ namespace: namespace(), singleMetric: true });
  }
}

/** Metrics for `service` that are never written (the rehearsal's). */
export function unpublishedMetrics(service: string): Metrics {
  return new UnpublishedMetrics({ namespace: namespace(), serviceName: service });
}

/** find-last-agent's metrics. */
export const lookupMetrics = createMetrics(METRIC_SERVICES.findLastAgent);

/** What the handler knows at the end of a lookup (the fields of its log line are accepted as they are). */
export interface LookupMeasurement {
  softFailures?: unknown;
  error?: unknown;
  errorName?: unknown;
  availabilitySource?: unknown;
  presenceAgeSeconds?: unknown;
}

const THROTTLED = /Throttl|TooManyRequests|Rate exceeded|LimitExceeded/i;

/** Connect throttles named in the lookup's soft failures and error. */
export function countThrottles(measurement: LookupMeasurement): number {
  const texts = [
    ...(Array.isArray(measurement.softFailures) ? measurement.softFailures : []),
    measurement.error,
    measurement.errorName,
  ].filter((t): t is string => typeof t === 'string');
  return texts.filter((t) => THROTTLED.test(t)).length;
}

/**
 * Emits one lookup's metrics. Never throws: a metric must not cost a caller their routing.
 */
export function publishLookupMetrics(
  outcome: LookupOutcome,
  latencyMs: number,
  measurement: LookupMeasurement = {},
  metrics: Metrics = lookupMetrics,
): void {
  try {
    const byOutcome = metrics.singleMetric();
    byOutcome.addDimension(METRIC_DIMENSIONS.outcome, outcome);
    byOutcome.addMetric(LOOKUP_METRICS.outcome, MetricUnit.Count, 1);

    const source = measurement.availabilitySource;
    if (source === 'presence' || source === 'connect') {
      const bySource = metrics.singleMetric();
      bySource.addDimension(METRIC_DIMENSIONS.source, source);
      bySource.addMetric(LOOKUP_METRICS.availabilitySource, MetricUnit.Count, 1);
    }

    metrics.addMetric(LOOKUP_METRICS.latency, MetricUnit.Milliseconds, Math.max(0, Math.round(latencyMs)));
    metrics.addMetric(LOOKUP_METRICS.connectThrottles, MetricUnit.Count, countThrottles(measurement));
    const age = measurement.presenceAgeSeconds;
    if (typeof age === 'number' && Number.isFinite(age) && age >= 0) {
      metrics.addMetric(LOOKUP_METRICS.presenceAge, MetricUnit.Seconds, age);
    }
    metrics.publishStoredMetrics();
  } catch {
    metrics.clearMetrics();
  }
}
