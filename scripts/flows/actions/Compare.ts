import { SINGLE_JSONPATH } from '../flow-model';
import { REFERENCE, type ActionSpec } from './types';

export const Compare: ActionSpec = {
  type: 'Compare',
  source: `${REFERENCE}flow-control-actions-compare.html`,
  params: { required: ['ComparisonValue'] },
  errors: ['NoMatchingCondition'],
  requiredErrors: ['NoMatchingCondition'],
  rules: {
    'single-jsonpath': {
      severity: 'error',
      summary: 'ComparisonValue is one JSONPath reference such as $.External.key',
    },
    'no-conditions': {
      severity: 'error',
      summary: 'a Compare without conditions always takes NoMatchingCondition',
    },
    'empty-operand': {
      severity: 'warning',
      summary:
        'no published flow compares with an empty operand; AWS says checking for a missing value needs a Lambda',
    },
  },
  check({ p, conditions, report }) {
    const value = p.ComparisonValue;
    if (typeof value === 'string' && value !== '' && !SINGLE_JSONPATH.test(value)) {
      report(
        'single-jsonpath',
        `ComparisonValue must be a single JSONPath such as $.External.key (got "${value}")`,
      );
    }
    if (conditions.length === 0)
      report('no-conditions', 'Compare without conditions always takes NoMatchingCondition');
    for (const c of conditions) {
      if (c.Condition.Operands.length === 1 && c.Condition.Operands[0] === '') {
        report(
          'empty-operand',
          `condition ${c.Condition.Operator} "": no published flow compares with an empty value; have the Lambda return a flag (e.g. hasLastCallReason) and compare with that`,
        );
      }
    }
  },
  simulate(ctx) {
    const value = ctx.resolve(ctx.p.ComparisonValue);
    const hit = ctx.byCondition(value);
    const miss = hit ? undefined : ctx.onError('NoMatchingCondition');
    return {
      kind: 'next',
      target: hit ? hit.NextAction : (miss?.target as string),
      detail: `${String(ctx.p.ComparisonValue)} is ${JSON.stringify(value)}`,
      branch: hit
        ? `condition ${hit.Condition.Operator} ${JSON.stringify(hit.Condition.Operands[0])}`
        : (miss?.branch as string),
    };
  },
};
