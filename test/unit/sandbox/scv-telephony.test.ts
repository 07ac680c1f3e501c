import { contactFlowEvent } from '../../../scripts/flows/contact-flow-event';
import type { ContactFlowEvent } from '../../../scripts/flows/simulate';
import { toId18 } from '../../../scripts/sandbox/ids';
import {
  buildSampleData,
  SANDBOX_CALL_CENTER_ID,
  SANDBOX_SYSTEM_NUMBER,
  sfDateTime,
  type OrgData,
} from '../../../scripts/sandbox/sample-data';
import { scvTelephonyLambda } from '../../../scripts/sandbox/scv-telephony';

const NOW = new Date('2026-11-21T09:30:00.000Z');

function event(
  methodName: string,
  overrides: Partial<ContactFlowEvent['Details']['ContactData']> = {},
): ContactFlowEvent {
  const e = contactFlowEvent(
    {
      contactId: 'contact-1',
      instanceArn: 'arn:aws:connect:us-east-1:123456789012:instance/sandbox',
      customerNumber: '+14155550101',
      systemNumber: SANDBOX_SYSTEM_NUMBER,
    },
    { methodName },
  );
  return { ...e, Details: { ...e.Details, ContactData: { ...e.Details.ContactData, ...overrides } } };
}

describe('scvTelephonyLambda (stand-in for SCV InvokeTelephonyIntegrationApiFunction)', () => {
  let org: OrgData;
  let sampleCount: number;

  beforeEach(() => {
    org = buildSampleData(NOW).org;
    sampleCount = org.VoiceCall?.length ?? 0;
  });

  it('createVoiceCall inserts an inbound VoiceCall and returns its id as a string map', async () => {
    // Prepare
    const lambda = scvTelephonyLambda(org, () => NOW);

    // Act
    const response = await lambda(event('createVoiceCall'));

    // Assess
    const id = toId18('0LQSB9000000001');
    expect(response).toEqual({ voiceCallId: id });
    expect(org.VoiceCall).toHaveLength(sampleCount + 1);
    expect(org.VoiceCall?.at(-1)).toMatchObject({
      Id: id,
      CallType: 'Inbound',
      FromPhoneNumber: '+14155550101',
      ToPhoneNumber: SANDBOX_SYSTEM_NUMBER,
      VendorCallKey: 'contact-1',
      CallStartDateTime: sfDateTime(NOW),
      CreatedDate: sfDateTime(NOW),
      UserId: null,
      QueueName: null,
      PreviousCallId: null,
      CallCenterId: SANDBOX_CALL_CENTER_ID,
      Routed_To_Last_Agent__c: false,
      Call_Reason__c: null,
    });
  });

  it('copies sfdc- attributes onto the custom fields, converting the checkbox, and ignores the rest', async () => {
    // Prepare
    const lambda = scvTelephonyLambda(org, () => NOW);
    const Attributes = {
      'sfdc-Routed_To_Last_Agent__c': 'true',
      'sfdc-Call_Reason__c': 'Router',
      'sfdc-No_Such_Field__c': 'x',
      'sfdc-UserId': '005SB0000000001AAA',
      lastAgentRouting: 'last-agent',
    };

    // Act
    await lambda(event('createVoiceCall', { Attributes }));

    // Assess
    const created = org.VoiceCall?.at(-1);
    expect(created).toMatchObject({ Routed_To_Last_Agent__c: true, Call_Reason__c: 'Router', UserId: null });
    expect(created).not.toHaveProperty('No_Such_Field__c');
    expect(created).not.toHaveProperty('lastAgentRouting');
  });

  it('"false" is stored as an unchecked box', async () => {
    // Prepare
    const lambda = scvTelephonyLambda(org, () => NOW);

    // Act
    await lambda(event('createVoiceCall', { Attributes: { 'sfdc-Routed_To_Last_Agent__c': 'false' } }));

    // Assess
    expect(org.VoiceCall?.at(-1)?.Routed_To_Last_Agent__c).toBe(false);
  });

  it('refuses a checkbox value that is not "true" or "false", and creates nothing', async () => {
    // Prepare
    const lambda = scvTelephonyLambda(org, () => NOW);

    // Act
    const run = lambda(event('createVoiceCall', { Attributes: { 'sfdc-Routed_To_Last_Agent__c': 'yes' } }));

    // Assess
    await expect(run).rejects.toThrow(/checkbox/);
    expect(org.VoiceCall).toHaveLength(sampleCount);
  });

  it('in an org without the package fields, the sfdc- attribute is not stored', async () => {
    // Prepare
    const lambda = scvTelephonyLambda(org, () => NOW, { omitCustomFields: true });

    // Act
    await lambda(event('createVoiceCall', { Attributes: { 'sfdc-Routed_To_Last_Agent__c': 'true' } }));

    // Assess
    expect(org.VoiceCall?.at(-1)).not.toHaveProperty('Routed_To_Last_Agent__c');
  });

  it('numbers the records it creates after its own, without touching the sample ids', async () => {
    // Prepare
    const lambda = scvTelephonyLambda(org, () => NOW);
    const again = scvTelephonyLambda(org, () => NOW);

    // Act
    const first = await lambda(event('createVoiceCall', { ContactId: 'c-1' }));
    const second = await again(event('createVoiceCall', { ContactId: 'c-2' }));

    // Assess
    expect(first.voiceCallId).toBe(toId18('0LQSB9000000001'));
    expect(second.voiceCallId).toBe(toId18('0LQSB9000000002'));
    const ids = (org.VoiceCall ?? []).map((c) => c.Id);
    expect(new Set(ids).size).toBe(ids.length);
  });

  it('createTransferVC links the transfer VoiceCall to the parent found by PreviousContactId', async () => {
    // Prepare
    const lambda = scvTelephonyLambda(org, () => NOW);
    const { voiceCallId: parentId } = await lambda(event('createVoiceCall', { ContactId: 'inbound-1' }));

    // Act
    const response = await lambda(
      event('createTransferVC', { ContactId: 'transfer-1', PreviousContactId: 'inbound-1' }),
    );

    // Assess
    const child = org.VoiceCall?.find((c) => c.Id === response.voiceCallId);
    const parent = org.VoiceCall?.find((c) => c.Id === parentId);
    expect(child).toMatchObject({
      CallType: 'Transfer',
      VendorCallKey: 'transfer-1',
      PreviousCallId: parentId,
      FromPhoneNumber: '+14155550101',
    });
    expect(parent?.NextCallId).toBe(response.voiceCallId);
  });

  it('createTransferVC without a parent VoiceCall fails', async () => {
    // Prepare
    const lambda = scvTelephonyLambda(org, () => NOW);

    // Act
    const run = lambda(event('createTransferVC', { PreviousContactId: 'never-seen' }));

    // Assess
    await expect(run).rejects.toThrow(/no VoiceCall with VendorCallKey never-seen/);
  });

  it('an unknown methodName throws, as SCV Lambda does', async () => {
    // Prepare
    const lambda = scvTelephonyLambda(org, () => NOW);

    // Act
    const run = lambda(event('updateVoiceCallz'));

    // Assess
    await expect(run).rejects.toThrow('Unsupported method: updateVoiceCallz');
    expect(org.VoiceCall).toHaveLength(sampleCount);
  });

  it('a contact without a customer number fails rather than creating a VoiceCall without one', async () => {
    // Prepare
    const lambda = scvTelephonyLambda(org, () => NOW);

    // Act
    const run = lambda(event('createVoiceCall', { CustomerEndpoint: null }));

    // Assess
    await expect(run).rejects.toThrow(/CustomerEndpoint/);
    expect(org.VoiceCall).toHaveLength(sampleCount);
  });
});
