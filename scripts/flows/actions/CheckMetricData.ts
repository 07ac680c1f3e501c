import { REFERENCE, type ActionSpec } from './types';

const METRICS = [
  'NumberOfAgentsAvailable',
  'NumberOfAgentsStaffed',
  'NumberOfAgentsOnline',
  'OldestContactInQueueAgeSeconds',
  'NumberOfContactsInQueue',
];

export const CheckMetricData: ActionSpec = {
  type: 'CheckMetricData',
  source: `${REFERENCE}flow-control-actions-checkmetricdata.html`,
  params: { required: ['MetricType'], optional: ['QueueId', 'AgentId'] },
  errors: ['NoMatchingCondition', 'NoMatchingError'],
  requiredErrors: ['NoMatchingCondition'],
  rules: {
    'metric-type': { severity: 'error', summary: `MetricType is one of ${METRICS.join(', ')}` },
    'agents-condition': {
      severity: 'error',
      summary: 'NumberOfAgents* metrics take only the condition NumberGreaterThan 0',
    },
    'queue-or-agent': { severity: 'error', summary: 'QueueId and AgentId are exclusive' },
  },
  check({ p, conditions, report }) {
    const metric = p.MetricType;
    if (metric !== undefined && !METRICS.includes(String(metric)))
      report('metric-type', `unknown MetricType "${String(metric)}"`);
    if (String(metric).startsWith('NumberOfAgents')) {
      for (const c of conditions) {
        if (c.Condition.Operator !== 'NumberGreaterThan' || String(c.Condition.Operands[0]) !== '0') {
          report('agents-condition', `${String(metric)} supports only the condition NumberGreaterThan 0`);
        }
      }
    }
    if (p.QueueId !== undefined && p.AgentId !== undefined)
      report('queue-or-agent', 'QueueId and AgentId are exclusive');
  },
};
