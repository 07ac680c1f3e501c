import { REFERENCE, type ActionSpec } from './types';

export const EndFlowExecution: ActionSpec = {
  type: 'EndFlowExecution',
  source: `${REFERENCE}flow-control-actions-endflowexecution.html`,
  errors: [],
  terminal: true,
  noTransitions: true,
  flowTypes: {
    allowedIn: ['customerqueue', 'customerwhisper', 'agentwhisper', 'outboundwhisper'],
    docs: 'only valid in whisper and customer queue flows',
  },
  simulate: () => ({
    kind: 'end',
    end: { kind: 'held', reason: 'the flow ended; the contact stays where it is' },
    detail: 'end flow',
  }),
};
