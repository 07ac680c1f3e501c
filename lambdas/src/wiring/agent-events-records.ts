/**
 * The agent-events Lambda's record handling: Kinesis record → decoded agent event → presence
 * table and chat handover, with the metrics the dashboard reads. Kept apart from the handler so
 * tests drive it with their own table and Connect clients.
 */
import type { Metrics } from '@aws-lambda-powertools/metrics';
import { MetricUnit } from '@aws-lambda-powertools/metrics';
import type { KinesisStreamRecord } from 'aws-lambda';
import { logger, redact, redactedError } from '../shared/logger';
import { decodeAgentEvent, type AgentEvent } from '../presence/agent-event';
import type { ContactAttributesPort } from '../presence/chat-handover';
import { processAgentEvent } from '../presence/process-event';
import type { PresenceOptions } from '../presence/presence-item';
import type { PresenceTable } from '../presence/presence-table';
import { AGENT_EVENT_METRICS } from '../shared/metrics';

/** Characters of a malformed record kept in its log line. */
const LOGGED_RECORD_CHARS = 200;

/** A later record of the batch was not attempted because an earlier one failed. */
export class SkippedAfterFailureError extends Error {
  public override readonly name = 'SkippedAfterFailureError';
}

export interface RecordDeps {
  table: PresenceTable;
  contacts: ContactAttributesPort;
  options: PresenceOptions;
  metrics: Metrics;
  now?: () => number;
}

/**
 * A handler for one batch's records. Records of different agents run concurrently; one agent's
 * records run in stream order (Kinesis orders them per partition key, the agent ARN). After an
 * agent's first failure their later records are reported failed unattempted: Lambda resumes the
 * shard at the lowest failed sequence number, so they come again, and applying them now would
 * make the failed event look stale on its retry. Other agents' records that were applied come
 * again too and are then duplicates (no-ops).
 */
export function recordHandlerFor(
  deps: RecordDeps,
  signal: AbortSignal,
): (r: KinesisStreamRecord) => Promise<void> {
  const chains = new Map<string, Promise<unknown>>();
  const failedAgents = new Set<string>();
  const now = deps.now ?? Date.now;

  const processOne = async (event: AgentEvent): Promise<void> => {
    if (failedAgents.has(event.agentArn))
      throw new SkippedAfterFailureError('an earlier record of this agent failed');
    if (signal.aborted) throw new SkippedAfterFailureError('invocation budget spent');
    try {
      const result = await processAgentEvent(event, { ...deps, now, signal });
      deps.metrics.addMetric(AGENT_EVENT_METRICS.processed, MetricUnit.Count, 1);
      deps.metrics.addMetric(
        AGENT_EVENT_METRICS.lag,
        MetricUnit.Milliseconds,
        Math.max(0, now() - event.eventAt),
      );
      if (result.write !== 'applied') deps.metrics.addMetric(AGENT_EVENT_METRICS.stale, MetricUnit.Count, 1);
      if (result.handover.marked > 0)
        deps.metrics.addMetric(AGENT_EVENT_METRICS.chatsMarked, MetricUnit.Count, result.handover.marked);
      logger.debug('agent event', {
        eventType: event.eventType,
        eventId: event.eventId,
        connectUserId: event.connectUserId,
        write: result.write,
        ...result.handover,
      });
    } catch (e) {
      failedAgents.add(event.agentArn);
      logger.warn('agent event failed; the record will be retried', {
        eventId: event.eventId,
        connectUserId: event.connectUserId,
        error: redactedError(e),
      });
      throw e;
    }
  };

  return async (record) => {
    const data = Buffer.from(record.kinesis?.data ?? '', 'base64');
    const decoded = decodeAgentEvent(data);
    if (!decoded.ok) {
      // Never retried: a record that cannot be parsed now never will be. Logged capped and masked.
      deps.metrics.addMetric(AGENT_EVENT_METRICS.malformed, MetricUnit.Count, 1);
      logger.warn('agent event skipped: malformed', {
        reason: decoded.reason,
        sequenceNumber: record.kinesis?.sequenceNumber,
        partitionKey: redact(String(record.kinesis?.partitionKey ?? '')).slice(0, 200),
        data: redact(data.toString('utf8').slice(0, LOGGED_RECORD_CHARS)),
      });
      return;
    }
    const key = decoded.event.agentArn;
    const run = (chains.get(key) ?? Promise.resolve()).then(() => processOne(decoded.event));
    chains.set(
      key,
      run.catch(() => undefined),
    );
    await run;
  };
}
