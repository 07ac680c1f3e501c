import { Metrics, MetricUnit } from '@aws-lambda-powertools/metrics';

import {
  countThrottles,
  publishLookupMetrics,
  UnpublishedMetrics,
  unpublishedMetrics,
} from '../../../lambdas/src/shared/metrics';

type Emf = {
  _aws: {
    CloudWatchMetrics: {
      Namespace: string;
      Dimensions: string[][];
      Metrics: { Name: string; Unit: string }[];
    }[];
  };
  [key: string]: unknown;
};

/** Runs `act` with metrics enabled and returns the EMF documents written to stdout. */
function emitted(
  act: (metrics: Metrics) => void,
  make: () => Metrics = () => new Metrics({ namespace: 'ScvLastAgent', serviceName: 'find-last-agent' }),
): Emf[] {
  const saved = process.env.POWERTOOLS_METRICS_DISABLED;
  delete process.env.POWERTOOLS_METRICS_DISABLED;
  const lines: string[] = [];
  const spy = jest.spyOn(process.stdout, 'write').mockImplementation((chunk: string | Uint8Array) => {
    lines.push(String(chunk));
    return true;
  });
  try {
    act(make());
  } finally {
    spy.mockRestore();
    process.env.POWERTOOLS_METRICS_DISABLED = saved;
  }
  return lines
    .flatMap((l) => l.split('\n'))
    .filter((l) => l.startsWith('{'))
    .map((l) => JSON.parse(l) as Emf);
}

const named = (docs: Emf[], name: string): Emf | undefined =>
  docs.find((d) => d._aws.CloudWatchMetrics[0]?.Metrics.some((m) => m.Name === name));

describe('publishLookupMetrics', () => {
  it('emits the outcome and source with their dimensions, latency, throttles and presence age', () => {
    // Act
    const docs = emitted((m) =>
      publishLookupMetrics(
        'AGENT_AVAILABLE',
        41.6,
        {
          softFailures: ['queue: ThrottlingException: Rate exceeded'],
          availabilitySource: 'presence',
          presenceAgeSeconds: 12,
        },
        m,
      ),
    );
    // Assess
    const outcome = named(docs, 'LookupOutcome');
    expect(outcome?.Outcome).toBe('AGENT_AVAILABLE');
    expect(outcome?._aws.CloudWatchMetrics[0]?.Dimensions[0]).toEqual(
      expect.arrayContaining(['service', 'Outcome']),
    );
    expect(named(docs, 'AvailabilitySource')?.Source).toBe('presence');
    const main = named(docs, 'LookupLatencyMs');
    expect(main).toMatchObject({
      LookupLatencyMs: 42,
      ConnectThrottles: 1,
      PresenceAgeSeconds: 12,
      service: 'find-last-agent',
    });
    expect(main?._aws.CloudWatchMetrics[0]?.Namespace).toBe('ScvLastAgent');
  });

  it('never puts a phone number, contact id or error text in a dimension', () => {
    const docs = emitted((m) =>
      publishLookupMetrics(
        'LOOKUP_FAILED',
        5,
        { error: 'Error: caller +447700900123 contact abc', softFailures: 'x' },
        m,
      ),
    );
    const dimensionNames = docs.flatMap((d) => d._aws.CloudWatchMetrics.flatMap((c) => c.Dimensions.flat()));
    expect(new Set(dimensionNames)).toEqual(new Set(['service', 'Outcome']));
    expect(JSON.stringify(docs)).not.toContain('447700900123');
  });

  it('skips an unknown availability source and a missing presence age', () => {
    const docs = emitted((m) =>
      publishLookupMetrics('NO_RECENT_CALL', 3, { availabilitySource: 'guess' }, m),
    );
    expect(named(docs, 'AvailabilitySource')).toBeUndefined();
    expect(named(docs, 'LookupLatencyMs')).not.toHaveProperty('PresenceAgeSeconds');
  });

  it("writes nothing on the rehearsal's metrics, single metrics included, and keeps nothing for later", () => {
    // Prepare: a lookup that writes three documents on the real metrics
    const lookup = (m: Metrics): void =>
      publishLookupMetrics(
        'AGENT_AVAILABLE',
        12,
        { availabilitySource: 'presence', presenceAgeSeconds: 3 },
        m,
      );
    const rehearsal = unpublishedMetrics('find-last-agent');

    // Act
    const live = emitted(lookup);
    const rehearsed = emitted(lookup, () => rehearsal);
    const later = emitted(
      () => undefined,
      () => rehearsal,
    );

    // Assess
    expect(live).toHaveLength(3);
    expect(rehearsed).toEqual([]);
    expect(later).toEqual([]);
    expect(rehearsal.hasStoredMetrics()).toBe(false);
  });

  it('serialises what the rehearsal publishes, as the real metrics would, and its single metrics are its own kind', () => {
    // Prepare
    const serialise = jest.spyOn(UnpublishedMetrics.prototype, 'serializeMetrics');
    const rehearsal = unpublishedMetrics('find-last-agent');

    // Act
    const single = rehearsal.singleMetric();
    const written = emitted(() => {
      single.addDimension('Outcome', 'AGENT_AVAILABLE');
      single.addMetric('LookupOutcome', MetricUnit.Count, 1);
      rehearsal.addMetric('LookupLatencyMs', MetricUnit.Milliseconds, 3);
      rehearsal.publishStoredMetrics();
    });

    // Assess
    expect(single).toBeInstanceOf(UnpublishedMetrics);
    expect(written).toEqual([]);
    expect(serialise).toHaveBeenCalledTimes(2);
    serialise.mockRestore();
  });
});

describe('countThrottles', () => {
  it("counts Connect throttles among soft failures and the error, not Salesforce's API limit", () => {
    expect(
      countThrottles({
        softFailures: [
          'agent-state: ThrottlingException',
          'queue: TooManyRequestsException',
          'agent-mapping: boom',
        ],
        error: 'REQUEST_LIMIT_EXCEEDED',
      }),
    ).toBe(2);
    expect(countThrottles({})).toBe(0);
  });
});
