import { REFERENCE, type ActionSpec } from './types';

/** "Return" of a flow module: hands control back to the calling flow. */
export const EndFlowModuleExecution: ActionSpec = {
  type: 'EndFlowModuleExecution',
  source: `${REFERENCE}contact-actions-endflowmoduleexecution.html`,
  errors: [],
  terminal: true,
  noTransitions: true,
  simulate: () => ({
    kind: 'end',
    end: { kind: 'held', reason: 'the module returned to its caller' },
    detail: 'module returned',
  }),
};
