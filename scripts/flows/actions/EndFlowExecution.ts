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
    // Two console exports of AWS's own chat samples (Metadata.type contactFlow, status published)
    // end with EndFlowExecution: amazon-connect/amazon-connect-chat-ui-examples
    // thirdPartyChatBotLexV2/ThirdPartyChatBotContactFlow.json and
    // hostedWidgetCustomization/.../test-contractAttribute-flow.json. A stored flow is one the
    // service accepted, so in inbound flows this is a warning.
    published: {
      in: ['contactflow'],
      evidence: 'amazon-connect/amazon-connect-chat-ui-examples chat flows',
    },
  },
  simulate: () => ({
    kind: 'end',
    end: { kind: 'held', reason: 'the flow ended; the contact stays where it is' },
    detail: 'end flow',
  }),
};
