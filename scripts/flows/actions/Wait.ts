import { SINGLE_JSONPATH, numberParam } from '../flow-model';
import { LIVE_API_EVIDENCE, REFERENCE, type ActionSpec } from './types';

const WAIT_SECONDS_MAX = 604_800;

export const Wait: ActionSpec = {
  type: 'Wait',
  source: `${REFERENCE}flow-control-actions-wait.html`,
  evidence: `every published flow found writes TimeLimitSeconds; the reference page's TimeoutSeconds is rejected outright (${LIVE_API_EVIDENCE})`,
  params: { required: ['TimeLimitSeconds'], optional: ['Events'] },
  paramSpellings: { TimeoutSeconds: { use: 'TimeLimitSeconds', rejected: true } },
  errors: ['NoMatchingError'],
  requiredErrors: ['NoMatchingError'],
  rules: {
    seconds: { severity: 'error', summary: `the wait is 1 to ${WAIT_SECONDS_MAX} seconds` },
    conditions: {
      severity: 'error',
      summary: 'Wait has a condition Equals WaitCompleted and one per event it waits for',
    },
  },
  check({ p, conditions, report }) {
    const key = p.TimeLimitSeconds !== undefined ? 'TimeLimitSeconds' : 'TimeoutSeconds';
    const value = p[key];
    const seconds = numberParam(value);
    if (value !== undefined && (seconds === undefined || seconds < 1 || seconds > WAIT_SECONDS_MAX)) {
      if (!(typeof value === 'string' && SINGLE_JSONPATH.test(value))) {
        report('seconds', `${key} must be 1 to ${WAIT_SECONDS_MAX} seconds`);
      }
    }
    const events = Array.isArray(p.Events) ? p.Events.map(String) : [];
    for (const needed of ['WaitCompleted', ...events]) {
      if (
        !conditions.some(
          (c) => c.Condition.Operator === 'Equals' && String(c.Condition.Operands[0]) === needed,
        )
      ) {
        report('conditions', `Wait needs a condition Equals ${needed}`);
      }
    }
  },
  simulate(ctx) {
    const events = Array.isArray(ctx.p.Events) ? ctx.p.Events.map(String) : [];
    const got = ctx.takeInput();
    const result =
      got === 'returned' && events.includes('CustomerReturned') ? 'CustomerReturned' : 'WaitCompleted';
    const seconds = numberParam(ctx.p.TimeLimitSeconds ?? ctx.p.TimeoutSeconds) ?? 0;
    if (result === 'WaitCompleted') ctx.state.clockSeconds += seconds;
    const hit = ctx.byCondition(result);
    return {
      kind: 'next',
      target: hit ? hit.NextAction : ctx.onError('NoMatchingError').target,
      detail: result === 'CustomerReturned' ? 'the customer wrote again' : `no message within ${seconds} s`,
      branch: `condition Equals "${result}"`,
      input: got,
    };
  },
};
