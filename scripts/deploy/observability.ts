/**
 * What an operator sees: one CloudWatch dashboard (last-agent hit rate, fallbacks by reason,
 * lookup latency against the flow's 8 s limit, Connect throttles, which source answered
 * availability, presence freshness, the agent-event stream's iterator age and the records
 * processed) and alarms for lookup failures, timeouts, stream lag and given-up records.
 *
 * Metric names come from lambdas/src/shared/metrics.ts, the module the Lambdas emit them with.
 */
import {
  Duration,
  type Stack,
  aws_cloudwatch as cw,
  aws_cloudwatch_actions as actions,
  aws_sns as sns,
} from 'aws-cdk-lib';
import type { IFunction } from 'aws-cdk-lib/aws-lambda';
import type { IQueue } from 'aws-cdk-lib/aws-sqs';

import { LOOKUP_OUTCOMES, type LookupOutcome } from '../../lambdas/src/routing/response';
import {
  AGENT_EVENT_METRICS,
  LOOKUP_METRICS,
  METRIC_DIMENSIONS,
  METRIC_SERVICES,
  METRICS_NAMESPACE,
} from '../../lambdas/src/shared/metrics';

/** What the observability needs from the stack. */
export interface ObservabilityProps {
  findLastAgent: IFunction;
  /** The function's timeout; Connect's limit on the flow's Lambda call is 8 s at most. */
  timeoutSeconds: number;
  agentEvents?: IFunction;
  failedRecords?: IQueue;
  alarmTopicArn?: string;
}

/** Alarm thresholds, in one place for the docs and the tests. */
export const ALARM_THRESHOLDS = {
  /** LOOKUP_FAILED answers in 5 minutes. */
  lookupFailures: 5,
  /** LOOKUP_TIMED_OUT answers in 5 minutes. */
  lookupTimeouts: 5,
  /** Oldest unread agent event, ms: beyond one heartbeat (120 s) presence is going stale. */
  iteratorAgeMs: 60_000,
} as const;

const PERIOD = Duration.minutes(1);

function lookupMetric(
  name: string,
  statistic: string,
  dimensions: Record<string, string> = {},
  label?: string,
): cw.Metric {
  return new cw.Metric({
    namespace: METRICS_NAMESPACE,
    metricName: name,
    dimensionsMap: { service: METRIC_SERVICES.findLastAgent, ...dimensions },
    statistic,
    period: PERIOD,
    ...(label ? { label } : {}),
  });
}

/** Lookups with one outcome; graphs label it, alarms must not (a label turns it into a metric-math alarm). */
function outcomeMetric(outcome: LookupOutcome, period = PERIOD, labelled = true): cw.Metric {
  const dims = { [METRIC_DIMENSIONS.outcome]: outcome };
  return lookupMetric(LOOKUP_METRICS.outcome, 'Sum', dims, labelled ? outcome : undefined).with({ period });
}

function agentEventMetric(name: string, statistic = 'Sum'): cw.Metric {
  return new cw.Metric({
    namespace: METRICS_NAMESPACE,
    metricName: name,
    dimensionsMap: { service: METRIC_SERVICES.agentEvents },
    statistic,
    period: PERIOD,
    label: name,
  });
}

/** Adds the dashboard and alarms to the stack. */
export function addObservability(stack: Stack, props: ObservabilityProps): void {
  const outcomes = Object.fromEntries(LOOKUP_OUTCOMES.map((o, i) => [`o${i}`, outcomeMetric(o)]));
  const availableId = `o${LOOKUP_OUTCOMES.indexOf('AGENT_AVAILABLE')}`;
  const allIds = Object.keys(outcomes)
    .map((id) => `FILL(${id}, 0)`)
    .join(' + ');
  const hitRate = new cw.MathExpression({
    expression: `100 * FILL(${availableId}, 0) / (${allIds})`,
    usingMetrics: outcomes,
    label: 'Calls offered their last agent (%)',
    period: PERIOD,
  });
  const flowLimitMs = Math.min(8, props.timeoutSeconds) * 1000;

  const widgets: cw.IWidget[][] = [
    [
      new cw.GraphWidget({
        title: 'Last-agent hit rate (AGENT_AVAILABLE of all lookups)',
        left: [hitRate],
        leftYAxis: { min: 0, max: 100, label: '%', showUnits: false },
        width: 8,
      }),
      new cw.GraphWidget({
        title: 'Fallbacks by reason (lookup outcomes other than AGENT_AVAILABLE)',
        left: LOOKUP_OUTCOMES.filter((o) => o !== 'AGENT_AVAILABLE').map((o) => outcomeMetric(o)),
        stacked: true,
        width: 8,
      }),
      new cw.GraphWidget({
        title: 'Lookup latency vs the flow limit',
        left: [
          lookupMetric(LOOKUP_METRICS.latency, 'p50', {}, 'p50'),
          lookupMetric(LOOKUP_METRICS.latency, 'p99', {}, 'p99'),
          props.findLastAgent.metricDuration({
            statistic: 'p99',
            period: PERIOD,
            label: 'Lambda duration p99',
          }),
        ],
        leftAnnotations: [
          { value: flowLimitMs, label: `flow limit ${flowLimitMs / 1000} s`, color: '#d62728' },
        ],
        leftYAxis: { min: 0, label: 'ms', showUnits: false },
        width: 8,
      }),
    ],
    [
      new cw.GraphWidget({
        title: 'Throttles',
        left: [
          lookupMetric(LOOKUP_METRICS.connectThrottles, 'Sum', {}, 'Connect API throttles (lookup)'),
          props.findLastAgent.metricThrottles({ period: PERIOD, label: 'find-last-agent Lambda throttles' }),
        ],
        width: 8,
      }),
      new cw.GraphWidget({
        title: 'Availability answered by',
        left: (['presence', 'connect'] as const).map((source) =>
          lookupMetric(
            LOOKUP_METRICS.availabilitySource,
            'Sum',
            { [METRIC_DIMENSIONS.source]: source },
            source,
          ),
        ),
        stacked: true,
        width: 8,
      }),
      new cw.GraphWidget({
        title: 'Presence age when read (s)',
        left: [
          lookupMetric(LOOKUP_METRICS.presenceAge, 'p50', {}, 'p50'),
          lookupMetric(LOOKUP_METRICS.presenceAge, 'Maximum', {}, 'max'),
        ],
        width: 8,
      }),
    ],
  ];
  if (props.agentEvents) {
    const row: cw.IWidget[] = [
      new cw.GraphWidget({
        title: 'Agent-event stream iterator age',
        left: [
          props.agentEvents.metric('IteratorAge', { statistic: 'Maximum', period: PERIOD, label: 'max' }),
        ],
        leftAnnotations: [{ value: ALARM_THRESHOLDS.iteratorAgeMs, label: 'alarm', color: '#d62728' }],
        width: 8,
      }),
      new cw.GraphWidget({
        title: 'Agent events',
        left: [
          agentEventMetric(AGENT_EVENT_METRICS.processed),
          agentEventMetric(AGENT_EVENT_METRICS.malformed),
          agentEventMetric(AGENT_EVENT_METRICS.stale),
          agentEventMetric(AGENT_EVENT_METRICS.chatsMarked),
        ],
        right: [agentEventMetric(AGENT_EVENT_METRICS.lag, 'p99')],
        width: 8,
      }),
    ];
    if (props.failedRecords) {
      row.push(
        new cw.GraphWidget({
          title: 'Agent events given up on (on-failure queue)',
          left: [
            props.failedRecords.metricApproximateNumberOfMessagesVisible({
              period: PERIOD,
              statistic: 'Maximum',
            }),
          ],
          width: 8,
        }),
      );
    }
    widgets.push(row);
  }
  new cw.Dashboard(stack, 'Dashboard', {
    dashboardName: `${stack.stackName}-last-agent`,
    widgets,
    defaultInterval: Duration.hours(3),
  });

  const topic = props.alarmTopicArn
    ? sns.Topic.fromTopicArn(stack, 'AlarmTopic', props.alarmTopicArn)
    : undefined;
  // Every alarm: no data is no incident (a quiet night), and at-or-above the threshold fires.
  const alarm = (
    id: string,
    a: Omit<cw.AlarmProps, 'evaluationPeriods'> & { evaluationPeriods?: number },
  ): void => {
    const created = new cw.Alarm(stack, id, {
      evaluationPeriods: 1,
      comparisonOperator: cw.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
      treatMissingData: cw.TreatMissingData.NOT_BREACHING,
      ...a,
    });
    if (topic) created.addAlarmAction(new actions.SnsAction(topic));
  };
  const fiveMinutes = Duration.minutes(5);
  alarm('LookupFailuresAlarm', {
    alarmDescription:
      'find-last-agent answered LOOKUP_FAILED (Salesforce or Connect refused or failed): calls fall back to the queue. See the function logs (level warn).',
    metric: outcomeMetric('LOOKUP_FAILED', fiveMinutes, false),
    threshold: ALARM_THRESHOLDS.lookupFailures,
  });
  alarm('LookupTimeoutsAlarm', {
    alarmDescription:
      'find-last-agent hit its deadline (LOOKUP_TIMED_OUT): Salesforce or Connect is slow; calls fall back to the queue.',
    metric: outcomeMetric('LOOKUP_TIMED_OUT', fiveMinutes, false),
    threshold: ALARM_THRESHOLDS.lookupTimeouts,
  });
  alarm('LookupErrorsAlarm', {
    alarmDescription:
      'find-last-agent threw or timed out in Lambda (it should always answer): Connect retries and then takes the Error branch.',
    metric: props.findLastAgent.metricErrors({ period: fiveMinutes, statistic: 'Sum' }),
    threshold: 1,
  });
  if (props.agentEvents) {
    alarm('IteratorAgeAlarm', {
      alarmDescription:
        'agent-events is behind the agent event stream: presence is going stale and lookups fall back to Connect (quota-limited).',
      metric: props.agentEvents.metric('IteratorAge', { statistic: 'Maximum', period: PERIOD }),
      threshold: ALARM_THRESHOLDS.iteratorAgeMs,
      evaluationPeriods: 3,
      comparisonOperator: cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
    });
  }
  if (props.failedRecords) {
    alarm('FailedRecordsAlarm', {
      alarmDescription:
        'Agent events were given up on after bounded retries (the on-failure queue is not empty): read the queue for the shard and sequence numbers.',
      metric: props.failedRecords.metricApproximateNumberOfMessagesVisible({
        period: PERIOD,
        statistic: 'Maximum',
      }),
      threshold: 0,
      comparisonOperator: cw.ComparisonOperator.GREATER_THAN_THRESHOLD,
    });
  }
}
