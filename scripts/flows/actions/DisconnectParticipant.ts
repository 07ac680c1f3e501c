import { REFERENCE, type ActionSpec } from './types';

export const DisconnectParticipant: ActionSpec = {
  type: 'DisconnectParticipant',
  source: `${REFERENCE}participant-actions-disconnectparticipant.html`,
  errors: [],
  terminal: true,
  noTransitions: true,
  simulate: () => ({ kind: 'end', end: { kind: 'disconnected' }, detail: 'disconnected' }),
};
