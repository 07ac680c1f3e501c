import { SINGLE_JSONPATH } from '../flow-model';
import { LIVE_API_EVIDENCE, REFERENCE, type ActionSpec } from './types';

export const Compare: ActionSpec = {
  type: 'Compare',
  source: `${REFERENCE}flow-control-actions-compare.html`,
  evidence: `a literal or a bare namespace as ComparisonValue is rejected; the console writes the else branch as NextAction plus Errors[NoMatchingCondition] (${LIVE_API_EVIDENCE})`,
  params: { required: ['ComparisonValue'] },
  errors: ['NoMatchingCondition'],
  requiredErrors: ['NoMatchingCondition'],
  rules: {
    'single-jsonpath': {
      severity: 'error',
      serviceRejects: true,
      summary: 'ComparisonValue is one JSONPath reference with a leaf, such as $.External.key',
    },
    'no-conditions': {
      severity: 'error',
      summary: 'a Compare without conditions always takes NoMatchingCondition',
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
