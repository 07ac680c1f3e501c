import { REFERENCE, nextStep, type ActionSpec } from './types';

export const UpdateFlowLoggingBehavior: ActionSpec = {
  type: 'UpdateFlowLoggingBehavior',
  source: `${REFERENCE}flow-control-actions-updateflowloggingbehavior.html`,
  params: { required: ['FlowLoggingBehavior'] },
  errors: [],
  rules: { value: { severity: 'error', summary: 'FlowLoggingBehavior is Enabled or Disabled' } },
  check({ p, report }) {
    if (
      p.FlowLoggingBehavior !== undefined &&
      p.FlowLoggingBehavior !== 'Enabled' &&
      p.FlowLoggingBehavior !== 'Disabled'
    ) {
      report('value', 'FlowLoggingBehavior must be Enabled or Disabled');
    }
  },
  simulate(ctx) {
    ctx.state.settings.flowLogging = ctx.p.FlowLoggingBehavior;
    return nextStep(ctx, `flow logging ${String(ctx.p.FlowLoggingBehavior)}`);
  },
};
