import { SINGLE_JSONPATH, isRecord, numberParam } from '../flow-model';
import { PROMPT_PARAMS, promptText } from './prompt';
import { REFERENCE, type ActionCheckContext, type ActionSpec, type StepOutcome } from './types';

const DTMF_KEY = /^[0-9#*]$/;

/**
 * A GetParticipantInput with no conditions whose NextAction, NoMatchingCondition and timeout all go
 * to one action waits for the time limit and moves on whatever the caller does: a timed pause
 * (Salesforce's voicemail sample; GoodMeasuresLLC/connect's voicemail flow, whose NoMatchingError
 * still goes to an error message).
 */
function isTimedPause({ action, conditions }: Pick<ActionCheckContext, 'action' | 'conditions'>): boolean {
  if (conditions.length > 0) return false;
  const t = action.Transitions;
  const onward = (t.Errors ?? []).filter((e) => e.ErrorType !== 'NoMatchingError').map((e) => e.NextAction);
  const targets = new Set([...(t.NextAction !== undefined ? [t.NextAction] : []), ...onward]);
  return targets.size === 1;
}

export const GetParticipantInput: ActionSpec = {
  type: 'GetParticipantInput',
  source: `${REFERENCE}participant-actions-getparticipantinput.html`,
  evidence: "Salesforce's voicemail sample uses it with no conditions as a timed pause",
  params: {
    // InputTimeLimitSeconds is required of DTMF input only (see check): a Lex-backed input without it
    // is published (636137/multi-tenancy-amazon-connect contact_flows/voice_survey_flow.json).
    optional: [
      'InputTimeLimitSeconds',
      ...PROMPT_PARAMS,
      'StoreInput',
      'InputValidation',
      'InputEncryption',
      'DTMFConfiguration',
      'LexV2Bot',
      'LexBot',
    ],
  },
  errors: ['InputTimeLimitExceeded', 'NoMatchingCondition', 'NoMatchingError', 'InvalidPhoneNumber'],
  rules: {
    'time-limit': { severity: 'error', summary: 'InputTimeLimitSeconds is a positive whole number' },
    'store-input': { severity: 'error', summary: 'StoreInput is "True" or "False"' },
    'no-matching-error': { severity: 'error', summary: 'NoMatchingError "Must always be defined"' },
    'no-matching-condition': {
      severity: 'error',
      summary: 'NoMatchingCondition "Must be defined only if StoreInput is False", and then it is needed',
    },
    'stored-timeout': {
      severity: 'error',
      serviceRejects: true,
      summary:
        'with StoreInput "True" there is no InputTimeLimitExceeded branch (rejected by the service although the page lists it)',
    },
    'stored-conditions': {
      severity: 'error',
      summary: 'conditions are not supported when StoreInput is "True"',
    },
    'input-validation': {
      severity: 'error',
      summary: 'InputValidation is given exactly when StoreInput is "True"',
    },
    'dtmf-conditions': {
      severity: 'error',
      summary: 'a DTMF menu has conditions, each Equals one key 0-9, # or * (a timed pause has none)',
    },
  },
  check(ctx) {
    const { p, conditions, errorTypes, report } = ctx;
    // Lex inputs are not DTMF menus: their conditions and branches are the bot's intents.
    if (p.LexV2Bot !== undefined || p.LexBot !== undefined) return;
    if (p.Media === undefined && PROMPT_PARAMS.some((k) => p[k] !== undefined)) ctx.oneOf(PROMPT_PARAMS);
    const limit = ctx.need('InputTimeLimitSeconds');
    const seconds = numberParam(limit);
    if (limit !== undefined && (seconds === undefined || seconds <= 0 || !Number.isInteger(seconds))) {
      if (!(typeof limit === 'string' && SINGLE_JSONPATH.test(limit))) {
        report(
          'time-limit',
          `InputTimeLimitSeconds must be a positive whole number (got ${JSON.stringify(limit)})`,
        );
      }
    }
    const store = String(p.StoreInput ?? 'False');
    if (!/^(true|false)$/i.test(store)) report('store-input', 'StoreInput must be "True" or "False"');
    const stored = /^true$/i.test(store);
    const pause = !stored && isTimedPause(ctx);
    // NoMatchingError "Must always be defined"; InputTimeLimitExceeded is listed without a "must",
    // so a timeout without its own branch takes NoMatchingError.
    if (!errorTypes.includes('NoMatchingError'))
      report('no-matching-error', 'missing error branch NoMatchingError');
    if (stored) {
      if (errorTypes.includes('NoMatchingCondition'))
        report('no-matching-condition', 'NoMatchingCondition is defined only when StoreInput is "False"');
      if (errorTypes.includes('InputTimeLimitExceeded'))
        report(
          'stored-timeout',
          'InputTimeLimitExceeded is not a branch when StoreInput is "True"; a timeout takes NoMatchingError',
        );
      if (conditions.length > 0)
        report('stored-conditions', 'conditions are not supported when StoreInput is "True"');
      if (!isRecord(p.InputValidation))
        report('input-validation', 'InputValidation is required when StoreInput is "True"');
      return;
    }
    if (p.InputValidation !== undefined)
      report('input-validation', 'InputValidation is allowed only when StoreInput is "True"');
    if (!errorTypes.includes('NoMatchingCondition') && !pause)
      report('no-matching-condition', 'missing error branch NoMatchingCondition');
    if (conditions.length === 0 && !pause)
      report('dtmf-conditions', 'DTMF menu without conditions: every key press is NoMatchingCondition');
    for (const c of conditions) {
      const key = String(c.Condition.Operands[0]);
      if (c.Condition.Operator !== 'Equals' || !DTMF_KEY.test(key)) {
        report(
          'dtmf-conditions',
          `DTMF conditions must be Equals one key 0-9, # or * (got ${c.Condition.Operator} "${key}")`,
        );
      }
    }
  },
  simulate(ctx): StepOutcome {
    const prompt = promptText(ctx);
    const pressed = ctx.takeInput();
    const seconds = numberParam(ctx.p.InputTimeLimitSeconds) ?? 5;
    ctx.state.clockSeconds += seconds;
    let target: string;
    let branch: string;
    if (pressed === 'timeout') {
      ({ target, branch } = ctx.onError('InputTimeLimitExceeded'));
    } else if (/^true$/i.test(String(ctx.p.StoreInput))) {
      ctx.state.storedInput = pressed;
      target = ctx.next();
      branch = 'next (input stored)';
    } else {
      const hit = ctx.byCondition(pressed);
      if (hit) {
        target = hit.NextAction;
        branch = `condition Equals "${pressed}"`;
      } else ({ target, branch } = ctx.onError('NoMatchingCondition'));
    }
    return {
      kind: 'next',
      target,
      branch,
      detail:
        pressed === 'timeout' ? 'asked; the caller pressed nothing' : `asked; the caller pressed ${pressed}`,
      prompt,
      input: pressed,
    };
  },
};
