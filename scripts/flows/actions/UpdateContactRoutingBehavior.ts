import { numberParam } from '../flow-model';
import { REFERENCE, nextStep, type ActionSpec } from './types';

/** "Set routing priority / age": where the contact stands in the queue it is transferred to next. */
export const UpdateContactRoutingBehavior: ActionSpec = {
  type: 'UpdateContactRoutingBehavior',
  source: `${REFERENCE}contact-actions-updatecontactroutingbehavior.html`,
  params: { optional: ['QueuePriority', 'QueueTimeAdjustmentSeconds'] },
  staticOnly: ['QueuePriority', 'QueueTimeAdjustmentSeconds'],
  errors: [],
  flowTypes: {
    allowedIn: ['contactflow'],
    docs: 'supported only in inbound contact flows; not in transfer, whisper, customer queue or hold flows',
  },
  rules: {
    value: {
      severity: 'error',
      summary: 'QueuePriority is a whole number > 0, QueueTimeAdjustmentSeconds a whole number',
    },
  },
  check({ p, oneOf, report }) {
    oneOf(['QueuePriority', 'QueueTimeAdjustmentSeconds']);
    const priority = p.QueuePriority;
    if (priority !== undefined && typeof priority !== 'object') {
      const n = numberParam(priority);
      if (n !== undefined && (!Number.isInteger(n) || n < 1)) {
        report(
          'value',
          `QueuePriority must be a whole number larger than zero (got ${JSON.stringify(priority)})`,
        );
      }
    }
    const adjust = p.QueueTimeAdjustmentSeconds;
    if (adjust !== undefined) {
      const n = numberParam(adjust);
      if (n !== undefined && !Number.isInteger(n)) {
        report('value', `QueueTimeAdjustmentSeconds must be a whole number (got ${JSON.stringify(adjust)})`);
      }
    }
  },
  simulate(ctx) {
    const { routing } = ctx.state;
    const priority = numberParam(ctx.p.QueuePriority);
    const adjust = numberParam(ctx.p.QueueTimeAdjustmentSeconds);
    if (priority !== undefined) routing.queuePriority = priority;
    if (adjust !== undefined) routing.queueTimeAdjustmentSeconds = adjust;
    return nextStep(
      ctx,
      priority !== undefined ? `queue priority ${priority}` : `queue time adjusted by ${adjust ?? 0} s`,
    );
  },
};
