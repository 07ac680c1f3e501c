import { REFERENCE, type ActionSpec } from './types';

const RESULTS = ['True', 'False'];

export const CheckHoursOfOperation: ActionSpec = {
  type: 'CheckHoursOfOperation',
  source: `${REFERENCE}flow-control-actions-checkhoursofoperation.html`,
  evidence:
    "GoodMeasuresLLC/connect _0x_dial_extension.json: Parameters {} (the target queue's hours), Equals True and Equals False, NextAction plus NoMatchingError",
  params: { optional: ['HoursOfOperationId'] },
  errors: ['NoMatchingError'],
  flowTypes: {
    notIn: ['customerhold', 'agenthold', 'customerwhisper', 'agentwhisper', 'outboundwhisper'],
    docs: 'not available to hold flows or to whisper flows',
  },
  rules: {
    conditions: {
      severity: 'error',
      summary: 'the conditions are exactly Equals True and Equals False ("and no other conditions")',
    },
  },
  check({ conditions, report }) {
    const seen = conditions.map((c) => `${c.Condition.Operator} ${String(c.Condition.Operands[0])}`);
    const wanted = RESULTS.map((r) => `Equals ${r}`);
    const missing = wanted.filter((w) => !seen.includes(w));
    const extra = seen.filter((s) => !wanted.includes(s));
    if (missing.length > 0 || extra.length > 0) {
      report(
        'conditions',
        `CheckHoursOfOperation needs a condition for Equals True and for Equals False and no other (${[
          ...missing.map((m) => `missing ${m}`),
          ...extra.map((x) => `unexpected ${x}`),
        ].join('; ')})`,
      );
    }
  },
  simulate(ctx) {
    // Offline there is no clock of the instance: the simulated contact arrives in hours.
    const hit = ctx.byCondition('True');
    const miss = hit ? undefined : ctx.onError('NoMatchingError');
    return {
      kind: 'next',
      target: hit ? hit.NextAction : (miss?.target as string),
      detail: 'in hours (the simulator assumes the queue is open)',
      branch: hit ? 'condition Equals "True"' : (miss?.branch as string),
    };
  },
};
