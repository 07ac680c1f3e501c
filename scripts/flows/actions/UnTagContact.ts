import { LIVE_API_EVIDENCE, REFERENCE, type ActionSpec } from './types';

/** The reference page's spelling; the service imports only `UntagContact` (lower-case t). */
export const UnTagContact: ActionSpec = {
  type: 'UnTagContact',
  source: `${REFERENCE}contact-actions-untagcontact.html`,
  evidence: `rejected as an unknown action type; UntagContact is accepted (${LIVE_API_EVIDENCE})`,
  rejectedSpellingOf: 'UntagContact',
};
