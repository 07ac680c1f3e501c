import { SINGLE_JSONPATH, numberParam } from '../flow-model';
import { REFERENCE, type ActionSpec } from './types';

const LOOP_COUNT_MAX = 100;

export const Loop: ActionSpec = {
  type: 'Loop',
  source: `${REFERENCE}flow-control-actions-loop.html`,
  params: { required: ['LoopCount'] },
  errors: [],
  rules: {
    count: { severity: 'error', summary: `LoopCount is a whole number from 0 to ${LOOP_COUNT_MAX}` },
    conditions: {
      severity: 'error',
      summary: 'Loop has exactly the conditions Equals ContinueLooping and Equals DoneLooping',
    },
  },
  check({ p, conditions, report }) {
    const count = numberParam(p.LoopCount);
    if (
      p.LoopCount !== undefined &&
      (count === undefined || !Number.isInteger(count) || count < 0 || count > LOOP_COUNT_MAX)
    ) {
      if (!(typeof p.LoopCount === 'string' && SINGLE_JSONPATH.test(p.LoopCount))) {
        report(
          'count',
          `LoopCount must be a whole number from 0 to ${LOOP_COUNT_MAX} (got ${JSON.stringify(p.LoopCount)})`,
        );
      }
    }
    const ops = conditions.map((c) => `${c.Condition.Operator} ${String(c.Condition.Operands[0])}`).sort();
    if (ops.join('|') !== 'Equals ContinueLooping|Equals DoneLooping') {
      report('conditions', 'Loop needs exactly the conditions Equals ContinueLooping and Equals DoneLooping');
    }
  },
  simulate(ctx) {
    const { state, action } = ctx;
    const count = numberParam(ctx.resolve(ctx.p.LoopCount)) ?? 0;
    const done = state.loopCounts.get(action.Identifier) ?? 0;
    const result = done < count ? 'ContinueLooping' : 'DoneLooping';
    if (result === 'ContinueLooping') state.loopCounts.set(action.Identifier, done + 1);
    else state.loopCounts.delete(action.Identifier);
    const hit = ctx.byCondition(result);
    return {
      kind: 'next',
      target: hit ? hit.NextAction : ctx.next(),
      detail: result === 'ContinueLooping' ? `iteration ${done + 1} of ${count}` : `done after ${count}`,
      branch: `condition Equals "${result}"`,
    };
  },
};
