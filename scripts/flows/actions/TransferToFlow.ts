import { REFERENCE, type ActionSpec } from './types';

export const TransferToFlow: ActionSpec = {
  type: 'TransferToFlow',
  source: `${REFERENCE}flow-control-actions-transfertoflow.html`,
  params: { required: ['ContactFlowId'] },
  errors: ['NoMatchingError'],
  requiredErrors: ['NoMatchingError'],
  terminal: true,
  flowTypes: {
    allowedIn: ['contactflow', 'agenttransfer', 'queuetransfer'],
    docs: 'supported in inbound flows and transfer flows only',
  },
  simulate(ctx) {
    const contactFlowId = ctx.resolve(ctx.p.ContactFlowId);
    return {
      kind: 'end',
      end: { kind: 'flow', contactFlowId },
      detail: `transferred to flow ${contactFlowId}`,
    };
  },
};
