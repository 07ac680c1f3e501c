import type { Metrics } from '@aws-lambda-powertools/metrics';
import type { PresenceTable } from '../../../lambdas/src/presence/presence-table';
import { recordHandlerFor, SkippedAfterFailureError } from '../../../lambdas/src/wiring/agent-events-records';
import { kinesisRecord as record } from '../../fixtures/kinesis-record';

const INSTANCE = 'arn:aws:connect:us-east-1:123456789012:instance/i-1';

const event = (agent: string, at: number) => ({
  AgentARN: `${INSTANCE}/agent/${agent}`,
  EventId: `${agent}-${at}`,
  EventTimestamp: new Date(at).toISOString(),
  EventType: 'STATE_CHANGE',
  CurrentAgentSnapshot: { AgentStatus: { Name: 'Available' }, Contacts: [] },
});

function setup(apply: PresenceTable['apply']) {
  const addMetric = jest.fn();
  const handle = recordHandlerFor(
    {
      table: { apply } as unknown as PresenceTable,
      contacts: { update: jest.fn() },
      options: { availableStatusNames: ['Available'], ttlSeconds: 3600 },
      metrics: { addMetric } as unknown as Metrics,
      now: () => 10_000,
    },
    new AbortController().signal,
  );
  const names = () => addMetric.mock.calls.map((c) => c[0]);
  return { handle, addMetric, names };
}

describe('agent-events record handling', () => {
  it('emits the dashboard metrics: processed, stale, lag, malformed', async () => {
    // Prepare
    const { handle, addMetric, names } = setup(jest.fn().mockResolvedValue('duplicate'));

    // Act
    await handle(record(event('a', 9_000), 1));
    await handle(record('garbage', 2));

    // Assess
    expect(names()).toEqual(['RecordsProcessed', 'EventLagMs', 'RecordsStale', 'RecordsMalformed']);
    expect(addMetric).toHaveBeenCalledWith('EventLagMs', 'Milliseconds', 1_000);
  });

  it("after an agent's failure skips only that agent's later records", async () => {
    // Prepare
    const apply = jest
      .fn()
      .mockRejectedValueOnce(
        Object.assign(new Error('throttled'), { name: 'ProvisionedThroughputExceededException' }),
      )
      .mockResolvedValue('applied');
    const { handle } = setup(apply);

    // Act
    const results = await Promise.allSettled([
      handle(record(event('a', 1), 1)),
      handle(record(event('a', 2), 2)),
      handle(record(event('b', 3), 3)),
    ]);

    // Assess
    expect(results.map((r) => r.status)).toEqual(['rejected', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(SkippedAfterFailureError);
    expect(apply).toHaveBeenCalledTimes(2);
  });
});
