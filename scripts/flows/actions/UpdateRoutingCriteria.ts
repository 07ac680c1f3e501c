import { REFERENCE, type ActionSpec } from './types';

/**
 * The reference page's title, not a type the service imports: flows must say
 * UpdateContactRoutingCriteria. Kept as an entry so the checker and the emulator refuse it by name.
 */
export const UpdateRoutingCriteria: ActionSpec = {
  type: 'UpdateRoutingCriteria',
  source: `${REFERENCE}flow-control-actions-updateroutingcriteria.html`,
  evidence:
    'reported rejected by the service; every published flow with routing steps (Salesforce SCV flows, AWS VMX3) writes UpdateContactRoutingCriteria',
  rejectedSpellingOf: 'UpdateContactRoutingCriteria',
};
