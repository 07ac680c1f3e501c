import { REFERENCE, type ActionSpec } from './types';

export const DisconnectParticipant: ActionSpec = {
  type: 'DisconnectParticipant',
  source: `${REFERENCE}participant-actions-disconnectparticipant.html`,
  errors: [],
  terminal: true,
  noTransitions: true,
  flowTypes: {
    notIn: ['customerwhisper', 'agentwhisper', 'outboundwhisper', 'customerhold', 'agenthold'],
    docs: 'whisper and hold flows reject it; they end with EndFlowExecution',
  },
  simulate: () => ({ kind: 'end', end: { kind: 'disconnected' }, detail: 'disconnected' }),
};
