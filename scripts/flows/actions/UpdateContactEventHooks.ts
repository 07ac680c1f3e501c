import { isRecord } from '../flow-model';
import { REFERENCE, nextStep, type ActionSpec } from './types';

export const UpdateContactEventHooks: ActionSpec = {
  type: 'UpdateContactEventHooks',
  source: `${REFERENCE}contact-actions-updatecontacteventhooks.html`,
  params: { required: ['EventHooks'] },
  errors: ['NoMatchingError'],
  rules: {
    'one-hook': {
      severity: 'error',
      summary: 'EventHooks holds exactly one entry ("Only one entry may be present in this map")',
    },
  },
  check({ p, report }) {
    if (p.EventHooks === undefined) return;
    const hooks = isRecord(p.EventHooks) ? Object.keys(p.EventHooks) : [];
    if (hooks.length === 0) {
      report('one-hook', 'missing parameter EventHooks (e.g. {"CustomerRemaining": <disconnect flow ARN>})');
    } else if (hooks.length > 1) {
      report(
        'one-hook',
        `EventHooks holds ${hooks.length} entries (${hooks.join(', ')}); Connect allows exactly one per action`,
      );
    }
  },
  simulate(ctx) {
    ctx.state.settings.eventHooks = ctx.p.EventHooks;
    return nextStep(ctx, `event hooks ${JSON.stringify(ctx.p.EventHooks)}`);
  },
};
