import { LIVE_API_EVIDENCE, REFERENCE, type ActionSpec } from './types';

export const TransferParticipantToThirdParty: ActionSpec = {
  type: 'TransferParticipantToThirdParty',
  source: `${REFERENCE}participant-actions-transferparticipanttothirdparty.html`,
  evidence: `published flows write ThirdPartyConnectionTimeLimitSeconds (the reference page says ThirdPartyConnectionTimeoutSeconds); it and ContinueFlowExecution are required although the page marks them optional (${LIVE_API_EVIDENCE})`,
  params: {
    required: ['ThirdPartyPhoneNumber', 'ThirdPartyConnectionTimeLimitSeconds', 'ContinueFlowExecution'],
    optional: ['ThirdPartyDTMFDigits', 'CallerId'],
  },
  paramSpellings: {
    ThirdPartyConnectionTimeoutSeconds: { use: 'ThirdPartyConnectionTimeLimitSeconds', rejected: false },
  },
  errors: ['CallFailed', 'ConnectionTimeLimitExceeded', 'NoMatchingError'],
};
