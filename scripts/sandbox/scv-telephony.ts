/**
 * A stand-in for Service Cloud Voice's `InvokeTelephonyIntegrationApiFunction` Lambda, so the local
 * sandbox can run our flows end to end: the inbound flow's `createVoiceCall` and the transfer flow's
 * `createTransferVC` insert VoiceCall records into the org emulator's live data, the way SCV's Lambda
 * has Salesforce create them.
 *
 * What it copies from SCV (service-cloud-voice/ServiceCloudVoiceLambdas,
 * `invokeTelephonyIntegrationApi/handler.js` and `utils.js getCallAttributes`):
 * - `methodName` comes from the invocation parameters; an unknown one throws, as SCV's does.
 * - Only contact attributes prefixed `sfdc-` reach Salesforce, with the prefix stripped, and only
 *   inside the create request: an attribute set after `createVoiceCall` never reaches the record.
 * - `from`/`to` are `CustomerEndpoint.Address`/`SystemEndpoint.Address`; `vendorCallKey` is the
 *   ContactId; a transfer's parent is found by `PreviousContactId`.
 * What it does not: authenticate, call Salesforce over HTTP, or handle the other methods.
 */
import type { ContactFlowEvent } from '../flows/simulate';
import { toId18 } from './ids';
import { buildSchema, type FieldDef } from './org/schema';
import {
  SANDBOX_CALL_CENTER_ID,
  SANDBOX_INTEGRATION_USER_ID,
  sfDateTime,
  type OrgData,
  type SObjectRecord,
} from './sample-data';

/** The stand-in as the flow simulator invokes it: a ContactFlowEvent in, a STRING_MAP out. */
export type ScvTelephonyHandler = (event: ContactFlowEvent) => Promise<Record<string, string>>;

/** Options of the stand-in. */
export interface ScvTelephonyOptions {
  /** Behave like an org without this package's VoiceCall fields (as `startSandbox` can). */
  omitCustomFields?: boolean;
}

/** The attribute prefix SCV's Lambda forwards to Salesforce (`getCallAttributes`). */
export const SFDC_ATTRIBUTE_PREFIX = 'sfdc-';

/**
 * Ids of the records this stand-in creates: `0LQSB9` + 9 digits. The sample data numbers its
 * VoiceCalls `0LQSB` + 10 digits from 1, so a leading 9 cannot collide with it for a billion calls.
 */
const CREATED_ID_PREFIX = '0LQSB9';
const CREATED_ID = /^0LQSB9(\d{9})/;

/**
 * Creates the stand-in over the org emulator's live data (`sandbox.data.org`): records it inserts
 * are what the org emulator's queries see next.
 *
 * @param orgData - the org's records; `VoiceCall` is appended to (created if missing).
 * @param now - clock for `CallStartDateTime`, `CreatedDate` and `LastModifiedDate`.
 * @param options - schema variant, see {@link ScvTelephonyOptions}.
 */
export function scvTelephonyLambda(
  orgData: OrgData,
  now: () => Date = () => new Date(),
  options: ScvTelephonyOptions = {},
): ScvTelephonyHandler {
  const voiceCallObject = buildSchema({ omitCustomFields: options.omitCustomFields }).objects.find(
    (o) => o.name === 'VoiceCall',
  );
  if (!voiceCallObject) throw new Error('the org schema has no VoiceCall');
  const fields = voiceCallObject.fields;

  return async (event) => {
    const { Parameters: parameters, ContactData: contact } = event.Details;
    const methodName = parameters.methodName;
    switch (methodName) {
      case 'createVoiceCall':
        return { voiceCallId: insert(orgData, fields, now(), event, 'Inbound') };
      case 'createTransferVC': {
        const calls = orgData.VoiceCall ?? [];
        const parent = calls.find((c) => c.VendorCallKey === contact.PreviousContactId);
        // Salesforce resolves the parent from the previous contact; without one it cannot link it.
        if (!parent) throw new Error(`no VoiceCall with VendorCallKey ${contact.PreviousContactId}`);
        const id = insert(orgData, fields, now(), event, 'Transfer', String(parent.Id));
        parent.NextCallId = id;
        return { voiceCallId: id };
      }
      default:
        throw new Error(`Unsupported method: ${String(methodName)}`);
    }
  };
}

/** Inserts one VoiceCall the way Salesforce would create it for SCV and returns its id. */
function insert(
  orgData: OrgData,
  fields: readonly FieldDef[],
  at: Date,
  event: ContactFlowEvent,
  callType: 'Inbound' | 'Transfer',
  previousCallId: string | null = null,
): string {
  const contact = event.Details.ContactData;
  // SCV's handler reads `.Address` of both endpoints unguarded for a phone call, so a contact
  // without them fails there too rather than producing a record without a number.
  if (!contact.CustomerEndpoint) throw new Error('the contact has no CustomerEndpoint');
  if (!contact.SystemEndpoint) throw new Error('the contact has no SystemEndpoint');
  const calls = (orgData.VoiceCall ??= []);
  const n = nextNumber(calls);
  const id = toId18(`${CREATED_ID_PREFIX}${String(n).padStart(9, '0')}`);
  const stamp = sfDateTime(at);
  const record: SObjectRecord = {
    Id: id,
    Name: `VC-9${String(n).padStart(5, '0')}`,
    OwnerId: SANDBOX_INTEGRATION_USER_ID,
    // Nobody has accepted the call yet: SCV fills the agent and queue when the contact is routed.
    UserId: null,
    FromPhoneNumber: contact.CustomerEndpoint.Address,
    ToPhoneNumber: contact.SystemEndpoint.Address,
    CallType: callType,
    CallDisposition: 'new',
    CallStartDateTime: stamp,
    CallEndDateTime: null,
    CallAcceptDateTime: null,
    CallDurationInSeconds: null,
    QueueName: null,
    VendorCallKey: contact.ContactId,
    CallCenterId: SANDBOX_CALL_CENTER_ID,
    PreviousCallId: previousCallId,
    NextCallId: null,
    RelatedRecordId: null,
    CreatedDate: stamp,
    LastModifiedDate: stamp,
  };
  // Every field the schema has gets a value, as a queried record would; the custom checkbox is
  // never null in Salesforce.
  for (const f of fields) {
    if (!(f.name in record)) record[f.name] = f.type === 'boolean' ? false : null;
  }
  Object.assign(record, callAttributes(contact.Attributes, fields));
  calls.push(record);
  return id;
}

/**
 * The `sfdc-` attributes as field values: prefix stripped, kept only when VoiceCall has that custom
 * field (SCV documents the mechanism for custom fields; an org without the package has none, and
 * the attribute is then simply not stored). A checkbox takes "true"/"false"; any other value, or a
 * picklist value the field does not allow, is refused as Salesforce would refuse the create.
 */
export function callAttributes(
  attributes: Record<string, string>,
  fields: readonly FieldDef[],
): SObjectRecord {
  const values: SObjectRecord = {};
  for (const [key, value] of Object.entries(attributes)) {
    if (!key.startsWith(SFDC_ATTRIBUTE_PREFIX)) continue;
    const name = key.slice(SFDC_ATTRIBUTE_PREFIX.length);
    const field = fields.find((f) => f.custom && f.name.toLowerCase() === name.toLowerCase());
    if (!field) continue;
    if (field.type === 'boolean') {
      if (value !== 'true' && value !== 'false') {
        throw new Error(`${field.name} is a checkbox: "${value}" is neither "true" nor "false"`);
      }
      values[field.name] = value === 'true';
    } else if (field.picklistValues && value !== '' && !field.picklistValues.includes(value)) {
      throw new Error(`${field.name}: bad value for restricted picklist field: ${value}`);
    } else {
      values[field.name] = value === '' ? null : value;
    }
  }
  return values;
}

/** The next free number after the highest id this stand-in has already created in `calls`. */
function nextNumber(calls: readonly SObjectRecord[]): number {
  let max = 0;
  for (const c of calls) {
    const m = CREATED_ID.exec(String(c.Id));
    if (m) max = Math.max(max, Number(m[1]));
  }
  return max + 1;
}
