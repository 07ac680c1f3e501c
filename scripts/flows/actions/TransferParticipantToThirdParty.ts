import { REFERENCE, type ActionSpec } from './types';

export const TransferParticipantToThirdParty: ActionSpec = {
  type: 'TransferParticipantToThirdParty',
  source: `${REFERENCE}participant-actions-transferparticipanttothirdparty.html`,
  evidence:
    'published flows write ThirdPartyConnectionTimeLimitSeconds (the reference page says ThirdPartyConnectionTimeoutSeconds)',
  params: {
    required: ['ThirdPartyPhoneNumber'],
    optional: [
      'ThirdPartyConnectionTimeLimitSeconds',
      'ContinueFlowExecution',
      'ThirdPartyDTMFDigits',
      'CallerId',
    ],
  },
  paramSpellings: { ThirdPartyConnectionTimeoutSeconds: 'ThirdPartyConnectionTimeLimitSeconds' },
  errors: ['CallFailed', 'ConnectionTimeLimitExceeded', 'NoMatchingError'],
};
