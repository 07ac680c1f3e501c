import { fieldFromMetadata, packageCustomFields } from '../../../scripts/sandbox/org/package-metadata';
import { coerceForUpdate } from '../../../scripts/sandbox/org/records';
import { buildSchema, findField, findObject } from '../../../scripts/sandbox/org/schema';

describe("the org emulator's custom fields come from force-app", () => {
  it('reads types, lengths and picklist values from the field metadata', () => {
    // Act
    const fields = packageCustomFields('VoiceCall');

    // Assess
    expect(fields).toEqual([
      expect.objectContaining({
        name: 'Call_Reason_Status__c',
        type: 'picklist',
        picklistValues: ['Open', 'Resolved'],
      }),
      expect.objectContaining({ name: 'Call_Reason__c', type: 'string', length: 255, nillable: true }),
      expect.objectContaining({ name: 'Routed_To_Last_Agent__c', type: 'boolean', nillable: false }),
    ]);
  });

  it('puts them on VoiceCall unless the package is absent', () => {
    const voiceCall = findObject(buildSchema(), 'VoiceCall');
    const bare = findObject(buildSchema({ omitCustomFields: true }), 'VoiceCall');
    expect(voiceCall && findField(voiceCall, 'call_reason__c')?.length).toBe(255);
    expect(bare && findField(bare, 'Call_Reason__c')).toBeUndefined();
  });

  it('refuses a field type the emulator does not model, naming it', () => {
    const xml = '<CustomField><fullName>Geo__c</fullName><type>Location</type></CustomField>';
    expect(() => fieldFromMetadata(xml)).toThrow('custom field Geo__c: type Location is not modelled');
  });

  it('enforces the metadata length on update, as Salesforce does', () => {
    // Prepare
    const voiceCall = findObject(buildSchema(), 'VoiceCall');
    const reason = voiceCall && findField(voiceCall, 'Call_Reason__c');
    if (!reason) throw new Error('Call_Reason__c missing from the schema');

    // Act / Assess
    expect(coerceForUpdate(reason, 'x'.repeat(255))).toHaveLength(255);
    expect(() => coerceForUpdate(reason, 'x'.repeat(256))).toThrow(/max length=255/);
  });
});
