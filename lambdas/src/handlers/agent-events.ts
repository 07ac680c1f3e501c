/**
 * `agent-events`: the Kinesis consumer of Connect's agent event stream (event source mapping with
 * ReportBatchItemFailures). Keeps the presence table and hands chats back to their queue when
 * their agent goes Offline.
 *
 * A record that cannot be parsed is logged and skipped; a transient failure (DynamoDB or Connect
 * throttled or down) is reported as that record's failure (and that agent's later records' in the
 * batch), so only they are retried. The handler never throws for one record.
 */
import { setMaxListeners } from 'node:events';
import { BatchProcessor, EventType, processPartialResponse } from '@aws-lambda-powertools/batch';
import type { KinesisStreamEvent, KinesisStreamBatchResponse } from 'aws-lambda';
import type { InvocationContext } from '../shared/invocation';
import { addLogContext, logger } from '../shared/logger';
import { createMetrics, METRIC_SERVICES } from '../shared/metrics';
import { recordHandlerFor } from '../wiring/agent-events-records';
import { createAgentEventsDeps } from '../wiring/agent-events-runtime';

/** Time kept back from Lambda's timeout so the partial response is still returned. */
const TIMEOUT_MARGIN_MS = 1000;

const metrics = createMetrics(METRIC_SERVICES.agentEvents);
const processor = new BatchProcessor(EventType.KinesisDataStreams);

const deps = createAgentEventsDeps();
if (deps instanceof Error)
  logger.error('agent-events is misconfigured; every record is retried', { error: deps.message });

export const handler = async (
  event: KinesisStreamEvent,
  context?: InvocationContext,
): Promise<KinesisStreamBatchResponse> => {
  addLogContext(context);
  const records = Array.isArray(event?.Records) ? event.Records : [];
  if (deps instanceof Error) {
    // Nothing can be stored: every record comes back once the configuration is fixed.
    return { batchItemFailures: records.map((r) => ({ itemIdentifier: r.kinesis?.sequenceNumber ?? '' })) };
  }
  const abort = new AbortController();
  // Every in-flight request of the batch listens on this one signal.
  setMaxListeners(0, abort.signal);
  const remaining = context?.getRemainingTimeInMillis?.();
  const timer =
    remaining === undefined
      ? undefined
      : setTimeout(() => abort.abort(), Math.max(0, remaining - TIMEOUT_MARGIN_MS));
  try {
    return await processPartialResponse(
      { Records: records },
      recordHandlerFor({ ...deps, metrics }, abort.signal),
      processor,
      {
        // One agent's records keep their order inside the record handler; agents run concurrently.
        processInParallel: true,
        throwOnFullBatchFailure: false,
      },
    );
  } finally {
    clearTimeout(timer);
    abort.abort();
    metrics.publishStoredMetrics();
  }
};
